//! Notifications when a document's ingestion ends: a structured log line always, and an
//! optional webhook (JSON POST) or SNS topic.

use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::ActivityError;
use crate::aws::{self, Endpoint, Failure};

/// What went wrong delivering a notification.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The endpoint could not be reached or failed; a retry may succeed.
    #[error("notification undelivered: {0}")]
    Undelivered(String),
    /// The endpoint refused the notification (not found, forbidden, misconfigured); no
    /// retry fixes that.
    #[error("notification refused: {0}")]
    Refused(String),
}

impl From<Error> for ActivityError {
    fn from(error: Error) -> Self {
        match &error {
            Error::Undelivered(_) => {
                ActivityError::retryable("notification_undelivered", error.to_string())
            }
            Error::Refused(_) => ActivityError::fatal("notification_refused", error.to_string()),
        }
    }
}

/// The end of one document's ingestion.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IngestionEvent {
    /// The document's id.
    pub document: String,
    /// Its file name.
    pub name: String,
    /// The run that ingested it.
    pub run_id: String,
    /// `completed` or `failed`.
    pub status: String,
    /// Facts loaded into the graph.
    pub facts_loaded: u64,
    /// Facts a curator rejected or that failed validation and were dropped.
    pub facts_rejected: u64,
    /// Why it failed, if it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Delivers ingestion events.
#[async_trait]
pub trait Notifier: Send + Sync {
    /// Delivers one event (at least once: receivers dedupe by `run_id`).
    async fn notify(&self, event: &IngestionEvent) -> Result<(), Error>;
}

/// The embedded default: one structured log line per event.
#[derive(Clone, Copy, Debug, Default)]
pub struct LogNotifier;

#[async_trait]
impl Notifier for LogNotifier {
    async fn notify(&self, event: &IngestionEvent) -> Result<(), Error> {
        tracing::info!(
            document = %event.document,
            name = %event.name,
            run_id = %event.run_id,
            status = %event.status,
            facts_loaded = event.facts_loaded,
            facts_rejected = event.facts_rejected,
            error = event.error.as_deref().unwrap_or(""),
            "document ingested"
        );
        Ok(())
    }
}

/// Several notifiers, each given every event in order. A failure stops the round; the
/// step's retry delivers again to all of them, which is at least once: receivers dedupe by
/// `run_id`.
pub struct Fanout(pub Vec<std::sync::Arc<dyn Notifier>>);

#[async_trait]
impl Notifier for Fanout {
    async fn notify(&self, event: &IngestionEvent) -> Result<(), Error> {
        for notifier in &self.0 {
            notifier.notify(event).await?;
        }
        Ok(())
    }
}

/// Every event as a JSON POST to a URL; a 2xx answer is delivery.
#[derive(Clone, Debug)]
pub struct Webhook {
    http: reqwest::Client,
    url: String,
}

impl Webhook {
    /// Posts to `url`, giving up on one attempt after `timeout`.
    pub fn new(url: impl Into<String>, timeout: Duration) -> Result<Self, Error> {
        let url = url.into();
        reqwest::Url::parse(&url)
            .map_err(|error| Error::Refused(format!("webhook URL '{url}': {error}")))?;
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .build()
            .map_err(|error| Error::Refused(format!("HTTP client: {error}")))?;
        Ok(Self { http, url })
    }
}

#[async_trait]
impl Notifier for Webhook {
    async fn notify(&self, event: &IngestionEvent) -> Result<(), Error> {
        let response = self
            .http
            .post(&self.url)
            .json(event)
            .send()
            .await
            .map_err(|error| Error::Undelivered(format!("webhook: {error}")))?;
        let status = response.status();
        if status.is_success() {
            Ok(())
        } else if status.is_server_error()
            || status == reqwest::StatusCode::TOO_MANY_REQUESTS
            || status == reqwest::StatusCode::REQUEST_TIMEOUT
        {
            Err(Error::Undelivered(format!("webhook answered {status}")))
        } else {
            Err(Error::Refused(format!("webhook answered {status}")))
        }
    }
}

/// Where the SNS topic is.
#[derive(Clone, Debug)]
pub struct SnsSettings {
    /// The topic's ARN.
    pub topic_arn: String,
    /// The region; the standard chain decides when absent.
    pub region: Option<String>,
    /// An endpoint override (VPC endpoints, tests).
    pub endpoint_url: Option<String>,
}

/// Every event published to an SNS topic, as JSON, with its status as a message attribute
/// subscribers can filter on. Credentials come from the standard AWS chain.
#[derive(Clone, Debug)]
pub struct Sns {
    client: aws_sdk_sns::Client,
    topic_arn: String,
}

impl Sns {
    /// A publisher to the topic in `settings`.
    pub async fn connect(settings: SnsSettings) -> Self {
        let shared = aws::sdk_config(Endpoint {
            region: settings.region.as_deref(),
            endpoint_url: settings.endpoint_url.as_deref(),
            timeout: Some(Duration::from_secs(30)),
        })
        .await;
        Self {
            client: aws_sdk_sns::Client::new(&shared),
            topic_arn: settings.topic_arn,
        }
    }
}

#[async_trait]
impl Notifier for Sns {
    async fn notify(&self, event: &IngestionEvent) -> Result<(), Error> {
        let message = serde_json::to_string(event)
            .map_err(|error| Error::Refused(format!("event as JSON: {error}")))?;
        let status = aws_sdk_sns::types::MessageAttributeValue::builder()
            .data_type("String")
            .string_value(&event.status)
            .build()
            .map_err(|error| Error::Refused(format!("message attribute: {error}")))?;
        self.client
            .publish()
            .topic_arn(&self.topic_arn)
            .subject(subject(event))
            .message(message)
            .message_attributes("status", status)
            .send()
            .await
            .map_err(|error| match aws::classify("SNS", &error) {
                Failure::Transient(message) => Error::Undelivered(message),
                Failure::Permanent { message, .. } => Error::Refused(message),
            })?;
        Ok(())
    }
}

/// An SNS subject: ASCII without control characters, under 100 characters.
fn subject(event: &IngestionEvent) -> String {
    format!("Document {} {}", event.name, event.status)
        .chars()
        .filter(|c| c.is_ascii_graphic() || *c == ' ')
        .take(99)
        .collect()
}
