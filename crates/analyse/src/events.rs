//! Events: what each party did to whom, coded in PLOVER from shallow patterns.
//!
//! The grammatical route is TABARI-style shallow patterns over the tokens (no parser):
//! an event pattern of knowledge (`patterns/events.toml`) matches a trigger ("called on
//! {R} to"); the clause around it is cut by opener words ("that", "which"), clause breaks
//! (", which", ";") and the quotation it sits in; the actor is the subject of that clause
//! (the nearest actor mention before the trigger that is not inside a prepositional
//! phrase, with the names coordinated with it; the "by" agent of a passive; the speaker
//! of a quotation for "we"), the recipient the `{R}` slot or the first actor named after
//! the trigger. Modality comes from cues in the clause, scoped by whether the trigger is
//! a verb (its auxiliaries) or a noun (the predicate it is the subject of). Acts that are
//! the content of another act ("asked them to withdraw") are not asserted. Several
//! reports of one act in a document are merged into one event with several evidence
//! spans, and the event says why.

use chrono::NaiveDate;
use rustc_hash::FxHashSet as HashSet;
use truce_knowledge::{Element, Knowledge, Step, WordSet};
use truce_model::{
    DateMention, DatePrecision, Event, EventDate, Evidence, Mention, Modality, Quote, QuoteKind,
};

use crate::actors::{ActorMention, How, Referent};
use crate::places::PlaceMention;
use crate::quotes::{DocumentMention, SpeakerRef};
use crate::sentences::Sentence;
use crate::tokens::TokenKind;
use crate::Text;

/// Everything events are read from: the earlier layers of the analysis.
pub struct Layers<'a> {
    pub t: &'a Text<'a>,
    pub k: &'a Knowledge,
    pub sentences: &'a [Sentence],
    /// Actor mentions sorted by start, longest first.
    pub names: &'a [ActorMention],
    pub places: &'a [PlaceMention],
    pub dates: &'a [DateMention],
    pub quotes: &'a [(Quote, Option<SpeakerRef>)],
    pub documents: &'a [DocumentMention],
    pub published: Option<NaiveDate>,
    pub dateline: Option<(usize, usize)>,
}

/// A `*` in a pattern skips this many words at most.
const GAP_WORDS: usize = 6;
/// Recipient slots and actor searches look this many words ahead at most.
const SLOT_WORDS: usize = 12;
/// A recipient named after a trigger without a slot must come this close; so must a place
/// a material act was done to.
const OBJECT_WORDS: usize = 5;
/// Auxiliaries and adverbs of a verb sit this close before it.
const AUX_WORDS: usize = 6;
/// Two reports are one act when their clauses share this many content words.
const SHARED_WORDS: usize = 3;

/// A pattern matched in a sentence (token indices).
#[derive(Debug, Clone)]
struct Hit {
    pattern: usize,
    sentence: usize,
    first: usize,
    end: usize,
    slot: Option<(usize, usize)>,
}

/// The kind of condition an announced act is made on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Condition {
    /// "if he gave them a veto": the act is offered for it.
    Offer,
    /// "unless their demands are met", "if the talks fail": the act is held over the
    /// other side.
    Demand,
}

/// An event before merging: one report of one act.
struct Found<'a> {
    event: Event,
    /// The content words of its clause after the trigger, sorted, for merging.
    content: Vec<&'a str>,
    /// Token range of the clause, for the complement rule.
    first: usize,
    clause_end: usize,
    verbal: bool,
    /// A noun trigger ("the release of detainees").
    nominal: bool,
    /// A future act its own actor announces ("said it will withdraw", "offered to
    /// negotiate"): the announcement is itself an act (PLOVER AGREE or THREATEN).
    announced: bool,
    /// A condition follows the act in its clause ("would meet him if he ...").
    conditional: Option<Condition>,
    /// "The strike hit ...": a definite noun that refers back to an act told before.
    anaphoric: bool,
    /// In the headline, before the dateline: the same act the body tells.
    headline: bool,
    /// Where the place came from: the recipient, the clause, the sentence, the dateline.
    place_from: Option<&'static str>,
}

/// Finds the events of a document.
pub fn find(l: &Layers) -> Vec<Event> {
    let t = l.t;
    let n = t.tokens.len();
    // the longest actor mention starting in each token
    let mut mention_at: Vec<Option<usize>> = vec![None; n];
    for (i, m) in l.names.iter().enumerate() {
        if let Some(tok) = t.token_at(m.start) {
            if mention_at[tok].is_none_or(|j| l.names[j].end < m.end) {
                mention_at[tok] = Some(i);
            }
        }
    }
    // the outermost actor mention covering each token (names come sorted by start,
    // longest first, so the first to claim a token is the outermost)
    let mut covering: Vec<Option<u32>> = vec![None; n];
    for (i, m) in l.names.iter().enumerate() {
        let mut j = t.tokens.partition_point(|x| x.end <= m.start);
        while j < n && t.tokens[j].start < m.end {
            if covering[j].is_none() {
                covering[j] = Some(i as u32);
            }
            j += 1;
        }
    }
    let mut date_after: Vec<u32> = vec![0; n];
    for d in l.dates {
        if let (Some(first), end) = (t.token_at(d.start), t.token_starting_at_or_after(d.end)) {
            let end = end.unwrap_or(n) as u32;
            date_after[first] = end;
            if first > 0
                && t.tokens[first - 1].kind == TokenKind::Word
                && t.lex(first - 1).is_preposition()
            {
                date_after[first - 1] = end;
            }
        }
    }
    // read once per token: gaps and slots ask at every word they pass
    let stops: Vec<u8> = (0..n)
        .map(|i| match t.lower(i) {
            _ if t.tokens[i].kind == TokenKind::Newline => HARD_BREAK,
            ";" | "." | ":" | "!" | "?" => HARD_BREAK,
            "," => COMMA,
            w if l.k.events.modality.conditional.contains(w) => CONDITION,
            _ => 0,
        })
        .collect();
    let r = Reader {
        l,
        mention_at,
        covering,
        date_after,
        stops,
    };
    let mut found: Vec<Found> = Vec::new();
    for (si, s) in l.sentences.iter().enumerate() {
        let hits = r.hits(si, s);
        let start = found.len();
        for h in hits {
            if let Some(f) = r.read(&h) {
                // an imported verb alone is too broad to be an act without someone it is
                // done to (PETRARCH, whose dictionary it is, codes only events with a
                // source and a target); with only a named actor it codes a deed told, not
                // a plan or a complement ("had the right to restore control" is no
                // cooperation), and only if its dictionary does not make its meaning
                // depend on what follows it (`context_dependent`: "died" of an illness is
                // no attack); its longer patterns are specific enough
                let pattern = &l.k.events.patterns[h.pattern];
                let bare = pattern.imported && pattern.elements.len() == 1;
                if bare
                    && f.event.recipients.is_empty()
                    && (f.event.actors.is_empty()
                        || f.event.modality != Modality::Asserted
                        || pattern.context_dependent)
                {
                    continue;
                }
                found.push(f);
            }
        }
        r.complements(&mut found[start..]);
        r.promised_concessions(&mut found[start..]);
        let intents: Vec<Found> = found[start..].iter().filter_map(|f| r.intent(f)).collect();
        found.extend(intents);
    }
    // A material act the report places only by its dateline (where the reporter was)
    // happened where the report's previous material act did, if it has one.
    let mut last_place: Option<String> = None;
    for f in &mut found {
        if f.verbal {
            continue;
        }
        match f.place_from {
            Some("recipient" | "object" | "clause" | "sentence") => {
                last_place = f.event.place.clone()
            }
            Some("dateline") | None if last_place.is_some() => {
                f.event.place = last_place.clone();
                f.place_from = Some("story");
            }
            _ => {}
        }
    }
    merge(found)
}

struct Reader<'a> {
    l: &'a Layers<'a>,
    mention_at: Vec<Option<usize>>,
    covering: Vec<Option<u32>>,
    /// For a token that starts a date, or a preposition right before one: the token
    /// after the date (0 for other tokens), so that patterns pass over it.
    date_after: Vec<u32>,
    /// Per token: [`HARD_BREAK`] for punctuation no slot or gap crosses, [`COMMA`],
    /// [`CONDITION`] for a word that opens a condition (no gap crosses it either).
    stops: Vec<u8>,
}

const HARD_BREAK: u8 = 1;
const COMMA: u8 = 2;
/// A word that opens a condition: what follows it is not the object of the act before.
const CONDITION: u8 = 3;

impl<'a> Reader<'a> {
    fn lower(&self, i: usize) -> &'a str {
        self.l.t.lower(i)
    }

    /// Token `i`'s number in the event patterns' vocabulary ([`truce_knowledge::NO_WORD`] for most).
    fn word(&self, i: usize) -> u32 {
        self.l.t.lex(i).event_word()
    }

    fn is_word(&self, i: usize) -> bool {
        self.l
            .t
            .tokens
            .get(i)
            .is_some_and(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
    }

    /// Punctuation that no slot or gap crosses.
    fn hard_break(&self, i: usize) -> bool {
        self.stops.get(i).is_some_and(|&s| s == HARD_BREAK)
    }

    /// A hard break or a comma.
    fn stop(&self, i: usize) -> bool {
        self.stops.get(i).is_some_and(|&s| s != 0)
    }

    /// The matches in a sentence of truce's own patterns, or of the imported ones.
    fn hits_of(&self, si: usize, s: &Sentence, imported: bool, hits: &mut Vec<Hit>) {
        let ev = &self.l.k.events;
        // an imported dictionary names tens of thousands of patterns, a hundred or more
        // for a common verb: the sentence's words rule most of them out at once
        let words = if imported {
            WordSet::of((s.first_token..s.end_token).map(|i| self.word(i)))
        } else {
            WordSet::default()
        };
        for i in s.first_token..s.end_token {
            // an imported dictionary's verbs are verbs: not a word inside a name ("United"
            // of "United Nations") nor a capitalised word inside a sentence
            if imported
                && (self.mention_covering(i).is_some()
                    || (i > s.first_token && self.l.t.tokens[i].capitalised)
                    || (i > s.first_token && self.noun_position(i)))
            {
                continue;
            }
            let candidates = ev.starting_with(self.word(i), imported);
            if candidates.is_empty() {
                continue;
            }
            // a word of a date is no act ("on 6 March", "March 15"); nor is a trigger that
            // a noun before it makes a compound ("press release"; a past tense after it is
            // its verb: "state media lashed out"), nor a participle
            // between a determiner and its noun ("the jailed activist", "the besieged
            // town"): an adjective
            if self.in_date(i)
                || (i > s.first_token
                    && ev.clauses.compound_heads.contains(self.lower(i - 1))
                    && !self.lower(i).ends_with("ed"))
                || self.participle_adjective(i, s)
            {
                continue;
            }
            // an imported verb alone counts only with a recipient after it or an actor
            // before it (see `find`): without a name in reach none of its bare patterns can
            let named_near = || {
                (i + 1..(i + 1 + OBJECT_WORDS).min(s.end_token))
                    .take_while(|&j| !self.stop(j))
                    .any(|j| self.mention_at[j].is_some())
                    || (s.first_token..i).any(|j| self.covering[j].is_some())
            };
            let mut name_in_reach: Option<bool> = None;
            for &p in candidates {
                let p = p as usize;
                if imported
                    && (!ev.may_match(p, &words)
                        || (ev.patterns[p].elements.len() == 1
                            && !*name_in_reach.get_or_insert_with(named_near)))
                {
                    continue;
                }
                // "rescue workers", "strike force": a one-word trigger that modifies the
                // noun after it is not an act
                if ev.patterns[p].elements.len() == 1
                    && ev.clauses.modified.contains(self.lower(i + 1))
                {
                    continue;
                }
                let mut slot = None;
                if let Some(end) = self.match_elements(ev.steps(p), i, s.end_token, &mut slot) {
                    // an imported pattern's last word is no month of a date ("a summit
                    // will be held in March" holds no march)
                    if imported && end > i + 1 && self.in_date(end - 1) {
                        continue;
                    }
                    hits.push(Hit {
                        pattern: p,
                        sentence: si,
                        first: i,
                        end,
                        slot,
                    });
                }
            }
        }
    }

    /// The verb that stops or flees the act a noun at `at` names, within three words before
    /// it and no punctuation or preposition between ("averting a government offensive"),
    /// with the modality it gives the act.
    fn governing_verb(&self, left: usize, at: usize) -> Option<(usize, Modality)> {
        let m = &self.l.k.events.modality;
        (at.saturating_sub(3).max(left)..at)
            .rev()
            .take_while(|&j| {
                self.l.t.tokens[j].kind == TokenKind::Word && !self.l.t.lex(j).is_preposition()
            })
            .find_map(|j| {
                let w = self.lower(j);
                if m.cessation.contains(w) {
                    Some((j, Modality::Hypothetical))
                } else if m.escape.contains(w) {
                    Some((j, Modality::Historical))
                } else {
                    None
                }
            })
    }

    /// Whether the noun at `at` stands in a prepositional phrase: a preposition comes
    /// before it, past its determiners and modifiers, before any name or verb of the
    /// clause ("killed in an air strike"; not "Russian air strikes", whose name acts,
    /// nor "took part in the attack", whose subject does).
    fn after_preposition(&self, left: usize, at: usize) -> bool {
        let clauses = &self.l.k.events.clauses;
        let mut j = at;
        while j > left && at - j < 4 {
            j -= 1;
            if self.mention_covering(j).is_some() || self.l.t.tokens[j].kind != TokenKind::Word {
                return false;
            }
            let lex = self.l.t.lex(j);
            if lex.is_preposition() {
                // "took part in the attack", "engaged in fighting": the subject does it
                return !(j > left && clauses.participation.contains(self.lower(j - 1)));
            }
            if !lex.is_determiner()
                && !self.l.t.tokens[j].capitalised
                && self.l.k.events.is_participle(self.lower(j))
            {
                return false;
            }
        }
        false
    }

    /// A capitalised word inside a date ("March" of "in March").
    fn in_date(&self, i: usize) -> bool {
        let at = self.l.t.tokens[i].start;
        self.l.t.tokens[i].capitalised && self.l.dates.iter().any(|d| d.start <= at && at < d.end)
    }

    /// Whether the word at `i` stands where a noun does: after a determiner ("the deal",
    /// "its arms"), a preposition unless it is a gerund ("in order to", "at risk") or a
    /// demonym ("Azerbaijani forces"). An imported dictionary's verbs
    /// are often nouns as well, which truce's own patterns spell out where they mean it.
    fn noun_position(&self, i: usize) -> bool {
        self.l.t.lex(i - 1).is_determiner()
            // "in order to", "at risk": after a preposition (not the "to" of an
            // infinitive) a verb is a gerund
            || (self.l.t.lex(i - 1).is_preposition()
                && self.l.t.tokens[i - 1].kind == TokenKind::Word
                && self.lower(i - 1) != "to"
                && !self.lower(i).ends_with("ing"))
            || self
                .mention_covering(i - 1)
                .is_some_and(|m| self.l.names[m].how == How::Demonym)
    }

    /// A word in -ed (not a compound such as "open-ended") right after a determiner and
    /// right before a lower-case word.
    fn participle_adjective(&self, i: usize, s: &Sentence) -> bool {
        let tokens = &self.l.t.tokens;
        let word = self.lower(i);
        i > s.first_token
            && i + 1 < s.end_token
            && word.ends_with("ed")
            && !word.contains('-')
            && self.l.t.lex(i - 1).is_determiner()
            && tokens[i + 1].kind == TokenKind::Word
            && !tokens[i + 1].capitalised
    }

    /// Every pattern match in a sentence, overlaps resolved in favour of the longer.
    fn hits(&self, si: usize, s: &Sentence) -> Vec<Hit> {
        let ev = &self.l.k.events;
        let mut hits = Vec::new();
        // imported dictionaries only fill sentences truce's own patterns miss: they are
        // tried only when the first pass found nothing
        for imported in [false, true] {
            if imported && !hits.is_empty() {
                break;
            }
            self.hits_of(si, s, imported, &mut hits);
        }
        // Where two matches share a word, the one that starts first wins (a verb and
        // its object, "lifted sanctions", over the object alone, "sanctions on Sudan"),
        // then the one with more words of its own (the more specific), then the one that
        // skips fewer words, then the longer; then the pattern listed first.
        let words = |h: &Hit| {
            ev.patterns[h.pattern]
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

    fn match_elements(
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
                                .l
                                .k
                                .events
                                .clauses
                                .coordinators
                                .contains(self.lower(j - 1))
                            && self.l.k.events.is_participle(self.lower(j)))
                    {
                        break;
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
                let after = self.possessive_marker(self.tok(self.l.names[m].end))?;
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
    fn named_in_gap(&self, h: &Hit) -> Option<usize> {
        let steps = self.l.k.events.steps(h.pattern);
        let gap_then_word = steps.len() >= 3
            && matches!(steps[steps.len() - 2], Step::Gap)
            && matches!(steps[steps.len() - 1], Step::Word(_));
        if !gap_then_word {
            return None;
        }
        (h.first + 1..h.end.saturating_sub(1)).find_map(|j| self.mention_at[j])
    }

    /// The token after a date that starts at token `i`, or after a preposition at `i`
    /// and the date right after it, if that is before `limit`.
    fn date_between(&self, i: usize, limit: usize) -> Option<usize> {
        let after = self.date_after.get(i).copied().unwrap_or(0) as usize;
        (after > i && after < limit).then_some(after)
    }

    /// The token after a possessive marker ("'s", "’s") that starts at token `i`.
    fn possessive_marker(&self, i: usize) -> Option<usize> {
        match (self.lower(i), self.lower(i + 1)) {
            ("'s" | "\u{2019}s", _) => Some(i + 1),
            ("'" | "\u{2019}", "s") => Some(i + 2),
            _ => None,
        }
    }

    /// The mention whose possessive ends right before token `i` ("Russia's call").
    fn possessor_before(&self, i: usize) -> Option<usize> {
        (i.saturating_sub(3)..i).rev().find_map(|m| {
            let mention = self.mention_covering(m)?;
            let end = self.tok(self.l.names[mention].end);
            (self.possessive_marker(end) == Some(i)).then_some(mention)
        })
    }

    /// Token index of the first token at or after byte `at`.
    fn tok(&self, at: usize) -> usize {
        self.l
            .t
            .token_starting_at_or_after(at)
            .unwrap_or(self.l.t.tokens.len())
    }

    /// The mention `m` and the mentions coordinated after it ("Russia, Turkey and Iran"):
    /// their indices and the token after the last.
    fn chain_forward(&self, m: usize, limit: usize) -> (Vec<usize>, usize) {
        let names = self.l.names;
        let coordinators = &self.l.k.events.clauses.coordinators;
        let mut out = vec![(m, self.tok(names[m].end))];
        let mut conjoined = false;
        loop {
            let end = out.last().map(|x| x.1).unwrap_or(limit);
            let mut j = end;
            while j < limit && coordinators.contains(self.lower(j)) {
                conjoined |= self.lower(j) != ",";
                j += 1;
            }
            match (j > end && j < limit).then(|| self.mention_at[j]).flatten() {
                Some(next) => out.push((next, self.tok(names[next].end))),
                None => break,
            }
        }
        // a list ends with "and" or "or"; names joined by commas alone are not one
        if !conjoined {
            out.truncate(1);
        }
        let end = out.last().map(|x| x.1).unwrap_or(limit);
        (out.into_iter().map(|x| x.0).collect(), end)
    }

    /// The outermost mention covering token `i`.
    fn mention_covering(&self, i: usize) -> Option<usize> {
        self.covering.get(i).copied().flatten().map(|m| m as usize)
    }

    /// The subject before token `before`, searched back to token `from`: the nearest
    /// mention not inside a prepositional phrase, with the mentions coordinated with it.
    /// `Err(j)` when a first-person pronoun at `j` comes first.
    fn subject(&self, from: usize, before: usize) -> Result<Option<Vec<usize>>, usize> {
        let clauses = &self.l.k.events.clauses;
        let mut j = before;
        while j > from {
            j -= 1;
            if self.l.t.tokens[j].kind == TokenKind::Word
                && clauses.first_person.contains(self.lower(j))
            {
                return Err(j);
            }
            let Some(m) = self.mention_covering(j) else {
                continue;
            };
            let first = self.tok(self.l.names[m].start);
            // skip determiners and quantifiers back to the word that governs the name
            let mut g = first;
            while g > from && self.l.t.lex(g - 1).is_determiner() {
                g -= 1;
            }
            // "Minister for Interior Aftab Sherpao": a preposition between capitalised
            // words is inside a title, not the start of a phrase
            let in_title = g > from + 1
                && clauses.name_linkers.contains(self.lower(g - 1))
                && self.l.t.tokens[g - 2].capitalised
                && self.mention_covering(g - 2).is_none();
            // "after protesters blocked the road": a preposition that also opens clauses,
            // with its name right before the verb, introduces the verb's subject
            let opens_clause = g > from
                && clauses.subordinators.contains(self.lower(g - 1))
                && self.tok(self.l.names[m].end) == before;
            if g > from && self.l.t.lex(g - 1).is_preposition() && !in_title && !opens_clause {
                j = first.min(j);
                continue;
            }
            // the names coordinated before it belong to the subject too
            let mut chain = vec![m];
            let mut start = first;
            loop {
                let mut k = start;
                while k > from && clauses.coordinators.contains(self.lower(k - 1)) {
                    k -= 1;
                }
                if k == start || k == from {
                    break;
                }
                match self.mention_covering(k - 1) {
                    Some(prev) if self.l.names[prev].end <= self.l.t.tokens[k].start => {
                        chain.insert(0, prev);
                        start = self.tok(self.l.names[prev].start);
                    }
                    _ => break,
                }
            }
            return Ok(Some(chain));
        }
        Ok(None)
    }

    /// The innermost quotation (not a scare quote) around byte span `s..e`.
    fn quote_around(&self, s: usize, e: usize) -> Option<usize> {
        self.l
            .quotes
            .iter()
            .enumerate()
            .filter(|(_, (q, _))| q.kind != QuoteKind::Partial && q.start <= s && e <= q.end)
            .min_by_key(|(_, (q, _))| q.end - q.start)
            .map(|(i, _)| i)
    }

    /// Actor ids a referent stands for in an event: a head of state acting in office
    /// acts for the state too, as CAMEO codes "RUSGOV"; a document for its authors; a
    /// group for its members.
    fn ids(&self, r: &Referent, out: &mut Vec<String>) {
        let k = self.l.k;
        let mut push = |id: String| {
            if !out.contains(&id) {
                out.push(id);
            }
        };
        match r {
            Referent::Known(a) => {
                let def = &k.actors[*a];
                push(def.id.clone());
                let is_state = |id: &str| k.actor(id).is_some_and(|s| s.kind == "state");
                if let Some(o) = k.office_on(def, self.l.published) {
                    if is_state(&o.of) {
                        push(o.of.clone());
                    }
                } else if let Some(state) = def
                    .affiliation
                    .iter()
                    .chain(&def.parent)
                    .find(|x| is_state(x))
                {
                    // "Russian jets" (the Russian armed forces) act for Russia
                    push(state.clone());
                }
            }
            Referent::Set(members) | Referent::Document(_, members) => {
                for &m in members {
                    self.ids(&Referent::Known(m), out);
                }
            }
            other => push(crate::referent_id(k, other)),
        }
    }

    fn speaker_ids(&self, sp: &SpeakerRef, out: &mut Vec<String>) {
        if let Some(d) = sp.document {
            for &a in &self.l.documents[d].authors {
                self.ids(&Referent::Known(a), out);
            }
        } else if let Some(r) = &sp.referent {
            self.ids(r, out);
        }
    }

    fn mention(&self, s: usize, e: usize) -> Mention {
        Mention {
            text: self.l.t.text[s..e].to_string(),
            start: s,
            end: e,
        }
    }

    fn token_mention(&self, i: usize) -> Mention {
        let tok = self.l.t.tokens[i];
        self.mention(tok.start, tok.end)
    }

    /// Reads one match into an event: clause, actors, recipients, modality, place, date.
    fn read(&self, h: &Hit) -> Option<Found<'a>> {
        let l = self.l;
        let t = l.t;
        let ev = &l.k.events;
        let pattern = &ev.patterns[h.pattern];
        let s = &l.sentences[h.sentence];
        let tokens = &t.tokens;
        let trig_end = h.slot.map(|(a, _)| a).unwrap_or(h.end).max(h.first + 1);
        let quote = self.quote_around(tokens[h.first].start, tokens[trig_end - 1].end);

        // the clause: from the last opener before the trigger to the first break after it,
        // inside the quotation that holds the trigger
        let (mut left, mut right) = (s.first_token, s.end_token);
        if let Some(q) = quote {
            let (q, _) = &l.quotes[q];
            left = left.max(self.tok(q.start));
            right = right.min(self.tok(q.end).max(left + 1));
        } else {
            // a quotation that closed before the trigger is not part of its clause
            let at = tokens[h.first].start;
            for (q, _) in l
                .quotes
                .iter()
                .filter(|(q, _)| q.kind != QuoteKind::Partial)
            {
                if s.start <= q.start && q.end <= at && q.kind == QuoteKind::Direct {
                    left = left.max(self.tok(q.end));
                }
            }
        }
        let mut opener = None;
        let mut j = h.first;
        while j > left {
            j -= 1;
            if self.lower(j) == ";" || self.l.t.lex(j).opens_clause() {
                opener = Some(j);
                left = j + 1;
                break;
            }
        }
        let mut j = h.end;
        while j < right {
            if self.lower(j) == ";"
                || (self.lower(j) == ","
                    && j + 1 < right
                    && ev.clauses.breaks.contains(self.lower(j + 1)))
            {
                right = j;
                break;
            }
            j += 1;
        }
        let right = right.max(h.end);
        let is_quote_mark = |i: usize| {
            matches!(
                self.lower(i),
                "\"" | "\u{201C}" | "\u{201D}" | "'" | "," | "\u{2018}" | "\u{2019}"
            )
        };
        let (mut a, mut b) = (left, right);
        while a < h.first && is_quote_mark(a) {
            a += 1;
        }
        while b > h.end && (is_quote_mark(b - 1) || self.lower(b - 1) == ".") {
            b -= 1;
        }
        let (cs, ce) = (tokens[a].start, tokens[b - 1].end);

        // a noun trigger ("a call for", "Russia's offensive") or a verb
        let prev = |i: usize| if i > 0 { self.lower(i - 1) } else { "" };
        let possessor = self.possessor_before(h.first);
        let possessive = possessor.is_some();
        // a participle with a "by" agent that names an actor ("the zone agreed by Russia,
        // Turkey and Iran"): a passive verb, whatever stands before it
        let agent_follows = trig_end == h.first + 1
            && self.lower(trig_end) == ev.clauses.agent
            && ev.is_participle(self.lower(h.first))
            && (trig_end + 1..(trig_end + 4).min(right)).any(|x| self.mention_at[x].is_some());
        // "The envoy met the rebels": a past form with an object after it is the verb of
        // the noun before it, not a noun compounded with it ("the peace talks"); after an
        // adverb it is an adjective ("the closely related Ebola")
        let past_with_object = ev.is_participle(self.lower(h.first))
            && !prev(h.first).ends_with("ly")
            && trig_end < right
            && (self.l.t.lex(trig_end).is_determiner() || self.mention_at[trig_end].is_some());
        let nominal = possessive
            || pattern.noun
            || (h.first > 0 && self.l.t.lex(h.first - 1).is_determiner())
            || prev(h.first) == "of"
            || (h.first > 1
                && self.l.t.lex(h.first - 2).is_determiner()
                && !tokens[h.first - 1].capitalised
                && !ev.modality.passive.contains(prev(h.first))
                && !agent_follows
                && !past_with_object);
        let passive = !nominal && {
            // the participle opens the trigger ("blown up": "blown")
            let participle = ev.is_participle(self.lower(h.first));
            let mut k = h.first;
            while k > left && self.lower(k - 1).ends_with("ly") {
                k -= 1;
            }
            // "was attacked (by)", not "is committed to": a bare verb, or one with an agent
            let bare = trig_end == h.first + 1
                || (trig_end..right).any(|j| self.lower(j) == ev.clauses.agent);
            let after_be = k > left && ev.modality.passive.contains(self.lower(k - 1));
            // "nine civilians killed in the market", "Russian soldiers killed in": a
            // participle after a name (and its noun) and before a preposition instead of
            // an object is passive without "be"
            let named_before = (h.first.saturating_sub(2).max(left)..h.first)
                .any(|j| self.mention_covering(j).is_some());
            // ... unless the preposition only dates an active verb that goes on to its
            // object or complement ("the army rejected on Tuesday the demand", "threatened
            // on Tuesday to attack")
            let dated_active = || {
                let at = tokens.get(trig_end).map_or(usize::MAX, |t| t.start);
                l.dates.iter().find(|d| d.start == at).is_some_and(|d| {
                    let after = self.tok(d.end);
                    let w = self.lower(after);
                    w == "to" || w == "that" || ev.clauses.determiners.contains(w)
                })
            };
            let reduced = named_before
                && !tokens[h.first - 1].capitalised
                && ev.clauses.reduced_passive.contains(self.lower(trig_end))
                && !dated_active();
            participle && bare && (after_be || reduced || agent_follows)
        };

        // actors
        let mut actors: Vec<String> = Vec::new();
        let mut actor_mentions: Vec<Mention> = Vec::new();
        let mut subject_end = left;
        let speaker = quote.and_then(|q| l.quotes[q].1.as_ref());
        // "killed in an air strike": a noun inside a prepositional phrase is not done
        // by the subject of the clause
        let in_phrase = nominal
            && !possessive
            && !ev.verbal.contains(&pattern.kind)
            && self.after_preposition(left, h.first);
        let subject = if possessive {
            Ok(possessor.map(|m| vec![m]))
        } else if in_phrase {
            Ok(None)
        } else {
            self.subject(left, h.first)
        };
        let mut subject_chain: Vec<usize> = Vec::new();
        match subject {
            Err(pronoun) => {
                subject_end = pronoun + 1;
                if let Some(sp) = speaker {
                    self.speaker_ids(sp, &mut actors);
                    actor_mentions.push(self.mention(sp.start, sp.end));
                }
            }
            Ok(Some(chain)) => {
                subject_end = self.tok(l.names[*chain.last().unwrap_or(&0)].end);
                subject_chain = chain;
            }
            Ok(None) => {
                // a clause opened inside reported speech has a subject of its own, even
                // one nobody knows ("residents said the town was quiet, though shells hit
                // villages"): the speaker acts only in the quotation's first clause
                let own_clause = quote.is_some_and(|q| {
                    let from = self.tok(l.quotes[q].0.start);
                    (from + 1..h.first).any(|j| self.l.t.lex(j).opens_clause())
                });
                // "Joint Russian-Turkish patrols": the names inside a noun's own words
                let inside: Vec<usize> = if nominal {
                    // names are sorted by start
                    let (from, to) = (tokens[h.first].start, tokens[trig_end - 1].end);
                    let lo = l.names.partition_point(|m| m.start < from);
                    let hi = l.names.partition_point(|m| m.start < to);
                    (lo..hi).collect()
                } else {
                    Vec::new()
                };
                if !inside.is_empty() {
                    subject_chain = inside;
                } else if own_clause || passive {
                    // its subject is the unknown one before the verb; a passive's subject
                    // is acted on ("X said several people had been killed")
                } else if let Some(sp) = speaker {
                    // "The leaders "rejected ...": the quotation's speaker acts
                    self.speaker_ids(sp, &mut actors);
                    actor_mentions.push(self.mention(sp.start, sp.end));
                } else if in_phrase {
                    // the noun's actor, if any, is named inside its own phrase
                } else if let Ok(Some(chain)) = self.subject(s.first_token, left) {
                    // a clause without a subject shares the sentence's ("..., while
                    // expressing determination to stand against ...")
                    subject_chain = chain;
                }
            }
        }
        let mut recipients: Vec<String> = Vec::new();
        let mut recipient_mentions: Vec<Mention> = Vec::new();
        let mut slot_chain: Vec<usize> = Vec::new();
        if let Some((ss, se)) = h.slot {
            let mut j = ss;
            while j < se {
                match self.mention_at[j] {
                    Some(m) => {
                        slot_chain.push(m);
                        j = self.tok(l.names[m].end).max(j + 1);
                    }
                    None => j += 1,
                }
            }
        } else if let Some(m) = (!nominal).then(|| self.named_in_gap(h)).flatten() {
            // "released Ukraine's sailors", "shelled Kurdish positions": the name in the
            // words a verb's pattern skips to reach its object owns that object
            slot_chain = self.chain_forward(m, h.end).0;
        } else {
            // a noun's recipient hangs on it by a preposition ("the shelling of Homs",
            // "attacks on convoys"); what follows a noun subject is its predicate
            let from = if !nominal {
                h.end
            } else if ev.clauses.noun_objects.contains(self.lower(h.end)) {
                h.end + 1
            } else if h.end > h.first && ev.clauses.noun_objects.contains(self.lower(h.end - 1)) {
                // the pattern ends with the preposition ("release of")
                h.end
            } else {
                right
            };
            for j in from..(from + OBJECT_WORDS).min(right) {
                if self.stop(j) {
                    break;
                }
                if let Some(m) = self.mention_at[j] {
                    // "their peacekeeping force": the actor's own, not the recipient
                    if j > from && ev.clauses.possessives.contains(self.lower(j - 1)) {
                        continue;
                    }
                    slot_chain = self.chain_forward(m, right).0;
                    break;
                }
            }
        }
        // the actor named after the act: "attacked by Y", "came under fire from Y"
        let agent_after = |words: &dyn Fn(&str) -> bool| {
            (trig_end..right)
                .find(|&j| words(self.lower(j)))
                .and_then(|j| (j + 1..(j + 4).min(right)).find_map(|x| self.mention_at[x]))
                .map(|m| self.chain_forward(m, right).0)
        };
        let by_agent = if passive {
            Some(agent_after(&|w| w == ev.clauses.agent))
        } else if pattern.undergoer {
            // "the convoy came under fire (from Y)": the subject undergoes the act
            Some(agent_after(&|w| ev.clauses.undergoer_agents.contains(w)))
        } else {
            None
        };
        let (acting, receiving) = match by_agent {
            // "X was attacked by Y": Y acts on X
            Some(agent) => (agent.unwrap_or_default(), subject_chain),
            None => (subject_chain, slot_chain),
        };
        let parties: usize = acting
            .iter()
            .map(|&m| match &l.names[m].referent {
                Referent::Set(members) | Referent::Document(_, members) => members.len(),
                _ => 1,
            })
            .sum();
        // "French and Egyptian warships launched war games": an act that is another when
        // several parties do it together
        let mut kind = match &pattern.jointly {
            Some(joint) if parties > 1 => joint.as_str(),
            _ => pattern.kind.as_str(),
        };
        let mut mode = pattern.mode.clone();
        // "Protesters torched cars", "a building demolished by a protester": damage a
        // crowd of protesters does is its protest turned violent (manual 3.12, riot)
        let crowd = |m: &usize| match &l.names[*m].referent {
            Referent::Known(a) | Referent::Localised(a, _) | Referent::Affiliated(a, _) => {
                ev.crowds.contains(&l.k.actors[*a].id)
            }
            _ => false,
        };
        if !acting.is_empty() && acting.iter().all(crowd) {
            let act = match &mode {
                Some(m) => format!("{kind}:{m}"),
                None => kind.to_string(),
            };
            if let Some(protest) = ev.crowd_acts.get(&act) {
                kind = "PROTEST";
                mode = Some(protest.clone());
            }
        }
        for m in acting {
            self.ids(&l.names[m].referent, &mut actors);
            actor_mentions.push(self.mention(l.names[m].start, l.names[m].end));
            // "The PKK issued a declaration demanding ...": the declaration acts for its
            // authors, and the author named before it in the sentence is shown as well
            if let Referent::Document(_, authors) = &l.names[m].referent {
                let author = l.names[..m].iter().rev().find(|a| {
                    a.start >= s.start
                        && matches!(a.referent, Referent::Known(x) if authors.contains(&x))
                });
                if let Some(a) = author {
                    actor_mentions.push(self.mention(a.start, a.end));
                }
            }
        }
        for m in receiving {
            self.ids(&l.names[m].referent, &mut recipients);
            recipient_mentions.push(self.mention(l.names[m].start, l.names[m].end));
        }
        recipients.retain(|r| !actors.contains(r) || kind == "CONSULT");
        if recipients.is_empty() && kind == "AGREE" {
            // a bare "agreed" agrees with the one who proposed
            if let Some((m, ids)) = self.proposer(h.sentence, h.first) {
                recipients = ids;
                recipient_mentions.push(m);
            }
        }
        if recipients.is_empty() && kind == "CONSULT" && parties > 1 {
            // "Russia, Turkey and Iran discussed": they consulted each other
            recipients = actors.clone();
        }

        // modality
        let scope_start = if nominal { left } else { subject_end.max(left) };
        let mut window: Vec<usize> =
            (scope_start.max(h.first.saturating_sub(AUX_WORDS))..h.first).collect();
        let clause_initial_noun = nominal
            && (left..h.first).all(|j| {
                self.l.t.lex(j).is_determiner()
                    || ((!tokens[j].capitalised
                        || (j == s.first_token && !self.l.t.lex(j).is_preposition()))
                        && self.mention_at[j].is_none())
            })
            && h.first - left <= 3;
        if clause_initial_noun {
            // "a major offensive ... would not be the wisest move": the predicate after
            window.extend(h.end..(h.end + 10).min(right));
        }
        let (mut modality, mut cue) = self.modality(&window, nominal);
        let conditional = opener
            .into_iter()
            .chain(left..h.first)
            .find(|&j| ev.modality.conditional.contains(self.lower(j)));
        if let Some(j) = conditional {
            modality = Modality::Hypothetical;
            cue = Some(j);
        }
        if modality == Modality::Asserted {
            // "denied that its aircraft had attacked": a denial just before the clause
            let start = opener.unwrap_or(left);
            if let Some(j) = (start.saturating_sub(4).max(s.first_token)..start)
                .find(|&j| ev.modality.denial.contains(self.lower(j)))
            {
                modality = Modality::Negated;
                cue = Some(j);
            }
        }
        if modality == Modality::Asserted && nominal && h.first > 0 {
            // "after the talks": a reference to an act, not a report of one
            let mut g = h.first;
            while g > left && self.l.t.lex(g - 1).is_determiner() {
                g -= 1;
            }
            // "after weeks of fighting": the background word may govern the phrase that
            // the noun completes with "of"
            let measured = (g > left && self.lower(g - 1) == "of")
                .then(|| {
                    ((g - 1).saturating_sub(4).max(left)..g - 1)
                        .rev()
                        .take_while(|&j| {
                            tokens[j].kind == TokenKind::Word && self.mention_covering(j).is_none()
                        })
                        .find(|&j| ev.modality.background.contains(self.lower(j)))
                })
                .flatten();
            if g > 0 && ev.modality.background.contains(self.lower(g - 1)) {
                modality = Modality::Historical;
                cue = Some(g - 1);
            } else if let Some(j) = measured {
                modality = Modality::Historical;
                cue = Some(j);
            } else if let Some((j, m)) = self.governing_verb(left, h.first) {
                // "ending the fighting", "averting a government offensive": stopped, not
                // done; "fled the fighting": the background of the flight
                modality = m;
                cue = Some(j);
            }
        }

        // "The strike hit the market": the noun opens its clause after "the"
        let anaphoric = nominal
            && !possessive
            && h.first > left
            && ev.clauses.anaphoric.contains(self.lower(h.first - 1))
            && h.first - 1 == a;

        // "will withdraw ... unless": a condition after the act, a demand when it says
        // what must happen ("unless") or what must not ("if the talks fail")
        let conditional_after = (h.end..right)
            .find(|&j| ev.modality.conditional.contains(self.lower(j)))
            .map(|j| {
                let demand = ev.modality.demanding.contains(self.lower(j))
                    || (j + 1..right).any(|k| ev.modality.negation.contains(self.lower(k)));
                if demand {
                    Condition::Demand
                } else {
                    Condition::Offer
                }
            });
        // a quotation announces the act of its own speaker or of the speaker's own ("said
        // his fighters would"), not one it tells of another ("analysts said Iraq would
        // strike" is no threat by Iraq)
        let speaker_acts = speaker.is_some_and(|sp| {
            let mut ids = Vec::new();
            self.speaker_ids(sp, &mut ids);
            actors.is_empty()
                || ids.iter().any(|i| actors.contains(i))
                || actor_mentions.iter().any(|m| {
                    let i = self.tok(m.start);
                    (m.start < sp.end && sp.start < m.end)
                        || (i > 0 && ev.clauses.possessives.contains(self.lower(i - 1)))
                })
        });
        // reported speech moves "will" back to "would": "said they would meet"; a hostile
        // act its own speaker says it "could" do is a threat ("said its missiles could
        // strike Tel Aviv")
        if modality == Modality::Hypothetical
            && !nominal
            && cue.is_some_and(|c| {
                ev.modality.backshifted.contains(self.lower(c))
                    || (ev.modality.capability.contains(self.lower(c))
                        && speaker_acts
                        && !actors.is_empty()
                        && ev.threatening.contains(&pattern.kind))
            })
            && quote.is_some_and(|q| l.quotes[q].0.kind == QuoteKind::Indirect)
        {
            modality = Modality::Future;
        }
        // readying an attack is told of an actor, not announced by it, unless it says so
        let announced = !nominal
            && modality == Modality::Future
            && (speaker_acts
                || cue.is_some_and(|c| {
                    ev.modality.intention.contains(self.lower(c))
                        && !ev.modality.readiness.contains(self.lower(c))
                }));
        if modality == Modality::Future && conditional_after.is_some() {
            modality = Modality::Hypothetical;
        }

        // date: the clause's, else the sentence's, else the publication's
        let date = self.date(cs, ce, s);
        if modality == Modality::Asserted {
            // an act dated well before the report is background: "In 2016, ..."
            if let (Some(d), Some(p)) = (&date, l.published) {
                let ended = d.value.as_deref().and_then(period_end);
                if d.from == "clause" && ended.is_some_and(|end| (p - end).num_days() > 60) {
                    modality = Modality::Historical;
                }
            }
        }

        // place
        let verbal = ev.verbal.contains(kind);
        let (place, place_from) = match self.place(h, left, right, s, verbal) {
            Some((p, from)) => (Some(p), Some(from)),
            None => (None, None),
        };

        // contexts
        let mut context: Vec<String> = pattern.context.iter().cloned().collect();
        for j in (a..b).filter(|&j| self.l.t.lex(j).shows_context()) {
            for &c in ev.contexts_of(self.lower(j)) {
                let name = &ev.contexts[c as usize];
                if !context.contains(name) {
                    context.push(name.clone());
                }
            }
        }

        let mut content: Vec<&str> = (h.end..b)
            .filter(|&j| self.is_word(j) && self.mention_covering(j).is_none())
            .map(|j| match self.l.t.lex(j).has_synonym() {
                true => ev.canonical(self.lower(j)),
                false => self.lower(j),
            })
            .filter(|w| w.len() > 2 && !ev.merging.ignore.contains(*w))
            .collect();
        content.sort_unstable();
        content.dedup();
        let confidence = 0.4
            + if actors.is_empty() { 0.0 } else { 0.3 }
            + if recipients.is_empty() { 0.0 } else { 0.2 }
            + if date.as_ref().is_some_and(|d| d.from != "publication") {
                0.1
            } else {
                0.0
            };
        let trigger = self.mention(tokens[h.first].start, tokens[trig_end - 1].end);
        let cameo_root = pattern
            .cameo
            .clone()
            .or_else(|| ev.cameo_roots.get(kind).cloned())
            .unwrap_or_default();
        Some(Found {
            event: Event {
                id: String::new(),
                kind: kind.to_string(),
                mode,
                context,
                modality,
                cameo_root,
                actors,
                recipients,
                place,
                date,
                evidence: vec![Evidence {
                    text: t.text[cs..ce].to_string(),
                    start: cs,
                    end: ce,
                    trigger,
                    pattern: pattern.text.clone(),
                    modality,
                    cue: cue.map(|j| self.token_mention(j)),
                    actor_mentions,
                    recipient_mentions,
                }],
                confidence: (confidence * 100.0_f32).round() / 100.0,
                merged: Vec::new(),
            },
            content,
            first: h.first,
            clause_end: right,
            verbal,
            nominal,
            announced,
            conditional: conditional_after,
            anaphoric,
            headline: l.dateline.is_some_and(|(ds, _)| ce <= ds),
            place_from,
        })
    }

    /// The modality its auxiliaries (or, for a noun, its predicate) give an act.
    fn modality(&self, window: &[usize], nominal: bool) -> (Modality, Option<usize>) {
        let m = &self.l.k.events.modality;
        let find = |set: &HashSet<String>| {
            window
                .iter()
                .copied()
                .find(|&j| set.contains(self.lower(j)))
        };
        let negation = window.iter().copied().find(|&j| {
            let w = self.lower(j);
            m.negation.contains(w) || w.ends_with("n't")
        });
        let hypothetical = find(&m.hypothetical);
        let denial = find(&m.denial);
        let future = find(&m.future).or_else(|| {
            // "plans to attack", "is expected to meet", "a trip aimed at pushing for"
            window.windows(2).find_map(|w| {
                let (first, second) = (self.lower(w[0]), self.lower(w[1]));
                ((m.intention.contains(first) && second == "to")
                    || m.purpose
                        .iter()
                        .any(|p| p.split_once(' ') == Some((first, second))))
                .then_some(w[0])
            })
        });
        // "once" of the past ("the once-rebel town"), not of repetition ("once again")
        let historical = window.iter().copied().find(|&j| {
            m.historical.contains(self.lower(j))
                && !(j + 1 < self.l.t.tokens.len()
                    && m.not_historical.contains(&format!(
                        "{} {}",
                        self.lower(j),
                        self.lower(j + 1)
                    )))
        });
        let order: [(Option<usize>, Modality); 5] = if nominal {
            [
                (hypothetical, Modality::Hypothetical),
                (negation, Modality::Negated),
                (denial, Modality::Negated),
                (future, Modality::Future),
                (historical, Modality::Historical),
            ]
        } else {
            [
                (negation, Modality::Negated),
                (denial, Modality::Negated),
                (hypothetical, Modality::Hypothetical),
                (future, Modality::Future),
                (historical, Modality::Historical),
            ]
        };
        order
            .into_iter()
            .find_map(|(cue, modality)| cue.map(|c| (modality, Some(c))))
            .unwrap_or((Modality::Asserted, None))
    }

    /// Acts that are the content of an earlier act in the same clause ("asked them to
    /// withdraw", "refused to withdraw") did not happen as told.
    fn complements(&self, found: &mut [Found<'a>]) {
        let clauses = &self.l.k.events.clauses;
        for b in 1..found.len() {
            let (head, tail) = found.split_at_mut(b);
            let later = &mut tail[0];
            if later.event.modality != Modality::Asserted {
                continue;
            }
            // a governor is a verbal act: spoken or written, or a concession granted in
            // words ("allowed the opposition to hold rallies" holds none)
            let speaks = |a: &Found<'a>| {
                a.verbal || matches!(self.l.k.events.quad.get(&a.event.kind), Some(1 | 3))
            };
            let Some(governor) = head
                .iter()
                .rev()
                .find(|a| speaks(a) && a.first < later.first && later.first < a.clause_end)
            else {
                continue;
            };
            // "asked them to withdraw", "warned that it would strike", "welcomed the
            // release of detainees"
            let between =
                (governor.first..later.first).any(|j| clauses.complements.contains(self.lower(j)));
            if !between && !later.nominal {
                continue;
            }
            let modality = if governor.event.kind == "REJECT" {
                Modality::Negated
            } else {
                Modality::Hypothetical
            };
            later.event.modality = modality;
            let cue = governor.event.evidence[0].trigger.clone();
            for e in &mut later.event.evidence {
                e.modality = modality;
                e.cue = Some(cue.clone());
            }
        }
    }

    /// "The junta agreed to hand power to civilians": an agreement whose complement is a
    /// concession is that concession promised: CONCEDE, not AGREE (manual 3.1.1, 3.4).
    fn promised_concessions(&self, found: &mut [Found<'a>]) {
        let ev = &self.l.k.events;
        let clauses = &ev.clauses;
        for a in 0..found.len() {
            let agreement = &found[a];
            if agreement.event.kind != "AGREE"
                || agreement.event.modality != Modality::Asserted
                || !agreement.verbal
                || agreement.event.mode.as_deref() == Some("intent")
            {
                continue;
            }
            // a promised retreat is a concession already (`intent`); a promised
            // concession has no act of its own to carry it
            let conceded = found[a + 1..].iter().any(|later| {
                agreement.first < later.first
                    && later.first < agreement.clause_end
                    && matches!(
                        later.event.modality,
                        Modality::Future | Modality::Hypothetical
                    )
                    && later.event.kind == "CONCEDE"
                    && (agreement.first..later.first)
                        .any(|j| clauses.complements.contains(self.lower(j)))
            });
            if conceded {
                let e = &mut found[a].event;
                e.kind = "CONCEDE".to_string();
                e.cameo_root = ev.cameo_roots.get("CONCEDE").cloned().unwrap_or_default();
            }
        }
    }

    /// A future act as an act of its own, as PLOVER reads it: an announced act that is
    /// hostile or made conditional on a demand ("will withdraw unless") is a threat; an
    /// act offered, on a condition or none, or committed to ("willing to withdraw",
    /// "would meet him if he came alone") is an agreement; promised cooperation
    /// ("will meet", "will provide aid", reported by anyone) is an agreement and an
    /// announced retreat a concession (`promised` in events.toml); other future acts stay
    /// as they are.
    fn intent(&self, f: &Found<'a>) -> Option<Found<'a>> {
        let ev = &self.l.k.events;
        // a willingness, threat or concession needs a named actor, known to the gazetteer
        // or not ("Arafat said he was willing to"): an intent nobody is said to hold is no
        // one's commitment; cooperation in the future tense is read as agreement anyway
        let named = !f.event.actors.is_empty()
            || f.event
                .evidence
                .iter()
                .any(|e| !e.actor_mentions.is_empty());
        let cue = f
            .event
            .evidence
            .first()
            .and_then(|e| e.cue.as_ref())
            .map(|c| c.text.to_lowercase());
        let cued = |set: &HashSet<String>| cue.as_ref().is_some_and(|c| set.contains(c));
        // readying an attack is a move of its own, seen whoever makes it ("the army was
        // preparing to launch an offensive"): `[readied]` in events.toml
        if let Some(kind) = ev.readied.get(&f.event.kind) {
            if f.event.modality == Modality::Future
                && !f.announced
                && !f.nominal
                && cued(&ev.modality.readiness)
            {
                return Some(self.as_intent(f, kind));
            }
        }
        if f.nominal || !named {
            // cooperation reported in the future tense is an agreement whoever reports it
            // and whoever is said to do it (manual 3.1), a noun too when its own
            // predicate says so ("Talks between the two sides will open on Thursday"),
            // not a word before it ("the upcoming talks" are only named)
            let predicated = f
                .event
                .evidence
                .first()
                .is_some_and(|e| e.cue.as_ref().is_some_and(|c| c.start >= e.trigger.end));
            if f.event.modality == Modality::Future
                && (!f.nominal || predicated)
                && ev.promised.get(&f.event.kind).is_some_and(|k| k == "AGREE")
            {
                return Some(self.as_intent(f, "AGREE"));
            }
            return None;
        }
        if f.event.modality == Modality::Negated {
            // "will not accept", "would not withdraw": a refusal, said or reported
            return (ev.refusable.contains(&f.event.kind) && self.negated_future(f))
                .then(|| self.as_intent(f, "REJECT"));
        }
        if f.event.modality != Modality::Future && !f.announced {
            return None;
        }
        let hostile = ev.threatening.contains(&f.event.kind);
        let kind = if f.announced && (f.conditional == Some(Condition::Demand) || hostile) {
            "THREATEN"
        } else if !hostile
            && (cued(&ev.modality.willingness)
                || (f.announced && f.conditional == Some(Condition::Offer)))
        {
            "AGREE"
        } else if f.event.modality == Modality::Future {
            ev.promised.get(&f.event.kind)?.as_str()
        } else {
            return None;
        };
        Some(self.as_intent(f, kind))
    }

    /// Whether an act is negated in the future tense: its negation follows an auxiliary
    /// of the future ("will not", "would never") or carries one ("won't"); both lists are
    /// data (events.toml, `future_auxiliaries` and `future_negations`).
    fn negated_future(&self, f: &Found<'a>) -> bool {
        let t = self.l.t;
        let Some(cue) = f.event.evidence.first().and_then(|e| e.cue.as_ref()) else {
            return false;
        };
        let m = &self.l.k.events.modality;
        if m.future_negations.contains(&cue.text.to_lowercase()) {
            return true;
        }
        let Some(i) = t.token_at(cue.start) else {
            return false;
        };
        i > 0 && m.future_auxiliaries.contains(self.lower(i - 1))
    }

    /// The act `f` announces, as an event of its own of type `kind`, asserted.
    fn as_intent(&self, f: &Found<'a>, kind: &str) -> Found<'a> {
        let ev = &self.l.k.events;
        let mut event = f.event.clone();
        event.kind = kind.to_string();
        event.mode = Some("intent".into());
        event.modality = Modality::Asserted;
        event.cameo_root = ev.cameo_roots.get(kind).cloned().unwrap_or_default();
        for e in &mut event.evidence {
            e.pattern = format!("intent: {}", e.pattern);
            e.modality = Modality::Asserted;
            e.cue = None;
        }
        Found {
            event,
            content: f.content.clone(),
            first: f.first,
            clause_end: f.clause_end,
            verbal: true,
            nominal: false,
            announced: false,
            conditional: None,
            anaphoric: false,
            headline: f.headline,
            place_from: f.place_from,
        }
    }

    /// The proposer of what a bare "agreed" agrees to: a proposal cue in the same
    /// sentence before the trigger, or in the sentence before.
    fn proposer(&self, sentence: usize, before: usize) -> Option<(Mention, Vec<String>)> {
        let l = self.l;
        let ev = &l.k.events;
        let from = l.sentences[sentence.saturating_sub(1)].first_token;
        let mut best = None;
        for i in from..before {
            for p in ev.proposal_steps() {
                let mut slot = None;
                if self.match_elements(p, i, before, &mut slot).is_some() {
                    if let Some(m) = slot.and_then(|(s, _)| self.mention_at[s]) {
                        best = Some(m);
                    }
                }
            }
        }
        best.map(|m| {
            let mut ids = Vec::new();
            self.ids(&l.names[m].referent, &mut ids);
            (self.mention(l.names[m].start, l.names[m].end), ids)
        })
    }

    fn date(&self, cs: usize, ce: usize, s: &Sentence) -> Option<EventDate> {
        let l = self.l;
        let within = |a: usize, b: usize| l.dates.iter().find(|d| a <= d.start && d.end <= b);
        if let Some(d) = within(cs, ce) {
            return Some(EventDate {
                value: d.value.clone(),
                precision: d.precision,
                from: "clause".into(),
            });
        }
        if let Some(d) = within(s.start, s.end) {
            return Some(EventDate {
                value: d.value.clone(),
                precision: d.precision,
                from: "sentence".into(),
            });
        }
        l.published.map(|p| EventDate {
            value: Some(p.to_string()), // NaiveDate displays as YYYY-MM-DD
            precision: DatePrecision::Day,
            from: "publication".into(),
        })
    }

    /// Where an act happened: a place in its recipient ("armed groups in Idlib"), a place
    /// the clause locates it in (for spoken acts only before the trigger or right after
    /// it, since what they are about is elsewhere), for material acts the sentence's,
    /// and last the dateline.
    fn place(
        &self,
        h: &Hit,
        left: usize,
        right: usize,
        s: &Sentence,
        verbal: bool,
    ) -> Option<(String, &'static str)> {
        let l = self.l;
        let t = l.t;
        let span = |a: usize, b: usize| (t.tokens[a].start, t.tokens[b.max(a + 1) - 1].end);
        // a state named as an actor ("Turkey warned") is not where the act happened
        let is_actor_itself = |p: &PlaceMention| {
            t.token_at(p.start)
                .and_then(|i| self.mention_at[i])
                .is_some_and(|m| l.names[m].start == p.start && l.names[m].end == p.end)
        };
        // the dateline says where the reporter was; it is only the last resort below, even
        // when the sentence (and so the clause) begins with it
        let in_dateline = |p: &PlaceMention| {
            l.dateline
                .is_some_and(|(ds, de)| ds <= p.start && p.end <= de)
        };
        let in_span = |(a, b): (usize, usize), locative_only: bool| {
            l.places.iter().find(|p| {
                a <= p.start
                    && p.end <= b
                    && (!locative_only || p.locative)
                    && !is_actor_itself(p)
                    && !in_dateline(p)
            })
        };
        let id = |p: &PlaceMention| l.k.gazetteer.info(p.place).id();
        if let Some((a, b)) = h.slot {
            if let Some(p) = in_span(span(a, b), false) {
                return Some((id(p), "recipient"));
            }
        }
        // what a material act struck, shelled or took, named right after it: "shelled
        // Kafr Nabl", "struck the town of Khan Shaykhun"
        if !verbal && h.end < right {
            let object = (h.end, (h.end + OBJECT_WORDS).min(right));
            if let Some(p) = in_span(span(object.0, object.1), false) {
                return Some((id(p), "object"));
            }
        }
        if verbal {
            if let Some(p) = in_span(span(left, h.first), true) {
                return Some((id(p), "clause"));
            }
            if h.end < right && ev_locative(l.k, self.lower(h.end)) {
                if let Some(p) = in_span(span(h.end, (h.end + 4).min(right)), true) {
                    return Some((id(p), "clause"));
                }
            }
        } else {
            if let Some(p) = in_span(span(left, right), true) {
                return Some((id(p), "clause"));
            }
            if let Some(p) = in_span(span(s.first_token, s.end_token), true) {
                return Some((id(p), "sentence"));
            }
        }
        let (ds, de) = l.dateline?;
        l.places
            .iter()
            .find(|p| ds <= p.start && p.end <= de)
            .map(|p| (id(p), "dateline"))
    }
}

/// The last day of an ISO date, month ("2016-03") or year ("2016").
fn period_end(value: &str) -> Option<NaiveDate> {
    let parts: Vec<i32> = value
        .split('-')
        .map(|x| x.parse().ok())
        .collect::<Option<_>>()?;
    match parts.as_slice() {
        [y] => NaiveDate::from_ymd_opt(*y, 12, 31),
        [y, m] => NaiveDate::from_ymd_opt(*y, *m as u32 + 1, 1)
            .or_else(|| NaiveDate::from_ymd_opt(*y + 1, 1, 1))
            .and_then(|d| d.pred_opt()),
        [y, m, d] => NaiveDate::from_ymd_opt(*y, *m as u32, *d as u32),
        _ => None,
    }
}

fn ev_locative(k: &Knowledge, w: &str) -> bool {
    k.places.locative.contains(w)
}

/// Whether two matches share a literal word (not only a slot or gap).
fn overlap_literal(a: &Hit, b: &Hit) -> bool {
    let literal = |h: &Hit, i: usize| {
        h.first <= i && i < h.end && h.slot.is_none_or(|(s, e)| i < s || i >= e)
    };
    (a.first.max(b.first)..a.end.min(b.end)).any(|i| literal(a, i) && literal(b, i))
}

/// Merges reports of one act within the document: same type and modality, actors and
/// recipients that agree, and either clauses that share content words ("lay down
/// arms"), a definite noun that refers back ("the strike"), or a headline that the body
/// tells again.
fn merge(found: Vec<Found<'_>>) -> Vec<Event> {
    let compatible = |e: &Event, f: &Event| {
        e.kind == f.kind
            && e.modality == f.modality
            && (e.actors.is_empty()
                || f.actors.is_empty()
                || subset(&e.actors, &f.actors)
                || subset(&f.actors, &e.actors))
            && (e.recipients.is_empty()
                || f.recipients.is_empty()
                || e.recipients.iter().any(|r| f.recipients.contains(r)))
    };
    let mut out: Vec<(Event, Vec<&str>, bool)> = Vec::new();
    for f in found {
        let by_content = out.iter().position(|(e, content, _)| {
            compatible(e, &f.event)
                && !e.actors.is_empty()
                && !f.event.actors.is_empty()
                && shared(content, &f.content).len() >= SHARED_WORDS
        });
        // two triggers of one material act in one clause: "struck the town, killing four
        // civilians" is one strike told with its toll (unless they name different places)
        let by_clause = || {
            let clause = &f.event.evidence[0];
            out.iter().position(|(e, _, _)| {
                !f.verbal
                    && compatible(e, &f.event)
                    && (e.place.is_none() || f.event.place.is_none() || e.place == f.event.place)
                    && e.evidence
                        .iter()
                        .any(|x| x.start == clause.start && x.end == clause.end)
            })
        };
        let by_reference = || {
            f.anaphoric
                .then(|| {
                    out.iter()
                        .rposition(|(e, _, headline)| !headline && compatible(e, &f.event))
                })
                .flatten()
        };
        match by_content
            .map(|i| (i, "shared words"))
            .or_else(|| by_clause().map(|i| (i, "same clause")))
            .or_else(|| by_reference().map(|i| (i, "refers back")))
        {
            Some((i, how)) => {
                let (e, content, headline) = &mut out[i];
                let why = match how {
                    "shared words" => {
                        format!("shared words: {}", shared(content, &f.content).join(", "))
                    }
                    "same clause" => "told in the same clause".to_string(),
                    _ => format!("\"{}\" refers back to it", f.event.evidence[0].trigger.text),
                };
                absorb(e, f.event, &why);
                content.extend(f.content);
                content.sort_unstable();
                content.dedup();
                *headline &= f.headline;
            }
            None => out.push((f.event, f.content, f.headline)),
        }
    }
    // a headline's act is the act the body tells: fold it into the first that agrees
    let mut i = 0;
    while i < out.len() {
        if out[i].2 {
            if let Some(j) =
                (0..out.len()).find(|&j| j != i && !out[j].2 && compatible(&out[j].0, &out[i].0))
            {
                let (head, _, _) = out.remove(i);
                let j = if j > i { j - 1 } else { j };
                absorb(&mut out[j].0, head, "the headline tells the same act");
                continue;
            }
        }
        i += 1;
    }
    out.into_iter()
        .enumerate()
        .map(|(i, (mut e, _, _))| {
            e.id = format!("e{}", i + 1);
            e.evidence.sort_by_key(|x| x.start);
            e
        })
        .collect()
}

/// Adds `f`'s evidence and details to `e`, recording why.
fn absorb(e: &mut Event, f: Event, why: &str) {
    e.merged.push(format!(
        "\"{}\" is the same {} ({why})",
        f.evidence[0].trigger.text, e.kind
    ));
    for list in [(&mut e.actors, f.actors), (&mut e.recipients, f.recipients)] {
        for x in list.1 {
            if !list.0.contains(&x) {
                list.0.push(x);
            }
        }
    }
    if e.place.is_none() {
        e.place = f.place;
    }
    if e.date.as_ref().is_none_or(|d| d.from == "publication")
        && f.date.as_ref().is_some_and(|d| d.from != "publication")
    {
        e.date = f.date;
    }
    for c in f.context {
        if !e.context.contains(&c) {
            e.context.push(c);
        }
    }
    e.evidence.extend(f.evidence);
    e.confidence = e.confidence.max(f.confidence);
}

/// The words two sorted lists share.
fn shared<'s>(a: &[&'s str], b: &[&str]) -> Vec<&'s str> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].cmp(b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

fn subset(a: &[String], b: &[String]) -> bool {
    a.iter().all(|x| b.contains(x))
}
