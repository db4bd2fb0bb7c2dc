//! Helpers for the document-ingestion tests: the shared samples, curator requests and
//! multipart uploads against a running server.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

use crate::{CURATOR_KEY, Server, wait_until};

/// The shared samples (documents, `facts.json`, `score.py`); `SAMPLES_DIR` overrides.
pub fn samples() -> PathBuf {
    let dir = std::env::var_os("SAMPLES_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/samples"));
    assert!(
        dir.join("facts.json").exists(),
        "the shared samples are missing at {} (set SAMPLES_DIR)",
        dir.display()
    );
    dir
}

fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(60))
        .build()
}

/// A response's status and JSON body (or the body as a string when it is not JSON).
pub fn answer(result: Result<ureq::Response, ureq::Error>) -> (u16, Value) {
    let response = match result {
        Ok(response) => response,
        Err(ureq::Error::Status(_, response)) => response,
        Err(error) => panic!("request failed: {error}"),
    };
    let status = response.status();
    let text = response.into_string().unwrap_or_default();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// `GET path` as a curator.
pub fn get(server: &Server, path: &str) -> (u16, Value) {
    answer(
        agent()
            .get(&format!("{}{path}", server.url()))
            .set("Authorization", &format!("Bearer {CURATOR_KEY}"))
            .call(),
    )
}

/// `POST path` with no body as a curator.
pub fn post(server: &Server, path: &str) -> (u16, Value) {
    answer(
        agent()
            .post(&format!("{}{path}", server.url()))
            .set("Authorization", &format!("Bearer {CURATOR_KEY}"))
            .call(),
    )
}

/// `POST path` with a JSON body as a curator.
pub fn post_json(server: &Server, path: &str, body: &Value) -> (u16, Value) {
    answer(
        agent()
            .post(&format!("{}{path}", server.url()))
            .set("Authorization", &format!("Bearer {CURATOR_KEY}"))
            .send_json(body.clone()),
    )
}

/// Uploads files as one multipart request with parts named `file`.
pub fn upload(server: &Server, files: &[(String, Vec<u8>)]) -> (u16, Value) {
    let boundary = "maximizer-test-boundary-7d1f";
    let mut body = Vec::new();
    for (name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    answer(
        agent()
            .post(&format!("{}/v1/documents", server.url()))
            .set("Authorization", &format!("Bearer {CURATOR_KEY}"))
            .set(
                "Content-Type",
                &format!("multipart/form-data; boundary={boundary}"),
            )
            .send_bytes(&body),
    )
}

/// Every sample document as (file name, bytes), by name.
pub fn sample_files() -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(samples().join("documents"))
        .expect("sample documents")
        .flatten()
        .map(|entry| {
            (
                entry.file_name().to_string_lossy().into_owned(),
                std::fs::read(entry.path()).expect("read sample"),
            )
        })
        .collect();
    files.sort();
    files
}

/// `GET /v1/documents`.
pub fn documents(server: &Server) -> Vec<Value> {
    let (status, body) = get(server, "/v1/documents");
    assert_eq!(status, 200, "{body}");
    body["documents"].as_array().cloned().unwrap_or_default()
}

/// Waits until the server knows `count` documents and all have ended.
pub fn wait_for_documents(server: &Server, count: usize) {
    wait_until(Duration::from_secs(240), "documents ingested", || {
        let docs = documents(server);
        docs.len() == count
            && docs
                .iter()
                .all(|doc| matches!(doc["status"].as_str(), Some("completed" | "failed")))
    });
}

/// Waits until document `id` is in `status`; returns its record.
pub fn wait_for_status(server: &Server, id: &str, status: &str) -> Value {
    let mut last = Value::Null;
    wait_until(
        Duration::from_secs(120),
        &format!("document {id} {status}"),
        || {
            last = get(server, &format!("/v1/documents/{id}")).1;
            last["status"] == status
        },
    );
    last
}

/// How often `step` completed in a run's history.
pub fn completed_steps(server: &Server, run_id: &str, step: &str) -> usize {
    let (status, history) = get(server, &format!("/v1/runs/{run_id}/history"));
    assert_eq!(status, 200, "{history}");
    history["events"]
        .as_array()
        .map(|events| {
            events
                .iter()
                .filter(|event| event["kind"] == "step_completed" && event["step"] == step)
                .count()
        })
        .unwrap_or(0)
}

/// Scores an export with the samples' `score.py`; returns (precision, recall).
pub fn score_facts(export: &Value, dir: &Path) -> (f64, f64) {
    let path = dir.join("export.json");
    std::fs::write(&path, export.to_string()).expect("write export");
    let samples = samples();
    let output = std::process::Command::new("python3")
        .arg(samples.join("score.py"))
        .args(["facts", &samples.join("facts.json").display().to_string()])
        .arg(&path)
        .arg("--per-category")
        .output()
        .expect("python3 runs score.py");
    let text = String::from_utf8_lossy(&output.stdout);
    println!("{text}");
    let last = text.lines().last().unwrap_or_default();
    let field = |name: &str| {
        last.split_whitespace()
            .find_map(|word| word.strip_prefix(&format!("{name}=")))
            .and_then(|value| value.parse::<f64>().ok())
            .unwrap_or_else(|| panic!("score.py printed no {name}: {text}"))
    };
    (field("precision"), field("recall"))
}
