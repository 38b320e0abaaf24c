//! Analysis never panics and every span slices the text on character boundaries.

use proptest::prelude::*;
use std::sync::OnceLock;
use truce_knowledge::Knowledge;

fn knowledge() -> &'static Knowledge {
    static K: OnceLock<Knowledge> = OnceLock::new();
    K.get_or_init(|| Knowledge::bundled().expect("bundled knowledge loads"))
}

fn check(text: &str, published: Option<chrono::NaiveDate>) {
    let a = truce_analyse::analyse_text(text, None, published, knowledge());
    let spans = a
        .mentions
        .actors
        .iter()
        .flat_map(|x| x.mentions.iter().map(|m| (m.start, m.end, &m.text)))
        .chain(
            a.mentions
                .places
                .iter()
                .flat_map(|x| x.mentions.iter().map(|m| (m.start, m.end, &m.text))),
        )
        .chain(a.mentions.dates.iter().map(|d| (d.start, d.end, &d.text)))
        .chain(a.mentions.quotes.iter().map(|q| (q.start, q.end, &q.text)))
        .chain(
            a.mentions
                .quotes
                .iter()
                .filter_map(|q| q.cue.as_ref())
                .map(|c| (c.start, c.end, &c.text)),
        )
        .chain(
            a.mentions
                .quotes
                .iter()
                .filter_map(|q| q.speaker.mention.as_ref())
                .map(|c| (c.start, c.end, &c.text)),
        );
    for (s, e, t) in spans {
        assert!(s <= e && e <= text.len(), "span {s}..{e} outside the text");
        assert!(
            text.is_char_boundary(s) && text.is_char_boundary(e),
            "span {s}..{e} splits a character"
        );
        assert_eq!(&text[s..e], t.as_str());
    }
    for s in &a.sentences {
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_unicode_never_breaks_analysis(text in "\\PC{0,400}") {
        check(&text, chrono::NaiveDate::from_ymd_opt(2018, 9, 8));
        check(&text, None);
    }

    #[test]
    fn news_like_text_never_breaks_analysis(
        words in proptest::collection::vec(prop_oneof![
            Just("Putin"), Just("said"), Just("the"), Just("Russian"), Just("president"), Just("in"),
            Just("Idlib"), Just("province"), Just("on"), Just("Friday"), Just("U.N."), Just("\""),
            Just("'s"), Just("Ma'arrat"), Just("an-Nu'man"), Just("إدلب"), Just("Sept."), Just("7"),
            Just("."), Just("\n"), Just("he"), Just("the leaders"), Just("ÉTÉ"), Just("ﬁ"), Just("İstanbul"),
            Just("\u{201C}"), Just("\u{201D}"), Just("according to"), Just("joint statement"), Just(","),
        ], 0..60)
    ) {
        check(&words.join(" "), chrono::NaiveDate::from_ymd_opt(2018, 9, 8));
    }
}
