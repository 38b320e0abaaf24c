//! Who acts and who is acted on: the subject of the clause (or a passive's agent, or
//! the quotation's speaker), the recipient slot or the first name after the trigger,
//! and the ids they stand for.

use truce_model::{ActorCategory, EventType, Mention, QuoteKind};

use super::clause::{Clause, Form};
use super::{Hit, Reader, OBJECT_WORDS, SLOT_WORDS};
use crate::actors::Referent;
use crate::quotes::SpeakerRef;
use crate::sentences::Sentence;
use crate::tokens::TokenKind;

/// The parties of an act and the type they make it.
pub(super) struct Roles<'a> {
    pub actors: Vec<String>,
    pub actor_mentions: Vec<Mention>,
    pub recipients: Vec<String>,
    pub recipient_mentions: Vec<Mention>,
    /// The token after the subject (the clause's first token if it has none).
    pub subject_end: usize,
    /// The PLOVER type: the pattern's, or the one it becomes when several parties do it
    /// together or a crowd does it.
    pub kind: EventType,
    pub mode: Option<String>,
    /// The speaker of the quotation the act is told in.
    pub speaker: Option<&'a SpeakerRef>,
}

/// The subject a clause's act is done by.
struct Subject {
    /// Mentions (indices into the layers' names), coordinated.
    chain: Vec<usize>,
    /// The token after it.
    end: usize,
    /// The quotation's speaker acts ("we", or a quotation whose clause names no one).
    by_speaker: bool,
}

impl<'a> Reader<'a> {
    /// Who does the act of a match and to whom.
    pub(super) fn roles(
        &self,
        hit: &Hit,
        sentence: &Sentence,
        clause: &Clause,
        form: &Form,
    ) -> Roles<'a> {
        let layers = self.layers;
        let speaker = clause.quote.and_then(|q| layers.quotes[q].1.as_ref());
        // words between marks may open inside their speaker's clause ("The leaders
        // \"rejected ..."), and so may reported speech after its cue ("officials said
        // that lifting the sanctions was out of the question"); reported speech before its
        // cue is the sentence's main clause, with a subject of its own even where nobody
        // knows it ("Terrorists made an attempt ..., the ministry said")
        let speaker_clause = clause.quote.is_some_and(|q| {
            let quote = &layers.quotes[q].0;
            quote.kind != QuoteKind::Indirect
                || quote.cue.as_ref().is_none_or(|c| c.end <= quote.start)
        });
        let subject = self.subject_of(
            hit,
            sentence,
            clause,
            form,
            speaker.is_some() && speaker_clause,
        );
        let object = self.object_of(hit, clause, form);
        let (acting, receiving) = match self.agent(hit, clause, form) {
            // "X was attacked by Y": Y acts on X
            Some(agent) => (agent.unwrap_or_default(), subject.chain),
            None => (subject.chain, object),
        };
        let parties: usize = acting
            .iter()
            .map(|&m| match &layers.names[m].referent {
                Referent::Set(members) | Referent::Document(_, members) => members.len(),
                _ => 1,
            })
            .sum();
        let (kind, mode) = self.kind_for_actors(hit, &acting, parties);
        let mut roles = Roles {
            actors: Vec::new(),
            actor_mentions: Vec::new(),
            recipients: Vec::new(),
            recipient_mentions: Vec::new(),
            subject_end: subject.end,
            kind,
            mode,
            speaker,
        };
        if let (true, Some(sp)) = (subject.by_speaker, speaker) {
            self.speaker_ids(sp, &mut roles.actors);
            roles.actor_mentions.push(self.mention(sp.start, sp.end));
        }
        for m in acting {
            self.ids(&layers.names[m].referent, &mut roles.actors);
            roles
                .actor_mentions
                .push(self.mention(layers.names[m].start, layers.names[m].end));
            // "The PKK issued a declaration demanding ...": the declaration acts for its
            // authors, and the author named before it in the sentence is shown as well
            if let Referent::Document(_, authors) = &layers.names[m].referent {
                let author = layers.names[..m]
                    .iter()
                    .rev()
                    .take_while(|a| a.start >= sentence.start)
                    .find(|a| matches!(a.referent, Referent::Known(x) if authors.contains(&x)));
                if let Some(a) = author {
                    roles.actor_mentions.push(self.mention(a.start, a.end));
                }
            }
        }
        for m in receiving {
            self.ids(&layers.names[m].referent, &mut roles.recipients);
            roles
                .recipient_mentions
                .push(self.mention(layers.names[m].start, layers.names[m].end));
        }
        let actors = &roles.actors;
        roles
            .recipients
            .retain(|r| !actors.contains(r) || kind == EventType::Consult);
        if roles.recipients.is_empty() && kind == EventType::Agree {
            // a bare "agreed" agrees with the one who proposed
            if let Some((m, ids)) = self.proposer(hit.sentence, hit.first) {
                roles.recipients = ids;
                roles.recipient_mentions.push(m);
            }
        }
        if roles.recipients.is_empty() && kind == EventType::Consult && parties > 1 {
            // "Russia, Turkey and Iran discussed": they consulted each other
            roles.recipients = roles.actors.clone();
        }
        roles
    }

    /// The subject of a match's clause.
    fn subject_of(
        &self,
        hit: &Hit,
        sentence: &Sentence,
        clause: &Clause,
        form: &Form,
        quoted: bool,
    ) -> Subject {
        let layers = self.layers;
        let events = &layers.knowledge.events;
        let pattern = &events.patterns[hit.pattern];
        let left = clause.left;
        // "killed in an air strike": a noun inside a prepositional phrase is not done
        // by the subject of the clause
        let in_phrase = form.nominal
            && form.possessor.is_none()
            && !events.verbal.contains(&pattern.kind)
            && self.after_preposition(left, hit.first);
        let found = if form.possessor.is_some() {
            Ok(form.possessor.map(|m| vec![m]))
        } else if in_phrase {
            Ok(None)
        } else {
            self.subject(left, hit.first, false)
        };
        let mut subject = Subject {
            chain: Vec::new(),
            end: left,
            by_speaker: false,
        };
        match found {
            Err(pronoun) => {
                subject.end = pronoun + 1;
                subject.by_speaker = true;
            }
            Ok(Some(chain)) => {
                subject.end = self.tok(layers.names[*chain.last().unwrap_or(&0)].end);
                subject.chain = chain;
            }
            Ok(None) => {
                // a clause opened inside reported speech has a subject of its own, even
                // one nobody knows ("residents said the town was quiet, though shells hit
                // villages"): the speaker acts only in the quotation's first clause
                let own_clause = clause.quote.is_some_and(|q| {
                    let from = self.tok(layers.quotes[q].0.start);
                    (from + 1..hit.first).any(|j| layers.text.lex(j).opens_clause())
                });
                // "Joint Russian-Turkish patrols": the names inside a noun's own words
                let inside: Vec<usize> = if form.nominal {
                    // names are sorted by start
                    let tokens = &layers.text.tokens;
                    let (from, to) = (tokens[hit.first].start, tokens[hit.trigger_end() - 1].end);
                    let lo = layers.names.partition_point(|m| m.start < from);
                    let hi = layers.names.partition_point(|m| m.start < to);
                    (lo..hi).collect()
                } else {
                    Vec::new()
                };
                if !inside.is_empty() {
                    subject.chain = inside;
                } else if own_clause || form.passive {
                    // its subject is the unknown one before the verb; a passive's subject
                    // is acted on ("X said several people had been killed")
                } else if quoted && (!form.nominal || events.verbal.contains(&pattern.kind)) {
                    // "The leaders "rejected ...": the subject the sentence names before
                    // the quotation opened ("Moscow said Turkish forces "came under fire
                    // ...""), else the quotation's speaker; not in a material act it
                    // names ("a nefarious attack on our soldiers")
                    match self.subject(sentence.first_token, left, true) {
                        Ok(Some(chain)) => subject.chain = chain,
                        _ => subject.by_speaker = true,
                    }
                } else if in_phrase {
                    // the noun's actor, if any, is named inside its own phrase
                } else if let Some(chain) = self.gathered(hit, sentence, clause) {
                    subject.chain = chain;
                } else if let Ok(Some(chain)) = self.subject(sentence.first_token, left, true) {
                    // a clause without a subject shares the sentence's ("..., while
                    // expressing determination to stand against ...")
                    subject.chain = chain;
                }
            }
        }
        subject
    }

    /// "At negotiations in the Kremlin, Putin and Erdogan agreed": a gathering (a type of
    /// `gathering` in events.toml) named by a noun in a phrase that opens the sentence is
    /// held by the subject the sentence goes on to, the first name after the phrase that
    /// no preposition governs (with the names coordinated with it).
    fn gathered(&self, hit: &Hit, sentence: &Sentence, clause: &Clause) -> Option<Vec<usize>> {
        let events = &self.layers.knowledge.events;
        let text = self.layers.text;
        let kind = events.patterns[hit.pattern].kind;
        if !events.gathering.contains(&kind) {
            return None;
        }
        // the phrase opens the sentence: a preposition, then determiners and words that
        // describe the noun (a noun, then, whatever its form says)
        let first = sentence.first_token;
        if first >= hit.first
            || !text.lex(first).is_preposition()
            || !(first + 1..hit.first).all(|j| text.lex(j).is_determiner() || self.describes(j))
        {
            return None;
        }
        // (the clause, or a slot's reach past it within the sentence)
        let right = (clause.right + SLOT_WORDS)
            .min(sentence.end_token)
            .max(clause.right);
        let mut j = hit.trigger_end();
        let mut after_comma = false;
        while j < right {
            if self.lower(j) == "," {
                after_comma = true;
            }
            let Some(m) = self.mention_at[j] else {
                j += 1;
                continue;
            };
            let (chain, end) = self.chain_forward(m, right);
            let mut governor = j;
            while governor > 0 && text.lex(governor - 1).is_determiner() {
                governor -= 1;
            }
            if after_comma || !text.lex(governor - 1).is_preposition() {
                return Some(chain);
            }
            j = end.max(j + 1);
        }
        None
    }

    /// The recipient of a match: its slot, the name inside the words a verb's pattern
    /// skips to reach its object, or the first name after the trigger.
    fn object_of(&self, hit: &Hit, clause: &Clause, form: &Form) -> Vec<usize> {
        let layers = self.layers;
        let events = &layers.knowledge.events;
        let right = clause.right;
        let mut chain: Vec<usize> = Vec::new();
        if let Some((slot_start, slot_end)) = hit.slot {
            let mut j = slot_start;
            while j < slot_end {
                match self.mention_at[j] {
                    Some(m) => {
                        chain.push(m);
                        j = self.tok(layers.names[m].end).max(j + 1);
                    }
                    None => j += 1,
                }
            }
        } else if let Some(m) = (!form.nominal).then(|| self.named_in_gap(hit)).flatten() {
            // "released Ukraine's sailors", "shelled Kurdish positions": the name in the
            // words a verb's pattern skips to reach its object owns that object
            chain = self.chain_forward(m, hit.end).0;
        } else {
            // a noun's recipient hangs on it by a preposition ("the shelling of Homs",
            // "attacks on convoys"); what follows a noun subject is its predicate
            let noun_objects = &events.clauses.noun_objects;
            let from = if !form.nominal {
                hit.end
            } else if noun_objects.contains(self.lower(hit.end)) {
                hit.end + 1
            } else if hit.end > hit.first && noun_objects.contains(self.lower(hit.end - 1)) {
                // the pattern ends with the preposition ("release of")
                hit.end
            } else {
                right
            };
            for j in from..(from + OBJECT_WORDS).min(right) {
                if self.stop(j) {
                    break;
                }
                if let Some(m) = self.mention_at[j] {
                    // "their peacekeeping force": the actor's own, not the recipient
                    if j > from && events.clauses.possessives.contains(self.lower(j - 1)) {
                        continue;
                    }
                    chain = self.chain_forward(m, right).0;
                    break;
                }
            }
        }
        chain
    }

    /// The actor named after the act, for a passive ("attacked by Y") or an act its
    /// subject undergoes ("came under fire from Y"): `None` for other acts, `Some(None)`
    /// when no one is named.
    fn agent(&self, hit: &Hit, clause: &Clause, form: &Form) -> Option<Option<Vec<usize>>> {
        let events = &self.layers.knowledge.events;
        let right = clause.right;
        let agent_after = |words: &dyn Fn(&str) -> bool| {
            (hit.trigger_end()..right)
                .find(|&j| words(self.lower(j)))
                .and_then(|j| (j + 1..(j + 4).min(right)).find_map(|x| self.mention_at[x]))
                .map(|m| self.chain_forward(m, right).0)
        };
        if form.passive {
            Some(agent_after(&|w| w == events.clauses.agent))
        } else if events.patterns[hit.pattern].undergoer {
            // "the convoy came under fire (from Y)": the subject undergoes the act
            Some(agent_after(&|w| {
                events.clauses.undergoer_agents.contains(w)
            }))
        } else {
            None
        }
    }

    /// The type an act is when its actors do it: another when several parties do it
    /// together ("French and Egyptian warships launched war games"), a riot when a crowd
    /// of protesters does damage ("Protesters torched cars"; manual 3.12).
    fn kind_for_actors(
        &self,
        hit: &Hit,
        acting: &[usize],
        parties: usize,
    ) -> (EventType, Option<String>) {
        let layers = self.layers;
        let knowledge = layers.knowledge;
        let events = &knowledge.events;
        let pattern = &events.patterns[hit.pattern];
        let kind = match pattern.jointly {
            Some(joint) if parties > 1 => joint,
            _ => pattern.kind,
        };
        let mode = pattern.mode.clone();
        let crowd = |m: &usize| match &layers.names[*m].referent {
            Referent::Known(a) | Referent::Localised(a, _) | Referent::Affiliated(a, _) => {
                events.crowds.contains(&knowledge.actors[*a].id)
            }
            _ => false,
        };
        if !acting.is_empty() && acting.iter().all(crowd) {
            let act = match &mode {
                Some(m) => format!("{kind}:{m}"),
                None => kind.to_string(),
            };
            if let Some(protest) = events.crowd_acts.get(&act) {
                return (EventType::Protest, Some(protest.clone()));
            }
        }
        (kind, mode)
    }

    /// Whether the noun at `at` stands in a prepositional phrase: a preposition comes
    /// before it, past its determiners and modifiers, before any name or verb of the
    /// clause ("killed in an air strike"; not "Russian air strikes", whose name acts,
    /// nor "took part in the attack", whose subject does).
    fn after_preposition(&self, left: usize, at: usize) -> bool {
        let text = self.layers.text;
        let clauses = &self.layers.knowledge.events.clauses;
        let mut j = at;
        while j > left && at - j < 4 {
            j -= 1;
            if self.mention_covering(j).is_some() || text.tokens[j].kind != TokenKind::Word {
                return false;
            }
            let lex = text.lex(j);
            if lex.is_preposition() {
                // "took part in the attack", "engaged in fighting": the subject does it
                return !(j > left && clauses.participation.contains(self.lower(j - 1)));
            }
            if !lex.is_determiner()
                && !text.tokens[j].capitalised
                && self.layers.knowledge.events.is_participle(self.lower(j))
            {
                return false;
            }
        }
        false
    }

    /// The mention whose possessive ends right before token `i` ("Russia's call").
    pub(super) fn possessor_before(&self, i: usize) -> Option<usize> {
        (i.saturating_sub(3)..i).rev().find_map(|m| {
            let mention = self.mention_covering(m)?;
            let end = self.tok(self.layers.names[mention].end);
            (self.possessive_marker(end) == Some(i)).then_some(mention)
        })
    }

    /// The mention `m` and the mentions coordinated after it ("Russia, Turkey and Iran"):
    /// their indices and the token after the last.
    pub(super) fn chain_forward(&self, m: usize, limit: usize) -> (Vec<usize>, usize) {
        let names = self.layers.names;
        let coordinators = &self.layers.knowledge.events.clauses.coordinators;
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

    /// The subject before token `before`, searched back to token `from`: the nearest
    /// mention not inside a prepositional phrase, with the mentions coordinated with it.
    /// `Err(j)` when a first-person pronoun at `j` comes first. Looking `past_relatives`
    /// (for a clause that has no subject of its own and shares an earlier one), a name
    /// right after a word that opens a clause is that clause's subject and is passed over
    /// (Moscow said Turkish forces were "near the areas where terrorists were" and then
    /// "came under fire": the forces did).
    fn subject(
        &self,
        from: usize,
        before: usize,
        past_relatives: bool,
    ) -> Result<Option<Vec<usize>>, usize> {
        let text = self.layers.text;
        let names = self.layers.names;
        let clauses = &self.layers.knowledge.events.clauses;
        let mut j = before;
        while j > from {
            j -= 1;
            if text.tokens[j].kind == TokenKind::Word
                && clauses.first_person.contains(self.lower(j))
            {
                return Err(j);
            }
            let Some(m) = self.mention_covering(j) else {
                continue;
            };
            let first = self.tok(names[m].start);
            // skip determiners and quantifiers back to the word that governs the name
            let mut governor = first;
            while governor > from && text.lex(governor - 1).is_determiner() {
                governor -= 1;
            }
            if past_relatives && governor > from && text.lex(governor - 1).opens_clause() {
                j = governor - 1;
                continue;
            }
            // "Minister for Interior Aftab Sherpao": a preposition between capitalised
            // words is inside a title, not the start of a phrase
            let in_title = governor > from + 1
                && clauses.name_linkers.contains(self.lower(governor - 1))
                && text.tokens[governor - 2].capitalised
                && self.mention_covering(governor - 2).is_none();
            // "after protesters blocked the road": a preposition that also opens clauses,
            // with its name right before the verb, introduces the verb's subject
            let opens_clause = governor > from
                && clauses.subordinators.contains(self.lower(governor - 1))
                && self.tok(names[m].end) == before;
            if governor > from
                && text.lex(governor - 1).is_preposition()
                && !in_title
                && !opens_clause
            {
                j = first.min(j);
                continue;
            }
            return Ok(Some(self.chain_backward(m, from)));
        }
        Ok(None)
    }

    /// The mention `m` with the names coordinated before it, back to token `from`.
    fn chain_backward(&self, m: usize, from: usize) -> Vec<usize> {
        let names = self.layers.names;
        let coordinators = &self.layers.knowledge.events.clauses.coordinators;
        let mut chain = vec![m];
        let mut start = self.tok(names[m].start);
        loop {
            let mut k = start;
            while k > from && coordinators.contains(self.lower(k - 1)) {
                k -= 1;
            }
            if k == start || k == from {
                break;
            }
            match self.mention_covering(k - 1) {
                Some(previous) if names[previous].end <= self.layers.text.tokens[k].start => {
                    chain.insert(0, previous);
                    start = self.tok(names[previous].start);
                }
                _ => break,
            }
        }
        chain
    }

    /// Actor ids a referent stands for in an event: a head of state acting in office
    /// acts for the state too, as CAMEO codes "RUSGOV"; a document for its authors; a
    /// group for its members.
    pub(super) fn ids(&self, referent: &Referent, out: &mut Vec<String>) {
        let knowledge = self.layers.knowledge;
        let mut push = |id: String| {
            if !out.contains(&id) {
                out.push(id);
            }
        };
        match referent {
            Referent::Known(a) => {
                let definition = &knowledge.actors[*a];
                push(definition.id.clone());
                let is_state = |id: &str| {
                    knowledge
                        .actor(id)
                        .is_some_and(|s| s.kind.is_one(ActorCategory::State))
                };
                if let Some(office) = knowledge.office_on(definition, self.layers.published) {
                    if is_state(&office.of) {
                        push(office.of.clone());
                    }
                } else if let Some(state) = definition
                    .affiliation
                    .iter()
                    .chain(&definition.parent)
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
            other => push(crate::referent_id(knowledge, other)),
        }
    }

    /// The actor ids of a quotation's speaker: a speaking document's authors, or the
    /// speaker's own.
    pub(super) fn speaker_ids(&self, speaker: &SpeakerRef, out: &mut Vec<String>) {
        if let Some(d) = speaker.document {
            for &a in &self.layers.documents[d].authors {
                self.ids(&Referent::Known(a), out);
            }
        } else if let Some(r) = &speaker.referent {
            self.ids(r, out);
        }
    }

    /// The proposer of what a bare "agreed" agrees to: a proposal cue in the same
    /// sentence before the trigger, or in the sentence before.
    fn proposer(&self, sentence: usize, before: usize) -> Option<(Mention, Vec<String>)> {
        let layers = self.layers;
        let from = layers.sentences[sentence.saturating_sub(1)].first_token;
        let mut best = None;
        for i in from..before {
            for steps in layers.knowledge.events.proposal_steps() {
                let mut slot = None;
                if self.match_elements(steps, i, before, &mut slot).is_some() {
                    if let Some(m) = slot.and_then(|(s, _)| self.mention_at[s]) {
                        best = Some(m);
                    }
                }
            }
        }
        best.map(|m| {
            let mut ids = Vec::new();
            self.ids(&layers.names[m].referent, &mut ids);
            (
                self.mention(layers.names[m].start, layers.names[m].end),
                ids,
            )
        })
    }
}
