//! Analysts' verdicts on acts, and the effective act they make.
//!
//! A verdict confirms, corrects or rejects an act. Every verdict is a new row of
//! `verifications` (the history: who, when, why, and each changed field's value before
//! and after); `act_verdicts` keeps each judged act's standing (latest verdict, every
//! corrected field's latest value, version), and the act's summary row is computed again
//! from the view `act_effective` in the same transaction, so every reader of acts sees
//! the correction at once (migration 0016).
//!
//! Corrections of different fields add up; a verdict names the version of the act it was
//! made on, and one made on an older version is refused ([`StoreError::StaleAct`]).

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use truce_model::{ActField, DatePrecision, EventType, Modality, PlacePrecision, Verdict};

use crate::{Batch, Store, StoreError};

/// One verdict as the history keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verification {
    pub status: Verdict,
    /// The corrected fields as stored, for `corrected`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correction: Option<Value>,
    pub analyst: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub decided_at: String,
    /// The act's version this verdict made (absent on verdicts recorded before versions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    /// Each field it changed, the status included, with its value before and after.
    #[serde(default)]
    pub changes: Vec<FieldChange>,
}

/// One field's value before and after a verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub before: Value,
    pub after: Value,
}

/// The verdict words, for messages and the API's description.
pub const STATUSES: [&str; 3] = ["confirmed", "corrected", "rejected"];

/// A place an act is corrected to: an id the store knows (from its reports), or a place
/// given whole.
#[derive(Debug, Clone, PartialEq)]
pub enum PlaceCorrection {
    Id(String),
    Given {
        id: String,
        name: String,
        precision: PlacePrecision,
        lat: f64,
        lon: f64,
    },
}

/// The fields an analyst corrects; `None` leaves a field as it is. For place and date,
/// `Some(None)` says the act has none known.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Correction {
    pub kind: Option<EventType>,
    pub modality: Option<Modality>,
    pub actors: Option<Vec<String>>,
    pub recipients: Option<Vec<String>>,
    pub place: Option<Option<PlaceCorrection>>,
    /// An ISO day, month or year.
    pub date: Option<Option<String>>,
    /// The tolls of killed and injured; `Some(None)` says the reports' figure is wrong and
    /// none is known.
    pub killed: Option<Option<u32>>,
    pub injured: Option<Option<u32>>,
    /// The CAMEO root code a corrected type is exported with (the knowledge's
    /// `cameo_roots`): set with `kind` by a caller that knows them, so that a corrected
    /// act's CAMEO code says what its type says.
    pub cameo_root: Option<String>,
}

/// A correction that cannot be applied, naming the field and what it takes.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("correction.{field}: {why}")]
pub struct CorrectionError {
    pub field: String,
    pub why: String,
}

fn bad(field: &str, why: impl Into<String>) -> CorrectionError {
    CorrectionError {
        field: field.to_string(),
        why: why.into(),
    }
}

/// The precision of an ISO day, month or year; `None` for anything else.
pub fn date_precision(date: &str) -> Option<DatePrecision> {
    let formats = [
        ("%Y-%m-%d", 10, DatePrecision::Day),
        ("%Y-%m-%d", 7, DatePrecision::Month),
        ("%Y-%m-%d", 4, DatePrecision::Year),
    ];
    formats.into_iter().find_map(|(format, len, precision)| {
        let padded = match len {
            10 => date.to_string(),
            7 => format!("{date}-01"),
            _ => format!("{date}-01-01"),
        };
        (date.len() == len && chrono::NaiveDate::parse_from_str(&padded, format).is_ok())
            .then_some(precision)
    })
}

impl Correction {
    /// Reads a correction as the API and the workbench send it: `{"type": "ASSAULT",
    /// "modality": "asserted", "actors": ["SYR"], "recipients": [], "place": "SY-ID" or
    /// {"id", "name", "precision", "lat", "lon"} or null, "date": "2018-10-01" or null,
    /// "killed": 12 or null, "injured": 30 or null}`.
    pub fn from_json(v: &Value) -> Result<Correction, CorrectionError> {
        let Some(o) = v.as_object() else {
            return Err(bad("", "a correction is an object of the fields corrected"));
        };
        let mut c = Correction::default();
        for (k, v) in o {
            let field: ActField = k.parse().map_err(|_| {
                bad(
                    k,
                    format!(
                        "not a field of an act; corrections take {}",
                        ActField::WORDS.join(", ")
                    ),
                )
            })?;
            match field {
                ActField::Type => {
                    let t = EventType::parse_loose(v.as_str().unwrap_or(""))
                        .map_err(|e| bad(k, e.to_string()))?;
                    c.kind = Some(t);
                }
                ActField::Modality => {
                    let m: Modality = v
                        .as_str()
                        .unwrap_or("")
                        .parse()
                        .map_err(|e: truce_model::UnknownTerm| bad(k, e.to_string()))?;
                    c.modality = Some(m);
                }
                ActField::Actors | ActField::Recipients => {
                    let ids = v
                        .as_array()
                        .filter(|a| {
                            a.iter()
                                .all(|x| x.as_str().is_some_and(|s| !s.trim().is_empty()))
                        })
                        .ok_or_else(|| bad(k, "a list of actor ids, such as [\"SYR\", \"TUR\"]"))?
                        .iter()
                        .filter_map(|x| x.as_str().map(|s| s.trim().to_string()))
                        .collect();
                    if field == ActField::Actors {
                        c.actors = Some(ids);
                    } else {
                        c.recipients = Some(ids);
                    }
                }
                ActField::Place => c.place = Some(place_of(v)?),
                ActField::Date => {
                    c.date =
                        Some(match v {
                            Value::Null => None,
                            Value::String(d) if date_precision(d.trim()).is_some() => {
                                Some(d.trim().to_string())
                            }
                            _ => return Err(bad(
                                k,
                                "a date written YYYY-MM-DD (or YYYY-MM, YYYY), or null for none",
                            )),
                        })
                }
                ActField::Killed | ActField::Injured => {
                    let toll = match v {
                        Value::Null => None,
                        _ => Some(v.as_u64().and_then(|n| u32::try_from(n).ok()).ok_or_else(
                            || {
                                bad(
                                    k,
                                    "a whole number of people (0 or more), or null for none known",
                                )
                            },
                        )?),
                    };
                    if field == ActField::Killed {
                        c.killed = Some(toll);
                    } else {
                        c.injured = Some(toll);
                    }
                }
            }
        }
        if c == Correction::default() {
            return Err(bad("", "a correction names at least one field"));
        }
        Ok(c)
    }

    /// The fields this correction names.
    pub fn fields(&self) -> Vec<ActField> {
        let named = [
            (ActField::Type, self.kind.is_some()),
            (ActField::Modality, self.modality.is_some()),
            (ActField::Actors, self.actors.is_some()),
            (ActField::Recipients, self.recipients.is_some()),
            (ActField::Place, self.place.is_some()),
            (ActField::Date, self.date.is_some()),
            (ActField::Killed, self.killed.is_some()),
            (ActField::Injured, self.injured.is_some()),
        ];
        named
            .into_iter()
            .filter(|(_, n)| *n)
            .map(|(f, _)| f)
            .collect()
    }
}

fn place_of(v: &Value) -> Result<Option<PlaceCorrection>, CorrectionError> {
    const WHAT: &str = "a place id the reports name (as \"SY-ID\"), {\"id\", \"name\", \"precision\", \"lat\", \"lon\"}, or null for none";
    match v {
        Value::Null => Ok(None),
        Value::String(id) if !id.trim().is_empty() => {
            Ok(Some(PlaceCorrection::Id(id.trim().to_string())))
        }
        Value::Object(o) => {
            let text = |k: &str| o.get(k).and_then(Value::as_str).map(str::trim);
            let number = |k: &str| o.get(k).and_then(Value::as_f64);
            let (Some(id), Some(name), Some(precision), Some(lat), Some(lon)) = (
                text("id"),
                text("name"),
                text("precision"),
                number("lat"),
                number("lon"),
            ) else {
                return Err(bad("place", WHAT));
            };
            let precision: PlacePrecision = precision
                .parse()
                .map_err(|e: truce_model::UnknownTerm| bad("place.precision", e.to_string()))?;
            if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                return Err(bad("place", "lat within ±90 and lon within ±180"));
            }
            Ok(Some(PlaceCorrection::Given {
                id: id.to_string(),
                name: name.to_string(),
                precision,
                lat,
                lon,
            }))
        }
        _ => Err(bad("place", WHAT)),
    }
}

/// What an analyst decides about one act.
#[derive(Debug, Clone, PartialEq)]
pub struct VerdictRequest<'a> {
    pub verdict: Verdict,
    /// Required with [`Verdict::Corrected`], refused with the others.
    pub correction: Option<&'a Correction>,
    pub analyst: &'a str,
    pub note: Option<&'a str>,
    /// The act's version the analyst saw; `None` takes whatever is current (the command
    /// line, one analyst at a terminal).
    pub version: Option<i64>,
}

/// An act's standing among analysts: its latest verdict, corrected fields and version.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Standing {
    pub status: Option<Verdict>,
    /// Each corrected field's latest value, as stored.
    pub fields: Map<String, Value>,
    /// How many verdicts it has had: what a new verdict names.
    pub version: i64,
}

impl Batch<'_> {
    /// Records a verdict on an act, applies it to the act's summary at commit, and
    /// returns it as the history keeps it.
    pub fn verify_event(
        &mut self,
        cluster: i64,
        request: &VerdictRequest<'_>,
    ) -> Result<Verification, StoreError> {
        if !self.cluster_exists(cluster)? {
            return Err(StoreError::NoSuchAct { cluster });
        }
        let corrected = request.verdict == Verdict::Corrected;
        if corrected != request.correction.is_some() {
            return Err(StoreError::BadCorrection(bad(
                "",
                if corrected {
                    "a corrected verdict says which fields it corrects"
                } else {
                    "only a corrected verdict carries a correction"
                },
            )));
        }
        // a correction that cannot be applied is refused whatever the version
        let shaped = match request.correction {
            Some(c) => self.shape(c)?,
            None => Map::new(),
        };
        let standing = standing(self.db(), cluster)?;
        if let Some(seen) = request.version {
            if seen != standing.version {
                return Err(StoreError::StaleAct {
                    cluster,
                    version: seen,
                    current: standing.version,
                });
            }
        }
        let now = effective_fields(self.db(), cluster)?;
        let mut changes = Vec::new();
        let before_status = standing.status.map_or(Value::Null, |s| json!(s.as_str()));
        let after_status = json!(request.verdict.as_str());
        if before_status != after_status {
            changes.push(FieldChange {
                field: "status".into(),
                before: before_status,
                after: after_status,
            });
        }
        // in the order of the act's fields, as an analyst reads them
        for field in ActField::ALL.iter().map(|f| f.as_str()) {
            let Some(after) = shaped.get(field) else {
                continue;
            };
            let before = now.get(field).cloned().unwrap_or(Value::Null);
            if &before != after {
                changes.push(FieldChange {
                    field: field.to_string(),
                    before,
                    after: after.clone(),
                });
            }
        }
        let mut fields = standing.fields;
        fields.extend(shaped.clone());
        let version = standing.version + 1;
        let correction = (!shaped.is_empty()).then_some(Value::Object(shaped));
        let record = Verification {
            status: request.verdict,
            correction,
            analyst: request.analyst.to_string(),
            note: request.note.map(str::to_string),
            decided_at: self.now.clone(),
            version: Some(version),
            changes,
        };
        let (target, correction, changes, fields) = (
            cluster.to_string(),
            record.correction.as_ref().map(Value::to_string),
            serde_json::to_string(&record.changes).expect("changes serialise"),
            Value::Object(fields).to_string(),
        );
        let db = self.db();
        db.execute(
            "INSERT INTO verifications (target_kind, target, status, correction, analyst, note, \
             decided_at, version, changes) VALUES ('event', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            &[
                (&target).into(),
                request.verdict.as_str().into(),
                correction.as_ref().into(),
                record.analyst.as_str().into(),
                record.note.as_ref().into(),
                record.decided_at.as_str().into(),
                version.into(),
                (&changes).into(),
            ],
        )?;
        db.execute(
            "INSERT INTO act_verdicts (cluster, status, fields, version) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (cluster) DO UPDATE SET status = excluded.status, \
             fields = excluded.fields, version = excluded.version",
            &[
                cluster.into(),
                request.verdict.as_str().into(),
                (&fields).into(),
                version.into(),
            ],
        )?;
        // summarised again from `act_effective` as the batch commits
        self.moved.push(cluster);
        self.audit(
            &record.analyst,
            "act.verdict",
            &format!("act {cluster}"),
            serde_json::json!({"status": request.verdict.as_str(), "version": version,
                "note": record.note, "changes": record.changes}),
        )?;
        Ok(record)
    }

    /// A correction in the shapes the store keeps, a place id resolved by the store's
    /// places.
    fn shape(&self, c: &Correction) -> Result<Map<String, Value>, StoreError> {
        let mut out = Map::new();
        if let Some(t) = c.kind {
            out.insert("type".into(), json!(t.as_str()));
            if let Some(root) = &c.cameo_root {
                out.insert("cameo".into(), json!(root));
            }
        }
        if let Some(m) = c.modality {
            out.insert("modality".into(), json!(m.as_str()));
        }
        if let Some(a) = &c.actors {
            out.insert("actors".into(), json!(a));
        }
        if let Some(r) = &c.recipients {
            out.insert("recipients".into(), json!(r));
        }
        if let Some(place) = &c.place {
            let value = match place {
                None => Value::Null,
                Some(PlaceCorrection::Given {
                    id,
                    name,
                    precision,
                    lat,
                    lon,
                }) => place_value(id, name, Some(precision.as_str()), Some(*lat), Some(*lon)),
                Some(PlaceCorrection::Id(id)) => self.known_place(id)?,
            };
            out.insert("place".into(), value);
        }
        if let Some(date) = &c.date {
            let value = match date {
                None => Value::Null,
                Some(d) => json!({
                    "value": d,
                    "precision": date_precision(d).map(DatePrecision::as_str),
                }),
            };
            out.insert("date".into(), value);
        }
        for (field, toll) in [("killed", c.killed), ("injured", c.injured)] {
            if let Some(toll) = toll {
                out.insert(field.into(), json!(toll));
            }
        }
        Ok(out)
    }

    /// A place of the store's reports, by id, in the stored shape.
    fn known_place(&self, id: &str) -> Result<Value, StoreError> {
        let found: Option<(String, String)> = self
            .db()
            .first(
                "SELECT name, detail FROM entities WHERE kind = 'place' AND id = ?1",
                &[id.into()],
            )?
            .map(|r| Ok::<_, StoreError>((r.get(0)?, r.get(1)?)))
            .transpose()?;
        let Some((name, detail)) = found else {
            return Err(StoreError::BadCorrection(bad(
                "place",
                format!(
                    "no place {id:?} in the store's reports; give it whole as {{\"id\", \"name\", \"precision\", \"lat\", \"lon\"}}"
                ),
            )));
        };
        let detail: Value = serde_json::from_str(&detail).unwrap_or(Value::Null);
        Ok(place_value(
            id,
            &name,
            detail.get("precision").and_then(Value::as_str),
            detail.get("lat").and_then(Value::as_f64),
            detail.get("lon").and_then(Value::as_f64),
        ))
    }
}

fn place_value(
    id: &str,
    name: &str,
    precision: Option<&str>,
    lat: Option<f64>,
    lon: Option<f64>,
) -> Value {
    json!({"id": id, "name": name, "precision": precision, "lat": lat, "lon": lon})
}

/// The act's standing among analysts (default when never judged).
fn standing(db: crate::sql::Db<'_>, cluster: i64) -> Result<Standing, StoreError> {
    let found: Option<(Verdict, String, i64)> = db
        .first(
            "SELECT status, fields, version FROM act_verdicts WHERE cluster = ?1",
            &[cluster.into()],
        )?
        .map(|r| Ok::<_, StoreError>((r.word(0)?, r.get(1)?, r.get(2)?)))
        .transpose()?;
    Ok(match found {
        Some((status, fields, version)) => Standing {
            status: Some(status),
            fields: serde_json::from_str(&fields).unwrap_or_default(),
            version,
        },
        None => Standing::default(),
    })
}

/// The correctable fields of an act's row (of `cluster_summaries` or `cluster_rollup`:
/// type, modality, actors, recipients, place, place_name, place_precision, lat, lon,
/// date, date_precision, killed, injured), in the stored shapes.
fn fields_of_row(r: &crate::sql::Row) -> Result<Map<String, Value>, StoreError> {
    let list = |s: String| serde_json::from_str::<Value>(&s).unwrap_or(json!([]));
    let place: Option<String> = r.get(4)?;
    let date: Option<String> = r.get(9)?;
    let mut m = Map::new();
    m.insert("type".into(), json!(r.get::<String>(0)?));
    m.insert("modality".into(), json!(r.get::<String>(1)?));
    m.insert("actors".into(), list(r.get(2)?));
    m.insert("recipients".into(), list(r.get(3)?));
    let place = match place {
        Some(id) => place_value(
            &id,
            &r.get::<Option<String>>(5)?.unwrap_or_default(),
            r.get::<Option<String>>(6)?.as_deref(),
            r.get(7)?,
            r.get(8)?,
        ),
        None => Value::Null,
    };
    m.insert("place".into(), place);
    let date = match date {
        Some(d) => json!({"value": d, "precision": r.get::<Option<String>>(10)?}),
        None => Value::Null,
    };
    m.insert("date".into(), date);
    m.insert("killed".into(), json!(r.get::<Option<u32>>(11)?));
    m.insert("injured".into(), json!(r.get::<Option<u32>>(12)?));
    Ok(m)
}

/// The columns [`fields_of_row`] reads.
const FIELD_COLUMNS: &str = "type, modality, actors, recipients, place, place_name, \
    place_precision, lat, lon, date, date_precision, killed, injured";

/// The act's correctable fields as its summary holds them now.
fn effective_fields(
    db: crate::sql::Db<'_>,
    cluster: i64,
) -> Result<Map<String, Value>, StoreError> {
    match db.first(
        &format!("SELECT {FIELD_COLUMNS} FROM cluster_summaries WHERE cluster = ?1"),
        &[cluster.into()],
    )? {
        Some(r) => fields_of_row(&r),
        None => Err(StoreError::NoSuchAct { cluster }),
    }
}

impl Store {
    /// The latest verdict on each of `clusters` (absent when none).
    pub fn event_verifications(
        &self,
        clusters: &[i64],
    ) -> Result<Vec<(i64, Verification)>, StoreError> {
        let mut out = Vec::new();
        for &c in clusters {
            if let Some(v) = self.act_history(c)?.pop() {
                out.push((c, v));
            }
        }
        Ok(out)
    }

    /// Every verdict on act `cluster`, oldest first.
    pub fn act_history(&self, cluster: i64) -> Result<Vec<Verification>, StoreError> {
        let target = cluster.to_string();
        self.db()
            .rows(
                "SELECT status, correction, analyst, note, decided_at, version, changes \
                 FROM verifications WHERE target_kind = 'event' AND target = ?1 ORDER BY id",
                &[(&target).into()],
            )?
            .iter()
            .map(|r| {
                let correction: Option<String> = r.get(1)?;
                let changes: Option<String> = r.get(6)?;
                Ok(Verification {
                    status: r.word(0)?,
                    correction: correction.and_then(|c| serde_json::from_str(&c).ok()),
                    analyst: r.get(2)?,
                    note: r.get(3)?,
                    decided_at: r.get(4)?,
                    version: r.get(5)?,
                    changes: changes
                        .and_then(|c| serde_json::from_str(&c).ok())
                        .unwrap_or_default(),
                })
            })
            .collect()
    }

    /// Act `cluster`'s standing among analysts.
    pub fn act_standing(&self, cluster: i64) -> Result<Standing, StoreError> {
        standing(self.db(), cluster)
    }

    /// The machine's values of the fields analysts corrected on act `cluster` (what the
    /// act's events say without the corrections), in the stored shapes.
    pub fn machine_fields(&self, cluster: i64) -> Result<Map<String, Value>, StoreError> {
        let standing = self.act_standing(cluster)?;
        if standing.fields.is_empty() {
            return Ok(Map::new());
        }
        let machine: Option<Map<String, Value>> = self
            .db()
            .first(
                &format!("SELECT {FIELD_COLUMNS} FROM cluster_rollup WHERE cluster = ?1"),
                &[cluster.into()],
            )?
            .map(|r| fields_of_row(&r))
            .transpose()?;
        let machine = machine.unwrap_or_default();
        Ok(standing
            .fields
            .keys()
            .filter_map(|k| machine.get(k).map(|v| (k.clone(), v.clone())))
            .collect())
    }
}
