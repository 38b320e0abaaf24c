// The middle column: the tabs and their lists (acts, reports, quotations; the regime has a
// module of its own), and loading every view of the acts when the filters change.

import { $, api, esc, plural, status } from "./dom.js";
import { typeBadge } from "./colours.js";
import { state, filters, remember } from "./state.js";
import { drawTimeline, timelineOf } from "./timeline.js";
import { GRID_DEGREES, drawPoints, fitView, pointsInView } from "./map.js";
import { openEvent, verdictBadge } from "./verification.js";
import { openDocument } from "./reader.js";
import { showRegime } from "./regime.js";
import { UPLOAD_FORM, wireUpload } from "./upload.js";
import { may } from "./session.js";
import { showAudit, showUsers } from "./admin.js";

export const TABS = ["events", "documents", "quotes", "regime", "users", "audit"];

// the tabs this user may open (the others are hidden, and skipped by the arrow keys)
export const openTabs = () => TABS.filter((t) => !$("tab-" + t).hidden);

export async function loadAll() {
  const f = filters();
  remember();
  status("loading…");
  try {
    const [ev, tl, geo, grid] = await Promise.all([
      api("acts", { ...f, limit: 1000 }),
      timelineOf(f),
      api("acts.geojson", f),
      api("acts.geojson", { ...f, grid: GRID_DEGREES }),
    ]);
    state.events = ev.acts;
    drawTimeline(tl);
    state.points = geo.features;
    state.pointsKey = null;
    state.grid = grid.features;
    if (!state.fitted && state.points.length) { state.fitted = true; fitView(); }
    drawPoints();
    pointsInView();
    showTab(state.tab);
    status(countLine(ev, f));
    exportLinks(f);
  } catch (e) {
    status("error: " + e.message);
  }
}

// "47 of 64 acts, asserted only": the count says what the modality hides, and that the
// list holds only the newest when there are more than it shows
function countLine(page, f) {
  const shown = page.acts.length, other = page.other_modalities || 0;
  // not counted (a filter by actor or place over more than a page): say what is listed
  if (page.total == null) return `the newest ${plural(shown, "act")} listed; there are more`;
  const total = page.total;
  let line = other ? `${total} of ${total + other} acts, ${f.modality} only` : plural(total, "act");
  if (shown < total) line += `; the newest ${shown} listed`;
  return line;
}

// the Export menu downloads every act the filters select, in each format
function exportLinks(f) {
  document.querySelectorAll("#export a[data-format]").forEach((a) => {
    a.href = "/api/export?" + new URLSearchParams({ ...f, format: a.dataset.format });
  });
}

function eventLine(c) {
  const parties = (ids) => ids.length ? ids.map(esc).join(", ") : "?";
  return `<div class="item" tabindex="0" data-cluster="${c.cluster}">
    ${typeBadge(c.kind || c.type)}<span class="modality">${esc(c.modality)}</span>${verdictBadge(c.verification)}
    <b>${parties(c.actors)}</b> → ${parties(c.recipients)}
    <div class="meta">${esc(c.date || "undated")} · ${esc(c.place_name || "place unknown")} · ${plural(c.reports, "report")}${c.killed ? ` · <span class="toll">${esc(c.killed)} killed</span>` : ""}${c.disputes && c.disputes.length ? ` · <span class="disputed" title="its reports disagree on ${esc(c.disputes.map((d) => d.field).join(", "))}">disputed</span>` : ""}</div>
    ${c.verification && c.verification.note ? `<div class="meta verdict-note">${esc(c.verification.status)} by ${esc(c.verification.analyst)}: “${esc(c.verification.note)}”</div>` : ""}
  </div>`;
}

export function showEvents() {
  const list = $("list");
  list.innerHTML = state.events.map(eventLine).join("") || `<p class="hint">No acts match these filters.</p>`;
  list.querySelectorAll(".item").forEach((el) => {
    const open = () => openEvent(Number(el.dataset.cluster));
    el.addEventListener("click", open);
  });
}

async function showDocuments() {
  const { documents } = await api("documents", { limit: 200 });
  $("list").innerHTML = (may("upload") ? UPLOAD_FORM : "") + documents.map((d) => `<div class="item" tabindex="0" data-doc="${esc(d.id)}">
      <b dir="auto">${esc(d.title || d.lead)}</b><div class="meta">${esc((d.published || "undated").slice(0, 10))} · ${esc(d.publisher || "")}</div></div>`).join("");
  $("list").querySelectorAll(".item").forEach((el) => el.addEventListener("click", () => openDocument(el.dataset.doc)));
  wireUpload();
}

async function showQuotes() {
  const { quotes } = await api("quotes", { limit: 200 });
  $("list").innerHTML = quotes.map((q) => `<div class="item" tabindex="0" data-doc="${esc(q.document)}">
      <span dir="auto">“${esc(q.text.slice(0, 160))}”</span><div class="meta">${esc(q.speaker_label || q.speaker_name || "speaker unknown")} · ${esc(q.kind)}</div></div>`).join("");
  $("list").querySelectorAll(".item").forEach((el) => el.addEventListener("click", () => openDocument(el.dataset.doc)));
}

export function showTab(tab) {
  state.tab = tab;
  remember();
  for (const t of TABS) $("tab-" + t).setAttribute("aria-selected", String(t === tab));
  $("list").setAttribute("aria-labelledby", "tab-" + tab);
  if (tab === "events") showEvents();
  if (tab === "documents") showDocuments().catch((e) => status("error: " + e.message));
  if (tab === "quotes") showQuotes().catch((e) => status("error: " + e.message));
  if (tab === "regime") showRegime().catch((e) => status("error: " + e.message));
  if (tab === "users") showUsers().catch((e) => status("error: " + e.message));
  if (tab === "audit") showAudit().catch((e) => status("error: " + e.message));
}
