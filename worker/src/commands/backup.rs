//! `maximizer backup` and `maximizer restore`: the embedded store's online backup and its
//! offline restore. PostgreSQL deployments back up with the database's own tools.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context as _, bail};
use engine::SqliteStore;
use serde_json::json;

use crate::cli::StoreArgs;

const POSTGRES_ADVICE: &str = "the store is PostgreSQL (--database-url): back it up with \
    pg_dump (logical) or base backups with WAL archiving (point in time); see the README";

pub async fn backup(store: &StoreArgs, to: &Path) -> anyhow::Result<()> {
    if store.database_url.is_some() {
        bail!(POSTGRES_ADVICE);
    }
    let started = Instant::now();
    let sqlite = SqliteStore::open(&store.data_dir)
        .await
        .with_context(|| format!("opening the store in '{}'", store.data_dir.display()))?;
    let bytes = sqlite
        .backup_to(to)
        .await
        .with_context(|| format!("backing up to '{}'", to.display()))?;
    println!(
        "{}",
        json!({
            "backup": to.display().to_string(),
            "bytes": bytes,
            "seconds": started.elapsed().as_secs_f64(),
        })
    );
    Ok(())
}

pub async fn restore(store: &StoreArgs, from: &Path) -> anyhow::Result<()> {
    if store.database_url.is_some() {
        bail!(POSTGRES_ADVICE);
    }
    let started = Instant::now();
    let lease_ms = (store.lease_timeout * 1000.0) as i64;
    let restored = SqliteStore::restore(&store.data_dir, from, lease_ms)
        .await
        .with_context(|| format!("restoring '{}'", from.display()))?;
    // Opening migrates a backup taken by an older version to this one.
    SqliteStore::open(&store.data_dir)
        .await
        .context("opening the restored store")?;
    println!(
        "{}",
        json!({
            "restored": from.display().to_string(),
            "runs": restored.runs,
            "replaced": restored.replaced.map(|path| path.display().to_string()),
            "seconds": started.elapsed().as_secs_f64(),
        })
    );
    Ok(())
}
