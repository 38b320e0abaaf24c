//! The verified record: an analyst's verdict changes the act everywhere it is read. On
//! the one-act reports of our own, a correction of type, actors and date shows in the
//! list, the type filter, the act's page, the violations and every export format;
//! corrections of different fields add up and the history keeps both; a verdict on an
//! older version is refused; a rejected act leaves the lists and the violation count; a
//! corrected act stays corrected when a later report joins it.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;

fn json_of(db: &Path, args: &[&str]) -> Value {
    let out = run(db, args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

/// The act numbers `truce events` lists with `args`.
fn listed(db: &Path, args: &[&str]) -> Vec<i64> {
    let mut all = vec!["events", "--json", "--limit", "1000"];
    all.extend_from_slice(args);
    json_of(db, &all)
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["act"].as_i64().unwrap())
        .collect()
}

/// The Russian strike on the market of Maarat al-Numan, told by three reports.
fn strike(db: &Path) -> Value {
    let found = json_of(
        db,
        &[
            "events", "--json", "--type", "ASSAULT", "--place", "arrat an", "--actor", "RUS",
        ],
    );
    assert_eq!(found.as_array().unwrap().len(), 1, "{found:#}");
    found[0].clone()
}

fn verify(db: &Path, act: i64, args: &[&str]) -> std::process::Output {
    let id = act.to_string();
    let mut all = vec!["events", "verify", id.as_str(), "--analyst", "tester"];
    all.extend_from_slice(args);
    run(db, &all)
}

/// Every export format's row of `act`, as text.
fn exported(db: &Path, act: i64) -> [String; 4] {
    let id = act.to_string();
    let csv = stdout(&run(db, &["export", "--format", "csv"]));
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let row = csv
        .lines()
        .find(|l| l.starts_with(&format!("{id},")))
        .unwrap_or_else(|| panic!("act {id} not in the CSV:\n{csv}"))
        .to_string();
    assert_eq!(
        row.split(',').count(),
        header.len(),
        "one cell per column (no field of this act holds a comma): {row}"
    );
    let jsonl = stdout(&run(db, &["export", "--format", "jsonl"]))
        .lines()
        .find(|l| serde_json::from_str::<Value>(l).unwrap()["event"] == act)
        .unwrap_or_else(|| panic!("act {id} not in the JSON lines"))
        .to_string();
    let geo: Value = serde_json::from_slice(&run(db, &["export", "--format", "geojson"]).stdout)
        .expect("GeoJSON");
    let feature = geo["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["event"] == act)
        .unwrap_or_else(|| panic!("act {id} not in the GeoJSON"))
        .to_string();
    let gdelt = stdout(&run(db, &["export", "--format", "gdelt"]))
        .lines()
        .find(|l| l.starts_with(&format!("{id}\t")))
        .unwrap_or_else(|| panic!("act {id} not in the GDELT rows"))
        .to_string();
    [row, jsonl, feature, gdelt]
}

/// Every export format carries act `n` as the correction test leaves it (COERCE by
/// Syrian forces on 2019-05-05, 11 killed), and the machine's values beside it (GDELT's
/// event table has no column for the dead).
fn exports_carry_the_correction(db: &Path, n: i64) {
    // every export format carries the corrected act, and the machine's values beside it
    let [csv, jsonl, geojson, gdelt] = exported(db, n);
    assert!(
        csv.contains(",COERCE,") && csv.contains(",SYR-MIL;SYR,"),
        "{csv}"
    );
    assert!(
        csv.contains(",3,11,,")
            && csv.contains(",corrected,ASSAULT,,RUS-MIL;RUS,,,2019-05-06,9,,truce"),
        "{csv}"
    );
    let row: Value = serde_json::from_str(&jsonl).unwrap();
    assert_eq!(row["type"], "COERCE");
    assert_eq!(row["verification"], "corrected");
    assert_eq!(row["machine"]["type"], "ASSAULT");
    assert_eq!(row["killed"], 11);
    assert_eq!(row["machine"]["killed"], 9);
    let feature: Value = serde_json::from_str(&geojson).unwrap();
    assert_eq!(
        feature["properties"]["actors"],
        serde_json::json!(["SYR-MIL", "SYR"])
    );
    assert_eq!(
        feature["properties"]["machine"]["actors"],
        serde_json::json!(["RUS-MIL", "RUS"])
    );
    assert_eq!(feature["properties"]["killed"], 11);
    let cells: Vec<&str> = gdelt.split('\t').collect();
    assert_eq!(cells[1], "20190505", "SQLDATE: {gdelt}");
    assert_eq!(cells[7], "SYR", "Actor1CountryCode: {gdelt}");
    assert_eq!(cells[28], "17", "EventRootCode of COERCE: {gdelt}");
}

/// The violations read act `n` as the correction test leaves it: on its corrected day,
/// by its corrected party, with its corrected toll.
fn violations_read_the_correction(db: &Path, n: i64) {
    let after = violations_in_may_2019(db);
    let listed_there = after["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["event"] == n)
        .unwrap_or_else(|| panic!("{after:#}"));
    assert_eq!(listed_there["type"], "COERCE");
    assert_eq!(listed_there["date"], "2019-05-05");
    assert_eq!(listed_there["perpetrators"], serde_json::json!(["SYR"]));
    assert_eq!(listed_there["killed"], 11);
    assert!(after["by_party"].get("RUS").is_none(), "{after:#}");
    assert!(after["days"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["date"] == "2019-05-05" && d["alleged_violations"] == 1 && d["killed"] == 11));
    assert_eq!(after["killed_by_party"]["SYR"], 11, "{after:#}");
}

#[test]
fn a_correction_changes_the_act_everywhere_it_is_read() {
    let (_dir, db) = one_act_store();
    let act = strike(&db);
    let n = act["act"].as_i64().unwrap();
    assert_eq!(act["version"], 0);
    assert_eq!(act["date"], "2019-05-06");
    let before = violations_in_may_2019(&db);
    assert!(
        before["by_party"]["RUS"].as_u64().unwrap() >= 1,
        "{before:#}"
    );

    // the monitor's note says Syrian jets: the actors are corrected ...
    let out = verify(
        &db,
        n,
        &[
            "--actors",
            "SYR-MIL,SYR",
            "--version",
            "0",
            "--note",
            "the monitor names Syrian jets",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("actors: [\"RUS-MIL\",\"RUS\"] -> [\"SYR-MIL\",\"SYR\"]"),
        "{}",
        stdout(&out)
    );
    // ... then, by another analyst, the type and the day; the first correction holds
    let out = run(
        &db,
        &[
            "events",
            "verify",
            &n.to_string(),
            "--type",
            "coerce",
            "--date",
            "2019-05-05",
            "--killed",
            "11",
            "--version",
            "1",
            "--analyst",
            "second",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    // a verdict on the version before is refused and changes nothing
    let out = verify(&db, n, &["--status", "rejected", "--version", "1"]);
    assert_fails_saying(
        &out,
        &[
            "act #",
            "changed since it was read",
            "version 1",
            "version 2",
        ],
    );

    let shown = json_of(&db, &["events", "show", &n.to_string(), "--json"]);
    assert_eq!(shown["type"], "COERCE", "{shown:#}");
    assert_eq!(shown["actors"], serde_json::json!(["SYR-MIL", "SYR"]));
    assert_eq!(shown["date"], "2019-05-05");
    assert_eq!(shown["version"], 2);
    assert_eq!(
        shown["machine"]["actors"],
        serde_json::json!(["RUS-MIL", "RUS"])
    );
    assert_eq!(shown["machine"]["type"], "ASSAULT");
    assert_eq!(shown["machine"]["date"]["value"], "2019-05-06");
    assert_eq!(shown["killed"], 11, "{shown:#}");
    assert_eq!(shown["machine"]["killed"], 9, "{shown:#}");
    let history = shown["history"].as_array().unwrap();
    assert_eq!(
        history.len(),
        2,
        "the refused verdict is not in the history"
    );
    assert_eq!(history[0]["analyst"], "tester");
    assert_eq!(history[0]["note"], "the monitor names Syrian jets");
    let fields = |v: &Value| -> Vec<String> {
        v["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["field"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(fields(&history[0]), ["status", "actors"]);
    assert_eq!(fields(&history[1]), ["type", "date", "killed"]);
    let text = stdout(&run(&db, &["events", "show", &n.to_string()]));
    assert!(
        text.contains("machine's actors") && text.contains("corrected by second"),
        "{text}"
    );

    // lists and filters read the corrected act
    assert!(!listed(&db, &["--type", "ASSAULT"]).contains(&n));
    assert!(listed(&db, &["--type", "COERCE"]).contains(&n));
    assert!(listed(&db, &["--actor", "SYR-MIL"]).contains(&n));
    assert!(!listed(&db, &["--actor", "RUS-MIL"]).contains(&n));
    assert!(listed(&db, &["--from", "2019-05-05", "--to", "2019-05-05"]).contains(&n));
    let in_list = json_of(&db, &["events", "--json", "--type", "COERCE"]);
    assert!(
        in_list
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["act"] == n && a["killed"] == 11),
        "{in_list:#}"
    );

    exports_carry_the_correction(&db, n);

    violations_read_the_correction(&db, n);

    // the store agrees with itself: every summary is its events with the corrections
    let out = run(&db, &["check"]);
    assert!(
        out.status.success() && stdout(&out).contains("no problems found"),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
}

#[test]
fn a_rejected_act_leaves_the_lists_and_the_violation_count() {
    let (_dir, db) = one_act_store();
    let n = strike(&db)["act"].as_i64().unwrap();
    let before = violations_in_may_2019(&db);
    let count = |v: &Value| -> u64 {
        v["days"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["alleged_violations"].as_u64().unwrap())
            .sum()
    };
    let out = verify(
        &db,
        n,
        &["--status", "rejected", "--version", "0", "--note", "test"],
    );
    assert!(out.status.success(), "{}", stderr(&out));

    let after = violations_in_may_2019(&db);
    assert_eq!(count(&after), count(&before) - 1, "{before:#}\n{after:#}");
    assert!(after["events"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["event"] != n));
    assert!(!listed(&db, &[]).contains(&n));
    // asked for, it is shown and marked
    let with = json_of(&db, &["events", "--json", "--with-rejected"]);
    let shown = with
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["act"] == n)
        .expect("shown on request");
    assert_eq!(shown["verification"]["status"], "rejected");
    assert_eq!(listed(&db, &["--status", "rejected"]), vec![n]);
    let csv = stdout(&run(&db, &["export", "--format", "csv"]));
    assert!(
        !csv.lines().any(|l| l.starts_with(&format!("{n},"))),
        "{csv}"
    );
    let csv = stdout(&run(&db, &["export", "--format", "csv", "--with-rejected"]));
    assert!(
        csv.lines()
            .any(|l| l.starts_with(&format!("{n},")) && l.contains(",rejected,")),
        "{csv}"
    );
    // and a later confirmation brings it back
    let out = verify(&db, n, &["--status", "confirmed", "--version", "1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(count(&violations_in_may_2019(&db)), count(&before));
}

#[test]
fn a_corrected_act_stays_corrected_when_another_report_joins_it() {
    let (dir, db) = one_act_store();
    let n = strike(&db)["act"].as_i64().unwrap();
    let out = verify(
        &db,
        n,
        &[
            "--actors",
            "SYR-MIL,SYR",
            "--date",
            "2019-05-05",
            "--version",
            "0",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    // a fourth report of the same strike, of our own words
    ingest_own(
        &db,
        dir.path(),
        "more",
        &[("e-later.txt", "Market raid in Maarat al-Numan\n\nIDLIB -- Russian aircraft bombed the market in Maarat al-Numan on Monday, a civil defence volunteer said.\n")],
        "2019-05-07",
    );
    let shown = json_of(&db, &["events", "show", &n.to_string(), "--json"]);
    assert_eq!(
        shown["reports"], 4,
        "the new report joins the act: {shown:#}"
    );
    assert_eq!(
        shown["actors"],
        serde_json::json!(["SYR-MIL", "SYR"]),
        "{shown:#}"
    );
    assert_eq!(shown["date"], "2019-05-05");
    assert_eq!(shown["machine"]["date"]["value"], "2019-05-06");
    let out = run(&db, &["check"]);
    assert!(
        out.status.success() && stdout(&out).contains("no problems found"),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
}

#[test]
fn bad_corrections_name_the_field_and_what_it_takes() {
    let (_dir, db) = one_act_store();
    let n = strike(&db)["act"].as_i64().unwrap();
    for (args, says) in [
        (vec!["--type", "BOMBING"], "--type"),
        (vec!["--date", "May 5"], "--date: a date written YYYY-MM-DD"),
        (vec!["--place", "nowhere:1"], "no place \"nowhere:1\""),
        (vec!["--modality", "maybe"], "--modality"),
        (
            vec!["--killed", "many"],
            "--killed: a whole number of people",
        ),
        (vec![], "say the verdict"),
        (
            vec!["--status", "rejected", "--type", "COERCE"],
            "only a corrected verdict carries a correction",
        ),
    ] {
        let out = verify(&db, n, &args);
        assert_fails_saying(&out, &[says]);
    }
    let out = verify(&db, 999_999, &["--status", "confirmed"]);
    assert_fails_saying(&out, &["no act #999999"]);
    // nothing was recorded
    assert_eq!(
        json_of(&db, &["events", "show", &n.to_string(), "--json"])["version"],
        0
    );
}

/// One act told at a town by one report and at its province by another is placed at the
/// town, whole (name, precision, position), and so counted inside the zone, not
/// "possibly inside" at the province's precision.
#[test]
fn an_act_told_at_a_town_and_at_its_province_is_placed_at_the_town() {
    let dir = open_tempdir();
    let db = dir.path().join("t.db");
    ingest_own(
        &db,
        dir.path(),
        "reports",
        &[
            ("a-province.txt", "Air strikes hit Idlib province\n\nBEIRUT -- Syrian government aircraft bombed Idlib province on Tuesday, a war monitor said.\n"),
            ("b-town.txt", "Jets strike Khan Sheikhoun\n\nIDLIB -- Syrian government aircraft bombed Khan Sheikhoun on Tuesday, killing four people, rescue workers said.\n"),
        ],
        "2019-05-08",
    );
    let acts = json_of(&db, &["events", "--json"]);
    let act = &acts[0];
    assert_eq!(act["reports"], 2, "one act told twice: {acts:#}");
    assert_eq!(act["place_precision"], "exact", "{act:#}");
    assert!(
        act["place_name"].as_str().unwrap().starts_with("Kh"),
        "{act:#}"
    );
    let (lat, lon) = (act["lat"].as_f64().unwrap(), act["lon"].as_f64().unwrap());
    assert!(
        (lat - 35.44).abs() < 0.1 && (lon - 36.65).abs() < 0.1,
        "the town's own point: {act:#}"
    );
    let v = json_of(
        &db,
        &[
            "violations",
            "--json",
            "--from",
            "2019-05-01",
            "--to",
            "2019-05-31",
        ],
    );
    assert_eq!(v["events"][0]["position"], "inside", "{v:#}");
    let out = run(&db, &["check"]);
    assert!(
        stdout(&out).contains("no problems found"),
        "{}",
        stdout(&out)
    );
}

/// Reports of one act that give different tolls: the act counts the lowest, keeps each
/// report's figure side by side as a dispute, and an analyst's figure settles it without
/// erasing the claims; the export carries the analyst's toll and the machine's beside it.
#[test]
fn reports_that_disagree_on_the_dead_are_shown_side_by_side_and_an_analyst_settles_it() {
    let (dir, db) = one_act_store();
    ingest_own(
        &db,
        dir.path(),
        "more",
        &[("e-toll.txt", "Toll rises after market strike\n\nIDLIB -- Russian jets bombed a crowded market in Maarat al-Numan on Monday, killing 14 civilians and wounding 30 others, a monitoring group said.\n")],
        "2019-05-07",
    );
    let act = strike(&db);
    let n = act["act"].as_i64().unwrap();
    let shown = json_of(&db, &["events", "show", &n.to_string(), "--json"]);
    assert_eq!(shown["killed"], 9, "the lowest figure: {shown:#}");
    assert_eq!(shown["injured"], 30, "{shown:#}");
    let dispute = shown["disputes"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["field"] == "killed"))
        .unwrap_or_else(|| panic!("the tolls disagree: {shown:#}"))
        .clone();
    let values: Vec<i64> = dispute["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_i64().unwrap())
        .collect();
    assert!(values.contains(&9) && values.contains(&14), "{dispute:#}");
    assert_eq!(dispute["settled"], false);

    let out = verify(&db, n, &["--killed", "14", "--version", "0"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let shown = json_of(&db, &["events", "show", &n.to_string(), "--json"]);
    assert_eq!(shown["killed"], 14, "{shown:#}");
    assert_eq!(shown["machine"]["killed"], 9, "{shown:#}");
    let dispute = shown["disputes"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["field"] == "killed"))
        .unwrap_or_else(|| panic!("the claims stay: {shown:#}"));
    assert_eq!(dispute["settled"], true);
    assert_eq!(dispute["claims"].as_array().unwrap().len(), values.len());
    let history = &shown["history"][0]["changes"];
    assert!(
        history
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["field"] == "killed" && c["before"] == 9 && c["after"] == 14),
        "{history:#}"
    );
    let jsonl = stdout(&run(&db, &["export", "--format", "jsonl"]));
    let row: Value = jsonl
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|r| r["event"] == n)
        .unwrap();
    assert_eq!(row["killed"], 14, "{row:#}");
    assert_eq!(row["machine"]["killed"], 9, "{row:#}");
    let out = run(&db, &["check"]);
    assert!(
        stdout(&out).contains("no problems found"),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
}
