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
    let bytes = text.as_bytes();
    let len = text.len();
    let mut out = Vec::with_capacity(len / 5);
    let mut i = 0;
    while i < len {
        // ASCII spaces and tabs, the commonest bytes after letters, without decoding
        if matches!(bytes[i], b' ' | b'\t' | b'\r') {
            i += 1;
            continue;
        }
        let (c, n) = decode(text, i);
        if c == '\n' {
            out.push(Token {
                start: i,
                end: i + 1,
                kind: TokenKind::Newline,
                capitalised: false,
            });
            i += 1;
        } else if c.is_whitespace() {
            i += n;
        } else if c.is_alphanumeric() {
            let start = i;
            let mut j = i + n;
            let mut prev = c;
            while j < len {
                let b = bytes[j];
                if b.is_ascii_alphanumeric() {
                    prev = b as char;
                    j += 1;
                    continue;
                }
                if b < 0x80 && !matches!(b, b'\'' | b'-' | b'.' | b',') {
                    break;
                }
                let (d, dn) = decode(text, j);
                if d.is_alphanumeric() || is_mark(d) {
                    prev = d;
                    j += dn;
                    continue;
                }
                if matches!(d, '\'' | '\u{2019}') && is_possessive(text, j + dn) {
                    break;
                }
                if matches!(
                    d,
                    '\'' | '\u{2019}' | '-' | '.' | '\u{2010}' | '\u{2011}' | ','
                ) && j + dn < len
                {
                    let (e, en) = decode(text, j + dn);
                    if e.is_alphanumeric()
                        && (d != ',' || (prev.is_ascii_digit() && e.is_ascii_digit()))
                    {
                        prev = e;
                        j += dn + en;
                        continue;
                    }
                }
                break;
            }
            let word = &text[start..j];
            let numeric = word
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b',' || b == b'.');
            let capitalised = c.is_uppercase()
                || (c.is_alphabetic() && !c.is_lowercase())
                || (c.is_lowercase() && article_prefixed(word));
            out.push(Token {
                start,
                end: j,
                kind: if numeric {
                    TokenKind::Number
                } else {
                    TokenKind::Word
                },
                capitalised,
            });
            i = j;
        } else {
            out.push(Token {
                start: i,
                end: i + n,
                kind: TokenKind::Punct,
                capitalised: false,
            });
            i += n;
        }
    }
    out
}

/// The character at byte `i` (a char boundary) and its length, ASCII without decoding.
#[inline(always)]
fn decode(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return (b as char, 1);
    }
    let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
    (c, c.len_utf8())
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
fn is_possessive(text: &str, after: usize) -> bool {
    let rest = &text.as_bytes()[after.min(text.len())..];
    rest.first() == Some(&b's')
        && text[after + 1..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric())
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
