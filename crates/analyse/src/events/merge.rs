//! Reports of one act told again in a document, merged into one event with all its
//! evidence and the reason.

use rustc_hash::FxHashSet as HashSet;
use truce_model::{DateSource, Event};

use super::{Found, SHARED_WORDS};

/// An event of the document as merging builds it: the event, the content words of its
/// clauses, whether all its reports are in the headline, and the spans of the clauses
/// its evidence has, looked up for each later report (a list scanned instead made a
/// report of one sentence said a thousand times quadratic).
/// How many of the events told before a report it is compared with (the last ones): far
/// more than a news report holds, and a bound on the cost of a report that tells
/// thousands (one sentence said over and over made merging quadratic).
const MERGE_WINDOW: usize = 256;

struct Merged<'a> {
    event: Event,
    content: Vec<&'a str>,
    headline: bool,
    clauses: HashSet<(usize, usize)>,
}

impl<'a> Merged<'a> {
    fn new(f: Found<'a>) -> Self {
        let clauses = f.event.evidence.iter().map(|x| (x.start, x.end)).collect();
        Merged {
            event: f.event,
            content: f.content,
            headline: f.headline,
            clauses,
        }
    }
}

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
    let mut out: Vec<Merged> = Vec::new();
    for f in found {
        // the events a report may be one of: the last MERGE_WINDOW told (`first` is the
        // index of the window's first)
        let first = out.len().saturating_sub(MERGE_WINDOW);
        let window = &out[first..];
        let by_content = window.iter().position(|m| {
            compatible(&m.event, &f.event)
                && !m.event.actors.is_empty()
                && !f.event.actors.is_empty()
                && shared(&m.content, &f.content).len() >= SHARED_WORDS
        });
        // two triggers of one material act in one clause: "struck the town, killing four
        // civilians" is one strike told with its toll (unless they name different places)
        let by_clause = || {
            let clause = &f.event.evidence[0];
            window.iter().position(|m| {
                let e = &m.event;
                !f.verbal
                    && compatible(e, &f.event)
                    && (e.place.is_none() || f.event.place.is_none() || e.place == f.event.place)
                    && m.clauses.contains(&(clause.start, clause.end))
            })
        };
        let by_reference = || {
            f.anaphoric
                .then(|| {
                    window
                        .iter()
                        .rposition(|m| !m.headline && compatible(&m.event, &f.event))
                })
                .flatten()
        };
        match by_content
            .map(|i| (i, "shared words"))
            .or_else(|| by_clause().map(|i| (i, "same clause")))
            .or_else(|| by_reference().map(|i| (i, "refers back")))
        {
            Some((i, how)) => {
                let m = &mut out[first + i];
                let why = match how {
                    "shared words" => {
                        format!(
                            "shared words: {}",
                            shared(&m.content, &f.content).join(", ")
                        )
                    }
                    "same clause" => "told in the same clause".to_string(),
                    _ => format!("\"{}\" refers back to it", f.event.evidence[0].trigger.text),
                };
                m.clauses
                    .extend(f.event.evidence.iter().map(|x| (x.start, x.end)));
                absorb(&mut m.event, f.event, &why);
                m.content.extend(f.content);
                m.content.sort_unstable();
                m.content.dedup();
                m.headline &= f.headline;
            }
            None => out.push(Merged::new(f)),
        }
    }
    // a headline's act is the act the body tells: fold it into the first that agrees
    let mut i = 0;
    while i < out.len() {
        if out[i].headline {
            if let Some(j) = (0..out.len())
                .find(|&j| j != i && !out[j].headline && compatible(&out[j].event, &out[i].event))
            {
                let head = out.remove(i).event;
                let j = if j > i { j - 1 } else { j };
                absorb(&mut out[j].event, head, "the headline tells the same act");
                continue;
            }
        }
        i += 1;
    }
    out.into_iter()
        .enumerate()
        .map(|(i, Merged { event: mut e, .. })| {
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
