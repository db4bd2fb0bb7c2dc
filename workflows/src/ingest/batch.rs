//! `ingest-batch`: every document of a local folder or an object-store prefix, one
//! `ingest-document` child each with at most `concurrency` at once, and a per-document
//! report. Documents the catalog already holds are skipped (ingesting the same folder
//! twice changes nothing); a failed child is redriven on its own, alone or in bulk.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use activities::object_store::{landing_key, sha256_hex};
use engine::{ActivityError, Context, RetryPolicy, StepOptions, WorkflowError};
use serde::{Deserialize, Serialize};

use super::{Ingestion, document};

/// The registered name.
pub const NAME: &str = "ingest-batch";

/// The batch: a folder on the worker's machine, or a prefix of the object store.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// A folder to read (files below it, recursively).
    #[serde(default)]
    pub folder: Option<PathBuf>,
    /// An object-store prefix to read.
    #[serde(default)]
    pub prefix: Option<String>,
    /// Documents ingested at once.
    #[serde(default = "default_concurrency")]
    pub concurrency: usize,
}

fn default_concurrency() -> usize {
    4
}

/// One document's outcome.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentOutcome {
    /// The document's id.
    pub document: String,
    /// Its name.
    pub name: String,
    /// `completed`, `failed` or `skipped` (already in the catalog).
    pub status: String,
    /// The run that ingested it, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_id: Option<String>,
    /// Facts loaded.
    pub facts_loaded: usize,
    /// Why it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The batch's report.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Output {
    /// Per document, in name order.
    pub documents: Vec<DocumentOutcome>,
    /// How many completed.
    pub completed: usize,
    /// How many failed.
    pub failed: usize,
    /// How many were skipped.
    pub skipped: usize,
}

/// A document found by the listing step.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Found {
    input: document::Input,
    /// The run that already ingested it, if any.
    known_run: Option<String>,
}

/// Runs the workflow.
pub async fn run(
    ctx: Context,
    services: Arc<Ingestion>,
    input: Input,
) -> Result<Output, WorkflowError> {
    if input.folder.is_some() == input.prefix.is_some() {
        return Err(WorkflowError::invalid_input(
            "give exactly one of folder or prefix",
        ));
    }
    if !(1..=64).contains(&input.concurrency) {
        return Err(WorkflowError::invalid_input("concurrency must be 1-64"));
    }
    let options = StepOptions::default().retry(
        RetryPolicy::default()
            .with_max_attempts(5)
            .with_initial_interval(Duration::from_millis(500)),
    );
    let s = services.clone();
    let listing = input.clone();
    let run_id = ctx.run_id().to_owned();
    let found: Vec<Found> = ctx
        .step_with("land-documents", options, move |_| {
            let s = s.clone();
            let listing = listing.clone();
            let run_id = run_id.clone();
            async move { land(&s, &listing, &run_id).await }
        })
        .await?;
    let results = ctx
        .map(
            found.clone(),
            input.concurrency,
            |scope, item: Found| async move {
                if item.known_run.is_some() {
                    return Ok(None);
                }
                let output: document::Output = scope.child(document::NAME, &item.input).await?;
                Ok(Some(output))
            },
        )
        .await;
    // Each child recorded its run in the catalog: the report names it, so a failed
    // document can be redriven from here.
    let s = services.clone();
    let ids: Vec<String> = found
        .iter()
        .map(|item| item.input.document.clone())
        .collect();
    let run_ids: Vec<Option<String>> = ctx
        .step_with("report", StepOptions::default(), move |_| {
            let s = s.clone();
            let ids = ids.clone();
            async move {
                let mut run_ids = Vec::with_capacity(ids.len());
                for id in &ids {
                    run_ids.push(s.catalog.get(id).await?.map(|record| record.run_id));
                }
                Ok::<_, ActivityError>(run_ids)
            }
        })
        .await?;
    let mut output = Output::default();
    for ((item, result), run_id) in found.into_iter().zip(results).zip(run_ids) {
        let (status, facts_loaded, error) = match result {
            Ok(None) => ("skipped", 0, None),
            Ok(Some(done)) => ("completed", done.facts_loaded, None),
            Err(error) => ("failed", 0, Some(error.to_string())),
        };
        match status {
            "completed" => output.completed += 1,
            "failed" => output.failed += 1,
            _ => output.skipped += 1,
        }
        output.documents.push(DocumentOutcome {
            document: item.input.document,
            name: item.input.name,
            status: status.to_owned(),
            run_id: item.known_run.or(run_id),
            facts_loaded,
            error,
        });
    }
    Ok(output)
}

/// Puts every document in the landing area and the catalog; returns them in name order.
async fn land(
    services: &Ingestion,
    input: &Input,
    run_id: &str,
) -> Result<Vec<Found>, ActivityError> {
    let mut documents: Vec<(String, Vec<u8>)> = Vec::new();
    if let Some(folder) = &input.folder {
        for path in files_below(folder)? {
            let bytes = std::fs::read(&path)?;
            let name = path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default();
            documents.push((name, bytes));
        }
    }
    if let Some(prefix) = &input.prefix {
        for key in services.store.list(prefix).await? {
            let bytes = services.store.get(&key).await?;
            let name = key.rsplit('/').next().unwrap_or(&key).to_owned();
            documents.push((name, bytes));
        }
    }
    documents.sort_by(|a, b| a.0.cmp(&b.0));
    let mut found = Vec::new();
    for (name, bytes) in documents {
        let document = sha256_hex(&bytes);
        let key = landing_key(&document, &name);
        if found
            .iter()
            .any(|known: &Found| known.input.document == document)
        {
            continue;
        }
        let size = bytes.len() as i64;
        if !services.store.exists(&key).await? {
            services.store.put(&key, bytes).await?;
        }
        let (record, created) = services
            .catalog
            .register(&document, &name, size, &key, run_id)
            .await?;
        found.push(Found {
            input: document::Input {
                document,
                name,
                key,
            },
            known_run: (!created && record.run_id != run_id).then_some(record.run_id),
        });
    }
    Ok(found)
}

fn files_below(folder: &std::path::Path) -> Result<Vec<PathBuf>, ActivityError> {
    let mut files = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|error| {
            ActivityError::fatal("folder_unreadable", format!("{}: {error}", dir.display()))
        })?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if !entry.file_name().to_string_lossy().starts_with('.') {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}
