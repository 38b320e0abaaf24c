//! Reports of one act told again in a document, merged into one event with all its
//! evidence and the reason.

use truce_model::{DateSource, Event};

use super::{Found, SHARED_WORDS};

/// Merges reports of one act within the document: same type and modality, actors and
/// recipients that agree, and either clauses that share content words ("lay down
/// arms"), a definite noun that refers back ("the strike"), or a headline that the body
/// tells again.
pub(super) fn merge(found: Vec<Found<'_>>) -> Vec<Event> {
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
    if e.date
        .as_ref()
        .is_none_or(|d| d.from == DateSource::Publication)
        && f.date
            .as_ref()
            .is_some_and(|d| d.from != DateSource::Publication)
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
