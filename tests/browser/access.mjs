// Accessibility and the phone, in Debian's headless Chromium: axe-core (from the npm
// registry, pinned) finds no serious or critical violation on any tab; every type's badge
// has text contrast of 4.5:1 or more; at 390 px wide the list comes before the map, every
// control is at least 44 px, and a tapped act opens in view.
// Usage: node access.mjs TRUCE_BINARY ARTIFACT_DIR
import { join } from "node:path";
import assert from "node:assert/strict";
import { args, startDemo, launchChromium, step, axeViolations } from "./demo.mjs";

const { truce, artifacts } = args("access.mjs");
const { base, stop } = await startDemo(truce);

const browser = await launchChromium();
const errors = [];

async function newPage(options) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.route("**/*", (route) => route.request().url().startsWith(base) ? route.continue() : route.abort());
  return page;
}


// the contrast of white text on a colour (WCAG's relative luminance)
function contrastOnWhite(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05);
}

try {
  // every tab, with something open in the reader, at a desktop's width
  const page = await newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(base + "/");
  await page.waitForSelector("#list .item");
  await page.waitForSelector(".act-cluster span, .act-marker span, .grid-cell span");
  await page.locator("#list .item").first().click();
  await page.waitForSelector("#reader #correction");
  const found = { events: await axeViolations(page) };
  await page.click("#tab-documents");
  await page.waitForSelector("#list .item[data-doc]");
  await page.locator("#list .item[data-doc]").first().click();
  await page.waitForSelector("#reader .reader-text");
  found.documents = await axeViolations(page);
  await page.click("#tab-quotes");
  await page.waitForSelector("#list .item[data-doc]");
  found.quotes = await axeViolations(page);
  await page.click("#tab-regime");
  await page.waitForSelector("#list .proposal");
  found.regime = await axeViolations(page);
  await page.click("#export summary");
  found.export = await axeViolations(page);
  for (const [tab, list] of Object.entries(found)) assert.deepEqual(list, [], `axe-core on ${tab}:\n${list.join("\n")}`);
  step(`axe-core ${JSON.parse(JSON.stringify(await page.evaluate(() => window.axe.version)))}: no serious or critical violation on ${Object.keys(found).join(", ")}`);

  // every type's badge, shown or not, has white text at 4.5:1 or more
  const colours = await page.evaluate(async () => (await import("/js/colours.js")).TYPE_COLOURS);
  const types = await page.evaluate(async () => (await (await fetch("/api/vocabulary")).json()).event_types);
  for (const t of types) {
    const c = contrastOnWhite(colours[t]);
    assert.ok(c >= 4.5, `the ${t} badge's contrast is ${c.toFixed(2)}:1`);
  }
  step(`all ${types.length} type badges have text contrast of 4.5:1 or more`);

  // a phone: the list first, every control 44 px or more, a tapped act in view
  const phone = await newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await phone.goto(base + "/");
  await phone.waitForSelector("#list .item");
  const top = (sel) => phone.$eval(sel, (e) => e.getBoundingClientRect().top + window.scrollY);
  assert.ok(await top("#list") < await top("#map"), "the list comes before the map");
  const small = await phone.$$eval("button, select, input, summary, .item, nav [role=tab], .leaflet-control-zoom a", (els) => els
    .filter((e) => e.offsetParent !== null)
    .map((e) => { const r = e.getBoundingClientRect(); return { what: e.id || e.className || e.tagName, w: r.width, h: r.height, type: e.type }; })
    .filter((r) => r.type === "checkbox" ? r.h < 24 : r.h < 44 || r.w < 44));
  assert.deepEqual(small, [], "every control is 44 px or more (a checkbox 24 px inside a 44 px label)");
  const item = phone.locator("#list .item").nth(3);
  await item.tap();
  await phone.waitForSelector("#reader #correction");
  await phone.waitForFunction(() => {
    const r = document.getElementById("reader").getBoundingClientRect();
    return r.top >= -1 && r.top < window.innerHeight / 2;
  });
  await phone.screenshot({ path: join(artifacts, "phone-act.png") });
  assert.deepEqual(await axeViolations(phone), [], "axe-core on the phone");
  step("at 390 px: the list before the map, controls of 44 px or more, a tapped act opens in view");

  assert.deepEqual(errors, [], "no errors in the page");
  step("no errors in the page");
} finally {
  await browser.close();
  stop();
}
