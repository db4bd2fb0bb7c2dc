//! Notifications when a document's ingestion ends: a structured log line always, and an
//! optional webhook (JSON POST) or SNS topic.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::ActivityError;

/// What went wrong delivering a notification.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The endpoint could not be reached or failed; a retry may succeed.
    #[error("notification undelivered: {0}")]
    Undelivered(String),
}

impl From<Error> for ActivityError {
    fn from(error: Error) -> Self {
        ActivityError::retryable("notification_undelivered", error.to_string())
    }
}

/// The end of one document's ingestion.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IngestionEvent {
    /// The document's id.
    pub document: String,
    /// Its file name.
    pub name: String,
    /// The run that ingested it.
    pub run_id: String,
    /// `completed` or `failed`.
    pub status: String,
    /// Facts loaded into the graph.
    pub facts_loaded: u64,
    /// Facts a curator rejected or that failed validation and were dropped.
    pub facts_rejected: u64,
    /// Why it failed, if it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Delivers ingestion events.
#[async_trait]
pub trait Notifier: Send + Sync {
    /// Delivers one event (at least once: receivers dedupe by `run_id`).
    async fn notify(&self, event: &IngestionEvent) -> Result<(), Error>;
}

/// The embedded default: one structured log line per event.
#[derive(Clone, Copy, Debug, Default)]
pub struct LogNotifier;

#[async_trait]
impl Notifier for LogNotifier {
    async fn notify(&self, event: &IngestionEvent) -> Result<(), Error> {
        tracing::info!(
            document = %event.document,
            name = %event.name,
            run_id = %event.run_id,
            status = %event.status,
            facts_loaded = event.facts_loaded,
            facts_rejected = event.facts_rejected,
            error = event.error.as_deref().unwrap_or(""),
            "document ingested"
        );
        Ok(())
    }
}
