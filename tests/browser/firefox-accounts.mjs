// Sign-in in Debian's Firefox ESR (headless, puppeteer-core over WebDriver BiDi), as
// accounts.mjs checks it in Chromium: the session's Secure, HttpOnly, SameSite=Strict
// cookie is kept on this loopback server, a one-time password is changed first, the page's
// scripts cannot read the cookie, the admin's tabs show, and signing out ends the session.
// Usage: node firefox-accounts.mjs TRUCE_BINARY ARTIFACT_DIR
import { join } from "node:path";
import assert from "node:assert/strict";
import { args, startDemo, truceRun, oneTimePassword, launchFirefox, step, axeViolations } from "./demo.mjs";

const { truce, artifacts } = args("firefox-accounts.mjs");
const { base, db, stop } = await startDemo(truce);
const browser = await launchFirefox();
const errors = [];
const waitFor = (page, fn, ...a) => page.waitForFunction(fn, {}, ...a);

try {
  const once = oneTimePassword(await truceRun(truce, db, ["users", "add", "chief", "--role", "admin"]));
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 900 });
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(base + "/");
  await page.waitForSelector("#sign-in-form");
  await page.type("#g-name", "chief");
  await page.type("#g-password", once);
  await page.click("#sign-in-form button[type=submit]");
  await page.waitForSelector("#password-form");
  await page.type("#g-current", once);
  await page.type("#g-new", "the chief's own password");
  await page.click("#password-form button[type=submit]");
  await page.waitForSelector("#list .item");
  assert.equal(await page.evaluate(() => document.cookie), "", "the session's cookie is not the page's to read");
  await waitFor(page, () => !document.querySelector("#tab-audit").hidden);
  await page.click("#tab-audit");
  await page.waitForSelector("#audit-table tbody tr");
  assert.deepEqual(await axeViolations(page), [], "axe-core on the Audit tab");
  await page.screenshot({ path: join(artifacts, "firefox-audit.png") });
  step("Firefox keeps the session's cookie, hides it from scripts, and shows the admin's Audit tab");
  await page.click("#sign-out");
  await page.waitForSelector("#sign-in-form");
  assert.equal(await page.evaluate(async () => (await fetch("/api/acts")).status), 401);
  step("Firefox: signing out ends the session");
  assert.deepEqual(errors, [], "errors in the page");
} finally {
  await browser.close();
  stop();
}
