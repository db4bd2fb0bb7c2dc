//! `programs_for_airline`: the programs that earn on an airline's flights (those with an
//! earning chart for it in the graph), and the airline's alliance with the programs of its
//! alliance partners.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Citation, Error, KnowledgeGraph, ProgramName, add_citations, known_airline};
use crate::reference;

/// The tool's name.
pub const NAME: &str = "programs_for_airline";
/// What it answers.
pub const DESCRIPTION: &str = "Which loyalty programs earn miles or points on an airline's \
    flights (partnerships in the knowledge graph), and which alliance the airline belongs to.";

/// The airline asked about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// IATA code or name.
    pub airline: String,
    /// Ids of the programs the traveller belongs to.
    #[serde(default)]
    pub memberships: Vec<String>,
}

/// A program that earns on the airline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Partner {
    /// The program.
    pub program: ProgramName,
    /// Fare classes that earn (above 0 %).
    pub eligible_fare_classes: Vec<String>,
    /// Whether the traveller belongs to it.
    pub member: bool,
}

/// The airline's programs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Output {
    /// IATA code.
    pub airline: String,
    /// Name.
    pub airline_name: String,
    /// Its alliance, if any.
    pub alliance: Option<String>,
    /// Programs with an earning chart for the airline in which some fare class earns.
    pub programs: Vec<Partner>,
    /// Programs whose chart lists the airline but where no fare class earns.
    pub not_earning: Vec<ProgramName>,
    /// Programs of the airline's alliance partners without a chart for it in the documents.
    pub alliance_programs_without_chart: Vec<ProgramName>,
    /// Where the charts come from.
    pub citations: Vec<Citation>,
}

/// Runs the tool.
pub async fn run(knowledge: &dyn KnowledgeGraph, input: Input) -> Result<Output, Error> {
    let (airline, airline_name) = known_airline(knowledge, &input.airline).await?;
    let alliance = match knowledge.alliance_of(&airline).await? {
        Some(alliance) => Some(alliance),
        None => reference::airline(&airline).and_then(|known| known.alliance.clone()),
    };
    let mut programs = Vec::new();
    let mut not_earning = Vec::new();
    let mut citations = Vec::new();
    let earning = knowledge.programs_earning_on(&airline).await?;
    for id in &earning {
        let Some(program) = knowledge.program(id).await? else {
            continue;
        };
        let rules = knowledge.earning_rules(&program.id, &airline).await?;
        let mut classes: Vec<String> = rules
            .iter()
            .filter(|rule| rule.percent > 0.0)
            .flat_map(|rule| rule.fare_classes.iter().cloned())
            .collect();
        classes.sort();
        classes.dedup();
        for rule in &rules {
            add_citations(&mut citations, Citation::of(&rule.provenance));
        }
        if classes.is_empty() {
            not_earning.push(ProgramName::of(&program));
            continue;
        }
        let member = input
            .memberships
            .iter()
            .any(|member| member.eq_ignore_ascii_case(&program.id));
        programs.push(Partner {
            program: ProgramName::of(&program),
            eligible_fare_classes: classes,
            member,
        });
    }
    programs.sort_by(|a, b| a.program.name.cmp(&b.program.name));
    let mut alliance_programs_without_chart = Vec::new();
    if let Some(alliance) = &alliance {
        for program in knowledge.programs().await? {
            let Some(operator) = &program.operator_airline else {
                continue;
            };
            let partner = match knowledge.alliance_of(operator).await? {
                Some(theirs) => theirs == *alliance,
                None => reference::airline(operator)
                    .and_then(|known| known.alliance.as_ref())
                    .is_some_and(|theirs| theirs == alliance),
            };
            if partner && !earning.contains(&program.id) {
                alliance_programs_without_chart.push(ProgramName::of(&program));
            }
        }
    }
    Ok(Output {
        airline,
        airline_name,
        alliance,
        programs,
        not_earning,
        alliance_programs_without_chart,
        citations,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tools::fixtures::knowledge;

    fn names(programs: &[Partner]) -> Vec<&str> {
        programs.iter().map(|p| p.program.id.as_str()).collect()
    }

    #[tokio::test]
    async fn lists_programs_with_an_earning_chart() {
        let input = Input {
            airline: "Turkish Airlines".into(),
            memberships: vec!["aeroplan".into()],
        };
        let out = run(&knowledge(), input).await.unwrap();
        assert_eq!(out.airline, "TK");
        assert_eq!(out.alliance.as_deref(), Some("Star Alliance"));
        assert_eq!(
            names(&out.programs),
            ["aeroplan", "turkish_milesandsmiles", "united_mileageplus"]
        );
        assert!(out.programs[0].member && !out.programs[1].member);
    }

    #[tokio::test]
    async fn a_chart_where_nothing_earns_does_not_count() {
        let input = Input {
            airline: "LH".into(),
            memberships: Vec::new(),
        };
        let out = run(&knowledge(), input).await.unwrap();
        assert_eq!(names(&out.programs), ["united_mileageplus"]);
        assert_eq!(out.not_earning[0].id, "aeroplan");
        // Miles&Smiles (TK, Star Alliance) has no chart for LH in the documents.
        assert_eq!(
            out.alliance_programs_without_chart[0].id,
            "turkish_milesandsmiles"
        );
    }
}
