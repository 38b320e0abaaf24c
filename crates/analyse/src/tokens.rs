//! Words, numbers and punctuation with their byte spans.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
    /// A line break: paragraphs end here.
    Newline,
}

/// One token: a byte span into the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    /// The first letter is upper case (or the word is in a script without case).
    pub capitalised: bool,
}

impl Token {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// Cuts text into tokens. A word keeps inner apostrophes, hyphens and full stops
/// ("Nu'man", "de-escalation", "U.N"); a full stop after an initialism ("U.N.") stays
/// outside, as punctuation, so sentence splitting can judge it.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if c == '\n' {
            out.push(Token {
                start: at,
                end: at + 1,
                kind: TokenKind::Newline,
                capitalised: false,
            });
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c.is_alphanumeric() {
            let mut j = i + 1;
            while j < chars.len() {
                let d = chars[j].1;
                if d.is_alphanumeric() || is_mark(d) {
                    j += 1;
                } else if matches!(d, '\'' | '\u{2019}') && is_possessive(&chars, j) {
                    break;
                } else if matches!(
                    d,
                    '\'' | '\u{2019}' | '-' | '.' | '\u{2010}' | '\u{2011}' | ','
                ) && j + 1 < chars.len()
                    && chars[j + 1].1.is_alphanumeric()
                    && (d != ','
                        || (chars[j - 1].1.is_ascii_digit() && chars[j + 1].1.is_ascii_digit()))
                {
                    j += 2;
                } else {
                    break;
                }
            }
            let end = if j < chars.len() {
                chars[j].0
            } else {
                text.len()
            };
            let word = &text[at..end];
            let numeric = word
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.');
            out.push(Token {
                start: at,
                end,
                kind: if numeric {
                    TokenKind::Number
                } else {
                    TokenKind::Word
                },
                capitalised: c.is_uppercase()
                    || (c.is_alphabetic() && !c.is_lowercase())
                    || article_prefixed(word),
            });
            i = j;
        } else {
            out.push(Token {
                start: at,
                end: at + c.len_utf8(),
                kind: TokenKind::Punct,
                capitalised: false,
            });
            i += 1;
        }
    }
    out
}

/// "al-Numan", "an-Nu'man", "el-Oued": a lower-case Arabic article before a capitalised
/// name leaves the word a name.
fn article_prefixed(word: &str) -> bool {
    match word.split_once('-') {
        Some((article, rest)) => {
            (1..=3).contains(&article.len())
                && article.chars().all(|c| c.is_ascii_lowercase())
                && rest.chars().next().is_some_and(char::is_uppercase)
        }
        None => false,
    }
}

/// An apostrophe followed by a final `s`: "Syria's" is "Syria" plus a possessive.
fn is_possessive(chars: &[(usize, char)], j: usize) -> bool {
    matches!(chars.get(j + 1), Some((_, 's')))
        && chars.get(j + 2).is_none_or(|(_, c)| !c.is_alphanumeric())
}

fn is_mark(c: char) -> bool {
    // combining marks inside Arabic or decomposed Latin words
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{064B}'..='\u{065F}' | '\u{0670}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn words_keep_inner_punctuation() {
        assert_eq!(
            words("Ma'arrat an-Nu'man, U.N. envoy"),
            ["Ma'arrat", "an-Nu'man", ",", "U.N", ".", "envoy"]
        );
        assert_eq!(
            words("1,200 people on 7.9."),
            ["1,200", "people", "on", "7.9", "."]
        );
        assert_eq!(words("«إدلب»"), ["«", "إدلب", "»"]);
        assert_eq!(
            words("Syria's north, Nu'man's"),
            ["Syria", "'", "s", "north", ",", "Nu'man", "'", "s"]
        );
    }
}
