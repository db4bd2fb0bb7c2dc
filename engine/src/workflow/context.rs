//! [`Context`]: what workflow code calls to take durable steps.
//!
//! Every call takes the next journal position of its scope. If the journal already holds a
//! result there, the call returns it without running anything (replay); otherwise it does
//! the work and commits the result before returning, so a crash at any point either
//! replays the step's result or runs the step again, never skips it or loses it.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicI64, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;
use tokio::sync::{Notify, Semaphore, watch};
use tracing::Instrument;

use super::error::{ActivityError, StepError, WorkflowError};
use super::journal::{Entry, EntryKind, Journal, Outcome};
use crate::metrics::{AttemptLabels, Metrics};
use crate::model::{EventKind, Millis, NewEvent, now_millis, to_datetime};
use crate::retry::RetryPolicy;
use crate::store::{Commit, NewRun, Store};

/// Options of one activity step.
#[derive(Clone, Debug, Default)]
pub struct StepOptions {
    /// How failed attempts are retried.
    pub retry: RetryPolicy,
    /// The longest one attempt may take; a slower attempt fails with kind `timeout`.
    pub timeout: Option<Duration>,
}

impl StepOptions {
    /// Options with this retry policy.
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Options with this per-attempt timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }
}

/// What an activity knows about the attempt it is running.
#[derive(Clone, Debug)]
pub struct ActivityContext {
    /// The run.
    pub run_id: String,
    /// The step name.
    pub step: String,
    /// The step's journal position.
    pub position: String,
    /// 1-based attempt number over the run's whole life, redrives included.
    pub attempt: u32,
    /// Stable across retries, replays and redrives: use it to make side effects happen
    /// once (object keys, graph ids, request dedupe).
    pub idempotency_key: String,
}

/// Why execution of a run stopped other than by the workflow returning.
#[derive(Clone, Debug)]
pub(crate) enum Fatal {
    /// The code no longer matches the journal: the run fails.
    NonDeterminism(String),
    /// Another worker took the run over: this execution must stop writing.
    LeaseLost(String),
    /// The store failed: the run is handed back for another attempt.
    Aborted(String),
}

/// A wait the workflow is blocked on.
#[derive(Clone, Copy, Debug)]
struct Wait {
    deadline: Option<Millis>,
    /// Woken by something outside this process (signal, child result).
    external: bool,
}

#[derive(Default)]
struct Progress {
    /// Activities running and commits in flight: while any, the run must not suspend.
    busy: usize,
    waits: HashMap<u64, Wait>,
    next_wait: u64,
}

/// State shared by every scope of one executing run.
pub(crate) struct RunShared {
    pub(crate) run_id: String,
    pub(crate) workflow: String,
    pub(crate) metrics: Arc<Metrics>,
    pub(crate) owner: String,
    pub(crate) lease_seq: i64,
    pub(crate) queue: String,
    pub(crate) wake_gen: i64,
    pub(crate) store: Arc<dyn Store>,
    /// Wakes this process's claim loop when this run creates ready work (children).
    pub(crate) work_ready: Arc<Notify>,
    /// Timers nearer than this are waited for in memory instead of suspending the run.
    pub(crate) park_threshold: Duration,
    /// The request id of the HTTP request that started the run; its children inherit it.
    pub(crate) request_id: Option<String>,
    journal: Mutex<Journal>,
    progress: Mutex<Progress>,
    fatal: Mutex<Option<Fatal>>,
    /// Tells the executor to look again at whether the run is blocked or broken.
    pub(crate) changed: Notify,
    /// Wakes external waits so they look again (a local signal or child result).
    poke: Notify,
    cancel: watch::Sender<bool>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding these locks cannot leave them inconsistent (plain updates).
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl RunShared {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        run_id: String,
        workflow: String,
        metrics: Arc<Metrics>,
        owner: String,
        lease_seq: i64,
        queue: String,
        wake_gen: i64,
        store: Arc<dyn Store>,
        work_ready: Arc<Notify>,
        park_threshold: Duration,
        journal: Journal,
    ) -> Self {
        Self {
            run_id,
            workflow,
            metrics,
            owner,
            lease_seq,
            queue,
            wake_gen,
            store,
            work_ready,
            park_threshold,
            request_id: None,
            journal: Mutex::new(journal),
            progress: Mutex::new(Progress::default()),
            fatal: Mutex::new(None),
            changed: Notify::new(),
            poke: Notify::new(),
            cancel: watch::Sender::new(false),
        }
    }

    /// The same, started by the HTTP request with this id.
    pub(crate) fn with_request_id(mut self, request_id: Option<String>) -> Self {
        self.request_id = request_id;
        self
    }

    /// Marks the run as asked to cancel; pending and future waits return `Cancelled`.
    pub(crate) fn request_cancel(&self) {
        self.cancel.send_replace(true);
        self.poke.notify_waiters();
    }

    pub(crate) fn is_cancel_requested(&self) -> bool {
        *self.cancel.borrow()
    }

    /// Makes external waits look again (a signal or child result may have arrived).
    pub(crate) fn poke(&self) {
        self.poke.notify_waiters();
    }

    pub(crate) fn fatal(&self) -> Option<Fatal> {
        lock(&self.fatal).clone()
    }

    fn set_fatal(&self, fatal: Fatal) {
        lock(&self.fatal).get_or_insert(fatal);
        self.changed.notify_one();
    }

    pub(crate) fn unfinished_children(&self) -> Vec<String> {
        lock(&self.journal).unfinished_children()
    }

    /// If the run is blocked (nothing running, only waits), the time it should wake:
    /// `Some(None)` to wait for an external event only, `Some(Some(t))` for a timer.
    /// `None` while it is busy or its next timer is near enough to wait in memory.
    pub(crate) fn suspend_point(&self) -> Option<Option<Millis>> {
        let progress = lock(&self.progress);
        if progress.busy > 0 || progress.waits.is_empty() {
            return None;
        }
        let external = progress.waits.values().any(|wait| wait.external);
        let earliest = progress
            .waits
            .values()
            .filter_map(|wait| wait.deadline)
            .min();
        let near = earliest.is_some_and(|deadline| {
            deadline - now_millis() <= self.park_threshold.as_millis() as Millis
        });
        if external || !near {
            Some(earliest)
        } else {
            None
        }
    }

    fn record_attempt(&self, succeeded: bool, millis: Millis) {
        let outcome = if succeeded { "completed" } else { "failed" };
        let labels = AttemptLabels {
            workflow: self.workflow.clone(),
            outcome: outcome.to_owned(),
        };
        self.metrics.attempts.get_or_create(&labels).inc();
        self.metrics
            .step_latency
            .get_or_create(&Metrics::workflow(&self.workflow))
            .observe(millis.max(0) as f64 / 1000.0);
    }

    fn busy(&self) -> BusyGuard<'_> {
        lock(&self.progress).busy += 1;
        BusyGuard(self)
    }

    fn register_wait(self: &Arc<Self>, wait: Wait) -> WaitGuard {
        let token = {
            let mut progress = lock(&self.progress);
            progress.next_wait += 1;
            let token = progress.next_wait;
            progress.waits.insert(token, wait);
            token
        };
        self.changed.notify_one();
        WaitGuard(self.clone(), token)
    }

    /// Looks up a position, failing the run if the code asks for something else there.
    fn lookup(
        &self,
        position: &str,
        kind: EntryKind,
        name: &str,
    ) -> Result<Option<Entry>, StepError> {
        let journal = lock(&self.journal);
        match journal.get(position) {
            None => Ok(None),
            Some(entry) if entry.kind == kind && entry.name == name => Ok(Some(entry.clone())),
            Some(entry) => {
                let message = format!(
                    "non-determinism at position {position}: the workflow now calls {} '{name}' \
                     but the journal has {} '{}'",
                    kind.describe(),
                    entry.kind.describe(),
                    entry.name
                );
                drop(journal);
                self.set_fatal(Fatal::NonDeterminism(message.clone()));
                Err(StepError::Aborted(message))
            }
        }
    }

    fn remember(&self, position: &str, entry: Entry) {
        lock(&self.journal).put(position, entry);
    }

    /// Commits events (and effects) of this run, fenced by ownership.
    pub(crate) async fn commit(&self, mut commit: Commit) -> Result<(), StepError> {
        let _busy = self.busy();
        commit.run_id.clone_from(&self.run_id);
        commit.owner.clone_from(&self.owner);
        commit.lease_seq = self.lease_seq;
        if commit.at == 0 {
            commit.at = now_millis();
        }
        self.store.commit(commit).await.map_err(|error| {
            let message = error.to_string();
            let fatal = match error {
                crate::Error::LeaseLost(_) => Fatal::LeaseLost(message.clone()),
                _ => Fatal::Aborted(message.clone()),
            };
            self.set_fatal(fatal);
            StepError::Aborted(message)
        })
    }

    async fn commit_events(&self, events: Vec<NewEvent>) -> Result<(), StepError> {
        self.commit(Commit {
            events,
            ..Commit::default()
        })
        .await
    }

    fn decode<T: DeserializeOwned>(&self, position: &str, json: &str) -> Result<T, StepError> {
        serde_json::from_str(json).map_err(|error| {
            let message = format!(
                "non-determinism at position {position}: the journaled result no longer \
                 decodes as the step's type: {error}"
            );
            self.set_fatal(Fatal::NonDeterminism(message.clone()));
            StepError::Aborted(message)
        })
    }
}

/// Marks the run busy (an activity running or a commit in flight) while alive: a busy run
/// never suspends, because suspending drops the workflow future, and with it anything in
/// flight (a commit still holding a transaction would block the suspend's own commit).
struct BusyGuard<'a>(&'a RunShared);

impl Drop for BusyGuard<'_> {
    fn drop(&mut self) {
        lock(&self.0.progress).busy -= 1;
        self.0.changed.notify_one();
    }
}

struct WaitGuard(Arc<RunShared>, u64);

impl Drop for WaitGuard {
    fn drop(&mut self) {
        lock(&self.0.progress).waits.remove(&self.1);
    }
}

/// A sequence of positions: the workflow's top level, or one item of a map.
struct Scope {
    prefix: String,
    next_position: AtomicU32,
    random_draws: AtomicU64,
    /// The workflow clock: the time of the latest step this scope has passed.
    clock: AtomicI64,
}

impl Scope {
    fn new(prefix: String, clock: Millis) -> Self {
        Self {
            prefix,
            next_position: AtomicU32::new(0),
            random_draws: AtomicU64::new(0),
            clock: AtomicI64::new(clock),
        }
    }

    fn next_position(&self) -> String {
        let index = self.next_position.fetch_add(1, Ordering::Relaxed) + 1;
        format!("{}{index}", self.prefix)
    }

    fn advance_clock(&self, at: Millis) {
        self.clock.fetch_max(at, Ordering::Relaxed);
    }
}

/// The handle workflow code receives: durable steps, timers, signals, children and
/// fan-out, plus deterministic time and randomness.
///
/// ```no_run
/// use engine::{Context, WorkflowError, ActivityError};
///
/// async fn greet(ctx: Context, name: String) -> Result<String, WorkflowError> {
///     let greeting = ctx
///         .step("compose", |_attempt| {
///             let name = name.clone();
///             async move { Ok::<_, ActivityError>(format!("hello, {name}")) }
///         })
///         .await?;
///     ctx.sleep(std::time::Duration::from_secs(60)).await?;
///     Ok(greeting)
/// }
/// ```
#[derive(Clone)]
pub struct Context {
    shared: Arc<RunShared>,
    scope: Arc<Scope>,
}

impl Context {
    pub(crate) fn root(shared: Arc<RunShared>, started_at: Millis) -> Self {
        Self {
            shared,
            scope: Arc::new(Scope::new(String::new(), started_at)),
        }
    }

    fn scoped(&self, prefix: String) -> Self {
        let clock = self.scope.clock.load(Ordering::Relaxed);
        Self {
            shared: self.shared.clone(),
            scope: Arc::new(Scope::new(prefix, clock)),
        }
    }

    /// The run's id.
    pub fn run_id(&self) -> &str {
        &self.shared.run_id
    }

    /// Deterministic time: the time of the latest step this scope has passed (the run's
    /// start before any). Replays read the same value.
    pub fn now(&self) -> DateTime<Utc> {
        to_datetime(self.scope.clock.load(Ordering::Relaxed))
    }

    /// A deterministic pseudo-random number: the same on every replay of this run.
    pub fn random_u64(&self) -> u64 {
        let draw = self.scope.random_draws.fetch_add(1, Ordering::Relaxed);
        let seed = fnv1a(self.shared.run_id.as_bytes()) ^ fnv1a(self.scope.prefix.as_bytes());
        splitmix64(seed.wrapping_add(draw.wrapping_mul(0x9E37_79B9_7F4A_7C15)))
    }

    /// A deterministic UUID (version 4 layout): the same on every replay of this run.
    pub fn uuid(&self) -> uuid::Uuid {
        let high = self.random_u64().to_be_bytes();
        let low = self.random_u64().to_be_bytes();
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&high);
        bytes[8..].copy_from_slice(&low);
        uuid::Builder::from_random_bytes(bytes).into_uuid()
    }

    /// Whether someone asked this run to cancel.
    pub fn is_cancel_requested(&self) -> bool {
        self.shared.is_cancel_requested()
    }

    fn check_cancel(&self) -> Result<(), StepError> {
        if self.shared.is_cancel_requested() {
            Err(StepError::Cancelled)
        } else {
            Ok(())
        }
    }

    /// Runs an activity as a durable step with the default options (3 attempts).
    pub async fn step<T, E, F, Fut>(&self, name: &str, activity: F) -> Result<T, StepError>
    where
        T: Serialize + DeserializeOwned,
        E: Into<ActivityError>,
        F: FnMut(ActivityContext) -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        self.step_with(name, StepOptions::default(), activity).await
    }

    /// Runs an activity as a durable step: replayed from the journal if it completed
    /// before, otherwise attempted under `options.retry`, with durable waits between
    /// attempts. Returns the output, or the last error once retries are exhausted.
    pub async fn step_with<T, E, F, Fut>(
        &self,
        name: &str,
        options: StepOptions,
        mut activity: F,
    ) -> Result<T, StepError>
    where
        T: Serialize + DeserializeOwned,
        E: Into<ActivityError>,
        F: FnMut(ActivityContext) -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        let position = self.scope.next_position();
        let event = |kind, at, detail: String| NewEvent::step(kind, &position, name, at, detail);
        let mut scheduled = false;
        let (mut lifetime_attempts, mut attempts, mut retry_at) = (0, 0, None);
        if let Some(entry) = self.shared.lookup(&position, EntryKind::Activity, name)? {
            self.scope.advance_clock(entry.at);
            match entry.outcome {
                Some(Outcome::Value(json)) => return self.shared.decode(&position, &json),
                Some(Outcome::Error(json)) => {
                    return Err(self.shared.decode::<StepError>(&position, &json)?);
                }
                _ => {}
            }
            scheduled = true;
            lifetime_attempts = entry.attempts;
            attempts = entry.attempts_since_redrive;
            retry_at = entry.retry_at;
        }
        loop {
            self.check_cancel()?;
            if let Some(at) = retry_at {
                self.wait_until(Some(at), false).await?;
            }
            let busy = self.shared.busy();
            let attempt = lifetime_attempts + 1;
            let call = ActivityContext {
                run_id: self.shared.run_id.clone(),
                step: name.to_owned(),
                position: position.clone(),
                attempt,
                idempotency_key: format!("{}:{position}", self.shared.run_id),
            };
            let started_at = now_millis();
            // Every line the activity logs carries the step and the attempt (the run's span
            // around it adds run_id, workflow and request_id).
            let span = tracing::info_span!("step", step = name, attempt);
            let result = run_attempt(&mut activity, call, options.timeout)
                .instrument(span.clone())
                .await;
            let finished_at = now_millis();
            span.in_scope(|| tracing::debug!(succeeded = result.is_ok(), "step attempt finished"));
            self.shared
                .record_attempt(result.is_ok(), finished_at - started_at);
            let mut events = Vec::with_capacity(3);
            if !scheduled {
                let detail = json!({"kind": "activity"}).to_string();
                events.push(event(EventKind::StepScheduled, started_at, detail));
                scheduled = true;
            }
            events.push(
                event(EventKind::AttemptStarted, started_at, "{}".into()).with_attempt(attempt),
            );
            match result {
                Ok((value, output)) => {
                    let detail = format!("{{\"output\":{output}}}");
                    events.push(
                        event(EventKind::StepCompleted, finished_at, detail).with_attempt(attempt),
                    );
                    self.shared.commit_events(events).await?;
                    drop(busy);
                    self.scope.advance_clock(finished_at);
                    return Ok(value);
                }
                Err(error) => {
                    attempts += 1;
                    lifetime_attempts = attempt;
                    let exhausted = !error.retryable
                        || !options.retry.allows_retry_of(&error.kind)
                        || attempts >= options.retry.max_attempts;
                    if exhausted {
                        let failure = StepError::Failed {
                            step: name.to_owned(),
                            position: position.clone(),
                            attempts,
                            error: error.clone(),
                        };
                        let detail = json!({"error": error, "will_retry": false}).to_string();
                        events.push(
                            event(EventKind::AttemptFailed, finished_at, detail)
                                .with_attempt(attempt),
                        );
                        let detail = json!({"error": failure}).to_string();
                        events.push(event(EventKind::StepFailed, finished_at, detail));
                        self.shared.commit_events(events).await?;
                        self.scope.advance_clock(finished_at);
                        return Err(failure);
                    }
                    // Jitter from the step's identity, not the workflow's random stream, so
                    // failures do not shift the values the workflow itself draws.
                    let seed =
                        fnv1a(format!("{}:{position}:{attempt}", self.shared.run_id).as_bytes());
                    let unit = (splitmix64(seed) >> 11) as f64 / (1u64 << 53) as f64;
                    let delay = options.retry.delay(attempts, unit);
                    let next = finished_at + delay.as_millis() as Millis;
                    let detail =
                        json!({"error": error, "will_retry": true, "retry_at": next}).to_string();
                    events.push(
                        event(EventKind::AttemptFailed, finished_at, detail).with_attempt(attempt),
                    );
                    self.shared.commit_events(events).await?;
                    retry_at = Some(next);
                }
            }
        }
    }

    /// Sleeps durably: the wake-up time is journaled, so the sleep survives restarts and
    /// a long one releases the worker until it is due.
    pub async fn sleep(&self, duration: Duration) -> Result<(), StepError> {
        let position = self.scope.next_position();
        let name = "sleep";
        let fire_at = match self.shared.lookup(&position, EntryKind::Timer, name)? {
            Some(entry) if entry.outcome.is_some() => {
                self.scope.advance_clock(entry.at);
                return Ok(());
            }
            Some(entry) => entry.deadline.unwrap_or_else(now_millis),
            None => {
                self.check_cancel()?;
                let now = now_millis();
                let fire_at = now + duration.as_millis() as Millis;
                let detail =
                    json!({"fire_at": fire_at, "duration_ms": duration.as_millis() as u64});
                let started = NewEvent::step(
                    EventKind::TimerStarted,
                    &position,
                    name,
                    now,
                    detail.to_string(),
                );
                self.shared.commit_events(vec![started]).await?;
                fire_at
            }
        };
        self.wait_until(Some(fire_at), false).await?;
        let fired = NewEvent::step(
            EventKind::TimerFired,
            &position,
            name,
            now_millis(),
            "{}".into(),
        );
        self.shared.commit_events(vec![fired]).await?;
        self.scope.advance_clock(fire_at);
        Ok(())
    }

    /// Waits for a signal named `name` (sent before or after this call), up to `timeout`.
    /// Returns its payload, or `None` when the timeout passes first.
    pub async fn wait_for_signal<T: DeserializeOwned>(
        &self,
        name: &str,
        timeout: Option<Duration>,
    ) -> Result<Option<T>, StepError> {
        let position = self.scope.next_position();
        let event = |kind, at, detail: String| NewEvent::step(kind, &position, name, at, detail);
        let deadline = match self.shared.lookup(&position, EntryKind::Signal, name)? {
            Some(entry) => {
                self.scope.advance_clock(entry.at);
                match entry.outcome {
                    Some(Outcome::Value(json)) => {
                        return self.decode_signal(name, &position, &json).map(Some);
                    }
                    Some(_) => return Ok(None),
                    None => entry.deadline,
                }
            }
            None => {
                self.check_cancel()?;
                let now = now_millis();
                let deadline = timeout.map(|timeout| now + timeout.as_millis() as Millis);
                let detail = json!({"name": name, "deadline": deadline}).to_string();
                let started = event(EventKind::SignalWaitStarted, now, detail);
                self.shared.commit_events(vec![started]).await?;
                deadline
            }
        };
        loop {
            let pending = self
                .shared
                .store
                .peek_signal(&self.shared.run_id, name)
                .await
                .map_err(|error| StepError::Aborted(error.to_string()))?;
            let now = now_millis();
            if let Some((signal_id, payload)) = pending {
                let detail = format!("{{\"payload\":{payload}}}");
                let delivered = event(EventKind::SignalDelivered, now, detail);
                self.shared
                    .commit(Commit {
                        events: vec![delivered],
                        consume_signal: Some(signal_id),
                        ..Commit::default()
                    })
                    .await?;
                self.scope.advance_clock(now);
                return self.decode_signal(name, &position, &payload).map(Some);
            }
            if deadline.is_some_and(|deadline| now >= deadline) {
                let timed_out = event(EventKind::SignalTimedOut, now, "{}".into());
                self.shared.commit_events(vec![timed_out]).await?;
                self.scope.advance_clock(now);
                return Ok(None);
            }
            self.wait_until(deadline, true).await?;
        }
    }

    fn decode_signal<T: DeserializeOwned>(
        &self,
        name: &str,
        position: &str,
        json: &str,
    ) -> Result<T, StepError> {
        serde_json::from_str(json).map_err(|error| StepError::Failed {
            step: name.to_owned(),
            position: position.to_owned(),
            attempts: 1,
            error: ActivityError::fatal(
                "invalid_signal",
                format!("signal '{name}' payload: {error}"),
            ),
        })
    }

    /// Starts a child run of `workflow` and waits for its output. The child's id is
    /// derived from this run's id and the position, so a replay finds the same child.
    pub async fn child<I: Serialize, O: DeserializeOwned>(
        &self,
        workflow: &str,
        input: &I,
    ) -> Result<O, StepError> {
        self.child_on_queue(&self.shared.queue, workflow, input)
            .await
    }

    /// Like [`Context::child`], with the child on another task queue: how a deployment
    /// routes heavy work (OCR, LLM calls) to a worker pool of its own.
    pub async fn child_on_queue<I: Serialize, O: DeserializeOwned>(
        &self,
        queue: &str,
        workflow: &str,
        input: &I,
    ) -> Result<O, StepError> {
        let position = self.scope.next_position();
        let child_id = match self.shared.lookup(&position, EntryKind::Child, workflow)? {
            Some(entry) => {
                self.scope.advance_clock(entry.at);
                match &entry.outcome {
                    Some(Outcome::Value(json)) => return self.shared.decode(&position, json),
                    Some(_) => return Err(child_failure(workflow, &position, &entry)),
                    None => entry.child_id.clone().unwrap_or_default(),
                }
            }
            None => {
                self.check_cancel()?;
                let child_id = format!("{}-{position}", self.shared.run_id);
                let input = serde_json::to_string(input).map_err(|error| StepError::Failed {
                    step: workflow.to_owned(),
                    position: position.clone(),
                    attempts: 1,
                    error: ActivityError::from(error),
                })?;
                let now = now_millis();
                let detail = json!({"child_id": child_id, "workflow": workflow}).to_string();
                let started =
                    NewEvent::step(EventKind::ChildStarted, &position, workflow, now, detail);
                self.shared
                    .commit(Commit {
                        events: vec![started],
                        new_runs: vec![NewRun {
                            id: child_id.clone(),
                            workflow: workflow.to_owned(),
                            input,
                            queue: queue.to_owned(),
                            parent: Some((self.shared.run_id.clone(), position.clone())),
                            owner: None,
                            at: now,
                            request_id: self.shared.request_id.clone(),
                        }],
                        ..Commit::default()
                    })
                    .await?;
                let mut entry = Entry::started(EntryKind::Child, workflow, now);
                entry.child_id = Some(child_id.clone());
                self.shared.remember(&position, entry);
                self.shared.work_ready.notify_one();
                child_id
            }
        };
        loop {
            let child = self
                .shared
                .store
                .get_run(&child_id)
                .await
                .map_err(|error| StepError::Aborted(error.to_string()))?
                .ok_or_else(|| StepError::Aborted(format!("child run '{child_id}' is missing")))?;
            if child.status.is_terminal() {
                let now = now_millis();
                let mut entry = Entry::started(EntryKind::Child, workflow, now);
                entry.child_id = Some(child_id.clone());
                let (detail, result) = match child.output {
                    Some(output) if child.status == crate::model::RunStatus::Completed => {
                        let text = output.to_string();
                        entry.outcome = Some(Outcome::Value(text.clone()));
                        (json!({"child_id": child_id, "output": output}), Ok(text))
                    }
                    _ => {
                        let error = child
                            .error
                            .unwrap_or_else(|| json!({"kind": child.status.as_str()}));
                        entry.outcome = Some(Outcome::Error(error.to_string()));
                        (json!({"child_id": child_id, "error": error}), Err(()))
                    }
                };
                let completed = NewEvent::step(
                    EventKind::ChildCompleted,
                    &position,
                    workflow,
                    now,
                    detail.to_string(),
                );
                self.shared.commit_events(vec![completed]).await?;
                self.scope.advance_clock(now);
                let failure = child_failure(workflow, &position, &entry);
                self.shared.remember(&position, entry);
                return match result {
                    Ok(text) => self.shared.decode(&position, &text),
                    Err(()) => Err(failure),
                };
            }
            self.wait_until(None, true).await?;
        }
    }

    /// Runs `body` for every item with at most `concurrency` at once (Step Functions' Map)
    /// and returns each item's result in item order. Each item has its own journal scope,
    /// so replays find the same positions however the items interleaved.
    pub async fn map<T, R, F, Fut>(
        &self,
        items: Vec<T>,
        concurrency: usize,
        body: F,
    ) -> Vec<Result<R, WorkflowError>>
    where
        F: Fn(Context, T) -> Fut,
        Fut: Future<Output = Result<R, WorkflowError>>,
    {
        let position = self.scope.next_position();
        let slots = Semaphore::new(concurrency.max(1));
        let body = &body;
        let slots = &slots;
        let items = items.into_iter().enumerate().map(|(index, item)| {
            let scope = self.scoped(format!("{position}.{}.", index + 1));
            async move {
                let _slot = slots.acquire().await;
                body(scope, item).await
            }
        });
        futures::future::join_all(items).await
    }

    /// Waits until `deadline` (or, for external waits, until poked), or fails if the
    /// run is cancelled. Registers the wait so the executor can suspend a blocked run.
    async fn wait_until(&self, deadline: Option<Millis>, external: bool) -> Result<(), StepError> {
        let mut cancel = self.shared.cancel.subscribe();
        if *cancel.borrow() {
            return Err(StepError::Cancelled);
        }
        let poked = self.shared.poke.notified();
        let _wait = self.shared.register_wait(Wait { deadline, external });
        let timer = async {
            match deadline {
                Some(deadline) => {
                    let remaining = (deadline - now_millis()).max(0) as u64;
                    tokio::time::sleep(Duration::from_millis(remaining)).await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        let woken = async {
            if external {
                poked.await
            } else {
                std::future::pending::<()>().await
            }
        };
        tokio::select! {
            _ = timer => Ok(()),
            _ = woken => Ok(()),
            _ = cancel.wait_for(|requested| *requested) => Err(StepError::Cancelled),
        }
    }
}

fn child_failure(workflow: &str, position: &str, entry: &Entry) -> StepError {
    let error = match &entry.outcome {
        Some(Outcome::Error(json)) => serde_json::from_str(json).unwrap_or(serde_json::Value::Null),
        _ => serde_json::Value::Null,
    };
    StepError::ChildFailed {
        child_id: entry.child_id.clone().unwrap_or_default(),
        workflow: workflow.to_owned(),
        position: position.to_owned(),
        error,
    }
}

/// Runs one attempt, with its timeout, and encodes the output once.
async fn run_attempt<T, E, F, Fut>(
    activity: &mut F,
    call: ActivityContext,
    timeout: Option<Duration>,
) -> Result<(T, String), ActivityError>
where
    T: Serialize,
    E: Into<ActivityError>,
    F: FnMut(ActivityContext) -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    let attempt = activity(call);
    let result = match timeout {
        Some(limit) => match tokio::time::timeout(limit, attempt).await {
            Ok(result) => result.map_err(Into::into),
            Err(_) => Err(ActivityError::retryable(
                "timeout",
                format!("attempt took longer than {} ms", limit.as_millis()),
            )),
        },
        None => attempt.await.map_err(Into::into),
    };
    let value = result?;
    let output = serde_json::to_string(&value).map_err(ActivityError::from)?;
    Ok((value, output))
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn splitmix64(mut value: u64) -> u64 {
    value = value.wrapping_add(0x9E37_79B9_7F4A_7C15);
    value = (value ^ (value >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    value = (value ^ (value >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    value ^ (value >> 31)
}
