-- The users of a shared server: a name, a role, and the Argon2id hash of the password
-- (never the password). A disabled user keeps the row, so the audit trail's names stay
-- theirs; `must_change` marks a one-time password given at creation or reset.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    must_change INTEGER NOT NULL DEFAULT 1,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    changed_at TEXT NOT NULL
);
