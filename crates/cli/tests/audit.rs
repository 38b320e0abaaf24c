//! The audit trail: every analyst's record appends an entry in the same transaction, and
//! `truce audit verify` finds an entry that was edited, inserted or deleted, naming it.

mod common;
use common::*;
use std::path::Path;

/// Three analysts' records on the one-act store: two verdicts and a split.
fn store_with_records() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, db) = one_act_store();
    let out = run(&db, &["events", "--json", "--limit", "5"]);
    let acts: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let act = acts[0]["act"].as_i64().unwrap().to_string();
    for (who, status) in [
        ("first-analyst", "confirmed"),
        ("second-analyst", "rejected"),
    ] {
        let out = run(
            &db,
            &[
                "events",
                "verify",
                &act,
                "--analyst",
                who,
                "--status",
                status,
                "--note",
                "checked",
            ],
        );
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let first = &acts[0]["events"][0];
    let (document, local) = (
        first["document"].as_str().unwrap(),
        first["local"].as_str().unwrap(),
    );
    let out = run(
        &db,
        &[
            "events",
            "split",
            document,
            local,
            "--analyst",
            "third-analyst",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    (dir, db)
}

fn verify(db: &Path) -> (bool, String) {
    let out = run(db, &["audit", "verify"]);
    (out.status.success(), stdout(&out))
}

/// Runs SQL on the store directly, as someone with the file would.
fn tamper(db: &Path, sql: &str) {
    let c = rusqlite::Connection::open(db).unwrap();
    c.execute_batch(sql).unwrap();
}

#[test]
fn every_record_is_in_the_trail_and_the_chain_holds() {
    let (_dir, db) = store_with_records();
    let (ok, said) = verify(&db);
    assert!(ok, "{said}");
    // the ingest that made the store, then the three records
    assert!(said.contains("4 entries"), "{said}");
    let out = run(&db, &["audit", "list", "--json"]);
    let entries: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|e: &serde_json::Value| e["action"] != "documents.ingest")
        .collect();
    let who: Vec<&str> = entries
        .iter()
        .map(|e| e["actor"].as_str().unwrap())
        .collect();
    assert_eq!(
        who,
        ["third-analyst", "second-analyst", "first-analyst"],
        "newest first"
    );
    let what: Vec<&str> = entries
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(what, ["act.split", "act.verdict", "act.verdict"]);
    assert!(entries.iter().all(|e| e["origin"] == "command line"));
    assert_eq!(
        entries[1]["detail"]["status"], "rejected",
        "{:#}",
        entries[1]
    );
    // the head is the newest entry's hash
    let head = stdout(&run(&db, &["audit", "head"]));
    assert_eq!(
        head.trim(),
        format!("4 {}", entries[0]["hash"].as_str().unwrap())
    );
    // the trail cannot be changed by a slip of SQL
    let c = rusqlite::Connection::open(&db).unwrap();
    let refused = c.execute("UPDATE audit_log SET actor = 'someone' WHERE seq = 1", []);
    assert!(refused.unwrap_err().to_string().contains("append-only"));
    assert!(c
        .execute("DELETE FROM audit_log WHERE seq = 1", [])
        .is_err());
}

const UNGUARDED: &str =
    "DROP TRIGGER audit_log_append_only_update; DROP TRIGGER audit_log_append_only_delete;";

#[test]
fn an_edited_entry_is_found() {
    let (_dir, db) = store_with_records();
    tamper(
        &db,
        &format!("{UNGUARDED} UPDATE audit_log SET actor = 'someone else' WHERE seq = 2;"),
    );
    let (ok, said) = verify(&db);
    assert!(!ok, "{said}");
    assert!(
        said.contains("entry 2: its fields do not give its hash"),
        "{said}"
    );
}

#[test]
fn an_inserted_entry_is_found_even_with_a_hash_of_its_own() {
    let (_dir, db) = store_with_records();
    // an entry slipped in between the first and the second, numbered to fit and hashed
    // over the first entry's hash as a real one would be: the second no longer follows it
    let c = rusqlite::Connection::open(&db).unwrap();
    let first: String = c
        .query_row("SELECT hash FROM audit_log WHERE seq = 1", [], |r| r.get(0))
        .unwrap();
    drop(c);
    tamper(
        &db,
        &format!(
            "{UNGUARDED} UPDATE audit_log SET seq = seq + 100 WHERE seq >= 2; \
             UPDATE audit_log SET seq = seq - 99 WHERE seq >= 102; \
             INSERT INTO audit_log (seq, at, actor, action, target, origin, detail, prev, hash) \
             VALUES (2, '2020-01-01T00:00:00+00:00', 'forger', 'act.verdict', 'act 1', 'command line', '{{}}', '{first}', '{}');",
            "f".repeat(64)
        ),
    );
    let (ok, said) = verify(&db);
    assert!(!ok, "{said}");
    assert!(
        said.contains("entry 2: its fields do not give its hash"),
        "{said}"
    );
    assert!(
        said.contains("entry 3: it does not name the hash of the entry before it"),
        "{said}"
    );
}

#[test]
fn a_deleted_entry_is_found() {
    let (_dir, db) = store_with_records();
    tamper(
        &db,
        &format!("{UNGUARDED} DELETE FROM audit_log WHERE seq = 2;"),
    );
    let (ok, said) = verify(&db);
    assert!(!ok, "{said}");
    assert!(said.contains("entry 3 follows entry 1"), "{said}");
    assert!(
        said.contains("entry 3: it does not name the hash of the entry before it"),
        "{said}"
    );
}

#[test]
fn an_ingest_is_in_the_trail_batch_by_batch_with_its_counts() {
    let (_dir, db) = one_act_store();
    let out = run(&db, &["audit", "list", "--json"]);
    let entries: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|e: &serde_json::Value| e["action"] == "documents.ingest")
        .collect();
    assert!(!entries.is_empty(), "{}", stdout(&out));
    let new: i64 = entries
        .iter()
        .map(|e| e["detail"]["new"].as_i64().unwrap())
        .sum();
    assert_eq!(
        new,
        counts(&db).0,
        "every stored report is counted in the trail"
    );
    for e in &entries {
        assert_eq!(e["origin"], "command line: truce ingest");
        assert!(!e["actor"].as_str().unwrap().is_empty());
    }
    assert!(verify(&db).0, "the chain holds");
}
