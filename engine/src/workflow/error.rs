//! The errors workflow code sees and returns.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// What an activity returns when an attempt fails.
///
/// `kind` is a stable name the workflow and retry policies match on; `retryable` says
/// whether another attempt could succeed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[error("{kind}: {message}")]
pub struct ActivityError {
    /// A stable name for the failure, e.g. `unavailable`, `timeout`, `bad_document`.
    pub kind: String,
    /// A sentence for people.
    pub message: String,
    /// Whether another attempt could succeed.
    pub retryable: bool,
}

impl ActivityError {
    /// A failure another attempt may fix (an outage, a timeout).
    pub fn retryable(kind: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            kind: kind.into(),
            message: message.into(),
            retryable: true,
        }
    }

    /// A failure no retry can fix (bad input, unsupported document).
    pub fn fatal(kind: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            kind: kind.into(),
            message: message.into(),
            retryable: false,
        }
    }
}

impl From<std::io::Error> for ActivityError {
    fn from(error: std::io::Error) -> Self {
        Self::retryable("io", error.to_string())
    }
}

impl From<serde_json::Error> for ActivityError {
    fn from(error: serde_json::Error) -> Self {
        Self::fatal("serialization", error.to_string())
    }
}

/// How a durable step (activity, child, signal wait) ended, as the workflow sees it.
///
/// Returned once retries are exhausted, so the workflow can match on it to run a fallback
/// or a compensation, or propagate it with `?` to fail the run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum StepError {
    /// The activity failed for good.
    #[error("step '{step}' failed after {attempts} attempt(s): {error}")]
    Failed {
        /// The step name.
        step: String,
        /// Its journal position.
        position: String,
        /// Attempts made since the run was last (re)started.
        attempts: u32,
        /// The last attempt's error.
        error: ActivityError,
    },
    /// A child run failed or was cancelled.
    #[error("child run '{child_id}' ({workflow}) did not complete: {error}")]
    ChildFailed {
        /// The child run's id.
        child_id: String,
        /// The child's workflow type.
        workflow: String,
        /// The parent's journal position of the child.
        position: String,
        /// The child's recorded error.
        error: Value,
    },
    /// The run was cancelled while the step waited or before it began.
    #[error("the run was cancelled")]
    Cancelled,
    /// The engine stopped executing this run (lease lost, store failure, non-determinism);
    /// the run is not failed by the workflow's choice.
    #[error("execution aborted: {0}")]
    Aborted(String),
}

impl StepError {
    /// The error kind a workflow matches on: the activity's kind for failed steps.
    pub fn kind(&self) -> &str {
        match self {
            Self::Failed { error, .. } => &error.kind,
            Self::ChildFailed { .. } => "child_failed",
            Self::Cancelled => "cancelled",
            Self::Aborted(_) => "aborted",
        }
    }

    /// The journal position that failed, if the error came from one step.
    pub fn position(&self) -> Option<&str> {
        match self {
            Self::Failed { position, .. } | Self::ChildFailed { position, .. } => Some(position),
            _ => None,
        }
    }
}

/// What a workflow returns when it fails.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum WorkflowError {
    /// A step's failure, propagated.
    #[error(transparent)]
    Step(#[from] StepError),
    /// The workflow's own failure.
    #[error("{kind}: {message}")]
    Failed {
        /// A stable name for the failure.
        kind: String,
        /// A sentence for people.
        message: String,
    },
}

impl WorkflowError {
    /// The workflow's own failure, with a stable kind.
    pub fn new(kind: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Failed {
            kind: kind.into(),
            message: message.into(),
        }
    }

    /// The input did not match the workflow's input type.
    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::new("invalid_input", message)
    }

    /// Whether this error is the run's cancellation.
    pub fn is_cancelled(&self) -> bool {
        matches!(self, Self::Step(StepError::Cancelled))
    }

    /// The error as recorded on the run: `kind`, `message`, and for step failures the
    /// `step` and `position`, which redrive uses to resume at the failed step.
    pub fn to_record(&self) -> Value {
        match self {
            Self::Step(StepError::Failed {
                step,
                position,
                attempts,
                error,
            }) => json!({
                "kind": error.kind,
                "message": self.to_string(),
                "step": step,
                "position": position,
                "attempts": attempts,
            }),
            Self::Step(StepError::ChildFailed {
                child_id,
                workflow,
                position,
                ..
            }) => json!({
                "kind": "child_failed",
                "message": self.to_string(),
                "step": workflow,
                "position": position,
                "child_id": child_id,
            }),
            Self::Step(other) => json!({"kind": other.kind(), "message": other.to_string()}),
            Self::Failed { kind, message } => json!({"kind": kind, "message": message}),
        }
    }
}

impl From<ActivityError> for WorkflowError {
    fn from(error: ActivityError) -> Self {
        Self::new(error.kind, error.message)
    }
}
