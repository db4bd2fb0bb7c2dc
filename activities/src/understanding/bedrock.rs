//! Amazon Bedrock as the understanding, through the Converse API of the official SDK: the
//! model must call the `record_understanding` tool, whose input is an [`Understood`].

use async_trait::async_trait;

use super::{Error, Request, Understanding, Understood, llm};
use crate::model::{BedrockSettings, Converse};

/// Understanding by a Bedrock model.
#[derive(Clone, Debug)]
pub struct BedrockUnderstanding {
    model: Converse,
}

impl BedrockUnderstanding {
    /// A client for the model in `settings`.
    pub async fn connect(settings: BedrockSettings) -> Self {
        Self {
            model: Converse::connect(&settings).await,
        }
    }
}

#[async_trait]
impl Understanding for BedrockUnderstanding {
    async fn understand(&self, request: &Request) -> Result<Understood, Error> {
        llm::understand(&self.model, request).await
    }
}
