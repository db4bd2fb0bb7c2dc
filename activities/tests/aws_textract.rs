//! The Textract OCR adapter's real SDK code against a Textract-compatible endpoint on
//! loopback that reads with real tesseract (support/textract.rs), with PDFs of
//! asynchronous jobs in a real S3-compatible server (moto).

mod support;

use activities::ActivityError;
use activities::documents::{DocumentKind, Error, Page};
use activities::ocr::{Ocr, OcrPoll, OcrStart, Textract, TextractSettings};
use base64::Engine as _;
use support::moto::{Moto, fake_aws_credentials, s3};
use support::textract::{PAGE_SIZE, TextractServer};

const SAMPLES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/samples/documents"
);
const BUCKET: &str = "loyalty-landing";
const PREFIX: &str = "prod/";

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(format!("{SAMPLES}/{name}")).expect("the shared samples")
}

async fn textract(endpoint: &str) -> Textract {
    Textract::connect(TextractSettings {
        region: Some("us-east-1".into()),
        endpoint_url: Some(endpoint.to_owned()),
        bucket: BUCKET.into(),
        prefix: PREFIX.into(),
    })
    .await
}

/// A Textract endpoint whose S3 is `moto`, or nowhere when the test reads no PDF.
async fn server(moto: Option<&Moto>) -> TextractServer {
    fake_aws_credentials();
    let store = match moto {
        Some(moto) => s3(moto).await,
        None => {
            let shared = aws_config::defaults(aws_config::BehaviorVersion::latest())
                .endpoint_url("http://127.0.0.1:9")
                .load()
                .await;
            aws_sdk_s3::Client::new(&shared)
        }
    };
    TextractServer::start(store).await
}

fn check_text(pages: &[Page], words: &[&str]) {
    let text: String = pages.iter().map(|page| page.text.as_str()).collect();
    for word in words {
        assert!(text.contains(word), "'{word}' not in the OCR text:\n{text}");
    }
    assert!(pages.iter().all(|page| page.ocr));
}

#[tokio::test]
async fn a_scanned_image_is_read_in_one_synchronous_call() {
    let server = server(None).await;
    let bytes = sample("aeroplan_award_chart_scan.png");
    let started = textract(&server.endpoint)
        .await
        .start("landing/scan.png", DocumentKind::Png, &bytes)
        .await
        .unwrap();
    let OcrStart::Done { pages } = started else {
        panic!("an image is read at once: {started:?}");
    };
    assert_eq!(pages.len(), 1);
    check_text(
        &pages,
        &[
            "Aeroplan",
            "Award Chart",
            "Atlantic",
            "70,000",
            "Zone definitions",
        ],
    );
    // Lines far apart become paragraphs, so passages split as on tesseract's own text.
    assert!(pages[0].text.contains("\n\n"), "{}", pages[0].text);
    let calls = server.state.calls.lock().unwrap().clone();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].0, "DetectDocumentText");
    let sent = base64::engine::general_purpose::STANDARD
        .decode(calls[0].1["Document"]["Bytes"].as_str().unwrap())
        .unwrap();
    assert_eq!(sent, bytes);
}

#[tokio::test]
async fn a_scanned_pdf_is_read_by_a_job_polled_until_done_page_by_page() {
    let moto = Moto::start();
    let server = server(Some(&moto)).await;
    let admin = s3(&moto).await;
    admin.create_bucket().bucket(BUCKET).send().await.unwrap();
    let key = "landing/guide.pdf";
    let pdf = sample("milesandsmiles_award_chart_scan.pdf");
    admin
        .put_object()
        .bucket(BUCKET)
        .key(format!("{PREFIX}{key}"))
        .body(pdf.clone().into())
        .send()
        .await
        .unwrap();

    let ocr = textract(&server.endpoint).await;
    let OcrStart::Started { job_id } = ocr.start(key, DocumentKind::Pdf, &pdf).await.unwrap()
    else {
        panic!("a PDF is read by a job");
    };
    // A retried start is the same job (same client request token).
    let again = ocr.start(key, DocumentKind::Pdf, &pdf).await.unwrap();
    assert_eq!(
        again,
        OcrStart::Started {
            job_id: job_id.clone()
        }
    );

    assert_eq!(ocr.poll(&job_id).await.unwrap(), OcrPoll::Running);
    let mut pages = None;
    for _ in 0..300 {
        match ocr.poll(&job_id).await.unwrap() {
            OcrPoll::Done { pages: done } => {
                pages = Some(done);
                break;
            }
            OcrPoll::Running => tokio::time::sleep(std::time::Duration::from_millis(100)).await,
        }
    }
    let pages = pages.expect("the job finished");
    assert_eq!(pages.len(), 1);
    check_text(
        &pages,
        &[
            "Miles&Smiles",
            "Award Ticket Chart",
            "Far East",
            "42,500",
            "Europe 2",
        ],
    );

    let calls = server.state.calls.lock().unwrap().clone();
    let start = &calls[0].1;
    assert_eq!(start["DocumentLocation"]["S3Object"]["Bucket"], BUCKET);
    assert_eq!(
        start["DocumentLocation"]["S3Object"]["Name"],
        format!("{PREFIX}{key}")
    );
    let gets: Vec<_> = calls
        .iter()
        .filter(|(operation, _)| operation == "GetDocumentTextDetection")
        .map(|(_, request)| request)
        .collect();
    let followed = gets
        .iter()
        .filter(|get| get["NextToken"].is_string())
        .count();
    assert!(
        followed >= 2,
        "results of more than {PAGE_SIZE} blocks come in pages: {gets:?}"
    );
    assert!(gets.iter().all(|get| get["JobId"] == job_id.as_str()));
}

fn activity(error: Error) -> ActivityError {
    error.into()
}

#[tokio::test]
async fn throttling_and_outages_are_retryable_and_bad_requests_are_not() {
    let moto = Moto::start();
    let server = server(Some(&moto)).await;
    s3(&moto)
        .await
        .create_bucket()
        .bucket(BUCKET)
        .send()
        .await
        .unwrap();
    let ocr = textract(&server.endpoint).await;
    let image = sample("aeroplan_award_chart_scan.png");

    server
        .state
        .throttle_next
        .store(true, std::sync::atomic::Ordering::SeqCst);
    let throttled = ocr.start("landing/a.png", DocumentKind::Png, &image).await;
    let throttled = activity(throttled.unwrap_err());
    assert!(throttled.retryable, "{throttled:?}");
    assert!(
        throttled.message.contains("ThrottlingException"),
        "{throttled:?}"
    );
    // The next attempt succeeds.
    assert!(matches!(
        ocr.start("landing/a.png", DocumentKind::Png, &image).await,
        Ok(OcrStart::Done { .. })
    ));

    let garbage = ocr
        .start("landing/b.png", DocumentKind::Png, b"\x89PNG not really")
        .await;
    let garbage = activity(garbage.unwrap_err());
    assert!(!garbage.retryable, "{garbage:?}");
    assert_eq!(garbage.kind, "unsupported_document");

    let missing = ocr
        .start("landing/missing.pdf", DocumentKind::Pdf, b"%PDF")
        .await;
    let missing = activity(missing.unwrap_err());
    assert!(!missing.retryable, "{missing:?}");
    assert!(
        missing.message.contains("InvalidS3ObjectException"),
        "{missing:?}"
    );

    let unknown = activity(ocr.poll("job-nope").await.unwrap_err());
    assert!(!unknown.retryable, "{unknown:?}");
    assert_eq!(unknown.kind, "ocr_refused");

    let unsupported = ocr
        .start("landing/c.html", DocumentKind::Html, b"<p>")
        .await;
    assert!(matches!(unsupported, Err(Error::Unsupported(_))));

    let nowhere = textract("http://127.0.0.1:9").await;
    let down = activity(nowhere.poll("job-1").await.unwrap_err());
    assert!(down.retryable, "{down:?}");
    assert_eq!(down.kind, "ocr_unavailable");
}
