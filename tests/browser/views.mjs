// The workbench as a place to work, in Debian's headless Chromium: the count says what the
// modality hides, the Export menu downloads the acts the filters show, the view lives in
// the address (Back restores the view before, a copied link opens the same view), an
// act names its reports by title, and the map lists a cluster's acts in a popup, keeps
// clusters apart, names places zoomed in and has a legend of its types; a pasted report's
// act is proposed the stored act it may be, and the analyst joins them. Usage: node views.mjs TRUCE_BINARY ARTIFACT_DIR
import { readFileSync } from "node:fs";
import { join } from "node:path";
import assert from "node:assert/strict";
import { args, startDemo, until, launchChromium, step } from "./demo.mjs";

const { truce, artifacts } = args("views.mjs");
const { base, stop } = await startDemo(truce);

const browser = await launchChromium();
const errors = [];

// a CSV line's fields (quoted fields may hold commas; the evidence may hold line breaks,
// so the file is split into records, not lines)
function csvRecords(text) {
  const records = [];
  let field = "", record = [], quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { record.push(field); field = ""; } else if (c === "\n") { record.push(field); records.push(record); record = []; field = ""; } else field += c;
  }
  if (field || record.length) { record.push(field); records.push(record); }
  return records;
}

async function newPage(context) {
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.route("**/*", (route) => route.request().url().startsWith(base) ? route.continue() : route.abort());
  return page;
}

try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  const page = await newPage(context);
  await page.goto(base + "/");
  await page.waitForSelector("#list .item");

  // the count says what the default modality hides
  const listed = await page.locator("#list .item").count();
  const count = (await page.textContent("#status")).trim();
  const m = count.match(/^(\d+) of (\d+) acts, asserted only/);
  assert.ok(m, `the count names what is hidden: ${count}`);
  assert.equal(Number(m[1]), listed, count);
  assert.ok(Number(m[2]) > listed, count);
  step(`the count: "${count}"`);

  // filters applied: the Export menu downloads exactly the acts listed
  await page.selectOption("#f-type", "ASSAULT");
  await page.click("#filters button[type=submit]");
  await page.waitForFunction(() => [...document.querySelectorAll("#list .item")].every((el) => el.textContent.includes("ASSAULT")));
  const shown = await page.$$eval("#list .item", (els) => els.map((el) => Number(el.dataset.cluster)).sort((a, b) => a - b));
  assert.ok(shown.length > 0, "the demo has attacks");
  await page.click("#export summary");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export a[data-format=csv-hxl]")]);
  assert.match(download.suggestedFilename(), /^truce-acts-\d{4}-\d{2}-\d{2}\.csv$/);
  const saved = join(artifacts, "export.csv");
  await download.saveAs(saved);
  const [head, tags, ...rows] = csvRecords(readFileSync(saved, "utf8"));
  assert.equal(head[0], "event");
  assert.equal(tags[0], "#event+id");
  const exported = rows.map((r) => Number(r[0])).sort((a, b) => a - b);
  assert.deepEqual(exported, shown, "the CSV holds the acts the filters show");
  assert.ok(rows.every((r) => r[head.indexOf("type")] === "ASSAULT"));
  const formats = await page.$$eval("#export a[data-format]", (as) => as.map((a) => new URL(a.href).searchParams.get("format")));
  assert.deepEqual(formats, ["csv-hxl", "csv", "geojson", "jsonl", "gdelt"]);
  await page.click("#export summary");
  step(`Export: the CSV with HXL holds the ${shown.length} acts listed, no more`);

  // the view lives in the address: filters, the open act, the tab
  assert.equal(new URL(page.url()).searchParams.get("type"), "ASSAULT");
  const act = shown[0];
  await page.click(`#list .item[data-cluster="${act}"]`);
  await page.waitForSelector("#reader a[data-doc]");
  assert.ok((await page.textContent("#reader h2")).includes(`act #${act}`));
  assert.equal(new URL(page.url()).searchParams.get("act"), String(act));
  // its reports by title, not by hash
  const names = await page.$$eval("#reader a[data-doc]", (as) => as.map((a) => a.textContent.trim()));
  assert.ok(names.every((n) => !/^[0-9a-f]{12}$/.test(n) && n.length > 12), `reports named: ${names}`);
  await page.click("#tab-documents");
  await page.waitForSelector("#list .item[data-doc]");
  assert.equal(new URL(page.url()).searchParams.get("tab"), "documents");
  const link = page.url();

  // Back: the Events tab with the act open; then the act closed; then no filter at all
  await page.goBack();
  await page.waitForFunction(() => document.getElementById("tab-events").getAttribute("aria-selected") === "true");
  await page.waitForSelector("#list .item[data-cluster]");
  assert.ok((await page.textContent("#reader h2")).includes(`act #${act}`), "the act is still open");
  await page.goBack();
  await page.waitForSelector("#reader .hint");
  assert.equal(await page.inputValue("#f-type"), "ASSAULT");
  await page.goBack();
  await page.waitForFunction(() => document.getElementById("f-type").value === "");
  await page.waitForFunction((n) => document.querySelectorAll("#list .item").length === n, listed);
  assert.equal(new URL(page.url()).search, "");
  await page.goForward();
  await page.waitForFunction(() => document.getElementById("f-type").value === "ASSAULT");
  step(`Back and Forward move through the views: act #${act}, the filters, none`);

  // a copied link opens the same view in a new tab
  const other = await newPage(context);
  await other.goto(link);
  await other.waitForSelector("#list .item[data-doc]");
  assert.equal(await other.getAttribute("#tab-documents", "aria-selected"), "true");
  assert.equal(await other.inputValue("#f-type"), "ASSAULT");
  await other.waitForSelector("#reader a[data-doc]");
  assert.ok((await other.textContent("#reader h2")).includes(`act #${act}`));
  await other.screenshot({ path: join(artifacts, "shared-view.png") });
  step("a copied link opens the same filters, tab and act");

  // the map: a cluster's acts in a popup, each opening its act
  await page.click("#f-clear");
  await page.waitForFunction(() => document.getElementById("f-type").value === "");
  await page.click("#map-tools button[data-zone]");
  await page.waitForFunction(() => document.getElementById("map").dataset.mode === "acts" && document.querySelector(".act-cluster span"));
  // the acts drawn are those the server has in the view: the map has settled
  await until(() => page.evaluate(async () => {
    const q = new URLSearchParams({ modality: "asserted", bbox: document.getElementById("map").dataset.view });
    const inView = (await (await fetch("/api/acts.geojson?" + q)).json()).features.length;
    const drawn = [...document.querySelectorAll(".act-cluster span, .act-marker span")].reduce((n, m) => n + Number(m.dataset.count), 0);
    return inView > 0 && drawn === inView;
  }), "the map to settle");
  const inCluster = await page.$eval(".act-cluster span", (s) => Number(s.dataset.count));
  assert.ok(inCluster > 1);
  await page.locator(".act-cluster span").first().click();
  await page.waitForSelector(".cluster-popup");
  const popupActs = await page.$$eval(".cluster-popup .popup-act", (bs) => bs.map((b) => Number(b.dataset.act)));
  assert.equal(popupActs.length, Math.min(inCluster, 30), "the popup lists the cluster's acts");
  assert.equal(new Set(popupActs).size, popupActs.length, "each act once");
  assert.match(await page.textContent(".cluster-popup"), new RegExp(`${inCluster} acts`));
  await page.screenshot({ path: join(artifacts, "map-cluster-popup.png") });
  await page.click(`.cluster-popup .popup-act[data-act="${popupActs[0]}"]`);
  await page.waitForFunction((n) => document.querySelector("#reader h2")?.textContent.includes(`act #${n}`), popupActs[0]);
  step(`a cluster of ${inCluster} acts lists them in a popup; one opens`);

  // no cluster hides another, places are named zoomed in, the legend names the types
  const overlaps = await page.$$eval(".act-cluster span, .act-marker span", (els) => {
    const boxes = els.map((e) => e.getBoundingClientRect());
    let n = 0;
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) n++;
    }
    return n;
  });
  assert.equal(overlaps, 0, "no cluster or act overlaps another");
  while (Number(await page.$eval("#map", (m) => m.dataset.zoom)) < 7) {
    const z = await page.$eval("#map", (m) => m.dataset.zoom);
    await page.click(".leaflet-control-zoom-in");
    await page.waitForFunction((z0) => document.getElementById("map").dataset.zoom !== z0, z);
  }
  await page.waitForSelector(".place-label");
  const labels = await page.$$eval(".place-label", (ls) => ls.map((l) => l.textContent));
  assert.ok(labels.length > 0 && labels.every((l) => l.trim().length > 1), `places named: ${labels}`);
  const legend = await page.$$eval("#map-legend span", (ss) => ss.map((x) => x.textContent.trim()));
  const vocabulary = await page.evaluate(async () => (await (await fetch("/api/vocabulary")).json()).event_types);
  assert.ok(legend.length > 0 && legend.every((t) => vocabulary.includes(t)), `legend: ${legend}`);
  // a drag pans the map
  const [w0] = (await page.$eval("#map", (m) => m.dataset.view)).split(",").map(Number);
  const box = await page.locator("#map").boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height - 20);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 - 120, box.y + box.height - 20, { steps: 8 });
  await page.mouse.up();
  await page.waitForFunction((w) => Number(document.getElementById("map").dataset.view.split(",")[0]) > w, w0);
  await page.screenshot({ path: join(artifacts, "map-labels.png") });
  step(`clusters apart; ${labels.length} places named zoomed in; legend of ${legend.length} types; a drag pans`);

  // a report pasted with its source: its act is proposed the stored act it may be, and
  // the analyst's "same act" is recorded (the text is the test's own)
  const strike = await page.evaluate(async () => {
    const acts = (await (await fetch("/api/acts?type=ASSAULT&modality=any&limit=100")).json()).acts;
    return acts.find((a) => a.killed >= 30);
  });
  assert.ok(strike, "the demo has a deadly strike");
  await page.click("#tab-documents");
  await page.waitForSelector("#upload");
  // (it names no victim's side: the linker, finding no party in common, leaves it apart)
  const pasted = `Shelling hits observation post in Idlib\n\nIDLIB, Syria (test desk) -- Government forces shelled an observation post in Idlib province on Thursday, killing ${strike.killed} soldiers, a war monitor said.\n`;
  await page.fill("#u-text", pasted);
  const day = new Date(Date.parse(strike.date) + 86400000).toISOString().slice(0, 10);
  await page.fill("#u-published", day);
  await page.fill("#u-publisher", "Test Desk");
  await page.fill("#u-url", "https://example.org/test-desk/shelling");
  await page.click("#upload button[type=submit]");
  await page.waitForSelector("#matches .match");
  const upload = await page.evaluate(() => new URL(location.href).searchParams.get("report"));
  const stored = await page.evaluate(async (id) => (await (await fetch("/api/documents/" + id)).json()).document, upload);
  assert.equal(stored.publisher, "Test Desk");
  assert.equal(stored.url, "https://example.org/test-desk/shelling", "the source address is recorded");
  const proposal = page.locator(`#matches .candidate[data-act="${strike.act}"]`);
  assert.equal(await proposal.count(), 1, `the strike #${strike.act} is proposed: ${await page.textContent("#matches")}`);
  await page.screenshot({ path: join(artifacts, "upload-matches.png") });
  const event = await proposal.locator("button.join").getAttribute("data-event");
  await page.fill("#m-analyst", "browser-test");
  await proposal.locator("button.join").click();
  await page.waitForFunction(([e, n]) => document.querySelector(`#matches .match[data-event="${e}"]`)?.textContent.includes(`in act #${n}`), [event, strike.act]);
  const joined = await page.evaluate(async (n) => (await (await fetch("/api/acts/" + n)).json()).act, strike.act);
  assert.equal(joined.reports, strike.reports + 1, "the act has the pasted report now");
  const mine = joined.events.find((e) => e.document === upload && e.local === event);
  assert.ok(mine && mine.link_reason.includes("browser-test"), `the join is recorded with who: ${mine && mine.link_reason}`);
  step(`a pasted report's act is proposed strike #${strike.act}; "same act" joins it, recorded as the analyst's`);

  // the reader lists the report's acts and has a legend of its marks
  await page.click("#tab-documents");
  await page.locator("#list .item[data-doc]").first().click();
  await page.waitForSelector("#reader .reader-text");
  const doc = await page.evaluate(() => new URL(location.href).searchParams.get("report"));
  const told = await page.evaluate(async (id) => (await (await fetch("/api/documents/" + id)).json()).events.length, doc);
  assert.equal(await page.locator("#reader .report-acts li").count(), told, "each act of the report is listed");
  assert.equal(await page.locator("#reader .highlights span").count(), 5, "a legend of the five kinds of mark");
  // an analyst's note shows in the list, beside the verdict
  await page.locator("#reader a.report-act[data-cluster]").first().click();
  await page.waitForSelector("#reader #correction");
  const noted = Number(new URL(page.url()).searchParams.get("act"));
  await page.fill("#v-analyst", "browser-test");
  await page.fill("#v-note", "checked against the ministry's statement");
  await page.click("button[data-verdict=confirmed]");
  await page.click("#tab-events");
  await page.click("#f-clear");
  await page.selectOption("#f-modality", "any");
  await page.click("#filters button[type=submit]");
  await page.waitForSelector(`#list .item[data-cluster="${noted}"] .verdict-note`);
  assert.match(await page.textContent(`#list .item[data-cluster="${noted}"] .verdict-note`), /confirmed by browser-test: .checked against/);
  step(`the reader lists the report's ${told} acts with a legend; act #${noted}'s verdict and note show in the list`);

  assert.deepEqual(errors, [], "no errors in the page");
  step("no errors in the page");
} finally {
  await browser.close();
  stop();
}
