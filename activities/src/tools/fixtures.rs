//! A small knowledge graph for the tools' tests, with numbers worked out by hand.

use crate::facts::{
    Airline, AwardRule, Cabin, EarningRule, ExpiryRule, Facts, Membership, Program, Provenance,
    Source, StatusTier, Zone,
};

use super::Snapshot;

fn from(document: &str) -> Provenance {
    Provenance {
        source: Some(Source {
            document: format!("sha-{document}"),
            document_name: document.into(),
            passage: format!("sha-{document}:1"),
            page: 1,
            section: "Chart".into(),
        }),
        ..Provenance::default()
    }
}

fn program(id: &str, name: &str, airline: &str, currency: &str, aliases: &[&str]) -> Program {
    Program {
        id: id.into(),
        name: name.into(),
        operator_airline: Some(airline.into()),
        currency: Some(currency.into()),
        aliases: aliases.iter().map(|alias| alias.to_string()).collect(),
        cabin_brands: Vec::new(),
        fare_brands: Vec::new(),
        airport_names: Vec::new(),
        provenance: from("guide.txt"),
    }
}

fn rule(
    program: &str,
    airline: &str,
    classes: &str,
    cabin: Cabin,
    percent: f64,
    min: Option<u32>,
) -> EarningRule {
    EarningRule {
        program: program.into(),
        operating_airline: airline.into(),
        fare_classes: classes.chars().map(String::from).collect(),
        cabin,
        percent,
        min_miles: min,
        provenance: from("partner.html"),
    }
}

fn zone(program: &str, name: &str, countries: &[&str], regions: &[&str]) -> Zone {
    Zone {
        program: program.into(),
        zone: name.into(),
        countries: countries.iter().map(|c| c.to_string()).collect(),
        regions: regions.iter().map(|r| r.to_string()).collect(),
        aliases: Vec::new(),
        provenance: from("chart.md"),
    }
}

fn award(program: &str, a: &str, b: &str, cabin: Cabin, miles: u64) -> AwardRule {
    AwardRule {
        program: program.into(),
        from_zone: a.into(),
        to_zone: b.into(),
        cabin,
        miles_one_way: miles,
        provenance: from("chart.md"),
    }
}

fn tier(
    program: &str,
    name: &str,
    rank: u32,
    threshold: u64,
    unit: &str,
    alliance: Option<&str>,
) -> StatusTier {
    StatusTier {
        program: program.into(),
        name: name.into(),
        rank,
        threshold,
        threshold_unit: unit.into(),
        alliance_status: alliance.map(str::to_owned),
        provenance: from("chart.md"),
    }
}

/// Three programs: MileagePlus (LH and TK charts, 500-mile minimum), Aeroplan (UA chart,
/// no minimum; zones, awards, tiers, expiry) and Miles&Smiles (TK, 250-mile minimum).
pub(crate) fn facts() -> Facts {
    use Cabin::*;
    let (united, aeroplan, turkish) = ("united_mileageplus", "aeroplan", "turkish_milesandsmiles");
    Facts {
        programs: vec![
            program(
                united,
                "United MileagePlus",
                "UA",
                "miles",
                &["MileagePlus", "United"],
            ),
            program(
                aeroplan,
                "Aeroplan",
                "AC",
                "points",
                &["Air Canada Aeroplan"],
            ),
            program(
                turkish,
                "Miles&Smiles",
                "TK",
                "miles",
                &["Miles and Smiles"],
            ),
        ],
        airlines: ["LH:Lufthansa", "TK:Turkish Airlines", "UA:United Airlines"]
            .iter()
            .map(|pair| {
                let (iata, name) = pair.split_once(':').unwrap_or_default();
                Airline {
                    iata: iata.into(),
                    name: name.into(),
                    country: None,
                    provenance: Provenance::default(),
                }
            })
            .collect(),
        memberships: ["LH", "TK", "UA"]
            .iter()
            .map(|iata| Membership {
                airline: iata.to_string(),
                alliance: "Star Alliance".into(),
                provenance: Provenance::default(),
            })
            .collect(),
        earning_rules: vec![
            rule(united, "LH", "P", Business, 125.0, Some(500)),
            rule(united, "LH", "V", Economy, 75.0, Some(500)),
            rule(united, "LH", "K", Economy, 0.0, Some(500)),
            rule(united, "TK", "K", Business, 125.0, Some(500)),
            rule(aeroplan, "UA", "Q", Economy, 50.0, None),
            rule(aeroplan, "TK", "Y", Economy, 100.0, None),
            rule(aeroplan, "LH", "K", Economy, 0.0, None),
            rule(turkish, "TK", "Y", Economy, 100.0, Some(250)),
            rule(turkish, "TK", "V", Economy, 25.0, Some(250)),
            rule(turkish, "TK", "C", Business, 150.0, Some(250)),
        ],
        zones: vec![
            zone(aeroplan, "North America", &["US", "CA"], &["North America"]),
            zone(
                aeroplan,
                "Atlantic",
                &["DE", "FR", "TR"],
                &["Europe", "Middle East"],
            ),
            zone(aeroplan, "Pacific", &["JP"], &["Asia", "Oceania"]),
            zone(turkish, "Turkey", &["TR"], &[]),
            zone(turkish, "North America", &["US", "CA"], &[]),
            zone(turkish, "Europe 1", &["DE"], &[]),
            zone(turkish, "Europe 2", &["GB"], &[]),
        ],
        award_rules: vec![
            award(aeroplan, "North America", "Atlantic", Business, 70000),
            award(aeroplan, "North America", "Pacific", Economy, 45000),
            award(turkish, "Turkey", "North America", Business, 90000),
        ],
        status_tiers: vec![
            tier(
                aeroplan,
                "25K",
                1,
                25000,
                "SQM",
                Some("Star Alliance Silver"),
            ),
            tier(aeroplan, "35K", 2, 35000, "SQM", Some("Star Alliance Gold")),
            tier(aeroplan, "50K", 3, 50000, "SQM", Some("Star Alliance Gold")),
        ],
        expiry_rules: vec![
            ExpiryRule {
                program: aeroplan.into(),
                expires: true,
                inactivity_months: Some(18),
                validity_months: None,
                text: "Points expire after 18 months without activity.".into(),
                provenance: from("chart.md"),
            },
            ExpiryRule {
                program: united.into(),
                expires: false,
                inactivity_months: None,
                validity_months: None,
                text: "Miles do not expire.".into(),
                provenance: from("chart.md"),
            },
        ],
        ..Facts::default()
    }
}

/// The facts as a knowledge graph.
pub(crate) fn knowledge() -> Snapshot {
    Snapshot::from_facts(&facts())
}
