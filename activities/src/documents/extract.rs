//! Text extraction, page by page: markup as text, the PDF text layer with `pdftotext`, and
//! OCR with `tesseract` for images and for PDFs without a text layer (pages rasterised
//! with `pdftoppm`). The embedded default; Textract implements the same contract later.

use std::process::Stdio;
use std::sync::LazyLock;

use regex::Regex;

use tokio::io::AsyncWriteExt;
use tokio::process::Command;

use super::binarize::{Area, Binary, binarize};
use super::glyphs;
use super::ocr_layout::{pages_from_bbox, text_from_tsv};
use super::reread;
use super::unread_ink::{bars_left_out, unread_ink};
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
            text: super::western_digits(text.trim_end()),
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
            text: super::western_digits(&text),
            ocr,
        }]
    };
    match kind {
        DocumentKind::Html => Ok(single(html_to_text(&utf8(bytes)?), false)),
        DocumentKind::Markdown => Ok(single(markdown_text(&utf8(bytes)?), false)),
        DocumentKind::Text => Ok(single(utf8(bytes)?.trim().to_owned(), false)),
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

/// Markdown as its reader sees it: images, HTML comments and struck-through text ("Gold |
/// ~~5,000~~ 6,500") left out and links as their text (a page clipped from a website is
/// full of them).
fn markdown_text(markdown: &str) -> String {
    static COMMENT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?s)<!--.*?-->").expect("valid regex"));
    static STRUCK: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"~~[^~\n]+~~").expect("valid regex"));
    static IMAGE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"!\[[^\]]*\]\([^)]*\)").expect("valid regex"));
    static LINK: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\[([^\]]*)\]\([^)]*\)").expect("valid regex"));
    let text = COMMENT.replace_all(markdown, "");
    let text = STRUCK.replace_all(&text, "");
    let text = IMAGE.replace_all(&text, "");
    LINK.replace_all(&text, "$1").trim().to_owned()
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
        text: super::western_digits(text_from_tsv(tsv).trim()),
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

/// Tesseract's word boxes of one page image, made black on white first, with the words it
/// was unsure of read again (see `reread`) and the words its layout analysis dropped
/// recovered (see `unread_ink`).
async fn ocr_image(image: Vec<u8>) -> Result<String, Error> {
    let binary = blocking(move || binarize(&image)).await??;
    let tsv = tesseract(binary.to_pgm(), PAGE_MODE).await?;
    let (binary, tsv) = read_doubtful_again(binary, tsv).await?;
    let (binary, tsv) = read_lists_by_glyph(binary, tsv).await?;
    let (binary, mut tsv, unread) = blocking(move || {
        let tsv = reread::with_readings(&tsv, &bars_left_out(&binary, &tsv));
        let unread = unread_ink(&binary, &tsv);
        (binary, tsv, unread)
    })
    .await?;
    for (index, stretch) in unread.iter().enumerate() {
        // Each stretch a block of its own, so that it measures no skew with others.
        let block = RECOVERED_BLOCK + index;
        if stretch.bar {
            push_word(&mut tsv, block, 1, stretch.area, "I");
            continue;
        }
        let margin = stretch.area.height / 2;
        let (crop, origin) = binary.crop(stretch.area, margin);
        let read = tesseract(crop.to_pgm(), LINE_MODE).await?;
        for (number, word) in reread::words_read(&read).into_iter().enumerate() {
            if word.confidence >= RECOVERED_CONFIDENCE {
                let area = Area {
                    left: origin.0 + word.area.left,
                    top: origin.1 + word.area.top,
                    ..word.area
                };
                push_word(&mut tsv, block, number + 1, area, &word.text);
            }
        }
    }
    Ok(tsv)
}

/// The page's doubtful words read again on one sheet, `tsv` with the better readings.
async fn read_doubtful_again(binary: Binary, tsv: String) -> Result<(Binary, String), Error> {
    let words = reread::doubtful(&reread::words_read(&tsv));
    if words.is_empty() {
        return Ok((binary, tsv));
    }
    let (binary, words, sheet, bands) = blocking(move || {
        let (sheet, bands) = reread::sheet(&binary, &words);
        (binary, words, reread::pgm(&sheet), bands)
    })
    .await?;
    let read = tesseract(sheet, BLOCK_MODE).await?;
    let readings = reread::better_readings(&words, &bands, &read);
    Ok((binary, reread::with_readings(&tsv, &readings)))
}

/// The page's badly read lists of fare classes read glyph by glyph (see `glyphs`), `tsv`
/// with the readings that make clean lists.
async fn read_lists_by_glyph(binary: Binary, tsv: String) -> Result<(Binary, String), Error> {
    let all = reread::words_read(&tsv);
    let words: Vec<reread::WordRead> = all
        .iter()
        .enumerate()
        .filter(|&(index, word)| {
            glyphs::list_like(word) || (index > 0 && glyphs::list_goes_on(&all[index - 1], word))
        })
        .map(|(_, word)| word.clone())
        .collect();
    if words.is_empty() {
        return Ok((binary, tsv));
    }
    let (binary, words, cut, sheet, lines) = blocking(move || {
        let cut: Vec<(Area, Vec<glyphs::Glyph>)> = words
            .iter()
            .map(|word| (word.area, glyphs::glyphs(&binary, word.area)))
            .collect();
        let (sheet, lines) = glyphs::sheet(&binary, &cut);
        (binary, words, cut, reread::pgm(&sheet), lines)
    })
    .await?;
    let read = reread::words_read(&tesseract(sheet, BLOCK_MODE).await?);
    let readings: Vec<(usize, String, f64)> = words
        .iter()
        .zip(&cut)
        .zip(&lines)
        .filter_map(|((word, (_, glyphs)), line)| {
            // The word's own ending (":" after the list) stays as read.
            let ending: String = word
                .text
                .chars()
                .rev()
                .take_while(|c| matches!(c, ':' | '.' | ';'))
                .collect();
            let glyphs = &glyphs[..glyphs.len().saturating_sub(ending.len())];
            let mut line = line.clone();
            line.slots.truncate(
                glyphs
                    .iter()
                    .filter(|glyph| glyph.shape == glyphs::Shape::Other)
                    .count(),
            );
            let text = glyphs::assemble(glyphs, &glyphs::read_slots(&line, &read)?)?;
            Some((word.row, format!("{text}{ending}"), word.confidence))
        })
        .collect();
    Ok((binary, reread::with_readings(&tsv, &readings)))
}

/// Runs CPU-bound work (image processing) off the async workers.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Error> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|error| Error::ToolUnavailable(format!("processing the page image: {error}")))
}

/// Tesseract's page mode "a single text line", for ink read again.
const LINE_MODE: &str = "7";
/// Tesseract's page mode "a single uniform block of text", for the sheet of doubtful words.
const BLOCK_MODE: &str = "6";
/// Blocks of recovered words are numbered from here (tesseract's count from 1).
const RECOVERED_BLOCK: usize = 10_000;
/// Words read again count only when tesseract is this sure of them: unread ink may be a
/// stamp or a smudge.
const RECOVERED_CONFIDENCE: f64 = 60.0;

/// Tesseract's word boxes (`tsv`) of a greymap.
async fn tesseract(pgm: Vec<u8>, mode: &str) -> Result<String, Error> {
    run(
        "tesseract",
        &["stdin", "stdout", "--psm", mode, "tsv"],
        Some(&pgm),
    )
    .await
}

/// Appends a word row to tesseract's `tsv` output.
fn push_word(tsv: &mut String, block: usize, number: usize, area: Area, text: &str) {
    if !tsv.ends_with('\n') {
        tsv.push('\n');
    }
    let Area {
        left,
        top,
        width,
        height,
    } = area;
    tsv.push_str(&format!(
        "5\t1\t{block}\t1\t1\t{number}\t{left}\t{top}\t{width}\t{height}\t{RECOVERED_CONFIDENCE}\t{text}\n"
    ));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_indic_digits_read_as_western_ones() {
        assert_eq!(
            super::super::western_digits("الفضي (Silver): ٣٬٠٠٠ نقطة فئة · ۱۲٫۵"),
            "الفضي (Silver): 3,000 نقطة فئة · 12.5"
        );
        // Devanagari, Lao and Tibetan digits; a figure in two scripts side by side stays two.
        assert_eq!(
            super::super::western_digits("१,८०,००० · ໑໗໕ (175) · ༡༥༠% · १७५175"),
            "1,80,000 · 175 (175) · 150% · 175 175"
        );
    }

    #[test]
    fn markdown_links_read_as_their_text_and_images_are_left_out() {
        let clipped = "[![Copa](logo.svg)](https://example.invalid/) [Earn miles](https://example.invalid/earn) › Award chart[^1]";
        assert_eq!(markdown_text(clipped), "Earn miles › Award chart[^1]");
        assert_eq!(
            markdown_text("| Gold | ~~5,000~~ 6,500 |"),
            "| Gold |  6,500 |"
        );
    }
}
