-- The audit trail: who changed what in the store, when and from where, appended and never
-- changed. Each entry's hash covers the previous entry's hash and its own fields, so an
-- entry edited, inserted or deleted breaks the chain (`truce audit verify` finds it).
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,      -- 1, 2, 3, ... with no gap
    at TEXT NOT NULL,             -- RFC 3339, UTC
    actor TEXT NOT NULL,          -- who: the analyst or user
    action TEXT NOT NULL,         -- what kind of change: act.verdict, act.split, ...
    target TEXT NOT NULL,         -- what it changed: "act 12", "sochi-2018/p2", ...
    origin TEXT NOT NULL,         -- from where: "command line", or the client's address
    detail TEXT NOT NULL,         -- the change, as JSON
    prev TEXT NOT NULL,           -- the previous entry's hash (64 zeros for the first)
    hash TEXT NOT NULL            -- blake3 of prev and the fields above, hex
);

-- a slip of SQL cannot change the trail; a deliberate change is found by the chain
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
