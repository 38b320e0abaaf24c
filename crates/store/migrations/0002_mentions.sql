-- The first layer of analysis, stored with each new report: who, where and when.
-- Rows are machine output, reproducible from the document and the analyser version;
-- `prefix` and `suffix` keep a few words around each mention so it can be re-anchored
-- when a better extractor changes the clean text (W3C text quote selector).

CREATE TABLE analyses (
    document_id TEXT PRIMARY KEY REFERENCES documents(id),
    analyser    TEXT NOT NULL,
    analysed_at TEXT NOT NULL,
    -- the actors, places and dates lists of `truce analyse --json`, as JSON
    result_json TEXT NOT NULL
);

CREATE TABLE mentions (
    document_id TEXT NOT NULL REFERENCES documents(id),
    kind        TEXT NOT NULL CHECK (kind IN ('actor', 'place', 'date')),
    -- actor id, place id, or the ISO 8601 value of a date (NULL when unresolved)
    entity      TEXT,
    label       TEXT NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    text        TEXT NOT NULL,
    prefix      TEXT NOT NULL,
    suffix      TEXT NOT NULL,
    precision   TEXT,
    lat         REAL,
    lon         REAL,
    CHECK (start <= "end")
);

CREATE INDEX mentions_by_entity ON mentions (kind, entity);
CREATE INDEX mentions_by_document ON mentions (document_id, start);
