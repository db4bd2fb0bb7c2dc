//! The OpenAPI document, generated from the handlers and types.

use axum::Json;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

use super::{ops, runs};

#[derive(OpenApi)]
#[openapi(
    info(title = "Loyalty Maximizer API", description = "Start workflow runs, inspect their history, signal, cancel and redrive them."),
    paths(runs::start, runs::list, runs::get, runs::history, runs::cancel, runs::signal,
          runs::redrive, runs::redrive_matching, ops::workflows, ops::whoami, ops::health,
          ops::ready, ops::metrics),
    components(schemas(crate::model::Run, crate::model::Event, crate::model::RunStatus,
        crate::model::EventKind, runs::StartRequest, runs::RunPage, runs::History,
        runs::RedriveFilter, runs::Redriven)),
    modifiers(&BearerAuth),
    security(("api_key" = []))
)]
struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The OpenAPI 3.1 document of this API.
pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
