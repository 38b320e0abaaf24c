// What the views share: the acts listed, the map's points, the selected act, the
// regime shown, the filters as the form has them, and the view as an address.

import { $ } from "./dom.js";
import { vocabulary } from "./vocabulary.js";

// `open` is what the reader shows: { kind: "act" | "report" | "actor" | "place", id }
export const state = { tab: "events", events: [], selected: null, open: null };

export const FILTER_FIELDS = ["type", "modality", "actor", "recipient", "place", "zone", "status", "from", "to"];

export function filters() {
  const f = {};
  for (const id of FILTER_FIELDS) {
    const v = $("f-" + id).value.trim();
    if (v) f[id] = v;
  }
  if ($("f-rejected").checked) f.rejected = "include";
  return f;
}

// The view as the page's address: the filters (the default modality left out), the tab
// unless it is the first, and what the reader shows. Back returns to the view before, and
// the address shared as a link opens this one.
const OPENED = ["act", "report", "actor", "place"];

function viewAddress() {
  const q = new URLSearchParams(filters());
  if (q.get("modality") === vocabulary.modality_default) q.delete("modality");
  if (state.tab !== "events") q.set("tab", state.tab);
  if (state.open) q.set(state.open.kind, state.open.id);
  const s = q.toString();
  return location.pathname + (s ? "?" + s : "");
}

// Records the view in the browser's history after a change a person made (filters
// applied, a tab chosen, an item opened); `open` replaces what the reader shows. Nothing
// is recorded while a view is being restored from the address.
// The changes of one action (a tab chosen and an act opened from the map) make one entry:
// the address is written once the action's own code has run.
let writing = false;
export function remember(open) {
  if (open !== undefined) state.open = open;
  if (state.restoring || writing) return;
  writing = true;
  queueMicrotask(() => {
    writing = false;
    const address = viewAddress();
    if (address !== location.pathname + location.search) history.pushState(null, "", address);
  });
}

// The view the address names: fills the filter form and returns the tab and the item to
// open (a field the form lacks is left out; the form's own choices decide what is valid).
export function viewFromAddress() {
  const q = new URLSearchParams(location.search);
  $("filters").reset();
  for (const id of FILTER_FIELDS) {
    const v = q.get(id);
    if (v != null) $("f-" + id).value = v;
  }
  $("f-rejected").checked = q.get("rejected") === "include";
  const kind = OPENED.find((k) => q.has(k));
  return { tab: q.get("tab") || "events", open: kind ? { kind, id: q.get(kind) } : null };
}
