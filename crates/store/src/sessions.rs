//! Who is signed in: sessions (a browser's cookie) and API tokens (a script's), each kept
//! only as the hash of its secret (the caller hashes; the store never sees a secret), and
//! the server's settings. Opening and closing a session, adding and revoking a token and
//! changing a setting are audited like every other change.

use serde::Serialize;

use crate::users::{user_columns_of, user_of};
use crate::{sql, Batch, Store, StoreError, User};

/// How long a session lasts from sign-in: a working day and some.
pub const SESSION_HOURS: i64 = 12;

/// An API token as listed: never its secret or hash.
#[derive(Debug, Clone, Serialize)]
pub struct Token {
    pub id: i64,
    pub user: String,
    pub label: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

/// The time now, as sessions' expiries are written (whole seconds, UTC, so they compare
/// as text).
fn stamp(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn now() -> String {
    stamp(chrono::Utc::now())
}

impl Batch<'_> {
    /// Opens a session for `name` (who signed in with their password), keeping the hash of
    /// its secret; answers its expiry.
    pub fn open_session(&mut self, name: &str, secret_hash: &str) -> Result<String, StoreError> {
        let user = self.user_id(name)?;
        let expires = stamp(chrono::Utc::now() + chrono::Duration::hours(SESSION_HOURS));
        let db = self.db();
        db.execute(
            "INSERT INTO sessions (secret_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
            &[secret_hash.into(), user.into(), (&self.now).into(), (&expires).into()],
        )?;
        // sessions long over are of no use to anyone: each sign-in clears them
        db.execute(
            "DELETE FROM sessions WHERE expires_at <= ?1",
            &[(&now()).into()],
        )?;
        self.audit(
            name,
            "session.open",
            &format!("user {name}"),
            serde_json::json!({}),
        )?;
        Ok(expires)
    }

    /// Ends the session whose secret hashes to `secret_hash` (signing out).
    pub fn close_session(&mut self, name: &str, secret_hash: &str) -> Result<(), StoreError> {
        self.db().execute(
            "DELETE FROM sessions WHERE secret_hash = ?1",
            &[secret_hash.into()],
        )?;
        self.audit(
            name,
            "session.close",
            &format!("user {name}"),
            serde_json::json!({}),
        )
    }

    /// Records a refused sign-in (an unknown name, a wrong password, a disabled user):
    /// the name tried, never the password.
    pub fn refused_sign_in(&mut self, name: &str) -> Result<(), StoreError> {
        // a name is bounded here: the trail should not grow by what a stranger types
        let tried: String = name.chars().take(64).collect();
        self.audit(
            "nobody",
            "session.refused",
            &format!("user {tried}"),
            serde_json::json!({}),
        )
    }

    /// Ends every session of a user (their password changed, or they were disabled).
    pub(crate) fn end_sessions_of(&mut self, name: &str) -> Result<(), StoreError> {
        self.db().execute(
            "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE lower(name) = lower(?1))",
            &[name.trim().into()],
        )?;
        Ok(())
    }

    /// Adds an API token for `user`, keeping the hash of its secret.
    pub fn add_token(
        &mut self,
        by: &str,
        user: &str,
        label: &str,
        secret_hash: &str,
    ) -> Result<Token, StoreError> {
        let label = label.trim();
        if label.is_empty() || label.chars().count() > 100 || label.chars().any(char::is_control) {
            return Err(StoreError::BadTokenLabel {
                label: label.to_string(),
            });
        }
        let user_id = self.user_id(user)?;
        let id: i64 = self
            .db()
            .inserted(
                "INSERT INTO api_tokens (secret_hash, user_id, label, created_at) VALUES (?1, ?2, ?3, ?4) RETURNING id",
                &[secret_hash.into(), user_id.into(), label.into(), (&self.now).into()],
            )?;
        self.audit(
            by,
            "token.add",
            &format!("token {id}"),
            serde_json::json!({"user": user, "label": label}),
        )?;
        token_by_id(self.db(), id)?.ok_or(StoreError::NoSuchToken { id, owner: None })
    }

    /// Revokes token `id`: it opens nothing from now on. `owner`, when given, must be its
    /// user (a user revokes their own; an admin any).
    pub fn revoke_token(
        &mut self,
        by: &str,
        id: i64,
        owner: Option<&str>,
    ) -> Result<Token, StoreError> {
        let token = token_by_id(self.db(), id)?;
        let Some(token) = token.filter(|t| owner.is_none_or(|o| o.eq_ignore_ascii_case(&t.user)))
        else {
            return Err(StoreError::NoSuchToken {
                id,
                owner: owner.map(str::to_string),
            });
        };
        self.db().execute(
            "UPDATE api_tokens SET revoked_at = ?1 WHERE id = ?2 AND revoked_at IS NULL",
            &[(&self.now).into(), id.into()],
        )?;
        self.audit(
            by,
            "token.revoke",
            &format!("token {id}"),
            serde_json::json!({"user": token.user, "label": token.label}),
        )?;
        Ok(token_by_id(self.db(), id)?.unwrap_or(token))
    }

    /// Sets one of the server's settings.
    pub fn set_setting(&mut self, by: &str, key: &str, value: &str) -> Result<(), StoreError> {
        self.db().execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[key.into(), value.into()],
        )?;
        self.audit(
            by,
            "setting.set",
            &format!("setting {key}"),
            serde_json::json!({"value": value}),
        )
    }

    fn user_id(&self, name: &str) -> Result<i64, StoreError> {
        self.db()
            .first(
                "SELECT id FROM users WHERE lower(name) = lower(?1)",
                &[name.trim().into()],
            )?
            .map(|r| r.get(0))
            .transpose()?
            .ok_or_else(|| StoreError::BadUser {
                name: name.to_string(),
                why: "no such user; `truce users list` shows the users".into(),
            })
    }
}

fn token_by_id(db: sql::Db<'_>, id: i64) -> Result<Option<Token>, StoreError> {
    db.first(
        "SELECT t.id, u.name, t.label, t.created_at, t.revoked_at FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?1",
        &[id.into()],
    )?
    .map(|r| token_of(&r))
    .transpose()
}

fn token_of(r: &sql::Row) -> Result<Token, StoreError> {
    Ok(Token {
        id: r.get(0)?,
        user: r.get(1)?,
        label: r.get(2)?,
        created_at: r.get(3)?,
        revoked_at: r.get(4)?,
    })
}

impl Store {
    /// Whether the store has any user (disabled ones too): then its server asks everyone
    /// to sign in.
    pub fn has_users(&self) -> Result<bool, StoreError> {
        Ok(self
            .db()
            .first("SELECT 1 FROM users LIMIT 1", &[])?
            .is_some())
    }

    /// The user of the live session whose secret hashes to `secret_hash` (none when it
    /// expired or ended, or its user is disabled).
    pub fn session_user(&self, secret_hash: &str) -> Result<Option<User>, StoreError> {
        let sql = format!(
            "SELECT {} FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.secret_hash = ?1 AND s.expires_at > ?2 AND u.disabled = 0",
            user_columns_of("u")
        );
        self.db()
            .first(&sql, &[secret_hash.into(), (&now()).into()])?
            .map(|r| user_of(&r))
            .transpose()
    }

    /// The user an unrevoked API token opens (none for a disabled user).
    pub fn token_user(&self, secret_hash: &str) -> Result<Option<User>, StoreError> {
        let sql = format!(
            "SELECT {} FROM api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE t.secret_hash = ?1 AND t.revoked_at IS NULL AND u.disabled = 0",
            user_columns_of("u")
        );
        self.db()
            .first(&sql, &[secret_hash.into()])?
            .map(|r| user_of(&r))
            .transpose()
    }

    /// API tokens, newest first: every user's, or `user`'s.
    pub fn tokens(&self, user: Option<&str>) -> Result<Vec<Token>, StoreError> {
        self.db()
            .rows(
                "SELECT t.id, u.name, t.label, t.created_at, t.revoked_at FROM api_tokens t JOIN users u ON u.id = t.user_id \
                 WHERE CAST(?1 AS TEXT) IS NULL OR lower(u.name) = lower(?1) ORDER BY t.id DESC",
                &[user.into()],
            )?
            .iter()
            .map(token_of)
            .collect()
    }

    /// One of the server's settings, if it was ever set.
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.db()
            .first("SELECT value FROM settings WHERE key = ?1", &[key.into()])?
            .map(|r| r.get(0))
            .transpose()
    }
}
