//! Keeping `cluster_summaries` (one row per act, see migration 0008) in step with
//! `events` as a batch commits. Two steps, so that the cost is per act the batch touched,
//! never per event an act already had:
//! 1. acts whose events moved in the batch (an event linked after it was stored, split
//!    out, joined elsewhere) are computed again from all their events by the view
//!    `cluster_rollup`;
//! 2. every other act that gained events in the batch folds the new events into its row
//!    (or starts one): earliest date, largest place, the union of actors and recipients
//!    in the order first seen, reports added (a report's events are all stored in one
//!    batch, so old and new reports never overlap). The new events are folded in memory
//!    as they are stored ([`Fresh`]), and each act's row is read and written once: the
//!    earlier fold in SQL looked up the batch's events of every act through the act's
//!    whole event list, which grew with the store (the generated feed's busiest acts
//!    gather thousands of reports).
//!
//! Type and modality are not folded: the linker only puts an event into an act of its
//! own type and modality, and acts an analyst joined across types go through step 1.
//! `Store::check` compares the rows with the view, so a broken invariant shows.

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;

use rusqlite::{params, OptionalExtension, Transaction};

use crate::StoredEvent;

/// The events a batch stored into acts, folded per act as `cluster_rollup` would fold
/// them (the same minima, maxima and first-seen orders), to be merged into the acts'
/// rows at commit.
#[derive(Debug, Default)]
pub(crate) struct Fresh {
    acts: BTreeMap<i64, Fold>,
}

/// What a batch's new events say about one act.
#[derive(Debug)]
struct Fold {
    kind: String,
    modality: String,
    date: Option<String>,
    date_precision: Option<String>,
    mode: Option<String>,
    cameo: String,
    actors: Vec<String>,
    recipients: Vec<String>,
    place: Option<String>,
    place_name: Option<String>,
    place_precision: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    /// The reports, each once (a report's events are stored one after another).
    docs: Vec<i64>,
    /// The first evidence clause of the first event.
    evidence: Option<String>,
}

/// SQL's `min` over values that may be NULL: the least of those that are not.
fn least<T: PartialOrd + Clone>(kept: &mut Option<T>, other: &Option<T>) {
    if let Some(o) = other {
        if kept.as_ref().is_none_or(|k| o < k) {
            *kept = Some(o.clone());
        }
    }
}

/// SQL's `max` over values that may be NULL.
fn greatest<T: PartialOrd + Clone>(kept: &mut Option<T>, other: &Option<T>) {
    if let Some(o) = other {
        if kept.as_ref().is_none_or(|k| o > k) {
            *kept = Some(o.clone());
        }
    }
}

/// Appends the values of `new` that `list` lacks, in their order.
fn union(list: &mut Vec<String>, new: &[String]) {
    for v in new {
        if !list.contains(v) {
            list.push(v.clone());
        }
    }
}

impl Fresh {
    /// Whether the batch stored no event into an act.
    pub(crate) fn is_empty(&self) -> bool {
        self.acts.is_empty()
    }

    /// Folds an event just stored in act `cluster`.
    pub(crate) fn add(&mut self, cluster: i64, e: &StoredEvent, evidence: Option<&str>) {
        match self.acts.entry(cluster) {
            Entry::Vacant(slot) => {
                let mut fold = Fold {
                    kind: e.kind.clone(),
                    modality: e.modality.clone(),
                    date: e.date.clone(),
                    date_precision: e.date_precision.clone(),
                    mode: e.mode.clone(),
                    cameo: e.cameo.clone(),
                    actors: Vec::new(),
                    recipients: Vec::new(),
                    place: e.place.clone(),
                    place_name: e.place_name.clone(),
                    place_precision: e.place_precision.clone(),
                    lat: e.lat,
                    lon: e.lon,
                    docs: vec![e.doc],
                    evidence: evidence.map(str::to_string),
                };
                union(&mut fold.actors, &e.actors);
                union(&mut fold.recipients, &e.recipients);
                slot.insert(fold);
            }
            Entry::Occupied(mut slot) => {
                let f = slot.get_mut();
                if e.kind < f.kind {
                    f.kind.clone_from(&e.kind);
                }
                if e.modality < f.modality {
                    f.modality.clone_from(&e.modality);
                }
                if e.cameo < f.cameo {
                    f.cameo.clone_from(&e.cameo);
                }
                least(&mut f.date, &e.date);
                least(&mut f.date_precision, &e.date_precision);
                least(&mut f.mode, &e.mode);
                union(&mut f.actors, &e.actors);
                union(&mut f.recipients, &e.recipients);
                greatest(&mut f.place, &e.place);
                greatest(&mut f.place_name, &e.place_name);
                greatest(&mut f.place_precision, &e.place_precision);
                greatest(&mut f.lat, &e.lat);
                greatest(&mut f.lon, &e.lon);
                if f.docs.last() != Some(&e.doc) && !f.docs.contains(&e.doc) {
                    f.docs.push(e.doc);
                }
            }
        }
    }
}

/// An act's row as stored, the part a fold changes.
struct Row {
    date: Option<String>,
    date_precision: Option<String>,
    mode: Option<String>,
    cameo: String,
    actors: String,
    recipients: String,
    place: Option<String>,
    place_name: Option<String>,
    place_precision: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    reports: i64,
    evidence: Option<String>,
}

fn json(list: &[String]) -> String {
    serde_json::to_string(list).expect("ids serialise")
}

/// Brings the summaries of the acts a batch touched up to date: `fresh` holds the
/// batch's new events by act, `moved` the acts whose events moved.
pub(crate) fn refresh(tx: &Transaction<'_>, fresh: &Fresh, moved: &[i64]) -> rusqlite::Result<()> {
    let mut whole: Vec<i64> = moved.to_vec();
    whole.sort_unstable();
    whole.dedup();
    for &c in &whole {
        tx.prepare_cached("DELETE FROM cluster_summaries WHERE cluster = ?1")?
            .execute([c])?;
        tx.prepare_cached(
            "INSERT INTO cluster_summaries SELECT * FROM cluster_rollup WHERE cluster = ?1",
        )?
        .execute([c])?;
    }
    let mut read = tx.prepare_cached(
        "SELECT date, date_precision, mode, cameo, actors, recipients, place, place_name, \
         place_precision, lat, lon, reports, evidence FROM cluster_summaries WHERE cluster = ?1",
    )?;
    let mut update = tx.prepare_cached(
        "UPDATE cluster_summaries SET date = ?2, date_precision = ?3, mode = ?4, cameo = ?5, \
         actors = ?6, recipients = ?7, place = ?8, place_name = ?9, place_precision = ?10, \
         lat = ?11, lon = ?12, reports = ?13, evidence = ?14 WHERE cluster = ?1",
    )?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO cluster_summaries (type, modality, cluster, date, date_precision, mode, \
         cameo, actors, recipients, place, place_name, place_precision, lat, lon, reports, evidence) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?;
    for (&cluster, f) in &fresh.acts {
        if whole.binary_search(&cluster).is_ok() {
            continue;
        }
        let stored = read
            .query_row([cluster], |r| {
                Ok(Row {
                    date: r.get(0)?,
                    date_precision: r.get(1)?,
                    mode: r.get(2)?,
                    cameo: r.get(3)?,
                    actors: r.get(4)?,
                    recipients: r.get(5)?,
                    place: r.get(6)?,
                    place_name: r.get(7)?,
                    place_precision: r.get(8)?,
                    lat: r.get(9)?,
                    lon: r.get(10)?,
                    reports: r.get(11)?,
                    evidence: r.get(12)?,
                })
            })
            .optional()?;
        match stored {
            None => {
                insert.execute(params![
                    f.kind,
                    f.modality,
                    cluster,
                    f.date,
                    f.date_precision,
                    f.mode,
                    f.cameo,
                    json(&f.actors),
                    json(&f.recipients),
                    f.place,
                    f.place_name,
                    f.place_precision,
                    f.lat,
                    f.lon,
                    f.docs.len() as i64,
                    f.evidence,
                ])?;
            }
            Some(mut row) => {
                least(&mut row.date, &f.date);
                least(&mut row.date_precision, &f.date_precision);
                least(&mut row.mode, &f.mode);
                if f.cameo < row.cameo {
                    row.cameo.clone_from(&f.cameo);
                }
                let merged = |stored: &str, new: &[String]| {
                    let mut list: Vec<String> = serde_json::from_str(stored).unwrap_or_default();
                    union(&mut list, new);
                    json(&list)
                };
                greatest(&mut row.place, &f.place);
                greatest(&mut row.place_name, &f.place_name);
                greatest(&mut row.place_precision, &f.place_precision);
                greatest(&mut row.lat, &f.lat);
                greatest(&mut row.lon, &f.lon);
                update.execute(params![
                    cluster,
                    row.date,
                    row.date_precision,
                    row.mode,
                    row.cameo,
                    merged(&row.actors, &f.actors),
                    merged(&row.recipients, &f.recipients),
                    row.place,
                    row.place_name,
                    row.place_precision,
                    row.lat,
                    row.lon,
                    row.reports + f.docs.len() as i64,
                    row.evidence.or_else(|| f.evidence.clone()),
                ])?;
            }
        }
    }
    Ok(())
}
