//! Quotations and speakers on the project's own gold set (`tests/quotes/`), which lives in
//! the repository, so this test never skips.

use truce_eval::quotes;

#[test]
fn quotes_and_speakers_on_our_gold_set() {
    let k = truce_knowledge::Knowledge::bundled().expect("bundled knowledge loads");
    let (s, results) = quotes::evaluate(&quotes::bundled_dir(), &k).expect("gold set readable");
    let w = s.whole;
    eprintln!(
        "quote gold: {} reports, {} quotes, {} predicted | span P={:.3} R={:.3} F1={:.3} | speaker {:.3} (nearest-name baseline {:.3}) | kind {:.3}",
        w.reports, w.gold, w.predicted, w.span_precision, w.span_recall, w.span_f1,
        w.speaker_accuracy, w.baseline_speaker_accuracy, w.kind_accuracy
    );
    for m in results.iter().flat_map(|r| &r.misses) {
        eprintln!("  {m}");
    }
    assert_eq!(w.reports, 10, "the gold set has ten reports");
    assert!(w.gold >= 40, "at least 40 gold quotes");
    // truce beats the naive speaker rule by a wide margin, or the speaker logic is idle
    assert!(w.speaker_accuracy > w.baseline_speaker_accuracy + 0.2);
    truce_eval::assert_floors(&truce_eval::report::quotes_report(&s));
}
