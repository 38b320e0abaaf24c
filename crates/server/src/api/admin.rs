//! `/api/users`, `/api/settings` and `/api/audit`: an admin's pages. A new or reset
//! account's one-time password is in the answer once and stored only as its hash.

use super::*;
use crate::auth::{Access, READERS_SEE};
use truce_model::{ReadersSee, Role};

pub(super) async fn users(State(state): State<Arc<AppState>>, Query(p): Params) -> Api {
    only(&p, &[])?;
    let list = query(&state, |s| Ok(s.users()?)).await?;
    json(json!({"users": list}))
}

/// A one-time password and its hash, hashed on a blocking thread.
async fn one_time() -> Result<(String, String), ApiError> {
    tokio::task::spawn_blocking(truce_access::one_time_password)
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)
}

/// Adds a user: `{"name", "role"}`; answers the one-time password, shown this once.
pub(super) async fn add_user(
    State(state): State<Arc<AppState>>,
    peer: Peer,
    access: Access,
    Query(p): Params,
    body: Bytes,
) -> Api {
    only(&p, &[])?;
    let b = Body::parse(&body, &["name", "role"])?;
    let name = b.required("name", "the new user's name")?;
    let role_word = b.required("role", "what the user may do")?;
    let role: Role = role_word
        .parse()
        .map_err(|e: truce_model::UnknownTerm| ApiError::bad("role", e.to_string()))?;
    let (secret, hash) = one_time().await?;
    let by = access.actor_name();
    let user = write(&state, peer, move |batch| {
        batch
            .add_user(&by, &name, role, &hash, true)
            .map_err(refused_as("name"))
    })
    .await?;
    Ok(not_stored(
        StatusCode::CREATED,
        json!({"user": user, "one_time_password": secret}),
    ))
}

/// `reset` (a new one-time password, in the answer), `disable` or `enable` a user.
pub(super) async fn change_user(
    State(state): State<Arc<AppState>>,
    peer: Peer,
    access: Access,
    Path((name, change)): Path<(String, String)>,
    Query(p): Params,
) -> Api {
    only(&p, &[])?;
    let by = access.actor_name();
    if access
        .user()
        .is_some_and(|u| u.name.eq_ignore_ascii_case(&name))
        && change == "disable"
    {
        return Err(ApiError::bad(
            "name",
            "an admin does not disable themselves (the server could be left with no admin); another admin can",
        ));
    }
    let (secret, hash) = match change.as_str() {
        "reset" => {
            let (s, h) = one_time().await?;
            (Some(s), Some(h))
        }
        "disable" | "enable" => (None, None),
        other => {
            return Err(ApiError::not_found(format!(
                "{other:?} is not a change to a user; use reset, disable or enable"
            )))
        }
    };
    let who = name.clone();
    write(&state, peer, move |batch| {
        match hash {
            Some(h) => batch.set_password(&by, &who, &h, true),
            None => batch.set_disabled(&by, &who, change == "disable"),
        }
        // the only user a change can be refused for here is one that does not exist
        .map_err(|e| match e {
            truce_store::StoreError::BadUser { .. } => ApiError::not_found(e.to_string()),
            other => other.into(),
        })
    })
    .await?;
    let users = query(&state, |s| Ok(s.users()?)).await?;
    let user = users
        .into_iter()
        .find(|u| u.name.eq_ignore_ascii_case(&name));
    Ok(not_stored(
        StatusCode::OK,
        json!({"user": user, "one_time_password": secret}),
    ))
}

pub(super) async fn settings(State(state): State<Arc<AppState>>, Query(p): Params) -> Api {
    only(&p, &[])?;
    let seen = query(&state, |s| Ok(crate::auth::readers_see(s)?)).await?;
    json(json!({"readers_see": seen}))
}

/// Changes the settings: `{"readers_see": "all" | "verified"}`.
pub(super) async fn change_settings(
    State(state): State<Arc<AppState>>,
    peer: Peer,
    access: Access,
    Query(p): Params,
    body: Bytes,
) -> Api {
    only(&p, &[])?;
    let b = Body::parse(&body, &["readers_see"])?;
    let word = b.required(
        "readers_see",
        "all, or verified for readers to see verified acts only",
    )?;
    let seen: ReadersSee = word
        .parse()
        .map_err(|e: truce_model::UnknownTerm| ApiError::bad("readers_see", e.to_string()))?;
    let by = access.actor_name();
    write(&state, peer, move |batch| {
        Ok(batch.set_setting(&by, READERS_SEE, seen.as_str())?)
    })
    .await?;
    json(json!({"readers_see": seen}))
}

/// The audit trail, newest first: `limit` entries (at most 500) before entry `before`.
pub(super) async fn audit(State(state): State<Arc<AppState>>, Query(p): Params) -> Api {
    only(&p, &["before", "limit"])?;
    let limit = number(&p, "limit", 100, 500)?;
    let before = p
        .get("before")
        .map(|b| {
            b.parse::<i64>().map_err(|_| {
                ApiError::bad("before", format!("before is an entry's number, not {b:?}"))
            })
        })
        .transpose()?;
    let entries = query(&state, move |s| Ok(s.audit_entries(before, limit)?)).await?;
    json(json!({"entries": entries, "limit": limit}))
}

/// Checks the whole chain: how many entries, the newest hash, and every fault.
pub(super) async fn verify_audit(State(state): State<Arc<AppState>>, Query(p): Params) -> Api {
    only(&p, &[])?;
    let check = query(&state, |s| Ok(s.verify_audit()?)).await?;
    json(check)
}
