// The workbench in Debian's Firefox ESR (headless), driven over WebDriver BiDi by
// puppeteer-core: the main paths of workbench.mjs again in the other engine, plus an
// Arabic report read right to left. Usage: node firefox.mjs TRUCE_BINARY ARTIFACT_DIR
import { join } from "node:path";
import assert from "node:assert/strict";
import { args, startDemo, until, launchFirefox, step } from "./demo.mjs";

const { truce, artifacts } = args("firefox.mjs");
const { base, stop } = await startDemo(truce);

const browser = await launchFirefox();
const errors = [];
// what the map draws (clusters, single acts, grid cells), each with its count of acts
const MARKS = ".act-cluster span, .act-marker span, .grid-cell span";
// the item of the reports' list whose text holds `text`
const clickItem = (page, text) => page.$$eval("#list .item[data-doc]", (items, t) => {
  const item = items.find((i) => i.textContent.includes(t));
  if (!item) throw new Error("no report listed with " + t);
  item.click();
}, text);
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 900 });
  page.on("pageerror", (e) => errors.push(e.message));

  await page.goto(base + "/");
  await page.waitForSelector("#list .item");
  await page.waitForSelector(MARKS);
  const listed = await page.$$eval("#list .item", (items) => items.length);
  assert.ok(listed > 5, `events listed: ${listed}`);
  await page.screenshot({ path: join(artifacts, "firefox-workbench.png") });
  step(`Firefox: the workbench lists ${listed} events with map points`);

  // the keyboard opens what the mouse does: Enter on an act, the arrow keys between tabs
  await page.focus("#list .item[data-cluster]");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#reader .evidence");
  await page.focus("#tab-events");
  await page.keyboard.press("ArrowRight");
  await page.waitForSelector("#tab-documents[aria-selected=true]");
  assert.equal(await page.evaluate(() => document.activeElement.id), "tab-documents");
  step("Firefox: Enter opens a focused act, an arrow key moves to the next tab");

  // the reader marks the summit report; a name opens its page
  await page.click("#tab-documents");
  await page.waitForSelector("#list .item[data-doc]");
  await clickItem(page, "TEHRAN");
  await page.waitForSelector("#reader .reader-text .q");
  const marks = await page.$$eval("#reader .m-actor", (m) => m.length);
  assert.ok(marks > 3, `actor mentions marked: ${marks}`);
  await page.screenshot({ path: join(artifacts, "firefox-reader.png") });
  await page.click("#reader .reader-text .m-actor[data-entity]:not(:has(.m-place))");
  await page.waitForSelector("#reader h2.entity-page[data-kind=actor]");
  step(`Firefox: the reader marks ${marks} actor mentions; a name opens its page`);

  // from a quotation to its speaker's events
  await clickItem(page, "TEHRAN");
  await page.waitForSelector("#reader .reader-text .q[data-speaker]:not([data-speaker=''])");
  const speaker = await page.$eval("#reader .q[data-speaker]:not([data-speaker=''])", (q) => {
    q.dispatchEvent(new MouseEvent("click", { bubbles: true }));
    return q.dataset.speaker.split("+")[0];
  });
  await page.waitForFunction((s) => {
    const items = [...document.querySelectorAll("#list .item")];
    return document.getElementById("f-actor").value === s && items.length > 0 && items.every((i) => i.textContent.includes(s));
  }, {}, speaker);
  step(`Firefox: a quotation lists the events of its speaker ${speaker}`);

  // a date range narrows the map
  await page.click("#f-clear");
  await page.waitForFunction(() => /^\d+ (of \d+ )?acts?\b/.test(document.getElementById("status").textContent));
  await page.click("#map-tools button[data-zone]");
  // the acts drawn once they are those the server has in the view for the filters
  const drawnAsServed = (dates) => until(() => page.evaluate(async (marks, range) => {
    const bbox = document.getElementById("map").dataset.view;
    const q = new URLSearchParams({ ...range, modality: "asserted", bbox });
    const inView = (await (await fetch("/api/acts.geojson?" + q)).json()).features.length;
    const drawn = [...document.querySelectorAll(marks)].reduce((n, m) => n + Number(m.dataset.count), 0);
    return inView > 0 && drawn === inView && drawn;
  }, MARKS, dates), "the acts in view to be drawn");
  const before = await drawnAsServed({});
  await page.$eval("#f-from", (e) => { e.value = "2020-03-01"; });
  await page.$eval("#f-to", (e) => { e.value = "2020-03-31"; });
  await page.click("#filters button[type=submit]");
  const after = await drawnAsServed({ from: "2020-03-01", to: "2020-03-31" });
  assert.ok(after > 0 && after < before, `March 2020: ${after} of ${before}`);
  step(`Firefox: March 2020 narrows the map from ${before} to ${after} located events`);

  // the map answers the keyboard and its buttons
  const zoom = () => page.$eval("#map", (m) => Number(m.dataset.zoom));
  const z0 = await zoom();
  await page.focus("#map");
  await page.keyboard.press("-");
  await page.waitForFunction((z) => Number(document.getElementById("map").dataset.zoom) === z - 1, {}, z0);
  await page.click(".leaflet-control-zoom-in");
  await page.waitForFunction((z) => Number(document.getElementById("map").dataset.zoom) === z, {}, z0);
  step("Firefox: the map zooms with the keyboard and its + button");

  // a verdict survives a reload
  await page.click("#f-clear");
  await page.waitForFunction(() => /^\d+ (of \d+ )?acts?\b/.test(document.getElementById("status").textContent));
  const cluster = await page.$eval("#list .item", (i) => { i.click(); return i.dataset.cluster; });
  await page.waitForSelector("#v-analyst");
  await page.type("#v-analyst", "firefox-test");
  await page.click("button[data-verdict=confirmed]");
  await page.waitForSelector(`#list .item[data-cluster="${cluster}"] .verdict-confirmed`);
  await page.reload();
  await page.waitForSelector(`#list .item[data-cluster="${cluster}"] .verdict-confirmed`);
  step(`Firefox: act #${cluster} confirmed, and still confirmed after a reload`);

  // an Arabic report reads right to left
  await page.click("#tab-documents");
  await page.waitForSelector("#list .item[data-doc]");
  await clickItem(page, "تبادل");
  await page.waitForSelector("#reader .reader-text");
  const direction = await page.$eval("#reader .reader-text", (t) => getComputedStyle(t).direction);
  assert.equal(direction, "rtl", "the Arabic report is laid out right to left");
  await page.screenshot({ path: join(artifacts, "firefox-arabic.png") });
  step("Firefox: the Arabic report is laid out right to left");

  // the view lives in the address: Back returns to the act, a copied link opens this view
  const arabic = page.url();
  assert.equal(new URL(arabic).searchParams.get("tab"), "documents");
  await page.goBack();
  // (the tab was chosen with the act open: Back shows that act again)
  await page.waitForFunction(() => !new URL(location.href).searchParams.has("report"));
  await page.waitForFunction((n) => document.querySelector("#reader h2").textContent.includes(`act #${n}`), {}, cluster);
  const other = await browser.newPage();
  other.on("pageerror", (e) => errors.push(e.message));
  await other.goto(arabic);
  await other.waitForSelector("#reader .reader-text");
  assert.equal(await other.$eval("#tab-documents", (t) => t.getAttribute("aria-selected")), "true");
  assert.equal(await other.$eval("#reader .reader-text", (t) => getComputedStyle(t).direction), "rtl");
  step("Firefox: Back leaves the report; its link opens it again on the Reports tab");

  assert.deepEqual(errors, [], "no errors in the page");
  step("Firefox: no errors in the page");
} finally {
  await browser.close();
  stop();
}
