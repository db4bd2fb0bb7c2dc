//! The worker loop: claim ready runs up to a concurrency bound, keep leases alive with
//! heartbeats, take over runs of dead workers, and drain on shutdown.

use std::collections::HashSet;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

use crate::engine::{DEFAULT_QUEUE, Dispatcher, Engine, Shared, lock};
use crate::error::Result;
use crate::executor::{self, Lease};
use crate::model::{Millis, now_millis};
use crate::schedule;
use crate::store::{ClaimRequest, OwnedRun, WorkerRecord};

/// How a worker runs.
#[derive(Clone, Debug)]
pub struct WorkerOptions {
    /// Most runs executing at once.
    pub concurrency: usize,
    /// The task queues served.
    pub queues: Vec<String>,
    /// How long shutdown waits for executing runs before handing them back.
    pub drain_timeout: Duration,
    /// Whether this worker also fires schedules.
    pub run_schedules: bool,
}

impl Default for WorkerOptions {
    fn default() -> Self {
        Self {
            concurrency: 64,
            queues: vec![DEFAULT_QUEUE.to_owned()],
            drain_timeout: Duration::from_secs(30),
            run_schedules: true,
        }
    }
}

/// A worker of an engine. Several may share one store, in one process or many.
pub struct Worker {
    engine: Engine,
    options: WorkerOptions,
    record: WorkerRecord,
}

impl Engine {
    /// A worker that executes this engine's runs.
    pub fn worker(&self, options: WorkerOptions) -> Worker {
        let now = now_millis();
        let record = WorkerRecord {
            id: format!(
                "{}-{}-{}",
                hostname(),
                std::process::id(),
                uuid::Uuid::new_v4().simple()
            ),
            hostname: hostname(),
            pid: std::process::id(),
            queues: options.queues.join(","),
            started_at: now,
            heartbeat_at: now,
        };
        Worker {
            engine: self.clone(),
            options,
            record,
        }
    }
}

impl Worker {
    /// This worker's id, as recorded on the runs it owns.
    pub fn id(&self) -> &str {
        &self.record.id
    }

    /// Runs until `shutdown` resolves, then stops claiming, lets executing runs finish
    /// within the drain timeout, hands back the rest, and deregisters.
    pub async fn run(self, shutdown: impl Future<Output = ()>) -> Result<()> {
        let engine = self.engine.shared.clone();
        let settings = engine.settings.clone();
        engine.store.heartbeat(&self.record).await?;
        reap_dead_local_workers(&engine, &self.record).await;
        let slots = Arc::new(Semaphore::new(self.options.concurrency.max(1)));
        *lock(&engine.dispatcher) = Some(Dispatcher {
            worker_id: self.record.id.clone(),
            queues: self.options.queues.clone(),
            slots: slots.clone(),
        });
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let maintenance = tokio::spawn(maintain(
            engine.clone(),
            self.record.clone(),
            stopped.clone(),
        ));
        let schedules = self
            .options
            .run_schedules
            .then(|| tokio::spawn(schedule::run(self.engine.clone(), stopped)));
        tracing::info!(worker_id = %self.record.id, concurrency = self.options.concurrency, "worker started");

        tokio::pin!(shutdown);
        // Expired leases are looked for at most this often; ready work on every claim.
        let expiry_check_interval = (settings.lease_timeout / 4).as_millis() as Millis;
        let mut last_expiry_check: Millis = 0;
        loop {
            let free = slots.available_permits();
            if free > 0 {
                let now = now_millis();
                let include_expired = now - last_expiry_check >= expiry_check_interval;
                if include_expired {
                    last_expiry_check = now;
                }
                let request = ClaimRequest {
                    worker_id: self.record.id.clone(),
                    queues: self.options.queues.clone(),
                    limit: free as u32,
                    now,
                    lease_expired_before: now - settings.lease_timeout.as_millis() as Millis,
                    include_expired,
                };
                match engine.store.claim_runs(&request).await {
                    Ok(claimed) => {
                        for run in claimed {
                            let slot = slots.clone().try_acquire_owned();
                            if let Ok(slot) = slot {
                                let worker_id = self.record.id.clone();
                                tokio::spawn(executor::execute(
                                    engine.clone(),
                                    run,
                                    worker_id,
                                    slot,
                                ));
                            }
                        }
                    }
                    Err(error) => {
                        tracing::warn!(%error, "claiming work failed; backing off");
                        tokio::select! {
                            _ = tokio::time::sleep(Duration::from_secs(1)) => continue,
                            _ = &mut shutdown => break,
                        }
                    }
                }
            }
            let pause = if slots.available_permits() == 0 {
                settings.lease_timeout
            } else {
                next_pause(&engine, &self.options.queues).await
            };
            tokio::select! {
                _ = engine.work_ready.notified() => {}
                _ = engine.store.wait_for_work() => {}
                _ = tokio::time::sleep(pause) => {}
                _ = &mut shutdown => break,
            }
        }

        tracing::info!(worker_id = %self.record.id, "worker draining");
        *lock(&engine.dispatcher) = None;
        let all = self.options.concurrency.max(1) as u32;
        let drained =
            tokio::time::timeout(self.options.drain_timeout, slots.acquire_many(all)).await;
        if drained.is_err() {
            tracing::warn!("drain timeout passed; handing executing runs back");
            hand_back_owned_runs(&engine, &self.record.id).await;
        }
        let _ = stop.send(true);
        let _ = maintenance.await;
        if let Some(schedules) = schedules {
            let _ = schedules.await;
        }
        engine.store.remove_worker(&self.record.id).await?;
        tracing::info!(worker_id = %self.record.id, "worker stopped");
        Ok(())
    }
}

/// How long an idle worker sleeps: until the next timer, at most one poll interval.
async fn next_pause(engine: &Shared, queues: &[String]) -> Duration {
    let poll = engine.settings.poll_interval;
    match engine.store.next_wake_at(queues).await {
        Ok(Some(wake_at)) => {
            let until = (wake_at - now_millis()).max(0) as u64;
            poll.min(Duration::from_millis(until))
        }
        _ => poll,
    }
}

/// How often each worker logs the store's ready-queue depth.
const QUEUE_DEPTH_LOG_INTERVAL: Duration = Duration::from_secs(60);

/// Logs (and sets the gauge of) the runs ready and unclaimed. Workers serve no `/metrics`,
/// so log pipelines take the queue depth from this line (`deploy/aws` turns it into a
/// CloudWatch metric that scales the workers).
async fn log_queue_depth(engine: &Shared) {
    if let Ok(ready) = engine.store.count_ready(now_millis()).await {
        engine.metrics.ready_queue_depth.set(ready as i64);
        tracing::info!(ready_queue_depth = ready, "ready queue depth");
    }
}

/// Heartbeats, cancels of locally executing runs, and release of orphaned runs, and the
/// queue depth once a minute.
async fn maintain(
    engine: Arc<Shared>,
    mut record: WorkerRecord,
    mut stopped: tokio::sync::watch::Receiver<bool>,
) {
    let interval = (engine.settings.lease_timeout / 3).max(Duration::from_millis(100));
    let mut suspected_orphans = HashSet::new();
    let mut depth_logged_at = tokio::time::Instant::now();
    loop {
        tokio::select! {
            _ = tokio::time::sleep(interval) => {}
            _ = stopped.wait_for(|stop| *stop) => return,
        }
        record.heartbeat_at = now_millis();
        if let Err(error) = engine.store.heartbeat(&record).await {
            tracing::warn!(%error, "heartbeat failed");
            continue;
        }
        reap_dead_local_workers(&engine, &record).await;
        if depth_logged_at.elapsed() >= QUEUE_DEPTH_LOG_INTERVAL {
            depth_logged_at = tokio::time::Instant::now();
            log_queue_depth(&engine).await;
        }
        let Ok(owned) = engine.store.owned_runs(&record.id).await else {
            continue;
        };
        let mut orphans = HashSet::new();
        for run in owned {
            let local = lock(&engine.local_runs).get(&run.id).cloned();
            match local {
                Some(executing) if run.cancel_requested => executing.request_cancel(),
                Some(_) => {}
                // Owned here but not executing: its execution aborted. Seen twice in a row
                // with the same claim (not just claimed this instant), hand it back.
                None if suspected_orphans.contains(&(run.id.clone(), run.lease_seq)) => {
                    release_owned(&engine, &record.id, &run).await;
                }
                None => {
                    orphans.insert((run.id, run.lease_seq));
                }
            }
        }
        suspected_orphans = orphans;
    }
}

/// Hands a run back (ready at once), fenced by the claim it was seen with.
async fn release_owned(engine: &Shared, worker_id: &str, run: &OwnedRun) {
    let lease = Lease {
        run_id: run.id.clone(),
        worker_id: worker_id.to_owned(),
        lease_seq: run.lease_seq,
    };
    if let Err(error) = executor::release(engine, &lease, Duration::ZERO).await {
        tracing::debug!(%error, run_id = %run.id, "run not handed back");
    }
}

async fn hand_back_owned_runs(engine: &Shared, worker_id: &str) {
    if let Ok(owned) = engine.store.owned_runs(worker_id).await {
        for run in owned {
            release_owned(engine, worker_id, &run).await;
        }
    }
}

/// Removes workers of this host whose process is gone, so their runs are taken over at
/// once instead of after the lease timeout.
async fn reap_dead_local_workers(engine: &Shared, me: &WorkerRecord) {
    let Ok(workers) = engine.store.list_workers().await else {
        return;
    };
    for worker in workers {
        if worker.id != me.id && worker.hostname == me.hostname && !process_alive(worker.pid) {
            tracing::info!(worker_id = %worker.id, pid = worker.pid, "reaping dead worker");
            let _ = engine.store.remove_worker(&worker.id).await;
        }
    }
}

/// Whether a process of this host is alive (and is not this process: a previous
/// incarnation with the same pid, as in containers, is dead).
fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return false;
    }
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // The state follows the command name in parentheses; Z is a zombie.
        Ok(stat) => !stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with(['Z', 'X'])),
        Err(_) => !std::path::Path::new("/proc/self").exists(),
    }
}

/// The host name recorded for this worker; `MAXIMIZER_HOSTNAME` overrides it (useful when
/// several containers share a host name, and in tests).
fn hostname() -> String {
    std::env::var("MAXIMIZER_HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/proc/sys/kernel/hostname").ok())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "localhost".to_owned())
}
