//! Intake: a document's bytes become an object in the landing area, a catalog entry and
//! one `ingest-document` run. The landing key and the run id derive from the content
//! hash, so the same document submitted twice (by upload, bucket event or CLI) is one
//! run, not two.

use std::path::Path;

use activities::catalog::DocumentRecord;
use activities::documents;
use activities::object_store::{landing_key, sha256_hex};
use anyhow::Context as _;
use engine::{Engine, RunStatus, StartRun};
use serde::Serialize;
use workflows::ingest::{Ingestion, document};

/// Why a document was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    /// The bytes are not a document the product reads.
    #[error("'{name}': {reason}")]
    Unsupported { name: String, reason: String },
    /// Storage or the engine failed.
    #[error("{0}")]
    Unavailable(String),
}

/// A submitted document as the API reports it.
#[derive(Clone, Debug, Serialize)]
pub struct Submitted {
    pub id: String,
    pub name: String,
    pub sha256: String,
    pub run_id: String,
    pub status: String,
    /// Whether this submission started the run (false: the document was known).
    pub created: bool,
}

/// The run id of a document ingested on its own.
pub fn run_id_of(sha256: &str) -> String {
    format!("ingest-{sha256}")
}

/// Reads a file and submits it under its file name; errors name the file.
pub async fn submit_file(
    engine: &Engine,
    ingestion: &Ingestion,
    path: &Path,
) -> anyhow::Result<Submitted> {
    let bytes = tokio::fs::read(path)
        .await
        .with_context(|| format!("reading '{}'", path.display()))?;
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    submit(engine, ingestion, &name, bytes)
        .await
        .with_context(|| format!("ingesting '{}'", path.display()))
}

/// Lands, catalogues and starts the ingestion of one document.
pub async fn submit(
    engine: &Engine,
    ingestion: &Ingestion,
    name: &str,
    bytes: Vec<u8>,
) -> Result<Submitted, IntakeError> {
    let name = clean_name(name);
    if bytes.is_empty() {
        return Err(IntakeError::Unsupported {
            name,
            reason: "the file is empty".into(),
        });
    }
    if let Err(error) = documents::detect(&bytes) {
        return Err(IntakeError::Unsupported {
            name,
            reason: error.to_string(),
        });
    }
    let sha256 = sha256_hex(&bytes);
    let key = landing_key(&sha256, &name);
    let size = bytes.len() as i64;
    let unavailable = |error: &dyn std::fmt::Display| IntakeError::Unavailable(error.to_string());
    if !ingestion
        .store
        .exists(&key)
        .await
        .map_err(|e| unavailable(&e))?
    {
        ingestion
            .store
            .put(&key, bytes)
            .await
            .map_err(|e| unavailable(&e))?;
    }
    let run_id = run_id_of(&sha256);
    let (record, _) = ingestion
        .catalog
        .register(&sha256, &name, size, &key, &run_id)
        .await
        .map_err(|e| unavailable(&e))?;
    let mut created = false;
    if record.run_id == run_id {
        let input = document::Input {
            document: sha256.clone(),
            name: record.name.clone(),
            key: record.object_key.clone(),
        };
        let start = StartRun::new(
            document::NAME,
            serde_json::to_value(&input).map_err(|e| unavailable(&e))?,
        )
        .with_id(run_id.clone());
        let started = engine.start(start).await.map_err(|e| unavailable(&e))?;
        created = started.created;
    }
    let status = status_of(engine, &record).await.0;
    Ok(Submitted {
        id: sha256.clone(),
        name: record.name,
        sha256,
        run_id: record.run_id,
        status,
        created,
    })
}

/// A document's status (`pending`, `running`, `awaiting_approval`, `completed`,
/// `failed`) and its run's error, read from its run.
pub async fn status_of(
    engine: &Engine,
    record: &DocumentRecord,
) -> (String, Option<serde_json::Value>) {
    let Ok(run) = engine.get(&record.run_id).await else {
        return ("pending".into(), None);
    };
    let status = match run.status {
        RunStatus::Pending => "pending",
        RunStatus::Waiting if record.awaiting_approval => "awaiting_approval",
        RunStatus::Running | RunStatus::Waiting => "running",
        RunStatus::Completed => "completed",
        RunStatus::Failed | RunStatus::Cancelled => "failed",
    };
    (status.to_owned(), run.error.clone())
}

/// A file name without directories or control characters.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base.chars().filter(|c| !c.is_control()).collect();
    if cleaned.trim().is_empty() {
        "document".to_owned()
    } else {
        cleaned.trim().to_owned()
    }
}
