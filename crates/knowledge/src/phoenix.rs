//! Importer for CAMEO/PETRARCH actor dictionaries (the Phoenix `.actors.txt` format), so
//! users can bring dictionaries they already maintain.
//!
//! The format: an entry line names an actor in upper case with words joined by `_`
//! (`VLADIMIR_PUTIN_`), optionally followed by codes in brackets; `+` lines add
//! synonyms; indented lines hold more codes. A code may carry a date range: `[RUSGOV
//! 991231-080507]`, `[RUSGOV >080508]` (from), `[RUSELI <990809]` (until), dates as
//! YYMMDD. `#` starts a comment.

use chrono::NaiveDate;
use truce_model::{ActorCategory, ActorKind};

use crate::actors::{ActorDef, Office};
use crate::KnowledgeError;

/// Reads a Phoenix actor dictionary. Dates may have six (YYMMDD) or eight (YYYYMMDD)
/// digits. Real dictionaries hold a few malformed dates ("9999999-999999"): such a code
/// is kept without date bounds and a warning names the line, so one typo does not cost
/// the user the whole dictionary.
pub fn parse_phoenix(
    source: &str,
    text: &str,
) -> Result<(Vec<ActorDef>, Vec<String>), KnowledgeError> {
    let mut out: Vec<ActorDef> = Vec::new();
    let mut warnings = Vec::new();
    let mut current: Option<ActorDef> = None;
    for (n, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("");
        if line.trim().is_empty() {
            continue;
        }
        let (names, codes) = match line.find('[') {
            Some(i) => (&line[..i], &line[i..]),
            None => (line, ""),
        };
        if let Some(alias) = names.trim_start().strip_prefix('+') {
            if let Some(a) = current.as_mut() {
                let alias = readable(alias);
                if !alias.is_empty() && !a.aliases.contains(&alias) {
                    a.aliases.push(alias);
                }
            }
        } else if !raw.starts_with([' ', '\t']) && !names.trim().is_empty() {
            if let Some(done) = current.take() {
                out.push(done);
            }
            let name = readable(names);
            current = Some(ActorDef::new(
                format!("cameo:{}", slug(&name)),
                ActorKind::one(ActorCategory::Imported),
                name.clone(),
                vec![name],
                source,
            ));
        }
        let Some(actor) = current.as_mut() else {
            continue;
        };
        for code in codes.split('[').skip(1) {
            let code = code.split(']').next().unwrap_or("").trim();
            let mut parts = code.split_whitespace();
            let Some(c) = parts
                .next()
                .filter(|c| c.chars().all(|x| x.is_ascii_alphanumeric()))
            else {
                continue;
            };
            let range: String = parts.collect::<Vec<_>>().join("");
            let (from, to) = if range.is_empty() {
                (None, None)
            } else {
                dates(&range).unwrap_or_else(|| {
                    warnings.push(format!(
                        "{source}: line {}: date range {range:?} is not YYMMDD-YYMMDD, >YYMMDD or <YYMMDD (or with YYYYMMDD); code {c} kept without dates",
                        n + 1
                    ));
                    (None, None)
                })
            };
            if actor.affiliation.is_none() && c.len() >= 3 {
                actor.affiliation = Some(c[..3].to_string());
            }
            actor.roles.push(Office {
                role: format!("CAMEO {c}"),
                of: c.get(..3).unwrap_or(c).to_string(),
                for_: None,
                from,
                to,
            });
        }
    }
    out.extend(current);
    Ok((out, warnings))
}

/// `VLADIMIR_V._PUTIN_` → `Vladimir V. Putin`; a single short word stays an acronym.
fn readable(name: &str) -> String {
    let words: Vec<&str> = name.trim().split('_').filter(|w| !w.is_empty()).collect();
    if words.len() == 1 && words[0].len() <= 5 {
        return words[0].to_string();
    }
    words
        .iter()
        .enumerate()
        .map(|(n, w)| {
            let lower = w.to_lowercase();
            // function words stay lower case, as news writes them
            if n > 0
                && matches!(
                    lower.as_str(),
                    "of" | "the"
                        | "for"
                        | "and"
                        | "in"
                        | "on"
                        | "at"
                        | "to"
                        | "de"
                        | "du"
                        | "la"
                        | "le"
                        | "del"
                        | "of-the"
                )
            {
                return lower;
            }
            let mut out = String::with_capacity(lower.len());
            let mut start = true;
            for c in lower.chars() {
                if start && c.is_alphabetic() {
                    out.extend(c.to_uppercase());
                } else {
                    out.push(c);
                }
                start = matches!(c, '-' | '.' | '(' | '/');
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn slug(name: &str) -> String {
    let mut s = String::new();
    for c in name.to_lowercase().chars() {
        if c.is_alphanumeric() {
            s.push(c);
        } else if !s.ends_with('-') {
            s.push('-');
        }
    }
    s.trim_matches('-').to_string()
}

fn dates(range: &str) -> Option<(Option<NaiveDate>, Option<NaiveDate>)> {
    if let Some(d) = range.strip_prefix('>') {
        return Some((Some(yymmdd(d)?), None));
    }
    if let Some(d) = range.strip_prefix('<') {
        return Some((None, Some(yymmdd(d)?)));
    }
    let (a, b) = range.split_once('-')?;
    Some((Some(yymmdd(a)?), Some(yymmdd(b)?)))
}

fn yymmdd(s: &str) -> Option<NaiveDate> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (year, rest) = match s.len() {
        6 => {
            let yy: i32 = s[..2].parse().ok()?;
            (if yy >= 40 { 1900 + yy } else { 2000 + yy }, &s[2..])
        }
        8 => (s[..4].parse().ok()?, &s[4..]),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(year, rest[..2].parse().ok()?, rest[2..4].parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# a dictionary of our own\n\
        JANE_Q._EXAMPLE_  # invented\n\
        +EXAMPLE_\n\
        +MINISTER_EXAMPLE_\n\
        \t[FRLGOV 091231-120507]\n\
        \t[FRLELI >120508]\n\
        NORTH_FREELAND_ [FRL]\n\
        +FREELANDERS_\n";

    #[test]
    fn entries_synonyms_and_dated_codes() {
        let (actors, warnings) = parse_phoenix("sample.actors.txt", SAMPLE).unwrap();
        assert!(warnings.is_empty());
        assert_eq!(actors.len(), 2);
        let jane = &actors[0];
        assert_eq!(jane.name, "Jane Q. Example");
        assert_eq!(
            jane.aliases,
            ["Jane Q. Example", "Example", "Minister Example"]
        );
        assert_eq!(jane.roles.len(), 2);
        assert_eq!(jane.roles[0].from, NaiveDate::from_ymd_opt(2009, 12, 31));
        assert_eq!(jane.roles[0].to, NaiveDate::from_ymd_opt(2012, 5, 7));
        assert_eq!(jane.roles[1].from, NaiveDate::from_ymd_opt(2012, 5, 8));
        assert!(jane.roles[1].to.is_none());
        assert_eq!(jane.affiliation.as_deref(), Some("FRL"));
        assert!(jane.roles[0].held_on(NaiveDate::from_ymd_opt(2010, 1, 1)));
        assert!(!jane.roles[0].held_on(NaiveDate::from_ymd_opt(2013, 1, 1)));
        assert_eq!(actors[1].aliases, ["North Freeland", "Freelanders"]);
    }

    #[test]
    fn a_bad_date_is_a_warning_naming_the_line() {
        let text = "SOMEONE_\n\t[ABCGOV 99-01]\n\t[ABCELI > 20070101]\n";
        let (actors, warnings) = parse_phoenix("x.actors.txt", text).unwrap();
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].contains("x.actors.txt") && warnings[0].contains("line 2"),
            "{warnings:?}"
        );
        assert_eq!(actors[0].roles.len(), 2, "both codes kept");
        assert!(actors[0].roles[0].from.is_none());
        assert_eq!(actors[0].roles[1].from, NaiveDate::from_ymd_opt(2007, 1, 1));
    }
}
