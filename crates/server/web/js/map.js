// The map: the basemap, the regimes' zones, and the acts as points (zoomed in) or counted
// in the server's grid (zoomed out); wheel, drag and keys move it, and each zone has a
// button that frames it.

import { $, api, esc, plural, status } from "./dom.js";
import { typeColour } from "./colours.js";
import { state, filters, WORLD_VIEW } from "./state.js";
import { showTab } from "./list.js";
import { openEvent } from "./verification.js";

// Zoomed out wider than this many degrees, the map draws every matching act from the
// server's grid (counted in cells of GRID_DEGREES over the whole store); zoomed in, the
// newest 1,000 acts in view as points that open on a click.
const GRID_VIEW_WIDTH = 60;
export const GRID_DEGREES = 0.5;

export async function loadBasemap() {
  const res = await fetch("/basemap.json");
  const map = await res.json();
  const g = map.countries.map((c) => `<path d="${c.d}"><title>${esc(c.name)}</title></path>`).join("");
  $("map").innerHTML = `<g id="land">${g}</g><g id="zones"></g><g id="points"></g>`;
}

// A view of the map's projection (x = lon + 180, y = 90 - lat) that frames a box with a
// margin, at the map's 2:1 shape.
function frame(x0, x1, y0, y1) {
  let w = Math.max(8, (x1 - x0) * 1.4), h = Math.max(4, (y1 - y0) * 1.4);
  if (w < 2 * h) w = 2 * h; else h = w / 2;
  return [(x0 + x1) / 2 - w / 2, (y0 + y1) / 2 - h / 2, w, h];
}

// the first view frames the events
export function fitView() {
  const xs = state.points.map((f) => f.geometry.coordinates[0] + 180);
  const ys = state.points.map((f) => 90 - f.geometry.coordinates[1]);
  setView(frame(Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)));
}

export function setView(v) {
  state.view = v;
  $("map").setAttribute("viewBox", v.join(" "));
  drawPoints();
  pointsInView();
}

// zoomed in, the points are the newest acts inside the view (asked again, a moment after
// the view stops moving, when the view or the filters changed)
export function pointsInView() {
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
      const geo = await api("acts.geojson", { ...f, bbox });
      if (JSON.stringify(filters()) !== JSON.stringify(f)) return; // the filters moved on
      state.pointsKey = key;
      state.points = geo.features;
      drawPoints();
    } catch (e) { status("error: " + e.message); }
  }, 200);
}

// points closer than a cell of the current view are drawn as one circle with a count,
// so a million events stay as fast as a few hundred circles
export function drawPoints() {
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
    out += `<circle cx="${x}" cy="${y}" r="${r}" fill="${typeColour(top)}" stroke-width="${vw / 900}" data-clusters="${c.clusters.join(",")}"><title>${plural(c.n, "event")}</title></circle>`;
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

export function mapInteractions() {
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
  $("map-zoom-world").onclick = () => setView(WORLD_VIEW.slice());
}

// The regimes' zones drawn under the events, a button for each that frames it, and the
// zones as choices of the zone filter. The first regime is the one the Regime tab shows.
export async function loadZones() {
  const regimes = await api("regimes");
  if (!regimes.length) return;
  const loaded = await Promise.all(regimes.map((r) => api("regimes/" + encodeURIComponent(r.id))));
  state.regime = loaded[0];
  const rings = [], buttons = [];
  for (const regime of loaded) {
    for (const f of regime.zones_geojson.features) {
      const xs = [], ys = [];
      for (const polygon of f.geometry.coordinates) {
        const d = polygon.map((ring) => "M" + ring.map(([lon, lat]) => {
          xs.push(lon + 180); ys.push(90 - lat);
          return `${lon + 180},${90 - lat}`;
        }).join("L") + "Z").join("");
        rings.push(`<path class="zone" d="${d}"><title>${esc(f.properties.name)}</title></path>`);
      }
      const view = frame(Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys));
      buttons.push(`<button type="button" data-zone="${esc(f.properties.id ?? f.id ?? "")}" data-view="${view.join(" ")}">${esc(f.properties.name)}</button>`);
    }
  }
  $("zones").innerHTML = rings.join("");
  $("map-zoom-world").insertAdjacentHTML("beforebegin", buttons.join(""));
  $("map-tools").querySelectorAll("button[data-view]").forEach((b) => {
    b.onclick = () => setView(b.dataset.view.split(" ").map(Number));
  });
  for (const l of regimes) for (const z of l.zones) $("f-zone").insertAdjacentHTML("beforeend", `<option value="${esc(z.id)}">${esc(z.name)}</option>`);
}
