//! `/api/...`: JSON over the store. Every handler checks its parameters against the
//! list it accepts, so a typo is an error that names the parameter, never ignored.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use truce_store::{EventFilter, Mode, Store};

use crate::{ApiError, AppState};

type Params = Query<HashMap<String, String>>;
type Api = Result<Response, ApiError>;

const OPENAPI: &str = include_str!("openapi.json");
const MAX_LIMIT: usize = 1000;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/health", get(health))
        .route("/documents", get(documents).post(upload))
        .route("/documents/{id}", get(document))
        .route("/actors", get(actors))
        .route("/actors/{id}", get(actor))
        .route("/places", get(places))
        .route("/places/{id}", get(place))
        .route("/events", get(events))
        .route("/events.geojson", get(events_geojson))
        .route("/events/{cluster}", get(event))
        .route("/events/{cluster}/verification", post(verify_event))
        .route("/events/{cluster}/split", post(split_event))
        .route("/events/{cluster}/join", post(join_event))
        .route("/timeline", get(timeline))
        .route("/quotes", get(quotes))
        .route("/agreements", get(agreements))
        .route("/agreements/{id}/decision", post(decide_agreement))
        .route("/regimes", get(regimes))
        .route("/regimes/{id}", get(regime))
        .route("/regimes/{id}/status", post(record_status))
        .route("/regimes/{id}/evidence", get(regime_evidence))
        .route("/violations", get(violations))
        .route("/openapi.json", get(openapi))
        .fallback(unknown)
}

/// Runs a store query on a blocking thread with a pooled connection.
async fn query<T: Send + 'static>(
    state: &Arc<AppState>,
    f: impl FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let state = state.clone();
    tokio::task::spawn_blocking(move || state.with(f))
        .await
        .map_err(ApiError::internal)?
}

/// Refuses parameters the endpoint does not know.
fn only(params: &HashMap<String, String>, allowed: &[&str]) -> Result<(), ApiError> {
    match params.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(ApiError::bad(
            k,
            format!(
                "unknown parameter {k:?}; this endpoint takes {}",
                allowed.join(", ")
            ),
        )),
        None => Ok(()),
    }
}

fn number(
    params: &HashMap<String, String>,
    name: &str,
    default: usize,
    max: usize,
) -> Result<usize, ApiError> {
    match params.get(name) {
        None => Ok(default),
        Some(v) => match v.parse::<usize>() {
            Ok(n) if n <= max => Ok(n),
            _ => Err(ApiError::bad(
                name,
                format!("{name} must be a whole number from 0 to {max}, not {v:?}"),
            )),
        },
    }
}

/// How many items of a list to skip: where the next page starts.
fn offset(params: &HashMap<String, String>) -> Result<usize, ApiError> {
    number(params, "offset", 0, usize::MAX / 2)
}

fn date(params: &HashMap<String, String>, name: &str) -> Result<Option<String>, ApiError> {
    match params.get(name) {
        None => Ok(None),
        Some(v) => chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(|d| Some(d.format("%Y-%m-%d").to_string()))
            .map_err(|_| {
                ApiError::bad(
                    name,
                    format!("{name} must be a date written YYYY-MM-DD, not {v:?}"),
                )
            }),
    }
}

const EVENT_FILTERS: &[&str] = &[
    "type",
    "modality",
    "actor",
    "recipient",
    "place",
    "zone",
    "bbox",
    "status",
    "from",
    "to",
];
const MODALITIES: &[&str] = &[
    "asserted",
    "negated",
    "hypothetical",
    "future",
    "historical",
    "any",
];

fn event_filter(params: &HashMap<String, String>) -> Result<EventFilter, ApiError> {
    let kind = match params.get("type") {
        Some(t) if truce_knowledge::PLOVER_TYPES.contains(&t.to_uppercase().as_str()) => {
            Some(t.to_uppercase())
        }
        Some(t) => {
            return Err(ApiError::bad(
                "type",
                format!(
                    "{t:?} is not a PLOVER type; use one of {}",
                    truce_knowledge::PLOVER_TYPES.join(", ")
                ),
            ))
        }
        None => None,
    };
    let modality = match params.get("modality").map(String::as_str) {
        None => Some("asserted".to_string()),
        Some("any") => None,
        Some(m) if MODALITIES.contains(&m) => Some(m.to_string()),
        Some(m) => {
            return Err(ApiError::bad(
                "modality",
                format!(
                    "{m:?} is not a modality; use one of {}",
                    MODALITIES.join(", ")
                ),
            ))
        }
    };
    let from = date(params, "from")?;
    let to = date(params, "to")?;
    if let (Some(a), Some(b)) = (&from, &to) {
        if a > b {
            return Err(ApiError::bad(
                "to",
                format!("to ({b}) is before from ({a})"),
            ));
        }
    }
    let status = match params.get("status") {
        Some(v) if truce_store::VERDICT_FILTERS.contains(&v.as_str()) => Some(v.clone()),
        Some(v) => {
            return Err(ApiError::bad(
                "status",
                format!(
                    "{v:?} is not a verification status; use one of {}",
                    truce_store::VERDICT_FILTERS.join(", ")
                ),
            ))
        }
        None => None,
    };
    let (mut area, within) = match params.get("zone") {
        Some(id) => inside_zone(id)?,
        None => (None, None),
    };
    if let Some(b) = params.get("bbox") {
        let [x0, y0, x1, y1] = bbox(b)?;
        // with a zone too, the acts in both: the boxes' overlap
        let a = area.get_or_insert_with(|| truce_store::Area {
            bbox: [-180.0, -90.0, 180.0, 90.0],
            ..Default::default()
        });
        a.bbox = [
            a.bbox[0].max(x0),
            a.bbox[1].max(y0),
            a.bbox[2].min(x1),
            a.bbox[3].min(y1),
        ];
    }
    Ok(EventFilter {
        kind,
        actor: params.get("actor").cloned(),
        recipient: params.get("recipient").cloned(),
        place: params.get("place").cloned(),
        from,
        to,
        modality,
        status,
        area,
        within,
    })
}

/// A box written `min lon,min lat,max lon,max lat` (what a map in view spans).
fn bbox(text: &str) -> Result<[f64; 4], ApiError> {
    let bad = || {
        ApiError::bad(
            "bbox",
            format!(
                "bbox is min lon,min lat,max lon,max lat in degrees (e.g. 35,34,38,37), not {text:?}"
            ),
        )
    };
    let v: Vec<f64> = text
        .split(',')
        .map(|x| x.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| bad())?;
    let [x0, y0, x1, y1] = v[..] else {
        return Err(bad());
    };
    let lon = -180.0..=180.0;
    let lat = -90.0..=90.0;
    if !(lon.contains(&x0) && lon.contains(&x1) && lat.contains(&y0) && lat.contains(&y1))
        || x0 > x1
        || y0 > y1
    {
        return Err(bad());
    }
    Ok([x0, y0, x1, y1])
}

/// The filter for acts inside the zone `id` of any regime shipped.
fn inside_zone(
    id: &str,
) -> Result<(Option<truce_store::Area>, Option<truce_store::Within>), ApiError> {
    let regimes = loaded_regimes()?;
    match crate::zone_filter(regimes, id) {
        Some((area, within)) => Ok((Some(area), Some(within))),
        None => {
            let ids: Vec<&str> = regimes
                .iter()
                .flat_map(|l| l.regime.zones.iter().map(String::as_str))
                .collect();
            Err(ApiError::bad(
                "zone",
                format!("no zone {id:?}; the zones are {}", ids.join(", ")),
            ))
        }
    }
}

fn json(value: impl serde::Serialize) -> Api {
    Ok(Json(value).into_response())
}

async fn health(State(state): State<Arc<AppState>>, Query(p): Params) -> Api {
    only(&p, &[])?;
    let (documents, sources, events, reports) = query(&state, |s| {
        let (d, src) = s.counts()?;
        let (e, r) = s.event_counts(true)?;
        Ok((d, src, e, r))
    })
    .await?;
    json(
        json!({"status": "ok", "documents": documents, "sources": sources,
                "asserted_events": events, "reports_events": reports}),
    )
}

async fn documents(State(state): State<Arc<AppState>>, Query(p): Params) -> Api {
    only(
        &p,
        &["search", "publisher", "from", "to", "limit", "offset"],
    )?;
    let limit = number(&p, "limit", 50, MAX_LIMIT)?;
    let offset = offset(&p)?;
    let text = |name: &str| p.get(name).cloned().filter(|s| !s.trim().is_empty());
    let filter = truce_store::DocumentFilter {
        search: text("search"),
        publisher: text("publisher"),
        from: date(&p, "from")?,
        to: date(&p, "to")?,
    };
    let list = query(&state, move |s| Ok(s.documents(&filter, limit, offset)?)).await?;
    json(json!({"documents": list, "limit": limit, "offset": offset}))
}

async fn document(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(p): Params,
) -> Api {
    only(&p, &[])?;
    let found = query(&state, move |s| {
        let Some(doc) = s.get_document(&id)? else {
            return Ok(None);
        };
        let doc_id = doc.document.id.as_str().to_string();
        let mentions = s.mentions(&doc_id)?;
        let quotes = s.quotes(None, None, Some(&doc_id), MAX_LIMIT, 0)?;
        let events = s.document_events(&doc_id)?;
        Ok(Some(
            json!({"document": doc, "mentions": mentions, "quotes": quotes, "events": events}),
        ))
    })
    .await?;
    match found {
        Some(v) => json(v),
        None => Err(ApiError::not_found(
            "no document with that id or id prefix; /api/documents lists them",
        )),
    }
}

/// A report uploaded as the request body, in any format `truce ingest` reads (text, HTML,
/// a feed, JSON Lines; any encoding, gzip too), with the hints its flags give:
/// `name` (a file name, whose extension helps tell the format), `published`, `publisher`,
/// `url`, `title`. It is read, analysed, linked and stored exactly as on the command line.
async fn upload(
    State(state): State<Arc<AppState>>,
    Query(p): Params,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Api {
    only(&p, &["name", "published", "publisher", "url", "title"])?;
    let body = body.map_err(|e| ApiError {
        status: e.status(),
        message: format!(
            "the report was not read: {e} (an upload may be up to {} MB; larger collections go through truce ingest)",
            crate::BODY_LIMIT >> 20
        ),
        parameter: Some("body".into()),
    })?;
    if body.is_empty() {
        return Err(ApiError::bad(
            "body",
            "the body is empty: send the report's bytes",
        ));
    }
    let published = match p.get("published") {
        None => None,
        Some(v) => Some(
            truce_ingest::parse_date(v)
                .map_err(|e| ApiError::bad("published", format!("published {e}")))?,
        ),
    };
    let hints = truce_ingest::Hints {
        published,
        publisher: p.get("publisher").cloned(),
        url: p.get("url").cloned(),
        title: p.get("title").cloned(),
    };
    let origin = format!(
        "upload:{}",
        p.get("name").map(String::as_str).unwrap_or("report")
    );
    let st = state.clone();
    let answer = tokio::task::spawn_blocking(move || -> Result<Value, ApiError> {
        let options = truce_ingest::Options {
            max_bytes: crate::BODY_LIMIT as u64,
            ..Default::default()
        };
        let results = truce_ingest::ingest_bytes(&body, &origin, &hints, &options)
            .map_err(|e| ApiError::bad("body", e.to_string()))?;
        let (mut reports, mut rejected) = (Vec::new(), Vec::new());
        for r in results {
            match r {
                Ok(report) => reports.push(report),
                Err(e) => rejected.push(e.to_string()),
            }
        }
        if reports.is_empty() {
            return Err(ApiError::bad(
                "body",
                format!("no report in the upload: {}", rejected.join("; ")),
            ));
        }
        let ids: Vec<String> = reports
            .iter()
            .map(|r| r.document.id.as_str().to_string())
            .collect();
        let knowledge = st.knowledge()?;
        let mut store = Store::open(&st.db, Mode::Write)?;
        let mut writer = truce_pipeline::Writer::new(&mut store, Some(&knowledge));
        writer.push(truce_pipeline::Pending {
            seen: None,
            reports,
        })?;
        writer.flush()?;
        let sum = &writer.summary;
        Ok(json!({
            "documents": ids, "new": sum.new, "new_sources": sum.new_sources,
            "duplicates": sum.duplicates, "rejected": rejected,
            "events": sum.events_new + sum.events_linked, "events_linked": sum.events_linked,
        }))
    })
    .await
    .map_err(ApiError::internal)??;
    let status = if answer["new"].as_u64() > Some(0) {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(answer)).into_response())
}

/// Actors or places (`kind`), the most reported first, under the list's name `plural`.
async fn entity_list(
    state: Arc<AppState>,
    p: HashMap<String, String>,
    kind: &'static str,
    plural: &str,
) -> Api {
    only(&p, &["search", "limit", "offset"])?;
    let limit = number(&p, "limit", 50, MAX_LIMIT)?;
    let offset = offset(&p)?;
    let search = p.get("search").cloned().filter(|s| !s.trim().is_empty());
    let list = query(&state, move |s| {
        // names are compared as transliterations meet in the knowledge ("Maarat al-Numan"
        // finds "Ma‘arrat an Nu‘mān"), ids as written
        let only = match &search {
            None => None,
            Some(words) => {
                let key = truce_knowledge::fold::translit_key(words);
                let ids = s.entity_names(kind)?.into_iter().filter_map(|(id, name)| {
                    let hit = id.eq_ignore_ascii_case(words.trim())
                        || truce_knowledge::fold::translit_key(&name).contains(&key);
                    hit.then_some(id)
                });
                Some(ids.collect::<Vec<_>>())
            }
        };
        Ok(s.entities(kind, only.as_deref(), limit, offset)?)
    })
    .await?;
    json(json!({plural: list, "limit": limit, "offset": offset}))
}

async fn actors(State(state): State<Arc<AppState>>, Query(p): Params) -> Api {
    entity_list(state, p, "actor", "actors").await
}

async fn places(State(state): State<Arc<AppState>>, Query(p): Params) -> Api {
    entity_list(state, p, "place", "places").await
}

/// How many of an actor's or place's newest reports and quotations its page shows.
const SHOWN_ON_PAGE: usize = 20;

/// An actor's or a place's page: what the store knows of it, its newest reports and, for
/// an actor, its newest quotations (its acts are `/api/events?actor=ID` or `?place=ID`).
async fn entity_page(
    state: Arc<AppState>,
    kind: &'static str,
    id: String,
    p: HashMap<String, String>,
) -> Api {
    only(&p, &[])?;
    let found = query(&state, move |s| {
        let Some(entity) = s.entity(kind, &id)? else {
            return Ok(None);
        };
        let documents = s.entity_reports(kind, &id, SHOWN_ON_PAGE)?;
        let mut page = json!({kind: entity, "documents": documents});
        if kind == "actor" {
            page["quotes"] = json!(s.quotes_of(&[id.as_str()], None, SHOWN_ON_PAGE)?);
        }
        Ok(Some(page))
    })
    .await?;
    match found {
        Some(page) => json(page),
        None => Err(ApiError::not_found(format!(
            "no {kind} with that id; /api/{kind}s?search=NAME finds ids"
        ))),
    }
}

async fn actor(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(p): Params,
) -> Api {
    entity_page(state, "actor", id, p).await
}

async fn place(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(p): Params,
) -> Api {
    entity_page(state, "place", id, p).await
}

async fn events(State(state): State<Arc<AppState>>, Query(p): Params) -> Api {
    let mut allowed = EVENT_FILTERS.to_vec();
    allowed.extend(["limit", "offset"]);
    only(&p, &allowed)?;
    let filter = event_filter(&p)?;
    let limit = number(&p, "limit", 100, MAX_LIMIT)?;
    let offset = offset(&p)?;
    let clusters = query(&state, move |s| Ok(s.events_page(&filter, limit, offset)?)).await?;
    json(json!({"events": clusters, "limit": limit, "offset": offset}))
}

/// One act with its reports' events and its latest verdict: what an event's page shows.
async fn event(
    State(state): State<Arc<AppState>>,
    Path(cluster): Path<String>,
    Query(p): Params,
) -> Api {
    only(&p, &[])?;
    let cluster = cluster_number(&cluster)?;
    match query(&state, move |s| Ok(s.act(cluster)?)).await? {
        Some(act) => json(json!({ "event": act })),
        None => Err(ApiError::not_found(format!(
            "no event #{cluster}; /api/events lists them"
        ))),
    }
}

/// An act's number as a path gives it.
fn cluster_number(text: &str) -> Result<i64, ApiError> {
    text.parse()
        .map_err(|_| ApiError::bad("cluster", format!("{text:?} is not an event number")))
}

/// Events with a place as GeoJSON points, one feature per real-world event.
async fn events_geojson(State(state): State<Arc<AppState>>, Query(p): Params) -> Api {
    let mut allowed = EVENT_FILTERS.to_vec();
    allowed.extend(["limit", "grid"]);
    only(&p, &allowed)?;
    let filter = event_filter(&p)?;
    if let Some(g) = p.get("grid") {
        // every matching act, counted in cells of `grid` degrees: a world map of them all
        let degrees: f64 = g
            .parse()
            .ok()
            .filter(|d: &f64| (0.01..=90.0).contains(d))
            .ok_or_else(|| {
                ApiError::bad(
                    "grid",
                    format!("grid is a cell size in degrees from 0.01 to 90, not {g:?}"),
                )
            })?;
        if p.contains_key("limit") {
            return Err(ApiError::bad(
                "limit",
                "a grid counts every act; limit goes without grid",
            ));
        }
        let st = state.clone();
        let cells = query(&state, move |s| {
            Ok(if crate::acts::ActIndex::answers(&filter) {
                st.acts(s)?.grid_remembered(&filter, degrees)
            } else {
                Arc::new(s.grid(&filter, degrees)?)
            })
        })
        .await?;
        let features: Vec<Value> = cells
            .iter()
            .map(|c| {
                json!({
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [c.lon, c.lat]},
                    "properties": {"events": c.events, "latest": c.latest, "grid": degrees},
                })
            })
            .collect();
        let body = json!({"type": "FeatureCollection", "features": features});
        return Ok((
            [(header::CONTENT_TYPE, "application/geo+json")],
            body.to_string(),
        )
            .into_response());
    }
    let limit = number(&p, "limit", MAX_LIMIT, MAX_LIMIT)?;
    let clusters = query(&state, move |s| Ok(s.acts(&filter, limit)?)).await?;
    let features: Vec<Value> = clusters
        .iter()
        .filter_map(|c| {
            let (lon, lat) = (c.lon?, c.lat?);
            Some(json!({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "cluster": c.cluster, "type": c.kind, "modality": c.modality, "date": c.date,
                    "place": c.place, "place_name": c.place_name, "precision": c.place_precision,
                    "actors": c.actors, "recipients": c.recipients, "reports": c.reports,
                }
            }))
        })
        .collect();
    let body = json!({"type": "FeatureCollection", "features": features});
    Ok((
        [(header::CONTENT_TYPE, "application/geo+json")],
        body.to_string(),
    )
        .into_response())
}

async fn timeline(State(state): State<Arc<AppState>>, Query(p): Params) -> Api {
    let mut allowed = EVENT_FILTERS.to_vec();
    allowed.extend(["by", "series"]);
    only(&p, &allowed)?;
    let by_actor = match p.get("series").map(String::as_str) {
        None | Some("type") => false,
        Some("actor") => true,
        Some(other) => {
            return Err(ApiError::bad(
                "series",
                format!("series is type or actor, not {other:?}"),
            ))
        }
    };
    let weekly = match p.get("by").map(String::as_str) {
        None | Some("day") => false,
        Some("week") => true,
        Some(other) => {
            return Err(ApiError::bad(
                "by",
                format!("by must be day or week, not {other:?}"),
            ))
        }
    };
    let filter = event_filter(&p)?;
    let by = if weekly { "week" } else { "day" };
    if by_actor {
        let points = query(&state, move |s| Ok(s.actor_timeline(&filter, weekly)?)).await?;
        return json(json!({"by": by, "series": "actor", "points": points}));
    }
    let st = state.clone();
    let points = query(&state, move |s| {
        Ok(if crate::acts::ActIndex::answers(&filter) {
            st.acts(s)?.timeline_remembered(&filter, weekly)
        } else {
            Arc::new(s.timeline(&filter, weekly)?)
        })
    })
    .await?;
    json(json!({"by": by, "series": "type", "points": points.as_slice()}))
}

async fn quotes(State(state): State<Arc<AppState>>, Query(p): Params) -> Api {
    only(&p, &["speaker", "search", "document", "limit", "offset"])?;
    let limit = number(&p, "limit", 50, MAX_LIMIT)?;
    let offset = offset(&p)?;
    let (speaker, search, document) = (
        p.get("speaker").cloned(),
        p.get("search").cloned(),
        p.get("document").cloned(),
    );
    let list = query(&state, move |s| {
        Ok(s.quotes(
            speaker.as_deref(),
            search.as_deref(),
            document.as_deref(),
            limit,
            offset,
        )?)
    })
    .await?;
    json(json!({"quotes": list, "limit": limit, "offset": offset}))
}

/// Runs `f` in one batch of a writer connection on a blocking thread and commits: how
/// every analyst's record reaches the store (503 while an ingest holds it).
async fn write<T: Send + 'static>(
    state: &Arc<AppState>,
    f: impl FnOnce(&mut truce_store::Batch<'_>) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let db = state.db.clone();
    tokio::task::spawn_blocking(move || -> Result<T, ApiError> {
        let mut store = Store::open(&db, Mode::Write)?;
        let mut batch = store.batch()?;
        let out = f(&mut batch)?;
        batch.commit()?;
        Ok(out)
    })
    .await
    .map_err(ApiError::internal)?
}

/// A field (`correction`, `edit`) that comes with one choice (`needed`) and only with it.
fn paired(present: bool, needed: bool, field: &str, choice: &str) -> Result<(), ApiError> {
    match (present, needed) {
        (true, false) => Err(ApiError::bad(
            field,
            format!("{field} goes only with {choice}"),
        )),
        (false, true) => Err(ApiError::bad(field, format!("{choice} needs the {field}"))),
        _ => Ok(()),
    }
}

/// A POST body: a JSON object of known fields.
struct Body(Value);

impl Body {
    /// Parses `bytes`, refusing anything but an object of the `fields` named.
    fn parse(bytes: &[u8], fields: &[&str]) -> Result<Body, ApiError> {
        let v: Value = serde_json::from_slice(bytes)
            .map_err(|e| ApiError::bad("body", format!("the body must be a JSON object: {e}")))?;
        let Some(o) = v.as_object() else {
            return Err(ApiError::bad("body", "the body must be a JSON object"));
        };
        if let Some(k) = o.keys().find(|k| !fields.contains(&k.as_str())) {
            return Err(ApiError::bad(
                k,
                format!("unknown field {k:?}; send {}", fields.join(", ")),
            ));
        }
        Ok(Body(v))
    }

    /// A field's text, trimmed; `None` when absent, not text, or blank.
    fn text(&self, name: &str) -> Option<String> {
        self.0
            .get(name)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    }

    /// A text field that must be there, or a 400 naming it and saying `why`.
    fn required(&self, name: &str, why: &str) -> Result<String, ApiError> {
        self.text(name)
            .ok_or_else(|| ApiError::bad(name, format!("{name} is required: {why}")))
    }

    /// A field that is present and not null.
    fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name).filter(|v| !v.is_null())
    }
}

/// An analyst's verdict on an event: `{"status": "confirmed" | "corrected" | "rejected",
/// "analyst": "...", "note": "...", "correction": {"type", "actors", "place", "date"}}`.
async fn verify_event(
    State(state): State<Arc<AppState>>,
    Path(cluster): Path<String>,
    Query(p): Params,
    body: Bytes,
) -> Api {
    only(&p, &[])?;
    let cluster = cluster_number(&cluster)?;
    let b = Body::parse(&body, &["status", "analyst", "note", "correction"])?;
    let status = b
        .text("status")
        .ok_or_else(|| ApiError::bad("status", "status is required"))?;
    if !truce_store::STATUSES.contains(&status.as_str()) {
        return Err(ApiError::bad(
            "status",
            format!(
                "{status:?} is not a verdict; use one of {}",
                truce_store::STATUSES.join(", ")
            ),
        ));
    }
    let analyst = b.required("analyst", "who decides")?;
    let note = b.text("note");
    let correction = b.get("correction").cloned();
    paired(
        correction.is_some(),
        status == "corrected",
        "correction",
        "the status corrected",
    )?;
    if let Some(c) = &correction {
        check_correction(c)?;
    }
    let record = write(&state, move |batch| {
        batch
            .verify_event(
                cluster,
                &status,
                correction.as_ref(),
                &analyst,
                note.as_deref(),
            )
            .map_err(not_found)
    })
    .await?;
    json(json!({"cluster": cluster, "verification": record}))
}

/// An analyst takes one report's event out of act `cluster` (it is an act of its own):
/// `{"document": ID, "event": "e1", "analyst": ..., "note": ...}`; answers the new act.
async fn split_event(
    State(state): State<Arc<AppState>>,
    Path(cluster): Path<String>,
    Query(p): Params,
    body: Bytes,
) -> Api {
    relink(state, cluster, p, body, false).await
}

/// An analyst puts one report's event into act `cluster` (the same body as a split).
async fn join_event(
    State(state): State<Arc<AppState>>,
    Path(cluster): Path<String>,
    Query(p): Params,
    body: Bytes,
) -> Api {
    relink(state, cluster, p, body, true).await
}

/// A split out of, or a join into, act `cluster`, recorded with who and why (the
/// decision is kept and wins over the linker; a later one can undo it).
async fn relink(
    state: Arc<AppState>,
    cluster: String,
    p: HashMap<String, String>,
    body: Bytes,
    join: bool,
) -> Api {
    only(&p, &[])?;
    let cluster = cluster_number(&cluster)?;
    let b = Body::parse(&body, &["document", "event", "analyst", "note"])?;
    let document = b.required("document", "the report whose event moves")?;
    let event = b.required("event", "the report's event, as e1, e2, ...")?;
    let analyst = b.required("analyst", "who decides")?;
    let note = b.text("note");
    let moved = write(&state, move |batch| {
        let now = batch.cluster_of(&document, &event).map_err(not_found)?;
        let decision = if join {
            if now == Some(cluster) {
                return Err(ApiError::bad(
                    "event",
                    format!("{event} of {document} is in event #{cluster} already"),
                ));
            }
            truce_store::Decision::Join(cluster)
        } else {
            if now != Some(cluster) {
                return Err(ApiError::bad(
                    "event",
                    format!("{event} of {document} is not in event #{cluster}"),
                ));
            }
            truce_store::Decision::Split
        };
        batch
            .decide(&document, &event, decision, &analyst, note.as_deref())
            .map_err(not_found)
    })
    .await?;
    json(json!({"from": if join { None } else { Some(cluster) }, "cluster": moved}))
}

/// A store error about an id that names nothing, as a 404.
fn not_found(e: truce_store::StoreError) -> ApiError {
    match e {
        truce_store::StoreError::NoSuchEvent { .. }
        | truce_store::StoreError::NoSuchCluster { .. } => ApiError::not_found(e.to_string()),
        other => other.into(),
    }
}

fn check_correction(c: &Value) -> Result<(), ApiError> {
    let Some(o) = c.as_object() else {
        return Err(ApiError::bad("correction", "correction must be an object"));
    };
    for (k, v) in o {
        match k.as_str() {
            "type" => {
                let t = v.as_str().unwrap_or("").to_uppercase();
                if !truce_knowledge::PLOVER_TYPES.contains(&t.as_str()) {
                    return Err(ApiError::bad(
                        "correction.type",
                        format!("{v} is not a PLOVER type"),
                    ));
                }
            }
            "actors" | "recipients" => {
                if !v.as_array().is_some_and(|a| a.iter().all(Value::is_string)) {
                    return Err(ApiError::bad(
                        &format!("correction.{k}"),
                        "a list of actor ids",
                    ));
                }
            }
            "place" => {
                if !v.is_string() {
                    return Err(ApiError::bad("correction.place", "a place id"));
                }
            }
            "date" => {
                let ok = v
                    .as_str()
                    .is_some_and(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok());
                if !ok {
                    return Err(ApiError::bad(
                        "correction.date",
                        "a date written YYYY-MM-DD",
                    ));
                }
            }
            other => {
                return Err(ApiError::bad(
                    &format!("correction.{other}"),
                    "corrections take type, actors, recipients, place, date",
                ))
            }
        }
    }
    Ok(())
}

/// Agreements reports describe, as proposed, with the latest decision applied.
async fn agreements(State(state): State<Arc<AppState>>, Query(p): Params) -> Api {
    only(&p, &["status"])?;
    let status = p.get("status").cloned();
    if let Some(s) = &status {
        if !truce_store::AGREEMENT_STATUSES.contains(&s.as_str()) {
            return Err(ApiError::bad(
                "status",
                format!("{s:?} is not a status; use proposed, accepted, edited or rejected"),
            ));
        }
    }
    let list = query(&state, move |s| Ok(s.agreements(status.as_deref())?)).await?;
    json(json!({"agreements": list}))
}

/// An analyst's decision on a proposed agreement: `{"decision": "accepted" | "edited" |
/// "rejected", "analyst", "note", "edit": {fields to change}}`.
async fn decide_agreement(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(p): Params,
    body: Bytes,
) -> Api {
    only(&p, &[])?;
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::bad("id", format!("{id:?} is not an agreement number")))?;
    let b = Body::parse(&body, &["decision", "analyst", "note", "edit"])?;
    let decision = b.text("decision").ok_or_else(|| {
        ApiError::bad(
            "decision",
            "decision is required: accepted, edited or rejected",
        )
    })?;
    if !truce_store::AGREEMENT_DECISIONS
        .iter()
        .any(|(d, _)| *d == decision)
    {
        return Err(ApiError::bad(
            "decision",
            format!("{decision:?} is not a decision; use accepted, edited or rejected"),
        ));
    }
    let analyst = b.required("analyst", "who decides")?;
    let edit = b.get("edit").cloned();
    paired(
        edit.is_some(),
        decision == "edited",
        "edit",
        "the decision edited",
    )?;
    if let Some(e) = &edit {
        truce_store::check_agreement_edit(e)
            .map_err(|(field, why)| ApiError::bad(&field.replace("correction", "edit"), why))?;
    }
    let note = b.text("note");
    let record = write(&state, move |batch| {
        batch
            .decide_agreement(id, &decision, edit.as_ref(), &analyst, note.as_deref())
            .map_err(|e| match e {
                truce_store::StoreError::NoSuchAgreement { .. } => {
                    ApiError::not_found(e.to_string())
                }
                other => other.into(),
            })
    })
    .await?;
    json(json!({"id": id, "decision": record}))
}

/// The regimes shipped with truce, loaded once.
fn loaded_regimes() -> Result<&'static [truce_regime::Loaded], ApiError> {
    static REGIMES: std::sync::OnceLock<Result<Vec<truce_regime::Loaded>, String>> =
        std::sync::OnceLock::new();
    REGIMES
        .get_or_init(|| truce_regime::bundled().map_err(|e| e.to_string()))
        .as_deref()
        .map_err(ApiError::internal)
}

fn find_regime(id: &str) -> Result<&'static truce_regime::Loaded, ApiError> {
    let all = loaded_regimes()?;
    all.iter().find(|l| l.regime.id == id).ok_or_else(|| {
        let ids: Vec<&str> = all.iter().map(|l| l.regime.id.as_str()).collect();
        ApiError::not_found(format!(
            "no regime {id:?}; the regimes are {}",
            ids.join(", ")
        ))
    })
}

/// A zone as a GeoJSON feature, for drawing it on a map.
fn zone_feature(z: &truce_regime::Zone) -> Value {
    let ring = |r: &Vec<(f64, f64)>| -> Vec<[f64; 2]> { r.iter().map(|&(x, y)| [x, y]).collect() };
    let polygons: Vec<Vec<Vec<[f64; 2]>>> = z
        .polygons
        .iter()
        .map(|p| {
            std::iter::once(ring(&p.outer))
                .chain(p.holes.iter().map(ring))
                .collect()
        })
        .collect();
    json!({
        "type": "Feature",
        "properties": {"id": z.id, "name": z.name, "country": z.country, "accuracy_km": z.accuracy_km, "note": z.note},
        "geometry": {"type": "MultiPolygon", "coordinates": polygons},
    })
}

async fn regimes(Query(p): Params) -> Api {
    only(&p, &[])?;
    let list: Vec<Value> = loaded_regimes()?
        .iter()
        .map(|l| {
            let zones: Vec<Value> = l
                .zones
                .zones
                .iter()
                .map(|z| json!({"id": z.id, "name": z.name, "accuracy_km": z.accuracy_km}))
                .collect();
            json!({"id": l.regime.id, "name": l.regime.name, "zones": zones, "phases": l.regime.phases})
        })
        .collect();
    json(list)
}

/// A regime with its zones as GeoJSON and each provision's status on `on` (default
/// today): level, history and what its deadline means.
async fn regime(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(p): Params,
) -> Api {
    only(&p, &["on"])?;
    let l = find_regime(&id)?;
    let on = match date(&p, "on")? {
        Some(d) => chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(ApiError::internal)?,
        None => chrono::Utc::now().date_naive(),
    };
    let regime_id = id.clone();
    let changes = query(&state, move |s| Ok(s.provision_statuses(&regime_id)?)).await?;
    let mut body = serde_json::to_value(&l.regime).map_err(ApiError::internal)?;
    body["zones_geojson"] = json!({
        "type": "FeatureCollection",
        "features": l.zones.zones.iter().map(zone_feature).collect::<Vec<_>>(),
    });
    body["as_of"] = json!(on);
    body["provision_records"] =
        serde_json::to_value(truce_regime::status::record(&l.regime, &changes, on))
            .map_err(ApiError::internal)?;
    json(body)
}

/// Records a provision's implementation status: `{"agreement", "provision", "level"
/// (0-3), "date" (YYYY-MM-DD), "evidence": [{"kind": "event"|"document"|"quote", "id"}],
/// "analyst", "note"}`.
async fn record_status(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(p): Params,
    body: Bytes,
) -> Api {
    only(&p, &[])?;
    let l = find_regime(&id)?;
    let b = Body::parse(
        &body,
        &[
            "agreement",
            "provision",
            "level",
            "date",
            "evidence",
            "analyst",
            "note",
        ],
    )?;
    let agreement = b.required("agreement", "the agreement's id")?;
    let provision = b.required("provision", "the provision's id in its agreement")?;
    let analyst = b.required("analyst", "who records it")?;
    let level = b
        .get("level")
        .and_then(Value::as_u64)
        .filter(|l| *l <= 3)
        .ok_or_else(|| {
            ApiError::bad(
                "level",
                "level is required: 0 not begun, 1 minimal, 2 intermediate, 3 full",
            )
        })? as u8;
    let day = match b.text("date").as_deref() {
        None => chrono::Utc::now().date_naive(),
        Some(d) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
            ApiError::bad(
                "date",
                format!("date must be written YYYY-MM-DD, not {d:?}"),
            )
        })?,
    };
    let evidence: Vec<truce_model::StatusEvidence> = match b.get("evidence") {
        None => Vec::new(),
        Some(e) => serde_json::from_value(e.clone()).map_err(|e| {
            ApiError::bad(
                "evidence",
                format!("evidence is a list of {{\"kind\", \"id\"}} objects: {e}"),
            )
        })?,
    };
    let change = truce_model::ProvisionStatus {
        regime: id.clone(),
        agreement,
        provision,
        level,
        date: day,
        evidence,
        analyst,
        note: b.text("note"),
        recorded_at: String::new(),
    };
    l.regime.check_status(&change).map_err(|e| {
        let field = match e {
            truce_regime::status::StatusError::NoAgreement { .. } => "agreement",
            truce_regime::status::StatusError::NoProvision { .. } => "provision",
            truce_regime::status::StatusError::Level(_) => "level",
            truce_regime::status::StatusError::BeforeAgreement { .. } => "date",
            _ => "evidence",
        };
        ApiError::bad(field, e.to_string())
    })?;
    let stored = write(&state, move |batch| {
        batch.record_provision_status(&change).map_err(|e| match e {
            e @ (truce_store::StoreError::NoSuchEvidence { .. }
            | truce_store::StoreError::Ambiguous { .. }) => {
                ApiError::bad("evidence", e.to_string())
            }
            other => other.into(),
        })
    })
    .await?;
    json(json!({"status": stored}))
}

/// Stored acts and quotations that may show the regime's provisions carried out.
async fn regime_evidence(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(p): Params,
) -> Api {
    only(&p, &["agreement", "provision", "limit"])?;
    let l = find_regime(&id)?;
    let limit = number(&p, "limit", 5, 50)?;
    let agreement = p.get("agreement").cloned();
    let provision = p.get("provision").cloned();
    match (&agreement, &provision) {
        (Some(a), Some(pr)) => {
            l.regime.provision(a, pr).map_err(|e| {
                let field = match e {
                    truce_regime::status::StatusError::NoAgreement { .. } => "agreement",
                    _ => "provision",
                };
                ApiError::bad(field, e.to_string())
            })?;
        }
        (None, Some(_)) => {
            return Err(ApiError::bad(
                "provision",
                "a provision goes with its agreement",
            ));
        }
        (Some(a), None) if !l.regime.agreements.iter().any(|x| &x.id == a) => {
            return Err(ApiError::bad(
                "agreement",
                format!("regime {id} has no agreement {a:?}"),
            ));
        }
        _ => {}
    }
    let words = evidence_patterns()?;
    let found = query(&state, move |store| {
        let candidates = crate::evidence_candidates(store, l)?;
        let mut found = truce_regime::status::suggest(
            &l.regime,
            &crate::evidence_words(words),
            &candidates,
            agreement.as_deref().zip(provision.as_deref()),
            limit,
        );
        if let Some(a) = &agreement {
            found.retain(|s| &s.agreement == a);
        }
        Ok(found)
    })
    .await?;
    json(json!({"suggestions": found}))
}

/// The bundled agreement patterns (topics and common words), loaded once.
fn evidence_patterns() -> Result<&'static truce_knowledge::AgreementPatterns, ApiError> {
    static PATTERNS: std::sync::OnceLock<Result<truce_knowledge::AgreementPatterns, String>> =
        std::sync::OnceLock::new();
    PATTERNS
        .get_or_init(|| truce_knowledge::bundled_agreement_patterns().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| ApiError::internal(e.clone()))
}

async fn violations(State(state): State<Arc<AppState>>, Query(p): Params) -> Api {
    only(&p, &["regime", "zone", "from", "to"])?;
    let id = p.get("regime").map_or("idlib", String::as_str);
    let l = find_regime(id).map_err(|e| {
        // an unknown regime named in a parameter is a bad request, not a missing path
        ApiError::bad("regime", e.to_string())
    })?;
    let zone = p.get("zone").cloned();
    if let Some(z) = &zone {
        if !l.regime.zones.contains(z) {
            return Err(ApiError::bad(
                "zone",
                format!(
                    "regime {} has no zone {z:?}; it has {}",
                    l.regime.id,
                    l.regime.zones.join(", ")
                ),
            ));
        }
    }
    let mut filter = event_filter(
        &p.iter()
            .filter(|(k, _)| *k == "from" || *k == "to")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    )?;
    filter.modality = Some("asserted".into());
    let report = query(&state, move |store| {
        crate::violations(store, l, &filter, zone).map_err(ApiError::internal)
    })
    .await?;
    json(report)
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

async fn unknown() -> ApiError {
    ApiError {
        status: StatusCode::NOT_FOUND,
        message: "no such endpoint; /api/openapi.json lists them".into(),
        parameter: None,
    }
}
