// An act's page in the reader, where an analyst verifies it: confirm, reject, correct its
// type, modality, actors, recipients, place, date or toll, or split out a report that
// tells another act. The page shows the act as it stands (corrections applied), what the
// machine read where a correction changed it, the facts its reports disagree on side by
// side, and every verdict with its changes. A verdict names
// the act's version; one made on an older version is refused and the page shows the act
// as it now stands.

import { $, api, bringReaderIntoView, esc, plural, post, status as showStatus } from "./dom.js";
import { typeBadge } from "./colours.js";
import { state, remember } from "./state.js";
import { vocabulary } from "./vocabulary.js";
import { loadAll } from "./list.js";
import { analystField, analystFrom, may } from "./session.js";
import { openDocument, wireEntities } from "./reader.js";

export function verdictBadge(v) {
  return v ? `<span class="verdict verdict-${esc(v.status)}" title="${esc(v.analyst)} ${esc(v.decided_at)}${v.note ? ": " + esc(v.note) : ""}">${esc(v.status)}</span>` : "";
}

// a field's value as the history and the machine keep it, in words
function shown(v) {
  if (v == null) return "none";
  if (Array.isArray(v)) return v.length ? v.join(", ") : "none";
  if (typeof v === "object") return v.name || v.value || v.id || JSON.stringify(v);
  return String(v);
}

// every verdict on the act, oldest first, each with the fields it changed
function historyList(history) {
  if (!history || !history.length) return "";
  const items = history.map((v) => `<li>${verdictBadge(v)} ${esc(v.analyst)}, ${esc(v.decided_at.slice(0, 16).replace("T", " "))}${v.note ? `: “${esc(v.note)}”` : ""}
    ${v.changes && v.changes.length ? `<ul>${v.changes.filter((x) => x.field !== "status").map((x) => `<li>${esc(x.field)}: ${esc(shown(x.before))} → ${esc(shown(x.after))}</li>`).join("")}</ul>` : ""}</li>`).join("");
  return `<h3>History</h3><ol class="history">${items}</ol>`;
}

// the facts an act's reports disagree on, each report's claim side by side; an analyst's
// correction settles one and the claims stay
function disputeList(disputes, reportName) {
  if (!disputes || !disputes.length) return "";
  const rows = disputes.map((d) => `<tr class="dispute${d.settled ? " settled" : ""}"><th scope="row">${esc(d.field)}</th>
    <td>${d.claims.map((c) => `<span class="claim"><b>${esc(shown(c.value))}</b> in <a href="#" data-doc="${esc(c.document)}" dir="auto">${esc(reportName(c.document))}</a></span>`).join("; ")}</td>
    <td>${d.settled ? "settled by an analyst" : "unsettled: the act counts the lowest figure"}</td></tr>`).join("");
  return `<table class="disputes"><caption>The reports disagree</caption>${rows}</table>`;
}

// an act's page in the reader: its reports' evidence, why they were linked, the analysts'
// verdicts and corrections; always read afresh, for its version and history
export async function openEvent(cluster, given) {
  remember({ kind: "act", id: String(cluster) });
  let c = given;
  let zones = [], reports = [];
  if (!c) {
    try {
      const page = await api("acts/" + cluster);
      c = page.act;
      zones = page.zones || [];
      reports = page.reports || [];
    } catch (e) { showStatus("error: " + e.message); return; }
  }
  // each report by its title and publisher (its hash only where the store has no title)
  const byId = new Map(reports.map((r) => [r.id, r]));
  const reportName = (id) => {
    const r = byId.get(id);
    if (!r) return id.slice(0, 12);
    const when = (r.published || "").slice(0, 10);
    return (r.title || r.lead || id.slice(0, 12)) + (r.publisher || when ? ` (${[r.publisher, when].filter(Boolean).join(", ")})` : "");
  };
  state.selected = cluster;
  document.querySelectorAll("#list .item").forEach((el) => el.classList.toggle("selected", Number(el.dataset.cluster) === cluster));
  const pieces = c.events.map((e) => `
    <div>${may("read-working") ? `<a href="#" data-doc="${esc(e.document)}" dir="auto">${esc(reportName(e.document))}</a>` : `<span dir="auto">${esc(reportName(e.document))}</span>`} <span class="meta">${esc(e.local)}</span>
      ${c.reports > 1 && may("verify") ? `<button type="button" class="split" data-document="${esc(e.document)}" data-event="${esc(e.local)}" title="this report tells another act">Split out</button>` : ""}
      ${e.link_reason ? `<span class="why">${esc(e.link_reason)}</span>` : ""}
      ${e.evidence.map((x) => `<div class="evidence" dir="auto">${esc(x.text)}<div class="why">trigger “${esc(x.trigger.text)}” · ${esc(x.modality)}${x.cue ? " (" + esc(x.cue.text) + ")" : ""}</div></div>`).join("")}
    </div>`).join("");
  const machine = c.machine || {};
  const was = (field) => field in machine ? ` <span class="machine" title="what the reports were read to say">(machine: ${esc(shown(machine[field]))})</span>` : "";
  const entity = (kind, id) => `<a href="#" class="entity" data-kind="${kind}" data-entity="${esc(id)}">${esc(id)}</a>`;
  const parties = (ids) => ids.length ? ids.map((id) => entity("actor", id)).join(", ") : "?";
  $("reader").innerHTML = `<h2>${typeBadge(c.kind || c.type)} act #${c.cluster} ${verdictBadge(c.verification)}</h2>
    ${may("verify") ? `<div class="verify" role="group" aria-label="Verify this event">
      ${analystField("v-analyst")}
      <label>Why <input id="v-note" size="18" placeholder="optional"></label>
      <button type="button" data-verdict="confirmed">Confirm</button>
      <button type="button" data-verdict="rejected">Reject</button>
      <span class="meta">version ${c.version || 0}</span>
    </div>
    <form class="verify" id="correction" aria-label="Correct this event">
      <label>Type <select id="c-type"><option value="">as read</option>${vocabulary.event_types.map((t) => `<option>${esc(t)}</option>`).join("")}</select></label>
      <label>Modality <select id="c-modality"><option value="">as read</option>${vocabulary.modalities.map((m) => `<option>${esc(m)}</option>`).join("")}</select></label>
      <label>Actors <input id="c-actors" size="12" placeholder="RUS, SYR"></label>
      <label>Recipients <input id="c-recipients" size="12" placeholder="civilians"></label>
      <label>Place id <input id="c-place" size="12" placeholder="SY-ID"></label>
      <label>Date <input id="c-date" type="date"></label>
      <label>Killed <input id="c-killed" type="number" min="0" size="5"></label>
      <label>Injured <input id="c-injured" type="number" min="0" size="5"></label>
      <button type="submit">Correct</button>
    </form>` : ""}
    <p>${esc(c.modality)}${was("modality")}${was("type")}: ${parties(c.actors)}${was("actors")} → ${parties(c.recipients)}${was("recipients")}, ${esc(c.date || "undated")}${was("date")}, ${c.place ? entity("place", c.place).replace(`>${esc(c.place)}<`, `>${esc(c.place_name || c.place)}<`) : "place unknown"}${was("place")}</p>
    ${c.killed != null || c.injured != null ? `<p class="toll">${c.killed != null ? `${esc(c.killed)} killed` : "killed unknown"}${was("killed")}, ${c.injured != null ? `${esc(c.injured)} injured` : "injured unknown"}${was("injured")}</p>` : ""}
    ${disputeList(c.disputes, reportName)}
    ${Object.keys(machine).length ? `<p class="correction">Corrected by analysts: ${Object.keys(machine).map(esc).join(", ")}; the machine's reading is shown beside each.</p>` : ""}
    ${zones.map((z) => `<p class="finding finding-${esc(z.finding)}">In ${esc(z.regime)} zone ${esc(z.zone)}: ${esc(z.why)}</p>`).join("")}
    ${historyList(c.history)}
    <p class="meta">${plural(c.reports, "report")}; the evidence of each, and why they were taken for one act:</p>${pieces}`;
  $("reader").querySelectorAll("a[data-doc]").forEach((a) => a.addEventListener("click", (ev) => { ev.preventDefault(); openDocument(a.dataset.doc, c.cluster); }));
  wireEntities($("reader"));
  if (!state.restoring && !given) bringReaderIntoView();
  const verdict = async (status, correction) => {
    const analyst = analystFrom("v-analyst");
    if (analyst === null) { showStatus("say who you are (analyst) first"); return; }
    try {
      await post(`acts/${c.act}/verification`, { status, analyst, note: $("v-note").value, correction, version: c.version || 0 });
      // the list and the map show the act as it now stands (a rejected act leaves them)
      await loadAll();
      await openEvent(c.cluster);
      showStatus(`act #${c.cluster} ${status}`);
    } catch (e) {
      if (e.status === 409 && e.body && e.body.current) {
        // another analyst decided first: show what the act now says, and say so
        await openEvent(c.cluster, e.body.current);
      }
      showStatus("error: " + e.message);
    }
  };
  $("reader").querySelectorAll("button[data-verdict]").forEach((b) => b.addEventListener("click", () => verdict(b.dataset.verdict)));
  // a report that tells another act is split out of this one; the new act opens
  $("reader").querySelectorAll("button.split").forEach((b) => b.addEventListener("click", async () => {
    const analyst = analystFrom("v-analyst");
    if (analyst === null) { showStatus("say who you are (analyst) first"); return; }
    try {
      const r = await post(`acts/${c.act}/split`, { document: b.dataset.document, event: b.dataset.event, analyst, note: $("v-note").value });
      await loadAll();
      await openEvent(r.cluster);
      showStatus(`${b.dataset.event} of ${reportName(b.dataset.document)} split out of act #${c.cluster} into #${r.cluster}`);
    } catch (e) { showStatus("error: " + e.message); }
  }));
  $("correction")?.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const correction = {};
    const ids = (id) => $(id).value.split(",").map((a) => a.trim()).filter(Boolean);
    if ($("c-type").value) correction.type = $("c-type").value;
    if ($("c-modality").value) correction.modality = $("c-modality").value;
    if (ids("c-actors").length) correction.actors = ids("c-actors");
    if (ids("c-recipients").length) correction.recipients = ids("c-recipients");
    if ($("c-place").value.trim()) correction.place = $("c-place").value.trim();
    if ($("c-date").value) correction.date = $("c-date").value;
    for (const field of ["killed", "injured"]) {
      const v = $("c-" + field).value.trim();
      if (v !== "") correction[field] = Number(v);
    }
    if (!Object.keys(correction).length) { showStatus("choose the type or modality, or write the actors, recipients, place, date or toll to correct"); return; }
    verdict("corrected", correction);
  });
}
