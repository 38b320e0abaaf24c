-- The first layer of analysis, stored with each new report: who, where and when.
-- Rows are machine output, reproducible from the document and the analyser version;
-- `prefix` and `suffix` keep a few words around each mention so it can be re-anchored
-- when a better extractor changes the clean text (W3C text quote selector).
-- Mentions point at their document by rowid: at a hundred mentions a report, a 32-byte
-- text key in every row and index entry would double the store.

CREATE TABLE analyses (
    document_id TEXT PRIMARY KEY REFERENCES documents(id),
    analyser    TEXT NOT NULL,
    analysed_at TEXT NOT NULL,
    actors      INTEGER NOT NULL,
    places      INTEGER NOT NULL,
    dates       INTEGER NOT NULL
);

-- What each actor or place id names, once for the store (the latest analysis wins).
CREATE TABLE entities (
    kind   TEXT NOT NULL CHECK (kind IN ('actor', 'place')),
    id     TEXT NOT NULL,
    name   TEXT NOT NULL,
    -- actor: kind, role, affiliation, parent, members; place: country, lat, lon,
    -- precision, kind
    detail TEXT NOT NULL,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;

CREATE TABLE mentions (
    doc       INTEGER NOT NULL,   -- documents.rowid
    kind      TEXT NOT NULL CHECK (kind IN ('actor', 'place', 'date')),
    -- actor id, place id, or the ISO 8601 value of a date (NULL when unresolved)
    entity    TEXT,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    text      TEXT NOT NULL,
    prefix    TEXT NOT NULL,
    suffix    TEXT NOT NULL,
    precision TEXT,
    lat       REAL,
    lon       REAL,
    CHECK (start <= "end")
);

-- New reports get the highest rowids, so this index grows at its end.
CREATE INDEX mentions_by_document ON mentions (doc, start);

-- Which reports mention an entity, and how often: one row per entity and report rather
-- than an index entry per mention, since these land all over the index.
CREATE TABLE entity_documents (
    kind     TEXT NOT NULL,
    entity   TEXT NOT NULL,
    doc      INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (kind, entity, doc)
) WITHOUT ROWID;
