//! Amazon Bedrock as the extractor, through the Converse API of the official SDK: the
//! model must call the `record_facts` tool, whose input schema describes the facts.

use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_bedrockruntime::Client;
use aws_sdk_bedrockruntime::config::Token;
use aws_sdk_bedrockruntime::types::{
    ContentBlock, ConversationRole, ConverseOutput, InferenceConfiguration, Message,
    SpecificToolChoice, SystemContentBlock, Tool, ToolChoice, ToolConfiguration, ToolInputSchema,
    ToolSpecification,
};
use aws_smithy_runtime_api::client::auth::http::HTTP_BEARER_AUTH_SCHEME_ID;
use serde_json::Value;

use super::{Error, Extractor, llm, schema};
use crate::aws::{self, Endpoint, Failure};
use crate::facts::Facts;
use crate::passages::DocumentText;

/// Which model to call and where.
#[derive(Clone, Debug)]
pub struct BedrockSettings {
    /// The model or inference profile id (`anthropic.claude-3-5-sonnet-20240620-v1:0`).
    pub model_id: String,
    /// The region; the standard chain decides when absent.
    pub region: Option<String>,
    /// An endpoint override (VPC endpoints, tests).
    pub endpoint_url: Option<String>,
    /// A Bedrock API key, sent as a bearer token instead of SigV4 credentials.
    pub api_key: Option<String>,
    /// The longest one call may take.
    pub timeout: Duration,
    /// Characters of passage text per call; longer documents take several calls.
    pub chunk_chars: usize,
    /// The most tokens the model may answer with.
    pub max_tokens: i32,
}

impl BedrockSettings {
    /// Settings for `model_id` with the defaults: the standard chain's region and
    /// credentials, 120 s per call, 12 000 characters per call.
    pub fn new(model_id: impl Into<String>) -> Self {
        Self {
            model_id: model_id.into(),
            region: None,
            endpoint_url: None,
            api_key: None,
            timeout: Duration::from_secs(120),
            chunk_chars: 12_000,
            max_tokens: 8192,
        }
    }
}

/// Fact extraction by a Bedrock model.
#[derive(Clone, Debug)]
pub struct BedrockExtractor {
    client: Client,
    settings: BedrockSettings,
}

impl BedrockExtractor {
    /// A client for the model in `settings`.
    pub async fn connect(settings: BedrockSettings) -> Self {
        let shared = aws::sdk_config(Endpoint {
            region: settings.region.as_deref(),
            endpoint_url: settings.endpoint_url.as_deref(),
            timeout: Some(settings.timeout),
        })
        .await;
        let mut config = aws_sdk_bedrockruntime::config::Builder::from(&shared);
        if let Some(key) = &settings.api_key {
            config = config
                .bearer_token(Token::new(key.clone(), None))
                .auth_scheme_preference([HTTP_BEARER_AUTH_SCHEME_ID]);
        }
        Self {
            client: Client::from_conf(config.build()),
            settings,
        }
    }

    /// One Converse call: the `record_facts` input the model gave for `message`.
    async fn converse(&self, message: String) -> Result<Value, Error> {
        let output = self
            .client
            .converse()
            .model_id(&self.settings.model_id)
            .system(SystemContentBlock::Text(llm::SYSTEM_PROMPT.to_owned()))
            .messages(
                Message::builder()
                    .role(ConversationRole::User)
                    .content(ContentBlock::Text(message))
                    .build()
                    .map_err(config_error)?,
            )
            .tool_config(tool_config()?)
            .inference_config(
                InferenceConfiguration::builder()
                    .max_tokens(self.settings.max_tokens)
                    .temperature(0.0)
                    .build(),
            )
            .send()
            .await
            .map_err(|error| failure(aws::classify("Bedrock", &error)))?;
        let Some(ConverseOutput::Message(message)) = output.output() else {
            return Err(Error::BadResponse(
                "Converse answered without a message".into(),
            ));
        };
        message
            .content()
            .iter()
            .find_map(|block| match block {
                ContentBlock::ToolUse(call) if call.name() == schema::TOOL_NAME => {
                    Some(aws::to_json(call.input()))
                }
                _ => None,
            })
            .ok_or_else(|| {
                Error::BadResponse(format!(
                    "the model did not call {} (stop reason {:?})",
                    schema::TOOL_NAME,
                    output.stop_reason()
                ))
            })
    }
}

#[async_trait]
impl Extractor for BedrockExtractor {
    fn name(&self) -> &'static str {
        "bedrock"
    }

    async fn extract(&self, document: &DocumentText) -> Result<Facts, Error> {
        llm::extract_in_chunks(document, self.settings.chunk_chars, |message| {
            self.converse(message)
        })
        .await
    }
}

/// The one tool, forced.
fn tool_config() -> Result<ToolConfiguration, Error> {
    let spec = ToolSpecification::builder()
        .name(schema::TOOL_NAME)
        .description(schema::TOOL_DESCRIPTION)
        .input_schema(ToolInputSchema::Json(aws::to_document(
            &schema::facts_schema(),
        )))
        .build()
        .map_err(config_error)?;
    ToolConfiguration::builder()
        .tools(Tool::ToolSpec(spec))
        .tool_choice(ToolChoice::Tool(
            SpecificToolChoice::builder()
                .name(schema::TOOL_NAME)
                .build()
                .map_err(config_error)?,
        ))
        .build()
        .map_err(config_error)
}

fn config_error(error: impl std::fmt::Display) -> Error {
    Error::Config(format!("building the Converse request: {error}"))
}

/// Maps an SDK failure: throttling and outages are retryable, and so is a model that
/// failed on this request; a refused request (model id, access, validation) is not.
fn failure(failure: Failure) -> Error {
    match failure {
        Failure::Transient(message) => Error::Unavailable(message),
        Failure::Permanent { code, message } if code == "ModelErrorException" => {
            Error::BadResponse(message)
        }
        Failure::Permanent { message, .. } => Error::Config(message),
    }
}
