//! The whole real reports of `eval/real-reports/`, analysed, stored together and scored as
//! its FORMAT.md says. Skipped without ../shared, except in CI.

use truce_eval::{real_reports, shared_file};

#[test]
fn real_reports_are_scored_in_halves_and_held_to_their_floors() {
    let Some(gold_path) = shared_file("eval/real-reports/gold.json") else {
        return;
    };
    let dir = gold_path.parent().unwrap();
    let k = truce_knowledge::Knowledge::bundled().expect("bundled knowledge loads");
    let gold = real_reports::load(dir).expect("the gold reads");
    let analysed = real_reports::analyse_all(dir, &gold, &k).expect("the reports read");
    let clusters = real_reports::store_all(&analysed, &k).expect("the reports store");
    let (split, results) = real_reports::evaluate(&gold, &analysed, &clusters);
    // the set's own counts (its README): what every figure is out of
    assert_eq!(results.len(), 23);
    let whole = split.whole;
    assert_eq!(
        (whole.event_recall.total, whole.not_events_kept.total),
        (61, 122)
    );
    assert_eq!(
        (
            whole.speaker_accuracy.total,
            whole.places.total,
            whole.not_places_kept.total
        ),
        (191, 103, 86)
    );
    assert_eq!((whole.dates.total, whole.link_recall.total), (73, 16));
    assert_eq!(
        (
            split.development.link_recall.total,
            split.held_out.link_recall.total
        ),
        (9, 7)
    );
    let report = truce_eval::report::real_reports_report(&split);
    for m in &report.metrics {
        eprintln!(
            "real-reports {:<18} dev {:.3} held {:.3} whole {:.3} {}",
            m.name,
            m.development.unwrap_or(0.0),
            m.held_out.unwrap_or(0.0),
            m.whole,
            m.detail.as_deref().unwrap_or("")
        );
    }
    truce_eval::assert_floors(&report);
}
