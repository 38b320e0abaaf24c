-- One row per real-world event (cluster): what its reports' events say together. Queries
-- over acts (exports, monitoring a regime) read one row per act here instead of grouping
-- a million event rows on every call. The rows are derived data, kept in step with
-- `events` by every batch as it commits (crates/store/src/summaries.rs): the events it
-- added are folded into their acts' rows, and acts whose events moved (linked late,
-- split, joined) are computed again with the view `cluster_rollup`, which gives the rows
-- from `events` alone and is what the store's check compares against. (Triggers did the
-- same per event at half the ingest speed.)
--
-- The table is stored in (type, modality, cluster) order: monitoring reads the acts of
-- force that were asserted, and those rows then lie together on disk instead of one per
-- page across the whole table (measured on a million events: 14 ms instead of 160 ms).
--
-- Columns: the earliest date and the smallest type, modality and CAMEO root (a cluster's
-- events agree on these unless an analyst joined unlike events); the largest place, lat
-- and lon; the union of the events' actors and recipients as JSON lists in the order
-- first seen; how many reports carry it; the first evidence clause of its first event.

CREATE TABLE cluster_summaries (
    type            TEXT NOT NULL,
    modality        TEXT NOT NULL,
    cluster         INTEGER NOT NULL,
    date            TEXT,
    date_precision  TEXT,
    mode            TEXT,
    cameo           TEXT NOT NULL,
    actors          TEXT NOT NULL,
    recipients      TEXT NOT NULL,
    place           TEXT,
    place_name      TEXT,
    place_precision TEXT,
    lat             REAL,
    lon             REAL,
    reports         INTEGER NOT NULL,
    evidence        TEXT,
    PRIMARY KEY (type, modality, cluster)
) WITHOUT ROWID;
CREATE UNIQUE INDEX cluster_summaries_by_cluster ON cluster_summaries (cluster);
-- newest acts first, and per day and type for the timeline (an index of a WITHOUT ROWID
-- table carries the primary key too, so type and modality are in it)
CREATE INDEX cluster_summaries_by_date ON cluster_summaries (date, cluster);
-- the newest acts of one type and modality (a list filtered by type)
CREATE INDEX cluster_summaries_by_type_date ON cluster_summaries (type, modality, date, cluster);

CREATE VIEW cluster_rollup AS
SELECT min(e.type) AS type, min(e.modality) AS modality, e.cluster AS cluster,
       min(e.date) AS date, min(e.date_precision) AS date_precision, min(e.mode) AS mode,
       min(e.cameo) AS cameo,
       (SELECT json_group_array(value ORDER BY seen) FROM
           (SELECT j.value AS value, min(x.rowid * 1000 + j.key) AS seen
            FROM events x, json_each(x.actors) j WHERE x.cluster = e.cluster GROUP BY j.value)) AS actors,
       (SELECT json_group_array(value ORDER BY seen) FROM
           (SELECT j.value AS value, min(x.rowid * 1000 + j.key) AS seen
            FROM events x, json_each(x.recipients) j WHERE x.cluster = e.cluster GROUP BY j.value)) AS recipients,
       max(e.place) AS place, max(e.place_name) AS place_name, max(e.place_precision) AS place_precision,
       max(e.lat) AS lat, max(e.lon) AS lon,
       count(DISTINCT e.doc) AS reports,
       (SELECT x.evidence ->> '$[0].text' FROM events x WHERE x.cluster = e.cluster ORDER BY x.rowid LIMIT 1) AS evidence
FROM events e
WHERE e.cluster IS NOT NULL
GROUP BY e.cluster;

INSERT INTO cluster_summaries SELECT * FROM cluster_rollup;
