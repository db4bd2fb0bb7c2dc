//! Any OpenAI-compatible chat endpoint as the understanding: `POST
//! {base_url}/chat/completions` with the `record_understanding` function as the one tool
//! the model must call.

use async_trait::async_trait;

use super::{Error, Request, Understanding, Understood, llm};
use crate::model::{ChatCompletions, OpenAiSettings};

/// Understanding by a model behind an OpenAI-compatible chat endpoint.
#[derive(Clone, Debug)]
pub struct OpenAiUnderstanding {
    model: ChatCompletions,
}

impl OpenAiUnderstanding {
    /// A client for the endpoint in `settings`; misconfigured when the base URL is no URL.
    pub fn new(settings: OpenAiSettings) -> Result<Self, Error> {
        Ok(Self {
            model: ChatCompletions::new(settings)?,
        })
    }
}

#[async_trait]
impl Understanding for OpenAiUnderstanding {
    async fn understand(&self, request: &Request) -> Result<Understood, Error> {
        llm::understand(&self.model, request).await
    }
}
