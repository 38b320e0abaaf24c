// The workbench's working tools in Debian's Firefox ESR (headless, puppeteer-core over
// WebDriver BiDi), as views.mjs and access.mjs check them in Chromium: the Export menu's
// file holds the acts listed, a map cluster lists its acts, a pasted report is offered the
// stored act it tells and joined to it, a provision's status is recorded with evidence
// chosen from the suggestions, axe-core finds no serious or critical violation on any tab,
// and at 390 px the list comes first and a tapped act opens in view.
// Usage: node firefox-views.mjs TRUCE_BINARY ARTIFACT_DIR
import { join } from "node:path";
import assert from "node:assert/strict";
import { args, startDemo, until, launchFirefox, step, axeViolations } from "./demo.mjs";

const { truce, artifacts } = args("firefox-views.mjs");
const { base, stop } = await startDemo(truce);

const browser = await launchFirefox();
const errors = [];
const waitFor = (page, fn, ...args) => page.waitForFunction(fn, {}, ...args);


try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 900 });
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(base + "/");
  await page.waitForSelector("#list .item");

  // the Export menu's CSV holds the acts the filters show
  await page.select("#f-type", "ASSAULT");
  await page.click("#filters button[type=submit]");
  await waitFor(page, () => [...document.querySelectorAll("#list .item")].every((el) => el.textContent.includes("ASSAULT")) && new URL(location.href).searchParams.get("type") === "ASSAULT");
  const shown = await page.$$eval("#list .item", (els) => els.map((el) => Number(el.dataset.cluster)).sort((a, b) => a - b));
  await page.click("#export summary");
  const exported = await page.$eval("#export a[data-format=csv-hxl]", async (a) => {
    const text = await (await fetch(a.href)).text();
    return text.trim().split("\n").slice(2).map((l) => Number(l.split(",")[0])).sort((x, y) => x - y);
  });
  assert.deepEqual(exported, shown, "the Export menu's CSV holds the acts listed");
  await page.click("#export summary");
  step(`Firefox: the Export menu's CSV with HXL holds the ${shown.length} acts listed`);

  // a map cluster lists its acts; one opens
  await page.click("#f-clear");
  await waitFor(page, () => document.getElementById("f-type").value === "");
  await page.click("#map-tools button[data-zone]");
  await waitFor(page, () => document.getElementById("map").dataset.mode === "acts" && document.querySelector(".act-cluster span"));
  // the acts drawn are those the server has in the view: the map has settled
  await until(() => page.evaluate(async () => {
    const q = new URLSearchParams({ modality: "asserted", bbox: document.getElementById("map").dataset.view });
    const inView = (await (await fetch("/api/acts.geojson?" + q)).json()).features.length;
    const drawn = [...document.querySelectorAll(".act-cluster span, .act-marker span")].reduce((n, m) => n + Number(m.dataset.count), 0);
    return inView > 0 && drawn === inView;
  }), "the map to settle");
  // read and clicked in one step in the page, so no redraw comes between
  const inCluster = await page.$eval(".act-cluster span", (s) => { s.click(); return Number(s.dataset.count); });
  await page.waitForSelector(".cluster-popup .popup-act");
  const listedActs = await page.$$eval(".cluster-popup .popup-act", (bs) => bs.map((b) => Number(b.dataset.act)));
  assert.equal(listedActs.length, Math.min(inCluster, 30));
  await page.click(".cluster-popup .popup-act");
  await waitFor(page, (n) => document.querySelector("#reader h2")?.textContent.includes(`act #${n}`), listedActs[0]);
  step(`Firefox: a cluster of ${inCluster} acts lists them; one opens`);

  // a pasted report is offered the stored act it tells; "same act" joins them
  const strike = await page.evaluate(async () => (await (await fetch("/api/acts?type=ASSAULT&modality=any&limit=100")).json()).acts.find((a) => a.killed >= 30));
  await page.click("#tab-documents");
  await page.waitForSelector("#u-text");
  await page.type("#u-text", `Shelling hits observation post in Idlib\n\nIDLIB, Syria (test desk) -- Government forces shelled an observation post in Idlib province on Thursday, killing ${strike.killed} soldiers, a war monitor said.\n`);
  const day = new Date(Date.parse(strike.date) + 86400000).toISOString().slice(0, 10);
  await page.$eval("#u-published", (e, d) => { e.value = d; }, day);
  await page.click("#upload button[type=submit]");
  await page.waitForSelector(`#matches .candidate[data-act="${strike.act}"] button.join`);
  await page.type("#m-analyst", "firefox-test");
  await page.click(`#matches .candidate[data-act="${strike.act}"] button.join`);
  await waitFor(page, (n) => [...document.querySelectorAll("#matches .match")].some((m) => m.textContent.includes(`in act #${n}`)), strike.act);
  const reports = await page.evaluate(async (n) => (await (await fetch("/api/acts/" + n)).json()).act.reports, strike.act);
  assert.equal(reports, strike.reports + 1);
  step(`Firefox: a pasted report is offered strike #${strike.act} and joined to it`);

  // a provision's status with evidence chosen from the suggestions
  await page.click("#tab-regime");
  const row = '#provisions tr[data-provision="sochi-2018/p2"]';
  await page.waitForSelector(`${row} button.suggest`);
  const flagged = () => page.$eval("#status", (s) => Number(s.textContent.match(/(\d+) deadlines? passed/)[1]));
  const before = await flagged();
  await page.click(`${row} button.suggest`);
  await page.waitForSelector(`${row} .suggestion button.use`);
  await page.click(`${row} .suggestion button.use`);
  await page.waitForSelector("#s-chosen li");
  await page.select("#s-level", "3");
  await page.$eval("#s-date", (e) => { e.value = "2018-10-10"; });
  await page.type("#s-analyst", "firefox-test");
  await page.click("#status-form button[type=submit]");
  await page.waitForSelector(`${row} .history li`);
  assert.equal(await flagged(), before - 1, "the count of passed deadlines follows the record");
  step("Firefox: a status recorded with evidence chosen from the suggestions; the deadline is met");

  // axe-core on every tab
  const found = {};
  for (const tab of ["events", "documents", "quotes", "regime"]) {
    await page.click("#tab-" + tab);
    await waitFor(page, (t) => document.getElementById("tab-" + t).getAttribute("aria-selected") === "true" && document.querySelector("#list .item, #list .proposal"), tab);
    found[tab] = await axeViolations(page);
  }
  for (const [tab, list] of Object.entries(found)) assert.deepEqual(list, [], `axe-core on ${tab} in Firefox:\n${list.join("\n")}`);
  const rules = await page.evaluate(() => window.axe.getRules().length);
  assert.ok(rules > 50, `axe-core runs its rules in Firefox: ${rules}`);
  step(`Firefox: axe-core ${await page.evaluate(() => window.axe.version)} (${rules} rules) finds no serious or critical violation on any tab`);

  // a phone's width
  const phone = await browser.newPage();
  phone.on("pageerror", (e) => errors.push(e.message));
  await phone.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
  await phone.goto(base + "/");
  await phone.waitForSelector("#list .item");
  const top = (sel) => phone.$eval(sel, (e) => e.getBoundingClientRect().top + window.scrollY);
  assert.ok(await top("#list") < await top("#map"), "the list comes before the map");
  await phone.$$eval("#list .item", (items) => items[3].click());
  await phone.waitForSelector("#reader #correction");
  await waitFor(phone, () => { const r = document.getElementById("reader").getBoundingClientRect(); return r.top >= -1 && r.top < window.innerHeight / 2; });
  await phone.screenshot({ path: join(artifacts, "firefox-phone.png") });
  step("Firefox at 390 px: the list before the map, a tapped act opens in view");

  assert.deepEqual(errors, [], "no errors in the page");
  step("Firefox: no errors in the page");
} finally {
  await browser.close();
  stop();
}
