//! `truce bench` and `truce corpus` on small runs: the reports they print hold every
//! stage and figure, consistent with each other. (Speed itself is measured by running the
//! benchmarks, never asserted by a test.)

mod common;
use common::*;

fn json_of(args: &[&str]) -> serde_json::Value {
    let out = truce().args(args).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn stages_cover_the_pipeline_and_add_up() {
    let r = json_of(&["bench", "stages", "--docs", "40", "--runs", "1", "--json"]);
    let stages: Vec<&str> = r["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["stage"].as_str().unwrap())
        .collect();
    assert_eq!(
        stages,
        [
            "ingest",
            "boilerplate",
            "mentions",
            "quotes",
            "events",
            "assemble",
            "store"
        ]
    );
    let total = r["end_to_end"]["seconds"].as_f64().unwrap();
    let mut shares = 0.0;
    for s in r["stages"].as_array().unwrap() {
        let seconds = s["seconds"].as_f64().unwrap();
        assert!(seconds > 0.0 && seconds <= total, "{s}");
        shares += s["share_of_total"].as_f64().unwrap();
    }
    // the stages are timed inside the end-to-end run: together they cannot exceed it
    assert!(shares > 0.5 && shares <= 1.0 + 1e-6, "shares {shares}");
    assert_eq!(r["docs"], 40);
    assert!(r["events_per_doc"].as_f64().unwrap() > 1.0, "{r}");
    assert!(r["quotes_per_doc"].as_f64().unwrap() > 1.0, "{r}");
    assert!(r["store_mb"].as_f64().unwrap() > 0.0);
    assert!(r["machine"]["cores"].as_u64().unwrap() >= 1);
}

#[test]
fn ingest_bench_and_corpus() {
    let r = json_of(&["bench", "ingest", "--docs", "30", "--runs", "1", "--json"]);
    assert!(r["ingest_to_sqlite"]["docs_per_s"].as_f64().unwrap() > 0.0);
    let tenths = r["docs_per_s_by_tenth"].as_array().unwrap();
    assert_eq!(tenths.len(), 10, "{r}");
    assert!(tenths.iter().all(|t| t.as_f64().unwrap() > 0.0), "{r}");

    // a kept store of news-dense reports, which the api benchmark then queries as it is
    let dir = open_tempdir();
    let kept = dir.path().join("news.db");
    let kept = kept.to_str().unwrap();
    let r = json_of(&[
        "bench",
        "ingest",
        "--docs",
        "300",
        "--runs",
        "1",
        "--density",
        "news",
        "--store",
        kept,
        "--json",
    ]);
    assert_eq!(r["kept_store"], kept, "{r}");
    assert!(r["store_mb"].as_f64().unwrap() > 1.0, "{r}");
    let api = json_of(&["bench", "api", "--store", kept, "--runs", "1", "--json"]);
    assert!(api["build_seconds"].is_null(), "{api}");
    assert!(api["acts"].as_i64().unwrap() > 300, "{api}");
    // building over a kept store would mix two runs: refused, as is --store with runs
    let again = truce()
        .args([
            "bench", "ingest", "--docs", "10", "--runs", "1", "--store", kept,
        ])
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists"));
    let bad = truce()
        .args(["bench", "ingest", "--density", "sparse"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("news"));
    let out = truce().args(["corpus", "--docs", "3"]).output().unwrap();
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert!(lines
        .iter()
        .all(|l| l["text"].as_str().unwrap().len() > 1000));
}

#[test]
fn violation_counts_over_a_generated_store() {
    let r = json_of(&[
        "bench",
        "violations",
        "--docs",
        "300",
        "--runs",
        "3",
        "--json",
    ]);
    assert_eq!(r["docs"], 300);
    assert!(r["events_stored"].as_i64().unwrap() > 300, "{r}");
    assert_eq!(r["queries"], 3);
    for q in ["whole_store_ms", "one_month_ms"] {
        let (median, p95) = (
            r[q]["median"].as_f64().unwrap(),
            r[q]["p95"].as_f64().unwrap(),
        );
        assert!(median > 0.0 && p95 >= median, "{q}: {r}");
    }
}

/// The API benchmark and the load test share one generated store (kept with --store):
/// the in-memory index agrees with the store (the benchmark fails otherwise), and many
/// clients get every read endpoint answered without an error.
#[test]
fn api_queries_and_a_load_test_over_a_kept_store() {
    let dir = open_tempdir();
    let store = dir.path().join("kept.db");
    let store = store.to_str().unwrap();
    let r = json_of(&[
        "bench", "api", "--docs", "200", "--runs", "3", "--store", store, "--json",
    ]);
    assert!(r["build_seconds"].as_f64().unwrap() > 0.0, "{r}");
    assert!(r["acts"].as_i64().unwrap() > 100, "{r}");
    assert!(r["map_grid_cells"].as_u64().unwrap() > 1, "{r}");
    for q in [
        "event_list_ms",
        "timeline_ms",
        "map_grid_ms",
        "timeline_indexed_ms",
        "map_grid_indexed_ms",
    ] {
        assert!(
            r[q]["p95"].as_f64().unwrap() >= r[q]["median"].as_f64().unwrap(),
            "{q}: {r}"
        );
    }
    assert!(r["export_acts_per_s"].as_f64().unwrap() > 0.0);
    let l = json_of(&[
        "bench",
        "load",
        "--store",
        store,
        "--clients",
        "8",
        "--seconds",
        "1",
        "--json",
    ]);
    assert!(
        l["build_seconds"].is_null(),
        "the kept store is reused: {l}"
    );
    let load = &l["load"];
    assert_eq!(load["errors"], 0, "{l}");
    assert_eq!(load["clients"], 8);
    let endpoints = load["endpoints"].as_array().unwrap();
    assert_eq!(endpoints.len(), 8);
    assert!(
        endpoints
            .iter()
            .all(|e| e["requests"].as_u64().unwrap() > 0),
        "{l}"
    );
    let total: u64 = endpoints
        .iter()
        .map(|e| e["requests"].as_u64().unwrap())
        .sum();
    assert_eq!(total, load["requests"].as_u64().unwrap());
    let bad = truce()
        .args(["bench", "load", "--clients", "0"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("--clients must be at least 1"));
}

#[test]
fn unknown_benchmark_names_the_available_ones() {
    // a benchmark's name is a usage error (exit 2) that lists the names
    let out = truce().args(["bench", "everything"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    for needle in ["'everything'", "stages, ingest, analyse, zones"] {
        assert!(err.contains(needle), "stderr lacks {needle:?}:\n{err}");
    }
    let out = truce().args(["bench", "--runs", "0"]).output().unwrap();
    assert_fails_saying(&out, &["--runs and --docs must be at least 1"]);
}

#[test]
fn analysis_bench_reads_a_directory_of_reports() {
    let dir = tempfile::tempdir().unwrap();
    // two short reports of our own; the second is dated by its name
    std::fs::write(
        dir.path().join("a.txt"),
        "Turkish forces shelled positions near Tal Rifaat on Friday, the ministry said.",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("2020-03-06-b.txt"),
        "Russia and Turkey agreed to a ceasefire in Idlib yesterday.",
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.md"), "not a report").unwrap();
    let path = dir.path().to_str().unwrap();
    let r = json_of(&[
        "bench",
        "analyse",
        "--reports",
        path,
        "--docs",
        "5",
        "--runs",
        "1",
        "--json",
    ]);
    assert_eq!(r["docs"], 5);
    // five reports taken in turn from the two .txt files, sorted by name: b, a, b, a, b
    let (a, b) = (78.0, 59.0);
    let mean = r["mean_bytes_per_doc"].as_f64().unwrap();
    assert_eq!(mean, ((3.0 * b + 2.0 * a) / 5.0_f64).floor(), "{r}");
    assert!(r["mentions_per_doc"].as_f64().unwrap() >= 3.0, "{r}");
    // the stages are timed inside the analysis pass: named in order, together within it
    let stages = r["stages"].as_array().unwrap();
    let names: Vec<&str> = stages
        .iter()
        .map(|s| s["stage"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["mentions", "quotes", "events", "assemble"]);
    let within: f64 = stages.iter().map(|s| s["seconds"].as_f64().unwrap()).sum();
    let pass = r["analyse_runs_seconds"][0].as_f64().unwrap();
    assert!(within > 0.0 && within <= pass, "{within} of {pass}");

    let empty = tempfile::tempdir().unwrap();
    let out = truce()
        .args(["bench", "analyse", "--reports"])
        .arg(empty.path())
        .args(["--docs", "2", "--runs", "1"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("holds no .txt files"), "{err}");
}

/// `bench adversarial` reports every hostile input of the robustness review beside its
/// bound. The bounds that are counts, not speeds, must hold: the long search is answered
/// and the 33-word one refused, 3 million refused lines are all counted and 100 listed,
/// eight uploads at once are all stored.
#[test]
fn the_adversarial_bench_puts_each_hostile_input_beside_its_bound() {
    let report = json_of(&[
        "bench",
        "adversarial",
        "--docs",
        "60",
        "--seconds",
        "1",
        "--json",
    ]);
    let cases = report["cases"].as_array().unwrap();
    let input = |i: usize| cases[i]["input"].as_str().unwrap().to_string();
    assert_eq!(cases.len(), 8, "{report:#}");
    for (i, needle) in [
        (0, "3,000,000 empty JSON Lines"),
        (1, "2,000 times"),
        (2, "1 MB, one sentence repeated"),
        (3, "1 MB, distinct generated"),
        (4, "16 MB, one sentence repeated"),
        (5, "16 MB, distinct generated"),
        (6, "/api/health during 4 searches"),
        (7, "8 uploaders"),
    ] {
        assert!(input(i).contains(needle), "{}: {needle}", input(i));
    }
    for c in cases {
        assert!(
            !c["cost"].as_str().unwrap().is_empty() && !c["bound"].as_str().unwrap().is_empty()
        );
    }
    let cost = |i: usize| cases[i]["cost"].as_str().unwrap().to_string();
    assert!(
        cost(0).contains("3000000 rejected, 100 listed"),
        "{}",
        cost(0)
    );
    assert!(cost(1).contains("33 words refused"), "{}", cost(1));
    assert!(cost(7).contains("8 answered 201, 8 stored"), "{}", cost(7));
    for i in [0, 1, 7] {
        assert_eq!(cases[i]["within"], true, "{}", cases[i]);
    }
}
