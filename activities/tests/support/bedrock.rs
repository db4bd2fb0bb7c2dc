//! A Bedrock Runtime Converse endpoint on loopback (`POST /model/{modelId}/converse`,
//! REST-JSON). It validates the request (model id, authentication, system prompt, one user
//! message with the passages, the forced `record_facts` tool and its schema) and answers
//! in the documented shape with a `toolUse` block whose input holds the passages' facts
//! (see support/llm.rs). Forcing `record_understanding` instead, the request must carry
//! the traveller's question as the user message and the context in the system prompt;
//! the answer is what the local understanding makes of them. Faults on demand:
//! throttling, malformed answers.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};

use super::llm;

/// The running endpoint.
pub struct BedrockServer {
    /// `http://127.0.0.1:PORT`.
    pub endpoint: String,
    /// What it saw, and switches for faults.
    pub state: Arc<Harness>,
}

/// The endpoint's state.
pub struct Harness {
    model_id: String,
    /// The API key the client must send as a bearer token; SigV4 when absent.
    api_key: Option<String>,
    /// Every request body, in order.
    pub requests: Mutex<Vec<Value>>,
    /// When set, the next call fails with `ThrottlingException` (HTTP 429).
    pub throttle_next: AtomicBool,
    /// When set, answers carry malformed facts besides the real ones, or an
    /// understanding written sloppily (see support/llm.rs).
    pub malformed: AtomicBool,
}

impl BedrockServer {
    /// Serves `model_id`.
    pub async fn start(model_id: &str, api_key: Option<&str>) -> Self {
        let state = Arc::new(Harness {
            model_id: model_id.to_owned(),
            api_key: api_key.map(str::to_owned),
            requests: Mutex::default(),
            throttle_next: AtomicBool::new(false),
            malformed: AtomicBool::new(false),
        });
        let app = Router::new()
            .route("/model/{model_id}/converse", post(converse))
            .with_state(state.clone());
        Self {
            endpoint: super::serve(app).await,
            state,
        }
    }
}

async fn converse(
    State(harness): State<Arc<Harness>>,
    Path(model_id): Path<String>,
    headers: HeaderMap,
    body: String,
) -> Response {
    let Ok(request) = serde_json::from_str::<Value>(&body) else {
        return error(
            StatusCode::BAD_REQUEST,
            "ValidationException",
            "body is not JSON",
        );
    };
    harness.requests.lock().unwrap().push(request.clone());
    if harness.throttle_next.swap(false, Ordering::SeqCst) {
        return error(
            StatusCode::TOO_MANY_REQUESTS,
            "ThrottlingException",
            "Too many requests",
        );
    }
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let authenticated = match &harness.api_key {
        Some(key) => authorization == format!("Bearer {key}"),
        None => authorization.starts_with("AWS4-HMAC-SHA256 Credential=testing/"),
    };
    if !authenticated {
        return error(
            StatusCode::FORBIDDEN,
            "AccessDeniedException",
            "bad credentials",
        );
    }
    if model_id != harness.model_id {
        return error(
            StatusCode::NOT_FOUND,
            "ResourceNotFoundException",
            &model_id,
        );
    }
    let malformed = harness.malformed.load(Ordering::SeqCst);
    let (tool, input) = match check(&request) {
        Ok(Call::Facts { user_message }) => {
            ("record_facts", llm::answer(&user_message, malformed).await)
        }
        Ok(Call::Understanding {
            system,
            user_message,
        }) => (
            llm::UNDERSTANDING_TOOL,
            llm::understanding_answer(&system, &user_message, malformed).await,
        ),
        Ok(Call::Reply { user_message }) => {
            (llm::REPLY_TOOL, llm::reply_answer(&user_message, malformed))
        }
        Err(problem) => return error(StatusCode::BAD_REQUEST, "ValidationException", &problem),
    };
    let input = match input {
        Ok(input) => input,
        Err(problem) => return error(StatusCode::BAD_REQUEST, "ValidationException", &problem),
    };
    let answer = json!({
        "output": {"message": {"role": "assistant", "content": [
            {"toolUse": {"toolUseId": "tooluse_1", "name": tool, "input": input}}
        ]}},
        "stopReason": "tool_use",
        "usage": {"inputTokens": body.len() / 4, "outputTokens": 100, "totalTokens": 100 + body.len() / 4},
        "metrics": {"latencyMs": 3},
    });
    (
        [(header::CONTENT_TYPE, "application/json")],
        answer.to_string(),
    )
        .into_response()
}

/// What a checked request asks for.
enum Call {
    /// Facts for the passages in the user message.
    Facts { user_message: String },
    /// What the traveller's question in the user message means.
    Understanding {
        system: String,
        user_message: String,
    },
    /// A wording of the draft reply in the user message.
    Reply { user_message: String },
}

/// Checks the Converse request for the tool it forces.
fn check(request: &Value) -> Result<Call, String> {
    let messages = request["messages"].as_array().ok_or("no messages")?;
    let [message] = messages.as_slice() else {
        return Err(format!("expected one message, got {}", messages.len()));
    };
    if message["role"] != "user" {
        return Err("the message is not the user's".into());
    }
    let user_message = message["content"][0]["text"]
        .as_str()
        .ok_or("the user message has no text")?;
    let system = request["system"][0]["text"]
        .as_str()
        .ok_or("no system prompt")?;
    let tools = request["toolConfig"]["tools"]
        .as_array()
        .ok_or("no tools")?;
    let [tool] = tools.as_slice() else {
        return Err("expected one tool".into());
    };
    let name = &tool["toolSpec"]["name"];
    if request["toolConfig"]["toolChoice"]["tool"]["name"] != *name {
        return Err(format!("{name} is not forced"));
    }
    let schema = &tool["toolSpec"]["inputSchema"]["json"];
    if name == llm::REPLY_TOOL {
        llm::check_reply(schema, system, user_message)?;
        return Ok(Call::Reply {
            user_message: user_message.to_owned(),
        });
    }
    if name == llm::UNDERSTANDING_TOOL {
        llm::check_understanding(name, schema, system, user_message)?;
        return Ok(Call::Understanding {
            system: system.to_owned(),
            user_message: user_message.to_owned(),
        });
    }
    llm::check_system_prompt(system, user_message)?;
    llm::check_tool(name, schema)?;
    Ok(Call::Facts {
        user_message: user_message.to_owned(),
    })
}

/// A REST-JSON error: the code in `x-amzn-ErrorType`, the message in the body.
fn error(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::HeaderName::from_static("x-amzn-errortype"), code),
        ],
        json!({"message": message}).to_string(),
    )
        .into_response()
}
