//! Datelines: the place line wire copy opens with ("TEHRAN --", "BEIRUT (Reuters) -",
//! "DAMASCUS, Syria, Sept. 8 (AP) —").

use regex::Regex;
use std::sync::LazyLock;
use truce_model::{Dateline, Span};

/// An upper-case place (one to four words), optional qualifiers after a comma (a country or
/// a date), then a dash, or the source in parentheses with or without a dash after it
/// ("MOSCOW (UrduPoint News / Sputnik - 28th February, 2020) Terrorists ...": agencies
/// that syndicate write their own name, the wire's and the date there).
static UPPER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<place>\p{Lu}[\p{Lu}'’.\-]+(?:[ \t]\p{Lu}[\p{Lu}'’.\-]*){0,3})(?:,[ \t]*[\p{L}\p{N}.]+(?:[ \t][\p{L}\p{N}.]+){0,2}){0,2}(?:[ \t]*\((?P<agency>\p{L}[^()\n]{0,59})\)[ \t]*(?:--|—|–|-)?|[ \t]*(?:--|—|–|-))[ \t]+",
    )
    .expect("dateline pattern")
});

/// A place in ordinary case is a dateline only when an agency follows it ("Tehran (AFP) -").
static MIXED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<place>\p{Lu}\p{L}+(?:[ \t\-]\p{Lu}\p{L}+){0,3})(?:,[ \t]*[\p{L}\p{N}.]+(?:[ \t][\p{L}\p{N}.]+){0,2}){0,2}[ \t]*\((?P<agency>\p{L}[\p{L} .&\-]{0,30})\)[ \t]*(?:--|—|–|-)[ \t]+",
    )
    .expect("dateline pattern")
});

/// Finds a dateline at the start of `first_paragraph`, which begins at byte `offset` of
/// the clean text. The span covers the place name only; the text keeps the whole line.
pub fn find_dateline(first_paragraph: &str, offset: usize) -> Option<Dateline> {
    let caps = UPPER
        .captures(first_paragraph)
        .or_else(|| MIXED.captures(first_paragraph))?;
    let place = caps.name("place")?;
    let text = place.as_str().trim_end_matches(['.', '-', '\'', '’']);
    // A lone acronym of two letters ("UN -- ...") is an organisation, not a place line.
    if text.chars().count() < 3 {
        return None;
    }
    Some(Dateline {
        text: text.to_string(),
        span: Span::new(offset + place.start(), offset + place.start() + text.len()),
        agency: caps.name("agency").map(|a| a.as_str().trim().to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(line: &str) -> Option<(String, Option<String>)> {
        find_dateline(line, 0).map(|d| (d.text, d.agency))
    }

    #[test]
    fn wire_datelines() {
        assert_eq!(
            place("TEHRAN -- Leaders met."),
            Some(("TEHRAN".into(), None))
        );
        assert_eq!(
            place("BEIRUT (Reuters) - Shelling hit."),
            Some(("BEIRUT".into(), Some("Reuters".into())))
        );
        assert_eq!(
            place("DAMASCUS, Syria, Sept. 8 (AP) — A convoy left."),
            Some(("DAMASCUS".into(), Some("AP".into())))
        );
        assert_eq!(
            place("MAARAT AL-NUMAN – Residents fled."),
            Some(("MAARAT AL-NUMAN".into(), None))
        );
        assert_eq!(
            place("Ankara (AFP) - Turkey said."),
            Some(("Ankara".into(), Some("AFP".into())))
        );
        // a syndicating agency writes its name, the wire's and the date, and no dash
        assert_eq!(
            place("KABUL (Daily Courier / AFP - 3rd March, 2021) Talks resumed."),
            Some((
                "KABUL".into(),
                Some("Daily Courier / AFP - 3rd March, 2021".into())
            ))
        );
    }

    #[test]
    fn ordinary_openings_are_not_datelines() {
        assert_eq!(place("Leaders of Russia met on Friday."), None);
        assert_eq!(place("UN -- the agency said."), None);
        assert_eq!(
            place("Ankara - Turkey said."),
            None,
            "mixed case needs an agency"
        );
        assert_eq!(place("The 2018-2019 period - quiet."), None);
    }

    #[test]
    fn span_is_offset_into_the_text() {
        let d = find_dateline("TEHRAN -- x", 7).unwrap();
        assert_eq!((d.span.start, d.span.end), (7, 13));
    }
}
