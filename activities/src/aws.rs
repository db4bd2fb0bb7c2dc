//! What the AWS adapters (Textract, Bedrock, Neptune, SNS) share: the SDK configuration
//! built from a region and an endpoint override with credentials from the standard chain,
//! the sorting of SDK failures into those another attempt may cure and those it cannot,
//! and the conversion between JSON values and the SDK's untyped documents.

use std::collections::HashMap;
use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use aws_smithy_types::{Document, Number};
use serde_json::Value;

/// Where an AWS service is and how long one call may take.
#[derive(Clone, Debug, Default)]
pub(crate) struct Endpoint<'a> {
    /// The region; the standard chain (`AWS_REGION`, profile) decides when absent.
    pub region: Option<&'a str>,
    /// An endpoint override (VPC endpoints, compatible servers, tests).
    pub endpoint_url: Option<&'a str>,
    /// The longest one attempt of a call may take.
    pub timeout: Option<Duration>,
}

/// The SDK configuration for `endpoint`, credentials from the standard chain.
pub(crate) async fn sdk_config(endpoint: Endpoint<'_>) -> SdkConfig {
    // The engine retries a failed step by its policy and records every attempt in the
    // run's history; retries inside the SDK would hide throttling from both.
    let mut loader =
        aws_config::defaults(BehaviorVersion::latest()).retry_config(RetryConfig::disabled());
    if let Some(region) = endpoint.region {
        loader = loader.region(Region::new(region.to_owned()));
    }
    if let Some(url) = endpoint.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    if let Some(timeout) = endpoint.timeout {
        loader = loader.timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(timeout.min(Duration::from_secs(10)))
                .operation_attempt_timeout(timeout)
                .build(),
        );
    }
    loader.load().await
}

/// What a failed SDK call means for the caller.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Throttling, a server error, a timeout or no connection: another attempt may succeed.
    Transient(String),
    /// The service refused the request itself (validation, access, a missing resource).
    Permanent {
        /// The service's error code (`AccessDeniedException`).
        code: String,
        /// The code and the service's message.
        message: String,
    },
}

/// Error codes that mean "not now" whatever the HTTP status says.
const TRANSIENT_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "LimitExceededException",
    "RequestLimitExceeded",
    "InternalServerError",
    "InternalServerException",
    "InternalFailure",
    "InternalFailureException",
    "InternalError",
    "ServiceUnavailable",
    "ServiceUnavailableException",
    "ModelNotReadyException",
    "ModelTimeoutException",
    "RequestTimeout",
    "RequestTimeoutException",
    "ClientTimeoutException",
    "ConcurrentModificationException",
];

/// Sorts an SDK failure of `service` into transient or permanent.
pub(crate) fn classify<E>(service: &str, error: &SdkError<E, HttpResponse>) -> Failure
where
    E: ProvideErrorMetadata + std::error::Error + std::fmt::Debug,
{
    match error {
        SdkError::ServiceError(context) => {
            let inner = context.err();
            let code = inner.code().unwrap_or("Unknown").to_owned();
            let status = context.raw().status().as_u16();
            let message = format!(
                "{service} {code} (HTTP {status}): {}",
                truncate(inner.message().unwrap_or("no message"))
            );
            if TRANSIENT_CODES.contains(&code.as_str()) || status == 429 || status >= 500 {
                Failure::Transient(message)
            } else {
                Failure::Permanent { code, message }
            }
        }
        SdkError::ConstructionFailure(_) => Failure::Permanent {
            code: "ConstructionFailure".into(),
            message: format!("{service}: the request could not be built: {error:?}"),
        },
        SdkError::TimeoutError(_) => Failure::Transient(format!("{service}: timed out")),
        SdkError::DispatchFailure(failure) => {
            Failure::Transient(format!("{service}: no connection: {failure:?}"))
        }
        other => Failure::Transient(format!("{service}: {}", truncate(&format!("{other:?}")))),
    }
}

/// At most 300 characters of a message from elsewhere.
fn truncate(message: &str) -> String {
    message.chars().take(300).collect()
}

/// A JSON value as an SDK document (tool schemas, tool inputs, query results).
pub(crate) fn to_document(value: &Value) -> Document {
    match value {
        Value::Null => Document::Null,
        Value::Bool(flag) => Document::Bool(*flag),
        Value::Number(number) => Document::Number(if let Some(unsigned) = number.as_u64() {
            Number::PosInt(unsigned)
        } else if let Some(signed) = number.as_i64() {
            Number::NegInt(signed)
        } else {
            Number::Float(number.as_f64().unwrap_or(0.0))
        }),
        Value::String(text) => Document::String(text.clone()),
        Value::Array(items) => Document::Array(items.iter().map(to_document).collect()),
        Value::Object(fields) => Document::Object(
            fields
                .iter()
                .map(|(key, value)| (key.clone(), to_document(value)))
                .collect::<HashMap<_, _>>(),
        ),
    }
}

/// An SDK document as a JSON value.
pub(crate) fn to_json(document: &Document) -> Value {
    match document {
        Document::Null => Value::Null,
        Document::Bool(flag) => Value::Bool(*flag),
        Document::Number(Number::PosInt(unsigned)) => Value::from(*unsigned),
        Document::Number(Number::NegInt(signed)) => Value::from(*signed),
        Document::Number(Number::Float(float)) => serde_json::Number::from_f64(*float)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        Document::String(text) => Value::String(text.clone()),
        Document::Array(items) => Value::Array(items.iter().map(to_json).collect()),
        Document::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(key, value)| (key.clone(), to_json(value)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_survives_a_round_trip_through_documents() {
        let value = serde_json::json!({
            "name": "record_facts", "count": 3, "offset": -2, "ratio": 1.5,
            "flags": [true, false, null], "nested": {"list": ["a"]}
        });
        assert_eq!(to_json(&to_document(&value)), value);
    }
}
