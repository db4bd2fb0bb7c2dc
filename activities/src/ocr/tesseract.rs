//! The embedded OCR engine: tesseract, with PDF pages rasterised by `pdftoppm`.

use async_trait::async_trait;

use super::{Ocr, OcrPoll, OcrStart};
use crate::documents::{DocumentKind, Error};

/// The embedded default: tesseract, with PDF pages rasterised by `pdftoppm`; always
/// finishes in `start`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Tesseract;

#[async_trait]
impl Ocr for Tesseract {
    fn name(&self) -> &'static str {
        "local"
    }

    async fn start(&self, _key: &str, kind: DocumentKind, bytes: &[u8]) -> Result<OcrStart, Error> {
        let pages = crate::documents::extract_text(kind, bytes).await?;
        Ok(OcrStart::Done { pages })
    }

    async fn poll(&self, job_id: &str) -> Result<OcrPoll, Error> {
        Err(Error::Unreadable(format!(
            "local OCR runs no jobs; '{job_id}' is not one"
        )))
    }
}
