//! Row types and journal scans shared by both store backends: the SQL differs between
//! SQLite and PostgreSQL, the rows and what is made of them do not.

use serde_json::Value;

use crate::model::{EventKind, Run, RunStatus, StoredEvent, to_datetime};
use crate::store::{OverlapPolicy, Schedule, WorkerRecord};

#[derive(sqlx::FromRow)]
pub(super) struct RunRow {
    id: String,
    workflow: String,
    status: String,
    queue: String,
    input: String,
    output: Option<String>,
    error: Option<String>,
    parent_id: Option<String>,
    cancel_requested: bool,
    created_at: i64,
    updated_at: i64,
}

impl RunRow {
    pub(super) fn into_run(self) -> Run {
        Run {
            status: RunStatus::parse(&self.status).unwrap_or(RunStatus::Failed),
            input: parse_json(&self.input),
            output: self.output.as_deref().map(parse_json),
            error: self.error.as_deref().map(parse_json),
            id: self.id,
            workflow: self.workflow,
            parent_id: self.parent_id,
            queue: self.queue,
            cancel_requested: self.cancel_requested,
            created_at: to_datetime(self.created_at),
            updated_at: to_datetime(self.updated_at),
        }
    }
}

pub(super) fn parse_json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))
}

#[derive(sqlx::FromRow)]
pub(super) struct ScheduleRow {
    id: String,
    cron: String,
    workflow: String,
    input: String,
    overlap: String,
    paused: bool,
    next_fire_at: i64,
    last_run_id: Option<String>,
}

impl ScheduleRow {
    pub(super) fn into_schedule(self) -> Schedule {
        Schedule {
            id: self.id,
            cron: self.cron,
            workflow: self.workflow,
            input: serde_json::from_str(&self.input).unwrap_or(serde_json::Value::Null),
            overlap: OverlapPolicy::parse(&self.overlap).unwrap_or(OverlapPolicy::Skip),
            paused: self.paused,
            next_fire_at: to_datetime(self.next_fire_at),
            last_run_id: self.last_run_id,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct WorkerRow {
    id: String,
    hostname: String,
    pid: i64,
    queues: String,
    started_at: i64,
    heartbeat_at: i64,
}

impl WorkerRow {
    pub(super) fn into_record(self) -> WorkerRecord {
        WorkerRecord {
            id: self.id,
            hostname: self.hostname,
            pid: self.pid as u32,
            queues: self.queues,
            started_at: self.started_at,
            heartbeat_at: self.heartbeat_at,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct EventRow {
    kind: String,
    position: Option<String>,
    step: Option<String>,
    attempt: Option<i64>,
    at: i64,
    detail: String,
}

impl EventRow {
    /// `None` for a kind this version does not know.
    pub(super) fn into_stored(self) -> Option<StoredEvent> {
        Some(StoredEvent {
            kind: EventKind::parse(&self.kind)?,
            position: self.position,
            step: self.step,
            attempt: self.attempt.map(|attempt| attempt as u32),
            at: self.at,
            detail: self.detail,
        })
    }
}

/// The position of the last step that failed for good (activity or child), if any.
pub(super) fn last_failed_position(events: &[StoredEvent]) -> Option<String> {
    events
        .iter()
        .rev()
        .find(|event| match event.kind {
            EventKind::StepFailed => true,
            EventKind::ChildCompleted => serde_json::from_str::<Value>(&event.detail)
                .map(|detail| detail.get("error").is_some())
                .unwrap_or(false),
            _ => false,
        })
        .and_then(|event| event.position.clone())
}

/// The child run started at a journal position, if that position is a child.
pub(super) fn child_at(events: &[StoredEvent], position: &str) -> Option<String> {
    events
        .iter()
        .find(|event| {
            event.kind == EventKind::ChildStarted && event.position.as_deref() == Some(position)
        })
        .and_then(|event| serde_json::from_str::<Value>(&event.detail).ok())
        .and_then(|detail| detail.get("child_id")?.as_str().map(str::to_owned))
}
