//! Executes one claimed run: replay its journal, drive the workflow until it returns or
//! blocks, then commit the outcome (finished, suspended, or released).

use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use serde_json::{Value, json};
use tokio::sync::OwnedSemaphorePermit;
use tracing::Instrument;

use crate::engine::{Shared, lock};
use crate::metrics::Metrics;
use crate::model::{EventKind, NewEvent, Run, RunStatus, now_millis};
use crate::store::{ClaimedRun, Commit, RunUpdate};
use crate::workflow::journal::Journal;
use crate::workflow::{Context, Fatal, RunShared, WorkflowError};

/// How long a run released after a store failure waits before another try.
const RELEASE_BACKOFF: Duration = Duration::from_secs(1);

/// Executes `claimed` as `worker_id`, holding `slot` of the worker's concurrency until done.
pub(crate) async fn execute(
    engine: Arc<Shared>,
    claimed: ClaimedRun,
    worker_id: String,
    slot: OwnedSemaphorePermit,
) {
    let span = tracing::info_span!(
        "run",
        run_id = %claimed.id,
        workflow = %claimed.workflow,
        request_id = tracing::field::Empty,
    );
    if let Some(request_id) = &claimed.request_id {
        span.record("request_id", request_id.as_str());
    }
    let finished = execute_run(&engine, claimed, worker_id)
        .instrument(span)
        .await;
    // Free the slot before answering waiters: a caller that starts its next run at once
    // then finds the slot free and is dispatched in-process, not through a claim.
    drop(slot);
    engine.work_ready.notify_one();
    if let Some(run) = finished {
        engine.notify_finished(&run);
    }
}

enum Driven {
    Returned(Result<String, WorkflowError>),
    Suspended,
    Stopped,
}

/// Executes a run; returns it if it ended and someone in this process waits for it.
async fn execute_run(engine: &Arc<Shared>, claimed: ClaimedRun, worker_id: String) -> Option<Run> {
    if claimed.taken_over {
        engine.metrics.lease_takeovers.inc();
        tracing::info!("took over run after its worker's lease expired");
    }
    // Lease 1 is a run's first execution (created owned, or claimed for the first time):
    // nothing to replay, so skip the read.
    let events = if claimed.lease_seq == 1 {
        Ok(Vec::new())
    } else {
        engine.store.load_events(&claimed.id).await
    };
    let journal = match events {
        Ok(events) => Journal::replay(&events),
        Err(error) => {
            tracing::warn!(%error, "cannot load the journal; releasing the run");
            let lease = Lease {
                run_id: claimed.id.clone(),
                worker_id,
                lease_seq: claimed.lease_seq,
            };
            release_with_retries(engine, &lease).await;
            return None;
        }
    };
    let identity = Lease {
        run_id: claimed.id.clone(),
        worker_id: worker_id.clone(),
        lease_seq: claimed.lease_seq,
    };
    let run = Arc::new(
        RunShared::new(
            claimed.id.clone(),
            claimed.workflow.clone(),
            engine.metrics.clone(),
            worker_id,
            claimed.lease_seq,
            claimed.queue.clone(),
            claimed.wake_gen,
            engine.store.clone(),
            engine.work_ready.clone(),
            engine.settings.park_threshold,
            journal,
        )
        .with_request_id(claimed.request_id.clone()),
    );
    if claimed.cancel_requested {
        run.request_cancel();
    }
    let Some(definition) = engine.registry.get(&claimed.workflow) else {
        let error = json!({
            "kind": "unknown_workflow",
            "message": format!("workflow '{}' is not registered in this worker", claimed.workflow),
        });
        return finish(
            engine,
            &identity,
            &run,
            RunStatus::Failed,
            None,
            Some(error),
        )
        .await;
    };
    lock(&engine.local_runs).insert(claimed.id.clone(), run.clone());
    let workflow = (definition.run)(
        Context::root(run.clone(), claimed.created_at),
        claimed.input,
    );
    let driven = drive(&run, workflow).await;
    lock(&engine.local_runs).remove(&claimed.id);
    let (status, output, error) = match (run.fatal(), driven) {
        (Some(Fatal::LeaseLost(reason)), _) => {
            tracing::warn!(%reason, "execution stopped: another worker has the run");
            return None;
        }
        (Some(Fatal::Aborted(reason)), _) => {
            // Store trouble (a dropped connection, a restarting database): hand the run back
            // as soon as the store answers again; the orphan sweep is the last resort.
            tracing::warn!(%reason, "execution aborted; handing the run back");
            release_with_retries(engine, &identity).await;
            return None;
        }
        (None, Driven::Stopped) => {
            tracing::warn!("execution stopped");
            return None;
        }
        (None, Driven::Suspended) => return None,
        (Some(Fatal::NonDeterminism(message)), _) => {
            tracing::error!(%message, "run failed: non-determinism");
            let error = json!({"kind": "non_determinism", "message": message});
            (RunStatus::Failed, None, Some(error))
        }
        (None, Driven::Returned(Ok(output))) => (RunStatus::Completed, Some(output), None),
        (None, Driven::Returned(Err(error))) => {
            let status = if error.is_cancelled() && run.is_cancel_requested() {
                RunStatus::Cancelled
            } else {
                RunStatus::Failed
            };
            (status, None, Some(error.to_record()))
        }
    };
    finish(engine, &identity, &run, status, output, error).await
}

/// Polls the workflow until it returns, or until it is blocked on waits far enough away
/// (or external) to release the worker, in which case the run is suspended durably.
async fn drive(
    run: &RunShared,
    mut workflow: BoxFuture<'static, Result<String, WorkflowError>>,
) -> Driven {
    loop {
        tokio::select! {
            biased;
            result = &mut workflow => return Driven::Returned(result),
            _ = run.changed.notified() => {
                if run.fatal().is_some() {
                    return Driven::Stopped;
                }
                if let Some(wake_at) = run.suspend_point() {
                    let suspend = Commit {
                        update: Some(RunUpdate::Suspend { wake_at, seen_wake_gen: run.wake_gen }),
                        ..Commit::default()
                    };
                    return match run.commit(suspend).await {
                        Ok(()) => Driven::Suspended,
                        Err(_) => Driven::Stopped,
                    };
                }
            }
        }
    }
}

/// Commits the run's end, cancels its unfinished children if it did not complete, and
/// hands the result to local waiters.
async fn finish(
    engine: &Arc<Shared>,
    lease: &Lease,
    run: &RunShared,
    status: RunStatus,
    output: Option<String>,
    error: Option<Value>,
) -> Option<Run> {
    let at = now_millis();
    let event = match status {
        RunStatus::Completed => NewEvent::run(
            EventKind::RunCompleted,
            at,
            format!("{{\"output\":{}}}", output.as_deref().unwrap_or("null")),
        ),
        RunStatus::Cancelled => NewEvent::run(
            EventKind::RunCancelled,
            at,
            json!({"error": error}).to_string(),
        ),
        _ => NewEvent::run(
            EventKind::RunFailed,
            at,
            json!({"error": error}).to_string(),
        ),
    };
    let cancel_runs = if status == RunStatus::Completed {
        Vec::new()
    } else {
        run.unfinished_children()
    };
    let commit = Commit {
        at,
        events: vec![event],
        update: Some(RunUpdate::Finish {
            status,
            output,
            error: error.map(|error| error.to_string()),
        }),
        cancel_runs,
        ..Commit::default()
    };
    if let Err(error) = run.commit(commit).await {
        tracing::warn!(%error, "could not record the run's end; it will be executed again");
        if !matches!(run.fatal(), Some(Fatal::LeaseLost(_))) {
            release_with_retries(engine, lease).await;
        }
        return None;
    }
    tracing::info!(status = %status, "run finished");
    let labels = Metrics::workflow(&run.workflow);
    let counter = match status {
        RunStatus::Completed => &engine.metrics.runs_completed,
        RunStatus::Cancelled => &engine.metrics.runs_cancelled,
        _ => &engine.metrics.runs_failed,
    };
    counter.get_or_create(&labels).inc();
    if engine.has_waiters(&run.run_id) {
        engine.store.get_run(&run.run_id).await.ok().flatten()
    } else {
        None
    }
}

/// Which claim of which run an execution holds.
pub(crate) struct Lease {
    pub(crate) run_id: String,
    pub(crate) worker_id: String,
    pub(crate) lease_seq: i64,
}

/// Gives a claimed run back so that it is executed again after `delay`.
pub(crate) async fn release(engine: &Shared, lease: &Lease, delay: Duration) -> crate::Result<()> {
    let at = now_millis();
    let commit = Commit {
        run_id: lease.run_id.clone(),
        owner: lease.worker_id.clone(),
        lease_seq: lease.lease_seq,
        at,
        update: Some(RunUpdate::Release {
            wake_at: at + delay.as_millis() as i64,
        }),
        ..Commit::default()
    };
    engine.store.commit(commit).await
}

/// Releases a run, retrying for a few seconds while the store is unavailable.
async fn release_with_retries(engine: &Arc<Shared>, lease: &Lease) {
    for attempt in 1..=20u64 {
        match release(engine, lease, RELEASE_BACKOFF).await {
            Ok(()) => return,
            Err(crate::Error::LeaseLost(_)) => return,
            Err(error) if attempt == 20 => {
                tracing::warn!(%error, "could not hand the run back; the orphan sweep will");
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100 * attempt.min(5))).await,
        }
    }
}
