//! `best_program`: every program a flight can be credited to, ranked by what it earns,
//! with the traveller's own programs marked.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::distance::round_half_up;
use super::flight_earnings::{earn, fare_class, legs};
use super::{Citation, Error, KnowledgeGraph, ProgramName, Segment, add_citations, known_airline};
use crate::facts::Cabin;

/// The tool's name.
pub const NAME: &str = "best_program";
/// What it answers.
pub const DESCRIPTION: &str = "For a flight (operating airline, fare class, legs), every \
    loyalty program it can be credited to, ranked by miles or points earned, marking the \
    programs the traveller belongs to.";

/// The flight to compare programs for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// The operating airline: IATA code or name.
    pub airline: String,
    /// The booking class letter.
    pub fare_class: String,
    /// The legs flown, in order.
    pub segments: Vec<Segment>,
    /// Ids of the programs the traveller belongs to.
    #[serde(default)]
    pub memberships: Vec<String>,
}

/// One program's result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Choice {
    /// The program.
    pub program: ProgramName,
    /// Total earned.
    pub miles: u64,
    /// Percentage of the distance.
    pub percent: f64,
    /// The cabin the fare class books in this program's chart.
    #[schemars(with = "String")]
    pub cabin: Cabin,
    /// Whether the fare class earns at all.
    pub eligible: bool,
    /// Whether the traveller belongs to the program.
    pub member: bool,
}

/// The ranking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Output {
    /// The airline's IATA code.
    pub airline: String,
    /// Its name.
    pub airline_name: String,
    /// The fare class.
    pub fare_class: String,
    /// Great-circle miles flown in all.
    pub distance_miles: u64,
    /// Programs whose chart lists the fare class, most earned first (members first on a tie).
    pub ranking: Vec<Choice>,
    /// Programs earning on the airline whose chart does not list the fare class.
    pub not_listed: Vec<ProgramName>,
    /// Where the rules come from.
    pub citations: Vec<Citation>,
}

/// Runs the tool.
pub async fn run(knowledge: &dyn KnowledgeGraph, input: Input) -> Result<Output, Error> {
    let legs = legs(&input.segments)?;
    let (airline, airline_name) = known_airline(knowledge, &input.airline).await?;
    let class = fare_class(&input.fare_class)?;
    let mut ranking = Vec::new();
    let mut not_listed = Vec::new();
    let mut citations = Vec::new();
    for id in knowledge.programs_earning_on(&airline).await? {
        let Some(program) = knowledge.program(&id).await? else {
            continue;
        };
        let name = ProgramName::of(&program);
        let Some(rule) = knowledge
            .earning_rule(&program.id, &airline, &class)
            .await?
        else {
            not_listed.push(name);
            continue;
        };
        let (_, miles) = earn(&rule, &legs);
        add_citations(&mut citations, Citation::of(&rule.provenance));
        let member = input
            .memberships
            .iter()
            .any(|member| member.eq_ignore_ascii_case(&program.id));
        ranking.push(Choice {
            program: name,
            miles,
            percent: rule.percent,
            cabin: rule.cabin,
            eligible: rule.percent > 0.0,
            member,
        });
    }
    ranking.sort_by(|a, b| {
        (b.miles, b.member, &a.program.name).cmp(&(a.miles, a.member, &b.program.name))
    });
    let distance_miles = legs.iter().map(|(_, _, miles)| round_half_up(*miles)).sum();
    Ok(Output {
        airline,
        airline_name,
        fare_class: class,
        distance_miles,
        ranking,
        not_listed,
        citations,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tools::fixtures::knowledge;

    #[tokio::test]
    async fn ranks_programs_by_miles_and_marks_memberships() {
        let input = Input {
            airline: "TK".into(),
            fare_class: "Y".into(),
            segments: vec![Segment::new("IST", "JFK")],
            memberships: vec!["aeroplan".into()],
        };
        let out = run(&knowledge(), input).await.unwrap();
        // IST-JFK 4,988 mi × 100 %: both earn 4,988; the member's program comes first.
        let ranked: Vec<(&str, u64, bool)> = out
            .ranking
            .iter()
            .map(|choice| (choice.program.id.as_str(), choice.miles, choice.member))
            .collect();
        assert_eq!(
            ranked,
            [
                ("aeroplan", 4988, true),
                ("turkish_milesandsmiles", 4988, false)
            ]
        );
        assert_eq!(out.not_listed[0].id, "united_mileageplus");
        assert_eq!(out.distance_miles, 4988);
    }

    #[tokio::test]
    async fn more_miles_rank_first() {
        let input = Input {
            airline: "TK".into(),
            fare_class: "K".into(),
            segments: vec![Segment::new("IST", "ORD")],
            memberships: Vec::new(),
        };
        // IST-ORD 5,459.4 mi in K: MileagePlus 125 % = 6,824 (K is in neither Aeroplan's
        // nor Miles&Smiles' TK chart).
        let out = run(&knowledge(), input).await.unwrap();
        assert_eq!(out.ranking.len(), 1);
        assert_eq!(out.ranking[0].miles, 6824);
    }
}
