//! The PostgreSQL store, for many workers on many hosts sharing one database.
//!
//! Step results of all runs of a process are group-committed: whatever is queued goes into
//! one fenced statement. Other writes are one transaction each on a pooled connection;
//! deadlocks and races between processes are retried. After a write that makes work ready
//! or ends a run, the store NOTIFYs `maximizer_ready` or `maximizer_finished`, so idle
//! workers and waiting clients in other processes wake at once instead of polling. The
//! notifications are sent after the commit, batched, outside any writing transaction:
//! PostgreSQL serialises the commits of notifying transactions, fsync included.

mod events;
mod runs;
mod schedules;
mod signals;
mod workers;

use std::future::Future;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::ConnectOptions;
use sqlx::postgres::{PgConnectOptions, PgConnection, PgListener, PgPool, PgPoolOptions};
use tokio::sync::{Notify, broadcast, mpsc, oneshot};

use super::{
    ClaimRequest, ClaimedRun, Commit, Created, Firing, NewRun, OwnedRun, RunFilter, RunUpdate,
    Schedule, Store, WorkerRecord,
};
use crate::error::{Error, Result};
use crate::model::{Millis, Run, StoredEvent};

/// Connections per process unless configured otherwise.
pub const DEFAULT_POOL_SIZE: u32 = 10;

/// How often a write that lost a deadlock or a race is tried in all.
const MAX_TRIES: u32 = 5;

/// The PostgreSQL implementation of [`Store`].
pub struct PostgresStore {
    pool: PgPool,
    appends: mpsc::UnboundedSender<Append>,
    notices: mpsc::UnboundedSender<Notice>,
    ready: Arc<Notify>,
    finished: broadcast::Sender<String>,
}

impl PostgresStore {
    /// Connects to `url` (`postgres://…`) with the default pool size.
    pub async fn open(url: &str) -> Result<Self> {
        Self::open_with_pool_size(url, DEFAULT_POOL_SIZE).await
    }

    /// Connects to `url` with at most `pool_size` connections (plus one that listens),
    /// migrates the schema, and starts listening for wake-ups. Step results are batched
    /// onto one connection, so a few connections serve many concurrent runs; keep
    /// `processes × (pool_size + 1)` under the server's `max_connections`.
    pub async fn open_with_pool_size(url: &str, pool_size: u32) -> Result<Self> {
        let options = PgConnectOptions::from_str(url)?.disable_statement_logging();
        let pool = PgPoolOptions::new()
            .max_connections(pool_size.max(2))
            .min_connections(1)
            .acquire_timeout(Duration::from_secs(10))
            // A ping per acquire would add a round trip to every operation; a broken
            // connection fails its statement instead, and writes are retried.
            .test_before_acquire(false)
            .connect_with(options)
            .await?;
        // Concurrent processes migrating at once queue on sqlx's advisory lock.
        // Product tables (graph, index) have migrations of their own in the same database.
        let mut migrator = sqlx::migrate!("./migrations/postgres");
        migrator.set_ignore_missing(true);
        migrator.run(&pool).await?;
        let ready = Arc::new(Notify::new());
        let (finished, _) = broadcast::channel(1024);
        tokio::spawn(listen(pool.clone(), ready.clone(), finished.clone()));
        let (appends, queue) = mpsc::unbounded_channel();
        tokio::spawn(append_steps(pool.clone(), queue));
        let (notices, queue) = mpsc::unbounded_channel();
        tokio::spawn(send_notices(pool.clone(), queue));
        Ok(Self {
            pool,
            appends,
            notices,
            ready,
            finished,
        })
    }

    async fn read<T, F, Fut>(&self, read: F) -> Result<T>
    where
        F: FnOnce(sqlx::pool::PoolConnection<sqlx::Postgres>) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        read(self.pool.acquire().await?).await
    }
}

/// Runs `$body` (an async expression over `$connection: &mut PgConnection`) in a
/// transaction, retrying deadlocks, serialization failures and unique-key races (another
/// process created the same row first). A macro, not a closure, so the body may borrow
/// the caller's arguments.
macro_rules! in_transaction {
    ($store:expr, |$connection:ident| $body:expr) => {{
        let mut tries = 0;
        loop {
            tries += 1;
            let mut transaction = $store.pool.begin().await?;
            let result = {
                let $connection: &mut PgConnection = &mut transaction;
                $body.await
            };
            let result = match result {
                Ok(value) => transaction
                    .commit()
                    .await
                    .map(|()| value)
                    .map_err(Error::from),
                Err(error) => Err(error),
            };
            match result {
                Err(error) if tries < MAX_TRIES && is_transient(&error) => {
                    tokio::time::sleep(Duration::from_millis(5 * u64::from(tries))).await;
                }
                other => break other,
            }
        }
    }};
}

/// A wake-up for other processes, sent after the write that caused it committed.
enum Notice {
    /// Work may be ready.
    Ready,
    /// This run ended.
    Finished(String),
}

/// Sends queued notices, many per statement, ready notices collapsed into one.
async fn send_notices(pool: PgPool, mut queue: mpsc::UnboundedReceiver<Notice>) {
    let mut batch = Vec::new();
    while queue.recv_many(&mut batch, 512).await > 0 {
        let mut channels = Vec::with_capacity(batch.len());
        let mut payloads = Vec::with_capacity(batch.len());
        if batch.iter().any(|notice| matches!(notice, Notice::Ready)) {
            channels.push("maximizer_ready".to_owned());
            payloads.push(String::new());
        }
        for notice in batch.drain(..) {
            if let Notice::Finished(run_id) = notice {
                channels.push("maximizer_finished".to_owned());
                payloads.push(run_id);
            }
        }
        let sent = sqlx::query("SELECT pg_notify(channel, payload) FROM UNNEST($1::text[], $2::text[]) AS n (channel, payload)")
            .bind(&channels)
            .bind(&payloads)
            .execute(&pool)
            .await;
        if let Err(error) = sent {
            // Best effort: listeners fall back to polling.
            tracing::debug!(%error, "could not send notifications");
        }
    }
}

impl PostgresStore {
    fn notify(&self, notice: Notice) {
        let _ = self.notices.send(notice);
    }

    fn notify_ready<T>(&self, result: Result<T>) -> Result<T> {
        if result.is_ok() {
            self.notify(Notice::Ready);
        }
        result
    }
}

/// Most step results appended by one statement.
const MAX_APPEND_BATCH: usize = 256;

/// A step result waiting to be appended, and where to answer.
struct Append {
    commit: Commit,
    reply: oneshot::Sender<Result<()>>,
}

/// Group commit of step results: whatever is queued goes into one fenced `INSERT`, one
/// transaction, one WAL flush; each caller is answered after it committed. One run of
/// many steps at a time simply makes batches of one.
async fn append_steps(pool: PgPool, mut queue: mpsc::UnboundedReceiver<Append>) {
    let mut batch = Vec::with_capacity(MAX_APPEND_BATCH);
    while queue.recv_many(&mut batch, MAX_APPEND_BATCH).await > 0 {
        let commits: Vec<&Commit> = batch.iter().map(|append| &append.commit).collect();
        let mut tries = 0;
        let appended = loop {
            tries += 1;
            let result = match pool.acquire().await {
                Ok(mut connection) => events::insert_fenced_batch(&mut connection, &commits).await,
                Err(error) => Err(error.into()),
            };
            match result {
                Err(error) if tries < MAX_TRIES && is_transient(&error) => {
                    tokio::time::sleep(Duration::from_millis(5 * u64::from(tries))).await;
                }
                other => break other,
            }
        };
        for Append { commit, reply } in batch.drain(..) {
            let result = match &appended {
                Ok(runs) if runs.contains(&commit.run_id) => Ok(()),
                Ok(_) => Err(Error::LeaseLost(commit.run_id)),
                Err(error) => Err(Error::Database(sqlx::Error::Protocol(error.to_string()))),
            };
            let _ = reply.send(result);
        }
    }
}

/// Deadlock, serialization failure, unique violation: another try can succeed.
fn is_transient(error: &Error) -> bool {
    let Error::Database(sqlx::Error::Database(database)) = error else {
        return false;
    };
    matches!(
        database.code().as_deref(),
        Some("40P01" | "40001" | "23505")
    )
}

/// Forwards NOTIFYs to this process: ready work wakes the claim loops, finished runs wake
/// their waiters. The listener reconnects by itself after a dropped connection.
async fn listen(pool: PgPool, ready: Arc<Notify>, finished: broadcast::Sender<String>) {
    loop {
        let mut listener = match PgListener::connect_with(&pool).await {
            Ok(listener) => listener,
            Err(error) => {
                tracing::warn!(%error, "cannot LISTEN; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        if let Err(error) = listener
            .listen_all(["maximizer_ready", "maximizer_finished"])
            .await
        {
            tracing::warn!(%error, "cannot LISTEN; retrying");
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        }
        loop {
            match listener.recv().await {
                Ok(notification) if notification.channel() == "maximizer_finished" => {
                    let _ = finished.send(notification.payload().to_owned());
                }
                Ok(_) => ready.notify_waiters(),
                Err(error) => {
                    tracing::warn!(%error, "notification listener failed; reconnecting");
                    // Wake everyone: notifications may have been missed meanwhile.
                    ready.notify_waiters();
                    break;
                }
            }
        }
    }
}

#[async_trait]
impl Store for PostgresStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    fn database(&self) -> super::Database {
        super::Database::Postgres(self.pool.clone())
    }

    async fn create_run(&self, run: NewRun) -> Result<Created> {
        let owned = run.owner.is_some();
        // One atomic statement; a concurrent create of the same id is a unique-key race.
        let created = in_transaction!(self, |connection| runs::create(connection, &run));
        if !owned {
            self.notify(Notice::Ready);
        }
        created
    }

    async fn get_run(&self, id: &str) -> Result<Option<Run>> {
        self.read(|mut connection| async move { runs::get(&mut connection, id).await })
            .await
    }

    async fn list_runs(&self, filter: &RunFilter) -> Result<Vec<Run>> {
        self.read(|mut connection| async move { runs::list(&mut connection, filter).await })
            .await
    }

    async fn load_events(&self, run_id: &str) -> Result<Vec<StoredEvent>> {
        self.read(|mut connection| async move { events::load(&mut connection, run_id).await })
            .await
    }

    async fn commit(&self, commit: Commit) -> Result<()> {
        if runs::is_append_only(&commit) {
            // The hot path: step results of every run go into one fenced statement.
            let (reply, answer) = oneshot::channel();
            self.appends
                .send(Append { commit, reply })
                .map_err(|_| Error::Closed)?;
            return answer.await.map_err(|_| Error::Closed)?;
        }
        let finished = matches!(&commit.update, Some(RunUpdate::Finish { .. }));
        let result = if runs::is_plain_finish(&commit) {
            let mut connection = self.pool.acquire().await?;
            runs::finish(&mut connection, &commit).await
        } else {
            in_transaction!(self, |connection| runs::commit(connection, commit.clone()))
        };
        if result.is_ok() {
            // Children, a released or woken run, a parent woken by this end: work may be ready.
            self.notify(Notice::Ready);
            if finished {
                self.notify(Notice::Finished(commit.run_id));
            }
        }
        result
    }

    async fn claim_runs(&self, request: &ClaimRequest) -> Result<Vec<ClaimedRun>> {
        // Each claim statement is atomic on its own (SKIP LOCKED, no waiting), and one that
        // takes nothing writes nothing: no transaction and no look-before-claim needed.
        let mut connection = self.pool.acquire().await?;
        runs::claim(&mut connection, request).await
    }

    async fn next_wake_at(&self, queues: &[String]) -> Result<Option<Millis>> {
        self.read(|mut connection| async move { runs::next_wake_at(&mut connection, queues).await })
            .await
    }

    async fn count_ready(&self, now: Millis) -> Result<u64> {
        self.read(|mut connection| async move { runs::count_ready(&mut connection, now).await })
            .await
    }

    async fn owned_runs(&self, worker_id: &str) -> Result<Vec<OwnedRun>> {
        self.read(|mut connection| async move { runs::owned_by(&mut connection, worker_id).await })
            .await
    }

    async fn heartbeat(&self, worker: &WorkerRecord) -> Result<()> {
        in_transaction!(self, |connection| workers::heartbeat(connection, worker))
    }

    async fn list_workers(&self) -> Result<Vec<WorkerRecord>> {
        self.read(|mut connection| async move { workers::list(&mut connection).await })
            .await
    }

    async fn remove_worker(&self, worker_id: &str) -> Result<()> {
        in_transaction!(self, |connection| workers::remove(connection, worker_id))
    }

    async fn request_cancel(&self, run_id: &str, at: Millis) -> Result<Run> {
        self.notify_ready(in_transaction!(self, |connection| runs::request_cancel(
            connection, run_id, at
        )))
    }

    async fn send_signal(
        &self,
        run_id: &str,
        name: &str,
        payload: String,
        at: Millis,
    ) -> Result<()> {
        self.notify_ready(in_transaction!(self, |connection| signals::send(
            connection, run_id, name, &payload, at
        )))
    }

    async fn peek_signal(&self, run_id: &str, name: &str) -> Result<Option<(i64, String)>> {
        self.read(
            |mut connection| async move { signals::peek(&mut connection, run_id, name).await },
        )
        .await
    }

    async fn redrive(&self, run_id: &str, at: Millis) -> Result<Run> {
        self.notify_ready(in_transaction!(self, |connection| runs::redrive(
            connection, run_id, at
        )))
    }

    async fn put_schedule(&self, schedule: &Schedule, at: Millis) -> Result<()> {
        in_transaction!(self, |connection| schedules::put(connection, schedule, at))
    }

    async fn get_schedule(&self, id: &str) -> Result<Option<Schedule>> {
        self.read(|mut connection| async move { schedules::get(&mut connection, id).await })
            .await
    }

    async fn list_schedules(&self) -> Result<Vec<Schedule>> {
        self.read(|mut connection| async move { schedules::list(&mut connection).await })
            .await
    }

    async fn delete_schedule(&self, id: &str) -> Result<()> {
        in_transaction!(self, |connection| schedules::delete(connection, id))
    }

    async fn set_schedule_paused(&self, id: &str, paused: bool, at: Millis) -> Result<()> {
        in_transaction!(self, |connection| schedules::set_paused(
            connection, id, paused, at
        ))
    }

    async fn fire_schedule(
        &self,
        id: &str,
        due_at: Millis,
        next_fire_at: Millis,
        run: NewRun,
    ) -> Result<Firing> {
        self.notify_ready(in_transaction!(self, |connection| schedules::fire(
            connection,
            id,
            due_at,
            next_fire_at,
            run.clone()
        )))
    }

    async fn wait_for_work(&self) {
        self.ready.notified().await;
    }

    fn finished_runs(&self) -> Option<broadcast::Receiver<String>> {
        Some(self.finished.subscribe())
    }
}
