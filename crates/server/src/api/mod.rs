//! `/api/...`: JSON over the store. Every handler checks its parameters against the
//! list it accepts, so a typo is an error that names the parameter, never ignored.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use truce_store::{EventFilter, Mode, Store};

use crate::{ApiError, AppState};

mod account;
mod admin;
mod agreements;
mod documents;
mod entities;
mod events;
mod export;
mod quotes;
mod regimes;
mod vocabulary;

type Params = Query<HashMap<String, String>>;

type Api = Result<Response, ApiError>;

const OPENAPI: &str = include_str!("../openapi.json");

const MAX_LIMIT: usize = 1000;

pub fn routes() -> Router<Arc<AppState>> {
    // the analysts' records: JSON bodies that must say they are JSON
    let records = Router::new()
        .route("/acts/{cluster}/verification", post(events::verify_event))
        .route("/acts/{cluster}/split", post(events::split_event))
        .route("/acts/{cluster}/join", post(events::join_event))
        .route("/events/{cluster}/verification", post(events::verify_event))
        .route("/events/{cluster}/split", post(events::split_event))
        .route("/events/{cluster}/join", post(events::join_event))
        .route(
            "/agreements/{id}/decision",
            post(agreements::decide_agreement),
        )
        .route("/regimes/{id}/status", post(regimes::record_status))
        .route(
            "/session",
            get(account::session)
                .post(account::sign_in)
                .delete(account::sign_out),
        )
        .route("/session/password", post(account::change_password))
        .route("/tokens", get(account::tokens).post(account::add_token))
        .route("/users", get(admin::users).post(admin::add_user))
        .route("/users/{name}/{change}", post(admin::change_user))
        .route(
            "/settings",
            get(admin::settings).post(admin::change_settings),
        )
        .route_layer(axum::middleware::from_fn(crate::guard::require_json));
    Router::new()
        .route("/health", get(health))
        .route(
            "/documents",
            get(documents::documents).post(documents::upload),
        )
        .route("/documents/{id}", get(documents::document))
        .route("/documents/{id}/matches", get(documents::matches))
        .route("/actors", get(entities::actors))
        .route("/actors/{id}", get(entities::actor))
        .route("/places", get(entities::places))
        .route("/places/{id}", get(entities::place))
        .route("/acts", get(events::acts))
        .route("/acts.geojson", get(events::events_geojson))
        .route("/acts/{cluster}", get(events::act))
        // the acts' older paths, kept for one release
        .route("/events", get(events::events))
        .route("/events.geojson", get(events::events_geojson))
        .route("/events/{cluster}", get(events::event))
        .route("/export", get(export::export))
        .route("/timeline", get(events::timeline))
        .route("/quotes", get(quotes::quotes))
        .route("/agreements", get(agreements::agreements))
        .route("/regimes", get(regimes::regimes))
        .route("/regimes/{id}", get(regimes::regime))
        .route("/regimes/{id}/evidence", get(regimes::regime_evidence))
        .route("/violations", get(regimes::violations))
        .route("/vocabulary", get(vocabulary::vocabulary))
        .route("/openapi.json", get(openapi))
        .route("/tokens/{id}", delete(account::revoke_token))
        .route("/audit", get(admin::audit))
        .route("/audit/verify", get(admin::verify_audit))
        .merge(records)
        .fallback(unknown)
}

/// Runs a store query on a blocking thread with a pooled connection, for at most the
/// server's query time; if the request is dropped (its client left) the query stops too.
async fn query<T: Send + 'static>(
    state: &Arc<AppState>,
    f: impl FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let state = state.clone();
    let stop = crate::limits::Stop::new();
    let asker = stop.asker(state.limits.query_time);
    let answer = tokio::task::spawn_blocking(move || state.with(|s| s.interruptible(asker, f)))
        .await
        .map_err(ApiError::internal)?;
    drop(stop);
    answer
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

fn json(value: impl serde::Serialize) -> Api {
    Ok(Json(value).into_response())
}

/// An answer that carries a secret shown once (a one-time password, a token, a session's
/// CSRF token): no cache along the way may keep it.
fn not_stored(status: StatusCode, body: Value) -> Response {
    let mut answer = (status, Json(body)).into_response();
    answer.headers_mut().insert(
        header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    answer
}

/// Whether the server answers, and (to those who may read the record) the store's counts:
/// a probe needs no account, a stranger learns nothing of the store.
async fn health(
    State(state): State<Arc<AppState>>,
    access: crate::auth::Access,
    Query(p): Params,
) -> Api {
    only(&p, &[])?;
    if !access.may(truce_model::Action::ReadRecord) {
        return json(json!({"status": "ok"}));
    }
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

/// Where a request comes from, as the audit trail records it: "api from" the client's
/// address (requests that did not come through [`crate::serve`], in tests of the router,
/// are "api").
#[derive(Clone)]
pub(crate) struct Peer(pub String);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map_or_else(|| "api".to_string(), |c| format!("api from {}", c.0.ip()));
        Ok(Peer(peer))
    }
}

/// Runs `f` in one batch of a writer connection on a blocking thread and commits, in its
/// turn at the writer: how every analyst's record reaches the store (503 while another
/// process, a `truce ingest`, holds it).
async fn write<T: Send + 'static>(
    state: &Arc<AppState>,
    peer: Peer,
    f: impl FnOnce(&mut truce_store::Batch<'_>) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let db = state.db.clone();
    let turn = state.writer_turn().await?;
    tokio::task::spawn_blocking(move || -> Result<T, ApiError> {
        let _turn = turn;
        let mut store = Store::open(&db, Mode::Write)?;
        let mut batch = store.batch()?;
        batch.set_origin(peer.0);
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

    /// A secret field (a password) that must be there and not empty, taken exactly as
    /// sent: unlike [`Body::text`], not trimmed.
    fn secret(&self, name: &str, why: &str) -> Result<String, ApiError> {
        self.0
            .get(name)
            .and_then(Value::as_str)
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .ok_or_else(|| ApiError::bad(name, format!("{name} is required: {why}")))
    }

    /// A field that is present and not null.
    fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name).filter(|v| !v.is_null())
    }
}

/// A store error about an id that names nothing, as a 404 (any other as itself).
fn not_found(e: truce_store::StoreError) -> ApiError {
    match e {
        truce_store::StoreError::NoSuchEvent { .. }
        | truce_store::StoreError::NoSuchAct { .. }
        | truce_store::StoreError::NoSuchToken { .. } => ApiError::not_found(e.to_string()),
        other => other.into(),
    }
}

/// A store error that refuses what a request gave (a user's name, a token's label), as a
/// 400 naming `field` (any other as itself).
fn refused_as(field: &str) -> impl Fn(truce_store::StoreError) -> ApiError + '_ {
    move |e| match e {
        truce_store::StoreError::BadUser { .. } | truce_store::StoreError::BadTokenLabel { .. } => {
            ApiError::bad(field, e.to_string())
        }
        other => other.into(),
    }
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

async fn unknown() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "no such endpoint; /api/openapi.json lists them",
    )
}
