//! `/api/actors` and `/api/places`: the actors and places reports mention, each with
//! the reports that mention it.

use super::*;

/// Actors or places (`kind`), the most reported first, under the list's name `plural`.
pub(super) async fn entity_list(
    state: Arc<AppState>,
    p: HashMap<String, String>,
    kind: &'static str,
    plural: &str,
) -> Api {
    only(&p, &["search", "limit", "offset"])?;
    let limit = number(&p, "limit", 50, MAX_LIMIT)?;
    let offset = offset(&p)?;
    let search = p.get("search").cloned().filter(|s| !s.trim().is_empty());
    let list = query(&state, move |s| {
        // names are compared as transliterations meet in the knowledge ("Maarat al-Numan"
        // finds "Ma‘arrat an Nu‘mān"), ids as written
        let only = match &search {
            None => None,
            Some(words) => {
                let key = truce_knowledge::fold::translit_key(words);
                let ids = s.entity_names(kind)?.into_iter().filter_map(|(id, name)| {
                    let hit = id.eq_ignore_ascii_case(words.trim())
                        || truce_knowledge::fold::translit_key(&name).contains(&key);
                    hit.then_some(id)
                });
                Some(ids.collect::<Vec<_>>())
            }
        };
        Ok(s.entities(kind, only.as_deref(), limit, offset)?)
    })
    .await?;
    json(json!({plural: list, "limit": limit, "offset": offset}))
}

pub(super) async fn actors(State(state): State<Arc<AppState>>, Query(p): Params) -> Api {
    entity_list(state, p, "actor", "actors").await
}

pub(super) async fn places(State(state): State<Arc<AppState>>, Query(p): Params) -> Api {
    entity_list(state, p, "place", "places").await
}

/// How many of an actor's or place's newest reports and quotations its page shows.
pub(super) const SHOWN_ON_PAGE: usize = 20;

/// An actor's or a place's page: what the store knows of it, its newest reports and, for
/// an actor, its newest quotations (its acts are `/api/events?actor=ID` or `?place=ID`).
pub(super) async fn entity_page(
    state: Arc<AppState>,
    kind: &'static str,
    id: String,
    p: HashMap<String, String>,
) -> Api {
    only(&p, &[])?;
    let found = query(&state, move |s| {
        let Some(entity) = s.entity(kind, &id)? else {
            return Ok(None);
        };
        let documents = s.entity_reports(kind, &id, SHOWN_ON_PAGE)?;
        let mut page = json!({kind: entity, "documents": documents});
        if kind == "actor" {
            page["quotes"] = json!(s.quotes_of(&[id.as_str()], None, SHOWN_ON_PAGE)?);
        }
        Ok(Some(page))
    })
    .await?;
    match found {
        Some(page) => json(page),
        None => Err(ApiError::not_found(format!(
            "no {kind} with that id; /api/{kind}s?search=NAME finds ids"
        ))),
    }
}

pub(super) async fn actor(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(p): Params,
) -> Api {
    entity_page(state, "actor", id, p).await
}

pub(super) async fn place(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(p): Params,
) -> Api {
    entity_page(state, "place", id, p).await
}
