//! The error callers of the engine's API get back.

use crate::model::RunStatus;

/// What went wrong in an engine call (start, get, signal, redrive, store access).
///
/// Variants are grouped by what the caller does next: fix the request, or retry later.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The caller named a run that does not exist.
    #[error("no run with id '{0}'")]
    RunNotFound(String),
    /// The caller named a schedule that does not exist.
    #[error("no schedule with id '{0}'")]
    ScheduleNotFound(String),
    /// A run with this id exists with a different workflow or input.
    #[error("run '{id}' already exists with a different {what}")]
    Conflict {
        /// The run id that was reused.
        id: String,
        /// What differs: `input` or `workflow`.
        what: &'static str,
    },
    /// The workflow type is not registered.
    #[error("unknown workflow '{0}'")]
    UnknownWorkflow(String),
    /// The request is malformed (bad JSON, bad cron, bad filter).
    #[error("invalid request: {0}")]
    Invalid(String),
    /// The run is in a status that does not allow the action.
    #[error("run '{id}' is {status}: cannot {action}")]
    IllegalTransition {
        /// The run.
        id: String,
        /// Its current status.
        status: RunStatus,
        /// What was attempted.
        action: &'static str,
    },
    /// Another worker took the run over; this worker must stop executing it.
    #[error("lease on run '{0}' was lost to another worker")]
    LeaseLost(String),
    /// The database failed; retry later.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// The schema could not be brought up to date.
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// The store is shutting down.
    #[error("the store is closed")]
    Closed,
}

impl Error {
    /// Whether the error is the caller's fault (bad id, bad input, wrong status).
    pub fn is_client_error(&self) -> bool {
        !matches!(
            self,
            Self::Database(_) | Self::Migration(_) | Self::Closed | Self::LeaseLost(_)
        )
    }
}

/// Short form for engine results.
pub type Result<T, E = Error> = std::result::Result<T, E>;
