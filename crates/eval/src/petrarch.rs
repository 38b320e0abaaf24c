//! Event coding on the PETRARCH-2 validation records (`eval/petrarch-gsr/`): real news
//! sentences with their expected CAMEO codings. Scored as the set's README says: on the
//! CAMEO root code (the first two digits) and on the country part of the source and
//! target codes; a record marked `noevents` is right when truce codes no asserted event.
//! Also reported: agreement on the PLOVER type the gold code maps to, since truce codes
//! PLOVER first and several CAMEO roots share one PLOVER type.

use std::path::Path;

use chrono::NaiveDate;
use quick_xml::events::Event as Xml;
use quick_xml::Reader;
use truce_knowledge::Knowledge;
use truce_model::{Event, Modality};

use crate::{evaluate_set, EvalError, Split};

/// One expected coding.
#[derive(Debug, Clone)]
pub struct Coding {
    pub code: String,
    pub source: String,
    pub target: String,
}

/// One validation sentence.
#[derive(Debug, Clone)]
pub struct Record {
    pub id: String,
    pub date: Option<NaiveDate>,
    pub text: String,
    /// Empty with `no_events` set: the sentence must yield no event.
    pub codings: Vec<Coding>,
    pub no_events: bool,
}

fn attr(e: &quick_xml::events::BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
}

/// Reads the validation file.
pub fn load(path: &Path) -> Result<Vec<Record>, EvalError> {
    let unreadable = |detail: String| EvalError::Unreadable {
        path: path.display().to_string(),
        detail,
    };
    let xml = crate::read_set(path)?;
    let mut reader = Reader::from_str(&xml);
    // the file closes self-closed <Sentence/> elements again; read it as it is
    reader.config_mut().check_end_names = false;
    reader.config_mut().allow_unmatched_ends = true;
    let mut out: Vec<Record> = Vec::new();
    let mut in_text = false;
    loop {
        match reader
            .read_event()
            .map_err(|e| unreadable(format!("at byte {}: {e}", reader.buffer_position())))?
        {
            Xml::Start(e) | Xml::Empty(e) => match e.name().as_ref() {
                b"Sentence" => {
                    if attr(&e, b"evaluate").as_deref() == Some("false") {
                        continue;
                    }
                    out.push(Record {
                        id: attr(&e, b"id").unwrap_or_default(),
                        date: attr(&e, b"date")
                            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y%m%d").ok()),
                        text: String::new(),
                        codings: Vec::new(),
                        no_events: false,
                    });
                }
                b"EventCoding" => {
                    let Some(r) = out.last_mut() else { continue };
                    if attr(&e, b"noevents").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
                        r.no_events = true;
                    } else if let Some(code) = attr(&e, b"eventcode") {
                        r.codings.push(Coding {
                            code,
                            source: attr(&e, b"sourcecode").unwrap_or_default(),
                            target: attr(&e, b"targetcode").unwrap_or_default(),
                        });
                    }
                }
                b"Text" => in_text = true,
                _ => {}
            },
            Xml::Text(t) if in_text => {
                if let Some(r) = out.last_mut() {
                    let piece = t.decode().map_err(|e| unreadable(e.to_string()))?;
                    r.text.push_str(&piece);
                }
            }
            Xml::GeneralRef(e) if in_text => {
                let name = e.decode().map_err(|e| unreadable(e.to_string()))?;
                if let (Some(r), Some(v)) =
                    (out.last_mut(), quick_xml::escape::resolve_xml_entity(&name))
                {
                    r.text.push_str(v);
                }
            }
            Xml::End(e) if e.name().as_ref() == b"Text" => in_text = false,
            Xml::Eof => break,
            _ => {}
        }
    }
    for r in &mut out {
        r.text = r.text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    Ok(out)
}

/// The country part of a CAMEO actor code ("USAGOV" → "USA"); none for codes without
/// one ("---LEG", "IGOUNO").
pub fn country(code: &str) -> Option<&str> {
    let c = code.get(..3)?;
    (c.bytes().all(|b| b.is_ascii_uppercase())
        && !matches!(c, "IGO" | "NGO" | "MNC" | "IMG" | "---"))
    .then_some(c)
}

/// Whether one of truce's actor ids names `country` (the state itself, or an id of its
/// forces or government such as "RUS-MIL").
fn names_country(ids: &[String], country: &str) -> bool {
    ids.iter()
        .any(|id| id == country || id.split('-').next() == Some(country))
}

/// What truce made of one record.
#[derive(Debug, Clone, Default)]
pub struct RecordResult {
    pub id: String,
    /// Codings with events, and how many truce matched on root, on PLOVER type.
    pub codings: usize,
    pub root_right: usize,
    pub type_right: usize,
    /// Codings whose source (target) has a country, and how many truce got right.
    pub with_source: usize,
    pub source_right: usize,
    pub with_target: usize,
    pub target_right: usize,
    /// For `noevents` records: whether truce coded no asserted event.
    pub no_events: Option<bool>,
}

pub fn score_record(r: &Record, k: &Knowledge) -> RecordResult {
    let analysis = truce_analyse::analyse_text(&r.text, None, r.date, k);
    let asserted: Vec<&Event> = analysis
        .mentions
        .events
        .iter()
        .filter(|e| e.modality == Modality::Asserted)
        .collect();
    let mut out = RecordResult {
        id: r.id.clone(),
        ..Default::default()
    };
    if r.no_events {
        out.no_events = Some(asserted.is_empty());
        return out;
    }
    let table = k.events.cameo_table();
    for c in &r.codings {
        out.codings += 1;
        let root = c.code.get(..2).unwrap_or("");
        let by_root: Vec<&&Event> = asserted.iter().filter(|e| e.cameo_root == root).collect();
        let gold_type = truce_knowledge::cameo::plover_of(&c.code, table);
        let by_type: Vec<&&Event> = asserted
            .iter()
            .filter(|e| Some(e.kind) == gold_type)
            .collect();
        out.root_right += usize::from(!by_root.is_empty());
        out.type_right += usize::from(!by_type.is_empty());
        // actors are compared on the events of the right type, else on every event
        let pool: Vec<&&Event> = if by_type.is_empty() {
            asserted.iter().collect()
        } else {
            by_type
        };
        if let Some(country) = country(&c.source) {
            out.with_source += 1;
            out.source_right += usize::from(pool.iter().any(|e| names_country(&e.actors, country)));
        }
        if let Some(country) = country(&c.target) {
            out.with_target += 1;
            out.target_right +=
                usize::from(pool.iter().any(|e| names_country(&e.recipients, country)));
        }
    }
    out
}

/// Agreement over a set of records.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct PetrarchScores {
    pub records: usize,
    pub codings: usize,
    pub root_agreement: f64,
    pub type_agreement: f64,
    pub source_country: f64,
    pub target_country: f64,
    pub no_event_records: usize,
    pub no_event_right: f64,
}

pub fn summarise<'a>(results: impl Iterator<Item = &'a RecordResult>) -> PetrarchScores {
    let results: Vec<&RecordResult> = results.collect();
    let sum = |f: fn(&RecordResult) -> usize| results.iter().map(|r| f(r)).sum::<usize>();
    let share = |a: usize, b: usize| a as f64 / b.max(1) as f64;
    let codings = sum(|r| r.codings);
    let no_event: Vec<bool> = results.iter().filter_map(|r| r.no_events).collect();
    PetrarchScores {
        records: results.len(),
        codings,
        root_agreement: share(sum(|r| r.root_right), codings),
        type_agreement: share(sum(|r| r.type_right), codings),
        source_country: share(sum(|r| r.source_right), sum(|r| r.with_source)),
        target_country: share(sum(|r| r.target_right), sum(|r| r.with_target)),
        no_event_records: no_event.len(),
        no_event_right: share(no_event.iter().filter(|&&b| b).count(), no_event.len()),
    }
}

/// Evaluates the whole set at `path`.
pub fn evaluate(
    path: &Path,
    k: &Knowledge,
) -> Result<(Split<PetrarchScores>, Vec<RecordResult>), EvalError> {
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
    fn countries_of_cameo_codes() {
        assert_eq!(country("USAGOV"), Some("USA"));
        assert_eq!(country("RUS"), Some("RUS"));
        assert_eq!(country("---LEG"), None);
        assert_eq!(country("IGOUNO"), None);
        assert!(names_country(&["RUS-MIL".into()], "RUS"));
        assert!(!names_country(&["putin".into()], "RUS"));
    }
}
