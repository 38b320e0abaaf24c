-- An act's place is the finest place its reports give, whole: the place, its name,
-- precision and position of one event, the first told among those located most finely
-- (a town before a district, a region, a country). The rollup took the greatest of each
-- field on its own, so an act told at a town by one report and at its province by
-- another came out at the province's precision (and, worse, at a position mixed from
-- both), "possibly inside" a zone it was inside of. Events with a position come before
-- those without.

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
       (SELECT x.evidence ->> '$[0].text' FROM events x WHERE x.cluster = e.cluster ORDER BY x.rowid LIMIT 1) AS evidence
FROM events e
WHERE e.cluster IS NOT NULL
GROUP BY e.cluster;

-- as migration 0016 wrote it, over the rollup above
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
       v.status AS status
FROM cluster_rollup r LEFT JOIN act_verdicts v ON v.cluster = r.cluster;

-- only acts whose events give more than one place can change
CREATE TEMP TABLE placed_apart AS
SELECT cluster FROM events WHERE cluster IS NOT NULL
GROUP BY cluster HAVING count(DISTINCT coalesce(place, '')) > 1
    OR count(DISTINCT coalesce(place_precision, '')) > 1
    OR count(DISTINCT coalesce(lat, 0)) > 1;
DELETE FROM cluster_summaries WHERE cluster IN (SELECT cluster FROM placed_apart);
INSERT INTO cluster_summaries SELECT * FROM act_effective WHERE cluster IN (SELECT cluster FROM placed_apart);
DROP TABLE placed_apart;
UPDATE acts_changes SET n = n + 1;
