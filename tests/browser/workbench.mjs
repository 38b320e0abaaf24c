// End-to-end test of the workbench in Debian's headless Chromium: builds the demo store
// with the real binary, serves it, and drives the page as a person would. Saves
// screenshots of the main views. Usage: node workbench.mjs TRUCE_BINARY ARTIFACT_DIR
import { join } from "node:path";
import assert from "node:assert/strict";
import { args, startDemo, until, launchChromium, step } from "./demo.mjs";

const { truce, artifacts } = args("workbench.mjs");
const { base, stop } = await startDemo(truce);

const browser = await launchChromium();
const errors = [];
// what the map draws: clusters and single acts (zoomed in), grid cells (zoomed out), each
// with its count of acts; and its view, which the page writes on the map's element
const MARKS = ".act-cluster span, .act-marker span, .grid-cell span";
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  // the page must not reach beyond this server
  await page.route("**/*", (route) => route.request().url().startsWith(base) ? route.continue() : route.abort());

  await page.goto(base + "/");
  await page.waitForSelector("#list .item");
  await page.waitForSelector(MARKS);
  const mapEvents = () => page.$$eval(MARKS, (ms) => ms.reduce((n, m) => n + Number(m.dataset.count), 0));
  // west, south, east, north
  const mapView = () => page.$eval("#map", (m) => m.dataset.view.split(",").map(Number));
  const mapZoom = () => page.$eval("#map", (m) => Number(m.dataset.zoom));
  const listed = await page.locator("#list .item").count();
  assert.ok(listed > 5, `events listed: ${listed}`);
  await page.screenshot({ path: join(artifacts, "workbench.png") });
  step(`workbench shows ${listed} events with map points`);

  // the timeline (uPlot, on a canvas) marks the days with dead, each with its toll; its
  // table gives every day's counts, and they add up to the acts listed
  await page.waitForSelector("#timeline canvas");
  await page.waitForSelector("#timeline-table tr.dead");
  const deadDays = await page.$$eval("#timeline-table tr.dead", (rs) => rs.map((r) => [r.querySelector("th").textContent, Number(r.cells[2].textContent)]));
  assert.ok(deadDays.length > 0 && deadDays.every(([d, n]) => /^\d{4}-\d{2}-\d{2}$/.test(d) && n > 0), `days with their dead: ${deadDays}`);
  const perDay = await page.$$eval("#timeline-table tbody tr", (rs) => rs.reduce((a, r) => a + Number(r.cells[1].textContent), 0));
  // (an act known only to its month or year has no day to stand on)
  const dated = await page.$$eval("#list .item .meta", (ms) => ms.filter((m) => /^\d{4}-\d{2}-\d{2} /.test(m.textContent)).length);
  assert.equal(perDay, dated, "the timeline counts every act listed that is dated to the day");
  // the cursor on a bar says what it holds
  const box = await page.locator("#timeline .u-over").boundingBox();
  await page.mouse.move(box.x + box.width - 3, box.y + box.height / 2);
  await page.waitForFunction(() => /\d{4}-\d{2}-\d{2}: \d+ acts?/.test(document.getElementById("timeline-readout").textContent));
  step(`the timeline marks ${deadDays.length} days with their dead; its table counts all ${dated} acts dated to the day`);

  // the filters' choices come from the server's vocabulary, not from the page
  const vocabulary = await page.evaluate(async () => (await fetch("/api/vocabulary")).json());
  const typeChoices = await page.$$eval("#f-type option", (os) => os.map((o) => o.value).filter(Boolean));
  assert.deepEqual(typeChoices, vocabulary.event_types);
  assert.equal(await page.$eval("#f-modality", (s) => s.value), vocabulary.modality_default);
  const verdictChoices = await page.$$eval("#f-status option", (os) => os.map((o) => o.value).filter(Boolean));
  assert.deepEqual(verdictChoices, vocabulary.verdict_filters);
  step(`the filters offer the vocabulary's ${typeChoices.length} types and ${verdictChoices.length} verdicts`);

  // the timeline by actor: the most active actors as series, each a filter in the legend
  await page.selectOption("#t-series", "actor");
  await page.waitForSelector("#timeline-legend button[data-actor]");
  const fills = Number(await page.getAttribute("#timeline", "data-series"));
  assert.ok(fills > 2, `the actor timeline draws ${fills} series`);
  const label = await page.getAttribute("#timeline", "aria-label");
  assert.equal(label, "Acts per day by actor");
  const topActor = await page.getAttribute("#timeline-legend button[data-actor]", "data-actor");
  await page.screenshot({ path: join(artifacts, "timeline-actors.png") });
  await page.click("#timeline-legend button[data-actor]");
  // (the actor filter keeps the acts the actor took part in, as actor or recipient)
  await page.waitForFunction((a) => {
    const items = [...document.querySelectorAll("#list .item")];
    const parties = (el) => el.firstChild && [...el.childNodes].filter((n) => n.nodeName === "B" || n.nodeType === 3)
      .map((n) => n.textContent).join(" ").split(/[\s,→]+/);
    return items.length > 0 && items.every((el) => parties(el).includes(a));
  }, topActor);
  const ofActor = await page.locator("#list .item").count();
  assert.ok(ofActor < listed, `choosing ${topActor} narrows the list: ${ofActor} of ${listed}`);
  await page.selectOption("#t-by", "week");
  await page.waitForFunction(() => document.getElementById("timeline").getAttribute("aria-label") === "Acts per week by actor");
  await page.fill("#f-actor", "");
  await page.selectOption("#t-by", "day");
  await page.selectOption("#t-series", "type");
  await page.click("#filters button[type=submit]");
  await page.waitForFunction((n) => document.querySelectorAll("#list .item").length === n, listed);
  step(`timeline by actor: ${fills} series; ${topActor} from its legend narrows the list to ${ofActor} acts`);

  // the reader: the summit report with its annotations in place
  await page.click("#tab-documents");
  // the reports' list replaces the events' (an event placed in Tehran matches the text too)
  await page.waitForSelector("#list .item[data-doc]");
  await page.locator("#list .item[data-doc]", { hasText: "TEHRAN" }).first().click();
  await page.waitForSelector("#reader .reader-text .q");
  const actors = await page.locator("#reader .m-actor").count();
  const quotes = await page.locator("#reader .q").count();
  assert.ok(actors > 3 && quotes > 0, `reader marks ${actors} actors and ${quotes} quotes`);
  await page.screenshot({ path: join(artifacts, "reader.png") });
  step(`reader marks ${actors} actor mentions and ${quotes} quotations`);

  // a name in the text opens its page: what truce knows, its reports, its quotations
  const summit = await page.locator("#reader h2").first().textContent();
  // (a name that is a state and a country opens the place, the innermost mark)
  const named = page.locator("#reader .reader-text .m-actor[data-entity]:not(:has(.m-place))").first();
  const actorId = await named.getAttribute("data-entity");
  await named.click();
  await page.waitForSelector(`#reader h2.entity-page[data-kind=actor][data-id="${actorId}"]`);
  const reportsOfActor = await page.locator("#reader .item[data-doc]").count();
  assert.ok(reportsOfActor > 0, `the page of ${actorId} lists its reports`);
  await page.screenshot({ path: join(artifacts, "actor.png") });
  await page.locator("#reader .item[data-doc]").first().click();
  await page.waitForSelector("#reader .reader-text");
  await page.locator("#list .item[data-doc]", { hasText: "TEHRAN" }).first().click();
  await page.waitForFunction((t) => document.querySelector("#reader h2").textContent === t, summit);
  await page.waitForSelector("#reader .reader-text .m-place[data-entity]");
  const placeMark = page.locator("#reader .reader-text .m-place[data-entity]").first();
  const placeId = await placeMark.getAttribute("data-entity");
  await placeMark.click();
  await page.waitForSelector(`#reader h2.entity-page[data-kind=place][data-id="${placeId}"]`);
  const place = await page.evaluate(async (id) => (await (await fetch("/api/places/" + encodeURIComponent(id))).json()).place.detail, placeId);
  await page.click("#e-map");
  await page.waitForFunction(() => document.getElementById("map").dataset.zoom === "8");
  const [w0, s0, e0, n0] = await mapView();
  assert.ok(w0 < place.lon && place.lon < e0 && s0 < place.lat && place.lat < n0, "the place is shown on the map, zoomed in");
  // the map answers the keyboard: - zooms out, an arrow pans; the + button zooms in
  await page.focus("#map");
  await page.keyboard.press("-");
  await page.waitForFunction(() => document.getElementById("map").dataset.zoom === "7");
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction((w) => Number(document.getElementById("map").dataset.view.split(",")[0]) > w + 0.01, (await mapView())[0]);
  await page.click(".leaflet-control-zoom-in");
  await page.waitForFunction(() => document.getElementById("map").dataset.zoom === "8");
  // each zone of the regimes has a button that frames it
  const zoneButton = page.locator("#map-tools button[data-zone]").first();
  assert.ok((await zoneButton.textContent()).trim().length > 0, "the zone's button carries its name");
  await zoneButton.click();
  await page.waitForFunction(() => { const [w, , e] = document.getElementById("map").dataset.view.split(",").map(Number); return e - w < 10; });
  const [zw, zs, ze, zn] = await mapView();
  const zone = await page.evaluate(async (id) => {
    const regimes = await (await fetch("/api/regimes")).json();
    for (const r of regimes) {
      const full = await (await fetch("/api/regimes/" + r.id)).json();
      const f = full.zones_geojson.features.find((z) => (z.properties.id ?? z.id) === id);
      if (!f) continue;
      const pts = f.geometry.coordinates.flat(Infinity);
      const lons = pts.filter((_, i) => i % 2 === 0), lats = pts.filter((_, i) => i % 2 === 1);
      return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
    }
  }, await zoneButton.getAttribute("data-zone"));
  assert.ok(zw <= zone[0] && zs <= zone[1] && ze >= zone[2] && zn >= zone[3], `the zone ${zone} is framed: ${[zw, zs, ze, zn]}`);
  step(`a name opens its page: ${actorId} with ${reportsOfActor} reports; place ${placeId} shown on the map`);

  // evidence in the text opens its event
  await page.locator("#reader .item[data-doc]").first().click();
  await page.waitForSelector("#reader .reader-text .ev[data-cluster]");
  await page.locator("#reader .reader-text .ev[data-cluster]").first().dispatchEvent("click");
  await page.waitForFunction(() => /act #\d+/.test(document.querySelector("#reader h2").textContent));
  step("evidence in a report opens its event");

  // from a quote to its speaker: the events list narrows to that actor
  await page.locator("#list .item[data-doc]", { hasText: "TEHRAN" }).first().click();
  await page.waitForSelector("#reader .reader-text .q");
  const quote = page.locator("#reader .q[data-speaker]:not([data-speaker=''])").first();
  const speaker = (await quote.getAttribute("data-speaker")).split("+")[0];
  // on the quotation itself, not on a name inside it (which opens the name's page)
  await quote.dispatchEvent("click");
  await page.waitForFunction((s) => document.getElementById("f-actor").value === s, speaker);
  await page.waitForFunction(() => document.querySelector("#tab-events").getAttribute("aria-selected") === "true");
  // the list shows every event until the filtered ones arrive
  await page.waitForFunction((s) => {
    const items = [...document.querySelectorAll("#list .item")];
    return items.length > 0 && items.every((i) => i.textContent.includes(s));
  }, speaker);
  const lines = await page.locator("#list .item").allTextContents();
  assert.ok(lines.length > 0 && lines.length < listed, `events of ${speaker}: ${lines.length} of ${listed}`);
  for (const l of lines) assert.ok(l.includes(speaker), `an event of ${speaker}: ${l}`);
  step(`a click on a quote lists the ${lines.length} events of its speaker ${speaker}`);

  // a range dragged across the timeline sets the dates of every view
  await page.click("#f-clear");
  await page.waitForFunction((n) => document.querySelectorAll("#timeline-table tbody tr").length > 0 && document.querySelectorAll("#list .item").length === n, listed);
  const over = await page.locator("#timeline .u-over").boundingBox();
  await page.mouse.move(over.x + over.width * 0.55, over.y + over.height / 2);
  await page.mouse.down();
  await page.mouse.move(over.x + over.width * 0.95, over.y + over.height / 2, { steps: 6 });
  await page.mouse.up();
  await page.waitForFunction(() => document.getElementById("f-from").value && document.getElementById("f-to").value);
  const [dragFrom, dragTo] = [await page.inputValue("#f-from"), await page.inputValue("#f-to")];
  assert.ok(dragFrom < dragTo, `the dragged range: ${dragFrom} to ${dragTo}`);
  await page.waitForFunction(([a, b]) => {
    const days = [...document.querySelectorAll("#timeline-table tbody th")].map((t) => t.textContent);
    return days.length > 0 && days.every((d) => d >= a && d <= b);
  }, [dragFrom, dragTo]);
  step(`a range dragged across the timeline sets the dates: ${dragFrom} to ${dragTo}`);

  // a date range filters the map and the timeline: zoomed in, the acts drawn are the
  // acts the server has inside the view for the filters, asked of it by the view's box
  const drawnAsServed = (range) => until(() => page.evaluate(async ([marks, dates]) => {
    const bbox = document.getElementById("map").dataset.view;
    const q = new URLSearchParams({ ...dates, modality: "asserted", bbox });
    const inView = (await (await fetch("/api/acts.geojson?" + q)).json()).features.length;
    const drawn = [...document.querySelectorAll(marks)].reduce((n, m) => n + Number(m.dataset.count), 0);
    return inView > 0 && drawn === inView && drawn;
  }, [MARKS, range]), "the acts in view to be drawn");
  await page.click("#f-clear");
  await page.waitForFunction(() => document.getElementById("f-actor").value === "");
  await page.click("#map-tools button[data-zone]");
  const before = await drawnAsServed({});
  await page.fill("#f-from", "2020-03-01");
  await page.fill("#f-to", "2020-03-31");
  await page.click("#filters button[type=submit]");
  const after = await drawnAsServed({ from: "2020-03-01", to: "2020-03-31" });
  assert.ok(after > 0 && after < before, `map events in March 2020: ${after} of ${before}`);
  await page.screenshot({ path: join(artifacts, "map-march-2020.png") });
  step(`the date range narrows the map from ${before} to ${after} located events`);

  // zoomed out to the world, the map counts every located act from the server's grid;
  // a click on a cell zooms into it and the acts there are drawn as points again
  await page.click("#f-clear");
  await page.waitForFunction(() => /^\d+ (of \d+ )?acts?\b/.test(document.getElementById("status").textContent));
  await page.click("#map-zoom-world");
  await page.waitForSelector(".grid-cell span");
  const worldCount = await mapEvents();
  const located = await page.evaluate(async () => (await (await fetch("/api/events.geojson?limit=1000")).json()).features.length);
  assert.equal(worldCount, located, "the world grid counts every located act");
  await page.screenshot({ path: join(artifacts, "map-world-grid.png") });
  await page.locator(".grid-cell span").first().click();
  await page.waitForFunction(() => document.querySelectorAll(".grid-cell span").length === 0 && document.getElementById("map").dataset.mode === "acts");
  step(`the world map counts all ${worldCount} located acts in grid cells; a click zooms in`);

  // an analyst rejects one act and confirms another: the rejected act leaves the list
  // (shown, marked, only when asked for); both verdicts survive a reload
  await page.click("#f-clear");
  await page.waitForFunction(() => /^\d+ (of \d+ )?acts?\b/.test(document.getElementById("status").textContent));
  const items = page.locator("#list .item");
  const shownBefore = await items.count();
  const first = await items.nth(0).getAttribute("data-cluster");
  const second = await items.nth(1).getAttribute("data-cluster");
  const third = await items.nth(2).getAttribute("data-cluster");
  const item = (n) => page.locator(`#list .item[data-cluster="${n}"]`);
  await item(first).click();
  await page.fill("#v-analyst", "browser-test");
  await page.fill("#v-note", "the report is about a different day");
  await page.click("button[data-verdict=rejected]");
  await page.waitForFunction((n) => !document.querySelector(`#list .item[data-cluster="${n}"]`), first);
  assert.equal(await items.count(), shownBefore - 1, "a rejected act leaves the list");
  await item(second).click();
  await page.click("button[data-verdict=confirmed]");
  await page.waitForSelector(`#list .item[data-cluster="${second}"] .verdict-confirmed`);
  await page.reload();
  await page.waitForSelector(`#list .item[data-cluster="${second}"] .verdict-confirmed`);
  assert.equal(await item(first).count(), 0, "still out after a reload");
  await page.check("#f-rejected");
  await page.click("#filters button[type=submit]");
  await page.waitForSelector(`#list .item[data-cluster="${first}"] .verdict-rejected`);
  await item(first).click();
  // the reload reopened the act the address names (the second); wait for the first
  await page.waitForFunction((n) => document.querySelector("#reader h2").textContent.includes(`act #${n}`), first);
  const title = await page.locator("#reader h2 .verdict").getAttribute("title");
  assert.ok(title.includes("browser-test") && title.includes("different day"), `verdict keeps who and why: ${title}`);
  const rejectedHistory = await page.locator("#reader ol.history").textContent();
  assert.ok(rejectedHistory.includes("browser-test") && rejectedHistory.includes("different day"), `the history shows the verdict: ${rejectedHistory}`);
  await page.screenshot({ path: join(artifacts, "verified.png") });
  await page.uncheck("#f-rejected");
  await page.click("#filters button[type=submit]");
  await page.waitForFunction((n) => !document.querySelector(`#list .item[data-cluster="${n}"]`), first);
  step(`act #${first} rejected leaves the list (shown marked on request), #${second} confirmed; both survive a reload`);

  // two corrections of different fields both hold; the page shows the act as corrected,
  // the machine's reading beside each corrected field, and the history of both
  // a place and a day other than the act's own, so that each correction changes it
  const { act: uncorrected, place: other } = await page.evaluate(async (n) => {
    const act = (await (await fetch(`/api/acts/${n}`)).json()).act;
    const places = (await (await fetch("/api/places?limit=50")).json()).places;
    return { act, place: places.find((p) => p.id !== act.place && p.detail && p.detail.lat != null) };
  }, third);
  const day = uncorrected.date === "2019-05-06" ? "2019-05-07" : "2019-05-06";
  await item(third).click();
  await page.fill("#v-analyst", "browser-test");
  await page.fill("#c-place", other.id);
  await page.click("#correction button[type=submit]");
  await page.waitForFunction(() => /version 1\b/.test(document.querySelector("#reader .verify .meta").textContent));
  await page.fill("#c-date", day);
  await page.click("#correction button[type=submit]");
  await page.waitForFunction(() => /version 2\b/.test(document.querySelector("#reader .verify .meta").textContent));
  await page.waitForSelector(`#list .item[data-cluster="${third}"] .verdict-corrected`);
  await page.reload();
  await page.waitForSelector(`#list .item[data-cluster="${third}"] .verdict-corrected`);
  const line = await item(third).textContent();
  assert.ok(line.includes(other.name) && line.includes(day), `the list shows the corrected act: ${line}`);
  await item(third).click();
  await page.waitForSelector("#reader ol.history");
  const history = await page.locator("#reader ol.history").textContent();
  assert.ok(history.includes("place:") && history.includes(`→ ${other.name}`) && history.includes("date:") && history.includes(`→ ${day}`), `both corrections are in the history: ${history}`);
  const machine = await page.locator("#reader .machine").count();
  assert.ok(machine >= 2, "the machine's reading shows beside each corrected field");
  step(`act #${third} corrected twice (place, then date); both hold and the history shows both`);

  // a verdict on a version another analyst has moved past is refused, and the page shows
  // the act as it now stands
  const answer = await page.evaluate(async (n) => {
    const res = await fetch(`/api/acts/${n}/verification`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ status: "confirmed", analyst: "someone-else", version: 2 }) });
    return res.status;
  }, third);
  assert.equal(answer, 200, "another analyst confirms first");
  await page.click("button[data-verdict=rejected]");
  await page.waitForFunction(() => /changed since you read it/.test(document.getElementById("status").textContent));
  await page.waitForFunction(() => /version 3\b/.test(document.querySelector("#reader .verify .meta").textContent));
  assert.ok((await page.locator("#reader ol.history").textContent()).includes("someone-else"), "the page shows the other analyst's verdict");
  assert.equal(await item(third).count(), 1, "the stale rejection changed nothing");
  // the browser logs the refused request; that one is expected, any other error is not
  const conflicts = errors.filter((e) => e.includes("409 (Conflict)"));
  assert.equal(conflicts.length, 1, `one refused verdict: ${errors}`);
  errors.splice(errors.indexOf(conflicts[0]), 1);
  step(`a verdict on act #${third}'s older version is refused (409) and the page shows what it now says`);

  // the toll: an act's dead show in the list and on its page, and an analyst's figure
  // replaces the reports' with the machine's beside it
  const tolled = await page.evaluate(async () => {
    const acts = await (await fetch("/api/acts?limit=500")).json();
    return (acts.acts || acts).find((a) => a.killed != null && a.verification == null);
  });
  assert.ok(tolled, "the demo has an act with its dead counted");
  await item(tolled.act).click();
  await page.waitForSelector("#reader .toll");
  assert.ok((await page.locator("#reader .toll").textContent()).includes(`${tolled.killed} killed`));
  assert.ok((await item(tolled.act).textContent()).includes(`${tolled.killed} killed`), "the list shows the toll");
  await page.fill("#c-killed", String(tolled.killed + 1));
  await page.click("#correction button[type=submit]");
  await page.waitForFunction((n) => /version 1\b/.test(document.querySelector("#reader .verify .meta").textContent) && document.querySelector("#reader .toll").textContent.includes(`${n} killed`), tolled.killed + 1);
  assert.ok((await page.locator("#reader .toll").textContent()).includes(`machine: ${tolled.killed}`), "the machine's figure beside the analyst's");
  step(`act #${tolled.act}: ${tolled.killed} killed shown in the list and on its page; corrected to ${tolled.killed + 1}, the machine's figure beside it`);

  // the zone filter keeps the acts the regime places inside the Idlib zone
  const total = await page.locator("#list .item").count();
  await page.selectOption("#f-zone", "idlib-dez");
  await page.click("#filters button[type=submit]");
  await page.waitForFunction((n) => { const c = document.querySelectorAll("#list .item").length; return c > 0 && c < n; }, total);
  const inZone = await page.locator("#list .item").count();
  const viaApi = await page.evaluate(async () => (await (await fetch("/api/events?zone=idlib-dez&limit=1000")).json()).events.length);
  assert.equal(inZone, viaApi, "the list shows the acts inside the zone");
  await page.selectOption("#f-zone", "");
  await page.click("#filters button[type=submit]");
  await page.waitForFunction((n) => document.querySelectorAll("#list .item").length === n, total);
  step(`the zone filter keeps ${inZone} of ${total} acts`);

  // a report added from the Reports tab is read, analysed and opened in the reader
  await page.click("#tab-documents");
  await page.waitForSelector("#upload");
  const before_upload = await page.locator("#list .item[data-doc]").count();
  await page.setInputFiles("#u-file", {
    name: "monitor-note.txt", mimeType: "text/plain",
    buffer: Buffer.from("Shelling reported near Saraqib\n\nIDLIB -- Syrian government artillery shelled the outskirts of Saraqib on Tuesday, a local monitor said.\n"),
  });
  await page.fill("#u-published", "2020-02-12");
  await page.click("#upload button[type=submit]");
  await page.waitForFunction(() => document.querySelector("#reader h2")?.textContent.includes("Saraqib"));
  await page.waitForFunction((n) => document.querySelectorAll("#list .item[data-doc]").length === n + 1, before_upload);
  await page.waitForFunction(() => document.getElementById("status").textContent.includes("1 new report"));
  assert.ok(await page.locator("#reader .reader-text .m-place").count() > 0, "the uploaded report is analysed");
  await page.screenshot({ path: join(artifacts, "upload.png") });
  step("a report uploaded from the browser is stored, analysed and shown");

  // a second report of the same shelling joins its act; the analyst splits it out again
  await page.setInputFiles("#u-file", {
    name: "residents.txt", mimeType: "text/plain",
    buffer: Buffer.from("Saraqib shelled\n\nIDLIB -- Syrian government artillery shelled the outskirts of Saraqib on Tuesday, residents said.\n"),
  });
  await page.fill("#u-published", "2020-02-12");
  await page.click("#upload button[type=submit]");
  await page.waitForFunction(() => document.getElementById("status").textContent.includes("1 of acts reported before"));
  const act = await page.evaluate(async () => (await (await fetch("/api/events?place=Saraqib")).json()).events.find((e) => e.reports === 2));
  assert.ok(act, "the second report joined the act of the first");
  await page.click("#tab-events");
  await page.fill("#f-place", "Saraqib");
  await page.click("#filters button[type=submit]");
  await page.waitForSelector(`#list .item[data-cluster="${act.cluster}"]`);
  await page.locator(`#list .item[data-cluster="${act.cluster}"]`).click();
  await page.waitForSelector("#reader button.split");
  await page.locator("#reader button.split").last().click();
  await page.waitForFunction((c) => {
    const m = document.querySelector("#reader h2")?.textContent.match(/act #(\d+)/);
    return m && Number(m[1]) !== c && document.getElementById("status").textContent.includes("split out");
  }, act.cluster);
  const left = await page.evaluate(async (c) => (await (await fetch("/api/events/" + c)).json()).event.reports, act.cluster);
  assert.equal(left, 1, "the act keeps one report after the split");
  await page.fill("#f-place", "");
  step(`a report split out of act #${act.cluster} becomes an act of its own`);

  // the regime: its zone under the events on the map, alleged violations per day, the
  // parties alleged to have committed them, the agreements with their deadlines
  assert.ok(await page.locator("#map path.zone").count() > 0, "the Idlib zone is drawn on the map");
  await page.click("#tab-regime");
  await page.waitForSelector("#violations-chart rect");
  const bars = await page.locator("#violations-chart rect").count();
  const parties = await page.locator(".parties td").allTextContents();
  const acts = await page.locator("#list .item[data-cluster]").count();
  assert.ok(bars > 0 && acts > 0, `regime chart bars ${bars}, acts ${acts}`);
  assert.ok(parties.length >= 2 && !parties.includes("none"), `alleged perpetrators listed: ${parties}`);
  const whys = await page.locator("#list .item[data-cluster] .why").allTextContents();
  assert.equal(whys.length, acts, "every act in or near the zone says why it is or is not an alleged violation");
  assert.ok(whys.every((w) => w.trim().length > 0), `the reasons: ${whys}`);
  const flagged = await page.locator("#provisions tr.provision.flagged").count();
  assert.ok(flagged > 0, "deadlines passed without evidence are flagged");
  assert.ok(await page.locator("#phase-timeline rect.phase").count() >= 2, "the phases are on a timeline");
  await page.locator("#list .item[data-cluster]").first().click();
  await page.waitForSelector("#reader .evidence");
  await page.screenshot({ path: join(artifacts, "regime.png") });
  // three cells a row: the perpetrator, its acts, the dead in them; the market strike's
  // 30 dead are on the unattributed row
  const unattributed = parties.indexOf("unattributed (no perpetrator identified)");
  assert.ok(unattributed >= 0 && Number(parties[unattributed + 2]) >= 30, `the unattributed row counts the market strike's dead: ${parties}`);
  step(`the regime tab shows ${acts} acts in the zone, ${bars} bars, perpetrators ${parties.filter((_, i) => i % 3 === 0).join(", ")} (${parties[unattributed + 2]} killed in unattributed attacks), ${flagged} flagged deadlines`);

  // the heavy weapons provision of the Sochi memorandum: truce suggests the report of the
  // withdrawal, the analyst takes it as evidence of full compliance on the deadline, and
  // the deadline is met instead of flagged
  const row = '#provisions tr[data-provision="sochi-2018/p2"]';
  assert.ok(await page.locator(`${row}.flagged`).count() === 1, "the heavy weapons deadline starts flagged");
  await page.click(`${row} button.suggest`);
  await page.waitForSelector(`${row} .suggestion`);
  const suggested = await page.locator(`${row} .suggestion`).first().textContent();
  assert.ok(suggested.includes("heavy weapons"), `the withdrawal report is suggested: ${suggested}`);
  const flaggedBefore = Number((await page.textContent("#status")).match(/(\d+) deadlines? passed/)[1]);
  await page.locator(`${row} .suggestion button.use`).first().click();
  // the form opens under its provision, with the suggestion as its evidence
  const formRow = await page.evaluate((r) => document.querySelector(r).nextElementSibling?.contains(document.getElementById("status-form")), row);
  assert.ok(formRow, "the status form opens right under its provision");
  assert.equal(await page.locator("#s-chosen li").count(), 1, "the suggestion is the evidence chosen");
  await page.selectOption("#s-level", "3");
  await page.fill("#s-date", "2018-10-10");
  await page.fill("#s-analyst", "browser-test");
  await page.fill("#s-note", "the ministry's statement, confirmed by the NLF");
  await page.click("#status-form button[type=submit]");
  await page.waitForSelector(`${row} .history li`);
  assert.equal((await page.locator(`${row} td.level`).textContent()).trim(), "3 full");
  assert.ok(await page.locator(`${row}.flagged`).count() === 0, "a met deadline is not flagged");
  assert.ok((await page.locator(`${row} .deadline`).textContent()).includes("met"));
  const flaggedAfter = Number((await page.textContent("#status")).match(/(\d+) deadlines? passed/)[1]);
  assert.equal(flaggedAfter, flaggedBefore - 1, "the count of passed deadlines follows the record");
  // the evidence opens in the reader: a report at its text, an act with its evidence
  await page.evaluate(() => { document.getElementById("reader").innerHTML = ""; });
  const cited = (await page.locator(`${row} .history .evidence-link`).first().textContent()).trim();
  assert.ok(!/[0-9a-f]{10}/.test(cited) && cited.includes("“"), `the evidence names its report, not its hash: ${cited}`);
  await page.locator(`${row} .history .evidence-link`).first().click();
  await page.waitForSelector("#reader .reader-text, #reader .evidence");
  await page.locator(row).scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(artifacts, "provisions.png") });
  step("a provision's status recorded from a suggested report: deadline met, history with its evidence");

  // the same by keyboard alone: the arrow keys move between tabs, Enter opens an act of
  // the zone, and a provision's status is recorded without the mouse
  await page.focus("#tab-quotes");
  await page.keyboard.press("ArrowRight");
  await page.waitForSelector("#tab-regime[aria-selected=true]:focus");
  await page.waitForSelector("#provisions");
  await page.evaluate(() => { document.getElementById("reader").innerHTML = ""; });
  await page.focus("#list .item[data-cluster]");
  const zoneAct = await page.getAttribute("#list .item[data-cluster]", "data-cluster");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#reader .evidence");
  const keyed = await page.$$eval("#provisions tr.provision", (rows) => rows.map((r) => r.dataset.provision)
    .find((p) => p !== "sochi-2018/p2" && !document.querySelector(`#provisions tr[data-provision="${p}"] .history`)));
  assert.ok(keyed, "a provision without a recorded status is left to record by keyboard");
  const keyedRow = `#provisions tr[data-provision="${keyed}"]`;
  const focused = () => page.evaluate(() => { const a = document.activeElement; return a.id || (a.dataset && a.dataset.provision) || a.tagName; });
  await page.focus(`${keyedRow} button.record`);
  await page.keyboard.press("Enter");
  await page.waitForSelector("#status-form:not([hidden])");
  assert.equal(await focused(), "s-level", "the form opens with the keyboard on its first field");
  await page.keyboard.press("Escape");
  await page.waitForSelector("#status-form[hidden]", { state: "attached" });
  assert.equal(await focused(), keyed, "Escape closes the form and gives the keyboard back to the provision");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#status-form:not([hidden])");
  await page.keyboard.type("2");
  assert.equal(await page.inputValue("#s-level"), "2", "the level is chosen by typing it");
  for (let i = 0; i < 12 && (await focused()) !== "s-analyst"; i++) await page.keyboard.press("Tab");
  assert.equal(await focused(), "s-analyst", "Tab reaches the analyst field");
  await page.keyboard.type("keyboard-test");
  await page.keyboard.press("Tab");
  await page.keyboard.type("recorded without a mouse");
  // without evidence the level is refused, and the form says why
  await page.keyboard.press("Enter");
  await page.waitForSelector("#s-error:not(:empty)");
  assert.match(await page.textContent("#s-error"), /needs evidence/);
  // the browser logs the refused request; that one is expected
  const refusals = errors.filter((e) => e.includes("status of 400"));
  assert.equal(refusals.length, 1, `one refused request: ${errors}`);
  errors.splice(errors.indexOf(refusals[0]), 1);
  await page.keyboard.down("Shift");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.up("Shift");
  assert.equal(await focused(), "s-evidence", "Shift+Tab goes back to the evidence field");
  // the evidence is found by the act's number and added with Enter, then Enter saves
  await page.keyboard.type(`#${zoneAct}`);
  await page.waitForSelector("#s-results button.add");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#s-chosen li");
  assert.match(await page.textContent("#s-chosen"), new RegExp(`act #${zoneAct}\\b`));
  await page.keyboard.press("Enter");
  await page.waitForSelector(`${keyedRow} .history li`);
  assert.equal((await page.locator(`${keyedRow} td.level`).textContent()).trim(), "2 intermediate");
  assert.equal(await focused(), keyed, "after saving, the keyboard is back on the provision");
  step(`keyboard alone: tabs by arrows, an act opened by Enter, ${keyed} recorded as 2 intermediate`);

  // an agreement proposed from a report: the analyst rejects one and edits another
  const proposals = page.locator("#list .proposal");
  assert.ok(await proposals.count() >= 2, "the demo reports propose agreements");
  const firstId = await proposals.nth(0).getAttribute("data-agreement");
  const secondId = await proposals.nth(1).getAttribute("data-agreement");
  await proposals.nth(0).locator(".p-analyst").fill("browser-test");
  await proposals.nth(0).locator("button[data-decision=rejected]").click();
  await page.waitForSelector(`#list .proposal[data-agreement="${firstId}"] .status-rejected`);
  const edited = page.locator(`#list .proposal[data-agreement="${secondId}"]`);
  await edited.locator(".p-analyst").fill("browser-test");
  await edited.locator(".p-note").fill("dated by the report");
  await edited.locator(".p-date").fill("2018-09-07");
  await edited.locator("button[data-decision=edited]").click();
  await page.waitForSelector(`#list .proposal[data-agreement="${secondId}"] .status-edited`);
  const meta = await page.locator(`#list .proposal[data-agreement="${secondId}"] .meta`).first().textContent();
  assert.ok(meta.includes("2018-09-07") && meta.includes("browser-test"), `the edit shows: ${meta}`);
  step(`agreement #${firstId} rejected and #${secondId} edited from the Regime tab`);

  assert.deepEqual(errors, [], "no errors in the page");
  step("no errors in the page");
} finally {
  await browser.close();
  stop();
}
