// The map, drawn by Leaflet (vendored under vendor/, loaded before this module as the
// global L) with the Natural Earth countries as shapes: no tiles, nothing fetched but this
// server. On it: the regimes' zones, and the acts. Zoomed in, the newest 1,000 acts in
// view are markers that gather into clusters which never hide one another (Leaflet's
// markercluster); a click on a cluster lists its acts in a popup, a click on an act opens
// it. Zoomed out wider than GRID_VIEW_WIDTH degrees, every matching act of the store is
// counted in the server's grid cells, and a click zooms in. Places are labelled when
// zoomed in; a legend under the map names the types drawn. Leaflet gives the + and − buttons, the wheel,
// drag, pinch and the keyboard (arrows pan, + and − zoom).

import { $, api, esc, plural, status } from "./dom.js";
import { TYPE_COLOURS, typeBadge, typeColour } from "./colours.js";
import { state, filters } from "./state.js";
import { showTab } from "./list.js";
import { openEvent } from "./verification.js";

const L = window.L;

// Wider than this many degrees (a continent), the map draws the server's grid of every
// matching act; narrower, the newest acts in view.
const GRID_VIEW_WIDTH = 100;
export const GRID_DEGREES = 0.5;
// From this zoom on, the places of the acts in view are named on the map.
const LABEL_ZOOM = 7;
// The acts a cluster's popup lists before saying how many more it holds.
const POPUP_ACTS = 30;

let map, acts, grid, labels;

// The basemap's countries, SVG paths in x = lon + 180, y = 90 − lat, as Leaflet rings.
function rings(d) {
  const out = [];
  for (const part of d.split("M").slice(1)) {
    const ring = part.replace(/Z/g, "").trim().split(/\s*L\s*/).map((p) => {
      const [x, y] = p.split(",").map(Number);
      return [90 - y, x - 180];
    }).filter(([lat, lon]) => Number.isFinite(lat) && Number.isFinite(lon));
    if (ring.length > 2) out.push(ring);
  }
  return out;
}

export async function loadBasemap() {
  map = L.map("map", { worldCopyJump: false, minZoom: 1, maxZoom: 12, zoomSnap: 0.5, attributionControl: true, keyboardPanDelta: 120 });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth (public domain) · Leaflet");
  const res = await fetch("/basemap.json");
  const basemap = await res.json();
  const land = L.layerGroup();
  for (const c of basemap.countries) {
    L.polygon(rings(c.d), { className: "land", interactive: false, smoothFactor: 1.5 }).addTo(land);
  }
  land.addTo(map);
  map.fitWorld();
  acts = L.markerClusterGroup({
    showCoverageOnHover: false,
    zoomToBoundsOnClick: false,
    spiderfyOnMaxZoom: false,
    // the acts are drawn again after every move (those in view are asked of the server), so
    // clusters appear in place rather than flying in from the last view
    animate: false,
    maxClusterRadius: 44,
    iconCreateFunction: clusterIcon,
  }).addTo(map);
  acts.on("clusterclick", (ev) => listCluster(ev.layer));
  grid = L.layerGroup().addTo(map);
  labels = L.layerGroup().addTo(map);
}

// the icon of a cluster: its count, in the colour of the type most of its acts have
function clusterIcon(cluster) {
  const types = {};
  for (const m of cluster.getAllChildMarkers()) types[m.options.act.type] = (types[m.options.act.type] || 0) + 1;
  const top = Object.entries(types).sort((a, b) => b[1] - a[1])[0][0];
  const n = cluster.getChildCount();
  const size = Math.round(26 + 6 * Math.log2(n));
  return L.divIcon({
    className: "act-cluster",
    html: `<span style="background:${typeColour(top)};width:${size}px;height:${size}px;line-height:${size}px" data-count="${n}" title="${plural(n, "act")}: choose to list them">${n}</span>`,
    iconSize: [size, size],
  });
}

function actIcon(p) {
  return L.divIcon({
    className: "act-marker",
    html: `<span style="background:${typeColour(p.type)}" data-count="1" data-act="${p.act}" title="act #${p.act}, ${esc(p.type)}${p.date ? ", " + esc(p.date) : ""}"></span>`,
    iconSize: [18, 18],
  });
}

// an act as a line of a cluster's popup
function popupLine(p) {
  const parties = (ids) => (ids && ids.length ? ids.map(esc).join(", ") : "?");
  return `<li><button type="button" class="popup-act" data-act="${p.act}">${typeBadge(p.type)} <b>${parties(p.actors)}</b> → ${parties(p.recipients)}<br><span class="meta">${esc(p.date || "undated")} · ${esc(p.place_name || "")} · act #${p.act}</span></button></li>`;
}

// a cluster's acts in a popup, newest first; each opens its act
function listCluster(cluster) {
  const list = cluster.getAllChildMarkers().map((m) => m.options.act)
    .sort((a, b) => String(b.date || "").localeCompare(String(a.date || "")) || b.act - a.act);
  const more = list.length - POPUP_ACTS;
  const html = `<div class="cluster-popup"><p><b>${plural(list.length, "act")}</b> here</p><ul>${list.slice(0, POPUP_ACTS).map(popupLine).join("")}</ul>${more > 0 ? `<p class="meta">and ${more} more: zoom in or filter</p>` : ""}</div>`;
  L.popup({ maxWidth: 340, maxHeight: 320, autoPanPadding: [20, 20] }).setLatLng(cluster.getLatLng()).setContent(html).openOn(map);
}

// a click on an act in a popup opens it
document.addEventListener("click", (ev) => {
  const b = ev.target.closest?.(".popup-act");
  if (!b) return;
  map.closePopup();
  showTab("events");
  openEvent(Number(b.dataset.act));
});

// the first view frames the acts
export function fitView() {
  if (!state.points || !state.points.length) return;
  const b = L.latLngBounds(state.points.map((f) => [f.geometry.coordinates[1], f.geometry.coordinates[0]]));
  map.fitBounds(b.pad(0.3), { maxZoom: 7 });
}

// a place from its page: centred and zoomed in
export function showPlace(lat, lon) {
  map.setView([lat, lon], 8);
  $("map").scrollIntoView?.({ block: "nearest" });
}

function viewWidth() {
  const b = map.getBounds();
  return b.getEast() - b.getWest();
}

// zoomed in, the points are the newest acts inside the view (asked again, a moment after
// the view stops moving, when the view or the filters changed)
export function pointsInView() {
  clearTimeout(state.viewTimer);
  state.viewTimer = setTimeout(async () => {
    if (!map || viewWidth() > GRID_VIEW_WIDTH) return;
    const b = map.getBounds();
    const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v)).toFixed(4);
    const bbox = [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90), clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)].join(",");
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

// Draws the acts as the view asks: the grid zoomed out, the clustered markers zoomed in;
// then the places' names and the legend.
// what the markers were last made from: a move within the same points redraws no marker
// (the clusters follow the zoom by themselves), only the grid, labels and legend
let drawnFrom = null;

export function drawPoints() {
  if (!map || !state.points) return;
  grid.clearLayers();
  labels.clearLayers();
  const gridMode = viewWidth() > GRID_VIEW_WIDTH && state.grid;
  $("map").dataset.mode = gridMode ? "grid" : "acts";
  if (gridMode) {
    acts.clearLayers();
    drawnFrom = null;
    drawGrid();
  } else {
    if (drawnFrom !== state.points) {
      acts.clearLayers();
      drawnFrom = state.points;
      acts.addLayers(markers());
    }
    if (map.getZoom() >= LABEL_ZOOM) drawLabels();
  }
  drawLegend(gridMode);
}

// a marker for each act of the points, opening its act on a click
function markers() {
  return state.points.map((f) => {
    const [lon, lat] = f.geometry.coordinates;
    const m = L.marker([lat, lon], { icon: actIcon(f.properties), act: f.properties, keyboard: true, title: `act #${f.properties.act}` });
    m.on("click", () => { showTab("events"); openEvent(f.properties.act); });
    return m;
  });
}

// the name of each place acts are drawn at, beside it
function drawLabels() {
  const seen = new Set();
  for (const f of state.points) {
    const name = f.properties.place_name;
    const [lon, lat] = f.geometry.coordinates;
    const key = name + lat + "," + lon;
    if (!name || seen.has(key)) continue;
    seen.add(key);
    L.tooltip({ permanent: true, direction: "right", offset: [12, 0], className: "place-label", interactive: false })
      .setLatLng([lat, lon]).setContent(esc(name)).addTo(labels);
  }
}

function drawLegend(gridMode) {
  const el = $("map-legend");
  if (gridMode) { el.innerHTML = `<span><i class="grid-swatch"></i>acts counted per area; choose one to zoom in</span>`; return; }
  const present = new Set(state.points.map((f) => f.properties.type));
  el.innerHTML = Object.keys(TYPE_COLOURS).filter((t) => present.has(t))
    .map((t) => `<span><i style="background:${typeColour(t)}"></i>${esc(t)}</span>`).join("") || `<span>no located acts in view</span>`;
}

// the size in pixels of a grid cell's circle of `n` acts
const cellSize = (n) => Math.round(24 + 5 * Math.log2(n));

// every matching act of the store, from the server's cells: the biggest first, each
// cell merged into a drawn one it would overlap, so no circle hides another; a click
// zooms into the cell
function drawGrid() {
  const size = map.getSize();
  const drawn = [];
  for (const f of [...state.grid].sort((a, b) => b.properties.events - a.properties.events)) {
    const [lon, lat] = f.geometry.coordinates;
    const n = f.properties.events;
    const at = map.latLngToContainerPoint([lat, lon]);
    if (at.x < -50 || at.y < -50 || at.x > size.x + 50 || at.y > size.y + 50) continue;
    const near = drawn.find((c) => c.at.distanceTo(at) < (cellSize(c.n) + cellSize(n)) / 2 + 4);
    if (near) {
      near.lat = (near.lat * near.n + lat * n) / (near.n + n);
      near.lon = (near.lon * near.n + lon * n) / (near.n + n);
      near.n += n;
    } else drawn.push({ lat, lon, n, at });
  }
  for (const c of drawn) {
    const px = cellSize(c.n);
    const icon = L.divIcon({
      className: "grid-cell",
      html: `<span style="width:${px}px;height:${px}px;line-height:${px}px" data-count="${c.n}" title="${plural(c.n, "act")}: choose to zoom in">${c.n}</span>`,
      iconSize: [px, px],
    });
    L.marker([c.lat, c.lon], { icon, keyboard: true, title: plural(c.n, "act") })
      .on("click", () => map.setView([c.lat, c.lon], Math.max(map.getZoom() + 3, 5)))
      .addTo(grid);
  }
}

export function mapInteractions() {
  // the view changed: the points in it are asked for, the drawing follows the zoom, and
  // the view is written on the element (what tests and tools read)
  map.on("moveend zoomend", () => {
    const b = map.getBounds();
    $("map").dataset.view = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(4)).join(",");
    $("map").dataset.zoom = String(map.getZoom());
    drawPoints();
    pointsInView();
  });
  $("map-zoom-world").onclick = () => map.fitWorld();
}

// The regimes' zones drawn under the acts, a button for each that frames it, and the
// zones as choices of the zone filter. The first regime is the one the Regime tab shows.
export async function loadZones() {
  const regimes = await api("regimes");
  if (!regimes.length) return;
  const loaded = await Promise.all(regimes.map((r) => api("regimes/" + encodeURIComponent(r.id))));
  state.regime = loaded[0];
  const buttons = [], zoneBounds = new Map();
  for (const regime of loaded) {
    for (const f of regime.zones_geojson.features) {
      const layer = L.geoJSON(f, { style: { className: "zone" }, interactive: false }).addTo(map);
      const id = f.properties.id ?? f.id ?? "";
      zoneBounds.set(id, layer.getBounds());
      buttons.push(`<button type="button" data-zone="${esc(id)}">${esc(f.properties.name)}</button>`);
    }
  }
  $("map-zoom-world").insertAdjacentHTML("beforebegin", buttons.join(""));
  $("map-tools").querySelectorAll("button[data-zone]").forEach((b) => {
    b.onclick = () => map.fitBounds(zoneBounds.get(b.dataset.zone), { padding: [10, 10] });
  });
  for (const l of regimes) for (const z of l.zones) $("f-zone").insertAdjacentHTML("beforeend", `<option value="${esc(z.id)}">${esc(z.name)}</option>`);
}
