//! Retry policies: how many attempts a step gets and how long to wait between them.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// How a step is retried when an attempt fails with a retryable error.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = no retry).
    pub max_attempts: u32,
    /// Wait before the second attempt.
    pub initial_interval: Duration,
    /// Each further wait is the previous one times this.
    pub backoff_coefficient: f64,
    /// Upper bound for any single wait.
    pub max_interval: Duration,
    /// Fraction (0..=1) of each wait that is randomised, so that many failing runs do not
    /// retry in lockstep.
    pub jitter: f64,
    /// Error kinds that never retry, whatever the error says of itself.
    pub non_retryable_kinds: Vec<String>,
}

impl Default for RetryPolicy {
    /// Three attempts, 1 s then 2 s apart, capped at 60 s, with 10 % jitter.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_interval: Duration::from_secs(1),
            backoff_coefficient: 2.0,
            max_interval: Duration::from_secs(60),
            jitter: 0.1,
            non_retryable_kinds: Vec::new(),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn no_retry() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The same policy with another attempt budget.
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// The same policy with another first wait.
    pub fn with_initial_interval(mut self, interval: Duration) -> Self {
        self.initial_interval = interval;
        self
    }

    /// The same policy with an error kind that must not retry.
    pub fn with_non_retryable(mut self, kind: impl Into<String>) -> Self {
        self.non_retryable_kinds.push(kind.into());
        self
    }

    /// Whether an error of `kind` may retry under this policy.
    pub fn allows_retry_of(&self, kind: &str) -> bool {
        !self.non_retryable_kinds.iter().any(|k| k == kind)
    }

    /// The wait after the `failed_attempts`-th failure (1-based), before jitter.
    pub fn base_delay(&self, failed_attempts: u32) -> Duration {
        let exponent = failed_attempts.saturating_sub(1).min(64) as i32;
        let factor = self.backoff_coefficient.max(1.0).powi(exponent);
        let millis = self.initial_interval.as_secs_f64() * 1000.0 * factor;
        let capped = millis.min(self.max_interval.as_secs_f64() * 1000.0);
        Duration::from_millis(capped.max(0.0) as u64)
    }

    /// The wait after the `failed_attempts`-th failure, with jitter drawn from `unit`
    /// (a number in 0..1 that the caller derives deterministically).
    pub fn delay(&self, failed_attempts: u32, unit: f64) -> Duration {
        let base = self.base_delay(failed_attempts).as_secs_f64();
        let jitter = self.jitter.clamp(0.0, 1.0);
        // Spread the wait over [base * (1 - jitter), base].
        let scaled = base * (1.0 - jitter * unit.clamp(0.0, 1.0));
        Duration::from_secs_f64(scaled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let policy = RetryPolicy {
            max_interval: Duration::from_secs(5),
            ..RetryPolicy::default()
        };
        let waits: Vec<u64> = (1..=5)
            .map(|n| policy.base_delay(n).as_millis() as u64)
            .collect();
        assert_eq!(waits, vec![1000, 2000, 4000, 5000, 5000]);
    }

    #[test]
    fn jitter_shortens_within_bounds() {
        let policy = RetryPolicy::default();
        let longest = policy.delay(2, 0.0);
        let shortest = policy.delay(2, 1.0);
        assert_eq!(longest, Duration::from_secs(2));
        assert_eq!(shortest, Duration::from_millis(1800));
    }

    #[test]
    fn non_retryable_kinds_are_respected() {
        let policy = RetryPolicy::default().with_non_retryable("bad_document");
        assert!(!policy.allows_retry_of("bad_document"));
        assert!(policy.allows_retry_of("timeout"));
    }
}
