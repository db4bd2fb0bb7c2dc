//! One module per command; `run` opens the store and dispatches.

mod bench;
mod bench_chat;
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
use crate::{api, product};

/// Runs the parsed command line.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    init_logging(matches!(cli.command, Command::Serve(_) | Command::Work(_)));
    match cli.command {
        Command::Bench(args) => bench::run(&cli.store, args).await,
        Command::BenchChat(args) => bench_chat::run(&cli.store, &cli.ingest, args).await,
        command => {
            let store = open_store(&cli.store).await?;
            let ingestion = product::ingestion(&store, &cli.store.data_dir, &cli.ingest).await?;
            let conversations = product::conversations(&store, &ingestion).await?;
            let engine = Engine::new(
                store,
                product::registry(ingestion.clone(), conversations.clone()),
                settings(&cli.store)?,
            );
            match command {
                Command::Serve(args) => {
                    let routes = api::routes(ingestion, cli.ingest.max_upload_bytes)
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
                Command::Bench(_) | Command::BenchChat(_) => unreachable!("handled above"),
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

fn init_logging(verbose: bool) {
    let default = if verbose { "info" } else { "warn" };
    let filter = tracing_subscriber::EnvFilter::try_from_env("MAXIMIZER_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
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
