-- Analysts' verdicts on extracted items: confirmed, corrected (with the corrected
-- fields) or rejected. Every verdict is a new row with who, when and why; the latest row
-- for an item is its status, and nothing is overwritten.

CREATE TABLE verifications (
    id          INTEGER PRIMARY KEY,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('event', 'quote', 'mention', 'agreement')),
    target      TEXT NOT NULL,          -- for an event: its cluster id
    status      TEXT NOT NULL CHECK (status IN ('confirmed', 'corrected', 'rejected')),
    correction  TEXT,                   -- JSON of the corrected fields, for 'corrected'
    analyst     TEXT NOT NULL,
    note        TEXT,
    decided_at  TEXT NOT NULL
);
CREATE INDEX verifications_by_target ON verifications (target_kind, target, id);
