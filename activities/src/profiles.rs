//! Travellers' profiles: the programs they belong to (membership number, status tier),
//! their home airport and preferences. Kept as one JSON document per user in the engine's
//! database; [`validate`] checks an update against the knowledge graph and the reference
//! airports before it is stored.

use std::time::{SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::facts::Cabin;
use crate::graph::model::slug;
use crate::graph::with_pool;
use crate::reference;
use crate::tools::KnowledgeGraph;

/// What went wrong with a profile.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The update is not acceptable; the message says why.
    #[error("{0}")]
    Invalid(String),
    /// The database failed; a retry may succeed.
    #[error("profiles unavailable: {0}")]
    Unavailable(String),
}

fn unavailable(error: impl std::fmt::Display) -> Error {
    Error::Unavailable(error.to_string())
}

/// A traveller's membership of a program.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgramMembership {
    /// Program id (`aeroplan`); a program's name is accepted and stored as its id.
    pub program: String,
    /// The membership number, if the traveller gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub membership_number: Option<String>,
    /// The traveller's status tier in the program (`35K`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_tier: Option<String>,
}

/// What a traveller prefers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Preferences {
    /// The cabin they usually fly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub cabin: Option<Cabin>,
    /// The alliance they prefer (`Star Alliance`, `oneworld`, `SkyTeam`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alliance: Option<String>,
}

/// What a traveller sends to `PUT /v1/profiles/{user}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileUpdate {
    /// Programs they belong to.
    #[serde(default)]
    pub programs: Vec<ProgramMembership>,
    /// Their home airport (IATA code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home_airport: Option<String>,
    /// Preferences.
    #[serde(default)]
    pub preferences: Preferences,
}

/// A stored profile.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Profile {
    /// The user it belongs to.
    pub user: String,
    /// Programs, home airport and preferences.
    #[serde(flatten)]
    pub details: ProfileUpdate,
    /// Milliseconds since the epoch of the last change (0: never stored).
    #[serde(default)]
    pub updated_at: i64,
}

impl Profile {
    /// An empty profile of `user`.
    pub fn empty(user: &str) -> Self {
        Self {
            user: user.to_owned(),
            ..Self::default()
        }
    }

    /// Ids of the programs the traveller belongs to.
    pub fn program_ids(&self) -> Vec<String> {
        self.details
            .programs
            .iter()
            .map(|membership| membership.program.clone())
            .collect()
    }

    /// The traveller's tier in `program`, if given.
    pub fn tier_in(&self, program: &str) -> Option<&str> {
        self.details
            .programs
            .iter()
            .find(|membership| membership.program == program)
            .and_then(|membership| membership.status_tier.as_deref())
    }
}

/// Where profiles are kept.
#[async_trait]
pub trait ProfileStore: Send + Sync {
    /// The user's profile, if stored.
    async fn get(&self, user: &str) -> Result<Option<Profile>, Error>;
    /// Stores the user's profile (already validated), replacing any other.
    async fn put(&self, user: &str, update: &ProfileUpdate) -> Result<Profile, Error>;
}

/// Most programs in one profile.
const MAX_PROGRAMS: usize = 50;
/// Longest membership number or tier name.
const MAX_FIELD: usize = 64;

/// Checks an update and puts it in canonical form: program names become ids, tier names
/// are spelled as the program's documents spell them, codes are uppercase. Every problem
/// is named in the error.
pub async fn validate(
    update: ProfileUpdate,
    knowledge: &dyn KnowledgeGraph,
) -> Result<ProfileUpdate, Error> {
    let mut problems = Vec::new();
    let mut programs: Vec<ProgramMembership> = Vec::new();
    if update.programs.len() > MAX_PROGRAMS {
        problems.push(format!("at most {MAX_PROGRAMS} programs"));
    }
    for membership in update.programs.into_iter().take(MAX_PROGRAMS) {
        let asked = membership.program.trim().to_owned();
        let known = knowledge
            .program(&asked)
            .await
            .map_err(|error| Error::Unavailable(error.to_string()))?;
        let (id, tiers) = match known {
            Some(program) => {
                let tiers = knowledge
                    .status_tiers(&program.id)
                    .await
                    .map_err(|error| Error::Unavailable(error.to_string()))?;
                (
                    program.id,
                    tiers.into_iter().map(|tier| tier.name).collect(),
                )
            }
            None => match reference::program(&asked) {
                Some(program) => (program.id.clone(), Vec::new()),
                None => {
                    problems.push(format!("unknown program id '{asked}'"));
                    continue;
                }
            },
        };
        if programs.iter().any(|have| have.program == id) {
            problems.push(format!("program '{id}' is listed twice"));
            continue;
        }
        let number = membership
            .membership_number
            .map(|number| number.trim().to_owned())
            .filter(|number| !number.is_empty());
        if let Some(number) = &number
            && (number.len() > MAX_FIELD
                || !number
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ' '))
        {
            problems.push(format!(
                "membership number of '{id}' must be up to {MAX_FIELD} letters, digits, spaces or dashes"
            ));
        }
        let tier = match membership.status_tier.map(|tier| tier.trim().to_owned()) {
            Some(tier) if tier.is_empty() => None,
            Some(tier) if tiers.is_empty() => {
                if tier.len() > MAX_FIELD {
                    problems.push(format!("status tier of '{id}' is too long"));
                }
                Some(tier)
            }
            Some(tier) => match tiers.iter().find(|name| slug(name) == slug(&tier)) {
                Some(name) => Some(name.clone()),
                None => {
                    problems.push(format!(
                        "'{tier}' is not a status tier of '{id}'; its tiers are {}",
                        tiers.join(", ")
                    ));
                    None
                }
            },
            None => None,
        };
        programs.push(ProgramMembership {
            program: id,
            membership_number: number,
            status_tier: tier,
        });
    }
    let home_airport = match update.home_airport.map(|code| code.trim().to_owned()) {
        Some(code) if code.is_empty() => None,
        Some(code) => match reference::airport(&code) {
            Some(airport) => Some(airport.iata.clone()),
            None => {
                problems.push(format!("unknown airport code '{code}'"));
                None
            }
        },
        None => None,
    };
    let alliance = match update.preferences.alliance {
        Some(alliance) => match reference::alliance_in(&alliance) {
            Some(known) => Some(known.to_owned()),
            None => {
                problems.push(format!(
                    "unknown alliance '{alliance}'; use one of {}",
                    reference::alliances().join(", ")
                ));
                None
            }
        },
        None => None,
    };
    if !problems.is_empty() {
        return Err(Error::Invalid(problems.join("; ")));
    }
    Ok(ProfileUpdate {
        programs,
        home_airport,
        preferences: Preferences {
            cabin: update.preferences.cabin,
            alliance,
        },
    })
}

/// Milliseconds since the epoch.
pub(crate) fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Profiles in the engine's database.
#[derive(Clone, Debug)]
pub struct SqlProfiles {
    database: engine::Database,
}

impl SqlProfiles {
    /// Opens the profiles in `database`, creating or migrating the table.
    pub async fn open(database: engine::Database) -> Result<Self, Error> {
        crate::graph::migrate(&database)
            .await
            .map_err(unavailable)?;
        Ok(Self { database })
    }
}

#[async_trait]
impl ProfileStore for SqlProfiles {
    async fn get(&self, user: &str) -> Result<Option<Profile>, Error> {
        with_pool!(&self.database, pool, _postgres => {
            let row: Option<(String, i64)> = sqlx::query_as(
                "SELECT profile, updated_at FROM profiles WHERE user_id = $1",
            )
            .bind(user)
            .fetch_optional(pool)
            .await
            .map_err(unavailable)?;
            row.map(|(text, updated_at)| {
                let details = serde_json::from_str(&text).map_err(unavailable)?;
                Ok(Profile { user: user.to_owned(), details, updated_at })
            })
            .transpose()
        })
    }

    async fn put(&self, user: &str, update: &ProfileUpdate) -> Result<Profile, Error> {
        let text = serde_json::to_string(update).map_err(unavailable)?;
        let now = now_millis();
        with_pool!(&self.database, pool, _postgres => {
            sqlx::query(
                "INSERT INTO profiles (user_id, profile, updated_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (user_id) DO UPDATE SET profile = excluded.profile, \
                 updated_at = excluded.updated_at",
            )
            .bind(user)
            .bind(&text)
            .bind(now)
            .execute(pool)
            .await
            .map_err(unavailable)?;
        });
        Ok(Profile {
            user: user.to_owned(),
            details: update.clone(),
            updated_at: now,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tools::fixtures::knowledge;

    fn membership(program: &str, tier: Option<&str>) -> ProgramMembership {
        ProgramMembership {
            program: program.into(),
            membership_number: Some("AB 123-456".into()),
            status_tier: tier.map(str::to_owned),
        }
    }

    #[tokio::test]
    async fn validation_canonicalises_names_and_codes() {
        let update = ProfileUpdate {
            programs: vec![
                membership("Aeroplan", Some("35k")),
                membership("lufthansa_milesandmore", Some("Senator")),
            ],
            home_airport: Some("yyz".into()),
            preferences: Preferences {
                cabin: Some(Cabin::Business),
                alliance: Some("star alliance".into()),
            },
        };
        let valid = validate(update, &knowledge()).await.unwrap();
        assert_eq!(valid.programs[0].program, "aeroplan");
        assert_eq!(valid.programs[0].status_tier.as_deref(), Some("35K"));
        // A real program without documents keeps its free-text tier.
        assert_eq!(valid.programs[1].status_tier.as_deref(), Some("Senator"));
        assert_eq!(valid.home_airport.as_deref(), Some("YYZ"));
        assert_eq!(valid.preferences.alliance.as_deref(), Some("Star Alliance"));
    }

    #[tokio::test]
    async fn validation_names_every_problem() {
        let update = ProfileUpdate {
            programs: vec![
                membership("nope", None),
                membership("aeroplan", Some("Platinum")),
            ],
            home_airport: Some("XQZ".into()),
            preferences: Preferences::default(),
        };
        let message = validate(update, &knowledge())
            .await
            .unwrap_err()
            .to_string();
        assert!(message.contains("unknown program id 'nope'"), "{message}");
        assert!(
            message.contains("not a status tier of 'aeroplan'"),
            "{message}"
        );
        assert!(message.contains("unknown airport code 'XQZ'"), "{message}");
    }
}
