-- Reports and their raw copies.
--
-- A row of `documents` is one report: its clean text and metadata. A row of `sources` is
-- one raw copy of it (a file, a JSON line, a feed item), byte for byte. Syndicated copies
-- of one story share a fingerprint, so they are one document with several sources.

CREATE TABLE documents (
    id              TEXT PRIMARY KEY,     -- the id of the first raw copy seen
    fingerprint     TEXT NOT NULL UNIQUE, -- hash of the normalised body
    title           TEXT,
    publisher       TEXT,
    url             TEXT,
    published       TEXT,                 -- RFC 3339, with the source's offset
    language        TEXT,
    dateline_text   TEXT,
    dateline_start  INTEGER,
    dateline_end    INTEGER,
    dateline_agency TEXT,
    text            TEXT NOT NULL,        -- the clean text all spans index into
    removed_json    TEXT NOT NULL DEFAULT '[]',
    ingested_at     TEXT NOT NULL
);

CREATE TABLE sources (
    id           TEXT PRIMARY KEY,        -- hash of this copy's raw bytes
    document_id  TEXT NOT NULL REFERENCES documents(id),
    origin       TEXT NOT NULL,
    format       TEXT NOT NULL,
    encoding     TEXT NOT NULL,
    title        TEXT,
    publisher    TEXT,
    url          TEXT,
    published    TEXT,
    raw          BLOB NOT NULL,
    ingested_at  TEXT NOT NULL
);
CREATE INDEX sources_by_document ON sources(document_id);

-- Files already ingested, so that re-ingesting a directory skips unchanged files without
-- reading them. Written in the same transaction as the file's documents.
CREATE TABLE seen_files (
    path      TEXT PRIMARY KEY,
    size      INTEGER NOT NULL,
    mtime_ns  INTEGER NOT NULL,
    reports   INTEGER NOT NULL,
    seen_at   TEXT NOT NULL
);

-- Porter stemming: a search for "patrol" finds "patrols"; diacritics fold (Genève = Geneve).
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content='documents', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2'
);
-- New documents are indexed by one statement per batch (see Batch::commit), not by an
-- insert trigger: FTS5 flushes its pending terms at every statement boundary, and a
-- per-row flush made indexing five times slower than everything else together.
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
