//! Quotation rules, one test each, on sentences written for these tests.

use std::sync::OnceLock;
use truce_knowledge::Knowledge;
use truce_model::{Mentions, Quote, QuoteKind};

fn knowledge() -> &'static Knowledge {
    static K: OnceLock<Knowledge> = OnceLock::new();
    K.get_or_init(|| Knowledge::bundled().expect("bundled knowledge loads"))
}

fn run(text: &str) -> Mentions {
    let d = chrono::NaiveDate::from_ymd_opt(2019, 6, 1);
    truce_analyse::analyse_text(text, None, d, knowledge()).mentions
}

/// The quotations between marks (direct and partial), in text order.
fn marked(m: &Mentions) -> Vec<&Quote> {
    m.quotes
        .iter()
        .filter(|q| q.kind != QuoteKind::Indirect)
        .collect()
}

/// The direct quotations, in text order.
fn direct(m: &Mentions) -> Vec<&Quote> {
    m.quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Direct)
        .collect()
}

/// The quotation that starts with `starts`, or a failure that lists them all.
fn quote<'a>(m: &'a Mentions, starts: &str) -> &'a Quote {
    m.quotes
        .iter()
        .find(|q| q.text.starts_with(starts))
        .unwrap_or_else(|| panic!("no quotation starts with {starts:?}: {:?}", m.quotes))
}

fn speaker_of<'a>(m: &'a Mentions, starts: &str) -> Option<&'a str> {
    m.quotes
        .iter()
        .find(|q| q.text.starts_with(starts))
        .and_then(|q| q.speaker.actor.as_deref())
}

#[test]
fn cues_after_before_and_inverted() {
    let m = run(
        "\"We will not withdraw from the observation posts,\" Erdogan said on Saturday.\n\
                 Lavrov told reporters: \"The agreement on Idlib remains in force for now.\"\n\
                 \"Nobody wants a new offensive in the province,\" said Pedersen.",
    );
    assert_eq!(speaker_of(&m, "We will not withdraw"), Some("erdogan"));
    assert_eq!(speaker_of(&m, "The agreement on Idlib"), Some("lavrov"));
    assert_eq!(speaker_of(&m, "Nobody wants"), Some("pedersen"));
    assert!(
        m.quotes.iter().all(|q| q.kind == QuoteKind::Direct),
        "{:?}",
        m.quotes
    );
}

#[test]
fn a_pronoun_speaker_is_the_person_named_before() {
    let m = run("Russian Foreign Minister Sergei Lavrov met the envoy in Geneva.\n\"The talks were useful and we will meet again soon,\" he said.");
    assert_eq!(speaker_of(&m, "The talks were useful"), Some("lavrov"));
}

#[test]
fn a_pronoun_goes_on_with_the_person_knowledge_lacks_who_spoke_before() {
    let m = run(
        "\"The road was long,\" Okonkwo said at the ceremony. \"We have to give people \
         hope,\" Okonkwo added. She expressed hope the agreement will hold.",
    );
    assert_eq!(
        speaker_of(&m, "the agreement will hold"),
        Some("unknown:okonkwo"),
        "{:?}",
        m.quotes
    );
    // a ministry is no "she": the pronoun is left as it is
    let m = run(
        "\"The road was long,\" the Foreign Ministry of Ghana said. She expressed hope \
         the agreement will hold.",
    );
    assert_ne!(
        speaker_of(&m, "the agreement will hold"),
        speaker_of(&m, "The road was long"),
        "{:?}",
        m.quotes
    );
}

#[test]
fn apostrophes_and_scare_quotes() {
    let m =
        run("Erdogan's aides rejected the rebels' demands and the so-called \"buffer zone\" plan.");
    assert_eq!(marked(&m).len(), 1, "{:?}", m.quotes);
    let scare = &m.quotes[0];
    assert_eq!(
        (scare.kind, scare.text.as_str()),
        (QuoteKind::Partial, "buffer zone")
    );
    assert!(scare.speaker.actor.is_none());
}

#[test]
fn inch_and_minute_marks_are_not_quotations() {
    // a calibre, a height and a bearing in the same paragraph as a real quotation: the
    // marks after digits measure, and must neither open a quotation nor pair with one
    let m = run("The militants fired a 12\" mortar and a 5'11\" man was seen near 35°52'30\" N, officials said. \"We will respond,\" the army said.");
    let texts: Vec<&str> = marked(&m).iter().map(|q| q.text.as_str()).collect();
    assert_eq!(texts, ["We will respond"], "{:?}", m.quotes);
}

#[test]
fn a_quote_runs_over_paragraphs_when_the_next_opens_with_a_mark() {
    let text = "Pedersen said: \"The ceasefire is holding in most of the zone.\n\"But shelling continues near Saraqib and we are concerned.\"\nOfficials agreed.";
    let m = run(text);
    let q = *direct(&m).first().expect("a direct quote");
    assert!(
        q.text.starts_with("The ceasefire") && q.text.ends_with("we are concerned."),
        "{:?}",
        q.text
    );
    assert_eq!(q.speaker.actor.as_deref(), Some("pedersen"));
    assert!(q.flags.is_empty());
}

#[test]
fn an_unclosed_quote_ends_at_its_paragraph_and_is_flagged() {
    let m = run("Lavrov said: \"The patrols will resume next week\nOther news followed without any quotation.");
    let q = *direct(&m).first().expect("a direct quote");
    assert_eq!(q.text, "The patrols will resume next week");
    assert!(!q.flags.is_empty());
}

#[test]
fn an_orphan_closer_is_flagged_and_opens_nothing() {
    let m = run("The leaders \"rejected all new realities on the ground,\" while opposing separatist agendas in the region.\"\nThe next paragraph has no quotation at all.");
    let direct = direct(&m);
    assert_eq!(direct.len(), 1, "{direct:?}");
    assert!(
        direct[0].flags.iter().any(|f| f.contains("unpaired")),
        "{:?}",
        direct[0].flags
    );
}

#[test]
fn indirect_speech_and_documents_that_speak() {
    let m = run("Russia, Turkey and Iran met in Ankara. A joint statement said the parties would keep the zone free of heavy weapons.\n\
                 According to the Syrian Observatory for Human Rights, twelve civilians were killed overnight.");
    let joint = m
        .quotes
        .iter()
        .find(|q| q.text.starts_with("the parties would keep"))
        .expect("indirect speech of the statement");
    assert_eq!(joint.kind, QuoteKind::Indirect);
    assert_eq!(
        joint.speaker.actor.as_deref(),
        Some("document:joint-statement")
    );
    assert_eq!(joint.speaker.actors, ["RUS", "TUR", "IRN"]);
    let ids: Vec<&str> = m.actors.iter().map(|a| a.id.as_str()).collect();
    assert!(
        ids.contains(&"document:joint-statement"),
        "every speaker id is an actor: {ids:?}"
    );
    let sohr = m
        .quotes
        .iter()
        .find(|q| q.text.contains("twelve civilians"))
        .expect("according to");
    assert_eq!(sohr.speaker.actor.as_deref(), Some("SOHR"));
}

#[test]
fn a_possessive_speaks_through_what_it_owns() {
    // a state's ministry speaks for the state, the date between cue and content is skipped
    let m = run("Turkey's defence ministry said on Wednesday that the withdrawal of heavy weapons from the zone had been completed.");
    let q = m
        .quotes
        .iter()
        .find(|q| q.kind == QuoteKind::Indirect)
        .expect("an indirect quote");
    assert!(
        q.text.starts_with("the withdrawal of heavy weapons"),
        "{q:?}"
    );
    assert_eq!(q.speaker.actor.as_deref(), Some("TUR"));
    assert_eq!(
        q.speaker.mention.as_ref().map(|s| s.text.as_str()),
        Some("Turkey's defence ministry")
    );
    // a possessive far from the cue says nothing: here the rebels are not speaking
    let m = run("Fighting over the rebels' last positions around the town of Saraqib continued, officials said.");
    assert!(
        m.quotes
            .iter()
            .all(|q| q.speaker.actor.as_deref() != Some("rebels")),
        "{:?}",
        m.quotes
    );
}

/// A document an actor puts out speaks for that actor; one that several states put out
/// together speaks for all of them; a document whose issuer is cut off by a clause has no
/// author rather than a wrong one.
#[test]
fn a_document_speaks_for_the_actor_that_issued_it() {
    let authors = |text: &str, starts: &str| -> Vec<String> {
        let m = run(text);
        let q = m.quotes.iter().find(|q| q.text.starts_with(starts));
        q.map(|q| q.speaker.actors.clone()).unwrap_or_default()
    };
    assert_eq!(
        authors(
            "The Turkish Defence Ministry on Monday issued a statement saying that rebels had withdrawn from the zone.",
            "rebels had withdrawn"
        ),
        ["TUR-MIL"]
    );
    assert_eq!(
        authors(
            "Russia, Turkey and Iran issued a joint statement saying that the zone would stay.",
            "the zone would stay"
        ),
        ["RUS", "TUR", "IRN"]
    );
    assert!(authors(
        "Hamas, which controls Gaza, issued a statement saying that the talks had failed.",
        "the talks had failed"
    )
    .is_empty());
}

#[test]
fn a_cue_coordinated_with_an_earlier_verb_shares_its_subject() {
    let m =
        run("Turkey blamed Syrian government forces for the attack and said it had struck back.");
    assert_eq!(
        speaker_of(&m, "it had struck back"),
        Some("TUR"),
        "{:?}",
        m.quotes
    );
    // without the coordination the nearest actor still speaks
    let m = run("After talks with Turkey, Russia said the patrols would resume.");
    assert_eq!(speaker_of(&m, "the patrols"), Some("RUS"), "{:?}", m.quotes);
}

/// A name knowledge does not know, between the closing mark and its cue, is the speaker
/// as written, not the state the sentence before named.
#[test]
fn an_unknown_name_before_the_cue_speaks_as_written() {
    let m = run(
        "Libya's factions signed the deal on Friday, the UN mission said.\n\
         \"The road to this deal was long and hard,\" Ostrander said at the ceremony.",
    );
    let q = m
        .quotes
        .iter()
        .find(|q| q.text.starts_with("The road"))
        .expect("the quotation is found");
    assert_eq!(q.speaker.name.as_deref(), Some("Ostrander"), "{q:?}");
    assert!(
        q.speaker
            .actor
            .as_deref()
            .is_none_or(|a| a.starts_with("unknown:")),
        "{q:?}"
    );
}

/// A word or two in marks inside reported speech is the speaker's.
#[test]
fn a_partial_quotation_takes_the_speaker_of_its_sentence() {
    let m = run("Russian Foreign Minister Sergei Lavrov said the talks had been \"useful\" and called for \"restraint\" on all sides.");
    for word in ["useful", "restraint"] {
        let q = m.quotes.iter().find(|q| q.text == word).expect(word);
        assert_eq!(q.speaker.actor.as_deref(), Some("lavrov"), "{q:?}");
    }
}

/// "the ministry said" stands for the last name ending in "ministry": the ministry the
/// report named before, not nobody.
#[test]
fn a_definite_description_speaks_for_the_name_it_stands_for() {
    let m = run(
        "The Turkish Defence Ministry reported the attack on Thursday.\n\
         \"Our troops returned fire on the positions,\" the ministry said.\n\
         Syrian forces said nothing.",
    );
    let q = m
        .quotes
        .iter()
        .find(|q| q.text.starts_with("Our troops"))
        .expect("the quotation is found");
    assert_eq!(q.speaker.name.as_deref(), Some("the ministry"), "{q:?}");
    let named = m
        .actors
        .iter()
        .find(|a| Some(&a.id) == q.speaker.actor.as_ref())
        .unwrap_or_else(|| panic!("a known speaker: {q:?}"));
    assert!(
        named
            .mentions
            .iter()
            .any(|x| x.text == "Turkish Defence Ministry"),
        "{named:?}"
    );
}

/// "At least 22 soldiers were killed in the attack, officials said": with nothing after
/// the cue, what was said is the clause before it, even one opening with a preposition.
#[test]
fn a_cue_that_ends_its_sentence_reports_the_clause_before_it() {
    let m = run(
        "At least 22 soldiers were killed in an air attack near Saraqib, Turkish officials said.",
    );
    assert!(
        m.quotes
            .iter()
            .any(|q| q.kind == QuoteKind::Indirect && q.text.starts_with("At least 22 soldiers")),
        "{:?}",
        m.quotes
    );
}

#[test]
fn a_naming_verb_gives_the_words_it_names_to_its_subject() {
    let m = run("The meeting in Sochi was what Sergei Lavrov called a \"useful first step\" towards a settlement.\n\
                 Turkish President Recep Tayyip Erdogan also called the Russian leader \"my friend\".");
    assert_eq!(speaker_of(&m, "useful first step"), Some("lavrov"));
    assert_eq!(speaker_of(&m, "my friend"), Some("erdogan"));
}

#[test]
fn a_participle_after_a_comma_has_the_subject_of_the_clause_before() {
    let m = run("Erdogan met the Iranian delegation in Ankara on Monday, calling the talks \"productive\".\n\
                 Prisoners were exchanged near Afrin, Lavrov said, describing the swap as a \"pilot project\".");
    assert_eq!(speaker_of(&m, "productive"), Some("erdogan"));
    assert_eq!(speaker_of(&m, "pilot project"), Some("lavrov"));
}

#[test]
fn quoted_words_take_the_verb_of_speech_that_ends_their_sentence() {
    let m = run("The two sides swapped prisoners near Afrin in a \"first important step\" towards trust between the warring parties, Lavrov said on Sunday.\n\
                 \"We have done our part.\" Officials in Damascus said on Monday that the swap had been delayed by a week.");
    assert_eq!(speaker_of(&m, "first important step"), Some("lavrov"));
    // a quoted sentence with its own full stop is no part of the cue's sentence
    assert_ne!(speaker_of(&m, "We have done our part"), Some("SYR"));
}

#[test]
fn a_determiner_before_a_trailing_speaker_is_no_part_of_what_was_said() {
    let m = run("Rebel units shelled the outskirts of Saraqib overnight, the Russian Defense Ministry said.");
    let said = m
        .quotes
        .iter()
        .find(|q| q.kind == QuoteKind::Indirect)
        .expect("the clause before the cue is reported speech");
    assert_eq!(
        said.text,
        "Rebel units shelled the outskirts of Saraqib overnight"
    );
    assert_eq!(said.speaker.actor.as_deref(), Some("RUS-MIL"));
}

#[test]
fn a_pronoun_goes_on_with_the_person_the_sentence_before_was_about() {
    let m = run(
        "Erdogan said that Turkey would answer any attack by the forces of Bashar al-Assad.\n\
                 \"We will help the refugees go home,\" he said.",
    );
    assert_eq!(speaker_of(&m, "We will help"), Some("erdogan"));
}

#[test]
fn a_title_that_names_its_source_after_a_dash_is_the_source_s_claim() {
    for title in [
        "Rebels broke the truce near Saraqib \u{2014} Russian Defense Ministry",
        "Rebels broke the truce near Saraqib- Russian Defense Ministry",
    ] {
        let m = run(&format!(
            "{title}\n\nThe ministry said on Friday that the truce had been broken twice."
        ));
        let claim = m
            .quotes
            .iter()
            .find(|q| q.text.starts_with("Rebels broke the truce"))
            .unwrap_or_else(|| panic!("{title}: {:?}", m.quotes));
        assert_eq!(claim.text, "Rebels broke the truce near Saraqib", "{title}");
        assert_eq!(claim.speaker.actor.as_deref(), Some("RUS-MIL"), "{title}");
    }
    // a hyphen inside a name, and a title without a source, attribute nothing
    let m = run("Al-Assad visits troops near Saraqib\n\nThe visit was not announced.");
    assert!(m.quotes.is_empty(), "{:?}", m.quotes);
}

#[test]
fn it_as_the_subject_of_speech_is_the_speaker_just_before() {
    let m = run(
        "The Russian Defense Ministry said the truce held on Monday.\n\
                 It stressed that joint patrols near Saraqib would go on as planned.",
    );
    assert_eq!(
        speaker_of(&m, "joint patrols near Saraqib"),
        Some("RUS-MIL"),
        "{:?}",
        m.quotes
    );
}

#[test]
fn a_title_after_according_to_is_not_the_speaker() {
    let m = run("At least 12 soldiers were killed near Saraqib on Thursday, according to Gov. Ahmet Yilmaz of Hatay province.");
    let q = m
        .quotes
        .iter()
        .find(|q| q.text.starts_with("At least 12 soldiers"))
        .expect("the clause before 'according to' is reported speech");
    assert_eq!(q.speaker.name.as_deref(), Some("Ahmet Yilmaz"), "{q:?}");
}

#[test]
fn a_document_from_someone_speaks_for_its_author() {
    let m = run("The security council met at the palace after the attack near Saraqib, according to a statement from Turkish communications director Ahmet Yilmaz.");
    let q = m
        .quotes
        .iter()
        .find(|q| q.text.starts_with("The security council met"))
        .expect("the clause before 'according to' is reported speech");
    assert_eq!(q.speaker.name.as_deref(), Some("Ahmet Yilmaz"), "{q:?}");
}

/// `," according to a statement from X`: after a quotation as in indirect speech, the
/// statement's author is the speaker, not the statement.
#[test]
fn a_statement_from_someone_after_a_quotation_gives_it_to_its_author() {
    let m = run(
        "\"We will not leave the posts,\" according to a statement from Turkish Defence Minister Hulusi Akar.\n\nThe strike was \"a clear breach of the truce,\" according to a statement by the Russian foreign ministry.\n",
    );
    assert_eq!(
        speaker_of(&m, "We will not leave"),
        Some("akar"),
        "{:#?}",
        m.quotes
    );
    assert_ne!(
        speaker_of(&m, "a clear breach"),
        Some("document:statement"),
        "{:#?}",
        m.quotes
    );
}

/// Reported speech three more ways: "According to the ministry, ..." (a description that
/// stands for the name before it); a participle after the speaker's sentence ("...,
/// adding that ..."); a hope said ("expressed hope the truce will hold"). A clause
/// coordinated after the cue ("..., witnesses said, and one resident ...") is not said.
#[test]
fn according_to_a_description_participles_hopes_and_a_clause_after_the_cue() {
    let m = run(
        "The Russian Defence Ministry spoke on Friday. According to the ministry, \
                 rebels tried to storm the town of Saraqib overnight.",
    );
    assert_eq!(
        speaker_of(&m, "rebels tried to storm"),
        Some("RUS-MIL"),
        "{:?}",
        m.quotes
    );
    let m = run(
        "Putin said: \"We have agreed on the main points,\" adding that the truce \
                 would begin at midnight.",
    );
    assert_eq!(
        speaker_of(&m, "the truce would begin"),
        Some("putin"),
        "{:?}",
        m.quotes
    );
    let m = run("Lavrov expressed hope the truce in Idlib will hold through the winter.");
    assert_eq!(
        speaker_of(&m, "the truce in Idlib will hold"),
        Some("lavrov"),
        "{:?}",
        m.quotes
    );
    let m = run(
        "Heavy shelling could be heard in the east of the city, witnesses said, and \
                 one resident posted a photograph of the smoke.",
    );
    assert!(
        m.quotes
            .iter()
            .all(|q| !q.text.contains("resident posted") && !q.text.ends_with("witnesses said")),
        "{:?}",
        m.quotes
    );
    assert_eq!(m.quotes.len(), 1, "{:?}", m.quotes);
    assert!(
        m.quotes
            .iter()
            .any(|q| q.text.starts_with("Heavy shelling could be heard")),
        "{:?}",
        m.quotes
    );
}

/// "State media quoted the foreign ministry as saying ...": the words are the ministry's,
/// and the quoting verb attributes nothing of its own.
#[test]
fn quoted_as_saying_gives_the_words_to_the_one_quoted() {
    let m = run(
        "Russian agencies quoted Turkish Foreign Minister Mevlut Cavusoglu as saying the \
                 patrols would resume on Monday.",
    );
    assert_eq!(
        speaker_of(&m, "the patrols would resume"),
        Some("cavusoglu"),
        "{:?}",
        m.quotes
    );
    assert!(
        m.quotes.iter().all(|q| !q.text.contains("as saying")),
        "{:?}",
        m.quotes
    );
}

#[test]
fn a_speaker_described_after_a_comma_is_the_cue_s_own_subject() {
    // the name before the comma is in what was said; the one who said it follows
    let m = run("No Iranian advisers were at the airbase, the defence ministry said.");
    let q = quote(&m, "No Iranian advisers");
    assert_eq!(q.speaker.name.as_deref(), Some("the defence ministry"));
    let m =
        run("In Taiz and Ibb, Yemen's southern cities, residents said they heard heavy gunfire.");
    let q = quote(&m, "they heard");
    assert_eq!(q.speaker.name.as_deref(), Some("residents"));
}

#[test]
fn a_partial_quotation_inside_reported_words_leaves_them_reported() {
    let m = run(
        "Kyiv has shelled the depot in a bid to \u{201C}stop the convoys,\u{201D} the \
         ministry said.",
    );
    let reported = m
        .quotes
        .iter()
        .find(|q| q.kind == QuoteKind::Indirect && q.text.starts_with("Kyiv has shelled"))
        .unwrap_or_else(|| panic!("{:?}", m.quotes));
    assert_eq!(reported.speaker.name.as_deref(), Some("the ministry"));
    let words = marked(&m)
        .into_iter()
        .find(|q| q.text == "stop the convoys")
        .unwrap_or_else(|| panic!("{:?}", m.quotes));
    assert_eq!(words.speaker.name.as_deref(), Some("the ministry"));
    // a subject and its quoted predicate: the quotation alone is attributed
    let m =
        run("The two leaders \"agreed to meet again in the spring,\" the joint statement said.");
    assert!(
        m.quotes.iter().all(|q| q.kind != QuoteKind::Indirect),
        "{:?}",
        m.quotes
    );
}

#[test]
fn a_document_named_with_its_authors_speaks_for_them_wherever_the_cue_stands() {
    // the states named inside the document's words are its authors, and words set off
    // by commas around "according to" are all attributed
    let m = run(
        "The pause in the fighting, according to a joint Qatari-Egyptian statement, could be \
         renewed for two more days.",
    );
    let q = quote(&m, "The pause in the fighting");
    assert!(q.text.ends_with("two more days"), "{:?}", q.text);
    let mut authors = q.speaker.actors.clone();
    authors.sort();
    assert_eq!(authors, ["EGY", "QAT"], "{:?}", q.speaker);
    let m = run("The convoy reached the town, according to a Jordanian statement.");
    assert_eq!(
        m.quotes.first().map(|q| q.speaker.actors.clone()),
        Some(vec!["JOR".to_string()]),
        "{:?}",
        m.quotes
    );
}

#[test]
fn he_goes_on_with_the_nearer_person_who_was_speaking() {
    // a spokesman knowledge does not know, named after the head of state, and set off
    // by commas after his title
    let m = run(
        "Egyptian President Abdel Fattah al-Sisi received the delegation in Cairo on Monday.\n\
         A spokesman for the foreign ministry, Karim Nader, said the talks were constructive.\n\
         \"We expect both sides to respect the truce,\" he added.",
    );
    assert_eq!(
        speaker_of(&m, "the talks were constructive"),
        Some("unknown:karim-nader"),
        "{:?}",
        m.quotes
    );
    assert_eq!(
        speaker_of(&m, "We expect both sides"),
        Some("unknown:karim-nader"),
        "{:?}",
        m.quotes
    );
    // the person named after the one who spoke is the one "he" tells of
    let m = run(
        "Lavrov said the talks were useful.\nTurkish President Recep Tayyip Erdogan \
         arrived later. \"We expect the regime to stop its attacks,\" he said.",
    );
    assert_eq!(speaker_of(&m, "We expect the regime"), Some("erdogan"));
}

#[test]
fn an_owner_speaks_through_its_part_named_after_a_place() {
    let m = run("The convoy crossed into the province on Friday, the UN's Yemen mission said.");
    assert_eq!(
        speaker_of(&m, "The convoy crossed"),
        Some("UN"),
        "{:?}",
        m.quotes
    );
}

#[test]
fn a_name_a_preposition_governs_before_the_cue_is_not_the_speaker() {
    let m = run(
        "The truce got off to a shaky start on Monday as residents in the port city of Aden \
         reported heavy gunfire overnight.",
    );
    let q = quote(&m, "heavy gunfire");
    assert_eq!(
        q.speaker.name.as_deref(),
        Some("residents"),
        "{:?}",
        q.speaker
    );
    // an impersonal report names nobody
    let m = run("Earlier on Monday it was reported that the two sides had reached a deal.");
    assert!(
        m.quotes
            .iter()
            .all(|q| q.speaker.name.as_deref() != Some("Earlier")),
        "{:?}",
        m.quotes
    );
}

#[test]
fn a_verb_of_speech_that_answers_an_act_says_nothing() {
    let m = run(
        "When the army responded to the attack, two soldiers were wounded near the border, \
         the governor said.",
    );
    let q = m
        .quotes
        .iter()
        .find(|q| q.text.contains("two soldiers were wounded"))
        .unwrap_or_else(|| panic!("{:?}", m.quotes));
    assert_eq!(
        q.speaker.name.as_deref(),
        Some("the governor"),
        "{:?}",
        m.quotes
    );
    // an answer in words is speech
    let m = run("The ministry responded that the convoy had been searched.");
    assert!(
        m.quotes
            .iter()
            .any(|q| q.text.starts_with("the convoy had been searched")),
        "{:?}",
        m.quotes
    );
}

#[test]
fn a_title_before_the_speaker_and_a_colon_before_the_quotation() {
    // ", Kremlin spokesman Dmitry Peskov told reporters": the title is the speaker's,
    // and what was said is the clause before the comma
    let m = run("The talks were constructive, Kremlin spokesman Dmitry Peskov told reporters.");
    let q = quote(&m, "The talks were constructive");
    assert_eq!(
        q.speaker.name.as_deref(),
        Some("Dmitry Peskov"),
        "{:?}",
        q.speaker
    );
    // `Erdogan: "..."`, as headlines and transcripts give a speaker
    let m = run("Erdogan: \"We will answer every attack on our soldiers.\"");
    assert_eq!(
        speaker_of(&m, "We will answer"),
        Some("erdogan"),
        "{:?}",
        m.quotes
    );
}

#[test]
fn after_the_mark_a_pronoun_an_addressee_and_a_member_of_a_body() {
    // "it said in a statement": the ministry before, not the statement
    let m = run(
        "Turkey's defence ministry said two soldiers died. \"Our answer will be strong,\" it \
         said in a statement.",
    );
    assert_eq!(speaker_of(&m, "Our answer"), Some("TUR"), "{:?}", m.quotes);
    // "told AFP": AFP was spoken to
    let m = run("\"The town is calm,\" a local official told AFP.");
    let q = quote(&m, "The town is calm");
    assert_eq!(
        q.speaker.name.as_deref(),
        Some("a local official"),
        "{:?}",
        q.speaker
    );
    // "said a commander of X": X speaks through its commander
    let m = run("\"We have no orders to withdraw,\" said a commander of Hayat Tahrir al-Sham.");
    assert_eq!(
        speaker_of(&m, "We have no orders"),
        Some("HTS"),
        "{:?}",
        m.quotes
    );
}

#[test]
fn two_cues_of_one_attribution_give_the_words_once() {
    let m = run("The truce would hold, Erdogan was quoted as saying by Anadolu.");
    let same: Vec<_> = m
        .quotes
        .iter()
        .filter(|q| q.text == "The truce would hold")
        .collect();
    assert_eq!(same.len(), 1, "{:?}", m.quotes);
}

#[test]
fn a_demonym_s_noun_is_the_speaker_s_phrase() {
    let m = run("Ten soldiers were wounded in the shelling, Jordanian officials said.");
    let q = quote(&m, "Ten soldiers");
    assert_eq!(
        q.speaker.name.as_deref(),
        Some("Jordanian officials"),
        "{:?}",
        q.speaker
    );
    assert_eq!(q.speaker.actor.as_deref(), Some("JOR"), "{:?}", q.speaker);
}

#[test]
fn a_demonym_s_noun_speaks_around_a_quotation_too() {
    for text in [
        "\"We will answer,\" Jordanian officials said.",
        "Jordanian officials said: \"We will answer.\"",
    ] {
        let m = run(text);
        let q = m
            .quotes
            .iter()
            .find(|q| q.text.starts_with("We will answer"))
            .unwrap_or_else(|| panic!("{text}: {:?}", m.quotes));
        assert_eq!(
            q.speaker.name.as_deref(),
            Some("Jordanian officials"),
            "{text}: {:?}",
            q.speaker
        );
    }
}

#[test]
fn a_phrase_that_sets_the_scene_is_not_what_was_said() {
    let m = run("Speaking to reporters in Amman, the king said the border would stay open.");
    let q = quote(&m, "the border would stay open");
    assert_eq!(
        q.speaker.name.as_deref(),
        Some("the king"),
        "{:?}",
        q.speaker
    );
    assert!(
        m.quotes.iter().all(|q| !q.text.starts_with("Speaking")),
        "{:?}",
        m.quotes
    );
}

#[test]
fn a_speaker_with_an_apposition_after_the_mark() {
    // six words between the mark and the cue, the mark itself not counted
    let m = run("\"The shelling has not stopped,\" Ahmed, a teacher in the town, said.");
    assert_eq!(
        quote(&m, "The shelling has not stopped")
            .speaker
            .name
            .as_deref(),
        Some("Ahmed"),
        "{:?}",
        m.quotes
    );
}

#[test]
fn a_name_or_title_in_marks_is_no_quotation() {
    let m = run(
        "The \u{201C}Geneva-3\u{201D} talks opened, news agency \u{201C}Tass\u{201D} reported. \
         The minister called the plan \u{201C}a dead end\u{201D}.",
    );
    assert!(
        m.quotes
            .iter()
            .all(|q| q.text != "Geneva-3" && q.text != "Tass"),
        "{:?}",
        m.quotes
    );
    // a word or two of someone's, in lower case, stays a partial quotation
    assert!(
        m.quotes.iter().any(|q| q.text == "a dead end"),
        "{:?}",
        m.quotes
    );
}

/// "Stressing that ..., X said ...": a participle of speech that opens a sentence reports
/// the words up to the comma, said by the main clause's speaker, and the main cue keeps
/// the words after it; a participle without "that" reports nothing of its own.
#[test]
fn an_opening_participle_of_speech_reports_up_to_the_comma() {
    let m = run(
        "Stressing that the observation posts will stay where they are, Erdogan said \
         that the patrols would begin next week.",
    );
    let opening = quote(&m, "the observation posts will stay where they are");
    assert_eq!(
        opening.text,
        "the observation posts will stay where they are"
    );
    assert_eq!(speaker_of(&m, "the observation posts"), Some("erdogan"));
    assert_eq!(speaker_of(&m, "the patrols would begin"), Some("erdogan"));
    let m = run(
        "Speaking to reporters in Ankara, Erdogan said that the patrols would begin next week.",
    );
    assert_eq!(m.quotes.len(), 1, "{:?}", m.quotes);
    assert_eq!(speaker_of(&m, "the patrols would begin"), Some("erdogan"));
}
