//! Whatever the bytes, extraction ends without a panic, and what it returns is text the
//! page holds (no markup leaks into a body).

use proptest::prelude::*;

/// Fragments that exercise the parser's corners: unclosed and stray tags, raw text,
/// comments, references, attributes without quotes, multi-byte characters.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<div class=\"story-body\">".to_string()),
        Just("</div>".to_string()),
        Just("<script>".to_string()),
        Just("</script>".to_string()),
        Just("<!--".to_string()),
        Just("-->".to_string()),
        Just("<a href=x>".to_string()),
        Just("</a>".to_string()),
        Just("<li>".to_string()),
        Just("<table><td>".to_string()),
        Just("<br/>".to_string()),
        Just("&amp;".to_string()),
        Just("&#x2014".to_string()),
        Just("<".to_string()),
        Just(">".to_string()),
        Just("</".to_string()),
        Just("<head>".to_string()),
        "[a-zA-Z ,.é\u{0627}\u{0644}]{0,40}",
    ]
}

proptest! {
    #[test]
    fn any_markup_is_survived(pieces in proptest::collection::vec(piece(), 0..60)) {
        let html: String = pieces.concat();
        if let Some(article) = truce_article::extract(&html) {
            prop_assert!(!article.body.contains("<p>") && !article.body.contains("<div"));
            prop_assert!(!article.body.trim().is_empty());
        }
        let _ = truce_article::fragment_text(&html);
    }

    #[test]
    fn any_string_is_survived(html in "\\PC{0,300}") {
        let _ = truce_article::extract(&html);
    }
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let depth = 200_000;
    let html = format!(
        "{}<p>Fighters shelled the town on Monday, residents said, for the third day.</p>{}",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let article = truce_article::extract(&html).expect("the paragraph is found");
    assert!(article.body.starts_with("Fighters shelled"));
}
