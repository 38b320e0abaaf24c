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
    store.export_events::<StoreError>(filter, false, |r| {
        tally.add(&event_view(&r), &shown(&r));
        Ok(())
    })?;
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
