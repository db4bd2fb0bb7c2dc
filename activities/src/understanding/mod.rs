//! Understanding a traveller's message: its intent (earnings, award cost, programs for an
//! airline, expiry, status, …) and its slots (airports, airline, fare class, cabin,
//! program, …), reusing the conversation's earlier slots for follow-ups ("and in
//! business?").
//!
//! [`Understanding`] is the seam for the implementations: [`LocalUnderstanding`] (rules
//! over the reference data and the graph's vocabulary, deterministic, the embedded
//! default) and language models with tool use ([`BedrockUnderstanding`],
//! [`OpenAiUnderstanding`], sharing their prompt and parsing in `llm`), which fill the
//! same [`Understood`] from the same [`Request`] (the message, the earlier turns, the
//! profile and the vocabulary). What documents say never reaches an understanding: it
//! reads the traveller's words only.

mod airports;
mod bedrock;
mod llm;
mod local;
mod mentions;
mod openai;

use async_trait::async_trait;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub(crate) use airports::is_major as is_major_airport;
pub use bedrock::BedrockUnderstanding;

/// The main airport of a city with several busy ones, when `codes` are that city's
/// airports: on a long flight the traveller almost surely means it, and the distance to
/// another of the city's airports differs by little.
pub fn main_airport(codes: &[String]) -> Option<&'static str> {
    airports::main_of(codes)
}
pub use llm::{TOOL_NAME, understood_schema};
pub use local::LocalUnderstanding;
pub use openai::OpenAiUnderstanding;

use crate::ActivityError;
use crate::facts::Cabin;
use crate::tools::KnowledgeGraph;

/// What went wrong while understanding.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The model or the graph failed; a retry may succeed.
    #[error("understanding unavailable: {0}")]
    Unavailable(String),
    /// The model endpoint refused the request (access denied, unknown model, bad
    /// credentials): retrying cannot help until the configuration changes.
    #[error("understanding misconfigured: {0}")]
    Misconfigured(String),
}

impl Error {
    /// Whether another attempt may succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(self, Self::Unavailable(_))
    }
}

impl From<Error> for ActivityError {
    fn from(error: Error) -> Self {
        match error {
            Error::Unavailable(_) => {
                ActivityError::retryable("understanding_unavailable", error.to_string())
            }
            Error::Misconfigured(_) => {
                ActivityError::fatal("understanding_misconfigured", error.to_string())
            }
        }
    }
}

impl From<crate::model::Failure> for Error {
    fn from(failure: crate::model::Failure) -> Self {
        use crate::model::Failure;
        match failure {
            // A model that answered off the tool may answer well on a second try.
            Failure::Unavailable(message) | Failure::BadResponse(message) => {
                Self::Unavailable(message)
            }
            Failure::Refused(message) => Self::Misconfigured(message),
        }
    }
}

impl From<crate::graph::Error> for Error {
    fn from(error: crate::graph::Error) -> Self {
        Self::Unavailable(error.to_string())
    }
}

/// What the traveller wants.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Intent {
    /// Miles a flight earns in a program.
    Earn,
    /// The difference between two programs' earnings for a flight.
    CompareEarn,
    /// Which program to credit a flight to.
    BestProgram,
    /// What an award costs.
    AwardCost,
    /// Which programs earn on an airline.
    ProgramsForAirline,
    /// Which alliance an airline belongs to.
    AllianceOf,
    /// When miles expire.
    Expiry,
    /// Elite status tiers.
    Status,
    /// Another rules question, answered from the documents' passages.
    Rules,
    /// The traveller's own profile.
    Profile,
    /// Nothing recognised.
    #[default]
    Unknown,
}

/// The parameters of a question. Codes are uppercase; programs are graph ids.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Slots {
    /// Programs named, in order (graph ids).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub programs: Vec<String>,
    /// A program named that the graph does not hold (as written).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unknown_program: Option<String>,
    /// The operating airline (IATA).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub airline: Option<String>,
    /// The booking class letter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fare_class: Option<String>,
    /// A second booking class the question compares the first with ("how many more in
    /// J than in Y?").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compared_fare_class: Option<String>,
    /// The cabin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub cabin: Option<Cabin>,
    /// The places named, in order: airport codes, or cities, countries and regions as
    /// written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<Place>,
    /// Airport-like codes that are no known airport.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown_airports: Vec<String>,
    /// Round trip (`true`), one way (`false`), or not said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round_trip: Option<bool>,
    /// A status tier named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// An alliance status named (`Star Alliance Gold`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alliance_status: Option<String>,
}

/// A place in a question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Place {
    /// An airport by its IATA code.
    Airport {
        /// The code.
        code: String,
    },
    /// A city and the airports serving it.
    City {
        /// As written.
        name: String,
        /// Its airports' codes.
        airports: Vec<String>,
    },
    /// A country (ISO 3166-1 alpha-2).
    Country {
        /// As written.
        name: String,
        /// The code.
        code: String,
    },
    /// A region or award zone (`Europe`, `North America`).
    Region {
        /// As written.
        name: String,
    },
}

impl Place {
    /// The place as the `award_cost` tool takes it.
    pub fn as_award_end(&self) -> String {
        match self {
            Place::Airport { code } => code.clone(),
            // A city with one airport is that airport ("Venice" is Venice, Italy).
            Place::City { airports, .. } if airports.len() == 1 => airports[0].clone(),
            Place::City { name, .. } | Place::Country { name, .. } | Place::Region { name } => {
                name.clone()
            }
        }
    }
}

/// An earlier turn of the conversation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PriorTurn {
    /// What the traveller wrote.
    pub text: String,
    /// What was understood.
    pub understood: Understood,
}

/// A program's words: its names and the names of its tiers and award zones.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProgramWords {
    /// Graph id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// Status tier names.
    pub tiers: Vec<String>,
    /// Zone names, zone aliases and region words of its award chart.
    pub places: Vec<String>,
    /// What it counts in ("Avios", "miles").
    #[serde(default)]
    pub currency: String,
    /// The IATA code of the airline that runs it.
    #[serde(default)]
    pub operator: Option<String>,
    /// Cabin and fare brands its documents explain ("Comfort Flex" is premium economy).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cabins: Vec<(String, Cabin)>,
    /// Fares its documents name, with their airline and booking classes ("Optima").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fares: Vec<crate::facts::FareBrand>,
}

/// Whether `name` already names the airport `code` by the airport's own name or city
/// ("Miami" is MIA), which a traveller's words resolve without help.
pub(crate) fn names_airport(name: &str, code: &str) -> bool {
    matches!(
        airports::named(&airports::name_words(name)),
        Some(airports::Named::One(named)) if named == code
    )
}

/// What the graph knows the names of.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Vocabulary {
    /// Every program in the graph.
    pub programs: Vec<ProgramWords>,
    /// Every airline in the graph, (IATA code, name), besides the reference airlines.
    #[serde(default)]
    pub airlines: Vec<(String, String)>,
    /// Places the documents name by an airport's code, (name, IATA code): "Grand Cayman".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub airport_names: Vec<(String, String)>,
}

impl Vocabulary {
    /// The words of every program in the graph.
    pub async fn load(knowledge: &dyn KnowledgeGraph) -> Result<Self, Error> {
        let mut programs = Vec::new();
        let mut airport_names: Vec<(String, String)> = Vec::new();
        for program in knowledge.programs().await? {
            for named in &program.airport_names {
                let pair = (named.name.clone(), named.airport.clone());
                if !airport_names.contains(&pair) {
                    airport_names.push(pair);
                }
            }
            let tiers = knowledge
                .status_tiers(&program.id)
                .await?
                .into_iter()
                .map(|tier| tier.name)
                .collect();
            let mut places = Vec::new();
            for zone in knowledge.zones(&program.id).await? {
                places.push(zone.zone);
                places.extend(zone.aliases);
                places.extend(zone.regions);
            }
            let mut aliases = program.aliases;
            // "Thai miles", "WestJet credits": travellers name a program by its airline
            // and a unit, whichever unit the documents count in.
            if let Some(airline) = program
                .operator_airline
                .as_deref()
                .and_then(crate::reference::airline)
            {
                for name in std::iter::once(&airline.name).chain(&airline.aliases) {
                    for unit in ["miles", "points", "credits", "stars", "avios"] {
                        let alias = format!("{name} {unit}");
                        if !aliases.contains(&alias) {
                            aliases.push(alias);
                        }
                    }
                }
            }
            programs.push(ProgramWords {
                id: program.id,
                name: program.name,
                aliases,
                tiers,
                places,
                currency: program.currency.unwrap_or_default(),
                operator: program.operator_airline,
                cabins: program
                    .cabin_brands
                    .into_iter()
                    .map(|brand| (brand.name, brand.cabin))
                    .collect(),
                fares: program.fare_brands,
            });
        }
        let airlines = knowledge.airlines().await?;
        Ok(Self {
            programs,
            airlines,
            airport_names,
        })
    }

    /// The program's words.
    pub fn program(&self, id: &str) -> Option<&ProgramWords> {
        self.programs.iter().find(|program| program.id == id)
    }
}

/// Everything an understanding may use.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// The traveller's message.
    pub text: String,
    /// Earlier turns, oldest first.
    pub history: Vec<PriorTurn>,
    /// Programs the traveller belongs to (graph ids).
    pub memberships: Vec<String>,
    /// The traveller's home airport.
    pub home_airport: Option<String>,
    /// Names the graph knows.
    pub vocabulary: Vocabulary,
}

/// What the message asks.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Understood {
    /// The intent.
    pub intent: Intent,
    /// The parameters, earlier turns' included for a follow-up.
    pub slots: Slots,
    /// Whether earlier slots were reused.
    #[serde(default)]
    pub follow_up: bool,
}

/// Turns a message into an intent and slots.
#[async_trait]
pub trait Understanding: Send + Sync {
    /// Understands `request.text` in the context of the request.
    async fn understand(&self, request: &Request) -> Result<Understood, Error>;
}
