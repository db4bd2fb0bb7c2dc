//! The OpenAI-compatible extractor's real HTTP code (reqwest, chat completions with a
//! forced `record_facts` function) against a chat endpoint on loopback that validates the
//! request and answers with the facts the local extractor reads in the passages it was
//! sent (support/openai.rs).

mod support;

use std::sync::atomic::Ordering;

use activities::ActivityError;
use activities::documents::DocumentKind;
use activities::extractor::{Extractor, LocalExtractor, OpenAiExtractor, OpenAiSettings};
use support::llm::sample_text;
use support::openai::OpenAiServer;

const MODEL: &str = "llama-3.1-8b-instruct";
const KEY: &str = "sk-local-test-key";

fn extractor(base_url: &str, api_key: Option<&str>) -> OpenAiExtractor {
    let mut settings = OpenAiSettings::new(base_url, MODEL);
    settings.api_key = api_key.map(str::to_owned);
    OpenAiExtractor::new(settings).unwrap()
}

#[tokio::test]
async fn facts_make_a_round_trip_through_chat_completions() {
    let server = OpenAiServer::start(MODEL, Some(KEY)).await;
    let document = sample_text(
        "united_mileageplus_partner_earning.html",
        DocumentKind::Html,
    )
    .await;
    let facts = extractor(&server.base_url, Some(KEY))
        .extract(&document)
        .await
        .unwrap();
    let expected = LocalExtractor.extract(&document).await.unwrap();
    assert!(expected.earning_rules.len() >= 10);
    assert_eq!(facts, expected);
    let requests = server.state.requests.lock().unwrap().clone();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0]["temperature"], 0);
}

#[tokio::test]
async fn outages_are_retryable_and_refusals_are_not() {
    let server = OpenAiServer::start(MODEL, Some(KEY)).await;
    let document = sample_text("united_mileageplus_award_chart.md", DocumentKind::Markdown).await;
    let openai = extractor(&server.base_url, Some(KEY));

    server.state.fail_next.store(true, Ordering::SeqCst);
    let error: ActivityError = openai.extract(&document).await.unwrap_err().into();
    assert!(error.retryable, "{error:?}");
    assert!(error.message.contains("503"), "{error:?}");
    assert!(
        !openai
            .extract(&document)
            .await
            .unwrap()
            .award_rules
            .is_empty()
    );

    let no_key = extractor(&server.base_url, None);
    let error: ActivityError = no_key.extract(&document).await.unwrap_err().into();
    assert!(!error.retryable, "{error:?}");
    assert_eq!(error.kind, "extractor_misconfigured");

    let nowhere = extractor("http://127.0.0.1:9/v1", None);
    let error: ActivityError = nowhere.extract(&document).await.unwrap_err().into();
    assert!(error.retryable, "{error:?}");

    assert!(OpenAiExtractor::new(OpenAiSettings::new("not a url", MODEL)).is_err());
}
