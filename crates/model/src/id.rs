use serde::{Deserialize, Serialize};
use std::fmt;

/// Identity of one raw copy of a report: the BLAKE3 hash of its raw bytes, hex, first 32 chars.
///
/// 128 bits are plenty to make accidental collisions impossible in practice while keeping
/// ids short enough to type into `truce show`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocumentId(pub String);

/// Identity of a report's content: the hash of its normalised body (see [`Fingerprint::of_body`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Fingerprint(pub String);

fn short_hex(hash: blake3::Hash) -> String {
    hash.to_hex()[..32].to_string()
}

impl DocumentId {
    pub fn of_raw(raw: &[u8]) -> Self {
        DocumentId(short_hex(blake3::hash(raw)))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Fingerprint {
    /// Hashes the body with everything that syndication changes folded away: case,
    /// punctuation, white space and typographic quote styles. Two copies of one story
    /// with different boilerplate, line wrapping or quote marks get the same fingerprint.
    pub fn of_body(body: &str) -> Self {
        Fingerprint(short_hex(blake3::hash(&normalise(body))))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A body as its fingerprint sees it: runs of letters and digits, lower-cased, one space
/// between runs. Normalised into one buffer and hashed once (hashing character by
/// character cost more than the rest of ingest), ASCII byte by byte: most reports are
/// mostly ASCII, and decoding each character cost a twentieth of an ingest.
fn normalise(body: &str) -> Vec<u8> {
    let bytes = body.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut pending_space = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (alphanumeric, len) = if b.is_ascii() {
            (b.is_ascii_alphanumeric(), 1)
        } else {
            let c = body[i..].chars().next().expect("a char starts here");
            (c.is_alphanumeric(), c.len_utf8())
        };
        if alphanumeric {
            if pending_space && !out.is_empty() {
                out.push(b' ');
            }
            pending_space = false;
            if b.is_ascii() {
                out.push(b.to_ascii_lowercase());
            } else {
                // only upper-case letters are lowered (a title-case letter such as "ǅ"
                // is kept as it is, as the first fingerprints kept it)
                let c = body[i..].chars().next().expect("a char starts here");
                let mut buf = [0u8; 4];
                if c.is_uppercase() {
                    for l in c.to_lowercase() {
                        out.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
                    }
                } else {
                    out.extend_from_slice(&bytes[i..i + len]);
                }
            }
        } else {
            pending_space = true;
        }
        i += len;
    }
    out
}

impl fmt::Display for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_ignores_layout_case_and_quote_style() {
        let a = Fingerprint::of_body("He said: \u{201c}We agree.\u{201d}\n\nThe end.");
        let b = Fingerprint::of_body("he said: \"we agree.\"   the END.");
        assert_eq!(a, b);
        assert_ne!(a, Fingerprint::of_body("He said: we disagree. The end."));
    }

    /// The normalisation as first written, character by character: stored fingerprints
    /// were made with it, so the fast one must agree with it exactly.
    fn normalise_by_chars(body: &str) -> String {
        let mut normalised = String::new();
        let mut pending_space = false;
        for c in body.chars() {
            if c.is_alphanumeric() {
                if pending_space && !normalised.is_empty() {
                    normalised.push(' ');
                }
                pending_space = false;
                if c.is_ascii() {
                    normalised.push(c.to_ascii_lowercase());
                } else if !c.is_uppercase() {
                    normalised.push(c);
                } else {
                    normalised.extend(c.to_lowercase());
                }
            } else {
                pending_space = true;
            }
        }
        normalised
    }

    #[test]
    fn the_fast_normalisation_agrees_with_the_first() {
        for body in [
            "",
            "  leading and trailing  ",
            "TEHRAN -- Leaders of Russia, Turkey and Iran met on Friday.",
            "Ma\u{2018}arrat an-Nu\u{2018}m\u{101}n, \u{130}stanbul, \u{c9}COLE, Stra\u{df}e, \u{3a3}\u{38a}\u{3a3}\u{3a5}\u{3a6}\u{39f}\u{3a3}",
            "\u{623}\u{631}\u{64a}\u{62d}\u{627} \u{62f}\u{645}\u{634}\u{642} 2018-09-07",
            "title case \u{1c5} and \u{1c4}, emoji \u{1f600} and digits \u{661}\u{662}\u{663} mixed\u{a0}spaces\tand\nlines",
        ] {
            assert_eq!(
                normalise(body),
                normalise_by_chars(body).into_bytes(),
                "{body:?}"
            );
        }
    }

    #[test]
    fn id_hashes_raw_bytes() {
        assert_ne!(DocumentId::of_raw(b"a\n"), DocumentId::of_raw(b"a\r\n"));
        assert_eq!(DocumentId::of_raw(b"x").as_str().len(), 32);
    }
}
