//! Events across reports: one act told by three reports of our own is one event with
//! three reports; an analyst can split it and join it back; filters and bad flags.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;

fn events_json(db: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["events", "--json"];
    all.extend_from_slice(args);
    let out = run(db, &all);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice::<Vec<Value>>(&out.stdout).expect("events --json is a list")
}

fn market_strike(db: &Path) -> Value {
    let found = events_json(db, &["--type", "ASSAULT", "--place", "arrat an"]);
    let with_russia: Vec<&Value> = found
        .iter()
        .filter(|c| c["actors"].as_array().unwrap().iter().any(|a| a == "RUS"))
        .collect();
    assert_eq!(
        with_russia.len(),
        1,
        "one Russian strike at Maarat al-Numan: {found:#?}"
    );
    with_russia[0].clone()
}

#[test]
fn one_act_in_three_reports_is_one_event_and_analysts_can_split_and_join() {
    let (_dir, db) = one_act_store();

    let strike = market_strike(&db);
    assert_eq!(strike["reports"], 3, "{strike:#}");
    let events = strike["events"].as_array().unwrap();
    let docs: std::collections::BTreeSet<&str> = events
        .iter()
        .map(|e| e["document"].as_str().unwrap())
        .collect();
    assert_eq!(docs.len(), 3);
    assert_eq!(
        strike["date"], "2019-05-06",
        "Monday before the publication date"
    );
    // every link says why, naming the shared actor and day
    let reasons: Vec<&str> = events
        .iter()
        .filter_map(|e| e["link_reason"].as_str())
        .collect();
    assert!(
        reasons
            .iter()
            .filter(|r| r.starts_with("same act as"))
            .count()
            >= 2,
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("RUS") && r.contains("2019-05-06")),
        "{reasons:?}"
    );

    // the other act of that day at another place stays apart
    let tal_rifaat = events_json(&db, &["--type", "ASSAULT", "--actor", "TUR"]);
    assert!(tal_rifaat.iter().all(|c| c["cluster"] != strike["cluster"]));

    // counts are of events, not of reports
    let text = stdout(&run(&db, &["events"]));
    let first = text.lines().next().unwrap();
    let n: Vec<i64> = first
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert!(n[0] < n[1], "fewer events than reports' events: {first}");

    // an analyst splits one report's event out, and joins it back
    let cluster = strike["cluster"].as_i64().unwrap();
    let moved = events
        .iter()
        .find(|e| e["link_reason"].as_str().unwrap().starts_with("same act"))
        .unwrap();
    let doc = moved["document"].as_str().unwrap();
    let local = moved["local"].as_str().unwrap();
    let out = run(
        &db,
        &[
            "events",
            "split",
            &doc[..12],
            local,
            "--analyst",
            "tester",
            "--note",
            "another raid",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(market_strike_reports(&db, cluster), 2);
    let out = run(
        &db,
        &[
            "events",
            "join",
            &doc[..12],
            local,
            "--into",
            &cluster.to_string(),
            "--analyst",
            "tester",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(market_strike_reports(&db, cluster), 3);

    // bad requests are usage errors or clear failures, never panics
    let out = run(&db, &["events", "--type", "BOMBING"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("invalid value 'BOMBING' for '--type <TYPE>'")
            && stderr(&out).contains("AGREE, CONSULT"),
        "{}",
        stderr(&out)
    );
    // a type in any case is the type
    let out = run(&db, &["events", "--type", "assault", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(&db, &["events", "--from", "2019-13-01"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&db, &["events", "split", "abcdef12", "e9"]);
    assert_fails_saying(&out, &["no event e9"]);
    let out = run(
        &db,
        &["events", "join", &doc[..12], local, "--into", "999999"],
    );
    assert_fails_saying(&out, &["no act #999999"]);
}

fn market_strike_reports(db: &Path, cluster: i64) -> i64 {
    let all = events_json(db, &["--type", "ASSAULT", "--limit", "100"]);
    all.iter()
        .find(|c| c["cluster"] == cluster)
        .map(|c| c["reports"].as_i64().unwrap())
        .unwrap_or(0)
}

#[test]
fn events_export_as_csv_with_hxl_gdelt_geojson_and_json_lines() {
    let (_dir, db) = one_act_store();
    let listed = events_json(&db, &["--type", "ASSAULT", "--limit", "1000"]);

    let out = run(
        &db,
        &["export", "--format", "csv", "--hxl", "--type", "ASSAULT"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = stdout(&out);
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("event,date,date_precision,type"));
    assert!(
        lines[1].starts_with("#event+id,#date,"),
        "HXL row: {}",
        lines[1]
    );
    assert_eq!(lines.len() - 2, listed.len(), "one row per event");
    let strike = market_strike(&db);
    let row = lines
        .iter()
        .find(|l| l.starts_with(&format!("{},", strike["cluster"])))
        .expect("the strike is exported");
    assert!(row.contains(",3,"), "three reports: {row}");

    let out = run(&db, &["export", "--format", "jsonl"]);
    let rows: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert!(rows
        .iter()
        .all(|r| r["event"].is_i64() && r["type"].is_string()));

    // GDELT 2.0's 61 columns, tab-separated, one row per act
    let out = run(&db, &["export", "--format", "gdelt", "--type", "ASSAULT"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let tsv = stdout(&out);
    let rows: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    assert!(
        rows.iter().all(|r| r.len() == 61),
        "61 columns in every row"
    );
    assert_eq!(rows[0][0], "GLOBALEVENTID");
    assert_eq!(rows.len() - 1, listed.len(), "one row per act");
    let col = |name: &str| rows[0].iter().position(|c| *c == name).unwrap();
    let cluster = strike["cluster"].to_string();
    let g = rows
        .iter()
        .find(|r| r[0] == cluster)
        .expect("the strike is exported");
    assert_eq!(g[col("SQLDATE")], "20190506");
    assert_eq!(g[col("Actor1CountryCode")], "RUS", "{g:?}");
    assert_eq!(g[col("EventRootCode")], "18");
    assert_eq!(g[col("QuadClass")], "4", "material conflict");
    assert!(g[col("GoldsteinScale")].parse::<f64>().unwrap() <= -7.5);
    assert_eq!(g[col("NumArticles")], "3");
    assert!(g[col("ActionGeo_Lat")].parse::<f64>().is_ok());

    let out = run(&db, &["export", "--format", "geojson"]);
    let geo: Value = serde_json::from_slice(&out.stdout).expect("GeoJSON parses");
    assert_eq!(geo["type"], "FeatureCollection");
    assert!(!geo["features"].as_array().unwrap().is_empty());

    // only what analysts confirmed
    let out = run(&db, &["export", "--format", "jsonl", "--verified"]);
    assert_eq!(stdout(&out).lines().count(), 0);
    let id = strike["cluster"].to_string();
    let out = run(
        &db,
        &[
            "events",
            "verify",
            &id,
            "--status",
            "confirmed",
            "--analyst",
            "tester",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(&db, &["export", "--format", "jsonl", "--verified"]);
    let only: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(only.len(), 1);
    assert_eq!(only[0]["verification"], "confirmed");
    assert_eq!(only[0]["reports"], 3);
}

#[test]
fn violations_of_the_idlib_regime_by_day_and_party() {
    let (_dir, db) = one_act_store();
    let v = violations_in_may_2019(&db);
    let day = v["days"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["date"] == "2019-05-06" && d["zone"] == "idlib-dez")
        .unwrap_or_else(|| panic!("{v:#}"));
    assert!(day["alleged_violations"].as_u64().unwrap() >= 1, "{v:#}");
    assert!(v["by_party"]["RUS"].as_u64().unwrap() >= 1, "{v:#}");
    // the strike in Maarat al-Numan is inside the zone; the shelling near Tal Rifaat is not
    let events = v["events"].as_array().unwrap();
    assert!(events
        .iter()
        .any(|e| e["place"].as_str().unwrap_or("").contains("Nu") && e["position"] == "inside"));
    assert!(
        events
            .iter()
            .all(|e| !e["place"].as_str().unwrap_or("").contains("Rif")),
        "{v:#}"
    );

    let out = run(&db, &["violations", "--zone", "nowhere"]);
    assert_fails_saying(&out, &["no zone \"nowhere\""]);
    let out = run(&db, &["violations", "--regime", "nowhere"]);
    assert_fails_saying(&out, &["no regime \"nowhere\""]);
    let out = run(&db, &["regime", "show", "idlib"]);
    assert!(stdout(&out).contains("Heavy weapons") && stdout(&out).contains("[by 2018-10-10]"));
    assert!(stdout(&out).contains("source: UN Security Council document S/2018/852"));
    assert!(stdout(&out).contains("condition: heavy weapons out of the demilitarised zone"));
}
