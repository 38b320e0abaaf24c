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
    about_report(&state, id, |s, doc_id, doc| {
        let mentions = s.mentions(doc_id)?;
        let quotes = s.quotes(None, None, Some(doc_id), MAX_LIMIT, 0)?;
        let events = s.document_events(doc_id)?;
        Ok(json!({"document": doc, "mentions": mentions, "quotes": quotes, "events": events}))
    })
    .await
}

/// Answers with what `answer` says of the report `id` names (its id or a prefix), or 404.
async fn about_report(
    state: &Arc<AppState>,
    id: String,
    answer: impl FnOnce(&Store, &str, truce_store::StoredDocument) -> Result<Value, ApiError>
        + Send
        + 'static,
) -> Api {
    let found = query(state, move |s| {
        let Some(doc) = s.get_document(&id)? else {
            return Ok(None);
        };
        let doc_id = doc.document.id.as_str().to_string();
        answer(s, &doc_id, doc).map(Some)
    })
    .await?;
    match found {
        Some(v) => json(v),
        None => Err(ApiError::not_found(
            "no document with that id or id prefix; /api/documents lists them",
        )),
    }
}

/// How many possible matches are proposed for each event of a report.
const MATCHES_PER_EVENT: usize = 5;

/// `/api/documents/{id}/matches`: each event of a report with the act it was put in and
/// the stored acts of other reports it may tell (the linker's own choices and near misses
/// it refused), each with why and the act as it stands: what an analyst checks after an
/// upload before joining an event to one with `/api/acts/{act}/join`.
pub(super) async fn matches(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(p): Params,
) -> Api {
    only(&p, &[])?;
    about_report(&state, id, |s, doc_id, _| {
        let mut events = Vec::new();
        // an act proposed for several of the report's events is read once
        let mut summaries: HashMap<i64, Value> = HashMap::new();
        for e in s.document_events(doc_id)? {
            let mut proposed = Vec::new();
            for c in truce_link::candidates(s, &e, MATCHES_PER_EVENT)? {
                let summary = match summaries.get(&c.act) {
                    Some(v) => v.clone(),
                    None => {
                        let v = s.act(c.act)?.map_or(Value::Null, |a| {
                            json!({"type": a.kind, "modality": a.modality, "date": a.date,
                                "place_name": a.place_name, "actors": a.actors,
                                "recipients": a.recipients, "reports": a.reports})
                        });
                        summaries.insert(c.act, v.clone());
                        v
                    }
                };
                proposed.push(
                    json!({"act": c.act, "score": c.score, "linkable": c.linkable,
                    "reason": c.reason, "summary": summary}),
                );
            }
            events.push(
                json!({"event": e.local, "type": e.kind, "modality": e.modality,
                "date": e.date, "place_name": e.place_name, "actors": e.actors,
                "recipients": e.recipients, "act": e.cluster, "link_reason": e.link_reason,
                "candidates": proposed}),
            );
        }
        Ok(json!({"document": doc_id, "events": events}))
    })
    .await
}

/// A report uploaded as the request body, in any format `truce ingest` reads (text, HTML,
/// a feed, JSON Lines; any encoding, gzip too), with the hints its flags give:
/// `name` (a file name, whose extension helps tell the format), `published`, `publisher`,
/// `url`, `title`. The body's Content-Type says how it is read (see [`Upload::declared`]);
/// a multipart form is unpacked to its file. It is read, analysed, linked and stored
/// exactly as on the command line.
pub(super) async fn upload(
    State(state): State<Arc<AppState>>,
    peer: Peer,
    access: crate::auth::Access,
    Query(p): Params,
    request: axum::extract::Request,
) -> Api {
    only(&p, &["name", "published", "publisher", "url", "title"])?;
    let upload = Upload::read(request).await?;
    let body = upload.bytes;
    let declared = upload.declared;
    let name = p.get("name").cloned().or(upload.file_name);
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
    let origin = format!("upload:{}", name.as_deref().unwrap_or("report"));
    let uploader = access.actor_name();
    let st = state.clone();
    let turn = state.writer_turn().await?;
    let answer = tokio::task::spawn_blocking(move || -> Result<Value, ApiError> {
        let _turn = turn;
        let options = truce_ingest::Options {
            max_bytes: crate::BODY_LIMIT as u64,
            ..Default::default()
        };
        let results = truce_ingest::ingest_declared(&body, &origin, declared, &hints, &options)
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
        if reports.is_empty() && rejected.count == 0 {
            return Err(ApiError::bad("body", "the upload holds no report: send a report's text, a page, a feed with items or JSON Lines"));
        }
        if reports.is_empty() {
            let listed = if rejected.unlisted() > 0 {
                format!(", the first {} listed", rejected.listed.len())
            } else {
                String::new()
            };
            return Err(ApiError::bad(
                "body",
                format!(
                    "no report in the upload: {} rejected{listed}: {}",
                    rejected.count,
                    rejected.listed.join("; ")
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
        let sum = writer.summary.clone();
        drop(writer);
        // the upload in the audit trail: who sent which reports, from where
        let mut batch = store.batch()?;
        batch.set_origin(peer.0);
        batch.audit(
            &uploader,
            "document.upload",
            &format!("{} report(s)", ids.len()),
            json!({"documents": ids, "new": sum.new, "duplicates": sum.duplicates}),
        )?;
        batch.commit()?;
        let sum = &sum;
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

/// An upload's bytes and what its sender said they are.
struct Upload {
    bytes: Bytes,
    /// The format the Content-Type declares; `None` (no type, `application/octet-stream`,
    /// gzip) recognises it from the name and content as `truce ingest` does.
    declared: Option<truce_ingest::Format>,
    /// A multipart form's file name.
    file_name: Option<String>,
}

/// The media types an upload may declare, for the 415 answer.
const UPLOAD_TYPES: &str = "text/plain, text/html, application/xhtml+xml, an RSS or Atom \
    feed (application/rss+xml, application/atom+xml, application/xml, text/xml), JSON Lines \
    (application/x-ndjson, application/jsonl, application/json), application/octet-stream \
    or application/gzip (recognised from the name and content), or multipart/form-data \
    with the report as its file";

impl Upload {
    async fn read(request: axum::extract::Request) -> Result<Upload, ApiError> {
        use axum::extract::FromRequest;
        let media = media_type(request.headers());
        if media.as_deref() == Some("multipart/form-data") {
            let mut form = axum::extract::Multipart::from_request(request, &())
                .await
                .map_err(|e| ApiError::bad("body", format!("the form was not read: {e}")))?;
            return Upload::from_form(&mut form).await;
        }
        let declared = Upload::declared(media.as_deref())?;
        let bytes = Bytes::from_request(request, &())
            .await
            .map_err(|e| not_read(e.status(), &e))?;
        Ok(Upload {
            bytes,
            declared,
            file_name: None,
        })
    }

    /// The first file of a multipart form (a part with a file name, or else the first
    /// part), read by its own Content-Type.
    async fn from_form(form: &mut axum::extract::Multipart) -> Result<Upload, ApiError> {
        let unread = |e: axum::extract::multipart::MultipartError| {
            ApiError::bad("body", format!("the form was not read: {}", e.body_text()))
        };
        let mut first = None;
        while let Some(field) = form.next_field().await.map_err(unread)? {
            let file_name = field.file_name().map(str::to_string);
            let media = field
                .content_type()
                .map(|t| t.split(';').next().unwrap_or(t).trim().to_ascii_lowercase());
            let has_name = file_name.is_some();
            if first.is_some() && !has_name {
                continue;
            }
            let declared = Upload::declared(media.as_deref())?;
            let bytes = field.bytes().await.map_err(|e| not_read(e.status(), &e))?;
            first = Some(Upload {
                bytes,
                declared,
                file_name,
            });
            if has_name {
                break;
            }
        }
        first.ok_or_else(|| {
            ApiError::bad(
                "body",
                "the form holds no file: send the report as its file",
            )
        })
    }

    /// The format a media type declares; an unknown type is refused (415).
    fn declared(media: Option<&str>) -> Result<Option<truce_ingest::Format>, ApiError> {
        use truce_ingest::Format;
        Ok(match media {
            None | Some("application/octet-stream" | "application/gzip" | "application/x-gzip") => {
                None
            }
            Some("text/plain" | "text/markdown") => Some(Format::Text),
            Some("text/html" | "application/xhtml+xml") => Some(Format::Html),
            Some(
                "application/rss+xml"
                | "application/atom+xml"
                | "application/rdf+xml"
                | "application/xml"
                | "text/xml",
            ) => Some(Format::Feed),
            Some(
                "application/x-ndjson"
                | "application/jsonl"
                | "application/x-jsonlines"
                | "application/jsonlines"
                | "application/json",
            ) => Some(Format::Jsonl),
            Some(other) => {
                return Err(ApiError {
                    status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    message: format!(
                        "an upload of type {other:?} cannot be read: send {UPLOAD_TYPES}"
                    ),
                    parameter: Some("Content-Type".into()),
                })
            }
        })
    }
}

/// The request's media type, lower case, without parameters.
fn media_type(headers: &axum::http::HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let media = value.split(';').next().unwrap_or(value).trim();
    (!media.is_empty()).then(|| media.to_ascii_lowercase())
}

fn not_read(status: StatusCode, e: &dyn std::fmt::Display) -> ApiError {
    ApiError {
        status,
        message: format!(
            "the report was not read: {e} (an upload may be up to {} MB; larger collections go through truce ingest)",
            crate::BODY_LIMIT >> 20
        ),
        parameter: Some("body".into()),
    }
}
