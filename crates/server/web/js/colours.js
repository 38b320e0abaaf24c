// Every colour the page draws data with, in one place: PLOVER types (cooperative in blues
// and greens, conflictual in oranges and reds), the actor series of the timeline, and what
// monitoring counts.

import { esc } from "./dom.js";

// cooperative types in blues and greens, conflictual ones in oranges and reds
export const TYPE_COLOURS = {
  AGREE: "#2b7bba", CONSULT: "#4a90c8", SUPPORT: "#3ca0a0", CONCEDE: "#5aa56a", COOPERATE: "#2e8b57",
  AID: "#6aa84f", RETREAT: "#7cb342", REQUEST: "#8e7cc3", ACCUSE: "#c27ba0", REJECT: "#b4659c",
  THREATEN: "#e69138", PROTEST: "#f1a340", SANCTION: "#d9822b", MOBILIZE: "#cc5a2b", COERCE: "#c0392b",
  ASSAULT: "#a31515",
};
const UNKNOWN_TYPE_COLOUR = "#777";

export const typeColour = (t) => TYPE_COLOURS[t] || UNKNOWN_TYPE_COLOUR;

// Colours of the actor series: the most active actors each get one, the rest are "other".
export const ACTOR_COLOURS = ["#1f5fbf", "#c0392b", "#2e8b57", "#e69138", "#8e7cc3", "#3ca0a0", "#b4659c", "#7cb342"];
export const OTHER_COLOUR = "#9aa3b2";

// alleged violations, acts possibly inside a zone, acts of designated groups
export const MONITORING_COLOURS = { alleged: "#a31515", unattributed: "#6a3d9a", possibly: "#e69138", designated: "#777" };

export function typeBadge(t) { return `<span class="type" style="background:${typeColour(t)}">${esc(t)}</span>`; }
