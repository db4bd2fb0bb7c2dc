//! `GET /v1/graph/facts[?program=ID]`: what the knowledge graph holds, in the shape and
//! with the field names of `facts.json` (plus each fact's source), merged over all
//! documents.

use std::sync::Arc;

use axum::extract::Query;
use axum::http::StatusCode;
use axum::{Extension, Json};
use engine::http::ApiError;
use engine::http::auth::Caller;
use serde::Deserialize;
use serde_json::{Value, json};
use workflows::ingest::Ingestion;

use super::require_curator;

/// Filter of the export.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactsQuery {
    program: Option<String>,
}

/// `GET /v1/graph/facts`.
pub async fn facts(
    Extension(ingestion): Extension<Arc<Ingestion>>,
    caller: Caller,
    query: Result<Query<FactsQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    require_curator(&caller)?;
    let Query(query) = query?;
    export(&ingestion, query.program.as_deref()).await.map(Json)
}

/// The export `GET /v1/graph/facts` answers: `{"facts": …}` with the field names of
/// `facts.json`; `program` keeps one program's facts (404 when the graph has none).
pub async fn export(ingestion: &Ingestion, program: Option<&str>) -> Result<Value, ApiError> {
    let facts = ingestion.graph.export(program).await.map_err(|error| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            error.to_string(),
        )
    })?;
    if let Some(program) = program
        && !facts.programs.iter().any(|known| known.id == program)
    {
        return Err(ApiError::not_found(format!(
            "no program '{program}' in the graph"
        )));
    }
    let mut value = serde_json::to_value(&facts).unwrap_or_default();
    // facts.json lists alliances by name.
    if let Some(alliances) = value.get_mut("alliances") {
        let names: Vec<Value> = facts
            .alliances
            .iter()
            .map(|alliance| Value::String(alliance.name.clone()))
            .collect();
        *alliances = Value::Array(names);
    }
    Ok(json!({ "facts": value }))
}
