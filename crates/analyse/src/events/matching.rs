//! Pattern matching: which of knowledge's event patterns match in a sentence, where
//! their gaps, recipient slots and possessives fall, and which of overlapping matches
//! wins.

use truce_knowledge::{Element, Step, WordSet};

use super::{Hit, Reader, GAP_WORDS, OBJECT_WORDS, SLOT_WORDS};
use crate::actors::How;
use crate::sentences::Sentence;
use crate::tokens::TokenKind;

impl<'a> Reader<'a> {
    /// The matches in a sentence of truce's own patterns, or of the imported ones.
    fn hits_of(&self, index: usize, sentence: &Sentence, imported: bool, hits: &mut Vec<Hit>) {
        let events = &self.layers.knowledge.events;
        // an imported dictionary names tens of thousands of patterns, a hundred or more
        // for a common verb: the sentence's words rule most of them out at once
        let words = if imported {
            WordSet::of((sentence.first_token..sentence.end_token).map(|i| self.word(i)))
        } else {
            WordSet::default()
        };
        for i in sentence.first_token..sentence.end_token {
            // an imported dictionary's verbs are verbs: not a word inside a name ("United"
            // of "United Nations") nor a capitalised word inside a sentence
            if imported
                && (self.mention_covering(i).is_some()
                    || (i > sentence.first_token && self.layers.text.tokens[i].capitalised)
                    || (i > sentence.first_token && self.noun_position(i)))
            {
                continue;
            }
            let candidates = events.starting_with(self.word(i), imported);
            if candidates.is_empty() {
                continue;
            }
            // a word of a date is no act ("on 6 March", "March 15"); nor is a trigger that
            // a noun before it makes a compound ("press release"; a past tense after it is
            // its verb: "state media lashed out"), nor a participle
            // between a determiner and its noun ("the jailed activist", "the besieged
            // town"): an adjective
            if self.in_date(i)
                || (i > sentence.first_token
                    && events.clauses.compound_heads.contains(self.lower(i - 1))
                    && !self
                        .layers
                        .knowledge
                        .text
                        .grammar
                        .is_past_form(self.lower(i)))
                || self.participle_adjective(i, sentence)
            {
                continue;
            }
            // an imported verb alone counts only with a recipient after it or an actor
            // before it (see `find`): without a name in reach none of its bare patterns can
            let named_near = || {
                (i + 1..(i + 1 + OBJECT_WORDS).min(sentence.end_token))
                    .take_while(|&j| !self.stop(j))
                    .any(|j| self.mention_at[j].is_some())
                    || (sentence.first_token..i).any(|j| self.covering[j].is_some())
            };
            let mut name_in_reach: Option<bool> = None;
            for &p in candidates {
                let p = p as usize;
                if imported
                    && (!events.may_match(p, &words)
                        || (events.patterns[p].elements.len() == 1
                            && !*name_in_reach.get_or_insert_with(named_near)))
                {
                    continue;
                }
                // "rescue workers", "strike force": a one-word trigger that modifies the
                // noun after it is not an act
                if events.patterns[p].elements.len() == 1
                    && events.clauses.modified.contains(self.lower(i + 1))
                {
                    continue;
                }
                let mut slot = None;
                if let Some(end) =
                    self.match_elements(events.steps(p), i, sentence.end_token, &mut slot)
                {
                    // an imported pattern's last word is no month of a date ("a summit
                    // will be held in March" holds no march)
                    if imported && end > i + 1 && self.in_date(end - 1) {
                        continue;
                    }
                    // a slot that must name a party ends in no thing ("hoped that the
                    // truce would hold")
                    if events.patterns[p].party
                        && slot.is_some_and(|(_, e): (usize, usize)| {
                            e > 0 && events.clauses.things.contains(self.lower(e - 1))
                        })
                    {
                        continue;
                    }
                    hits.push(Hit {
                        pattern: p,
                        sentence: index,
                        first: i,
                        end,
                        slot,
                    });
                }
            }
        }
    }

    /// A capitalised word inside a date ("March" of "in March").
    fn in_date(&self, i: usize) -> bool {
        let at = self.layers.text.tokens[i].start;
        self.layers.text.tokens[i].capitalised
            && self
                .layers
                .dates
                .iter()
                .any(|d| d.start <= at && at < d.end)
    }

    /// Whether the word at `i` stands where a noun does: after a determiner ("the deal",
    /// "its arms"), a preposition unless it is a gerund ("in order to", "at risk") or a
    /// demonym ("Azerbaijani forces"). An imported dictionary's verbs
    /// are often nouns as well, which truce's own patterns spell out where they mean it.
    fn noun_position(&self, i: usize) -> bool {
        self.layers.text.lex(i - 1).is_determiner()
            // "in order to", "at risk": after a preposition (not the "to" of an
            // infinitive) a verb is a gerund
            || (self.layers.text.lex(i - 1).is_preposition()
                && self.layers.text.tokens[i - 1].kind == TokenKind::Word
                && self.lower(i - 1) != self.layers.knowledge.text.grammar.infinitive
                && !self.layers.knowledge.text.grammar.is_gerund(self.lower(i)))
            || self
                .mention_covering(i - 1)
                .is_some_and(|m| self.layers.names[m].how == How::Demonym)
    }

    /// A word in -ed (not a compound such as "open-ended") right after a determiner and
    /// right before a word: "the jailed activist", "the injured Turkish troops".
    fn participle_adjective(&self, i: usize, sentence: &Sentence) -> bool {
        let tokens = &self.layers.text.tokens;
        let word = self.lower(i);
        i > sentence.first_token
            && i + 1 < sentence.end_token
            && self.layers.knowledge.text.grammar.is_past_form(word)
            && !word.contains('-')
            && self.layers.text.lex(i - 1).is_determiner()
            && tokens[i + 1].kind == TokenKind::Word
    }

    /// Every pattern match in a sentence, overlaps resolved in favour of the longer.
    pub(super) fn hits(&self, index: usize, sentence: &Sentence) -> Vec<Hit> {
        let events = &self.layers.knowledge.events;
        let mut hits = Vec::new();
        // imported dictionaries only fill sentences truce's own patterns miss: they are
        // tried only when the first pass found nothing
        for imported in [false, true] {
            if imported && !hits.is_empty() {
                break;
            }
            self.hits_of(index, sentence, imported, &mut hits);
        }
        // Where two matches share a word, the one that starts first wins (a verb and
        // its object, "lifted sanctions", over the object alone, "sanctions on Sudan"),
        // then the one with more words of its own (the more specific), then the one that
        // skips fewer words, then the longer; then the pattern listed first.
        let words = |h: &Hit| {
            events.patterns[h.pattern]
                .elements
                .iter()
                .filter(|e| !matches!(e, Element::Gap | Element::Recipient))
                .count()
        };
        let gaps = |h: &Hit| {
            let slot = h.slot.map(|(a, b)| b - a).unwrap_or(0);
            (h.end - h.first).saturating_sub(words(h) + slot)
        };
        hits.sort_by_key(|h| {
            (
                h.first,
                std::cmp::Reverse(words(h)),
                gaps(h),
                std::cmp::Reverse(h.end - h.first),
                h.pattern,
            )
        });
        let mut kept: Vec<Hit> = Vec::new();
        for h in hits {
            if kept.iter().all(|k| !overlap_literal(k, &h)) {
                kept.push(h);
            }
        }
        kept.sort_by_key(|h| h.first);
        kept
    }

    pub(super) fn match_elements(
        &self,
        elements: &[Step],
        i: usize,
        limit: usize,
        slot: &mut Option<(usize, usize)>,
    ) -> Option<usize> {
        let Some((first, rest)) = elements.split_first() else {
            return Some(i);
        };
        match first {
            Step::Word(forms) => {
                // punctuation and words no pattern names are `NO_WORD`, in no form list
                if i < limit && forms.binary_search(&self.word(i)).is_ok() {
                    self.match_elements(rest, i + 1, limit, slot)
                } else if let Some(after) = self.date_between(i, limit) {
                    // wire style puts the day inside the phrase ("called Thursday on
                    // Arabs to", "forced out on Wednesday"): a date, with the preposition
                    // before it, is passed over
                    self.match_elements(elements, after, limit, slot)
                } else {
                    None
                }
            }
            Step::Gap => {
                // a word after the gap is compared here: the gap itself passes over any
                // date, and most places it could start fail on the first comparison
                let (word, after_word) = match rest.split_first() {
                    Some((Step::Word(forms), after)) => (Some(forms), after),
                    _ => (None, rest),
                };
                for skip in 0..=GAP_WORDS {
                    let j = i + skip;
                    if skip > 0 && (j > limit || self.stop(j - 1)) {
                        break;
                    }
                    let found = match word {
                        Some(forms) if j < limit && forms.binary_search(&self.word(j)).is_ok() => {
                            self.match_elements(after_word, j + 1, limit, slot)
                        }
                        Some(_) => None,
                        None => self.match_elements(rest, j, limit, slot),
                    };
                    if found.is_some() {
                        return found;
                    }
                }
                None
            }
            Step::Recipient if rest.is_empty() => {
                // the first actor named in the next words, with those coordinated with it
                for j in i..(i + SLOT_WORDS).min(limit) {
                    if self.hard_break(j) {
                        break;
                    }
                    if let Some(m) = self.mention_at[j] {
                        let (_, end) = self.chain_forward(m, limit);
                        *slot = Some((i, end));
                        return Some(end);
                    }
                }
                None
            }
            Step::Recipient => {
                // "called on all parties to": the words after the slot anchor it, so it
                // need not name a known actor
                for e in (i + 1)..=(i + SLOT_WORDS).min(limit) {
                    // nor does it take in a verb coordinated after it (after one of the
                    // `coordinators`: "welcomed the offer and agreed to talks" welcomed no
                    // one to talks)
                    let j = e - 1;
                    if self.hard_break(j)
                        || (j > i
                            && self
                                .layers
                                .knowledge
                                .events
                                .clauses
                                .coordinators
                                .contains(self.lower(j - 1))
                            && self.layers.knowledge.events.is_participle(self.lower(j)))
                    {
                        break;
                    }
                    // nor does it end with a word that opens a clause: in "said that the
                    // deal sets a truce that must hold" the "must" is the relative clause's,
                    // with no recipient as its subject
                    if j > i && self.layers.text.lex(j).opens_clause() {
                        continue;
                    }
                    if let Some(end) = self.match_elements(rest, e, limit, slot) {
                        *slot = Some((i, e));
                        return Some(end);
                    }
                }
                None
            }
            Step::Possessive => {
                let m = self.mention_at.get(i).copied().flatten()?;
                let after = self.possessive_marker(self.tok(self.layers.names[m].end))?;
                if after > limit {
                    return None;
                }
                *slot = Some((i, after));
                self.match_elements(rest, after, limit, slot)
            }
        }
    }

    /// The first name inside the words a pattern's gap skipped, for a pattern whose
    /// last element is a word ("release+ * sailors"): the owner of its object.
    pub(super) fn named_in_gap(&self, hit: &Hit) -> Option<usize> {
        let steps = self.layers.knowledge.events.steps(hit.pattern);
        let gap_then_word = steps.len() >= 3
            && matches!(steps[steps.len() - 2], Step::Gap)
            && matches!(steps[steps.len() - 1], Step::Word(_));
        if !gap_then_word {
            return None;
        }
        (hit.first + 1..hit.end.saturating_sub(1)).find_map(|j| self.mention_at[j])
    }

    /// The token after a date that starts at token `i`, or after a preposition at `i`
    /// and the date right after it, if that is before `limit`.
    fn date_between(&self, i: usize, limit: usize) -> Option<usize> {
        let after = self.date_after.get(i).copied().unwrap_or(0) as usize;
        (after > i && after < limit).then_some(after)
    }

    /// The token after a possessive marker ("'s", "’s") that starts at token `i`.
    pub(super) fn possessive_marker(&self, i: usize) -> Option<usize> {
        match (self.lower(i), self.lower(i + 1)) {
            ("'s" | "\u{2019}s", _) => Some(i + 1),
            ("'" | "\u{2019}", "s") => Some(i + 2),
            _ => None,
        }
    }
}

/// Whether two matches share a literal word (not only a slot or gap).
fn overlap_literal(a: &Hit, b: &Hit) -> bool {
    let literal = |h: &Hit, i: usize| {
        h.first <= i && i < h.end && h.slot.is_none_or(|(s, e)| i < s || i >= e)
    };
    (a.first.max(b.first)..a.end.min(b.end)).any(|i| literal(a, i) && literal(b, i))
}
