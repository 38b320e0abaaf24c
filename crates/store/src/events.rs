//! Stored events and their clusters: the events each report carries, and the real-world
//! events they are grouped into across reports (the link step decides; an analyst's
//! split or join wins over it).

use serde::Serialize;
use truce_model::{Evidence, Mentions};

use truce_model::{DatePrecision, DateSource, EventType, Modality, PlacePrecision, Verdict};

use crate::{Batch, Store, StoreError};

/// (type, modality, date as stored): the events that may be one act share one.
pub type DayKey = (EventType, Modality, String);

/// One report's event as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredEvent {
    /// The report's document id.
    pub document: String,
    /// The report's rowid (internal).
    #[serde(skip)]
    pub doc: i64,
    /// The event's id inside the report ("e1").
    pub local: String,
    #[serde(rename = "type")]
    pub kind: EventType,
    pub mode: Option<String>,
    pub context: Vec<String>,
    pub modality: Modality,
    pub cameo: String,
    pub actors: Vec<String>,
    pub recipients: Vec<String>,
    pub place: Option<String>,
    pub place_name: Option<String>,
    pub place_precision: Option<PlacePrecision>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub date: Option<String>,
    pub date_precision: Option<DatePrecision>,
    pub date_from: Option<DateSource>,
    pub confidence: f64,
    pub evidence: Vec<Evidence>,
    pub merged: Vec<String>,
    pub cluster: Option<i64>,
    pub link_reason: Option<String>,
    pub published: Option<String>,
    /// The killed and injured the report counts, as it words them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub casualties: Vec<truce_model::Casualty>,
    /// The report's toll of killed and of injured (model::Casualty::toll).
    pub killed: Option<u32>,
    pub injured: Option<u32>,
}

/// An analyst's decision about one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Take the event out of its cluster: it is an act of its own.
    Split,
    /// Put the event into another cluster.
    Join(i64),
}

/// Filters for [`Store::events`].
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub kind: Option<EventType>,
    /// An actor id, or words of an actor's name.
    pub actor: Option<String>,
    /// A place id, or words of its name.
    pub place: Option<String>,
    /// ISO dates, inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
    /// `None`: every modality.
    pub modality: Option<Modality>,
    /// Only acts that may lie in this area.
    pub area: Option<Area>,
    /// An actor id, or words of an actor's name, that must be among the recipients.
    pub recipient: Option<String>,
    /// The analysts' latest verdict: one of [`VERDICT_FILTERS`].
    pub status: Option<String>,
    /// Keep the acts analysts rejected too (left out by default: a rejected act is no
    /// act, and leaves every count); `status` "rejected" keeps them as well.
    pub with_rejected: bool,
    /// Only acts whose position and place precision the caller's rule accepts (a
    /// regime's "inside a zone"); give `area` its box too, so the store reads only acts
    /// near it.
    pub within: Option<Within>,
}

/// What an act's verdict can be filtered by: a verdict, `verified` (confirmed or
/// corrected) or `unverified` (no verdict yet).
pub const VERDICT_FILTERS: [&str; 5] = [
    "confirmed",
    "corrected",
    "rejected",
    "verified",
    "unverified",
];

/// Whether to keep an act at `(lon, lat)` located with a place precision.
pub type PlaceRule = dyn Fn(f64, f64, Option<PlacePrecision>) -> bool + Send + Sync;

/// The caller's rule for where an act lies.
#[derive(Clone)]
pub struct Within(pub std::sync::Arc<PlaceRule>);

impl std::fmt::Debug for Within {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Within(..)")
    }
}

/// Where acts may lie: located in the box, or located only coarsely (a region, a
/// country, a continent) in one of the countries. A pre-filter for monitoring a zone,
/// which then decides inside or outside exactly.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Area {
    /// min lon, min lat, max lon, max lat
    pub bbox: [f64; 4],
    /// ISO 3166-1 alpha-2 codes; a country's regions (`SY-ID`) count as in it.
    pub countries: Vec<String>,
    /// The place precisions coarse enough that an act so located may lie anywhere in its
    /// country (the caller's rule: a regime's "possibly inside").
    pub coarse: Vec<PlacePrecision>,
}

const COLUMNS: &str = "d.id, e.doc, e.local, e.type, e.mode, e.context, e.modality, e.cameo, e.actors, e.recipients, \
     e.place, e.place_name, e.place_precision, e.lat, e.lon, e.date, e.date_precision, e.date_from, \
     e.confidence, e.evidence, e.merged, e.cluster, e.link_reason, d.published, e.casualties, e.killed, e.injured";

/// [`COLUMNS`] without the evidence and merged spans, for linking, which compares roles,
/// places and dates only.
static LIGHT_COLUMNS: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| COLUMNS.replace("e.evidence, e.merged", "'[]', '[]'"));

fn json_list<T: serde::de::DeserializeOwned>(s: String) -> Vec<T> {
    serde_json::from_str(&s).unwrap_or_default()
}

/// The advisory lock of a day the linker reads: a hash of its key.
fn day_lock(key: &DayKey) -> i64 {
    let hash = blake3::hash(format!("{}|{}|{}", key.0, key.1, key.2).as_bytes());
    i64::from_le_bytes(hash.as_bytes()[..8].try_into().expect("8 bytes"))
}

/// A stored event from a row of [`COLUMNS`] (or [`LIGHT_COLUMNS`]).
pub(crate) fn event_of(r: &crate::sql::Row) -> Result<StoredEvent, StoreError> {
    Ok(StoredEvent {
        document: r.get(0)?,
        doc: r.get(1)?,
        local: r.get(2)?,
        kind: r.word(3)?,
        mode: r.get(4)?,
        context: json_list(r.get(5)?),
        modality: r.word(6)?,
        cameo: r.get(7)?,
        actors: json_list(r.get(8)?),
        recipients: json_list(r.get(9)?),
        place: r.get(10)?,
        place_name: r.get(11)?,
        place_precision: r.word_opt(12)?,
        lat: r.get(13)?,
        lon: r.get(14)?,
        date: r.get(15)?,
        date_precision: r.word_opt(16)?,
        date_from: r.word_opt(17)?,
        confidence: r.get(18)?,
        evidence: json_list(r.get(19)?),
        merged: json_list(r.get(20)?),
        cluster: r.get(21)?,
        link_reason: r.get(22)?,
        published: r.get(23)?,
        casualties: json_list(r.get(24)?),
        killed: r.get(25)?,
        injured: r.get(26)?,
    })
}

/// Chooses, as a batch's new events are written, the act each belongs to, so that they
/// are written with their act in one pass. The linker implements it.
pub trait NewEventLinks {
    /// The act the event joins and why; `None` (and why) for an act of its own.
    fn choose(&mut self, e: &StoredEvent) -> (Option<i64>, String);
    /// The event as it will be stored, with its act. An act first told in this batch has
    /// a provisional negative number until [`NewEventLinks::numbered`], so that a later
    /// report of the same batch can join it.
    fn stored(&mut self, e: StoredEvent);
    /// The numbers the batch's new acts were given: `numbers[k]` for provisional `-(k + 1)`.
    fn numbered(&mut self, numbers: &[i64]);
}

/// A new report's event, held by its batch until the batch's new events are written
/// together ([`crate::Batch::place_new_events`], or unlinked at commit).
pub(crate) struct HeldEvent {
    pub(crate) event: StoredEvent,
    evidence: String,
    merged: String,
    first_evidence: Option<String>,
}

/// A new report's events as the store will hold them, not yet written.
pub(crate) fn hold_events<'a>(
    rowid: i64,
    doc: &'a truce_model::Document,
    m: &'a Mentions,
) -> impl Iterator<Item = HeldEvent> + 'a {
    let published = doc.meta.published.map(|p| p.to_rfc3339());
    m.events.iter().map(move |e| HeldEvent {
        event: StoredEvent::from_analysis(doc.id.as_str(), rowid, published.as_deref(), e, m),
        evidence: erased::Json::json(&e.evidence),
        merged: erased::Json::json(&e.merged),
        first_evidence: e.evidence.first().map(|x| x.text.clone()),
    })
}

/// Writes held events: with `links`, each in the act it chooses (the batch's new acts
/// created together, in one statement); without, unlinked, for the link step to place.
/// Each event placed in an act is folded into `fresh` for the act's summary.
pub(crate) fn write_events(
    db: crate::sql::Db<'_>,
    now: &str,
    mut held: Vec<HeldEvent>,
    links: Option<&mut dyn NewEventLinks>,
    fresh: &mut crate::summaries::Fresh,
) -> Result<(), StoreError> {
    if held.is_empty() {
        return Ok(());
    }
    if let Some(links) = links {
        let mut new_acts = 0i64;
        for h in &mut held {
            let (cluster, reason) = links.choose(&h.event);
            h.event.cluster = Some(cluster.unwrap_or_else(|| {
                new_acts += 1;
                -new_acts
            }));
            h.event.link_reason = Some(reason);
            links.stored(h.event.clone());
        }
        let numbers = new_clusters(db, now, new_acts)?;
        for h in &mut held {
            if let Some(c) = h.event.cluster.filter(|&c| c < 0) {
                h.event.cluster = Some(numbers[(-c - 1) as usize]);
            }
        }
        links.numbered(&numbers);
    }
    let json = |v: &dyn erased::Json| v.json();
    let owned: Vec<[String; 4]> = held
        .iter()
        .map(|h| {
            let e = &h.event;
            [
                json(&e.context),
                json(&e.actors),
                json(&e.recipients),
                json(&e.casualties),
            ]
        })
        .collect();
    let mut args: Vec<crate::sql::Arg<'_>> = Vec::with_capacity(held.len() * 25);
    for (h, [context, actors, recipients, casualties]) in held.iter().zip(&owned) {
        let e = &h.event;
        args.extend::<[crate::sql::Arg<'_>; 25]>([
            e.doc.into(),
            e.local.as_str().into(),
            e.kind.as_str().into(),
            e.mode.as_ref().into(),
            context.into(),
            e.modality.as_str().into(),
            e.cameo.as_str().into(),
            actors.into(),
            recipients.into(),
            e.place.as_ref().into(),
            e.place_name.as_ref().into(),
            e.place_precision.map(|p| p.as_str()).into(),
            e.lat.into(),
            e.lon.into(),
            e.date.as_ref().into(),
            e.date_precision.map(|p| p.as_str()).into(),
            e.date_from.map(|f| f.as_str()).into(),
            e.confidence.into(),
            (&h.evidence).into(),
            (&h.merged).into(),
            e.cluster.into(),
            e.link_reason.as_ref().into(),
            casualties.into(),
            e.killed.into(),
            e.injured.into(),
        ]);
    }
    db.insert_rows(
        "INSERT INTO events (doc, local, type, mode, context, modality, cameo, actors, recipients, place, place_name, \
         place_precision, lat, lon, date, date_precision, date_from, confidence, evidence, merged, cluster, link_reason, \
         casualties, killed, injured)",
        25,
        &args,
        "",
    )?;
    for h in &held {
        if let Some(cluster) = h.event.cluster {
            fresh.add(cluster, &h.event, h.first_evidence.as_deref());
        }
    }
    Ok(())
}

/// `n` new acts (event clusters) in one statement; their numbers, in order.
fn new_clusters(db: crate::sql::Db<'_>, now: &str, n: i64) -> Result<Vec<i64>, StoreError> {
    if n == 0 {
        return Ok(Vec::new());
    }
    let mut numbers: Vec<i64> = db
        .rows(
            "WITH RECURSIVE count_to(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM count_to WHERE i < ?2) \
             INSERT INTO event_clusters (created) SELECT ?1 FROM count_to RETURNING id",
            &[now.into(), n.into()],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect::<Result<_, _>>()?;
    numbers.sort_unstable();
    if numbers.len() as i64 != n {
        return Err(StoreError::Damaged {
            path: String::new(),
            detail: format!("{n} new acts asked for, {} made", numbers.len()),
        });
    }
    Ok(numbers)
}

impl StoredEvent {
    /// A report's event as the store will hold it, without evidence (what linking
    /// compares): `doc` is the report's rowid (0 before it is stored), `published` the
    /// report's publication time as stored.
    pub fn from_analysis(
        document: &str,
        doc: i64,
        published: Option<&str>,
        e: &truce_model::Event,
        m: &Mentions,
    ) -> StoredEvent {
        let place = e
            .place
            .as_ref()
            .and_then(|id| m.places.iter().find(|p| &p.id == id));
        StoredEvent {
            document: document.to_string(),
            doc,
            local: e.id.clone(),
            kind: e.kind,
            mode: e.mode.clone(),
            context: e.context.clone(),
            modality: e.modality,
            cameo: e.cameo_root.clone(),
            actors: e.actors.clone(),
            recipients: e.recipients.clone(),
            place: e.place.clone(),
            place_name: place.map(|p| p.name.clone()),
            place_precision: place.map(|p| p.precision),
            lat: place.and_then(|p| p.lat),
            lon: place.and_then(|p| p.lon),
            date: e.date.as_ref().and_then(|d| d.value.clone()),
            date_precision: e.date.as_ref().map(|d| d.precision),
            date_from: e.date.as_ref().map(|d| d.from),
            confidence: e.confidence as f64,
            evidence: Vec::new(),
            merged: Vec::new(),
            cluster: None,
            link_reason: None,
            published: published.map(str::to_string),
            casualties: e.casualties.clone(),
            killed: truce_model::Casualty::toll(&e.casualties, truce_model::Harm::Killed),
            injured: truce_model::Casualty::toll(&e.casualties, truce_model::Harm::Injured),
        }
    }
}

/// JSON for the list columns, without a generic closure per type.
mod erased {
    pub trait Json {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> String {
            serde_json::to_string(self).expect("event fields serialise")
        }
    }
}

impl Batch<'_> {
    /// Events not yet in a cluster, oldest report first, without their evidence.
    pub fn unlinked_events(&self) -> Result<Vec<StoredEvent>, StoreError> {
        let light = &*LIGHT_COLUMNS;
        let sql = format!(
            "SELECT {light} FROM events e JOIN documents d ON d.rowid = e.doc \
             WHERE e.cluster IS NULL ORDER BY e.doc, e.local"
        );
        self.db().rows(&sql, &[])?.iter().map(event_of).collect()
    }

    /// The latest `limit` linked events of each (type, modality, date) key, in one query,
    /// read without their evidence: linking compares roles, places and dates only. Events
    /// an analyst split out are left out.
    ///
    /// On PostgreSQL, where several writers link at once, the batch first locks each day
    /// it reads until it commits (in one order, so that two batches never wait on each
    /// other): two reports of one act stored at the same moment are linked one after the
    /// other, never into two acts.
    pub fn events_on_many(
        &self,
        keys: &[DayKey],
        limit: usize,
    ) -> Result<Vec<(DayKey, Vec<StoredEvent>)>, StoreError> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let db = self.db();
        if db.is_postgres() {
            let mut locks: Vec<i64> = keys.iter().map(day_lock).collect();
            locks.sort_unstable();
            locks.dedup();
            // one statement takes them all, in the order the subquery sorts them
            let locks = crate::sql::numbers_json(&locks);
            db.execute(
                &format!(
                    "SELECT count(pg_advisory_xact_lock(lock)) FROM ({} ORDER BY 1) sorted(lock)",
                    db.each_number(1)
                ),
                &[(&locks).into()],
            )?;
        }
        // the keys go in as one JSON parameter, read by json_each: no temporary table to
        // fill and empty for every batch
        let keys_json = serde_json::to_string(keys).expect("keys serialise");
        let light = &*LIGHT_COLUMNS;
        // per key, the latest `limit` linked events through events_linked_by_day: the
        // work per key is bounded however many events the day holds. PostgreSQL says so
        // with a lateral join (given SQLite's `rowid IN (subquery)`, its planner scanned
        // every event for every key: 13 s for a thousand reports' days)
        let latest = "SELECT x.rowid FROM events x \
             WHERE x.type = k.value ->> 0 AND x.modality = k.value ->> 1 AND x.date = k.value ->> 2 \
             AND x.cluster IS NOT NULL ORDER BY x.doc DESC LIMIT ?1";
        let events_of_key = if db.is_postgres() {
            format!(
                "jsonb_array_elements(CAST(?2 AS jsonb)) k(value) \
                 CROSS JOIN LATERAL ({latest}) latest JOIN events e ON e.rowid = latest.rowid"
            )
        } else {
            format!("json_each(?2) k JOIN events e ON e.rowid IN ({latest})")
        };
        let sql = format!(
            "SELECT {light} FROM {events_of_key} \
             JOIN documents d ON d.rowid = e.doc \
             WHERE NOT EXISTS (SELECT 1 FROM event_decisions x WHERE x.doc = e.doc AND x.local = e.local AND x.action = 'split')"
        );
        let rows = db.rows(&sql, &[(limit as i64).into(), (&keys_json).into()])?;
        let mut out: Vec<(DayKey, Vec<StoredEvent>)> =
            keys.iter().map(|k| (k.clone(), Vec::new())).collect();
        let index: std::collections::HashMap<DayKey, usize> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (k.clone(), i))
            .collect();
        for row in &rows {
            let e = event_of(row)?;
            let key = (e.kind, e.modality, e.date.clone().unwrap_or_default());
            if let Some(&i) = index.get(&key) {
                out[i].1.push(e);
            }
        }
        // oldest first, as the linker appends newer events at the end
        for (_, events) in &mut out {
            events.sort_by_key(|e| (e.doc, e.local.clone()));
        }
        Ok(out)
    }

    /// The analyst's latest decision about each event of the reports from `first_doc`
    /// on (the rowid of the first report a batch links), read in one query.
    pub fn decisions_from(
        &self,
        first_doc: i64,
    ) -> Result<std::collections::HashMap<(i64, String), Decision>, StoreError> {
        let rows = self.db().rows(
            "SELECT doc, local, action, cluster FROM event_decisions WHERE doc >= ?1 ORDER BY rowid",
            &[first_doc.into()],
        )?;
        // later rows override earlier ones: the latest decision wins
        rows.iter()
            .map(|r| {
                let action: String = r.get(2)?;
                let cluster: Option<i64> = r.get(3)?;
                let decision = match (action.as_str(), cluster) {
                    ("join", Some(c)) => Decision::Join(c),
                    _ => Decision::Split,
                };
                Ok(((r.get::<i64>(0)?, r.get::<String>(1)?), decision))
            })
            .collect()
    }

    /// Whether the store has an act (event cluster) numbered `cluster`.
    pub(crate) fn cluster_exists(&self, cluster: i64) -> Result<bool, StoreError> {
        Ok(self
            .db()
            .first(
                "SELECT 1 FROM event_clusters WHERE id = ?1",
                &[cluster.into()],
            )?
            .is_some())
    }

    /// Puts an event in `cluster`, or in a new cluster when `None`; returns the cluster.
    pub fn assign_cluster(
        &mut self,
        doc: i64,
        local: &str,
        cluster: Option<i64>,
        reason: &str,
    ) -> Result<i64, StoreError> {
        let db = self.db();
        let cluster = match cluster {
            Some(c) => c,
            None => new_clusters(db, &self.now, 1)?[0],
        };
        let Some(row) = db.first(
            "SELECT rowid, cluster FROM events WHERE doc = ?1 AND local = ?2",
            &[doc.into(), local.into()],
        )?
        else {
            return Err(StoreError::NoSuchEvent {
                document: doc.to_string(),
                local: local.to_string(),
            });
        };
        let (rowid, before): (i64, Option<i64>) = (row.get(0)?, row.get(1)?);
        db.execute(
            "UPDATE events SET cluster = ?1, link_reason = ?2 WHERE doc = ?3 AND local = ?4",
            &[cluster.into(), reason.into(), doc.into(), local.into()],
        )?;
        // an event of this batch stored without an act is folded into the act's summary
        // with the batch's other new events; any other move changes the act it left and
        // the act it joined, which are summarised again whole
        if rowid > self.events_before && before.is_none() {
            let row = db.first(
                &format!(
                    "SELECT {COLUMNS} FROM events e JOIN documents d ON d.rowid = e.doc WHERE e.rowid = ?1"
                ),
                &[rowid.into()],
            )?;
            if let Some(row) = row {
                let event = event_of(&row)?;
                let evidence = event.evidence.first().map(|x| x.text.as_str());
                self.fresh.add(cluster, &event, evidence);
            }
        } else if before != Some(cluster) {
            self.moved.push(cluster);
            self.moved.extend(before);
        }
        Ok(cluster)
    }

    /// The act a report's event belongs to now (`document` an id or a unique prefix).
    pub fn cluster_of(&self, document: &str, local: &str) -> Result<Option<i64>, StoreError> {
        self.db()
            .first(
                "SELECT e.cluster FROM events e JOIN documents d ON d.rowid = e.doc \
                 WHERE d.id LIKE ?1 || '%' AND e.local = ?2",
                &[document.into(), local.into()],
            )?
            .ok_or_else(|| StoreError::NoSuchEvent {
                document: document.to_string(),
                local: local.to_string(),
            })?
            .get(0)
    }

    /// Records an analyst's decision and applies it: a split event gets a cluster of its
    /// own, a joined one moves to the cluster named. Nothing is deleted: the decision is
    /// kept, and a later decision can undo it.
    pub fn decide(
        &mut self,
        document: &str,
        local: &str,
        decision: Decision,
        analyst: &str,
        note: Option<&str>,
    ) -> Result<i64, StoreError> {
        let doc: i64 = self
            .db()
            .first(
                "SELECT e.doc FROM events e JOIN documents d ON d.rowid = e.doc WHERE d.id LIKE ?1 || '%' AND e.local = ?2",
                &[document.into(), local.into()],
            )?
            .ok_or_else(|| StoreError::NoSuchEvent {
                document: document.to_string(),
                local: local.to_string(),
            })?
            .get(0)?;
        let (action, target) = match decision {
            Decision::Split => ("split", None),
            Decision::Join(c) => ("join", Some(c)),
        };
        if let Some(c) = target {
            if !self.cluster_exists(c)? {
                return Err(StoreError::NoSuchAct { cluster: c });
            }
        }
        self.db().execute(
            "INSERT INTO event_decisions (doc, local, action, cluster, analyst, note, decided_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            &[
                doc.into(),
                local.into(),
                action.into(),
                target.into(),
                analyst.into(),
                note.into(),
                self.now.as_str().into(),
            ],
        )?;
        let reason = match decision {
            Decision::Split => format!("split out by {analyst}"),
            Decision::Join(c) => format!("joined to act {c} by {analyst}"),
        };
        let act = self.assign_cluster(doc, local, target, &reason)?;
        self.audit(
            analyst,
            &format!("act.{action}"),
            &format!("event {local} of report {document}"),
            serde_json::json!({"into": act, "note": note}),
        )?;
        Ok(act)
    }
}

/// How many of an act's reports' events a list shows (an act told by thousands of reports
/// would otherwise make one list item megabytes long).
pub const EVENTS_SHOWN_PER_ACT: usize = 20;

/// An act: one real-world event, the cluster of the reports' events that tell it.
#[derive(Debug, Clone, Serialize)]
pub struct Act {
    /// The act's number.
    pub act: i64,
    /// The same number under the API's older name, kept for one release.
    pub cluster: i64,
    #[serde(rename = "type")]
    pub kind: EventType,
    pub modality: Modality,
    pub date: Option<String>,
    pub place: Option<String>,
    pub place_name: Option<String>,
    pub actors: Vec<String>,
    pub recipients: Vec<String>,
    /// How many reports carry it.
    pub reports: usize,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub place_precision: Option<PlacePrecision>,
    /// The toll of killed and of injured: the lowest its reports give, or an analyst's.
    pub killed: Option<u32>,
    pub injured: Option<u32>,
    /// The reports' events (at most [`EVENTS_SHOWN_PER_ACT`]), with their evidence and
    /// why each was linked.
    pub events: Vec<StoredEvent>,
    /// The facts its reports disagree on, each report's claim side by side (from the
    /// events shown; empty in lists without events).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub disputes: Vec<Dispute>,
    /// The latest analyst's verdict, if any.
    pub verification: Option<crate::Verification>,
    /// How many verdicts it has had: what the next verdict on it names.
    pub version: i64,
    /// The machine's values of the fields analysts corrected (the fields above are the
    /// effective act, corrections applied), in the shapes of a correction's history.
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    pub machine: serde_json::Map<String, serde_json::Value>,
    /// Every verdict on it, oldest first: filled for one act ([`Store::act`]), empty in
    /// lists.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<crate::Verification>,
}

/// A fact the reports of one act disagree on: who did it, how many were killed or
/// injured. The act's own value is the rule's (the lowest toll, every party named) or the
/// analyst's; the claims stay, so that a reader sees what each report said.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dispute {
    pub field: truce_model::ActField,
    /// Each report's claim, in the order the reports were stored.
    pub claims: Vec<Claim>,
    /// An analyst corrected the field: the dispute is settled, the claims kept.
    pub settled: bool,
}

/// What one report says of a disputed fact.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Claim {
    pub document: String,
    pub value: serde_json::Value,
}

/// The facts `events` (one act's) disagree on. A report that gives no figure or names no
/// party makes no claim; parties are disputed when two reports name actors none of whom
/// the other names ("Russian jets" against "Syrian jets"), not when one names more.
fn disputes(
    events: &[StoredEvent],
    machine: &serde_json::Map<String, serde_json::Value>,
) -> Vec<Dispute> {
    use truce_model::ActField;
    let mut out = Vec::new();
    let claims = |value: &dyn Fn(&StoredEvent) -> Option<serde_json::Value>| {
        let mut claims: Vec<Claim> = Vec::new();
        for e in events {
            if let Some(v) = value(e) {
                if !claims
                    .iter()
                    .any(|c| c.document == e.document && c.value == v)
                {
                    claims.push(Claim {
                        document: e.document.clone(),
                        value: v,
                    });
                }
            }
        }
        claims
    };
    for (field, toll) in [
        (
            ActField::Killed,
            (|e: &StoredEvent| e.killed) as fn(&StoredEvent) -> Option<u32>,
        ),
        (ActField::Injured, |e: &StoredEvent| e.injured),
    ] {
        let claims = claims(&|e| toll(e).map(serde_json::Value::from));
        let first = claims.first().map(|c| &c.value);
        if claims.iter().any(|c| Some(&c.value) != first) {
            out.push(Dispute {
                field,
                claims,
                settled: machine.contains_key(field.as_str()),
            });
        }
    }
    let claims = claims(&|e| (!e.actors.is_empty()).then(|| serde_json::json!(e.actors)));
    let apart = |a: &serde_json::Value, b: &serde_json::Value| {
        let (Some(a), Some(b)) = (a.as_array(), b.as_array()) else {
            return false;
        };
        !a.iter().any(|x| b.contains(x))
    };
    if claims
        .iter()
        .enumerate()
        .any(|(i, a)| claims[i + 1..].iter().any(|b| apart(&a.value, &b.value)))
    {
        out.push(Dispute {
            field: ActField::Actors,
            claims,
            settled: machine.contains_key("actors"),
        });
    }
    out
}

impl Store {
    /// Acts (real-world events), newest first (undated last), with the reports that carry
    /// them: at most [`EVENTS_SHOWN_PER_ACT`] of each act's reports' events, while
    /// `reports` counts them all.
    pub fn acts(&self, f: &EventFilter, limit: usize) -> Result<Vec<Act>, StoreError> {
        self.acts_page(f, limit, 0)
    }

    /// [`Store::acts`] after the first `offset` acts: one page of a longer list.
    pub fn acts_page(
        &self,
        f: &EventFilter,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<Act>, StoreError> {
        let (clause, args) = self.where_clause(f)?;
        self.list_acts(&clause, &args, (limit, offset), true)
    }

    /// The latest `limit` linked events of type `kind`, of any modality, dated on one of
    /// `dates` (as stored: days, months or years), without their evidence; events an
    /// analyst split out are left out. What an analyst's list of possible matches for a
    /// new report's event is drawn from.
    pub fn events_of_type_on(
        &self,
        kind: EventType,
        dates: &[String],
        limit: usize,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        if dates.is_empty() {
            return Ok(Vec::new());
        }
        let light = &*LIGHT_COLUMNS;
        let sql = format!(
            "SELECT {light} FROM events e JOIN documents d ON d.rowid = e.doc \
             WHERE e.type = ?1 AND e.date IN (SELECT value FROM json_each(?2)) \
             AND e.cluster IS NOT NULL \
             AND NOT EXISTS (SELECT 1 FROM event_decisions x WHERE x.doc = e.doc AND x.local = e.local AND x.action = 'split') \
             ORDER BY e.doc DESC LIMIT ?3"
        );
        let dates = serde_json::to_string(dates).expect("dates serialise");
        let db = self.db();
        let sql = if db.is_postgres() {
            sql.replace(
                "SELECT value FROM json_each(?2)",
                "SELECT jsonb_array_elements_text(CAST(?2 AS jsonb))",
            )
        } else {
            sql
        };
        db.rows(
            &sql,
            &[kind.as_str().into(), (&dates).into(), (limit as i64).into()],
        )?
        .iter()
        .map(event_of)
        .collect()
    }

    /// [`Store::acts`] without the reports' events and tolls: what a map draws.
    pub fn acts_for_map(&self, f: &EventFilter, limit: usize) -> Result<Vec<Act>, StoreError> {
        let (clause, args) = self.where_clause(f)?;
        self.list_acts(&clause, &args, (limit, 0), false)
    }

    /// One act by its number, as [`Store::acts`] lists it, whatever its modality.
    pub fn act(&self, cluster: i64) -> Result<Option<Act>, StoreError> {
        let only = [cluster.to_string()];
        let mut found =
            self.list_acts(" AND e.cluster = CAST(?1 AS INTEGER)", &only, (1, 0), true)?;
        let Some(mut act) = found.pop() else {
            return Ok(None);
        };
        act.history = self.act_history(cluster)?;
        Ok(Some(act))
    }

    /// The acts that the conditions `clause` (over `cluster_summaries e`) select, `limit`
    /// of them after the first `offset`.
    fn list_acts(
        &self,
        clause: &str,
        args: &[String],
        (limit, offset): (usize, usize),
        with_events: bool,
    ) -> Result<Vec<Act>, StoreError> {
        // the tolls come after the evidence in a summary's row, which may spill onto pages
        // of its own: a map's points, thousands at a time, do without them
        let tolls = if with_events {
            "e.killed, e.injured"
        } else {
            "NULL, NULL"
        };
        let sql = format!(
            "SELECT e.cluster, e.type, e.modality, e.date, e.place, e.place_name, e.actors, \
             e.recipients, e.reports, e.lat, e.lon, e.place_precision, {tolls} \
             FROM cluster_summaries e \
             WHERE 1 = 1{clause} ORDER BY e.date DESC, e.cluster DESC LIMIT {limit} OFFSET {offset}"
        );
        let args = crate::sql::text_args(args);
        let mut clusters: Vec<Act> = self
            .db()
            .rows(&sql, &args)?
            .iter()
            .map(|r| -> Result<Act, StoreError> {
                Ok(Act {
                    act: r.get(0)?,
                    cluster: r.get(0)?,
                    kind: r.word(1)?,
                    modality: r.word(2)?,
                    date: r.get(3)?,
                    place: r.get(4)?,
                    place_name: r.get(5)?,
                    actors: json_list(r.get(6)?),
                    recipients: json_list(r.get(7)?),
                    reports: r.get::<i64>(8)? as usize,
                    lat: r.get(9)?,
                    lon: r.get(10)?,
                    place_precision: r.word_opt(11)?,
                    killed: r.get(12)?,
                    injured: r.get(13)?,
                    events: Vec::new(),
                    disputes: Vec::new(),
                    verification: None,
                    version: 0,
                    machine: serde_json::Map::new(),
                    history: Vec::new(),
                })
            })
            .collect::<Result<_, _>>()?;
        let events = format!(
            "SELECT {COLUMNS} FROM (SELECT rowid AS r FROM events WHERE cluster = ?1 ORDER BY doc LIMIT {EVENTS_SHOWN_PER_ACT}) x \
             JOIN events e ON e.rowid = x.r JOIN documents d ON d.rowid = e.doc ORDER BY e.doc"
        );
        for c in clusters.iter_mut().filter(|_| with_events) {
            c.events = self
                .db()
                .rows(&events, &[c.cluster.into()])?
                .iter()
                .map(event_of)
                .collect::<Result<_, _>>()?;
        }
        let ids: Vec<i64> = clusters.iter().map(|c| c.cluster).collect();
        for (id, v) in self.event_verifications(&ids)? {
            if let Some(c) = clusters.iter_mut().find(|c| c.cluster == id) {
                c.verification = Some(v);
                c.version = self.act_standing(id)?.version;
                c.machine = self.machine_fields(id)?;
            }
        }
        for c in &mut clusters {
            c.disputes = disputes(&c.events, &c.machine);
        }
        Ok(clusters)
    }

    /// How many real-world events and how many reports' events the store holds; with
    /// `asserted_only`, the acts asserted as they stand (corrections applied, rejected
    /// acts out) and the reports' events the machine read as asserted.
    pub fn event_counts(&self, asserted_only: bool) -> Result<(i64, i64), StoreError> {
        let db = self.db();
        let sql = if asserted_only {
            format!(
                "SELECT (SELECT count(*) FROM cluster_summaries \
                 WHERE modality = 'asserted' AND status {} 'rejected'), \
                 (SELECT count(*) FROM events WHERE modality = 'asserted')",
                db.is_not()
            )
        } else {
            "SELECT count(DISTINCT cluster), count(*) FROM events".to_string()
        };
        match db.first(&sql, &[])? {
            Some(r) => Ok((r.get(0)?, r.get(1)?)),
            None => Ok((0, 0)),
        }
    }
}

/// Located acts counted in one cell of a grid over the world: what a map draws when it
/// shows every act at once.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GridCell {
    /// The mean position of the acts in the cell.
    pub lon: f64,
    pub lat: f64,
    pub events: i64,
    /// The newest act in the cell, to open from the map.
    pub latest: i64,
}

impl Store {
    /// Every located act that matches `f`, counted in cells of `degrees` on a side.
    pub fn grid(&self, f: &EventFilter, degrees: f64) -> Result<Vec<GridCell>, StoreError> {
        let (clause, args) = self.where_clause(f)?;
        // lon + 180 and lat + 90 are never negative, so a cast truncates as floor would
        let g = if degrees.is_finite() && degrees > 0.0 {
            degrees
        } else {
            1.0
        };
        let sql = format!(
            "SELECT avg(e.lon), avg(e.lat), count(*), max(e.cluster) FROM cluster_summaries e \
             WHERE e.lat IS NOT NULL AND e.lon IS NOT NULL{clause} \
             GROUP BY CAST((e.lon + 180) / {g:?} AS INTEGER), CAST((e.lat + 90) / {g:?} AS INTEGER)"
        );
        let args = crate::sql::text_args(&args);
        self.db()
            .rows(&sql, &args)?
            .iter()
            .map(|r| {
                Ok(GridCell {
                    lon: r.get(0)?,
                    lat: r.get(1)?,
                    events: r.get(2)?,
                    latest: r.get(3)?,
                })
            })
            .collect()
    }
}

/// What an in-memory index of the acts keeps of each.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ActPoint<'a> {
    pub cluster: i64,
    pub date: Option<&'a str>,
    pub kind: EventType,
    pub modality: Modality,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// Whether analysts rejected it.
    pub rejected: bool,
    /// Its toll of killed, if its reports give one.
    pub killed: Option<u32>,
}

impl Store {
    /// Changes whenever the acts change: events added, moved by an analyst, or acts
    /// summarised again (migration 0015 counts the batches that change them). Cheap (two
    /// indexed maxima and one row), so a reader can check it before every use of
    /// something it derived from the acts.
    pub fn acts_version(&self) -> Result<(i64, i64, i64), StoreError> {
        let r = self.db().first(
            "SELECT (SELECT coalesce(max(rowid), 0) FROM events), \
             (SELECT coalesce(max(rowid), 0) FROM event_decisions), \
             (SELECT n FROM acts_changes)",
            &[],
        )?;
        match r {
            Some(r) => Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            None => Ok((0, 0, 0)),
        }
    }

    /// Calls `each` with every act's cluster, date, type, modality, position, whether it
    /// was rejected and its toll of killed.
    pub fn scan_acts(&self, mut each: impl FnMut(ActPoint<'_>)) -> Result<(), StoreError> {
        // the rejected acts are few: read from their partial index first, so that the scan
        // over every act reads no more of each row than it did before verdicts counted
        let db = self.db();
        let numbers = |sql: &str| -> Result<Vec<(i64, i64)>, StoreError> {
            db.rows(sql, &[])?
                .iter()
                .map(|r| Ok((r.get(0)?, r.get::<Option<i64>>(1)?.unwrap_or(0))))
                .collect()
        };
        let mut rejected: Vec<i64> =
            numbers("SELECT cluster, NULL FROM cluster_summaries WHERE status = 'rejected'")?
                .into_iter()
                .map(|(c, _)| c)
                .collect();
        rejected.sort_unstable();
        // the acts with a toll likewise, from theirs (migration 0019)
        let mut killed =
            numbers("SELECT cluster, killed FROM cluster_summaries WHERE killed IS NOT NULL")?;
        killed.sort_unstable();
        db.each_row(
            "SELECT cluster, date, type, modality, lat, lon FROM cluster_summaries",
            &[],
            |r| {
                let cluster: i64 = r.get(0)?;
                each(ActPoint {
                    cluster,
                    date: r.text(1)?,
                    kind: r.word(2)?,
                    modality: r.word(3)?,
                    lat: r.get(4)?,
                    lon: r.get(5)?,
                    rejected: rejected.binary_search(&cluster).is_ok(),
                    killed: killed
                        .binary_search_by_key(&cluster, |&(c, _)| c)
                        .ok()
                        .map(|i| killed[i].1 as u32),
                });
                Ok(())
            },
        )
    }
}

/// Where and when one act happened, as the index of acts by position holds it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ActPosition<'a> {
    pub cluster: i64,
    pub date: Option<&'a str>,
    pub lon: f64,
    pub lat: f64,
    pub precision: Option<PlacePrecision>,
}

impl Store {
    /// Calls `each` with the position, day and precision of every located act that `f`
    /// selects. With no more than type, modality, dates and a box in `f`, the store reads
    /// the index of acts by position alone (migration 0018), not the acts' rows.
    pub fn scan_positions(
        &self,
        f: &EventFilter,
        mut each: impl FnMut(ActPosition<'_>),
    ) -> Result<(), StoreError> {
        let (clause, args) = self.where_clause(f)?;
        let db = self.db();
        // (SQLite is told which index; PostgreSQL's planner finds it)
        let indexed = if db.is_postgres() {
            ""
        } else {
            " INDEXED BY cluster_summaries_by_position"
        };
        let args = crate::sql::text_args(&args);
        db.each_row(
            &format!(
                "SELECT e.cluster, e.date, e.lon, e.lat, e.place_precision FROM cluster_summaries e\
                 {indexed} WHERE e.lat IS NOT NULL{clause}"
            ),
            &args,
            |r| {
                let Some(lon) = r.get::<Option<f64>>(2)? else {
                    return Ok(());
                };
                each(ActPosition {
                    cluster: r.get(0)?,
                    date: r.text(1)?,
                    lon,
                    lat: r.get(3)?,
                    precision: r.word_opt(4)?,
                });
                Ok(())
            },
        )
    }
}

/// Events counted per day (or per week, by its Monday) and type: the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelinePoint {
    pub date: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// Real-world events (clusters), not reports.
    pub events: i64,
    /// The dead those acts' tolls add up to.
    pub killed: i64,
}

impl Store {
    /// The events one report carries, in order.
    pub fn document_events(&self, document_id: &str) -> Result<Vec<StoredEvent>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM events e JOIN documents d ON d.rowid = e.doc WHERE d.id = ?1 \
             ORDER BY CAST(substr(e.local, 2) AS INTEGER)"
        );
        self.db()
            .rows(&sql, &[document_id.into()])?
            .iter()
            .map(event_of)
            .collect()
    }

    /// Acts per day (or week) and type, over the acts that match `f`; only acts dated to
    /// the day are placed on the timeline.
    pub fn timeline(
        &self,
        f: &EventFilter,
        weekly: bool,
    ) -> Result<Vec<TimelinePoint>, StoreError> {
        // each act counts once, on its (earliest) day
        self.series(f, weekly, "e.type", "", |date, kind, (events, killed)| {
            TimelinePoint {
                date,
                kind,
                events,
                killed,
            }
        })
    }
}

/// The day an act is counted on: its own, or the Monday of its week.
fn day_of(db: crate::sql::Db<'_>, weekly: bool) -> &'static str {
    match (weekly, db.is_postgres()) {
        (false, _) => "e.date",
        (true, false) => {
            "date(e.date, '-' || ((CAST(strftime('%w', e.date) AS INTEGER) + 6) % 7) || ' days')"
        }
        (true, true) => {
            "to_char(CAST(e.date AS date) - (CAST(extract(isodow FROM CAST(e.date AS date)) AS integer) - 1), 'YYYY-MM-DD')"
        }
    }
}

/// Acts counted per day (or week) and actor: each act once for each of its actors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorPoint {
    pub date: String,
    pub actor: String,
    pub events: i64,
    /// The dead in those acts.
    pub killed: i64,
}

impl Store {
    /// Acts per day (or week) and actor, over the acts that match `f`, dated to the day:
    /// the time series of who acted.
    pub fn actor_timeline(
        &self,
        f: &EventFilter,
        weekly: bool,
    ) -> Result<Vec<ActorPoint>, StoreError> {
        let join = format!(", {}", self.db().json_texts("e.actors", "j"));
        self.series(
            f,
            weekly,
            "j.value",
            &join,
            |date, actor, (events, killed)| ActorPoint {
                date,
                actor,
                events,
                killed,
            },
        )
    }

    /// Acts that match `f` and are dated to the day, counted per day (or week) and
    /// `group` (over `cluster_summaries e` and the tables `join` adds), with the dead
    /// their tolls add up to, each count made into a point by `point`.
    fn series<P>(
        &self,
        f: &EventFilter,
        weekly: bool,
        group: &str,
        join: &str,
        point: impl Fn(String, String, (i64, i64)) -> P,
    ) -> Result<Vec<P>, StoreError> {
        let (clause, args) = self.where_clause(f)?;
        let db = self.db();
        let day = day_of(db, weekly);
        let args = crate::sql::text_args(&args);
        // the dead first, from the acts with a toll (a partial index, migration 0019), so
        // that the counts below stay a scan of an index that holds them
        let mut killed: std::collections::HashMap<(String, String), i64> = Default::default();
        let sql = format!(
            "SELECT {day} AS d, {group}, CAST(sum(e.killed) AS BIGINT) FROM cluster_summaries e{join} \
             WHERE e.killed IS NOT NULL AND length(e.date) = 10{clause} GROUP BY d, {group}"
        );
        db.each_row(&sql, &args, |r| {
            killed.insert((r.get(0)?, r.get(1)?), r.get(2)?);
            Ok(())
        })?;
        let sql = format!(
            "SELECT {day} AS d, {group}, count(*) FROM cluster_summaries e{join} \
             WHERE length(e.date) = 10{clause} GROUP BY d, {group} ORDER BY d, {group}"
        );
        let mut points = Vec::new();
        db.each_row(&sql, &args, |r| {
            let (d, g): (String, String) = (r.get(0)?, r.get(1)?);
            let dead = killed.get(&(d.clone(), g.clone())).copied().unwrap_or(0);
            points.push(point(d, g, (r.get(2)?, dead)));
            Ok(())
        })?;
        Ok(points)
    }
}

impl Store {
    /// Whether analysts rejected any act (read from a partial index of the rejected).
    pub fn any_rejected(&self) -> Result<bool, StoreError> {
        Ok(self
            .db()
            .first(
                "SELECT 1 FROM cluster_summaries WHERE status = 'rejected' LIMIT 1",
                &[],
            )?
            .is_some())
    }

    /// The WHERE conditions of `f` over `cluster_summaries e`, each starting with " AND ",
    /// and their arguments. Rejected acts are left out unless `f` asks for them (the
    /// condition only when the store has any). A `within` rule cannot be said in SQL: the
    /// acts in `area` are read, those it keeps named by cluster in the conditions.
    pub(crate) fn where_clause(
        &self,
        f: &EventFilter,
    ) -> Result<(String, Vec<String>), StoreError> {
        let (mut sql, mut args) = filter_sql(f);
        if !f.with_rejected && f.status.as_deref() != Some("rejected") && self.any_rejected()? {
            sql.push_str(&format!(" AND e.status {} 'rejected'", self.db().is_not()));
        }
        let Some(within) = &f.within else {
            return Ok((sql, args));
        };
        let db = self.db();
        let mut kept: Vec<i64> = Vec::new();
        {
            let values = crate::sql::text_args(&args);
            for r in db.rows(
                &format!(
                    "SELECT e.cluster, e.lon, e.lat, e.place_precision FROM cluster_summaries e \
                     WHERE e.lat IS NOT NULL AND e.lon IS NOT NULL{sql}"
                ),
                &values,
            )? {
                let (lon, lat): (f64, f64) = (r.get(1)?, r.get(2)?);
                let precision: Option<PlacePrecision> = r.word_opt(3)?;
                if (within.0)(lon, lat, precision) {
                    kept.push(r.get(0)?);
                }
            }
        }
        args.push(crate::sql::numbers_json(&kept));
        sql.push_str(&format!(
            " AND e.cluster IN ({})",
            db.each_number(args.len())
        ));
        Ok((sql, args))
    }
}

/// The WHERE conditions of a filter over `cluster_summaries e` that SQL can say (all but
/// `within` and leaving rejected acts out), each starting with " AND ", and their
/// arguments.
pub(crate) fn filter_sql(f: &EventFilter) -> (String, Vec<String>) {
    let mut sql = String::new();
    let mut args: Vec<String> = Vec::new();
    let mut arg = |v: String| {
        args.push(v);
        format!("?{}", args.len())
    };
    if let Some(k) = &f.kind {
        sql.push_str(&format!(" AND e.type = {}", arg(k.as_str().to_string())));
    }
    if let Some(m) = &f.modality {
        sql.push_str(&format!(
            " AND e.modality = {}",
            arg(m.as_str().to_string())
        ));
    }
    if let Some(a) = &f.actor {
        let id = arg(format!("%\"{a}\"%"));
        let name = arg(format!("%{}%", a.to_lowercase()));
        sql.push_str(&format!(
            " AND (e.actors LIKE {id} OR e.recipients LIKE {id} OR EXISTS (SELECT 1 FROM entities x \
             WHERE x.kind = 'actor' AND lower(x.name) LIKE {name} \
             AND (e.actors LIKE '%\"' || x.id || '\"%' OR e.recipients LIKE '%\"' || x.id || '\"%')))"
        ));
    }
    if let Some(r) = &f.recipient {
        let id = arg(format!("%\"{r}\"%"));
        let name = arg(format!("%{}%", r.to_lowercase()));
        sql.push_str(&format!(
            " AND (e.recipients LIKE {id} OR EXISTS (SELECT 1 FROM entities x \
             WHERE x.kind = 'actor' AND lower(x.name) LIKE {name} \
             AND e.recipients LIKE '%\"' || x.id || '\"%'))"
        ));
    }
    if let Some(status) = &f.status {
        let condition = match status.as_str() {
            "unverified" => " IS NULL".to_string(),
            "verified" => {
                let verifying: Vec<String> = Verdict::ALL
                    .iter()
                    .filter(|v| v.verifies())
                    .map(|v| format!("'{}'", v.as_str()))
                    .collect();
                format!(" IN ({})", verifying.join(", "))
            }
            other => format!(" = {}", arg(other.to_string())),
        };
        sql.push_str(&format!(" AND e.status{condition}"));
    }
    if let Some(p) = &f.place {
        let id = arg(p.clone());
        let name = arg(format!("%{}%", p.to_lowercase()));
        sql.push_str(&format!(
            " AND (e.place = {id} OR lower(coalesce(e.place_name, '')) LIKE {name})"
        ));
    }
    if let Some(d) = &f.from {
        sql.push_str(&format!(" AND e.date >= {}", arg(d.clone())));
    }
    if let Some(d) = &f.to {
        // "2018-09" and "2018" sort before their days; "~" sorts after every digit and dash
        sql.push_str(&format!(" AND e.date <= {}", arg(format!("{d}~"))));
    }
    if let Some(area) = &f.area {
        // the box goes into the SQL as numbers, formatted by Rust from f64s, so nothing of
        // a caller's text is spliced in
        let finite = |v: f64, otherwise: f64| if v.is_finite() { v } else { otherwise };
        let [x0, y0, x1, y1] = area.bbox;
        let (x0, y0, x1, y1) = (
            finite(x0, -1e9),
            finite(y0, -1e9),
            finite(x1, 1e9),
            finite(y1, 1e9),
        );
        let mut coarse = Vec::new();
        for c in &area.countries {
            let id = arg(c.clone());
            let regions = arg(format!("{c}-%"));
            coarse.push(format!("e.place = {id} OR e.place LIKE {regions}"));
        }
        let precisions: Vec<String> = area
            .coarse
            .iter()
            .map(|p| arg(p.as_str().to_string()))
            .collect();
        let coarse = if coarse.is_empty() || precisions.is_empty() {
            String::new()
        } else {
            format!(
                " OR (e.place_precision IN ({}) AND ({}))",
                precisions.join(", "),
                coarse.join(" OR ")
            )
        };
        sql.push_str(&format!(
            " AND ((e.lon BETWEEN {x0:?} AND {x1:?} AND e.lat BETWEEN {y0:?} AND {y1:?}){coarse})"
        ));
    }
    (sql, args)
}
