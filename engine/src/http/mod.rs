//! The HTTP API (JSON under `/v1`, documented at `/openapi.json`), the operational
//! endpoints (`/health`, `/ready`, `/metrics`) and the web console (`/`).

pub mod auth;
mod console;
pub mod error;
mod openapi;
mod ops;
pub mod request_id;
pub mod runs;

use std::future::Future;
use std::net::SocketAddr;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, header};
use axum::routing::{get, post};
use tower_http::set_header::SetResponseHeaderLayer;

pub use auth::{ApiKeys, RateLimit, Role};
pub use error::ApiError;

use crate::engine::Engine;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The engine.
    pub engine: Engine,
    /// The accepted API keys.
    pub keys: ApiKeys,
}

/// Settings of the HTTP server.
#[derive(Clone, Debug)]
pub struct HttpOptions {
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
}

impl Default for HttpOptions {
    fn default() -> Self {
        Self {
            max_body_bytes: 1024 * 1024,
        }
    }
}

/// The whole HTTP surface: API, operational endpoints and console.
pub fn router(state: AppState, options: &HttpOptions) -> Router {
    router_with(state, options, Router::new())
}

/// The HTTP surface with the product's own routes added: they share the state (and so
/// the API keys), the body limit, the security headers and the JSON 404.
pub fn router_with(state: AppState, options: &HttpOptions, extra: Router<AppState>) -> Router {
    let api = Router::new()
        .route("/v1/runs", post(runs::start).get(runs::list))
        .route("/v1/runs/redrive", post(runs::redrive_matching))
        .route("/v1/runs/{id}", get(runs::get))
        .route("/v1/runs/{id}/history", get(runs::history))
        .route("/v1/runs/{id}/cancel", post(runs::cancel))
        .route("/v1/runs/{id}/signals/{name}", post(runs::signal))
        .route("/v1/runs/{id}/redrive", post(runs::redrive))
        .route("/v1/workflows", get(ops::workflows))
        .route("/v1/whoami", get(ops::whoami))
        .route("/health", get(ops::health))
        .route("/ready", get(ops::ready))
        .route("/metrics", get(ops::metrics))
        .route("/openapi.json", get(openapi::document))
        .merge(console::routes())
        .merge(extra)
        .fallback(ops::not_found)
        .layer(DefaultBodyLimit::max(options.max_body_bytes))
        .with_state(state);
    security_headers(api).layer(axum::middleware::from_fn(request_id::propagate))
}

fn security_headers(router: Router) -> Router {
    let headers = [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:; \
             connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
    ];
    headers
        .into_iter()
        .fold(router, |router, (name, value): (HeaderName, &str)| {
            router.layer(SetResponseHeaderLayer::if_not_present(
                name,
                HeaderValue::from_static(value),
            ))
        })
}

/// Serves `router` on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let service = router.into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await
}
