-- Quotations found in each new report, with their speakers. Like mentions, machine
-- output tied to the report's rowid, with a few words of context for re-anchoring.

CREATE TABLE quotes (
    doc            INTEGER NOT NULL,   -- documents.rowid
    start          INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('direct', 'indirect', 'partial')),
    text           TEXT NOT NULL,
    prefix         TEXT NOT NULL,
    suffix         TEXT NOT NULL,
    speaker        TEXT,               -- an actor id; NULL when unresolved
    speaker_actors TEXT NOT NULL DEFAULT '[]',  -- authors of a speaking document, members of a group
    speaker_name   TEXT,
    speaker_start  INTEGER,
    speaker_end    INTEGER,
    cue            TEXT,
    cue_start      INTEGER,
    cue_end        INTEGER,
    flags          TEXT NOT NULL DEFAULT '[]',
    CHECK (start <= "end")
);

CREATE INDEX quotes_by_document ON quotes (doc, start);
CREATE INDEX quotes_by_speaker ON quotes (speaker);
