// An act's page in the reader, where an analyst verifies it: confirm, reject, correct its
// type, actors, place or date, or split out a report that tells another act.

import { $, api, esc, plural, post, status as showStatus } from "./dom.js";
import { typeBadge } from "./colours.js";
import { state } from "./state.js";
import { vocabulary } from "./vocabulary.js";
import { loadAll, showEvents } from "./list.js";
import { openDocument, wireEntities } from "./reader.js";

export function verdictBadge(v) {
  return v ? `<span class="verdict verdict-${esc(v.status)}" title="${esc(v.analyst)} ${esc(v.decided_at)}${v.note ? ": " + esc(v.note) : ""}">${esc(v.status)}</span>` : "";
}

// an act's page in the reader: its reports' evidence, why they were linked, and the
// analyst's verdict and corrections; acts not in the list are fetched by number
export async function openEvent(cluster) {
  let c = state.events.find((e) => e.cluster === cluster);
  if (!c) {
    try { c = (await api("acts/" + cluster)).act; } catch (e) { showStatus("error: " + e.message); return; }
  }
  state.selected = cluster;
  document.querySelectorAll("#list .item").forEach((el) => el.classList.toggle("selected", Number(el.dataset.cluster) === cluster));
  const pieces = c.events.map((e) => `
    <div><a href="#" data-doc="${esc(e.document)}">${esc(e.document.slice(0, 12))}</a> ${esc(e.local)}
      ${c.reports > 1 ? `<button type="button" class="split" data-document="${esc(e.document)}" data-event="${esc(e.local)}" title="this report tells another act">Split out</button>` : ""}
      ${e.link_reason ? `<span class="why">${esc(e.link_reason)}</span>` : ""}
      ${e.evidence.map((x) => `<div class="evidence" dir="auto">${esc(x.text)}<div class="why">trigger “${esc(x.trigger.text)}” · ${esc(x.modality)}${x.cue ? " (" + esc(x.cue.text) + ")" : ""}</div></div>`).join("")}
    </div>`).join("");
  const fixed = c.verification && c.verification.correction;
  const entity = (kind, id) => `<a href="#" class="entity" data-kind="${kind}" data-entity="${esc(id)}">${esc(id)}</a>`;
  const parties = (ids) => ids.length ? ids.map((id) => entity("actor", id)).join(", ") : "?";
  $("reader").innerHTML = `<h2>${typeBadge(c.kind || c.type)} act #${c.cluster} ${verdictBadge(c.verification)}</h2>
    <div class="verify" role="group" aria-label="Verify this event">
      <input id="v-analyst" size="10" placeholder="analyst" aria-label="Analyst" value="${esc(localStorage.getItem("analyst") || "")}">
      <input id="v-note" size="18" placeholder="why (optional)" aria-label="Why">
      <button type="button" data-verdict="confirmed">Confirm</button>
      <button type="button" data-verdict="rejected">Reject</button>
      <select id="v-type" aria-label="Corrected type"><option value="">correct type…</option>${vocabulary.event_types.map((t) => `<option>${esc(t)}</option>`).join("")}</select>
    </div>
    <form class="verify" id="correction" aria-label="Correct this event">
      <input id="c-actors" size="12" placeholder="actors: RUS, SYR" aria-label="Corrected actors">
      <input id="c-place" size="12" placeholder="place id: SY-ID" aria-label="Corrected place">
      <input id="c-date" type="date" aria-label="Corrected date">
      <button type="submit">Correct</button>
    </form>
    <p>${parties(c.actors)} → ${parties(c.recipients)}, ${esc(c.date || "undated")}, ${c.place ? entity("place", c.place).replace(`>${esc(c.place)}<`, `>${esc(c.place_name || c.place)}<`) : "place unknown"}</p>
    ${fixed ? `<p class="correction">Corrected by ${esc(c.verification.analyst)}: ${Object.entries(fixed).map(([k, v]) => `${esc(k)} ${esc(Array.isArray(v) ? v.join(", ") : v)}`).join("; ")}</p>` : ""}
    <p class="meta">${plural(c.reports, "report")}; the evidence of each, and why they were taken for one act:</p>${pieces}`;
  $("reader").querySelectorAll("a[data-doc]").forEach((a) => a.addEventListener("click", (ev) => { ev.preventDefault(); openDocument(a.dataset.doc, c.cluster); }));
  wireEntities($("reader"));
  const verdict = async (status, correction) => {
    const analyst = $("v-analyst").value.trim();
    if (!analyst) { showStatus("say who you are (analyst) first"); $("v-analyst").focus(); return; }
    localStorage.setItem("analyst", analyst);
    try {
      const r = await post(`acts/${c.act}/verification`, { status, analyst, note: $("v-note").value, correction });
      c.verification = r.verification;
      showEvents();
      openEvent(c.cluster);
      showStatus(`act #${c.cluster} ${status}`);
    } catch (e) { showStatus("error: " + e.message); }
  };
  $("reader").querySelectorAll("button[data-verdict]").forEach((b) => b.addEventListener("click", () => verdict(b.dataset.verdict)));
  // a report that tells another act is split out of this one; the new act opens
  $("reader").querySelectorAll("button.split").forEach((b) => b.addEventListener("click", async () => {
    const analyst = $("v-analyst").value.trim();
    if (!analyst) { showStatus("say who you are (analyst) first"); $("v-analyst").focus(); return; }
    localStorage.setItem("analyst", analyst);
    try {
      const r = await post(`acts/${c.act}/split`, { document: b.dataset.document, event: b.dataset.event, analyst, note: $("v-note").value });
      await loadAll();
      await openEvent(r.cluster);
      showStatus(`${b.dataset.event} of ${b.dataset.document.slice(0, 12)} split out of act #${c.cluster} into #${r.cluster}`);
    } catch (e) { showStatus("error: " + e.message); }
  }));
  $("v-type").addEventListener("change", (ev) => { if (ev.target.value) verdict("corrected", { type: ev.target.value }); });
  $("correction").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const correction = {};
    const actors = $("c-actors").value.split(",").map((a) => a.trim()).filter(Boolean);
    if (actors.length) correction.actors = actors;
    if ($("c-place").value.trim()) correction.place = $("c-place").value.trim();
    if ($("c-date").value) correction.date = $("c-date").value;
    if (!Object.keys(correction).length) { showStatus("write the actors, place or date to correct"); return; }
    verdict("corrected", correction);
  });
}
