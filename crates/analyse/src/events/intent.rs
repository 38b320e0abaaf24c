//! Acts inside other acts: the content of a verbal act ("asked them to withdraw") is
//! not asserted, an agreement to a concession is that concession, and a future act is
//! an act of its own as PLOVER reads it (an offer, a threat, a refusal, a promise).
//!
//! The reading policy, as the PLOVER manual has it: cooperation told in the future tense
//! is AGREE whoever does it, a noun too when its own predicate is future ("Talks ... will
//! open"); a willingness, threat or promised retreat needs a named actor; only a
//! quotation's speaker (or the speaker's own forces) announces an act; an act announced
//! on a condition is an offer (AGREE) unless the condition is a demand (`demanding`, or a
//! negation inside it), then a threat; an announced reduction of relations is the
//! SANCTION itself (SANCTION is not `threatening`); readying an attack (`readiness` cues,
//! `[readied]`) is MOBILIZE unless the actor announces it; a concession governs its
//! to-complement as a statement does. Violence by a crowd of protesters (`crowds`,
//! `[crowd_acts]`) is a riot, PROTEST.

use rustc_hash::FxHashSet as HashSet;

/// The mode of an act the reader makes of an announced or future act, and the prefix of
/// its evidence's pattern: what users see of where it came from.
const INTENT_MODE: &str = "intent";
use truce_model::{EventType, Modality};

use super::{Condition, Found, Reader};

impl<'a> Reader<'a> {
    /// Acts that are the content of an earlier act in the same clause ("asked them to
    /// withdraw", "refused to withdraw") did not happen as told.
    pub(super) fn complements(&self, found: &mut [Found<'a>]) {
        let clauses = &self.layers.knowledge.events.clauses;
        for b in 1..found.len() {
            let (head, tail) = found.split_at_mut(b);
            let later = &mut tail[0];
            if later.event.modality != Modality::Asserted {
                continue;
            }
            // a governor is a verbal act: spoken or written, or a concession granted in
            // words ("allowed the opposition to hold rallies" holds none)
            let speaks = |a: &Found<'a>| {
                a.verbal
                    || matches!(
                        self.layers.knowledge.events.quad.get(&a.event.kind),
                        Some(1 | 3)
                    )
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
            // "a meeting was held after the attack": an act a word of sequence leads is
            // when the governor happened, not what it was about
            let sequence = &self.layers.knowledge.events.modality.sequence;
            if (governor.first..later.first).any(|j| sequence.contains(self.lower(j))) {
                continue;
            }
            let modality = if governor.event.kind == EventType::Reject {
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
    pub(super) fn promised_concessions(&self, found: &mut [Found<'a>]) {
        let events = &self.layers.knowledge.events;
        let clauses = &events.clauses;
        for a in 0..found.len() {
            let agreement = &found[a];
            if agreement.event.kind != EventType::Agree
                || agreement.event.modality != Modality::Asserted
                || !agreement.verbal
                || agreement.intent
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
                    && later.event.kind == EventType::Concede
                    && (agreement.first..later.first)
                        .any(|j| clauses.complements.contains(self.lower(j)))
            });
            if conceded {
                let e = &mut found[a].event;
                e.kind = EventType::Concede;
                e.cameo_root = events
                    .cameo_roots
                    .get(&EventType::Concede)
                    .cloned()
                    .unwrap_or_default();
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
    pub(super) fn intent(&self, act: &Found<'a>) -> Option<Found<'a>> {
        let events = &self.layers.knowledge.events;
        // a willingness, threat or concession needs a named actor, known to the gazetteer
        // or not ("Arafat said he was willing to"): an intent nobody is said to hold is no
        // one's commitment; cooperation in the future tense is read as agreement anyway
        let named = !act.event.actors.is_empty()
            || act
                .event
                .evidence
                .iter()
                .any(|e| !e.actor_mentions.is_empty());
        let cue = act
            .event
            .evidence
            .first()
            .and_then(|e| e.cue.as_ref())
            .map(|c| c.text.to_lowercase());
        let cued = |set: &HashSet<String>| cue.as_ref().is_some_and(|c| set.contains(c));
        // readying an attack is a move of its own, seen whoever makes it ("the army was
        // preparing to launch an offensive"): `[readied]` in events.toml
        if let Some(kind) = events.readied.get(&act.event.kind) {
            if act.event.modality == Modality::Future
                && !act.announced
                && !act.nominal
                && cued(&events.modality.readiness)
            {
                return Some(self.as_intent(act, *kind));
            }
        }
        if act.unpromised {
            return None;
        }
        if act.nominal || !named {
            // cooperation reported in the future tense is an agreement whoever reports it
            // and whoever is said to do it (manual 3.1), a noun too when its own
            // predicate says so ("Talks between the two sides will open on Thursday"),
            // not a word before it ("the upcoming talks" are only named)
            let predicated = act
                .event
                .evidence
                .first()
                .is_some_and(|e| e.cue.as_ref().is_some_and(|c| c.start >= e.trigger.end));
            if act.event.modality == Modality::Future
                && (!act.nominal || predicated)
                && events
                    .promised
                    .get(&act.event.kind)
                    .is_some_and(|k| *k == EventType::Agree)
            {
                return Some(self.as_intent(act, EventType::Agree));
            }
            return None;
        }
        if act.event.modality == Modality::Negated {
            // "will not accept", "would not withdraw": a refusal, said or reported
            return (events.refusable.contains(&act.event.kind) && self.negated_future(act))
                .then(|| self.as_intent(act, EventType::Reject));
        }
        if act.event.modality != Modality::Future && !act.announced {
            return None;
        }
        let hostile = events.threatening.contains(&act.event.kind);
        let kind = if act.announced && (act.conditional == Some(Condition::Demand) || hostile) {
            EventType::Threaten
        } else if !hostile
            && (cued(&events.modality.willingness)
                || (act.announced && act.conditional == Some(Condition::Offer)))
        {
            EventType::Agree
        } else if act.event.modality == Modality::Future {
            *events.promised.get(&act.event.kind)?
        } else {
            return None;
        };
        Some(self.as_intent(act, kind))
    }

    /// Whether an act is negated in the future tense: its negation follows an auxiliary
    /// of the future ("will not", "would never") or carries one ("won't"); both lists are
    /// data (events.toml, `future_auxiliaries` and `future_negations`).
    fn negated_future(&self, act: &Found<'a>) -> bool {
        let text = self.layers.text;
        let Some(cue) = act.event.evidence.first().and_then(|e| e.cue.as_ref()) else {
            return false;
        };
        let cues = &self.layers.knowledge.events.modality;
        if cues.future_negations.contains(&cue.text.to_lowercase()) {
            return true;
        }
        let Some(i) = text.token_at(cue.start) else {
            return false;
        };
        i > 0 && cues.future_auxiliaries.contains(self.lower(i - 1))
    }

    /// The act `f` announces, as an event of its own of type `kind`, asserted (or
    /// historical when announced long before the report).
    fn as_intent(&self, act: &Found<'a>, kind: EventType) -> Found<'a> {
        let events = &self.layers.knowledge.events;
        let mut event = act.event.clone();
        event.kind = kind;
        event.mode = Some(INTENT_MODE.into());
        // an announcement made long before the report is its background
        event.modality =
            if super::setting::announced_long_before(event.date.as_ref(), self.layers.published) {
                Modality::Historical
            } else {
                Modality::Asserted
            };
        event.cameo_root = events.cameo_roots.get(&kind).cloned().unwrap_or_default();
        for e in &mut event.evidence {
            e.pattern = format!("{INTENT_MODE}: {}", e.pattern);
            e.modality = event.modality;
            e.cue = None;
        }
        Found {
            event,
            content: act.content.clone(),
            first: act.first,
            clause_end: act.clause_end,
            verbal: true,
            nominal: false,
            announced: false,
            conditional: None,
            unpromised: false,
            anaphoric: false,
            headline: act.headline,
            place_from: act.place_from,
            intent: true,
            told_apart: act.told_apart,
        }
    }
}
