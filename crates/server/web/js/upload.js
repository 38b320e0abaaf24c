// Adding a report from the page (a file, or pasted text, with its publisher, date, title
// and source address, recorded with it and never fetched), and a report's acts with the
// stored acts they may be: the linker's choices and the near misses it refused, each with
// why, and a "Same act as #N" control that records the analyst's join.

import { $, api, esc, plural, post, status } from "./dom.js";
import { typeBadge } from "./colours.js";
import { loadAll, showTab } from "./list.js";
import { analystField, analystFrom, may } from "./session.js";
import { openDocument } from "./reader.js";

export const UPLOAD_FORM = `<form id="upload" class="verify upload" aria-label="Add a report">
  <label>Report file <input type="file" id="u-file" title="text, HTML, a feed or JSON Lines"></label>
  <label class="wide">or paste its text <textarea id="u-text" rows="3" dir="auto"></textarea></label>
  <label>Published <input type="date" id="u-published"></label>
  <label>Publisher <input id="u-publisher" size="14"></label>
  <label>Title <input id="u-title" size="18"></label>
  <label>Source address <input id="u-url" type="url" size="22" placeholder="https://… (recorded, not fetched)"></label>
  <button type="submit">Add report</button></form>`;

// the form's submit: the file, or else the pasted text, with the hints given
export function wireUpload() {
  $("upload")?.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const file = $("u-file").files[0];
    const text = $("u-text").value.trim();
    if (!file && !text) { status("choose a report file or paste its text first"); return; }
    const name = file ? file.name : "pasted text";
    const q = new URLSearchParams({ name: file ? file.name : "pasted.txt" });
    for (const [field, id] of [["published", "u-published"], ["publisher", "u-publisher"], ["title", "u-title"], ["url", "u-url"]]) {
      if ($(id).value.trim()) q.set(field, $(id).value.trim());
    }
    status(`reading ${name}…`);
    try {
      const body = file || new Blob([text], { type: "text/plain; charset=utf-8" });
      const res = await fetch("/api/documents?" + q, { method: "POST", body, headers: file ? {} : { "content-type": "text/plain; charset=utf-8" } });
      const out = await res.json();
      if (!res.ok) throw new Error(out.error || res.statusText);
      await loadAll();
      showTab("documents");
      await openDocument(out.documents[0]);
      status(`${name}: ${plural(out.new, "new report")}, ${out.duplicates} stored before, ${plural(out.events, "event")} (${out.events_linked} of acts reported before)`);
      await showMatches(out.documents[0]);
    } catch (e) { status(`${name}: ${e.message}`); }
  });
}

const parties = (ids) => (ids && ids.length ? ids.map(esc).join(", ") : "?");

function candidateLine(document, event, c) {
  const a = c.summary || {};
  return `<li class="candidate${c.linkable ? " linkable" : ""}" data-act="${c.act}">
    ${typeBadge(a.type)} <b>act #${c.act}</b> ${esc(a.modality || "")}: ${parties(a.actors)} → ${parties(a.recipients)}
    <div class="meta">${esc(a.date || "undated")} · ${esc(a.place_name || "place unknown")} · ${plural(a.reports || 0, "report")}</div>
    <div class="why">${esc(c.reason)}</div>
    <button type="button" class="join" data-document="${esc(document)}" data-event="${esc(event)}" data-act="${c.act}">Same act as #${c.act}</button></li>`;
}

// The report's acts, each with the stored acts it may be, at the top of the reader.
export async function showMatches(document) {
  const m = await api("documents/" + encodeURIComponent(document) + "/matches");
  const rows = m.events.map((e) => `<div class="match" data-event="${esc(e.event)}">
      <p>${typeBadge(e.type)} ${esc(e.event)} ${esc(e.modality)}: ${parties(e.actors)} → ${parties(e.recipients)}, ${esc(e.date || "undated")}, ${esc(e.place_name || "place unknown")}
      <span class="meta">in act #${e.act ?? "?"} (${esc(e.link_reason || "")})</span></p>
      ${e.candidates.length ? `<ul class="candidates">${e.candidates.map((c) => candidateLine(m.document, e.event, c)).join("")}</ul>` : `<p class="hint">No other stored act of its type and days.</p>`}</div>`).join("");
  const panel = `<section id="matches" aria-label="This report's acts and the stored acts they may be">
    <h3>This report's acts and the stored acts they may be</h3>
    ${may("verify") ? analystField("m-analyst") : ""}
    ${rows || `<p class="hint">The report tells no act.</p>`}</section>`;
  $("matches")?.remove();
  $("reader").insertAdjacentHTML("afterbegin", panel);
  $("matches").querySelectorAll("button.join").forEach((b) => b.addEventListener("click", async () => {
    const analyst = analystFrom("m-analyst");
    if (analyst === null) { status("say who you are (analyst) first"); return; }
    try {
      await post(`acts/${b.dataset.act}/join`, { document: b.dataset.document, event: b.dataset.event, analyst, note: "matched after upload" });
      await loadAll();
      await showMatches(document);
      status(`${b.dataset.event} joined to act #${b.dataset.act}`);
    } catch (e) { status("error: " + e.message); }
  }));
}
