//! The product's HTTP routes, beside the engine's: documents (intake, status, approval),
//! bucket events, the knowledge graph's facts, travellers' conversations and profiles.
//! They share the engine's API keys.

pub(crate) mod conversations;
mod documents;
mod events;
pub(crate) mod graph;
pub mod mcp;
mod profiles;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use engine::http::AppState;
use engine::http::auth::Caller;
use engine::http::{ApiError, Role};
use workflows::conversation::Conversations;
use workflows::ingest::Ingestion;

pub use events::EventSettings;

/// The product's routes; `max_upload_bytes` bounds document uploads.
pub fn routes(
    ingestion: Arc<Ingestion>,
    max_upload_bytes: usize,
    events: EventSettings,
) -> Router<AppState> {
    Router::new()
        .route(
            "/v1/documents",
            post(documents::upload)
                .layer(DefaultBodyLimit::max(max_upload_bytes))
                .get(documents::list),
        )
        .route("/v1/documents/{id}", get(documents::get))
        .route("/v1/documents/{id}/approve", post(documents::approve))
        .route("/v1/documents/{id}/reject", post(documents::reject))
        .route(
            "/v1/events/s3",
            post(events::s3_event).layer(axum::Extension(Arc::new(events))),
        )
        .route("/v1/graph/facts", get(graph::facts))
        .layer(axum::Extension(ingestion))
}

/// The traveller's routes: conversations, profiles, and the tools over MCP (`/mcp`).
pub fn conversation_routes(conversations: Arc<Conversations>) -> Router<AppState> {
    Router::new()
        .route(
            "/v1/conversations/{id}/messages",
            post(conversations::post_message),
        )
        .route("/v1/conversations/{id}", get(conversations::get))
        .route("/v1/profiles/{user}", get(profiles::get).put(profiles::put))
        .merge(mcp::routes(conversations.tools.clone()))
        .layer(axum::Extension(conversations))
}

/// Curators and admins work on documents and the graph.
fn require_curator(caller: &Caller) -> Result<(), ApiError> {
    match caller.role {
        Role::Admin | Role::Curator => Ok(()),
        Role::Traveller(_) => Err(ApiError::forbidden(
            "documents and the knowledge graph need a curator or admin key",
        )),
    }
}
