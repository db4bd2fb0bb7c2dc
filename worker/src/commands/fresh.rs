//! A throwaway product for the commands that measure it (`bench-chat`, `eval`): a fresh
//! SQLite store in a temp dir, the ingestion and conversation services built from the
//! configuration, and one in-process worker. `finish` stops the worker and removes the dir.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context as _;
use engine::{Engine, SqliteStore, Store, WorkerOptions};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use workflows::conversation::Conversations;
use workflows::ingest::Ingestion;

use super::bench::wait_for_workers;
use crate::cli::{IngestArgs, StoreArgs};
use crate::product;

pub struct Fresh {
    pub dir: PathBuf,
    pub engine: Engine,
    pub ingestion: Arc<Ingestion>,
    pub conversations: Arc<Conversations>,
    stop: oneshot::Sender<()>,
    worker: JoinHandle<engine::Result<()>>,
}

impl Fresh {
    /// Opens a fresh store in `$TMPDIR/maximizer-<name>-<pid>-<millis>` and starts a worker.
    pub async fn start(
        name: &str,
        store_args: &StoreArgs,
        ingest_args: &IngestArgs,
    ) -> anyhow::Result<Fresh> {
        let dir = std::env::temp_dir().join(format!(
            "maximizer-{name}-{}-{}",
            std::process::id(),
            chrono::Utc::now().timestamp_millis()
        ));
        let started = Self::build(&dir, store_args, ingest_args).await;
        if started.is_err() {
            let _ = std::fs::remove_dir_all(&dir);
        }
        started
    }

    async fn build(
        dir: &std::path::Path,
        store_args: &StoreArgs,
        ingest_args: &IngestArgs,
    ) -> anyhow::Result<Fresh> {
        let store: Arc<dyn Store> = Arc::new(
            SqliteStore::open(dir)
                .await
                .with_context(|| format!("opening a fresh store in '{}'", dir.display()))?,
        );
        let ingestion = product::ingestion(&store, dir, ingest_args).await?;
        let conversations = product::conversations(&store, &ingestion, ingest_args).await?;
        let engine = Engine::new(
            store.clone(),
            product::registry(ingestion.clone(), conversations.clone()),
            super::settings(store_args)?,
        );
        let (stop, stopped) = oneshot::channel::<()>();
        let worker = engine.worker(WorkerOptions {
            concurrency: 8,
            run_schedules: false,
            ..WorkerOptions::default()
        });
        let worker = tokio::spawn(worker.run(async {
            let _ = stopped.await;
        }));
        wait_for_workers(store.as_ref(), 1).await?;
        Ok(Fresh {
            dir: dir.to_owned(),
            engine,
            ingestion,
            conversations,
            stop,
            worker,
        })
    }

    /// Stops the worker and removes the store.
    pub async fn finish(self) -> anyhow::Result<()> {
        let _ = self.stop.send(());
        let stopped = self.worker.await;
        let _ = std::fs::remove_dir_all(&self.dir);
        stopped??;
        Ok(())
    }
}
