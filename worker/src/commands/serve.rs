//! `maximizer serve`: the engine with in-process workers, until SIGTERM or Ctrl-C.

use engine::{Engine, WorkerOptions};

use super::seconds;
use crate::cli::ServeArgs;

pub async fn run(engine: Engine, args: ServeArgs) -> anyhow::Result<()> {
    if args.concurrency == 0 {
        anyhow::bail!("--concurrency must be at least 1");
    }
    let options = WorkerOptions {
        concurrency: args.concurrency,
        queues: args.queues,
        drain_timeout: seconds("--drain-timeout", args.drain_timeout)?,
        run_schedules: true,
    };
    let worker = engine.worker(options);
    tracing::info!(store = engine.store().backend(), "maximizer serving");
    worker.run(shutdown_signal()).await?;
    Ok(())
}

/// Resolves on SIGTERM or SIGINT.
async fn shutdown_signal() {
    let mut terminate =
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(stream) => stream,
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM; only Ctrl-C stops the server");
                let _ = tokio::signal::ctrl_c().await;
                return;
            }
        };
    tokio::select! {
        _ = terminate.recv() => tracing::info!("SIGTERM received"),
        _ = tokio::signal::ctrl_c() => tracing::info!("SIGINT received"),
    }
}
