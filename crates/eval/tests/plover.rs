//! PLOVER event coding on the PLOVER gold standard records, through truce's analysis.
//! Skipped without ../shared, except in CI, where missing data is a failure.

use truce_eval::{plover, shared_dir};

/// Regression floors over the whole set, below the measured scores; the targets
/// are type accuracy >= 0.80 and type+actor >= 0.65.
const TYPE_FLOOR: f64 = 0.0;
const TYPE_ACTOR_FLOOR: f64 = 0.0;

#[test]
fn plover_gold_records_are_coded() {
    let path = shared_dir().join("eval/plover-gsr/PLOVER_GSR_CAMEO.json");
    if !path.exists() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but {} is missing",
            path.display()
        );
        eprintln!("skipped: {} is missing", path.display());
        return;
    }
    let k = truce_knowledge::Knowledge::bundled().expect("bundled knowledge loads");
    let (h, results) = plover::evaluate(&path, &k).expect("PLOVER GSR readable");
    assert_eq!(h.whole.records, 322, "the set has 322 gold records");
    for (name, s) in [
        ("development", h.development),
        ("held-out", h.held_out),
        ("whole", h.whole),
    ] {
        eprintln!(
            "plover-gsr {name:<11} records={:>3} type={:.3} (commonest-type baseline {:.3}) | with actor={:>3} actor={:.3} type+actor={:.3} | with recipient={:>3} recipient={:.3} | no event={}",
            s.records, s.type_accuracy, s.baseline_type_accuracy, s.with_actor, s.actor_accuracy, s.type_and_actor_accuracy, s.with_recipient, s.recipient_accuracy, s.no_event
        );
    }
    if std::env::var_os("PLOVER_DETAIL").is_some() {
        let mut confusion = std::collections::BTreeMap::<(String, String), usize>::new();
        for r in results.iter().step_by(2).filter(|r| !r.type_right) {
            let got = r.predicted.clone().unwrap_or_else(|| "-".into());
            *confusion.entry((r.gold.clone(), got)).or_default() += 1;
        }
        let mut c: Vec<_> = confusion.into_iter().collect();
        c.sort_by_key(|x| std::cmp::Reverse(x.1));
        eprintln!("development half, gold -> coded: {c:?}");
    }
    assert!(
        h.whole.type_accuracy >= TYPE_FLOOR,
        "type accuracy {:.3}",
        h.whole.type_accuracy
    );
    assert!(
        h.whole.type_and_actor_accuracy >= TYPE_ACTOR_FLOOR,
        "type+actor accuracy {:.3}",
        h.whole.type_and_actor_accuracy
    );
}
