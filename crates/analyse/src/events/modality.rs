//! Whether an act is told as done: asserted, negated, hypothetical, future or
//! historical, from cues in its clause scoped by its form; and whether a future act is
//! announced by its own actor and held over a condition.

use rustc_hash::FxHashSet as HashSet;
use truce_knowledge::Step;
use truce_model::{Modality, QuoteKind};

use super::clause::{Clause, Form};
use super::roles::Roles;
use super::{Condition, Hit, Reader, AUX_WORDS};
use crate::sentences::Sentence;
use crate::tokens::TokenKind;

/// How an act is told.
pub(super) struct Mood {
    pub modality: Modality,
    /// The word that gives the modality.
    pub cue: Option<usize>,
    /// A future act its own actor announces ("said it will withdraw").
    pub announced: bool,
    /// A condition after the act in its clause ("will withdraw unless ...").
    pub condition_after: Option<Condition>,
    /// One of the terms of a binding document that is its subject, or what something is
    /// said in the passive to be for: nobody's promise.
    pub term: bool,
}

/// How far after a relative clause set off by a comma a noun's predicate is looked for.
const PREDICATE_WORDS: usize = 16;

impl<'a> Reader<'a> {
    /// The modality of a match, and whether it is announced or held over a condition.
    pub(super) fn mood(
        &self,
        hit: &Hit,
        sentence: &Sentence,
        clause: &Clause,
        form: &Form,
        roles: &Roles,
    ) -> Mood {
        let layers = self.layers;
        let events = &layers.knowledge.events;
        let cues = &events.modality;
        let pattern = &events.patterns[hit.pattern];
        let (mut modality, mut cue) = self.cued_modality(hit, sentence, clause, form, roles);
        // "Syria's war has killed 380,000 people": the toll of a whole conflict
        if modality == Modality::Asserted && !events.verbal.contains(&pattern.kind) {
            if let Some(j) = self.conflict_subject(hit, clause) {
                modality = Modality::Historical;
                cue = Some(j);
            }
        }
        // "Turkey supports rebel groups": where an actor stands, told in the body; and
        // "Jabhat al-Nusra (outlawed in Russia)": what a bracket after a name says of it
        if modality == Modality::Asserted
            && ((cues.standing.contains(self.lower(hit.first)) && !self.title_line(sentence))
                || self.standing_participle(hit.first)
                || self.positional_participle(hit.first, sentence)
                || self.in_brackets_after_a_word(hit.first, sentence))
        {
            modality = Modality::Historical;
            cue = Some(hit.first);
        }
        // "the agreement offers the fighters an amnesty": what a binding document does is
        // one of its terms, planned, not done
        let term = self.binding_subject(clause, roles).or_else(|| {
            // "the truce was intended to allow ...", "is meant to": what something is
            // for, said in the passive, is nobody's commitment (a schedule, "is
            // scheduled to attend", is the actor's)
            cue.filter(|&c| {
                c > 0
                    && cues.purposive.contains(self.lower(c))
                    && cues.passive.contains(self.lower(c - 1))
            })
        });
        if modality == Modality::Asserted {
            if let Some(j) = term {
                modality = Modality::Future;
                cue = Some(j);
            }
        }
        let condition_after = self.condition_after(hit, clause);
        // a quotation announces the act of its own speaker or of the speaker's own ("said
        // his fighters would"), not one it tells of another ("analysts said Iraq would
        // strike" is no threat by Iraq)
        let speaker_acts = self.speaker_acts(roles);
        // reported speech moves "will" back to "would": "said they would meet"; a hostile
        // act its own speaker says it "could" do is a threat ("said its missiles could
        // strike Tel Aviv")
        if modality == Modality::Hypothetical
            && !form.nominal
            && cue.is_some_and(|c| {
                cues.backshifted.contains(self.lower(c))
                    || (cues.capability.contains(self.lower(c))
                        && speaker_acts
                        && !roles.actors.is_empty()
                        && events.threatening.contains(&pattern.kind))
            })
            && clause
                .quote
                .is_some_and(|q| layers.quotes[q].0.kind == QuoteKind::Indirect)
        {
            modality = Modality::Future;
        }
        // readying an attack is told of an actor, not announced by it, unless it says so
        let announced = !form.nominal
            && term.is_none()
            && modality == Modality::Future
            && (speaker_acts
                || cue.is_some_and(|c| {
                    cues.intention.contains(self.lower(c))
                        && !cues.readiness.contains(self.lower(c))
                }));
        if modality == Modality::Future && condition_after.is_some() {
            modality = Modality::Hypothetical;
        }
        Mood {
            modality,
            cue,
            announced,
            condition_after,
            term: term.is_some(),
        }
    }

    /// Whether token `i` is a form of "be" or "have" (`passive`, `perfect`): a participle
    /// after one is a verb of its own, not a word that describes.
    fn auxiliary(&self, i: usize) -> bool {
        let events = &self.layers.knowledge.events;
        let w = self.lower(i);
        events.modality.passive.contains(w) || events.clauses.perfect.contains(w)
    }

    /// The noun of a whole conflict that is the subject of a verb trigger, right before
    /// its auxiliaries and adverbs ("the war has killed", "the conflict has displaced").
    fn conflict_subject(&self, hit: &Hit, clause: &Clause) -> Option<usize> {
        let events = &self.layers.knowledge.events;
        let grammar = &self.layers.knowledge.text.grammar;
        let mut j = hit.first;
        while j > clause.left {
            let w = self.lower(j - 1);
            if self.auxiliary(j - 1) || grammar.is_adverb(w) {
                j -= 1;
            } else {
                break;
            }
        }
        (j > clause.left && events.modality.conflicts.contains(self.lower(j - 1))).then(|| j - 1)
    }

    /// "rebels backed by Turkey": the participle of a verb of a lasting relation
    /// describing what comes before it, with no form of "be" or "have" to make it a
    /// passive or a perfect of its own. Its agent after it ("by") tells the participle
    /// from a past tense ("the UN supported the truce").
    fn standing_participle(&self, first: usize) -> bool {
        let events = &self.layers.knowledge.events;
        first > 0
            && self.lower(first + 1) == events.clauses.agent
            && events
                .modality
                .standing_participles
                .contains(self.lower(first))
            && !self.auxiliary(first - 1)
    }

    /// "the locations of Turkish units deployed near the front": a participle of putting
    /// forces somewhere, with no "be" or "have", after a noun that a preposition at most
    /// five words before governs (no comma or clause opener between): it describes where
    /// the forces are.
    fn positional_participle(&self, first: usize, sentence: &Sentence) -> bool {
        let events = &self.layers.knowledge.events;
        let text = self.layers.text;
        if first == 0
            || !events
                .modality
                .positional_participles
                .contains(self.lower(first))
            || self.auxiliary(first - 1)
            || self.title_line(sentence)
        {
            return false;
        }
        (first.saturating_sub(6).max(sentence.first_token)..first - 1)
            .rev()
            .take_while(|&j| text.tokens[j].kind == TokenKind::Word && !text.lex(j).opens_clause())
            .any(|j| {
                // "of" heads a noun's complement rather than a phrase of place or time
                text.lex(j).is_preposition() || events.clauses.noun_objects.contains(self.lower(j))
            })
    }

    /// The first word of the clause's subject when it is a document that binds its
    /// parties (`binding` in agreements.toml): "The agreement also offers ...".
    fn binding_subject(&self, clause: &Clause, roles: &Roles) -> Option<usize> {
        let layers = self.layers;
        let binding = &layers.knowledge.agreements.binding;
        (clause.left..roles.subject_end).find_map(|j| {
            let m = self.mention_covering(j)?;
            match &layers.names[m].referent {
                crate::actors::Referent::Document(noun, _)
                    if binding.iter().any(|b| b.eq_ignore_ascii_case(noun)) =>
                {
                    Some(j)
                }
                _ => None,
            }
        })
    }

    /// The modality the cues around a trigger give it: its auxiliaries (for a noun, the
    /// predicate it opens), a condition or denial that opens its clause, and for a noun
    /// a word that makes it background or a verb that stops it.
    fn cued_modality(
        &self,
        hit: &Hit,
        sentence: &Sentence,
        clause: &Clause,
        form: &Form,
        roles: &Roles,
    ) -> (Modality, Option<usize>) {
        let layers = self.layers;
        let text = layers.text;
        let cues = &layers.knowledge.events.modality;
        let left = clause.left;
        let scope_start = if form.nominal {
            left
        } else {
            roles.subject_end.max(left)
        };
        let mut window: Vec<usize> =
            (scope_start.max(hit.first.saturating_sub(AUX_WORDS))..hit.first).collect();
        // the words a pattern's gap passes over are the act's own: "the ceasefire did not
        // hold", "the truce will hold"
        let steps = layers.knowledge.events.steps(hit.pattern);
        let literal = |j: usize| {
            let word = self.word(j);
            steps
                .iter()
                .any(|s| matches!(s, Step::Word(words) if words.binary_search(&word).is_ok()))
        };
        window.extend((hit.first + 1..hit.trigger_end()).filter(|&j| !literal(j)));
        let clause_initial_noun = form.nominal
            && (left..hit.first).all(|j| {
                text.lex(j).is_determiner()
                    || ((!text.tokens[j].capitalised
                        || (j == sentence.first_token && !text.lex(j).is_preposition()))
                        && self.mention_at[j].is_none())
            })
            && hit.first - left <= 3;
        if clause_initial_noun {
            // "a major offensive ... would not be the wisest move": the predicate after
            // (up to a word of sequence: "the attack came a day after they agreed to a
            // truce" has no future in it)
            let sequence = self.next_sequence[hit.end] as usize;
            window.extend(hit.end..(hit.end + 10).min(clause.right).min(sequence));
            // "The talks, which are due to resume next week, will focus on ...": a
            // relative clause set off by a comma describes the noun, and the predicate
            // comes after it
            let right = clause.right;
            if right + 1 < sentence.end_token
                && self.lower(right) == ","
                && text.lex(right + 1).opens_clause()
            {
                window.extend(right + 1..(right + 1 + PREDICATE_WORDS).min(sentence.end_token));
            }
        }
        let (mut modality, mut cue) = self.modality(&window, form.nominal, hit.first);
        let conditional = clause
            .opener
            .into_iter()
            .chain(left..hit.first)
            .find(|&j| cues.conditional.contains(self.lower(j)));
        if let Some(j) = conditional {
            modality = Modality::Hypothetical;
            cue = Some(j);
        }
        if modality == Modality::Asserted {
            // "denied that its aircraft had attacked": a denial just before the clause
            let start = clause.opener.unwrap_or(left);
            if let Some(j) = (start.saturating_sub(4).max(sentence.first_token)..start)
                .find(|&j| cues.denial.contains(self.lower(j)))
            {
                modality = Modality::Negated;
                cue = Some(j);
            }
        }
        if modality == Modality::Asserted && form.nominal && hit.first > 0 {
            let verbal = self.layers.knowledge.events.verbal.contains(&roles.kind);
            if let Some((m, j)) = self.background(hit, clause, verbal) {
                modality = m;
                cue = Some(j);
            }
        }
        // a gerund after a preposition is a noun too ("calls for fighting to stop")
        let noun_like = form.nominal
            || (hit.first > sentence.first_token && text.lex(hit.first - 1).is_preposition());
        if modality == Modality::Asserted && noun_like {
            if let Some(j) = self.told_to_stop(hit, clause) {
                modality = Modality::Hypothetical;
                cue = Some(j);
            }
        }
        (modality, cue)
    }

    /// A noun told as the background of something else ("after the talks", "after weeks
    /// of fighting") or as what a verb stops or flees ("ending the fighting", "fled the
    /// fighting"): the modality and its cue.
    fn background(&self, hit: &Hit, clause: &Clause, verbal: bool) -> Option<(Modality, usize)> {
        let text = self.layers.text;
        let cues = &self.layers.knowledge.events.modality;
        let left = clause.left;
        // "after weeks of fighting": the background word may govern the phrase that the
        // noun completes with "of"
        let genitive = self.layers.knowledge.text.grammar.genitive.as_str();
        // the noun's phrase: its determiners, up to two words that describe it and the
        // names of its owners ("after weeks of fierce fighting", "in the wake of a Syrian
        // government offensive")
        let mut described = hit.first;
        let mut describing = 0;
        while described > left {
            let j = described - 1;
            // ("of" is among the lexicon's determiners, as in "some of": it ends the phrase)
            if self.lower(j) == genitive || cues.background.contains(self.lower(j)) {
                break;
            }
            if self
                .layers
                .knowledge
                .events
                .clauses
                .conjunctions
                .contains(self.lower(j))
            {
                // "in the wake of an air campaign and a ground offensive": a noun joined
                // by "and" or "or" to one that "of" or a background word governs is
                // governed by it too (up to four words of the first noun's phrase)
                let governor = (j.saturating_sub(5).max(left)..j)
                    .rev()
                    .take_while(|&g| text.tokens[g].kind == TokenKind::Word)
                    .find(|&g| {
                        self.lower(g) == genitive || cues.background.contains(self.lower(g))
                    });
                if let Some(g) = governor {
                    described = g + 1;
                }
                break;
            }
            if text.lex(j).is_determiner() || self.mention_covering(j).is_some() {
                described -= 1;
            } else if describing < 2 && self.describes(j) {
                describing += 1;
                described -= 1;
            } else {
                break;
            }
        }
        let of = (described > left && self.lower(described - 1) == genitive).then(|| described - 1);
        let measured = of.and_then(|of| {
            (of.saturating_sub(4).max(left)..of)
                .rev()
                .take_while(|&j| {
                    text.tokens[j].kind == TokenKind::Word && self.mention_covering(j).is_none()
                })
                .find(|&j| cues.background.contains(self.lower(j)))
        });
        let before = (described > left && cues.background.contains(self.lower(described - 1)))
            .then(|| described - 1);
        before
            .or(measured)
            .map(|j| (Modality::Historical, j))
            .or_else(|| {
                let sentence = self.layers.sentences[hit.sentence].first_token;
                self.governing_verb(left, hit.first, verbal, sentence)
                    .map(|(j, modality)| (modality, j))
            })
    }

    /// Whether the word at `i` can describe a noun after it ("fierce", "renewed",
    /// "two-day"): a lower-case word, not a preposition, determiner or modality cue, and
    /// no actor's name.
    pub(super) fn describes(&self, i: usize) -> bool {
        let text = self.layers.text;
        let cues = &self.layers.knowledge.events.modality;
        let lex = text.lex(i);
        let w = self.lower(i);
        text.tokens[i].kind == TokenKind::Word
            && !text.tokens[i].capitalised
            && !lex.is_preposition()
            && !lex.is_determiner()
            && self.mention_covering(i).is_none()
            && !cues.background.contains(w)
            && !cues.negation.contains(w)
            && !cues.cessation.contains(w)
            && !cues.escape.contains(w)
            && !cues.future.contains(w)
            && !cues.hypothetical.contains(w)
            && !cues.passive.contains(w)
            && !cues.intention.contains(w)
    }

    /// "calls for fighting to stop", "for hostilities to end": a noun followed by the
    /// infinitive of a verb that stops it names an act someone wants stopped, not one
    /// told as done. The cue is the stopping verb.
    fn told_to_stop(&self, hit: &Hit, clause: &Clause) -> Option<usize> {
        let cues = &self.layers.knowledge.events.modality;
        let infinitive = self.layers.knowledge.text.grammar.infinitive.as_str();
        let after = hit.trigger_end();
        (after + 1 < clause.right
            && self.lower(after) == infinitive
            && cues.cessation.contains(self.lower(after + 1)))
        .then_some(after + 1)
    }

    /// Whether the word at `i` is inside brackets opened right after a word of its
    /// sentence ("Hayat Tahrir al-Sham (formerly Nusra, banned in Russia)", "the group
    /// [banned in Russia]"): words that describe what they follow, not news of the report.
    fn in_brackets_after_a_word(&self, i: usize, sentence: &Sentence) -> bool {
        let text = self.layers.text.text;
        let tokens = &self.layers.text.tokens;
        let before = &text[sentence.start..tokens[i].start];
        let Some(open) = before.rfind(['(', '[']) else {
            return false;
        };
        if before[open..].contains([')', ']']) {
            return false;
        }
        let at = sentence.start + open;
        // the token right before the bracket is a word
        tokens[sentence.first_token..i]
            .iter()
            .rfind(|t| t.end <= at)
            .is_some_and(|t| t.kind == TokenKind::Word && text[t.end..at].trim().is_empty())
    }

    /// Whether a sentence is a title or cross-head ([`crate::sentences::is_title_line`]),
    /// or a line before the dateline. Titles tell their news in the present simple.
    pub(super) fn title_line(&self, sentence: &Sentence) -> bool {
        self.layers
            .dateline
            .is_some_and(|(start, _)| sentence.end <= start)
            || crate::sentences::is_title_line(self.layers.text.text, sentence)
    }

    /// "will withdraw ... unless": a condition after the act, a demand when it says what
    /// must happen ("unless") or what must not ("if the talks fail").
    fn condition_after(&self, hit: &Hit, clause: &Clause) -> Option<Condition> {
        let cues = &self.layers.knowledge.events.modality;
        let right = clause.right;
        (hit.end..right)
            .find(|&j| cues.conditional.contains(self.lower(j)))
            .map(|j| {
                let demand = cues.demanding.contains(self.lower(j))
                    || (j + 1..right).any(|k| cues.negation.contains(self.lower(k)));
                if demand {
                    Condition::Demand
                } else {
                    Condition::Offer
                }
            })
    }

    /// Whether the speaker of the quotation an act is told in is its actor, or one of
    /// the speaker's own ("said his fighters would").
    fn speaker_acts(&self, roles: &Roles) -> bool {
        let possessives = &self.layers.knowledge.events.clauses.possessives;
        roles.speaker.is_some_and(|sp| {
            let mut ids = Vec::new();
            self.speaker_ids(sp, &mut ids);
            roles.actors.is_empty()
                || ids.iter().any(|i| roles.actors.contains(i))
                || roles.actor_mentions.iter().any(|m| {
                    let i = self.tok(m.start);
                    (m.start < sp.end && sp.start < m.end)
                        || (i > 0 && possessives.contains(self.lower(i - 1)))
                })
        })
    }

    /// The verb that stops, flees or (for an act not `verbal`) provides for the act a noun
    /// at `at` names, within three words before it and no punctuation or preposition
    /// between ("averting a government offensive", "includes the withdrawal of"), with the
    /// modality it gives the act.
    /// A form of "be" makes the act one of the terms of a text when a noun of terms is its
    /// subject, however far back in the sentence (`sentence`, its first token) it stands
    /// ("the second point, which I believe important, is the withdrawal of").
    fn governing_verb(
        &self,
        left: usize,
        at: usize,
        verbal: bool,
        sentence: usize,
    ) -> Option<(usize, Modality)> {
        let cues = &self.layers.knowledge.events.modality;
        let text = self.layers.text;
        let provided_for = |j: usize| {
            j > left
                && text.lex(j).is_preposition()
                && cues
                    .provision
                    .iter()
                    .any(|p| p.split_once(' ') == Some((self.lower(j - 1), self.lower(j))))
        };
        (at.saturating_sub(3).max(left)..at)
            .rev()
            .take_while(|&j| {
                text.tokens[j].kind == TokenKind::Word
                    && (!text.lex(j).is_preposition() || provided_for(j))
            })
            .find_map(|j| {
                let w = self.lower(j);
                if cues.cessation.contains(w) {
                    Some((j, Modality::Hypothetical))
                } else if !verbal && cues.provision.contains(w) {
                    // (a document that includes a call makes it: "amended to include a
                    // call for all armed groups to lay down arms")
                    Some((j, Modality::Future))
                } else if !verbal && provided_for(j) {
                    // "provides for the withdrawal": the phrase ends in its preposition
                    Some((j - 1, Modality::Future))
                } else if !verbal
                    && cues.passive.contains(w)
                    && (sentence..j).any(|k| cues.terms.contains(self.lower(k)))
                {
                    // "the second point is the withdrawal of heavy weapons"
                    Some((j, Modality::Future))
                } else if cues.escape.contains(w) {
                    Some((j, Modality::Historical))
                } else {
                    None
                }
            })
    }

    /// The modality its auxiliaries (or, for a noun, its predicate) give an act.
    fn modality(&self, window: &[usize], nominal: bool, first: usize) -> (Modality, Option<usize>) {
        let cues = &self.layers.knowledge.events.modality;
        let find = |set: &HashSet<String>| {
            window
                .iter()
                .copied()
                .find(|&j| set.contains(self.lower(j)))
        };
        // (a negating preposition in a noun's predicate negates its own object: "the
        // talks ended without a deal" were held)
        let negation = window.iter().copied().find(|&j| {
            let w = self.lower(j);
            (cues.negation.contains(w) || w.ends_with("n't"))
                && !(j > first && self.layers.text.lex(j).is_preposition())
        });
        let hypothetical = find(&cues.hypothetical);
        let denial = find(&cues.denial);
        let future = find(&cues.future).or_else(|| {
            // "plans to attack", "is expected to meet", "a trip aimed at pushing for"
            window.windows(2).find_map(|w| {
                let (first, second) = (self.lower(w[0]), self.lower(w[1]));
                ((cues.intention.contains(first)
                    && second == self.layers.knowledge.text.grammar.infinitive)
                    || cues
                        .purpose
                        .iter()
                        .any(|p| p.split_once(' ') == Some((first, second))))
                .then_some(w[0])
            })
        });
        // "once" of the past ("the once-rebel town"), not of repetition ("once again")
        let historical = window.iter().copied().find(|&j| {
            cues.historical.contains(self.lower(j))
                && !(j + 1 < self.layers.text.tokens.len()
                    && cues.not_historical.contains(&format!(
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
}
