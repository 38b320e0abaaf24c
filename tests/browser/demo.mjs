// What both browser tests share: their arguments, and the demo store built and served by
// the real binary on a free port, in a directory of its own that `stop` removes.
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/// TRUCE_BINARY and ARTIFACT_DIR from the command line (the directory is created).
export function args(script) {
  const [truce, artifacts] = process.argv.slice(2);
  if (!truce || !artifacts) {
    console.error(`usage: node ${script} TRUCE_BINARY ARTIFACT_DIR`);
    process.exit(2);
  }
  mkdirSync(artifacts, { recursive: true });
  return { truce, artifacts };
}

/// Starts `truce demo` and resolves to its address, its store and a function that stops it.
export async function startDemo(truce) {
  const dir = mkdtempSync(join(tmpdir(), "truce-browser-"));
  const db = join(dir, "demo.db");
  const server = spawn(truce, ["--db", db, "demo", "--quiet", "--addr", "127.0.0.1:0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const base = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("the demo server did not start in 120 s: " + out)), 120000);
    server.stdout.on("data", (chunk) => {
      out += chunk;
      const m = out.match(/http:\/\/[0-9.:]+/);
      if (m) { clearTimeout(timer); resolve(m[0]); }
    });
    server.on("exit", (code) => reject(new Error("truce demo exited with " + code + ": " + out)));
  });
  const stop = () => {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  return { base, db, stop };
}

/// Runs `truce --db DB ARGS...` to its end (with `input` on its standard input) and
/// resolves to what it printed; fails if it fails.
export async function truceRun(truce, db, args, input = "") {
  const child = spawn(truce, ["--db", db, ...args], { stdio: ["pipe", "pipe", "pipe"] });
  let out = "", err = "";
  child.stdout.on("data", (c) => { out += c; });
  child.stderr.on("data", (c) => { err += c; });
  child.stdin.end(input);
  const code = await new Promise((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`truce ${args.join(" ")} exited with ${code}: ${err}`);
  return out;
}

/// The one-time password a command printed (the last word of the line that says so).
export const oneTimePassword = (printed) => printed.split("\n").find((l) => l.includes("one-time password")).trim().split(/\s+/).pop();

/// Polls `check` (an async function run here, in Node) until it returns a truthy value, and
/// resolves to that value; fails after `ms` naming `what`. For conditions that need an
/// answer from the server: a page-side wait treats the promise of an async check as true.
export async function until(check, what, ms = 30000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/// A line of the test's report.
export const step = (what) => console.log("ok - " + what);

/// Debian's Chromium, headless, driven by playwright-core (no browser is downloaded); the
/// flags keep it from reaching out to any network but the test's own server.
export async function launchChromium() {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/// Debian's Firefox ESR, headless, driven by puppeteer-core over WebDriver BiDi.
export async function launchFirefox() {
  const { default: puppeteer } = await import("puppeteer-core");
  return puppeteer.launch({
    browser: "firefox",
    executablePath: process.env.FIREFOX || "/usr/bin/firefox-esr",
    headless: true,
  });
}

/// axe-core's serious and critical violations on the page as it stands (the library,
/// pinned in package.json, is put in the page once), in Chromium and Firefox alike.
export async function axeViolations(page) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) {
    const { readFileSync } = await import("node:fs");
    const { createRequire } = await import("node:module");
    await page.evaluate(readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8"));
  }
  return page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`)));
}
