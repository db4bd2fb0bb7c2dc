//! The embedded store: one SQLite file in WAL mode with `synchronous=FULL`, so every
//! acknowledged commit is on disk.
//!
//! Reads go through a small pool. Writes go through one writer task that owns its own
//! connection and applies whatever writes are queued in one transaction (group commit):
//! under load many runs share one fsync, and each caller is answered only after the
//! commit that holds its write has returned.

mod backup;
mod events;
mod runs;
mod schedules;
mod signals;
mod workers;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use futures::future::BoxFuture;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteSynchronous,
};
use sqlx::{ConnectOptions, Connection};

pub use backup::Restored;
use tokio::sync::{mpsc, oneshot};

use super::{
    ClaimRequest, ClaimedRun, Commit, Created, Firing, NewRun, OwnedRun, RunFilter, Schedule,
    Store, WorkerRecord,
};
use crate::error::{Error, Result};
use crate::model::{Millis, Run, StoredEvent};

/// Most writes applied in one transaction.
const MAX_BATCH: usize = 512;

/// The SQLite implementation of [`Store`].
pub struct SqliteStore {
    pool: SqlitePool,
    writer: mpsc::UnboundedSender<WriteOp>,
}

type Reply<T> = oneshot::Sender<Result<T>>;

/// A write queued for the writer task, with where to send its result.
enum WriteOp {
    Commit(Commit, Reply<()>),
    CreateRun(NewRun, Reply<Created>),
    Claim(ClaimRequest, Reply<Vec<ClaimedRun>>),
    Heartbeat(WorkerRecord, Reply<()>),
    RemoveWorker(String, Reply<()>),
    Cancel(String, Millis, Reply<Run>),
    Signal(String, String, String, Millis, Reply<()>),
    Redrive(String, Millis, Reply<Run>),
    PutSchedule(Schedule, Millis, Reply<()>),
    DeleteSchedule(String, Reply<()>),
    PauseSchedule(String, bool, Millis, Reply<()>),
    FireSchedule(String, Millis, Millis, NewRun, Reply<Firing>),
}

/// Sends a result once the batch's fate is known: the result itself if the batch
/// committed, an error if it did not.
type Delivery = Box<dyn FnOnce(Option<&str>) + Send>;

fn deliver<T: Send + 'static>(reply: Reply<T>, result: Result<T>) -> (Delivery, bool) {
    // A database error may have left the transaction half-applied: the whole batch rolls back.
    let poisons_batch = matches!(result, Err(Error::Database(_)));
    let delivery: Delivery = Box::new(move |commit_error| {
        let outcome = match commit_error {
            None => result,
            Some(message) => match result {
                Err(error) if error.is_client_error() => Err(error),
                _ => Err(Error::Database(sqlx::Error::Protocol(format!(
                    "transaction rolled back: {message}"
                )))),
            },
        };
        let _ = reply.send(outcome);
    });
    (delivery, poisons_batch)
}

impl SqliteStore {
    /// Opens (creating if needed) the store in `data_dir/maximizer.db` and migrates it.
    pub async fn open(data_dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(data_dir).map_err(|error| {
            Error::Invalid(format!(
                "cannot create data directory '{}': {error}",
                data_dir.display()
            ))
        })?;
        // Processes that open the same store at once (a server and a CLI command) must
        // not migrate it at once: SQLite migrations take no lock of their own.
        let lock_path = data_dir.join("maximizer.migrate.lock");
        let lock = std::fs::File::create(&lock_path)
            .and_then(|file| file.lock().map(|()| file))
            .map_err(|error| {
                Error::Invalid(format!("cannot lock '{}': {error}", lock_path.display()))
            })?;
        let url = format!("sqlite://{}", data_dir.join("maximizer.db").display());
        let store = Self::open_url(&url).await;
        drop(lock);
        store
    }

    /// Opens the store at a `sqlite://` URL and migrates it.
    pub async fn open_url(url: &str) -> Result<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: fsync the WAL on every commit, so an acknowledged step survives power loss.
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(30))
            .disable_statement_logging();
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .min_connections(1)
            .test_before_acquire(false)
            .connect_with(options.clone())
            .await?;
        // Product tables (graph, index) have migrations of their own in the same database.
        let mut migrator = sqlx::migrate!("./migrations/sqlite");
        migrator.set_ignore_missing(true);
        migrator.run(&pool).await?;
        let connection = options.connect().await?;
        let (writer, queue) = mpsc::unbounded_channel();
        tokio::spawn(run_writer(connection, queue));
        Ok(Self { pool, writer })
    }

    async fn write<T>(&self, op: impl FnOnce(Reply<T>) -> WriteOp) -> Result<T> {
        let (reply, answer) = oneshot::channel();
        self.writer.send(op(reply)).map_err(|_| Error::Closed)?;
        answer.await.map_err(|_| Error::Closed)?
    }
}

/// The writer task: applies queued writes in batches, one transaction per batch.
async fn run_writer(mut connection: SqliteConnection, mut queue: mpsc::UnboundedReceiver<WriteOp>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let outcome = apply_batch(&mut connection, std::mem::take(&mut batch)).await;
        if let Err(error) = outcome {
            tracing::error!(%error, "write batch failed");
        }
    }
    let _ = connection.close().await;
}

fn apply_batch(
    connection: &mut SqliteConnection,
    mut batch: Vec<WriteOp>,
) -> BoxFuture<'_, Result<()>> {
    Box::pin(async move {
        // A lone step result is one statement: let it commit on its own (still fsynced),
        // saving the round trips of BEGIN and COMMIT on the latency path.
        if let [WriteOp::Commit(commit, _)] = batch.as_slice()
            && runs::is_append_only(commit)
            && let Some(WriteOp::Commit(commit, reply)) = batch.pop()
        {
            let result = runs::append_fenced(connection, &commit).await;
            let outcome = match &result {
                Err(Error::Database(error)) => {
                    Err(Error::Database(sqlx::Error::Protocol(error.to_string())))
                }
                _ => Ok(()),
            };
            let _ = reply.send(result);
            return outcome;
        }
        let begun = sqlx::query("BEGIN IMMEDIATE")
            .execute(&mut *connection)
            .await;
        let mut deliveries: Vec<Delivery> = Vec::new();
        let mut poisoned = begun.as_ref().err().map(|error| error.to_string());
        for op in batch {
            if poisoned.is_some() {
                // Answer without applying: the transaction is already lost.
                deliveries.push(refuse(op));
                continue;
            }
            let (delivery, poisons) = apply(connection, op).await;
            deliveries.push(delivery);
            if poisons {
                poisoned = Some("a write in the batch failed".to_owned());
            }
        }
        let commit_error = match poisoned {
            Some(message) => {
                let _ = sqlx::query("ROLLBACK").execute(&mut *connection).await;
                Some(message)
            }
            None => match sqlx::query("COMMIT").execute(&mut *connection).await {
                Ok(_) => None,
                Err(error) => {
                    let _ = sqlx::query("ROLLBACK").execute(&mut *connection).await;
                    Some(error.to_string())
                }
            },
        };
        for delivery in deliveries {
            delivery(commit_error.as_deref());
        }
        match commit_error {
            Some(message) => Err(Error::Database(sqlx::Error::Protocol(message))),
            None => Ok(()),
        }
    })
}

fn refuse(op: WriteOp) -> Delivery {
    fn closed<T: Send + 'static>(reply: Reply<T>) -> Delivery {
        deliver(reply, Err(Error::Closed)).0
    }
    match op {
        WriteOp::Commit(_, reply) => closed(reply),
        WriteOp::CreateRun(_, reply) => closed(reply),
        WriteOp::Claim(_, reply) => closed(reply),
        WriteOp::Heartbeat(_, reply) => closed(reply),
        WriteOp::RemoveWorker(_, reply) => closed(reply),
        WriteOp::Cancel(_, _, reply) => closed(reply),
        WriteOp::Signal(_, _, _, _, reply) => closed(reply),
        WriteOp::Redrive(_, _, reply) => closed(reply),
        WriteOp::PutSchedule(_, _, reply) => closed(reply),
        WriteOp::DeleteSchedule(_, reply) => closed(reply),
        WriteOp::PauseSchedule(_, _, _, reply) => closed(reply),
        WriteOp::FireSchedule(_, _, _, _, reply) => closed(reply),
    }
}

// Boxed so that the future's `Send` bound is checked for one concrete lifetime: sqlx's
// executor impls otherwise trip the compiler's higher-ranked lifetime inference.
fn apply(connection: &mut SqliteConnection, op: WriteOp) -> BoxFuture<'_, (Delivery, bool)> {
    Box::pin(async move {
        match op {
            WriteOp::Commit(commit, reply) => {
                deliver(reply, runs::commit(connection, commit).await)
            }
            WriteOp::CreateRun(run, reply) => deliver(reply, runs::create(connection, &run).await),
            WriteOp::Claim(request, reply) => {
                deliver(reply, runs::claim(connection, &request).await)
            }
            WriteOp::Heartbeat(worker, reply) => {
                deliver(reply, workers::heartbeat(connection, &worker).await)
            }
            WriteOp::RemoveWorker(id, reply) => {
                deliver(reply, workers::remove(connection, &id).await)
            }
            WriteOp::Cancel(id, at, reply) => {
                deliver(reply, runs::request_cancel(connection, &id, at).await)
            }
            WriteOp::Signal(id, name, payload, at, reply) => deliver(
                reply,
                signals::send(connection, &id, &name, &payload, at).await,
            ),
            WriteOp::Redrive(id, at, reply) => {
                deliver(reply, runs::redrive(connection, &id, at).await)
            }
            WriteOp::PutSchedule(schedule, at, reply) => {
                deliver(reply, schedules::put(connection, &schedule, at).await)
            }
            WriteOp::DeleteSchedule(id, reply) => {
                deliver(reply, schedules::delete(connection, &id).await)
            }
            WriteOp::PauseSchedule(id, paused, at, reply) => deliver(
                reply,
                schedules::set_paused(connection, &id, paused, at).await,
            ),
            WriteOp::FireSchedule(id, due_at, next, run, reply) => deliver(
                reply,
                schedules::fire(connection, &id, due_at, next, run).await,
            ),
        }
    })
}

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    fn database(&self) -> super::Database {
        super::Database::Sqlite(self.pool.clone())
    }

    async fn create_run(&self, run: NewRun) -> Result<Created> {
        self.write(|reply| WriteOp::CreateRun(run, reply)).await
    }

    async fn get_run(&self, id: &str) -> Result<Option<Run>> {
        let mut connection = self.pool.acquire().await?;
        runs::get(&mut connection, id).await
    }

    async fn list_runs(&self, filter: &RunFilter) -> Result<Vec<Run>> {
        let mut connection = self.pool.acquire().await?;
        runs::list(&mut connection, filter).await
    }

    async fn load_events(&self, run_id: &str) -> Result<Vec<StoredEvent>> {
        let mut connection = self.pool.acquire().await?;
        events::load(&mut connection, run_id).await
    }

    async fn commit(&self, commit: Commit) -> Result<()> {
        self.write(|reply| WriteOp::Commit(commit, reply)).await
    }

    async fn claim_runs(&self, request: &ClaimRequest) -> Result<Vec<ClaimedRun>> {
        // Look before taking the write lock: an idle poll must not cost a transaction.
        let mut connection = self.pool.acquire().await?;
        if !runs::any_claimable(&mut connection, request).await? {
            return Ok(Vec::new());
        }
        drop(connection);
        let request = request.clone();
        self.write(|reply| WriteOp::Claim(request, reply)).await
    }

    async fn next_wake_at(&self, queues: &[String]) -> Result<Option<Millis>> {
        let mut connection = self.pool.acquire().await?;
        runs::next_wake_at(&mut connection, queues).await
    }

    async fn count_ready(&self, now: Millis) -> Result<u64> {
        let mut connection = self.pool.acquire().await?;
        runs::count_ready(&mut connection, now).await
    }

    async fn owned_runs(&self, worker_id: &str) -> Result<Vec<OwnedRun>> {
        let mut connection = self.pool.acquire().await?;
        runs::owned_by(&mut connection, worker_id).await
    }

    async fn heartbeat(&self, worker: &WorkerRecord) -> Result<()> {
        let worker = worker.clone();
        self.write(|reply| WriteOp::Heartbeat(worker, reply)).await
    }

    async fn list_workers(&self) -> Result<Vec<WorkerRecord>> {
        let mut connection = self.pool.acquire().await?;
        workers::list(&mut connection).await
    }

    async fn remove_worker(&self, worker_id: &str) -> Result<()> {
        let id = worker_id.to_owned();
        self.write(|reply| WriteOp::RemoveWorker(id, reply)).await
    }

    async fn request_cancel(&self, run_id: &str, at: Millis) -> Result<Run> {
        let id = run_id.to_owned();
        self.write(|reply| WriteOp::Cancel(id, at, reply)).await
    }

    async fn send_signal(
        &self,
        run_id: &str,
        name: &str,
        payload: String,
        at: Millis,
    ) -> Result<()> {
        let (id, name) = (run_id.to_owned(), name.to_owned());
        self.write(|reply| WriteOp::Signal(id, name, payload, at, reply))
            .await
    }

    async fn peek_signal(&self, run_id: &str, name: &str) -> Result<Option<(i64, String)>> {
        let mut connection = self.pool.acquire().await?;
        signals::peek(&mut connection, run_id, name).await
    }

    async fn redrive(&self, run_id: &str, at: Millis) -> Result<Run> {
        let id = run_id.to_owned();
        self.write(|reply| WriteOp::Redrive(id, at, reply)).await
    }

    async fn put_schedule(&self, schedule: &Schedule, at: Millis) -> Result<()> {
        let schedule = schedule.clone();
        self.write(|reply| WriteOp::PutSchedule(schedule, at, reply))
            .await
    }

    async fn get_schedule(&self, id: &str) -> Result<Option<Schedule>> {
        let mut connection = self.pool.acquire().await?;
        schedules::get(&mut connection, id).await
    }

    async fn list_schedules(&self) -> Result<Vec<Schedule>> {
        let mut connection = self.pool.acquire().await?;
        schedules::list(&mut connection).await
    }

    async fn delete_schedule(&self, id: &str) -> Result<()> {
        let id = id.to_owned();
        self.write(|reply| WriteOp::DeleteSchedule(id, reply)).await
    }

    async fn set_schedule_paused(&self, id: &str, paused: bool, at: Millis) -> Result<()> {
        let id = id.to_owned();
        self.write(|reply| WriteOp::PauseSchedule(id, paused, at, reply))
            .await
    }

    async fn fire_schedule(
        &self,
        id: &str,
        due_at: Millis,
        next_fire_at: Millis,
        run: NewRun,
    ) -> Result<Firing> {
        let id = id.to_owned();
        self.write(|reply| WriteOp::FireSchedule(id, due_at, next_fire_at, run, reply))
            .await
    }
}
