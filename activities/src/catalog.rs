//! The catalog of ingested documents: one row per distinct content (its SHA-256), with the
//! run that ingests it, what the run found, and the facts waiting for a curator. The
//! document's status is read from its run; this table adds what the run alone can't say.

use engine::Database;
use serde::{Deserialize, Serialize};
use sqlx::Row;

use crate::ActivityError;
use crate::validate::HeldFact;

/// What went wrong with the catalog.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database failed; a retry may succeed.
    #[error("document catalog unavailable: {0}")]
    Unavailable(String),
}

impl From<sqlx::Error> for Error {
    fn from(error: sqlx::Error) -> Self {
        Self::Unavailable(error.to_string())
    }
}

impl From<sqlx::migrate::MigrateError> for Error {
    fn from(error: sqlx::migrate::MigrateError) -> Self {
        Self::Unavailable(error.to_string())
    }
}

impl From<Error> for ActivityError {
    fn from(error: Error) -> Self {
        ActivityError::retryable("catalog_unavailable", error.to_string())
    }
}

/// A document as the catalog knows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentRecord {
    /// The SHA-256 of the content.
    pub id: String,
    /// The file name it arrived with.
    pub name: String,
    /// Bytes.
    pub size: i64,
    /// Its landing key in the object store.
    pub object_key: String,
    /// The run that ingests it.
    pub run_id: String,
    /// The detected type, once known.
    pub kind: Option<String>,
    /// Milliseconds since the epoch.
    pub created_at: i64,
    /// Milliseconds since the epoch.
    pub updated_at: i64,
    /// Facts the extractor found.
    pub facts_extracted: i64,
    /// Facts loaded into the graph.
    pub facts_loaded: i64,
    /// Facts waiting for a curator.
    pub facts_held: i64,
    /// Facts rejected (by validation with no gate, or by a curator).
    pub facts_rejected: i64,
    /// Whether the run waits for a curator's decision.
    pub awaiting_approval: bool,
    /// The facts waiting, with why.
    pub held: Vec<HeldFact>,
}

/// Counts a run step records.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Facts the extractor found.
    pub extracted: i64,
    /// Facts loaded into the graph.
    pub loaded: i64,
    /// Facts rejected.
    pub rejected: i64,
}

/// The document catalog.
#[derive(Clone, Debug)]
pub struct Catalog {
    database: Database,
}

const COLUMNS: &str = "id, name, size, object_key, run_id, kind, created_at, updated_at, \
    facts_extracted, facts_loaded, facts_held, facts_rejected, awaiting_approval, held";

macro_rules! record_from_row {
    ($row:expr) => {{
        let row = $row;
        let held: String = row.try_get("held")?;
        DocumentRecord {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            size: row.try_get("size")?,
            object_key: row.try_get("object_key")?,
            run_id: row.try_get("run_id")?,
            kind: row.try_get("kind")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
            facts_extracted: row.try_get("facts_extracted")?,
            facts_loaded: row.try_get("facts_loaded")?,
            facts_held: row.try_get("facts_held")?,
            facts_rejected: row.try_get("facts_rejected")?,
            awaiting_approval: row.try_get::<i64, _>("awaiting_approval")? != 0,
            held: serde_json::from_str(&held).unwrap_or_default(),
        }
    }};
}

/// Runs one statement with text and integer parameters on either database.
macro_rules! execute {
    ($database:expr, $sql:expr $(, $bind:expr)*) => {
        match $database {
            Database::Sqlite(pool) => {
                sqlx::query($sql)$(.bind($bind))*.execute(pool).await.map(|done| done.rows_affected())
            }
            Database::Postgres(pool) => {
                sqlx::query($sql)$(.bind($bind))*.execute(pool).await.map(|done| done.rows_affected())
            }
        }
    };
}

macro_rules! fetch {
    ($database:expr, $sql:expr $(, $bind:expr)*) => {
        match $database {
            Database::Sqlite(pool) => {
                let rows = sqlx::query($sql)$(.bind($bind))*.fetch_all(pool).await?;
                rows.iter().map(|row| Ok(record_from_row!(row))).collect::<Result<Vec<_>, sqlx::Error>>()
            }
            Database::Postgres(pool) => {
                let rows = sqlx::query($sql)$(.bind($bind))*.fetch_all(pool).await?;
                rows.iter().map(|row| Ok(record_from_row!(row))).collect::<Result<Vec<_>, sqlx::Error>>()
            }
        }
    };
}

fn now() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

impl Catalog {
    /// The catalog in `database`, its table created if needed.
    pub async fn open(database: Database) -> Result<Self, Error> {
        crate::schema::migrate(&database).await?;
        Ok(Self { database })
    }

    /// Registers a document, or returns the one with the same content, and whether this
    /// call created it.
    pub async fn register(
        &self,
        id: &str,
        name: &str,
        size: i64,
        object_key: &str,
        run_id: &str,
    ) -> Result<(DocumentRecord, bool), Error> {
        let at = now();
        let inserted = execute!(
            &self.database,
            "INSERT INTO documents (id, name, size, object_key, run_id, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (id) DO NOTHING",
            id,
            name,
            size,
            object_key,
            run_id,
            at
        )?;
        let record = self
            .get(id)
            .await?
            .ok_or_else(|| Error::Unavailable(format!("document {id} vanished")))?;
        Ok((record, inserted == 1))
    }

    /// One document.
    pub async fn get(&self, id: &str) -> Result<Option<DocumentRecord>, Error> {
        let sql = format!("SELECT {COLUMNS} FROM documents WHERE id = $1");
        let mut records = fetch!(&self.database, &sql, id)?;
        Ok(records.pop())
    }

    /// Documents, newest first; `before` is the previous page's last `(created_at, id)`.
    pub async fn list(
        &self,
        limit: u32,
        before: Option<(i64, String)>,
    ) -> Result<Vec<DocumentRecord>, Error> {
        let (at, id) = before.unwrap_or((i64::MAX, String::new()));
        let sql = format!(
            "SELECT {COLUMNS} FROM documents WHERE created_at < $1 OR (created_at = $1 AND id < $2) \
             ORDER BY created_at DESC, id DESC LIMIT $3"
        );
        Ok(fetch!(&self.database, &sql, at, id, i64::from(limit))?)
    }

    /// Points a document at the run now ingesting it (a batch's child, a re-ingestion).
    pub async fn set_run(&self, id: &str, run_id: &str) -> Result<(), Error> {
        execute!(
            &self.database,
            "UPDATE documents SET run_id = $1, updated_at = $2 WHERE id = $3",
            run_id,
            now(),
            id
        )?;
        Ok(())
    }

    /// Records the detected type.
    pub async fn set_kind(&self, id: &str, kind: &str) -> Result<(), Error> {
        execute!(
            &self.database,
            "UPDATE documents SET kind = $1, updated_at = $2 WHERE id = $3",
            kind,
            now(),
            id
        )?;
        Ok(())
    }

    /// Records fact counts (absolute values: idempotent when a step re-runs).
    pub async fn set_counts(&self, id: &str, counts: Counts) -> Result<(), Error> {
        execute!(
            &self.database,
            "UPDATE documents SET facts_extracted = $1, facts_loaded = $2, facts_rejected = $3, \
             updated_at = $4 WHERE id = $5",
            counts.extracted,
            counts.loaded,
            counts.rejected,
            now(),
            id
        )?;
        Ok(())
    }

    /// Marks the document as waiting for a curator with `held` facts, or (empty) as not.
    pub async fn set_held(&self, id: &str, held: &[HeldFact]) -> Result<(), Error> {
        let json = serde_json::to_string(held).unwrap_or_else(|_| "[]".into());
        execute!(
            &self.database,
            "UPDATE documents SET held = $1, facts_held = $2, awaiting_approval = $3, \
             updated_at = $4 WHERE id = $5",
            json,
            held.len() as i64,
            i64::from(!held.is_empty()),
            now(),
            id
        )?;
        Ok(())
    }
}
