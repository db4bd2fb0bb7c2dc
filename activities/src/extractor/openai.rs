//! Any OpenAI-compatible chat endpoint as the extractor (OpenAI, vLLM, llama.cpp's server,
//! …): `POST {base_url}/chat/completions` with the `record_facts` function as the one tool
//! the model must call.

use async_trait::async_trait;

use super::{Error, Extractor, llm};
use crate::facts::Facts;
use crate::model::{ChatCompletions, OpenAiSettings};
use crate::passages::DocumentText;

/// Fact extraction by a model behind an OpenAI-compatible chat endpoint.
#[derive(Clone, Debug)]
pub struct OpenAiExtractor {
    model: ChatCompletions,
    chunk_chars: usize,
}

impl OpenAiExtractor {
    /// A client for the endpoint in `settings`, sending up to 12 000 characters of
    /// passage text per call.
    pub fn new(settings: OpenAiSettings) -> Result<Self, Error> {
        Ok(Self {
            model: ChatCompletions::new(settings)?,
            chunk_chars: llm::DEFAULT_CHUNK_CHARS,
        })
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
impl Extractor for OpenAiExtractor {
    fn name(&self) -> &'static str {
        "openai"
    }

    async fn extract(&self, document: &DocumentText) -> Result<Facts, Error> {
        llm::extract_in_chunks(document, self.chunk_chars, &self.model).await
    }
}
