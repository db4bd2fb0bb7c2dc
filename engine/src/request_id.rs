//! The request id that correlates an HTTP request with the runs it starts.
//!
//! The HTTP layer takes it from `X-Request-Id` (or makes one) and runs the handler inside
//! [`scope`]; [`crate::Engine::start`] stores [`current`] with the new run, and whichever
//! worker executes the run puts it on the run's span, so every log line of the run and its
//! steps carries it.

use std::future::Future;

tokio::task_local! {
    static REQUEST_ID: String;
}

/// Runs `future` with `request_id` as the current request id.
pub async fn scope<F: Future>(request_id: String, future: F) -> F::Output {
    REQUEST_ID.scope(request_id, future).await
}

/// The request id of the HTTP request being answered, if any.
pub fn current() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

/// Whether `id` is acceptable as a caller-chosen request id: 1 to 128 characters of
/// letters, digits and `-_.:/`, so it is safe in logs and headers.
pub fn is_valid(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"-_.:/".contains(&byte))
}
