//! The labelled set's files: facts.json (one JSON object) and questions.jsonl (one JSON
//! object per line); errors name the file and, in JSONL, the line.

use std::path::Path;

use anyhow::{Context as _, bail};
use serde_json::Value;

/// A JSON object from a file.
pub fn load_object(path: &Path, what: &str) -> anyhow::Result<Value> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read {what} '{}'", path.display()))?;
    let value: Value = serde_json::from_str(&text)
        .with_context(|| format!("{what} '{}' is not valid JSON", path.display()))?;
    if !value.is_object() {
        bail!("{what} '{}' is not a JSON object", path.display());
    }
    Ok(value)
}

/// The JSON objects of a JSONL file (blank lines skipped), each with its line number.
pub fn load_lines(path: &Path, what: &str) -> anyhow::Result<Vec<(usize, Value)>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read {what} '{}'", path.display()))?;
    let mut out = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(line)
            .with_context(|| format!("{what} '{}', line {number}: bad JSON", path.display()))?;
        if !value.is_object() {
            bail!(
                "{what} '{}', line {number}: not a JSON object",
                path.display()
            );
        }
        out.push((number, value));
    }
    Ok(out)
}
