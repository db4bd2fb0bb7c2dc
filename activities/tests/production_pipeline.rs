//! The production path end to end through the real binary: `maximizer serve` configured
//! as in AWS (documents in S3, Textract OCR, Bedrock Converse extraction, Neptune bulk
//! load, SNS notifications) against loopback servers that speak those wire protocols:
//! moto for S3 and SNS, and this crate's Textract (real tesseract), Converse and Neptune
//! endpoints. Every sample document goes through; the facts score like the embedded path;
//! then a traveller's question is understood by Bedrock, answered from Neptune, and its
//! reply worded by Bedrock with every number kept.

mod support;

use std::time::Duration;

use integration_tests::Maximizer;
use integration_tests::documents::{
    completed_steps, documents, get, sample_files, score_facts, upload, wait_for_documents,
};
use support::bedrock::BedrockServer;
use support::moto::{Moto, fake_aws_credentials, s3, sns_topic_to};
use support::neptune::NeptuneServer;
use support::sns::Receiver;
use support::textract::TextractServer;

const BUCKET: &str = "loyalty-documents";
const MODEL: &str = "anthropic.claude-3-5-sonnet-20240620-v1:0";
const ROLE: &str = "arn:aws:iam::123456789012:role/NeptuneLoadFromS3";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_sample_goes_through_s3_textract_bedrock_neptune_and_sns() {
    fake_aws_credentials();
    let moto = Moto::start();
    let admin = s3(&moto).await;
    admin.create_bucket().bucket(BUCKET).send().await.unwrap();
    let textract = TextractServer::start(admin.clone()).await;
    let bedrock = BedrockServer::start(MODEL, None).await;
    let neptune = NeptuneServer::start(admin.clone()).await;
    let receiver = Receiver::start().await;
    let topic = sns_topic_to(&moto, "ingestion-events", &receiver.url).await;

    let dir = tempfile::tempdir().unwrap();
    let maximizer = Maximizer::new(dir.path())
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-east-1")
        .env("MAXIMIZER_S3_BUCKET", BUCKET)
        .env("MAXIMIZER_S3_PREFIX", "prod/")
        .env("MAXIMIZER_S3_REGION", "us-east-1")
        .env("MAXIMIZER_S3_ENDPOINT_URL", &moto.endpoint)
        .env("MAXIMIZER_S3_PATH_STYLE", "true")
        .env("MAXIMIZER_OCR", "textract")
        .env("MAXIMIZER_TEXTRACT_ENDPOINT_URL", &textract.endpoint)
        .env("MAXIMIZER_TEXTRACT_REGION", "us-east-1")
        .env("MAXIMIZER_EXTRACTOR", "bedrock")
        .env("MAXIMIZER_BEDROCK_MODEL_ID", MODEL)
        .env("MAXIMIZER_BEDROCK_REGION", "us-east-1")
        .env("MAXIMIZER_BEDROCK_ENDPOINT_URL", &bedrock.endpoint)
        .env("MAXIMIZER_GRAPH_LOADER", "neptune")
        .env("MAXIMIZER_NEPTUNE_ENDPOINT", &neptune.endpoint)
        .env("MAXIMIZER_NEPTUNE_LOAD_ROLE_ARN", ROLE)
        .env("MAXIMIZER_NEPTUNE_REGION", "us-east-1")
        .env("MAXIMIZER_SNS_TOPIC_ARN", &topic)
        .env("MAXIMIZER_SNS_ENDPOINT_URL", &moto.endpoint)
        .env("MAXIMIZER_KNOWLEDGE", "neptune")
        .env("MAXIMIZER_KNOWLEDGE_REFRESH", "0")
        .env("MAXIMIZER_UNDERSTANDING", "bedrock");
    let work = dir.path().to_owned();
    let (export, runs, elapsed) = tokio::task::spawn_blocking(move || {
        let server = maximizer.serve(&[]);
        let files = sample_files();
        let started = std::time::Instant::now();
        let (status, body) = upload(&server, &files);
        assert_eq!(status, 202, "{body}");
        wait_for_documents(&server, files.len());
        let elapsed = started.elapsed();
        let mut runs = Vec::new();
        for document in documents(&server) {
            assert_eq!(document["status"], "completed", "{document}");
            let run_id = document["run_id"].as_str().unwrap().to_owned();
            assert_eq!(completed_steps(&server, &run_id, "neptune-load-start"), 1);
            assert!(completed_steps(&server, &run_id, "neptune-load-poll") >= 1);
            runs.push((document["name"].as_str().unwrap().to_owned(), run_id));
        }
        let (status, export) = get(&server, "/v1/graph/facts");
        assert_eq!(status, 200, "{export}");
        let scanned = runs
            .iter()
            .filter(|(name, _)| name.contains("scan"))
            .map(|(_, run)| completed_steps(&server, run, "ocr-poll"))
            .sum::<usize>();
        assert!(
            scanned >= 1,
            "the scanned PDF was read as a polled Textract job"
        );
        // A traveller's question, understood by Bedrock and answered from Neptune.
        let question = "How many miles do I earn flying Lufthansa in fare class P from FRA \
                        to JFK credited to United MileagePlus?";
        let answer: serde_json::Value = ureq::post(&format!(
            "{}/v1/conversations/production-1/messages",
            server.url()
        ))
        .set(
            "Authorization",
            &format!("Bearer {}", integration_tests::ADMIN_KEY),
        )
        .send_json(serde_json::json!({ "text": question }))
        .expect("a reply")
        .into_json()
        .unwrap();
        let reply = answer["reply"].as_str().unwrap_or_default();
        assert!(
            reply.contains("4,806") || reply.contains("4806"),
            "{answer}"
        );
        (export, runs, elapsed)
    })
    .await
    .unwrap();

    let (precision, recall) = score_facts(&export, &work);
    println!(
        "production path: {} documents in {:.1} s; facts precision={precision:.3} recall={recall:.3}",
        runs.len(),
        elapsed.as_secs_f64()
    );
    assert!(precision >= 0.95 && recall >= 0.95);

    // Every service saw the calls the production path makes.
    let operations = textract.state.operations();
    assert!(
        operations.iter().any(|op| op == "DetectDocumentText"),
        "{operations:?}"
    );
    assert!(
        operations
            .iter()
            .any(|op| op == "StartDocumentTextDetection")
    );
    assert!(operations.iter().any(|op| op == "GetDocumentTextDetection"));
    assert!(!bedrock.state.requests.lock().unwrap().is_empty());
    let loads = neptune
        .state
        .requests
        .lock()
        .unwrap()
        .iter()
        .filter(|request| request["source"].is_string())
        .count();
    assert_eq!(loads, runs.len(), "one bulk load per document");
    assert!(
        !neptune.state.nodes.lock().unwrap().is_empty(),
        "vertices were loaded from S3"
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while receiver.state.bodies.lock().unwrap().len() < runs.len() {
        assert!(
            std::time::Instant::now() < deadline,
            "SNS delivered every outcome"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let bodies = receiver.state.bodies.lock().unwrap().join("\n");
    assert!(bodies.contains("completed"), "{bodies}");
}
