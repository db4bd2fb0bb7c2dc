//! Text extraction, page by page: markup as text, the PDF text layer with `pdftotext`, and
//! OCR with `tesseract` for images and for PDFs without a text layer (pages rasterised
//! with `pdftoppm`). The embedded default; Textract implements the same contract later.

use std::process::Stdio;

use tokio::io::AsyncWriteExt;
use tokio::process::Command;

use super::binarize::binarize;
use super::ocr_layout::{pages_from_bbox, text_from_tsv};
use super::{DocumentKind, Error, html_to_text};

/// One page of a document's text.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Page {
    /// 1-based page number.
    pub number: u32,
    /// The page's text.
    pub text: String,
    /// Whether the text came from OCR.
    pub ocr: bool,
}

/// Resolution of rasterised PDF pages for OCR: 300 dpi reads small print reliably.
const OCR_DPI: &str = "300";
/// Tesseract's page mode "a single column of text of variable sizes": its default layout
/// analysis splits a table into blocks and drops the short cells (a lone fare-class
/// list); lines are rebuilt from the word boxes in any case.
const PAGE_MODE: &str = "4";

/// The text a document carries without OCR: markup and text files, and the text layer of
/// a PDF; `None` when only OCR can read it (images, scanned PDFs).
pub async fn text_layer(kind: DocumentKind, bytes: &[u8]) -> Result<Option<Vec<Page>>, Error> {
    match kind {
        DocumentKind::Png | DocumentKind::Jpeg => Ok(None),
        DocumentKind::Pdf => {
            let pages = pdf_text_layer(bytes).await?;
            Ok(pages
                .iter()
                .any(|page| !page.text.trim().is_empty())
                .then_some(pages))
        }
        _ => extract_text(kind, bytes).await.map(Some),
    }
}

/// The PDF's text layer, laid out from its word boxes like OCR text: paragraphs and
/// headings from line spacing and print size, table columns kept aligned.
async fn pdf_text_layer(bytes: &[u8]) -> Result<Vec<Page>, Error> {
    let layer = run("pdftotext", &["-bbox-layout", "-", "-"], Some(bytes)).await?;
    Ok(pages_from_bbox(&layer)
        .into_iter()
        .enumerate()
        .map(|(index, text)| Page {
            number: index as u32 + 1,
            text: text.trim_end().to_owned(),
            ocr: false,
        })
        .filter(|page| !(page.text.is_empty() && page.number > 1))
        .collect())
}

/// The text of a document of a known kind.
pub async fn extract_text(kind: DocumentKind, bytes: &[u8]) -> Result<Vec<Page>, Error> {
    let single = |text: String, ocr| {
        vec![Page {
            number: 1,
            text,
            ocr,
        }]
    };
    match kind {
        DocumentKind::Html => Ok(single(html_to_text(&utf8(bytes)?), false)),
        DocumentKind::Markdown | DocumentKind::Text => {
            Ok(single(utf8(bytes)?.trim().to_owned(), false))
        }
        DocumentKind::Png | DocumentKind::Jpeg => ocr_pages(kind, bytes).await,
        DocumentKind::Pdf => {
            let pages = pdf_text_layer(bytes).await?;
            if pages.iter().any(|page| !page.text.trim().is_empty()) {
                Ok(pages)
            } else {
                ocr_pages(kind, bytes).await
            }
        }
    }
}

/// The pages of an image or a scanned PDF, read with OCR.
async fn ocr_pages(kind: DocumentKind, bytes: &[u8]) -> Result<Vec<Page>, Error> {
    let pages = ocr_word_boxes(kind, bytes).await?;
    Ok(pages
        .iter()
        .enumerate()
        .map(|(index, tsv)| ocr_page(index as u32 + 1, tsv))
        .collect())
}

/// A page of OCR text from tesseract's word boxes (its `tsv` output).
pub fn ocr_page(number: u32, tsv: &str) -> Page {
    Page {
        number,
        text: text_from_tsv(tsv).trim().to_owned(),
        ocr: true,
    }
}

/// Tesseract's word boxes (`tsv` output), one string per page, of an image or of every
/// page of a PDF; the slow half of OCR, kept apart so that tools can cache it.
pub async fn ocr_word_boxes(kind: DocumentKind, bytes: &[u8]) -> Result<Vec<String>, Error> {
    match kind {
        DocumentKind::Pdf => pdf_word_boxes(bytes).await,
        _ => Ok(vec![ocr_image(bytes.to_vec()).await?]),
    }
}

/// Tesseract's word boxes of one page image, made black on white first.
async fn ocr_image(image: Vec<u8>) -> Result<String, Error> {
    let binary = tokio::task::spawn_blocking(move || binarize(&image))
        .await
        .map_err(|error| Error::ToolUnavailable(format!("binarizing the image: {error}")))??;
    run(
        "tesseract",
        &["stdin", "stdout", "--psm", PAGE_MODE, "tsv"],
        Some(&binary),
    )
    .await
}

fn utf8(bytes: &[u8]) -> Result<String, Error> {
    String::from_utf8(bytes.to_vec()).map_err(|_| Error::Unreadable("text is not UTF-8".into()))
}

/// Rasterises every page and reads its word boxes with OCR.
async fn pdf_word_boxes(bytes: &[u8]) -> Result<Vec<String>, Error> {
    let dir = tempfile::tempdir().map_err(|error| Error::ToolUnavailable(error.to_string()))?;
    let pdf = dir.path().join("document.pdf");
    tokio::fs::write(&pdf, bytes)
        .await
        .map_err(|error| Error::ToolUnavailable(error.to_string()))?;
    let prefix = dir.path().join("page");
    let (pdf, prefix) = (pdf.display().to_string(), prefix.display().to_string());
    run("pdftoppm", &["-r", OCR_DPI, "-gray", &pdf, &prefix], None).await?;
    let mut images: Vec<_> = std::fs::read_dir(dir.path())
        .map_err(|error| Error::ToolUnavailable(error.to_string()))?
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "pgm"))
        .collect();
    // pdftoppm numbers pages with zero padding, so names sort in page order.
    images.sort();
    let mut pages = Vec::with_capacity(images.len());
    for image in &images {
        let bytes = tokio::fs::read(image)
            .await
            .map_err(|error| Error::ToolUnavailable(error.to_string()))?;
        let tsv = ocr_image(bytes).await?;
        pages.push(tsv);
    }
    if pages.is_empty() {
        return Err(Error::Unreadable("the PDF has no pages".into()));
    }
    Ok(pages)
}

/// Runs a reading tool, feeding `input` on stdin, and returns its stdout.
async fn run(program: &str, args: &[&str], input: Option<&[u8]>) -> Result<String, Error> {
    let mut child = Command::new(program)
        .args(args)
        // Tesseract's OpenMP threads fight over the cores the workers share: one thread per
        // page is several times faster here than the default.
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|error| {
            Error::ToolUnavailable(format!(
                "cannot run {program} ({error}); install Debian's poppler-utils and tesseract-ocr"
            ))
        })?;
    if let (Some(input), Some(mut stdin)) = (input, child.stdin.take()) {
        // A tool that stops reading early (a damaged file) closes the pipe: its exit status
        // says what went wrong, not the write.
        let _ = stdin.write_all(input).await;
        drop(stdin);
    }
    let output = child
        .wait_with_output()
        .await
        .map_err(|error| Error::ToolUnavailable(format!("{program}: {error}")))?;
    if !output.status.success() {
        // Killed by a signal (the OOM killer, a restart): the document is not at fault and
        // another attempt may well succeed.
        if output.status.code().is_none() {
            return Err(Error::ToolUnavailable(format!(
                "{program} was killed ({})",
                output.status
            )));
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(Error::Unreadable(format!(
            "{program} failed: {}",
            stderr.trim()
        )));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}
