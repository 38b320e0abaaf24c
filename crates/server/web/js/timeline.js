// The timeline: acts per day or week, stacked by type or by actor, with the dead their
// tolls add up to marked above the bars; its legend filters and a brushed range of days
// sets the dates.

import { $, api, esc, status } from "./dom.js";
import { ACTOR_COLOURS, OTHER_COLOUR, typeColour } from "./colours.js";
import { filters } from "./state.js";
import { loadAll } from "./list.js";
import { axisHtml } from "./axis.js";

// the timeline as its controls ask: per day or week, by type or actor
export function timelineOf(f) { return api("timeline", { ...f, by: $("t-by").value, series: $("t-series").value }); }

export async function loadTimeline() {
  try { drawTimeline(await timelineOf(filters())); } catch (e) { status("error: " + e.message); }
}

// The series of a timeline answer, each with its colour and total, most acts first. Types
// keep their fixed colours; actors beyond the first eight are counted together as "other".
function timelineSeries(tl) {
  const key = tl.series === "actor" ? "actor" : "type";
  const totals = new Map();
  for (const p of tl.points) totals.set(p[key], (totals.get(p[key]) || 0) + p.events);
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
  if (key === "type") return { key, list: ranked.map(([name, total]) => ({ name, total, colour: typeColour(name) })) };
  const list = ranked.slice(0, ACTOR_COLOURS.length).map(([name, total], i) => ({ name, total, colour: ACTOR_COLOURS[i] }));
  const rest = ranked.slice(ACTOR_COLOURS.length).reduce((a, [, n]) => a + n, 0);
  if (rest) list.push({ name: null, total: rest, colour: OTHER_COLOUR });
  return { key, list };
}

export function drawTimeline(tl) {
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
  if (!days.length) { svg.innerHTML = ""; $("timeline-axis").innerHTML = `<p class="hint">No dated acts match these filters.</p>`; return; }
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
  // the dead per period, from the series by type (each act once; by actor an act with two
  // actors would count its dead twice)
  const dead = {};
  if (key === "type") for (const p of points) if (p.killed) dead[p.date] = (dead[p.date] || 0) + p.killed;
  const maxDead = Math.max(1, ...Object.values(dead));
  for (const [day, n] of Object.entries(dead)) {
    const x = ((new Date(day) - start) / 864e5) * w + Math.max(w * unit * 0.45, 0.4);
    bars += `<circle class="dead" cx="${x}" cy="5" r="${(1.5 + 3.5 * Math.sqrt(n / maxDead)).toFixed(1)}" fill="#b00020"><title>${esc(day)}: ${n} killed</title></circle>`;
  }
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
  svg.innerHTML = bars + `<rect id="brush" y="0" height="120" width="0" fill="rgba(31,95,191,.15)"/>`;
  // the dates under the bars, and the height of the tallest
  const t0 = start.getTime(), t1 = t0 + span * 864e5;
  $("timeline-axis").innerHTML = axisHtml(t0, t1, (t) => (t - t0) / (t1 - t0), "dates")
    + `<span class="axis-max">tallest: ${max} ${max === 1 ? "act" : "acts"} a ${tl.by === "week" ? "week" : "day"}</span>`;
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
