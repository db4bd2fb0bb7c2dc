//! `profile`: the traveller's programs (membership, status tier), home airport and
//! preferences.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Error;
use crate::profiles::{Profile, ProfileStore};

/// The tool's name.
pub const NAME: &str = "profile";
/// What it answers.
pub const DESCRIPTION: &str = "The traveller's profile: loyalty programs they belong to \
    (membership number, status tier), home airport and preferences.";

/// Whose profile.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// The user.
    pub user: String,
}

/// Runs the tool: an empty profile when the user has none yet.
pub async fn run(profiles: &dyn ProfileStore, input: Input) -> Result<Profile, Error> {
    Ok(profiles
        .get(&input.user)
        .await?
        .unwrap_or_else(|| Profile::empty(&input.user)))
}
