//! `POST /v1/events/s3`: a bucket's event notifications start ingestions. The body is an
//! S3 event notification, sent directly or wrapped in an SNS message (SNS posts it as
//! `text/plain`, so any content type is read as JSON). SNS cannot send a bearer token: its
//! subscription URL carries the key as a Basic password (`https://events:KEY@host/...`),
//! and a request without one is answered with the Basic challenge SNS waits for. An SNS
//! subscription is confirmed by visiting its `SubscribeURL`, on SNS's own hosts only.

use std::sync::Arc;

use axum::Extension;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use engine::http::auth::Caller;
use engine::http::{ApiError, AppState};
use serde_json::{Value, json};
use workflows::ingest::Ingestion;

use super::documents::{accepted, intake_error, unavailable};
use super::require_curator;
use crate::intake;

/// Where subscription confirmations may be fetched from, besides SNS's own endpoints.
#[derive(Clone, Debug, Default)]
pub struct EventSettings {
    /// `host` or `host:port` entries (an SNS-compatible server of one's own).
    pub confirm_hosts: Vec<String>,
}

/// `POST /v1/events/s3`.
pub async fn s3_event(
    State(state): State<AppState>,
    Extension(ingestion): Extension<Arc<Ingestion>>,
    Extension(settings): Extension<Arc<EventSettings>>,
    caller: Result<Caller, ApiError>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let caller = match caller {
        Ok(caller) => caller,
        Err(error) => return Ok(challenge(error)),
    };
    require_curator(&caller)?;
    let body: Value = serde_json::from_slice(&body).map_err(|error| {
        ApiError::bad_request(format!(
            "the body must be an S3 event notification or an SNS message, as JSON: {error}"
        ))
    })?;
    let event = match body.get("Type").and_then(Value::as_str) {
        Some("Notification") => body
            .get("Message")
            .and_then(Value::as_str)
            .and_then(|message| serde_json::from_str::<Value>(message).ok())
            .ok_or_else(|| ApiError::bad_request("SNS notification without a JSON Message"))?,
        Some("SubscriptionConfirmation") => return confirm(&body, &settings).await,
        Some("UnsubscribeConfirmation") => return Ok(nothing()),
        _ => body,
    };
    if event.get("Event").and_then(Value::as_str) == Some("s3:TestEvent") {
        return Ok(nothing());
    }
    let records = event
        .get("Records")
        .and_then(Value::as_array)
        .ok_or_else(|| ApiError::bad_request("an S3 event notification has a 'Records' array"))?;
    let mut submitted = Vec::new();
    for record in records {
        let name = record
            .get("eventName")
            .and_then(Value::as_str)
            .unwrap_or("");
        if !name.starts_with("ObjectCreated") {
            continue;
        }
        let key = record
            .pointer("/s3/object/key")
            .and_then(Value::as_str)
            .ok_or_else(|| ApiError::bad_request("a record without s3.object.key"))?;
        let key = decode_key(key)
            .ok_or_else(|| ApiError::bad_request(format!("'{key}' is not a URL-encoded key")))?;
        let bytes = ingestion
            .store
            .get(&key)
            .await
            .map_err(|error| match error {
                activities::object_store::Error::NotFound(_)
                | activities::object_store::Error::InvalidKey(_) => ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "object_not_found",
                    error.to_string(),
                ),
                other => unavailable(other),
            })?;
        let file = key.rsplit('/').next().unwrap_or(&key).to_owned();
        submitted.push(
            intake::submit(&state.engine, &ingestion, &file, bytes)
                .await
                .map_err(intake_error)?,
        );
    }
    Ok(accepted(submitted))
}

fn nothing() -> Response {
    (StatusCode::OK, Json(json!({ "documents": [] }))).into_response()
}

/// A 401 that tells senders able only of Basic authentication (SNS) to send it.
fn challenge(error: ApiError) -> Response {
    let mut response = error.into_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Basic realm=\"maximizer events\""),
    );
    response
}

/// Confirms an SNS subscription by fetching its `SubscribeURL`.
async fn confirm(body: &Value, settings: &EventSettings) -> Result<Response, ApiError> {
    let url = body
        .get("SubscribeURL")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::bad_request("a SubscriptionConfirmation has a SubscribeURL"))?;
    let parsed = reqwest::Url::parse(url)
        .map_err(|error| ApiError::bad_request(format!("SubscribeURL '{url}': {error}")))?;
    if !confirmable(&parsed, &settings.confirm_hosts) {
        return Err(ApiError::bad_request(format!(
            "SubscribeURL host '{}' is not an SNS endpoint (https://sns.REGION.amazonaws.com) \
             nor in MAXIMIZER_SNS_CONFIRM_HOSTS",
            parsed.host_str().unwrap_or("")
        )));
    }
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .map_err(unavailable)?;
    let answer = client.get(parsed).send().await.map_err(unavailable)?;
    if !answer.status().is_success() {
        return Err(unavailable(format!(
            "SNS answered {} to the subscription confirmation",
            answer.status()
        )));
    }
    let topic = body.get("TopicArn").cloned().unwrap_or(Value::Null);
    tracing::info!(topic = %topic, "SNS subscription confirmed");
    Ok((
        StatusCode::OK,
        Json(json!({ "confirmed": true, "topic": topic })),
    )
        .into_response())
}

/// SNS's own hosts over HTTPS, or a configured host of one's own.
fn confirmable(url: &reqwest::Url, allowed: &[String]) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let with_port = match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    };
    if allowed
        .iter()
        .any(|entry| entry == host || *entry == with_port)
    {
        return true;
    }
    let labels: Vec<&str> = host.split('.').collect();
    url.scheme() == "https"
        && labels.len() >= 4
        && labels[0] == "sns"
        && (host.ends_with(".amazonaws.com") || host.ends_with(".amazonaws.com.cn"))
}

/// S3 event keys are URL-encoded with `+` for spaces.
fn decode_key(key: &str) -> Option<String> {
    let bytes = key.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = key.get(index + 1..index + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                index += 2;
            }
            byte => out.push(byte),
        }
        index += 1;
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_event_keys() {
        assert_eq!(
            decode_key("incoming/My+Guide%282026%29.pdf").unwrap(),
            "incoming/My Guide(2026).pdf"
        );
        assert_eq!(decode_key("bad%2"), None);
    }

    #[test]
    fn confirms_only_sns_hosts_or_configured_ones() {
        let url = |text: &str| reqwest::Url::parse(text).unwrap();
        let sns = "https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=x";
        assert!(confirmable(&url(sns), &[]));
        assert!(!confirmable(
            &url("http://sns.eu-west-1.amazonaws.com/"),
            &[]
        ));
        assert!(!confirmable(&url("https://sns.evil.example.com/"), &[]));
        assert!(!confirmable(&url("https://169.254.169.254/latest"), &[]));
        let local = vec!["127.0.0.1:4566".to_owned()];
        assert!(confirmable(&url("http://127.0.0.1:4566/confirm"), &local));
        assert!(!confirmable(&url("http://127.0.0.1:9999/confirm"), &local));
    }
}
