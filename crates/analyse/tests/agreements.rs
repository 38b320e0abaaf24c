//! Agreements proposed from reports of our own.

use chrono::NaiveDate;
use truce_knowledge::Knowledge;

fn run(text: &str, published: &str) -> truce_model::Mentions {
    let k = Knowledge::bundled().expect("bundled knowledge loads");
    let d = NaiveDate::parse_from_str(published, "%Y-%m-%d").ok();
    truce_analyse::analyse_text(text, None, d, &k).mentions
}

#[test]
fn a_memorandum_of_two_parties_with_its_provisions() {
    let m = run(
        "SOCHI -- Russia and Turkey met in Sochi on Monday and signed a memorandum on Idlib. \
         The memorandum said the two sides would create a demilitarised zone 15 to 20 kilometres deep \
         and that heavy weapons would be withdrawn by October 10. \
         According to the memorandum, Russia and Turkey will conduct coordinated patrols along the border of the zone. \
         Putin said separately that the deal was a serious step.",
        "2018-09-18",
    );
    assert_eq!(m.agreements.len(), 1, "{:#?}", m.agreements);
    let a = &m.agreements[0];
    assert_eq!(a.parties, ["RUS", "TUR"]);
    assert_eq!(a.kind, "memorandum");
    assert_eq!(
        a.date.as_deref(),
        Some("2018-09-17"),
        "the Monday of the meeting"
    );
    assert_eq!(a.status, "proposed");
    let topics: Vec<&str> = a.provisions.iter().map(|p| p.topic.as_str()).collect();
    assert!(topics.contains(&"ceasefire and disarmament"), "{topics:?}");
    assert!(
        topics.contains(&"monitoring mechanism") || topics.contains(&"zones and lines"),
        "{topics:?}"
    );
    // what Putin said alone is not a provision of the two parties
    assert!(
        a.provisions
            .iter()
            .all(|p| !p.text.contains("serious step")),
        "{:#?}",
        a.provisions
    );
    // every provision is a span of the text
    for p in &a.provisions {
        assert!(p.start < p.end);
    }
}

#[test]
fn one_party_alone_makes_no_agreement() {
    let m = run(
        "ANKARA -- A statement of the Turkish foreign ministry said Turkey would keep its observation posts.",
        "2019-05-01",
    );
    assert!(m.agreements.is_empty(), "{:#?}", m.agreements);
}

#[test]
fn leaders_agree_and_a_sentence_under_the_memorandum_states_its_terms() {
    let m = run(
        "SOCHI, Russia -- Russian President Vladimir Putin and Turkish President Recep Tayyip Erdogan agreed on Monday to create a demilitarised zone in Idlib.\n\
         Under the memorandum, heavy weapons of all opposition groups are to be withdrawn from the zone by 10 October.\n\
         Analysts said the memorandum could delay an offensive.",
        "2018-09-17",
    );
    assert_eq!(m.agreements.len(), 1, "{:?}", m.agreements);
    let a = &m.agreements[0];
    // the leaders stand for their states on the day
    assert_eq!(a.parties, ["RUS", "TUR"]);
    let weapons = a
        .provisions
        .iter()
        .find(|p| p.text.starts_with("heavy weapons"))
        .unwrap_or_else(|| panic!("{:?}", a.provisions));
    assert!(
        weapons.text.ends_with("by 10 October"),
        "{:?}",
        weapons.text
    );
    assert_eq!(weapons.topic, "ceasefire and disarmament");
    // a sentence that names the memorandum in its middle states no term of it
    assert!(a
        .provisions
        .iter()
        .all(|p| !p.text.contains("delay an offensive")));
}
