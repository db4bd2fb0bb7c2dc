//! The model understandings' real client code (Bedrock Converse through the SDK, chat
//! completions through reqwest, each forcing `record_understanding`) against the loopback
//! endpoints of support/, which validate the request and answer with what the local
//! understanding makes of the question and the context the request carries. Each sample
//! question must come back understood exactly as the local understanding has it.

mod support;

use activities::ActivityError;
use activities::model::{BedrockSettings, OpenAiSettings};
use activities::understanding::{
    BedrockUnderstanding, Error, Intent, LocalUnderstanding, OpenAiUnderstanding, PriorTurn,
    Request, Understanding, Understood,
};
use std::sync::atomic::Ordering;
use support::bedrock::BedrockServer;
use support::llm::{UNDERSTANDING_TOOL, request_of, sample_questions, sample_vocabulary};
use support::moto::fake_aws_credentials;
use support::openai::OpenAiServer;

const BEDROCK_MODEL: &str = "anthropic.claude-3-5-sonnet-20240620-v1:0";
const OPENAI_MODEL: &str = "llama-3.1-8b-instruct";
const OPENAI_KEY: &str = "sk-local-test-key";

async fn bedrock(server: &BedrockServer, model_id: &str) -> BedrockUnderstanding {
    fake_aws_credentials();
    let mut settings = BedrockSettings::new(model_id);
    settings.region = Some("us-east-1".into());
    settings.endpoint_url = Some(server.endpoint.clone());
    BedrockUnderstanding::connect(settings).await
}

fn openai(server: &OpenAiServer, api_key: &str) -> OpenAiUnderstanding {
    let mut settings = OpenAiSettings::new(&server.base_url, OPENAI_MODEL);
    settings.api_key = Some(api_key.into());
    OpenAiUnderstanding::new(settings).unwrap()
}

/// A traveller with two memberships and a home airport, asking `text`.
async fn request(text: &str) -> Request {
    Request {
        text: text.into(),
        memberships: vec!["united_mileageplus".into()],
        home_airport: Some("FRA".into()),
        vocabulary: sample_vocabulary().await,
        ..Request::default()
    }
}

/// Checks `understanding` understands `request` as the local understanding does.
async fn check(understanding: &dyn Understanding, request: &Request) -> Understood {
    let expected = LocalUnderstanding.understand(request).await.unwrap();
    let understood = understanding.understand(request).await.unwrap();
    assert_eq!(understood, expected, "{}", request.text);
    understood
}

/// Every sample question, understood through `understanding`: the same as locally, and
/// most of them meaning something.
async fn check_sample_questions(understanding: &dyn Understanding) {
    let questions = sample_questions();
    assert!(questions.len() >= 10);
    let mut recognised = 0;
    for question in &questions {
        let understood = check(understanding, &request(question).await).await;
        recognised += usize::from(understood.intent != Intent::Unknown);
    }
    assert!(recognised * 10 >= questions.len() * 9, "{recognised}");
}

#[tokio::test]
async fn sample_questions_make_a_round_trip_through_converse() {
    let server = BedrockServer::start(BEDROCK_MODEL, None).await;
    check_sample_questions(&bedrock(&server, BEDROCK_MODEL).await).await;

    let requests = server.state.requests.lock().unwrap().clone();
    let questions = sample_questions();
    assert_eq!(requests.len(), questions.len());
    let first = &requests[0];
    assert_eq!(first["messages"][0]["content"][0]["text"], questions[0]);
    assert_eq!(
        first["toolConfig"]["toolChoice"]["tool"]["name"],
        UNDERSTANDING_TOOL
    );
    assert_eq!(first["inferenceConfig"]["temperature"], 0.0);
    let system = first["system"][0]["text"].as_str().unwrap();
    for word in ["united_mileageplus", "Premier", "award_cost", "<context>"] {
        assert!(system.contains(word), "{word} missing from the prompt");
    }
    // The context the endpoint read is the request that was sent.
    let sent = request_of(system, &questions[0]).unwrap();
    assert_eq!(sent, request(&questions[0]).await);
}

#[tokio::test]
async fn follow_ups_carry_the_earlier_turns_to_the_model() {
    let server = BedrockServer::start(BEDROCK_MODEL, None).await;
    let bedrock = bedrock(&server, BEDROCK_MODEL).await;
    let question = sample_questions().remove(0);
    let mut request = request(&question).await;
    let first = check(&bedrock, &request).await;
    request.history.push(PriorTurn {
        text: question,
        understood: first.clone(),
    });
    request.text = "and in business?".into();
    let follow_up = check(&bedrock, &request).await;
    assert!(follow_up.follow_up, "{follow_up:?}");
    assert_eq!(follow_up.slots.airline, first.slots.airline);
}

#[tokio::test]
async fn sloppy_tool_input_is_read_leniently() {
    let server = BedrockServer::start(BEDROCK_MODEL, None).await;
    server.state.malformed.store(true, Ordering::SeqCst);
    let bedrock = bedrock(&server, BEDROCK_MODEL).await;
    for question in sample_questions().iter().take(8) {
        check(&bedrock, &request(question).await).await;
    }
}

#[tokio::test]
async fn bedrock_throttling_is_retryable_and_refusals_are_fatal() {
    let server = BedrockServer::start(BEDROCK_MODEL, None).await;
    let request = request(&sample_questions()[0]).await;
    let bedrock = bedrock(&server, BEDROCK_MODEL).await;
    server.state.throttle_next.store(true, Ordering::SeqCst);
    let error = bedrock.understand(&request).await.unwrap_err();
    assert!(error.is_retryable(), "{error:?}");
    let error = ActivityError::from(error);
    assert!(error.retryable && error.message.contains("ThrottlingException"));
    check(&bedrock, &request).await;

    let wrong_model = self::bedrock(&server, "amazon.nova-pro-v1:0").await;
    let error = wrong_model.understand(&request).await.unwrap_err();
    assert!(matches!(error, Error::Misconfigured(_)), "{error:?}");
    let error = ActivityError::from(error);
    assert!(!error.retryable);
    assert_eq!(error.kind, "understanding_misconfigured");

    // SigV4 where the endpoint wants an API key: access denied.
    let keyed = BedrockServer::start(BEDROCK_MODEL, Some("bedrock-api-key-123")).await;
    let unkeyed = self::bedrock(&keyed, BEDROCK_MODEL).await;
    let error = unkeyed.understand(&request).await.unwrap_err();
    assert!(
        error.to_string().contains("AccessDeniedException"),
        "{error}"
    );
    assert!(!ActivityError::from(error).retryable);
}

#[tokio::test]
async fn sample_questions_make_a_round_trip_through_chat_completions() {
    let server = OpenAiServer::start(OPENAI_MODEL, Some(OPENAI_KEY)).await;
    check_sample_questions(&openai(&server, OPENAI_KEY)).await;
    let requests = server.state.requests.lock().unwrap().clone();
    assert_eq!(requests[0]["messages"][1]["content"], sample_questions()[0]);
    assert_eq!(
        requests[0]["tool_choice"]["function"]["name"],
        UNDERSTANDING_TOOL
    );
}

#[tokio::test]
async fn chat_outages_are_retryable_and_refusals_are_fatal() {
    let server = OpenAiServer::start(OPENAI_MODEL, Some(OPENAI_KEY)).await;
    let request = request(&sample_questions()[0]).await;
    let understanding = openai(&server, OPENAI_KEY);
    server.state.fail_next.store(true, Ordering::SeqCst);
    let error = understanding.understand(&request).await.unwrap_err();
    assert!(error.is_retryable(), "{error:?}");
    check(&understanding, &request).await;

    let error = openai(&server, "sk-wrong")
        .understand(&request)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Misconfigured(_)), "{error:?}");
    assert!(!ActivityError::from(error).retryable);

    let error =
        OpenAiUnderstanding::new(OpenAiSettings::new("not a url", OPENAI_MODEL)).unwrap_err();
    assert!(matches!(error, Error::Misconfigured(_)), "{error:?}");
}

#[tokio::test]
async fn a_model_words_the_reply_but_never_changes_a_number() {
    use activities::composer::{Composer, Draft, ModelComposer};
    support::moto::fake_aws_credentials();
    let server = support::bedrock::BedrockServer::start("reply-model", None).await;
    let mut settings = activities::model::BedrockSettings::new("reply-model");
    settings.region = Some("us-east-1".into());
    settings.endpoint_url = Some(server.endpoint.clone());
    let composer = ModelComposer::bedrock(settings).await;
    let draft = Draft {
        question: "How many miles for LH P FRA-JFK on MileagePlus?".into(),
        reply: "You earn 4,806 miles (125% of 3,845 mi).".into(),
        results: serde_json::json!([{"tool": "flight_earnings", "output": {"miles": 4806}}]),
    };
    let worded = composer.compose(&draft).await.unwrap();
    assert_eq!(worded.by, "model");
    assert_eq!(
        worded.reply,
        "Here is what I found. You earn 4,806 miles (125% of 3,845 mi)."
    );
    // A wording that adds a number is not sent: the draft is.
    server
        .state
        .malformed
        .store(true, std::sync::atomic::Ordering::SeqCst);
    let kept = composer.compose(&draft).await.unwrap();
    assert_eq!(kept.by, "draft");
    assert_eq!(kept.reply, draft.reply);
}
