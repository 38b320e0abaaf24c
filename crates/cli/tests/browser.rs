//! The workbench in real headless browsers from Debian's packages. Chromium, driven by
//! playwright-core: tests/browser/workbench.mjs (the reader, actor and place pages, a click
//! from a quote to its speaker's events, a date range narrowing the map, verdicts and
//! corrections, the zone filter, an upload, the regime tab), tests/browser/views.mjs (the
//! count, the Export menu, Back and shared links, the map's clusters, an upload's matches)
//! tests/browser/access.mjs (axe-core on every tab, badge contrast, the page at a
//! phone's width) and tests/browser/accounts.mjs (sign-in, a one-time password's change,
//! the admin's Users and Audit tabs, a verdict under the signed-in analyst's name, sign-out).
//! Firefox ESR, driven by puppeteer-core over WebDriver BiDi: tests/browser/firefox.mjs
//! (the main paths again, an Arabic report read right to left, Back and a shared link),
//! tests/browser/firefox-views.mjs (the working tools and axe-core again) and
//! tests/browser/firefox-accounts.mjs (sign-in and sign-out, the cookie out of scripts'
//! reach). Screenshots land in target/browser-artifacts/. `scripts/test`
//! installs the browsers and the Node packages; without them a test says it was skipped,
//! except with CI=true, where it fails.

use std::path::Path;
use std::process::Command;

/// Runs `script` with node against the real binary, the browser at `browser` (or the
/// path in `env`), and checks the screenshots it must leave.
fn run_browser_test(script: &str, env: &str, browser: &str, module: &str, shots: &[&str]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let script = root.join("tests/browser").join(script);
    let browser = std::env::var(env).unwrap_or_else(|_| browser.into());
    let missing: Vec<String> = [
        (!Path::new(&browser).exists()).then(|| format!("{browser} (apt-get install)")),
        Command::new("node")
            .arg("--version")
            .output()
            .is_err()
            .then(|| "node".to_string()),
        (!root
            .join("tests/browser/node_modules")
            .join(module)
            .exists())
        .then(|| format!("{module} (npm ci --prefix tests/browser)")),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !missing.is_empty() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but the browser test lacks {missing:?}; scripts/test installs them"
        );
        eprintln!("skipped: the browser test needs {missing:?}; scripts/test installs them");
        return;
    }
    let artifacts = root.join("target/browser-artifacts");
    let out = Command::new("node")
        .arg(&script)
        .arg(env!("CARGO_BIN_EXE_truce"))
        .arg(&artifacts)
        .env(env, &browser)
        .output()
        .expect("node runs");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("{said}");
    assert!(out.status.success(), "the browser test failed:\n{said}");
    for shot in shots {
        assert!(artifacts.join(shot).exists(), "screenshot {shot} missing");
    }
}

#[test]
fn workbench_in_headless_chromium() {
    run_browser_test(
        "workbench.mjs",
        "CHROMIUM",
        "/usr/bin/chromium",
        "playwright-core",
        &[
            "workbench.png",
            "reader.png",
            "actor.png",
            "upload.png",
            "map-march-2020.png",
            "regime.png",
            "timeline-actors.png",
        ],
    );
}

#[test]
fn views_exports_and_links_in_headless_chromium() {
    run_browser_test(
        "views.mjs",
        "CHROMIUM",
        "/usr/bin/chromium",
        "playwright-core",
        &[
            "shared-view.png",
            "export.csv",
            "map-cluster-popup.png",
            "map-labels.png",
            "upload-matches.png",
        ],
    );
}

#[test]
fn accessibility_and_the_phone_in_headless_chromium() {
    run_browser_test(
        "access.mjs",
        "CHROMIUM",
        "/usr/bin/chromium",
        "axe-core",
        &["phone-act.png"],
    );
}

#[test]
fn sign_in_and_the_admin_pages_in_headless_chromium() {
    run_browser_test(
        "accounts.mjs",
        "CHROMIUM",
        "/usr/bin/chromium",
        "playwright-core",
        &["sign-in.png", "users.png", "audit.png"],
    );
}

#[test]
fn workbench_in_headless_firefox() {
    run_browser_test(
        "firefox.mjs",
        "FIREFOX",
        "/usr/bin/firefox-esr",
        "puppeteer-core",
        &[
            "firefox-workbench.png",
            "firefox-reader.png",
            "firefox-arabic.png",
        ],
    );
}

#[test]
fn views_exports_and_links_in_headless_firefox() {
    run_browser_test(
        "firefox-views.mjs",
        "FIREFOX",
        "/usr/bin/firefox-esr",
        "puppeteer-core",
        &["firefox-phone.png"],
    );
}

#[test]
fn sign_in_in_headless_firefox() {
    run_browser_test(
        "firefox-accounts.mjs",
        "FIREFOX",
        "/usr/bin/firefox-esr",
        "puppeteer-core",
        &["firefox-audit.png"],
    );
}
