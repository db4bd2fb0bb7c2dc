//! Answers a question set from its ground-truth facts, without extraction: the facts of a
//! `facts.json` become the knowledge graph the tools query, and every question of a
//! `questions.jsonl` is answered the way the conversation workflow answers a message (the
//! local understanding, the plan, the tools, the reply templates), each in a fresh
//! conversation. Writes `{"id","status","reply"}` lines for `score.py answers`:
//!
//! ```text
//! cargo run -p workflows --example answer_questions -- \
//!     --facts DIR/facts.json --questions DIR/questions.jsonl > answers.jsonl
//! python3 tests/fixtures/samples/score.py answers DIR/questions.jsonl DIR/facts.json answers.jsonl
//! ```
//!
//! `--show` adds what was understood and the tools called to each line.

use std::io::Write;
use std::sync::Arc;
use std::time::Instant;

use activities::facts::Facts;
use activities::index::{self, Hit, PassageIndex};
use activities::passages::Passage;
use activities::profiles::{self, Profile, ProfileStore, ProfileUpdate};
use activities::tools::{Snapshot, Tools};
use activities::understanding::LocalUnderstanding;
use async_trait::async_trait;
use serde_json::{Value, json};
use workflows::conversation::steps;

/// No passages: rules questions find nothing, as with a graph loaded without documents.
struct NoPassages;

#[async_trait]
impl PassageIndex for NoPassages {
    async fn index(&self, _: &str, _: &[String], _: &[Passage]) -> Result<u64, index::Error> {
        Ok(0)
    }
    async fn search(&self, _: &str, _: Option<&str>, _: u32) -> Result<Vec<Hit>, index::Error> {
        Ok(Vec::new())
    }
}

/// No profiles: every question is asked anonymously.
struct NoProfiles;

#[async_trait]
impl ProfileStore for NoProfiles {
    async fn get(&self, _: &str) -> Result<Option<Profile>, profiles::Error> {
        Ok(None)
    }
    async fn put(&self, user: &str, _: &ProfileUpdate) -> Result<Profile, profiles::Error> {
        Ok(Profile::empty(user))
    }
}

/// Every document's facts of a `facts.json`, merged, each citing its document.
fn ground_truth(facts_json: &Value) -> Result<Facts, String> {
    let mut merged = serde_json::Map::new();
    let documents = facts_json["documents"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for document in documents {
        let file = document["file"].as_str().unwrap_or_default();
        let name = file.rsplit('/').next().unwrap_or(file);
        let source = json!({"document": file, "document_name": name, "page": 0});
        let Some(categories) = document["facts"].as_object() else {
            continue;
        };
        for (category, items) in categories {
            let into = merged.entry(category.clone()).or_insert_with(|| json!([]));
            for item in items.as_array().into_iter().flatten() {
                // facts.json writes alliances as names.
                let mut item = match item {
                    Value::String(name) => json!({"name": name}),
                    other => other.clone(),
                };
                if let Some(fields) = item.as_object_mut() {
                    fields.insert("source".into(), source.clone());
                }
                if let Some(list) = into.as_array_mut() {
                    list.push(item);
                }
            }
        }
    }
    serde_json::from_value(Value::Object(merged)).map_err(|error| format!("facts: {error}"))
}

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|error| format!("{path}: {error}"))
}

struct Args {
    facts: String,
    questions: String,
    show: bool,
}

fn args() -> Result<Args, String> {
    let mut facts = None;
    let mut questions = None;
    let mut show = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--facts" => facts = args.next(),
            "--questions" => questions = args.next(),
            "--show" => show = true,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    match (facts, questions) {
        (Some(facts), Some(questions)) => Ok(Args {
            facts,
            questions,
            show,
        }),
        _ => Err(
            "usage: answer_questions --facts FACTS_JSON --questions QUESTIONS_JSONL [--show]"
                .into(),
        ),
    }
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let args = args()?;
    let facts_json: Value = serde_json::from_str(&read(&args.facts)?)
        .map_err(|error| format!("{}: {error}", args.facts))?;
    let tools = Tools {
        knowledge: Arc::new(Snapshot::from_facts(&ground_truth(&facts_json)?)),
        index: Arc::new(NoPassages),
        profiles: Arc::new(NoProfiles),
    };
    let understanding = LocalUnderstanding;
    let mut out = std::io::stdout().lock();
    let started = Instant::now();
    let mut count = 0u32;
    for line in read(&args.questions)?
        .lines()
        .filter(|line| !line.trim().is_empty())
    {
        let question: Value = serde_json::from_str(line).map_err(|error| error.to_string())?;
        let text = question["question"].as_str().unwrap_or_default();
        let mut record = match steps::answer(&tools, &understanding, text, Vec::new(), None).await {
            Ok(answer) if args.show => json!({
                "status": 200, "reply": answer.reply, "question": text,
                "understood": answer.understood,
                "tools": answer.tool_calls.iter().map(|call| json!({"tool": call.tool, "input": call.input})).collect::<Vec<_>>(),
            }),
            Ok(answer) => json!({"status": 200, "reply": answer.reply}),
            Err(error) => json!({"status": 500, "reply": error.to_string()}),
        };
        record["id"] = question["id"].clone();
        writeln!(out, "{record}").map_err(|error| error.to_string())?;
        count += 1;
    }
    eprintln!(
        "answered {count} questions in {:.0} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    Ok(())
}
