//! The users of a shared server. Each change is audited with the user who made it (the
//! command line's operating-system user until the server's accounts say who).

use serde::Serialize;
use truce_model::Role;

use crate::{sql, Batch, Store, StoreError};

/// A user as listed: never the password's hash.
#[derive(Debug, Clone, Serialize)]
pub struct User {
    pub name: String,
    pub role: Role,
    pub must_change: bool,
    pub disabled: bool,
    pub created_at: String,
    pub changed_at: String,
}

/// A user from a row of [`user_columns_of`].
pub(crate) fn user_of(r: &sql::Row) -> Result<User, StoreError> {
    Ok(User {
        name: r.get(0)?,
        role: r.word(1)?,
        must_change: r.get(2)?,
        disabled: r.get(3)?,
        created_at: r.get(4)?,
        changed_at: r.get(5)?,
    })
}

/// A user's columns as [`user_of`] reads them, of the table named `alias`.
pub(crate) fn user_columns_of(alias: &str) -> String {
    [
        "name",
        "role",
        "must_change",
        "disabled",
        "created_at",
        "changed_at",
    ]
    .map(|c| format!("{alias}.{c}"))
    .join(", ")
}

impl Batch<'_> {
    /// Adds a user with a password's hash (a one-time one to change, when `one_time`); a
    /// name already taken (in any case) is refused.
    pub fn add_user(
        &mut self,
        by: &str,
        name: &str,
        role: Role,
        password_hash: &str,
        one_time: bool,
    ) -> Result<User, StoreError> {
        let name = name.trim();
        if name.is_empty() || name.len() > 64 || name.chars().any(char::is_control) {
            return Err(StoreError::BadUser {
                name: name.to_string(),
                why: "a user's name has 1 to 64 characters and no control characters".into(),
            });
        }
        if self.user(name)?.is_some() {
            return Err(StoreError::BadUser {
                name: name.to_string(),
                why: "the name is taken; `truce users list` shows the users".into(),
            });
        }
        self.db().execute(
            "INSERT INTO users (name, role, password_hash, must_change, created_at, changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            &[
                name.into(),
                role.as_str().into(),
                password_hash.into(),
                one_time.into(),
                (&self.now).into(),
            ],
        )?;
        self.audit(
            by,
            "user.add",
            &format!("user {name}"),
            serde_json::json!({"role": role, "one_time": one_time}),
        )?;
        self.user(name)?.ok_or_else(|| StoreError::BadUser {
            name: name.to_string(),
            why: "not stored".into(),
        })
    }

    /// Gives a user a new password's hash (a one-time one to change, when `must_change`);
    /// their sessions end.
    pub fn set_password(
        &mut self,
        by: &str,
        name: &str,
        password_hash: &str,
        must_change: bool,
    ) -> Result<(), StoreError> {
        self.change_user(
            by,
            name,
            "user.password",
            serde_json::json!({"one_time": must_change}),
            "password_hash = ?1, must_change = ?2",
            &[password_hash.into(), must_change.into()],
        )?;
        self.end_sessions_of(name)
    }

    /// Disables a user (or enables one again): a disabled user cannot sign in (their
    /// sessions end and their tokens open nothing), and keeps their name in the trail.
    pub fn set_disabled(&mut self, by: &str, name: &str, disabled: bool) -> Result<(), StoreError> {
        let action = if disabled {
            "user.disable"
        } else {
            "user.enable"
        };
        self.change_user(
            by,
            name,
            action,
            serde_json::json!({}),
            "disabled = ?1",
            &[disabled.into()],
        )?;
        self.end_sessions_of(name)
    }

    /// Sets columns of a user's row (`set` gives them `values` as ?1, ?2, ...), stamps
    /// the change and audits it.
    fn change_user(
        &mut self,
        by: &str,
        name: &str,
        action: &str,
        detail: serde_json::Value,
        set: &str,
        values: &[sql::Arg<'_>],
    ) -> Result<(), StoreError> {
        let Some(user) = self.user(name)? else {
            return Err(StoreError::BadUser {
                name: name.to_string(),
                why: "no such user; `truce users list` shows the users".into(),
            });
        };
        let n = values.len();
        let mut args = values.to_vec();
        args.push((&self.now).into());
        args.push((&user.name).into());
        self.db().execute(
            &format!(
                "UPDATE users SET {set}, changed_at = ?{} WHERE name = ?{}",
                n + 1,
                n + 2
            ),
            &args,
        )?;
        self.audit(by, action, &format!("user {}", user.name), detail)
    }

    /// A user by name, in any case.
    fn user(&self, name: &str) -> Result<Option<User>, StoreError> {
        let sql = format!(
            "SELECT {} FROM users WHERE lower(name) = lower(?1)",
            user_columns_of("users")
        );
        self.db()
            .first(&sql, &[name.trim().into()])?
            .map(|r| user_of(&r))
            .transpose()
    }
}

impl Store {
    /// Every user, by name.
    pub fn users(&self) -> Result<Vec<User>, StoreError> {
        let sql = format!(
            "SELECT {} FROM users ORDER BY name",
            user_columns_of("users")
        );
        self.db().rows(&sql, &[])?.iter().map(user_of).collect()
    }

    /// A user who may sign in, with the password's hash to check: `None` for an unknown
    /// or disabled name. Names are matched without regard to case, as they are unique.
    pub fn sign_in_record(&self, name: &str) -> Result<Option<(User, String)>, StoreError> {
        let sql = format!(
            "SELECT {}, password_hash FROM users WHERE lower(name) = lower(?1) AND disabled = 0",
            user_columns_of("users")
        );
        self.db()
            .first(&sql, &[name.trim().into()])?
            .map(|r| Ok((user_of(&r)?, r.get(6)?)))
            .transpose()
    }
}
