//! OCR behind one trait: tesseract in the embedded default (pages rasterised with
//! `pdftoppm`), Amazon Textract in production. Textract reads multi-page PDFs as an
//! asynchronous job, so the trait has a start and a poll: the workflow polls with durable
//! timers in between, and a crash mid-job resumes polling the same job.

mod tesseract;
mod textract;

pub use tesseract::Tesseract;
pub use textract::{Textract, TextractSettings};

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::documents::{DocumentKind, Error, Page};

/// What starting OCR gave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum OcrStart {
    /// The text is ready (synchronous engines, single images).
    Done {
        /// The pages' text.
        pages: Vec<Page>,
    },
    /// A job runs; poll it with this id.
    Started {
        /// The engine's job id.
        job_id: String,
    },
}

/// What polling a job gave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum OcrPoll {
    /// Still running.
    Running,
    /// Finished.
    Done {
        /// The pages' text.
        pages: Vec<Page>,
    },
}

/// Reads text from scans.
#[async_trait]
pub trait Ocr: Send + Sync {
    /// `local` or `textract`.
    fn name(&self) -> &'static str;
    /// Starts reading a scanned document (`kind` is an image or an image-only PDF); `key` is
    /// its object-store key, for engines that read from the store themselves.
    async fn start(&self, key: &str, kind: DocumentKind, bytes: &[u8]) -> Result<OcrStart, Error>;
    /// Polls a job [`Ocr::start`] started.
    async fn poll(&self, job_id: &str) -> Result<OcrPoll, Error>;
}
