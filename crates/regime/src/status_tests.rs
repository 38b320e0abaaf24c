//! Status changes, deadline flags and evidence suggestions on the bundled Idlib regime.

use super::status::*;
use super::*;
use std::collections::HashSet;
use truce_model::{ProvisionStatus, StatusEvidence};

fn idlib() -> Regime {
    bundled()
        .expect("the bundled regime loads")
        .remove(0)
        .regime
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn change(
    agreement: &str,
    provision: &str,
    level: u8,
    date: &str,
    evidence: &[&str],
) -> ProvisionStatus {
    ProvisionStatus {
        regime: "idlib".into(),
        agreement: agreement.into(),
        provision: provision.into(),
        level,
        date: day(date),
        evidence: evidence
            .iter()
            .map(|id| StatusEvidence {
                kind: "event".into(),
                id: id.to_string(),
            })
            .collect(),
        analyst: "a".into(),
        note: None,
        recorded_at: String::new(),
    }
}

#[test]
fn provisions_get_ids_in_the_order_written() {
    let r = idlib();
    let sochi = r.agreements.iter().find(|a| a.id == "sochi-2018").unwrap();
    let ids: Vec<&str> = sochi.provisions.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["p1", "p2", "p3", "p4", "p5"]);
    let twice = "id = \"x\"\nname = \"x\"\nzones = []\nviolation_types = []\n\
        [[agreement]]\nid = \"a\"\nname = \"a\"\nkind = \"k\"\ndate = \"2020-01-01\"\nplace = \"p\"\nparties = []\n\
        provisions = [{ id = \"same\", topic = \"t\", text = \"one\" }, { id = \"same\", topic = \"t\", text = \"two\" }]\n";
    let err = Regime::parse("twice.toml", twice, &ZoneIndex::new(Vec::new())).unwrap_err();
    assert!(
        err.to_string()
            .contains("two provisions have the id \"same\""),
        "{err}"
    );
}

#[test]
fn a_status_change_is_checked_against_the_regime() {
    let r = idlib();
    assert_eq!(
        r.check_status(&change("sochi-2018", "p2", 3, "2018-10-10", &["4"])),
        Ok(())
    );
    assert_eq!(
        r.check_status(&change("sochi-2018", "p2", 0, "2018-09-20", &[])),
        Ok(())
    );
    let no_agreement = r.check_status(&change("yalta", "p1", 1, "2018-10-10", &["4"]));
    assert!(matches!(no_agreement, Err(StatusError::NoAgreement { .. })));
    assert!(no_agreement.unwrap_err().to_string().contains("sochi-2018"));
    assert!(matches!(
        r.check_status(&change("sochi-2018", "p9", 1, "2018-10-10", &["4"])),
        Err(StatusError::NoProvision { .. })
    ));
    assert_eq!(
        r.check_status(&change("sochi-2018", "p2", 4, "2018-10-10", &["4"])),
        Err(StatusError::Level(4))
    );
    assert!(matches!(
        r.check_status(&change("sochi-2018", "p2", 1, "2018-09-01", &["4"])),
        Err(StatusError::BeforeAgreement { .. })
    ));
    assert_eq!(
        r.check_status(&change("sochi-2018", "p2", 2, "2018-10-01", &[])),
        Err(StatusError::NoEvidence)
    );
    let mut odd = change("sochi-2018", "p2", 2, "2018-10-01", &["4"]);
    odd.evidence[0].kind = "rumour".into();
    assert_eq!(
        r.check_status(&odd),
        Err(StatusError::EvidenceKind("rumour".into()))
    );
}

#[test]
fn the_status_on_a_day_is_the_latest_change_dated_by_then() {
    let changes = vec![
        change("sochi-2018", "p2", 1, "2018-10-01", &["1"]),
        change("sochi-2018", "p2", 3, "2018-10-09", &["2"]),
        // recorded later, dated earlier: a correction of the history, not the latest state
        change("sochi-2018", "p2", 2, "2018-10-05", &["3"]),
        // same day as the full one, recorded after it: it wins on that day
        change("sochi-2018", "p2", 2, "2018-10-09", &["4"]),
        change("sochi-2018", "p1", 3, "2018-10-02", &["5"]),
    ];
    let level = |d: &str| status_on(&changes, "sochi-2018", "p2", day(d)).map(|c| c.level);
    assert_eq!(level("2018-09-30"), None);
    assert_eq!(level("2018-10-01"), Some(1));
    assert_eq!(level("2018-10-06"), Some(2));
    assert_eq!(level("2018-10-09"), Some(2));
    assert_eq!(level("2019-01-01"), Some(2));
}

#[test]
fn passed_deadlines_are_flagged_unless_full_compliance_is_shown() {
    let r = idlib();
    let state = |changes: &[ProvisionStatus], on: &str, agreement: &str, provision: &str| {
        let all = deadlines(&r, changes, day(on));
        let c = all
            .iter()
            .find(|c| c.agreement == agreement && c.provision == provision)
            .expect("a provision with a deadline")
            .clone();
        (c.state, c.flagged)
    };
    // the heavy weapons were due out by 10 October 2018
    let none: Vec<ProvisionStatus> = Vec::new();
    assert_eq!(
        state(&none, "2018-10-10", "sochi-2018", "p2"),
        (DeadlineState::Pending, false)
    );
    assert_eq!(
        state(&none, "2018-10-11", "sochi-2018", "p2"),
        (DeadlineState::NoEvidence, true)
    );
    let met = vec![change("sochi-2018", "p2", 3, "2018-10-10", &["7"])];
    assert_eq!(
        state(&met, "2018-10-11", "sochi-2018", "p2"),
        (DeadlineState::Met, false)
    );
    let partial = vec![change("sochi-2018", "p2", 2, "2018-10-08", &["7"])];
    assert_eq!(
        state(&partial, "2018-10-11", "sochi-2018", "p2"),
        (DeadlineState::Partial, true)
    );
    let mut late = partial.clone();
    late.push(change("sochi-2018", "p2", 3, "2018-10-20", &["8"]));
    assert_eq!(
        state(&late, "2018-10-15", "sochi-2018", "p2"),
        (DeadlineState::Partial, true)
    );
    assert_eq!(
        state(&late, "2018-10-21", "sochi-2018", "p2"),
        (DeadlineState::Late, false)
    );
    // "not begun", recorded before the deadline, is no evidence of compliance
    let not_begun = vec![change("sochi-2018", "p2", 0, "2018-10-01", &[])];
    assert_eq!(
        state(&not_begun, "2018-10-11", "sochi-2018", "p2"),
        (DeadlineState::NoEvidence, true)
    );
    // provisions without a deadline are not listed
    assert!(deadlines(&r, &none, day("2025-01-01"))
        .iter()
        .all(|c| !(c.agreement == "sochi-2018" && c.provision == "p4")));
}

#[test]
fn later_acts_that_share_a_provisions_words_are_suggested_as_evidence() {
    let r = idlib();
    let words = EvidenceWords {
        topics: vec![
            (
                "ceasefire and disarmament",
                vec!["heavy weapons".to_string(), "withdraw".to_string()],
            ),
            (
                "monitoring mechanism",
                vec!["patrols".to_string(), "joint patrols".to_string()],
            ),
        ],
        common: [
            "the", "and", "from", "all", "along", "with", "said", "had", "been", "its",
        ]
        .iter()
        .map(|w| w.to_string())
        .collect::<HashSet<_>>(),
    };
    let candidate = |id: &str, date: &str, text: &str, actors: &[&str]| Candidate {
        kind: "event".into(),
        id: id.into(),
        date: Some(day(date)),
        text: text.into(),
        actors: actors.iter().map(|a| a.to_string()).collect(),
        in_zone: true,
    };
    let candidates = vec![
        candidate(
            "1",
            "2018-10-10",
            "the withdrawal of heavy weapons from the demilitarised zone had been completed",
            &["TUR"],
        ),
        candidate(
            "2",
            "2018-10-10",
            "shelling was reported near Jisr al-Shughur",
            &["SYR"],
        ),
        // the right words, but before the memorandum was signed
        candidate(
            "3",
            "2018-09-01",
            "heavy weapons withdrawn from the demilitarised zone",
            &["TUR"],
        ),
        candidate(
            "4",
            "2018-11-20",
            "Russian and Turkish forces began coordinated patrols",
            &["RUS", "TUR"],
        ),
    ];
    let s = suggest(&r, &words, &candidates, Some(("sochi-2018", "p2")), 5);
    let ids: Vec<&str> = s.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["1"], "{s:?}");
    assert_eq!(
        s[0].shared,
        ["heavy", "weapon"],
        "the zone is in most provisions: not telling"
    );
    assert_eq!(s[0].parties, ["TUR"]);
    let patrols = suggest(&r, &words, &candidates, Some(("sochi-2018", "p4")), 5);
    assert_eq!(
        patrols.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
        ["4"]
    );
    // every provision at once: each suggestion belongs to one provision, best first
    let all = suggest(&r, &words, &candidates, None, 1);
    assert!(all.len() >= 2);
    assert!(all.iter().all(|s| s.id != "2" && s.id != "3"));
}

#[test]
fn deadline_states_are_named_as_they_serialise() {
    use DeadlineState::*;
    for s in [Pending, Met, Late, Partial, NoEvidence] {
        assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
    }
}
