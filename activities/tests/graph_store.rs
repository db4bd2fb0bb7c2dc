//! The SQL graph store on SQLite and on PostgreSQL (a throwaway server): idempotent loads,
//! effective dates that supersede, merges across documents, export.

mod support;

use std::collections::BTreeSet;

use activities::facts::{
    Airline, Alliance, AwardRule, Cabin, EarningRule, Facts, Membership, Program, Provenance, Zone,
};
use activities::graph::{GraphStore, GraphView, LoadReport, SqlGraph, to_graph};

fn dated(date: Option<&str>) -> Provenance {
    Provenance {
        effective_date: date.map(str::to_owned),
        ..Provenance::default()
    }
}

fn facts() -> Facts {
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
            provenance: dated(Some("2024-01-01")),
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
        earning_rules: vec![EarningRule {
            program: "aeroplan".into(),
            operating_airline: "LH".into(),
            fare_classes: vec!["J".into(), "C".into(), "D".into()],
            cabin: Cabin::Business,
            percent: 125.0,
            min_miles: None,
            provenance: dated(Some("2024-01-01")),
        }],
        award_rules: vec![award(Some("2024-01-01"), 60000)],
        zones: vec![
            zone("Atlantic", &["DE", "FR"]),
            zone("North America", &["CA", "US"]),
        ],
        ..Facts::default()
    }
}

fn award(date: Option<&str>, miles: u64) -> AwardRule {
    AwardRule {
        program: "aeroplan".into(),
        from_zone: "North America".into(),
        to_zone: "Atlantic".into(),
        cabin: Cabin::Business,
        miles_one_way: miles,
        provenance: dated(date),
    }
}

fn zone(name: &str, countries: &[&str]) -> Zone {
    Zone {
        program: "aeroplan".into(),
        zone: name.into(),
        countries: countries.iter().map(|c| (*c).to_owned()).collect(),
        regions: vec![],
        aliases: vec![],
        provenance: Provenance::default(),
    }
}

fn only_award(date: Option<&str>, miles: u64) -> Facts {
    Facts {
        award_rules: vec![award(date, miles)],
        ..Facts::default()
    }
}

async fn award_miles(graph: &SqlGraph) -> Option<u64> {
    graph
        .view()
        .await
        .unwrap()
        .award("aeroplan", "Atlantic", "North America", Cabin::Business)
}

async fn loading_twice_changes_nothing(graph: &SqlGraph) {
    let batch = to_graph("doc-a", &facts());
    let total = (batch.nodes.len() + batch.edges.len()) as u64;
    let first = graph.load(&batch).await.unwrap();
    assert_eq!(
        first,
        LoadReport {
            written: total,
            unchanged: 0,
            superseded: 0
        }
    );
    let counts = graph.counts().await.unwrap();
    assert_eq!(counts.nodes, batch.nodes.len() as u64);
    assert_eq!(counts.edges, batch.edges.len() as u64);

    let second = graph.load(&batch).await.unwrap();
    assert_eq!(
        second,
        LoadReport {
            written: 0,
            unchanged: total,
            superseded: 0
        }
    );
    assert_eq!(graph.counts().await.unwrap(), counts);
}

async fn older_facts_do_not_replace_newer_ones(graph: &SqlGraph) {
    graph
        .load(&to_graph("doc-a", &only_award(Some("2024-01-01"), 60000)))
        .await
        .unwrap();
    let older = graph
        .load(&to_graph("doc-old", &only_award(Some("2023-01-01"), 55000)))
        .await
        .unwrap();
    assert_eq!(
        older.superseded,
        1 + 3,
        "the rule and its three edges: {older:?}"
    );
    assert_eq!(award_miles(graph).await, Some(60000));

    let undated = graph
        .load(&to_graph("doc-undated", &only_award(None, 1)))
        .await
        .unwrap();
    assert!(undated.superseded >= 1, "{undated:?}");
    assert_eq!(award_miles(graph).await, Some(60000), "dated beats undated");

    let newer = graph
        .load(&to_graph("doc-new", &only_award(Some("2025-06-01"), 70000)))
        .await
        .unwrap();
    assert!(newer.written >= 1, "{newer:?}");
    assert_eq!(award_miles(graph).await, Some(70000));
    let exported = graph.export(Some("aeroplan")).await.unwrap();
    assert_eq!(exported.award_rules.len(), 1);
    assert_eq!(
        exported.award_rules[0].provenance.effective_date.as_deref(),
        Some("2025-06-01")
    );
}

async fn undated_facts_the_later_load_wins(graph: &SqlGraph) {
    let mut facts = only_award(None, 1000);
    facts.award_rules[0].program = "undated".into();
    graph.load(&to_graph("doc-1", &facts)).await.unwrap();
    facts.award_rules[0].miles_one_way = 2000;
    let report = graph.load(&to_graph("doc-2", &facts)).await.unwrap();
    assert_eq!(report.written, 1, "{report:?}");
    let view = graph.view().await.unwrap();
    assert_eq!(
        view.award("undated", "Atlantic", "North America", Cabin::Business),
        Some(2000)
    );
}

async fn documents_merge(graph: &SqlGraph) {
    graph.load(&to_graph("doc-a", &facts())).await.unwrap();
    // Another document: the program without its aliases but with a new one, a zone with
    // one more country, the airline only as a rule's reference.
    let other = Facts {
        programs: vec![Program {
            id: "aeroplan".into(),
            name: "Aeroplan".into(),
            aliases: vec!["AP".into()],
            provenance: dated(Some("2024-01-01")),
            ..Program::default()
        }],
        zones: vec![zone("Atlantic", &["GB"])],
        earning_rules: vec![EarningRule {
            program: "aeroplan".into(),
            operating_airline: "LH".into(),
            fare_classes: vec!["Z".into()],
            cabin: Cabin::Business,
            percent: 125.0,
            min_miles: None,
            provenance: dated(Some("2024-01-01")),
        }],
        ..Facts::default()
    };
    graph.load(&to_graph("doc-b", &other)).await.unwrap();
    let exported = graph.export(Some("aeroplan")).await.unwrap();
    assert_eq!(exported.programs.len(), 1);
    assert_eq!(exported.programs[0].aliases, ["Air Canada Aeroplan", "AP"]);
    assert_eq!(exported.programs[0].operator_airline.as_deref(), Some("AC"));
    let atlantic = exported
        .zones
        .iter()
        .find(|z| z.zone == "Atlantic")
        .unwrap();
    assert_eq!(atlantic.countries, ["DE", "FR", "GB"]);
    assert_eq!(
        exported.earning_rules.len(),
        1,
        "{:?}",
        exported.earning_rules
    );
    assert_eq!(exported.earning_rules[0].fare_classes, ["C", "D", "J", "Z"]);
    let lh = exported.airlines.iter().find(|a| a.iata == "LH").unwrap();
    assert_eq!(
        lh.name, "Lufthansa",
        "a reference does not erase the airline"
    );
    assert_eq!(exported.memberships.len(), 1);
    assert_eq!(exported.alliances.len(), 1);

    let view: GraphView = graph.view().await.unwrap();
    assert_eq!(view.programs_earning_on("LH"), ["aeroplan"]);
    assert_eq!(
        view.zone_of_country("aeroplan", "GB").as_deref(),
        Some("Atlantic")
    );
}

/// The public samples' facts (kept in the repository): loaded document by document, the
/// export holds every expected fact.
async fn samples_round_trip(graph: &SqlGraph) {
    let path = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/samples/facts.json"
    ));
    let text = std::fs::read_to_string(path).expect("the samples' facts.json");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut expected_classes = BTreeSet::new();
    let mut expected_countries = BTreeSet::new();
    for (n, document) in json["documents"].as_array().unwrap().iter().enumerate() {
        let mut facts = document["facts"].clone();
        // The samples write alliances as names.
        if let Some(alliances) = facts.get_mut("alliances").and_then(|a| a.as_array_mut()) {
            for alliance in alliances.iter_mut() {
                if let Some(name) = alliance.as_str() {
                    *alliance = serde_json::json!({ "name": name });
                }
            }
        }
        let facts: Facts = serde_json::from_value(facts).unwrap();
        for rule in &facts.earning_rules {
            for class in &rule.fare_classes {
                expected_classes.insert((
                    rule.program.clone(),
                    rule.operating_airline.clone(),
                    class.clone(),
                    rule.percent.to_string(),
                ));
            }
        }
        for zone in &facts.zones {
            for country in &zone.countries {
                expected_countries.insert((
                    zone.program.clone(),
                    zone.zone.clone(),
                    country.clone(),
                ));
            }
        }
        graph
            .load(&to_graph(&format!("sample-{n}"), &facts))
            .await
            .unwrap();
    }
    let exported = graph.export(None).await.unwrap();
    let classes: BTreeSet<_> = exported
        .earning_rules
        .iter()
        .flat_map(|rule| {
            rule.fare_classes.iter().map(move |class| {
                (
                    rule.program.clone(),
                    rule.operating_airline.clone(),
                    class.clone(),
                    rule.percent.to_string(),
                )
            })
        })
        .collect();
    assert_eq!(classes, expected_classes);
    let countries: BTreeSet<_> = exported
        .zones
        .iter()
        .flat_map(|zone| {
            zone.countries
                .iter()
                .map(move |c| (zone.program.clone(), zone.zone.clone(), c.clone()))
        })
        .collect();
    assert_eq!(countries, expected_countries);
    assert_eq!(exported.programs.len(), 3);
    let view = graph.view().await.unwrap();
    let mut earning_on_lh = view.programs_earning_on("LH");
    earning_on_lh.sort();
    assert_eq!(earning_on_lh, ["aeroplan", "united_mileageplus"]);
    let only = graph.export(Some("turkish_milesandsmiles")).await.unwrap();
    assert_eq!(only.programs.len(), 1);
    assert!(
        only.earning_rules
            .iter()
            .all(|r| r.program == "turkish_milesandsmiles")
    );
}

async fn graph_on(database: engine::Database) -> SqlGraph {
    let graph = SqlGraph::open(database.clone()).await.unwrap();
    // Opening twice (a second process, a restart) is fine.
    SqlGraph::open(database).await.unwrap();
    graph
}

macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let (database, _dir) = crate::support::sqlite().await;
                    super::$name(&super::graph_on(database).await).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let Some(database) =
                        crate::support::postgres(concat!("graph_", stringify!($name))).await
                    else {
                        return;
                    };
                    super::$name(&super::graph_on(database).await).await;
                }
            )*
        }
    };
}

both_backends!(
    loading_twice_changes_nothing,
    older_facts_do_not_replace_newer_ones,
    undated_facts_the_later_load_wins,
    documents_merge,
    samples_round_trip,
);
