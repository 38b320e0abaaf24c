use super::*;
use truce_model::{DocumentMeta, Fingerprint};

fn doc(raw: &str, body: &str) -> Document {
    Document {
        id: DocumentId::of_raw(raw.as_bytes()),
        fingerprint: Fingerprint::of_body(body),
        meta: DocumentMeta {
            title: Some("T".into()),
            ..Default::default()
        },
        dateline: None,
        text: body.to_string(),
        removed: vec![],
    }
}

fn put(store: &mut Store, raw: &str, body: &str) -> PutOutcome {
    let d = doc(raw, body);
    let mut batch = store.batch().unwrap();
    let out = batch
        .put(&NewSource {
            document: &d,
            raw: raw.as_bytes(),
            origin: "t",
            format: "text",
            analysis: None,
            encoding: "UTF-8",
        })
        .unwrap();
    batch.commit().unwrap();
    out
}

#[test]
fn same_bytes_once_same_story_one_document_two_sources() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db"), Mode::Write).unwrap();
    assert_eq!(
        put(&mut store, "raw A", "Shelling in Idlib."),
        PutOutcome::New
    );
    assert_eq!(
        put(&mut store, "raw A", "Shelling in Idlib."),
        PutOutcome::Duplicate
    );
    assert_eq!(
        put(&mut store, "raw A + footer", "shelling in idlib"),
        PutOutcome::NewSource
    );
    assert_eq!(store.counts().unwrap(), (1, 2));
    let stored = store
        .get_document(&DocumentId::of_raw(b"raw A + footer").0[..8])
        .unwrap()
        .unwrap();
    assert_eq!(stored.sources.len(), 2);
    assert_eq!(
        store.raw_source(&stored.sources[1].id).unwrap().unwrap(),
        b"raw A + footer"
    );
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn uncommitted_batch_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db"), Mode::Write).unwrap();
    {
        let d = doc("x", "y");
        let mut batch = store.batch().unwrap();
        batch
            .put(&NewSource {
                document: &d,
                raw: b"x",
                origin: "t",
                format: "text",
                analysis: None,
                encoding: "UTF-8",
            })
            .unwrap();
    }
    assert_eq!(store.counts().unwrap(), (0, 0));
}

#[test]
fn full_text_search_tolerates_operators() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db"), Mode::Write).unwrap();
    put(&mut store, "1", "Joint patrols on the M4 highway began.");
    put(&mut store, "2", "A prisoner exchange took place in Astana.");
    let hits = store.list_documents(Some("patrols M4"), 10, 0).unwrap();
    assert_eq!(hits.len(), 1);
    assert!(hits[0].snippet.as_deref().unwrap().contains("[patrols]"));
    for nasty in ["\"unbalanced", "AND OR NOT", "col:umn*", "(", "NEAR("] {
        assert!(store.list_documents(Some(nasty), 10, 0).is_ok(), "{nasty}");
    }
    assert_eq!(store.list_documents(None, 10, 0).unwrap().len(), 2);
}

#[test]
fn second_writer_is_refused_while_readers_work() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let _writer = Store::open(&path, Mode::Write).unwrap();
    let err = Store::open(&path, Mode::Write).err().unwrap();
    assert!(matches!(err, StoreError::Busy { .. }), "{err}");
    assert!(err.to_string().contains(&std::process::id().to_string()));
    assert!(Store::open(&path, Mode::Read).is_ok());
}

#[test]
fn foreign_and_garbage_files_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("g.db");
    std::fs::write(
        &garbage,
        b"this is not a database at all, just some text that is long enough".repeat(100),
    )
    .unwrap();
    let before = std::fs::read(&garbage).unwrap();
    assert!(matches!(
        Store::open(&garbage, Mode::Write),
        Err(StoreError::NotADatabase { .. })
    ));
    assert_eq!(std::fs::read(&garbage).unwrap(), before);

    let foreign = dir.path().join("f.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE x (y)")
        .unwrap();
    assert!(matches!(
        Store::open(&foreign, Mode::Write),
        Err(StoreError::NotADatabase { .. })
    ));
    assert!(matches!(
        Store::open(&dir.path().join("none.db"), Mode::Read),
        Err(StoreError::Missing { .. })
    ));
}

#[test]
fn migrations_are_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let store = Store::open(&path, Mode::Write).unwrap();
    assert_eq!(store.schema_version().unwrap(), crate::schema::latest());
    drop(store);
    let store = Store::open(&path, Mode::Write).unwrap();
    let n: i64 = store
        .conn()
        .unwrap()
        .query_row("SELECT count(*) FROM schema_migrations", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, crate::schema::latest());
}

#[test]
fn a_store_of_the_first_schema_is_upgraded_with_its_documents() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    {
        let conn = first_schema_store(&path);
        conn.execute(
            "INSERT INTO documents (id, fingerprint, text, removed_json, ingested_at) VALUES ('abc123abc123', 'f', 'Old text.', '[]', 'then')",
            [],
        )
        .unwrap();
    }
    let store = Store::open(&path, Mode::Write).unwrap();
    assert_eq!(store.schema_version().unwrap(), crate::schema::latest());
    assert_eq!(
        store.counts().unwrap().0,
        1,
        "the document survives the upgrade"
    );
    assert!(store.mentions("abc123abc123").unwrap().is_empty());
}

#[test]
fn reading_a_store_of_an_older_schema_upgrades_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    drop(first_schema_store(&path));
    let store = Store::open(&path, Mode::Read).unwrap();
    assert_eq!(store.schema_version().unwrap(), crate::schema::latest());
    assert!(store
        .acts(&crate::EventFilter::default(), 10)
        .unwrap()
        .is_empty());
}

/// A store as the first release wrote it: the first migration only.
fn first_schema_store(path: &std::path::Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(include_str!("../migrations/0001_documents.sql"))
        .unwrap();
    conn.execute_batch("PRAGMA user_version = 1").unwrap();
    conn
}

/// Mentions stored as rows before migration 0007 are read back beside the packed lists of
/// reports stored after it.
#[test]
fn mention_rows_of_an_older_store_are_read_beside_packed_ones() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v6.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        for sql in &crate::schema::MIGRATIONS[..6] {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch(
            "PRAGMA user_version = 6; \
             INSERT INTO documents (id, fingerprint, text, removed_json, ingested_at) VALUES ('old000old000', 'f', 'Talks in Geneva.', '[]', 'then'); \
             INSERT INTO mentions (doc, kind, entity, start, \"end\", text, prefix, suffix) VALUES (1, 'place', 'geneva', 9, 15, 'Geneva', 'Talks in ', '.');",
        )
        .unwrap();
    }
    let mut store = Store::open(&path, Mode::Write).unwrap();
    let old = store.mentions("old000old000").unwrap();
    assert_eq!(
        old.iter()
            .map(|m| (m.text.as_str(), m.start, m.prefix.as_str()))
            .collect::<Vec<_>>(),
        [("Geneva", 9, "Talks in ")]
    );
    // a new report with one date mention, packed
    let d = doc("new", "Shelling on Monday.");
    let mentions = truce_model::Mentions {
        dates: vec![truce_model::DateMention {
            text: "on Monday".into(),
            start: 9,
            end: 18,
            value: Some("2019-05-06".into()),
            precision: truce_model::DatePrecision::Day,
            relative: true,
            note: None,
        }],
        ..Default::default()
    };
    let mut batch = store.batch().unwrap();
    batch
        .put(&crate::NewSource {
            document: &d,
            raw: b"new",
            origin: "new.txt",
            format: "text",
            encoding: "utf-8",
            analysis: Some((&mentions, "test")),
        })
        .unwrap();
    batch.commit().unwrap();
    let new = store.mentions(d.id.as_str()).unwrap();
    assert_eq!(new.len(), 1);
    assert_eq!(
        (
            new[0].kind.as_str(),
            new[0].entity.as_deref(),
            new[0].start,
            new[0].end
        ),
        ("date", Some("2019-05-06"), 9, 18)
    );
    assert_eq!(
        (new[0].prefix.as_str(), new[0].suffix.as_str()),
        ("Shelling ", ".")
    );
    let rows: i64 = store
        .conn()
        .unwrap()
        .query_row("SELECT count(*) FROM all_mentions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 2, "the view reads rows and packed lists");
}

/// A report naming one place, with the place's name as given.
fn put_place(store: &mut Store, raw: &str, name: &str, commit: bool) {
    let d = doc(raw, &format!("Talks in {name} {raw}."));
    let mentions = truce_model::Mentions {
        places: vec![truce_model::Place {
            id: "geonames:2660646".into(),
            name: name.into(),
            country: Some("CH".into()),
            lat: Some(46.2),
            lon: Some(6.15),
            precision: truce_model::PlacePrecision::Exact,
            kind: "city".into(),
            roles: vec![],
            mentions: vec![truce_model::Mention {
                text: name.into(),
                start: 9,
                end: 9 + name.len(),
            }],
        }],
        ..Default::default()
    };
    let mut batch = store.batch().unwrap();
    batch
        .put(&crate::NewSource {
            document: &d,
            raw: raw.as_bytes(),
            origin: "t",
            format: "text",
            encoding: "utf-8",
            analysis: Some((&mentions, "test")),
        })
        .unwrap();
    if commit {
        batch.commit().unwrap();
    }
}

#[test]
fn entity_rows_follow_the_latest_analysis_whatever_the_connection_remembers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let name = |store: &Store| {
        store
            .entity("place", "geonames:2660646")
            .unwrap()
            .map(|e| (e.name, e.documents))
    };
    let mut store = Store::open(&path, Mode::Write).unwrap();
    put_place(&mut store, "a", "Geneva", true);
    put_place(&mut store, "b", "Geneva", true);
    assert_eq!(name(&store), Some(("Geneva".to_string(), 2)));
    // a changed row is written even though this connection wrote the old one
    put_place(&mut store, "c", "Genève", true);
    assert_eq!(name(&store), Some(("Genève".to_string(), 3)));
    // a batch rolled back teaches the connection nothing: the row it wrote is gone, so
    // the next batch writes it again
    put_place(&mut store, "d", "Genf", false);
    assert_eq!(name(&store), Some(("Genève".to_string(), 3)));
    put_place(&mut store, "e", "Genf", true);
    assert_eq!(name(&store), Some(("Genf".to_string(), 4)));
    // another connection changes the row behind this one's back: this one must not
    // trust its memory of having written it
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute(
            "UPDATE entities SET name = 'Ginevra' WHERE id = 'geonames:2660646'",
            [],
        )
        .unwrap();
    assert_eq!(name(&store), Some(("Ginevra".to_string(), 4)));
    put_place(&mut store, "f", "Genf", true);
    assert_eq!(name(&store), Some(("Genf".to_string(), 5)));
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn background_checkpoints_keep_the_log_short_and_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let wal = dir.path().join("t.db-wal");
    let mut store = Store::open(&path, Mode::Write).unwrap();
    store.checkpoint_in_background().unwrap();
    // every report its own ~40 KB of text, so that each batch adds pages to the log
    let body = |i: usize| {
        format!(
            "Report {i}. {}",
            "Shelling was reported overnight. ".repeat(1200)
        )
    };
    let (mut first_log, mut largest_log) = (None, 0);
    let mut n = 0;
    for _round in 0..30 {
        for _ in 0..super::checkpoint::COMMITS_PER_CHECKPOINT {
            put(&mut store, &format!("raw {n}"), &body(n));
            n += 1;
        }
        assert!(
            store
                .checkpointer
                .as_ref()
                .unwrap()
                .wait_caught_up(std::time::Duration::from_secs(20)),
            "the checkpoint thread copies the log"
        );
        let log = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
        first_log.get_or_insert(log);
        largest_log = largest_log.max(log);
    }
    // the writer completes each checkpoint and the log starts again: it never holds much
    // more than the first round's batches, not the 30 rounds written
    let first_log = first_log.unwrap();
    assert!(
        first_log > 0 && largest_log <= 2 * first_log,
        "log of {largest_log} bytes, {first_log} after the first round"
    );
    assert_eq!(store.counts().unwrap(), (n as i64, n as i64));
    assert!(store.check().unwrap().is_empty());
    drop(store);
    assert!(!wal.exists(), "a closed store leaves no log");
    let store = Store::open(&path, Mode::Read).unwrap();
    assert_eq!(store.counts().unwrap(), (n as i64, n as i64));
}

/// A store of schema 15, before corrections were applied: one act with three verdicts,
/// two of them corrections written in the shapes of that time.
fn store_with_verdicts_of_schema_15(path: &std::path::Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    for sql in &crate::schema::MIGRATIONS[..15] {
        conn.execute_batch(sql).unwrap();
    }
    conn.execute_batch(
        "PRAGMA user_version = 15;
         INSERT INTO event_clusters (id, created) VALUES (1, 'then');
         INSERT INTO events (doc, local, type, modality, cameo, actors, place, place_name,
             place_precision, lat, lon, date, date_precision, confidence, evidence, cluster)
         VALUES (1, 'e1', 'ASSAULT', 'asserted', '18', '[\"RUS\"]', 'SY-ID', 'Idlib', 'region',
             35.9, 36.6, '2019-05-06', 'day', 0.9, '[]', 1);
         INSERT INTO cluster_summaries SELECT * FROM cluster_rollup;
         INSERT INTO entities (kind, id, name, detail) VALUES ('place', 'geonames:1', 'Kafranbel',
             '{\"country\":\"SY\",\"lat\":35.61,\"lon\":36.56,\"precision\":\"exact\"}');
         INSERT INTO verifications (target_kind, target, status, correction, analyst, decided_at)
         VALUES ('event', '1', 'corrected', '{\"type\":\"coerce\",\"actors\":[\"SYR\"]}', 'a', 't1'),
                ('event', '1', 'corrected', '{\"place\":\"geonames:1\",\"date\":\"2019-05-05\",\"type\":\"ASSAULT\"}', 'b', 't2'),
                ('event', '1', 'confirmed', NULL, 'c', 't3'),
                ('event', '2', 'rejected', NULL, 'd', 't4');",
    )
    .unwrap();
}

#[test]
fn corrections_recorded_before_they_were_applied_apply_on_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v15.db");
    store_with_verdicts_of_schema_15(&path);
    let store = Store::open(&path, Mode::Write).unwrap();
    let act = store.act(1).unwrap().expect("the act survives");
    // the latest value of each field named: the type of the second correction, the
    // actors of the first, the place and the day of the second
    assert_eq!(act.kind, truce_model::EventType::Assault);
    assert_eq!(act.actors, ["SYR"]);
    assert_eq!(act.place.as_deref(), Some("geonames:1"));
    assert_eq!(act.place_name.as_deref(), Some("Kafranbel"));
    assert_eq!(act.lat, Some(35.61));
    assert_eq!(act.date.as_deref(), Some("2019-05-05"));
    assert_eq!(act.version, 3);
    assert_eq!(
        act.verification.unwrap().status,
        truce_model::Verdict::Confirmed
    );
    assert_eq!(act.history.len(), 3);
    assert_eq!(act.machine["actors"], serde_json::json!(["RUS"]));
    // a verdict on an act that no longer exists is left in the history only
    assert!(store.act_standing(2).unwrap().status.is_none());
    assert!(store.check().unwrap().is_empty(), "{:?}", store.check());
}
