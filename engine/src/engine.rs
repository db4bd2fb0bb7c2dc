//! [`Engine`]: the handle applications use to start, inspect, signal, cancel and redrive
//! runs, and to run workers.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde_json::Value;
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore, oneshot};

use crate::error::{Error, Result};
use crate::executor;
use crate::metrics::Metrics;
use crate::model::{Event, Run, RunStatus, now_millis};
use crate::schedule;
use crate::store::{ClaimedRun, Created, NewRun, OverlapPolicy, RunFilter, Schedule, Store};
use crate::workflow::{Registry, RunShared};

/// The queue runs go to unless they name another.
pub const DEFAULT_QUEUE: &str = "default";

/// Timing settings of an engine.
#[derive(Clone, Debug)]
pub struct EngineSettings {
    /// A worker whose heartbeat is older than this has lost its runs to other workers.
    pub lease_timeout: Duration,
    /// How often idle workers look for work started by other processes.
    pub poll_interval: Duration,
    /// Timers nearer than this are waited for in memory; farther ones suspend the run.
    pub park_threshold: Duration,
}

impl Default for EngineSettings {
    fn default() -> Self {
        Self {
            lease_timeout: Duration::from_secs(15),
            poll_interval: Duration::from_millis(100),
            park_threshold: Duration::from_secs(2),
        }
    }
}

/// A request to start a run.
#[derive(Clone, Debug)]
pub struct StartRun {
    /// The registered workflow type.
    pub workflow: String,
    /// Its input.
    pub input: Value,
    /// The run id; generated when absent. Starting an existing id returns that run.
    pub id: Option<String>,
    /// The task queue; `default` when absent.
    pub queue: Option<String>,
}

impl StartRun {
    /// A start request for `workflow` with `input`.
    pub fn new(workflow: impl Into<String>, input: Value) -> Self {
        Self {
            workflow: workflow.into(),
            input,
            id: None,
            queue: None,
        }
    }

    /// The same request with a caller-chosen id.
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }
}

/// A local worker that new runs can be handed to directly, skipping a claim.
pub(crate) struct Dispatcher {
    pub(crate) worker_id: String,
    pub(crate) queues: Vec<String>,
    pub(crate) slots: Arc<Semaphore>,
}

/// What every part of one engine shares.
pub(crate) struct Shared {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) registry: Registry,
    pub(crate) settings: EngineSettings,
    /// Wakes this process's claim loop: new, woken or freed work.
    pub(crate) work_ready: Arc<Notify>,
    waiters: Mutex<HashMap<String, Vec<oneshot::Sender<Run>>>>,
    /// Runs executing in this process, for in-process cancels and signals.
    pub(crate) local_runs: Mutex<HashMap<String, Arc<RunShared>>>,
    pub(crate) dispatcher: Mutex<Option<Dispatcher>>,
    pub(crate) metrics: Arc<Metrics>,
}

pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Shared {
    /// Hands a finished run to everyone in this process waiting for it.
    pub(crate) fn notify_finished(&self, run: &Run) {
        let waiters = lock(&self.waiters).remove(&run.id).unwrap_or_default();
        for waiter in waiters {
            let _ = waiter.send(run.clone());
        }
    }

    pub(crate) fn has_waiters(&self, run_id: &str) -> bool {
        lock(&self.waiters).contains_key(run_id)
    }

    fn local_run(&self, run_id: &str) -> Option<Arc<RunShared>> {
        lock(&self.local_runs).get(run_id).cloned()
    }

    /// A slot of a local worker serving `queue`, if one is free.
    fn local_slot(&self, queue: &str) -> Option<(String, OwnedSemaphorePermit)> {
        let dispatcher = lock(&self.dispatcher);
        let dispatcher = dispatcher.as_ref()?;
        if !dispatcher.queues.iter().any(|served| served == queue) {
            return None;
        }
        let slot = dispatcher.slots.clone().try_acquire_owned().ok()?;
        Some((dispatcher.worker_id.clone(), slot))
    }
}

/// The engine: a store, the registered workflows, and the operations on runs.
#[derive(Clone)]
pub struct Engine {
    pub(crate) shared: Arc<Shared>,
}

impl Engine {
    /// An engine over `store` that can execute the workflows in `registry`.
    pub fn new(store: Arc<dyn Store>, registry: Registry, settings: EngineSettings) -> Self {
        let finished = store.finished_runs();
        let engine = Self {
            shared: Arc::new(Shared {
                store,
                registry,
                settings,
                work_ready: Arc::new(Notify::new()),
                waiters: Mutex::new(HashMap::new()),
                local_runs: Mutex::new(HashMap::new()),
                dispatcher: Mutex::new(None),
                metrics: Arc::new(Metrics::default()),
            }),
        };
        if let Some(finished) = finished {
            tokio::spawn(forward_finished(Arc::downgrade(&engine.shared), finished));
        }
        engine
    }

    /// The store.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.shared.store
    }

    /// The registered workflows.
    pub fn registry(&self) -> &Registry {
        &self.shared.registry
    }

    /// The engine's metrics.
    pub fn metrics(&self) -> &Metrics {
        &self.shared.metrics
    }

    /// The timing settings.
    pub fn settings(&self) -> &EngineSettings {
        &self.shared.settings
    }

    /// Starts a run. Idempotent by id: the same id and input returns the existing run
    /// (`created: false`); the same id with another input is a conflict.
    pub async fn start(&self, request: StartRun) -> Result<Created> {
        let definition = self
            .shared
            .registry
            .get(&request.workflow)
            .ok_or_else(|| Error::UnknownWorkflow(request.workflow.clone()))?;
        let input = request.input.to_string();
        (definition.validate)(&input).map_err(|reason| {
            Error::Invalid(format!(
                "input does not match workflow '{}': {reason}",
                request.workflow
            ))
        })?;
        let id = match request.id {
            Some(id) => validate_run_id(id)?,
            None => uuid::Uuid::new_v4().to_string(),
        };
        let queue = request.queue.unwrap_or_else(|| DEFAULT_QUEUE.to_owned());
        let local = self.shared.local_slot(&queue);
        let at = now_millis();
        let request_id = crate::request_id::current();
        let created = self
            .shared
            .store
            .create_run(NewRun {
                id: id.clone(),
                workflow: request.workflow.clone(),
                input: input.clone(),
                queue: queue.clone(),
                parent: None,
                owner: local.as_ref().map(|(worker_id, _)| worker_id.clone()),
                at,
                request_id: request_id.clone(),
            })
            .await?;
        if created.created {
            tracing::info!(run_id = %id, workflow = %request.workflow, "run started");
            self.shared
                .metrics
                .runs_started
                .get_or_create(&Metrics::workflow(&request.workflow))
                .inc();
        }
        match local {
            Some((worker_id, slot)) if created.created => {
                let claimed = ClaimedRun {
                    id,
                    workflow: request.workflow,
                    input,
                    wake_gen: 0,
                    cancel_requested: false,
                    created_at: at,
                    queue,
                    lease_seq: 1,
                    taken_over: false,
                    request_id,
                };
                tokio::spawn(executor::execute(
                    self.shared.clone(),
                    claimed,
                    worker_id,
                    slot,
                ));
            }
            _ => self.shared.work_ready.notify_one(),
        }
        Ok(created)
    }

    /// One run.
    pub async fn get(&self, run_id: &str) -> Result<Run> {
        self.shared
            .store
            .get_run(run_id)
            .await?
            .ok_or_else(|| Error::RunNotFound(run_id.to_owned()))
    }

    /// Runs matching a filter, newest first.
    pub async fn list(&self, filter: &RunFilter) -> Result<Vec<Run>> {
        self.shared.store.list_runs(filter).await
    }

    /// A run's history.
    pub async fn history(&self, run_id: &str) -> Result<Vec<Event>> {
        self.shared.store.history(run_id).await
    }

    /// Waits until the run ends or `timeout` passes, and returns it as it then is.
    pub async fn wait(&self, run_id: &str, timeout: Duration) -> Result<Run> {
        let deadline = tokio::time::Instant::now() + timeout;
        let (sender, mut finished) = oneshot::channel();
        {
            let mut waiters = lock(&self.shared.waiters);
            let list = waiters.entry(run_id.to_owned()).or_default();
            list.retain(|waiter| !waiter.is_closed());
            list.push(sender);
        }
        let mut listening = true;
        loop {
            let run = self.get(run_id).await?;
            let now = tokio::time::Instant::now();
            if run.status.is_terminal() || now >= deadline {
                return Ok(run);
            }
            let pause = self.shared.settings.poll_interval.min(deadline - now);
            tokio::select! {
                result = &mut finished, if listening => match result {
                    Ok(run) => return Ok(run),
                    Err(_) => listening = false,
                },
                _ = tokio::time::sleep(pause) => {}
            }
        }
    }

    /// Asks a run to cancel. Its waits end with `Cancelled`, and its children are cancelled
    /// with it.
    pub async fn cancel(&self, run_id: &str) -> Result<Run> {
        let run = self
            .shared
            .store
            .request_cancel(run_id, now_millis())
            .await?;
        if let Some(local) = self.shared.local_run(run_id) {
            local.request_cancel();
        }
        self.shared.work_ready.notify_one();
        Ok(run)
    }

    /// Sends a signal to a run. It is kept until the workflow waits for it.
    pub async fn signal(&self, run_id: &str, name: &str, payload: Value) -> Result<()> {
        if name.is_empty() || name.len() > 200 {
            return Err(Error::Invalid(
                "a signal name must have 1 to 200 characters".into(),
            ));
        }
        self.shared
            .store
            .send_signal(run_id, name, payload.to_string(), now_millis())
            .await?;
        if let Some(local) = self.shared.local_run(run_id) {
            local.poke();
        }
        self.shared.work_ready.notify_one();
        Ok(())
    }

    /// Sends a failed run back to work, resuming at the step that failed.
    pub async fn redrive(&self, run_id: &str) -> Result<Run> {
        let run = self.shared.store.redrive(run_id, now_millis()).await?;
        self.shared.work_ready.notify_one();
        Ok(run)
    }

    /// Redrives every failed run matching `filter` (its status filter is ignored) and
    /// returns the ids redriven.
    pub async fn redrive_matching(&self, filter: &RunFilter) -> Result<Vec<String>> {
        let mut page = RunFilter {
            statuses: vec![RunStatus::Failed],
            limit: 500,
            after: None,
            ..filter.clone()
        };
        let mut redriven = Vec::new();
        loop {
            let runs = self.list(&page).await?;
            let Some(last) = runs.last() else { break };
            page.after = Some((last.created_at.timestamp_millis(), last.id.clone()));
            for run in &runs {
                match self.shared.store.redrive(&run.id, now_millis()).await {
                    Ok(_) => redriven.push(run.id.clone()),
                    // Another caller redrove it first, or it changed meanwhile.
                    Err(Error::IllegalTransition { .. }) => {}
                    Err(error) => return Err(error),
                }
            }
        }
        if !redriven.is_empty() {
            self.shared.work_ready.notify_one();
        }
        Ok(redriven)
    }

    /// Creates or replaces a schedule that starts `workflow` with `input` on `cron`.
    pub async fn put_schedule(
        &self,
        id: &str,
        cron: &str,
        workflow: &str,
        input: Value,
        overlap: OverlapPolicy,
    ) -> Result<Schedule> {
        let definition = self
            .shared
            .registry
            .get(workflow)
            .ok_or_else(|| Error::UnknownWorkflow(workflow.to_owned()))?;
        (definition.validate)(&input.to_string()).map_err(|reason| {
            Error::Invalid(format!(
                "input does not match workflow '{workflow}': {reason}"
            ))
        })?;
        let id = validate_run_id(id.to_owned())?;
        let now = now_millis();
        let next_fire_at = schedule::next_fire_after(cron, now)?;
        let schedule = Schedule {
            id,
            cron: cron.to_owned(),
            workflow: workflow.to_owned(),
            input,
            overlap,
            paused: false,
            next_fire_at: crate::model::to_datetime(next_fire_at),
            last_run_id: None,
        };
        self.shared.store.put_schedule(&schedule, now).await?;
        Ok(schedule)
    }
}

/// Hands runs that other processes finished to this process's waiters.
async fn forward_finished(
    shared: std::sync::Weak<Shared>,
    mut finished: tokio::sync::broadcast::Receiver<String>,
) {
    use tokio::sync::broadcast::error::RecvError;
    loop {
        let run_id = match finished.recv().await {
            Ok(run_id) => run_id,
            // Missed some: their waiters still poll.
            Err(RecvError::Lagged(_)) => continue,
            Err(RecvError::Closed) => return,
        };
        let Some(shared) = shared.upgrade() else {
            return;
        };
        if shared.has_waiters(&run_id)
            && let Ok(Some(run)) = shared.store.get_run(&run_id).await
            && run.status.is_terminal()
        {
            shared.notify_finished(&run);
        }
    }
}

/// Run and schedule ids appear in URLs, logs and file names: keep them plain.
fn validate_run_id(id: String) -> Result<String> {
    let plain = id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '@'));
    if id.is_empty() || id.len() > 200 || !plain {
        return Err(Error::Invalid(format!(
            "id '{id}' must have 1 to 200 characters from A-Z, a-z, 0-9 and - _ . : @"
        )));
    }
    Ok(id)
}
