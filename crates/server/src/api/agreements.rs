//! `/api/agreements`: agreements reports describe, and analysts' decisions on them.

use super::*;

/// Agreements reports describe, as proposed, with the latest decision applied.
pub(super) async fn agreements(State(state): State<Arc<AppState>>, Query(p): Params) -> Api {
    only(&p, &["status"])?;
    let status = p.get("status").cloned();
    if let Some(s) = &status {
        if !truce_store::AGREEMENT_STATUSES.contains(&s.as_str()) {
            return Err(ApiError::bad(
                "status",
                format!("{s:?} is not a status; use proposed, accepted, edited or rejected"),
            ));
        }
    }
    let list = query(&state, move |s| Ok(s.agreements(status.as_deref())?)).await?;
    json(json!({"agreements": list}))
}

/// An analyst's decision on a proposed agreement: `{"decision": "accepted" | "edited" |
/// "rejected", "analyst", "note", "edit": {fields to change}}`.
pub(super) async fn decide_agreement(
    State(state): State<Arc<AppState>>,
    peer: Peer,
    access: crate::auth::Access,
    Path(id): Path<String>,
    Query(p): Params,
    body: Bytes,
) -> Api {
    only(&p, &[])?;
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::bad("id", format!("{id:?} is not an agreement number")))?;
    let b = Body::parse(&body, &["decision", "analyst", "note", "edit"])?;
    let decision = b.text("decision").ok_or_else(|| {
        ApiError::bad(
            "decision",
            "decision is required: accepted, edited or rejected",
        )
    })?;
    if !truce_store::AGREEMENT_DECISIONS
        .iter()
        .any(|(d, _)| *d == decision)
    {
        return Err(ApiError::bad(
            "decision",
            format!("{decision:?} is not a decision; use accepted, edited or rejected"),
        ));
    }
    let analyst = access.recorder(b.text("analyst"), "analyst")?;
    let edit = b.get("edit").cloned();
    paired(
        edit.is_some(),
        decision == "edited",
        "edit",
        "the decision edited",
    )?;
    if let Some(e) = &edit {
        truce_store::check_agreement_edit(e)
            .map_err(|(field, why)| ApiError::bad(&field.replace("correction", "edit"), why))?;
    }
    let note = b.text("note");
    let record = write(&state, peer, move |batch| {
        batch
            .decide_agreement(id, &decision, edit.as_ref(), &analyst, note.as_deref())
            .map_err(|e| match e {
                truce_store::StoreError::NoSuchAgreement { .. } => {
                    ApiError::not_found(e.to_string())
                }
                other => other.into(),
            })
    })
    .await?;
    json(json!({"id": id, "decision": record}))
}
