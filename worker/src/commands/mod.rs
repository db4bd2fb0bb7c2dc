//! One module per command; `run` opens the store and dispatches.

mod backup;
mod bench;
mod bench_chat;
mod eval;
mod fresh;
mod health;
mod ingest;
mod mcp;
mod runs;
mod schedules;
mod serve;
mod work;

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use engine::{Engine, EngineSettings, PostgresStore, SqliteStore, Store};

use crate::cli::{Cli, Command, StoreArgs};
use crate::{api, logging, product};

/// Runs the parsed command line.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let verbose = matches!(cli.command, Command::Serve(_) | Command::Work(_));
    let traces = logging::init(
        logging::Format::from_env()?,
        if verbose { "info" } else { "warn" },
    )?;
    let result = dispatch(cli).await;
    if let Some(traces) = traces {
        // Flushes the last batch; the exporter blocks, so off the async threads.
        let _ = tokio::task::spawn_blocking(move || traces.shutdown()).await;
    }
    result
}

async fn dispatch(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Bench(args) => bench::run(&cli.store, args).await,
        Command::Backup { to } => backup::backup(&cli.store, &to).await,
        Command::Restore { from } => backup::restore(&cli.store, &from).await,
        Command::Health(args) => health::run(&args),
        Command::BenchChat(args) => bench_chat::run(&cli.store, &cli.ingest, args).await,
        Command::Eval(args) => eval::run(&cli.store, &cli.ingest, args).await,
        command => {
            let store = open_store(&cli.store).await?;
            let ingestion = product::ingestion(&store, &cli.store.data_dir, &cli.ingest).await?;
            let conversations = product::conversations(&store, &ingestion, &cli.ingest).await?;
            let engine = Engine::new(
                store,
                product::registry(ingestion.clone(), conversations.clone()),
                settings(&cli.store)?,
            );
            match command {
                Command::Serve(args) => {
                    let routes = api::routes(
                        ingestion,
                        cli.ingest.max_upload_bytes,
                        api::EventSettings {
                            confirm_hosts: cli.ingest.sns_confirm_hosts.clone(),
                        },
                    )
                    .merge(api::conversation_routes(conversations));
                    serve::run(engine, &cli.store.data_dir, args, routes).await
                }
                Command::Ingest(args) => ingest::run(&engine, &ingestion, args).await,
                Command::Work(args) => work::run(engine, &args).await,
                Command::Mcp => mcp::run(conversations.tools.clone()).await,
                Command::Migrate => {
                    println!(
                        "{{\"migrated\":true,\"store\":\"{}\"}}",
                        engine.store().backend()
                    );
                    Ok(())
                }
                Command::Runs(command) => runs::run(&engine, command).await,
                Command::Schedules(command) => schedules::run(&engine, command).await,
                Command::Workflows => {
                    for name in engine.registry().names() {
                        println!("{name}");
                    }
                    Ok(())
                }
                Command::Bench(_)
                | Command::BenchChat(_)
                | Command::Eval(_)
                | Command::Backup { .. }
                | Command::Restore { .. }
                | Command::Config
                | Command::Health(_) => unreachable!("handled above"),
            }
        }
    }
}

/// PostgreSQL with --database-url, the embedded SQLite store otherwise.
pub async fn open_store(store: &StoreArgs) -> anyhow::Result<Arc<dyn Store>> {
    Ok(match &store.database_url {
        Some(url) => Arc::new(
            PostgresStore::open_with_pool_size(url, store.db_pool_size)
                .await
                .context("connecting to --database-url")?,
        ),
        None => Arc::new(
            SqliteStore::open(&store.data_dir)
                .await
                .with_context(|| format!("opening the store in '{}'", store.data_dir.display()))?,
        ),
    })
}

fn settings(store: &StoreArgs) -> anyhow::Result<EngineSettings> {
    if !(store.lease_timeout.is_finite() && store.lease_timeout > 0.0) {
        anyhow::bail!("--lease-timeout must be a positive number of seconds");
    }
    Ok(EngineSettings {
        lease_timeout: Duration::from_secs_f64(store.lease_timeout),
        poll_interval: Duration::from_millis(store.poll_interval_ms.max(1)),
        ..EngineSettings::default()
    })
}

/// Parses a JSON argument, naming the flag in the error.
pub fn parse_json(flag: &str, text: &str) -> anyhow::Result<serde_json::Value> {
    serde_json::from_str(text).with_context(|| format!("{flag} is not valid JSON"))
}

/// Parses seconds given on the command line.
pub fn seconds(flag: &str, value: f64) -> anyhow::Result<Duration> {
    if !(value.is_finite() && value >= 0.0) {
        anyhow::bail!("{flag} must be a non-negative number of seconds");
    }
    Ok(Duration::from_secs_f64(value))
}
