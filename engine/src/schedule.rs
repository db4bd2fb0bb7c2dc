//! Schedules: cron expressions that start runs, fired by workers.

use std::str::FromStr;
use std::time::Duration;

use chrono::Utc;
use croner::Cron;

use crate::engine::{DEFAULT_QUEUE, Engine};
use crate::error::{Error, Result};
use crate::model::{Millis, now_millis, to_datetime};
use crate::store::{Firing, NewRun};

/// How often the schedule loop looks for due schedules.
const TICK: Duration = Duration::from_secs(1);

/// The first firing of `cron` strictly after `after`, evaluated in UTC.
pub fn next_fire_after(cron: &str, after: Millis) -> Result<Millis> {
    let pattern = Cron::from_str(cron)
        .map_err(|error| Error::Invalid(format!("cron expression '{cron}': {error}")))?;
    let start = to_datetime(after);
    pattern
        .find_next_occurrence(&start, false)
        .map(|next| next.with_timezone(&Utc).timestamp_millis())
        .map_err(|error| Error::Invalid(format!("cron expression '{cron}' never fires: {error}")))
}

/// Fires due schedules until `stopped` turns true. Each firing is a compare-and-set in the
/// store and the run id derives from the schedule and the firing time, so several workers
/// firing the same schedule start one run.
pub(crate) async fn run(engine: Engine, mut stopped: tokio::sync::watch::Receiver<bool>) {
    loop {
        if let Err(error) = fire_due(&engine).await {
            tracing::warn!(%error, "firing schedules failed");
        }
        tokio::select! {
            _ = tokio::time::sleep(TICK) => {}
            _ = stopped.wait_for(|stop| *stop) => return,
        }
    }
}

async fn fire_due(engine: &Engine) -> Result<()> {
    let store = engine.store();
    let now = now_millis();
    for schedule in store.list_schedules().await? {
        let due_at = schedule.next_fire_at.timestamp_millis();
        if schedule.paused || due_at > now {
            continue;
        }
        // Missed firings (the process was down) collapse into this one.
        let next = next_fire_after(&schedule.cron, now)?;
        let run = NewRun {
            id: format!(
                "{}-{}",
                schedule.id,
                to_datetime(due_at).format("%Y%m%dT%H%M%SZ")
            ),
            workflow: schedule.workflow.clone(),
            input: schedule.input.to_string(),
            queue: DEFAULT_QUEUE.to_owned(),
            parent: None,
            owner: None,
            at: now,
            request_id: None,
        };
        match store.fire_schedule(&schedule.id, due_at, next, run).await? {
            Firing::Started(run_id) => {
                tracing::info!(schedule = %schedule.id, %run_id, "schedule started a run");
                engine.shared.work_ready.notify_one();
            }
            Firing::Skipped => {
                tracing::info!(schedule = %schedule.id, "schedule skipped: previous run still going");
            }
            Firing::NotDue => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_firing_of_a_daily_schedule() {
        let after = chrono::DateTime::parse_from_rfc3339("2026-01-01T10:00:00Z")
            .map(|at| at.timestamp_millis())
            .unwrap_or_default();
        let next = next_fire_after("30 2 * * *", after).map(to_datetime);
        assert_eq!(
            next.map(|at| at.to_rfc3339()).ok(),
            Some("2026-01-02T02:30:00+00:00".into())
        );
    }

    #[test]
    fn bad_cron_is_a_clear_error() {
        let error = next_fire_after("every tuesday", 0)
            .err()
            .map(|e| e.to_string());
        assert!(error.is_some_and(|message| message.contains("every tuesday")));
    }
}
