// What the views share: the acts listed, the map's view and points, the selected act, the
// regime shown, and the filters as the form has them.

import { $ } from "./dom.js";

export const WORLD_VIEW = [0, 0, 360, 180];

export const state = { tab: "events", events: [], view: WORLD_VIEW.slice(), selected: null };

export function filters() {
  const f = {};
  for (const id of ["type", "modality", "actor", "recipient", "place", "zone", "status", "from", "to"]) {
    const v = $("f-" + id).value.trim();
    if (v) f[id] = v;
  }
  if ($("f-rejected").checked) f.rejected = "include";
  return f;
}
