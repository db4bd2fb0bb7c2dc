//! Language models made to answer by calling one tool: Amazon Bedrock's Converse API and
//! any OpenAI-compatible chat endpoint. The fact extractor and the understanding both ask
//! a model this way; this module holds what they share: the clients, the forced tool, and
//! the sorting of failures into those another attempt may cure and those it cannot.

mod bedrock;
mod openai;

pub use bedrock::BedrockSettings;
pub(crate) use bedrock::Converse;
pub(crate) use openai::ChatCompletions;
pub use openai::OpenAiSettings;

use async_trait::async_trait;
use serde_json::Value;

/// A model that answers a [`ToolCall`] with the input it gives the tool.
#[async_trait]
pub(crate) trait ToolModel: Send + Sync {
    /// Asks once; the tool's input, as JSON.
    async fn call(&self, call: ToolCall<'_>) -> Result<Value, Failure>;
}

/// One question to a model that must answer through `tool`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ToolCall<'a> {
    /// The system prompt: the model's job and its rules.
    pub system: &'a str,
    /// The user message.
    pub user: &'a str,
    /// The tool the model must call.
    pub tool: ForcedTool<'a>,
}

/// The one tool a model must call, and the JSON schema of its input.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ForcedTool<'a> {
    /// Its name.
    pub name: &'a str,
    /// What it is for, as the model reads it.
    pub description: &'a str,
    /// The JSON schema of its input.
    pub input_schema: &'a Value,
}

/// Why a model call gave no tool input.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Throttling, a server error, a timeout or no connection: another attempt may succeed.
    Unavailable(String),
    /// The model answered, but not with the tool's input; it may answer well on a retry.
    BadResponse(String),
    /// The endpoint refused the request (model id, access, credentials, validation):
    /// retrying cannot help until the configuration changes.
    Refused(String),
}

/// The start of a value, for error messages.
pub(crate) fn preview(value: &Value) -> String {
    value.to_string().chars().take(200).collect()
}
