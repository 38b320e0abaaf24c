//! Words for reading casualty figures from an act's clause (`patterns/casualties.toml`):
//! the words of harm, the qualifiers of a number, numbers written as words, plural
//! amounts and the words for whom a figure counts. The reading itself is the analyser's.

use std::collections::HashMap;

use serde::Deserialize;
use truce_model::{CasualtyGroup, EventType, Figure, Harm};

use crate::KnowledgeError;

/// The casualty words as the file writes them.
#[derive(Debug, Clone, Deserialize)]
struct File {
    acts: Vec<String>,
    killed: Vec<String>,
    injured: Vec<String>,
    leading: Vec<String>,
    links: Vec<String>,
    describing: Vec<String>,
    single: Vec<String>,
    after_figure: Vec<String>,
    qualifiers: HashMap<String, String>,
    numbers: HashMap<String, u32>,
    vague: HashMap<String, u32>,
    groups: HashMap<String, Vec<String>>,
}

/// The casualty words, each phrase split into its words, for matching over a clause's
/// lower-case words.
#[derive(Debug, Clone, Default)]
pub struct CasualtyPatterns {
    /// The acts whose clauses' figures are theirs (acts of force).
    pub acts: Vec<EventType>,
    /// Words of harm with what they mean and whether they may lead their figure.
    pub harms: Vec<(Vec<String>, Harm, bool)>,
    pub links: Vec<Vec<String>>,
    /// Words that may describe the people a figure counts ("other", "unarmed").
    pub describing: Vec<String>,
    /// Articles that count one person of a named group ("a soldier was killed").
    pub single: Vec<String>,
    /// Words that may follow a figure without a group ("killing 30 in Idlib").
    pub after_figure: Vec<String>,
    pub qualifiers: Vec<(Vec<String>, Figure)>,
    pub numbers: Vec<(Vec<String>, u32)>,
    /// Plural amounts and the least they mean.
    pub vague: Vec<(Vec<String>, u32)>,
    pub groups: Vec<(Vec<String>, CasualtyGroup)>,
    /// Every word a figure can start with (of harms, qualifiers, numbers, amounts and
    /// articles): the reader tries a figure only at these and at digits, since most
    /// words of a sentence start none.
    pub starts: rustc_hash::FxHashSet<String>,
}

fn words(phrase: &str) -> Vec<String> {
    phrase.split_whitespace().map(str::to_lowercase).collect()
}

/// Longest phrases first, so that "at least" is tried before "at".
fn longest_first<T>(mut list: Vec<(Vec<String>, T)>) -> Vec<(Vec<String>, T)> {
    list.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    list
}

impl CasualtyPatterns {
    /// Reads `text`, the file `source`.
    /// Whether a word (lower case) is a word of harm on its own ("wounded", "killed").
    pub fn is_harm_word(&self, word: &str) -> bool {
        self.harms
            .iter()
            .any(|(words, _, _)| words.len() == 1 && words[0] == word)
    }

    pub fn parse(source: &str, text: &str) -> Result<CasualtyPatterns, KnowledgeError> {
        let file: File = crate::patterns::parse(source, text)?;
        let bad = |problem: String| KnowledgeError::Parse {
            file: source.to_string(),
            problem,
        };
        let mut harms = Vec::new();
        for (list, harm) in [(&file.killed, Harm::Killed), (&file.injured, Harm::Injured)] {
            for phrase in list {
                let leads = file.leading.iter().any(|l| l.eq_ignore_ascii_case(phrase));
                harms.push((words(phrase), (harm, leads)));
            }
        }
        let mut qualifiers = Vec::new();
        for (phrase, figure) in &file.qualifiers {
            let figure: Figure = figure
                .parse()
                .map_err(|e| bad(format!("qualifier {phrase:?}: {e}")))?;
            qualifiers.push((words(phrase), figure));
        }
        let mut groups = Vec::new();
        for (group, list) in &file.groups {
            let group: CasualtyGroup = group
                .parse()
                .map_err(|e| bad(format!("group {group:?}: {e}")))?;
            for phrase in list {
                groups.push((words(phrase), group));
            }
        }
        let acts = file
            .acts
            .iter()
            .map(|a| a.parse().map_err(|e| bad(format!("act {a:?}: {e}"))))
            .collect::<Result<_, _>>()?;
        let mut starts = rustc_hash::FxHashSet::default();
        let firsts = |list: &[String]| -> Vec<String> {
            list.iter()
                .filter_map(|p| words(p).into_iter().next())
                .collect()
        };
        starts.extend(firsts(&file.killed));
        starts.extend(firsts(&file.injured));
        starts.extend(firsts(&file.qualifiers.keys().cloned().collect::<Vec<_>>()));
        starts.extend(firsts(&file.numbers.keys().cloned().collect::<Vec<_>>()));
        starts.extend(firsts(&file.vague.keys().cloned().collect::<Vec<_>>()));
        starts.extend(file.single.iter().map(|w| w.to_lowercase()));
        Ok(CasualtyPatterns {
            starts,
            acts,
            harms: longest_first(harms)
                .into_iter()
                .map(|(w, (h, l))| (w, h, l))
                .collect(),
            links: longest_first(file.links.iter().map(|l| (words(l), ())).collect())
                .into_iter()
                .map(|(w, ())| w)
                .collect(),
            describing: file.describing.iter().map(|w| w.to_lowercase()).collect(),
            single: file.single.iter().map(|w| w.to_lowercase()).collect(),
            after_figure: file.after_figure.iter().map(|w| w.to_lowercase()).collect(),
            qualifiers: longest_first(qualifiers),
            numbers: longest_first(file.numbers.iter().map(|(p, n)| (words(p), *n)).collect()),
            vague: longest_first(file.vague.iter().map(|(p, n)| (words(p), *n)).collect()),
            groups: longest_first(groups),
        })
    }
}
