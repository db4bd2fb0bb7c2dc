//! The queries the tools ask of the knowledge graph, behind [`KnowledgeGraph`], so the
//! embedded graph (tables traversed in memory with petgraph) and Neptune (openCypher with
//! bound parameters) answer the same questions.
//!
//! [`EmbeddedKnowledge`] keeps a [`Snapshot`] of the graph tables and rebuilds it when the
//! graph's version (node and edge counts and their latest write) changes, so a load by any
//! process is seen by the next query.

use std::sync::Arc;

use async_trait::async_trait;
use tokio::sync::RwLock;

use crate::facts::{AwardRule, Cabin, EarningRule, ExpiryRule, Facts, Program, StatusTier, Zone};
use crate::graph::model::slug;
use crate::graph::{Error, GraphView, SqlGraph, with_pool};

/// What the tools ask of the knowledge graph. Names are matched case- and
/// punctuation-insensitively; codes (IATA, ISO, fare class) case-insensitively.
#[async_trait]
pub trait KnowledgeGraph: Send + Sync {
    /// Every program, sorted by id.
    async fn programs(&self) -> Result<Vec<Program>, Error>;
    /// The program with this id, name or alias.
    async fn program(&self, id_or_name: &str) -> Result<Option<Program>, Error>;
    /// What the fare class earns on the airline in the program.
    async fn earning_rule(
        &self,
        program: &str,
        airline: &str,
        fare_class: &str,
    ) -> Result<Option<EarningRule>, Error>;
    /// Every earning rule of the program on the airline, one per fare class.
    async fn earning_rules(&self, program: &str, airline: &str) -> Result<Vec<EarningRule>, Error>;
    /// Ids of the programs with an earning chart for the airline, sorted.
    async fn programs_earning_on(&self, airline: &str) -> Result<Vec<String>, Error>;
    /// The program's award zones.
    async fn zones(&self, program: &str) -> Result<Vec<Zone>, Error>;
    /// The name of the program's zone holding the country (ISO 3166-1 alpha-2).
    async fn zone_of_country(&self, program: &str, iso2: &str) -> Result<Option<String>, Error>;
    /// The one-way award between two zones (either order) in a cabin.
    async fn award(
        &self,
        program: &str,
        zone_a: &str,
        zone_b: &str,
        cabin: Cabin,
    ) -> Result<Option<AwardRule>, Error>;
    /// The program's status tiers, lowest first.
    async fn status_tiers(&self, program: &str) -> Result<Vec<StatusTier>, Error>;
    /// When the program's miles expire.
    async fn expiry(&self, program: &str) -> Result<Option<ExpiryRule>, Error>;
    /// The airline's name, if the graph knows the airline.
    async fn airline_name(&self, iata: &str) -> Result<Option<String>, Error>;
    /// The alliance the airline belongs to, if the graph says.
    async fn alliance_of(&self, iata: &str) -> Result<Option<String>, Error>;
    /// Every airline the graph knows, as (IATA code, name).
    async fn airlines(&self) -> Result<Vec<(String, String)>, Error>;
}

/// The whole graph in memory: the petgraph view for traversals and the merged facts for
/// lists the view does not index.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    view: GraphView,
    facts: Facts,
}

impl Snapshot {
    /// A snapshot of a view.
    pub fn new(view: GraphView) -> Self {
        let facts = view.facts(None);
        Self { view, facts }
    }

    /// A snapshot of facts (as one document's load would make them): for tests and tools.
    pub fn from_facts(facts: &Facts) -> Self {
        let batch = crate::graph::to_graph("snapshot", facts);
        Self::new(GraphView::new(batch.nodes, batch.edges))
    }

    fn program_id(&self, id_or_name: &str) -> String {
        self.view
            .program(id_or_name)
            .map(|program| program.id)
            .unwrap_or_else(|| id_or_name.to_owned())
    }

    fn zone_name(&self, program: &str, zone: &str) -> String {
        self.view
            .zone(program, zone)
            .map(|zone| zone.zone)
            .unwrap_or_else(|| zone.to_owned())
    }
}

#[async_trait]
impl KnowledgeGraph for Snapshot {
    async fn programs(&self) -> Result<Vec<Program>, Error> {
        Ok(self.view.programs())
    }

    async fn program(&self, id_or_name: &str) -> Result<Option<Program>, Error> {
        Ok(self.view.program(id_or_name))
    }

    async fn earning_rule(
        &self,
        program: &str,
        airline: &str,
        fare_class: &str,
    ) -> Result<Option<EarningRule>, Error> {
        Ok(self
            .view
            .earning_rule(&self.program_id(program), airline, fare_class))
    }

    async fn earning_rules(&self, program: &str, airline: &str) -> Result<Vec<EarningRule>, Error> {
        Ok(self.view.earning_rules(&self.program_id(program), airline))
    }

    async fn programs_earning_on(&self, airline: &str) -> Result<Vec<String>, Error> {
        Ok(self.view.programs_earning_on(airline))
    }

    async fn zones(&self, program: &str) -> Result<Vec<Zone>, Error> {
        let wanted = slug(&self.program_id(program));
        Ok(self
            .facts
            .zones
            .iter()
            .filter(|zone| slug(&zone.program) == wanted)
            .cloned()
            .collect())
    }

    async fn zone_of_country(&self, program: &str, iso2: &str) -> Result<Option<String>, Error> {
        Ok(self.view.zone_of_country(&self.program_id(program), iso2))
    }

    async fn award(
        &self,
        program: &str,
        zone_a: &str,
        zone_b: &str,
        cabin: Cabin,
    ) -> Result<Option<AwardRule>, Error> {
        let program = self.program_id(program);
        let (a, b) = (
            slug(&self.zone_name(&program, zone_a)),
            slug(&self.zone_name(&program, zone_b)),
        );
        Ok(self
            .facts
            .award_rules
            .iter()
            .find(|rule| {
                let (from, to) = (slug(&rule.from_zone), slug(&rule.to_zone));
                slug(&rule.program) == slug(&program)
                    && rule.cabin == cabin
                    && ((from == a && to == b) || (from == b && to == a))
            })
            .cloned())
    }

    async fn status_tiers(&self, program: &str) -> Result<Vec<StatusTier>, Error> {
        Ok(self.view.status_tiers(&self.program_id(program)))
    }

    async fn expiry(&self, program: &str) -> Result<Option<ExpiryRule>, Error> {
        Ok(self.view.expiry(&self.program_id(program)))
    }

    async fn airline_name(&self, iata: &str) -> Result<Option<String>, Error> {
        Ok(self.view.airline_name(iata))
    }

    async fn alliance_of(&self, iata: &str) -> Result<Option<String>, Error> {
        let code = iata.trim().to_ascii_uppercase();
        Ok(self
            .facts
            .memberships
            .iter()
            .find(|membership| membership.airline.eq_ignore_ascii_case(&code))
            .map(|membership| membership.alliance.clone()))
    }

    async fn airlines(&self) -> Result<Vec<(String, String)>, Error> {
        Ok(self
            .facts
            .airlines
            .iter()
            .map(|airline| (airline.iata.clone(), airline.name.clone()))
            .collect())
    }
}

/// The graph's version: it changes whenever a load writes a node or an edge.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GraphVersion {
    nodes: i64,
    edges: i64,
    latest_write: i64,
}

/// The embedded knowledge graph: a [`Snapshot`] of the graph tables, rebuilt when their
/// version changes.
pub struct EmbeddedKnowledge {
    graph: SqlGraph,
    cached: RwLock<Option<(GraphVersion, Arc<Snapshot>)>>,
}

impl EmbeddedKnowledge {
    /// Queries over the graph tables of `graph`.
    pub fn new(graph: SqlGraph) -> Self {
        Self {
            graph,
            cached: RwLock::new(None),
        }
    }

    /// The graph's current version (one small query).
    pub async fn version(&self) -> Result<GraphVersion, Error> {
        const SQL: &str = "SELECT (SELECT COUNT(*) FROM graph_nodes), \
             (SELECT COUNT(*) FROM graph_edges), \
             (SELECT COALESCE(MAX(updated_at), 0) FROM graph_nodes) \
             + (SELECT COALESCE(MAX(updated_at), 0) FROM graph_edges)";
        with_pool!(self.graph.database(), pool, _postgres => {
            let (nodes, edges, latest_write): (i64, i64, i64) = sqlx::query_as(SQL)
                .fetch_one(pool)
                .await
                .map_err(|error| Error::Unavailable(error.to_string()))?;
            Ok(GraphVersion { nodes, edges, latest_write })
        })
    }

    /// The snapshot of the graph as it is now: the cached one unless a load changed the
    /// graph since it was built.
    pub async fn snapshot(&self) -> Result<Arc<Snapshot>, Error> {
        let version = self.version().await?;
        if let Some((cached, snapshot)) = self.cached.read().await.as_ref()
            && *cached == version
        {
            return Ok(snapshot.clone());
        }
        let mut cached = self.cached.write().await;
        if let Some((at, snapshot)) = cached.as_ref()
            && *at == version
        {
            return Ok(snapshot.clone());
        }
        let started = std::time::Instant::now();
        let snapshot = Arc::new(Snapshot::new(self.graph.view().await?));
        tracing::debug!(
            nodes = version.nodes,
            edges = version.edges,
            elapsed_ms = started.elapsed().as_secs_f64() * 1000.0,
            "rebuilt the knowledge graph snapshot"
        );
        *cached = Some((version, snapshot.clone()));
        Ok(snapshot)
    }
}

/// Implements [`KnowledgeGraph`] for a type whose `snapshot()` gives the graph as a
/// [`Snapshot`] (kept current its own way), by asking the snapshot.
macro_rules! knowledge_from_snapshot {
    ($type:ty) => {
        #[async_trait::async_trait]
        impl $crate::tools::KnowledgeGraph for $type {
            async fn programs(&self) -> Result<Vec<$crate::facts::Program>, $crate::graph::Error> {
                self.snapshot().await?.programs().await
            }

            async fn program(
                &self,
                id_or_name: &str,
            ) -> Result<Option<$crate::facts::Program>, $crate::graph::Error> {
                self.snapshot().await?.program(id_or_name).await
            }

            async fn earning_rule(
                &self,
                program: &str,
                airline: &str,
                fare_class: &str,
            ) -> Result<Option<$crate::facts::EarningRule>, $crate::graph::Error> {
                self.snapshot()
                    .await?
                    .earning_rule(program, airline, fare_class)
                    .await
            }

            async fn earning_rules(
                &self,
                program: &str,
                airline: &str,
            ) -> Result<Vec<$crate::facts::EarningRule>, $crate::graph::Error> {
                self.snapshot().await?.earning_rules(program, airline).await
            }

            async fn programs_earning_on(
                &self,
                airline: &str,
            ) -> Result<Vec<String>, $crate::graph::Error> {
                self.snapshot().await?.programs_earning_on(airline).await
            }

            async fn zones(
                &self,
                program: &str,
            ) -> Result<Vec<$crate::facts::Zone>, $crate::graph::Error> {
                self.snapshot().await?.zones(program).await
            }

            async fn zone_of_country(
                &self,
                program: &str,
                iso2: &str,
            ) -> Result<Option<String>, $crate::graph::Error> {
                self.snapshot().await?.zone_of_country(program, iso2).await
            }

            async fn award(
                &self,
                program: &str,
                zone_a: &str,
                zone_b: &str,
                cabin: $crate::facts::Cabin,
            ) -> Result<Option<$crate::facts::AwardRule>, $crate::graph::Error> {
                self.snapshot()
                    .await?
                    .award(program, zone_a, zone_b, cabin)
                    .await
            }

            async fn status_tiers(
                &self,
                program: &str,
            ) -> Result<Vec<$crate::facts::StatusTier>, $crate::graph::Error> {
                self.snapshot().await?.status_tiers(program).await
            }

            async fn expiry(
                &self,
                program: &str,
            ) -> Result<Option<$crate::facts::ExpiryRule>, $crate::graph::Error> {
                self.snapshot().await?.expiry(program).await
            }

            async fn airline_name(
                &self,
                iata: &str,
            ) -> Result<Option<String>, $crate::graph::Error> {
                self.snapshot().await?.airline_name(iata).await
            }

            async fn alliance_of(
                &self,
                iata: &str,
            ) -> Result<Option<String>, $crate::graph::Error> {
                self.snapshot().await?.alliance_of(iata).await
            }

            async fn airlines(&self) -> Result<Vec<(String, String)>, $crate::graph::Error> {
                self.snapshot().await?.airlines().await
            }
        }
    };
}
pub(crate) use knowledge_from_snapshot;

knowledge_from_snapshot!(EmbeddedKnowledge);
