//! Validation of extracted facts before they reach the graph: well-formed fare classes,
//! plausible percentages and prices, known airlines and countries, and no contradiction
//! with what the graph already holds (unless the new fact is newer). Facts that fail, or
//! that the extractor was unsure of, are held for a curator's decision — or, depending on
//! the approval mode, every fact is held, or none is.

use std::str::FromStr;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::facts::{EarningRule, Facts, Provenance};
use crate::reference;

/// Which facts wait for a curator.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalMode {
    /// None: facts that fail validation are dropped, the rest load.
    None,
    /// Facts that fail validation (or fall below the confidence threshold) wait.
    #[default]
    Failed,
    /// Every fact waits.
    All,
}

impl FromStr for ApprovalMode {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "none" => Ok(Self::None),
            "failed" => Ok(Self::Failed),
            "all" => Ok(Self::All),
            other => Err(format!(
                "approval mode '{other}' is not one of none, failed, all"
            )),
        }
    }
}

/// A fact set aside, with why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeldFact {
    /// `<category>:<n>`, stable within one document's validation.
    pub id: String,
    /// The `facts.json` category (`earning_rules`, …).
    pub category: String,
    /// The fact as JSON.
    pub fact: Value,
    /// What failed (empty when held only because every fact is).
    pub reasons: Vec<String>,
}

/// The outcome of validating a document's facts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Validation {
    /// Facts to load now.
    pub accepted: Facts,
    /// Facts waiting for a curator.
    pub held: Vec<HeldFact>,
    /// Facts dropped (failed validation with no approval gate).
    pub rejected: Vec<HeldFact>,
}

/// Settings of validation.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValidationSettings {
    /// Which facts wait for a curator.
    pub mode: ApprovalMode,
    /// Facts the extractor was less sure of than this wait too (when the mode is not none).
    pub min_confidence: f64,
}

impl Default for ValidationSettings {
    fn default() -> Self {
        Self {
            mode: ApprovalMode::Failed,
            min_confidence: 0.5,
        }
    }
}

/// Highest plausible earning percentage: no real fare earns more than 4× the distance.
const MAX_PERCENT: f64 = 400.0;

/// Validates `facts` against the reference data and the facts `existing` in the graph.
pub fn validate(facts: &Facts, existing: &Facts, settings: ValidationSettings) -> Validation {
    let mut validation = Validation::default();
    let known_airline = |code: &str| {
        reference::airline(code).is_some() || facts.airlines.iter().any(|a| a.iata == code)
    };
    let known_program = |id: &str| {
        facts.programs.iter().any(|p| p.id == id) || existing.programs.iter().any(|p| p.id == id)
    };
    macro_rules! check {
        ($category:ident, $reasons:expr) => {
            for (index, fact) in facts.$category.iter().enumerate() {
                #[allow(clippy::redundant_closure_call)]
                let mut reasons: Vec<String> = ($reasons)(fact);
                let value = serde_json::to_value(fact).unwrap_or_default();
                let confidence = provenance_of(&value).confidence.unwrap_or(1.0);
                if confidence < settings.min_confidence {
                    reasons.push(format!(
                        "confidence {confidence:.2} is below {:.2}",
                        settings.min_confidence
                    ));
                }
                let held = HeldFact {
                    id: format!("{}:{}", stringify!($category), index + 1),
                    category: stringify!($category).to_owned(),
                    fact: value,
                    reasons,
                };
                match (settings.mode, held.reasons.is_empty()) {
                    (ApprovalMode::All, _) | (ApprovalMode::Failed, false) => {
                        validation.held.push(held)
                    }
                    (ApprovalMode::None, false) => validation.rejected.push(held),
                    (_, true) => validation.accepted.$category.push(fact.clone()),
                }
            }
        };
    }
    check!(programs, |program: &crate::facts::Program| {
        let mut reasons = Vec::new();
        if program.id.is_empty() || program.name.trim().is_empty() {
            reasons.push("a program needs an id and a name".to_owned());
        }
        if let Some(code) = &program.operator_airline
            && !known_airline(code)
        {
            reasons.push(format!("unknown operating airline '{code}'"));
        }
        reasons
    });
    check!(airlines, |airline: &crate::facts::Airline| {
        let mut reasons = Vec::new();
        if !is_airline_code(&airline.iata) {
            reasons.push(format!("'{}' is not an IATA airline code", airline.iata));
        }
        if let Some(country) = &airline.country
            && reference::country_name(country).is_none()
        {
            reasons.push(format!("unknown country '{country}'"));
        }
        reasons
    });
    check!(alliances, |alliance: &crate::facts::Alliance| {
        if reference::alliance_in(&alliance.name).is_some() {
            Vec::new()
        } else {
            vec![format!("unknown alliance '{}'", alliance.name)]
        }
    });
    check!(memberships, |membership: &crate::facts::Membership| {
        let mut reasons = Vec::new();
        if !known_airline(&membership.airline) {
            reasons.push(format!("unknown airline '{}'", membership.airline));
        }
        if reference::alliance_in(&membership.alliance).is_none() {
            reasons.push(format!("unknown alliance '{}'", membership.alliance));
        }
        reasons
    });
    check!(earning_rules, |rule: &EarningRule| {
        let mut reasons = Vec::new();
        if !known_program(&rule.program) {
            reasons.push(format!("unknown program '{}'", rule.program));
        }
        if !known_airline(&rule.operating_airline) {
            reasons.push(format!("unknown airline '{}'", rule.operating_airline));
        }
        for class in &rule.fare_classes {
            if !(class.len() == 1 && class.chars().all(|c| c.is_ascii_uppercase())) {
                reasons.push(format!("'{class}' is not a fare class (one letter A-Z)"));
            }
        }
        if rule.fare_classes.is_empty() {
            reasons.push("no fare classes".to_owned());
        }
        if !(rule.percent.is_finite() && (0.0..=MAX_PERCENT).contains(&rule.percent)) {
            reasons.push(format!(
                "earning {}% is outside 0-{MAX_PERCENT}%",
                rule.percent
            ));
        }
        if rule.min_miles.is_some_and(|miles| miles > 10_000) {
            reasons.push("a minimum above 10,000 miles per flight is implausible".to_owned());
        }
        reasons.extend(earning_contradictions(rule, existing));
        reasons
    });
    check!(award_rules, |award: &crate::facts::AwardRule| {
        let mut reasons = Vec::new();
        if !(100..=2_000_000).contains(&award.miles_one_way) {
            reasons.push(format!(
                "{} miles one way is outside 100-2,000,000",
                award.miles_one_way
            ));
        }
        if award.from_zone.trim().is_empty() || award.to_zone.trim().is_empty() {
            reasons.push("an award needs both zones".to_owned());
        }
        for known in &existing.award_rules {
            let same_pair = (known.from_zone == award.from_zone && known.to_zone == award.to_zone)
                || (known.from_zone == award.to_zone && known.to_zone == award.from_zone);
            if known.program == award.program
                && same_pair
                && known.cabin == award.cabin
                && known.miles_one_way != award.miles_one_way
                && !is_newer(&award.provenance, &known.provenance)
            {
                reasons.push(format!(
                    "contradicts the graph: {} miles there",
                    known.miles_one_way
                ));
            }
        }
        reasons
    });
    check!(zones, |zone: &crate::facts::Zone| {
        let mut reasons = Vec::new();
        if zone.countries.is_empty() {
            reasons.push("a zone needs countries".to_owned());
        }
        for country in &zone.countries {
            if reference::country_name(country).is_none() {
                reasons.push(format!("unknown country '{country}'"));
            }
        }
        reasons
    });
    check!(status_tiers, |tier: &crate::facts::StatusTier| {
        let mut reasons = Vec::new();
        if tier.name.trim().is_empty() {
            reasons.push("a tier needs a name".to_owned());
        }
        if tier.threshold > 10_000_000 {
            reasons.push(format!("threshold {} is implausible", tier.threshold));
        }
        reasons
    });
    check!(expiry_rules, |rule: &crate::facts::ExpiryRule| {
        let months = rule
            .inactivity_months
            .into_iter()
            .chain(rule.validity_months);
        months
            .filter(|&months| months == 0 || months > 240)
            .map(|months| format!("{months} months is implausible"))
            .collect::<Vec<_>>()
    });
    validation
}

fn earning_contradictions(rule: &EarningRule, existing: &Facts) -> Vec<String> {
    let mut reasons = Vec::new();
    for known in &existing.earning_rules {
        if known.program != rule.program
            || known.operating_airline != rule.operating_airline
            || known.percent == rule.percent
            || is_newer(&rule.provenance, &known.provenance)
            || same_document(&rule.provenance, &known.provenance)
        {
            continue;
        }
        for class in &rule.fare_classes {
            if known.fare_classes.contains(class) {
                reasons.push(format!(
                    "contradicts the graph: class {class} on {} earns {}% there",
                    known.operating_airline, known.percent
                ));
            }
        }
    }
    reasons
}

/// Whether `new` has a later effective date than `old`.
fn is_newer(new: &Provenance, old: &Provenance) -> bool {
    match (&new.effective_date, &old.effective_date) {
        (Some(new), Some(old)) => new > old,
        (Some(_), None) => true,
        _ => false,
    }
}

/// A document re-read (say by a better extractor) replaces its own facts.
fn same_document(new: &Provenance, old: &Provenance) -> bool {
    match (&new.source, &old.source) {
        (Some(new), Some(old)) => new.document == old.document,
        _ => false,
    }
}

fn is_airline_code(code: &str) -> bool {
    code.len() == 2
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

fn provenance_of(fact: &Value) -> Provenance {
    serde_json::from_value(fact.clone()).unwrap_or_default()
}

/// The facts of some held facts, rebuilt by category (unknown categories are skipped).
pub fn facts_of(held: &[HeldFact]) -> Facts {
    let mut facts = Value::Object(Default::default());
    for fact in held {
        let list = facts.as_object_mut().map(|object| {
            object
                .entry(fact.category.clone())
                .or_insert(Value::Array(Vec::new()))
        });
        if let Some(Value::Array(list)) = list {
            list.push(fact.fact.clone());
        }
    }
    serde_json::from_value(facts).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{Cabin, Program};

    fn rule(percent: f64, classes: &[&str]) -> EarningRule {
        EarningRule {
            program: "p".into(),
            operating_airline: "LH".into(),
            fare_classes: classes.iter().map(|class| class.to_string()).collect(),
            cabin: Cabin::Economy,
            percent,
            min_miles: None,
            provenance: Provenance::default(),
        }
    }

    fn facts(rules: Vec<EarningRule>) -> Facts {
        Facts {
            programs: vec![Program {
                id: "p".into(),
                name: "P".into(),
                ..Program::default()
            }],
            earning_rules: rules,
            ..Facts::default()
        }
    }

    #[test]
    fn holds_only_failing_facts_by_default() {
        let input = facts(vec![
            rule(100.0, &["Y"]),
            rule(1000.0, &["B"]),
            rule(50.0, &["xx"]),
        ]);
        let validation = validate(&input, &Facts::default(), ValidationSettings::default());
        assert_eq!(validation.accepted.earning_rules, vec![rule(100.0, &["Y"])]);
        assert_eq!(validation.held.len(), 2);
        assert!(validation.held[0].reasons[0].contains("outside 0-400"));
        assert!(validation.held[1].reasons[0].contains("not a fare class"));
        let approved = facts_of(&validation.held[..1]);
        assert_eq!(approved.earning_rules, vec![rule(1000.0, &["B"])]);
    }

    #[test]
    fn modes_none_and_all() {
        let input = facts(vec![rule(100.0, &["Y"]), rule(1000.0, &["B"])]);
        let none = ValidationSettings {
            mode: ApprovalMode::None,
            ..ValidationSettings::default()
        };
        let validation = validate(&input, &Facts::default(), none);
        assert!(validation.held.is_empty());
        assert_eq!(validation.rejected.len(), 1);
        let all = ValidationSettings {
            mode: ApprovalMode::All,
            ..ValidationSettings::default()
        };
        let validation = validate(&input, &Facts::default(), all);
        assert!(validation.accepted.is_empty());
        assert_eq!(validation.held.len(), 3);
    }

    #[test]
    fn flags_contradictions_with_the_graph_unless_newer() {
        let existing = facts(vec![rule(100.0, &["Y", "B"])]);
        let input = facts(vec![rule(75.0, &["Y"])]);
        let validation = validate(&input, &existing, ValidationSettings::default());
        assert!(validation.held[0].reasons[0].contains("contradicts the graph"));
        let mut newer = rule(75.0, &["Y"]);
        newer.provenance.effective_date = Some("2027-01-01".into());
        let validation = validate(
            &facts(vec![newer]),
            &existing,
            ValidationSettings::default(),
        );
        assert!(validation.held.is_empty());
    }
}
