//! `maximizer eval --documents DIR --facts FILE [--questions FILE]`: the configured
//! extractor and understanding measured on a labelled set. The documents are ingested
//! (4 at a time) into a fresh store, the facts exported as `GET /v1/graph/facts` exports
//! them, each question asked in a fresh conversation as `POST
//! /v1/conversations/{id}/messages` answers it, and both scored as `score.py` scores them.
//! One line on stdout; per category, per format and failing questions on stderr.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use axum::response::IntoResponse as _;
use engine::http::ApiError;
use engine::{Engine, RunStatus};
use serde_json::{Value, json};
use workflows::conversation::Conversations;
use workflows::conversation::message;
use workflows::ingest::Ingestion;

use super::fresh::Fresh;
use crate::api::{conversations, graph};
use crate::cli::{EvalArgs, GraphLoaderKind, IngestArgs, OcrKind, StoreArgs};
use crate::eval::report::Outcome;
use crate::eval::{answers, facts, input};
use crate::intake;

/// Documents ingested, and questions asked, at once.
const PARALLEL: usize = 4;
/// Longest wait for one document's ingestion.
const DOCUMENT_TIMEOUT: Duration = Duration::from_secs(600);

/// The labelled set, read and checked before anything is ingested.
struct Set {
    documents: Vec<PathBuf>,
    facts: Value,
    questions: Vec<Value>,
}

pub async fn run(
    store_args: &StoreArgs,
    ingest_args: &IngestArgs,
    args: EvalArgs,
) -> anyhow::Result<()> {
    let started = Instant::now();
    let set = load(&args)?;
    let fresh = Fresh::start("eval", store_args, &isolated(ingest_args)).await?;
    let measured = measure(&fresh, &set).await;
    fresh.finish().await?;
    let (docs_ok, export, answer_lines) = measured?;

    if let Some(path) = &args.export_out {
        let text = serde_json::to_string_pretty(&export)?;
        std::fs::write(path, text + "\n")
            .with_context(|| format!("writing --export-out '{}'", path.display()))?;
    }
    if let Some(path) = &args.answers_out {
        let text: String = answer_lines
            .iter()
            .map(|line| {
                let (id, status, reply) = (&line["id"], &line["status"], &line["reply"]);
                format!("{{\"id\":{id},\"status\":{status},\"reply\":{reply}}}\n")
            })
            .collect();
        std::fs::write(path, text)
            .with_context(|| format!("writing --answers-out '{}'", path.display()))?;
    }
    let outcome = Outcome {
        docs_ok,
        docs: set.documents.len(),
        facts: facts::score_facts(&set.facts, &export).map_err(anyhow::Error::msg)?,
        answers: answers::score_answers(&set.questions, &set.facts, &answer_lines, &[]),
    };
    for line in outcome.details() {
        eprintln!("{line}");
    }
    eprintln!("eval took {:.1} s", started.elapsed().as_secs_f64());
    println!("{}", outcome.summary());
    Ok(())
}

fn load(args: &EvalArgs) -> anyhow::Result<Set> {
    let dir = &args.documents;
    if !dir.is_dir() {
        bail!("--documents '{}' is not a folder", dir.display());
    }
    let mut documents = Vec::new();
    super::ingest::collect(dir, &mut documents)?;
    if documents.is_empty() {
        bail!("--documents '{}' holds no files", dir.display());
    }
    let facts = input::load_object(&args.facts, "--facts")?;
    let mut questions = Vec::new();
    if let Some(path) = &args.questions {
        for (number, question) in input::load_lines(path, "--questions")? {
            if !question.get("question").is_some_and(Value::is_string) {
                bail!(
                    "--questions '{}', line {number}: no \"question\" text",
                    path.display()
                );
            }
            questions.push(question);
        }
    }
    Ok(Set {
        documents,
        facts,
        questions,
    })
}

/// The configuration evaluated (extractor, OCR, understanding, their models, approval),
/// with everything it writes kept to the fresh store: documents in its folder (or, for
/// Textract, under a prefix of their own in the bucket), the embedded graph for loading
/// and for the conversation's tools, and no notifications.
fn isolated(args: &IngestArgs) -> IngestArgs {
    let mut args = args.clone();
    let mut ignored = Vec::new();
    if args.objects_dir.take().is_some() {
        ignored.push("MAXIMIZER_OBJECTS_DIR");
    }
    if args.ocr == OcrKind::Textract {
        args.s3_prefix = format!(
            "{}eval-{}-{}/",
            args.s3_prefix,
            std::process::id(),
            chrono::Utc::now().timestamp_millis()
        );
    } else if args.s3_bucket.take().is_some() {
        ignored.push("MAXIMIZER_S3_BUCKET");
    }
    if args.graph_loader != GraphLoaderKind::Embedded {
        args.graph_loader = GraphLoaderKind::Embedded;
        ignored.push("MAXIMIZER_GRAPH_LOADER");
    }
    if args.knowledge != GraphLoaderKind::Embedded {
        args.knowledge = GraphLoaderKind::Embedded;
        ignored.push("MAXIMIZER_KNOWLEDGE");
    }
    if args.webhook_url.take().is_some() {
        ignored.push("MAXIMIZER_WEBHOOK_URL");
    }
    if args.sns_topic_arn.take().is_some() {
        ignored.push("MAXIMIZER_SNS_TOPIC_ARN");
    }
    args.sns_endpoint_url = None;
    if !ignored.is_empty() {
        eprintln!(
            "eval: {} ignored: the eval keeps its documents, graph and outcomes in a fresh store",
            ignored.join(", ")
        );
    }
    args
}

/// Ingests, exports and asks: (documents ingested, the export, one answer per question).
async fn measure(fresh: &Fresh, set: &Set) -> anyhow::Result<(usize, Value, Vec<Value>)> {
    let started = Instant::now();
    let ingested = bounded(set.documents.clone(), |path| {
        let engine = fresh.engine.clone();
        let ingestion = fresh.ingestion.clone();
        async move {
            let outcome = ingest(&engine, &ingestion, &path).await;
            (path, outcome)
        }
    })
    .await;
    let mut docs_ok = 0;
    for (path, outcome) in ingested {
        match outcome {
            Ok(()) => docs_ok += 1,
            Err(reason) => eprintln!("eval: document '{}' not ingested: {reason}", path.display()),
        }
    }
    eprintln!(
        "eval: {docs_ok} of {} documents ingested in {:.1} s",
        set.documents.len(),
        started.elapsed().as_secs_f64()
    );
    let export = match graph::export(&fresh.ingestion, None).await {
        Ok(export) => export,
        Err(error) => bail!("exporting the facts: {}", body_of(error).await.1),
    };
    let started = Instant::now();
    let asked = bounded(
        set.questions.iter().cloned().enumerate().collect(),
        |(index, question)| {
            let engine = fresh.engine.clone();
            let conversations = fresh.conversations.clone();
            async move { ask(&engine, &conversations, index, &question).await }
        },
    )
    .await;
    eprintln!(
        "eval: {} questions answered in {:.1} s",
        asked.len(),
        started.elapsed().as_secs_f64()
    );
    Ok((docs_ok, export, asked))
}

/// Runs `job` on every input, `PARALLEL` at a time; the results in the inputs' order.
async fn bounded<I, T, F, Fut>(inputs: Vec<I>, job: F) -> Vec<T>
where
    F: Fn(I) -> Fut,
    Fut: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let slots = Arc::new(tokio::sync::Semaphore::new(PARALLEL));
    let mut tasks = tokio::task::JoinSet::new();
    for (index, item) in inputs.into_iter().enumerate() {
        let slots = slots.clone();
        let work = job(item);
        tasks.spawn(async move {
            let _slot = slots.acquire_owned().await;
            (index, work.await)
        });
    }
    let mut results: Vec<(usize, T)> = Vec::new();
    while let Some(done) = tasks.join_next().await {
        match done {
            Ok(result) => results.push(result),
            Err(error) => std::panic::resume_unwind(error.into_panic()),
        }
    }
    results.sort_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}

/// Lands one document and waits for its run: `Err` says why it did not complete (failed,
/// facts held for a curator, too slow, unreadable or unsupported).
async fn ingest(engine: &Engine, ingestion: &Ingestion, path: &Path) -> Result<(), String> {
    let submitted = intake::submit_file(engine, ingestion, path)
        .await
        .map_err(|error| format!("{error:#}"))?;
    let deadline = Instant::now() + DOCUMENT_TIMEOUT;
    loop {
        let run = engine
            .wait(&submitted.run_id, Duration::from_secs(1))
            .await
            .map_err(|error| error.to_string())?;
        match run.status {
            RunStatus::Completed => return Ok(()),
            RunStatus::Failed | RunStatus::Cancelled => {
                let error = run.error.unwrap_or_default();
                let message = error["message"]
                    .as_str()
                    .map_or_else(|| error.to_string(), str::to_owned);
                return Err(format!("run {} {}: {message}", run.id, run.status));
            }
            _ => {}
        }
        if let Ok(Some(record)) = ingestion.catalog.get(&submitted.id).await
            && record.awaiting_approval
        {
            return Err(format!(
                "{} fact(s) wait for a curator (MAXIMIZER_APPROVAL_MODE)",
                record.facts_held
            ));
        }
        if Instant::now() >= deadline {
            return Err(format!(
                "run {} not done within {} s",
                run.id,
                DOCUMENT_TIMEOUT.as_secs()
            ));
        }
    }
}

/// Asks one question in a fresh conversation as an admin's `POST
/// /v1/conversations/{id}/messages` would: `{"id", "status", "reply"}` with the reply
/// text of the answer, or the error body.
async fn ask(engine: &Engine, services: &Conversations, index: usize, question: &Value) -> Value {
    let conversation = format!("eval-{index}");
    let text = question["question"].as_str().unwrap_or_default();
    let answered = async {
        let text = conversations::message_text(text)?;
        services
            .store
            .claim(&conversation, "admin")
            .await
            .map_err(conversations::unavailable)?;
        let input = message::Input {
            conversation: conversation.clone(),
            user: None,
            text: text.to_owned(),
        };
        conversations::reply(engine, input).await
    }
    .await;
    let (status, body) = match answered {
        Ok(body) => (200, body.to_string()),
        Err(error) => body_of(error).await,
    };
    let reply = serde_json::from_str::<Value>(&body)
        .ok()
        .and_then(|body| body["reply"].as_str().map(str::to_owned))
        .unwrap_or(body);
    json!({"id": question.get("id").cloned().unwrap_or(Value::Null), "status": status, "reply": reply})
}

/// An API error's HTTP status and body text, as a client receives them.
async fn body_of(error: ApiError) -> (u16, String) {
    let response = error.into_response();
    let status = response.status().as_u16();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default();
    (status, body)
}
