// The workbench as a place to work, in Debian's headless Chromium: the count says what the
// modality hides, the Export menu downloads the acts the filters show, the view lives in
// the address (Back restores the view before, a copied link opens the same view), and an
// act names its reports by title. Usage: node views.mjs TRUCE_BINARY ARTIFACT_DIR
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import assert from "node:assert/strict";
import { args, startDemo } from "./demo.mjs";

const { truce, artifacts } = args("views.mjs");
const { base, stop } = await startDemo(truce);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const errors = [];
const step = (what) => console.log("ok - " + what);

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

  assert.deepEqual(errors, [], "no errors in the page");
  step("no errors in the page");
} finally {
  await browser.close();
  stop();
}
