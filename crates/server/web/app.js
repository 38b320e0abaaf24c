// truce workbench: events on a timeline and a map, lists, and a reader that shows every
// fact in the sentence it came from. Plain JavaScript, no library, no network beyond
// this server.
"use strict";

const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
// cooperative types in blues and greens, conflictual ones in oranges and reds
const COLOURS = {
  AGREE: "#2b7bba", CONSULT: "#4a90c8", SUPPORT: "#3ca0a0", CONCEDE: "#5aa56a", COOPERATE: "#2e8b57",
  AID: "#6aa84f", RETREAT: "#7cb342", REQUEST: "#8e7cc3", ACCUSE: "#c27ba0", REJECT: "#b4659c",
  THREATEN: "#e69138", PROTEST: "#f1a340", SANCTION: "#d9822b", MOBILIZE: "#cc5a2b", COERCE: "#c0392b",
  ASSAULT: "#a31515",
};
const SYRIA_VIEW = [214, 52, 14, 7]; // x y w h in the map's projection (lon + 180, 90 - lat)
// Zoomed out wider than this many degrees, the map draws every matching act from the
// server's grid (counted in cells of GRID_DEGREES over the whole store); zoomed in, the
// newest 1,000 acts in view as points that open on a click.
const GRID_VIEW_WIDTH = 60;
const GRID_DEGREES = 0.5;
const WORLD_VIEW = [0, 0, 360, 180];

const TABS = ["events", "documents", "quotes", "regime"];

const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const state = { tab: "events", events: [], view: WORLD_VIEW.slice(), selected: null };

async function post(path, body) {
  const res = await fetch("/api/" + path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const out = await res.json();
  if (!res.ok) throw new Error(out.error || res.statusText);
  return out;
}

function verdictBadge(v) {
  return v ? `<span class="verdict verdict-${esc(v.status)}" title="${esc(v.analyst)} ${esc(v.decided_at)}${v.note ? ": " + esc(v.note) : ""}">${esc(v.status)}</span>` : "";
}

async function api(path, params = {}) {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== "" && v != null));
  const url = "/api/" + path + (q.toString() ? "?" + q : "");
  const res = await fetch(url);
  const body = await res.json();
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

function filters() {
  const f = {};
  for (const id of ["type", "modality", "actor", "recipient", "place", "zone", "status", "from", "to"]) {
    const v = $("f-" + id).value.trim();
    if (v) f[id] = v;
  }
  return f;
}

function status(text) { $("status").textContent = text; }

// "1 event", "2 events"
function plural(n, word) { return `${n} ${word}${n === 1 ? "" : "s"}`; }

function typeBadge(t) { return `<span class="type" style="background:${COLOURS[t] || "#777"}">${esc(t)}</span>`; }

// ---- events -------------------------------------------------------------------------

async function loadAll() {
  const f = filters();
  status("loading…");
  try {
    const [ev, tl, geo, grid] = await Promise.all([
      api("events", { ...f, limit: 1000 }),
      timelineOf(f),
      api("events.geojson", f),
      api("events.geojson", { ...f, grid: GRID_DEGREES }),
    ]);
    state.events = ev.events;
    drawTimeline(tl);
    state.points = geo.features;
    state.pointsKey = null;
    state.grid = grid.features;
    if (!state.fitted && state.points.length) { state.fitted = true; fitView(); }
    drawPoints();
    pointsInView();
    showTab(state.tab);
    status(`${ev.events.length} events`);
  } catch (e) {
    status("error: " + e.message);
  }
}

function eventLine(c) {
  const parties = (ids) => ids.length ? ids.map(esc).join(", ") : "?";
  return `<div class="item" tabindex="0" data-cluster="${c.cluster}">
    ${typeBadge(c.kind || c.type)}<span class="modality">${esc(c.modality)}</span>${verdictBadge(c.verification)}
    <b>${parties(c.actors)}</b> → ${parties(c.recipients)}
    <div class="meta">${esc(c.date || "undated")} · ${esc(c.place_name || "place unknown")} · ${plural(c.reports, "report")}</div>
  </div>`;
}

function showEvents() {
  const list = $("list");
  list.innerHTML = state.events.map(eventLine).join("") || `<p class="hint">No events match.</p>`;
  list.querySelectorAll(".item").forEach((el) => {
    const open = () => openEvent(Number(el.dataset.cluster));
    el.addEventListener("click", open);
  });
}

// an act's page in the reader: its reports' evidence, why they were linked, and the
// analyst's verdict and corrections; acts not in the list are fetched by number
async function openEvent(cluster) {
  let c = state.events.find((e) => e.cluster === cluster);
  if (!c) {
    try { c = (await api("events/" + cluster)).event; } catch (e) { status("error: " + e.message); return; }
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
  $("reader").innerHTML = `<h2>${typeBadge(c.kind || c.type)} event #${c.cluster} ${verdictBadge(c.verification)}</h2>
    <div class="verify" role="group" aria-label="Verify this event">
      <input id="v-analyst" size="10" placeholder="analyst" aria-label="Analyst" value="${esc(localStorage.getItem("analyst") || "")}">
      <input id="v-note" size="18" placeholder="why (optional)" aria-label="Why">
      <button type="button" data-verdict="confirmed">Confirm</button>
      <button type="button" data-verdict="rejected">Reject</button>
      <select id="v-type" aria-label="Corrected type"><option value="">correct type…</option>${TYPES.map((t) => `<option>${t}</option>`).join("")}</select>
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
    if (!analyst) { status_("say who you are (analyst) first"); $("v-analyst").focus(); return; }
    localStorage.setItem("analyst", analyst);
    try {
      const r = await post(`events/${c.cluster}/verification`, { status, analyst, note: $("v-note").value, correction });
      c.verification = r.verification;
      showEvents();
      openEvent(c.cluster);
      status_(`event #${c.cluster} ${status}`);
    } catch (e) { status_("error: " + e.message); }
  };
  $("reader").querySelectorAll("button[data-verdict]").forEach((b) => b.addEventListener("click", () => verdict(b.dataset.verdict)));
  // a report that tells another act is split out of this one; the new act opens
  $("reader").querySelectorAll("button.split").forEach((b) => b.addEventListener("click", async () => {
    const analyst = $("v-analyst").value.trim();
    if (!analyst) { status_("say who you are (analyst) first"); $("v-analyst").focus(); return; }
    localStorage.setItem("analyst", analyst);
    try {
      const r = await post(`events/${c.cluster}/split`, { document: b.dataset.document, event: b.dataset.event, analyst, note: $("v-note").value });
      await loadAll();
      await openEvent(r.cluster);
      status_(`${b.dataset.event} of ${b.dataset.document.slice(0, 12)} split out of event #${c.cluster} into #${r.cluster}`);
    } catch (e) { status_("error: " + e.message); }
  }));
  $("v-type").addEventListener("change", (ev) => { if (ev.target.value) verdict("corrected", { type: ev.target.value }); });
  $("correction").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const correction = {};
    const actors = $("c-actors").value.split(",").map((a) => a.trim()).filter(Boolean);
    if (actors.length) correction.actors = actors;
    if ($("c-place").value.trim()) correction.place = $("c-place").value.trim();
    if ($("c-date").value) correction.date = $("c-date").value;
    if (!Object.keys(correction).length) { status_("write the actors, place or date to correct"); return; }
    verdict("corrected", correction);
  });
}

// links to actor and place pages inside `root`
function wireEntities(root) {
  root.querySelectorAll("[data-kind][data-entity]").forEach((el) => {
    if (!el.dataset.entity) return;
    const open = (ev) => { ev.preventDefault(); ev.stopPropagation(); openEntity(el.dataset.kind, el.dataset.entity); };
    el.addEventListener("click", open);
  });
}

// an actor's or a place's page in the reader: what truce knows of it, its newest reports
// (and an actor's quotations), and the way to its acts on the list, timeline and map
async function openEntity(kind, id) {
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
  if ($("e-map")) $("e-map").onclick = () => setView([d.lon + 180 - 2, 90 - d.lat - 1, 4, 2]);
}

function status_(text) { status(text); }

// ---- timeline -------------------------------------------------------------------------

// the timeline as its controls ask: per day or week, by type or actor
function timelineOf(f) { return api("timeline", { ...f, by: $("t-by").value, series: $("t-series").value }); }

async function loadTimeline() {
  try { drawTimeline(await timelineOf(filters())); } catch (e) { status("error: " + e.message); }
}

// Colours of the actor series: the most active actors each get one, the rest are "other".
const ACTOR_COLOURS = ["#1f5fbf", "#c0392b", "#2e8b57", "#e69138", "#8e7cc3", "#3ca0a0", "#b4659c", "#7cb342"];
const OTHER_COLOUR = "#9aa3b2";

// The series of a timeline answer, each with its colour and total, most acts first. Types
// keep their fixed colours; actors beyond the first eight are counted together as "other".
function timelineSeries(tl) {
  const key = tl.series === "actor" ? "actor" : "type";
  const totals = new Map();
  for (const p of tl.points) totals.set(p[key], (totals.get(p[key]) || 0) + p.events);
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
  if (key === "type") return { key, list: ranked.map(([name, total]) => ({ name, total, colour: COLOURS[name] || "#777" })) };
  const list = ranked.slice(0, ACTOR_COLOURS.length).map(([name, total], i) => ({ name, total, colour: ACTOR_COLOURS[i] }));
  const rest = ranked.slice(ACTOR_COLOURS.length).reduce((a, [, n]) => a + n, 0);
  if (rest) list.push({ name: null, total: rest, colour: OTHER_COLOUR });
  return { key, list };
}

function drawTimeline(tl) {
  const svg = $("timeline");
  const points = tl.points;
  const unit = tl.by === "week" ? 7 : 1;
  svg.setAttribute("aria-label", `Acts per ${tl.by === "week" ? "week" : "day"} by ${tl.series === "actor" ? "actor" : "type"}`);
  const { key, list: series } = timelineSeries(tl);
  const colourOf = new Map(series.filter((s) => s.name !== null).map((s) => [s.name, s.colour]));
  // the legend doubles as a filter: choosing a series narrows every view to it
  $("timeline-legend").innerHTML = series.map((s) => s.name === null
    ? `<span><i style="background:${s.colour}"></i>other (${s.total})</span>`
    : `<button type="button" data-${key}="${esc(s.name)}" title="show only ${esc(s.name)}"><i style="background:${s.colour}"></i>${esc(s.name)} (${s.total})</button>`).join("");
  $("timeline-legend").querySelectorAll("button").forEach((b) => b.addEventListener("click", () => {
    if (b.dataset.type) $("f-type").value = b.dataset.type;
    if (b.dataset.actor) $("f-actor").value = b.dataset.actor;
    loadAll();
  }));
  const days = [...new Set(points.map((p) => p.date))].sort();
  if (!days.length) { svg.innerHTML = `<text x="300" y="60" text-anchor="middle" fill="#888" font-size="12">no dated events</text>`; return; }
  const start = new Date(days[0]), end = new Date(days[days.length - 1]);
  const span = Math.max(1, (end - start) / 864e5 + unit);
  // per period, the series stacked in legend order (an act with two actors counts twice)
  const per = {};
  for (const p of points) {
    const bucket = (per[p.date] ||= new Map());
    const name = colourOf.has(p[key]) ? p[key] : null;
    bucket.set(name, (bucket.get(name) || 0) + p.events);
  }
  const max = Math.max(...Object.values(per).map((m) => [...m.values()].reduce((a, n) => a + n, 0)));
  const w = 600 / span;
  let bars = "";
  for (const [day, counts] of Object.entries(per)) {
    const x = ((new Date(day) - start) / 864e5) * w;
    let y = 110;
    for (const s of series) {
      const n = counts.get(s.name);
      if (!n) continue;
      const h = (n / max) * 100;
      y -= h;
      bars += `<rect x="${x}" y="${y}" width="${Math.max(w * unit * 0.9, 0.8)}" height="${h}" fill="${s.colour}"><title>${esc(day)} ${esc(s.name ?? "other")}: ${n}</title></rect>`;
    }
  }
  svg.innerHTML = bars + `<text x="2" y="119" font-size="9" fill="#666">${esc(days[0])}</text><text x="598" y="119" font-size="9" fill="#666" text-anchor="end">${esc(days[days.length - 1])}</text><rect id="brush" y="0" height="120" width="0" fill="rgba(31,95,191,.15)"/>`;
  // brushing a range of days sets the date filters
  let from = null;
  const dayAt = (ev) => {
    const r = svg.getBoundingClientRect();
    const frac = Math.min(1, Math.max(0, (ev.clientX - r.left) / r.width));
    return new Date(start.getTime() + Math.min(span - 1, Math.floor(frac * span)) * 864e5);
  };
  svg.onmousedown = (ev) => { from = ev.clientX; };
  svg.onmousemove = (ev) => {
    if (from === null) return;
    const r = svg.getBoundingClientRect();
    const a = Math.min(from, ev.clientX) - r.left, b = Math.max(from, ev.clientX) - r.left;
    const brush = $("brush");
    brush.setAttribute("x", (a / r.width) * 600);
    brush.setAttribute("width", ((b - a) / r.width) * 600);
  };
  svg.onmouseup = (ev) => {
    if (from === null) return;
    const a = dayAt({ clientX: Math.min(from, ev.clientX) }), b = dayAt({ clientX: Math.max(from, ev.clientX) });
    from = null;
    $("f-from").value = a.toISOString().slice(0, 10);
    $("f-to").value = b.toISOString().slice(0, 10);
    loadAll();
  };
}

// ---- map ------------------------------------------------------------------------------

async function loadBasemap() {
  const res = await fetch("/basemap.json");
  const map = await res.json();
  const g = map.countries.map((c) => `<path d="${c.d}"><title>${esc(c.name)}</title></path>`).join("");
  $("map").innerHTML = `<g id="land">${g}</g><g id="zones"></g><g id="points"></g>`;
}

// the first view frames the events, with a margin, at the map's 2:1 shape
function fitView() {
  const xs = state.points.map((f) => f.geometry.coordinates[0] + 180);
  const ys = state.points.map((f) => 90 - f.geometry.coordinates[1]);
  let [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  let w = Math.max(8, (x1 - x0) * 1.4), h = Math.max(4, (y1 - y0) * 1.4);
  if (w < 2 * h) w = 2 * h; else h = w / 2;
  setView([(x0 + x1) / 2 - w / 2, (y0 + y1) / 2 - h / 2, w, h]);
}

function setView(v) {
  state.view = v;
  $("map").setAttribute("viewBox", v.join(" "));
  drawPoints();
  pointsInView();
}

// zoomed in, the points are the newest acts inside the view (asked again, a moment after
// the view stops moving, when the view or the filters changed)
function pointsInView() {
  clearTimeout(state.viewTimer);
  state.viewTimer = setTimeout(async () => {
    const [vx, vy, vw, vh] = state.view;
    if (vw > GRID_VIEW_WIDTH) return;
    const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v)).toFixed(4);
    const bbox = [clamp(vx - 180, -180, 180), clamp(90 - vy - vh, -90, 90), clamp(vx + vw - 180, -180, 180), clamp(90 - vy, -90, 90)].join(",");
    const f = filters();
    const key = JSON.stringify(f) + bbox;
    if (key === state.pointsKey) return;
    try {
      const geo = await api("events.geojson", { ...f, bbox });
      if (JSON.stringify(filters()) !== JSON.stringify(f)) return; // the filters moved on
      state.pointsKey = key;
      state.points = geo.features;
      drawPoints();
    } catch (e) { status("error: " + e.message); }
  }, 200);
}

// points closer than a cell of the current view are drawn as one circle with a count,
// so a million events stay as fast as a few hundred circles
function drawPoints() {
  const layer = $("points");
  if (!layer || !state.points) return;
  const [vx, vy, vw, vh] = state.view;
  if (vw > GRID_VIEW_WIDTH && state.grid) return drawGrid(layer);
  const cell = vw / 40;
  const cells = new Map();
  for (const f of state.points) {
    const [lon, lat] = f.geometry.coordinates;
    const x = lon + 180, y = 90 - lat;
    if (x < vx - cell || x > vx + vw + cell || y < vy - cell || y > vy + vh + cell) continue;
    const key = Math.floor(x / cell) + ":" + Math.floor(y / cell);
    const c = cells.get(key) || { x: 0, y: 0, n: 0, types: {}, clusters: [] };
    c.x += x; c.y += y; c.n += 1; c.types[f.properties.type] = (c.types[f.properties.type] || 0) + 1;
    c.clusters.push(f.properties.cluster);
    cells.set(key, c);
  }
  let out = "";
  for (const c of cells.values()) {
    const x = c.x / c.n, y = c.y / c.n;
    const top = Object.entries(c.types).sort((a, b) => b[1] - a[1])[0][0];
    const r = (vw / 120) * (1 + Math.log2(c.n));
    out += `<circle cx="${x}" cy="${y}" r="${r}" fill="${COLOURS[top]}" stroke-width="${vw / 900}" data-clusters="${c.clusters.join(",")}"><title>${plural(c.n, "event")}</title></circle>`;
    if (c.n > 1) out += `<text x="${x}" y="${y}" style="font-size:${r}px">${c.n}</text>`;
  }
  layer.innerHTML = out;
  layer.querySelectorAll("circle").forEach((el) => el.addEventListener("click", () => {
    const ids = el.dataset.clusters.split(",").map(Number);
    showTab("events");
    openEvent(ids[0]);
  }));
}

// every matching act of the store, from the server's cells merged into cells of the
// view; a click zooms into the cell
function drawGrid(layer) {
  const [vx, vy, vw, vh] = state.view;
  const cell = vw / 40;
  const cells = new Map();
  for (const f of state.grid) {
    const [lon, lat] = f.geometry.coordinates;
    const x = lon + 180, y = 90 - lat, n = f.properties.events;
    if (x < vx - cell || x > vx + vw + cell || y < vy - cell || y > vy + vh + cell) continue;
    const key = Math.floor(x / cell) + ":" + Math.floor(y / cell);
    const c = cells.get(key) || { x: 0, y: 0, n: 0 };
    c.x += x * n; c.y += y * n; c.n += n;
    cells.set(key, c);
  }
  let out = "";
  for (const c of cells.values()) {
    const x = c.x / c.n, y = c.y / c.n;
    const r = (vw / 160) * (1 + Math.log2(c.n) / 2);
    out += `<circle class="grid-cell" cx="${x}" cy="${y}" r="${r}" fill="#1f5fbf" stroke-width="${vw / 900}" data-x="${x}" data-y="${y}"><title>${plural(c.n, "event")}</title></circle>`;
    if (c.n > 1) out += `<text x="${x}" y="${y}" style="font-size:${r}px">${c.n}</text>`;
  }
  layer.innerHTML = out;
  layer.querySelectorAll("circle").forEach((el) => el.addEventListener("click", () => {
    const w = Math.min(GRID_VIEW_WIDTH / 2, state.view[2] / 3);
    setView([Number(el.dataset.x) - w / 2, Number(el.dataset.y) - w / 4, w, w / 2]);
  }));
}

function mapInteractions() {
  const svg = $("map");
  // the keyboard: arrows pan by a quarter of the view, + and - zoom about its centre
  svg.addEventListener("keydown", (ev) => {
    const [x, y, w, h] = state.view;
    const pan = { ArrowLeft: [-w / 4, 0], ArrowRight: [w / 4, 0], ArrowUp: [0, -h / 4], ArrowDown: [0, h / 4] }[ev.key];
    const zoom = { "+": 0.8, "=": 0.8, "-": 1.25, "_": 1.25 }[ev.key];
    if (pan) setView([x + pan[0], y + pan[1], w, h]);
    else if (zoom) {
      const nw = Math.min(360, Math.max(2, w * zoom)), nh = nw / 2;
      setView([x + (w - nw) / 2, y + (h - nh) / 2, nw, nh]);
    } else return;
    ev.preventDefault();
  });
  svg.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const r = svg.getBoundingClientRect();
    const [x, y, w, h] = state.view;
    const fx = (ev.clientX - r.left) / r.width, fy = (ev.clientY - r.top) / r.height;
    const k = ev.deltaY < 0 ? 0.8 : 1.25;
    const nw = Math.min(360, Math.max(2, w * k)), nh = nw / 2;
    setView([x + (w - nw) * fx, y + (h - nh) * fy, nw, nh]);
  }, { passive: false });
  let drag = null;
  svg.addEventListener("pointerdown", (ev) => { drag = { x: ev.clientX, y: ev.clientY, view: state.view.slice() }; });
  window.addEventListener("pointerup", () => { drag = null; });
  svg.addEventListener("pointermove", (ev) => {
    if (!drag) return;
    const r = svg.getBoundingClientRect();
    const [x, y, w, h] = drag.view;
    setView([x - ((ev.clientX - drag.x) / r.width) * w, y - ((ev.clientY - drag.y) / r.height) * h, w, h]);
  });
  $("map-zoom-syria").onclick = () => setView(SYRIA_VIEW.slice());
  $("map-zoom-world").onclick = () => setView(WORLD_VIEW.slice());
}

// ---- documents, quotes and the reader --------------------------------------------------

async function showDocuments() {
  const { documents } = await api("documents", { limit: 200 });
  $("list").innerHTML = `<form id="upload" class="verify" aria-label="Add a report">
      <input type="file" id="u-file" aria-label="Report file (text, HTML, feed, JSON Lines)">
      <label>published <input type="date" id="u-published"></label>
      <button type="submit">Add report</button></form>` + documents.map((d) => `<div class="item" tabindex="0" data-doc="${esc(d.id)}">
      <b dir="auto">${esc(d.title || d.lead)}</b><div class="meta">${esc((d.published || "undated").slice(0, 10))} · ${esc(d.publisher || "")}</div></div>`).join("");
  $("list").querySelectorAll(".item").forEach((el) => el.addEventListener("click", () => openDocument(el.dataset.doc)));
  $("upload").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const file = $("u-file").files[0];
    if (!file) { status("choose a report file first"); return; }
    const q = new URLSearchParams({ name: file.name });
    if ($("u-published").value) q.set("published", $("u-published").value);
    status(`reading ${file.name}…`);
    try {
      const res = await fetch("/api/documents?" + q, { method: "POST", body: file });
      const out = await res.json();
      if (!res.ok) throw new Error(out.error || res.statusText);
      await loadAll();
      showTab("documents");
      await openDocument(out.documents[0]);
      status(`${file.name}: ${plural(out.new, "new report")}, ${out.duplicates} stored before, ${plural(out.events, "event")} (${out.events_linked} of acts reported before)`);
    } catch (e) { status(`${file.name}: ${e.message}`); }
  });
}

async function showQuotes() {
  const { quotes } = await api("quotes", { limit: 200 });
  $("list").innerHTML = quotes.map((q) => `<div class="item" tabindex="0" data-doc="${esc(q.document)}">
      <span dir="auto">“${esc(q.text.slice(0, 160))}”</span><div class="meta">${esc(q.speaker_label || q.speaker_name || "speaker unknown")} · ${esc(q.kind)}</div></div>`).join("");
  $("list").querySelectorAll(".item").forEach((el) => el.addEventListener("click", () => openDocument(el.dataset.doc)));
}

// the report's text with its annotations in place: actors, places and dates as marked
// spans, quotations underlined (a click goes to the speaker's events), event evidence
// shaded
async function openDocument(id, cluster) {
  const d = await api("documents/" + encodeURIComponent(id));
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
    <p class="meta">${esc(doc.publisher || "")} ${esc((doc.published || "").slice(0, 10))} · ${plural(d.events.length, "event")} · ${plural(d.quotes.length, "quote")}</p>
    <div class="reader-text" dir="auto">${html}</div>
    ${(doc.removed || []).length ? `<div class="removed">Removed as boilerplate:<br>${doc.removed.map((r) => esc(r.text) + " (" + esc(r.reason) + ")").join("<br>")}</div>` : ""}`;
  wireEntities($("reader"));
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

// ---- the regime: its zone on the map, alleged violations per day and party ----------

// the regime's zones drawn under the events, in the map's projection
async function loadZones() {
  // the first regime the server knows (truce ships one; more come from --regime-dir later)
  const regimes = await api("regimes");
  if (!regimes.length) return;
  const regime = await api("regimes/" + encodeURIComponent(regimes[0].id));
  state.regime = regime;
  const rings = [];
  for (const f of regime.zones_geojson.features) {
    for (const polygon of f.geometry.coordinates) {
      const d = polygon.map((ring) => "M" + ring.map(([lon, lat]) => `${lon + 180},${90 - lat}`).join("L") + "Z").join("");
      rings.push(`<path class="zone" d="${d}"><title>${esc(f.properties.name)}</title></path>`);
    }
  }
  $("zones").innerHTML = rings.join("");
  for (const l of regimes) for (const z of l.zones) $("f-zone").insertAdjacentHTML("beforeend", `<option value="${esc(z.id)}">${esc(z.name)}</option>`);
}

async function showRegime() {
  const f = filters();
  const r = state.regime;
  if (!r) { $("list").innerHTML = `<p class="hint">No regime is loaded.</p>`; return; }
  const v = await api("violations", { regime: r.id, from: f.from, to: f.to });
  // per day: alleged violations, acts possibly inside, acts of designated groups
  const days = new Map();
  for (const d of v.days) {
    const x = days.get(d.date) || { alleged: 0, possibly: 0, designated: 0 };
    x.alleged += d.alleged_violations; x.possibly += d.possibly_inside; x.designated += d.designated;
    days.set(d.date, x);
  }
  const dates = [...days.keys()].filter((d) => d !== "undated").sort();
  let chart = "";
  if (dates.length) {
    const t0 = Date.parse(dates[0]), t1 = Date.parse(dates[dates.length - 1]);
    const span = Math.max(1, (t1 - t0) / 86400000 + 1);
    const max = Math.max(...dates.map((d) => { const x = days.get(d); return x.alleged + x.possibly + x.designated; }));
    const w = 600 / span;
    for (const d of dates) {
      const x = ((Date.parse(d) - t0) / 86400000) * w;
      let y = 110;
      for (const [k, cls] of [["alleged", "alleged"], ["possibly", "possibly"], ["designated", "designated"]]) {
        const h = (days.get(d)[k] / max) * 100;
        if (!h) continue;
        y -= h;
        chart += `<rect class="${cls}" x="${x}" y="${y}" width="${Math.max(1, w * 0.9)}" height="${h}"><title>${esc(d)}: ${days.get(d)[k]} ${cls}</title></rect>`;
      }
    }
  }
  const parties = Object.entries(v.by_party).sort((a, b) => b[1] - a[1]);
  // statuses and deadlines read on the last day chosen, or today
  const on = f.to || new Date().toISOString().slice(0, 10);
  const [rec, proposals] = await Promise.all([api("regimes/" + encodeURIComponent(r.id), { on }), api("agreements")]);
  $("list").innerHTML = `<h2>${esc(r.name)} <small>${v.events.length} acts in the zone${f.from || f.to ? " in the chosen dates" : ""}</small></h2>
    <div class="legend"><span><i style="background:#a31515"></i>alleged violations</span><span><i style="background:#e69138"></i>possibly inside</span><span><i style="background:#777"></i>designated groups</span></div>
    <svg id="violations-chart" role="img" aria-label="Alleged violations per day" viewBox="0 0 600 110" preserveAspectRatio="none">${chart}</svg>
    <h2>Alleged perpetrators</h2>
    <table class="parties">${parties.map(([p, n]) => `<tr><td>${esc(p)}</td><td>${n}</td></tr>`).join("") || "<tr><td>none</td></tr>"}</table>
    <h2>Acts</h2>
    ${v.events.map((e) => `<div class="item" tabindex="0" data-cluster="${e.event}">${typeBadge(e.type)} ${esc(e.date || "undated")} · ${esc(e.position.replace("_", " "))}${e.designated ? " · designated" : ""}
      <div class="meta" dir="auto">${esc(e.actors.join(", "))} → ${esc(e.recipients.join(", "))} · ${esc(e.place || "")} · ${plural(e.reports, "report")}</div></div>`).join("")}
    <h2>Phases and deadlines <small>as of ${esc(rec.as_of)}</small></h2>
    ${phaseTimeline(rec)}
    <h2>Provisions <small>implementation 0 not begun · 1 minimal · 2 intermediate · 3 full</small></h2>
    ${provisionTable(rec)}
    <h2>Agreements found in reports <small>proposed by analysis; accept, edit or reject</small></h2>
    ${proposalList(proposals.agreements)}`;
  $("list").querySelectorAll(".item[data-cluster]").forEach((el) => el.addEventListener("click", () => openEvent(Number(el.dataset.cluster))));
  wireProvisions(rec);
  wireProposals();
  const flagged = rec.provision_records.filter((p) => p.flagged).length;
  status(`${v.events.length} acts in the ${r.name}; ${plural(flagged, "deadline")} passed without evidence of compliance`);
}

const DEADLINE_WORDS = { pending: "pending", met: "met", late: "met late", partial: "passed, partly done", no_evidence: "passed, no evidence" };

// the phases as bars on one time axis, each deadline a tick coloured by what it means
function phaseTimeline(rec) {
  const days = (d) => Date.parse(d) / 86400000;
  const deadlines = rec.provision_records.filter((p) => p.deadline);
  const starts = [...rec.phases.map((p) => p.from), ...rec.agreements.map((a) => a.date), ...deadlines.map((p) => p.deadline)];
  const ends = [...rec.phases.map((p) => p.to || rec.as_of), ...deadlines.map((p) => p.deadline), rec.as_of];
  const t0 = Math.min(...starts.map(days)), t1 = Math.max(...ends.map(days));
  const x = (d) => 10 + ((days(d) - t0) / Math.max(1, t1 - t0)) * 580;
  let svg = "";
  rec.phases.forEach((p, i) => {
    const y = 8 + i * 16;
    svg += `<rect class="phase" x="${x(p.from)}" y="${y}" width="${Math.max(2, x(p.to || rec.as_of) - x(p.from))}" height="11"><title>${esc(p.name)}: ${esc(p.from)} to ${esc(p.to || "open")}</title></rect>
      <text x="${x(p.from) + 3}" y="${y + 9}">${esc(p.name)}</text>`;
  });
  const base = 14 + rec.phases.length * 16;
  for (const p of deadlines) {
    svg += `<line class="deadline-tick ${esc(p.deadline_state)}" x1="${x(p.deadline)}" x2="${x(p.deadline)}" y1="${base}" y2="${base + 18}"><title>${esc(p.agreement)} ${esc(p.provision)} by ${esc(p.deadline)}: ${esc(DEADLINE_WORDS[p.deadline_state] || "")} — ${esc(p.text)}</title></line>`;
  }
  svg += `<line class="today" x1="${x(rec.as_of)}" x2="${x(rec.as_of)}" y1="0" y2="${base + 22}"><title>${esc(rec.as_of)}</title></line>`;
  return `<svg id="phase-timeline" role="img" aria-label="Phases and deadlines" viewBox="0 0 600 ${base + 24}">${svg}</svg>`;
}

function evidenceLink(e) {
  const label = e.kind === "event" ? "event #" + e.id : e.kind + " " + e.id.slice(0, 10);
  return `<a href="#" class="evidence-link" data-kind="${esc(e.kind)}" data-id="${esc(e.id)}">${esc(label)}</a>`;
}

function provisionTable(rec) {
  const rows = [];
  for (const a of rec.agreements) {
    rows.push(`<tr class="agreement-row"><th colspan="4">${esc(a.name)} <span class="meta">${esc(a.date)} · ${esc(a.place)} · ${esc(a.parties.join(", "))}</span></th></tr>`);
    for (const p of rec.provision_records.filter((x) => x.agreement === a.id)) {
      const key = `${p.agreement}/${p.provision}`;
      const history = p.history.map((c) => `<li>${esc(c.date)}: ${c.level} ${esc(["not begun", "minimal", "intermediate", "full"][c.level])} by ${esc(c.analyst)}${c.evidence.length ? " · " + c.evidence.map(evidenceLink).join(" ") : ""}${c.note ? ` <i>${esc(c.note)}</i>` : ""}</li>`).join("");
      rows.push(`<tr class="provision${p.flagged ? " flagged" : ""}" data-provision="${esc(key)}">
        <td>${esc(p.provision)}</td>
        <td>${esc(p.text)}<div class="meta">${esc(p.topic)}</div>${history ? `<ul class="history">${history}</ul>` : ""}
          <div class="suggestions"></div></td>
        <td class="level">${p.level == null ? "—" : `${p.level} ${esc(p.level_name)}`}</td>
        <td>${p.deadline ? `<span class="deadline ${esc(p.deadline_state)}">by ${esc(p.deadline)}<br>${esc(DEADLINE_WORDS[p.deadline_state])}</span>` : ""}
          <div><button type="button" class="suggest" data-provision="${esc(key)}">suggest evidence</button>
          <button type="button" class="record" data-provision="${esc(key)}">record status</button></div></td></tr>`);
    }
  }
  return `<table id="provisions"><thead><tr><th>id</th><th>provision</th><th>status</th><th>deadline</th></tr></thead><tbody>${rows.join("")}</tbody></table>
    <form id="status-form" hidden>
      <h2>Record status of <span id="s-which"></span></h2>
      <label>level <select id="s-level"><option value="0">0 not begun</option><option value="1">1 minimal</option><option value="2">2 intermediate</option><option value="3">3 full</option></select></label>
      <label>from <input id="s-date" type="date" required></label>
      <label>evidence <input id="s-evidence" placeholder="event:12 quote:3fa2…:120"></label>
      <label>analyst <input id="s-analyst" required></label>
      <label>note <input id="s-note"></label>
      <button type="submit">save</button> <button type="button" id="s-cancel">cancel</button> <span id="s-error" class="error"></span>
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
      <div class="decide">
        <input class="p-analyst" placeholder="analyst" aria-label="analyst">
        <input class="p-note" placeholder="why (optional)" aria-label="note">
        <button type="button" data-decision="accepted">Accept</button>
        <button type="button" data-decision="rejected">Reject</button>
        <input class="p-date" type="date" value="${esc(a.date || "")}" aria-label="date">
        <input class="p-parties" value="${esc(a.parties.join(","))}" aria-label="parties">
        <button type="button" data-decision="edited">Save edit</button>
        <span class="error"></span>
      </div></div>`;
  }).join("");
}

function wireProposals() {
  $("list").querySelectorAll(".proposal").forEach((el) => {
    el.querySelector(".open-report").addEventListener("click", (ev) => { ev.preventDefault(); openDocument(ev.target.dataset.document); });
    el.querySelectorAll("button[data-decision]").forEach((b) => b.addEventListener("click", async () => {
      const decision = b.dataset.decision;
      const body = { decision, analyst: el.querySelector(".p-analyst").value.trim(), note: el.querySelector(".p-note").value.trim() || null };
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
  // closing the form gives the keyboard back to the provision's button
  const close = () => {
    form.hidden = true;
    if (target) list.querySelector(`button.record[data-provision="${CSS.escape(target)}"]`)?.focus();
  };
  $("s-cancel").addEventListener("click", close);
  form.addEventListener("keydown", (ev) => { if (ev.key === "Escape") { ev.preventDefault(); close(); } });
  list.querySelectorAll("button.record").forEach((b) => b.addEventListener("click", () => {
    target = b.dataset.provision;
    $("s-which").textContent = target;
    $("s-date").value = $("s-date").value || rec.as_of;
    form.hidden = false;
    $("s-level").focus();
  }));
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
      box.querySelectorAll("button.use").forEach((u) => u.addEventListener("click", () => {
        b.closest("tr").querySelector("button.record").click();
        const ev = u.closest("li").dataset.evidence;
        const now = $("s-evidence").value.trim();
        if (!now.split(/\s+/).includes(ev)) $("s-evidence").value = (now + " " + ev).trim();
      }));
    } catch (e) { box.textContent = "error: " + e.message; }
  }));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const [agreement, provision] = target.split("/");
    const evidence = $("s-evidence").value.trim().split(/\s+/).filter(Boolean).map((x) => {
      const i = x.indexOf(":");
      return { kind: x.slice(0, i), id: x.slice(i + 1) };
    });
    try {
      await post(`regimes/${encodeURIComponent(rec.id)}/status`, {
        agreement, provision, level: Number($("s-level").value), date: $("s-date").value,
        evidence, analyst: $("s-analyst").value.trim(), note: $("s-note").value.trim() || null,
      });
      await showRegime();
      // the table is drawn again: the keyboard stays on the provision just recorded
      $("list").querySelector(`button.record[data-provision="${CSS.escape(target)}"]`)?.focus();
    } catch (e) { $("s-error").textContent = e.message; }
  });
}

function showTab(tab) {
  state.tab = tab;
  for (const t of TABS) $("tab-" + t).setAttribute("aria-selected", String(t === tab));
  if (tab === "events") showEvents();
  if (tab === "documents") showDocuments().catch((e) => status("error: " + e.message));
  if (tab === "quotes") showQuotes().catch((e) => status("error: " + e.message));
  if (tab === "regime") showRegime().catch((e) => status("error: " + e.message));
}

// What the keyboard does beyond the browser's own: Enter or Space on a focused list item or
// a name in the text opens it as a click does (one listener for every list, drawn or not),
// and the arrow keys move between the tabs as in any tab list.
function keyboard() {
  document.addEventListener("keydown", (ev) => {
    const el = ev.target;
    if ((ev.key === "Enter" || ev.key === " ") && el.matches?.(".item[tabindex], [role=link][tabindex]")) {
      ev.preventDefault();
      el.click();
    }
  });
  document.querySelector("nav[role=tablist]").addEventListener("keydown", (ev) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[ev.key];
    if (!step) return;
    ev.preventDefault();
    const at = TABS.indexOf(ev.target.id.replace(/^tab-/, ""));
    const next = TABS[((at < 0 ? TABS.indexOf(state.tab) : at) + step + TABS.length) % TABS.length];
    showTab(next);
    $("tab-" + next).focus();
  });
}

async function main() {
  $("f-type").innerHTML += TYPES.map((t) => `<option>${t}</option>`).join("");
  $("filters").addEventListener("submit", (ev) => { ev.preventDefault(); loadAll(); });
  $("f-clear").onclick = () => { $("filters").reset(); loadAll(); };
  $("t-by").onchange = loadTimeline;
  $("t-series").onchange = loadTimeline;
  for (const t of TABS) $("tab-" + t).onclick = () => showTab(t);
  keyboard();
  await loadBasemap();
  await loadZones().catch((e) => status("error: " + e.message));
  mapInteractions();
  await loadAll();
}

main();
