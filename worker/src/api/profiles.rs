//! `/v1/profiles/{user}`: a traveller's programs, home airport and preferences. A
//! traveller key reads and changes only its own profile; admins any.

use std::sync::Arc;

use activities::profiles::{self, Profile, ProfileUpdate};
use axum::extract::Path;
use axum::http::StatusCode;
use axum::{Extension, Json};
use engine::http::auth::Caller;
use engine::http::runs::ApiJson;
use engine::http::{ApiError, Role};
use workflows::conversation::Conversations;

fn check_access(caller: &Caller, user: &str) -> Result<(), ApiError> {
    let plain = user
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '@'));
    if user.is_empty() || user.len() > 100 || !plain {
        return Err(ApiError::bad_request(format!(
            "user '{user}' must have 1 to 100 characters from A-Z, a-z, 0-9 and - _ . @"
        )));
    }
    match &caller.role {
        Role::Admin => Ok(()),
        Role::Traveller(own) if own == user => Ok(()),
        _ => Err(ApiError::forbidden(
            "a traveller key reaches only its own profile",
        )),
    }
}

fn profile_error(error: profiles::Error) -> ApiError {
    match error {
        profiles::Error::Invalid(message) => {
            ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_profile", message)
        }
        profiles::Error::Unavailable(message) => {
            tracing::warn!(%message, "profiles unavailable");
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "profiles are unavailable; try again",
            )
        }
    }
}

/// `GET /v1/profiles/{user}`: the stored profile, or an empty one.
pub async fn get(
    Extension(services): Extension<Arc<Conversations>>,
    caller: Caller,
    Path(user): Path<String>,
) -> Result<Json<Profile>, ApiError> {
    check_access(&caller, &user)?;
    let profile = services
        .tools
        .profiles
        .get(&user)
        .await
        .map_err(profile_error)?;
    Ok(Json(profile.unwrap_or_else(|| Profile::empty(&user))))
}

/// `PUT /v1/profiles/{user}`: replaces the profile after validation (422 names every
/// problem: unknown program, tier or airport).
pub async fn put(
    Extension(services): Extension<Arc<Conversations>>,
    caller: Caller,
    Path(user): Path<String>,
    ApiJson(update): ApiJson<ProfileUpdate>,
) -> Result<Json<Profile>, ApiError> {
    check_access(&caller, &user)?;
    let valid = profiles::validate(update, services.tools.knowledge.as_ref())
        .await
        .map_err(profile_error)?;
    let stored = services
        .tools
        .profiles
        .put(&user, &valid)
        .await
        .map_err(profile_error)?;
    Ok(Json(stored))
}
