//! Monitoring queries that join the store with a ceasefire regime: the alleged
//! violations `truce violations` prints and `/api/violations` serves.

use truce_regime::tally::{Report, Shown, Tally};
use truce_regime::{EventView, Loaded};
use truce_store::{EventFilter, ExportRow, Store, StoreError};

/// Every stored event that `filter` selects, read by the regime: alleged violations,
/// acts possibly inside a zone and acts of designated groups, per zone and day, per
/// party and listed; of every zone, or of `zone` only.
pub fn violations(
    store: &Store,
    loaded: &Loaded,
    filter: &EventFilter,
    zone: Option<String>,
) -> Result<Report, StoreError> {
    let mut tally = Tally::new(loaded, zone);
    // one query per type the regime counts, so the store reads those types through its
    // (type, date) index instead of every event
    for kind in &loaded.regime.violation_types {
        if filter.kind.as_ref().is_some_and(|k| k != kind) {
            continue;
        }
        let by_type = EventFilter {
            kind: Some(kind.clone()),
            ..filter.clone()
        };
        store.export_events::<StoreError>(&by_type, false, |r| {
            tally.add(&event_view(&r), &shown(&r));
            Ok(())
        })?;
    }
    Ok(tally.finish())
}

/// What the regime reads of a stored event.
fn event_view(r: &ExportRow) -> EventView<'_> {
    EventView {
        kind: &r.kind,
        modality: &r.modality,
        date: r
            .date
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
        lat: r.lat,
        lon: r.lon,
        precision: r.place_precision.as_deref(),
        place: r.place.as_deref(),
        actors: &r.actors,
        recipients: &r.recipients,
    }
}

/// What a listed violation shows of its stored event.
fn shown(r: &ExportRow) -> Shown {
    Shown {
        event: r.event,
        date: r.date.clone(),
        place: r.place_name.clone(),
        reports: r.reports,
        evidence: r.evidence.clone(),
    }
}
