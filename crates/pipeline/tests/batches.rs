//! A writer with knowledge analyses each full batch while it stores the batch before; the
//! store must come out exactly as when every batch is analysed first and stored after.

use truce_ingest::Ingested;
use truce_knowledge::Knowledge;
use truce_pipeline::{Pending, Summary, Writer};
use truce_store::{EventFilter, ExportOptions, Mode, Store, StoreError};

/// Generated reports, one source each: enough for two full batches and a partial third.
fn sources(n: usize) -> Vec<Vec<Ingested>> {
    let options = truce_ingest::Options::default();
    truce_corpus::Generator::new(7)
        .take(n)
        .enumerate()
        .map(|(i, r)| {
            let hints = truce_ingest::Hints {
                published: truce_ingest::parse_date(&r.published).ok(),
                ..Default::default()
            };
            truce_ingest::ingest_bytes(r.text.as_bytes(), &format!("gen/{i}.txt"), &hints, &options)
                .expect("a generated report reads")
                .into_iter()
                .map(|x| x.expect("a generated report is accepted"))
                .collect()
        })
        .collect()
}

/// Every act as exported (its reports, parties, place, date), in act order.
fn acts(store: &Store) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    // (no modality given: acts of every modality)
    let filter = EventFilter::default();
    store
        .export_events(&filter, ExportOptions { documents: true }, |row| {
            out.push(serde_json::to_value(&row).expect("rows serialise"));
            Ok::<(), StoreError>(())
        })
        .expect("export");
    out
}

/// Stores `reports` one input each, analysed by the writer ahead of storing; what it did.
fn store_one_by_one(store: &mut Store, k: &Knowledge, reports: &[Vec<Ingested>]) -> Summary {
    let mut writer = Writer::new(store, Some(k));
    for source in reports {
        writer
            .push(Pending {
                seen: None,
                reports: source.clone(),
            })
            .unwrap();
    }
    writer.flush().unwrap();
    writer.summary.clone()
}

fn counts(s: &Summary) -> [usize; 5] {
    [
        s.new,
        s.new_sources,
        s.duplicates,
        s.events_new,
        s.events_linked,
    ]
}

#[test]
fn analysing_ahead_stores_what_analysing_in_turn_stores() {
    let k = Knowledge::bundled().expect("bundled knowledge");
    let reports = sources(1_150);
    let dir = tempfile::tempdir().unwrap();

    // in turn: the caller analyses, the writer only stores, batch after batch
    let mut in_turn = Store::open(&dir.path().join("in-turn.db"), Mode::Write).unwrap();
    let mut writer = Writer::new(&mut in_turn, None);
    for source in &reports {
        let analyses = source
            .iter()
            .map(|r| truce_analyse::analyse(&r.document, &k).mentions)
            .collect();
        let pending = Pending {
            seen: None,
            reports: source.clone(),
        };
        writer.push_analysed(pending, analyses).unwrap();
    }
    writer.flush().unwrap();
    let expected = counts(&writer.summary);
    drop(writer);

    // ahead: the writer analyses the next batch while it stores the one before
    let mut ahead = Store::open(&dir.path().join("ahead.db"), Mode::Write).unwrap();
    assert_eq!(
        counts(&store_one_by_one(&mut ahead, &k, &reports)),
        expected
    );

    assert_eq!(expected[0], reports.len(), "every report is new");
    assert!(expected[4] > 0, "some events join acts of earlier batches");
    for store in [&in_turn, &ahead] {
        assert_eq!(store.check().unwrap(), Vec::<String>::new());
    }
    let (a, b) = (acts(&in_turn), acts(&ahead));
    assert!(a.len() > 1_000, "{} acts", a.len());
    assert_eq!(a, b, "the same acts with the same reports");
}

#[test]
fn one_input_of_many_reports_is_stored_in_parts_as_if_they_came_one_by_one() {
    let k = Knowledge::bundled().expect("bundled knowledge");
    let reports = sources(1_200);
    let dir = tempfile::tempdir().unwrap();

    // one report an input, analysed by the writer
    let mut apart = Store::open(&dir.path().join("apart.db"), Mode::Write).unwrap();
    store_one_by_one(&mut apart, &k, &reports);

    // all of them one input (a JSON Lines file), analysed by the caller in one go: the
    // writer splits reports and analyses alike, and marks the file stored with the last
    let all: Vec<Ingested> = reports.concat();
    let analyses = all
        .iter()
        .map(|r| truce_analyse::analyse(&r.document, &k).mentions)
        .collect();
    let mut whole = Store::open(&dir.path().join("whole.db"), Mode::Write).unwrap();
    let mut writer = Writer::new(&mut whole, None);
    let mark = ("/feeds/all.jsonl".to_string(), 123_456, 42);
    writer
        .push_analysed(
            Pending {
                seen: Some(mark.clone()),
                reports: all,
            },
            analyses,
        )
        .unwrap();
    writer.flush().unwrap();
    assert_eq!(writer.summary.new, reports.len());
    drop(writer);

    assert!(whole.is_unchanged(&mark.0, mark.1, mark.2).unwrap());
    assert_eq!(whole.check().unwrap(), Vec::<String>::new());
    let (a, b) = (acts(&apart), acts(&whole));
    assert!(a.len() > 1_000, "{} acts", a.len());
    assert_eq!(a, b, "the same acts with the same reports");
}
