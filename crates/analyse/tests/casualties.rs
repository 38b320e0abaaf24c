//! Casualty figures on sentences of our own (tests/events/casualties.tsv): each sentence's
//! toll of killed and of injured, over all its acts, against the figure written beside it.
//! A figure given is right when it is the written one; precision is over the figures
//! truce gives, recall over the figures written. The halves are the sentences at even and
//! odd positions, printed side by side; the floors (eval/floors.toml, [casualty-sentences])
//! hold the whole set.

use chrono::NaiveDate;
use truce_knowledge::Knowledge;
use truce_model::{Casualty, Harm};

#[derive(Default, Clone, Copy)]
struct Count {
    given: usize,
    written: usize,
    right: usize,
}

impl Count {
    fn add(&mut self, other: Count) {
        self.given += other.given;
        self.written += other.written;
        self.right += other.right;
    }
    fn precision(self) -> f64 {
        self.right as f64 / self.given.max(1) as f64
    }
    fn recall(self) -> f64 {
        self.right as f64 / self.written.max(1) as f64
    }
}

/// "30" or "-" for none.
fn written(field: &str) -> Option<u32> {
    (field != "-").then(|| field.parse().expect("a figure or -"))
}

#[test]
fn casualty_figures_on_our_sentences() {
    let k = Knowledge::bundled().expect("bundled knowledge loads");
    let published = NaiveDate::from_ymd_opt(2020, 3, 10);
    let mut halves = [Count::default(); 2];
    let mut mistakes = Vec::new();
    let lines = include_str!("events/casualties.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    let mut sentences = 0;
    for (n, line) in lines.enumerate() {
        let cols: Vec<&str> = line.splitn(3, '\t').collect();
        let [killed, injured, sentence] = cols[..] else {
            panic!("not killed<TAB>injured<TAB>sentence: {line}");
        };
        sentences += 1;
        let events = truce_analyse::analyse_text(sentence, None, published, &k)
            .mentions
            .events;
        let figures: Vec<Casualty> = events.iter().flat_map(|e| e.casualties.clone()).collect();
        for (harm, want) in [
            (Harm::Killed, written(killed)),
            (Harm::Injured, written(injured)),
        ] {
            let got = Casualty::toll(&figures, harm);
            let count = Count {
                given: usize::from(got.is_some()),
                written: usize::from(want.is_some()),
                right: usize::from(got.is_some() && got == want),
            };
            if got != want {
                mistakes.push(format!("{harm} {want:?}, given {got:?}: {sentence}"));
            }
            halves[n % 2].add(count);
        }
    }
    assert!(sentences >= 80, "only {sentences} sentences");
    let mut whole = halves[0];
    whole.add(halves[1]);
    let show = |c: Count| {
        format!(
            "precision {:.3} ({}/{}), recall {:.3} ({}/{})",
            c.precision(),
            c.right,
            c.given,
            c.recall(),
            c.right,
            c.written
        )
    };
    eprintln!(
        "casualty figures\n  development: {}\n  held-out:    {}\n  whole:       {}\n{}",
        show(halves[0]),
        show(halves[1]),
        show(whole),
        mistakes.join("\n")
    );
    let floors: toml::Table = toml::from_str(include_str!("../../../eval/floors.toml"))
        .expect("eval/floors.toml is TOML");
    let floor = |metric: &str| {
        floors["casualty-sentences"][metric]
            .as_float()
            .unwrap_or_else(|| panic!("no [casualty-sentences] {metric}"))
    };
    assert!(
        whole.precision() + 1e-9 >= floor("precision"),
        "casualty precision {:.3} is below its floor",
        whole.precision()
    );
    assert!(
        whole.recall() + 1e-9 >= floor("recall"),
        "casualty recall {:.3} is below its floor",
        whole.recall()
    );
}

/// "Forces shelled the village, killing two and wounding five": the participles tell the
/// shelling's toll, not acts of their own. One act, its actor the one who shelled, with
/// both figures; the words of harm stay among its evidence.
#[test]
fn the_toll_after_an_attack_is_the_attacks_not_acts_of_its_own() {
    let k = Knowledge::bundled().expect("bundled knowledge loads");
    let published = NaiveDate::from_ymd_opt(2019, 5, 10);
    for sentence in [
        "Syrian government forces shelled Kafr Nabl on Friday, killing two children and wounding five others.",
        "Russian jets bombed a crowded market in Maarat al-Numan on Monday, killing 14 civilians and wounding 30 others, a monitoring group said.",
    ] {
        let events = truce_analyse::analyse_text(sentence, None, published, &k)
            .mentions
            .events;
        let force: Vec<_> = events
            .iter()
            .filter(|e| e.kind.as_str() == "ASSAULT")
            .collect();
        assert_eq!(force.len(), 1, "one act: {sentence}\n{events:#?}");
        let act = force[0];
        assert!(
            act.actors.iter().any(|a| a == "SYR" || a == "RUS"),
            "the one who struck: {:?}",
            act.actors
        );
        assert!(act.evidence.iter().any(|e| e.trigger.text == "wounding"));
        assert!(Casualty::toll(&act.casualties, Harm::Killed).is_some());
        assert!(Casualty::toll(&act.casualties, Harm::Injured).is_some());
    }
}
