//! One lookup per token for the word lists that analysis asks of nearly every token:
//! whether a word can open a date, a speech cue or a document noun, a set ("the
//! leaders"), whether event clauses read it as a determiner, a preposition or a clause
//! opener, and its number in the event patterns' vocabulary. Without it each stage
//! hashed every token again for its own list.

use rustc_hash::FxHashMap as HashMap;

use crate::events::{EventPatterns, NO_WORD};
use crate::patterns::{DatePatterns, SpeechPatterns, TextPatterns};

const OPENS_DATE: u8 = 1;
const OPENS_SPEECH: u8 = 1 << 1;
const DETERMINES_SET: u8 = 1 << 2;
const DETERMINER: u8 = 1 << 3;
const PREPOSITION: u8 = 1 << 4;
const OPENER: u8 = 1 << 5;
const CONTEXT: u8 = 1 << 6;
const SYNONYM: u8 = 1 << 7;

/// What knowledge's word lists say of one lower-case word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LexWord {
    flags: u8,
    event_word: u32,
}

impl LexWord {
    /// A word on none of the lists.
    pub const NONE: LexWord = LexWord {
        flags: 0,
        event_word: NO_WORD,
    };

    /// It can open a date expression ([`DatePatterns::starts_date`]).
    pub fn opens_date(self) -> bool {
        self.flags & OPENS_DATE != 0
    }

    /// It can open a speech cue or a document noun ([`SpeechPatterns::may_start`]).
    pub fn opens_speech(self) -> bool {
        self.flags & OPENS_SPEECH != 0
    }

    /// It is a determiner of a set of people ("the", "both").
    pub fn determines_set(self) -> bool {
        self.flags & DETERMINES_SET != 0
    }

    /// A determiner of the event patterns' clause words ("the", "its": [`ClauseWords::determiners`]).
    ///
    /// [`ClauseWords::determiners`]: crate::events::ClauseWords::determiners
    pub fn is_determiner(self) -> bool {
        self.flags & DETERMINER != 0
    }

    /// A preposition of the clause words ([`crate::events::ClauseWords::prepositions`]).
    pub fn is_preposition(self) -> bool {
        self.flags & PREPOSITION != 0
    }

    /// A word that opens a subordinate clause ([`crate::events::ClauseWords::openers`]).
    pub fn opens_clause(self) -> bool {
        self.flags & OPENER != 0
    }

    /// It shows a PLOVER context ([`EventPatterns::contexts_of`] is not empty).
    pub fn shows_context(self) -> bool {
        self.flags & CONTEXT != 0
    }

    /// It has a canonical synonym for merging ([`EventPatterns::canonical`] differs).
    pub fn has_synonym(self) -> bool {
        self.flags & SYNONYM != 0
    }

    /// Its number in the event patterns' vocabulary ([`EventPatterns::word_id`]).
    pub fn event_word(self) -> u32 {
        self.event_word
    }
}

/// Every word on those lists with what they say of it.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    words: HashMap<String, LexWord>,
}

impl Lexicon {
    pub(crate) fn build(
        dates: &DatePatterns,
        speech: &SpeechPatterns,
        text: &TextPatterns,
        events: &EventPatterns,
    ) -> Lexicon {
        let mut words: HashMap<String, LexWord> = HashMap::default();
        let mut flag = |w: &str, f: u8| {
            words.entry(w.to_string()).or_insert(LexWord::NONE).flags |= f;
        };
        dates.starters().for_each(|w| flag(w, OPENS_DATE));
        speech.first_words().for_each(|w| flag(w, OPENS_SPEECH));
        (text.set_determiners.iter()).for_each(|w| flag(w, DETERMINES_SET));
        (events.clauses.determiners.iter()).for_each(|w| flag(w, DETERMINER));
        (events.clauses.prepositions.iter()).for_each(|w| flag(w, PREPOSITION));
        (events.clauses.openers.iter()).for_each(|w| flag(w, OPENER));
        events.context_words().for_each(|w| flag(w, CONTEXT));
        events.synonym_words().for_each(|w| flag(w, SYNONYM));
        for (w, id) in events.vocabulary() {
            words
                .entry(w.to_string())
                .or_insert(LexWord::NONE)
                .event_word = id;
        }
        Lexicon { words }
    }

    /// What the lists say of a lower-case word.
    pub fn word(&self, lower: &str) -> LexWord {
        self.words.get(lower).copied().unwrap_or(LexWord::NONE)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_lexicon_agrees_with_every_list_it_folds_together() {
        let k = crate::Knowledge::bundled().unwrap();
        let words = [
            "the",
            "both",
            "said",
            "according",
            "statement",
            "joint",
            "yesterday",
            "last",
            "september",
            "sept",
            "friday",
            "three",
            "attacked",
            "met",
            "agreed",
            "ceasefire",
            "idlib",
            "of",
            "rebels",
            "its",
            "in",
            "though",
            "",
            "zzz",
        ];
        for w in words {
            let x = k.lexicon.word(w);
            assert_eq!(x.opens_date(), k.dates.starts_date(w), "{w}");
            assert_eq!(x.opens_speech(), k.speech.may_start(w), "{w}");
            assert_eq!(
                x.determines_set(),
                k.text.set_determiners.contains(w),
                "{w}"
            );
            assert_eq!(x.event_word(), k.events.word_id(w), "{w}");
            let c = &k.events.clauses;
            assert_eq!(x.is_determiner(), c.determiners.contains(w), "{w}");
            assert_eq!(x.is_preposition(), c.prepositions.contains(w), "{w}");
            assert_eq!(x.opens_clause(), c.openers.contains(w), "{w}");
            assert_eq!(
                x.shows_context(),
                !k.events.contexts_of(w).is_empty(),
                "{w}"
            );
            assert_eq!(x.has_synonym(), k.events.canonical(w) != w, "{w}");
        }
        // the words above cover each kind at least once
        assert!(k.lexicon.word("the").determines_set());
        assert!(k.lexicon.word("yesterday").opens_date());
        assert!(k.lexicon.word("said").opens_speech());
        assert!(k.lexicon.word("ceasefire").shows_context());
        assert_ne!(
            k.lexicon.word("attacked").event_word(),
            crate::events::NO_WORD
        );
    }
}
