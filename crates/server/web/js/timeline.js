// The timeline, drawn by uPlot (vendored, loaded before these modules as the global
// uPlot): acts per day or week as bars stacked by type or by actor on a time axis, and
// the dead their tolls add up to as points on a second axis; its legend filters, a range
// of days dragged across it sets the dates, and a table beside it (for screen readers)
// gives every period's counts.

import { $, api, esc, status } from "./dom.js";
import { ACTOR_COLOURS, OTHER_COLOUR, typeColour } from "./colours.js";
import { filters } from "./state.js";
import { loadAll } from "./list.js";

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

const DAY = 864e5;
const DEAD_COLOUR = "#b00020";
let chart = null;

export function drawTimeline(tl) {
  const box = $("timeline");
  const points = tl.points;
  const unit = tl.by === "week" ? 7 : 1;
  const per = tl.by === "week" ? "week" : "day";
  box.setAttribute("aria-label", `Acts per ${per} by ${tl.series === "actor" ? "actor" : "type"}`);
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
  chart?.destroy();
  chart = null;
  // a date known to the month or year stands at its first day
  const dayOf = (d) => Date.parse((d + "-01-01").slice(0, 10));
  const dates = [...new Set(points.map((p) => p.date))].sort();
  box.dataset.series = String(series.length);
  if (!dates.length) {
    box.innerHTML = `<p class="hint">No dated acts match these filters.</p>`;
    $("timeline-table").innerHTML = "";
    return;
  }
  box.innerHTML = "";
  // every period from the first to the last, so bars stand on a true time axis
  const t0 = Math.min(...dates.map(dayOf)), t1 = Math.max(...dates.map(dayOf));
  const periods = [];
  for (let t = t0; t <= t1; t += unit * DAY) periods.push(t);
  const at = (d) => Math.floor((dayOf(d) - t0) / (unit * DAY));
  const counts = series.map(() => periods.map(() => 0));
  const slot = new Map(series.map((s, i) => [s.name, i]));
  const dead = periods.map(() => null);
  for (const p of points) {
    const i = at(p.date);
    const name = colourOf.has(p[key]) ? p[key] : null;
    counts[slot.get(name)][i] += p.events;
    // the dead from the series by type (each act once; by actor an act with two actors
    // would count its dead twice)
    if (key === "type" && p.killed) dead[i] = (dead[i] || 0) + p.killed;
  }
  // stacked: each series drawn at the sum of itself and those under it, the top first
  const stacked = [];
  let run = periods.map(() => 0);
  for (const c of counts) { run = run.map((v, i) => v + c[i]); stacked.push(run); }
  const order = series.map((_, i) => i).reverse();
  const bars = uPlot.paths.bars({ size: [0.9, 40], gap: 0 });
  const opts = {
    width: Math.max(200, box.clientWidth),
    height: 170,
    legend: { show: false },
    cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false } },
    scales: { x: { time: true }, acts: { range: (u, min, max) => [0, Math.max(1, max)] }, dead: { range: (u, min, max) => [0, Math.max(1, max || 1) * 1.15] } },
    axes: [
      { stroke: "#5b6575", grid: { stroke: "#eef0f4" }, font: "12px system-ui, sans-serif" },
      { scale: "acts", label: `acts a ${per}`, stroke: "#5b6575", grid: { stroke: "#eef0f4" }, font: "12px system-ui, sans-serif", labelFont: "12px system-ui, sans-serif", size: 40, labelSize: 16 },
      ...(key === "type" ? [{ scale: "dead", side: 1, label: "killed", stroke: DEAD_COLOUR, grid: { show: false }, font: "12px system-ui, sans-serif", labelFont: "12px system-ui, sans-serif", size: 40, labelSize: 16 }] : []),
    ],
    series: [
      {},
      ...order.map((i) => ({ label: series[i].name ?? "other", scale: "acts", fill: series[i].colour, stroke: series[i].colour, width: 0, paths: bars, points: { show: false } })),
      ...(key === "type" ? [{ label: "killed", scale: "dead", stroke: DEAD_COLOUR, width: 0, paths: () => null, points: { show: true, size: 9, fill: DEAD_COLOUR, stroke: "#fff" } }] : []),
    ],
    hooks: {
      // a dragged range of days sets the dates of every view
      setSelect: [(u) => {
        if (u.select.width < 3) return;
        const a = u.posToVal(u.select.left, "x"), b = u.posToVal(u.select.left + u.select.width, "x");
        u.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
        $("f-from").value = new Date(Math.floor(a * 1000 / DAY) * DAY).toISOString().slice(0, 10);
        $("f-to").value = new Date(Math.floor(b * 1000 / DAY) * DAY + (unit - 1) * DAY).toISOString().slice(0, 10);
        loadAll();
      }],
      // what the cursor is on, in words
      setCursor: [(u) => {
        const i = u.cursor.idx;
        if (i == null) { $("timeline-readout").textContent = ""; return; }
        const parts = series.map((s, n) => [s.name ?? "other", counts[n][i]]).filter(([, n]) => n);
        const total = parts.reduce((a, [, n]) => a + n, 0);
        $("timeline-readout").textContent = `${new Date(periods[i]).toISOString().slice(0, 10)}${unit > 1 ? " (week)" : ""}: ${total} ${total === 1 ? "act" : "acts"}${parts.length ? " — " + parts.map(([name, n]) => `${name} ${n}`).join(", ") : ""}${dead[i] ? `; ${dead[i]} killed` : ""}`;
      }],
    },
  };
  const data = [periods.map((t) => t / 1000), ...order.map((i) => stacked[i]), ...(key === "type" ? [dead] : [])];
  chart = new uPlot(opts, data, box);
  // the same numbers as a table, for screen readers and for anyone who would rather read
  const rows = periods.map((t, i) => [t, counts.reduce((a, c) => a + c[i], 0), dead[i]]).filter(([, n, d]) => n || d);
  $("timeline-table").innerHTML = `<caption>Acts per ${per}${key === "type" ? " and the dead" : ""}</caption><thead><tr><th scope="col">${per}</th><th scope="col">acts</th>${key === "type" ? `<th scope="col">killed</th>` : ""}</tr></thead><tbody>${rows.map(([t, n, d]) => `<tr${d ? ' class="dead"' : ""}><th scope="row">${new Date(t).toISOString().slice(0, 10)}</th><td>${n}</td>${key === "type" ? `<td>${d ?? ""}</td>` : ""}</tr>`).join("")}</tbody>`;
}

// the chart follows its column's width
new ResizeObserver(() => { if (chart) chart.setSize({ width: Math.max(200, $("timeline").clientWidth), height: 170 }); }).observe(document.getElementById("timeline"));
