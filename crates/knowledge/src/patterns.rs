//! Word lists that analysis reads: sentence rules, place cues and date words
//! (data/knowledge/patterns/*.toml).

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use crate::KnowledgeError;

/// How text is cut into sentences and which capitalised words are never names.
#[derive(Debug, Clone, Deserialize)]
pub struct TextPatterns {
    pub abbreviations: HashSet<String>,
    pub initialisms_never_final: HashSet<String>,
    pub not_names: HashSet<String>,
    pub set_nouns: Vec<String>,
    pub person_pronouns: HashSet<String>,
    pub person_titles: HashSet<String>,
}

/// Cues for reading place names.
#[derive(Debug, Clone, Deserialize)]
pub struct PlacePatterns {
    pub designators: Designators,
    pub before_place: Vec<String>,
    pub locative: HashSet<String>,
    pub metonym_cues: HashSet<String>,
    pub after_place: HashSet<String>,
    pub admin1_abbreviations_in: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Designators {
    pub admin1: Vec<String>,
    pub district: Vec<String>,
    pub city: Vec<String>,
    pub zone: Vec<String>,
}

/// Words for reading dates.
#[derive(Debug, Clone, Deserialize)]
pub struct DatePatterns {
    /// Names of the months, January first; each with its abbreviations.
    pub months: Vec<Vec<String>>,
    /// Names of the days, Monday first.
    pub weekdays: Vec<Vec<String>>,
    pub numbers: HashMap<String, i64>,
    /// Day offsets from the publication date ("yesterday" = -1).
    pub days: HashMap<String, i64>,
    /// Period offsets: unit (week, month, year, weekend) and count.
    pub periods: HashMap<String, (String, i64)>,
}

impl DatePatterns {
    /// The month (1-12) a word names.
    pub fn month(&self, word: &str) -> Option<u32> {
        let w = word.to_lowercase();
        let w = w.trim_end_matches('.');
        self.months
            .iter()
            .position(|names| names.iter().any(|n| n == w))
            .map(|i| i as u32 + 1)
    }

    /// The weekday (0 = Monday) a word names.
    pub fn weekday(&self, word: &str) -> Option<u32> {
        let w = word.to_lowercase();
        let w = w.trim_end_matches('.');
        self.weekdays
            .iter()
            .position(|names| names.iter().any(|n| n == w))
            .map(|i| i as u32)
    }
}

pub(crate) fn parse<T: for<'de> Deserialize<'de>>(
    source: &str,
    text: &str,
) -> Result<T, KnowledgeError> {
    toml::from_str(text).map_err(|e| KnowledgeError::Parse {
        file: source.to_string(),
        problem: e.to_string(),
    })
}
