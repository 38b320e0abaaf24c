-- Agreements that reports describe (a joint statement, a memorandum), as analysis
-- proposes them: one row per proposal, tied to its report. An analyst accepts, edits or
-- rejects a proposal through `verifications` (target_kind 'agreement', target = id):
-- confirmed is accepted, corrected is edited (the corrected fields in `correction`),
-- rejected is rejected; the proposal itself is never changed.
CREATE TABLE agreements (
    id       INTEGER PRIMARY KEY,
    doc      INTEGER NOT NULL,   -- documents.rowid
    local    TEXT NOT NULL,      -- its id in the report's analysis ("a1")
    proposal TEXT NOT NULL,      -- JSON of the agreement as analysis proposed it
    UNIQUE (doc, local)
);
