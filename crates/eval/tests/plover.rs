//! PLOVER event coding on the PLOVER gold standard records, through truce's analysis.
//! Skipped without ../shared, except in CI, where missing data is a failure.

use truce_eval::{plover, shared_file};

#[test]
fn plover_gold_records_are_coded() {
    let Some(path) = shared_file("eval/plover-gsr/PLOVER_GSR_CAMEO.json") else {
        return;
    };
    let k = truce_knowledge::Knowledge::bundled().expect("bundled knowledge loads");
    let (h, results) = plover::evaluate(&path, &k).expect("PLOVER GSR readable");
    assert_eq!(h.whole.records, 322, "the set has 322 gold records");
    print("truce patterns", &h);
    detail(&results);
    // floors in eval/floors.toml; the targets are type accuracy 0.80 and type+actor 0.65
    truce_eval::assert_floors(&truce_eval::report::plover_report(&h));
}

fn print(config: &str, h: &truce_eval::Split<plover::EventScores>) {
    for (name, s) in [
        ("development", h.development),
        ("held-out", h.held_out),
        ("whole", h.whole),
    ] {
        eprintln!(
            "plover-gsr [{config}] {name:<11} records={:>3} type={:.3} (commonest-type baseline {:.3}) | with actor={:>3} actor={:.3} type+actor={:.3} | with recipient={:>3} recipient={:.3} | no event={}",
            s.records, s.type_accuracy, s.baseline_type_accuracy, s.with_actor, s.actor_accuracy, s.type_and_actor_accuracy, s.with_recipient, s.recipient_accuracy, s.no_event
        );
    }
}

fn detail(results: &[plover::EventResult]) {
    if std::env::var_os("PLOVER_DETAIL").is_some() {
        let mut confusion = std::collections::BTreeMap::<(String, String), usize>::new();
        for r in results.iter().step_by(2).filter(|r| !r.type_right) {
            let got = r.predicted.clone().unwrap_or_else(|| "-".into());
            *confusion.entry((r.gold.clone(), got)).or_default() += 1;
        }
        let mut c: Vec<_> = confusion.into_iter().collect();
        c.sort_by_key(|x| std::cmp::Reverse(x.1));
        eprintln!("development half, gold -> coded: {c:?}");
        // per type over the held-out half: counts only, so rules are not written to it
        let mut per = std::collections::BTreeMap::<&str, (usize, usize)>::new();
        for r in results.iter().skip(1).step_by(2) {
            let e = per.entry(r.gold.as_str()).or_default();
            e.0 += usize::from(r.type_right);
            e.1 += 1;
        }
        eprintln!("held-out half, right/records per gold type: {per:?}");
    }
}
