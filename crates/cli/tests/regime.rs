//! Provisions over time on the demo store: truce suggests the reports that show the
//! Sochi memorandum's heavy weapons withdrawn, the Tehran working group's detainee
//! exchange and the Moscow protocol's patrols; an analyst records statuses with that
//! evidence; deadlines passed without evidence are flagged.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;

fn json(db: &Path, args: &[&str]) -> Value {
    let out = run(db, args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

fn suggestions(db: &Path, agreement: &str, provision: &str) -> Vec<Value> {
    let v = json(
        db,
        &[
            "regime",
            "evidence",
            "idlib",
            "--agreement",
            agreement,
            "--provision",
            provision,
            "--json",
        ],
    );
    v.as_array().unwrap().clone()
}

fn record<'a>(show: &'a Value, agreement: &str, provision: &str) -> &'a Value {
    show["provision_records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["agreement"] == agreement && r["provision"] == provision)
        .unwrap_or_else(|| panic!("{agreement} {provision} in {show:#}"))
}

#[test]
// one scenario told start to finish: a regime's life from evidence to deadline
#[allow(clippy::too_many_lines)]
fn evidence_is_suggested_statuses_are_recorded_and_deadlines_flagged() {
    let dir = open_tempdir();
    let db = dir.path().join("demo.db");
    let out = run(&db, &["demo", "--quiet", "--no-serve"]);
    assert!(out.status.success(), "{}", stderr(&out));

    // what the demo reports show, found from the provisions' words, never before the
    // agreement was made
    let weapons = suggestions(&db, "sochi-2018", "p2");
    let first = &weapons[0];
    assert!(
        first["text"].as_str().unwrap().contains("heavy weapons"),
        "{weapons:#?}"
    );
    assert!(weapons
        .iter()
        .all(|s| s["date"].as_str().unwrap() >= "2018-09-17"));
    let detainees = suggestions(&db, "tehran-2018", "p3");
    assert!(
        detainees
            .iter()
            .any(|s| s["text"].as_str().unwrap().contains("exchanged detainees")),
        "{detainees:#?}"
    );
    let patrols = suggestions(&db, "moscow-2020", "p3");
    assert!(
        patrols[0]["text"].as_str().unwrap().contains("patrol"),
        "{patrols:#?}"
    );

    // before anything is recorded every passed deadline is flagged
    let show = json(
        &db,
        &["regime", "show", "idlib", "--on", "2018-10-16", "--json"],
    );
    assert_eq!(
        record(&show, "sochi-2018", "p2")["deadline_state"],
        "no_evidence"
    );
    assert_eq!(record(&show, "sochi-2018", "p2")["flagged"], true);
    assert_eq!(
        record(&show, "sochi-2018", "p5")["deadline_state"],
        "pending"
    );

    // the first suggestion is taken as evidence of full withdrawal on the deadline
    let evidence = format!(
        "{}:{}",
        first["kind"].as_str().unwrap(),
        first["id"].as_str().unwrap()
    );
    let out = run(
        &db,
        &[
            "regime",
            "status",
            "idlib",
            "sochi-2018",
            "p2",
            "--level",
            "3",
            "--date",
            "2018-10-10",
            "--evidence",
            &evidence,
            "--analyst",
            "tester",
            "--note",
            "the ministry's statement",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    // a later-recorded change dated earlier is history, not the current state
    let out = run(
        &db,
        &[
            "regime",
            "status",
            "idlib",
            "sochi-2018",
            "p2",
            "--level",
            "1",
            "--date",
            "2018-10-01",
            "--evidence",
            &evidence,
            "--analyst",
            "tester",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let show = json(
        &db,
        &["regime", "show", "idlib", "--on", "2018-10-16", "--json"],
    );
    let p2 = record(&show, "sochi-2018", "p2");
    assert_eq!(p2["level"], 3);
    assert_eq!(p2["level_name"], "full");
    assert_eq!(p2["deadline_state"], "met");
    assert_eq!(p2["flagged"], false);
    assert_eq!(p2["history"].as_array().unwrap().len(), 2);
    assert_eq!(p2["history"][0]["analyst"], "tester");
    assert_eq!(p2["history"][0]["evidence"][0]["kind"], first["kind"]);
    // the radical groups' deadline passed with nothing recorded
    let p3 = record(&show, "sochi-2018", "p3");
    assert_eq!(
        (p3["deadline_state"].as_str(), p3["flagged"].as_bool()),
        (Some("no_evidence"), Some(true))
    );
    // read on the first of October, the same record shows a minimal start
    let early = json(
        &db,
        &["regime", "show", "idlib", "--on", "2018-10-05", "--json"],
    );
    assert_eq!(record(&early, "sochi-2018", "p2")["level"], 1);
    assert_eq!(
        record(&early, "sochi-2018", "p2")["deadline_state"],
        "pending"
    );
    let text = stdout(&run(
        &db,
        &["regime", "show", "idlib", "--on", "2018-10-16"],
    ));
    assert!(text.contains("status: 3 full, deadline met"), "{text}");
    assert!(text.contains("deadline no evidence (FLAGGED)"), "{text}");

    // what cannot be recorded, and why
    let status = |extra: &[&str]| {
        let mut args = vec!["regime", "status", "idlib"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--analyst", "tester"]);
        run(&db, &args)
    };
    assert_fails_saying(
        &status(&["sochi-2018", "p2", "--level", "2", "--date", "2018-10-05"]),
        &["needs evidence"],
    );
    assert_fails_saying(
        &status(&[
            "sochi-2018",
            "p2",
            "--level",
            "2",
            "--evidence",
            "event:987654",
        ]),
        &["no event \"987654\"", "truce events"],
    );
    assert_fails_saying(
        &status(&["sochi-2018", "p2", "--level", "2", "--evidence", "rumour"]),
        &["KIND:ID"],
    );
    assert_fails_saying(
        &status(&["sochi-2018", "p2", "--level", "0", "--date", "2018-09-01"]),
        &["before the agreement"],
    );
    assert_fails_saying(
        &status(&["yalta-1945", "p1", "--level", "0"]),
        &["no agreement \"yalta-1945\"", "sochi-2018"],
    );
    assert_fails_saying(
        &status(&["sochi-2018", "p9", "--level", "0"]),
        &["no provision \"p9\"", "p1, p2"],
    );
    let out = status(&["sochi-2018", "p2", "--level", "4"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    // nothing of the refused changes was stored
    let show = json(&db, &["regime", "show", "idlib", "--json"]);
    assert_eq!(
        record(&show, "sochi-2018", "p2")["history"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // the demo's summit and Moscow reports propose agreements; an analyst decides
    let list = json(&db, &["agreements", "--json"]);
    let proposals = list.as_array().unwrap();
    assert!(proposals.len() >= 2, "{list:#}");
    let tehran = proposals
        .iter()
        .find(|a| a["agreement"]["parties"] == serde_json::json!(["IRN", "RUS", "TUR"]))
        .expect("the Tehran summit's statement is proposed");
    let id = tehran["id"].to_string();
    let out = run(&db, &["agreements", "accept", &id, "--analyst", "tester"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("accepted"), "{}", stdout(&out));
    let out = run(
        &db,
        &[
            "agreements",
            "edit",
            &id,
            "--analyst",
            "tester",
            "--parties",
            "IRN,RUS,TUR,SYR",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let edited = json(&db, &["agreements", "--status", "edited", "--json"]);
    assert_eq!(
        edited[0]["agreement"]["parties"].as_array().unwrap().len(),
        4
    );
    assert_eq!(
        edited[0]["proposal"]["parties"].as_array().unwrap().len(),
        3
    );
    assert_fails_saying(
        &run(
            &db,
            &[
                "agreements",
                "edit",
                &id,
                "--analyst",
                "t",
                "--fields",
                r#"{"colour": 1}"#,
            ],
        ),
        &["\"colour\" cannot be edited"],
    );
    assert_fails_saying(
        &run(&db, &["agreements", "reject", "9999", "--analyst", "t"]),
        &["no proposed agreement 9999"],
    );
    let out = run(
        &db,
        &[
            "agreements",
            "edit",
            &id,
            "--analyst",
            "t",
            "--date",
            "Friday",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
}

/// The acts the Events list shows for zone `zone` in each month with acts, and what the
/// violations say of that month, must agree: as many acts inside, and the acts of force
/// among them the same acts. One rule decides.
fn events_and_violations_agree_every_month(db: &Path, zone: &str) -> usize {
    const FORCE: [&str; 3] = ["ASSAULT", "COERCE", "MOBILIZE"];
    let all = json(db, &["events", "--json", "--limit", "1000000"]);
    let mut months: Vec<String> = all
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["date"].as_str().filter(|d| d.len() == 10))
        .map(|d| d[..7].to_string())
        .collect();
    months.sort();
    months.dedup();
    let mut compared = 0;
    for month in &months {
        let first = chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").unwrap();
        let last = first
            .checked_add_months(chrono::Months::new(1))
            .unwrap()
            .pred_opt()
            .unwrap();
        let (from, to) = (first.to_string(), last.to_string());
        let listed = json(
            db,
            &[
                "events", "--json", "--limit", "1000000", "--zone", zone, "--from", &from, "--to",
                &to,
            ],
        );
        let listed = listed.as_array().unwrap();
        let mut force: Vec<i64> = listed
            .iter()
            .filter(|a| FORCE.contains(&a["type"].as_str().unwrap()))
            .map(|a| a["act"].as_i64().unwrap())
            .collect();
        let v = json(
            db,
            &[
                "violations",
                "--json",
                "--zone",
                zone,
                "--from",
                &from,
                "--to",
                &to,
            ],
        );
        let mut inside: Vec<i64> = v["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["position"] == "inside")
            .map(|e| e["event"].as_i64().unwrap())
            .collect();
        let counted: u64 = v["days"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["acts_inside"].as_u64().unwrap())
            .sum();
        force.sort_unstable();
        inside.sort_unstable();
        assert_eq!(
            force, inside,
            "{month}: the acts of force inside the zone differ"
        );
        assert_eq!(
            counted as usize,
            listed.len(),
            "{month}: the acts inside the zone differ"
        );
        compared += listed.len();
    }
    compared
}

#[test]
fn events_and_violations_agree_on_the_zone_in_every_month() {
    let dir = open_tempdir();
    let demo = dir.path().join("demo.db");
    let out = run(&demo, &["demo", "--quiet", "--no-serve"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        events_and_violations_agree_every_month(&demo, "idlib-dez") > 0,
        "the demo has acts inside the zone"
    );
    let reports = dir.path().join("generated");
    write_generated(&reports, 300, 11);
    let generated = dir.path().join("generated.db");
    // published on one day, so that the reports' weekdays and months resolve
    let out = run(
        &generated,
        &[
            "ingest",
            reports.to_str().unwrap(),
            "--published",
            "2019-06-01",
            "--quiet",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let compared = events_and_violations_agree_every_month(&generated, "idlib-dez");
    assert!(
        compared > 20,
        "the generated reports have acts inside the zone: {compared}"
    );
}

/// Every act of force inside the zone says why it is or is not an alleged violation, and
/// an attack whose perpetrator no report names is counted on its own row, with its dead.
#[test]
fn every_act_in_the_zone_says_why_and_unattributed_attacks_count_apart() {
    let dir = open_tempdir();
    let db = dir.path().join("t.db");
    ingest_own(&db, dir.path(), "reports", &[("a.txt", "Blast at a market\n\nIDLIB -- An explosion tore through a market in Saraqib on Tuesday, killing six people, rescue workers said. Russian and Turkish officers met in Saraqib on the same day.\n")], "2019-05-08");
    let v = json(
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
    let events = v["events"].as_array().unwrap();
    assert!(!events.is_empty(), "{v:#}");
    assert!(
        events
            .iter()
            .all(|e| e["why"].as_str().is_some_and(|w| !w.is_empty())),
        "{v:#}"
    );
    assert!(
        events
            .iter()
            .any(|e| e["finding"] == "unattributed" && e["type"] == "ASSAULT"),
        "the blast with no perpetrator named: {v:#}"
    );
    assert!(v["unattributed"].as_u64().unwrap() >= 1, "{v:#}");
    assert!(v["days"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["unattributed"].as_u64() >= Some(1) && d["killed"] == 6));
    assert_eq!(v["unattributed_killed"], 6, "{v:#}");
    assert!(
        events
            .iter()
            .any(|e| e["finding"] == "unattributed" && e["killed"] == 6),
        "{v:#}"
    );
}

/// The demo's air strike on a market, whose perpetrator no report identifies, counts as
/// an unattributed attack in the zone with the dead its report gives, and its toll is the
/// act's everywhere it is read: the act, the export.
#[test]
fn the_market_strike_counts_unattributed_with_its_dead() {
    let dir = open_tempdir();
    let db = dir.path().join("demo.db");
    let out = run(&db, &["demo", "--quiet", "--no-serve"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v = json(
        &db,
        &[
            "violations",
            "--json",
            "--from",
            "2019-07-01",
            "--to",
            "2019-07-31",
        ],
    );
    let events = v["events"].as_array().unwrap();
    let market = events
        .iter()
        .find(|e| e["evidence"].as_str().is_some_and(|t| t.contains("market")))
        .unwrap_or_else(|| panic!("the market strike is listed: {v:#}"));
    assert_eq!(market["finding"], "unattributed", "{market:#}");
    assert_eq!(market["killed"], 30, "{market:#}");
    assert_eq!(v["unattributed_killed"], 30, "{v:#}");
    let act = json(
        &db,
        &["events", "show", &market["event"].to_string(), "--json"],
    );
    assert_eq!(act["killed"], 30, "{act:#}");
    let csv =
        String::from_utf8(run(&db, &["export", "--format", "csv", "--type", "ASSAULT"]).stdout)
            .unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let killed = header.iter().position(|h| *h == "killed").unwrap();
    let event = header.iter().position(|h| *h == "event").unwrap();
    let row = csv
        .lines()
        .find(|l| l.split(',').nth(event) == Some(&market["event"].to_string()))
        .expect("the market strike is exported");
    // no field before the toll holds a comma in this row's leading columns? read it with
    // the CSV's quoting: the evidence is quoted, the toll comes before it
    assert_eq!(row.split(',').nth(killed), Some("30"), "{row}");
}
