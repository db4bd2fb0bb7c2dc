//! The knowledge graph: facts become nodes and edges with deterministic ids derived from
//! natural keys, so loading the same facts twice changes nothing. The embedded store keeps
//! them in tables of the engine's database; Neptune bulk-load files (Gremlin CSV) are
//! written for production.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::ActivityError;
use crate::facts::Facts;

mod csv;
pub mod model;
mod sql;
mod view;

pub use csv::to_gremlin_csv;
pub use model::to_graph;
pub use sql::SqlGraph;
pub(crate) use sql::{migrate, with_pool};
pub use view::GraphView;

/// What went wrong with the graph.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database or endpoint failed; a retry may succeed.
    #[error("graph unavailable: {0}")]
    Unavailable(String),
    /// The graph refused the data (a bulk load that failed on its content).
    #[error("graph load rejected: {0}")]
    Rejected(String),
}

impl From<Error> for ActivityError {
    fn from(error: Error) -> Self {
        match &error {
            Error::Unavailable(_) => {
                ActivityError::retryable("graph_unavailable", error.to_string())
            }
            Error::Rejected(_) => ActivityError::fatal("graph_load_rejected", error.to_string()),
        }
    }
}

/// A vertex: `label` is its kind (`Program`, `Airline`, …), `properties` its fact.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// Deterministic id from the natural key, e.g. `airline:LH`.
    pub id: String,
    /// Kind.
    pub label: String,
    /// The fact's fields (including its provenance).
    pub properties: Value,
}

/// A directed edge between two nodes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    /// Deterministic id from the natural keys of both ends and the label.
    pub id: String,
    /// Kind (`MEMBER_OF`, `EARNS_ON`, …).
    pub label: String,
    /// Id of the source node.
    pub from: String,
    /// Id of the target node.
    pub to: String,
    /// Extra fields.
    pub properties: Value,
}

/// The nodes and edges of one document's facts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GraphBatch {
    /// The document the facts came from.
    pub document: String,
    /// Nodes.
    pub nodes: Vec<Node>,
    /// Edges.
    pub edges: Vec<Edge>,
}

/// How many nodes and edges the graph holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphCounts {
    /// Nodes.
    pub nodes: u64,
    /// Edges.
    pub edges: u64,
}

/// What a load changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadReport {
    /// Nodes and edges written (new, or changed and not older than what was there).
    pub written: u64,
    /// Nodes and edges already there with the same content.
    pub unchanged: u64,
    /// Nodes and edges not written because the graph holds a newer version.
    pub superseded: u64,
}

/// The graph facts are loaded into and exported from.
#[async_trait]
pub trait GraphStore: Send + Sync {
    /// Upserts a batch: idempotent; a fact with an older effective date than the stored
    /// one does not replace it.
    async fn load(&self, batch: &GraphBatch) -> Result<LoadReport, Error>;
    /// Every fact the graph holds (only those of `program` when given), merged over all
    /// documents.
    async fn export(&self, program: Option<&str>) -> Result<Facts, Error>;
    /// Node and edge counts.
    async fn counts(&self) -> Result<GraphCounts, Error>;
}
