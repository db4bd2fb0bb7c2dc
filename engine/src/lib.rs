//! The engine: durable, code-defined workflows journaled to SQLite (embedded) or
//! PostgreSQL.
//!
//! A workflow is a plain async function of a [`Context`] and a serde input. Every step it
//! takes through the context (an activity, a sleep, a signal wait, a child run, a map over
//! items) is journaled before the workflow moves on, so a run survives any crash: another
//! execution replays the journal, skips every completed step and carries on.
//!
//! Start with [`workflow`] (the API users write against), then [`engine`] (start, inspect,
//! signal, cancel, redrive), [`worker`] (claiming and leases), and [`store`] (persistence).
#![warn(missing_docs)]

pub mod engine;
pub mod error;
mod executor;
pub mod http;
pub mod metrics;
pub mod model;
pub mod retry;
pub mod schedule;
pub mod store;
pub mod worker;
pub mod workflow;

pub use engine::{Engine, EngineSettings, StartRun};
pub use error::{Error, Result};
pub use model::{Event, EventKind, Run, RunStatus};
pub use retry::RetryPolicy;
pub use store::{Database, PostgresStore, Restored, RunFilter, SqliteStore, Store};
pub use worker::{Worker, WorkerOptions};
pub use workflow::{
    ActivityContext, ActivityError, Context, Registry, StepError, StepOptions, WorkflowError,
};
