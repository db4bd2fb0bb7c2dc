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

/// Text with the digits of other scripts written as Western ones ("٣٬٠٠٠" → "3,000",
/// "१५०%" → "150%", "໑໗໕" → "175"), as the rest of the pipeline reads numbers; other text
/// unchanged.
pub fn western_digits(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Whether the last character was a digit, and whether it was another script's.
    let mut last_digit: Option<bool> = None;
    for c in text.chars() {
        let (written, native) = match c {
            '٬' => (',', None),
            '٫' => ('.', None),
            // The Arabic percent sign: "١٥٠٪" is "150%".
            '٪' => ('%', None),
            other => match digit_value(other) {
                Some(value) => (char::from(b'0' + value), Some(true)),
                None => (other, other.is_ascii_digit().then_some(false)),
            },
        };
        // "१७५175" (a figure in both scripts, set side by side): two figures.
        if let (Some(before), Some(now)) = (last_digit, native)
            && before != now
        {
            out.push(' ');
        }
        last_digit = native;
        out.push(written);
    }
    out
}

/// The value of a decimal digit of another script.
fn digit_value(c: char) -> Option<u8> {
    // The zero of each script's ten digits, which follow it in order.
    const ZEROS: &[u32] = &[
        0x0660, // Arabic-Indic
        0x06F0, // Persian
        0x07C0, // N'Ko
        0x0966, // Devanagari
        0x09E6, // Bengali
        0x0A66, // Gurmukhi
        0x0AE6, // Gujarati
        0x0B66, // Oriya
        0x0BE6, // Tamil
        0x0C66, // Telugu
        0x0CE6, // Kannada
        0x0D66, // Malayalam
        0x0DE6, // Sinhala
        0x0E50, // Thai
        0x0ED0, // Lao
        0x0F20, // Tibetan
        0x1040, // Myanmar
        0x17E0, // Khmer
        0x1810, // Mongolian
        0xFF10, // full-width
    ];
    let code = u32::from(c);
    ZEROS
        .iter()
        .find(|&&zero| (zero..zero + 10).contains(&code))
        .and_then(|&zero| u8::try_from(code - zero).ok())
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
