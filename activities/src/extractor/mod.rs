//! Fact extraction: a document's passages in, typed [`Facts`] out, behind one trait. The
//! deterministic local extractor is the embedded default; Bedrock Converse and any
//! OpenAI-compatible chat endpoint implement the same trait for production.

mod bedrock;
mod llm;
mod local;
mod openai;
pub mod schema;

pub use bedrock::BedrockExtractor;
pub use local::LocalExtractor;
pub use openai::OpenAiExtractor;
// The model settings are shared with the understanding; kept here for their first users.
pub use crate::model::{BedrockSettings, OpenAiSettings};

use async_trait::async_trait;

use crate::ActivityError;
use crate::facts::Facts;
use crate::model::Failure;
use crate::passages::DocumentText;

/// What went wrong extracting facts.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The model endpoint could not be reached or answered with a server error; a retry
    /// may succeed.
    #[error("extractor unavailable: {0}")]
    Unavailable(String),
    /// The endpoint answered, but not with facts in the expected shape.
    #[error("extractor answered badly: {0}")]
    BadResponse(String),
    /// The extractor is misconfigured (model id, credentials, endpoint).
    #[error("extractor misconfigured: {0}")]
    Config(String),
}

impl From<Error> for ActivityError {
    fn from(error: Error) -> Self {
        match &error {
            Error::Unavailable(_) => {
                ActivityError::retryable("extractor_unavailable", error.to_string())
            }
            // A model may answer well on a second try.
            Error::BadResponse(_) => {
                ActivityError::retryable("extractor_bad_response", error.to_string())
            }
            Error::Config(_) => ActivityError::fatal("extractor_misconfigured", error.to_string()),
        }
    }
}

impl From<Failure> for Error {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::Unavailable(message) => Self::Unavailable(message),
            Failure::BadResponse(message) => Self::BadResponse(message),
            Failure::Refused(message) => Self::Config(message),
        }
    }
}

/// Reads facts out of a document.
#[async_trait]
pub trait Extractor: Send + Sync {
    /// A short name for logs and history (`local`, `bedrock`, `openai`).
    fn name(&self) -> &'static str;
    /// The facts stated by `document`, each with its source passage.
    async fn extract(&self, document: &DocumentText) -> Result<Facts, Error>;
}
