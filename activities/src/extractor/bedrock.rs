//! Amazon Bedrock as the extractor, through the Converse API of the official SDK: the
//! model must call the `record_facts` tool, whose input schema describes the facts.

use async_trait::async_trait;

use super::{Error, Extractor, llm};
use crate::facts::Facts;
use crate::model::{BedrockSettings, Converse};
use crate::passages::DocumentText;

/// Fact extraction by a Bedrock model.
#[derive(Clone, Debug)]
pub struct BedrockExtractor {
    model: Converse,
    chunk_chars: usize,
}

impl BedrockExtractor {
    /// A client for the model in `settings`, sending up to 12 000 characters of passage
    /// text per call.
    pub async fn connect(settings: BedrockSettings) -> Self {
        Self {
            model: Converse::connect(&settings).await,
            chunk_chars: llm::DEFAULT_CHUNK_CHARS,
        }
    }

    /// Sends at most `chunk_chars` characters of passage text per call; longer documents
    /// take several calls.
    pub fn with_chunk_chars(self, chunk_chars: usize) -> Self {
        Self {
            chunk_chars,
            ..self
        }
    }
}

#[async_trait]
impl Extractor for BedrockExtractor {
    fn name(&self) -> &'static str {
        "bedrock"
    }

    async fn extract(&self, document: &DocumentText) -> Result<Facts, Error> {
        llm::extract_in_chunks(document, self.chunk_chars, &self.model).await
    }
}
