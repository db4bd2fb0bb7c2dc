//! The journal: a run's history folded into what replay needs, one entry per position.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::model::{EventKind, Millis, StoredEvent};

/// What kind of durable step sits at a position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EntryKind {
    Activity,
    Timer,
    Signal,
    Child,
}

impl EntryKind {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Self::Activity => "activity",
            Self::Timer => "timer",
            Self::Signal => "signal wait",
            Self::Child => "child workflow",
        }
    }
}

/// How a step ended.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Outcome {
    /// JSON text of the step's output (or the signal's payload).
    Value(String),
    /// JSON text of the step's error.
    Error(String),
    /// A timer fired or a signal wait timed out.
    Elapsed,
}

/// One journaled step.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    pub kind: EntryKind,
    pub name: String,
    /// Attempts over the run's whole life, redrives included.
    pub attempts: u32,
    /// Attempts since the run was last redriven: what the retry budget counts.
    pub attempts_since_redrive: u32,
    /// When the next attempt may start, after a failed one.
    pub retry_at: Option<Millis>,
    /// A timer's fire time, or a signal wait's deadline.
    pub deadline: Option<Millis>,
    /// A child step's run id.
    pub child_id: Option<String>,
    pub outcome: Option<Outcome>,
    /// Time of the entry's latest event: what the workflow clock reads after it.
    pub at: Millis,
}

impl Entry {
    pub(crate) fn started(kind: EntryKind, name: &str, at: Millis) -> Self {
        Self {
            kind,
            name: name.to_owned(),
            attempts: 0,
            attempts_since_redrive: 0,
            retry_at: None,
            deadline: None,
            child_id: None,
            outcome: None,
            at,
        }
    }
}

/// Every journaled step of a run, by position.
#[derive(Debug, Default)]
pub(crate) struct Journal {
    entries: HashMap<String, Entry>,
}

#[derive(Deserialize)]
struct Detail<'a> {
    #[serde(borrow, default)]
    output: Option<&'a RawValue>,
    #[serde(borrow, default)]
    error: Option<&'a RawValue>,
    #[serde(borrow, default)]
    payload: Option<&'a RawValue>,
    #[serde(default)]
    retry_at: Option<Millis>,
    #[serde(default)]
    fire_at: Option<Millis>,
    #[serde(default)]
    deadline: Option<Millis>,
    #[serde(default)]
    child_id: Option<String>,
    #[serde(default)]
    voided_positions: Vec<String>,
}

impl Journal {
    /// Folds a run's events, oldest first, into its journal.
    pub(crate) fn replay(events: &[StoredEvent]) -> Self {
        let mut journal = Self::default();
        for event in events {
            journal.apply(event);
        }
        journal
    }

    pub(crate) fn get(&self, position: &str) -> Option<&Entry> {
        self.entries.get(position)
    }

    pub(crate) fn put(&mut self, position: &str, entry: Entry) {
        self.entries.insert(position.to_owned(), entry);
    }

    /// Child runs started and not yet ended: the ones to cancel if this run stops.
    pub(crate) fn unfinished_children(&self) -> Vec<String> {
        let mut children: Vec<String> = self
            .entries
            .values()
            .filter(|entry| entry.kind == EntryKind::Child && entry.outcome.is_none())
            .filter_map(|entry| entry.child_id.clone())
            .collect();
        children.sort();
        children
    }

    fn apply(&mut self, event: &StoredEvent) {
        let Ok(detail) = serde_json::from_str::<Detail>(&event.detail) else {
            return;
        };
        if event.kind == EventKind::RunRedriven {
            for position in &detail.voided_positions {
                if let Some(entry) = self.entries.get_mut(position) {
                    entry.outcome = None;
                    entry.attempts_since_redrive = 0;
                    entry.retry_at = None;
                }
            }
            return;
        }
        let (Some(position), Some(name)) = (event.position.as_deref(), event.step.as_deref())
        else {
            return;
        };
        let kind = match event.kind {
            EventKind::StepScheduled
            | EventKind::AttemptStarted
            | EventKind::AttemptFailed
            | EventKind::StepCompleted
            | EventKind::StepFailed => EntryKind::Activity,
            EventKind::TimerStarted | EventKind::TimerFired => EntryKind::Timer,
            EventKind::SignalWaitStarted
            | EventKind::SignalDelivered
            | EventKind::SignalTimedOut => EntryKind::Signal,
            EventKind::ChildStarted | EventKind::ChildCompleted => EntryKind::Child,
            _ => return,
        };
        let entry = self
            .entries
            .entry(position.to_owned())
            .or_insert_with(|| Entry::started(kind, name, event.at));
        entry.at = event.at;
        let raw = |value: Option<&RawValue>| value.map(|raw| raw.get().to_owned());
        match event.kind {
            EventKind::AttemptStarted => {
                entry.attempts = entry.attempts.max(event.attempt.unwrap_or(0));
                entry.attempts_since_redrive += 1;
                entry.retry_at = None;
            }
            EventKind::AttemptFailed => entry.retry_at = detail.retry_at,
            EventKind::StepCompleted | EventKind::SignalDelivered => {
                let value = raw(detail.output.or(detail.payload)).unwrap_or_else(|| "null".into());
                entry.outcome = Some(Outcome::Value(value));
            }
            EventKind::StepFailed => {
                entry.outcome = Some(Outcome::Error(raw(detail.error).unwrap_or_default()));
            }
            EventKind::TimerStarted => entry.deadline = detail.fire_at,
            EventKind::SignalWaitStarted => entry.deadline = detail.deadline,
            EventKind::TimerFired | EventKind::SignalTimedOut => {
                entry.outcome = Some(Outcome::Elapsed);
            }
            EventKind::ChildStarted => entry.child_id = detail.child_id,
            EventKind::ChildCompleted => {
                entry.outcome = Some(match raw(detail.error) {
                    Some(error) => Outcome::Error(error),
                    None => Outcome::Value(raw(detail.output).unwrap_or_else(|| "null".into())),
                });
            }
            _ => {}
        }
    }
}
