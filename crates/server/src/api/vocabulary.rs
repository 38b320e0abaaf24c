//! `/api/vocabulary`: every fixed list the API takes or gives, from the one place each is
//! defined, so the page (and any client) reads them instead of copying them.

use truce_model::{
    DatePrecision, DateSource, EventType, Modality, PlacePrecision, QuoteKind, ReadersSee, Role,
    Vocabulary,
};

use super::*;

fn words<V: Vocabulary>() -> Value {
    json!(V::WORDS)
}

/// The lists, by the name of the field or parameter they fill.
pub(super) fn lists() -> Value {
    json!({
        "event_types": words::<EventType>(),
        "modalities": words::<Modality>(),
        "modality_default": Modality::Asserted,
        "modality_any": events::ANY_MODALITY,
        "place_precisions": words::<PlacePrecision>(),
        "date_precisions": words::<DatePrecision>(),
        "date_sources": words::<DateSource>(),
        "quote_kinds": words::<QuoteKind>(),
        "verdicts": truce_store::STATUSES,
        "verdict_filters": truce_store::VERDICT_FILTERS,
        "implementation_levels": truce_model::IMPLEMENTATION_LEVELS,
        "status_evidence_kinds": truce_model::STATUS_EVIDENCE_KINDS,
        "regime_roles": truce_regime::ROLES,
        "agreement_statuses": truce_store::AGREEMENT_STATUSES,
        "user_roles": words::<Role>(),
        "readers_see": words::<ReadersSee>(),
    })
}

pub(super) async fn vocabulary(Query(p): Params) -> Api {
    only(&p, &[])?;
    json(lists())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The enums the OpenAPI document declares for a parameter are the vocabulary's words
    /// (the document is written by hand; this keeps it from drifting).
    #[test]
    fn the_openapi_enums_are_the_vocabularys_words() {
        let doc: Value = serde_json::from_str(OPENAPI).unwrap();
        let enum_of = |parameter: &str| -> Vec<String> {
            let e = &doc["components"]["parameters"][parameter]["schema"]["enum"];
            serde_json::from_value(e.clone()).unwrap_or_default()
        };
        let lists = lists();
        let list =
            |name: &str| -> Vec<String> { serde_json::from_value(lists[name].clone()).unwrap() };
        assert_eq!(enum_of("type"), list("event_types"));
        let mut modalities = list("modalities");
        modalities.push(events::ANY_MODALITY.to_string());
        assert_eq!(enum_of("modality"), modalities);
        assert_eq!(enum_of("status"), list("verdict_filters"));
    }
}
