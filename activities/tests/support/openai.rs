//! An OpenAI-compatible chat endpoint on loopback (`POST /v1/chat/completions`). It
//! validates the request (model, bearer key, system and user messages, the one
//! `record_facts` function with the facts schema, forced by `tool_choice`) and answers with
//! a tool call whose arguments (a JSON string, as the API sends them) hold the passages'
//! facts (see support/llm.rs), or, forcing `record_understanding`, what the local
//! understanding makes of the question and its context. Faults on demand: a 503 outage.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};

use super::llm;

/// The running endpoint.
pub struct OpenAiServer {
    /// `http://127.0.0.1:PORT/v1`.
    pub base_url: String,
    /// What it saw, and switches for faults.
    pub state: Arc<Harness>,
}

/// The endpoint's state.
pub struct Harness {
    model: String,
    api_key: Option<String>,
    /// Every request body, in order.
    pub requests: Mutex<Vec<Value>>,
    /// When set, the next call answers 503.
    pub fail_next: AtomicBool,
}

impl OpenAiServer {
    /// Serves `model`, requiring `api_key` as a bearer token when given.
    pub async fn start(model: &str, api_key: Option<&str>) -> Self {
        let state = Arc::new(Harness {
            model: model.to_owned(),
            api_key: api_key.map(str::to_owned),
            requests: Mutex::default(),
            fail_next: AtomicBool::new(false),
        });
        let app = Router::new()
            .route("/v1/chat/completions", post(complete))
            .with_state(state.clone());
        Self {
            base_url: format!("{}/v1", super::serve(app).await),
            state,
        }
    }
}

async fn complete(
    State(harness): State<Arc<Harness>>,
    headers: HeaderMap,
    body: String,
) -> Response {
    let Ok(request) = serde_json::from_str::<Value>(&body) else {
        return error(StatusCode::BAD_REQUEST, "body is not JSON");
    };
    harness.requests.lock().unwrap().push(request.clone());
    if harness.fail_next.swap(false, Ordering::SeqCst) {
        return error(StatusCode::SERVICE_UNAVAILABLE, "overloaded");
    }
    if let Some(key) = &harness.api_key {
        let sent = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok());
        if sent != Some(&format!("Bearer {key}")) {
            return error(StatusCode::UNAUTHORIZED, "invalid api key");
        }
    }
    if request["model"] != harness.model.as_str() {
        return error(StatusCode::NOT_FOUND, "no such model");
    }
    let (function, arguments) = match check(&request) {
        Ok((llm::UNDERSTANDING_TOOL, system, user_message)) => (
            llm::UNDERSTANDING_TOOL,
            llm::understanding_answer(&system, &user_message, false).await,
        ),
        Ok((_, _, user_message)) => ("record_facts", llm::answer(&user_message, false).await),
        Err(problem) => return error(StatusCode::BAD_REQUEST, &problem),
    };
    let arguments = match arguments {
        Ok(arguments) => arguments,
        Err(problem) => return error(StatusCode::BAD_REQUEST, &problem),
    };
    let answer = json!({
        "id": "chatcmpl-1", "object": "chat.completion", "created": 1_700_000_000,
        "model": harness.model,
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": null, "tool_calls": [{
                "id": "call_1", "type": "function",
                "function": {"name": function, "arguments": arguments.to_string()},
            }]},
            "finish_reason": "tool_calls",
        }],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
    });
    (
        [(header::CONTENT_TYPE, "application/json")],
        answer.to_string(),
    )
        .into_response()
}

/// Checks the chat request; returns the forced function's name, the system prompt and the
/// user message.
fn check(request: &Value) -> Result<(&'static str, String, String), String> {
    let messages = request["messages"].as_array().ok_or("no messages")?;
    let [system, user] = messages.as_slice() else {
        return Err("expected a system and a user message".into());
    };
    if system["role"] != "system" || user["role"] != "user" {
        return Err("expected a system and a user message".into());
    }
    let user_message = user["content"]
        .as_str()
        .ok_or("the user message has no text")?;
    let system = system["content"].as_str().unwrap_or_default();
    let tools = request["tools"].as_array().ok_or("no tools")?;
    let [tool] = tools.as_slice() else {
        return Err("expected one tool".into());
    };
    if tool["type"] != "function" {
        return Err("the tool is not a function".into());
    }
    let (name, schema) = (&tool["function"]["name"], &tool["function"]["parameters"]);
    let choice = &request["tool_choice"];
    if choice["type"] != "function" || choice["function"]["name"] != *name {
        return Err(format!("{name} is not forced"));
    }
    let function = if name == llm::UNDERSTANDING_TOOL {
        llm::check_understanding(name, schema, system, user_message)?;
        llm::UNDERSTANDING_TOOL
    } else {
        llm::check_system_prompt(system, user_message)?;
        llm::check_tool(name, schema)?;
        "record_facts"
    };
    Ok((function, system.to_owned(), user_message.to_owned()))
}

/// The API's error shape.
fn error(status: StatusCode, message: &str) -> Response {
    let body = json!({"error": {"message": message, "type": "invalid_request_error"}});
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}
