//! `/api/events`, `/api/events.geojson` and `/api/timeline`: acts with their filters,
//! and analysts' verdicts, splits and joins on them.

use super::regimes::loaded_regimes;
use super::*;
use axum::http::StatusCode;
use truce_model::{EventType, Modality, Verdict};
use truce_store::{Correction, StoreError, VerdictRequest};

pub(super) const EVENT_FILTERS: &[&str] = &[
    "rejected",
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

/// What `modality` may be besides a [`Modality`]: every modality at once.
pub(super) const ANY_MODALITY: &str = "any";

pub(super) fn event_filter(params: &HashMap<String, String>) -> Result<EventFilter, ApiError> {
    let kind = params
        .get("type")
        .map(|t| EventType::parse_loose(t).map_err(|e| ApiError::bad("type", e.to_string())))
        .transpose()?;
    let modality = match params.get("modality").map(String::as_str) {
        None => Some(Modality::Asserted),
        Some(ANY_MODALITY) => None,
        Some(m) => Some(
            m.parse::<Modality>()
                .map_err(|e| ApiError::bad("modality", format!("{e} or {ANY_MODALITY}")))?,
        ),
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
    let with_rejected = match params.get("rejected").map(String::as_str) {
        None | Some("exclude") => false,
        Some("include") => true,
        Some(other) => {
            return Err(ApiError::bad(
                "rejected",
                format!("{other:?}: rejected acts are left out (exclude, the default) or shown too (include)"),
            ))
        }
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
        with_rejected,
        area,
        within,
    })
}

/// A box written `min lon,min lat,max lon,max lat` (what a map in view spans).
pub(super) fn bbox(text: &str) -> Result<[f64; 4], ApiError> {
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
pub(super) fn inside_zone(
    id: &str,
) -> Result<(Option<truce_store::Area>, Option<truce_store::Within>), ApiError> {
    let regimes = loaded_regimes()?;
    match truce_monitor::zone_filter(regimes, id) {
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

/// `/api/acts`: one page of the acts the filters select, newest first.
pub(super) async fn acts(state: State<Arc<AppState>>, params: Params) -> Api {
    act_list("acts", state, params).await
}

/// `/api/events`: [`acts`] under its older name, kept for one release.
pub(super) async fn events(state: State<Arc<AppState>>, params: Params) -> Api {
    act_list("events", state, params).await
}

async fn act_list(key: &str, State(state): State<Arc<AppState>>, Query(p): Params) -> Api {
    let mut allowed = EVENT_FILTERS.to_vec();
    allowed.extend(["limit", "offset"]);
    only(&p, &allowed)?;
    let filter = event_filter(&p)?;
    let limit = number(&p, "limit", 100, MAX_LIMIT)?;
    let offset = offset(&p)?;
    // what the list is out of, and how many more acts the other modalities hold when one
    // is chosen (asserted, unless asked), so a page can say "47 of 64 acts, asserted only"
    let one_modality = filter.modality.is_some();
    let st = state.clone();
    let (acts, total, other_modalities) = query(&state, move |s| {
        let acts = s.acts_page(&filter, limit, offset)?;
        // counted by the in-memory index where it can answer (by type, modality and
        // dates); otherwise known only when this page is the last (a count by actor or
        // place would read every act, past the query's time on a large store)
        if !truce_monitor::acts::ActIndex::answers(&filter) {
            let total = (acts.len() < limit).then_some(offset + acts.len());
            return Ok((acts, total, None));
        }
        let index = st.acts(s)?;
        let total = index.count(&filter);
        let other = if one_modality {
            index.count(&EventFilter {
                modality: None,
                ..filter
            }) - total
        } else {
            0
        };
        Ok((acts, Some(total), Some(other)))
    })
    .await?;
    json(
        json!({key: acts, "limit": limit, "offset": offset, "total": total,
                "other_modalities": other_modalities}),
    )
}

/// `/api/acts/{act}`: one act with its reports' events and its latest verdict.
pub(super) async fn act(
    state: State<Arc<AppState>>,
    access: crate::auth::Access,
    number: Path<String>,
    params: Params,
) -> Api {
    one_act("act", state, access, number, params).await
}

/// `/api/events/{cluster}`: [`act`] under its older name, kept for one release.
pub(super) async fn event(
    state: State<Arc<AppState>>,
    access: crate::auth::Access,
    number: Path<String>,
    params: Params,
) -> Api {
    one_act("event", state, access, number, params).await
}

async fn one_act(
    key: &str,
    State(state): State<Arc<AppState>>,
    access: crate::auth::Access,
    Path(number): Path<String>,
    Query(p): Params,
) -> Api {
    only(&p, &[])?;
    let number = cluster_number(&number)?;
    let verified_only = access.verified_only();
    let found = query(&state, move |s| {
        let Some(act) = s.act(number)? else {
            return Ok(None);
        };
        // a reader who sees verified acts only finds no other
        let verified = act
            .verification
            .as_ref()
            .is_some_and(|v| v.status.verifies());
        if verified_only && !verified {
            return Ok(None);
        }
        // its reports by title and publisher, for the page to name them
        let mut ids: Vec<String> = act.events.iter().map(|e| e.document.clone()).collect();
        ids.sort_unstable();
        ids.dedup();
        let reports = s.document_summaries(&ids)?;
        Ok(Some((act, reports)))
    })
    .await?;
    match found {
        Some((act, reports)) => {
            // why it is or is not an alleged violation, in each zone it lies in or near
            let zones = truce_monitor::findings(loaded_regimes()?, &act);
            json(json!({ key: act, "zones": zones, "reports": reports }))
        }
        None => Err(ApiError::not_found(format!(
            "no act #{number}; /api/acts lists them"
        ))),
    }
}

/// An act's number as a path gives it.
pub(super) fn cluster_number(text: &str) -> Result<i64, ApiError> {
    text.parse()
        .map_err(|_| ApiError::bad("cluster", format!("{text:?} is not an act's number")))
}

/// Events with a place as GeoJSON points, one feature per real-world event.
pub(super) async fn events_geojson(State(state): State<Arc<AppState>>, Query(p): Params) -> Api {
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
            Ok(if truce_monitor::acts::ActIndex::answers(&filter) {
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
    let clusters = query(&state, move |s| Ok(s.acts_for_map(&filter, limit)?)).await?;
    let features: Vec<Value> = clusters
        .iter()
        .filter_map(|c| {
            let (lon, lat) = (c.lon?, c.lat?);
            Some(json!({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "act": c.act, "cluster": c.cluster, "type": c.kind, "modality": c.modality, "date": c.date,
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

pub(super) async fn timeline(State(state): State<Arc<AppState>>, Query(p): Params) -> Api {
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
        Ok(if truce_monitor::acts::ActIndex::answers(&filter) {
            st.acts(s)?.timeline_remembered(&filter, weekly)
        } else {
            Arc::new(s.timeline(&filter, weekly)?)
        })
    })
    .await?;
    json(json!({"by": by, "series": "type", "points": points.as_slice()}))
}

/// An analyst's verdict on an act: `{"status": "confirmed" | "corrected" | "rejected",
/// "analyst": "...", "note": "...", "version": N, "correction": {"type", "modality",
/// "actors", "recipients", "place", "date"}}`. `version` is the act's version the analyst
/// decided on (as `/api/acts/{n}` gives it, 0 for an act never judged); a verdict on an
/// older version is refused with 409 and the act as it now stands.
pub(super) async fn verify_event(
    State(state): State<Arc<AppState>>,
    peer: Peer,
    access: crate::auth::Access,
    Path(cluster): Path<String>,
    Query(p): Params,
    body: Bytes,
) -> Api {
    only(&p, &[])?;
    let cluster = cluster_number(&cluster)?;
    let b = Body::parse(
        &body,
        &["status", "analyst", "note", "correction", "version"],
    )?;
    let status = b
        .text("status")
        .ok_or_else(|| ApiError::bad("status", "status is required"))?;
    let verdict: Verdict = status.parse().map_err(|_| {
        ApiError::bad(
            "status",
            format!(
                "{status:?} is not a verdict; use one of {}",
                truce_store::STATUSES.join(", ")
            ),
        )
    })?;
    let analyst = access.recorder(b.text("analyst"), "analyst")?;
    let note = b.text("note");
    let version = b.get("version").and_then(Value::as_i64).ok_or_else(|| {
        ApiError::bad(
            "version",
            "version is the act's version you decided on, as /api/acts/{n} gives it (0 for an act never judged)",
        )
    })?;
    paired(
        b.get("correction").is_some(),
        verdict == Verdict::Corrected,
        "correction",
        "the status corrected",
    )?;
    let mut correction = b
        .get("correction")
        .map(Correction::from_json)
        .transpose()
        .map_err(|e| ApiError::bad(&format!("correction.{}", e.field), e.to_string()))?;
    if let Some(c) = correction.as_mut() {
        if let Some(kind) = c.kind {
            // the CAMEO root the corrected type is exported with is knowledge
            c.cameo_root = state.knowledge()?.events.cameo_roots.get(&kind).cloned();
        }
    }
    let decided = write(&state, peer, move |batch| {
        let request = VerdictRequest {
            verdict,
            correction: correction.as_ref(),
            analyst: &analyst,
            note: note.as_deref(),
            version: Some(version),
        };
        match batch.verify_event(cluster, &request) {
            Ok(record) => Ok(Ok(record)),
            Err(StoreError::StaleAct { current, .. }) => Ok(Err(current)),
            Err(StoreError::BadCorrection(e)) => Err(ApiError::bad(
                &format!("correction.{}", e.field),
                e.to_string(),
            )),
            Err(e) => Err(not_found(e)),
        }
    })
    .await?;
    match decided {
        Ok(record) => json(json!({"cluster": cluster, "verification": record})),
        Err(current) => {
            let act = query(&state, move |s| Ok(s.act(cluster)?)).await?;
            let body = json!({
                "error": format!(
                    "act #{cluster} changed since you read it (you decided on version {version}, it is at version {current}); read it again and decide on what it now says"
                ),
                "parameter": "version",
                "current": act,
            });
            Ok((StatusCode::CONFLICT, Json(body)).into_response())
        }
    }
}

/// An analyst takes one report's event out of act `cluster` (it is an act of its own):
/// `{"document": ID, "event": "e1", "analyst": ..., "note": ...}`; answers the new act.
pub(super) async fn split_event(
    State(state): State<Arc<AppState>>,
    peer: Peer,
    access: crate::auth::Access,
    Path(cluster): Path<String>,
    Query(p): Params,
    body: Bytes,
) -> Api {
    relink(state, peer, access, cluster, p, body, false).await
}

/// An analyst puts one report's event into act `cluster` (the same body as a split).
pub(super) async fn join_event(
    State(state): State<Arc<AppState>>,
    peer: Peer,
    access: crate::auth::Access,
    Path(cluster): Path<String>,
    Query(p): Params,
    body: Bytes,
) -> Api {
    relink(state, peer, access, cluster, p, body, true).await
}

/// A split out of, or a join into, act `cluster`, recorded with who and why (the
/// decision is kept and wins over the linker; a later one can undo it).
pub(super) async fn relink(
    state: Arc<AppState>,
    peer: Peer,
    access: crate::auth::Access,
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
    let analyst = access.recorder(b.text("analyst"), "analyst")?;
    let note = b.text("note");
    let moved = write(&state, peer, move |batch| {
        let now = batch.cluster_of(&document, &event).map_err(not_found)?;
        let decision = if join {
            if now == Some(cluster) {
                return Err(ApiError::bad(
                    "event",
                    format!("{event} of {document} is in act #{cluster} already"),
                ));
            }
            truce_store::Decision::Join(cluster)
        } else {
            if now != Some(cluster) {
                return Err(ApiError::bad(
                    "event",
                    format!("{event} of {document} is not in act #{cluster}"),
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
