-- Signed-in browsers and scripts. Neither table holds a secret: a session's cookie and an
-- API token are stored as their blake3 hashes, so a copy of the store opens no session
-- (a session's CSRF token is derived from its cookie's secret, so it is not stored either).
-- A session ends at `expires_at` (UTC, "YYYY-MM-DDTHH:MM:SSZ") or at sign-out; resetting
-- or disabling its user ends it too. A token is revoked, never deleted, so the audit
-- trail's mentions of it stay readable.
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    secret_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    secret_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users(id),
    label TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

-- The server's settings an admin changes (who sees what), one value per key.
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
