//! The clause around a match and the form of its trigger: a verb, a passive verb or a
//! noun.

use truce_model::QuoteKind;

use super::{Hit, Reader};
use crate::sentences::Sentence;

/// The clause a trigger stands in (token indices unless said otherwise).
pub(super) struct Clause {
    /// The first token of the clause: after the last opener ("that", "which", ";")
    /// before the trigger, inside the quotation that holds it.
    pub left: usize,
    /// The token after the clause: the first break after the trigger.
    pub right: usize,
    /// The opener word before `left`, if the clause has one.
    pub opener: Option<usize>,
    /// The quotation (an index into the layers' quotes) the trigger sits in.
    pub quote: Option<usize>,
    /// The clause's tokens as its evidence shows them: `left..right` without the quotation
    /// marks and commas at its ends (nor a final full stop).
    pub shown_first: usize,
    pub shown_end: usize,
    /// The evidence's byte span in the clean text.
    pub start: usize,
    pub end: usize,
}

/// How a trigger is told.
pub(super) struct Form {
    /// The mention whose possessive ends right before the trigger ("Russia's call").
    pub possessor: Option<usize>,
    /// A noun ("a call for", "Russia's offensive", "the shelling of").
    pub nominal: bool,
    /// A passive verb ("was attacked by", "nine civilians killed in").
    pub passive: bool,
    /// "The strike hit the market": the noun opens its clause after a word that refers
    /// back ("the").
    pub anaphoric: bool,
}

impl<'a> Reader<'a> {
    /// The clause of a match: from the last opener before the trigger to the first
    /// break after it, inside the quotation that holds the trigger.
    pub(super) fn clause(&self, hit: &Hit, sentence: &Sentence) -> Clause {
        let layers = self.layers;
        let events = &layers.knowledge.events;
        let tokens = &layers.text.tokens;
        let trigger_end = hit.trigger_end();
        let quote = self.quote_around(tokens[hit.first].start, tokens[trigger_end - 1].end);
        let (mut left, mut right) = (sentence.first_token, sentence.end_token);
        if let Some(q) = quote {
            let (q, _) = &layers.quotes[q];
            left = left.max(self.tok(q.start));
            right = right.min(self.tok(q.end).max(left + 1));
        } else {
            // a quotation that closed before the trigger is not part of its clause (the
            // quotes are in the order they start: those of the sentence up to the trigger)
            let at = tokens[hit.first].start;
            let quotes = &layers.quotes;
            let from = quotes.partition_point(|(q, _)| q.start < sentence.start);
            for (q, _) in quotes[from..].iter().take_while(|(q, _)| q.start <= at) {
                if q.end <= at && q.kind == QuoteKind::Direct {
                    left = left.max(self.tok(q.end));
                }
            }
        }
        let mut opener = None;
        let mut j = hit.first;
        while j > left {
            j -= 1;
            if self.lower(j) == ";" || layers.text.lex(j).opens_clause() {
                opener = Some(j);
                left = j + 1;
                break;
            }
        }
        let mut j = hit.end;
        while j < right {
            if self.lower(j) == ";"
                || (self.lower(j) == ","
                    && j + 1 < right
                    && events.clauses.breaks.contains(self.lower(j + 1)))
            {
                right = j;
                break;
            }
            j += 1;
        }
        let right = right.max(hit.end);
        let is_quote_mark = |i: usize| {
            matches!(
                self.lower(i),
                "\"" | "\u{201C}" | "\u{201D}" | "'" | "," | "\u{2018}" | "\u{2019}"
            )
        };
        let (mut shown_first, mut shown_end) = (left, right);
        while shown_first < hit.first && is_quote_mark(shown_first) {
            shown_first += 1;
        }
        while shown_end > hit.end
            && (is_quote_mark(shown_end - 1) || self.lower(shown_end - 1) == ".")
        {
            shown_end -= 1;
        }
        Clause {
            left,
            right,
            opener,
            quote,
            shown_first,
            shown_end,
            start: tokens[shown_first].start,
            end: tokens[shown_end - 1].end,
        }
    }

    /// Whether a trigger is a noun ("a call for", "Russia's offensive") or a verb, and
    /// if a verb whether a passive one.
    pub(super) fn form(&self, hit: &Hit, clause: &Clause) -> Form {
        let events = &self.layers.knowledge.events;
        let text = self.layers.text;
        let tokens = &text.tokens;
        let pattern = &events.patterns[hit.pattern];
        let (left, right) = (clause.left, clause.right);
        let trigger_end = hit.trigger_end();
        let previous = |i: usize| if i > 0 { self.lower(i - 1) } else { "" };
        let possessor = self.possessor_before(hit.first);
        // a participle with a "by" agent that names an actor ("the zone agreed by Russia,
        // Turkey and Iran"): a passive verb, whatever stands before it
        let agent_follows = trigger_end == hit.first + 1
            && self.lower(trigger_end) == events.clauses.agent
            && events.is_participle(self.lower(hit.first))
            && (trigger_end + 1..(trigger_end + 4).min(right))
                .any(|x| self.mention_at[x].is_some());
        // "The envoy met the rebels": a past form with an object after it is the verb of
        // the noun before it, not a noun compounded with it ("the peace talks"); after an
        // adverb it is an adjective ("the closely related Ebola")
        let grammar = &self.layers.knowledge.text.grammar;
        let past_with_object = events.is_participle(self.lower(hit.first))
            && !grammar.is_adverb(previous(hit.first))
            && trigger_end < right
            && (text.lex(trigger_end).is_determiner() || self.mention_at[trigger_end].is_some());
        // "weeks of fierce battles": after "of" and a word that is no name, a trigger that
        // is no participle ("dozens of civilians killed") is a noun
        let described_after_of = hit.first > 1
            && self.lower(hit.first - 2) == grammar.genitive
            && !tokens[hit.first - 1].capitalised
            && text.tokens[hit.first - 1].kind == crate::tokens::TokenKind::Word
            && self.mention_covering(hit.first - 1).is_none()
            && !events.is_participle(self.lower(hit.first));
        // "a Syrian government offensive": a name (with words that describe the noun)
        // between a determiner (or "of") and a trigger that is no past form owns the noun
        let owned_noun = (hit.first.saturating_sub(3).max(left)..hit.first)
            .any(|j| self.mention_covering(j).is_some())
            && {
                let mut k = hit.first;
                while k > left && hit.first - k < 2 && self.describes(k - 1) {
                    k -= 1;
                }
                let described = k;
                while k > left && self.mention_covering(k - 1).is_some() {
                    k -= 1;
                }
                k < described
                    && k > 0
                    && (text.lex(k - 1).is_determiner() || previous(k) == grammar.genitive)
                    && !events.is_participle(self.lower(hit.first))
                    && !grammar.is_past_form(self.lower(hit.first))
            };
        // the words before the trigger, an opening quotation mark between a determiner
        // and its noun not parting them ("after the “cowardly attack”")
        let word_before = |i: usize| {
            let mut j = i;
            while j > 0 && matches!(self.lower(j - 1), "\"" | "\u{201C}" | "\u{2018}") {
                j -= 1;
            }
            j.checked_sub(1)
        };
        let one_before = word_before(hit.first);
        let two_before = one_before.and_then(word_before);
        let nominal = possessor.is_some()
            || owned_noun
            || pattern.noun
            || one_before.is_some_and(|p| text.lex(p).is_determiner())
            || previous(hit.first) == grammar.genitive
            || described_after_of
            // "since fighting began", "after shelling the town": a gerund after a
            // preposition
            || (hit.first > 0
                && text.lex(hit.first - 1).is_preposition()
                && grammar.is_gerund(self.lower(hit.first)))
            || (two_before.is_some_and(|p| text.lex(p).is_determiner())
                && one_before.is_some_and(|p| {
                    !tokens[p].capitalised && !events.modality.passive.contains(self.lower(p))
                })
                && !agent_follows
                && !past_with_object);
        let passive = !nominal && self.passive(hit, clause, agent_follows);
        let anaphoric = nominal
            && possessor.is_none()
            && hit.first > left
            && events.clauses.anaphoric.contains(self.lower(hit.first - 1))
            && hit.first - 1 == clause.shown_first;
        Form {
            possessor,
            nominal,
            passive,
            anaphoric,
        }
    }

    /// Whether a verb trigger is passive: a participle after "be" ("was attacked (by)"),
    /// one with a "by" agent, or a reduced passive after a name ("nine civilians killed
    /// in the market").
    fn passive(&self, hit: &Hit, clause: &Clause, agent_follows: bool) -> bool {
        let layers = self.layers;
        let events = &layers.knowledge.events;
        let tokens = &layers.text.tokens;
        let (left, right) = (clause.left, clause.right);
        let trigger_end = hit.trigger_end();
        // the participle opens the trigger ("blown up": "blown")
        let participle = events.is_participle(self.lower(hit.first));
        let grammar = &layers.knowledge.text.grammar;
        let mut k = hit.first;
        while k > left && grammar.is_adverb(self.lower(k - 1)) {
            k -= 1;
        }
        // "were killed or injured": a participle coordinated with one before it shares
        // its auxiliary
        if k > left + 1
            && events.clauses.coordinators.contains(self.lower(k - 1))
            && events.is_participle(self.lower(k - 2))
        {
            k -= 2;
            while k > left && grammar.is_adverb(self.lower(k - 1)) {
                k -= 1;
            }
        }
        // "was attacked (by)", not "is committed to": a bare verb, or one with an agent
        let bare = trigger_end == hit.first + 1
            || (trigger_end..right).any(|j| self.lower(j) == events.clauses.agent);
        let after_be = k > left && events.modality.passive.contains(self.lower(k - 1));
        // "nine civilians killed in the market", "Russian soldiers killed in": a
        // participle after a name (and its noun) and before a preposition instead of an
        // object is passive without "be"
        let named_before = (hit.first.saturating_sub(2).max(left)..hit.first)
            .any(|j| self.mention_covering(j).is_some());
        // ... unless the preposition only dates an active verb that goes on to its object
        // or complement ("the army rejected on Tuesday the demand", "threatened on
        // Tuesday to attack")
        let dated_active = || {
            let at = tokens.get(trigger_end).map_or(usize::MAX, |t| t.start);
            self.date_starting_at(at).is_some_and(|d| {
                let after = self.tok(d.end);
                let w = self.lower(after);
                w == grammar.infinitive
                    || w == grammar.complementiser
                    || events.clauses.determiners.contains(w)
            })
        };
        // (in a headline in title case every word is capitalised: "Turkish Soldiers
        // Injured As ...")
        let sentence = &layers.sentences[hit.sentence];
        let reduced = named_before
            && (!tokens[hit.first - 1].capitalised || self.title_line(sentence))
            && !(k > 0 && events.clauses.perfect.contains(self.lower(k - 1)))
            && events
                .clauses
                .reduced_passive
                .contains(self.lower(trigger_end))
            && !dated_active();
        participle && bare && (after_be || reduced || agent_follows)
    }

    /// The innermost quotation (not a scare quote) around byte span `start..end`.
    pub(super) fn quote_around(&self, start: usize, end: usize) -> Option<usize> {
        // the quotes that open by `start`, read back while one of them may still reach
        // `end` (`quote_reach`: the furthest end up to each); the shortest, the first of
        // equals
        let quotes = &self.layers.quotes;
        let opened = quotes.partition_point(|(q, _)| q.start <= start);
        (0..opened)
            .rev()
            .take_while(|&i| self.quote_reach[i] >= end)
            .filter(|&i| quotes[i].0.kind != QuoteKind::Partial && end <= quotes[i].0.end)
            .min_by_key(|&i| (quotes[i].0.end - quotes[i].0.start, i))
    }
}
