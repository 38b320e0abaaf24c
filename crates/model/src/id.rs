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
        // Normalise into one buffer and hash it once: hashing character by character
        // cost more than the rest of ingest.
        let mut normalised = String::with_capacity(body.len());
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
        Fingerprint(short_hex(blake3::hash(normalised.as_bytes())))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
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

    #[test]
    fn id_hashes_raw_bytes() {
        assert_ne!(DocumentId::of_raw(b"a\n"), DocumentId::of_raw(b"a\r\n"));
        assert_eq!(DocumentId::of_raw(b"x").as_str().len(), 32);
    }
}
