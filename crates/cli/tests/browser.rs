//! The workbench in a real headless Chromium (Debian's package), driven by
//! tests/browser/workbench.mjs through playwright-core: the reader, actor and place pages,
//! a click from a quote to its speaker's events, a date range narrowing the map, verdicts
//! and corrections, the zone filter, an upload, the regime tab.
//! Screenshots land in
//! target/browser-artifacts/. `scripts/test` installs Chromium and the Node package;
//! without them the test says it was skipped, except with CI=true, where it fails.

use std::path::Path;
use std::process::Command;

#[test]
fn workbench_in_headless_chromium() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let script = root.join("tests/browser/workbench.mjs");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let missing: Vec<&str> = [
        (!Path::new(&chromium).exists()).then_some("chromium (apt-get install chromium)"),
        Command::new("node")
            .arg("--version")
            .output()
            .is_err()
            .then_some("node"),
        (!root
            .join("tests/browser/node_modules/playwright-core")
            .exists())
        .then_some("playwright-core (npm ci --prefix tests/browser)"),
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
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node runs");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("{said}");
    assert!(out.status.success(), "the browser test failed:\n{said}");
    for shot in [
        "workbench.png",
        "reader.png",
        "actor.png",
        "upload.png",
        "map-march-2020.png",
        "regime.png",
    ] {
        assert!(artifacts.join(shot).exists(), "screenshot {shot} missing");
    }
}
