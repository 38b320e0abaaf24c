// Every colour the page draws data with, in one place: PLOVER types (cooperative in blues
// and greens, conflictual in oranges and reds), the actor series of the timeline, and what
// monitoring counts.

import { esc } from "./dom.js";

// cooperative types in blues and greens, conflictual ones in oranges, browns, purples and
// reds; each dark enough for white text on it at 4.5:1 or more (WCAG AA), since the type
// badges and the map's counts write on them
export const TYPE_COLOURS = {
  AGREE: "#1565c0", CONSULT: "#0b7285", SUPPORT: "#00796b", CONCEDE: "#2e7d32", COOPERATE: "#1e6b52",
  AID: "#4d7c0f", RETREAT: "#5f6f0b", REQUEST: "#6a4fb5", ACCUSE: "#a1467e", REJECT: "#8e3a9c",
  THREATEN: "#b35900", PROTEST: "#946200", SANCTION: "#c2410c", MOBILIZE: "#a0522d", COERCE: "#c0392b",
  ASSAULT: "#a31515",
};
const UNKNOWN_TYPE_COLOUR = "#6b6b6b";

export const typeColour = (t) => TYPE_COLOURS[t] || UNKNOWN_TYPE_COLOUR;

// Colours of the actor series: the most active actors each get one, the rest are "other".
export const ACTOR_COLOURS = ["#1f5fbf", "#c0392b", "#2e8b57", "#e69138", "#8e7cc3", "#3ca0a0", "#b4659c", "#7cb342"];
export const OTHER_COLOUR = "#9aa3b2";

// alleged violations, acts possibly inside a zone, acts of designated groups
export const MONITORING_COLOURS = { alleged: "#a31515", unattributed: "#6a3d9a", possibly: "#e69138", designated: "#777" };

export function typeBadge(t) { return `<span class="type" style="background:${typeColour(t)}">${esc(t)}</span>`; }
