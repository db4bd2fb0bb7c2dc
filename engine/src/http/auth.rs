//! API keys and roles. Keys come from `MAXIMIZER_API_KEYS` (`TOKEN=ROLE,…`) or a file of
//! `TOKEN=ROLE` lines; roles are `admin`, `curator` and `traveller:USER`. Keys are compared
//! in constant time and never logged. Each key has its own request rate (a token bucket):
//! one noisy client cannot starve the others, and it is told when to come back.

use std::num::NonZeroU32;
use std::path::Path;
use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use base64::Engine as _;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, Quota};
use subtle::ConstantTimeEq;

use super::AppState;
use super::error::ApiError;

/// What a key may do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    /// Everything.
    Admin,
    /// Ingestion workflows, their runs, redrive.
    Curator,
    /// One traveller's own conversations and profile.
    Traveller(String),
}

impl Role {
    /// Parses `admin`, `curator` or `traveller:USER`.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "admin" => Some(Self::Admin),
            "curator" => Some(Self::Curator),
            other => other
                .strip_prefix("traveller:")
                .filter(|user| !user.is_empty())
                .map(|user| Self::Traveller(user.to_owned())),
        }
    }

    /// The role's name as workflow grants use it.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Curator => "curator",
            Self::Traveller(_) => "traveller",
        }
    }
}

/// The configured keys.
#[derive(Clone, Default)]
pub struct ApiKeys {
    keys: Vec<(Vec<u8>, Role)>,
    /// One bucket per key (same order), when rates are limited.
    limits: Option<Arc<Vec<DefaultDirectRateLimiter>>>,
}

/// A request rate per key: `per_second` on average, bursts of up to `burst`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateLimit {
    /// Sustained requests per second.
    pub per_second: u32,
    /// Requests allowed at once above the sustained rate.
    pub burst: u32,
}

impl std::fmt::Debug for ApiKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ApiKeys({} keys, redacted)", self.keys.len())
    }
}

impl ApiKeys {
    /// Parses `TOKEN=ROLE` entries separated by commas or new lines; `#` starts a comment
    /// line. Errors name the entry by position, never by its token.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut keys = Vec::new();
        let entries = text
            .split([',', '\n'])
            .map(str::trim)
            .filter(|entry| !entry.is_empty() && !entry.starts_with('#'));
        for (index, entry) in entries.enumerate() {
            let (token, role) = entry
                .split_once('=')
                .ok_or_else(|| format!("API key entry {} is not TOKEN=ROLE", index + 1))?;
            let token = token.trim();
            if token.len() < 16 {
                return Err(format!(
                    "API key entry {} is shorter than 16 characters",
                    index + 1
                ));
            }
            let role = Role::parse(role).ok_or_else(|| {
                format!(
                    "API key entry {} has role '{}': use admin, curator or traveller:USER",
                    index + 1,
                    role.trim()
                )
            })?;
            keys.push((token.as_bytes().to_vec(), role));
        }
        Ok(Self { keys, limits: None })
    }

    /// The same keys, each limited to `limit` (`None`, or a zero rate: unlimited).
    pub fn with_rate_limit(mut self, limit: Option<RateLimit>) -> Self {
        self.limits = limit.and_then(|limit| {
            let rate = NonZeroU32::new(limit.per_second)?;
            let burst = NonZeroU32::new(limit.burst.max(1)).unwrap_or(NonZeroU32::MIN);
            let quota = Quota::per_second(rate).allow_burst(burst);
            let buckets = self
                .keys
                .iter()
                .map(|_| DefaultDirectRateLimiter::direct(quota))
                .collect();
            Some(Arc::new(buckets))
        });
        self
    }

    /// Reads keys from a file of `TOKEN=ROLE` lines.
    pub fn from_file(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|error| format!("cannot read API keys file '{}': {error}", path.display()))?;
        Self::parse(&text)
    }

    /// A single admin key.
    pub fn admin(token: &str) -> Self {
        Self {
            keys: vec![(token.as_bytes().to_vec(), Role::Admin)],
            limits: None,
        }
    }

    /// Whether no key is configured.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The role of a presented token. Every key is compared, in constant time.
    pub fn role_of(&self, token: &str) -> Option<Role> {
        self.find(token).map(|(_, role)| role)
    }

    fn find(&self, token: &str) -> Option<(usize, Role)> {
        let mut found = None;
        for (index, (key, role)) in self.keys.iter().enumerate() {
            if bool::from(key.as_slice().ct_eq(token.as_bytes())) {
                found = Some((index, role.clone()));
            }
        }
        found
    }

    /// Takes one request from key `index`'s bucket; when empty, the whole seconds until
    /// the next request is allowed.
    fn admit(&self, index: usize) -> Result<(), u64> {
        let Some(bucket) = self.limits.as_ref().and_then(|limits| limits.get(index)) else {
            return Ok(());
        };
        bucket.check().map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
        })
    }
}

/// Reads the admin key kept in `data_dir`, or generates and stores one (mode 0600).
/// Returns the key and whether it was generated now.
pub fn load_or_generate_admin_key(data_dir: &Path) -> std::io::Result<(String, bool)> {
    let path = data_dir.join("admin.key");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let key = existing.trim().to_owned();
        if key.len() >= 16 {
            return Ok((key, false));
        }
    }
    std::fs::create_dir_all(data_dir)?;
    let key = format!(
        "mx_{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&path)?;
    std::io::Write::write_all(&mut file, key.as_bytes())?;
    Ok((key, true))
}

/// The authenticated caller of a request.
#[derive(Clone, Debug)]
pub struct Caller {
    /// The key's role.
    pub role: Role,
}

impl Caller {
    /// Fails with 403 unless the caller is an admin.
    pub fn require_admin(&self) -> Result<(), ApiError> {
        match self.role {
            Role::Admin => Ok(()),
            _ => Err(ApiError::forbidden("this needs an admin key")),
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .ok_or_else(ApiError::unauthorized)?;
        let token = presented_token(header).ok_or_else(ApiError::unauthorized)?;
        let (index, role) = state.keys.find(&token).ok_or_else(ApiError::unauthorized)?;
        state
            .keys
            .admit(index)
            .map_err(ApiError::too_many_requests)?;
        Ok(Self { role })
    }
}

/// The key in an `Authorization` header: `Bearer KEY`, or `Basic` with the key as the
/// password (any user name), which is how SNS and other webhook senders that cannot set a
/// bearer token authenticate (`https://events:KEY@host/...`).
fn presented_token(header: &str) -> Option<String> {
    if let Some(token) = header.strip_prefix("Bearer ") {
        return Some(token.trim().to_owned());
    }
    let encoded = header.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let credentials = String::from_utf8(decoded).ok()?;
    let (_user, password) = credentials.split_once(':')?;
    Some(password.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_roles_and_rejects_bad_entries() {
        let keys =
            ApiKeys::parse("aaaaaaaaaaaaaaaa=admin, bbbbbbbbbbbbbbbb=traveller:ana").unwrap();
        assert_eq!(keys.role_of("aaaaaaaaaaaaaaaa"), Some(Role::Admin));
        assert_eq!(
            keys.role_of("bbbbbbbbbbbbbbbb"),
            Some(Role::Traveller("ana".into()))
        );
        assert_eq!(keys.role_of("cccccccccccccccc"), None);
        let error = ApiKeys::parse("tiny=admin").err().unwrap_or_default();
        assert!(error.contains("entry 1") && !error.contains("tiny"));
        assert!(ApiKeys::parse("cccccccccccccccc=root").is_err());
    }

    #[test]
    fn each_key_has_its_own_rate() {
        let keys = ApiKeys::parse("aaaaaaaaaaaaaaaa=admin, bbbbbbbbbbbbbbbb=curator")
            .unwrap()
            .with_rate_limit(Some(RateLimit {
                per_second: 1,
                burst: 2,
            }));
        assert_eq!(keys.admit(0), Ok(()));
        assert_eq!(keys.admit(0), Ok(()));
        assert_eq!(
            keys.admit(0),
            Err(1),
            "the third request within a second waits"
        );
        assert_eq!(keys.admit(1), Ok(()), "another key is not affected");
        let unlimited = ApiKeys::parse("aaaaaaaaaaaaaaaa=admin")
            .unwrap()
            .with_rate_limit(None);
        assert!((0..1000).all(|_| unlimited.admit(0).is_ok()));
    }

    #[test]
    fn keys_come_as_bearer_tokens_or_basic_passwords() {
        assert_eq!(
            presented_token("Bearer aaaaaaaaaaaaaaaa").as_deref(),
            Some("aaaaaaaaaaaaaaaa")
        );
        // "events:aaaaaaaaaaaaaaaa"
        assert_eq!(
            presented_token("Basic ZXZlbnRzOmFhYWFhYWFhYWFhYWFhYWE=").as_deref(),
            Some("aaaaaaaaaaaaaaaa")
        );
        assert_eq!(presented_token("Basic not-base64!"), None);
        assert_eq!(presented_token("Digest x"), None);
    }
}
