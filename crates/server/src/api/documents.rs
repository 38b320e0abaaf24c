//! `/api/documents`: stored reports, one report with its analysis, and uploads.

use super::*;

pub(super) async fn documents(State(state): State<Arc<AppState>>, Query(p): Params) -> Api {
    only(
        &p,
        &["search", "publisher", "from", "to", "limit", "offset"],
    )?;
    let limit = number(&p, "limit", 50, MAX_LIMIT)?;
    let offset = offset(&p)?;
    let text = |name: &str| p.get(name).cloned().filter(|s| !s.trim().is_empty());
    let filter = truce_store::DocumentFilter {
        search: text("search"),
        publisher: text("publisher"),
        from: date(&p, "from")?,
        to: date(&p, "to")?,
    };
    let list = query(&state, move |s| Ok(s.documents(&filter, limit, offset)?)).await?;
    json(json!({"documents": list, "limit": limit, "offset": offset}))
}

pub(super) async fn document(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(p): Params,
) -> Api {
    only(&p, &[])?;
    let found = query(&state, move |s| {
        let Some(doc) = s.get_document(&id)? else {
            return Ok(None);
        };
        let doc_id = doc.document.id.as_str().to_string();
        let mentions = s.mentions(&doc_id)?;
        let quotes = s.quotes(None, None, Some(&doc_id), MAX_LIMIT, 0)?;
        let events = s.document_events(&doc_id)?;
        Ok(Some(
            json!({"document": doc, "mentions": mentions, "quotes": quotes, "events": events}),
        ))
    })
    .await?;
    match found {
        Some(v) => json(v),
        None => Err(ApiError::not_found(
            "no document with that id or id prefix; /api/documents lists them",
        )),
    }
}

/// A report uploaded as the request body, in any format `truce ingest` reads (text, HTML,
/// a feed, JSON Lines; any encoding, gzip too), with the hints its flags give:
/// `name` (a file name, whose extension helps tell the format), `published`, `publisher`,
/// `url`, `title`. It is read, analysed, linked and stored exactly as on the command line.
pub(super) async fn upload(
    State(state): State<Arc<AppState>>,
    Query(p): Params,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Api {
    only(&p, &["name", "published", "publisher", "url", "title"])?;
    let body = body.map_err(|e| ApiError {
        status: e.status(),
        message: format!(
            "the report was not read: {e} (an upload may be up to {} MB; larger collections go through truce ingest)",
            crate::BODY_LIMIT >> 20
        ),
        parameter: Some("body".into()),
    })?;
    if body.is_empty() {
        return Err(ApiError::bad(
            "body",
            "the body is empty: send the report's bytes",
        ));
    }
    let published = match p.get("published") {
        None => None,
        Some(v) => Some(
            truce_ingest::parse_date(v)
                .map_err(|e| ApiError::bad("published", format!("published {e}")))?,
        ),
    };
    let hints = truce_ingest::Hints {
        published,
        publisher: p.get("publisher").cloned(),
        url: p.get("url").cloned(),
        title: p.get("title").cloned(),
    };
    let origin = format!(
        "upload:{}",
        p.get("name").map(String::as_str).unwrap_or("report")
    );
    let st = state.clone();
    let turn = state.writer_turn().await?;
    let answer = tokio::task::spawn_blocking(move || -> Result<Value, ApiError> {
        let _turn = turn;
        let options = truce_ingest::Options {
            max_bytes: crate::BODY_LIMIT as u64,
            ..Default::default()
        };
        let results = truce_ingest::ingest_bytes(&body, &origin, &hints, &options)
            .map_err(|e| ApiError::bad("body", e.to_string()))?;
        // the first rejections are listed and the rest counted: an answer stays small
        // whatever the upload holds
        let mut reports = Vec::new();
        let mut rejected = truce_pipeline::Rejections::default();
        for r in results {
            match r {
                Ok(report) => reports.push(report),
                Err(e) => rejected.push(e.to_string()),
            }
        }
        if reports.is_empty() {
            let more = rejected.unlisted();
            return Err(ApiError::bad(
                "body",
                format!(
                    "no report in the upload: {}{}",
                    rejected.listed.join("; "),
                    if more > 0 {
                        format!("; and {more} more rejected")
                    } else {
                        String::new()
                    }
                ),
            ));
        }
        let ids: Vec<String> = reports
            .iter()
            .map(|r| r.document.id.as_str().to_string())
            .collect();
        let knowledge = st.knowledge()?;
        let mut store = Store::open(&st.db, Mode::Write)?;
        let mut writer = truce_pipeline::Writer::new(&mut store, Some(&knowledge));
        writer.push(truce_pipeline::Pending {
            seen: None,
            reports,
        })?;
        writer.flush()?;
        let sum = &writer.summary;
        Ok(json!({
            "documents": ids, "new": sum.new, "new_sources": sum.new_sources,
            "duplicates": sum.duplicates, "rejected": rejected.listed,
            "rejected_count": rejected.count,
            "events": sum.events_new + sum.events_linked, "events_linked": sum.events_linked,
        }))
    })
    .await
    .map_err(ApiError::internal)??;
    let status = if answer["new"].as_u64() > Some(0) {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(answer)).into_response())
}
