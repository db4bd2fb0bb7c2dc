//! The knowledge graph in Amazon Neptune, for deployments whose graph is loaded there. The
//! whole graph is read with two openCypher queries (nodes, then edges) into the same
//! [`Snapshot`] the embedded graph uses, so every tool answers alike whichever store holds
//! the graph; it is read again when the graph's counts change, checked at most once per
//! `refresh`. Loyalty graphs are small (thousands of nodes): one read serves every tool
//! call until the next load.
//!
//! Each vertex and edge carries its fact as JSON in its `fact` property (written by the
//! bulk-load CSV), so the graph read back is exactly the graph written.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Map, Value};
use tokio::sync::RwLock;

use super::knowledge::Snapshot;
use crate::graph::{Edge, Error, GraphView, Node};
use crate::neptune::Neptune;

const NODES: &str = "MATCH (n) RETURN id(n) AS id, labels(n) AS labels, n.fact AS fact";
const EDGES: &str = "MATCH (a)-[r]->(b) \
     RETURN id(r) AS id, type(r) AS label, id(a) AS source, id(b) AS target, r.fact AS fact";
const COUNTS: &str = "MATCH (n) WITH count(n) AS nodes \
     OPTIONAL MATCH ()-[r]->() RETURN nodes, count(r) AS edges";

/// What was read, when, and the counts it was read at.
struct Cached {
    checked: Instant,
    counts: (i64, i64),
    snapshot: Arc<Snapshot>,
}

/// Tool queries over a Neptune cluster.
pub struct NeptuneKnowledge {
    neptune: Neptune,
    refresh: Duration,
    cached: RwLock<Option<Cached>>,
}

impl NeptuneKnowledge {
    /// Queries over `neptune`, checking for a changed graph at most every `refresh`.
    pub fn new(neptune: Neptune, refresh: Duration) -> Self {
        Self {
            neptune,
            refresh,
            cached: RwLock::new(None),
        }
    }

    /// The graph as last read, read again when it may have changed.
    pub async fn snapshot(&self) -> Result<Arc<Snapshot>, Error> {
        if let Some(cached) = self.cached.read().await.as_ref()
            && cached.checked.elapsed() < self.refresh
        {
            return Ok(cached.snapshot.clone());
        }
        let mut cached = self.cached.write().await;
        if let Some(current) = cached.as_ref()
            && current.checked.elapsed() < self.refresh
        {
            return Ok(current.snapshot.clone());
        }
        let counts = self.counts().await?;
        if let Some(current) = cached.as_mut()
            && current.counts == counts
        {
            current.checked = Instant::now();
            return Ok(current.snapshot.clone());
        }
        let snapshot = Arc::new(self.read().await?);
        *cached = Some(Cached {
            checked: Instant::now(),
            counts,
            snapshot: snapshot.clone(),
        });
        Ok(snapshot)
    }

    async fn counts(&self) -> Result<(i64, i64), Error> {
        let rows = self.rows(COUNTS).await?;
        let row = rows.first().cloned().unwrap_or_default();
        let count = |name: &str| row.get(name).and_then(Value::as_i64).unwrap_or(0);
        Ok((count("nodes"), count("edges")))
    }

    async fn read(&self) -> Result<Snapshot, Error> {
        let mut nodes = Vec::new();
        for row in self.rows(NODES).await? {
            let label = row
                .get("labels")
                .and_then(Value::as_array)
                .and_then(|labels| labels.first())
                .and_then(Value::as_str)
                .unwrap_or_default();
            nodes.push(Node {
                id: text(&row, "id")?,
                label: label.to_owned(),
                properties: fact(&row)?,
            });
        }
        let mut edges = Vec::new();
        for row in self.rows(EDGES).await? {
            edges.push(Edge {
                id: text(&row, "id")?,
                label: text(&row, "label")?,
                from: text(&row, "source")?,
                to: text(&row, "target")?,
                properties: fact(&row)?,
            });
        }
        Ok(Snapshot::new(GraphView::new(nodes, edges)))
    }

    async fn rows(&self, cypher: &str) -> Result<Vec<Map<String, Value>>, Error> {
        let results = self
            .neptune
            .query(cypher, &Map::new())
            .await
            .map_err(|error| Error::Unavailable(error.to_string()))?;
        Ok(results
            .as_array()
            .map(|rows| {
                rows.iter()
                    .filter_map(|row| row.as_object().cloned())
                    .collect()
            })
            .unwrap_or_default())
    }
}

fn text(row: &Map<String, Value>, name: &str) -> Result<String, Error> {
    row.get(name)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| Error::Unavailable(format!("Neptune answered a row without '{name}'")))
}

/// The fact a vertex or edge carries; elements loaded without one have none.
fn fact(row: &Map<String, Value>) -> Result<Value, Error> {
    match row.get("fact").and_then(Value::as_str) {
        Some(json) => serde_json::from_str(json)
            .map_err(|error| Error::Unavailable(format!("a stored fact is not JSON: {error}"))),
        None => Ok(Value::Object(Map::new())),
    }
}

super::knowledge::knowledge_from_snapshot!(NeptuneKnowledge);
