// The right column: a report's text with every fact marked where it was read, and the page
// of an actor or a place.

import { $, api, bringReaderIntoView, esc, plural, status } from "./dom.js";
import { remember, state } from "./state.js";
import { showPlace } from "./map.js";
import { loadAll, showTab } from "./list.js";
import { openEvent } from "./verification.js";
import { showMatches } from "./upload.js";

// links to actor and place pages inside `root`
export function wireEntities(root) {
  root.querySelectorAll("[data-kind][data-entity]").forEach((el) => {
    if (!el.dataset.entity) return;
    const open = (ev) => { ev.preventDefault(); ev.stopPropagation(); openEntity(el.dataset.kind, el.dataset.entity); };
    el.addEventListener("click", open);
  });
}

// an actor's or a place's page in the reader: what truce knows of it, its newest reports
// (and an actor's quotations), and the way to its acts on the list, timeline and map
export async function openEntity(kind, id) {
  remember({ kind, id });
  let page;
  try { page = await api((kind === "actor" ? "actors/" : "places/") + encodeURIComponent(id)); } catch (e) { status("error: " + e.message); return; }
  const it = page[kind], d = it.detail || {};
  const facts = kind === "actor"
    ? [d.kind, d.role, d.affiliation && "of " + d.affiliation, d.parent && "part of " + d.parent, (d.members || []).length ? "members " + d.members.join(", ") : ""]
    : [d.kind, d.precision && "located to the " + d.precision, d.country, d.lat != null ? `${d.lat.toFixed(3)}, ${d.lon.toFixed(3)}` : ""];
  const reports = page.documents.map((r) => `<div class="item" tabindex="0" data-doc="${esc(r.id)}"><b dir="auto">${esc(r.title || r.lead)}</b><div class="meta">${esc((r.published || "undated").slice(0, 10))} · ${esc(r.publisher || "")}</div></div>`).join("");
  const quotes = (page.quotes || []).map((q) => `<div class="item" tabindex="0" data-doc="${esc(q.document)}"><span dir="auto">“${esc(q.text.slice(0, 200))}”</span><div class="meta">${esc(q.kind)}</div></div>`).join("");
  $("reader").innerHTML = `<h2 class="entity-page" data-kind="${kind}" data-id="${esc(it.id)}" dir="auto">${esc(it.name)} <small>${esc(it.id)}</small></h2>
    <p class="meta">${facts.filter(Boolean).map(esc).join(" · ")}</p>
    <p>Named in ${plural(it.documents, "report")}, ${plural(it.mentions, "time")}.</p>
    <div class="verify"><button type="button" id="e-events">${kind === "actor" ? "Acts of" : "Acts at"} ${esc(it.name)}</button>
      ${kind === "place" && d.lat != null ? `<button type="button" id="e-map">Show on the map</button>` : ""}</div>
    <h2>Newest reports</h2>${reports || `<p class="hint">none</p>`}
    ${kind === "actor" ? `<h2>Quotations</h2>${quotes || `<p class="hint">none</p>`}` : ""}`;
  $("reader").querySelectorAll(".item[data-doc]").forEach((el) => el.addEventListener("click", () => openDocument(el.dataset.doc)));
  $("e-events").onclick = () => { $("f-" + kind).value = it.id; showTab("events"); loadAll(); };
  if ($("e-map")) $("e-map").onclick = () => showPlace(d.lat, d.lon);
  if (!state.restoring) bringReaderIntoView();
}

// the acts the report tells, each opening its act's page
function actList(events) {
  if (!events.length) return `<p class="hint">This report tells no act truce could read.</p>`;
  const items = events.map((e) => `<li><a href="#" class="report-act" data-cluster="${e.cluster ?? ""}">${esc(e.type)}</a> <span class="meta">${esc(e.modality)} · ${esc((e.actors || []).join(", ") || "?")} → ${esc((e.recipients || []).join(", ") || "?")} · ${esc(e.date || "undated")}${e.cluster != null ? ` · act #${e.cluster}` : ""}</span></li>`).join("");
  return `<details class="report-acts" open><summary>${plural(events.length, "act")} in this report</summary><ul>${items}</ul></details>`;
}

// the report's text with its annotations in place: actors, places and dates as marked
// spans, quotations underlined (a click goes to the speaker's events), event evidence
// shaded
export async function openDocument(id, cluster) {
  remember({ kind: "report", id });
  $("reader").setAttribute("aria-busy", "true");
  let d;
  try { d = await api("documents/" + encodeURIComponent(id)); } finally { $("reader").removeAttribute("aria-busy"); }
  const text = d.document.text;
  const enc = new TextEncoder(), dec = new TextDecoder();
  const bytes = enc.encode(text);
  const marks = [];
  for (const m of d.mentions) {
    const link = m.kind !== "date" && m.entity ? ` tabindex="0" role="link" data-kind="${esc(m.kind)}" data-entity="${esc(m.entity)}"` : "";
    marks.push({ s: m.start, e: m.end, open: `<span class="m-${esc(m.kind)}" title="${esc(m.label)}"${link}>`, close: "</span>" });
  }
  for (const q of d.quotes) if (q.kind !== "partial") marks.push({ s: q.start, e: q.end, open: `<span class="q" title="said by ${esc(q.speaker_label || q.speaker_name || "unknown")}" data-speaker="${esc(q.speaker || "")}"${q.speaker ? ' tabindex="0" role="link"' : ""}>`, close: "</span>" });
  for (const e of d.events) for (const x of e.evidence) if (cluster == null || e.cluster === cluster) marks.push({ s: x.start, e: x.end, open: `<span class="ev" title="${esc(e.type)} (${esc(e.modality)}): open the event" data-cluster="${e.cluster ?? ""}"${e.cluster != null ? ' tabindex="0" role="link"' : ""}>`, close: "</span>" });
  // open and close tags at byte offsets; spans that cross are closed and reopened
  const at = new Map();
  const add = (pos, html, isClose) => { const l = at.get(pos) || { open: [], close: [] }; (isClose ? l.close : l.open).push(html); at.set(pos, l); };
  marks.sort((a, b) => a.s - b.s || b.e - a.e);
  for (const m of marks) { add(m.s, m.open, false); add(m.e, m.close, true); }
  const cuts = [...at.keys()].sort((a, b) => a - b);
  let html = "", pos = 0, depth = 0;
  for (const c of cuts) {
    html += esc(dec.decode(bytes.slice(pos, c)));
    const l = at.get(c);
    for (const t of l.close) { if (depth > 0) { html += t; depth--; } }
    for (const t of l.open) { html += t; depth++; }
    pos = c;
  }
  html += esc(dec.decode(bytes.slice(pos)));
  html += "</span>".repeat(depth);
  const doc = d.document;
  $("reader").innerHTML = `<h2 dir="auto">${esc(doc.title || doc.id.slice(0, 12))}</h2>
    <p class="meta">${esc(doc.publisher || "")} ${esc((doc.published || "").slice(0, 10))} · ${plural(d.events.length, "event")} · ${plural(d.quotes.length, "quote")}
      ${d.events.length ? `<button type="button" id="r-matches">Its acts and possible matches</button>` : ""}</p>
    <div class="legend highlights" aria-label="What the marks in the text are"><span class="m-actor">actor</span> <span class="m-place">place</span> <span class="m-date">date</span> <span class="q">quotation</span> <span class="ev">an act's evidence</span></div>
    ${actList(d.events)}
    <div class="reader-text" dir="auto">${html}</div>
    ${(doc.removed || []).length ? `<div class="removed">Removed as boilerplate:<br>${doc.removed.map((r) => esc(r.text) + " (" + esc(r.reason) + ")").join("<br>")}</div>` : ""}`;
  wireEntities($("reader"));
  if ($("r-matches")) $("r-matches").onclick = () => showMatches(doc.id).catch((e) => status("error: " + e.message));
  if (!state.restoring) bringReaderIntoView();
  $("reader").querySelectorAll("a.report-act[data-cluster]").forEach((a) => a.addEventListener("click", (ev) => {
    ev.preventDefault();
    if (a.dataset.cluster) openEvent(Number(a.dataset.cluster));
  }));
  // evidence opens its event (a click on a name inside it opens the name's page first)
  $("reader").querySelectorAll(".ev[data-cluster]").forEach((el) => el.addEventListener("click", (ev) => {
    if (ev.defaultPrevented || !el.dataset.cluster) return;
    openEvent(Number(el.dataset.cluster));
  }));
  // a quotation leads to its speaker: the speaker's acts in the list, their page here
  $("reader").querySelectorAll(".q[data-speaker]").forEach((el) => el.addEventListener("click", (ev) => {
    const who = el.dataset.speaker;
    if (!who || ev.defaultPrevented) return;
    ev.preventDefault();
    const actor = who.startsWith("document:") ? "" : who.split("+")[0];
    $("f-actor").value = actor;
    showTab("events");
    loadAll();
    if (actor) openEntity("actor", actor);
  }));
}
