//! One test per analysis rule, on sentences written for these tests.

use chrono::NaiveDate;
use std::sync::OnceLock;
use truce_knowledge::Knowledge;
use truce_model::Mentions;

fn knowledge() -> &'static Knowledge {
    static K: OnceLock<Knowledge> = OnceLock::new();
    K.get_or_init(|| Knowledge::bundled().expect("bundled knowledge loads"))
}

fn run(text: &str, published: &str) -> Mentions {
    let d = NaiveDate::parse_from_str(published, "%Y-%m-%d").ok();
    truce_analyse::analyse_text(text, None, d, knowledge()).mentions
}

fn mentions_of<'a>(m: &'a Mentions, id: &str) -> Vec<&'a str> {
    m.actors
        .iter()
        .filter(|a| a.id == id)
        .flat_map(|a| a.mentions.iter().map(|x| x.text.as_str()))
        .collect()
}

fn place<'a>(m: &'a Mentions, name: &str) -> Option<&'a truce_model::Place> {
    m.places
        .iter()
        .find(|p| p.mentions.iter().any(|x| x.text == name))
}

#[test]
fn offices_pronouns_and_surnames_are_one_person() {
    let m = run(
        "Russian President Vladimir Putin arrived in Sochi. Putin met aides. The Russian president later said he was ready.",
        "2019-05-01",
    );
    assert_eq!(
        mentions_of(&m, "putin"),
        [
            "Russian President Vladimir Putin",
            "Putin",
            "The Russian president",
            "he"
        ]
    );
    let putin = m.actors.iter().find(|a| a.id == "putin").unwrap();
    assert_eq!(putin.role.as_deref(), Some("President of Russia"));
    assert_eq!(putin.affiliation.as_deref(), Some("RUS"));
}

#[test]
fn an_office_names_whoever_held_it_on_the_date() {
    let text = "The Iranian president spoke to reporters.";
    assert_eq!(
        mentions_of(&run(text, "2018-09-08"), "rouhani"),
        ["The Iranian president"]
    );
    assert_eq!(
        mentions_of(&run(text, "2023-03-01"), "raisi"),
        ["The Iranian president"]
    );
    assert_eq!(
        mentions_of(
            &run("Iran's foreign minister flew home.", "2019-01-01"),
            "zarif"
        ),
        ["Iran's foreign minister"]
    );
}

#[test]
fn the_leaders_are_the_people_named_before() {
    let m = run("Erdogan and Rouhani met. The leaders agreed.", "2018-09-08");
    let set = m
        .actors
        .iter()
        .find(|a| a.kind == "group of people")
        .expect("a set");
    assert_eq!(set.members, ["erdogan", "rouhani"]);
    assert_eq!(set.mentions[0].text, "The leaders");
}

#[test]
fn capitals_stand_for_governments_only_when_they_act() {
    let m = run(
        "Ankara said the talks failed. Delegates met in Ankara.",
        "2018-09-08",
    );
    assert_eq!(mentions_of(&m, "TUR"), ["Ankara"]);
    let p = place(&m, "Ankara").expect("Ankara the city");
    assert_eq!(p.mentions.len(), 1);
    assert_eq!(p.mentions[0].start, 47);
}

#[test]
fn toponyms_follow_the_countries_of_the_document() {
    let lb = run(
        "Clashes in Tripoli left three dead, Lebanese officials said.",
        "2018-09-08",
    );
    assert_eq!(
        place(&lb, "Tripoli").unwrap().country.as_deref(),
        Some("LB")
    );
    let ly = run(
        "Clashes in Tripoli left three dead, Libyan officials said.",
        "2018-09-08",
    );
    assert_eq!(
        place(&ly, "Tripoli").unwrap().country.as_deref(),
        Some("LY")
    );
}

/// A one-word name with no preposition of place is a small town only in a country the
/// report is about: a surname that is a town in another continent is no place.
#[test]
fn a_small_town_far_from_the_report_needs_a_preposition_of_place() {
    let m = run(
        "Libyan factions signed a ceasefire in Geneva on Friday.\n\
         \"The road to this deal was long,\" Williams said at the ceremony in Geneva.",
        "2020-10-23",
    );
    assert!(place(&m, "Williams").is_none(), "{:?}", m.places);
    assert!(place(&m, "Geneva").is_some(), "{:?}", m.places);
    let sy = run(
        "Syrian forces shelled Kafranbel on Tuesday. Saraqib was quiet, residents said.",
        "2019-05-10",
    );
    assert_eq!(
        place(&sy, "Saraqib").and_then(|p| p.country.as_deref()),
        Some("SY"),
        "{:?}",
        sy.places
    );
}

/// A place at the end of an organisation's name ("the UN Support Mission in Libya") is
/// part of the name; the same place on its own is a place.
#[test]
fn a_place_that_ends_an_organisations_name_is_no_place() {
    let m = run(
        "Maria Ostrander, who heads the UN Support Mission in Libya, spoke in Geneva.",
        "2020-10-23",
    );
    assert!(place(&m, "Libya").is_none(), "{:?}", m.places);
    assert!(place(&m, "Geneva").is_some(), "{:?}", m.places);
    let m = run("The UN envoy arrived in Libya on Friday.", "2020-10-23");
    assert!(place(&m, "Libya").is_some(), "{:?}", m.places);
}

/// "the Britain-based monitor", "Geneva-based talks": an adjective of origin says where
/// someone is from and names no actor, known or unknown.
#[test]
fn an_adjective_of_origin_names_no_actor() {
    let m = run(
        "The Britain-based Syrian Observatory for Human Rights said the Geneva-based talks had stalled.",
        "2020-10-23",
    );
    assert!(mentions_of(&m, "GBR").is_empty(), "{:?}", m.actors);
    assert!(
        !m.actors.iter().any(|a| a.id.contains("based")),
        "{:?}",
        m.actors
    );
    let m = run("Britain said the talks had stalled.", "2020-10-23");
    assert_eq!(mentions_of(&m, "GBR"), vec!["Britain"]);
}

/// "said in Arabic": a language says how something was said, not where, and is no one.
#[test]
fn a_language_is_neither_a_place_nor_an_actor() {
    let m = run(
        "The envoy spoke in Arabic at the ceremony in Geneva and answered questions in English.",
        "2020-10-23",
    );
    assert!(place(&m, "Arabic").is_none(), "{:?}", m.places);
    assert!(place(&m, "English").is_none(), "{:?}", m.places);
    assert!(place(&m, "Geneva").is_some(), "{:?}", m.places);
    assert!(
        !m.actors
            .iter()
            .any(|a| a.id.contains("arabic") || a.id.contains("english")),
        "{:?}",
        m.actors
    );
}

#[test]
fn a_designator_makes_a_region_and_holds_for_the_document() {
    let m = run(
        "Shelling hit Idlib province. Idlib remained tense.",
        "2018-09-08",
    );
    let p = place(&m, "Idlib").unwrap();
    assert_eq!(p.kind, "admin1");
    assert_eq!(p.id, "SY-ID");
    assert_eq!(p.mentions.len(), 2, "both mentions are the governorate");
    assert_eq!(format!("{:?}", p.precision), "Region");
}

#[test]
fn transliterations_and_unknown_names() {
    let m = run(
        "Strikes hit Maarat al-Numan and Ma'arrat an-Nu'man overnight.",
        "2019-12-20",
    );
    let a = place(&m, "Maarat al-Numan").expect("found");
    assert_eq!(a.country.as_deref(), Some("SY"));
    assert!(
        a.mentions.iter().any(|x| x.text == "Ma'arrat an-Nu'man"),
        "one place: {a:?}"
    );
    // a name inside a longer unknown name is not a place
    let m = run(
        "The opinions are not those of Trans Asia News.",
        "2018-09-08",
    );
    assert!(m.places.is_empty(), "{:?}", m.places);
    // an unknown village is reported at the finest place the sentence gives
    let m = run(
        "Shells fell in Kafr Zeitoun in Idlib province.",
        "2018-09-08",
    );
    let v = place(&m, "Kafr Zeitoun").expect("reported");
    assert_eq!(v.kind, "unknown");
    assert_eq!(v.country.as_deref(), Some("SY"));
    assert_eq!(format!("{:?}", v.precision), "Region");
}

#[test]
fn collectives_narrow_to_their_place() {
    let m = run(
        "Putin called on all armed groups in Idlib to lay down arms. The rebels refused.",
        "2018-09-08",
    );
    assert_eq!(
        mentions_of(&m, "armed-groups-idlib"),
        ["all armed groups in Idlib", "rebels"]
    );
}

#[test]
fn acronyms_match_only_in_capitals() {
    let m = run("The UN envoy met us in the U.S. capital.", "2018-09-08");
    assert_eq!(mentions_of(&m, "UN"), ["UN"]);
    assert!(m
        .actors
        .iter()
        .all(|a| a.mentions.iter().all(|x| x.text != "us")));
    assert!(run("The un peu de vin.", "2018-09-08")
        .actors
        .iter()
        .all(|a| a.id != "UN"));
}

#[test]
fn unknown_names_take_a_demonym_but_not_a_known_name() {
    let m = run("Delegates of the Syrian National Dialogue Congress met the United Nations High Commissioner.", "2018-09-08");
    let unknown: Vec<&str> = m
        .actors
        .iter()
        .filter(|a| a.kind == "unknown")
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(
        unknown,
        ["Syrian National Dialogue Congress", "High Commissioner"]
    );
}

#[test]
fn ids_are_unique_within_each_list() {
    let m = run("Shells fell in Kafr Zeitoun. Later, in Kafr Zeitoun again, and in Idlib province, rebels and rebels.", "2018-09-08");
    for ids in [
        m.actors.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
        m.places.iter().map(|p| p.id.as_str()).collect(),
    ] {
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len(), "{ids:?}");
    }
    let village = place(&m, "Kafr Zeitoun").unwrap();
    assert_eq!(village.mentions.len(), 2);
}

#[test]
fn a_plural_possessive_inside_an_unknown_name_belongs_to_it() {
    let m = run(
        "The Serbian Workers' Union staged a strike. The rebels' commander spoke.",
        "2005-03-01",
    );
    assert_eq!(
        mentions_of(&m, "unknown:serbian-workers-union"),
        ["Serbian Workers' Union"]
    );
    // a possessive of a common noun before a lower-case word joins nothing
    assert!(
        m.actors.iter().all(|a| !a.id.contains("commander")),
        "{:?}",
        m.actors
    );
}

#[test]
fn a_capital_acts_across_adverbs_and_partners() {
    for (text, state, capital) in [
        ("Beirut again rejected the appeal.", "LBN", "Beirut"),
        ("Ankara swiftly denied the report.", "TUR", "Ankara"),
        (
            "Washington along with its allies demanded a vote.",
            "USA",
            "Washington",
        ),
    ] {
        let m = run(text, "2018-09-08");
        assert_eq!(mentions_of(&m, state), [capital], "{text}");
        assert!(place(&m, capital).is_none(), "{text}");
    }
    // a capital one travels to stays a place whatever follows it
    let m = run(
        "He flew to Moscow along with his aides and met Lavrov.",
        "2018-09-08",
    );
    assert!(mentions_of(&m, "RUS").iter().all(|x| *x != "Moscow"));
    assert!(place(&m, "Moscow").is_some());
}

#[test]
fn a_capital_as_a_modifier_is_still_a_place_a_town_is_not() {
    let m = run(
        "The minister stayed at a central Athens hotel. The Marburg virus spread.",
        "2015-03-01",
    );
    assert!(place(&m, "Athens").is_some(), "{:?}", m.places);
    assert!(place(&m, "Marburg").is_none(), "{:?}", m.places);
}

#[test]
fn a_town_after_a_preposition_of_place_is_a_place_whatever_follows() {
    let m = run(
        "The laboratory in Winnipeg confirmed the case.",
        "2015-03-01",
    );
    let winnipeg = place(&m, "Winnipeg").expect("Winnipeg is a place");
    assert_eq!(
        (winnipeg.kind.as_str(), winnipeg.country.as_deref()),
        ("city", Some("CA"))
    );
    // a town's name before a noun still names no place
    let m = run("The Marburg virus spread in the camps.", "2015-03-01");
    assert!(place(&m, "Marburg").is_none(), "{:?}", m.places);
}

#[test]
fn the_state_of_names_a_first_level_unit() {
    let m = run(
        "The first case was found in the state of Washington.",
        "2015-03-01",
    );
    let p = place(&m, "Washington").unwrap();
    assert_eq!((p.id.as_str(), p.kind.as_str()), ("US-WA", "admin1"));
}

#[test]
fn a_collective_after_a_demonym_or_an_organisation_is_theirs() {
    let m = run(
        "Lebanese protesters blocked the road on Tuesday. Turkish police dispersed them, and UN peacekeepers watched.",
        "2019-05-10",
    );
    assert_eq!(mentions_of(&m, "LBN-protesters"), ["Lebanese protesters"]);
    assert_eq!(mentions_of(&m, "TUR-security-forces"), ["Turkish police"]);
    assert_eq!(mentions_of(&m, "UN-peacekeepers"), ["UN peacekeepers"]);
    let police = m
        .actors
        .iter()
        .find(|a| a.id == "TUR-security-forces")
        .unwrap();
    assert_eq!(police.affiliation.as_deref(), Some("TUR"));
    assert_eq!(police.parent.as_deref(), Some("security-forces"));
    // the demonym is part of the collective's mention, not a mention of the state
    assert!(
        mentions_of(&m, "TUR").is_empty(),
        "{:?}",
        mentions_of(&m, "TUR")
    );
    // a demonym with a word between stays the state's
    let m = run("Lebanese riot-weary protesters marched.", "2019-05-10");
    assert!(mentions_of(&m, "LBN-protesters").is_empty());
}

/// "on 4 may it was reported": a month in lower case after a day is a date where a
/// function word, punctuation or a name follows it; "3 may be freed" is a number and a verb.
#[test]
fn a_month_in_lower_case_after_a_day_is_a_date_by_what_follows() {
    let m = run(
        "On 4 may it was reported that the talks would resume. Officials said 3 may be freed soon.",
        "2017-05-05",
    );
    let values: Vec<Option<&str>> = m.dates.iter().map(|d| d.value.as_deref()).collect();
    assert!(values.contains(&Some("2017-05-04")), "{:?}", m.dates);
    assert!(!values.contains(&Some("2017-05-03")), "{:?}", m.dates);
}

/// "the city of HOMS": a word in capitals that a place's words lead is the place written
/// loud; an organisation's acronym after "in" stays no place.
#[test]
fn a_place_in_capitals_after_words_of_place_is_the_place() {
    let m = run(
        "Shelling hit the north of the city of HOMS on Monday, and officials in NATO said so.",
        "2017-05-05",
    );
    assert_eq!(
        place(&m, "HOMS").and_then(|p| p.country.as_deref()),
        Some("SY"),
        "{:?}",
        m.places
    );
    assert_eq!(m.places.len(), 1, "{:?}", m.places);
}

/// Knowledge reaches past Syria: the leaders, forces and territories of other ceasefires
/// are known, and an office names the one who held it on the report's day.
#[test]
fn the_parties_and_places_of_other_ceasefires_are_known() {
    let m = run(
        "Armenian Prime Minister Nikol Pashinyan and Azerbaijani President Ilham Aliyev agreed to a truce in Nagorno-Karabakh. In Sudan, the Rapid Support Forces said Hemedti had accepted the offer, while shelling continued in Darfur. The Ukrainian president spoke of the Donbass.",
        "2020-10-10",
    );
    assert!(!mentions_of(&m, "pashinyan").is_empty(), "{:#?}", m.actors);
    assert!(!mentions_of(&m, "aliyev").is_empty());
    assert!(!mentions_of(&m, "RSF").is_empty());
    assert_eq!(mentions_of(&m, "dagalo"), ["Hemedti"]);
    // the president of Ukraine on that day
    assert!(!mentions_of(&m, "zelensky").is_empty(), "{:#?}", m.actors);
    for (name, code) in [
        ("Nagorno-Karabakh", "AZ-KARABAKH"),
        ("Darfur", "SD-DARFUR"),
        ("Donbass", "UA-DONBAS"),
    ] {
        let p = place(&m, name).unwrap_or_else(|| panic!("{name}: {:#?}", m.places));
        assert_eq!(p.id, code);
    }
    // five years before, the same office was another man's
    let m = run("The Ukrainian president visited the front.", "2015-02-12");
    assert!(!mentions_of(&m, "poroshenko").is_empty(), "{:#?}", m.actors);
}

/// An office several hold at once names the one for a country the report names: "the UN
/// envoy" in a report on Syria is the envoy for Syria, in one on Libya the envoy for Libya.
#[test]
fn an_office_held_for_several_countries_names_the_one_for_the_report() {
    let syria = run(
        "Talks on Syria resumed in Geneva. The UN envoy said the Syrian delegation had arrived.",
        "2018-09-08",
    );
    assert!(
        !mentions_of(&syria, "de-mistura").is_empty(),
        "{:#?}",
        syria.actors
    );
    assert!(mentions_of(&syria, "salame").is_empty());
    let libya = run(
        "Talks on Libya resumed in Geneva. The UN envoy said the Libyan delegations had arrived.",
        "2018-09-08",
    );
    assert!(
        !mentions_of(&libya, "salame").is_empty(),
        "{:#?}",
        libya.actors
    );
    assert!(mentions_of(&libya, "de-mistura").is_empty());
}

/// A headline in title case capitalises every word: a word the report writes in lower
/// case elsewhere is no part of a name there ("Talks Resume In Geneva" names no one),
/// while a name the report only ever capitalises still is one.
#[test]
fn a_title_case_headline_makes_no_names_of_common_words() {
    let m = run(
        "Rebel Fighters Shell Village As Talks Resume In Geneva\n\nGENEVA -- Rebel fighters shelled a village near Aleppo on Monday as talks resume in Geneva, the Syrian Observatory for Human Rights said.\n",
        "2019-05-07",
    );
    let unknown: Vec<&str> = m
        .actors
        .iter()
        .filter(|a| a.id.starts_with("unknown:"))
        .map(|a| a.id.as_str())
        .collect();
    assert!(unknown.is_empty(), "{unknown:?}");
    let m = run(
        "Zorya Brigade Shells Village Near Border\n\nThe Zorya Brigade shelled a village near the border on Monday.\n",
        "2019-05-07",
    );
    assert!(
        m.actors.iter().any(|a| a.id.starts_with("unknown:zorya")),
        "a name written only in capitals stays a name: {:#?}",
        m.actors
    );
}

/// An office names what it is for with "for", "on" or "to": "the UN envoy on Libya", "the
/// UN envoy to Yemen" are the envoys for those countries on the report's day.
#[test]
fn an_office_names_its_country_with_for_on_or_to() {
    let m = run(
        "The UN special envoy on Libya announced the signing of the agreement.",
        "2020-10-23",
    );
    assert!(
        !mentions_of(&m, "stephanie-williams").is_empty(),
        "{:#?}",
        m.actors
    );
    let m = run("The UN envoy to Yemen met both delegations.", "2022-05-01");
    assert!(!mentions_of(&m, "grundberg").is_empty(), "{:#?}", m.actors);
    let m = run("The UN envoy for Syria met both delegations.", "2022-05-01");
    assert!(!mentions_of(&m, "pedersen").is_empty(), "{:#?}", m.actors);
}

/// The feminine ending of an Arabic or Persian name is written with or without its "h":
/// "Hodeidah" is the port GeoNames spells "Hodeida".
#[test]
fn a_name_ending_in_ah_is_the_place_spelled_with_a() {
    let m = run("Houthi fighters shelled Hodeidah on Monday.", "2018-11-12");
    let p = place(&m, "Hodeidah").unwrap_or_else(|| panic!("{:#?}", m.places));
    assert_eq!(p.country.as_deref(), Some("YE"), "{p:#?}");
}
