//! `maximizer work`: workers only, no HTTP API, until SIGTERM or Ctrl-C; then they stop
//! claiming, drain, and the process exits 0.

use engine::{Engine, WorkerOptions};

use super::seconds;
use crate::cli::WorkArgs;

pub async fn run(engine: Engine, args: &WorkArgs) -> anyhow::Result<()> {
    let worker = engine.worker(worker_options(args)?);
    tracing::info!(
        store = engine.store().backend(),
        worker_id = worker.id(),
        "maximizer working"
    );
    worker.run(shutdown_signal()).await?;
    Ok(())
}

/// The worker settings of `serve` and `work`.
pub fn worker_options(args: &WorkArgs) -> anyhow::Result<WorkerOptions> {
    if args.concurrency == 0 {
        anyhow::bail!("--concurrency must be at least 1");
    }
    Ok(WorkerOptions {
        concurrency: args.concurrency,
        queues: args.queues.clone(),
        drain_timeout: seconds("--drain-timeout", args.drain_timeout)?,
        run_schedules: true,
    })
}

/// Resolves on SIGTERM or SIGINT.
pub async fn shutdown_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let mut terminate = match signal(SignalKind::terminate()) {
        Ok(stream) => stream,
        Err(error) => {
            tracing::warn!(%error, "cannot listen for SIGTERM; only Ctrl-C stops the process");
            let _ = tokio::signal::ctrl_c().await;
            return;
        }
    };
    tokio::select! {
        _ = terminate.recv() => tracing::info!("SIGTERM received"),
        _ = tokio::signal::ctrl_c() => tracing::info!("SIGINT received"),
    }
}
