//! Facts as nodes and edges, and back. Every id is derived from the fact's natural key
//! (`airline:LH`, `zone:aeroplan:atlantic`, `earning_rule:aeroplan:LH:K`), so the same
//! fact always lands on the same node whichever document it came from.
//!
//! Entities that several documents describe (programs, airlines, alliances, countries,
//! zones) merge: a later description adds to what is known (aliases and regions are
//! united, missing fields are kept). Rules (earning, award, tier, expiry) are replaced as a
//! whole. A zone's countries are `INCLUDES` edges, so zone definitions from several
//! documents add up.

use std::collections::{BTreeMap, BTreeSet};

use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use super::{Edge, GraphBatch, Node};
use crate::facts::{
    Airline, Alliance, AwardRule, EarningRule, ExpiryRule, Facts, Membership, Program, Provenance,
    StatusTier, Zone,
};

/// Node label of a loyalty program.
pub const PROGRAM: &str = "Program";
/// Node label of an airline.
pub const AIRLINE: &str = "Airline";
/// Node label of an alliance.
pub const ALLIANCE: &str = "Alliance";
/// Node label of a country.
pub const COUNTRY: &str = "Country";
/// Node label of a program's award zone.
pub const ZONE: &str = "Zone";
/// Node label of one fare class's earning on an airline in a program.
pub const EARNING_RULE: &str = "EarningRule";
/// Node label of an award chart entry.
pub const AWARD_RULE: &str = "AwardRule";
/// Node label of an elite tier.
pub const STATUS_TIER: &str = "StatusTier";
/// Node label of a program's expiry rule.
pub const EXPIRY_RULE: &str = "ExpiryRule";

/// Edge label: Airline → Alliance.
pub const MEMBER_OF: &str = "MEMBER_OF";
/// Edge label: Program → Airline that runs it.
pub const OPERATED_BY: &str = "OPERATED_BY";
/// Edge label: Program → EarningRule.
pub const HAS_EARNING_RULE: &str = "HAS_EARNING_RULE";
/// Edge label: EarningRule → Airline operating the flight.
pub const ON_AIRLINE: &str = "ON_AIRLINE";
/// Edge label: Program → Zone.
pub const HAS_ZONE: &str = "HAS_ZONE";
/// Edge label: Zone → Country.
pub const INCLUDES: &str = "INCLUDES";
/// Edge label: Program → AwardRule.
pub const HAS_AWARD: &str = "HAS_AWARD";
/// Edge label: AwardRule → Zone (one edge per end).
pub const BETWEEN: &str = "BETWEEN";
/// Edge label: Program → StatusTier.
pub const HAS_TIER: &str = "HAS_TIER";
/// Edge label: Program → ExpiryRule.
pub const HAS_EXPIRY: &str = "HAS_EXPIRY";

/// Array properties of entities that merge as sets rather than being replaced.
const UNION_KEYS: [&str; 5] = [
    "aliases",
    "regions",
    "cabin_brands",
    "fare_brands",
    "airport_names",
];

/// Lowercase `a-z0-9` words joined by `_`: `Mexico & Central America` →
/// `mexico_central_america`.
pub fn slug(text: &str) -> String {
    // "Air Algérie Plus" → "air_algerie_plus": accents folded, not dropped.
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        crate::reference::text::fold_into(c, &mut folded);
    }
    let mut out = String::with_capacity(text.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

/// A code (IATA, ISO country, fare class) as ids write it: uppercase `A-Z0-9`.
pub fn code(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// `program:<slug>`.
pub fn program_id(program: &str) -> String {
    format!("program:{}", slug(program))
}

/// `airline:<IATA>`.
pub fn airline_id(iata: &str) -> String {
    format!("airline:{}", code(iata))
}

/// `alliance:<slug>`.
pub fn alliance_id(name: &str) -> String {
    format!("alliance:{}", slug(name))
}

/// `country:<ISO2>`.
pub fn country_id(iso2: &str) -> String {
    format!("country:{}", code(iso2))
}

/// `zone:<program>:<zone slug>`.
pub fn zone_id(program: &str, zone: &str) -> String {
    format!("zone:{}:{}", slug(program), slug(zone))
}

/// `earning_rule:<program>:<IATA>:<class>`: one node per fare class.
pub fn earning_rule_id(program: &str, airline: &str, fare_class: &str) -> String {
    format!(
        "earning_rule:{}:{}:{}",
        slug(program),
        code(airline),
        code(fare_class)
    )
}

/// `award_rule:<program>:<zone>|<zone>:<cabin>`, the zones sorted (charts are symmetric).
pub fn award_rule_id(program: &str, zone_a: &str, zone_b: &str, cabin: &str) -> String {
    let (a, b) = (slug(zone_a), slug(zone_b));
    let (a, b) = if a <= b { (a, b) } else { (b, a) };
    format!("award_rule:{}:{a}|{b}:{}", slug(program), slug(cabin))
}

/// `status_tier:<program>:<tier slug>`.
pub fn status_tier_id(program: &str, name: &str) -> String {
    format!("status_tier:{}:{}", slug(program), slug(name))
}

/// `expiry_rule:<program>`.
pub fn expiry_rule_id(program: &str) -> String {
    format!("expiry_rule:{}", slug(program))
}

/// `<LABEL>:<from>-><to>`.
pub fn edge_id(label: &str, from: &str, to: &str) -> String {
    format!("{label}:{from}->{to}")
}

/// Whether nodes of this label describe an entity that documents describe in parts
/// (merged), rather than a rule (replaced).
pub fn is_entity(label: &str) -> bool {
    matches!(label, PROGRAM | AIRLINE | ALLIANCE | COUNTRY | ZONE)
}

impl Node {
    /// The program the node belongs to (a program's own id, or the `program` of a zone or
    /// rule); `None` for airlines, alliances and countries.
    pub fn program(&self) -> Option<&str> {
        program_of(&self.label, &self.properties)
    }

    /// The date from which the node's fact holds, if known.
    pub fn effective_date(&self) -> Option<&str> {
        effective_date(&self.properties)
    }
}

impl Edge {
    /// The date from which the edge's fact holds, if known.
    pub fn effective_date(&self) -> Option<&str> {
        effective_date(&self.properties)
    }
}

/// The program a node of `label` with these properties belongs to (see [`Node::program`]).
pub fn program_of<'a>(label: &str, properties: &'a Value) -> Option<&'a str> {
    let key = match label {
        PROGRAM => "id",
        ZONE | EARNING_RULE | AWARD_RULE | STATUS_TIER | EXPIRY_RULE => "program",
        _ => return None,
    };
    properties.get(key).and_then(Value::as_str)
}

/// The `effective_date` property of a node's or edge's properties.
pub fn effective_date(properties: &Value) -> Option<&str> {
    properties.get("effective_date").and_then(Value::as_str)
}

/// Merges an incoming description of a node (or edge) into the stored one: entities keep
/// what the incoming one does not say and unite aliases, regions, cabin and fare brands and
/// airport names; anything else is replaced by the incoming properties.
pub fn merge_properties(label: &str, stored: &Value, incoming: &Value) -> Value {
    if !is_entity(label) {
        return incoming.clone();
    }
    let (Value::Object(stored), Value::Object(incoming)) = (stored, incoming) else {
        return incoming.clone();
    };
    let mut out = stored.clone();
    for (key, value) in incoming {
        if value.is_null() {
            continue;
        }
        match (out.get_mut(key), value) {
            (Some(Value::Array(old)), Value::Array(new)) if UNION_KEYS.contains(&key.as_str()) => {
                for item in new {
                    if !old.contains(item) {
                        old.push(item.clone());
                    }
                }
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    Value::Object(out)
}

/// Whether two property sets say the same thing; the cited source does not count (the
/// first document that stated a fact keeps being cited for it).
pub fn same_content(a: &Value, b: &Value) -> bool {
    fn without_source(value: &Value) -> Value {
        match value {
            Value::Object(map) => {
                let mut map = map.clone();
                map.remove("source");
                Value::Object(map)
            }
            other => other.clone(),
        }
    }
    without_source(a) == without_source(b)
}

/// What to do with an incoming node or edge given what is stored under its id.
#[derive(Clone, Debug, PartialEq)]
pub enum Decision {
    /// Write these (merged) properties.
    Write(Value),
    /// The stored version says the same.
    Unchanged,
    /// The stored version is newer (or dated where the incoming one is not).
    Superseded,
}

/// Decides an upsert: identical content is unchanged; an older effective date than the
/// stored one is superseded; a dated fact beats an undated one; of two undated facts the
/// incoming (newer load) wins.
pub fn decide(label: &str, stored: Option<&Value>, incoming: &Value) -> Decision {
    let Some(stored) = stored else {
        return Decision::Write(incoming.clone());
    };
    let merged = merge_properties(label, stored, incoming);
    if same_content(&merged, stored) {
        return Decision::Unchanged;
    }
    match (effective_date(incoming), effective_date(stored)) {
        (Some(new), Some(old)) if new < old => Decision::Superseded,
        (None, Some(_)) => Decision::Superseded,
        _ => Decision::Write(merged),
    }
}

/// Collects nodes and edges by id, merging repeats.
#[derive(Default)]
struct Builder {
    nodes: BTreeMap<String, Node>,
    edges: BTreeMap<String, Edge>,
}

impl Builder {
    fn node(&mut self, id: String, label: &str, properties: Value) -> String {
        match self.nodes.get_mut(&id) {
            Some(node) => node.properties = merge_properties(label, &node.properties, &properties),
            None => {
                self.nodes.insert(
                    id.clone(),
                    Node {
                        id: id.clone(),
                        label: label.to_owned(),
                        properties,
                    },
                );
            }
        }
        id
    }

    fn edge(&mut self, label: &str, from: &str, to: &str, provenance: &Provenance) {
        let id = edge_id(label, from, to);
        let properties = to_object(provenance);
        match self.edges.get_mut(&id) {
            // A reference (no provenance) does not erase what a stated fact said.
            Some(_) if properties.as_object().is_some_and(Map::is_empty) => {}
            Some(edge) => edge.properties = properties,
            None => {
                self.edges.insert(
                    id.clone(),
                    Edge {
                        id,
                        label: label.to_owned(),
                        from: from.to_owned(),
                        to: to.to_owned(),
                        properties,
                    },
                );
            }
        }
    }

    fn program(&mut self, program: &str) -> String {
        self.node(program_id(program), PROGRAM, json!({ "id": program }))
    }

    fn airline(&mut self, iata: &str) -> String {
        self.node(airline_id(iata), AIRLINE, json!({ "iata": code(iata) }))
    }

    fn alliance(&mut self, name: &str) -> String {
        self.node(alliance_id(name), ALLIANCE, json!({ "name": name }))
    }

    fn zone(&mut self, program: &str, zone: &str) -> String {
        let id = self.node(
            zone_id(program, zone),
            ZONE,
            json!({ "program": program, "zone": zone }),
        );
        let program = self.program(program);
        self.edge(HAS_ZONE, &program, &id, &Provenance::default());
        id
    }
}

/// Serialises a fact to a JSON object (an empty object if it cannot be, which the facts'
/// plain types rule out).
fn to_object<T: serde::Serialize>(fact: &T) -> Value {
    match serde_json::to_value(fact) {
        Ok(value @ Value::Object(_)) => value,
        _ => Value::Object(Map::new()),
    }
}

/// The nodes and edges of one document's facts, sorted by id.
pub fn to_graph(document: &str, facts: &Facts) -> GraphBatch {
    let mut graph = Builder::default();
    for program in &facts.programs {
        let id = graph.node(program_id(&program.id), PROGRAM, to_object(program));
        if let Some(operator) = program
            .operator_airline
            .as_deref()
            .filter(|c| !c.is_empty())
        {
            let airline = graph.airline(operator);
            graph.edge(OPERATED_BY, &id, &airline, &program.provenance);
        }
    }
    for airline in &facts.airlines {
        let mut properties = to_object(airline);
        properties["iata"] = json!(code(&airline.iata));
        graph.node(airline_id(&airline.iata), AIRLINE, properties);
    }
    for alliance in &facts.alliances {
        graph.node(alliance_id(&alliance.name), ALLIANCE, to_object(alliance));
    }
    for membership in &facts.memberships {
        let airline = graph.airline(&membership.airline);
        let alliance = graph.alliance(&membership.alliance);
        graph.edge(MEMBER_OF, &airline, &alliance, &membership.provenance);
    }
    for rule in &facts.earning_rules {
        let program = graph.program(&rule.program);
        let airline = graph.airline(&rule.operating_airline);
        for class in &rule.fare_classes {
            let class = code(class);
            if class.is_empty() {
                continue;
            }
            let mut properties = to_object(rule);
            properties["fare_classes"] = json!([class]);
            properties["operating_airline"] = json!(code(&rule.operating_airline));
            let id = graph.node(
                earning_rule_id(&rule.program, &rule.operating_airline, &class),
                EARNING_RULE,
                properties,
            );
            graph.edge(HAS_EARNING_RULE, &program, &id, &rule.provenance);
            graph.edge(ON_AIRLINE, &id, &airline, &rule.provenance);
        }
    }
    for zone in &facts.zones {
        let mut properties = to_object(zone);
        if let Value::Object(map) = &mut properties {
            // Countries are INCLUDES edges, so that definitions from several documents add up.
            map.remove("countries");
        }
        let id = graph.node(zone_id(&zone.program, &zone.zone), ZONE, properties);
        let program = graph.program(&zone.program);
        graph.edge(HAS_ZONE, &program, &id, &zone.provenance);
        for country in &zone.countries {
            let iso2 = code(country);
            if iso2.is_empty() {
                continue;
            }
            let country = graph.node(country_id(&iso2), COUNTRY, json!({ "iso2": iso2 }));
            graph.edge(INCLUDES, &id, &country, &zone.provenance);
        }
    }
    for rule in &facts.award_rules {
        let program = graph.program(&rule.program);
        let id = graph.node(
            award_rule_id(
                &rule.program,
                &rule.from_zone,
                &rule.to_zone,
                rule.cabin.as_str(),
            ),
            AWARD_RULE,
            to_object(rule),
        );
        graph.edge(HAS_AWARD, &program, &id, &rule.provenance);
        for zone in [&rule.from_zone, &rule.to_zone] {
            let zone = graph.zone(&rule.program, zone);
            graph.edge(BETWEEN, &id, &zone, &rule.provenance);
        }
    }
    for tier in &facts.status_tiers {
        let program = graph.program(&tier.program);
        let id = graph.node(
            status_tier_id(&tier.program, &tier.name),
            STATUS_TIER,
            to_object(tier),
        );
        graph.edge(HAS_TIER, &program, &id, &tier.provenance);
    }
    for rule in &facts.expiry_rules {
        let program = graph.program(&rule.program);
        let id = graph.node(expiry_rule_id(&rule.program), EXPIRY_RULE, to_object(rule));
        graph.edge(HAS_EXPIRY, &program, &id, &rule.provenance);
    }
    GraphBatch {
        document: document.to_owned(),
        nodes: graph.nodes.into_values().collect(),
        edges: graph.edges.into_values().collect(),
    }
}

/// Reads a fact from a node's properties, filling the required fields a stub node (an
/// airline known only by a rule's reference) lacks.
pub fn read_fact<T: DeserializeOwned>(properties: &Value, defaults: &[(&str, Value)]) -> Option<T> {
    let mut properties = properties.clone();
    if let Value::Object(map) = &mut properties {
        for (key, value) in defaults {
            if !map.contains_key(*key) || map.get(*key).is_some_and(Value::is_null) {
                map.insert((*key).to_owned(), value.clone());
            }
        }
    }
    serde_json::from_value(properties).ok()
}

/// A program fact from its node.
pub fn read_program(node: &Node) -> Option<Program> {
    read_fact(&node.properties, &[("name", json!(""))])
}

/// An airline fact from its node.
pub fn read_airline(node: &Node) -> Option<Airline> {
    read_fact(&node.properties, &[("name", json!(""))])
}

/// A zone fact from its node (countries come from `INCLUDES` edges, not the node).
pub fn read_zone(node: &Node) -> Option<Zone> {
    read_fact(&node.properties, &[("countries", json!([]))])
}

/// The provenance stated on an edge.
pub fn read_provenance(properties: &Value) -> Provenance {
    read_fact(properties, &[]).unwrap_or_default()
}

/// Rebuilds facts from nodes and edges: earning-rule nodes that agree on program,
/// airline, cabin, percent and minimum become one rule with their fare classes; zones get
/// their countries from `INCLUDES` edges; memberships come from `MEMBER_OF` edges. With
/// `program`, only that program's facts plus the airlines, alliances and memberships its
/// rules and operator reach.
pub fn to_facts(nodes: &[Node], edges: &[Edge], program: Option<&str>) -> Facts {
    let mut nodes: Vec<&Node> = nodes.iter().collect();
    nodes.sort_by(|a, b| a.id.cmp(&b.id));
    let mut edges: Vec<&Edge> = edges.iter().collect();
    edges.sort_by(|a, b| a.id.cmp(&b.id));
    let by_id: BTreeMap<&str, &Node> = nodes.iter().map(|node| (node.id.as_str(), *node)).collect();
    let wanted = |node: &Node| match program {
        None => true,
        Some(program) => node.program().is_some_and(|p| slug(p) == slug(program)),
    };
    let of = |label: &'static str| {
        nodes
            .iter()
            .copied()
            .filter(move |node| node.label == label && wanted(node))
    };

    let mut facts = Facts::default();
    // Airlines the selected program's facts reach (all, without a program).
    let mut reached: BTreeSet<String> = BTreeSet::new();

    for node in of(PROGRAM) {
        if let Some(program) = read_program(node) {
            if let Some(operator) = &program.operator_airline {
                reached.insert(airline_id(operator));
            }
            facts.programs.push(program);
        }
    }

    // Earning rules, regrouped.
    let mut groups: Vec<(String, EarningRule)> = Vec::new();
    for node in of(EARNING_RULE) {
        let Some(rule) = read_fact::<EarningRule>(&node.properties, &[]) else {
            continue;
        };
        reached.insert(airline_id(&rule.operating_airline));
        let key = format!(
            "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{:?}",
            rule.program,
            rule.operating_airline,
            rule.cabin.as_str(),
            rule.percent,
            rule.min_miles
        );
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, group)) => {
                for class in rule.fare_classes {
                    if !group.fare_classes.contains(&class) {
                        group.fare_classes.push(class);
                    }
                }
            }
            None => groups.push((key, rule)),
        }
    }
    for (_, mut rule) in groups {
        rule.fare_classes.sort();
        facts.earning_rules.push(rule);
    }

    for node in of(ZONE) {
        let Some(mut zone) = read_zone(node) else {
            continue;
        };
        let mut countries: Vec<String> = edges
            .iter()
            .filter(|edge| edge.label == INCLUDES && edge.from == node.id)
            .filter_map(|edge| by_id.get(edge.to.as_str()))
            .filter_map(|country| country.properties.get("iso2").and_then(Value::as_str))
            .map(str::to_owned)
            .collect();
        countries.sort();
        countries.dedup();
        zone.countries = countries;
        facts.zones.push(zone);
    }
    for node in of(AWARD_RULE) {
        if let Some(rule) = read_fact::<AwardRule>(&node.properties, &[]) {
            facts.award_rules.push(rule);
        }
    }
    for node in of(STATUS_TIER) {
        if let Some(tier) = read_fact::<StatusTier>(&node.properties, &[]) {
            facts.status_tiers.push(tier);
        }
    }
    facts
        .status_tiers
        .sort_by(|a, b| (&a.program, a.rank).cmp(&(&b.program, b.rank)));
    for node in of(EXPIRY_RULE) {
        if let Some(rule) = read_fact::<ExpiryRule>(&node.properties, &[]) {
            facts.expiry_rules.push(rule);
        }
    }

    let airline_wanted = |id: &str| program.is_none() || reached.contains(id);
    for node in nodes.iter().filter(|node| node.label == AIRLINE) {
        if airline_wanted(&node.id)
            && let Some(airline) = read_airline(node)
        {
            facts.airlines.push(airline);
        }
    }
    let mut alliances: BTreeSet<&str> = BTreeSet::new();
    for edge in edges.iter().filter(|edge| edge.label == MEMBER_OF) {
        if !airline_wanted(&edge.from) {
            continue;
        }
        let (Some(airline), Some(alliance)) =
            (by_id.get(edge.from.as_str()), by_id.get(edge.to.as_str()))
        else {
            continue;
        };
        let (Some(iata), Some(name)) = (
            airline.properties.get("iata").and_then(Value::as_str),
            alliance.properties.get("name").and_then(Value::as_str),
        ) else {
            continue;
        };
        alliances.insert(alliance.id.as_str());
        facts.memberships.push(Membership {
            airline: iata.to_owned(),
            alliance: name.to_owned(),
            provenance: read_provenance(&edge.properties),
        });
    }
    for node in nodes.iter().filter(|node| node.label == ALLIANCE) {
        if (program.is_none() || alliances.contains(node.id.as_str()))
            && let Some(alliance) = read_fact::<Alliance>(&node.properties, &[])
        {
            facts.alliances.push(alliance);
        }
    }
    facts
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::facts::{Cabin, Source};

    fn provenance(date: &str) -> Provenance {
        Provenance {
            source: Some(Source {
                document: "doc".into(),
                document_name: "chart.md".into(),
                passage: "doc:3".into(),
                page: 1,
                section: "Chart".into(),
            }),
            effective_date: Some(date.into()),
            confidence: Some(0.9),
        }
    }

    pub(crate) fn sample() -> Facts {
        Facts {
            programs: vec![Program {
                id: "aeroplan".into(),
                name: "Aeroplan".into(),
                operator_airline: Some("AC".into()),
                currency: Some("points".into()),
                aliases: vec!["Air Canada Aeroplan".into()],
                cabin_brands: Vec::new(),
                fare_brands: Vec::new(),
                airport_names: Vec::new(),
                provenance: provenance("2024-01-01"),
            }],
            airlines: vec![Airline {
                iata: "LH".into(),
                name: "Lufthansa".into(),
                country: Some("DE".into()),
                provenance: Provenance::default(),
            }],
            alliances: vec![Alliance {
                name: "Star Alliance".into(),
                provenance: Provenance::default(),
            }],
            memberships: vec![Membership {
                airline: "LH".into(),
                alliance: "Star Alliance".into(),
                provenance: Provenance::default(),
            }],
            earning_rules: vec![
                EarningRule {
                    program: "aeroplan".into(),
                    operating_airline: "LH".into(),
                    fare_classes: vec!["J".into(), "C".into()],
                    cabin: Cabin::Business,
                    percent: 125.0,
                    min_miles: None,
                    provenance: provenance("2024-01-01"),
                },
                EarningRule {
                    program: "aeroplan".into(),
                    operating_airline: "UA".into(),
                    fare_classes: vec!["K".into()],
                    cabin: Cabin::Economy,
                    percent: 50.0,
                    min_miles: Some(250),
                    provenance: Provenance::default(),
                },
            ],
            award_rules: vec![AwardRule {
                program: "aeroplan".into(),
                from_zone: "North America".into(),
                to_zone: "Atlantic".into(),
                cabin: Cabin::Business,
                miles_one_way: 60000,
                provenance: Provenance::default(),
            }],
            zones: vec![
                Zone {
                    program: "aeroplan".into(),
                    zone: "Atlantic".into(),
                    countries: vec!["DE".into(), "FR".into()],
                    regions: vec!["Europe".into()],
                    aliases: vec![],
                    provenance: Provenance::default(),
                },
                Zone {
                    program: "aeroplan".into(),
                    zone: "North America".into(),
                    countries: vec!["CA".into(), "US".into()],
                    regions: vec![],
                    aliases: vec![],
                    provenance: Provenance::default(),
                },
            ],
            status_tiers: vec![StatusTier {
                program: "aeroplan".into(),
                name: "25K".into(),
                rank: 1,
                threshold: 25000,
                threshold_unit: "SQM".into(),
                alliance_status: Some("Star Alliance Silver".into()),
                provenance: Provenance::default(),
            }],
            expiry_rules: vec![ExpiryRule {
                program: "aeroplan".into(),
                expires: true,
                inactivity_months: Some(18),
                validity_months: None,
                text: "18 months without activity".into(),
                provenance: Provenance::default(),
            }],
        }
    }

    #[test]
    fn slugs_and_ids_are_readable_and_deterministic() {
        assert_eq!(slug("Mexico & Central America"), "mexico_central_america");
        assert_eq!(slug("  Star Alliance "), "star_alliance");
        assert_eq!(slug("Air Algérie Plus"), "air_algerie_plus");
        assert_eq!(
            program_id("united_mileageplus"),
            "program:united_mileageplus"
        );
        assert_eq!(airline_id("lh"), "airline:LH");
        assert_eq!(alliance_id("Star Alliance"), "alliance:star_alliance");
        assert_eq!(zone_id("aeroplan", "Atlantic"), "zone:aeroplan:atlantic");
        assert_eq!(country_id("de"), "country:DE");
        assert_eq!(
            earning_rule_id("aeroplan", "LH", "k"),
            "earning_rule:aeroplan:LH:K"
        );
        assert_eq!(
            award_rule_id("aeroplan", "North America", "Atlantic", "business"),
            "award_rule:aeroplan:atlantic|north_america:business"
        );
        assert_eq!(
            award_rule_id("aeroplan", "Atlantic", "North America", "business"),
            "award_rule:aeroplan:atlantic|north_america:business"
        );
        assert_eq!(
            status_tier_id("aeroplan", "25K"),
            "status_tier:aeroplan:25k"
        );
        assert_eq!(expiry_rule_id("aeroplan"), "expiry_rule:aeroplan");
        assert_eq!(
            edge_id(MEMBER_OF, "airline:LH", "alliance:star_alliance"),
            "MEMBER_OF:airline:LH->alliance:star_alliance"
        );
    }

    #[test]
    fn facts_become_nodes_and_edges() {
        let batch = to_graph("doc", &sample());
        let ids: Vec<&str> = batch.nodes.iter().map(|node| node.id.as_str()).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted, "nodes sorted by id");
        for id in [
            "program:aeroplan",
            "airline:AC",
            "airline:LH",
            "airline:UA",
            "alliance:star_alliance",
            "zone:aeroplan:atlantic",
            "zone:aeroplan:north_america",
            "country:DE",
            "earning_rule:aeroplan:LH:J",
            "earning_rule:aeroplan:LH:C",
            "earning_rule:aeroplan:UA:K",
            "award_rule:aeroplan:atlantic|north_america:business",
            "status_tier:aeroplan:25k",
            "expiry_rule:aeroplan",
        ] {
            assert!(ids.contains(&id), "{id} in {ids:?}");
        }
        let node = |id: &str| batch.nodes.iter().find(|node| node.id == id).unwrap();
        // A referenced-only airline is a stub with just its code.
        assert_eq!(node("airline:UA").properties, json!({ "iata": "UA" }));
        assert_eq!(node("airline:LH").properties["name"], "Lufthansa");
        let rule = &node("earning_rule:aeroplan:LH:C").properties;
        assert_eq!(rule["fare_classes"], json!(["C"]));
        assert_eq!(rule["effective_date"], "2024-01-01");
        assert_eq!(rule["source"]["passage"], "doc:3");
        assert_eq!(rule["confidence"], 0.9);
        assert!(
            node("zone:aeroplan:atlantic")
                .properties
                .get("countries")
                .is_none()
        );
        assert_eq!(node("program:aeroplan").program(), Some("aeroplan"));
        assert_eq!(
            node("earning_rule:aeroplan:LH:C").program(),
            Some("aeroplan")
        );

        let edges: Vec<&str> = batch.edges.iter().map(|edge| edge.id.as_str()).collect();
        for id in [
            "MEMBER_OF:airline:LH->alliance:star_alliance",
            "OPERATED_BY:program:aeroplan->airline:AC",
            "HAS_EARNING_RULE:program:aeroplan->earning_rule:aeroplan:LH:J",
            "ON_AIRLINE:earning_rule:aeroplan:LH:J->airline:LH",
            "HAS_ZONE:program:aeroplan->zone:aeroplan:atlantic",
            "INCLUDES:zone:aeroplan:atlantic->country:DE",
            "HAS_AWARD:program:aeroplan->award_rule:aeroplan:atlantic|north_america:business",
            "BETWEEN:award_rule:aeroplan:atlantic|north_america:business->zone:aeroplan:atlantic",
            "BETWEEN:award_rule:aeroplan:atlantic|north_america:business->zone:aeroplan:north_america",
            "HAS_TIER:program:aeroplan->status_tier:aeroplan:25k",
            "HAS_EXPIRY:program:aeroplan->expiry_rule:aeroplan",
        ] {
            assert!(edges.contains(&id), "{id} in {edges:?}");
        }
        assert_eq!(to_graph("doc", &sample()), batch, "deterministic");
    }

    #[test]
    fn facts_survive_the_round_trip() {
        let facts = sample();
        let batch = to_graph("doc", &facts);
        let back = to_facts(&batch.nodes, &batch.edges, None);
        assert_eq!(back.programs, facts.programs);
        assert_eq!(back.award_rules, facts.award_rules);
        assert_eq!(back.status_tiers, facts.status_tiers);
        assert_eq!(back.expiry_rules, facts.expiry_rules);
        assert_eq!(back.memberships, facts.memberships);
        assert_eq!(back.alliances, facts.alliances);
        let mut expected_rules = facts.earning_rules.clone();
        expected_rules[0].fare_classes = vec!["C".into(), "J".into()];
        assert_eq!(back.earning_rules, expected_rules);
        assert_eq!(back.zones, facts.zones);
        let iatas: Vec<&str> = back.airlines.iter().map(|a| a.iata.as_str()).collect();
        assert_eq!(iatas, ["AC", "LH", "UA"]);

        // Only one program's facts, with what its rules reach.
        let mut other = sample();
        other.programs[0].id = "other".into();
        other.programs[0].operator_airline = None;
        for rule in &mut other.earning_rules {
            rule.program = "other".into();
            rule.operating_airline = "TK".into();
        }
        other.memberships.clear();
        other.zones.clear();
        other.award_rules.clear();
        other.status_tiers.clear();
        other.expiry_rules.clear();
        let mut both = to_graph("doc", &facts);
        let extra = to_graph("doc2", &other);
        // As a store holds them: one node per id.
        for node in extra.nodes {
            if !both.nodes.iter().any(|n| n.id == node.id) {
                both.nodes.push(node);
            }
        }
        both.edges.extend(extra.edges);
        let only = to_facts(&both.nodes, &both.edges, Some("aeroplan"));
        assert_eq!(only.programs.len(), 1);
        assert!(only.earning_rules.iter().all(|r| r.program == "aeroplan"));
        let iatas: Vec<&str> = only.airlines.iter().map(|a| a.iata.as_str()).collect();
        assert_eq!(iatas, ["AC", "LH", "UA"]);
        assert_eq!(only.memberships.len(), 1);
        assert_eq!(only.alliances.len(), 1);
    }

    #[test]
    fn entities_merge_and_rules_are_replaced() {
        let stored = json!({ "id": "p", "name": "P", "aliases": ["A"] });
        let incoming = json!({ "id": "p", "name": "P", "aliases": ["B"] });
        assert_eq!(
            merge_properties(PROGRAM, &stored, &incoming),
            json!({ "id": "p", "name": "P", "aliases": ["A", "B"] })
        );
        let stub = json!({ "iata": "LH" });
        let full = json!({ "iata": "LH", "name": "Lufthansa" });
        assert_eq!(merge_properties(AIRLINE, &full, &stub), full);
        assert_eq!(decide(AIRLINE, Some(&full), &stub), Decision::Unchanged);
        let old = json!({ "percent": 100.0, "min_miles": 500 });
        let new = json!({ "percent": 50.0 });
        assert_eq!(merge_properties(EARNING_RULE, &old, &new), new);
    }

    #[test]
    fn decisions_follow_effective_dates() {
        let dated = |date: &str, value: u64| json!({ "v": value, "effective_date": date });
        let undated = |value: u64| json!({ "v": value });
        let label = AWARD_RULE;
        assert_eq!(
            decide(label, None, &undated(1)),
            Decision::Write(undated(1))
        );
        assert_eq!(
            decide(label, Some(&undated(1)), &undated(1)),
            Decision::Unchanged
        );
        assert_eq!(
            decide(
                label,
                Some(&dated("2024-01-01", 1)),
                &dated("2023-01-01", 2)
            ),
            Decision::Superseded
        );
        assert_eq!(
            decide(
                label,
                Some(&dated("2024-01-01", 1)),
                &dated("2025-01-01", 2)
            ),
            Decision::Write(dated("2025-01-01", 2))
        );
        assert_eq!(
            decide(label, Some(&dated("2024-01-01", 1)), &undated(2)),
            Decision::Superseded
        );
        assert_eq!(
            decide(label, Some(&undated(1)), &dated("2020-01-01", 2)),
            Decision::Write(dated("2020-01-01", 2))
        );
        assert_eq!(
            decide(label, Some(&undated(1)), &undated(2)),
            Decision::Write(undated(2))
        );
        // Only the cited source differs: the first citation stays.
        let a = json!({ "v": 1, "source": { "document": "a" } });
        let b = json!({ "v": 1, "source": { "document": "b" } });
        assert_eq!(decide(label, Some(&a), &b), Decision::Unchanged);
    }
}
