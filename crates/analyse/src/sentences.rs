//! Sentence boundaries that survive abbreviations ("Gen.", "Sept."), initialisms
//! ("U.N."), quotations that close after the full stop, and datelines.

use truce_knowledge::TextPatterns;

use crate::tokens::{Token, TokenKind};

/// A sentence: byte span plus the range of its tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub first_token: usize,
    pub end_token: usize,
}

const CLOSERS: &[&str] = &["\"", "\u{201D}", "'", "\u{2019}", ")", "]", "\u{BB}"];

/// Whether a sentence is a title or cross-head: a paragraph of its own that ends without
/// a full stop ("Turkey, Russia agree on ceasefire in Idlib").
pub fn is_title_line(text: &str, sentence: &Sentence) -> bool {
    let before = &text[..sentence.start];
    let own_paragraph =
        before.trim_end_matches([' ', '\t']).ends_with('\n') || before.trim().is_empty();
    let after = &text[sentence.end..];
    let ends_paragraph = after
        .trim_start_matches([' ', '\t', '\r'])
        .starts_with('\n')
        || after.trim().is_empty();
    let words = text[sentence.start..sentence.end].trim_end();
    own_paragraph && ends_paragraph && !words.ends_with(['.', '!', '?', '"', '\u{201D}', ':', ';'])
}

/// Splits tokens into sentences.
pub fn split(text: &str, tokens: &[Token], rules: &TextPatterns) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut first = None::<usize>;
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        if t.kind == TokenKind::Newline {
            if let Some(f) = first.take() {
                out.push(sentence(tokens, f, i));
            }
            i += 1;
            continue;
        }
        first.get_or_insert(i);
        let p = t.text(text);
        if t.kind == TokenKind::Punct && matches!(p, "." | "!" | "?" | "\u{2026}") {
            // closing quotes and brackets belong to the sentence they close
            let mut end = i + 1;
            // a closer touches the stop; after a space the same mark opens the next quote
            while end < tokens.len()
                && tokens[end].kind == TokenKind::Punct
                && tokens[end].start == tokens[end - 1].end
                && CLOSERS.contains(&tokens[end].text(text))
            {
                end += 1;
            }
            if ends_here(text, tokens, i, end, rules) {
                out.push(sentence(tokens, first.take().unwrap_or(i), end));
                i = end;
                continue;
            }
        }
        i += 1;
    }
    if let Some(f) = first {
        out.push(sentence(tokens, f, tokens.len()));
    }
    out
}

fn sentence(tokens: &[Token], first: usize, end: usize) -> Sentence {
    Sentence {
        start: tokens[first].start,
        end: tokens[end - 1].end,
        first_token: first,
        end_token: end,
    }
}

fn ends_here(
    text: &str,
    tokens: &[Token],
    stop: usize,
    after: usize,
    rules: &TextPatterns,
) -> bool {
    let Some(next) = tokens.get(after) else {
        return true;
    };
    if next.kind == TokenKind::Newline {
        return true;
    }
    let next_text = next.text(text);
    let opens = next.capitalised
        || next.kind == TokenKind::Number
        || matches!(next_text, "\"" | "\u{201C}" | "'" | "\u{2018}" | "(" | "[");
    if !opens {
        return false;
    }
    if tokens[stop].text(text) != "." || stop == 0 {
        return true;
    }
    let prev = tokens[stop - 1];
    // "7.9" or a space before the stop: an ordinary end
    if prev.kind != TokenKind::Word || prev.end != tokens[stop].start {
        return true;
    }
    let word = prev.text(text).to_lowercase();
    if rules.abbreviations.contains(&word) {
        return false;
    }
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    // an initial ("Vladimir V. Putin")
    if letters == 1 && word.chars().count() == 1 && prev.capitalised {
        return false;
    }
    if word.contains('.') {
        // "U.N. envoy" goes on, "... in the U.S. The talks" ends
        if rules.initialisms_never_final.contains(&word) {
            return false;
        }
        return rules.not_names.contains(&next_text.to_lowercase());
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    fn sentences(text: &str) -> Vec<String> {
        let k = truce_knowledge::Knowledge::bundled().unwrap();
        let t = tokenize(text);
        split(text, &t, &k.text)
            .iter()
            .map(|s| text[s.start..s.end].to_string())
            .collect()
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            sentences("Gen. Ali met the U.N. envoy on Sept. 7 in Damascus. They talked."),
            [
                "Gen. Ali met the U.N. envoy on Sept. 7 in Damascus.",
                "They talked."
            ]
        );
    }

    #[test]
    fn quotes_close_with_their_sentence() {
        assert_eq!(
            sentences("\"We will stay. We will not leave.\" He left. 'Go.' She went!"),
            [
                "\"We will stay.",
                "We will not leave.\"",
                "He left.",
                "'Go.'",
                "She went!"
            ]
        );
    }

    #[test]
    fn datelines_and_paragraphs() {
        assert_eq!(
            sentences("BEIRUT (Reuters) - Shelling hit Idlib on Friday.\nMonitors said so"),
            [
                "BEIRUT (Reuters) - Shelling hit Idlib on Friday.",
                "Monitors said so"
            ]
        );
        assert_eq!(
            sentences("Talks in the U.S. The next day"),
            ["Talks in the U.S.", "The next day"]
        );
        assert_eq!(
            sentences("Russian President Vladimir V. Putin spoke."),
            ["Russian President Vladimir V. Putin spoke."]
        );
    }
}
