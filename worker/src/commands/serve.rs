//! `maximizer serve`: the HTTP API, the console and in-process workers, until SIGTERM or
//! Ctrl-C; then the server stops accepting, the workers drain, and the process exits 0.

use std::path::Path;

use anyhow::Context as _;
use engine::Engine;
use engine::http::{self, ApiKeys, AppState, HttpOptions, RateLimit};
use tokio::sync::watch;

use super::work::{shutdown_signal, worker_options};
use crate::cli::ServeArgs;

pub async fn run(
    engine: Engine,
    data_dir: &Path,
    args: ServeArgs,
    routes: axum::Router<AppState>,
) -> anyhow::Result<()> {
    let keys = api_keys(data_dir, args.api_keys_file.as_deref())?.with_rate_limit(
        (args.rate_limit > 0).then_some(RateLimit {
            per_second: args.rate_limit,
            burst: args.rate_burst,
        }),
    );
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .with_context(|| format!("cannot listen on --listen {}", args.listen))?;
    let address = listener.local_addr()?;
    let state = AppState {
        engine: engine.clone(),
        keys,
    };
    let router = http::router_with(
        state,
        &HttpOptions {
            max_body_bytes: args.max_body_bytes,
        },
        routes,
    );
    let worker = (!args.no_workers)
        .then(|| worker_options(&args.work).map(|options| engine.worker(options)))
        .transpose()?;

    let (stop, stopped) = watch::channel(false);
    let server = tokio::spawn(http::serve(listener, router, wait_for(stopped.clone())));
    let workers = tokio::spawn(async move {
        match worker {
            Some(worker) => worker.run(wait_for(stopped)).await,
            None => Ok(()),
        }
    });
    tracing::info!(%address, store = engine.store().backend(), "maximizer serving");
    println!("{{\"listening\":\"http://{address}\"}}");
    shutdown_signal().await;
    let _ = stop.send(true);
    server.await?.context("HTTP server failed")?;
    workers.await?.context("workers failed")?;
    Ok(())
}

async fn wait_for(mut stopped: watch::Receiver<bool>) {
    let _ = stopped.wait_for(|stop| *stop).await;
}

/// The API keys from MAXIMIZER_API_KEYS and --api-keys-file; with none configured, the
/// admin key kept in the data directory (generated and printed once on first start).
fn api_keys(data_dir: &Path, file: Option<&Path>) -> anyhow::Result<ApiKeys> {
    let mut entries = std::env::var("MAXIMIZER_API_KEYS").unwrap_or_default();
    if let Some(path) = file {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read --api-keys-file '{}'", path.display()))?;
        entries.push('\n');
        entries.push_str(&text);
    }
    let keys = ApiKeys::parse(&entries)
        .map_err(|message| anyhow::anyhow!("MAXIMIZER_API_KEYS / --api-keys-file: {message}"))?;
    if !keys.is_empty() {
        return Ok(keys);
    }
    let (key, generated) = http::auth::load_or_generate_admin_key(data_dir)
        .context("cannot keep the generated admin key in the data directory")?;
    let path = data_dir.join("admin.key");
    if generated {
        println!(
            "Generated an admin API key (kept in {}, mode 0600):\n{key}",
            path.display()
        );
    } else {
        tracing::info!(path = %path.display(), "using the admin API key kept in the data directory");
    }
    Ok(ApiKeys::admin(&key))
}
