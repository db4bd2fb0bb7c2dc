//! The embedded graph store: nodes and edges in tables of the engine's database (SQLite or
//! PostgreSQL, the same SQL for both). A load is one transaction of upserts: identical
//! content is left alone, a fact older than the stored one is not written (the upsert's
//! `WHERE` guards this even against a concurrent load), anything else is written.

use std::time::{SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use serde_json::Value;

use super::model::{Decision, decide, effective_date, program_of, to_facts};
use super::view::GraphView;
use super::{Edge, Error, GraphBatch, GraphCounts, GraphStore, LoadReport, Node};
use crate::facts::Facts;

/// Runs `$body` with `$pool` bound to the database's pool (SQLite or PostgreSQL) and
/// `$postgres` telling which, so one body of SQL serves both backends.
macro_rules! with_pool {
    ($database:expr, $pool:ident, $postgres:ident => $body:expr) => {
        match $database {
            engine::Database::Sqlite($pool) => {
                #[allow(unused_variables)]
                let $postgres = false;
                $body
            }
            engine::Database::Postgres($pool) => {
                #[allow(unused_variables)]
                let $postgres = true;
                $body
            }
        }
    };
}
pub(crate) use with_pool;

/// Runs the product migrations (graph and passage index, versions from 1000) in the
/// engine's database; the engine's own migrations share the `_sqlx_migrations` table, so
/// each migrator ignores the versions of the other.
pub(crate) async fn migrate(
    database: &engine::Database,
) -> Result<(), sqlx::migrate::MigrateError> {
    match database {
        engine::Database::Sqlite(pool) => {
            let mut migrator = sqlx::migrate!("./migrations/sqlite");
            migrator.set_ignore_missing(true);
            migrator.run(pool).await
        }
        engine::Database::Postgres(pool) => {
            let mut migrator = sqlx::migrate!("./migrations/postgres");
            migrator.set_ignore_missing(true);
            migrator.run(pool).await
        }
    }
}

fn unavailable(error: impl std::fmt::Display) -> Error {
    Error::Unavailable(error.to_string())
}

fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

fn parse(id: &str, text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|error| {
        tracing::warn!(%id, %error, "graph properties are not JSON; treating them as empty");
        Value::Object(serde_json::Map::new())
    })
}

const SELECT_NODE: &str = "SELECT properties FROM graph_nodes WHERE id = $1";
const SELECT_NODE_FOR_UPDATE: &str = "SELECT properties FROM graph_nodes WHERE id = $1 FOR UPDATE";
const SELECT_EDGE: &str = "SELECT properties FROM graph_edges WHERE id = $1";
const SELECT_EDGE_FOR_UPDATE: &str = "SELECT properties FROM graph_edges WHERE id = $1 FOR UPDATE";

/// A dated fact beats an undated one; of two dated ones the newer (or same) date wins; of
/// two undated ones the later load.
const NEWER_OR_SAME: &str = "WHERE {t}.effective_date IS NULL \
     OR (excluded.effective_date IS NOT NULL AND excluded.effective_date >= {t}.effective_date)";

fn upsert_node_sql() -> String {
    format!(
        "INSERT INTO graph_nodes (id, label, program, properties, effective_date, document, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (id) DO UPDATE SET label = excluded.label, program = excluded.program, \
         properties = excluded.properties, effective_date = excluded.effective_date, \
         document = excluded.document, updated_at = excluded.updated_at {}",
        NEWER_OR_SAME.replace("{t}", "graph_nodes")
    )
}

fn upsert_edge_sql() -> String {
    format!(
        "INSERT INTO graph_edges (id, label, from_id, to_id, properties, effective_date, document, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (id) DO UPDATE SET label = excluded.label, from_id = excluded.from_id, \
         to_id = excluded.to_id, properties = excluded.properties, \
         effective_date = excluded.effective_date, document = excluded.document, \
         updated_at = excluded.updated_at {}",
        NEWER_OR_SAME.replace("{t}", "graph_edges")
    )
}

/// The knowledge graph in the engine's database.
#[derive(Clone, Debug)]
pub struct SqlGraph {
    database: engine::Database,
}

impl SqlGraph {
    /// Opens the graph in `database`, creating or migrating its tables.
    pub async fn open(database: engine::Database) -> Result<Self, Error> {
        migrate(&database).await.map_err(unavailable)?;
        Ok(Self { database })
    }

    /// The database the graph lives in.
    pub fn database(&self) -> &engine::Database {
        &self.database
    }

    /// Every node and edge, sorted by id.
    pub async fn read(&self) -> Result<(Vec<Node>, Vec<Edge>), Error> {
        self.read_filtered(None).await
    }

    /// A traversable in-memory view of the whole graph.
    pub async fn view(&self) -> Result<GraphView, Error> {
        let (nodes, edges) = self.read().await?;
        Ok(GraphView::new(nodes, edges))
    }

    /// Nodes (of `program` and those of no program, when given) and all edges.
    async fn read_filtered(&self, program: Option<&str>) -> Result<(Vec<Node>, Vec<Edge>), Error> {
        with_pool!(&self.database, pool, _postgres => {
            let nodes: Vec<(String, String, String)> = match program {
                Some(program) => sqlx::query_as(
                    "SELECT id, label, properties FROM graph_nodes \
                     WHERE program = $1 OR program IS NULL ORDER BY id",
                )
                .bind(program)
                .fetch_all(pool)
                .await,
                None => sqlx::query_as("SELECT id, label, properties FROM graph_nodes ORDER BY id")
                    .fetch_all(pool)
                    .await,
            }
            .map_err(unavailable)?;
            let edges: Vec<(String, String, String, String, String)> = sqlx::query_as(
                "SELECT id, label, from_id, to_id, properties FROM graph_edges ORDER BY id",
            )
            .fetch_all(pool)
            .await
            .map_err(unavailable)?;
            let nodes = nodes
                .into_iter()
                .map(|(id, label, properties)| {
                    let properties = parse(&id, &properties);
                    Node { id, label, properties }
                })
                .collect();
            let edges = edges
                .into_iter()
                .map(|(id, label, from, to, properties)| {
                    let properties = parse(&id, &properties);
                    Edge { id, label, from, to, properties }
                })
                .collect();
            Ok((nodes, edges))
        })
    }
}

#[async_trait]
impl GraphStore for SqlGraph {
    async fn load(&self, batch: &GraphBatch) -> Result<LoadReport, Error> {
        let now = now_millis();
        let upsert_node = upsert_node_sql();
        let upsert_edge = upsert_edge_sql();
        let mut report = LoadReport::default();
        with_pool!(&self.database, pool, postgres => {
            let mut tx = if postgres {
                pool.begin().await
            } else {
                // Take the write lock at once: a read lock upgraded later could deadlock.
                pool.begin_with("BEGIN IMMEDIATE").await
            }
            .map_err(unavailable)?;
            let (select_node, select_edge) = if postgres {
                (SELECT_NODE_FOR_UPDATE, SELECT_EDGE_FOR_UPDATE)
            } else {
                (SELECT_NODE, SELECT_EDGE)
            };
            for node in &batch.nodes {
                let stored: Option<(String,)> = sqlx::query_as(select_node)
                    .bind(&node.id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(unavailable)?;
                let stored = stored.map(|(text,)| parse(&node.id, &text));
                let properties = match decide(&node.label, stored.as_ref(), &node.properties) {
                    Decision::Unchanged => {
                        report.unchanged += 1;
                        continue;
                    }
                    Decision::Superseded => {
                        report.superseded += 1;
                        continue;
                    }
                    Decision::Write(properties) => properties,
                };
                let program = program_of(&node.label, &properties).map(str::to_owned);
                let written = sqlx::query(&upsert_node)
                    .bind(&node.id)
                    .bind(&node.label)
                    .bind(program)
                    .bind(properties.to_string())
                    .bind(effective_date(&properties))
                    .bind(&batch.document)
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(unavailable)?
                    .rows_affected();
                if written > 0 {
                    report.written += 1;
                } else {
                    report.superseded += 1;
                }
            }
            for edge in &batch.edges {
                let stored: Option<(String,)> = sqlx::query_as(select_edge)
                    .bind(&edge.id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(unavailable)?;
                let stored = stored.map(|(text,)| parse(&edge.id, &text));
                let properties = match decide(&edge.label, stored.as_ref(), &edge.properties) {
                    Decision::Unchanged => {
                        report.unchanged += 1;
                        continue;
                    }
                    Decision::Superseded => {
                        report.superseded += 1;
                        continue;
                    }
                    Decision::Write(properties) => properties,
                };
                let written = sqlx::query(&upsert_edge)
                    .bind(&edge.id)
                    .bind(&edge.label)
                    .bind(&edge.from)
                    .bind(&edge.to)
                    .bind(properties.to_string())
                    .bind(effective_date(&properties))
                    .bind(&batch.document)
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(unavailable)?
                    .rows_affected();
                if written > 0 {
                    report.written += 1;
                } else {
                    report.superseded += 1;
                }
            }
            tx.commit().await.map_err(unavailable)?;
        });
        Ok(report)
    }

    async fn export(&self, program: Option<&str>) -> Result<Facts, Error> {
        let (nodes, edges) = self.read_filtered(program).await?;
        Ok(to_facts(&nodes, &edges, program))
    }

    async fn counts(&self) -> Result<GraphCounts, Error> {
        with_pool!(&self.database, pool, _postgres => {
            let (nodes,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM graph_nodes")
                .fetch_one(pool)
                .await
                .map_err(unavailable)?;
            let (edges,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM graph_edges")
                .fetch_one(pool)
                .await
                .map_err(unavailable)?;
            Ok(GraphCounts {
                nodes: u64::try_from(nodes).unwrap_or(0),
                edges: u64::try_from(edges).unwrap_or(0),
            })
        })
    }
}
