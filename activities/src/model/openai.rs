//! Any OpenAI-compatible chat endpoint (OpenAI, vLLM, llama.cpp's server, …):
//! `POST {base_url}/chat/completions` with one function as the tool the model must call.

use std::time::Duration;

use async_trait::async_trait;
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{Failure, ToolCall, ToolModel, preview};

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
}

impl OpenAiSettings {
    /// Settings for `model` at `base_url` with the defaults: no key, 120 s per call.
    pub fn new(base_url: impl Into<String>, model: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            model: model.into(),
            api_key: None,
            timeout: Duration::from_secs(120),
        }
    }
}

/// A model behind an OpenAI-compatible chat endpoint.
#[derive(Clone, Debug)]
pub(crate) struct ChatCompletions {
    http: reqwest::Client,
    url: String,
    settings: OpenAiSettings,
}

impl ChatCompletions {
    /// A client for the endpoint in `settings`; refused when the base URL is no URL.
    pub fn new(settings: OpenAiSettings) -> Result<Self, Failure> {
        let http = reqwest::Client::builder()
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout.min(Duration::from_secs(10)))
            .build()
            .map_err(|error| Failure::Refused(format!("HTTP client: {error}")))?;
        let url = format!(
            "{}/chat/completions",
            settings.base_url.trim_end_matches('/')
        );
        reqwest::Url::parse(&url)
            .map_err(|error| Failure::Refused(format!("OpenAI base URL '{url}': {error}")))?;
        Ok(Self {
            http,
            url,
            settings,
        })
    }
}

#[async_trait]
impl ToolModel for ChatCompletions {
    /// One chat completion: the arguments the model gave the forced function.
    async fn call(&self, call: ToolCall<'_>) -> Result<Value, Failure> {
        let body = json!({
            "model": self.settings.model,
            "temperature": 0,
            "messages": [
                {"role": "system", "content": call.system},
                {"role": "user", "content": call.user},
            ],
            "tools": [{
                "type": "function",
                "function": {
                    "name": call.tool.name,
                    "description": call.tool.description,
                    "parameters": call.tool.input_schema,
                },
            }],
            "tool_choice": {"type": "function", "function": {"name": call.tool.name}},
        });
        let mut request = self.http.post(&self.url).json(&body);
        if let Some(key) = &self.settings.api_key {
            request = request.bearer_auth(key);
        }
        let response = request
            .send()
            .await
            .map_err(|error| Failure::Unavailable(format!("OpenAI endpoint: {error}")))?;
        let status = response.status();
        let text = response
            .text()
            .await
            .map_err(|error| Failure::Unavailable(format!("OpenAI endpoint body: {error}")))?;
        if !status.is_success() {
            let detail: String = text.chars().take(300).collect();
            let message = format!("OpenAI endpoint answered {status}: {detail}");
            return Err(
                if status == StatusCode::TOO_MANY_REQUESTS
                    || status == StatusCode::REQUEST_TIMEOUT
                    || status.is_server_error()
                {
                    Failure::Unavailable(message)
                } else {
                    Failure::Refused(message)
                },
            );
        }
        let answer: Value = serde_json::from_str(&text)
            .map_err(|error| Failure::BadResponse(format!("not JSON ({error})")))?;
        arguments(&answer, call.tool.name)
    }
}

/// The parsed arguments of the first call of `function` in a chat completion.
fn arguments(answer: &Value, function: &str) -> Result<Value, Failure> {
    let calls = answer["choices"][0]["message"]["tool_calls"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let call = calls
        .iter()
        .find(|call| call["function"]["name"] == function)
        .ok_or_else(|| {
            Failure::BadResponse(format!(
                "the model did not call {function}: {}",
                preview(answer)
            ))
        })?;
    match &call["function"]["arguments"] {
        // The API sends the arguments as a JSON string; some servers send the object.
        Value::String(text) => serde_json::from_str(text).map_err(|error| {
            Failure::BadResponse(format!("{function} arguments are not JSON ({error})"))
        }),
        Value::Object(_) => Ok(call["function"]["arguments"].clone()),
        other => Err(Failure::BadResponse(format!(
            "{function} arguments: {}",
            preview(other)
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
        let read = |answer: &Value| arguments(answer, "record_facts");
        assert_eq!(read(&call(json!(expected.to_string()))).unwrap(), expected);
        assert_eq!(read(&call(expected.clone())).unwrap(), expected);
        assert!(read(&call(json!("{not json"))).is_err());
        assert!(read(&json!({"choices": [{"message": {"content": "hi"}}]})).is_err());
    }
}
