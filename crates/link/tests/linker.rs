//! A `Linker` keeps the days it has read from batch to batch, and must forget them when
//! another connection writes: here an analyst's split of an event out of its act lands
//! between two batches of one ingest, through a second connection (the ingest holds the
//! writer lock, so the test writes as SQL what `Batch::decide` writes), and the next
//! report of that act must not join the cluster the linker remembered.

use std::path::Path;
use truce_link::Linker;
use truce_store::{Decision, Mode, NewSource, Store, StoredEvent};

fn report(name: &str) -> (truce_model::Document, Vec<u8>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../cli/tests/reports/one-act")
        .join(name);
    let raw = std::fs::read(&path).unwrap();
    let hints = truce_ingest::Hints {
        published: truce_ingest::parse_date("2019-05-07").ok(),
        ..Default::default()
    };
    let mut docs = truce_ingest::ingest_bytes(&raw, name, &hints, &Default::default()).unwrap();
    (docs.remove(0).unwrap().document, raw)
}

/// Stores one report and links it with `linker`: as ingest does, the report's events
/// placed in the batch that stores it (`placed`), or stored unlinked by one batch and
/// linked by the next.
fn ingest(store: &mut Store, linker: &mut Linker, name: &str, placed: bool) {
    let k = truce_knowledge::Knowledge::bundled().unwrap();
    let (doc, raw) = report(name);
    let mentions = truce_analyse::analyse(&doc, &k).mentions;
    let source = NewSource {
        document: &doc,
        raw: &raw,
        origin: name,
        format: "text",
        encoding: "utf-8",
        analysis: Some((&mentions, "test")),
    };
    if !placed {
        // committed without linking, as a run stopped before it linked leaves its events
        let mut batch = store.batch().unwrap();
        batch.put(&source).unwrap();
        batch.commit().unwrap();
    }
    let mut batch = store.batch().unwrap();
    if placed {
        batch.put(&source).unwrap();
    }
    let summary = linker.link(&mut batch).unwrap();
    assert_eq!(
        summary.linked + summary.new,
        mentions.events.len(),
        "every event of {name} is placed once"
    );
    batch.commit().unwrap();
    linker.committed();
}

fn strike(store: &Store, name: &str) -> StoredEvent {
    let (doc, _) = report(name);
    store
        .document_events(doc.id.as_str())
        .unwrap()
        .into_iter()
        .find(|e| {
            e.kind == truce_model::EventType::Assault
                && e.modality == truce_model::Modality::Asserted
        })
        .unwrap_or_else(|| panic!("{name} reports the strike"))
}

/// Ingests the first report, lets `between` act on the store through another connection,
/// then ingests the second with the same linker; returns the two strikes.
fn two_batches(
    placed: bool,
    between: impl FnOnce(&Path, &StoredEvent),
) -> (StoredEvent, StoredEvent) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let mut store = Store::open(&db, Mode::Write).unwrap();
    let mut linker = Linker::default();
    ingest(&mut store, &mut linker, "a-wire.txt", placed);
    between(&db, &strike(&store, "a-wire.txt"));
    ingest(&mut store, &mut linker, "b-local.txt", placed);
    (strike(&store, "a-wire.txt"), strike(&store, "b-local.txt"))
}

#[test]
fn the_second_report_joins_the_first_across_batches() {
    for placed in [true, false] {
        let (a, b) = two_batches(placed, |_, _| {});
        assert!(a.cluster.is_some());
        assert_eq!(b.cluster, a.cluster, "placed {placed}: {:?}", b.link_reason);
        assert!(b.link_reason.unwrap().starts_with("same act as"));
    }
}

#[test]
fn a_split_made_by_another_connection_is_seen_by_the_next_batch() {
    for placed in [true, false] {
        split_between_batches(placed);
    }
}

fn split_between_batches(placed: bool) {
    let (a, b) = two_batches(placed, |db, a| {
        let other = rusqlite::Connection::open(db).unwrap();
        other
            .execute_batch(&format!(
                "BEGIN; \
                 INSERT INTO event_decisions (doc, local, action, analyst, decided_at) VALUES ({doc}, '{local}', 'split', 'analyst', 'now'); \
                 INSERT INTO event_clusters (created) VALUES ('now'); \
                 UPDATE events SET cluster = last_insert_rowid(), link_reason = 'split out by analyst' WHERE doc = {doc} AND local = '{local}'; \
                 COMMIT;",
                doc = a.doc,
                local = a.local
            ))
            .unwrap();
    });
    // the split event is out of the act and no longer a candidate: the next report of the
    // strike starts an act of its own instead of joining a cluster the linker remembered
    assert_ne!(b.cluster, a.cluster);
    assert_eq!(b.link_reason.as_deref(), Some("first report of this act"));
}

/// The act's summary row (what exports and monitoring read) follows every write: events
/// placed as stored, events linked after storing, an analyst's split and join; and the
/// store's check notices a summary that no longer says what its events say.
#[test]
fn act_summaries_follow_linking_splits_and_joins() {
    for placed in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        let mut store = Store::open(&db, Mode::Write).unwrap();
        let mut linker = Linker::default();
        for name in ["a-wire.txt", "b-local.txt", "c-monitor.txt", "d-other.txt"] {
            ingest(&mut store, &mut linker, name, placed);
        }
        assert_eq!(
            store.check().unwrap(),
            Vec::<String>::new(),
            "placed {placed}"
        );
        let reports_of = |store: &Store, cluster: i64| -> (i64, Vec<String>) {
            let mut found = (0, Vec::new());
            store
                .export_events::<truce_store::StoreError>(
                    &Default::default(),
                    truce_store::ExportOptions { documents: true },
                    |r| {
                        if r.event == cluster {
                            found = (r.reports, r.documents);
                        }
                        Ok(())
                    },
                )
                .unwrap();
            found
        };
        let a = strike(&store, "a-wire.txt");
        let act = a.cluster.unwrap();
        let (reports, documents) = reports_of(&store, act);
        assert_eq!(reports, 3, "three of the reports tell the strike");
        assert_eq!(documents.len(), 3);

        // what readers holding acts in memory compare: unchanged by a batch that
        // changes no act, changed by a split and by a join
        let ingested = store.acts_version().unwrap();
        store.batch().unwrap().commit().unwrap();
        assert_eq!(store.acts_version().unwrap(), ingested);

        let mut batch = store.batch().unwrap();
        let own = batch
            .decide(&a.document, &a.local, Decision::Split, "analyst", None)
            .unwrap();
        batch.commit().unwrap();
        let split = store.acts_version().unwrap();
        assert_ne!(split, ingested);
        assert_eq!(store.check().unwrap(), Vec::<String>::new());
        assert_eq!(reports_of(&store, act).0, 2);
        assert_eq!(reports_of(&store, own).0, 1);

        let mut batch = store.batch().unwrap();
        batch
            .decide(&a.document, &a.local, Decision::Join(act), "analyst", None)
            .unwrap();
        batch.commit().unwrap();
        assert_ne!(store.acts_version().unwrap(), split);
        assert_eq!(store.check().unwrap(), Vec::<String>::new());
        assert_eq!(reports_of(&store, act).0, 3);
        assert_eq!(
            reports_of(&store, own),
            (0, Vec::new()),
            "the emptied act is gone"
        );

        drop(store);
        let tamper = rusqlite::Connection::open(&db).unwrap();
        tamper
            .execute(
                "UPDATE cluster_summaries SET reports = 99 WHERE cluster = ?1",
                [act],
            )
            .unwrap();
        drop(tamper);
        let store = Store::open(&db, Mode::Read).unwrap();
        assert_eq!(
            store.check().unwrap(),
            vec!["1 acts whose summary differs from their events".to_string()]
        );
    }
}

/// Linking events a run stored without placing them adds no event and records no
/// decision, yet changes the acts: readers that keep acts in memory must see it.
#[test]
fn linking_events_stored_earlier_changes_the_acts_version() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("t.db"), Mode::Write).unwrap();
    let k = truce_knowledge::Knowledge::bundled().unwrap();
    let (doc, raw) = report("a-wire.txt");
    let mentions = truce_analyse::analyse(&doc, &k).mentions;
    let mut batch = store.batch().unwrap();
    batch
        .put(&NewSource {
            document: &doc,
            raw: &raw,
            origin: "a-wire.txt",
            format: "text",
            encoding: "utf-8",
            analysis: Some((&mentions, "test")),
        })
        .unwrap();
    batch.commit().unwrap();
    let stored = store.acts_version().unwrap();

    let mut batch = store.batch().unwrap();
    let linked = Linker::default().link(&mut batch).unwrap();
    batch.commit().unwrap();
    assert!(linked.new > 0, "the events become acts");
    assert_ne!(store.acts_version().unwrap(), stored);
    assert_eq!(store.check().unwrap(), Vec::<String>::new());
}

/// After a split, the report's event is offered its former act back as the act the linker
/// would take it for, with the linker's reason; its own act is never offered.
#[test]
fn an_event_split_out_is_offered_its_former_act_with_the_linkers_reason() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let mut store = Store::open(&db, Mode::Write).unwrap();
    let mut linker = Linker::default();
    ingest(&mut store, &mut linker, "a-wire.txt", true);
    ingest(&mut store, &mut linker, "b-local.txt", true);
    let (first, second) = (strike(&store, "a-wire.txt"), strike(&store, "b-local.txt"));
    assert_eq!(
        first.cluster, second.cluster,
        "the two reports tell one strike"
    );
    // one act: nothing else of its type and days to offer, and never its own act
    assert!(truce_link::candidates(&store, &second, 5)
        .unwrap()
        .iter()
        .all(|c| Some(c.act) != second.cluster));
    let mut batch = store.batch().unwrap();
    batch
        .decide(
            &second.document,
            &second.local,
            Decision::Split,
            "analyst",
            None,
        )
        .unwrap();
    batch.commit().unwrap();
    let second = strike(&store, "b-local.txt");
    assert_ne!(second.cluster, first.cluster);
    let offered = truce_link::candidates(&store, &second, 5).unwrap();
    let back = offered
        .iter()
        .find(|c| Some(c.act) == first.cluster)
        .unwrap_or_else(|| panic!("its former act is offered: {offered:?}"));
    assert!(back.linkable, "{back:?}");
    assert!(back.reason.contains("ASSAULT"), "{back:?}");
    assert_eq!(
        offered[0].act, back.act,
        "the linker's own match comes first"
    );
    assert!(offered.iter().all(|c| Some(c.act) != second.cluster));
}
