//! A Textract-compatible endpoint on loopback, backed by real tesseract: it speaks the AWS
//! JSON 1.1 protocol (`X-Amz-Target: Textract.<Operation>`), turns tesseract's TSV word
//! boxes into `PAGE`, `LINE` and `WORD` blocks with geometry and confidence, reads the PDFs
//! of asynchronous jobs from a real S3-compatible server and rasterises them with
//! `pdftoppm`. Jobs answer `IN_PROGRESS` to their first poll, and results come in pages of
//! at most [`PAGE_SIZE`] blocks, so an adapter's polling and paging are both exercised.

use std::collections::{BTreeMap, HashMap};
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use base64::Engine as _;
use serde_json::{Value, json};
use tokio::sync::OnceCell;

/// The most blocks one `GetDocumentTextDetection` answer carries.
pub const PAGE_SIZE: usize = 25;

/// The running endpoint.
pub struct TextractServer {
    /// `http://127.0.0.1:PORT`.
    pub endpoint: String,
    /// What it saw, and switches for faults.
    pub state: Arc<Harness>,
}

/// The endpoint's state.
pub struct Harness {
    s3: aws_sdk_s3::Client,
    jobs: Mutex<HashMap<String, Arc<Job>>>,
    /// Every call: the operation and its request body.
    pub calls: Mutex<Vec<(String, Value)>>,
    /// When set, the next call fails with `ThrottlingException`.
    pub throttle_next: AtomicBool,
}

struct Job {
    blocks: OnceCell<Result<Vec<Value>, String>>,
    polls: AtomicU32,
}

impl Harness {
    /// The operations called so far, in order.
    pub fn operations(&self) -> Vec<String> {
        let calls = self.calls.lock().unwrap();
        calls
            .iter()
            .map(|(operation, _)| operation.clone())
            .collect()
    }
}

impl TextractServer {
    /// Starts the endpoint; asynchronous jobs read their documents through `s3`.
    pub async fn start(s3: aws_sdk_s3::Client) -> Self {
        let state = Arc::new(Harness {
            s3,
            jobs: Mutex::default(),
            calls: Mutex::default(),
            throttle_next: AtomicBool::new(false),
        });
        let app = Router::new()
            .route("/", post(handle))
            .with_state(state.clone());
        let endpoint = super::serve(app).await;
        Self { endpoint, state }
    }
}

async fn handle(State(harness): State<Arc<Harness>>, headers: HeaderMap, body: Bytes) -> Response {
    let target = headers
        .get("x-amz-target")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let Some(operation) = target.strip_prefix("Textract.") else {
        return error(StatusCode::BAD_REQUEST, "UnknownOperationException", target);
    };
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    if content_type != Some("application/x-amz-json-1.1") {
        return error(
            StatusCode::BAD_REQUEST,
            "SerializationException",
            "content type",
        );
    }
    if !headers.contains_key(header::AUTHORIZATION) {
        return error(
            StatusCode::FORBIDDEN,
            "MissingAuthenticationTokenException",
            "unsigned",
        );
    }
    let Ok(request) = serde_json::from_slice::<Value>(&body) else {
        return error(
            StatusCode::BAD_REQUEST,
            "SerializationException",
            "body is not JSON",
        );
    };
    harness
        .calls
        .lock()
        .unwrap()
        .push((operation.to_owned(), request.clone()));
    if harness.throttle_next.swap(false, Ordering::SeqCst) {
        return error(
            StatusCode::BAD_REQUEST,
            "ThrottlingException",
            "Rate exceeded",
        );
    }
    let answer = match operation {
        "DetectDocumentText" => detect(&request).await,
        "StartDocumentTextDetection" => start_job(&harness, &request).await,
        "GetDocumentTextDetection" => get_job(&harness, &request).await,
        other => Err(("UnknownOperationException", other.to_owned())),
    };
    match answer {
        Ok(body) => (
            [(header::CONTENT_TYPE, "application/x-amz-json-1.1")],
            body.to_string(),
        )
            .into_response(),
        Err((code, message)) => error(StatusCode::BAD_REQUEST, code, &message),
    }
}

type Answer = Result<Value, (&'static str, String)>;

async fn detect(request: &Value) -> Answer {
    let bytes = request["Document"]["Bytes"]
        .as_str()
        .and_then(|text| base64::engine::general_purpose::STANDARD.decode(text).ok())
        .ok_or(("InvalidParameterException", "Document.Bytes".to_owned()))?;
    let blocks = tokio::task::spawn_blocking(move || {
        let dir = tempfile::tempdir().unwrap();
        let image = dir.path().join("image");
        std::fs::write(&image, bytes).unwrap();
        page_blocks(&image, 1)
    })
    .await
    .unwrap()
    .map_err(|message| ("UnsupportedDocumentException", message))?;
    Ok(json!({
        "DocumentMetadata": {"Pages": 1},
        "Blocks": blocks,
        "DetectDocumentTextModelVersion": "1.0",
    }))
}

async fn start_job(harness: &Arc<Harness>, request: &Value) -> Answer {
    let object = &request["DocumentLocation"]["S3Object"];
    let (Some(bucket), Some(name)) = (object["Bucket"].as_str(), object["Name"].as_str()) else {
        return Err((
            "InvalidParameterException",
            "DocumentLocation.S3Object".into(),
        ));
    };
    let token = request["ClientRequestToken"].as_str().unwrap_or_default();
    if token.is_empty() || token.len() > 64 {
        return Err(("InvalidParameterException", "ClientRequestToken".into()));
    }
    let pdf = match harness
        .s3
        .get_object()
        .bucket(bucket)
        .key(name)
        .send()
        .await
    {
        Ok(output) => output.body.collect().await.unwrap().into_bytes().to_vec(),
        Err(_) => {
            return Err((
                "InvalidS3ObjectException",
                format!("Unable to get object s3://{bucket}/{name}"),
            ));
        }
    };
    // The same token is the same job, as Textract documents.
    let job_id = format!("job-{token}");
    let job = {
        let mut jobs = harness.jobs.lock().unwrap();
        if jobs.contains_key(&job_id) {
            return Ok(json!({"JobId": job_id}));
        }
        let job = Arc::new(Job {
            blocks: OnceCell::new(),
            polls: AtomicU32::new(0),
        });
        jobs.insert(job_id.clone(), job.clone());
        job
    };
    tokio::spawn(async move {
        let blocks = tokio::task::spawn_blocking(move || read_pdf(&pdf))
            .await
            .unwrap();
        let _ = job.blocks.set(blocks);
    });
    Ok(json!({"JobId": job_id}))
}

async fn get_job(harness: &Arc<Harness>, request: &Value) -> Answer {
    let job_id = request["JobId"].as_str().unwrap_or_default();
    let job = harness.jobs.lock().unwrap().get(job_id).cloned();
    let Some(job) = job else {
        return Err(("InvalidJobIdException", format!("no job {job_id}")));
    };
    let first_poll = job.polls.fetch_add(1, Ordering::SeqCst) == 0;
    let Some(result) = job.blocks.get().filter(|_| !first_poll) else {
        return Ok(json!({"JobStatus": "IN_PROGRESS"}));
    };
    let blocks = match result {
        Ok(blocks) => blocks,
        Err(message) => return Ok(json!({"JobStatus": "FAILED", "StatusMessage": message})),
    };
    let max_results = request["MaxResults"].as_u64().unwrap_or(1000) as usize;
    let start: usize = match request["NextToken"].as_str() {
        Some(token) => token
            .strip_prefix(&format!("{job_id}:"))
            .and_then(|offset| offset.parse().ok())
            .ok_or(("InvalidParameterException", "NextToken".to_owned()))?,
        None => 0,
    };
    let end = blocks.len().min(start + max_results.min(PAGE_SIZE));
    let pages = blocks
        .iter()
        .filter_map(|b| b["Page"].as_u64())
        .max()
        .unwrap_or(0);
    let mut answer = json!({
        "JobStatus": "SUCCEEDED",
        "DocumentMetadata": {"Pages": pages},
        "Blocks": blocks[start..end],
        "DetectDocumentTextModelVersion": "1.0",
    });
    if end < blocks.len() {
        answer["NextToken"] = json!(format!("{job_id}:{end}"));
    }
    Ok(answer)
}

/// Every page of a PDF, rasterised and read.
fn read_pdf(pdf: &[u8]) -> Result<Vec<Value>, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let path = dir.path().join("document.pdf");
    std::fs::write(&path, pdf).map_err(|e| e.to_string())?;
    let prefix = dir.path().join("page");
    let status = Command::new("pdftoppm")
        .args(["-r", "300", "-png"])
        .arg(&path)
        .arg(&prefix)
        .status()
        .map_err(|e| format!("pdftoppm: {e}"))?;
    if !status.success() {
        return Err("the document is not a readable PDF".into());
    }
    let mut images: Vec<_> = std::fs::read_dir(dir.path())
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "png"))
        .collect();
    images.sort();
    let mut blocks = Vec::new();
    for (index, image) in images.iter().enumerate() {
        blocks.extend(page_blocks(image, index as u32 + 1)?);
    }
    Ok(blocks)
}

/// One page's blocks from tesseract's TSV: a `PAGE`, its `LINE`s and their `WORD`s.
fn page_blocks(image: &std::path::Path, page: u32) -> Result<Vec<Value>, String> {
    let output = Command::new("tesseract")
        .arg(image)
        .args(["stdout", "tsv"])
        .output()
        .map_err(|e| format!("tesseract: {e}"))?;
    if !output.status.success() {
        return Err("Request has unsupported document format".into());
    }
    let tsv = String::from_utf8_lossy(&output.stdout);
    let (mut width, mut height) = (1.0_f64, 1.0_f64);
    // Words by line, in reading order: (block, paragraph, line) → words.
    let mut lines: BTreeMap<(u32, u32, u32), Vec<Word>> = BTreeMap::new();
    for row in tsv.lines().skip(1) {
        let fields: Vec<&str> = row.split('\t').collect();
        if fields.len() < 12 {
            continue;
        }
        let number = |index: usize| fields[index].parse::<f64>().unwrap_or(0.0);
        let level = number(0) as u32;
        if level == 1 {
            (width, height) = (number(8).max(1.0), number(9).max(1.0));
        }
        let text = fields[11].trim();
        if level != 5 || text.is_empty() || number(10) < 0.0 {
            continue;
        }
        let key = (number(2) as u32, number(3) as u32, number(4) as u32);
        lines.entry(key).or_default().push(Word {
            text: text.to_owned(),
            confidence: number(10),
            left: number(6) / width,
            top: number(7) / height,
            width: number(8) / width,
            height: number(9) / height,
        });
    }
    let mut blocks = Vec::new();
    let mut line_ids = Vec::new();
    for (index, words) in lines.values().enumerate() {
        let line_id = format!("p{page}-l{index}");
        let mut word_ids = Vec::new();
        let mut word_blocks = Vec::new();
        for (position, word) in words.iter().enumerate() {
            let word_id = format!("{line_id}-w{position}");
            word_blocks.push(json!({
                "BlockType": "WORD", "Id": word_id, "Page": page, "Text": word.text,
                "TextType": "PRINTED", "Confidence": word.confidence,
                "Geometry": geometry(word.left, word.top, word.width, word.height),
            }));
            word_ids.push(word_id);
        }
        let left = words.iter().map(|w| w.left).fold(f64::MAX, f64::min);
        let top = words.iter().map(|w| w.top).fold(f64::MAX, f64::min);
        let right = words.iter().map(|w| w.left + w.width).fold(0.0, f64::max);
        let bottom = words.iter().map(|w| w.top + w.height).fold(0.0, f64::max);
        let text: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        let confidence = words.iter().map(|w| w.confidence).sum::<f64>() / words.len() as f64;
        blocks.push(json!({
            "BlockType": "LINE", "Id": line_id, "Page": page, "Text": text.join(" "),
            "Confidence": confidence,
            "Geometry": geometry(left, top, right - left, bottom - top),
            "Relationships": [{"Type": "CHILD", "Ids": word_ids}],
        }));
        blocks.extend(word_blocks);
        line_ids.push(line_id);
    }
    blocks.insert(
        0,
        json!({
            "BlockType": "PAGE", "Id": format!("p{page}"), "Page": page,
            "Geometry": geometry(0.0, 0.0, 1.0, 1.0),
            "Relationships": [{"Type": "CHILD", "Ids": line_ids}],
        }),
    );
    Ok(blocks)
}

struct Word {
    text: String,
    confidence: f64,
    left: f64,
    top: f64,
    width: f64,
    height: f64,
}

fn geometry(left: f64, top: f64, width: f64, height: f64) -> Value {
    json!({
        "BoundingBox": {"Left": left, "Top": top, "Width": width, "Height": height},
        "Polygon": [
            {"X": left, "Y": top}, {"X": left + width, "Y": top},
            {"X": left + width, "Y": top + height}, {"X": left, "Y": top + height},
        ],
    })
}

/// An AWS JSON 1.1 error.
fn error(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/x-amz-json-1.1")],
        json!({"__type": code, "message": message}).to_string(),
    )
        .into_response()
}
