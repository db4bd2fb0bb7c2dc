//! `maximizer ingest PATH… [--wait]`: lands files (folders read recursively) and starts one
//! ingestion run each; prints one JSON line per document. With `--wait`, waits for the
//! runs and exits non-zero when one failed.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use engine::{Engine, RunStatus};
use workflows::ingest::Ingestion;

use crate::cli::IngestCommand;
use crate::intake;

pub async fn run(
    engine: &Engine,
    ingestion: &Ingestion,
    args: IngestCommand,
) -> anyhow::Result<()> {
    let deadline = Instant::now() + super::seconds("--timeout", args.timeout)?;
    let mut files = Vec::new();
    for path in &args.paths {
        collect(path, &mut files)?;
    }
    if files.is_empty() {
        anyhow::bail!("no files found under the given paths");
    }
    let mut submitted = Vec::new();
    for file in files {
        let document = intake::submit_file(engine, ingestion, &file).await?;
        if !args.wait {
            println!("{}", serde_json::to_string(&document)?);
        }
        submitted.push(document);
    }
    if !args.wait {
        return Ok(());
    }
    let mut failed = 0;
    for document in submitted {
        let left = deadline
            .saturating_duration_since(Instant::now())
            .max(Duration::from_millis(1));
        let run = engine.wait(&document.run_id, left).await?;
        let record = ingestion.catalog.get(&document.id).await?;
        let status = match &record {
            Some(record) => intake::status_of(engine, record).await.0,
            None => format!("{:?}", run.status).to_lowercase(),
        };
        if run.status == RunStatus::Failed || run.status == RunStatus::Cancelled {
            failed += 1;
        }
        let line = serde_json::json!({
            "id": document.id,
            "name": document.name,
            "run_id": document.run_id,
            "status": status,
            "facts_loaded": record.as_ref().map(|r| r.facts_loaded),
            "error": run.error,
        });
        println!("{line}");
    }
    if failed > 0 {
        anyhow::bail!("{failed} document(s) failed to ingest");
    }
    Ok(())
}

pub(super) fn collect(path: &PathBuf, files: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let metadata = std::fs::metadata(path).with_context(|| format!("'{}'", path.display()))?;
    if metadata.is_file() {
        files.push(path.clone());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .with_context(|| format!("reading folder '{}'", path.display()))?
        .flatten()
        .map(|entry| entry.path())
        .filter(|entry| {
            !entry
                .file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with('.'))
        })
        .collect();
    entries.sort();
    for entry in entries {
        collect(&entry, files)?;
    }
    Ok(())
}
