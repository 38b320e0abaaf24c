// truce workbench: events on a timeline and a map, lists, and a reader that shows every
// fact in the sentence it came from. Native ES modules, one per view, no build step and no
// network beyond this server; the map's and the timeline's libraries (Leaflet and uPlot,
// vendored) are loaded by index.html before these modules.
//
//   dom.js         helpers: $, esc, plural, status, api, post
//   vocabulary.js  the fixed lists, from /api/vocabulary
//   colours.js     every colour data is drawn with
//   state.js       what the views share, and the filters
//   list.js        the tabs and the lists of acts, reports and quotations
//   map.js         the map (Leaflet), its zones, clusters of acts and their popups
//   timeline.js    acts per day or week (uPlot)
//   axis.js        date axes under the regime's charts
//   reader.js      a report's marked text, an actor's or a place's page
//   verification.js an act's page, where analysts verify and correct it
//   regime.js      the Regime tab
//   upload.js      adding a report, and a report's acts with the stored acts they may be
//   session.js     signing in, the one-time password's change, what the user may do
//   admin.js       the Users and Audit tabs, an admin's

import { $, status } from "./dom.js";
import { fillChoices, loadVocabulary } from "./vocabulary.js";
import { state, viewFromAddress } from "./state.js";
import { TABS, loadAll, openTabs, showTab } from "./list.js";
import { loadSession, may, passGate } from "./session.js";
import { openDocument, openEntity } from "./reader.js";
import { openEvent } from "./verification.js";
import { loadTimeline } from "./timeline.js";
import { loadBasemap, loadZones, mapInteractions } from "./map.js";

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
    const tabs = openTabs();
    const at = tabs.indexOf(ev.target.id.replace(/^tab-/, ""));
    const next = tabs[((at < 0 ? tabs.indexOf(state.tab) : at) + step + tabs.length) % tabs.length];
    showTab(next);
    $("tab-" + next).focus();
  });
}

// Shows the view the page's address names: its filters, tab and open item (on loading,
// and when Back or Forward moves through the views).
async function restoreView() {
  state.restoring = true;
  try {
    const { tab, open } = viewFromAddress();
    state.tab = openTabs().includes(tab) ? tab : "events";
    state.open = open;
    await loadAll();
    if (!open) $("reader").innerHTML = `<p class="hint">Choose a report or an act to read its source here.</p>`;
    else if (open.kind === "act") await openEvent(Number(open.id));
    else if (open.kind === "report") await openDocument(open.id).catch((e) => status("error: " + e.message));
    else await openEntity(open.kind, open.id);
  } finally {
    state.restoring = false;
  }
}

// The tabs of what this user may do: reports, quotations and the regime's counts (of every
// act, verified or not) are working material, closed to readers who see the verified
// record only; users and the audit trail are an admin's.
function showAllowedTabs() {
  $("tab-documents").hidden = $("tab-quotes").hidden = $("tab-regime").hidden = !may("read-working");
  $("tab-users").hidden = !may("manage-users");
  $("tab-audit").hidden = !may("read-audit");
}

async function main() {
  await loadSession();
  await passGate();
  showAllowedTabs();
  await loadVocabulary();
  fillChoices();
  $("filters").addEventListener("submit", (ev) => { ev.preventDefault(); loadAll(); });
  $("f-clear").onclick = () => { $("filters").reset(); loadAll(); };
  $("t-by").onchange = loadTimeline;
  $("t-series").onchange = loadTimeline;
  for (const t of TABS) $("tab-" + t).onclick = () => showTab(t);
  keyboard();
  await loadBasemap();
  await loadZones().catch((e) => status("error: " + e.message));
  mapInteractions();
  window.addEventListener("popstate", restoreView);
  await restoreView();
}

main();
