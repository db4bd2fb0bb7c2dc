//! The Bedrock extractor's real SDK code (Converse with a forced `record_facts` tool)
//! against a Converse endpoint on loopback that validates the request and answers with the
//! facts the local extractor reads in the passages it was sent (support/bedrock.rs).

mod support;

use std::sync::atomic::Ordering;

use activities::ActivityError;
use activities::documents::DocumentKind;
use activities::extractor::{BedrockExtractor, BedrockSettings, Extractor, LocalExtractor};
use activities::facts::Facts;
use support::bedrock::BedrockServer;
use support::llm::sample_text;
use support::moto::fake_aws_credentials;

const MODEL: &str = "anthropic.claude-3-5-sonnet-20240620-v1:0";

async fn extractor(
    server: &BedrockServer,
    configure: impl FnOnce(&mut BedrockSettings),
) -> BedrockExtractor {
    fake_aws_credentials();
    let mut settings = BedrockSettings::new(MODEL);
    settings.region = Some("us-east-1".into());
    settings.endpoint_url = Some(server.endpoint.clone());
    configure(&mut settings);
    BedrockExtractor::connect(settings).await
}

/// The facts without provenance, one JSON line each, sorted: what two extractions share
/// when they cut the document differently.
fn fact_lines(facts: &Facts) -> Vec<String> {
    let value = serde_json::to_value(facts).unwrap();
    let mut lines = Vec::new();
    for (category, items) in value.as_object().unwrap() {
        for item in items.as_array().unwrap() {
            let mut item = item.clone();
            if let Some(fields) = item.as_object_mut() {
                fields.remove("source");
            }
            lines.push(format!("{category} {item}"));
        }
    }
    lines.sort();
    lines
}

/// Extracts the partner-earning sample through the endpoint (which adds malformed facts
/// when asked) and checks the facts equal the local extractor's, provenance included.
async fn check_round_trip(malformed: bool) -> BedrockServer {
    let server = BedrockServer::start(MODEL, None).await;
    server.state.malformed.store(malformed, Ordering::SeqCst);
    let document = sample_text(
        "united_mileageplus_partner_earning.html",
        DocumentKind::Html,
    )
    .await;
    let facts = extractor(&server, |_| {})
        .await
        .extract(&document)
        .await
        .unwrap();
    let expected = LocalExtractor.extract(&document).await.unwrap();
    assert!(expected.earning_rules.len() >= 10, "{expected:?}");
    // Same facts, same provenance: each fact's source is the passage the model named.
    assert_eq!(facts, expected);
    server
}

#[tokio::test]
async fn facts_make_a_round_trip_through_converse_with_their_sources() {
    let server = check_round_trip(false).await;
    let requests = server.state.requests.lock().unwrap().clone();
    assert_eq!(requests.len(), 1);
    let text = requests[0]["messages"][0]["content"][0]["text"]
        .as_str()
        .unwrap();
    assert!(text.contains("<passages>") && text.contains("Lufthansa"));
    assert_eq!(requests[0]["inferenceConfig"]["temperature"], 0.0);
}

#[tokio::test]
async fn long_documents_are_sent_in_chunks_and_merged_without_duplicates() {
    let server = BedrockServer::start(MODEL, None).await;
    let document = sample_text("milesandsmiles_program_guide.txt", DocumentKind::Text).await;
    let facts = extractor(&server, |_| {})
        .await
        .with_chunk_chars(600)
        .extract(&document)
        .await
        .unwrap();
    let requests = server.state.requests.lock().unwrap().clone();
    assert!(requests.len() > 1, "{} calls", requests.len());
    // Every passage is sent once, in order, each call within the size unless one passage
    // alone is larger.
    let mut sent = Vec::new();
    for request in &requests {
        let text = request["messages"][0]["content"][0]["text"]
            .as_str()
            .unwrap();
        let chunk = support::llm::document_of(text).unwrap().passages;
        let size: usize = chunk.iter().map(|p| p.text.chars().count()).sum();
        assert!(size <= 600 || chunk.len() == 1, "chunk of {size}");
        sent.extend(chunk);
    }
    assert_eq!(sent, document.passages);
    let lines = fact_lines(&facts);
    let mut unique = lines.clone();
    unique.dedup();
    assert_eq!(lines, unique, "merged facts repeat");
    assert!(
        !facts.status_tiers.is_empty() || !facts.earning_rules.is_empty(),
        "{facts:?}"
    );
}

#[tokio::test]
async fn throttling_is_retryable_and_the_next_attempt_succeeds() {
    let server = BedrockServer::start(MODEL, None).await;
    let document = sample_text("united_mileageplus_award_chart.md", DocumentKind::Markdown).await;
    let bedrock = extractor(&server, |_| {}).await;
    server.state.throttle_next.store(true, Ordering::SeqCst);
    let error: ActivityError = bedrock.extract(&document).await.unwrap_err().into();
    assert!(error.retryable, "{error:?}");
    assert_eq!(error.kind, "extractor_unavailable");
    assert!(error.message.contains("ThrottlingException"), "{error:?}");
    let facts = bedrock.extract(&document).await.unwrap();
    assert!(!facts.award_rules.is_empty());
}

#[tokio::test]
async fn malformed_facts_are_dropped_and_the_rest_kept() {
    check_round_trip(true).await;
}

#[tokio::test]
async fn an_api_key_is_sent_as_a_bearer_token_and_refusals_are_fatal() {
    let server = BedrockServer::start(MODEL, Some("bedrock-api-key-123")).await;
    let document = sample_text("united_mileageplus_award_chart.md", DocumentKind::Markdown).await;
    let keyed = extractor(&server, |settings| {
        settings.api_key = Some("bedrock-api-key-123".into());
    })
    .await;
    assert!(!keyed.extract(&document).await.unwrap().is_empty());

    // SigV4 where the endpoint wants the key: access denied, not worth retrying.
    let unkeyed = extractor(&server, |_| {}).await;
    let error: ActivityError = unkeyed.extract(&document).await.unwrap_err().into();
    assert!(!error.retryable, "{error:?}");
    assert!(error.message.contains("AccessDeniedException"), "{error:?}");

    let wrong_model = extractor(&server, |settings| {
        settings.model_id = "amazon.nova-pro-v1:0".into();
        settings.api_key = Some("bedrock-api-key-123".into());
    })
    .await;
    let error: ActivityError = wrong_model.extract(&document).await.unwrap_err().into();
    assert!(!error.retryable, "{error:?}");
    assert_eq!(error.kind, "extractor_misconfigured");

    let nowhere = extractor(&server, |settings| {
        settings.endpoint_url = Some("http://127.0.0.1:9".into());
    })
    .await;
    let error: ActivityError = nowhere.extract(&document).await.unwrap_err().into();
    assert!(error.retryable, "{error:?}");
}
