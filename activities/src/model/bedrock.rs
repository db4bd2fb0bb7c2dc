//! Amazon Bedrock through the Converse API of the official SDK, the model forced to call
//! one tool.

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

use super::{Failure, ForcedTool, ToolCall, ToolModel};
use crate::aws::{self, Endpoint};

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
    /// The most tokens the model may answer with.
    pub max_tokens: i32,
}

impl BedrockSettings {
    /// Settings for `model_id` with the defaults: the standard chain's region and
    /// credentials, 120 s per call, answers of up to 8192 tokens.
    pub fn new(model_id: impl Into<String>) -> Self {
        Self {
            model_id: model_id.into(),
            region: None,
            endpoint_url: None,
            api_key: None,
            timeout: Duration::from_secs(120),
            max_tokens: 8192,
        }
    }
}

/// A Bedrock model behind Converse.
#[derive(Clone, Debug)]
pub(crate) struct Converse {
    client: Client,
    model_id: String,
    max_tokens: i32,
}

impl Converse {
    /// A client for the model in `settings`.
    pub async fn connect(settings: &BedrockSettings) -> Self {
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
            model_id: settings.model_id.clone(),
            max_tokens: settings.max_tokens,
        }
    }
}

#[async_trait]
impl ToolModel for Converse {
    /// One Converse call: the input the model gave the forced tool.
    async fn call(&self, call: ToolCall<'_>) -> Result<Value, Failure> {
        let output = self
            .client
            .converse()
            .model_id(&self.model_id)
            .system(SystemContentBlock::Text(call.system.to_owned()))
            .messages(
                Message::builder()
                    .role(ConversationRole::User)
                    .content(ContentBlock::Text(call.user.to_owned()))
                    .build()
                    .map_err(construction_failure)?,
            )
            .tool_config(tool_config(call.tool)?)
            .inference_config(
                InferenceConfiguration::builder()
                    .max_tokens(self.max_tokens)
                    .temperature(0.0)
                    .build(),
            )
            .send()
            .await
            .map_err(|error| failure(aws::classify("Bedrock", &error)))?;
        let Some(ConverseOutput::Message(message)) = output.output() else {
            return Err(Failure::BadResponse(
                "Converse answered without a message".into(),
            ));
        };
        message
            .content()
            .iter()
            .find_map(|block| match block {
                ContentBlock::ToolUse(use_of) if use_of.name() == call.tool.name => {
                    Some(aws::to_json(use_of.input()))
                }
                _ => None,
            })
            .ok_or_else(|| {
                Failure::BadResponse(format!(
                    "the model did not call {} (stop reason {:?})",
                    call.tool.name,
                    output.stop_reason()
                ))
            })
    }
}

/// The one tool, forced.
fn tool_config(tool: ForcedTool<'_>) -> Result<ToolConfiguration, Failure> {
    let spec = ToolSpecification::builder()
        .name(tool.name)
        .description(tool.description)
        .input_schema(ToolInputSchema::Json(aws::to_document(tool.input_schema)))
        .build()
        .map_err(construction_failure)?;
    ToolConfiguration::builder()
        .tools(Tool::ToolSpec(spec))
        .tool_choice(ToolChoice::Tool(
            SpecificToolChoice::builder()
                .name(tool.name)
                .build()
                .map_err(construction_failure)?,
        ))
        .build()
        .map_err(construction_failure)
}

fn construction_failure(error: impl std::fmt::Display) -> Failure {
    Failure::Refused(format!("building the Converse request: {error}"))
}

/// Maps an SDK failure: throttling and outages are retryable, and so is a model that
/// failed on this request; a refused request (model id, access, validation) is not.
fn failure(failure: aws::Failure) -> Failure {
    match failure {
        aws::Failure::Transient(message) => Failure::Unavailable(message),
        aws::Failure::Permanent { code, message } if code == "ModelErrorException" => {
            Failure::BadResponse(message)
        }
        aws::Failure::Permanent { message, .. } => Failure::Refused(message),
    }
}
