//! Where runs, their histories, signals, workers and schedules are kept.
//!
//! [`Store`] is the one interface the engine uses; SQLite (the embedded default) implements
//! it here and PostgreSQL implements the same trait so that one behavioural test suite
//! covers both. Every write that moves a run forward goes through [`Store::commit`], which
//! is fenced by the run's owner so that a worker whose lease was taken over cannot write.

mod postgres;
mod rows;
mod sqlite;

use async_trait::async_trait;

use crate::error::Result;
use crate::model::{Event, Millis, NewEvent, Run, RunStatus, StoredEvent};

pub use postgres::PostgresStore;
pub use sqlite::{Restored, SqliteStore};

/// The database behind a store, for product tables that live beside the engine's (the
/// knowledge graph, the passage index): one database to back up, one to scale.
#[derive(Clone, Debug)]
pub enum Database {
    /// The embedded SQLite file.
    Sqlite(sqlx::SqlitePool),
    /// A PostgreSQL server.
    Postgres(sqlx::PgPool),
}

/// A run about to be created.
#[derive(Clone, Debug)]
pub struct NewRun {
    /// The run id.
    pub id: String,
    /// The registered workflow type.
    pub workflow: String,
    /// JSON text of the input.
    pub input: String,
    /// The task queue whose workers execute it.
    pub queue: String,
    /// The parent run and the parent's journal position, for child runs.
    pub parent: Option<(String, String)>,
    /// A worker that takes the run at once (skipping a claim round trip), if any.
    pub owner: Option<String>,
    /// Creation time.
    pub at: Millis,
}

/// The result of an idempotent create.
#[derive(Clone, Debug)]
pub struct Created {
    /// The run as stored.
    pub run: Run,
    /// False when a run with this id already existed (with the same input).
    pub created: bool,
}

/// Which runs to list.
#[derive(Clone, Debug, Default)]
pub struct RunFilter {
    /// Only runs of this workflow type.
    pub workflow: Option<String>,
    /// Only runs of one of these workflow types (`None`: any).
    pub workflows: Option<Vec<String>>,
    /// Only runs in one of these statuses (empty: any).
    pub statuses: Vec<RunStatus>,
    /// Only runs created at or after this time.
    pub since: Option<Millis>,
    /// Only runs created before this time.
    pub until: Option<Millis>,
    /// Only runs whose id or input contains this text.
    pub search: Option<String>,
    /// Only children of this run.
    pub parent_id: Option<String>,
    /// Cursor: only runs that sort after this (created_at, id), newest first.
    pub after: Option<(Millis, String)>,
    /// At most this many (0: the default of 100).
    pub limit: u32,
}

/// How a run's row changes in a commit.
#[derive(Clone, Debug)]
pub enum RunUpdate {
    /// The workflow is blocked on timers, signals or children: release the run until
    /// `wake_at` (or until woken). If anything woke the run since `seen_wake_gen` was read,
    /// it becomes ready at once, so no wake-up is lost.
    Suspend {
        /// When the earliest timer fires, if any.
        wake_at: Option<Millis>,
        /// The run's wake generation when this worker claimed it.
        seen_wake_gen: i64,
    },
    /// The run ended.
    Finish {
        /// Completed, failed or cancelled.
        status: RunStatus,
        /// JSON text of the output.
        output: Option<String>,
        /// JSON text of the error.
        error: Option<String>,
    },
    /// Give the run back without finishing it (shutdown, store trouble), ready at `wake_at`.
    Release {
        /// When another worker may pick it up.
        wake_at: Millis,
    },
}

/// One atomic, durable change to a run: its new events, its row, and its effects on
/// other runs. Nothing is acknowledged before it is on disk.
#[derive(Clone, Debug, Default)]
pub struct Commit {
    /// The run.
    pub run_id: String,
    /// The worker that must still own the run, or the commit fails with `LeaseLost`.
    pub owner: String,
    /// The lease sequence of the owner's claim: a run claimed again (even by the same
    /// worker) fences off the earlier execution.
    pub lease_seq: i64,
    /// When the commit was made.
    pub at: Millis,
    /// Events to append, in order.
    pub events: Vec<NewEvent>,
    /// How the run's row changes, if at all.
    pub update: Option<RunUpdate>,
    /// A signal delivered to the workflow by this commit, marked consumed.
    pub consume_signal: Option<i64>,
    /// Child runs started by this commit.
    pub new_runs: Vec<NewRun>,
    /// Runs to ask to cancel (the children of a run that failed or was cancelled).
    pub cancel_runs: Vec<String>,
}

/// What a worker asks for when it claims work.
#[derive(Clone, Debug)]
pub struct ClaimRequest {
    /// The claiming worker.
    pub worker_id: String,
    /// The task queues it serves.
    pub queues: Vec<String>,
    /// How many runs it can take.
    pub limit: u32,
    /// The current time.
    pub now: Millis,
    /// Workers whose last heartbeat is older than this have lost their leases.
    pub lease_expired_before: Millis,
    /// Whether to look for runs of workers whose lease expired (not needed on every claim:
    /// leases expire on the scale of seconds).
    pub include_expired: bool,
}

/// A run handed to a worker.
#[derive(Clone, Debug)]
pub struct ClaimedRun {
    /// The run id.
    pub id: String,
    /// The workflow type.
    pub workflow: String,
    /// JSON text of the input.
    pub input: String,
    /// The run's wake generation at claim time.
    pub wake_gen: i64,
    /// Whether a cancel is pending.
    pub cancel_requested: bool,
    /// When the run was created (the workflow clock's start).
    pub created_at: Millis,
    /// The task queue it is on.
    pub queue: String,
    /// Which claim of the run this is; commits must name it.
    pub lease_seq: i64,
    /// True when the run was taken from a worker whose lease expired.
    pub taken_over: bool,
}

/// A run a worker owns, as the store sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct OwnedRun {
    /// The run id.
    pub id: String,
    /// Whether a cancel is pending.
    pub cancel_requested: bool,
    /// The lease sequence of the current claim.
    pub lease_seq: i64,
}

/// A live (or recently live) worker process.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkerRecord {
    /// Unique per process start.
    pub id: String,
    /// The host it runs on.
    pub hostname: String,
    /// Its process id on that host.
    pub pid: u32,
    /// The queues it serves, comma-separated.
    pub queues: String,
    /// When it started.
    pub started_at: Millis,
    /// Its last heartbeat.
    pub heartbeat_at: Millis,
}

/// Whether a schedule may start a run while its previous run is still going.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OverlapPolicy {
    /// Skip a firing while the previous run has not ended.
    Skip,
    /// Start a run at every firing.
    Allow,
}

impl OverlapPolicy {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Skip => "skip",
            Self::Allow => "allow",
        }
    }

    /// Parses a stored or user-given name.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "skip" => Some(Self::Skip),
            "allow" => Some(Self::Allow),
            _ => None,
        }
    }
}

/// A persisted schedule: a cron expression that starts runs of a workflow.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Schedule {
    /// Unique name.
    pub id: String,
    /// Cron expression (5 fields, or 6 with seconds), evaluated in UTC.
    pub cron: String,
    /// The workflow to start.
    pub workflow: String,
    /// The input of every run it starts.
    pub input: serde_json::Value,
    /// What to do when the previous run is still going.
    pub overlap: OverlapPolicy,
    /// Paused schedules do not fire.
    pub paused: bool,
    /// When it fires next.
    pub next_fire_at: chrono::DateTime<chrono::Utc>,
    /// The run it started last.
    pub last_run_id: Option<String>,
}

/// What one firing of a schedule did.
#[derive(Clone, Debug, PartialEq)]
pub enum Firing {
    /// Another worker fired it first, or it is paused or gone.
    NotDue,
    /// A run was started.
    Started(String),
    /// The previous run was still going and the policy is `skip`.
    Skipped,
}

/// The persistence interface of the engine.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;

    /// The database the store keeps its tables in.
    fn database(&self) -> Database;

    /// Creates a run, or returns the existing one with the same id and input.
    async fn create_run(&self, run: NewRun) -> Result<Created>;
    /// One run by id.
    async fn get_run(&self, id: &str) -> Result<Option<Run>>;
    /// Runs matching a filter, newest first.
    async fn list_runs(&self, filter: &RunFilter) -> Result<Vec<Run>>;
    /// A run's stored events, oldest first, for replay.
    async fn load_events(&self, run_id: &str) -> Result<Vec<StoredEvent>>;
    /// A run's history as users see it.
    async fn history(&self, run_id: &str) -> Result<Vec<Event>> {
        if self.get_run(run_id).await?.is_none() {
            return Err(crate::Error::RunNotFound(run_id.to_owned()));
        }
        let events = self.load_events(run_id).await?;
        Ok(events
            .into_iter()
            .enumerate()
            .map(|(index, event)| event.into_event(index as u64 + 1))
            .collect())
    }

    /// Applies one commit atomically and durably.
    async fn commit(&self, commit: Commit) -> Result<()>;
    /// Claims ready runs and runs of workers whose lease expired.
    async fn claim_runs(&self, request: &ClaimRequest) -> Result<Vec<ClaimedRun>>;
    /// The earliest time a waiting or pending run on these queues becomes ready.
    async fn next_wake_at(&self, queues: &[String]) -> Result<Option<Millis>>;
    /// How many runs are ready to execute and not yet claimed.
    async fn count_ready(&self, now: Millis) -> Result<u64>;
    /// The runs this worker owns in the store.
    async fn owned_runs(&self, worker_id: &str) -> Result<Vec<OwnedRun>>;

    /// Records a worker's heartbeat (creating its row on first call).
    async fn heartbeat(&self, worker: &WorkerRecord) -> Result<()>;
    /// Every registered worker.
    async fn list_workers(&self) -> Result<Vec<WorkerRecord>>;
    /// Removes a worker that stopped; its runs become claimable at once.
    async fn remove_worker(&self, worker_id: &str) -> Result<()>;

    /// Asks a run (and, through it, its children) to cancel.
    async fn request_cancel(&self, run_id: &str, at: Millis) -> Result<Run>;
    /// Stores a signal for a run and wakes it.
    async fn send_signal(
        &self,
        run_id: &str,
        name: &str,
        payload: String,
        at: Millis,
    ) -> Result<()>;
    /// The oldest undelivered signal of this name: its id and JSON payload.
    async fn peek_signal(&self, run_id: &str, name: &str) -> Result<Option<(i64, String)>>;
    /// Sends a failed run back to work, resuming at the failed step.
    async fn redrive(&self, run_id: &str, at: Millis) -> Result<Run>;

    /// Resolves when another process may have made work ready (PostgreSQL NOTIFY). Stores
    /// without notifications never resolve; workers then rely on polling.
    async fn wait_for_work(&self) {
        std::future::pending::<()>().await
    }

    /// Ids of runs that ended, as other processes announce them (PostgreSQL NOTIFY).
    fn finished_runs(&self) -> Option<tokio::sync::broadcast::Receiver<String>> {
        None
    }

    /// Creates or replaces a schedule.
    async fn put_schedule(&self, schedule: &Schedule, at: Millis) -> Result<()>;
    /// One schedule.
    async fn get_schedule(&self, id: &str) -> Result<Option<Schedule>>;
    /// Every schedule.
    async fn list_schedules(&self) -> Result<Vec<Schedule>>;
    /// Deletes a schedule.
    async fn delete_schedule(&self, id: &str) -> Result<()>;
    /// Pauses or resumes a schedule.
    async fn set_schedule_paused(&self, id: &str, paused: bool, at: Millis) -> Result<()>;
    /// Fires a due schedule once: only if its next firing is still `due_at` (so one worker
    /// wins), start `run` unless the overlap policy skips it, and move on to `next_fire_at`.
    async fn fire_schedule(
        &self,
        id: &str,
        due_at: Millis,
        next_fire_at: Millis,
        run: NewRun,
    ) -> Result<Firing>;
}
