//! A throwaway engine per test: a fresh store in a temp dir, a worker with fast timings,
//! and a record of every activity execution.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

use engine::{
    ActivityContext, ActivityError, Engine, EngineSettings, PostgresStore, Registry, Run,
    RunStatus, SqliteStore, StartRun, Store, WorkerOptions,
};
use integration_tests::postgres::TestPostgres;
use serde_json::Value;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Every activity execution, by `run_id/step` (attempts included).
static EXECUTIONS: LazyLock<Mutex<HashMap<String, u32>>> = LazyLock::new(Default::default);

pub fn record(call: &ActivityContext) {
    let key = format!("{}/{}", call.run_id, call.step);
    *EXECUTIONS.lock().unwrap().entry(key).or_default() += 1;
}

pub fn executions(run_id: &str, step: &str) -> u32 {
    let key = format!("{run_id}/{step}");
    EXECUTIONS.lock().unwrap().get(&key).copied().unwrap_or(0)
}

/// An activity that records its execution and returns `value`.
pub async fn tracked(call: ActivityContext, value: u32) -> Result<u32, ActivityError> {
    record(&call);
    Ok(value)
}

pub fn settings() -> EngineSettings {
    EngineSettings {
        lease_timeout: Duration::from_secs(2),
        poll_interval: Duration::from_millis(20),
        park_threshold: Duration::from_secs(1),
    }
}

pub struct TestEngine {
    pub engine: Engine,
    stop: Option<oneshot::Sender<()>>,
    worker: Option<JoinHandle<engine::Result<()>>>,
}

/// Which store the tests of this binary run on.
// Each test binary constructs one of the variants.
#[allow(dead_code)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// The embedded store: one SQLite file in the test's directory.
    Sqlite,
    /// One database per test directory in a throwaway PostgreSQL cluster.
    Postgres,
}

static POSTGRES: LazyLock<TestPostgres> = LazyLock::new(TestPostgres::start);
static DATABASES: LazyLock<Mutex<HashMap<PathBuf, String>>> = LazyLock::new(Default::default);

/// Opens the store that belongs to a test directory (the same store every time).
pub async fn open_store(dir: &Path) -> Arc<dyn Store> {
    match crate::BACKEND {
        Backend::Sqlite => Arc::new(SqliteStore::open(dir).await.expect("open SQLite store")),
        Backend::Postgres => {
            let url = {
                let mut databases = DATABASES.lock().unwrap();
                let count = databases.len();
                databases
                    .entry(dir.to_owned())
                    .or_insert_with(|| POSTGRES.create_database(&format!("test_{count}")))
                    .clone()
            };
            Arc::new(
                PostgresStore::open(&url)
                    .await
                    .expect("open PostgreSQL store"),
            )
        }
    }
}

/// Opens the store in `dir` and starts a worker on it.
pub async fn open(dir: &Path, registry: Registry) -> TestEngine {
    // MAXIMIZER_TEST_LOG=debug shows the engine's logs of a failing test.
    if let Ok(filter) = std::env::var("MAXIMIZER_TEST_LOG") {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_test_writer()
            .try_init();
    }
    let engine = Engine::new(open_store(dir).await, registry, settings());
    let worker = engine.worker(WorkerOptions {
        concurrency: 16,
        drain_timeout: Duration::from_secs(5),
        ..WorkerOptions::default()
    });
    let (stop, stopped) = oneshot::channel();
    let worker = tokio::spawn(worker.run(async {
        let _ = stopped.await;
    }));
    // Let the worker register so that starts are dispatched at once.
    tokio::time::sleep(Duration::from_millis(50)).await;
    TestEngine {
        engine,
        stop: Some(stop),
        worker: Some(worker),
    }
}

/// Opens the store in `dir` without a worker (a client process).
pub async fn client(dir: &Path, registry: Registry) -> Engine {
    Engine::new(open_store(dir).await, registry, settings())
}

impl TestEngine {
    /// Stops the worker the way SIGTERM does.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(worker) = self.worker.take() {
            worker
                .await
                .expect("worker task")
                .expect("worker stops cleanly");
        }
    }

    pub async fn start(&self, workflow: &str, id: &str, input: Value) -> Run {
        self.engine
            .start(StartRun::new(workflow, input).with_id(id))
            .await
            .expect("start")
            .run
    }

    /// Waits for the run to end and returns it.
    pub async fn finish(&self, id: &str) -> Run {
        let run = self
            .engine
            .wait(id, Duration::from_secs(20))
            .await
            .expect("wait");
        assert!(run.status.is_terminal(), "run {id} did not end: {run:?}");
        run
    }

    /// Waits until the run is in `status`.
    pub async fn reach(&self, id: &str, status: RunStatus) -> Run {
        reach(&self.engine, id, status).await
    }

    pub async fn kinds(&self, id: &str) -> Vec<String> {
        self.engine
            .history(id)
            .await
            .expect("history")
            .into_iter()
            .map(|event| event.kind.as_str().to_owned())
            .collect()
    }
}

pub async fn reach(engine: &Engine, id: &str, status: RunStatus) -> Run {
    for _ in 0..1000 {
        if let Ok(run) = engine.get(id).await
            && run.status == status
        {
            return run;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!(
        "run {id} never reached {status}: {:?}",
        engine.get(id).await
    );
}
