-- Casualties: the killed and injured each report's act counts, and the act's toll.
--
-- `events.casualties` keeps the figures as the report words them (JSON [{harm, count,
-- figure, who, text, start, end}]); `killed` and `injured` are the event's toll (the people
-- counted, or the sum of the groups named: model::Casualty::toll), NULL when the report
-- gives none. An act's toll is the lowest its reports give, as ACLED codes a figure that
-- sources dispute ("the most conservative estimate"); each report's own figure stays on
-- its event, so a dispute shows side by side. An analyst's correction of `killed` or
-- `injured` replaces the toll in `act_effective`.
--
-- Reports stored before this version carry no figures: their events were read without
-- the casualty reader, and the figures appear when a report is stored again.

ALTER TABLE events ADD COLUMN casualties TEXT NOT NULL DEFAULT '[]';
ALTER TABLE events ADD COLUMN killed INTEGER;
ALTER TABLE events ADD COLUMN injured INTEGER;
ALTER TABLE cluster_summaries ADD COLUMN killed INTEGER;
ALTER TABLE cluster_summaries ADD COLUMN injured INTEGER;
-- the timeline's dead per day, read apart from its counts: the acts with a toll are few,
-- and the counts stay an index-only scan
CREATE INDEX cluster_summaries_killed ON cluster_summaries (date, type, killed) WHERE killed IS NOT NULL;

DROP VIEW act_effective;
DROP VIEW cluster_rollup;

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
       (SELECT x.place FROM events x WHERE x.cluster = e.cluster ORDER BY
            (x.lat IS NULL) * 10 + CASE x.place_precision WHEN 'exact' THEN 0 WHEN 'district' THEN 1
            WHEN 'region' THEN 2 WHEN 'country' THEN 3 WHEN 'continent' THEN 4 ELSE 5 END, x.rowid LIMIT 1) AS place,
       (SELECT x.place_name FROM events x WHERE x.cluster = e.cluster ORDER BY
            (x.lat IS NULL) * 10 + CASE x.place_precision WHEN 'exact' THEN 0 WHEN 'district' THEN 1
            WHEN 'region' THEN 2 WHEN 'country' THEN 3 WHEN 'continent' THEN 4 ELSE 5 END, x.rowid LIMIT 1) AS place_name,
       (SELECT x.place_precision FROM events x WHERE x.cluster = e.cluster ORDER BY
            (x.lat IS NULL) * 10 + CASE x.place_precision WHEN 'exact' THEN 0 WHEN 'district' THEN 1
            WHEN 'region' THEN 2 WHEN 'country' THEN 3 WHEN 'continent' THEN 4 ELSE 5 END, x.rowid LIMIT 1) AS place_precision,
       (SELECT x.lat FROM events x WHERE x.cluster = e.cluster ORDER BY
            (x.lat IS NULL) * 10 + CASE x.place_precision WHEN 'exact' THEN 0 WHEN 'district' THEN 1
            WHEN 'region' THEN 2 WHEN 'country' THEN 3 WHEN 'continent' THEN 4 ELSE 5 END, x.rowid LIMIT 1) AS lat,
       (SELECT x.lon FROM events x WHERE x.cluster = e.cluster ORDER BY
            (x.lat IS NULL) * 10 + CASE x.place_precision WHEN 'exact' THEN 0 WHEN 'district' THEN 1
            WHEN 'region' THEN 2 WHEN 'country' THEN 3 WHEN 'continent' THEN 4 ELSE 5 END, x.rowid LIMIT 1) AS lon,
       count(DISTINCT e.doc) AS reports,
       (SELECT x.evidence ->> '$[0].text' FROM events x WHERE x.cluster = e.cluster ORDER BY x.rowid LIMIT 1) AS evidence,
       min(e.killed) AS killed, min(e.injured) AS injured
FROM events e
WHERE e.cluster IS NOT NULL
GROUP BY e.cluster;

-- as migration 0017 wrote it, with the tolls: an analyst's figure (or null) replaces the
-- reports' lowest
CREATE VIEW act_effective AS
SELECT coalesce(v.fields ->> '$.type', r.type) AS type,
       coalesce(v.fields ->> '$.modality', r.modality) AS modality,
       r.cluster AS cluster,
       CASE WHEN v.fields -> '$.date' IS NULL THEN r.date ELSE v.fields ->> '$.date.value' END AS date,
       CASE WHEN v.fields -> '$.date' IS NULL THEN r.date_precision ELSE v.fields ->> '$.date.precision' END AS date_precision,
       r.mode AS mode,
       coalesce(v.fields ->> '$.cameo', r.cameo) AS cameo,
       coalesce(v.fields -> '$.actors', r.actors) AS actors,
       coalesce(v.fields -> '$.recipients', r.recipients) AS recipients,
       CASE WHEN v.fields -> '$.place' IS NULL THEN r.place ELSE v.fields ->> '$.place.id' END AS place,
       CASE WHEN v.fields -> '$.place' IS NULL THEN r.place_name ELSE v.fields ->> '$.place.name' END AS place_name,
       CASE WHEN v.fields -> '$.place' IS NULL THEN r.place_precision ELSE v.fields ->> '$.place.precision' END AS place_precision,
       CASE WHEN v.fields -> '$.place' IS NULL THEN r.lat ELSE v.fields ->> '$.place.lat' END AS lat,
       CASE WHEN v.fields -> '$.place' IS NULL THEN r.lon ELSE v.fields ->> '$.place.lon' END AS lon,
       r.reports AS reports,
       r.evidence AS evidence,
       v.status AS status,
       CASE WHEN v.fields -> '$.killed' IS NULL THEN r.killed ELSE v.fields ->> '$.killed' END AS killed,
       CASE WHEN v.fields -> '$.injured' IS NULL THEN r.injured ELSE v.fields ->> '$.injured' END AS injured
FROM cluster_rollup r LEFT JOIN act_verdicts v ON v.cluster = r.cluster;

UPDATE acts_changes SET n = n + 1;
