//! Word lists that analysis reads: sentence rules, place cues and date words
//! (data/knowledge/patterns/*.toml).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use serde::Deserialize;

use crate::KnowledgeError;

/// Phrases of one or more words keyed by their first word (lower case), each with what
/// it means: a token that opens none of them costs one lookup instead of a walk over
/// every phrase. Phrases that share a first word come longest first, then in the order
/// given.
#[derive(Debug, Clone)]
pub struct PhraseIndex<T> {
    by_first: HashMap<String, Vec<Phrase<T>>>,
}

/// One phrase of a [`PhraseIndex`], split into words as written.
#[derive(Debug, Clone)]
pub struct Phrase<T> {
    pub words: Vec<String>,
    pub value: T,
}

impl<T> Default for PhraseIndex<T> {
    fn default() -> Self {
        PhraseIndex {
            by_first: HashMap::default(),
        }
    }
}

impl<T> PhraseIndex<T> {
    pub fn new<'a>(phrases: impl IntoIterator<Item = (&'a str, T)>) -> Self {
        let mut by_first: HashMap<String, Vec<Phrase<T>>> = HashMap::default();
        for (phrase, value) in phrases {
            let words: Vec<String> = phrase.split(' ').map(String::from).collect();
            (by_first.entry(words[0].to_lowercase()).or_default()).push(Phrase { words, value });
        }
        for bucket in by_first.values_mut() {
            bucket.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
        }
        PhraseIndex { by_first }
    }

    /// The phrases that begin with a lower-case word.
    pub fn starting(&self, first: &str) -> &[Phrase<T>] {
        self.by_first.get(first).map_or(&[], Vec::as_slice)
    }

    /// Every first word.
    pub fn first_words(&self) -> impl Iterator<Item = &str> {
        self.by_first.keys().map(String::as_str)
    }
}

/// The words and endings of English grammar the readers test a word against by its
/// role (text.toml's `[grammar]`): the readers name the role, the data names the word.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grammar {
    /// The preposition of a genitive or a partitive ("the village of X", "the shelling
    /// of Y", "minister of defence").
    pub genitive: String,
    /// The prepositions between an office and the country or field it is for ("envoy
    /// for Syria", "envoy on Libya", "envoy to Yemen", "minister for foreign affairs").
    pub office_scope: Vec<String>,
    /// The infinitive marker ("agreed to withdraw").
    pub infinitive: String,
    /// The conjunction that opens reported content ("said that ...").
    pub complementiser: String,
    pub definite_article: String,
    /// Indefinite articles: "a commander of X" is one of X's commanders, not the one
    /// who holds the office.
    #[serde(default)]
    pub indefinite_articles: Vec<String>,
    /// The conjunction of a list ("Moscow and Tehran").
    pub conjunction: String,
    /// Endings of adverbs ("reportedly"), past forms ("shelled") and gerunds ("shelling").
    pub adverb_ending: String,
    pub past_ending: String,
    pub gerund_ending: String,
}

impl Grammar {
    pub fn is_adverb(&self, lower: &str) -> bool {
        lower.ends_with(self.adverb_ending.as_str())
    }

    pub fn is_past_form(&self, lower: &str) -> bool {
        lower.ends_with(self.past_ending.as_str())
    }

    pub fn is_gerund(&self, lower: &str) -> bool {
        lower.ends_with(self.gerund_ending.as_str())
    }
}

/// How text is cut into sentences and which capitalised words are never names.
#[derive(Debug, Clone, Deserialize)]
pub struct TextPatterns {
    pub abbreviations: HashSet<String>,
    pub initialisms_never_final: HashSet<String>,
    pub not_names: HashSet<String>,
    pub set_nouns: Vec<String>,
    pub person_pronouns: HashSet<String>,
    /// Pronouns of organisations, states and groups ("it", "they"): as the subject of a
    /// verb of speech they stand for the speaker just before.
    #[serde(default)]
    pub speaker_pronouns: HashSet<String>,
    pub person_titles: HashSet<String>,
    pub determiners: HashSet<String>,
    pub set_determiners: HashSet<String>,
    pub quantifiers: HashSet<String>,
    pub name_glue: HashSet<String>,
    pub name_trailing: HashSet<String>,
    /// Endings of an adjective of origin ("Geneva-based", "London-based"): a capitalised
    /// word ending so says where someone is from, and names no one.
    #[serde(default)]
    pub origin_suffixes: Vec<String>,
    /// Names of languages (lower case): "said in Arabic" says how, not where, and a
    /// language is no one's name.
    #[serde(default)]
    pub languages: HashSet<String>,
    pub coordinators: Vec<String>,
    pub grammar: Grammar,
    /// `set_nouns` by first word ([`TextPatterns::compile`]).
    #[serde(skip)]
    pub set_noun_index: PhraseIndex<()>,
}

impl TextPatterns {
    /// Builds the lookup table; [`crate::Knowledge::load`] calls it once.
    pub fn compile(&mut self) {
        self.set_noun_index = PhraseIndex::new(self.set_nouns.iter().map(|n| (n.as_str(), ())));
    }
}

/// Cues for reading place names.
#[derive(Debug, Clone, Deserialize)]
pub struct PlacePatterns {
    pub designators: Designators,
    pub before_place: Vec<String>,
    pub locative: HashSet<String>,
    pub metonym_cues: HashSet<String>,
    /// Words that may stand between a capital and its cue ("Beirut again rejected"),
    /// besides lower-case adverbs in -ly.
    #[serde(default)]
    pub metonym_adverbs: HashSet<String>,
    /// Phrases that add partners between a capital and its cue ("Washington along with
    /// its allies demanded"): the cue may follow within a few words.
    #[serde(default)]
    pub metonym_companions: Vec<String>,
    pub after_place: HashSet<String>,
    pub name_connectors: HashSet<String>,
    pub narrowing: HashSet<String>,
    pub motion: HashSet<String>,
    pub admin1_abbreviations_in: Vec<String>,
    /// Nouns that end the name of an organisation ("Mission", "Front", "Agency"): a place
    /// named after one and a linking preposition is part of that name ("the UN Support
    /// Mission in Libya"), not a place the report speaks of.
    #[serde(default)]
    pub organisation_heads: HashSet<String>,
    /// The prepositions that join such a noun to the rest of the name ("of", "in").
    #[serde(default)]
    pub organisation_linkers: HashSet<String>,
}

impl PlacePatterns {
    /// Whether two lower-case words are one of `before_place` ("village of"): the name
    /// after them is a place.
    pub fn leads_place(&self, first: &str, second: &str) -> bool {
        self.before_place
            .iter()
            .any(|p| p.split_once(' ') == Some((first, second)))
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Designators {
    pub admin1: Vec<String>,
    pub district: Vec<String>,
    pub city: Vec<String>,
    pub zone: Vec<String>,
}

/// Words that attribute speech (data/knowledge/patterns/speech.toml).
#[derive(Debug, Clone, Deserialize)]
pub struct SpeechPatterns {
    pub verbs: Vec<String>,
    pub according_to: Vec<String>,
    pub documents: Vec<String>,
    pub joint: Vec<String>,
    /// Verbs by which an actor puts out a document ("the ministry issued a statement"):
    /// the actor is the document's author.
    #[serde(default)]
    pub issuing: Vec<String>,
    /// Words after a document that name its author ("a statement from the ministry",
    /// "issued by the rebels").
    #[serde(default)]
    pub authored_by: Vec<String>,
    /// Verbs by which a speaker names a thing in its own words ("called the deal a"):
    /// they attribute the quoted words that follow in their clause, never a clause of
    /// reported speech.
    #[serde(default)]
    pub naming: Vec<String>,
    /// Verbs by which one speaker reports another's words ("state media quoted the
    /// ministry as saying"): with `quoting_link` and a cue after the one quoted, that one
    /// is the speaker.
    #[serde(default)]
    pub quoting: Vec<String>,
    /// The word between the one quoted and the cue ("as").
    #[serde(default)]
    pub quoting_link: Vec<String>,
    /// Acts a verb of speech may answer in deeds, not words: "troops responded to the
    /// attack" says nothing (the act after a preposition and a determiner, lower case).
    #[serde(default)]
    pub answered_acts: HashSet<String>,
    /// Verbs of speech addressed to someone: the name after one is the one spoken to,
    /// never the speaker (`," a local official told AFP`).
    #[serde(default)]
    pub addressed: Vec<String>,
    /// Participles that open a phrase setting the scene of the speech ("Speaking to
    /// reporters in Ankara, Erdogan said ..."): what was said follows the cue.
    #[serde(default)]
    pub scene: HashSet<String>,
    /// First words of every cue and document noun, so most words are rejected by one
    /// lookup ([`SpeechPatterns::compile`]).
    #[serde(skip)]
    first_words: HashSet<String>,
    /// The speech cues (verbs and "according to" phrases) by first word.
    #[serde(skip)]
    pub cues: PhraseIndex<()>,
    /// The naming verbs ([`SpeechPatterns::naming`]) by first word.
    #[serde(skip)]
    pub naming_cues: PhraseIndex<()>,
    /// The document nouns folded as text is for matching, longest first.
    #[serde(skip)]
    pub folded_documents: Vec<String>,
}

impl SpeechPatterns {
    /// Builds the lookup table; [`crate::Knowledge::load`] calls it once.
    pub fn compile(&mut self) {
        self.first_words = self
            .verbs
            .iter()
            .chain(&self.according_to)
            .chain(&self.documents)
            .chain(&self.naming)
            .filter_map(|p| p.split(' ').next())
            .map(|w| w.to_lowercase())
            .collect();
        self.folded_documents = self
            .documents
            .iter()
            .map(|d| crate::fold::fold_str(d))
            .collect();
        (self.folded_documents).sort_by_key(|n| std::cmp::Reverse(n.len()));
        self.cues = PhraseIndex::new(
            (self.verbs.iter())
                .chain(&self.according_to)
                .map(|p| (p.as_str(), ())),
        );
        self.naming_cues = PhraseIndex::new(self.naming.iter().map(|p| (p.as_str(), ())));
    }

    /// Every word that can begin a speech cue or a document noun.
    pub(crate) fn first_words(&self) -> impl Iterator<Item = &str> {
        self.first_words.iter().map(String::as_str)
    }

    /// Whether a lower-case word can begin a speech cue or a document noun.
    pub fn may_start(&self, lower: &str) -> bool {
        self.first_words.contains(lower)
    }
}

/// What makes a document an agreement, and the topics of provisions
/// (data/knowledge/patterns/agreements.toml).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgreementPatterns {
    /// Nouns of documents that record an agreement of their authors.
    pub documents: Vec<String>,
    pub min_parties: usize,
    /// Event types whose acts by all the parties are provisions.
    pub provision_types: HashSet<truce_model::EventType>,
    /// Words that make a capitalised name an instrument ("Resolution", "Charter").
    pub instruments: HashSet<String>,
    /// Words that say nothing of what a provision is about, left out when a provision's
    /// text is compared with later acts and quotations for evidence.
    pub common_words: HashSet<String>,
    /// Words that, opening a sentence before a document ("Under the memorandum, ..."),
    /// make the rest of the sentence one of its provisions.
    #[serde(default)]
    pub terms: Vec<String>,
    /// Nouns of documents that bind their parties: what one does as a subject ("the
    /// agreement offers an amnesty") is one of its terms, planned, not an act done.
    #[serde(default)]
    pub binding: Vec<String>,
    #[serde(rename = "topic")]
    pub topics: Vec<Topic>,
}

/// A provision topic and the words that show it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    pub name: String,
    pub words: Vec<String>,
}

/// A user's additions to [`AgreementPatterns`]: every field optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoreAgreementPatterns {
    #[serde(default)]
    pub documents: Vec<String>,
    #[serde(default)]
    pub instruments: Vec<String>,
    #[serde(default)]
    pub common_words: Vec<String>,
    #[serde(default)]
    pub terms: Vec<String>,
    #[serde(default)]
    pub binding: Vec<String>,
    #[serde(default, rename = "topic")]
    pub topics: Vec<Topic>,
}

impl AgreementPatterns {
    /// Adds a user's file: documents and instruments extend the lists; a topic of a known
    /// name gains words, a new one is added.
    pub fn extend(&mut self, more: MoreAgreementPatterns) {
        self.documents.extend(more.documents);
        self.instruments
            .extend(more.instruments.into_iter().map(|w| w.to_lowercase()));
        self.common_words
            .extend(more.common_words.into_iter().map(|w| w.to_lowercase()));
        self.terms.extend(more.terms);
        self.binding.extend(more.binding);
        for t in more.topics {
            match self.topics.iter_mut().find(|x| x.name == t.name) {
                Some(known) => known.words.extend(t.words),
                None => self.topics.push(t),
            }
        }
    }
}

/// Words for reading dates.
#[derive(Debug, Clone, Deserialize)]
pub struct DatePatterns {
    /// Names of the months, January first; each with its abbreviations.
    pub months: Vec<Vec<String>>,
    /// Names of the days, Monday first.
    pub weekdays: Vec<Vec<String>>,
    /// Words before a date that belong to its text; longest phrases first after `compile`.
    pub leads: Vec<String>,
    /// Words before a month that point to the coming one ("until March").
    pub ahead: HashSet<String>,
    /// Words that lead a month besides `leads` ("the end of April").
    pub month_leads: HashSet<String>,
    /// Month names that are common words too ("may"): a date only with a day or a year,
    /// or after one of `ambiguous_month_leads`.
    pub ambiguous_months: HashSet<String>,
    pub ambiguous_month_leads: HashSet<String>,
    /// Words after a day and a month written in lower case that show the two are a date
    /// ("on 4 may it was reported", "3 may in Sochi"), not a number and a verb ("3 may be
    /// freed").
    #[serde(default)]
    pub lowercase_month_followers: HashSet<String>,
    /// Words before a weekday that point to the coming one ("next Friday").
    pub weekday_ahead: HashSet<String>,
    /// Words in the clause of a weekday or a month without a year that put it after the
    /// publication ("patrols will begin on Sunday", "was planned for June").
    #[serde(default)]
    pub future: HashSet<String>,
    /// Words after a count and its unit that count back from publication ("ago").
    pub ago: HashSet<String>,
    /// The units a count can count back by, each written form with its unit ("days" =
    /// "day"); the unit is one `truce-analyse` knows how to count (day, week, month, year).
    pub ago_units: HashMap<String, String>,
    /// Words before a bare year that make it a date ("in 2018", "since 2011").
    pub year_leads: HashSet<String>,
    pub numbers: HashMap<String, i64>,
    /// Day offsets from the publication date ("yesterday" = -1).
    pub days: HashMap<String, i64>,
    /// Period offsets: unit (week, month, year, weekend) and count.
    pub periods: HashMap<String, (String, i64)>,
    /// Compiled from the lists above by [`DatePatterns::compile`]: every word that can
    /// open a date, and the month or weekday each name stands for.
    #[serde(skip)]
    starters: HashSet<String>,
    #[serde(skip)]
    longest_starter: usize,
    #[serde(skip)]
    month_of: HashMap<String, u32>,
    #[serde(skip)]
    weekday_of: HashMap<String, u32>,
    /// `days` and `periods` by first word ([`DatePatterns::compile`]).
    #[serde(skip)]
    pub relative: PhraseIndex<RelativeShift>,
}

/// How far a relative phrase points from the publication date.
#[derive(Debug, Clone)]
pub enum RelativeShift {
    /// Days ("yesterday" = -1).
    Days(i64),
    /// Periods of a unit (week, month, year, weekend) and their count.
    Period(String, i64),
}

impl DatePatterns {
    /// Builds the lookup tables; [`crate::Knowledge::load`] calls it once.
    pub fn compile(&mut self) {
        self.leads
            .sort_by_key(|l| std::cmp::Reverse(l.split(' ').count()));
        for (i, names) in self.months.iter().enumerate() {
            for n in names {
                self.month_of.insert(n.clone(), i as u32 + 1);
            }
        }
        for (i, names) in self.weekdays.iter().enumerate() {
            for n in names {
                self.weekday_of.insert(n.clone(), i as u32);
            }
        }
        self.relative = PhraseIndex::new(
            (self.days.iter())
                .map(|(p, d)| (p.as_str(), RelativeShift::Days(*d)))
                .chain(
                    (self.periods.iter())
                        .map(|(p, (u, n))| (p.as_str(), RelativeShift::Period(u.clone(), *n))),
                ),
        );
        let firsts = self.relative.first_words();
        let words = self
            .month_of
            .keys()
            .chain(self.weekday_of.keys())
            .chain(self.numbers.keys())
            .map(String::as_str);
        self.starters = firsts.chain(words).map(String::from).collect();
        self.longest_starter = self.starters.iter().map(String::len).max().unwrap_or(0);
    }

    /// Whether a lower-case word is a one-word lead ("on", "since").
    pub fn is_lead(&self, lower: &str) -> bool {
        self.leads.iter().any(|l| l == lower)
    }

    /// Whether a lower-case word can open a date expression (numbers always can).
    pub fn starts_date(&self, lower: &str) -> bool {
        lower.len() <= self.longest_starter && self.starters.contains(lower)
    }

    /// Every word that can open a date expression.
    pub(crate) fn starters(&self) -> impl Iterator<Item = &str> {
        self.starters.iter().map(String::as_str)
    }

    /// The month (1-12) a lower-case word names ("sept" and "sept." alike).
    pub fn month(&self, lower: &str) -> Option<u32> {
        self.month_of.get(lower.trim_end_matches('.')).copied()
    }

    /// The weekday (0 = Monday) a lower-case word names.
    pub fn weekday(&self, lower: &str) -> Option<u32> {
        self.weekday_of.get(lower.trim_end_matches('.')).copied()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phrase_index_keys_by_the_lower_case_first_word_longest_first() {
        let index = PhraseIndex::new([
            ("last", 1),
            ("Last week", 2),
            ("last week end", 3),
            ("today", 4),
        ]);
        let values: Vec<i32> = index.starting("last").iter().map(|p| p.value).collect();
        assert_eq!(values, [3, 2, 1]);
        assert_eq!(index.starting("last")[1].words, ["Last", "week"]);
        assert!(index.starting("Last").is_empty());
        assert!(index.starting("week").is_empty());
        let mut firsts: Vec<&str> = index.first_words().collect();
        firsts.sort();
        assert_eq!(firsts, ["last", "today"]);
    }
}
