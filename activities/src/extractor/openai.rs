//! Any OpenAI-compatible chat endpoint as the extractor (OpenAI, vLLM, llama.cpp's server,
//! …): `POST {base_url}/chat/completions` with the `record_facts` function as the one tool
//! the model must call.

use std::time::Duration;

use async_trait::async_trait;
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{Error, Extractor, llm, schema};
use crate::facts::Facts;
use crate::passages::DocumentText;

/// Which model to call and where.
#[derive(Clone, Debug)]
pub struct OpenAiSettings {
    /// The API's base URL, ending in `/v1` (`https://api.openai.com/v1`).
    pub base_url: String,
    /// The model name.
    pub model: String,
    /// Sent as `Authorization: Bearer …` when set (local servers often need none).
    pub api_key: Option<String>,
    /// The longest one call may take.
    pub timeout: Duration,
    /// Characters of passage text per call; longer documents take several calls.
    pub chunk_chars: usize,
}

impl OpenAiSettings {
    /// Settings for `model` at `base_url` with the defaults: no key, 120 s per call,
    /// 12 000 characters per call.
    pub fn new(base_url: impl Into<String>, model: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            model: model.into(),
            api_key: None,
            timeout: Duration::from_secs(120),
            chunk_chars: 12_000,
        }
    }
}

/// Fact extraction by a model behind an OpenAI-compatible chat endpoint.
#[derive(Clone, Debug)]
pub struct OpenAiExtractor {
    http: reqwest::Client,
    url: String,
    settings: OpenAiSettings,
}

impl OpenAiExtractor {
    /// A client for the endpoint in `settings`.
    pub fn new(settings: OpenAiSettings) -> Result<Self, Error> {
        let http = reqwest::Client::builder()
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout.min(Duration::from_secs(10)))
            .build()
            .map_err(|error| Error::Config(format!("HTTP client: {error}")))?;
        let url = format!(
            "{}/chat/completions",
            settings.base_url.trim_end_matches('/')
        );
        reqwest::Url::parse(&url)
            .map_err(|error| Error::Config(format!("OpenAI base URL '{url}': {error}")))?;
        Ok(Self {
            http,
            url,
            settings,
        })
    }

    /// One chat completion: the `record_facts` arguments the model gave for `message`.
    async fn complete(&self, message: String) -> Result<Value, Error> {
        let body = json!({
            "model": self.settings.model,
            "temperature": 0,
            "messages": [
                {"role": "system", "content": llm::SYSTEM_PROMPT},
                {"role": "user", "content": message},
            ],
            "tools": [{
                "type": "function",
                "function": {
                    "name": schema::TOOL_NAME,
                    "description": schema::TOOL_DESCRIPTION,
                    "parameters": schema::facts_schema(),
                },
            }],
            "tool_choice": {"type": "function", "function": {"name": schema::TOOL_NAME}},
        });
        let mut request = self.http.post(&self.url).json(&body);
        if let Some(key) = &self.settings.api_key {
            request = request.bearer_auth(key);
        }
        let response = request
            .send()
            .await
            .map_err(|error| Error::Unavailable(format!("OpenAI endpoint: {error}")))?;
        let status = response.status();
        let text = response
            .text()
            .await
            .map_err(|error| Error::Unavailable(format!("OpenAI endpoint body: {error}")))?;
        if !status.is_success() {
            let detail: String = text.chars().take(300).collect();
            let message = format!("OpenAI endpoint answered {status}: {detail}");
            return Err(
                if status == StatusCode::TOO_MANY_REQUESTS
                    || status == StatusCode::REQUEST_TIMEOUT
                    || status.is_server_error()
                {
                    Error::Unavailable(message)
                } else {
                    Error::Config(message)
                },
            );
        }
        let answer: Value = serde_json::from_str(&text)
            .map_err(|error| Error::BadResponse(format!("not JSON ({error})")))?;
        arguments(&answer)
    }
}

#[async_trait]
impl Extractor for OpenAiExtractor {
    fn name(&self) -> &'static str {
        "openai"
    }

    async fn extract(&self, document: &DocumentText) -> Result<Facts, Error> {
        llm::extract_in_chunks(document, self.settings.chunk_chars, |message| {
            self.complete(message)
        })
        .await
    }
}

/// The parsed arguments of the first `record_facts` call in a chat completion.
fn arguments(answer: &Value) -> Result<Value, Error> {
    let calls = answer["choices"][0]["message"]["tool_calls"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let call = calls
        .iter()
        .find(|call| call["function"]["name"] == schema::TOOL_NAME)
        .ok_or_else(|| {
            Error::BadResponse(format!(
                "the model did not call {}: {}",
                schema::TOOL_NAME,
                llm::preview(answer)
            ))
        })?;
    match &call["function"]["arguments"] {
        // The API sends the arguments as a JSON string; some servers send the object.
        Value::String(text) => serde_json::from_str(text).map_err(|error| {
            Error::BadResponse(format!(
                "{} arguments are not JSON ({error})",
                schema::TOOL_NAME
            ))
        }),
        Value::Object(_) => Ok(call["function"]["arguments"].clone()),
        other => Err(Error::BadResponse(format!(
            "{} arguments: {}",
            schema::TOOL_NAME,
            llm::preview(other)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_come_as_a_string_or_an_object() {
        let call = |arguments: Value| {
            json!({"choices": [{"message": {"tool_calls": [
                {"type": "function", "function": {"name": "record_facts", "arguments": arguments}}
            ]}}]})
        };
        let expected = json!({"alliances": ["SkyTeam"]});
        assert_eq!(
            arguments(&call(json!(expected.to_string()))).unwrap(),
            expected
        );
        assert_eq!(arguments(&call(expected.clone())).unwrap(), expected);
        assert!(arguments(&call(json!("{not json"))).is_err());
        assert!(arguments(&json!({"choices": [{"message": {"content": "hi"}}]})).is_err());
    }
}
