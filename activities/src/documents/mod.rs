//! Reading documents: what a file is (from its content, not its name) and its text, page
//! by page, with OCR for scans. Tables are kept as Markdown tables so that later steps can
//! read them as tables.

mod binarize;
mod detect;
mod extract;
mod glyphs;
mod html;
mod ocr_layout;
mod page_columns;
mod reread;
mod unread_ink;

pub use detect::{DocumentKind, detect};
pub use extract::{Page, extract_text, ocr_page, ocr_word_boxes, text_layer};
pub use html::html_to_text;

/// Text with Arabic-Indic and Persian digits written as Western ones ("٣٬٠٠٠" → "3,000"),
/// as the rest of the pipeline reads numbers; other text unchanged.
pub fn western_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
            '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
            '٬' => ',',
            '٫' => '.',
            other => other,
        })
        .collect()
}

use crate::ActivityError;

/// What went wrong reading a document.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Not a format this product reads.
    #[error("unsupported document: {0}")]
    Unsupported(String),
    /// The document is damaged or empty.
    #[error("unreadable document: {0}")]
    Unreadable(String),
    /// A reading tool (pdftotext, pdftoppm, tesseract) is missing or failed to run; a retry
    /// after the environment is fixed may succeed.
    #[error("document tool unavailable: {0}")]
    ToolUnavailable(String),
    /// An OCR service (Textract) is throttled, failing or unreachable; a retry may succeed.
    #[error("OCR service unavailable: {0}")]
    ServiceUnavailable(String),
    /// An OCR service refused the request itself (access to the document, configuration,
    /// an unknown job); no retry fixes that.
    #[error("OCR service refused the request: {0}")]
    Refused(String),
}

impl Error {
    /// Whether another attempt could succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(self, Self::ToolUnavailable(_) | Self::ServiceUnavailable(_))
    }
}

impl From<Error> for ActivityError {
    fn from(error: Error) -> Self {
        let kind = match &error {
            Error::Unsupported(_) => "unsupported_document",
            Error::Unreadable(_) => "unreadable_document",
            Error::ToolUnavailable(_) => "tool_unavailable",
            Error::ServiceUnavailable(_) => "ocr_unavailable",
            Error::Refused(_) => "ocr_refused",
        };
        if error.is_retryable() {
            ActivityError::retryable(kind, error.to_string())
        } else {
            ActivityError::fatal(kind, error.to_string())
        }
    }
}
