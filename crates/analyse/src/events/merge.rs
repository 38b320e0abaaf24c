//! Reports of one act told again in a document, merged into one event with all its
//! evidence and the reason.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use truce_knowledge::PlaceKind;
use truce_model::{DatePrecision, DateSource, Event, EventType};

use super::{Found, Layers, SHARED_WORDS};

/// What merging needs to know of the report's places: each one's kind and country, to
/// tell two places that cannot hold one act (two towns, two countries) from a town and
/// the province or country around it.
pub(super) struct PlaceKinds(HashMap<String, (PlaceKind, String)>);

impl PlaceKinds {
    pub(super) fn of(layers: &Layers) -> PlaceKinds {
        let gazetteer = &layers.knowledge.gazetteer;
        PlaceKinds(
            layers
                .places
                .iter()
                .map(|p| {
                    let info = gazetteer.info(p.place);
                    (info.id(), (info.kind, info.country.to_string()))
                })
                .collect(),
        )
    }

    /// Whether one act can have happened at both places: the same place, or one inside
    /// the other as far as kinds and countries tell (a town and its country, a town and a
    /// province of its country); two towns, two provinces or two countries cannot.
    fn agree(&self, a: &str, b: &str) -> bool {
        if a == b {
            return true;
        }
        let (Some((ka, ca)), Some((kb, cb))) = (self.0.get(a), self.0.get(b)) else {
            return false;
        };
        ca == cb && ka != kb
    }
}

/// Whether two events name one party in one role: an actor of both, or a recipient of
/// both. Two acts of one kind, day and place with no party in common (an offensive, and
/// the fire that answered it) are not taken for one.
fn shares_a_party(a: &Event, b: &Event) -> bool {
    let unnamed = |e: &Event| e.actors.is_empty() && e.recipients.is_empty();
    unnamed(a)
        || unnamed(b)
        || a.actors
            .iter()
            .any(|x| b.actors.iter().any(|y| one_party(x, y)))
        || a.recipients
            .iter()
            .any(|x| b.recipients.iter().any(|y| one_party(x, y)))
}

/// The day an event's own words (not the report's publication) date it to.
fn own_day(e: &Event) -> Option<&str> {
    e.date
        .as_ref()
        .filter(|d| d.from != DateSource::Publication && d.precision == DatePrecision::Day)
        .and_then(|d| d.value.as_deref())
}

/// Whether two events can be one act by where and when they happened: places that agree
/// (or one unknown) and days that agree where both were read from the act's own words.
fn same_setting(a: &Event, b: &Event, places: &PlaceKinds) -> bool {
    let place = match (&a.place, &b.place) {
        (Some(x), Some(y)) => places.agree(x, y),
        _ => true,
    };
    let day = match (own_day(a), own_day(b)) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    place && day
}

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
/// arms"), a definite noun that refers back ("the strike"), a headline that the body
/// tells again, or else (a report tells its act again and again, in the lede, in each
/// side's words, with its toll) an act of the same kind told before whose parties, place
/// and day agree, unless a word sets the new one apart ("another strike").
pub(super) fn merge(
    found: Vec<Found<'_>>,
    places: &PlaceKinds,
    events: &truce_knowledge::EventPatterns,
) -> Vec<Event> {
    let compatible = |e: &Event, f: &Event| {
        e.modality == f.modality
            && one_kind(events, e, f).is_some()
            && (e.actors.is_empty()
                || f.actors.is_empty()
                || subset(&e.actors, &f.actors)
                || subset(&f.actors, &e.actors))
            && (e.recipients.is_empty()
                || f.recipients.is_empty()
                || e.recipients
                    .iter()
                    .any(|r| f.recipients.iter().any(|x| one_party(r, x))))
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
        let by_act = || {
            (!f.told_apart)
                .then(|| {
                    window.iter().rposition(|m| {
                        compatible(&m.event, &f.event)
                            && shares_a_party(&m.event, &f.event)
                            && same_setting(&m.event, &f.event, places)
                    })
                })
                .flatten()
        };
        match by_content
            .map(|i| (i, "shared words"))
            .or_else(|| by_clause().map(|i| (i, "same clause")))
            .or_else(|| by_reference().map(|i| (i, "refers back")))
            .or_else(|| by_act().map(|i| (i, "told again")))
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
                    "told again" => {
                        "an act of its kind told again, its parties, place and day agreeing"
                            .to_string()
                    }
                    _ => format!("\"{}\" refers back to it", f.event.evidence[0].trigger.text),
                };
                m.clauses
                    .extend(f.event.evidence.iter().map(|x| (x.start, x.end)));
                if let Some(kind) = one_kind(events, &m.event, &f.event) {
                    recode(events, &mut m.event, kind);
                }
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
                if let Some(kind) = one_kind(events, &out[j].event, &head) {
                    recode(events, &mut out[j].event, kind);
                }
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

/// The type two events told as one act are coded as, if they can be one: their type, or
/// the first of the `kindred` group that holds both.
fn one_kind(events: &truce_knowledge::EventPatterns, e: &Event, f: &Event) -> Option<EventType> {
    events
        .merging
        .kindred((e.kind, e.mode.as_deref()), (f.kind, f.mode.as_deref()))
}

/// Codes `e` as `kind` (kindred acts told as one), with that type's CAMEO root.
fn recode(events: &truce_knowledge::EventPatterns, e: &mut Event, kind: EventType) {
    if e.kind != kind {
        e.kind = kind;
        e.mode = None;
        e.cameo_root = events.cameo_roots.get(&kind).cloned().unwrap_or_default();
    }
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
    for c in f.casualties {
        let told_before = e
            .casualties
            .iter()
            .any(|d| (d.harm, d.count, d.figure, d.who) == (c.harm, c.count, c.figure, c.who));
        if !told_before {
            e.casualties.push(c);
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

/// Whether every actor of `a` is one of `b`'s.
fn subset(a: &[String], b: &[String]) -> bool {
    a.iter().all(|x| b.iter().any(|y| one_party(x, y)))
}

/// Whether two actor ids can name one party: the same id, or a collective and the same
/// collective of one state ("armed-groups" and "LBY-armed-groups": "the warring factions"
/// and "Libya's factions" in one report).
fn one_party(a: &str, b: &str) -> bool {
    let refines = |specific: &str, generic: &str| {
        specific
            .strip_suffix(generic)
            .is_some_and(|owner| owner.len() > 1 && owner.ends_with('-'))
    };
    a == b || refines(a, b) || refines(b, a)
}
