-- The effective act: the machine's summary of an act's events with the analysts'
-- corrections applied, field by field. Every reader of acts (lists, filters, the
-- timeline, the map, violations, exports, the API) reads `cluster_summaries`, so the
-- summaries now hold the effective act, and every reader sees a correction at once.
--
-- `act_verdicts` keeps each judged act's standing: the latest verdict, every field an
-- analyst corrected with its latest value (corrections of different fields add up; a
-- later correction of one field replaces only that field), and the act's version, the
-- number of verdicts recorded on it, which a verdict must name so that two analysts
-- never silently overwrite each other. `verifications` stays the history: one row per
-- verdict, now with the version it made and each changed field's value before and after.
--
-- Field values are stored as the summary stores them: type and modality as their words
-- (a corrected type with the CAMEO root it is exported with, `cameo`),
-- actors and recipients as lists of ids, place as {id, name, precision, lat, lon} and
-- date as {value, precision}; JSON null where an analyst said the act has no place or
-- date.

CREATE TABLE act_verdicts (
    cluster INTEGER PRIMARY KEY,
    status  TEXT NOT NULL CHECK (status IN ('confirmed', 'corrected', 'rejected')),
    fields  TEXT NOT NULL DEFAULT '{}',
    version INTEGER NOT NULL
);

ALTER TABLE verifications ADD COLUMN version INTEGER;
ALTER TABLE verifications ADD COLUMN changes TEXT;  -- JSON [{field, before, after}]

ALTER TABLE cluster_summaries ADD COLUMN status TEXT;  -- the latest verdict; NULL if none
-- rejected acts leave counts: found without reading every act
CREATE INDEX cluster_summaries_rejected ON cluster_summaries (cluster) WHERE status = 'rejected';

-- What the summaries hold: the machine's rollup with the corrections applied. The store
-- recomputes a judged act's row from here, and `truce check` compares against it.
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

-- Verdicts recorded before this version: each act's latest status, number of verdicts
-- and the latest value of each field its corrections named (then written as type,
-- actors, recipients, a place id and a day), put into the shapes above; a place id the
-- store does not know is left out rather than taken for "no place".
WITH judged AS (
    SELECT CAST(v.target AS INTEGER) AS cluster, count(*) AS verdicts, max(v.id) AS latest
    FROM verifications v
    WHERE v.target_kind = 'event'
      AND EXISTS (SELECT 1 FROM cluster_summaries s WHERE s.cluster = CAST(v.target AS INTEGER))
    GROUP BY v.target
),
latest_fields AS (
    SELECT CAST(w.target AS INTEGER) AS cluster, j.key AS key, j.value AS value, max(w.id)
    FROM verifications w, json_each(w.correction) j
    WHERE w.target_kind = 'event' AND w.correction IS NOT NULL AND json_valid(w.correction)
      AND j.key IN ('type', 'actors', 'recipients', 'place', 'date')
    GROUP BY w.target, j.key
),
shaped AS (
    SELECT f.cluster, f.key,
           CASE f.key
               WHEN 'type' THEN upper(f.value)
               WHEN 'actors' THEN json(f.value)
               WHEN 'recipients' THEN json(f.value)
               WHEN 'date' THEN json_object('value', f.value, 'precision', 'day')
               WHEN 'place' THEN (SELECT json_object('id', e.id, 'name', e.name,
                                      'precision', e.detail ->> '$.precision',
                                      'lat', e.detail -> '$.lat', 'lon', e.detail -> '$.lon')
                                  FROM entities e WHERE e.kind = 'place' AND e.id = f.value)
           END AS value
    FROM latest_fields f
)
INSERT INTO act_verdicts (cluster, status, fields, version)
SELECT j.cluster,
       (SELECT v.status FROM verifications v WHERE v.id = j.latest),
       -- JSON values lose their JSON-ness between the steps of a query: read them again
       coalesce((SELECT json_group_object(s.key, CASE s.key WHEN 'type' THEN s.value ELSE json(s.value) END) FROM shaped s
                 WHERE s.cluster = j.cluster AND s.value IS NOT NULL), '{}'),
       j.verdicts
FROM judged j;

-- the judged acts' rows again, as the view gives them
DELETE FROM cluster_summaries WHERE cluster IN (SELECT cluster FROM act_verdicts);
INSERT INTO cluster_summaries SELECT * FROM act_effective WHERE cluster IN (SELECT cluster FROM act_verdicts);
