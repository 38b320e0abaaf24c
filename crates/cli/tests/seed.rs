//! The founding example, read from ../shared (never copied into the repository).

mod common;
use common::*;

/// `truce analyse --json` of the seed with its publication date, which must succeed.
fn analyse_seed(shared: &std::path::Path) -> serde_json::Value {
    let out = truce()
        .arg("analyse")
        .arg(shared.join("corpus/seed/tehran-summit.txt"))
        .args(["--published", "2018-09-08", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("the analysis is JSON")
}

/// What `../shared/tools/score-analysis.py` prints for an analysis of the seed, on every
/// category, and whether it found everything (its exit status).
fn shared_scorer(shared: &std::path::Path, analysis: &std::path::Path) -> (String, bool) {
    let out = std::process::Command::new("python3")
        .arg(shared.join("tools/score-analysis.py"))
        .arg(shared.join("corpus/seed/expected.json"))
        .arg("seed")
        .arg(analysis)
        .args(truce_eval::seed::CATEGORIES)
        .output()
        .expect("python3 runs the shared scorer");
    (stdout(&out), out.status.success())
}

#[test]
fn seed_document_is_clean_text_with_dateline_and_publisher() {
    let Some(shared) = shared() else { return };
    let json = analyse_seed(&shared);
    let doc = &json["document"];
    let text = doc["text"].as_str().unwrap();
    assert!(text.starts_with("TEHRAN -- Leaders of Russia"));
    assert!(text.ends_with("as undertaken with the participation of the UN and ICRC experts."));
    assert!(!text.contains("Conversations") && !text.contains("reader contributions"));
    assert_eq!(doc["dateline"]["text"], "TEHRAN");
    let (start, end) = (
        doc["dateline"]["start"].as_u64().unwrap() as usize,
        doc["dateline"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[start..end], "TEHRAN");
    assert_eq!(doc["publisher"], "Trans Asia News");
    assert_eq!(doc["published"], "2018-09-08T00:00:00+00:00");
    assert_eq!(doc["language"], "en");
    assert_eq!(
        doc["removed"].as_array().unwrap().len(),
        2,
        "the comment heading and the disclaimer"
    );
}

#[test]
fn seed_scorer_agrees_on_document_actors_places_dates_quotes_and_events() {
    let Some(shared) = shared() else { return };
    let dir = open_tempdir();
    let analysis = dir.path().join("seed.json");
    let json = analyse_seed(&shared);
    std::fs::write(&analysis, serde_json::to_vec(&json).unwrap()).unwrap();
    let (printed, all_found) = shared_scorer(&shared, &analysis);
    for line in [
        "seed document 6/6",
        "seed actors 13/13",
        "seed places 4/4",
        "seed dates 1/1",
        "seed quotes 13/13",
        "seed events 8/8",
        "seed must_not 3/3",
        "seed agreement 8/8",
    ] {
        assert!(printed.contains(line), "{printed}");
    }
    // every id used inside an object is defined in the top-level lists
    let ids: Vec<&str> = json["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    for a in json["actors"].as_array().unwrap() {
        for field in ["affiliation", "parent"] {
            if let Some(id) = a[field].as_str() {
                assert!(ids.contains(&id), "{field} {id} is not among the actors");
            }
        }
        for m in a["members"].as_array().into_iter().flatten() {
            assert!(ids.contains(&m.as_str().unwrap()));
        }
    }
    let places: Vec<&str> = json["places"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    for e in json["events"].as_array().unwrap() {
        for field in ["actors", "recipients"] {
            for id in e[field].as_array().unwrap() {
                let id = id.as_str().unwrap();
                assert!(
                    ids.contains(&id),
                    "event {} {field}: {id} is not among the actors",
                    e["id"]
                );
            }
        }
        if let Some(p) = e["place"].as_str() {
            assert!(
                places.contains(&p),
                "event place {p} is not among the places"
            );
        }
    }
    assert!(all_found, "{printed}");
}

#[test]
fn seed_ingested_twice_is_stored_once() {
    let Some(shared) = shared() else { return };
    let dir = open_tempdir();
    let db = dir.path().join("t.db");
    let seed = shared.join("corpus/seed/tehran-summit.txt");
    let seed = seed.to_str().unwrap();
    for _ in 0..2 {
        let out = run(
            &db,
            &["ingest", seed, "--published", "2018-09-08", "--quiet"],
        );
        assert!(out.status.success(), "{}", stderr(&out));
    }
    // The same bytes under another name are recognised too, not only the unchanged file.
    let copy = dir.path().join("copy.txt");
    std::fs::copy(seed, &copy).unwrap();
    let out = run(&db, &["ingest", copy.to_str().unwrap(), "--json"]);
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["duplicates"], 1);
    assert_eq!(counts(&db), (1, 1));
}

/// `truce eval` scores the seed as the shared scorer does: on truce's own analysis and on
/// analyses spoiled in ways that each cost some category points, the two agree on every
/// category's found/total.
#[test]
fn eval_scores_the_seed_as_the_shared_scorer_does() {
    let Some(shared) = shared() else { return };
    let analysis = analyse_seed(&shared);
    let mut variants = vec![("as analysed", analysis.clone())];
    let mut spoiled = analysis.clone();
    // every other quote gone, every event hypothetical, places moved, the agreement's
    // parties cut to one, the publisher and the first actor lost
    let quotes = spoiled["quotes"].as_array_mut().unwrap();
    let kept: Vec<_> = quotes.iter().step_by(2).cloned().collect();
    *quotes = kept;
    for e in spoiled["events"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .skip(1)
        .step_by(2)
    {
        e["modality"] = "hypothetical".into();
    }
    for p in spoiled["places"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .step_by(2)
    {
        p["lat"] = serde_json::json!(10.0);
    }
    for a in spoiled["agreements"].as_array_mut().unwrap() {
        a["parties"] = serde_json::json!(["RUS"]);
    }
    spoiled["document"]["publisher"] = serde_json::Value::Null;
    spoiled["actors"].as_array_mut().unwrap().remove(0);
    variants.push(("spoiled", spoiled));
    let mut worse = analysis;
    worse["events"] = serde_json::json!([]);
    worse["dates"] = serde_json::json!([]);
    variants.push(("no events", worse));

    let dir = open_tempdir();
    let mut differed = false;
    for (name, json) in variants {
        let path = dir.path().join(format!("{}.json", name.replace(' ', "-")));
        std::fs::write(&path, serde_json::to_vec(&json).unwrap()).unwrap();
        let (printed, _) = shared_scorer(&shared, &path);
        let theirs: Vec<(String, String)> = printed
            .lines()
            .map(|l| {
                let mut w = l.split_whitespace().skip(1);
                (w.next().unwrap().to_string(), w.next().unwrap().to_string())
            })
            .collect();
        assert_eq!(theirs.len(), 8, "{printed}");
        let ours = truce()
            .args(["eval", "--set", "seed", "--json", "--data"])
            .arg(&shared)
            .arg("--seed-analysis")
            .arg(&path)
            .output()
            .unwrap();
        let report: serde_json::Value =
            serde_json::from_slice(&ours.stdout).unwrap_or_else(|_| panic!("{}", stderr(&ours)));
        for (category, found_total) in &theirs {
            assert_eq!(
                report["sets"]["seed"][category]["detail"],
                found_total.as_str(),
                "{name}: {category}"
            );
        }
        differed |= theirs.iter().any(|(_, ft)| {
            let (f, t) = ft.split_once('/').unwrap();
            f != t
        });
        if name == "as analysed" {
            assert!(ours.status.success(), "{}", stderr(&ours));
        }
    }
    assert!(
        differed,
        "the spoiled analyses must lose points, or the comparison is idle"
    );
}

#[test]
fn eval_says_where_the_data_should_be_and_fails_on_a_floor() {
    let missing = truce()
        .args(["eval", "--data", "/nonexistent/shared"])
        .output()
        .unwrap();
    assert_fails_saying(
        &missing,
        &["no evaluation data at /nonexistent/shared", "--data"],
    );
    let Some(shared) = shared() else { return };
    let dir = open_tempdir();
    let eval = |extra: &[&std::ffi::OsStr]| {
        truce()
            .args(["eval", "--data"])
            .arg(&shared)
            .args(extra)
            .output()
            .unwrap()
    };
    let junk = dir.path().join("bodies.json");
    std::fs::write(&junk, "[1, 2]").unwrap();
    let out = eval(&["--predictions".as_ref(), junk.as_os_str()]);
    assert_fails_saying(&out, &["--predictions scores one set"]);
    let out = eval(&[
        "--set".as_ref(),
        "article-extraction".as_ref(),
        "--predictions".as_ref(),
        junk.as_os_str(),
    ]);
    assert_fails_saying(
        &out,
        &["bodies.json is not predictions for article-extraction"],
    );

    let floors = dir.path().join("floors.toml");
    std::fs::write(&floors, "[seed]\nquotes = 0.5\nevents = 1.5\n").unwrap();
    let out = eval(&[
        "--set".as_ref(),
        "seed".as_ref(),
        "--floors".as_ref(),
        floors.as_os_str(),
    ]);
    assert_fails_saying(&out, &["seed events: 1.000 is below its floor 1.500"]);
    assert!(!stderr(&out).contains("seed quotes"), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("quotes"),
        "the table is printed all the same"
    );
}
