//! `flight_earnings`: the miles (or points) a flight earns in a program. Per leg:
//! great-circle distance × the fare class's percentage, rounded half up; an eligible fare
//! class earns at least the rule's minimum; a fare class at 0 % earns nothing, with the
//! reason. A connection adds up its legs.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::distance::{self, round_half_up};
use super::{Citation, Error, KnowledgeGraph, ProgramName, Segment, known_airline, known_program};
use crate::facts::{Cabin, EarningRule};

/// The tool's name.
pub const NAME: &str = "flight_earnings";
/// What it answers.
pub const DESCRIPTION: &str = "Miles or points a flight earns when credited to a loyalty \
    program: great-circle distance of each leg x the fare class's percentage in the program's \
    chart for the operating airline, with the program's minimum; 0 with the reason when the \
    fare class is not eligible.";

/// A flight to price.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// The program credited: id (`united_mileageplus`) or name (`MileagePlus`).
    pub program: String,
    /// The operating airline: IATA code (`LH`) or name.
    pub airline: String,
    /// The booking class letter (`P`).
    pub fare_class: String,
    /// The legs flown, in order; every one in this fare class.
    pub segments: Vec<Segment>,
    /// The traveller's status tier in the program, for a status bonus.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_tier: Option<String>,
}

/// What one leg earns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LegEarning {
    /// Departure airport.
    pub from: String,
    /// Arrival airport.
    pub to: String,
    /// Great-circle distance, statute miles, rounded.
    pub distance_miles: u64,
    /// Earned on this leg.
    pub miles: u64,
    /// Whether the program's minimum raised it.
    pub minimum_applied: bool,
}

/// What the flight earns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Output {
    /// The program.
    pub program: ProgramName,
    /// The operating airline's IATA code.
    pub airline: String,
    /// The airline's name.
    pub airline_name: String,
    /// The fare class.
    pub fare_class: String,
    /// The cabin the fare class books.
    #[schemars(with = "String")]
    pub cabin: Cabin,
    /// Percentage of the distance earned.
    pub percent: f64,
    /// Whether the fare class earns at all.
    pub eligible: bool,
    /// The least an eligible leg earns, if the program has a minimum.
    pub min_miles: Option<u32>,
    /// Each leg.
    pub segments: Vec<LegEarning>,
    /// The total over all legs.
    pub total_miles: u64,
    /// Bonus percentage for the traveller's status, where the documents give one.
    pub status_bonus_percent: Option<f64>,
    /// Why the flight earns nothing, or how the status was treated.
    pub notes: Vec<String>,
    /// Where the earning rule comes from.
    pub citations: Vec<Citation>,
}

/// A fare class as charts write it: one letter, uppercase.
pub(crate) fn fare_class(text: &str) -> Result<String, Error> {
    let class = text.trim().to_ascii_uppercase();
    if class.len() == 1 && class.chars().all(|c| c.is_ascii_alphabetic()) {
        Ok(class)
    } else {
        Err(Error::Invalid(format!(
            "fare class '{}' is not a booking class letter",
            text.trim()
        )))
    }
}

/// What `rule` earns over the legs (airports already checked).
pub(crate) fn earn(rule: &EarningRule, legs: &[(String, String, f64)]) -> (Vec<LegEarning>, u64) {
    let eligible = rule.percent > 0.0;
    let segments: Vec<LegEarning> = legs
        .iter()
        .map(|(from, to, miles)| {
            let raw = if eligible {
                round_half_up(miles * rule.percent / 100.0)
            } else {
                0
            };
            let minimum = rule.min_miles.filter(|_| eligible).map(u64::from);
            let earned = minimum.map_or(raw, |minimum| raw.max(minimum));
            LegEarning {
                from: from.clone(),
                to: to.clone(),
                distance_miles: round_half_up(*miles),
                miles: earned,
                minimum_applied: earned > raw,
            }
        })
        .collect();
    let total = segments.iter().map(|leg| leg.miles).sum();
    (segments, total)
}

/// The legs with their distances; unknown airports are named.
pub(crate) fn legs(segments: &[Segment]) -> Result<Vec<(String, String, f64)>, Error> {
    if segments.is_empty() {
        return Err(Error::Invalid(
            "give at least one segment (from, to)".into(),
        ));
    }
    let codes = segments
        .iter()
        .flat_map(|segment| [segment.from.as_str(), segment.to.as_str()]);
    let airports = distance::airports(codes)?;
    Ok(airports
        .chunks(2)
        .map(|pair| {
            (
                pair[0].iata.clone(),
                pair[1].iata.clone(),
                distance::between(pair[0], pair[1]),
            )
        })
        .collect())
}

/// Runs the tool.
pub async fn run(knowledge: &dyn KnowledgeGraph, input: Input) -> Result<Output, Error> {
    let legs = legs(&input.segments)?;
    let program = known_program(knowledge, &input.program).await?;
    let (airline, airline_name) = known_airline(knowledge, &input.airline).await?;
    let class = fare_class(&input.fare_class)?;
    let Some(rule) = knowledge
        .earning_rule(&program.id, &airline, &class)
        .await?
    else {
        let listed: Vec<String> = knowledge
            .earning_rules(&program.id, &airline)
            .await?
            .into_iter()
            .flat_map(|rule| rule.fare_classes)
            .collect();
        return Err(Error::NotInChart(if listed.is_empty() {
            format!(
                "{} has no earning chart for {airline_name} ({airline}) in the documents",
                program.name
            )
        } else {
            format!(
                "{}'s chart for {airline_name} ({airline}) does not list fare class {class}; \
                 it lists {}",
                program.name,
                listed.join(", ")
            )
        }));
    };
    let (segments, total_miles) = earn(&rule, &legs);
    let mut notes = Vec::new();
    if rule.percent <= 0.0 {
        notes.push(format!(
            "fare class {class} on {airline_name} is not eligible for {} earning",
            program.name
        ));
    }
    if let Some(tier) = &input.status_tier {
        notes.push(format!(
            "the documents give no status bonus for {tier}, so none is added"
        ));
    }
    Ok(Output {
        program: ProgramName::of(&program),
        airline,
        airline_name,
        fare_class: class,
        cabin: rule.cabin,
        percent: rule.percent,
        eligible: rule.percent > 0.0,
        min_miles: rule.min_miles,
        segments,
        total_miles,
        status_bonus_percent: None,
        notes,
        citations: Citation::of(&rule.provenance).into_iter().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tools::fixtures::knowledge;

    async fn check(program: &str, airline: &str, class: &str, route: &[&str]) -> Output {
        let segments = route
            .windows(2)
            .map(|pair| Segment::new(pair[0], pair[1]))
            .collect();
        let input = Input {
            program: program.into(),
            airline: airline.into(),
            fare_class: class.into(),
            segments,
            status_tier: None,
        };
        run(&knowledge(), input).await.unwrap()
    }

    #[tokio::test]
    async fn distance_times_percentage_rounded_half_up() {
        // FRA-JFK 3,845.0 mi × 125 % = 4,806.3 → 4,806.
        let out = check("united_mileageplus", "LH", "P", &["FRA", "JFK"]).await;
        assert_eq!(
            (out.total_miles, out.percent, out.cabin),
            (4806, 125.0, Cabin::Business)
        );
        assert_eq!(out.segments[0].distance_miles, 3845);
        assert_eq!(out.citations[0].document, "partner.html");
        // Names work as well as ids and codes.
        let out = check("MileagePlus", "Lufthansa", "p", &["FRA", "JFK"]).await;
        assert_eq!(out.total_miles, 4806);
    }

    #[tokio::test]
    async fn the_minimum_applies_to_eligible_classes_only() {
        // FRA-MUC 187 mi × 75 % = 140 < 500 → 500.
        let out = check("united_mileageplus", "LH", "V", &["FRA", "MUC"]).await;
        assert_eq!(out.total_miles, 500);
        assert!(out.segments[0].minimum_applied);
        // 0 %: not eligible, no minimum.
        let out = check("united_mileageplus", "LH", "K", &["FRA", "MUC"]).await;
        assert_eq!((out.total_miles, out.eligible), (0, false));
        assert!(out.notes[0].contains("not eligible"));
        // No minimum in the program: SFO-YVR 800.9 mi × 50 % = 400.4 → 400.
        let out = check("aeroplan", "UA", "Q", &["SFO", "YVR"]).await;
        assert_eq!(out.total_miles, 400);
    }

    #[tokio::test]
    async fn a_connection_adds_up_its_legs() {
        // ESB-IST 236 × 100 % → min 250; IST-JFK 4,988 × 100 % = 4,988; total 5,238.
        let out = check("turkish_milesandsmiles", "TK", "Y", &["ESB", "IST", "JFK"]).await;
        let legs: Vec<u64> = out.segments.iter().map(|leg| leg.miles).collect();
        assert_eq!(legs, [250, 4988]);
        assert_eq!(out.total_miles, 5238);
    }

    #[tokio::test]
    async fn bad_input_is_named() {
        let knowledge = knowledge();
        let input = |program: &str, class: &str, to: &str| Input {
            program: program.into(),
            airline: "LH".into(),
            fare_class: class.into(),
            segments: vec![Segment::new("FRA", to)],
            status_tier: None,
        };
        let error = run(&knowledge, input("aeroplan", "P", "XQZ"))
            .await
            .unwrap_err();
        assert_eq!(error, Error::UnknownAirports(vec!["XQZ".into()]));
        let error = run(&knowledge, input("nope", "P", "JFK"))
            .await
            .unwrap_err();
        assert_eq!(error, Error::UnknownProgram("nope".into()));
        let error = run(&knowledge, input("united_mileageplus", "Q", "JFK"))
            .await
            .unwrap_err();
        assert!(
            error.to_string().contains("does not list fare class Q"),
            "{error}"
        );
        let error = run(&knowledge, input("united_mileageplus", "PP", "JFK"))
            .await
            .unwrap_err();
        assert!(matches!(error, Error::Invalid(_)));
    }
}
