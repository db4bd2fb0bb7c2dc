//! Helpers shared by the conversation and MCP tests: the shared samples, JSON requests with
//! a key, and a server whose graph holds the samples.

#![allow(dead_code)] // Each test binary uses its own share of the helpers.

use std::path::Path;
use std::time::Duration;

use integration_tests::{Maximizer, Server};
use serde_json::{Value, json};

pub use integration_tests::documents::samples;

/// `method path` with `key` and an optional JSON body: (status, JSON body).
pub fn call(
    server: &Server,
    key: &str,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> (u16, Value) {
    let request = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(60))
        .build()
        .request(method, &format!("{}{path}", server.url()))
        .set("Authorization", &format!("Bearer {key}"));
    let result = match body {
        Some(body) => request.send_json(body.clone()),
        None => request.call(),
    };
    let response = match result {
        Ok(response) => response,
        Err(ureq::Error::Status(_, response)) => response,
        Err(error) => panic!("{method} {path} failed: {error}"),
    };
    let status = response.status();
    let text = response.into_string().unwrap_or_default();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// Sends one message to a conversation.
pub fn ask(server: &Server, key: &str, conversation: &str, text: &str) -> (u16, Value) {
    let path = format!("/v1/conversations/{conversation}/messages");
    call(server, key, "POST", &path, Some(&json!({ "text": text })))
}

/// A server whose graph holds the samples, ingested with `maximizer ingest --wait`.
pub fn server_with_samples(dir: &Path) -> (Maximizer, Server) {
    let maximizer = Maximizer::new(dir);
    let server = maximizer.serve(&[]);
    let documents = samples().join("documents").display().to_string();
    let lines = maximizer.json_lines(&["ingest", &documents, "--wait", "--timeout", "300"]);
    assert!(
        lines.iter().all(|line| line["error"].is_null()),
        "{lines:?}"
    );
    (maximizer, server)
}
