-- Mentions of reports analysed from now on are kept as one packed list per report, a JSON
-- array of [kind, entity, start, end, text, prefix, suffix, precision, lat, lon] in
-- analyses.mentions, instead of a row each: at a hundred mentions a report the rows took
-- half the time of storing it, and mentions are only ever read one report at a time.
-- Rows written before stay where they are; the view reads both.
ALTER TABLE analyses ADD COLUMN mentions TEXT;

CREATE VIEW all_mentions (doc, kind, entity, start, "end", text, prefix, suffix, precision, lat, lon) AS
SELECT doc, kind, entity, start, "end", text, prefix, suffix, precision, lat, lon FROM mentions
UNION ALL
SELECT d.rowid, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4,
       j.value ->> 5, j.value ->> 6, j.value ->> 7, j.value ->> 8, j.value ->> 9
FROM analyses a JOIN documents d ON d.id = a.document_id, json_each(a.mentions) j
WHERE a.mentions IS NOT NULL;
