-- Events found in each new report (machine output tied to the report's rowid), and the
-- real-world events they are grouped into across reports. A report's event belongs to
-- one cluster; the link step decides which and says why; an analyst's decision (split
-- an event out, or join it to another cluster) is kept apart and wins over the machine.

CREATE TABLE event_clusters (
    id        INTEGER PRIMARY KEY,
    created   TEXT NOT NULL
);

CREATE TABLE events (
    doc             INTEGER NOT NULL,   -- documents.rowid
    local           TEXT NOT NULL,      -- the event's id inside its report ("e1")
    type            TEXT NOT NULL,      -- PLOVER
    mode            TEXT,
    context         TEXT NOT NULL DEFAULT '[]',
    modality        TEXT NOT NULL CHECK (modality IN ('asserted', 'negated', 'hypothetical', 'future', 'historical')),
    cameo           TEXT NOT NULL,
    actors          TEXT NOT NULL DEFAULT '[]',
    recipients      TEXT NOT NULL DEFAULT '[]',
    place           TEXT,               -- a place id of the report's places
    place_name      TEXT,
    place_precision TEXT,
    lat             REAL,
    lon             REAL,
    date            TEXT,               -- ISO date, month or year
    date_precision  TEXT,
    date_from       TEXT,               -- clause, sentence or publication
    confidence      REAL NOT NULL,
    evidence        TEXT NOT NULL,      -- JSON: the spans of the report that carry the act
    merged          TEXT NOT NULL DEFAULT '[]',
    cluster         INTEGER REFERENCES event_clusters (id),  -- NULL until linked
    link_reason     TEXT,               -- why the link step put it in its cluster
    PRIMARY KEY (doc, local)
);

CREATE INDEX events_by_cluster ON events (cluster);
CREATE INDEX events_by_type_date ON events (type, date);
CREATE INDEX events_unlinked ON events (doc) WHERE cluster IS NULL;

CREATE TABLE event_decisions (
    doc        INTEGER NOT NULL,
    local      TEXT NOT NULL,
    action     TEXT NOT NULL CHECK (action IN ('split', 'join')),
    cluster    INTEGER,                 -- the cluster joined
    analyst    TEXT NOT NULL,
    note       TEXT,
    decided_at TEXT NOT NULL
);
CREATE INDEX event_decisions_by_event ON event_decisions (doc, local);
