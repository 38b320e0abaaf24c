//! The actors and places the reports mention: one row each in `entities` (what the latest
//! analysis knew of it), and in `entity_documents` how often each report names it. What
//! the workbench's actor and place pages are made of.

use serde::Serialize;

use crate::sql::Row;
use crate::{document_summary_columns, document_summary_of, DocumentSummary, Store, StoreError};

/// The kinds of entity the store keeps.
pub const ENTITY_KINDS: [&str; 2] = ["actor", "place"];

/// An actor or place with how much the store's reports speak of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredEntity {
    pub id: String,
    pub name: String,
    /// For an actor its kind, role, affiliation, parent and members; for a place its
    /// country, position, precision and kind.
    pub detail: serde_json::Value,
    /// How many reports mention it, and how many times in all.
    pub documents: i64,
    pub mentions: i64,
}

const ENTITY_SELECT: &str =
    "SELECT e.id, e.name, e.detail, count(x.doc), CAST(coalesce(sum(x.mentions), 0) AS BIGINT) \
     FROM entities e LEFT JOIN entity_documents x ON x.kind = e.kind AND x.entity = e.id \
     WHERE e.kind = ?1";

fn read_entity(r: &Row) -> Result<StoredEntity, StoreError> {
    let detail: String = r.get(2)?;
    Ok(StoredEntity {
        id: r.get(0)?,
        name: r.get(1)?,
        detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
        documents: r.get(3)?,
        mentions: r.get(4)?,
    })
}

impl Store {
    /// Actors or places (`kind`, one of [`ENTITY_KINDS`]), the most widely reported first;
    /// with `only`, those of the ids given.
    pub fn entities(
        &self,
        kind: &str,
        only: Option<&[String]>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<StoredEntity>, StoreError> {
        let db = self.db();
        let sql = format!(
            "{ENTITY_SELECT} AND (CAST(?2 AS TEXT) IS NULL OR e.id IN (SELECT o.value FROM {})) \
             GROUP BY e.kind, e.id ORDER BY count(x.doc) DESC, e.name LIMIT ?3 OFFSET ?4",
            db.json_texts("?2", "o")
        );
        let only = only.map(|ids| serde_json::to_string(ids).expect("ids serialise"));
        db.rows(
            &sql,
            &[
                kind.into(),
                only.as_ref().into(),
                (limit as i64).into(),
                (offset as i64).into(),
            ],
        )?
        .iter()
        .map(read_entity)
        .collect()
    }

    /// The id and name of every actor or place: what a search over names folds and
    /// compares (the rules for that are the knowledge's, not the store's).
    pub fn entity_names(&self, kind: &str) -> Result<Vec<(String, String)>, StoreError> {
        self.db()
            .rows(
                "SELECT id, name FROM entities WHERE kind = ?1",
                &[kind.into()],
            )?
            .iter()
            .map(|r| Ok((r.get(0)?, r.get(1)?)))
            .collect()
    }

    /// One actor or place by its id.
    pub fn entity(&self, kind: &str, id: &str) -> Result<Option<StoredEntity>, StoreError> {
        self.db()
            .first(
                &format!("{ENTITY_SELECT} AND e.id = ?2 GROUP BY e.kind, e.id"),
                &[kind.into(), id.into()],
            )?
            .map(|r| read_entity(&r))
            .transpose()
    }

    /// The newest `limit` reports that mention an actor or place.
    pub fn entity_reports(
        &self,
        kind: &str,
        id: &str,
        limit: usize,
    ) -> Result<Vec<DocumentSummary>, StoreError> {
        let db = self.db();
        let sql = format!(
            "SELECT {}, NULL FROM entity_documents x JOIN documents d ON d.rowid = x.doc \
             WHERE x.kind = ?1 AND x.entity = ?2 ORDER BY d.published DESC NULLS LAST, d.rowid DESC LIMIT ?3",
            document_summary_columns(db.is_postgres())
        );
        db.rows(&sql, &[kind.into(), id.into(), (limit as i64).into()])?
            .iter()
            .map(document_summary_of)
            .collect()
    }
}
