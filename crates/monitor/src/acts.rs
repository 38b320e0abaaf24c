//! Every act's day, type, modality and position held in memory, so that the timeline and
//! the world map count a million acts in milliseconds instead of scanning the store on
//! each request. The index is derived from the store's act summaries and rebuilt when
//! the store's acts change (`Store::acts_version`); filters it cannot answer (by actor,
//! by place) go to the store. Its answers are the store's answers: the same comparisons
//! on the same values, checked against `Store::timeline` and `Store::grid` in tests.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use chrono::{Datelike, NaiveDate};
use truce_model::{EventType, Modality};
use truce_store::{EventFilter, GridCell, Store, StoreError, TimelinePoint};

/// One act as the index keeps it.
#[derive(Debug, Clone, Copy)]
struct Act {
    cluster: i64,
    /// The date as stored (ISO day, month or year), compared byte by byte as SQLite
    /// compares text; `len` 0 when undated.
    date: [u8; 10],
    len: u8,
    kind: EventType,
    modality: Modality,
    lat: f64,
    lon: f64,
    /// Rejected by an analyst: left out unless a filter asks for rejected acts too.
    rejected: bool,
    /// Its toll of killed (0 when its reports give none).
    killed: u32,
}

/// The acts of one version of the store.
pub struct ActIndex {
    version: (i64, i64, i64),
    acts: Vec<Act>,
    /// Answers already given from this version of the store, by question: every user of
    /// the workbench asks the timeline and the map the same few questions, and each
    /// answer counts every act (124 ms for the 4.4 million acts of a million reports,
    /// which held a server under load to 56 requests/s). A new version of the store is a
    /// new index, so an answer is never stale.
    timelines: Memo<TimelinePoint>,
    grids: Memo<GridCell>,
}

/// Remembered answers by question.
type Memo<T> = Mutex<HashMap<String, Arc<Vec<T>>>>;

/// How many answers of a kind an index remembers; past it, it forgets them all (the
/// questions are the workbench's few views and filters, not an open set).
const REMEMBERED: usize = 256;

impl ActIndex {
    /// Reads every act of `store`.
    pub fn build(store: &Store) -> Result<ActIndex, StoreError> {
        let version = store.acts_version()?;
        let mut acts = Vec::new();
        store.scan_acts(|a| {
            let mut date = [0u8; 10];
            let d = a.date.unwrap_or("").as_bytes();
            let len = d.len().min(10);
            date[..len].copy_from_slice(&d[..len]);
            acts.push(Act {
                cluster: a.cluster,
                date,
                len: len as u8,
                kind: a.kind,
                modality: a.modality,
                lat: a.lat.unwrap_or(f64::NAN),
                lon: a.lon.unwrap_or(f64::NAN),
                rejected: a.rejected,
                killed: a.killed.unwrap_or(0),
            });
        })?;
        Ok(ActIndex {
            version,
            acts,
            timelines: Mutex::default(),
            grids: Mutex::default(),
        })
    }

    /// The store version the index was built from.
    pub fn version(&self) -> (i64, i64, i64) {
        self.version
    }

    /// How many acts it holds.
    pub fn len(&self) -> usize {
        self.acts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.acts.is_empty()
    }

    /// Whether the index can answer `f`: by type, modality and dates, not by actor,
    /// recipient, place, verdict, area or zone.
    pub fn answers(f: &EventFilter) -> bool {
        f.actor.is_none()
            && f.recipient.is_none()
            && f.place.is_none()
            && f.status.is_none()
            && f.area.is_none()
            && f.within.is_none()
    }

    /// The acts `f` selects, as the store's filter does: rejected acts out unless asked
    /// for, type and modality equal, the date compared as text (an undated act fails any
    /// date bound).
    fn matching<'a>(&'a self, f: &EventFilter) -> impl Iterator<Item = &'a Act> + 'a {
        let (kind, modality, with_rejected) = (f.kind, f.modality, f.with_rejected);
        let from = f.from.clone().map(String::into_bytes);
        // "2018-09" and "2018" sort before their days; "~" sorts after every digit and dash
        let to = f.to.clone().map(|t| format!("{t}~").into_bytes());
        self.acts.iter().filter(move |a| {
            let date = &a.date[..a.len as usize];
            (with_rejected || !a.rejected)
                && kind.is_none_or(|k| k == a.kind)
                && modality.is_none_or(|m| m == a.modality)
                && from
                    .as_ref()
                    .is_none_or(|f| a.len > 0 && date >= f.as_slice())
                && to
                    .as_ref()
                    .is_none_or(|t| a.len > 0 && date <= t.as_slice())
        })
    }

    /// How many acts `f` selects: as many as `Store::acts` lists with no limit.
    pub fn count(&self, f: &EventFilter) -> usize {
        self.matching(f).count()
    }

    /// [`ActIndex::timeline`], remembered for this version of the store.
    pub fn timeline_remembered(&self, f: &EventFilter, weekly: bool) -> Arc<Vec<TimelinePoint>> {
        let question = question(if weekly { "week" } else { "day" }, f);
        remembered(&self.timelines, question, || self.timeline(f, weekly))
    }

    /// [`ActIndex::grid`], remembered for this version of the store.
    pub fn grid_remembered(&self, f: &EventFilter, degrees: f64) -> Arc<Vec<GridCell>> {
        remembered(&self.grids, question(&degrees.to_string(), f), || {
            self.grid(f, degrees)
        })
    }

    /// Acts per day (or week, by its Monday) and type, as `Store::timeline`.
    pub fn timeline(&self, f: &EventFilter, weekly: bool) -> Vec<TimelinePoint> {
        // counted per stored day and type first (no allocation per act), then weeks
        let mut per_day: BTreeMap<([u8; 10], EventType), (i64, i64)> = BTreeMap::new();
        for a in self.matching(f).filter(|a| a.len == 10) {
            let day = per_day.entry((a.date, a.kind)).or_default();
            day.0 += 1;
            day.1 += i64::from(a.killed);
        }
        // keyed by the type's word: the store's timeline sorts by it
        let mut counts: BTreeMap<(String, &str), (i64, i64)> = BTreeMap::new();
        for ((date, kind), (n, dead)) in per_day {
            let Ok(text) = std::str::from_utf8(&date) else {
                continue;
            };
            let day = if weekly {
                match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                    Ok(d) => {
                        let back = d.weekday().num_days_from_monday();
                        (d - chrono::Duration::days(back.into()))
                            .format("%Y-%m-%d")
                            .to_string()
                    }
                    // SQLite's date() gives NULL for what is not a date
                    Err(_) => continue,
                }
            } else {
                text.to_string()
            };
            let count = counts.entry((day, kind.as_str())).or_default();
            count.0 += n;
            count.1 += dead;
        }
        counts
            .into_iter()
            .map(|((date, kind), (events, killed))| TimelinePoint {
                date,
                kind: kind.to_string(),
                events,
                killed,
            })
            .collect()
    }

    /// Located acts counted in cells of `degrees`, as `Store::grid`.
    pub fn grid(&self, f: &EventFilter, degrees: f64) -> Vec<GridCell> {
        let g = if degrees.is_finite() && degrees > 0.0 {
            degrees
        } else {
            1.0
        };
        // (sum of lon, sum of lat, count, newest act) per cell
        let mut cells: BTreeMap<(i64, i64), (f64, f64, i64, i64)> = BTreeMap::new();
        for a in self.matching(f) {
            if a.lat.is_nan() || a.lon.is_nan() {
                continue;
            }
            let key = (((a.lon + 180.0) / g) as i64, ((a.lat + 90.0) / g) as i64);
            let c = cells.entry(key).or_insert((0.0, 0.0, 0, i64::MIN));
            c.0 += a.lon;
            c.1 += a.lat;
            c.2 += 1;
            c.3 = c.3.max(a.cluster);
        }
        cells
            .into_values()
            .map(|(x, y, n, latest)| GridCell {
                lon: x / n as f64,
                lat: y / n as f64,
                events: n,
                latest,
            })
            .collect()
    }
}

/// The filter as a question's key: only what [`ActIndex::answers`] lets through.
fn question(what: &str, f: &EventFilter) -> String {
    format!(
        "{what}|{:?}|{:?}|{:?}|{:?}|{}",
        f.kind, f.modality, f.from, f.to, f.with_rejected
    )
}

/// The answer to `question` from `memo`, or worked out by `answer` and remembered.
fn remembered<T>(memo: &Memo<T>, question: String, answer: impl FnOnce() -> Vec<T>) -> Arc<Vec<T>> {
    if let Some(known) = memo
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&question)
    {
        return known.clone();
    }
    // worked out without the lock: another question need not wait for this one
    let answer = Arc::new(answer());
    let mut memo = memo.lock().unwrap_or_else(|p| p.into_inner());
    if memo.len() >= REMEMBERED {
        memo.clear();
    }
    memo.insert(question, answer.clone());
    answer
}
