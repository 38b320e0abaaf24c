//! `truce ingest` stores what analysis finds: mentions with spans and context, once per
//! report; `truce show` reads them back; `--knowledge` adds the user's actors.

mod common;
use common::*;

const REPORT: &str =
    "DAMASCUS -- Syrian Foreign Minister Faisal Mekdad met the UN envoy in Damascus on Monday.\n\
The envoy said rebels in Idlib province had agreed to a pause in fighting.\n";

/// Runs `truce --knowledge DIR analyse FILE --json`, which must succeed.
fn analyse_with(
    knowledge: &std::path::Path,
    file: &std::path::Path,
) -> (std::process::Output, serde_json::Value) {
    let out = truce()
        .args([
            "--knowledge",
            knowledge.to_str().unwrap(),
            "analyse",
            file.to_str().unwrap(),
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let json = serde_json::from_slice(&out.stdout).unwrap();
    (out, json)
}

/// kind, entity, text, start, end, prefix, suffix
type Row = (String, Option<String>, String, i64, i64, String, String);

fn mentions(db: &std::path::Path) -> Vec<Row> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT kind, entity, text, start, \"end\", prefix, suffix FROM all_mentions ORDER BY start, kind")
        .unwrap();
    stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
        ))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

#[test]
fn ingest_stores_mentions_once_with_spans_and_context() {
    let dir = open_tempdir();
    let db = dir.path().join("t.db");
    let file = dir.path().join("report.txt");
    std::fs::write(&file, REPORT).unwrap();
    let out = run(
        &db,
        &[
            "ingest",
            "--quiet",
            "--published",
            "2021-03-10",
            file.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = mentions(&db);
    let find = |kind: &str, entity: &str| {
        rows.iter()
            .find(|r| r.0 == kind && r.1.as_deref() == Some(entity))
            .cloned()
    };
    // the minister in office on 10 March 2021, by office phrase and name
    let mekdad = find("actor", "mekdad").expect("Mekdad stored");
    assert_eq!(mekdad.2, "Syrian Foreign Minister Faisal Mekdad");
    let start = REPORT.find("Syrian Foreign").unwrap() as i64;
    assert_eq!((mekdad.3, mekdad.4), (start, start + mekdad.2.len() as i64));
    assert!(mekdad.5.ends_with("DAMASCUS -- "), "prefix {:?}", mekdad.5);
    assert!(
        mekdad.6.starts_with(" met the UN envoy"),
        "suffix {:?}",
        mekdad.6
    );
    assert!(
        find("actor", "pedersen").is_some(),
        "the UN envoy in 2021 is Pedersen: {rows:?}"
    );
    assert!(find("place", "SY-ID").is_some(), "Idlib province: {rows:?}");
    assert!(
        find("actor", "armed-groups-idlib").is_some(),
        "rebels in Idlib: {rows:?}"
    );
    let monday = rows.iter().find(|r| r.0 == "date").expect("a date");
    assert_eq!(monday.1.as_deref(), Some("2021-03-08"));

    // the same report again: nothing new, no second set of mentions
    let again = run(
        &db,
        &[
            "ingest",
            "--quiet",
            "--published",
            "2021-03-10",
            file.to_str().unwrap(),
        ],
    );
    assert!(again.status.success());
    let touched = dir.path().join("copy.txt");
    std::fs::write(&touched, REPORT).unwrap();
    assert!(run(
        &db,
        &[
            "ingest",
            "--quiet",
            "--published",
            "2021-03-10",
            touched.to_str().unwrap()
        ]
    )
    .status
    .success());
    assert_eq!(
        mentions(&db).len(),
        rows.len(),
        "mentions are stored once per report"
    );

    // `truce show` prints them
    let conn = rusqlite::Connection::open(&db).unwrap();
    let id: String = conn
        .query_row("SELECT id FROM documents", [], |r| r.get(0))
        .unwrap();
    let shown = run(&db, &["show", &id, "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(json["mentions"].as_array().unwrap().len(), rows.len());
}

#[test]
fn user_knowledge_adds_actors_and_bad_knowledge_is_refused() {
    let dir = open_tempdir();
    let db = dir.path().join("t.db");
    let knowledge = dir.path().join("mine");
    std::fs::create_dir(&knowledge).unwrap();
    std::fs::write(
        knowledge.join("monitors.toml"),
        "[[actor]]\nid = \"jmc\"\nkind = \"monitoring organisation\"\nname = \"Joint Monitoring Committee\"\naliases = [\"Joint Monitoring Committee\", \"JMC\"]\n",
    )
    .unwrap();
    let file = dir.path().join("r.txt");
    std::fs::write(&file, "The JMC reported two violations near Saraqib.\n").unwrap();
    let (_, json) = analyse_with(&knowledge, &file);
    assert!(
        json["actors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["id"] == "jmc"),
        "{json}"
    );
    assert!(json["places"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["name"] == "Saraqib" && p["country"] == "SY"));

    std::fs::write(knowledge.join("broken.toml"), "[[actor]\nid = ").unwrap();
    let out = truce()
        .args([
            "--knowledge",
            knowledge.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
            "ingest",
            file.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_fails_saying(&out, &["broken.toml"]);
    assert!(
        !db.exists() || counts(&db).0 == 0,
        "nothing stored with broken knowledge"
    );
}

#[test]
fn a_phoenix_dictionary_is_importable() {
    let Some(shared) = shared() else { return };
    let dict = shared.join("reference/petrarch/Phoenix.International.actors.txt");
    let dir = open_tempdir();
    let knowledge = dir.path().join("k");
    std::fs::create_dir(&knowledge).unwrap();
    std::fs::copy(&dict, knowledge.join("Phoenix.International.actors.txt")).unwrap();
    let file = dir.path().join("r.txt");
    std::fs::write(
        &file,
        "Officials of the UN High Commission for Human Rights visited Damascus.\n",
    )
    .unwrap();
    let (out, json) = analyse_with(&knowledge, &file);
    let actors = json["actors"].as_array().unwrap();
    let imported = actors
        .iter()
        .find(|a| a["id"].as_str().is_some_and(|id| id.starts_with("cameo:")))
        .expect("an actor from the dictionary");
    assert_eq!(
        imported["mentions"][0]["text"], "UN High Commission for Human Rights",
        "{json}"
    );
    // malformed dates in the real dictionary are warnings, not failures
    assert!(stderr(&out).contains("warning:"), "{}", stderr(&out));
}

#[test]
fn ingest_stores_quotes_and_truce_quotes_lists_them() {
    let dir = open_tempdir();
    let db = dir.path().join("t.db");
    let file = dir.path().join("q.txt");
    std::fs::write(
        &file,
        "GENEVA -- \"The ceasefire must hold in every part of the zone,\" Pedersen said on Tuesday.\n\
         Lavrov told reporters after the talks that the patrols would resume next week.\n",
    )
    .unwrap();
    assert!(run(
        &db,
        &[
            "ingest",
            "--quiet",
            "--published",
            "2021-03-10",
            file.to_str().unwrap()
        ]
    )
    .status
    .success());
    let out = run(&db, &["quotes", "--speaker", "pedersen", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let quotes: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let quotes = quotes.as_array().unwrap();
    assert_eq!(quotes.len(), 1, "{quotes:?}");
    assert_eq!(quotes[0]["kind"], "direct");
    assert_eq!(
        quotes[0]["text"],
        "The ceasefire must hold in every part of the zone"
    );
    let out = run(&db, &["quotes", "--search", "patrols resume", "--json"]);
    let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(found[0]["speaker"], "lavrov", "{found}");
    assert_eq!(found[0]["text"], "the patrols would resume next week");
    let none = run(&db, &["quotes", "--speaker", "nobody-at-all", "--json"]);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&none.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        0
    );
}
