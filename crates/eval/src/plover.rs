//! Event coding on the PLOVER gold standard records (`eval/plover-gsr/`): one sentence
//! each with its event type, actors and recipients. Scored as the set's README says:
//! PLOVER 0.5 names mapped to today's (DEMAND→REQUEST, DISAPPROVE→ACCUSE,
//! INVESTIGATE→ACCUSE, FIGHT→ASSAULT); an actor is right when truce's actor mention
//! overlaps the gold `actorText` in the sentence.

use std::path::Path;

use chrono::NaiveDate;
use serde_json::Value;
use truce_knowledge::Knowledge;
use truce_model::{Event, Modality};

use crate::{evaluate_set, EvalError, Split};

/// One gold record.
#[derive(Debug, Clone)]
pub struct GoldEvent {
    pub id: String,
    pub text: String,
    pub date: Option<NaiveDate>,
    /// PLOVER type in today's names.
    pub kind: String,
    pub sources: Vec<String>,
    pub targets: Vec<String>,
}

/// PLOVER 0.5 names → the names of the current manual.
pub fn current_name(old: &str) -> &str {
    match old {
        "DEMAND" => "REQUEST",
        "DISAPPROVE" | "INVESTIGATE" => "ACCUSE",
        "FIGHT" => "ASSAULT",
        other => other,
    }
}

fn actor_texts(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(|a| a.get("actorText").and_then(Value::as_str))
            .map(str::to_string)
            .collect(),
        Some(Value::String(s)) if !s.is_empty() => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// Reads the set; the first record documents the file and is skipped.
pub fn load(path: &Path) -> Result<Vec<GoldEvent>, EvalError> {
    let text = crate::read_set(path)?;
    let bad = |detail: String| EvalError::Unreadable {
        path: path.display().to_string(),
        detail,
    };
    let all: Vec<Value> = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
    let mut out = Vec::new();
    for r in all {
        let event = r.get("event").and_then(Value::as_str).unwrap_or("");
        if event == "DOCUMENT" {
            continue;
        }
        let Some(sentence) = r.get("text").and_then(Value::as_str) else {
            return Err(bad(format!("record {} has no text", r["id"])));
        };
        out.push(GoldEvent {
            id: r
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            text: sentence.to_string(),
            date: r
                .get("date")
                .and_then(Value::as_str)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            kind: current_name(event).to_string(),
            sources: actor_texts(r.get("source")),
            targets: actor_texts(r.get("target")),
        });
    }
    Ok(out)
}

/// What truce made of one record.
#[derive(Debug, Clone)]
pub struct EventResult {
    pub id: String,
    pub gold: String,
    /// The type of the main event; `None` when truce coded no event.
    pub predicted: Option<String>,
    pub type_right: bool,
    /// `None` when the record has no gold actor (or recipient).
    pub actor_right: Option<bool>,
    pub recipient_right: Option<bool>,
    /// The gold actor texts and the text of truce's actor mentions in the main event,
    /// for listing mistakes.
    pub gold_actors: Vec<String>,
    pub actors: Vec<String>,
}

/// The event a sentence is about: the first asserted one, else the first of any
/// modality (the gold set codes intentions and threats as events too).
pub fn main_event(events: &[Event]) -> Option<&Event> {
    let first = |asserted: bool| {
        events
            .iter()
            .filter(|e| !asserted || e.modality == Modality::Asserted)
            .min_by_key(|e| e.evidence.iter().map(|x| x.trigger.start).min())
    };
    first(true).or_else(|| first(false))
}

/// Byte spans of every occurrence of `needle` in `hay` (exact case first, then any).
fn occurrences(hay: &str, needle: &str) -> Vec<(usize, usize)> {
    let find = |h: &str, n: &str| -> Vec<(usize, usize)> {
        if n.is_empty() {
            return Vec::new();
        }
        h.match_indices(n).map(|(i, _)| (i, i + n.len())).collect()
    };
    let exact = find(hay, needle);
    if !exact.is_empty() {
        return exact;
    }
    // lower-casing ASCII keeps byte offsets; other text is compared as it is
    if hay.is_ascii() && needle.is_ascii() {
        return find(&hay.to_ascii_lowercase(), &needle.to_ascii_lowercase());
    }
    Vec::new()
}

/// The pieces of a gold actor text to look for in the sentence. The coders' notation
/// is read as written: runs of spaces count as one and outer spaces as none
/// ("NATO  peacekeeping troops"), and an ellipsis joins pieces of one actor that the
/// sentence has apart ("Bosnian Serbs ... forces"), any of which names it.
fn gold_pieces(gold: &str) -> Vec<String> {
    let spaced = gold.split_whitespace().collect::<Vec<_>>().join(" ");
    spaced
        .split(" ...")
        .flat_map(|p| p.split(" .."))
        .map(|p| p.trim().trim_start_matches('.').trim_start().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

fn overlaps(gold: &[String], text: &str, spans: &[(usize, usize)]) -> bool {
    gold.iter().flat_map(|g| gold_pieces(g)).any(|g| {
        occurrences(text, &g)
            .iter()
            .any(|&(gs, ge)| spans.iter().any(|&(s, e)| s < ge && gs < e))
    })
}

/// Codes one record and compares.
pub fn score_record(g: &GoldEvent, k: &Knowledge) -> EventResult {
    let analysis = truce_analyse::analyse_text(&g.text, None, g.date, k);
    let main = main_event(&analysis.mentions.events);
    let predicted = main.map(|e| e.kind.as_str().to_string());
    let spans =
        |f: fn(&truce_model::Evidence) -> &Vec<truce_model::Mention>| -> Vec<(usize, usize)> {
            main.into_iter()
                .flat_map(|e| e.evidence.iter())
                .flat_map(|x| f(x).iter().map(|m| (m.start, m.end)))
                .collect()
        };
    let actor_spans = spans(|x| &x.actor_mentions);
    let recipient_spans = spans(|x| &x.recipient_mentions);
    EventResult {
        id: g.id.clone(),
        gold: g.kind.clone(),
        type_right: predicted.as_deref() == Some(g.kind.as_str()),
        predicted,
        actor_right: (!g.sources.is_empty()).then(|| overlaps(&g.sources, &g.text, &actor_spans)),
        recipient_right: (!g.targets.is_empty())
            .then(|| overlaps(&g.targets, &g.text, &recipient_spans)),
        gold_actors: g.sources.clone(),
        actors: (actor_spans.iter())
            .map(|&(s, e)| g.text.get(s..e).unwrap_or("").to_string())
            .collect(),
    }
}

/// Accuracies over a set of records.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct EventScores {
    pub records: usize,
    pub type_accuracy: f64,
    /// Records with a gold actor, and the share where type and actor are both right.
    pub with_actor: usize,
    pub actor_accuracy: f64,
    pub type_and_actor_accuracy: f64,
    pub with_recipient: usize,
    pub recipient_accuracy: f64,
    /// F1 of each gold type (the records of that type against the records coded as it),
    /// averaged over the types in the gold.
    pub macro_f1: f64,
    /// Records where truce coded no event at all.
    pub no_event: usize,
    /// Type accuracy of always answering the commonest gold type.
    pub baseline_type_accuracy: f64,
}

pub fn summarise<'a>(results: impl Iterator<Item = &'a EventResult>) -> EventScores {
    let results: Vec<&EventResult> = results.collect();
    let n = results.len().max(1) as f64;
    let share = |hits: usize, of: usize| hits as f64 / of.max(1) as f64;
    let with_actor: Vec<_> = results.iter().filter(|r| r.actor_right.is_some()).collect();
    let with_recipient: Vec<_> = results
        .iter()
        .filter(|r| r.recipient_right.is_some())
        .collect();
    let mut counts = std::collections::HashMap::<&str, usize>::new();
    for r in &results {
        *counts.entry(r.gold.as_str()).or_default() += 1;
    }
    let commonest = counts.values().copied().max().unwrap_or(0);
    let macro_f1 = counts
        .keys()
        .map(|&kind| {
            let right = results
                .iter()
                .filter(|r| r.type_right && r.gold == kind)
                .count();
            let coded = results
                .iter()
                .filter(|r| r.predicted.as_deref() == Some(kind))
                .count();
            let (p, r) = (share(right, coded), share(right, counts[kind]));
            if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            }
        })
        .sum::<f64>()
        / counts.len().max(1) as f64;
    EventScores {
        records: results.len(),
        type_accuracy: results.iter().filter(|r| r.type_right).count() as f64 / n,
        with_actor: with_actor.len(),
        actor_accuracy: share(
            with_actor
                .iter()
                .filter(|r| r.actor_right == Some(true))
                .count(),
            with_actor.len(),
        ),
        type_and_actor_accuracy: share(
            with_actor
                .iter()
                .filter(|r| r.type_right && r.actor_right == Some(true))
                .count(),
            with_actor.len(),
        ),
        with_recipient: with_recipient.len(),
        recipient_accuracy: share(
            with_recipient
                .iter()
                .filter(|r| r.recipient_right == Some(true))
                .count(),
            with_recipient.len(),
        ),
        macro_f1,
        no_event: results.iter().filter(|r| r.predicted.is_none()).count(),
        baseline_type_accuracy: commonest as f64 / n,
    }
}

/// Evaluates the whole set at `path`.
pub fn evaluate(
    path: &Path,
    k: &Knowledge,
) -> Result<(Split<EventScores>, Vec<EventResult>), EvalError> {
    let gold = load(path)?;
    Ok(evaluate_set(
        &gold,
        |g| score_record(g, k),
        |r| summarise(r),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_actor_texts_are_read_in_the_coders_notation() {
        assert_eq!(
            gold_pieces("NATO  peacekeeping troops"),
            ["NATO peacekeeping troops"]
        );
        assert_eq!(
            gold_pieces(" Former prime minister X"),
            ["Former prime minister X"]
        );
        assert_eq!(
            gold_pieces("Bosnian Serbs ... forces"),
            ["Bosnian Serbs", "forces"]
        );
        assert_eq!(
            gold_pieces("Hundreds of people .. in Hong Kong"),
            ["Hundreds of people", "in Hong Kong"]
        );
        assert_eq!(gold_pieces("U.S."), ["U.S."]);
        let text = "Bosnian Serbs said their forces had left.";
        assert!(overlaps(
            &["Bosnian Serbs ... forces".into()],
            text,
            &[(0, 13)]
        ));
        assert!(!overlaps(
            &["Bosnian Serbs ... forces".into()],
            text,
            &[(19, 24)]
        ));
    }

    #[test]
    fn old_names_map_and_occurrences_fall_back_to_any_case() {
        assert_eq!(current_name("DEMAND"), "REQUEST");
        assert_eq!(current_name("FIGHT"), "ASSAULT");
        assert_eq!(current_name("AGREE"), "AGREE");
        assert_eq!(occurrences("The Army and the army", "army"), vec![(17, 21)]);
        assert_eq!(occurrences("The Army", "army"), vec![(4, 8)]);
        assert!(overlaps(&["Israel".into()], "Israel hit Gaza", &[(0, 6)]));
        assert!(!overlaps(&["Gaza".into()], "Israel hit Gaza", &[(0, 6)]));
    }
}
