//! CAMEO coding agreement on the PETRARCH-2 validation records, through truce's analysis.
//! Skipped without ../shared, except in CI, where missing data is a failure.

use truce_eval::{petrarch, shared_file};

#[test]
fn petrarch_validation_records_are_coded() {
    let Some(path) = shared_file("eval/petrarch-gsr/PETR2_GSR_validation.xml") else {
        return;
    };
    let k = truce_knowledge::Knowledge::bundled().expect("bundled knowledge loads");
    let (h, _) = petrarch::evaluate(&path, &k).expect("PETRARCH validation file readable");
    assert_eq!(h.whole.records, 78, "the set has 78 sentences");
    assert_eq!(
        (h.whole.codings, h.whole.no_event_records),
        (80, 12),
        "80 codings and 12 sentences without events"
    );
    for (name, s) in [
        ("development", h.development),
        ("held-out", h.held_out),
        ("whole", h.whole),
    ] {
        eprintln!(
            "petrarch-gsr {name:<11} records={:>2} codings={:>2} root={:.3} plover-type={:.3} source-country={:.3} target-country={:.3} | no-event records={} right={:.3}",
            s.records, s.codings, s.root_agreement, s.type_agreement, s.source_country, s.target_country, s.no_event_records, s.no_event_right
        );
    }
    // floors in eval/floors.toml
    truce_eval::assert_floors(&truce_eval::report::petrarch_report(&h));
}
