//! The records users see: runs, their status, and the events of their history.

use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Milliseconds since the Unix epoch: how every store keeps time.
pub type Millis = i64;

/// The current wall-clock time in milliseconds.
pub fn now_millis() -> Millis {
    Utc::now().timestamp_millis()
}

/// Converts stored milliseconds to a UTC timestamp.
pub fn to_datetime(millis: Millis) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(millis)
        .single()
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// Where a run is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    /// Ready to be claimed by a worker.
    Pending,
    /// Owned by a worker that is executing it.
    Running,
    /// Suspended until a timer fires or a signal or child result arrives.
    Waiting,
    /// Finished with an output.
    Completed,
    /// Finished with an error; can be redriven.
    Failed,
    /// Stopped at a user's request.
    Cancelled,
}

impl RunStatus {
    /// Every status, in life order.
    pub const ALL: [RunStatus; 6] = [
        Self::Pending,
        Self::Running,
        Self::Waiting,
        Self::Completed,
        Self::Failed,
        Self::Cancelled,
    ];

    /// The name stored in the database and shown to users.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Running => "running",
            Self::Waiting => "waiting",
            Self::Completed => "completed",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
        }
    }

    /// Parses a stored or user-given status name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == name)
    }

    /// Whether the run has ended and will not change again (except by redrive).
    pub fn is_terminal(self) -> bool {
        matches!(self, Self::Completed | Self::Failed | Self::Cancelled)
    }
}

impl std::fmt::Display for RunStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One workflow run as users see it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct Run {
    /// Caller-chosen or generated id, unique in the store.
    pub id: String,
    /// The registered workflow type.
    pub workflow: String,
    /// Where the run is in its life.
    pub status: RunStatus,
    /// The input the run was started with.
    #[schema(value_type = Object)]
    pub input: Value,
    /// The workflow's output, once completed.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub output: Option<Value>,
    /// Why the run failed or was cancelled: `kind`, `message`, and for step failures
    /// `step` and `position`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub error: Option<Value>,
    /// The run that started this one as a child, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// The task queue whose workers execute this run.
    pub queue: String,
    /// Whether a cancel has been requested and not yet honoured.
    pub cancel_requested: bool,
    /// When the run was started.
    pub created_at: DateTime<Utc>,
    /// When the run last changed.
    pub updated_at: DateTime<Utc>,
}

/// The kinds of history events. The names are a stable contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// The run was created.
    RunStarted,
    /// An activity step was reached for the first time.
    StepScheduled,
    /// An attempt of an activity began.
    AttemptStarted,
    /// An attempt of an activity failed; detail says whether and when it retries.
    AttemptFailed,
    /// An activity step finished; detail holds its output.
    StepCompleted,
    /// An activity step failed for good (retries exhausted or not retryable).
    StepFailed,
    /// A durable sleep began; detail holds when it fires.
    TimerStarted,
    /// A durable sleep ended.
    TimerFired,
    /// The workflow began waiting for a named signal.
    SignalWaitStarted,
    /// A signal arrived for the run (it may not be waited for yet).
    SignalReceived,
    /// A waiting workflow took a signal; detail holds its payload.
    SignalDelivered,
    /// A signal wait ended by its timeout.
    SignalTimedOut,
    /// A child run was started.
    ChildStarted,
    /// A child run ended; detail holds its output or error.
    ChildCompleted,
    /// Someone asked for the run to be cancelled.
    CancelRequested,
    /// A failed run was sent back to work.
    RunRedriven,
    /// The run finished with an output.
    RunCompleted,
    /// The run failed.
    RunFailed,
    /// The run was cancelled.
    RunCancelled,
}

impl EventKind {
    const NAMES: [(EventKind, &'static str); 19] = [
        (Self::RunStarted, "run_started"),
        (Self::StepScheduled, "step_scheduled"),
        (Self::AttemptStarted, "attempt_started"),
        (Self::AttemptFailed, "attempt_failed"),
        (Self::StepCompleted, "step_completed"),
        (Self::StepFailed, "step_failed"),
        (Self::TimerStarted, "timer_started"),
        (Self::TimerFired, "timer_fired"),
        (Self::SignalWaitStarted, "signal_wait_started"),
        (Self::SignalReceived, "signal_received"),
        (Self::SignalDelivered, "signal_delivered"),
        (Self::SignalTimedOut, "signal_timed_out"),
        (Self::ChildStarted, "child_started"),
        (Self::ChildCompleted, "child_completed"),
        (Self::CancelRequested, "cancel_requested"),
        (Self::RunRedriven, "run_redriven"),
        (Self::RunCompleted, "run_completed"),
        (Self::RunFailed, "run_failed"),
        (Self::RunCancelled, "run_cancelled"),
    ];

    /// The name stored in the database and shown to users.
    pub fn as_str(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(kind, _)| *kind == self)
            .map(|(_, name)| *name)
            .unwrap_or("unknown")
    }

    /// Parses a stored event kind.
    pub fn parse(name: &str) -> Option<Self> {
        Self::NAMES
            .iter()
            .find(|(_, known)| *known == name)
            .map(|(kind, _)| *kind)
    }
}

/// One entry of a run's history, as users see it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct Event {
    /// 1-based order of the event within its run.
    pub seq: u64,
    /// What happened.
    pub kind: EventKind,
    /// The step's journal position (e.g. `3`, or `4.2.1` inside a map item).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
    /// The step (activity, timer, signal or child workflow) name.
    pub step: Option<String>,
    /// The attempt number, for attempt events.
    pub attempt: Option<u32>,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Kind-specific detail: output, error, fire time, payload.
    #[schema(value_type = Object)]
    pub detail: Value,
}

/// An event about to be appended; `detail` is JSON text encoded once by its producer.
#[derive(Clone, Debug)]
pub struct NewEvent {
    /// What happened.
    pub kind: EventKind,
    /// The journal position, for step events.
    pub position: Option<String>,
    /// The step name, for step events.
    pub step: Option<String>,
    /// The attempt number, for attempt events.
    pub attempt: Option<u32>,
    /// When it happened.
    pub at: Millis,
    /// JSON text.
    pub detail: String,
}

impl NewEvent {
    /// An event of a run as a whole (no step).
    pub fn run(kind: EventKind, at: Millis, detail: String) -> Self {
        Self {
            kind,
            position: None,
            step: None,
            attempt: None,
            at,
            detail,
        }
    }

    /// An event of one step at a journal position.
    pub fn step(kind: EventKind, position: &str, step: &str, at: Millis, detail: String) -> Self {
        Self {
            kind,
            position: Some(position.to_owned()),
            step: Some(step.to_owned()),
            attempt: None,
            at,
            detail,
        }
    }

    /// Sets the attempt number.
    pub fn with_attempt(mut self, attempt: u32) -> Self {
        self.attempt = Some(attempt);
        self
    }
}

/// A stored event as the journal replays it: the same record as one about to be appended.
pub type StoredEvent = NewEvent;

impl NewEvent {
    /// Turns the stored form into the user-facing one.
    pub fn into_event(self, seq: u64) -> Event {
        Event {
            seq,
            kind: self.kind,
            position: self.position,
            step: self.step,
            attempt: self.attempt,
            at: to_datetime(self.at),
            detail: serde_json::from_str(&self.detail).unwrap_or(Value::Null),
        }
    }
}
