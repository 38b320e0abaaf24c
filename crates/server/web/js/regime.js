// The Regime tab: alleged violations per day and party, the phases and deadlines, each
// provision's implementation with its history and suggested evidence, and the agreements
// analysis proposes for an analyst to accept, edit or reject.

import { $, api, esc, plural, post, status } from "./dom.js";
import { MONITORING_COLOURS, typeBadge } from "./colours.js";
import { state, filters } from "./state.js";
import { levelName, vocabulary } from "./vocabulary.js";
import { openEvent } from "./verification.js";
import { openDocument } from "./reader.js";
import { axisHtml } from "./axis.js";
import { may, session } from "./session.js";

export async function showRegime() {
  const f = filters();
  const r = state.regime;
  if (!r) { $("list").innerHTML = `<p class="hint">No regime is loaded.</p>`; return; }
  const v = await api("violations", { regime: r.id, from: f.from, to: f.to });
  // per day: alleged violations, unattributed acts of force, acts possibly inside, acts of
  // designated groups
  const KINDS = [["alleged", "alleged_violations"], ["unattributed", "unattributed"], ["possibly", "possibly_inside"], ["designated", "designated"]];
  const days = new Map();
  for (const d of v.days) {
    const x = days.get(d.date) || { alleged: 0, unattributed: 0, possibly: 0, designated: 0 };
    for (const [k, field] of KINDS) x[k] += d[field];
    days.set(d.date, x);
  }
  const inside = v.days.reduce((n, d) => n + d.acts_inside, 0);
  const dates = [...days.keys()].filter((d) => d !== "undated").sort();
  let chart = "", chartAxis = "";
  if (dates.length) {
    const t0 = Date.parse(dates[0]), t1 = Date.parse(dates[dates.length - 1]);
    const span = Math.max(1, (t1 - t0) / 86400000 + 1);
    chartAxis = axisHtml(t0, t0 + span * 86400000, (t) => (t - t0) / (span * 86400000), "days of the chart");
    const max = Math.max(1, ...dates.map((d) => { const x = days.get(d); return x.alleged + x.unattributed + x.possibly + x.designated; }));
    const w = 600 / span;
    for (const d of dates) {
      const x = ((Date.parse(d) - t0) / 86400000) * w;
      let y = 110;
      for (const [k] of KINDS) {
        const h = (days.get(d)[k] / max) * 100;
        if (!h) continue;
        y -= h;
        chart += `<rect class="${k}" fill="${MONITORING_COLOURS[k]}" x="${x}" y="${y}" width="${Math.max(1, w * 0.9)}" height="${h}"><title>${esc(d)}: ${days.get(d)[k]} ${k}</title></rect>`;
      }
    }
  }
  // each party's alleged violations and the dead in them; the unattributed on their own row
  const killedBy = v.killed_by_party || {};
  const parties = Object.entries(v.by_party).sort((a, b) => b[1] - a[1]).map(([p, n]) => [p, n, killedBy[p] || 0]);
  if (v.unattributed) parties.push(["unattributed (no perpetrator identified)", v.unattributed, v.unattributed_killed || 0]);
  // statuses and deadlines read on the last day chosen, or today
  const on = f.to || new Date().toISOString().slice(0, 10);
  const [rec, proposals] = await Promise.all([api("regimes/" + encodeURIComponent(r.id), { on }), api("agreements")]);
  citedReports = new Map((rec.evidence_reports || []).map((d) => [d.id, d]));
  $("list").innerHTML = `<h2>${esc(r.name)} <small>${plural(inside, "act")} in the zone${f.from || f.to ? " in the chosen dates" : ""}</small></h2>
    <div class="legend"><span><i style="background:${MONITORING_COLOURS.alleged}"></i>alleged violations</span><span><i style="background:${MONITORING_COLOURS.unattributed}"></i>unattributed</span><span><i style="background:${MONITORING_COLOURS.possibly}"></i>possibly inside</span><span><i style="background:${MONITORING_COLOURS.designated}"></i>designated groups</span></div>
    <svg id="violations-chart" role="img" aria-label="Alleged violations per day" viewBox="0 0 600 110" preserveAspectRatio="none">${chart}</svg>${chartAxis}
    <h2>Alleged perpetrators</h2>
    <table class="parties"><tr><th scope="col">perpetrator</th><th scope="col">acts</th><th scope="col">killed</th></tr>${parties.map(([p, n, k]) => `<tr><td>${esc(p)}</td><td>${n}</td><td>${k}</td></tr>`).join("") || "<tr><td>none</td><td></td><td></td></tr>"}</table>
    <h2>Acts</h2>
    ${v.events.map((e) => `<div class="item finding-${esc(e.finding)}" tabindex="0" data-cluster="${e.event}">${typeBadge(e.type)} ${esc(e.date || "undated")} · <span class="why">${esc(e.why)}</span>
      <div class="meta" dir="auto">${esc(e.actors.join(", "))} → ${esc(e.recipients.join(", "))} · ${esc(e.place || "")} · ${plural(e.reports, "report")}${e.killed != null ? ` · ${esc(e.killed)} killed` : ""}</div></div>`).join("")}
    <h2>Phases and deadlines <small>as of ${esc(rec.as_of)}</small></h2>
    ${phaseTimeline(rec)}
    <h2>Provisions <small>implementation ${vocabulary.implementation_levels.map((_, i) => esc(levelName(i))).join(" · ")}</small></h2>
    ${provisionTable(rec)}
    <h2>Agreements found in reports <small>proposed by analysis; accept, edit or reject</small></h2>
    ${proposalList(proposals.agreements)}`;
  $("list").querySelectorAll(".item[data-cluster]").forEach((el) => el.addEventListener("click", () => openEvent(Number(el.dataset.cluster))));
  wireProvisions(rec);
  wireProposals();
  const flagged = rec.provision_records.filter((p) => p.flagged).length;
  const alleged = v.days.reduce((n, d) => n + d.alleged_violations, 0);
  status(`${plural(inside, "act")} in the ${r.name}, ${plural(alleged, "alleged violation")}; ${plural(flagged, "deadline")} passed without evidence of compliance`);
}

const DEADLINE_WORDS = { pending: "pending", met: "met", late: "met late", partial: "passed, partly done", no_evidence: "passed, no evidence" };

// the phases as bars on one time axis, each deadline a tick coloured by what it means
function phaseTimeline(rec) {
  const days = (d) => Date.parse(d) / 86400000;
  const deadlines = rec.provision_records.filter((p) => p.deadline);
  const starts = [...rec.phases.map((p) => p.from), ...rec.agreements.map((a) => a.date), ...deadlines.map((p) => p.deadline)];
  const ends = [...rec.phases.map((p) => p.to || rec.as_of), ...deadlines.map((p) => p.deadline), rec.as_of];
  const t0 = Math.min(...starts.map(days)), t1 = Math.max(...ends.map(days));
  // drawn about as wide as the column it sits in, so its text reads at the page's size
  const W = 400;
  const x = (d) => 10 + ((days(d) - t0) / Math.max(1, t1 - t0)) * (W - 20);
  let svg = "";
  rec.phases.forEach((p, i) => {
    const y = 8 + i * 20;
    svg += `<rect class="phase" x="${x(p.from)}" y="${y}" width="${Math.max(2, x(p.to || rec.as_of) - x(p.from))}" height="15"><title>${esc(p.name)}: ${esc(p.from)} to ${esc(p.to || "open")}</title></rect>
      <text x="${x(p.from) + 3}" y="${y + 12}">${esc(p.name)}</text>`;
  });
  const base = 14 + rec.phases.length * 20;
  for (const p of deadlines) {
    svg += `<line class="deadline-tick ${esc(p.deadline_state)}" x1="${x(p.deadline)}" x2="${x(p.deadline)}" y1="${base}" y2="${base + 18}"><title>${esc(p.agreement)} ${esc(p.provision)} by ${esc(p.deadline)}: ${esc(DEADLINE_WORDS[p.deadline_state] || "")} — ${esc(p.text)}</title></line>`;
  }
  svg += `<line class="today" x1="${x(rec.as_of)}" x2="${x(rec.as_of)}" y1="0" y2="${base + 22}"><title>${esc(rec.as_of)}</title></line>`;
  const axis = axisHtml(t0 * 86400000, t1 * 86400000, (t) => x(new Date(t).toISOString().slice(0, 10)) / W, "dates of the phases and deadlines");
  return `<svg id="phase-timeline" role="img" aria-label="Phases and deadlines" viewBox="0 0 ${W} ${base + 24}">${svg}</svg>${axis}`;
}

// the reports evidence cites, by id, as the regime's answer names them
let citedReports = new Map();

function evidenceLink(e) {
  const report = citedReports.get(e.id.split(":")[0]);
  const name = report ? `“${(report.title || report.lead || "").slice(0, 60)}”${report.publisher ? " (" + report.publisher + ")" : ""}` : e.id.slice(0, 10);
  const label = e.kind === "event" ? "act #" + e.id : (e.kind === "quote" ? "a quotation in " : "report ") + name;
  return `<a href="#" class="evidence-link" data-kind="${esc(e.kind)}" data-id="${esc(e.id)}">${esc(label)}</a>`;
}

function provisionTable(rec) {
  const rows = [];
  for (const a of rec.agreements) {
    rows.push(`<tr class="agreement-row"><th colspan="4">${esc(a.name)} <span class="meta">${esc(a.date)} · ${esc(a.place)} · ${esc(a.parties.join(", "))}</span></th></tr>`);
    for (const p of rec.provision_records.filter((x) => x.agreement === a.id)) {
      const key = `${p.agreement}/${p.provision}`;
      const history = p.history.map((c) => `<li>${esc(c.date)}: ${esc(levelName(c.level))} by ${esc(c.analyst)}${c.evidence.length ? " · " + c.evidence.map(evidenceLink).join(" ") : ""}${c.note ? ` <i>${esc(c.note)}</i>` : ""}</li>`).join("");
      rows.push(`<tr class="provision${p.flagged ? " flagged" : ""}" data-provision="${esc(key)}">
        <td>${esc(p.provision)}</td>
        <td>${esc(p.text)}<div class="meta">${esc(p.topic)}</div>${history ? `<ul class="history">${history}</ul>` : ""}
          <div class="suggestions"></div></td>
        <td class="level">${p.level == null ? "—" : `${p.level} ${esc(p.level_name)}`}</td>
        <td>${p.deadline ? `<span class="deadline ${esc(p.deadline_state)}">by ${esc(p.deadline)}<br>${esc(DEADLINE_WORDS[p.deadline_state])}</span>` : ""}
          ${may("record-status") ? `<div><button type="button" class="suggest" data-provision="${esc(key)}">suggest evidence</button>
          <button type="button" class="record" data-provision="${esc(key)}">record status</button></div>` : ""}</td></tr>`);
    }
  }
  return `<table id="provisions"><thead><tr><th>id</th><th>provision</th><th>status</th><th>deadline</th></tr></thead><tbody>${rows.join("")}</tbody></table>
    <form id="status-form" hidden aria-labelledby="s-title">
      <h3 id="s-title">Record the status of <span id="s-which"></span></h3>
      <label>Level <select id="s-level">${vocabulary.implementation_levels.map((_, i) => `<option value="${i}">${esc(levelName(i))}</option>`).join("")}</select></label>
      <label>From <input id="s-date" type="date" required></label>
      <fieldset class="evidence-choice"><legend>Evidence</legend>
        <ul id="s-chosen" aria-label="Evidence chosen"></ul>
        <label>Find an act (#12), a quotation or a report <input id="s-evidence" autocomplete="off" aria-describedby="s-find-hint"></label>
        <span id="s-find-hint" class="hint">or choose “use” beside a suggestion</span>
        <ul id="s-results" aria-label="Found" aria-live="polite"></ul>
      </fieldset>
      ${session.accounts ? "" : `<label>Analyst <input id="s-analyst" required></label>`}
      <label>Note <input id="s-note"></label>
      <button type="submit">Save</button> <button type="button" id="s-cancel">Cancel</button> <span id="s-error" class="error" role="alert"></span>
    </form>`;
}

function proposalList(list) {
  if (!list.length) return `<p class="hint">No report describes an agreement yet.</p>`;
  return list.map((x) => {
    const a = x.agreement;
    const d = x.decision;
    return `<div class="proposal" data-agreement="${x.id}">
      <b>#${x.id} ${esc(a.name)}</b> <span class="agreement-status status-${esc(a.status)}">${esc(a.status)}</span>
      <div class="meta">${esc(a.kind)} · ${esc(a.date || "undated")} · parties ${esc(a.parties.join(", "))} · <a href="#" class="open-report" data-document="${esc(x.document)}">report</a>${d ? ` · decided by ${esc(d.analyst)}${d.note ? ": " + esc(d.note) : ""}` : ""}</div>
      <ul>${a.provisions.map((p) => `<li><span class="meta">${esc(p.topic)}:</span> ${esc(p.text)}</li>`).join("")}</ul>
      ${may("decide-agreement") ? `<div class="decide">
        ${session.accounts ? "" : `<label>Analyst <input class="p-analyst"></label>`}
        <label>Why <input class="p-note" placeholder="optional"></label>
        <button type="button" data-decision="accepted">Accept</button>
        <button type="button" data-decision="rejected">Reject</button>
        <label>Date <input class="p-date" type="date" value="${esc(a.date || "")}"></label>
        <label>Parties <input class="p-parties" value="${esc(a.parties.join(","))}"></label>
        <button type="button" data-decision="edited">Save edit</button>
        <span class="error"></span>
      </div>` : ""}</div>`;
  }).join("");
}

function wireProposals() {
  $("list").querySelectorAll(".proposal").forEach((el) => {
    el.querySelector(".open-report").addEventListener("click", (ev) => { ev.preventDefault(); openDocument(ev.target.dataset.document); });
    el.querySelectorAll("button[data-decision]").forEach((b) => b.addEventListener("click", async () => {
      const decision = b.dataset.decision;
      const body = { decision, analyst: el.querySelector(".p-analyst")?.value.trim(), note: el.querySelector(".p-note").value.trim() || null };
      if (decision === "edited") {
        body.edit = { parties: el.querySelector(".p-parties").value.split(",").map((p) => p.trim()).filter(Boolean) };
        const date = el.querySelector(".p-date").value;
        if (date) body.edit.date = date;
      }
      try {
        await post(`agreements/${el.dataset.agreement}/decision`, body);
        await showRegime();
        $("list").querySelector(`.proposal[data-agreement="${el.dataset.agreement}"] button[data-decision="${decision}"]`)?.focus();
      } catch (e) { el.querySelector(".error").textContent = e.message; }
    }));
  });
}

function wireProvisions(rec) {
  const list = $("list");
  list.querySelectorAll(".evidence-link").forEach((el) => el.addEventListener("click", (ev) => {
    ev.preventDefault();
    const { kind, id } = el.dataset;
    if (kind === "event") openEvent(Number(id));
    else openDocument(id.split(":")[0]);
  }));
  const form = $("status-form");
  let target = null;
  // the evidence chosen: { kind, id, label }
  let chosen = [];
  const drawChosen = () => {
    $("s-chosen").innerHTML = chosen.map((e, i) => `<li>${esc(e.label)} <button type="button" class="unchoose" data-i="${i}" aria-label="remove ${esc(e.label)}">×</button></li>`).join("");
    $("s-chosen").querySelectorAll("button.unchoose").forEach((b) => b.addEventListener("click", () => {
      chosen.splice(Number(b.dataset.i), 1);
      drawChosen();
      $("s-evidence").focus();
    }));
  };
  const choose = (e) => {
    if (!chosen.some((c) => c.kind === e.kind && c.id === e.id)) chosen.push(e);
    drawChosen();
  };
  // closing the form gives the keyboard back to the provision's button
  const close = () => {
    form.hidden = true;
    if (target) list.querySelector(`button.record[data-provision="${CSS.escape(target)}"]`)?.focus();
  };
  $("s-cancel").addEventListener("click", close);
  form.addEventListener("keydown", (ev) => { if (ev.key === "Escape") { ev.preventDefault(); close(); } });
  // the form opens right under its provision's row
  const open = (key) => {
    if (target !== key) { chosen = []; drawChosen(); $("s-results").innerHTML = ""; $("s-evidence").value = ""; }
    target = key;
    $("s-which").textContent = key;
    $("s-date").value = $("s-date").value || rec.as_of;
    const row = list.querySelector(`#provisions tr.provision[data-provision="${CSS.escape(key)}"]`);
    let holder = list.querySelector("#provisions tr.status-row");
    if (!holder) {
      holder = document.createElement("tr");
      holder.className = "status-row";
      holder.innerHTML = `<td colspan="4"></td>`;
    }
    row.after(holder);
    holder.firstElementChild.appendChild(form);
    form.hidden = false;
  };
  list.querySelectorAll("button.record").forEach((b) => b.addEventListener("click", () => {
    open(b.dataset.provision);
    $("s-level").focus();
  }));
  // a search for evidence: an act by its number, quotations and reports by their words
  let searching = 0;
  const find = async (text) => {
    const ask = ++searching;
    const found = [];
    const number = text.match(/^(?:act\s*)?#?(\d+)$/i);
    try {
      if (number) {
        const a = (await api("acts/" + number[1])).act;
        found.push({ kind: "event", id: String(a.act), label: `act #${a.act} ${a.kind} ${a.date || "undated"} ${a.place_name || ""}`.trim() });
      } else if (text.length >= 3) {
        const [q, d] = await Promise.all([api("quotes", { search: text, limit: 5 }), api("documents", { search: text, limit: 3 })]);
        for (const x of q.quotes) found.push({ kind: "quote", id: `${x.document}:${x.start}`, label: `“${x.text.slice(0, 90)}” (${(x.published || "").slice(0, 10)})` });
        for (const x of d.documents) found.push({ kind: "document", id: x.id, label: `report: ${x.title || x.lead} (${x.publisher || ""} ${(x.published || "").slice(0, 10)})` });
      }
    } catch (e) { if (!/no act/.test(e.message)) status("error: " + e.message); }
    if (ask !== searching) return; // a later search answers instead
    $("s-results").innerHTML = found.map((f, i) => `<li><button type="button" class="add" data-i="${i}">add</button> <span dir="auto">${esc(f.label)}</span></li>`).join("")
      || (text ? `<li class="hint">nothing found</li>` : "");
    $("s-results").querySelectorAll("button.add").forEach((b) => b.addEventListener("click", () => {
      choose(found[Number(b.dataset.i)]);
      $("s-evidence").value = "";
      $("s-results").innerHTML = "";
      $("s-evidence").focus();
    }));
  };
  let timer;
  $("s-evidence").addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => find($("s-evidence").value.trim()), 250);
  });
  // Enter in the search adds the first thing found (and saves when nothing is listed)
  $("s-evidence").addEventListener("keydown", (ev) => {
    const first = $("s-results").querySelector("button.add");
    if (ev.key === "Enter" && first) { ev.preventDefault(); first.click(); }
  });
  list.querySelectorAll("button.suggest").forEach((b) => b.addEventListener("click", async () => {
    const [agreement, provision] = b.dataset.provision.split("/");
    const box = b.closest("tr").querySelector(".suggestions");
    box.textContent = "looking…";
    try {
      const s = await api(`regimes/${encodeURIComponent(rec.id)}/evidence`, { agreement, provision });
      box.innerHTML = s.suggestions.length ? `<ul>${s.suggestions.map((x) => `<li class="suggestion" data-evidence="${esc(x.kind)}:${esc(x.id)}">${evidenceLink(x)} ${esc(x.date || "")}: <span dir="auto">${esc(x.text.slice(0, 140))}</span> <span class="why">shares ${esc([...new Set([...x.shared, ...x.topic_words])].join(", "))}</span> <button type="button" class="use">use</button></li>`).join("")}</ul>`
        : `<span class="hint">no stored act or quotation matches</span>`;
      box.querySelectorAll(".evidence-link").forEach((el) => el.addEventListener("click", (ev) => {
        ev.preventDefault();
        if (el.dataset.kind === "event") openEvent(Number(el.dataset.id)); else openDocument(el.dataset.id.split(":")[0]);
      }));
      box.querySelectorAll("button.use").forEach((u, i) => u.addEventListener("click", () => {
        open(b.dataset.provision);
        const x = s.suggestions[i];
        choose({ kind: x.kind, id: x.id, label: `${x.kind === "event" ? "act #" + x.id : x.kind} ${x.date || ""}: ${x.text.slice(0, 80)}` });
        $("s-level").focus();
      }));
    } catch (e) { box.textContent = "error: " + e.message; }
  }));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const [agreement, provision] = target.split("/");
    const evidence = chosen.map(({ kind, id }) => ({ kind, id }));
    try {
      await post(`regimes/${encodeURIComponent(rec.id)}/status`, {
        agreement, provision, level: Number($("s-level").value), date: $("s-date").value,
        evidence, analyst: session.accounts ? undefined : $("s-analyst").value.trim(), note: $("s-note").value.trim() || null,
      });
      await showRegime();
      // the table is drawn again: the keyboard stays on the provision just recorded
      $("list").querySelector(`button.record[data-provision="${CSS.escape(target)}"]`)?.focus();
    } catch (e) { $("s-error").textContent = e.message; }
  });
}
