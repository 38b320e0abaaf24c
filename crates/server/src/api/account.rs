//! `/api/session` and `/api/tokens`: signing in and out, one's password, one's API
//! tokens. A session lives in an HttpOnly, SameSite=Strict, Secure cookie that scripts on
//! the page cannot read; the page reads the session's CSRF token from `GET /api/session`
//! and sends it with each change.

use super::*;
use crate::auth::{Access, Caller, SessionKeys, COOKIE, CSRF_HEADER};
use axum::http::HeaderValue;
use truce_model::Action;

/// The one answer about the caller: whether the server has accounts, who is signed in,
/// the session's CSRF token (only to the session itself), what readers see, and what
/// the caller may do (the page shows only what it may).
fn session_state(access: &Access) -> Value {
    let may: serde_json::Map<String, Value> = Action::ALL
        .iter()
        .map(|a| (a.as_str().to_string(), Value::Bool(access.may(*a))))
        .collect();
    let (user, csrf) = match &access.caller {
        Caller::User { user, session } => (
            json!({"name": user.name, "role": user.role, "must_change": user.must_change}),
            session.as_ref().map(|keys| keys.csrf.clone()),
        ),
        _ => (Value::Null, None),
    };
    json!({
        "accounts": !matches!(access.caller, Caller::Local),
        "user": user,
        "csrf": csrf,
        "csrf_header": CSRF_HEADER,
        "readers_see": access.readers_see,
        "may": may,
    })
}

pub(super) async fn session(access: Access, Query(p): Params) -> Api {
    only(&p, &[])?;
    json(session_state(&access))
}

/// The session cookie carrying `secret` for `max_age` seconds (0 ends it in the browser):
/// out of scripts' reach, sent back to this site only, over HTTPS (or to localhost).
fn session_cookie(secret: &str, max_age: i64) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{COOKIE}={secret}; Path=/; HttpOnly; SameSite=Strict; Secure; Max-Age={max_age}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// An Argon2id hash no password matches, checked against when the name is unknown so
/// that a wrong name takes as long as a wrong password.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| {
        truce_access::hash_password(&truce_access::one_time_secret()).unwrap_or_default()
    })
}

/// Checks `password` against `name`'s hash on a blocking thread (Argon2id is slow on
/// purpose): the user, if the name and password are right and the user is not disabled.
async fn check_password(
    state: &Arc<AppState>,
    name: String,
    password: String,
) -> Result<Option<truce_store::User>, ApiError> {
    let record = query(state, move |s| Ok(s.sign_in_record(&name)?)).await?;
    tokio::task::spawn_blocking(move || match record {
        Some((user, hash)) => truce_access::check_password(&password, &hash).then_some(user),
        None => {
            truce_access::check_password(&password, decoy_hash());
            None
        }
    })
    .await
    .map_err(ApiError::internal)
}

/// Opens a session for `user`: its cookie and the session as the page reads it.
async fn open_session(
    state: &Arc<AppState>,
    peer: Peer,
    user: truce_store::User,
    readers_see: truce_model::ReadersSee,
) -> Api {
    let secret = truce_access::new_secret();
    let csrf = truce_access::csrf_token(&secret);
    let hash = truce_access::secret_hash(&secret);
    let (name, kept) = (user.name.clone(), hash.clone());
    write(state, peer, move |batch| {
        Ok(batch.open_session(&name, &kept)?)
    })
    .await?;
    let access = Access {
        caller: Caller::User {
            user,
            session: Some(SessionKeys { hash, csrf }),
        },
        readers_see,
    };
    let mut answer = not_stored(StatusCode::OK, session_state(&access));
    answer.headers_mut().insert(
        header::SET_COOKIE,
        session_cookie(&secret, truce_store::SESSION_HOURS * 3600),
    );
    Ok(answer)
}

/// Signs in: `{"name", "password"}`. A wrong name or password is one answer (401), and
/// the refusal is in the audit trail with the name tried.
pub(super) async fn sign_in(
    State(state): State<Arc<AppState>>,
    peer: Peer,
    access: Access,
    Query(p): Params,
    body: Bytes,
) -> Api {
    only(&p, &[])?;
    if matches!(access.caller, Caller::Local) {
        return Err(crate::auth::no_accounts());
    }
    let b = Body::parse(&body, &["name", "password"])?;
    let name = b.required("name", "your user name")?;
    let password = b.secret("password", "your password")?;
    if let Some(wait) = state.sign_ins.wait(&name) {
        // guesses at one name wait (throttle.rs); the password is not even checked
        let seconds = wait.as_secs().max(1);
        let mut answer = ApiError {
            status: StatusCode::TOO_MANY_REQUESTS,
            message: format!("too many wrong passwords for {name:?}: try again in {seconds} s"),
            parameter: Some("password".into()),
        }
        .into_response();
        answer
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        return Ok(answer);
    }
    match check_password(&state, name.clone(), password).await? {
        Some(user) => {
            state.sign_ins.succeeded(&name);
            open_session(&state, peer, user, access.readers_see).await
        }
        None => {
            state.sign_ins.failed(&name);
            write(&state, peer, move |batch| Ok(batch.refused_sign_in(&name)?)).await?;
            Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "wrong name or password (or the account is disabled; an admin can say)",
            ))
        }
    }
}

/// Signs out: the session ends in the store and its cookie in the browser.
pub(super) async fn sign_out(
    State(state): State<Arc<AppState>>,
    peer: Peer,
    access: Access,
    Query(p): Params,
) -> Api {
    only(&p, &[])?;
    let Caller::User {
        user,
        session: Some(SessionKeys { hash, .. }),
    } = access.caller
    else {
        return Err(ApiError::bad(
            "session",
            "not signed in with a session (an API token is revoked instead: DELETE /api/tokens/{id})",
        ));
    };
    write(&state, peer, move |batch| {
        Ok(batch.close_session(&user.name, &hash)?)
    })
    .await?;
    let mut answer = Json(json!({"signed_out": true})).into_response();
    answer
        .headers_mut()
        .insert(header::SET_COOKIE, session_cookie("", 0));
    Ok(answer)
}

/// Changes one's password: `{"current", "new"}`. Every session of the user ends, and
/// this browser gets a new one.
pub(super) async fn change_password(
    State(state): State<Arc<AppState>>,
    peer: Peer,
    access: Access,
    Query(p): Params,
    body: Bytes,
) -> Api {
    only(&p, &[])?;
    let user = access.account()?.clone();
    let b = Body::parse(&body, &["current", "new"])?;
    let current = b.secret("current", "the password you signed in with")?;
    let new = b.secret(
        "new",
        &format!(
            "the new password, at least {} characters",
            truce_access::MIN_PASSWORD
        ),
    )?;
    if new == current {
        return Err(ApiError::bad(
            "new",
            "the new password must differ from the current one",
        ));
    }
    let Some(checked) = check_password(&state, user.name.clone(), current).await? else {
        return Err(ApiError {
            status: StatusCode::FORBIDDEN,
            message: "the current password is wrong".into(),
            parameter: Some("current".into()),
        });
    };
    let hash = tokio::task::spawn_blocking(move || truce_access::hash_password(&new))
        .await
        .map_err(ApiError::internal)?
        .map_err(|e| ApiError::bad("new", e.to_string()))?;
    let name = checked.name.clone();
    write(&state, peer.clone(), move |batch| {
        Ok(batch.set_password(&name, &name, &hash, false)?)
    })
    .await?;
    let user = truce_store::User {
        must_change: false,
        ..checked
    };
    open_session(&state, peer, user, access.readers_see).await
}

/// One's API tokens, newest first (never their secrets).
pub(super) async fn tokens(
    State(state): State<Arc<AppState>>,
    access: Access,
    Query(p): Params,
) -> Api {
    only(&p, &[])?;
    let user = access.account()?.clone();
    let list = query(&state, move |s| Ok(s.tokens(Some(&user.name))?)).await?;
    json(json!({"tokens": list}))
}

/// A new API token for oneself: `{"label"}` (what script uses it). The secret is in this
/// answer only; the store keeps its hash.
pub(super) async fn add_token(
    State(state): State<Arc<AppState>>,
    peer: Peer,
    access: Access,
    Query(p): Params,
    body: Bytes,
) -> Api {
    only(&p, &[])?;
    let user = access.account()?.clone();
    let b = Body::parse(&body, &["label"])?;
    let label = b.required("label", "what the token is for (the script that uses it)")?;
    let secret = format!(
        "{}{}",
        truce_access::TOKEN_PREFIX,
        truce_access::new_secret()
    );
    let hash = truce_access::secret_hash(&secret);
    let token = write(&state, peer, move |batch| {
        batch
            .add_token(&user.name, &user.name, &label, &hash)
            .map_err(refused_as("label"))
    })
    .await?;
    Ok(not_stored(
        StatusCode::CREATED,
        json!({"token": token, "secret": secret,
               "use": "send it as Authorization: Bearer <secret>; it is shown this once"}),
    ))
}

/// Revokes an API token: one's own, or any for an admin.
pub(super) async fn revoke_token(
    State(state): State<Arc<AppState>>,
    peer: Peer,
    access: Access,
    Path(id): Path<String>,
    Query(p): Params,
) -> Api {
    only(&p, &[])?;
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::bad("id", format!("{id:?} is not a token's number")))?;
    let by = access.actor_name();
    // an admin revokes anyone's; others their own
    let owner = (!access.may(Action::ManageUsers)).then(|| by.clone());
    let token = write(&state, peer, move |batch| {
        batch
            .revoke_token(&by, id, owner.as_deref())
            .map_err(not_found)
    })
    .await?;
    json(json!({"token": token}))
}
