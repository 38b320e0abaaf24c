//! Keeping `cluster_summaries` (one row per act, see migration 0008) in step with
//! `events` as a batch commits. Two steps, set-based so their cost is per batch rather
//! than per event:
//! 1. acts whose events moved in the batch (an event linked after it was stored, split
//!    out, joined elsewhere) are computed again from all their events by the view
//!    `cluster_rollup`;
//! 2. every other act that gained events in the batch folds the new events into its row
//!    (or starts one): earliest date, largest place, the union of actors and recipients
//!    in the order first seen, reports added (a report's events are all stored in one
//!    batch, so old and new reports never overlap).
//!
//! Type and modality are not folded: the linker only puts an event into an act of its
//! own type and modality, and acts an analyst joined across types go through step 1.
//! `Store::check` compares the rows with the view, so a broken invariant shows.

use rusqlite::{params, Transaction};

/// Step 2: `?1` is the largest events rowid before the batch, `?2` a JSON list of the
/// acts step 1 computed whole.
const FOLD_NEW_EVENTS: &str = "
INSERT INTO cluster_summaries (type, modality, cluster, date, date_precision, mode, cameo,
    actors, recipients, place, place_name, place_precision, lat, lon, reports, evidence)
SELECT min(n.type), min(n.modality), n.cluster, min(n.date), min(n.date_precision), min(n.mode),
    min(n.cameo),
    (SELECT json_group_array(value ORDER BY seen) FROM
        (SELECT j.value AS value, min(x.rowid * 1000 + j.key) AS seen
         FROM events x, json_each(x.actors) j
         WHERE x.cluster = n.cluster AND x.rowid > ?1 GROUP BY j.value)),
    (SELECT json_group_array(value ORDER BY seen) FROM
        (SELECT j.value AS value, min(x.rowid * 1000 + j.key) AS seen
         FROM events x, json_each(x.recipients) j
         WHERE x.cluster = n.cluster AND x.rowid > ?1 GROUP BY j.value)),
    max(n.place), max(n.place_name), max(n.place_precision), max(n.lat), max(n.lon),
    count(DISTINCT n.doc),
    (SELECT x.evidence ->> '$[0].text' FROM events x
     WHERE x.cluster = n.cluster AND x.rowid > ?1 ORDER BY x.rowid LIMIT 1)
FROM events n
WHERE n.rowid > ?1 AND n.cluster IS NOT NULL
  AND n.cluster NOT IN (SELECT value FROM json_each(?2))
GROUP BY n.cluster
ON CONFLICT (cluster) DO UPDATE SET
    date = coalesce(min(date, excluded.date), date, excluded.date),
    date_precision = coalesce(min(date_precision, excluded.date_precision), date_precision, excluded.date_precision),
    mode = coalesce(min(mode, excluded.mode), mode, excluded.mode),
    cameo = min(cameo, excluded.cameo),
    actors = (SELECT json_group_array(value ORDER BY seen) FROM
        (SELECT value, key AS seen FROM json_each(cluster_summaries.actors)
         UNION ALL
         SELECT value, 1000000 + key FROM json_each(excluded.actors)
         WHERE value NOT IN (SELECT value FROM json_each(cluster_summaries.actors)))),
    recipients = (SELECT json_group_array(value ORDER BY seen) FROM
        (SELECT value, key AS seen FROM json_each(cluster_summaries.recipients)
         UNION ALL
         SELECT value, 1000000 + key FROM json_each(excluded.recipients)
         WHERE value NOT IN (SELECT value FROM json_each(cluster_summaries.recipients)))),
    place = coalesce(max(place, excluded.place), place, excluded.place),
    place_name = coalesce(max(place_name, excluded.place_name), place_name, excluded.place_name),
    place_precision = coalesce(max(place_precision, excluded.place_precision), place_precision, excluded.place_precision),
    lat = coalesce(max(lat, excluded.lat), lat, excluded.lat),
    lon = coalesce(max(lon, excluded.lon), lon, excluded.lon),
    reports = reports + excluded.reports,
    evidence = coalesce(evidence, excluded.evidence)";

/// Brings the summaries of the acts a batch touched up to date: `events_before` is the
/// largest events rowid before the batch, `moved` the acts whose events moved.
pub(crate) fn refresh(
    tx: &Transaction<'_>,
    events_before: i64,
    moved: &[i64],
) -> rusqlite::Result<()> {
    let mut whole: Vec<i64> = moved.to_vec();
    whole.sort_unstable();
    whole.dedup();
    for &c in &whole {
        tx.prepare_cached("DELETE FROM cluster_summaries WHERE cluster = ?1")?
            .execute([c])?;
        tx.prepare_cached(
            "INSERT INTO cluster_summaries SELECT * FROM cluster_rollup WHERE cluster = ?1",
        )?
        .execute([c])?;
    }
    let whole = serde_json::to_string(&whole).expect("ids serialise");
    tx.prepare_cached(FOLD_NEW_EVENTS)?
        .execute(params![events_before, whole])?;
    Ok(())
}
