//! The runs resource: start, list, get (optionally waiting), history, cancel, signal,
//! redrive one, redrive by filter.

use std::time::Duration;

use axum::Json;
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::{IntoParams, ToSchema};

use super::AppState;
use super::auth::Caller;
use super::error::ApiError;
use crate::engine::StartRun;
use crate::model::{Event, Run, RunStatus};
use crate::store::RunFilter;

/// Longest `?wait=` a request may ask for.
const MAX_WAIT: Duration = Duration::from_secs(60);
const DEFAULT_PAGE: u32 = 50;
const MAX_PAGE: u32 = 500;

/// A JSON body whose rejections (bad JSON, too large, wrong type) become `ApiError`s.
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let Json(value) = Json::<T>::from_request(request, state).await?;
        Ok(Self(value))
    }
}

/// A request to start a run.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StartRequest {
    /// The registered workflow type.
    pub workflow: String,
    /// Its input.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub input: Value,
    /// The run id; the same id again returns the existing run.
    #[serde(default)]
    pub id: Option<String>,
    /// The task queue.
    #[serde(default)]
    pub queue: Option<String>,
}

/// Filters of the runs list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only runs of this workflow.
    pub workflow: Option<String>,
    /// Only runs in these statuses, comma-separated.
    pub status: Option<String>,
    /// Only runs created at or after this time (RFC 3339).
    pub since: Option<String>,
    /// Only runs created before this time (RFC 3339).
    pub until: Option<String>,
    /// Text searched in run ids and inputs.
    pub q: Option<String>,
    /// Only children of this run.
    pub parent_id: Option<String>,
    /// Page size (1-500, default 50).
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// One page of runs.
#[derive(Debug, Serialize, ToSchema)]
pub struct RunPage {
    /// Runs, newest first.
    pub runs: Vec<Run>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// A run's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct History {
    /// Events, oldest first.
    pub events: Vec<Event>,
}

/// `?wait=30s` on a run read.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WaitQuery {
    /// Wait up to this long for the run to end: `30s`, `500ms`, `2m` (at most 60 s).
    pub wait: Option<String>,
}

/// Which failed runs to redrive in bulk.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RedriveFilter {
    /// Only runs of this workflow.
    pub workflow: Option<String>,
    /// Must be `failed` when given.
    pub status: Option<String>,
    /// Only runs created at or after this time (RFC 3339).
    pub since: Option<String>,
    /// Only runs created before this time (RFC 3339).
    pub until: Option<String>,
}

/// The outcome of a bulk redrive.
#[derive(Debug, Serialize, ToSchema)]
pub struct Redriven {
    /// How many runs were redriven.
    pub redriven: usize,
    /// Their ids.
    pub run_ids: Vec<String>,
}

fn parse_time(field: &str, text: &str) -> Result<i64, ApiError> {
    DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&Utc).timestamp_millis())
        .map_err(|_| ApiError::bad_request(format!("{field} '{text}' is not an RFC 3339 time")))
}

fn optional_time(field: &str, text: Option<&str>) -> Result<Option<i64>, ApiError> {
    text.map(|text| parse_time(field, text)).transpose()
}

/// Parses `30s`, `500ms`, `2m` or a plain number of seconds.
fn parse_wait(text: &str) -> Result<Duration, ApiError> {
    let invalid = || ApiError::bad_request(format!("wait '{text}' is not a duration like 30s"));
    let (number, scale) = if let Some(number) = text.strip_suffix("ms") {
        (number, 0.001)
    } else if let Some(number) = text.strip_suffix('s') {
        (number, 1.0)
    } else if let Some(number) = text.strip_suffix('m') {
        (number, 60.0)
    } else {
        (text, 1.0)
    };
    let seconds: f64 = number.parse().map_err(|_| invalid())?;
    if !(seconds.is_finite() && seconds >= 0.0) {
        return Err(invalid());
    }
    Ok(Duration::from_secs_f64(seconds * scale).min(MAX_WAIT))
}

fn check_workflow(state: &AppState, caller: &Caller, workflow: &str) -> Result<(), ApiError> {
    if state
        .engine
        .registry()
        .is_granted(workflow, caller.role.name())
    {
        Ok(())
    } else {
        Err(ApiError::forbidden(format!(
            "a {} key may not use workflow '{workflow}'",
            caller.role.name()
        )))
    }
}

/// Reads a run the caller may see; hides runs of other workflows as 403.
async fn visible_run(state: &AppState, caller: &Caller, id: &str) -> Result<Run, ApiError> {
    let run = state.engine.get(id).await?;
    check_workflow(state, caller, &run.workflow)?;
    Ok(run)
}

/// Start a run.
#[utoipa::path(post, path = "/v1/runs", request_body = StartRequest, tag = "runs",
    responses((status = 201, body = Run, description = "started"), (status = 200, body = Run, description = "a run with this id and input existed"),
        (status = 409, description = "the id exists with another input"), (status = 400, description = "unknown workflow or bad JSON"),
        (status = 422, description = "the input does not match the workflow")))]
pub async fn start(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<StartRequest>,
) -> Result<Response, ApiError> {
    if !state.engine.registry().contains(&request.workflow) {
        return Err(crate::Error::UnknownWorkflow(request.workflow).into());
    }
    check_workflow(&state, &caller, &request.workflow)?;
    let created = state
        .engine
        .start(StartRun {
            workflow: request.workflow,
            input: request.input,
            id: request.id,
            queue: request.queue,
        })
        .await?;
    let status = if created.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(created.run)).into_response())
}

/// List runs, newest first, one page at a time.
#[utoipa::path(get, path = "/v1/runs", params(ListQuery), tag = "runs",
    responses((status = 200, body = RunPage)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<RunPage>, ApiError> {
    let Query(query) = query?;
    let statuses = query
        .status
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(|name| {
            RunStatus::parse(name)
                .ok_or_else(|| ApiError::bad_request(format!("unknown status '{name}'")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let limit = query.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
    let after = query
        .cursor
        .as_deref()
        .map(|cursor| {
            cursor
                .split_once('.')
                .and_then(|(millis, id)| Some((millis.parse::<i64>().ok()?, id.to_owned())))
                .ok_or_else(|| ApiError::bad_request("cursor is not one this API returned"))
        })
        .transpose()?;
    let workflows = match caller.role.name() {
        "admin" => None,
        role => Some(state.engine.registry().granted_to(role)),
    };
    let filter = RunFilter {
        workflow: query.workflow,
        workflows,
        statuses,
        since: optional_time("since", query.since.as_deref())?,
        until: optional_time("until", query.until.as_deref())?,
        search: query.q.filter(|text| !text.is_empty()),
        parent_id: query.parent_id,
        after,
        limit,
    };
    let runs = state.engine.list(&filter).await?;
    let next_cursor = (runs.len() == limit as usize)
        .then(|| runs.last())
        .flatten()
        .map(|last| format!("{}.{}", last.created_at.timestamp_millis(), last.id));
    Ok(Json(RunPage { runs, next_cursor }))
}

/// Read a run, optionally waiting for it to end.
#[utoipa::path(get, path = "/v1/runs/{id}", params(("id" = String, Path), WaitQuery), tag = "runs",
    responses((status = 200, body = Run), (status = 404, description = "no such run")))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    query: Result<Query<WaitQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Run>, ApiError> {
    let Query(query) = query?;
    let run = visible_run(&state, &caller, &id).await?;
    match query.wait.as_deref().map(parse_wait).transpose()? {
        Some(wait) if !run.status.is_terminal() => Ok(Json(state.engine.wait(&id, wait).await?)),
        _ => Ok(Json(run)),
    }
}

/// A run's event history.
#[utoipa::path(get, path = "/v1/runs/{id}/history", params(("id" = String, Path)), tag = "runs",
    responses((status = 200, body = History), (status = 404, description = "no such run")))]
pub async fn history(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<History>, ApiError> {
    visible_run(&state, &caller, &id).await?;
    Ok(Json(History {
        events: state.engine.history(&id).await?,
    }))
}

/// Ask a run (and its children) to cancel.
#[utoipa::path(post, path = "/v1/runs/{id}/cancel", params(("id" = String, Path)), tag = "runs",
    responses((status = 200, body = Run), (status = 409, description = "the run has ended")))]
pub async fn cancel(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Run>, ApiError> {
    visible_run(&state, &caller, &id).await?;
    Ok(Json(state.engine.cancel(&id).await?))
}

/// Send a signal (the body is its JSON payload).
#[utoipa::path(post, path = "/v1/runs/{id}/signals/{name}", params(("id" = String, Path), ("name" = String, Path)),
    request_body = Object, tag = "runs",
    responses((status = 202, description = "stored until the workflow waits for it"), (status = 409, description = "the run has ended")))]
pub async fn signal(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, name)): Path<(String, String)>,
    ApiJson(payload): ApiJson<Value>,
) -> Result<Response, ApiError> {
    visible_run(&state, &caller, &id).await?;
    state.engine.signal(&id, &name, payload).await?;
    let body = json!({"run_id": id, "signal": name, "sent": true});
    Ok((StatusCode::ACCEPTED, Json(body)).into_response())
}

/// Retry a failed run from the step that failed.
#[utoipa::path(post, path = "/v1/runs/{id}/redrive", params(("id" = String, Path)), tag = "runs",
    responses((status = 200, body = Run), (status = 409, description = "the run has not failed")))]
pub async fn redrive(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Run>, ApiError> {
    visible_run(&state, &caller, &id).await?;
    Ok(Json(state.engine.redrive(&id).await?))
}

/// Retry every failed run matching a filter.
#[utoipa::path(post, path = "/v1/runs/redrive", request_body = RedriveFilter, tag = "runs",
    responses((status = 200, body = Redriven)))]
pub async fn redrive_matching(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(filter): ApiJson<RedriveFilter>,
) -> Result<Json<Redriven>, ApiError> {
    if filter
        .status
        .as_deref()
        .is_some_and(|status| status != "failed")
    {
        return Err(ApiError::bad_request(
            "only failed runs can be redriven (status: failed)",
        ));
    }
    if let Some(workflow) = &filter.workflow {
        check_workflow(&state, &caller, workflow)?;
    }
    let workflows = match caller.role.name() {
        "admin" => None,
        role => Some(state.engine.registry().granted_to(role)),
    };
    let run_filter = RunFilter {
        workflow: filter.workflow,
        workflows,
        since: optional_time("since", filter.since.as_deref())?,
        until: optional_time("until", filter.until.as_deref())?,
        ..RunFilter::default()
    };
    let run_ids = state.engine.redrive_matching(&run_filter).await?;
    Ok(Json(Redriven {
        redriven: run_ids.len(),
        run_ids,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_parse_and_are_capped() {
        let seconds = |text: &str| parse_wait(text).ok().map(|wait| wait.as_secs_f64());
        assert_eq!(seconds("30s"), Some(30.0));
        assert_eq!(seconds("500ms"), Some(0.5));
        assert_eq!(seconds("2m"), Some(60.0));
        assert_eq!(seconds("5"), Some(5.0));
        assert_eq!(seconds("soon"), None);
        assert_eq!(seconds("-1s"), None);
    }
}
