//! `/v1/conversations/{id}`: a traveller's questions, each answered by one run of the
//! `conversation-message` workflow (the request waits for it), and the conversation's
//! turns. A conversation belongs to the key's user that started it; admins see all.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use engine::http::auth::Caller;
use engine::http::runs::ApiJson;
use engine::http::{ApiError, AppState, Role};
use engine::{Engine, RunStatus, StartRun};
use serde::Deserialize;
use serde_json::{Value, json};
use workflows::conversation::Conversations;
use workflows::conversation::message::{self, MAX_TEXT_BYTES};

/// Longest wait for a reply.
const REPLY_TIMEOUT: Duration = Duration::from_secs(30);
/// Most turns returned by `GET`.
const MAX_TURNS: u32 = 1000;

/// A message.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewMessage {
    text: String,
    /// Admins only: the traveller whose profile applies.
    #[serde(default)]
    user: Option<String>,
}

pub fn unavailable(error: impl std::fmt::Display) -> ApiError {
    tracing::warn!(%error, "conversation store unavailable");
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "unavailable",
        "the conversation store is unavailable; try again",
    )
}

/// Conversation ids appear in run ids and URLs: keep them plain.
fn check_id(id: &str) -> Result<(), ApiError> {
    let plain = id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if id.is_empty() || id.len() > 100 || !plain {
        return Err(ApiError::bad_request(format!(
            "conversation id '{id}' must have 1 to 100 characters from A-Z, a-z, 0-9 and - _ ."
        )));
    }
    Ok(())
}

/// Who the caller is, as an owner of conversations.
fn owner_name(caller: &Caller) -> &str {
    match &caller.role {
        Role::Traveller(user) => user,
        other => other.name(),
    }
}

/// Fails with 403 unless the caller may use a conversation owned by `owner`.
fn check_owner(caller: &Caller, owner: &str) -> Result<(), ApiError> {
    if caller.role == Role::Admin || owner_name(caller) == owner {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "this conversation belongs to someone else",
        ))
    }
}

/// `POST /v1/conversations/{id}/messages`.
pub async fn post_message(
    State(state): State<AppState>,
    Extension(services): Extension<Arc<Conversations>>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewMessage>,
) -> Result<Json<Value>, ApiError> {
    check_id(&id)?;
    let text = message_text(&body.text)?;
    if body.user.is_some() && caller.role != Role::Admin {
        return Err(ApiError::forbidden(
            "only admins may answer for another user",
        ));
    }
    let owner = services
        .store
        .claim(&id, owner_name(&caller))
        .await
        .map_err(unavailable)?;
    check_owner(&caller, &owner)?;
    let user = match &caller.role {
        Role::Traveller(user) => Some(user.clone()),
        _ => body
            .user
            .clone()
            .or_else(|| (owner != "admin" && owner != "curator").then(|| owner.clone())),
    };
    let input = message::Input {
        conversation: id,
        user,
        text: text.to_owned(),
    };
    reply(&state.engine, input).await.map(Json)
}

/// A message's text as the API takes it: trimmed, not empty, not too long.
pub fn message_text(text: &str) -> Result<&str, ApiError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ApiError::bad_request("text must not be empty"));
    }
    if text.len() > MAX_TEXT_BYTES {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "text_too_long",
            format!("text must be at most {MAX_TEXT_BYTES} bytes"),
        ));
    }
    Ok(text)
}

/// Answers one message by a run of the `conversation-message` workflow, waiting for it:
/// the body of `POST /v1/conversations/{id}/messages`, or its error.
pub async fn reply(engine: &Engine, input: message::Input) -> Result<Value, ApiError> {
    let run_id = format!(
        "chat-{}-{}",
        input.conversation,
        uuid::Uuid::new_v4().simple()
    );
    let input =
        serde_json::to_value(&input).map_err(|error| ApiError::bad_request(error.to_string()))?;
    let created = engine
        .start(StartRun::new(message::NAME, input).with_id(&run_id))
        .await?;
    let run = engine.wait(&created.run.id, REPLY_TIMEOUT).await?;
    match run.status {
        RunStatus::Completed => {
            let output = run.output.unwrap_or_default();
            Ok(json!({
                "reply": output["reply"],
                "run_id": run.id,
                "turn": output["turn"],
                "tool_calls": output["tool_calls"],
                "citations": output["citations"],
            }))
        }
        RunStatus::Failed | RunStatus::Cancelled => {
            let error = run.error.unwrap_or_default();
            if error["kind"] == "invalid_input" {
                return Err(ApiError::bad_request(
                    error["message"]
                        .as_str()
                        .unwrap_or("invalid message")
                        .to_owned(),
                ));
            }
            tracing::warn!(run_id = %run.id, %error, "conversation run failed");
            Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                format!(
                    "the answer could not be computed now (run {}); try again",
                    run.id
                ),
            ))
        }
        _ => Err(ApiError::new(
            StatusCode::GATEWAY_TIMEOUT,
            "reply_timeout",
            format!(
                "no reply within {} s; the run {} goes on",
                REPLY_TIMEOUT.as_secs(),
                run.id
            ),
        )),
    }
}

/// `GET /v1/conversations/{id}`.
pub async fn get(
    Extension(services): Extension<Arc<Conversations>>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    check_id(&id)?;
    let owner = services
        .store
        .owner(&id)
        .await
        .map_err(unavailable)?
        .ok_or_else(|| ApiError::not_found(format!("no conversation '{id}'")))?;
    check_owner(&caller, &owner)?;
    let turns = services
        .store
        .turns(&id, MAX_TURNS)
        .await
        .map_err(unavailable)?;
    Ok(Json(json!({ "id": id, "owner": owner, "turns": turns })))
}
