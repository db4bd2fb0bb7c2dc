//! What the model endpoints of the harness (Bedrock Converse, OpenAI chat) share: they
//! check the prompt and the `record_facts` tool the adapter sent, and answer with the facts
//! the crate's deterministic [`LocalExtractor`] reads in the passages of the request, so
//! a test checks a real round trip of the document's own facts.

use activities::documents::{self, DocumentKind};
use activities::extractor::{Extractor, LocalExtractor, schema};
use activities::passages::{self, DocumentText, Passage};
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
        "{}/../../shared/samples/documents/{name}",
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
