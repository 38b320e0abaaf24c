//! Links reports of one real-world event across documents: each report's event joins
//! the cluster of an earlier report's event that is the same act (same type and
//! modality, compatible actors and recipients, place within the precision, date within
//! the precision), or starts a cluster of its own. Every link says why; an analyst's
//! split or join (stored as a decision) wins over the machine and survives re-linking.
//!
//! Runs inside the ingest batch that stored the events, so events and their links are
//! committed together; events a crashed run left unlinked are linked by the next batch.
//! A [`Linker`] keeps the days it has read from one batch to the next, so a long ingest
//! reads each day from the store once, and forgets them whenever anyone else has written
//! to the store or a batch it linked was not committed.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};
use truce_model::{DatePrecision, DateSource, EventType, Modality, PlacePrecision};
use truce_store::{Batch, DayKey, Decision, NewEventLinks, Store, StoreError, StoredEvent};

/// What one linking pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct LinkSummary {
    /// Events that joined an earlier report's event.
    pub linked: usize,
    /// Events that are the first report of their act.
    pub new: usize,
    /// Events placed by an analyst's decision.
    pub decided: usize,
}

/// Days of events the linker looks at: (type, modality, date string) → the latest linked
/// events of that date. A day is read from the store the first time a batch needs it
/// (every missing day of a batch in one query) and kept up to date as events are linked,
/// so linking costs a lookup per day, not a query per event.
#[derive(Default)]
struct Days {
    seen: HashMap<DayKey, Vec<Candidate>>,
    /// Events held over all days, to bound memory.
    events: usize,
}

/// A linked event the linker may compare new ones with, and its period, worked out once
/// (an event is a candidate for every later event of its days: up to PER_DAY on each of
/// four days for each new event).
struct Candidate {
    event: StoredEvent,
    period: Option<(NaiveDate, NaiveDate)>,
}

impl Candidate {
    fn new(event: StoredEvent) -> Candidate {
        Candidate {
            period: period(&event),
            event,
        }
    }
}

impl Days {
    fn get(&self, kind: EventType, modality: Modality, date: &str) -> &[Candidate] {
        let key = (kind, modality, date.to_string());
        self.seen.get(&key).map(Vec::as_slice).unwrap_or(&[])
    }

    fn insert(&mut self, key: DayKey, events: Vec<StoredEvent>) {
        let events: Vec<Candidate> = events.into_iter().map(Candidate::new).collect();
        self.events += events.len();
        if let Some(old) = self.seen.insert(key, events) {
            self.events -= old.len();
        }
    }

    fn add(&mut self, e: StoredEvent) {
        if let Some(date) = e.date.clone() {
            let key = (e.kind, e.modality, date);
            if let Some(list) = self.seen.get_mut(&key) {
                list.push(Candidate::new(e));
                if list.len() > PER_DAY {
                    list.remove(0);
                } else {
                    self.events += 1;
                }
            }
        }
    }
}

/// How many events, and how many days (most hold no event yet), the days kept between
/// batches may hold (together about 50 MB); past either the linker starts afresh,
/// reading again the days the next batch needs.
const KEPT_EVENTS: usize = 100_000;
const KEPT_DAYS: usize = 100_000;

/// The longest period, in days, whose days are looked up one by one; coarser events
/// (a month, a year) are compared with the events dated to that month or year.
const DAY_BY_DAY: i64 = 20;

/// Reports of one act come close together: an event is compared with the latest this
/// many events of each (type, modality, date), which bounds the work per event however
/// large the store grows.
const PER_DAY: usize = 30;

/// Places the batch's new events and links every unlinked event in the store, in report
/// order, reading every day it needs from the store.
pub fn link_batch(batch: &mut Batch<'_>) -> Result<LinkSummary, StoreError> {
    Linker::default().link(batch)
}

/// Links batch after batch, keeping the days it has read. In a batch: [`Batch::put`] for
/// each report, then [`Linker::link`] (the batch's new events are written each in the act
/// it belongs to, and any event still unlinked is placed), then [`Linker::committed`]
/// once the batch is committed.
#[derive(Default)]
pub struct Linker {
    days: Days,
    /// The store's data version when the days were last brought up to date: a change means
    /// another connection wrote, and what is kept may be stale.
    version: Option<i64>,
    /// A linked batch whose commit has not been confirmed by [`Linker::committed`].
    unconfirmed: bool,
    /// What placing the batch's new events did, until [`Linker::link`] reports it.
    placed: LinkSummary,
    /// The days holding events of acts first told in the batch being placed, whose
    /// provisional numbers [`NewEventLinks::numbered`] replaces.
    provisional: Vec<DayKey>,
}

impl Linker {
    /// Call after the batch given to [`Linker::link`] was committed; without it the next
    /// batch reads every day again, as the links kept may have been rolled back.
    pub fn committed(&mut self) {
        self.unconfirmed = false;
    }

    /// Forgets the days kept when they may be stale: another connection wrote, a batch was
    /// not committed, or they grew past their bound.
    fn refresh(&mut self, batch: &Batch<'_>) -> Result<(), StoreError> {
        let version = batch.data_version()?;
        if self.unconfirmed
            || self.version != Some(version)
            || self.days.events > KEPT_EVENTS
            || self.days.seen.len() > KEPT_DAYS
        {
            self.days = Days::default();
        }
        self.version = Some(version);
        self.unconfirmed = true;
        Ok(())
    }

    /// Places the batch's new events in acts, in report order, then every event an
    /// earlier run left unlinked, and reports what it did. Every day those events are
    /// compared on is read in one query first (on PostgreSQL, locked until the batch
    /// commits).
    pub fn link(&mut self, batch: &mut Batch<'_>) -> Result<LinkSummary, StoreError> {
        self.refresh(batch)?;
        let leftovers = batch.unlinked_events()?;
        read_days(
            batch,
            &mut self.days,
            batch.new_events().chain(leftovers.iter()),
        )?;
        batch.place_new_events(self)?;
        let mut summary = link_with(batch, &mut self.days, leftovers)?;
        let placed = std::mem::take(&mut self.placed);
        summary.linked += placed.linked;
        summary.new += placed.new;
        Ok(summary)
    }
}

impl NewEventLinks for Linker {
    fn choose(&mut self, e: &StoredEvent) -> (Option<i64>, String) {
        match best_match(&self.days, e) {
            Some((why, c)) => {
                self.placed.linked += 1;
                (c.cluster, reason(&why, c))
            }
            None => {
                self.placed.new += 1;
                (None, "first report of this act".into())
            }
        }
    }

    fn stored(&mut self, e: StoredEvent) {
        if e.cluster.is_some_and(|c| c < 0) {
            if let Some(date) = &e.date {
                self.provisional.push((e.kind, e.modality, date.clone()));
            }
        }
        self.days.add(e);
    }

    fn numbered(&mut self, numbers: &[i64]) {
        for key in std::mem::take(&mut self.provisional) {
            for c in self.days.seen.get_mut(&key).into_iter().flatten() {
                if let Some(n) = c.event.cluster.filter(|&n| n < 0) {
                    c.event.cluster = numbers.get((-n - 1) as usize).copied();
                }
            }
        }
    }
}

/// Reads the days `events` will be compared on that `days` lacks, in one query.
fn read_days<'e>(
    batch: &Batch<'_>,
    days: &mut Days,
    events: impl IntoIterator<Item = &'e StoredEvent>,
) -> Result<(), StoreError> {
    let mut keys: Vec<DayKey> = Vec::new();
    let mut seen_keys = std::collections::HashSet::new();
    for e in events {
        for date in dates_to_compare(e) {
            let key = (e.kind, e.modality, date);
            if !days.seen.contains_key(&key) && seen_keys.insert(key.clone()) {
                keys.push(key);
            }
        }
    }
    for (key, events) in batch.events_on_many(&keys, PER_DAY)? {
        days.insert(key, events);
    }
    Ok(())
}

/// The event of another report that `e` is most likely the same act as, with the reason.
fn best_match<'d>(days: &'d Days, e: &StoredEvent) -> Option<(String, &'d StoredEvent)> {
    // its own period is read once for all the candidates
    let period_e = Some(period(e)?);
    let mut best: Option<(f64, &StoredEvent)> = None;
    for date in dates_to_compare(e) {
        for c in days.get(e.kind, e.modality, &date) {
            if c.event.doc == e.doc {
                continue;
            }
            if let Ok(score) = verdict(e, period_e, &c.event, c.period) {
                if best.is_none_or(|b| score > b.0) {
                    best = Some((score, &c.event));
                }
            }
        }
    }
    best.and_then(|(_, c)| Some((same_event(e, c).ok()?.1, c)))
}

fn reason(why: &str, c: &StoredEvent) -> String {
    format!(
        "same act as {} of report {}: {why}",
        c.local,
        short(&c.document)
    )
}

/// Links events stored without an act (`unlinked`, in report order, their days read).
fn link_with(
    batch: &mut Batch<'_>,
    days: &mut Days,
    unlinked: Vec<StoredEvent>,
) -> Result<LinkSummary, StoreError> {
    let mut summary = LinkSummary::default();
    if unlinked.is_empty() {
        return Ok(summary);
    }
    let decisions = batch.decisions_from(unlinked[0].doc)?;
    for e in unlinked {
        match decisions.get(&(e.doc, e.local.clone())).copied() {
            Some(Decision::Split) => {
                batch.assign_cluster(e.doc, &e.local, None, "split out by an analyst")?;
                summary.decided += 1;
                continue;
            }
            Some(Decision::Join(c)) => {
                batch.assign_cluster(e.doc, &e.local, Some(c), "joined by an analyst")?;
                summary.decided += 1;
                continue;
            }
            None => {}
        }
        let chosen = best_match(days, &e).map(|(why, c)| (reason(&why, c), c.cluster));
        let mut linked = e.clone();
        match chosen {
            Some((reason, cluster)) => {
                linked.cluster = Some(batch.assign_cluster(e.doc, &e.local, cluster, &reason)?);
                summary.linked += 1;
            }
            None => {
                linked.cluster = Some(batch.assign_cluster(
                    e.doc,
                    &e.local,
                    None,
                    "first report of this act",
                )?);
                summary.new += 1;
            }
        }
        days.add(linked);
    }
    Ok(summary)
}

/// The dates (as stored) of the events this one may be compared with: the days around
/// it, or for an event known only to the month or year, that month and year. Another
/// report's event overlaps this one's days when it is dated the same days, or by its
/// publication up to two days later (see [`period`]), or by a week that began the day
/// before; an act known to the day is not linked to one known only to its month or year.
fn dates_to_compare(e: &StoredEvent) -> Vec<String> {
    let Some((start, end)) = period(e) else {
        return Vec::new();
    };
    let (from, to) = (start - Duration::days(1), end + Duration::days(2));
    if (to - from).num_days() > DAY_BY_DAY {
        return vec![
            start.year().to_string(),
            format!("{}-{:02}", start.year(), start.month()),
        ];
    }
    let mut out = Vec::new();
    let mut d = from;
    while d <= to {
        out.push(d.format("%Y-%m-%d").to_string());
        d += Duration::days(1);
    }
    out
}

fn short(id: &str) -> &str {
    &id[..id.len().min(12)]
}

/// The days an event may have happened on: its date's period, or for a date taken from
/// the publication, the two days before it and the day itself.
pub fn period(e: &StoredEvent) -> Option<(NaiveDate, NaiveDate)> {
    let value = e.date.as_deref()?;
    // year, month, day: up to three numbers (read without collecting, as the linker asks
    // this of every candidate it compares)
    let mut numbers = [0i32; 3];
    let mut count = 0;
    for part in value.split('-') {
        *numbers.get_mut(count)? = part.parse().ok()?;
        count += 1;
    }
    let (start, end) = match &numbers[..count] {
        [y] => (
            NaiveDate::from_ymd_opt(*y, 1, 1)?,
            NaiveDate::from_ymd_opt(*y, 12, 31)?,
        ),
        [y, m] => {
            let start = NaiveDate::from_ymd_opt(*y, *m as u32, 1)?;
            let next = NaiveDate::from_ymd_opt(*y + (*m == 12) as i32, (*m as u32 % 12) + 1, 1)?;
            (start, next.pred_opt()?)
        }
        [y, m, d] => {
            let day = NaiveDate::from_ymd_opt(*y, *m as u32, *d as u32)?;
            (day, day)
        }
        _ => return None,
    };
    // a week is stored as its first day
    let end = if e.date_precision == Some(DatePrecision::Week) {
        start + Duration::days(6)
    } else {
        end
    };
    if e.date_from == Some(DateSource::Publication) {
        return Some((start - Duration::days(2), end));
    }
    Some((start, end))
}

/// How far apart two places may be and still be one place at a precision.
fn tolerance_km(precision: PlacePrecision) -> f64 {
    match precision {
        PlacePrecision::Exact => 25.0,
        PlacePrecision::District => 60.0,
        PlacePrecision::Region => 150.0,
        PlacePrecision::Country => 500.0,
        PlacePrecision::Continent => 2500.0,
    }
}

/// The coarser of two precisions (a place of no stated precision counts as exact).
fn coarser(a: Option<PlacePrecision>, b: Option<PlacePrecision>) -> PlacePrecision {
    let exact = PlacePrecision::Exact;
    a.unwrap_or(exact).max(b.unwrap_or(exact))
}

fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

fn shared<'a>(a: &'a [String], b: &[String]) -> Vec<&'a str> {
    a.iter()
        .filter(|x| b.contains(x))
        .map(String::as_str)
        .collect()
}

/// Whether two reports' events are one act: a score (higher is a closer match) and the
/// reason, or why not.
pub fn same_event(a: &StoredEvent, b: &StoredEvent) -> Result<(f64, String), &'static str> {
    let m = compare(a, b)?;
    Ok((m.score, m.explain(a, b)))
}

/// A stored act that a report's event may tell, proposed for an analyst to decide: the
/// acts the linker would have joined it to and near misses it refused (of the same type on
/// the same days, sharing a party or a place), each with why.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ProposedAct {
    pub act: i64,
    /// Higher is closer; the linker's own matches rank above every near miss.
    pub score: f64,
    /// Whether the linker would take the two for one act by itself.
    pub linkable: bool,
    pub reason: String,
}

/// How many stored events of the event's type and days are read for [`candidates`].
const CANDIDATE_EVENTS: usize = 200;

/// The acts of other reports that `e` may be the same act as, best first, at most
/// `limit`, one entry per act and never its own act. A near miss is proposed when the
/// linker refused it for a difference an analyst may overrule (the parties were named
/// differently, the modality or the place was read otherwise) but the two share a party
/// or lie within the distance their places' precision allows.
pub fn candidates(
    store: &Store,
    e: &StoredEvent,
    limit: usize,
) -> Result<Vec<ProposedAct>, StoreError> {
    let dates = dates_to_compare(e);
    let mut best: HashMap<i64, ProposedAct> = HashMap::new();
    for c in store.events_of_type_on(e.kind, &dates, CANDIDATE_EVENTS)? {
        let Some(act) = c.cluster else { continue };
        if c.doc == e.doc || Some(act) == e.cluster {
            continue;
        }
        let candidate = match same_event(e, &c) {
            Ok((score, why)) => ProposedAct {
                act,
                score: 100.0 + score,
                linkable: true,
                reason: why,
            },
            Err(why_not) => {
                let parties =
                    shared(&e.actors, &c.actors).len() + shared(&e.recipients, &c.recipients).len();
                let near = match (e.lat.zip(e.lon), c.lat.zip(c.lon)) {
                    (Some(a), Some(b)) => {
                        km(a, b) <= tolerance_km(coarser(e.place_precision, c.place_precision))
                    }
                    _ => false,
                };
                if parties == 0 && !near {
                    continue;
                }
                let modality = if e.modality == c.modality {
                    String::new()
                } else {
                    format!(" (told as {})", c.modality)
                };
                ProposedAct {
                    act,
                    // a party or the place shared, and the same modality, each count
                    score: parties as f64
                        + f64::from(u8::from(near))
                        + f64::from(u8::from(e.modality == c.modality)),
                    linkable: false,
                    reason: format!("not linked by truce: {why_not}{modality}"),
                }
            }
        };
        match best.get(&act) {
            Some(b) if b.score >= candidate.score => {}
            _ => {
                best.insert(act, candidate);
            }
        }
    }
    let mut out: Vec<ProposedAct> = best.into_values().collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(b.act.cmp(&a.act)));
    out.truncate(limit);
    Ok(out)
}

/// What two events have in common, once they are known to be one act.
struct Match<'a> {
    score: f64,
    actors: Vec<&'a str>,
    recipients: Vec<&'a str>,
    /// Kilometres apart and the coarser precision, or `None` when either has no place.
    distance: Option<(f64, PlacePrecision)>,
}

/// Whether `a` and `b` are one act: the score of the match (higher is closer), or why
/// not. Their periods are given, worked out once, as the linker compares one event with
/// up to PER_DAY candidates on each of several days; shared parties are counted, not
/// listed, so a candidate costs no allocation.
fn verdict(
    a: &StoredEvent,
    a_period: Option<(NaiveDate, NaiveDate)>,
    b: &StoredEvent,
    b_period: Option<(NaiveDate, NaiveDate)>,
) -> Result<f64, &'static str> {
    if a.kind != b.kind || a.modality != b.modality {
        return Err("different type or modality");
    }
    let count = |x: &[String], y: &[String]| x.iter().filter(|v| y.contains(v)).count();
    let actors = count(&a.actors, &b.actors);
    if !a.actors.is_empty() && !b.actors.is_empty() && actors == 0 {
        return Err("no actor in common");
    }
    let recipients = count(&a.recipients, &b.recipients);
    if !a.recipients.is_empty() && !b.recipients.is_empty() && recipients == 0 {
        return Err("no recipient in common");
    }
    if actors == 0 && recipients == 0 {
        return Err("no party in common");
    }
    let (Some((a0, a1)), Some((b0, b1))) = (a_period, b_period) else {
        return Err("an undated event is linked only by an analyst");
    };
    if a1 < b0 || b1 < a0 {
        return Err("dates do not overlap");
    }
    let exact_day = a0 == a1 && b0 == b1 && a0 == b0;
    let mut score = if exact_day { 2.0 } else { 0.0 };
    score += actors as f64 + recipients as f64;
    match (a.lat.zip(a.lon), b.lat.zip(b.lon)) {
        (Some(pa), Some(pb)) => {
            let precision = coarser(a.place_precision, b.place_precision);
            if a.place.is_some() && a.place == b.place {
                score += 3.0;
            } else if km(pa, pb) <= tolerance_km(precision) {
                score += 1.0;
            } else {
                return Err("places too far apart");
            }
        }
        // without a place on both sides, the same actor on the same day must say it, or
        // the same two parties or more within the days that overlap (two reports of one
        // agreement, published the same day, that name no place)
        _ if actors >= 2 => {}
        _ if actors == 0 || !exact_day => {
            return Err("no place, and not the same actor on the same day")
        }
        _ => {}
    }
    Ok(score)
}

/// [`verdict`] with what the two share, for the reason of the match the linker picks.
fn compare<'a>(a: &'a StoredEvent, b: &'a StoredEvent) -> Result<Match<'a>, &'static str> {
    let score = verdict(a, period(a), b, period(b))?;
    let distance = a.lat.zip(a.lon).zip(b.lat.zip(b.lon)).map(|(pa, pb)| {
        let precision = coarser(a.place_precision, b.place_precision);
        (km(pa, pb), precision)
    });
    Ok(Match {
        score,
        actors: shared(&a.actors, &b.actors),
        recipients: shared(&a.recipients, &b.recipients),
        distance,
    })
}

impl Match<'_> {
    fn explain(&self, a: &StoredEvent, b: &StoredEvent) -> String {
        let mut why = vec![format!("{} {}", a.modality, a.kind)];
        why.push(match (&a.date, &b.date) {
            (Some(x), Some(y)) if x == y => format!("date {x}"),
            (Some(x), Some(y)) => format!("dates {x} and {y} overlap"),
            _ => "dates overlap".to_string(),
        });
        if !self.actors.is_empty() {
            why.push(format!("actors {}", self.actors.join(", ")));
        }
        if !self.recipients.is_empty() {
            why.push(format!("recipients {}", self.recipients.join(", ")));
        }
        why.push(match self.distance {
            Some(_) if a.place.is_some() && a.place == b.place => {
                format!("place {}", a.place_name.as_deref().unwrap_or("the same"))
            }
            Some((d, precision)) => format!("places {:.0} km apart ({} precision)", d, precision),
            None => "no place to compare".into(),
        });
        why.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(
        date: &str,
        from: &str,
        place: Option<(&str, f64, f64)>,
        actors: &[&str],
        recipients: &[&str],
    ) -> StoredEvent {
        StoredEvent {
            document: "d".into(),
            doc: 1,
            local: "e1".into(),
            kind: EventType::Assault,
            mode: None,
            context: vec![],
            modality: Modality::Asserted,
            cameo: "18".into(),
            actors: actors.iter().map(|s| s.to_string()).collect(),
            recipients: recipients.iter().map(|s| s.to_string()).collect(),
            place: place.map(|p| p.0.to_string()),
            place_name: place.map(|p| p.0.to_string()),
            place_precision: Some(PlacePrecision::Exact),
            lat: place.map(|p| p.1),
            lon: place.map(|p| p.2),
            date: Some(date.into()),
            date_precision: Some(if date.len() == 10 {
                DatePrecision::Day
            } else {
                DatePrecision::Year
            }),
            date_from: Some(from.parse().unwrap()),
            confidence: 0.9,
            evidence: vec![],
            merged: vec![],
            cluster: None,
            link_reason: None,
            published: None,
            casualties: vec![],
            killed: None,
            injured: None,
        }
    }

    #[test]
    fn same_act_links_and_different_acts_do_not() {
        let idlib = Some(("idlib", 35.93, 36.63));
        let a = event("2019-05-06", "clause", idlib, &["RUS"], &["armed-groups"]);
        let b = event("2019-05-06", "clause", idlib, &["RUS", "SYR"], &[]);
        let (_, why) = same_event(&a, &b).expect("one act");
        assert!(
            why.contains("actors RUS") && why.contains("place idlib"),
            "{why}"
        );
        // another day
        let c = event("2019-05-09", "clause", idlib, &["RUS"], &[]);
        assert!(same_event(&a, &c).is_err());
        // reported the day after without a date of its own: the publication date covers it
        let d = event("2019-05-07", "publication", idlib, &["RUS"], &[]);
        assert!(same_event(&a, &d).is_ok());
        // another party
        let e = event("2019-05-06", "clause", idlib, &["TUR"], &[]);
        assert_eq!(same_event(&a, &e).unwrap_err(), "no actor in common");
        // far away
        let f = event(
            "2019-05-06",
            "clause",
            Some(("aleppo", 36.2, 37.16)),
            &["RUS"],
            &[],
        );
        assert_eq!(same_event(&a, &f).unwrap_err(), "places too far apart");
        // another modality
        let mut g = b.clone();
        g.modality = Modality::Negated;
        assert!(same_event(&a, &g).is_err());
        // a year contains its days
        let h = event("2019", "clause", idlib, &["RUS"], &[]);
        assert!(same_event(&a, &h).is_ok());
    }

    /// With no place on either side, the same two parties within overlapping days are one
    /// act (two reports of one agreement published the same day); one party in common is
    /// not enough unless the day is the same.
    #[test]
    fn two_parties_in_common_link_reports_that_name_no_place() {
        let a = event("2020-03-05", "publication", None, &["RUS", "TUR"], &[]);
        let b = event(
            "2020-03-05",
            "publication",
            None,
            &["TUR", "RUS", "erdogan"],
            &[],
        );
        assert!(same_event(&a, &b).is_ok());
        let c = event("2020-03-05", "publication", None, &["RUS"], &[]);
        assert_eq!(
            same_event(&a, &c).unwrap_err(),
            "no place, and not the same actor on the same day"
        );
    }
}
