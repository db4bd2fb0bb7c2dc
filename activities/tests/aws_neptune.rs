//! The Neptune adapter's real SDK code (neptunedata: bulk loader and openCypher) against a
//! Neptune data-API endpoint on loopback (support/neptune.rs) that loads the staged Gremlin
//! CSV files from a real S3-compatible server (moto).

mod support;

use activities::ActivityError;
use activities::facts::{Airline, Facts, Program};
use activities::graph::{to_graph, to_gremlin_csv};
use activities::neptune::{BulkLoader, LoadStatus, Neptune, NeptuneLoader, NeptuneSettings};
use serde_json::{Map, Value, json};
use support::moto::{Moto, fake_aws_credentials, s3};
use support::neptune::NeptuneServer;

const BUCKET: &str = "loyalty-staging";
const ROLE: &str = "arn:aws:iam::123456789012:role/NeptuneLoadFromS3";

struct Setup {
    _moto: Moto,
    server: NeptuneServer,
    neptune: Neptune,
    loader: NeptuneLoader,
    admin: aws_sdk_s3::Client,
}

async fn setup() -> Setup {
    fake_aws_credentials();
    let moto = Moto::start();
    let admin = s3(&moto).await;
    admin.create_bucket().bucket(BUCKET).send().await.unwrap();
    let server = NeptuneServer::start(admin.clone()).await;
    let neptune = Neptune::connect(NeptuneSettings {
        endpoint: server.endpoint.clone(),
        region: Some("us-east-1".into()),
        timeout: std::time::Duration::from_secs(10),
    })
    .await;
    let loader = NeptuneLoader::new(neptune.clone(), BUCKET, "prod/", "us-east-1", ROLE);
    Setup {
        _moto: moto,
        server,
        neptune,
        loader,
        admin,
    }
}

fn facts() -> Facts {
    Facts {
        programs: vec![Program {
            id: "united_mileageplus".into(),
            name: "United MileagePlus".into(),
            operator_airline: Some("UA".into()),
            ..Program::default()
        }],
        airlines: vec![Airline {
            iata: "LH".into(),
            name: "Lufthansa".into(),
            country: Some("DE".into()),
            ..Airline::default()
        }],
        ..Facts::default()
    }
}

fn parameters(value: Value) -> Map<String, Value> {
    value.as_object().unwrap().clone()
}

const BY_ID: &str = "MATCH (n {`~id`: $id}) RETURN n";

#[tokio::test]
async fn staged_files_bulk_load_and_nodes_are_queried_with_bound_parameters() {
    let setup = setup().await;
    let batch = to_graph("doc1", &facts());
    let (vertices, edges) = to_gremlin_csv(&batch);
    for (name, body) in [("vertices.csv", vertices), ("edges.csv", edges)] {
        setup
            .admin
            .put_object()
            .bucket(BUCKET)
            .key(format!("prod/staging/doc1/{name}"))
            .body(body.into_bytes().into())
            .send()
            .await
            .unwrap();
    }

    let load_id = setup.loader.start("staging/doc1/").await.unwrap();
    assert_eq!(
        setup.loader.status(&load_id).await.unwrap(),
        LoadStatus::Running
    );
    assert_eq!(
        setup.loader.status(&load_id).await.unwrap(),
        LoadStatus::Completed
    );
    let start = setup.server.state.requests.lock().unwrap()[0].clone();
    assert_eq!(start["source"], "s3://loyalty-staging/prod/staging/doc1/");
    assert_eq!(start["format"], "csv");
    assert_eq!(start["iamRoleArn"], ROLE);
    assert_eq!(start["region"], "us-east-1");

    let airline = batch
        .nodes
        .iter()
        .find(|node| node.label == "Airline")
        .unwrap();
    let results = setup
        .neptune
        .query(BY_ID, &parameters(json!({"id": airline.id})))
        .await
        .unwrap();
    assert_eq!(results[0]["n"]["~id"], airline.id.as_str());
    assert_eq!(results[0]["n"]["~properties"]["name"], "Lufthansa");

    // A hostile value stays a value: it matches nothing and changes no query.
    let hostile = "x'}) MATCH (m) DETACH DELETE m //";
    let results = setup
        .neptune
        .query(BY_ID, &parameters(json!({"id": hostile})))
        .await
        .unwrap();
    assert_eq!(results, json!([]));
    let sent = setup
        .server
        .state
        .requests
        .lock()
        .unwrap()
        .last()
        .cloned()
        .unwrap();
    assert_eq!(sent["query"], BY_ID);
    assert_eq!(sent["parameters"], json!({"id": hostile}).to_string());
}

#[tokio::test]
async fn failed_loads_report_why_and_errors_say_whether_to_retry() {
    let setup = setup().await;
    let load_id = setup.loader.start("staging/empty/").await.unwrap();
    assert_eq!(
        setup.loader.status(&load_id).await.unwrap(),
        LoadStatus::Running
    );
    let LoadStatus::Failed(reason) = setup.loader.status(&load_id).await.unwrap() else {
        panic!("a load of nothing fails");
    };
    assert!(
        reason.starts_with("LOAD_FAILED") && reason.contains("no vertices"),
        "{reason}"
    );

    let unknown: ActivityError = setup.loader.status("load-404").await.unwrap_err().into();
    assert!(!unknown.retryable, "{unknown:?}");
    assert!(
        unknown.message.contains("BulkLoadIdNotFoundException"),
        "{unknown:?}"
    );

    setup
        .server
        .state
        .throttle_next
        .store(true, std::sync::atomic::Ordering::SeqCst);
    let id = parameters(json!({"id": "airline:LH"}));
    let throttled: ActivityError = setup.neptune.query(BY_ID, &id).await.unwrap_err().into();
    assert!(throttled.retryable, "{throttled:?}");
    assert!(setup.neptune.query(BY_ID, &id).await.is_ok());

    let malformed: ActivityError = setup
        .neptune
        .query(
            "MATCH (n) RETURN n LIMIT $limit",
            &parameters(json!({"limit": 1})),
        )
        .await
        .unwrap_err()
        .into();
    assert!(!malformed.retryable, "{malformed:?}");
    assert!(
        malformed.message.contains("MalformedQueryException"),
        "{malformed:?}"
    );
}
