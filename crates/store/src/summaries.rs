//! Keeping `cluster_summaries` (one row per act, see migration 0008) in step with
//! `events` as a batch commits. Two steps, so that the cost is per act the batch touched,
//! never per event an act already had:
//! 1. acts whose events moved in the batch (an event linked after it was stored, split
//!    out, joined elsewhere) are computed again from all their events by the view
//!    `cluster_rollup`;
//! 2. every other act that gained events in the batch folds the new events into its row
//!    (or starts one): earliest date, finest place, the union of actors and recipients
//!    in the order first seen, reports added (a report's events are all stored in one
//!    batch, so old and new reports never overlap). The new events are folded in memory
//!    as they are stored ([`Fresh`]), and the acts' rows are read in one query and
//!    written back together (one statement per 64 rows on PostgreSQL, where every
//!    statement is a trip to the server): the earlier fold in SQL looked up the batch's events of every act through the act's
//!    whole event list, which grew with the store (the generated feed's busiest acts
//!    gather thousands of reports).
//!
//! Acts an analyst judged go through step 1 too, from the view `act_effective` (the
//! rollup with the analysts' corrections applied, migration 0016).
//!
//! Type and modality are not folded: the linker only puts an event into an act of its
//! own type and modality, and acts an analyst joined across types go through step 1.
//! `Store::check` compares the rows with the view, so a broken invariant shows.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, HashMap};

use crate::sql::numbers_json;
use crate::StoreError;

use crate::StoredEvent;

/// The events a batch stored into acts, folded per act as `cluster_rollup` would fold
/// them (the same minima, maxima and first-seen orders), to be merged into the acts'
/// rows at commit.
#[derive(Debug, Default)]
pub(crate) struct Fresh {
    acts: BTreeMap<i64, Fold>,
}

/// What some of an act's events say together: the batch's new events, or the act's row
/// as stored. Two folds of one act merge by SQL's rules for the view (see [`Fold::merge`]).
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
    /// How many reports carry the events.
    reports: i64,
    /// The report of the last event folded: a report's events are stored one after
    /// another, so a new report is one that differs from it.
    last_doc: i64,
    /// The first evidence clause of the first event.
    evidence: Option<String>,
    /// The lowest toll of killed and of injured its reports give (migration 0019).
    killed: Option<u32>,
    injured: Option<u32>,
}

/// SQL's `min` over values that may be NULL: the least of those that are not.
fn least<T: PartialOrd>(kept: &mut Option<T>, other: Option<T>) {
    if let Some(o) = other {
        if kept.as_ref().is_none_or(|k| o < *k) {
            *kept = Some(o);
        }
    }
}

/// Appends the values of `new` that `list` lacks, in their order.
fn union(list: &mut Vec<String>, new: Vec<String>) {
    for v in new {
        if !list.contains(&v) {
            list.push(v);
        }
    }
}

impl Fold {
    /// One event of report `e.doc`.
    fn of(e: &StoredEvent, evidence: Option<&str>) -> Fold {
        let mut fold = Fold {
            // folded as SQL folds the stored words: by their text
            kind: e.kind.as_str().to_string(),
            modality: e.modality.as_str().to_string(),
            date: e.date.clone(),
            date_precision: e.date_precision.map(|p| p.as_str().to_string()),
            mode: e.mode.clone(),
            cameo: e.cameo.clone(),
            actors: Vec::new(),
            recipients: Vec::new(),
            place: e.place.clone(),
            place_name: e.place_name.clone(),
            place_precision: e.place_precision.map(|p| p.as_str().to_string()),
            lat: e.lat,
            lon: e.lon,
            reports: 1,
            last_doc: e.doc,
            evidence: evidence.map(str::to_string),
            killed: e.killed,
            injured: e.injured,
        };
        // an event may name a party twice; the view lists it once
        union(&mut fold.actors, e.actors.clone());
        union(&mut fold.recipients, e.recipients.clone());
        fold
    }

    /// How finely the place is known, as `cluster_rollup` ranks it (lower is finer): a
    /// place with a position before one without, then by precision.
    fn place_rank(&self) -> u8 {
        let precision = match self.place_precision.as_deref() {
            Some("exact") => 0,
            Some("district") => 1,
            Some("region") => 2,
            Some("country") => 3,
            Some("continent") => 4,
            _ => 5,
        };
        u8::from(self.lat.is_none()) * 10 + precision
    }

    /// Folds in `later`, events stored after these: the least type, modality, CAMEO
    /// root, date and mode, the finest place (migration 0017), parties in the order first
    /// seen, reports added, the earlier evidence kept, the lowest tolls (migration 0019).
    fn merge(&mut self, later: Fold) {
        let finer = later.place_rank() < self.place_rank();
        if later.kind < self.kind {
            self.kind = later.kind;
        }
        if later.modality < self.modality {
            self.modality = later.modality;
        }
        if later.cameo < self.cameo {
            self.cameo = later.cameo;
        }
        least(&mut self.date, later.date);
        least(&mut self.date_precision, later.date_precision);
        least(&mut self.mode, later.mode);
        union(&mut self.actors, later.actors);
        union(&mut self.recipients, later.recipients);
        // the finest place, whole; the earlier of two as fine
        if finer {
            self.place = later.place;
            self.place_name = later.place_name;
            self.place_precision = later.place_precision;
            self.lat = later.lat;
            self.lon = later.lon;
        }
        least(&mut self.killed, later.killed);
        least(&mut self.injured, later.injured);
        self.reports += later.reports;
        self.last_doc = later.last_doc;
        if self.evidence.is_none() {
            self.evidence = later.evidence;
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
        let mut fold = Fold::of(e, evidence);
        match self.acts.entry(cluster) {
            Entry::Vacant(slot) => {
                slot.insert(fold);
            }
            Entry::Occupied(mut slot) => {
                let act = slot.get_mut();
                if act.last_doc == e.doc {
                    fold.reports = 0;
                }
                act.merge(fold);
            }
        }
    }
}

fn json(list: &[String]) -> String {
    serde_json::to_string(list).expect("ids serialise")
}

fn list(json: String) -> Vec<String> {
    serde_json::from_str(&json).unwrap_or_default()
}

/// Brings the summaries of the acts a batch touched up to date: `fresh` holds the
/// batch's new events by act, `moved` the acts whose events moved.
pub(crate) fn refresh(
    db: crate::sql::Db<'_>,
    fresh: &mut Fresh,
    moved: &[i64],
) -> Result<(), StoreError> {
    let mut whole: Vec<i64> = moved.to_vec();
    let mut touched: Vec<i64> = fresh.acts.keys().copied().collect();
    touched.sort_unstable();
    // an act an analyst judged is computed whole too: its row is the effective act, and
    // folding new events into corrected fields would undo the corrections (judged acts
    // are few beside the acts a batch touches)
    let judged = db
        .first("SELECT 1 FROM act_verdicts LIMIT 1", &[])?
        .is_some();
    let touched_json = numbers_json(&touched);
    if judged && !touched.is_empty() {
        for r in db.rows(
            &format!(
                "SELECT DISTINCT cluster FROM act_verdicts WHERE cluster IN ({})",
                db.each_number(1)
            ),
            &[(&touched_json).into()],
        )? {
            whole.push(r.get(0)?);
        }
    }
    whole.sort_unstable();
    whole.dedup();
    for &c in &whole {
        db.execute(
            "DELETE FROM cluster_summaries WHERE cluster = ?1",
            &[c.into()],
        )?;
        db.execute(
            "INSERT INTO cluster_summaries SELECT * FROM act_effective WHERE cluster = ?1",
            &[c.into()],
        )?;
    }
    let acts: Vec<(i64, Fold)> = std::mem::take(&mut fresh.acts)
        .into_iter()
        .filter(|(c, _)| whole.binary_search(c).is_err())
        .collect();
    fold_into_summaries(db, acts)
}

/// Folds the batch's new events of each act (`acts`, in act order) into the act's
/// summary row, or starts one.
fn fold_into_summaries(db: crate::sql::Db<'_>, acts: Vec<(i64, Fold)>) -> Result<(), StoreError> {
    if acts.is_empty() {
        return Ok(());
    }
    // the acts' summaries so far, read in one query, folded with the batch's events, and
    // written back whole: the old rows deleted and all rows inserted together
    let numbers: Vec<i64> = acts.iter().map(|(c, _)| *c).collect();
    let numbers_json = numbers_json(&numbers);
    let members = format!("cluster IN ({})", db.each_number(1));
    let mut stored: HashMap<i64, Fold> = HashMap::new();
    for r in db.rows(
        &format!(
            "SELECT cluster, type, modality, date, date_precision, mode, cameo, actors, recipients, place, \
             place_name, place_precision, lat, lon, reports, evidence, killed, injured \
             FROM cluster_summaries WHERE {members}"
        ),
        &[(&numbers_json).into()],
    )? {
        let fold = Fold {
            kind: r.get(1)?,
            modality: r.get(2)?,
            date: r.get(3)?,
            date_precision: r.get(4)?,
            mode: r.get(5)?,
            cameo: r.get(6)?,
            actors: list(r.get(7)?),
            recipients: list(r.get(8)?),
            place: r.get(9)?,
            place_name: r.get(10)?,
            place_precision: r.get(11)?,
            lat: r.get(12)?,
            lon: r.get(13)?,
            reports: r.get(14)?,
            // a batch's reports are new to the act (a report is stored whole)
            last_doc: 0,
            evidence: r.get(15)?,
            killed: r.get(16)?,
            injured: r.get(17)?,
        };
        stored.insert(r.get(0)?, fold);
    }
    if !stored.is_empty() {
        db.execute(
            &format!("DELETE FROM cluster_summaries WHERE {members}"),
            &[(&numbers_json).into()],
        )?;
    }
    let folded: Vec<(i64, Fold, String, String)> = acts
        .into_iter()
        .map(|(cluster, new)| {
            let act = match stored.remove(&cluster) {
                Some(mut act) => {
                    act.merge(new);
                    act
                }
                None => new,
            };
            let (actors, recipients) = (json(&act.actors), json(&act.recipients));
            (cluster, act, actors, recipients)
        })
        .collect();
    let mut args: Vec<crate::sql::Arg<'_>> = Vec::with_capacity(folded.len() * 18);
    for (cluster, act, actors, recipients) in &folded {
        args.extend::<[crate::sql::Arg<'_>; 18]>([
            (*cluster).into(),
            act.kind.as_str().into(),
            act.modality.as_str().into(),
            act.date.as_ref().into(),
            act.date_precision.as_ref().into(),
            act.mode.as_ref().into(),
            act.cameo.as_str().into(),
            actors.into(),
            recipients.into(),
            act.place.as_ref().into(),
            act.place_name.as_ref().into(),
            act.place_precision.as_ref().into(),
            act.lat.into(),
            act.lon.into(),
            act.reports.into(),
            act.evidence.as_ref().into(),
            act.killed.into(),
            act.injured.into(),
        ]);
    }
    db.insert_rows(
        "INSERT INTO cluster_summaries (cluster, type, modality, date, date_precision, mode, cameo, actors, \
         recipients, place, place_name, place_precision, lat, lon, reports, evidence, killed, injured)",
        18,
        &args,
        "",
    )?;
    Ok(())
}
