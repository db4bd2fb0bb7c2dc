//! An in-memory view of the graph (a petgraph `StableDiGraph` with an id → index map) and
//! the traversals the conversation tools ask of it.

use std::collections::{BTreeSet, HashMap};

use petgraph::Direction;
use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use petgraph::visit::EdgeRef;
use serde_json::Value;

use super::model::{
    self, AIRLINE, AWARD_RULE, COUNTRY, EXPIRY_RULE, HAS_EARNING_RULE, HAS_EXPIRY, HAS_TIER,
    INCLUDES, ON_AIRLINE, PROGRAM, STATUS_TIER, ZONE, read_fact, read_program, read_zone, slug,
};
use super::{Edge, Node};
use crate::facts::{AwardRule, Cabin, EarningRule, ExpiryRule, Facts, Program, StatusTier, Zone};

/// The graph in memory, for traversals.
#[derive(Clone, Debug, Default)]
pub struct GraphView {
    graph: StableDiGraph<Node, Edge>,
    index: HashMap<String, NodeIndex>,
}

impl GraphView {
    /// Builds the view; an edge whose end is not among the nodes is left out.
    pub fn new(nodes: Vec<Node>, edges: Vec<Edge>) -> Self {
        let mut graph = StableDiGraph::with_capacity(nodes.len(), edges.len());
        let mut index = HashMap::with_capacity(nodes.len());
        for node in nodes {
            let id = node.id.clone();
            let at = graph.add_node(node);
            index.insert(id, at);
        }
        for edge in edges {
            if let (Some(&from), Some(&to)) = (index.get(&edge.from), index.get(&edge.to)) {
                graph.add_edge(from, to, edge);
            }
        }
        Self { graph, index }
    }

    /// How many nodes the view holds.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// How many edges the view holds.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.index
            .get(id)
            .and_then(|&at| self.graph.node_weight(at))
    }

    /// The nodes reached from `id` over edges of `label` in `direction`, sorted by id.
    pub fn neighbors(&self, id: &str, label: &str, direction: Direction) -> Vec<&Node> {
        let Some(&at) = self.index.get(id) else {
            return Vec::new();
        };
        let mut found: Vec<&Node> = self
            .graph
            .edges_directed(at, direction)
            .filter(|edge| edge.weight().label == label)
            .map(|edge| match direction {
                Direction::Outgoing => edge.target(),
                Direction::Incoming => edge.source(),
            })
            .filter_map(|other| self.graph.node_weight(other))
            .collect();
        found.sort_by(|a, b| a.id.cmp(&b.id));
        found.dedup_by(|a, b| a.id == b.id);
        found
    }

    fn nodes_of<'a>(&'a self, label: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.graph
            .node_weights()
            .filter(move |node| node.label == label)
    }

    /// The ids of the programs with an earning rule on the airline, sorted.
    pub fn programs_earning_on(&self, airline_iata: &str) -> Vec<String> {
        let airline = model::airline_id(airline_iata);
        let programs: BTreeSet<String> = self
            .neighbors(&airline, ON_AIRLINE, Direction::Incoming)
            .into_iter()
            .flat_map(|rule| self.neighbors(&rule.id, HAS_EARNING_RULE, Direction::Incoming))
            .filter(|program| program.label == PROGRAM)
            .filter_map(|program| program.program().map(str::to_owned))
            .collect();
        programs.into_iter().collect()
    }

    /// What the fare class earns on the airline in the program (`fare_classes` holds just
    /// that class).
    pub fn earning_rule(
        &self,
        program: &str,
        airline_iata: &str,
        fare_class: &str,
    ) -> Option<EarningRule> {
        let id = model::earning_rule_id(program, airline_iata, fare_class);
        read_fact(&self.node(&id)?.properties, &[])
    }

    /// Every earning rule of the program on the airline, one per fare class, sorted by id.
    pub fn earning_rules(&self, program: &str, airline_iata: &str) -> Vec<EarningRule> {
        let airline = model::airline_id(airline_iata);
        self.neighbors(
            &model::program_id(program),
            HAS_EARNING_RULE,
            Direction::Outgoing,
        )
        .into_iter()
        .filter(|rule| {
            self.neighbors(&rule.id, ON_AIRLINE, Direction::Outgoing)
                .iter()
                .any(|target| target.id == airline)
        })
        .filter_map(|rule| read_fact(&rule.properties, &[]))
        .collect()
    }

    /// The name of the program's zone that holds the country (ISO 3166-1 alpha-2).
    pub fn zone_of_country(&self, program: &str, iso2: &str) -> Option<String> {
        let wanted = slug(program);
        self.neighbors(&model::country_id(iso2), INCLUDES, Direction::Incoming)
            .into_iter()
            .filter(|zone| zone.label == ZONE)
            .filter(|zone| zone.program().is_some_and(|p| slug(p) == wanted))
            .find_map(|zone| zone.properties.get("zone").and_then(Value::as_str))
            .map(str::to_owned)
    }

    /// The program's zone called `name` (or one of its aliases), with its countries.
    pub fn zone(&self, program: &str, name: &str) -> Option<Zone> {
        let wanted = slug(name);
        let program_slug = slug(program);
        let node = self.node(&model::zone_id(program, name)).or_else(|| {
            self.nodes_of(ZONE)
                .filter(|zone| zone.program().is_some_and(|p| slug(p) == program_slug))
                .find(|zone| {
                    zone.properties
                        .get("aliases")
                        .and_then(Value::as_array)
                        .is_some_and(|aliases| {
                            aliases
                                .iter()
                                .filter_map(Value::as_str)
                                .any(|alias| slug(alias) == wanted)
                        })
                })
        })?;
        let mut zone = read_zone(node)?;
        zone.countries = self
            .neighbors(&node.id, INCLUDES, Direction::Outgoing)
            .into_iter()
            .filter(|country| country.label == COUNTRY)
            .filter_map(|country| country.properties.get("iso2").and_then(Value::as_str))
            .map(str::to_owned)
            .collect();
        Some(zone)
    }

    /// The miles of a one-way award between two zones (either order: charts are
    /// symmetric) in a cabin; `None` when the chart has no such award.
    pub fn award(&self, program: &str, zone_a: &str, zone_b: &str, cabin: Cabin) -> Option<u64> {
        let name = |zone: &str| {
            self.zone(program, zone)
                .map(|zone| zone.zone)
                .unwrap_or_else(|| zone.to_owned())
        };
        let id = model::award_rule_id(program, &name(zone_a), &name(zone_b), cabin.as_str());
        let node = self.node(&id).filter(|node| node.label == AWARD_RULE)?;
        read_fact::<AwardRule>(&node.properties, &[]).map(|rule| rule.miles_one_way)
    }

    /// The program's status tiers, lowest rank first.
    pub fn status_tiers(&self, program: &str) -> Vec<StatusTier> {
        let mut tiers: Vec<StatusTier> = self
            .neighbors(&model::program_id(program), HAS_TIER, Direction::Outgoing)
            .into_iter()
            .filter(|node| node.label == STATUS_TIER)
            .filter_map(|node| read_fact(&node.properties, &[]))
            .collect();
        tiers.sort_by(|a, b| (a.rank, &a.name).cmp(&(b.rank, &b.name)));
        tiers
    }

    /// When the program's miles expire.
    pub fn expiry(&self, program: &str) -> Option<ExpiryRule> {
        self.neighbors(&model::program_id(program), HAS_EXPIRY, Direction::Outgoing)
            .into_iter()
            .filter(|node| node.label == EXPIRY_RULE)
            .find_map(|node| read_fact(&node.properties, &[]))
    }

    /// The program with this id, or else the one whose name or alias this is
    /// (case and punctuation ignored).
    pub fn program(&self, id: &str) -> Option<Program> {
        if let Some(node) = self.node(&model::program_id(id))
            && node.label == PROGRAM
        {
            return read_program(node);
        }
        let wanted = slug(id);
        self.programs().into_iter().find(|program| {
            slug(&program.name) == wanted || program.aliases.iter().any(|a| slug(a) == wanted)
        })
    }

    /// Every program, sorted by id.
    pub fn programs(&self) -> Vec<Program> {
        let mut programs: Vec<Program> = self.nodes_of(PROGRAM).filter_map(read_program).collect();
        programs.sort_by(|a, b| a.id.cmp(&b.id));
        programs
    }

    /// The airline's name, if the graph knows it.
    pub fn airline_name(&self, iata: &str) -> Option<String> {
        self.node(&model::airline_id(iata))
            .filter(|node| node.label == AIRLINE)
            .and_then(|node| node.properties.get("name").and_then(Value::as_str))
            .map(str::to_owned)
    }

    /// The facts the view holds (of `program` when given), as [`GraphStore::export`]
    /// gives them.
    ///
    /// [`GraphStore::export`]: super::GraphStore::export
    pub fn facts(&self, program: Option<&str>) -> Facts {
        let nodes: Vec<Node> = self.graph.node_weights().cloned().collect();
        let edges: Vec<Edge> = self.graph.edge_weights().cloned().collect();
        model::to_facts(&nodes, &edges, program)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::model::{tests::sample, to_graph};

    fn view() -> GraphView {
        let batch = to_graph("doc", &sample());
        GraphView::new(batch.nodes, batch.edges)
    }

    #[test]
    fn finds_programs_that_earn_on_an_airline() {
        let view = view();
        assert_eq!(view.programs_earning_on("LH"), ["aeroplan"]);
        assert_eq!(view.programs_earning_on("ua"), ["aeroplan"]);
        assert!(view.programs_earning_on("TK").is_empty());
        assert!(view.programs_earning_on("AC").is_empty(), "operator only");
    }

    #[test]
    fn finds_earning_rules_by_fare_class() {
        let view = view();
        let rule = view.earning_rule("aeroplan", "LH", "C").unwrap();
        assert_eq!(rule.fare_classes, ["C"]);
        assert_eq!(rule.cabin, Cabin::Business);
        assert_eq!(rule.percent, 125.0);
        assert!(view.earning_rule("aeroplan", "LH", "Y").is_none());
        assert_eq!(view.earning_rules("aeroplan", "LH").len(), 2);
        assert_eq!(
            view.earning_rule("aeroplan", "UA", "K").unwrap().min_miles,
            Some(250)
        );
    }

    #[test]
    fn finds_zones_and_symmetric_awards() {
        let view = view();
        assert_eq!(
            view.zone_of_country("aeroplan", "DE").as_deref(),
            Some("Atlantic")
        );
        assert_eq!(
            view.zone_of_country("aeroplan", "us").as_deref(),
            Some("North America")
        );
        assert_eq!(view.zone_of_country("aeroplan", "JP"), None);
        assert_eq!(view.zone_of_country("other", "DE"), None);
        assert_eq!(
            view.award("aeroplan", "Atlantic", "North America", Cabin::Business),
            Some(60000)
        );
        assert_eq!(
            view.award("aeroplan", "north america", "atlantic", Cabin::Business),
            Some(60000)
        );
        assert_eq!(
            view.award("aeroplan", "Atlantic", "North America", Cabin::First),
            None
        );
        assert_eq!(
            view.zone("aeroplan", "Atlantic").unwrap().countries,
            ["DE", "FR"]
        );
    }

    #[test]
    fn finds_tiers_expiry_and_programs() {
        let view = view();
        let tiers = view.status_tiers("aeroplan");
        assert_eq!(tiers.len(), 1);
        assert_eq!(tiers[0].threshold, 25000);
        assert_eq!(view.expiry("aeroplan").unwrap().inactivity_months, Some(18));
        assert!(view.expiry("other").is_none());
        assert_eq!(view.program("aeroplan").unwrap().name, "Aeroplan");
        assert_eq!(view.program("Air Canada Aeroplan").unwrap().id, "aeroplan");
        assert_eq!(view.programs().len(), 1);
        assert_eq!(view.airline_name("LH").as_deref(), Some("Lufthansa"));
        assert_eq!(view.facts(Some("aeroplan")).earning_rules.len(), 2);
    }
}
