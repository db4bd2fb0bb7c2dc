//! `maximizer bench-chat`: message → reply latency of the conversation on a fresh SQLite
//! store with the local understanding. It ingests the documents (the shared samples by
//! default), then answers questions one at a time, each in a fresh conversation through
//! the `conversation-message` workflow with every durable step (profile, history,
//! understanding, tool calls, saved turn), and prints p50/p90/p99.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use engine::{Engine, RunStatus, StartRun};
use serde_json::{Value, json};
use workflows::conversation::message;
use workflows::ingest::Ingestion;

use super::bench::percentile;
use crate::cli::{BenchChatArgs, IngestArgs, StoreArgs};
use crate::intake;

/// Questions asked when no questions file is given: one of each kind.
const QUESTIONS: &[&str] = &[
    "How many miles do I earn flying Lufthansa in fare class P from FRA to JFK credited to United MileagePlus?",
    "How many Aeroplan points for a business-class award from North America to Europe?",
    "Which programs can I credit Turkish Airlines flights to?",
    "Do my Aeroplan points expire?",
    "Which program should I credit a Turkish Airlines flight in Y from IST to JFK to?",
    "What are the Miles&Smiles status tiers?",
];

pub async fn run(
    store_args: &StoreArgs,
    ingest_args: &IngestArgs,
    args: BenchChatArgs,
) -> anyhow::Result<()> {
    let fresh = super::fresh::Fresh::start("bench-chat", store_args, ingest_args).await?;
    let measured = measure(&fresh.engine, &fresh.ingestion, &args).await;
    fresh.finish().await?;
    measured
}

async fn measure(
    engine: &Engine,
    ingestion: &Ingestion,
    args: &BenchChatArgs,
) -> anyhow::Result<()> {
    let documents = args.documents.clone().unwrap_or_else(default_documents);
    let started = Instant::now();
    let mut count = 0;
    for entry in std::fs::read_dir(&documents)
        .with_context(|| format!("reading --documents '{}'", documents.display()))?
    {
        let path = entry?.path();
        if !path.is_file() {
            continue;
        }
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let submitted = intake::submit(engine, ingestion, &name, std::fs::read(&path)?).await?;
        let run = engine
            .wait(&submitted.run_id, Duration::from_secs(600))
            .await?;
        if run.status != RunStatus::Completed {
            anyhow::bail!("ingesting {name} ended {}", run.status);
        }
        count += 1;
    }
    println!(
        "bench-chat: store=sqlite (fresh, fsync every commit) understanding=local \
         documents={count} ingested in {:.1} s warmup={} messages={}",
        started.elapsed().as_secs_f64(),
        args.warmup,
        args.messages
    );

    let questions = questions(args.questions.as_deref(), &documents)?;
    let mut latencies = Vec::with_capacity(args.messages as usize);
    for index in 0..(args.warmup + args.messages) {
        let text = &questions[index as usize % questions.len()];
        let input = json!({"conversation": format!("bench-{index}"), "text": text});
        let started = Instant::now();
        let created = engine
            .start(StartRun::new(message::NAME, input).with_id(format!("bench-chat-{index}")))
            .await?;
        let run = engine
            .wait(&created.run.id, Duration::from_secs(60))
            .await?;
        let elapsed = started.elapsed().as_secs_f64() * 1000.0;
        if run.status != RunStatus::Completed {
            anyhow::bail!("message {index} ended {}: {:?}", run.status, run.error);
        }
        if index == 0 {
            // The first message after the loads rebuilds the graph snapshot.
            println!("first message (graph snapshot built): {elapsed:.2} ms");
        }
        if index >= args.warmup {
            latencies.push(elapsed);
        }
    }
    latencies.sort_by(f64::total_cmp);
    println!(
        "message->reply: p50={:.2} ms p90={:.2} ms p99={:.2} ms ({} messages, {} distinct questions)",
        percentile(&latencies, 50.0),
        percentile(&latencies, 90.0),
        percentile(&latencies, 99.0),
        latencies.len(),
        questions.len()
    );
    Ok(())
}

/// `$SAMPLES_DIR/documents`, else the shared samples beside the working copy.
fn default_documents() -> PathBuf {
    std::env::var_os("SAMPLES_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("tests/fixtures/samples"))
        .join("documents")
}

/// The `question` of every line of a JSONL file: `--questions`, else the
/// `questions.jsonl` next to the documents, else the built-in set.
fn questions(file: Option<&Path>, documents: &Path) -> anyhow::Result<Vec<String>> {
    let beside = documents.parent().map(|dir| dir.join("questions.jsonl"));
    let path = match file {
        Some(path) => Some(path.to_owned()),
        None => beside.filter(|path| path.exists()),
    };
    let Some(path) = path else {
        return Ok(QUESTIONS.iter().map(|q| q.to_string()).collect());
    };
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("reading questions '{}'", path.display()))?;
    let questions: Vec<String> = text
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter_map(|value| value["question"].as_str().map(str::to_owned))
        .collect();
    if questions.is_empty() {
        anyhow::bail!("no questions in '{}'", path.display());
    }
    Ok(questions)
}
