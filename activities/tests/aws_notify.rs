//! The notifiers' real code: the webhook (reqwest) against a loopback receiver, and SNS
//! (the official SDK's Publish) against moto, which delivers to an HTTP subscription of the
//! same receiver.

mod support;

use std::sync::atomic::Ordering;
use std::time::Duration;

use activities::ActivityError;
use activities::notify::{IngestionEvent, Notifier, Sns, SnsSettings, Webhook};
use serde_json::Value;
use support::moto::{Moto, fake_aws_credentials, sns_topic_to};
use support::sns::Receiver;

fn event() -> IngestionEvent {
    IngestionEvent {
        document: "ab".repeat(32),
        name: "aeroplan_award_chart_scan.png".into(),
        run_id: "ingest-abab".into(),
        status: "completed".into(),
        facts_loaded: 42,
        facts_rejected: 1,
        error: None,
    }
}

#[tokio::test]
async fn the_webhook_posts_the_event_and_retries_only_server_failures() {
    let receiver = Receiver::start().await;
    let webhook = Webhook::new(&receiver.url, Duration::from_secs(5)).unwrap();
    webhook.notify(&event()).await.unwrap();
    let bodies = receiver.state.bodies.lock().unwrap().clone();
    let delivered: IngestionEvent = serde_json::from_str(&bodies[0]).unwrap();
    assert_eq!(delivered, event());

    for (status, retryable) in [(503, true), (429, true), (404, false), (400, false)] {
        receiver.state.status.store(status, Ordering::SeqCst);
        let error: ActivityError = webhook.notify(&event()).await.unwrap_err().into();
        assert_eq!(error.retryable, retryable, "{status}: {error:?}");
    }
    let nowhere = Webhook::new("http://127.0.0.1:9/events", Duration::from_secs(2)).unwrap();
    let error: ActivityError = nowhere.notify(&event()).await.unwrap_err().into();
    assert!(error.retryable, "{error:?}");
    assert!(Webhook::new("not a url", Duration::from_secs(1)).is_err());
}

#[tokio::test]
async fn sns_publishes_the_event_to_an_http_subscription() {
    fake_aws_credentials();
    let moto = Moto::start();
    let receiver = Receiver::start().await;
    let topic_arn = sns_topic_to(&moto, "ingestion-events", &receiver.url).await;

    let sns = Sns::connect(SnsSettings {
        topic_arn: topic_arn.clone(),
        region: Some("us-east-1".into()),
        endpoint_url: Some(moto.endpoint.clone()),
    })
    .await;
    sns.notify(&event()).await.unwrap();

    let bodies = receiver.state.bodies.lock().unwrap().clone();
    assert_eq!(bodies.len(), 1, "{bodies:?}");
    let envelope: Value = serde_json::from_str(&bodies[0]).unwrap();
    assert_eq!(envelope["Type"], "Notification");
    assert_eq!(envelope["TopicArn"], topic_arn.as_str());
    assert_eq!(
        envelope["Subject"],
        "Document aeroplan_award_chart_scan.png completed"
    );
    let delivered: IngestionEvent =
        serde_json::from_str(envelope["Message"].as_str().unwrap()).unwrap();
    assert_eq!(delivered, event());

    let missing = Sns::connect(SnsSettings {
        topic_arn: topic_arn.replace("ingestion-events", "no-such-topic"),
        region: Some("us-east-1".into()),
        endpoint_url: Some(moto.endpoint.clone()),
    })
    .await;
    let error: ActivityError = missing.notify(&event()).await.unwrap_err().into();
    assert!(!error.retryable, "{error:?}");
}
