//! `/api/quotes`: stored quotations, by speaker or words.

use super::*;

pub(super) async fn quotes(State(state): State<Arc<AppState>>, Query(p): Params) -> Api {
    only(&p, &["speaker", "search", "document", "limit", "offset"])?;
    let limit = number(&p, "limit", 50, MAX_LIMIT)?;
    let offset = offset(&p)?;
    let (speaker, search, document) = (
        p.get("speaker").cloned(),
        p.get("search").cloned(),
        p.get("document").cloned(),
    );
    let list = query(&state, move |s| {
        Ok(s.quotes(
            speaker.as_deref(),
            search.as_deref(),
            document.as_deref(),
            limit,
            offset,
        )?)
    })
    .await?;
    json(json!({"quotes": list, "limit": limit, "offset": offset}))
}
