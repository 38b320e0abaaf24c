//! The boilerplate and language rules, loaded from data files (see `data/ingest/`).

use regex::Regex;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};

const BOILERPLATE_TOML: &str = include_str!("../../../data/ingest/boilerplate.toml");
const LANGUAGES_TOML: &str = include_str!("../../../data/ingest/languages.toml");

#[derive(Deserialize)]
struct BoilerplateFile {
    meta_words: Vec<String>,
    disclaimer_min_distinct: usize,
    disclaimer_min_share: f64,
    nav_labels: Vec<String>,
    nav_prefixes: Vec<String>,
    trailing_heading_max_words: usize,
    publisher_line_prefixes: Vec<String>,
    publisher_patterns: Vec<String>,
    teaser_min_marks: usize,
    headline_max_words: usize,
    byline_prefixes: Vec<String>,
    byline_max_words: usize,
    head_lines: usize,
    list_headings: Vec<String>,
    timestamp_pattern: String,
}

#[derive(Deserialize)]
struct LanguagesFile {
    stopwords: HashMap<String, Vec<String>>,
}

/// Compiled rules for telling body from boilerplate. Build once, share across documents.
#[derive(Debug)]
pub struct Rules {
    pub(crate) meta_words: HashSet<String>,
    pub(crate) disclaimer_min_distinct: usize,
    pub(crate) disclaimer_min_share: f64,
    pub(crate) nav_labels: HashSet<String>,
    pub(crate) nav_prefixes: Vec<String>,
    pub(crate) trailing_heading_max_words: usize,
    pub(crate) publisher_line_prefixes: Vec<String>,
    pub(crate) publisher_patterns: Vec<Regex>,
    pub(crate) teaser_min_marks: usize,
    pub(crate) headline_max_words: usize,
    pub(crate) byline_prefixes: Vec<String>,
    pub(crate) byline_max_words: usize,
    pub(crate) head_lines: usize,
    pub(crate) list_headings: HashSet<String>,
    pub(crate) timestamp: Regex,
    /// Languages with function-word lists, in a fixed order.
    pub(crate) languages: Vec<String>,
    /// Function word → bit set of the languages (indexes into `languages`) it belongs to,
    /// so each word of a text is looked up once rather than once per language.
    pub(crate) stopwords: HashMap<String, u32>,
}

/// A rules file that cannot be used; says which file and why.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    #[error("boilerplate rules {origin}: {message}")]
    Invalid { origin: String, message: String },
}

impl Rules {
    /// The rules truce ships with.
    pub fn builtin() -> Rules {
        Rules::from_toml(BOILERPLATE_TOML, "data/ingest/boilerplate.toml")
            .expect("the shipped boilerplate rules are valid (checked by a unit test)")
    }

    /// Rules from a user's TOML file in the format of `data/ingest/boilerplate.toml`.
    pub fn from_toml(source: &str, origin: &str) -> Result<Rules, RulesError> {
        let invalid = |message: String| RulesError::Invalid {
            origin: origin.to_string(),
            message,
        };
        let file: BoilerplateFile = toml::from_str(source).map_err(|e| invalid(e.to_string()))?;
        let languages: LanguagesFile =
            toml::from_str(LANGUAGES_TOML).map_err(|e| invalid(format!("languages: {e}")))?;
        let publisher_patterns = file
            .publisher_patterns
            .iter()
            .map(|p| Regex::new(p).map_err(|e| invalid(format!("publisher pattern {p:?}: {e}"))))
            .collect::<Result<Vec<_>, _>>()?;
        let timestamp = Regex::new(&file.timestamp_pattern)
            .map_err(|e| invalid(format!("timestamp pattern: {e}")))?;
        let lower = |v: Vec<String>| v.into_iter().map(|s| s.to_lowercase()).collect::<Vec<_>>();
        let mut by_language: Vec<(String, Vec<String>)> = languages.stopwords.into_iter().collect();
        by_language.sort_by(|a, b| a.0.cmp(&b.0));
        if by_language.len() > 32 {
            return Err(invalid(
                "at most 32 languages can have function-word lists".into(),
            ));
        }
        let mut stopwords: HashMap<String, u32> = HashMap::new();
        for (i, (_, words)) in by_language.iter().enumerate() {
            for word in words {
                *stopwords.entry(word.to_lowercase()).or_default() |= 1 << i;
            }
        }
        let languages = by_language.into_iter().map(|(lang, _)| lang).collect();
        Ok(Rules {
            meta_words: lower(file.meta_words).into_iter().collect(),
            disclaimer_min_distinct: file.disclaimer_min_distinct,
            disclaimer_min_share: file.disclaimer_min_share,
            nav_labels: lower(file.nav_labels).into_iter().collect(),
            nav_prefixes: lower(file.nav_prefixes),
            trailing_heading_max_words: file.trailing_heading_max_words,
            publisher_line_prefixes: lower(file.publisher_line_prefixes),
            publisher_patterns,
            teaser_min_marks: file.teaser_min_marks,
            headline_max_words: file.headline_max_words,
            byline_prefixes: lower(file.byline_prefixes),
            byline_max_words: file.byline_max_words,
            head_lines: file.head_lines,
            list_headings: lower(file.list_headings).into_iter().collect(),
            timestamp,
            languages,
            stopwords,
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn shipped_rules_load() {
        let rules = super::Rules::builtin();
        assert!(rules.meta_words.contains("copyright"));
        let en = rules.languages.iter().position(|l| l == "en").unwrap();
        assert_eq!(rules.stopwords["the"] >> en & 1, 1);
    }
}
