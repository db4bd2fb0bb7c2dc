//! `/v1/documents`: upload (multipart), list, one document with its status and counts,
//! a curator's approval or rejection of held facts; `/v1/events/s3`: bucket
//! notifications that start ingestion.

use std::sync::Arc;

use activities::catalog::DocumentRecord;
use axum::Extension;
use axum::Json;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use engine::http::auth::Caller;
use engine::http::{ApiError, AppState};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use workflows::ingest::Ingestion;
use workflows::ingest::document::APPROVAL_SIGNAL;

use super::require_curator;
use crate::intake::{self, IntakeError, Submitted};

pub(super) fn intake_error(error: IntakeError) -> ApiError {
    match error {
        IntakeError::Unsupported { .. } => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_document",
            error.to_string(),
        ),
        IntakeError::Unavailable(message) => {
            ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", message)
        }
    }
}

pub(super) fn unavailable(error: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "unavailable",
        error.to_string(),
    )
}

pub(super) fn accepted(documents: Vec<Submitted>) -> Response {
    (
        StatusCode::ACCEPTED,
        Json(json!({ "documents": documents })),
    )
        .into_response()
}

/// `POST /v1/documents`: one or more parts named `file`.
pub async fn upload(
    State(state): State<AppState>,
    Extension(ingestion): Extension<Arc<Ingestion>>,
    caller: Caller,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, ApiError> {
    require_curator(&caller)?;
    let mut multipart = multipart.map_err(|rejection| {
        ApiError::bad_request(format!(
            "send multipart/form-data with parts named 'file': {rejection}"
        ))
    })?;
    let mut files = Vec::new();
    loop {
        let field = multipart
            .next_field()
            .await
            .map_err(|error| ApiError::new(error.status(), "bad_multipart", error.body_text()))?;
        let Some(field) = field else { break };
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or("document").to_owned();
        let bytes = field
            .bytes()
            .await
            .map_err(|error| ApiError::new(error.status(), "bad_multipart", error.body_text()))?;
        files.push((name, bytes.to_vec()));
    }
    if files.is_empty() {
        return Err(ApiError::bad_request(
            "no part named 'file': send each document as a multipart part named 'file'",
        ));
    }
    let mut submitted = Vec::new();
    for (name, bytes) in files {
        submitted.push(
            intake::submit(&state.engine, &ingestion, &name, bytes)
                .await
                .map_err(intake_error)?,
        );
    }
    Ok(accepted(submitted))
}

/// A document as the API shows it.
#[derive(Debug, Serialize)]
pub struct DocumentView {
    id: String,
    name: String,
    sha256: String,
    size: i64,
    kind: Option<String>,
    run_id: String,
    status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<Value>,
    facts: Counts,
    created_at: String,
    updated_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    held: Option<Value>,
}

#[derive(Debug, Serialize)]
struct Counts {
    extracted: i64,
    loaded: i64,
    held: i64,
    rejected: i64,
}

fn rfc3339(millis: i64) -> String {
    chrono::DateTime::from_timestamp_millis(millis)
        .map(|at| at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default()
}

async fn view(state: &AppState, record: DocumentRecord, with_held: bool) -> DocumentView {
    let (status, error) = intake::status_of(&state.engine, &record).await;
    DocumentView {
        id: record.id.clone(),
        sha256: record.id,
        name: record.name,
        size: record.size,
        kind: record.kind,
        run_id: record.run_id,
        status,
        error,
        facts: Counts {
            extracted: record.facts_extracted,
            loaded: record.facts_loaded,
            held: record.facts_held,
            rejected: record.facts_rejected,
        },
        created_at: rfc3339(record.created_at),
        updated_at: rfc3339(record.updated_at),
        held: with_held.then(|| serde_json::to_value(&record.held).unwrap_or_default()),
    }
}

/// Paging of the document list.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    limit: Option<u32>,
    cursor: Option<String>,
}

/// `GET /v1/documents`: newest first, `limit` (1-500, default 100) and `cursor`.
pub async fn list(
    State(state): State<AppState>,
    Extension(ingestion): Extension<Arc<Ingestion>>,
    caller: Caller,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    require_curator(&caller)?;
    let Query(query) = query?;
    let limit = query.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::bad_request("limit must be between 1 and 500"));
    }
    let before = match &query.cursor {
        None => None,
        Some(cursor) => {
            let (at, id) = cursor
                .split_once(':')
                .and_then(|(at, id)| Some((at.parse::<i64>().ok()?, id.to_owned())))
                .ok_or_else(|| ApiError::bad_request("cursor is not one this API gave"))?;
            Some((at, id))
        }
    };
    let records = ingestion
        .catalog
        .list(limit, before)
        .await
        .map_err(unavailable)?;
    let next_cursor = (records.len() == limit as usize)
        .then(|| {
            records
                .last()
                .map(|last| format!("{}:{}", last.created_at, last.id))
        })
        .flatten();
    let mut documents = Vec::with_capacity(records.len());
    for record in records {
        documents.push(view(&state, record, false).await);
    }
    Ok(Json(
        json!({ "documents": documents, "next_cursor": next_cursor }),
    ))
}

async fn record_of(ingestion: &Ingestion, id: &str) -> Result<DocumentRecord, ApiError> {
    ingestion
        .catalog
        .get(id)
        .await
        .map_err(unavailable)?
        .ok_or_else(|| ApiError::not_found(format!("no document with id '{id}'")))
}

/// `GET /v1/documents/{id}`.
pub async fn get(
    State(state): State<AppState>,
    Extension(ingestion): Extension<Arc<Ingestion>>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<DocumentView>, ApiError> {
    require_curator(&caller)?;
    let record = record_of(&ingestion, &id).await?;
    Ok(Json(view(&state, record, true).await))
}

/// The optional body of approve and reject: which held facts (all when absent).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    facts: Option<Vec<String>>,
}

/// `POST /v1/documents/{id}/approve`.
pub async fn approve(
    state: State<AppState>,
    ingestion: Extension<Arc<Ingestion>>,
    caller: Caller,
    id: Path<String>,
    body: axum::body::Bytes,
) -> Result<Json<Value>, ApiError> {
    decide(state, ingestion, caller, id, body, "approve").await
}

/// `POST /v1/documents/{id}/reject`.
pub async fn reject(
    state: State<AppState>,
    ingestion: Extension<Arc<Ingestion>>,
    caller: Caller,
    id: Path<String>,
    body: axum::body::Bytes,
) -> Result<Json<Value>, ApiError> {
    decide(state, ingestion, caller, id, body, "reject").await
}

async fn decide(
    State(state): State<AppState>,
    Extension(ingestion): Extension<Arc<Ingestion>>,
    caller: Caller,
    Path(id): Path<String>,
    body: axum::body::Bytes,
    decision: &str,
) -> Result<Json<Value>, ApiError> {
    require_curator(&caller)?;
    let record = record_of(&ingestion, &id).await?;
    if !record.awaiting_approval {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "not_awaiting_approval",
            format!("document '{id}' has no facts waiting for approval"),
        ));
    }
    let body: DecisionBody = if body.iter().all(u8::is_ascii_whitespace) {
        DecisionBody::default()
    } else {
        serde_json::from_slice(&body).map_err(|error| {
            ApiError::bad_request(format!(
                "body must be {{\"facts\": [ids]}} or empty: {error}"
            ))
        })?
    };
    let facts = body.facts;
    if let Some(facts) = &facts
        && let Some(unknown) = facts
            .iter()
            .find(|fact| !record.held.iter().any(|held| &held.id == *fact))
    {
        return Err(ApiError::bad_request(format!(
            "'{unknown}' is not a held fact of this document"
        )));
    }
    let payload = json!({ "decision": decision, "facts": facts });
    state
        .engine
        .signal(&record.run_id, APPROVAL_SIGNAL, payload)
        .await?;
    Ok(Json(
        json!({ "document": id, "run_id": record.run_id, "decision": decision }),
    ))
}
