//! Operational endpoints: liveness, readiness, metrics, and who-am-I / workflow listing.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::AppState;
use super::auth::{Caller, Role};
use super::error::ApiError;
use crate::model::now_millis;
use crate::store::RunFilter;

/// The process is up.
#[utoipa::path(get, path = "/health", tag = "operations", responses((status = 200, description = "up")))]
pub async fn health() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

/// The store is reachable and migrated.
#[utoipa::path(get, path = "/ready", tag = "operations",
    responses((status = 200, description = "ready"), (status = 503, description = "store unavailable")))]
pub async fn ready(State(state): State<AppState>) -> Response {
    let probe = RunFilter {
        limit: 1,
        ..RunFilter::default()
    };
    match state.engine.list(&probe).await {
        Ok(_) => Json(json!({"status": "ready", "store": state.engine.store().backend()}))
            .into_response(),
        Err(error) => {
            tracing::warn!(%error, "readiness probe failed");
            let body = json!({"status": "unavailable", "store": state.engine.store().backend()});
            (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response()
        }
    }
}

/// Prometheus metrics.
#[utoipa::path(get, path = "/metrics", tag = "operations", responses((status = 200, description = "Prometheus text")))]
pub async fn metrics(State(state): State<AppState>) -> Response {
    if let Ok(ready) = state.engine.store().count_ready(now_millis()).await {
        state.engine.metrics().ready_queue_depth.set(ready as i64);
    }
    let text = state.engine.metrics().render();
    (
        [(
            "content-type",
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        text,
    )
        .into_response()
}

/// The caller's role.
#[utoipa::path(get, path = "/v1/whoami", tag = "operations", responses((status = 200, description = "the key's role"), (status = 401, description = "no valid key")))]
pub async fn whoami(caller: Caller) -> Json<Value> {
    let user = match &caller.role {
        Role::Traveller(user) => Some(user.clone()),
        _ => None,
    };
    Json(json!({"role": caller.role.name(), "user": user}))
}

/// The workflows the caller may start.
#[utoipa::path(get, path = "/v1/workflows", tag = "runs", responses((status = 200, description = "workflow names")))]
pub async fn workflows(State(state): State<AppState>, caller: Caller) -> Json<Value> {
    let names = state.engine.registry().granted_to(caller.role.name());
    Json(json!({"workflows": names}))
}

/// Unknown routes: a JSON 404.
pub async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::not_found(format!("no route for '{}'", uri.path()))
}
