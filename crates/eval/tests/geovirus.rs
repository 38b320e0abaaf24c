//! Toponym recognition and resolution on GeoVirus, through truce's analysis. Skipped
//! without ../shared, except in CI, where missing data is a failure.

use truce_eval::{geovirus, shared_file};

#[test]
fn toponyms_are_recognised_and_resolved() {
    let Some(path) = shared_file("eval/geovirus/GeoVirus.xml") else {
        return;
    };
    let k = truce_knowledge::Knowledge::bundled().expect("bundled knowledge loads");
    let (h, results) = geovirus::evaluate(&path, &k).expect("GeoVirus readable");
    for (name, s) in [
        ("development", h.development),
        ("held-out", h.held_out),
        ("whole", h.whole),
    ] {
        eprintln!(
            "geovirus {name:<11} articles={:>3} gold={:>4} P={:.3} R={:.3} F1={:.3} | acc@161km={:.3} median={:.0}km mean={:.0}km | population-only acc@161km={:.3} median={:.0}km",
            s.articles, s.gold, s.precision, s.recall, s.f1, s.accuracy_161km, s.median_km, s.mean_km, s.baseline_accuracy_161km, s.baseline_median_km
        );
    }
    if std::env::var_os("GEOVIRUS_DETAIL").is_some() {
        let mut missed = std::collections::BTreeMap::<&str, usize>::new();
        let mut spurious = std::collections::BTreeMap::<&str, usize>::new();
        for r in results.iter().step_by(2) {
            for m in &r.missed {
                *missed.entry(m).or_default() += 1;
            }
            for m in &r.spurious {
                *spurious.entry(m).or_default() += 1;
            }
        }
        let mut m: Vec<_> = missed.into_iter().collect();
        m.sort_by_key(|x| std::cmp::Reverse(x.1));
        let mut s: Vec<_> = spurious.into_iter().collect();
        s.sort_by_key(|x| std::cmp::Reverse(x.1));
        eprintln!("development half, most missed: {:?}", &m[..m.len().min(60)]);
        for r in results.iter().step_by(2) {
            for (name, chose, km) in &r.far {
                eprintln!("far: {name} -> {chose} {km:.0} km");
            }
        }
        eprintln!(
            "development half, most spurious: {:?}",
            &s[..s.len().min(60)]
        );
    }
    // the file holds 229 <article> elements with 2,170 toponyms (its README says 238 texts)
    assert_eq!(
        (h.whole.articles, h.whole.gold),
        (229, 2170),
        "the whole set is scored"
    );
    // floors in eval/floors.toml; the targets are F1 0.85, accuracy@161 km over toponyms
    // placed at a town 0.90, and the gold point inside the unit for those placed at a
    // country or first-level unit 0.95
    truce_eval::assert_floors(&truce_eval::report::geovirus_report(&h));
}
