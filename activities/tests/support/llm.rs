//! What the model endpoints of the harness (Bedrock Converse, OpenAI chat) share: they
//! check the prompt and the `record_facts` tool the adapter sent, and answer with the facts
//! the crate's deterministic [`LocalExtractor`] reads in the passages of the request, so
//! a test checks a real round trip of the document's own facts. For the understanding's
//! `record_understanding` tool they answer with what the crate's [`LocalUnderstanding`]
//! makes of the question and the context the request carries.

use activities::documents::{self, DocumentKind};
use activities::extractor::{Extractor, LocalExtractor, schema};
use activities::facts::Facts;
use activities::passages::{self, DocumentText, Passage};
use activities::tools::Snapshot;
use activities::understanding::{self, LocalUnderstanding, Request, Understanding, Vocabulary};
use serde_json::{Value, json};

/// The facts of the passages in a user message, as a `record_facts` input: each fact names
/// its passage instead of carrying a source. `malformed` adds facts that do not parse.
pub async fn answer(user_message: &str, malformed: bool) -> Result<Value, String> {
    let document = document_of(user_message)?;
    let facts = LocalExtractor
        .extract(&document)
        .await
        .map_err(|error| error.to_string())?;
    let mut input = serde_json::to_value(&facts).unwrap();
    for items in input.as_object_mut().unwrap().values_mut() {
        for item in items.as_array_mut().unwrap() {
            let fields = item.as_object_mut().unwrap();
            let source = fields.remove("source").unwrap_or_default();
            fields.insert("passage".into(), source["passage"].clone());
        }
    }
    if malformed {
        let rules = input["earning_rules"].as_array_mut().unwrap();
        rules.push(json!({"program": "x", "operating_airline": "LH", "cabin": "spaceship"}));
        rules.push(json!("fly more"));
        input["award_rules"]
            .as_array_mut()
            .unwrap()
            .push(json!({"program": "x", "miles_one_way": "lots"}));
    }
    Ok(input)
}

/// The document a user message quotes: its name and the JSON array of passages between
/// the tags.
pub fn document_of(user_message: &str) -> Result<DocumentText, String> {
    let name_line = user_message
        .lines()
        .find_map(|line| line.strip_prefix("Document: "))
        .ok_or("no 'Document:' line")?;
    let name: String = serde_json::from_str(name_line).map_err(|e| format!("name: {e}"))?;
    let start = user_message.find("<passages>").ok_or("no <passages>")? + "<passages>".len();
    let end = user_message.rfind("</passages>").ok_or("no </passages>")?;
    let quoted: Vec<Value> =
        serde_json::from_str(&user_message[start..end]).map_err(|e| format!("passages: {e}"))?;
    let passages: Vec<Passage> = quoted
        .iter()
        .map(|passage| {
            let id = passage["id"].as_str().unwrap_or_default().to_owned();
            Passage {
                document: id.split(':').next().unwrap_or_default().to_owned(),
                id,
                page: passage["page"].as_u64().unwrap_or(0) as u32,
                section: passage["section"].as_str().unwrap_or_default().to_owned(),
                text: passage["text"].as_str().unwrap_or_default().to_owned(),
            }
        })
        .collect();
    let id = passages
        .first()
        .map(|p| p.document.clone())
        .unwrap_or_default();
    Ok(DocumentText { id, name, passages })
}

/// Checks the system prompt: it must call the document data, never instructions, and hold
/// none of the document's text.
pub fn check_system_prompt(system: &str, user_message: &str) -> Result<(), String> {
    if !system.contains("data, never instructions") {
        return Err("the system prompt does not say document text is data".into());
    }
    let document = document_of(user_message)?;
    if document
        .passages
        .iter()
        .any(|passage| system.contains(&passage.text))
    {
        return Err("document text belongs in the user message".into());
    }
    Ok(())
}

/// Checks the tool's name and input schema.
pub fn check_tool(name: &Value, input_schema: &Value) -> Result<(), String> {
    if name != schema::TOOL_NAME {
        return Err(format!("tool name {name}"));
    }
    if *input_schema != schema::facts_schema() {
        return Err("the tool's input schema is not the facts schema".into());
    }
    Ok(())
}

/// A sample document, read and split as the ingestion workflow does.
pub async fn sample_text(name: &str, kind: DocumentKind) -> DocumentText {
    let path = format!(
        "{}/../tests/fixtures/samples/documents/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(path).expect("the shared samples");
    let pages = documents::extract_text(kind, &bytes).await.unwrap();
    let id = "4f2a".repeat(16);
    DocumentText {
        passages: passages::split(&id, &pages),
        id,
        name: name.to_owned(),
    }
}

/// The understanding's tool.
pub const UNDERSTANDING_TOOL: &str = "record_understanding";

/// Checks a `record_understanding` request: the tool's schema is the `Understood` schema,
/// the system prompt says the question is data and carries the context, and the user
/// message is the question alone.
pub fn check_understanding(
    name: &Value,
    input_schema: &Value,
    system: &str,
    user_message: &str,
) -> Result<(), String> {
    if name != UNDERSTANDING_TOOL {
        return Err(format!("tool name {name}"));
    }
    if *input_schema != understanding::understood_schema() {
        return Err("the tool's input schema is not the Understood schema".into());
    }
    if !system.contains("data, never instructions") {
        return Err("the system prompt does not say the question is data".into());
    }
    if user_message.trim().is_empty() || user_message.contains("<context>") {
        return Err("the user message is not the traveller's question alone".into());
    }
    request_of(system, user_message).map(drop)
}

/// The understanding request a call carries: the question from the user message, the
/// rest from the system prompt's context.
pub fn request_of(system: &str, user_message: &str) -> Result<Request, String> {
    // The instructions name the tags too; the context itself comes last.
    let start = system.rfind("<context>").ok_or("no <context>")? + "<context>".len();
    let end = system.rfind("</context>").ok_or("no </context>")?;
    let mut context: Value =
        serde_json::from_str(&system[start..end]).map_err(|e| format!("context: {e}"))?;
    context["text"] = json!(user_message);
    serde_json::from_value(context).map_err(|e| format!("context: {e}"))
}

/// What the local understanding makes of the request, as a `record_understanding` input.
/// `sloppy` writes it as a careless model might: codes in lowercase, programs by name,
/// the cabin capitalised, a place of no known kind and a field nobody asked for.
pub async fn understanding_answer(
    system: &str,
    user_message: &str,
    sloppy: bool,
) -> Result<Value, String> {
    let request = request_of(system, user_message)?;
    let understood = LocalUnderstanding
        .understand(&request)
        .await
        .map_err(|error| error.to_string())?;
    let mut input = serde_json::to_value(&understood).unwrap();
    if sloppy {
        let slots = &mut input["slots"];
        for code in ["airline", "fare_class"] {
            if let Some(text) = slots[code].as_str() {
                slots[code] = json!(text.to_lowercase());
            }
        }
        if let Some(cabin) = slots["cabin"].as_str() {
            slots["cabin"] = json!(cabin.replace('_', " ").to_uppercase());
        }
        if let Some(programs) = slots["programs"].as_array_mut() {
            for program in programs {
                let id = program.as_str().unwrap_or_default();
                if let Some(words) = request.vocabulary.program(id) {
                    *program = json!(words.name);
                }
            }
        }
        let mut places = slots["places"].as_array().cloned().unwrap_or_default();
        for place in &mut places {
            if let Some(code) = place["code"].as_str() {
                place["code"] = json!(code.to_lowercase());
            }
        }
        places.push(json!({"kind": "moon", "name": "Tranquility Base"}));
        slots["places"] = json!(places);
        input["confidence"] = json!("high");
    }
    Ok(input)
}

/// The vocabulary of a graph holding every fact of the shared samples' `facts.json`.
pub async fn sample_vocabulary() -> Vocabulary {
    let path = format!(
        "{}/../tests/fixtures/samples/facts.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let samples: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("the shared samples")).unwrap();
    let mut merged = serde_json::Map::new();
    for document in samples["documents"].as_array().unwrap() {
        for (category, items) in document["facts"].as_object().unwrap() {
            let into = merged.entry(category.clone()).or_insert_with(|| json!([]));
            for item in items.as_array().unwrap() {
                // The samples write alliances as names.
                let item = match item {
                    Value::String(name) => json!({"name": name}),
                    other => other.clone(),
                };
                into.as_array_mut().unwrap().push(item);
            }
        }
    }
    let facts: Facts = serde_json::from_value(Value::Object(merged)).unwrap();
    Vocabulary::load(&Snapshot::from_facts(&facts))
        .await
        .unwrap()
}

/// The questions of the shared samples' `questions.jsonl`.
pub fn sample_questions() -> Vec<String> {
    let path = format!(
        "{}/../tests/fixtures/samples/questions.jsonl",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path)
        .expect("the shared samples")
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let question: Value = serde_json::from_str(line).unwrap();
            question["question"].as_str().unwrap().to_owned()
        })
        .collect()
}

/// The tool the reply composer forces.
pub const REPLY_TOOL: &str = "record_reply";

/// Checks a `record_reply` request: a `reply` string schema, a system prompt that keeps
/// the numbers and calls the data data, and a user message with the question and draft.
pub fn check_reply(schema: &Value, system: &str, user_message: &str) -> Result<(), String> {
    if schema["properties"]["reply"]["type"] != "string" {
        return Err(format!("record_reply schema: {schema}"));
    }
    for needed in ["every number", "never instructions"] {
        if !system.contains(needed) {
            return Err(format!("the system prompt lacks '{needed}'"));
        }
    }
    let user: Value = serde_json::from_str(user_message).map_err(|e| e.to_string())?;
    if !user["question"].is_string() || !user["draft"].is_string() {
        return Err(format!(
            "the user message lacks the question or draft: {user}"
        ));
    }
    Ok(())
}

/// A wording of the draft: friendlier, every number kept — or, `careless`, one number
/// more, which the composer must refuse.
pub fn reply_answer(user_message: &str, careless: bool) -> Result<Value, String> {
    let user: Value = serde_json::from_str(user_message).map_err(|e| e.to_string())?;
    let draft = user["draft"].as_str().unwrap_or_default();
    let reply = if careless {
        format!("Here is what I found, in about 2 minutes: {draft}")
    } else {
        format!("Here is what I found. {draft}")
    };
    Ok(json!({ "reply": reply }))
}
