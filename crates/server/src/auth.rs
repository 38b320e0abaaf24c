//! Who is asking, and whether they may. Every request is first given an [`Access`]: the
//! [`Caller`] (from the session cookie or an API token, anonymous otherwise, or the one
//! [`Caller::Local`] user of a store without accounts) and what readers see. Then the
//! endpoint's [`Action`] (the one table [`ENDPOINTS`]) is checked against the access
//! matrix, `truce_access::allowed`; and a change made with a session's cookie must carry
//! the session's CSRF token in `X-CSRF-Token`, which another page cannot read.
//!
//! A store without users is served to this machine only (the `serve` command refuses
//! other addresses), and its one user may do everything, as with the file itself.

use std::sync::Arc;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use truce_model::{Action, ReadersSee, Role, Verdict};
use truce_store::{Store, StoreError, User};

use crate::{ApiError, AppState};

/// The session's cookie.
pub(crate) const COOKIE: &str = "truce_session";
/// The header a session's changes carry its CSRF token in.
pub(crate) const CSRF_HEADER: &str = "x-csrf-token";
/// The acts filter's status that keeps the verified acts (`truce_store::VERDICT_FILTERS`).
const VERIFIED: &str = "verified";
/// Who acts on a store without accounts, in the audit trail.
const LOCAL_USER: &str = "local user";
/// The setting that says what readers see.
pub(crate) const READERS_SEE: &str = "readers-see";

/// One endpoint of the API and what it does. Every route of `api::routes` is here, and a
/// test checks each against every role.
pub struct Endpoint {
    pub method: &'static str,
    /// Under `/api`, with `{...}` for a path's parameter as the router writes it.
    pub path: &'static str,
    pub action: Action,
}

const fn at(method: &'static str, path: &'static str, action: Action) -> Endpoint {
    Endpoint {
        method,
        path,
        action,
    }
}

/// What every endpoint does: the access matrix's rows.
pub const ENDPOINTS: &[Endpoint] = &[
    at("GET", "/health", Action::Public),
    at("GET", "/openapi.json", Action::Public),
    at("GET", "/vocabulary", Action::Public),
    at("GET", "/session", Action::Public),
    at("POST", "/session", Action::Public),
    at("DELETE", "/session", Action::OwnAccount),
    at("POST", "/session/password", Action::OwnAccount),
    at("GET", "/tokens", Action::OwnAccount),
    at("POST", "/tokens", Action::OwnAccount),
    at("DELETE", "/tokens/{id}", Action::OwnAccount),
    at("GET", "/acts", Action::ReadRecord),
    at("GET", "/acts.geojson", Action::ReadRecord),
    at("GET", "/acts/{cluster}", Action::ReadRecord),
    at("GET", "/events", Action::ReadRecord),
    at("GET", "/events.geojson", Action::ReadRecord),
    at("GET", "/events/{cluster}", Action::ReadRecord),
    at("GET", "/export", Action::ReadRecord),
    at("GET", "/timeline", Action::ReadRecord),
    at("GET", "/regimes", Action::ReadRecord),
    at("GET", "/regimes/{id}", Action::ReadRecord),
    at("GET", "/documents", Action::ReadWorking),
    at("GET", "/documents/{id}", Action::ReadWorking),
    at("GET", "/documents/{id}/matches", Action::ReadWorking),
    at("GET", "/actors", Action::ReadWorking),
    at("GET", "/actors/{id}", Action::ReadWorking),
    at("GET", "/places", Action::ReadWorking),
    at("GET", "/places/{id}", Action::ReadWorking),
    at("GET", "/quotes", Action::ReadWorking),
    at("GET", "/agreements", Action::ReadWorking),
    at("GET", "/regimes/{id}/evidence", Action::ReadWorking),
    at("GET", "/violations", Action::ReadWorking),
    at("POST", "/documents", Action::Upload),
    at("POST", "/acts/{cluster}/verification", Action::Verify),
    at("POST", "/acts/{cluster}/split", Action::Verify),
    at("POST", "/acts/{cluster}/join", Action::Verify),
    at("POST", "/events/{cluster}/verification", Action::Verify),
    at("POST", "/events/{cluster}/split", Action::Verify),
    at("POST", "/events/{cluster}/join", Action::Verify),
    at("POST", "/agreements/{id}/decision", Action::DecideAgreement),
    at("POST", "/regimes/{id}/status", Action::RecordStatus),
    at("GET", "/users", Action::ManageUsers),
    at("POST", "/users", Action::ManageUsers),
    at("POST", "/users/{name}/{change}", Action::ManageUsers),
    at("GET", "/settings", Action::ManageUsers),
    at("POST", "/settings", Action::ManageUsers),
    at("GET", "/audit", Action::ReadAudit),
    at("GET", "/audit/verify", Action::ReadAudit),
];

/// The endpoints that list acts: a reader who sees only verified acts has
/// `status=verified` put in their query.
const ACT_LISTS: &[&str] = &[
    "/acts",
    "/acts.geojson",
    "/events",
    "/events.geojson",
    "/export",
    "/timeline",
];

/// Who is asking.
#[derive(Debug, Clone)]
pub enum Caller {
    /// The store has no accounts: its one user, on this machine.
    Local,
    /// Nobody signed in.
    Anonymous,
    /// A signed-in user, by a session's cookie or by an API token (`session` is `None`).
    User {
        user: User,
        session: Option<SessionKeys>,
    },
}

/// What a request signed in with a session's cookie carries: the hash the store keeps of
/// its secret (to end it) and its CSRF token (which each change must send back).
#[derive(Debug, Clone)]
pub struct SessionKeys {
    pub hash: String,
    pub csrf: String,
}

/// What a request may see and do: its caller and the readers' setting.
#[derive(Debug, Clone)]
pub struct Access {
    pub caller: Caller,
    pub readers_see: ReadersSee,
}

impl Access {
    /// Whether the caller may do `action`.
    pub fn may(&self, action: Action) -> bool {
        match &self.caller {
            Caller::Local => true,
            Caller::Anonymous => action == Action::Public,
            // a one-time password is changed before anything else is done
            Caller::User { user, .. } if user.must_change => {
                matches!(action, Action::Public | Action::OwnAccount)
            }
            Caller::User { user, .. } => truce_access::allowed(user.role, action, self.readers_see),
        }
    }

    /// Whether the caller sees only verified acts (a reader, when the admin so set).
    pub fn verified_only(&self) -> bool {
        matches!(&self.caller, Caller::User { user, .. }
            if user.role == Role::Reader && self.readers_see == ReadersSee::Verified)
    }

    /// The signed-in user, if any.
    pub fn user(&self) -> Option<&User> {
        match &self.caller {
            Caller::User { user, .. } => Some(user),
            _ => None,
        }
    }

    /// The signed-in user, or 409 on a store without accounts (which has no one to sign
    /// in): for what only an account has, its password and its tokens.
    pub fn account(&self) -> Result<&User, ApiError> {
        self.user().ok_or_else(no_accounts)
    }

    /// Who a change is made by in the audit trail: the signed-in user, or the one user of
    /// a store without accounts.
    pub fn actor_name(&self) -> String {
        self.user()
            .map_or_else(|| LOCAL_USER.to_string(), |u| u.name.clone())
    }

    /// Who a record is made by: the signed-in user; without accounts, the name the
    /// request gives (`typed`), which is then required.
    pub fn recorder(&self, typed: Option<String>, field: &str) -> Result<String, ApiError> {
        match (&self.caller, typed) {
            (Caller::User { user, .. }, None) => Ok(user.name.clone()),
            (Caller::User { user, .. }, Some(_)) => Err(ApiError::bad(
                field,
                format!(
                    "signed in as {}, the record is made by {0}: leave out {field}",
                    user.name
                ),
            )),
            (_, Some(name)) if name.chars().count() <= 64 => Ok(name),
            (_, Some(_)) => Err(ApiError::bad(
                field,
                format!("{field} is a name of at most 64 characters"),
            )),
            (_, None) => Err(ApiError::bad(
                field,
                format!("{field} is required: who decides (this server has no accounts to say it)"),
            )),
        }
    }
}

/// The answer (409) to what only a store with accounts has: signing in, passwords, tokens.
pub(crate) fn no_accounts() -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "this server has no accounts, so there is nothing to sign in to; `truce users add NAME --role admin` makes the first",
    )
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Access {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        // every request passes `authorize`, which puts it there; one that did not is nobody
        Ok(parts.extensions.get::<Access>().cloned().unwrap_or(Access {
            caller: Caller::Anonymous,
            readers_see: ReadersSee::All,
        }))
    }
}

/// A cookie's value from the Cookie headers.
pub(crate) fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The API token an `Authorization: Bearer truce_...` header carries.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|t| t.starts_with(truce_access::TOKEN_PREFIX))
}

/// What readers see, as the admin set it (everything, until they say otherwise).
pub(crate) fn readers_see(store: &Store) -> Result<ReadersSee, StoreError> {
    Ok(store
        .setting(READERS_SEE)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(ReadersSee::All))
}

/// Who asks, read from the store: the session a cookie names, else the token's user.
fn identify(
    store: &Store,
    session: Option<&str>,
    token: Option<&str>,
) -> Result<Access, StoreError> {
    let readers_see = readers_see(store)?;
    if !store.has_users()? {
        return Ok(Access {
            caller: Caller::Local,
            readers_see,
        });
    }
    let found = match session {
        Some(secret) => {
            let hash = truce_access::secret_hash(secret);
            store.session_user(&hash)?.map(|user| {
                let csrf = truce_access::csrf_token(secret);
                (user, SessionKeys { hash, csrf })
            })
        }
        None => None,
    };
    let caller = if let Some((user, keys)) = found {
        Caller::User {
            user,
            session: Some(keys),
        }
    } else if let Some(user) = token
        .map(|t| store.token_user(&truce_access::secret_hash(t)))
        .transpose()?
        .flatten()
    {
        Caller::User {
            user,
            session: None,
        }
    } else {
        Caller::Anonymous
    };
    Ok(Access {
        caller,
        readers_see,
    })
}

/// Whether two secrets are equal, taking the same time wherever they differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// The endpoint a request reached, from the router's matched path.
pub(crate) fn endpoint(method: &Method, matched: &str) -> Option<&'static Endpoint> {
    let path = matched.strip_prefix("/api").unwrap_or(matched);
    // HEAD is answered as GET
    let method = if *method == Method::HEAD {
        "GET"
    } else {
        method.as_str()
    };
    ENDPOINTS
        .iter()
        .find(|e| e.method == method && e.path == path)
}

/// Identifies the caller, checks the endpoint's action and, for a change made with a
/// session's cookie, its CSRF token; readers who see only verified acts have the acts'
/// lists narrowed to them.
pub(crate) async fn authorize(
    State(state): State<Arc<AppState>>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(matched) = request
        .extensions()
        .get::<MatchedPath>()
        .filter(|m| m.as_str().starts_with("/api/"))
    else {
        // the page and its assets are everyone's (it shows the sign-in); a path the API
        // does not have is answered 404 by its fallback
        return next.run(request).await;
    };
    let Some(endpoint) = endpoint(request.method(), matched.as_str()) else {
        // a route with no row in the table is refused, not served unchecked
        return ApiError::new(
            StatusCode::FORBIDDEN,
            format!(
                "{} {} has no access rule; this is a fault of the server",
                request.method(),
                matched.as_str()
            ),
        )
        .into_response();
    };
    let session = cookie(request.headers(), COOKIE).map(str::to_string);
    let token = bearer(request.headers()).map(str::to_string);
    let found = {
        let state = state.clone();
        tokio::task::spawn_blocking(move || {
            state.with(|s| identify(s, session.as_deref(), token.as_deref()))
        })
        .await
    };
    let access = match found {
        Ok(Ok(access)) => access,
        Ok(Err(e)) => return ApiError::from(e).into_response(),
        Err(e) => return ApiError::internal(e).into_response(),
    };
    if !access.may(endpoint.action) {
        return match &access.caller {
            Caller::User { user, .. } if user.must_change => ApiError::new(
                StatusCode::FORBIDDEN,
                "change your one-time password first (POST /api/session/password, or the workbench asks for it)",
            ).into_response(),
            Caller::User { user, .. } => ApiError::new(
                StatusCode::FORBIDDEN,
                format!(
                    "a user with the role {} may not {} ({} {}); an admin can change the role",
                    user.role,
                    endpoint.action,
                    endpoint.method,
                    endpoint.path
                ),
            ).into_response(),
            _ => ApiError::new(
                StatusCode::UNAUTHORIZED,
                "sign in first: POST /api/session with your name and password, or send an API token as Authorization: Bearer truce_...",
            ).into_response(),
        };
    }
    if let Caller::User {
        session: Some(keys),
        ..
    } = &access.caller
    {
        let sent = request
            .headers()
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok());
        if crate::guard::changes_the_store(request.method())
            && !sent.is_some_and(|s| same_secret(s, &keys.csrf))
        {
            return ApiError::new(
                StatusCode::FORBIDDEN,
                format!("a change made in a signed-in session must carry the session's token in {CSRF_HEADER} (GET /api/session gives it); reload the workbench"),
            ).into_response();
        }
    }
    if access.verified_only() && ACT_LISTS.contains(&endpoint.path) {
        if let Err(refused) = narrow_to_verified(&mut request) {
            return refused.into_response();
        }
    }
    request.extensions_mut().insert(access);
    next.run(request).await
}

/// Puts `status=verified` in an acts list's query; a status that is not verified is
/// refused (readers see verified acts only).
fn narrow_to_verified(request: &mut Request) -> Result<(), ApiError> {
    let uri = request.uri().clone();
    let mut pairs: Vec<(String, String)> = uri
        .query()
        .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default();
    match pairs.iter().find(|(k, _)| k == "status") {
        Some((_, v)) if v == VERIFIED || v.parse::<Verdict>().is_ok_and(Verdict::verifies) => {}
        Some((_, v)) => {
            return Err(ApiError {
                status: StatusCode::FORBIDDEN,
                message: format!("readers see verified acts only, not {v:?} ones"),
                parameter: Some("status".into()),
            })
        }
        None => pairs.push(("status".into(), VERIFIED.into())),
    }
    pairs.retain(|(k, _)| k != "rejected");
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&pairs)
        .finish();
    let rebuilt = format!("{}?{query}", uri.path())
        .parse()
        .map_err(ApiError::internal)?;
    *request.uri_mut() = rebuilt;
    Ok(())
}
