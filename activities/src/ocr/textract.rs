//! Amazon Textract as the OCR engine, through the official SDK. Images are read in one
//! synchronous `DetectDocumentText` call; PDFs are read by an asynchronous job over the
//! document's S3 object (`StartDocumentTextDetection`), whose results
//! `GetDocumentTextDetection` returns page by page of results (`NextToken`).

use async_trait::async_trait;
use aws_sdk_textract::Client;
use aws_sdk_textract::primitives::Blob;
use aws_sdk_textract::types::{Block, BlockType, Document, DocumentLocation, JobStatus, S3Object};
use sha2::{Digest, Sha256};

use super::{Ocr, OcrPoll, OcrStart};
use crate::aws::{self, Endpoint, Failure};
use crate::documents::{DocumentKind, Error, Page};

/// Where Textract is and where it finds the documents it reads asynchronously.
#[derive(Clone, Debug, Default)]
pub struct TextractSettings {
    /// The region; the standard chain decides when absent.
    pub region: Option<String>,
    /// An endpoint override (VPC endpoints, tests).
    pub endpoint_url: Option<String>,
    /// The S3 bucket of the object store: Textract reads PDFs from there.
    pub bucket: String,
    /// The object store's key prefix inside the bucket.
    pub prefix: String,
}

/// Textract OCR. Credentials come from the standard AWS chain.
#[derive(Clone, Debug)]
pub struct Textract {
    client: Client,
    bucket: String,
    prefix: String,
}

/// Results per `GetDocumentTextDetection` call: the service's maximum.
const MAX_RESULTS: i32 = 1000;

/// The largest document `DetectDocumentText` takes as bytes.
const MAX_SYNC_BYTES: usize = 10 * 1024 * 1024;

impl Textract {
    /// A client for the service in `settings`.
    pub async fn connect(settings: TextractSettings) -> Self {
        let shared = aws::sdk_config(Endpoint {
            region: settings.region.as_deref(),
            endpoint_url: settings.endpoint_url.as_deref(),
            timeout: Some(std::time::Duration::from_secs(120)),
        })
        .await;
        Self {
            client: Client::new(&shared),
            bucket: settings.bucket,
            prefix: settings.prefix,
        }
    }

    async fn detect(&self, bytes: &[u8]) -> Result<Vec<Page>, Error> {
        if bytes.len() > MAX_SYNC_BYTES {
            return Err(Error::Unsupported(format!(
                "Textract reads images up to {MAX_SYNC_BYTES} bytes; this one has {}",
                bytes.len()
            )));
        }
        let output = self
            .client
            .detect_document_text()
            .document(Document::builder().bytes(Blob::new(bytes)).build())
            .send()
            .await
            .map_err(|error| failure(&aws::classify("Textract", &error)))?;
        Ok(pages_of(output.blocks(), 1))
    }

    async fn start_job(&self, key: &str) -> Result<String, Error> {
        let object = format!("{}{key}", self.prefix);
        let output = self
            .client
            .start_document_text_detection()
            .document_location(
                DocumentLocation::builder()
                    .s3_object(
                        S3Object::builder()
                            .bucket(&self.bucket)
                            .name(&object)
                            .build(),
                    )
                    .build(),
            )
            // The same token returns the same job: a retried start never reads twice.
            .client_request_token(request_token(&self.bucket, &object))
            .send()
            .await
            .map_err(|error| failure(&aws::classify("Textract", &error)))?;
        output
            .job_id()
            .map(str::to_owned)
            .ok_or_else(|| Error::ServiceUnavailable("Textract started a job without an id".into()))
    }
}

#[async_trait]
impl Ocr for Textract {
    fn name(&self) -> &'static str {
        "textract"
    }

    async fn start(&self, key: &str, kind: DocumentKind, bytes: &[u8]) -> Result<OcrStart, Error> {
        match kind {
            DocumentKind::Png | DocumentKind::Jpeg => Ok(OcrStart::Done {
                pages: self.detect(bytes).await?,
            }),
            DocumentKind::Pdf => Ok(OcrStart::Started {
                job_id: self.start_job(key).await?,
            }),
            other => Err(Error::Unsupported(format!(
                "Textract reads images and PDFs, not {}",
                other.as_str()
            ))),
        }
    }

    async fn poll(&self, job_id: &str) -> Result<OcrPoll, Error> {
        let mut blocks = Vec::new();
        let mut page_count = 0;
        let mut next_token = None;
        loop {
            let output = self
                .client
                .get_document_text_detection()
                .job_id(job_id)
                .max_results(MAX_RESULTS)
                .set_next_token(next_token.take())
                .send()
                .await
                .map_err(|error| failure(&aws::classify("Textract", &error)))?;
            match output.job_status() {
                Some(JobStatus::Succeeded | JobStatus::PartialSuccess) => {}
                Some(JobStatus::InProgress) => return Ok(OcrPoll::Running),
                Some(JobStatus::Failed) => {
                    return Err(Error::Unreadable(format!(
                        "Textract job {job_id} failed: {}",
                        output.status_message().unwrap_or("no reason given")
                    )));
                }
                other => {
                    return Err(Error::ServiceUnavailable(format!(
                        "Textract job {job_id} in unexpected state {other:?}"
                    )));
                }
            }
            if let Some(pages) = output.document_metadata().and_then(|meta| meta.pages()) {
                page_count = page_count.max(pages.max(0) as u32);
            }
            blocks.extend_from_slice(output.blocks());
            match output.next_token() {
                Some(token) if !token.is_empty() => next_token = Some(token.to_owned()),
                _ => break,
            }
        }
        let pages = pages_of(&blocks, page_count);
        if pages.is_empty() {
            return Err(Error::Unreadable(format!(
                "Textract job {job_id} found no pages"
            )));
        }
        Ok(OcrPoll::Done { pages })
    }
}

/// Maps an SDK failure: throttling and outages are retryable; a document Textract cannot
/// read or may not access is not.
fn failure(failure: &Failure) -> Error {
    match failure {
        Failure::Transient(message) => Error::ServiceUnavailable(message.clone()),
        Failure::Permanent { code, message } => match code.as_str() {
            "UnsupportedDocumentException" | "DocumentTooLargeException" => {
                Error::Unsupported(message.clone())
            }
            "BadDocumentException" => Error::Unreadable(message.clone()),
            _ => Error::Refused(message.clone()),
        },
    }
}

/// A `ClientRequestToken` (at most 64 of `[a-zA-Z0-9-_]`) naming the object.
fn request_token(bucket: &str, object: &str) -> String {
    let digest = Sha256::digest(format!("{bucket}/{object}").as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The text of `LINE` blocks, page by page, in the order Textract returned them (reading
/// order). A vertical gap taller than most of a line starts a new paragraph, so passages
/// split as they do on tesseract's text. Pages without lines keep their number with empty
/// text; `at_least` is the page count the service reported.
fn pages_of(blocks: &[Block], at_least: u32) -> Vec<Page> {
    let mut pages: Vec<Page> = Vec::new();
    let mut last_line: Vec<Option<(f32, f32)>> = Vec::new();
    let ensure = |pages: &mut Vec<Page>, last: &mut Vec<Option<(f32, f32)>>, count: u32| {
        while pages.len() < count as usize {
            pages.push(Page {
                number: pages.len() as u32 + 1,
                text: String::new(),
                ocr: true,
            });
            last.push(None);
        }
    };
    ensure(&mut pages, &mut last_line, at_least);
    for block in blocks {
        if block.block_type() != Some(&BlockType::Line) {
            continue;
        }
        let Some(text) = block.text() else { continue };
        let number = block.page().unwrap_or(1).max(1) as u32;
        ensure(&mut pages, &mut last_line, number);
        let index = number as usize - 1;
        let bounds = block
            .geometry()
            .and_then(|geometry| geometry.bounding_box())
            .map(|bounds| (bounds.top(), bounds.height()));
        let page = &mut pages[index];
        if !page.text.is_empty() {
            let gap = match (last_line[index], bounds) {
                (Some((top, height)), Some((next_top, _))) => {
                    next_top - (top + height) > 0.75 * height
                }
                _ => false,
            };
            page.text.push_str(if gap { "\n\n" } else { "\n" });
        }
        page.text.push_str(&crate::documents::western_digits(text));
        last_line[index] = bounds;
    }
    pages
}

#[cfg(test)]
mod tests {
    use aws_sdk_textract::types::{BoundingBox, Geometry};

    use super::*;

    fn line(page: i32, top: f32, text: &str) -> Block {
        Block::builder()
            .block_type(BlockType::Line)
            .page(page)
            .text(text)
            .geometry(
                Geometry::builder()
                    .bounding_box(BoundingBox::builder().top(top).height(0.02).build())
                    .build(),
            )
            .build()
    }

    #[test]
    fn lines_become_pages_and_gaps_become_paragraphs() {
        let blocks = [
            line(1, 0.10, "Award chart"),
            line(1, 0.20, "Economy 30,000"),
            line(1, 0.225, "Business 60,000"),
            line(3, 0.10, "Terms"),
        ];
        let pages = pages_of(&blocks, 2);
        assert_eq!(pages.len(), 3);
        assert_eq!(
            pages[0].text,
            "Award chart\n\nEconomy 30,000\nBusiness 60,000"
        );
        assert_eq!(pages[1].text, "");
        assert_eq!(pages[2].number, 3);
        assert!(pages.iter().all(|page| page.ocr));
    }
}
