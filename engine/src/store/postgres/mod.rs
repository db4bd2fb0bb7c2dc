//! The PostgreSQL store, for many workers on many hosts sharing one database.
//!
//! Every write is one transaction on a pooled connection; concurrent commits share WAL
//! flushes (PostgreSQL's own group commit), and a step result is a single fenced
//! statement. Triggers NOTIFY `maximizer_ready` when a run becomes ready and
//! `maximizer_finished` when one ends, so idle workers and waiting clients wake at once
//! instead of polling. Deadlocks and races between processes are retried.

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
use tokio::sync::{Notify, broadcast};

use super::{
    ClaimRequest, ClaimedRun, Commit, Created, Firing, NewRun, OwnedRun, RunFilter, Schedule,
    Store, WorkerRecord,
};
use crate::error::{Error, Result};
use crate::model::{Millis, Run, StoredEvent};

/// How often a write that lost a deadlock or a race is tried in all.
const MAX_TRIES: u32 = 5;

/// The PostgreSQL implementation of [`Store`].
pub struct PostgresStore {
    pool: PgPool,
    ready: Arc<Notify>,
    finished: broadcast::Sender<String>,
}

impl PostgresStore {
    /// Connects to `url` (`postgres://…`), migrates the schema, and starts listening for
    /// wake-ups.
    pub async fn open(url: &str) -> Result<Self> {
        let options = PgConnectOptions::from_str(url)?.disable_statement_logging();
        let pool = PgPoolOptions::new()
            .max_connections(32)
            .min_connections(2)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        // Concurrent processes migrating at once queue on sqlx's advisory lock.
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        let ready = Arc::new(Notify::new());
        let (finished, _) = broadcast::channel(1024);
        tokio::spawn(listen(pool.clone(), ready.clone(), finished.clone()));
        Ok(Self {
            pool,
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

    async fn create_run(&self, run: NewRun) -> Result<Created> {
        in_transaction!(self, |connection| runs::create(connection, &run))
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
            // The hot path: one fenced statement, committed on its own.
            let mut connection = self.pool.acquire().await?;
            return runs::append_fenced(&mut connection, &commit).await;
        }
        in_transaction!(self, |connection| runs::commit(connection, commit.clone()))
    }

    async fn claim_runs(&self, request: &ClaimRequest) -> Result<Vec<ClaimedRun>> {
        let mut connection = self.pool.acquire().await?;
        if !runs::any_claimable(&mut connection, request).await? {
            return Ok(Vec::new());
        }
        drop(connection);
        in_transaction!(self, |connection| runs::claim(connection, request))
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
        in_transaction!(self, |connection| runs::request_cancel(
            connection, run_id, at
        ))
    }

    async fn send_signal(
        &self,
        run_id: &str,
        name: &str,
        payload: String,
        at: Millis,
    ) -> Result<()> {
        in_transaction!(self, |connection| signals::send(
            connection, run_id, name, &payload, at
        ))
    }

    async fn peek_signal(&self, run_id: &str, name: &str) -> Result<Option<(i64, String)>> {
        self.read(
            |mut connection| async move { signals::peek(&mut connection, run_id, name).await },
        )
        .await
    }

    async fn redrive(&self, run_id: &str, at: Millis) -> Result<Run> {
        in_transaction!(self, |connection| runs::redrive(connection, run_id, at))
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
        in_transaction!(self, |connection| schedules::fire(
            connection,
            id,
            due_at,
            next_fire_at,
            run.clone()
        ))
    }

    async fn wait_for_work(&self) {
        self.ready.notified().await;
    }

    fn finished_runs(&self) -> Option<broadcast::Receiver<String>> {
        Some(self.finished.subscribe())
    }
}
