//! `ingest-document`: one landed document becomes facts in the knowledge graph and
//! passages in the retrieval index. Every side effect is a journaled step with a retry
//! policy fitted to it, so a crash resumes after the last completed step and a redrive
//! re-runs only the step that failed and those after it.

use std::sync::Arc;
use std::time::Duration;

use activities::catalog::Counts;
use activities::documents::{self, DocumentKind, Page};
use activities::facts::Facts;
use activities::graph::{GraphBatch, LoadReport};
use activities::neptune::LoadStatus;
use activities::notify::IngestionEvent;
use activities::object_store::prefixes;
use activities::ocr::{OcrPoll, OcrStart};
use activities::passages::{self, DocumentText};
use activities::validate::{self, HeldFact, Validation};
use engine::{ActivityError, Context, RetryPolicy, StepOptions, WorkflowError};
use serde::{Deserialize, Serialize};

use super::Ingestion;

/// The registered name.
pub const NAME: &str = "ingest-document";

/// The signal a curator sends to decide on held facts.
pub const APPROVAL_SIGNAL: &str = "approval";

/// The workflow's input: a document already in the landing area.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// The SHA-256 of its content (the document's id).
    pub document: String,
    /// The file name it arrived with.
    pub name: String,
    /// Its key in the object store.
    pub key: String,
}

/// A curator's decision on held facts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// `approve` or `reject`.
    pub decision: DecisionKind,
    /// The held facts it applies to (all when absent); the others are rejected.
    #[serde(default)]
    pub facts: Option<Vec<String>>,
}

/// Approve or reject.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    /// Load the facts.
    Approve,
    /// Drop the facts.
    Reject,
}

/// What the run did.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Output {
    /// The document's id.
    pub document: String,
    /// Its file name.
    pub name: String,
    /// The detected type.
    pub kind: String,
    /// Pages read.
    pub pages: usize,
    /// Whether the text came from OCR.
    pub ocr: bool,
    /// Passages indexed.
    pub passages: usize,
    /// Facts the extractor found.
    pub facts_extracted: usize,
    /// Facts loaded into the graph.
    pub facts_loaded: usize,
    /// Facts held for a curator (before the decision).
    pub facts_held: usize,
    /// Facts rejected (by validation without a gate, by a curator or by timeout).
    pub facts_rejected: usize,
    /// `approved`, `rejected`, `timed_out` when facts were held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval: Option<String>,
    /// Nodes and edges written, unchanged and superseded.
    pub graph: LoadReport,
}

/// The text a document yields: pages, or a note that it needs OCR.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
enum TextLayer {
    Pages { pages: Vec<Page> },
    NeedsOcr,
}

fn policy(attempts: u32, first: Duration) -> StepOptions {
    StepOptions::default().retry(
        RetryPolicy::default()
            .with_max_attempts(attempts)
            .with_initial_interval(first),
    )
}

/// Runs the workflow.
pub async fn run(
    ctx: Context,
    services: Arc<Ingestion>,
    input: Input,
) -> Result<Output, WorkflowError> {
    if input.document.len() != 64 || !input.document.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(WorkflowError::invalid_input(
            "document must be the SHA-256 of the content (64 hex digits)",
        ));
    }
    let quick = policy(5, Duration::from_millis(200));
    let tools = policy(4, Duration::from_secs(1));
    let model = policy(6, Duration::from_secs(2));

    let s = services.clone();
    let (document, run_id) = (input.document.clone(), ctx.run_id().to_owned());
    ctx.step_with("register", quick.clone(), move |_| {
        let s = s.clone();
        let document = document.clone();
        let run_id = run_id.clone();
        async move { s.catalog.set_run(&document, &run_id).await }
    })
    .await?;

    let s = services.clone();
    let (key, document) = (input.key.clone(), input.document.clone());
    let kind: DocumentKind = ctx
        .step_with("detect", quick.clone(), move |_| {
            let s = s.clone();
            let key = key.clone();
            let document = document.clone();
            async move {
                let bytes = s.store.get(&key).await?;
                let kind = documents::detect(&bytes)?;
                s.catalog.set_kind(&document, kind.as_str()).await?;
                Ok::<_, ActivityError>(kind)
            }
        })
        .await?;

    let s = services.clone();
    let key = input.key.clone();
    let layer: TextLayer = ctx
        .step_with("extract-text", tools.clone(), move |_| {
            let s = s.clone();
            let key = key.clone();
            async move {
                let bytes = s.store.get(&key).await?;
                Ok::<_, ActivityError>(match documents::text_layer(kind, &bytes).await? {
                    Some(pages) => TextLayer::Pages { pages },
                    None => TextLayer::NeedsOcr,
                })
            }
        })
        .await?;
    let (pages, ocr) = match layer {
        TextLayer::Pages { pages } => (pages, false),
        TextLayer::NeedsOcr => (read_with_ocr(&ctx, &services, &input, kind).await?, true),
    };

    let s = services.clone();
    let (document, name) = (input.document.clone(), input.name.clone());
    let text: DocumentText = ctx
        .step_with("split-passages", quick.clone(), move |_| {
            let s = s.clone();
            let document = document.clone();
            let name = name.clone();
            let pages = pages.clone();
            async move {
                let passages = passages::split(&document, &pages);
                let text = DocumentText {
                    id: document.clone(),
                    name,
                    passages,
                };
                let json = serde_json::to_vec_pretty(&text).unwrap_or_default();
                s.store
                    .put(&format!("{}{document}.json", prefixes::PROCESSED), json)
                    .await?;
                Ok::<_, ActivityError>(text)
            }
        })
        .await?;

    let s = services.clone();
    let for_extractor = text.clone();
    let facts: Facts = ctx
        .step_with("extract-facts", model, move |_| {
            let s = s.clone();
            let for_extractor = for_extractor.clone();
            async move {
                let facts = s.extractor.extract(&for_extractor).await?;
                let json = serde_json::to_vec_pretty(&facts).unwrap_or_default();
                s.store
                    .put(
                        &format!("{}{}.json", prefixes::FACTS, for_extractor.id),
                        json,
                    )
                    .await?;
                Ok::<_, ActivityError>(facts)
            }
        })
        .await?;
    let facts_extracted = facts.len();

    let s = services.clone();
    let validation: Validation = ctx
        .step_with("validate", quick.clone(), move |_| {
            let s = s.clone();
            let facts = facts.clone();
            async move {
                let program = facts.programs.first().map(|program| program.id.clone());
                let existing = s.graph.export(program.as_deref()).await?;
                Ok::<_, ActivityError>(validate::validate(&facts, &existing, s.settings.validation))
            }
        })
        .await?;

    let mut report = load(&ctx, &services, &input, "", validation.accepted.clone()).await?;
    let mut loaded = validation.accepted.len();
    let mut rejected = validation.rejected.len();

    let s = services.clone();
    let for_index = text.passages.clone();
    let (name, programs) = (input.name.clone(), program_ids(&validation.accepted));
    let passages_indexed: u64 = ctx
        .step_with("index-passages", quick.clone(), move |_| {
            let s = s.clone(); let for_index = for_index.clone(); let name = name.clone(); let programs = programs.clone();
            async move {
            Ok::<_, ActivityError>(s.index.index(&name, &programs, &for_index).await?)
        }
        })
        .await?;

    record_counts(&ctx, &services, &input, facts_extracted, loaded, rejected).await?;

    let mut approval = None;
    if !validation.held.is_empty() {
        let s = services.clone();
        let (document, held) = (input.document.clone(), validation.held.clone());
        ctx.step_with("hold-for-approval", quick.clone(), move |_| {
            let s = s.clone();
            let document = document.clone();
            let held = held.clone();
            async move { s.catalog.set_held(&document, &held).await }
        })
        .await?;
        let decision: Option<Decision> = ctx
            .wait_for_signal(APPROVAL_SIGNAL, Some(services.settings.approval_timeout))
            .await?;
        let (approved, outcome) = decided(&validation.held, decision);
        approval = Some(outcome.to_owned());
        if !approved.is_empty() {
            let extra = load(
                &ctx,
                &services,
                &input,
                "approved-",
                validate::facts_of(&approved),
            )
            .await?;
            report.written += extra.written;
            report.unchanged += extra.unchanged;
            report.superseded += extra.superseded;
        }
        loaded += approved.len();
        rejected += validation.held.len() - approved.len();
        let s = services.clone();
        let document = input.document.clone();
        ctx.step_with("release-approval", quick.clone(), move |_| {
            let s = s.clone();
            let document = document.clone();
            async move { s.catalog.set_held(&document, &[]).await }
        })
        .await?;
        record_counts(&ctx, &services, &input, facts_extracted, loaded, rejected).await?;
    }

    let s = services.clone();
    let event = IngestionEvent {
        document: input.document.clone(),
        name: input.name.clone(),
        run_id: ctx.run_id().to_owned(),
        status: "completed".into(),
        facts_loaded: loaded as u64,
        facts_rejected: rejected as u64,
        error: None,
    };
    ctx.step_with("notify", tools, move |_| {
        let s = s.clone();
        let event = event.clone();
        async move { s.notifier.notify(&event).await }
    })
    .await?;

    Ok(Output {
        document: input.document,
        name: input.name,
        kind: kind.as_str().to_owned(),
        pages: text.passages.iter().map(|p| p.page).max().unwrap_or(0) as usize,
        ocr,
        passages: passages_indexed as usize,
        facts_extracted,
        facts_loaded: loaded,
        facts_held: validation.held.len(),
        facts_rejected: rejected,
        approval,
        graph: report,
    })
}

/// OCR as a job: started once, then polled with durable timers in between, so a crash
/// mid-job resumes polling the same job instead of starting another.
async fn read_with_ocr(
    ctx: &Context,
    services: &Arc<Ingestion>,
    input: &Input,
    kind: DocumentKind,
) -> Result<Vec<Page>, WorkflowError> {
    let s = services.clone();
    let key = input.key.clone();
    let started: OcrStart = ctx
        .step_with("ocr-start", policy(4, Duration::from_secs(1)), move |_| {
            let s = s.clone();
            let key = key.clone();
            async move {
                let bytes = s.store.get(&key).await?;
                Ok::<_, ActivityError>(s.ocr.start(&key, kind, &bytes).await?)
            }
        })
        .await?;
    let job_id = match started {
        OcrStart::Done { pages } => return Ok(pages),
        OcrStart::Started { job_id } => job_id,
    };
    let interval = services.settings.ocr_poll_interval;
    for _ in 0..services.settings.ocr_max_polls {
        ctx.sleep(interval).await?;
        let s = services.clone();
        let job = job_id.clone();
        let polled: OcrPoll = ctx
            .step_with("ocr-poll", policy(5, Duration::from_secs(1)), move |_| {
                let s = s.clone();
                let job = job.clone();
                async move { Ok::<_, ActivityError>(s.ocr.poll(&job).await?) }
            })
            .await?;
        if let OcrPoll::Done { pages } = polled {
            return Ok(pages);
        }
    }
    Err(WorkflowError::new(
        "ocr_timeout",
        format!("OCR job {job_id} did not finish in time"),
    ))
}

/// Writes the graph load files for `facts` and loads them into the graph.
async fn load(
    ctx: &Context,
    services: &Arc<Ingestion>,
    input: &Input,
    prefix: &str,
    facts: Facts,
) -> Result<LoadReport, WorkflowError> {
    let s = services.clone();
    let document = input.document.clone();
    let stage = format!("{}{}/{prefix}", prefixes::STAGING, input.document);
    let staged = stage.clone();
    let batch: GraphBatch = ctx
        .step_with(
            &format!("{prefix}write-load-files"),
            policy(5, Duration::from_millis(200)),
            move |_| {
                let s = s.clone();
                let document = document.clone();
                let stage = stage.clone();
                let facts = facts.clone();
                async move {
                    let batch = activities::graph::to_graph(&document, &facts);
                    let (vertices, edges) = activities::graph::to_gremlin_csv(&batch);
                    s.store
                        .put(&format!("{stage}vertices.csv"), vertices.into_bytes())
                        .await?;
                    s.store
                        .put(&format!("{stage}edges.csv"), edges.into_bytes())
                        .await?;
                    Ok::<_, ActivityError>(batch)
                }
            },
        )
        .await?;
    if services.bulk_loader.is_some() {
        bulk_load(ctx, services, &staged, prefix).await?;
    }
    let s = services.clone();
    let report: LoadReport = ctx
        .step_with(
            &format!("{prefix}load-graph"),
            policy(6, Duration::from_millis(500)),
            move |_| {
                let s = s.clone();
                let batch = batch.clone();
                async move { Ok::<_, ActivityError>(s.graph.load(&batch).await?) }
            },
        )
        .await?;
    Ok(report)
}

/// The production load: a bulk load of the staged files, started once and polled with
/// durable timers in between (as OCR jobs are), so a crash mid-load resumes polling the same
/// load instead of starting another.
async fn bulk_load(
    ctx: &Context,
    services: &Arc<Ingestion>,
    staged: &str,
    prefix: &str,
) -> Result<(), WorkflowError> {
    let s = services.clone();
    let staged = staged.to_owned();
    let load_id: String = ctx
        .step_with(
            &format!("{prefix}neptune-load-start"),
            policy(5, Duration::from_secs(1)),
            move |_| {
                let s = s.clone();
                let staged = staged.clone();
                async move {
                    let loader = s.bulk_loader.as_ref().ok_or_else(no_loader)?;
                    Ok::<_, ActivityError>(loader.start(&staged).await?)
                }
            },
        )
        .await?;
    let settings = &services.settings;
    for _ in 0..settings.bulk_load_max_polls {
        ctx.sleep(settings.bulk_load_poll_interval).await?;
        let s = services.clone();
        let load = load_id.clone();
        let status: LoadStatus = ctx
            .step_with(
                &format!("{prefix}neptune-load-poll"),
                policy(5, Duration::from_secs(1)),
                move |_| {
                    let s = s.clone();
                    let load = load.clone();
                    async move {
                        let loader = s.bulk_loader.as_ref().ok_or_else(no_loader)?;
                        Ok::<_, ActivityError>(loader.status(&load).await?)
                    }
                },
            )
            .await?;
        match status {
            LoadStatus::Running => {}
            LoadStatus::Completed => return Ok(()),
            LoadStatus::Failed(reason) => {
                return Err(WorkflowError::new(
                    "graph_load_rejected",
                    format!("bulk load {load_id} failed: {reason}"),
                ));
            }
        }
    }
    Err(WorkflowError::new(
        "graph_load_timeout",
        format!("bulk load {load_id} did not finish in time"),
    ))
}

/// A run journaled with a bulk load, replayed by a worker configured without one.
fn no_loader() -> ActivityError {
    ActivityError::fatal(
        "bulk_loader_missing",
        "this worker has no bulk loader configured (MAXIMIZER_GRAPH_LOADER=neptune)",
    )
}

async fn record_counts(
    ctx: &Context,
    services: &Arc<Ingestion>,
    input: &Input,
    extracted: usize,
    loaded: usize,
    rejected: usize,
) -> Result<(), WorkflowError> {
    let s = services.clone();
    let document = input.document.clone();
    let counts = Counts {
        extracted: extracted as i64,
        loaded: loaded as i64,
        rejected: rejected as i64,
    };
    ctx.step_with(
        "record-counts",
        policy(5, Duration::from_millis(200)),
        move |_| {
            let s = s.clone();
            let document = document.clone();
            async move { s.catalog.set_counts(&document, counts).await }
        },
    )
    .await?;
    Ok(())
}

/// The held facts a decision approves, and the outcome's name.
fn decided(held: &[HeldFact], decision: Option<Decision>) -> (Vec<HeldFact>, &'static str) {
    match decision {
        None => (Vec::new(), "timed_out"),
        Some(Decision {
            decision: DecisionKind::Reject,
            facts: None,
        }) => (Vec::new(), "rejected"),
        Some(Decision {
            decision: DecisionKind::Approve,
            facts: None,
        }) => (held.to_vec(), "approved"),
        Some(Decision {
            decision,
            facts: Some(ids),
        }) => {
            let chosen = |fact: &&HeldFact| ids.contains(&fact.id);
            let approved: Vec<HeldFact> = match decision {
                DecisionKind::Approve => held.iter().filter(chosen).cloned().collect(),
                DecisionKind::Reject => held.iter().filter(|f| !chosen(f)).cloned().collect(),
            };
            (approved, "partly_approved")
        }
    }
}

fn program_ids(facts: &Facts) -> Vec<String> {
    facts
        .programs
        .iter()
        .map(|program| program.id.clone())
        .collect()
}
