//! The conversation's tools: plain async functions with typed (serde) input and output over
//! the [`KnowledgeGraph`], the passage index, the profiles and the reference airports. The
//! conversation workflow calls each as a journaled step, and the MCP server offers the same
//! tools to assistants; both go through [`Tools::call`] by name.

pub mod award_cost;
pub mod best_program;
pub mod distance;
pub mod flight_earnings;
pub mod knowledge;
pub mod neptune;
pub mod profile;
pub mod program_rules;
pub mod programs_for_airline;

use std::sync::Arc;

use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use knowledge::{EmbeddedKnowledge, KnowledgeGraph, Snapshot};
pub use neptune::NeptuneKnowledge;

use crate::ActivityError;
use crate::facts::{Program, Provenance, Source};
use crate::index::PassageIndex;
use crate::profiles::ProfileStore;

/// Why a tool gave no result. Every variant but [`Error::Unavailable`] is about the input:
/// the conversation turns it into a clarifying reply; MCP into a tool error.
#[derive(Clone, Debug, PartialEq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "error", content = "detail", rename_all = "snake_case")]
pub enum Error {
    /// Airport codes that are not IATA codes of any known airport.
    #[error("unknown airport code {}", .0.join(", "))]
    UnknownAirports(Vec<String>),
    /// A program the knowledge graph does not hold.
    #[error("unknown program '{0}'")]
    UnknownProgram(String),
    /// An airline code that is neither in the graph nor in the reference data.
    #[error("unknown airline '{0}'")]
    UnknownAirline(String),
    /// A place that no zone of the program's award chart covers, or that several do.
    #[error("{0}")]
    UnknownPlace(String),
    /// The program's chart does not list the fare class on the airline.
    #[error("{0}")]
    NotInChart(String),
    /// The input is malformed (no segment, a fare class that is not a letter, …).
    #[error("{0}")]
    Invalid(String),
    /// The graph, index or profile store failed; a retry may succeed.
    #[error("unavailable: {0}")]
    Unavailable(String),
}

impl Error {
    /// Whether another attempt could succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(self, Self::Unavailable(_))
    }

    /// The error as a tool call's output: `{"error": code, "detail": …, "message": …}`.
    pub fn to_output(&self) -> Value {
        let mut value = serde_json::to_value(self).unwrap_or_else(|_| serde_json::json!({}));
        if let Some(object) = value.as_object_mut() {
            object.insert("error".into(), Value::String(self.code().to_owned()));
            object.insert("message".into(), Value::String(self.to_string()));
        }
        value
    }

    /// The error a tool call's output reports, if it reports one.
    pub fn from_output(output: &Value) -> Option<Self> {
        let mut object = output.as_object()?.clone();
        let message = object.remove("message")?.as_str()?.to_owned();
        object.get("error")?;
        Some(serde_json::from_value(Value::Object(object)).unwrap_or(Self::Invalid(message)))
    }

    /// A stable name for the error (`unknown_airports`, …).
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownAirports(_) => "unknown_airports",
            Self::UnknownProgram(_) => "unknown_program",
            Self::UnknownAirline(_) => "unknown_airline",
            Self::UnknownPlace(_) => "unknown_place",
            Self::NotInChart(_) => "not_in_chart",
            Self::Invalid(_) => "invalid_input",
            Self::Unavailable(_) => "unavailable",
        }
    }
}

impl From<crate::graph::Error> for Error {
    fn from(error: crate::graph::Error) -> Self {
        Self::Unavailable(error.to_string())
    }
}

impl From<crate::index::Error> for Error {
    fn from(error: crate::index::Error) -> Self {
        Self::Unavailable(error.to_string())
    }
}

impl From<crate::profiles::Error> for Error {
    fn from(error: crate::profiles::Error) -> Self {
        match error {
            crate::profiles::Error::Unavailable(message) => Self::Unavailable(message),
            other => Self::Invalid(other.to_string()),
        }
    }
}

impl From<Error> for ActivityError {
    fn from(error: Error) -> Self {
        if error.is_retryable() {
            ActivityError::retryable(error.code(), error.to_string())
        } else {
            ActivityError::fatal(error.code(), error.to_string())
        }
    }
}

/// Where an answer's fact comes from: a document, its page and section.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Citation {
    /// The document's file name.
    pub document: String,
    /// 1-based page (0 when unknown).
    pub page: u32,
    /// The heading the passage sits under.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub section: String,
    /// The passage's id.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub passage: String,
    /// The passage's text, for rules answers (data, never instructions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
}

impl Citation {
    /// The citation of a fact's source, if it has one.
    pub fn of(provenance: &Provenance) -> Option<Self> {
        provenance.source.as_ref().map(Self::from_source)
    }

    /// The citation of a source passage.
    pub fn from_source(source: &Source) -> Self {
        Self {
            document: if source.document_name.is_empty() {
                source.document.clone()
            } else {
                source.document_name.clone()
            },
            page: source.page,
            section: source.section.clone(),
            passage: source.passage.clone(),
            excerpt: None,
        }
    }
}

/// Adds citations not yet in `into` (same document, page and section count once).
pub fn add_citations(into: &mut Vec<Citation>, more: impl IntoIterator<Item = Citation>) {
    for citation in more {
        let known = into.iter().any(|have| {
            have.document == citation.document
                && have.page == citation.page
                && have.section == citation.section
        });
        if !known {
            into.push(citation);
        }
    }
}

/// A program as tools name it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ProgramName {
    /// Stable id, e.g. `united_mileageplus`.
    pub id: String,
    /// Name, e.g. `United MileagePlus`.
    pub name: String,
    /// What it pays in: `miles`, `points`, ….
    pub currency: String,
}

impl ProgramName {
    fn of(program: &Program) -> Self {
        Self {
            id: program.id.clone(),
            name: program.name.clone(),
            currency: program.currency.clone().unwrap_or_else(|| "miles".into()),
        }
    }
}

/// The program called `id_or_name` in the graph.
async fn known_program(knowledge: &dyn KnowledgeGraph, id_or_name: &str) -> Result<Program, Error> {
    knowledge
        .program(id_or_name.trim())
        .await?
        .ok_or_else(|| Error::UnknownProgram(id_or_name.trim().to_owned()))
}

/// The airline's IATA code and name: the graph's name, else the reference data's.
async fn known_airline(
    knowledge: &dyn KnowledgeGraph,
    code_or_name: &str,
) -> Result<(String, String), Error> {
    let text = code_or_name.trim();
    let reference =
        crate::reference::airline(text).or_else(|| crate::reference::airline_by_name(text));
    let code = reference
        .map(|airline| airline.iata.clone())
        .unwrap_or_else(|| text.to_ascii_uppercase());
    if let Some(name) = knowledge.airline_name(&code).await? {
        return Ok((code, name));
    }
    match reference {
        Some(airline) => Ok((code, airline.name.clone())),
        None => Err(Error::UnknownAirline(text.to_owned())),
    }
}

/// A flight leg between two airports (IATA codes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Segment {
    /// Departure airport, IATA code (`FRA`).
    pub from: String,
    /// Arrival airport, IATA code (`JFK`).
    pub to: String,
}

impl Segment {
    /// A leg from `from` to `to`.
    pub fn new(from: &str, to: &str) -> Self {
        Self {
            from: from.to_owned(),
            to: to.to_owned(),
        }
    }
}

/// What the tools work with.
#[derive(Clone)]
pub struct Tools {
    /// The knowledge graph.
    pub knowledge: Arc<dyn KnowledgeGraph>,
    /// The passage index, for rules and citations.
    pub index: Arc<dyn PassageIndex>,
    /// Travellers' profiles.
    pub profiles: Arc<dyn ProfileStore>,
}

/// A tool's name, what it does and its input's JSON Schema.
#[derive(Clone, Debug, Serialize)]
pub struct ToolSpec {
    /// The name to call it by.
    pub name: &'static str,
    /// What it answers, for people and models.
    pub description: &'static str,
    /// JSON Schema of the input.
    pub input_schema: Value,
}

fn spec<I: JsonSchema>(name: &'static str, description: &'static str) -> ToolSpec {
    ToolSpec {
        name,
        description,
        input_schema: serde_json::to_value(schemars::schema_for!(I)).unwrap_or_default(),
    }
}

/// Every tool, in the order assistants should consider them.
pub fn catalog() -> Vec<ToolSpec> {
    vec![
        spec::<flight_earnings::Input>(flight_earnings::NAME, flight_earnings::DESCRIPTION),
        spec::<best_program::Input>(best_program::NAME, best_program::DESCRIPTION),
        spec::<award_cost::Input>(award_cost::NAME, award_cost::DESCRIPTION),
        spec::<programs_for_airline::Input>(
            programs_for_airline::NAME,
            programs_for_airline::DESCRIPTION,
        ),
        spec::<program_rules::Input>(program_rules::NAME, program_rules::DESCRIPTION),
        spec::<profile::Input>(profile::NAME, profile::DESCRIPTION),
    ]
}

fn parse<I: DeserializeOwned>(name: &str, input: Value) -> Result<I, Error> {
    serde_json::from_value(input)
        .map_err(|error| Error::Invalid(format!("input of tool '{name}': {error}")))
}

fn to_value<O: Serialize>(output: O) -> Result<Value, Error> {
    serde_json::to_value(output).map_err(|error| Error::Unavailable(error.to_string()))
}

impl Tools {
    /// Calls the tool `name` with a JSON input and returns its JSON output.
    pub async fn call(&self, name: &str, input: Value) -> Result<Value, Error> {
        let knowledge = self.knowledge.as_ref();
        match name {
            flight_earnings::NAME => {
                to_value(flight_earnings::run(knowledge, parse(name, input)?).await?)
            }
            best_program::NAME => {
                to_value(best_program::run(knowledge, parse(name, input)?).await?)
            }
            award_cost::NAME => to_value(award_cost::run(knowledge, parse(name, input)?).await?),
            programs_for_airline::NAME => {
                to_value(programs_for_airline::run(knowledge, parse(name, input)?).await?)
            }
            program_rules::NAME => to_value(
                program_rules::run(knowledge, self.index.as_ref(), parse(name, input)?).await?,
            ),
            profile::NAME => {
                to_value(profile::run(self.profiles.as_ref(), parse(name, input)?).await?)
            }
            other => Err(Error::Invalid(format!(
                "no tool '{other}'; tools: {}",
                catalog()
                    .iter()
                    .map(|tool| tool.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }
}

#[cfg(test)]
pub(crate) mod fixtures;
