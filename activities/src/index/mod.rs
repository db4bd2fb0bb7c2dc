//! The retrieval index of passages: SQLite FTS5 in the embedded store, PostgreSQL
//! full-text search on the server store. Rules questions are answered from it with
//! citations.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::ActivityError;
use crate::passages::Passage;

mod sql;

pub use sql::{SqlIndex, query_words};

/// What went wrong with the index.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database failed; a retry may succeed.
    #[error("index unavailable: {0}")]
    Unavailable(String),
}

impl From<Error> for ActivityError {
    fn from(error: Error) -> Self {
        ActivityError::retryable("index_unavailable", error.to_string())
    }
}

/// A passage found by a search, best first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// The passage.
    pub passage: Passage,
    /// The document's file name.
    pub document_name: String,
    /// Programs the document is about.
    pub programs: Vec<String>,
    /// Relevance (higher is better; comparable within one search only).
    pub score: f64,
}

/// Indexes passages and searches them.
#[async_trait]
pub trait PassageIndex: Send + Sync {
    /// Replaces the document's passages in the index (idempotent).
    async fn index(
        &self,
        document_name: &str,
        programs: &[String],
        passages: &[Passage],
    ) -> Result<u64, Error>;
    /// Passages matching `query` (words, any order), of `program`'s documents when given.
    async fn search(
        &self,
        query: &str,
        program: Option<&str>,
        limit: u32,
    ) -> Result<Vec<Hit>, Error>;
}
