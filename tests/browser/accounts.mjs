// A shared server in Debian's headless Chromium: once the demo store has accounts the
// workbench asks to sign in; a one-time password must be changed first; an admin adds a
// user (whose one-time password is shown once), sets what readers see and reads the audit
// trail with its chain checked; an analyst's verdict is recorded under their name with no
// name typed; a reader then sees that verified act alone; signing out returns to the
// sign-in. axe-core checks the sign-in and the admin's tabs.
// Usage: node accounts.mjs TRUCE_BINARY ARTIFACT_DIR
import { join } from "node:path";
import assert from "node:assert/strict";
import { args, startDemo, truceRun, oneTimePassword, launchChromium, step, until, axeViolations } from "./demo.mjs";

const { truce, artifacts } = args("accounts.mjs");
const { base, db, stop } = await startDemo(truce);

const browser = await launchChromium();
const errors = [];

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(e.message));
  // a refused sign-in is an expected 401 in the console; anything else is a fault
  page.on("console", (m) => { if (m.type() === "error" && !/401|Unauthorized/.test(m.text())) errors.push(m.text()); });
  await page.route("**/*", (route) => route.request().url().startsWith(base) ? route.continue() : route.abort());
  return page;
}

// signs in on the gate; with a one-time password, chooses `chosen` next
async function signIn(page, name, password, chosen) {
  await page.goto(base + "/");
  await page.waitForSelector("#sign-in-form");
  await page.fill("#g-name", name);
  await page.fill("#g-password", password);
  await page.click("#sign-in-form button[type=submit]");
  if (chosen) {
    await page.waitForSelector("#password-form");
    await page.fill("#g-current", password);
    await page.fill("#g-new", chosen);
    await page.click("#password-form button[type=submit]");
  }
  await page.waitForSelector("#list .item");
}

try {
  // the demo served without accounts; its first admin makes it a shared server
  const printed = await truceRun(truce, db, ["users", "add", "chief", "--role", "admin"]);
  const once = oneTimePassword(printed);

  const page = await newPage();
  await page.goto(base + "/");
  await page.waitForSelector("#sign-in-form");
  assert.ok(await page.locator("#workbench").isHidden(), "nothing of the store shows before signing in");
  assert.deepEqual(await axeViolations(page), [], "axe-core on the sign-in");
  await page.screenshot({ path: join(artifacts, "sign-in.png") });
  await page.fill("#g-name", "chief");
  await page.fill("#g-password", "not the password at all");
  await page.click("#sign-in-form button[type=submit]");
  await page.waitForFunction(() => /wrong name or password/.test(document.querySelector("#g-status").textContent));
  step("the workbench asks to sign in, and a wrong password is refused");

  // the one-time password is changed before anything else
  await page.fill("#g-password", once);
  await page.click("#sign-in-form button[type=submit]");
  await page.waitForSelector("#password-form");
  await page.fill("#g-current", once);
  await page.fill("#g-new", "the chief's own password");
  await page.click("#password-form button[type=submit]");
  await page.waitForSelector("#list .item");
  assert.match(await page.textContent("#account"), /chief.*admin/s);
  assert.ok(await page.locator("#tab-users").isVisible() && await page.locator("#tab-audit").isVisible());
  // an admin reads the record but records nothing in it
  await page.locator("#list .item").first().click();
  await page.waitForSelector("#reader h2");
  assert.equal(await page.locator("#reader [data-verdict]").count(), 0, "no verdict buttons for an admin");
  step("the one-time password is changed first; the admin sees the Users and Audit tabs and no verdict buttons");

  // the admin adds an analyst: the one-time password is shown once
  await page.click("#tab-users");
  await page.waitForSelector("#users-table");
  await page.fill("#u-name", "ana");
  await page.selectOption("#u-role", "analyst");
  await page.click("#add-user button[type=submit]");
  await page.waitForSelector("#u-secret-value");
  const anaOnce = (await page.textContent("#u-secret-value")).trim();
  assert.match(anaOnce, /^[a-z0-9]{5}(-[a-z0-9]{5}){3}$/);
  assert.match(await page.textContent("#users-table"), /ana\s*analyst\s*one-time password not changed/);
  await page.selectOption("#u-readers", "verified");
  await page.click("#settings button[type=submit]");
  await page.waitForFunction(() => /verified acts only/.test(document.querySelector("#status").textContent));
  assert.deepEqual(await axeViolations(page), [], "axe-core on the Users tab");
  await page.screenshot({ path: join(artifacts, "users.png") });
  step("the admin adds an analyst (one-time password shown once) and lets readers see verified acts only");

  // the audit trail, newest first, and its chain
  await page.click("#tab-audit");
  await page.waitForSelector("#audit-table tbody tr");
  const trail = await page.textContent("#audit-table");
  for (const action of ["user.add", "session.open", "user.password", "setting.set"]) assert.ok(trail.includes(action), `${action} in the trail`);
  await page.click("#a-verify");
  await page.waitForFunction(() => /the chain holds/.test(document.querySelector("#a-check").textContent));
  assert.deepEqual(await axeViolations(page), [], "axe-core on the Audit tab");
  await page.screenshot({ path: join(artifacts, "audit.png") });
  step("the Audit tab lists the changes and checks the chain");

  // the analyst's verdict is theirs, with no name typed
  const analyst = await newPage();
  await signIn(analyst, "ana", anaOnce, "ana's own long password");
  assert.ok(await analyst.locator("#tab-users").isHidden(), "no Users tab for an analyst");
  await analyst.locator("#list .item").first().click();
  await analyst.waitForSelector("#reader [data-verdict=confirmed]");
  assert.equal(await analyst.locator("#v-analyst").count(), 0, "no name to type when signed in");
  const act = await analyst.locator("#list .item").first().getAttribute("data-cluster");
  await analyst.click("#reader [data-verdict=confirmed]");
  await until(async () => {
    const r = await analyst.evaluate(async (n) => (await fetch("/api/acts/" + n)).json(), act);
    return r.act.verification && r.act.verification.analyst === "ana";
  }, "the verdict under ana's name");
  step(`ana confirms act #${act}: the verdict is recorded as hers`);

  // a reader, with readers seeing verified acts only, sees that act alone and no working tabs
  await truceRun(truce, db, ["users", "add", "rita", "--role", "reader", "--password-stdin"], "rita's long password");
  const reader = await newPage();
  await signIn(reader, "rita", "rita's long password");
  await reader.selectOption("#f-modality", "any");
  await reader.click("#filters button[type=submit]");
  await reader.waitForFunction(() => new URL(location.href).searchParams.get("modality") === "any");
  await until(async () => (await reader.locator("#list .item").count()) === 1, "one act listed for the reader");
  assert.equal(await reader.locator("#list .item").first().getAttribute("data-cluster"), act);
  for (const tab of ["documents", "quotes", "regime", "users", "audit"]) assert.ok(await reader.locator("#tab-" + tab).isHidden(), `no ${tab} tab for a reader`);
  step(`a reader sees act #${act}, the one verified, and no working tabs`);

  // signing out returns to the sign-in, and the session no longer reads anything
  await analyst.click("#sign-out");
  await analyst.waitForSelector("#sign-in-form");
  const status = await analyst.evaluate(async () => (await fetch("/api/acts")).status);
  assert.equal(status, 401);
  step("signing out ends the session");

  assert.deepEqual(errors, [], "errors in the page");
} finally {
  await browser.close();
  stop();
}
