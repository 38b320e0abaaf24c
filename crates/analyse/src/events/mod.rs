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
//!
//! The reader works in steps, one module each, every step returning a small named
//! struct the next one reads:
//!
//! | step | module | gives |
//! |---|---|---|
//! | patterns matched in a sentence | `matching` | [`Hit`]s |
//! | the clause around a hit, and whether its trigger is a noun or a passive | `clause` | `Clause`, `Form` |
//! | who acts and who is acted on | `roles` | `Roles` |
//! | asserted, negated, hypothetical, future or historical; announced; conditional | `modality` | `Mood` |
//! | when and where | `setting` | `EventDate`, a place with its `PlaceSource` |
//! | acts that are the content of others, and future acts as acts of their own | `intent` | more [`Found`]s |
//! | reports of one act told again in the document | `merge` | [`Event`]s |

mod clause;
mod intent;
mod matching;
mod merge;
mod modality;
mod roles;
mod setting;

use chrono::NaiveDate;
use truce_knowledge::Knowledge;
use truce_model::{DateMention, DateSource, Event, Evidence, Mention, Modality, Quote};

use crate::actors::ActorMention;
use crate::places::PlaceMention;
use crate::quotes::{DocumentMention, SpeakerRef};
use crate::sentences::Sentence;
use crate::tokens::TokenKind;
use crate::Text;

use clause::Clause;
use setting::PlaceSource;

/// Everything events are read from: the earlier layers of the analysis.
pub struct Layers<'a> {
    pub text: &'a Text<'a>,
    pub knowledge: &'a Knowledge,
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

impl Hit {
    /// The token after the trigger's own words: the start of its recipient slot, or its
    /// end (at least one word).
    fn trigger_end(&self) -> usize {
        self.slot
            .map(|(start, _)| start)
            .unwrap_or(self.end)
            .max(self.first + 1)
    }
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
    /// Told so that nobody is said to commit to it: one of the terms of a binding
    /// document ("the agreement offers an amnesty"), or a passive ("will be supported by
    /// a monitoring mechanism"). A future act so told is no one's promise.
    unpromised: bool,
    /// "The strike hit ...": a definite noun that refers back to an act told before.
    anaphoric: bool,
    /// In the headline, before the dateline: the same act the body tells.
    headline: bool,
    /// Where the place came from.
    place_from: Option<PlaceSource>,
    /// Made by the reader from an announced or future act (an offer, a threat, a
    /// promise), not read from a trigger of its own.
    intent: bool,
    /// A word in or right before the trigger sets it apart from the acts told before it
    /// ("another strike", "launched a new offensive"): never merged into one of them.
    told_apart: bool,
}

/// Finds the events of a document.
pub fn find(layers: &Layers) -> Vec<Event> {
    let reader = Reader::new(layers);
    let mut found: Vec<Found> = Vec::new();
    for (index, sentence) in layers.sentences.iter().enumerate() {
        let start = found.len();
        for hit in reader.hits(index, sentence) {
            let f = reader.read(&hit);
            if reader.keeps(&hit, &f) {
                found.push(f);
            }
        }
        reader.complements(&mut found[start..]);
        reader.promised_concessions(&mut found[start..]);
        let intents: Vec<Found> = found[start..]
            .iter()
            .filter_map(|f| reader.intent(f))
            .collect();
        found.extend(intents);
        reader.casualties(sentence, &mut found, start);
    }
    setting::carry_story_place(&mut found);
    merge::merge(
        found,
        &merge::PlaceKinds::of(layers),
        &layers.knowledge.events,
    )
}

/// The per-token indices the reader consults at every word, built once per document.
struct Reader<'a> {
    layers: &'a Layers<'a>,
    /// The longest actor mention starting at each token.
    mention_at: Vec<Option<usize>>,
    /// The outermost actor mention covering each token.
    covering: Vec<Option<u32>>,
    /// For a token that starts a date, or a preposition right before one: the token
    /// after the date (0 for other tokens), so that patterns pass over it.
    date_after: Vec<u32>,
    /// Per token: [`HARD_BREAK`] for punctuation no slot or gap crosses, [`COMMA`],
    /// [`CONDITION`] for a word that opens a condition (no gap crosses it either).
    stops: Vec<u8>,
    /// Whether the dates and the places come in text order, so that the ones inside a
    /// span can be found by halving (see `setting::first_within`).
    dates_in_order: bool,
    places_in_order: bool,
    /// The furthest end of the quotations up to each (they come in the order they
    /// start), so the ones around a span are found without reading them all.
    quote_reach: Vec<usize>,
    /// For each token, the next token at or after it that is a sequence word ("after",
    /// "since": `sequence` in events.toml) not leading a date, or the token count: the
    /// phrase a sequence word leads is found without reading the clause at every act.
    next_sequence: Vec<u32>,
    /// Whether the report's first sentence is a title line (its headline when it has no
    /// dateline), read once.
    first_is_title: bool,
}

const HARD_BREAK: u8 = 1;
const COMMA: u8 = 2;
/// A word that opens a condition: what follows it is not the object of the act before.
const CONDITION: u8 = 3;

impl<'a> Reader<'a> {
    fn new(layers: &'a Layers<'a>) -> Self {
        let text = layers.text;
        let count = text.tokens.len();
        let mut mention_at: Vec<Option<usize>> = vec![None; count];
        for (i, m) in layers.names.iter().enumerate() {
            if let Some(token) = text.token_at(m.start) {
                if mention_at[token].is_none_or(|j| layers.names[j].end < m.end) {
                    mention_at[token] = Some(i);
                }
            }
        }
        // names come sorted by start, longest first, so the first to claim a token is
        // the outermost
        let mut covering: Vec<Option<u32>> = vec![None; count];
        for (i, m) in layers.names.iter().enumerate() {
            let mut j = text.tokens.partition_point(|x| x.end <= m.start);
            while j < count && text.tokens[j].start < m.end {
                if covering[j].is_none() {
                    covering[j] = Some(i as u32);
                }
                j += 1;
            }
        }
        let mut date_after: Vec<u32> = vec![0; count];
        for d in layers.dates {
            let (Some(first), end) = (
                text.token_at(d.start),
                text.token_starting_at_or_after(d.end),
            ) else {
                continue;
            };
            let end = end.unwrap_or(count) as u32;
            date_after[first] = end;
            if first > 0
                && text.tokens[first - 1].kind == TokenKind::Word
                && text.lex(first - 1).is_preposition()
            {
                date_after[first - 1] = end;
            }
        }
        // read once per token: gaps and slots ask at every word they pass
        let conditional = &layers.knowledge.events.modality.conditional;
        let stops: Vec<u8> = (0..count)
            .map(|i| match text.lower(i) {
                _ if text.tokens[i].kind == TokenKind::Newline => HARD_BREAK,
                ";" | "." | ":" | "!" | "?" => HARD_BREAK,
                "," => COMMA,
                w if conditional.contains(w) => CONDITION,
                _ => 0,
            })
            .collect();
        let sequence = &layers.knowledge.events.modality.sequence;
        let mut next_sequence = vec![count as u32; count + 1];
        for i in (0..count).rev() {
            next_sequence[i] = if text.tokens[i].kind == TokenKind::Word
                && date_after[i] == 0
                && sequence.contains(text.lower(i))
            {
                i as u32
            } else {
                next_sequence[i + 1]
            };
        }
        Reader {
            layers,
            mention_at,
            covering,
            next_sequence,
            first_is_title: layers
                .sentences
                .first()
                .is_some_and(|s| crate::sentences::is_title_line(text.text, s)),
            date_after,
            stops,
            dates_in_order: layers.dates.is_sorted_by_key(|d| d.start),
            places_in_order: layers.places.is_sorted_by_key(|p| p.start),
            quote_reach: layers
                .quotes
                .iter()
                .scan(0, |furthest, (q, _)| {
                    *furthest = q.end.max(*furthest);
                    Some(*furthest)
                })
                .collect(),
        }
    }

    /// Whether the clause of an act names casualties: a word of harm in its evidence
    /// ("soldiers injured in the attack have been evacuated").
    fn names_casualties(&self, found: &Found) -> bool {
        let text = self.layers.text;
        let casualties = &self.layers.knowledge.casualties;
        found.event.evidence.iter().any(|e| {
            let from = text.tokens.partition_point(|t| t.end <= e.start);
            let to = text.tokens.partition_point(|t| t.start < e.end);
            (from..to).any(|i| casualties.is_harm_word(text.lower(i)))
        })
    }

    /// Whether a read match stands as an act. An imported verb alone is too broad to be
    /// an act without someone it is done to (PETRARCH, whose dictionary it is, codes only
    /// events with a source and a target); with only a named actor it codes a deed told,
    /// not a plan or a complement ("had the right to restore control" is no
    /// cooperation), and only if its dictionary does not make its meaning depend on what
    /// follows it (`context_dependent`: "died" of an illness is no attack); its longer
    /// patterns are specific enough.
    fn keeps(&self, hit: &Hit, found: &Found) -> bool {
        let pattern = &self.layers.knowledge.events.patterns[hit.pattern];
        if pattern.care && found.event.actors.is_empty() && self.names_casualties(found) {
            return false;
        }
        let bare = pattern.imported && pattern.elements.len() == 1;
        !(bare
            && found.event.recipients.is_empty()
            && (found.event.actors.is_empty()
                || found.event.modality != Modality::Asserted
                || pattern.context_dependent))
    }

    fn lower(&self, i: usize) -> &'a str {
        self.layers.text.lower(i)
    }

    /// Token `i`'s number in the event patterns' vocabulary ([`truce_knowledge::NO_WORD`] for most).
    fn word(&self, i: usize) -> u32 {
        self.layers.text.lex(i).event_word()
    }

    fn is_word(&self, i: usize) -> bool {
        self.layers
            .text
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

    /// Token index of the first token at or after byte `at`.
    fn tok(&self, at: usize) -> usize {
        self.layers
            .text
            .token_starting_at_or_after(at)
            .unwrap_or(self.layers.text.tokens.len())
    }

    /// The outermost mention covering token `i`.
    fn mention_covering(&self, i: usize) -> Option<usize> {
        self.covering.get(i).copied().flatten().map(|m| m as usize)
    }

    fn mention(&self, start: usize, end: usize) -> Mention {
        Mention {
            text: self.layers.text.text[start..end].to_string(),
            start,
            end,
        }
    }

    fn token_mention(&self, i: usize) -> Mention {
        let token = self.layers.text.tokens[i];
        self.mention(token.start, token.end)
    }

    /// Gives each casualty figure of the sentence whose acts are `found[start..]` to the
    /// act of force it tells of: the nearest one whose trigger comes before the figure
    /// ("the strike hit the market, killing nine"), else the nearest after it ("nine
    /// people died when jets struck").
    ///
    /// A word of harm that leads a figure after an act of force ("jets bombed the market,
    /// killing nine and wounding 12") tells that act's toll, not an act of its own: an act
    /// its word triggered is folded into the act before it, its evidence kept. (A number
    /// of people killed in an attack belongs to the attack.)
    fn casualties(&self, sentence: &Sentence, found: &mut Vec<Found<'a>>, start: usize) {
        let patterns = &self.layers.knowledge.casualties;
        let bearer = |f: &Found| !f.intent && patterns.acts.contains(&f.event.kind);
        if !found[start..].iter().any(bearer) {
            return;
        }
        let figures = crate::casualties::figures(
            self.layers.text,
            sentence.first_token,
            sentence.end_token,
            patterns,
        );
        // (the act folded, the act it tells the toll of)
        let mut tolls: Vec<(usize, usize)> = Vec::new();
        let folded = |tolls: &[(usize, usize)], i: usize| tolls.iter().any(|&(c, _)| c == i);
        for figure in figures {
            let candidates = || {
                (start..found.len()).filter(|&i| {
                    bearer(&found[i]) && !folded(&tolls, i) && Some(found[i].first) != figure.lead
                })
            };
            let before = candidates()
                .filter(|&i| found[i].first <= figure.number)
                .max_by_key(|&i| found[i].first);
            // the act before the figure, else the act its own word of harm triggered
            // ("gunmen killed 15"), else the first after it
            let own = || {
                (start..found.len()).find(|&i| {
                    bearer(&found[i]) && !folded(&tolls, i) && Some(found[i].first) == figure.lead
                })
            };
            let Some(act) = before
                .or_else(own)
                .or_else(|| candidates().min_by_key(|&i| found[i].first))
            else {
                continue;
            };
            if let Some(lead) = figure.lead.filter(|&l| found[act].first < l) {
                let own = (start..found.len())
                    .find(|&i| i != act && found[i].first == lead && bearer(&found[i]));
                if let Some(own) = own.filter(|&i| !folded(&tolls, i)) {
                    tolls.push((own, act));
                }
            }
            found[act].event.casualties.push(figure.casualty);
        }
        for &(own, act) in &tolls {
            let told = std::mem::take(&mut found[own].event.evidence);
            let casualties = std::mem::take(&mut found[own].event.casualties);
            let victims = std::mem::take(&mut found[own].event.recipients);
            let event = &mut found[act].event;
            for mut evidence in told {
                event.merged.push(format!(
                    "\"{}\" tells the toll of the {}",
                    evidence.trigger.text, event.kind
                ));
                // its subject was read as an act's of its own ("civilians and wounding"):
                // the act's actor is the one who struck; whom it killed are the act's too
                evidence.actor_mentions.clear();
                event.evidence.push(evidence);
            }
            for v in victims {
                if !event.recipients.contains(&v) {
                    event.recipients.push(v);
                }
            }
            event.casualties.extend(casualties);
        }
        let mut gone: Vec<usize> = tolls.iter().map(|&(own, _)| own).collect();
        gone.sort_unstable();
        for i in gone.into_iter().rev() {
            found.remove(i);
        }
    }

    /// Reads one match into an event: clause, form, roles, modality, date, place.
    fn read(&self, hit: &Hit) -> Found<'a> {
        let events = &self.layers.knowledge.events;
        let pattern = &events.patterns[hit.pattern];
        let sentence = &self.layers.sentences[hit.sentence];
        let clause = self.clause(hit, sentence);
        let form = self.form(hit, &clause);
        let roles = self.roles(hit, sentence, &clause, &form);
        let mut mood = self.mood(hit, sentence, &clause, &form, &roles);
        let verbal = events.verbal.contains(&roles.kind);
        let trigger_end = self.layers.text.tokens[hit.trigger_end() - 1].end;
        let sequel = self.sequel(hit, &clause);
        let date = self.date(
            clause.start,
            clause.end,
            sentence,
            verbal.then_some(trigger_end),
            sequel,
        );
        if mood.modality == Modality::Asserted
            && setting::long_before(date.as_ref(), self.layers.published)
        {
            // an act dated well before the report is background: "In 2016, ..."
            mood.modality = Modality::Historical;
        }
        let located = self.place(hit, clause.left, clause.right, sentence, verbal, sequel);
        let context = self.contexts(hit, &clause);
        let content = self.content_words(hit, &clause);
        let confidence = 0.4
            + if roles.actors.is_empty() { 0.0 } else { 0.3 }
            + if roles.recipients.is_empty() {
                0.0
            } else {
                0.2
            }
            + if date
                .as_ref()
                .is_some_and(|d| d.from != DateSource::Publication)
            {
                0.1
            } else {
                0.0
            };
        let tokens = &self.layers.text.tokens;
        let trigger = self.mention(tokens[hit.first].start, tokens[hit.trigger_end() - 1].end);
        let cameo_root = pattern
            .cameo
            .clone()
            .or_else(|| events.cameo_roots.get(&roles.kind).cloned())
            .unwrap_or_default();
        let (place, place_from) = located.map_or((None, None), |(p, from)| (Some(p), Some(from)));
        Found {
            event: Event {
                id: String::new(),
                kind: roles.kind,
                mode: roles.mode,
                context,
                modality: mood.modality,
                cameo_root,
                actors: roles.actors,
                recipients: roles.recipients,
                place,
                date,
                evidence: vec![Evidence {
                    text: self.layers.text.text[clause.start..clause.end].to_string(),
                    start: clause.start,
                    end: clause.end,
                    trigger,
                    pattern: pattern.text.clone(),
                    modality: mood.modality,
                    cue: mood.cue.map(|j| self.token_mention(j)),
                    actor_mentions: roles.actor_mentions,
                    recipient_mentions: roles.recipient_mentions,
                }],
                confidence: (confidence * 100.0_f32).round() / 100.0,
                merged: Vec::new(),
                casualties: Vec::new(),
            },
            content,
            first: hit.first,
            clause_end: clause.right,
            verbal,
            nominal: form.nominal,
            announced: mood.announced,
            conditional: mood.condition_after,
            unpromised: mood.term || form.passive,
            anaphoric: form.anaphoric,
            // before the dateline, or (a report without one) its first line as a title
            headline: match self.layers.dateline {
                Some((dateline_start, _)) => clause.end <= dateline_start,
                None => hit.sentence == 0 && self.first_is_title,
            },
            place_from,
            intent: false,
            told_apart: (hit.first.saturating_sub(3).max(clause.left)..hit.trigger_end())
                .any(|j| events.merging.distinct.contains(self.lower(j))),
        }
    }

    /// The contexts of an act: its pattern's, and those its clause's words show.
    fn contexts(&self, hit: &Hit, clause: &Clause) -> Vec<String> {
        let events = &self.layers.knowledge.events;
        let mut context: Vec<String> = events.patterns[hit.pattern]
            .context
            .iter()
            .cloned()
            .collect();
        for j in (clause.shown_first..clause.shown_end)
            .filter(|&j| self.layers.text.lex(j).shows_context())
        {
            for &c in events.contexts_of(self.lower(j)) {
                let name = &events.contexts[c as usize];
                if !context.contains(name) {
                    context.push(name.clone());
                }
            }
        }
        context
    }

    /// The content words of the clause after the trigger, sorted and without repeats,
    /// synonyms folded to one word: what two reports of one act share.
    fn content_words(&self, hit: &Hit, clause: &Clause) -> Vec<&'a str> {
        let events = &self.layers.knowledge.events;
        let mut content: Vec<&str> = (hit.end..clause.shown_end)
            .filter(|&j| self.is_word(j) && self.mention_covering(j).is_none())
            .map(|j| match self.layers.text.lex(j).has_synonym() {
                true => events.canonical(self.lower(j)),
                false => self.lower(j),
            })
            .filter(|w| w.len() > 2 && !events.merging.ignore.contains(*w))
            .collect();
        content.sort_unstable();
        content.dedup();
        content
    }
}
