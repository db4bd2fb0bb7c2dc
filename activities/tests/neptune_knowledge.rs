//! The conversation tools over a graph held in Neptune: the samples' facts are staged as
//! Gremlin CSV in a real S3-compatible server (moto), bulk-loaded through the Neptune
//! adapter into the loopback Neptune endpoint, and read back with openCypher; every tool
//! query answers exactly as over the same facts in memory, and a later load is seen.

mod support;

use std::time::Duration;

use activities::documents::{detect, extract_text};
use activities::extractor::{Extractor, LocalExtractor};
use activities::facts::{Cabin, Facts};
use activities::graph::{GraphView, to_graph, to_gremlin_csv};
use activities::neptune::{BulkLoader, LoadStatus, Neptune, NeptuneLoader, NeptuneSettings};
use activities::passages::{DocumentText, split};
use activities::tools::{KnowledgeGraph, NeptuneKnowledge, Snapshot};
use support::moto::{Moto, fake_aws_credentials, s3};
use support::neptune::NeptuneServer;

const BUCKET: &str = "loyalty-staging";
const ROLE: &str = "arn:aws:iam::123456789012:role/NeptuneLoadFromS3";

/// A sample document's facts, read by the local extractor.
async fn facts_of(name: &str) -> Facts {
    let path = integration_tests::documents::samples()
        .join("documents")
        .join(name);
    let bytes = std::fs::read(path).unwrap();
    let pages = extract_text(detect(&bytes).unwrap(), &bytes).await.unwrap();
    let id = format!("doc-{name}");
    let text = DocumentText {
        id: id.clone(),
        name: name.to_owned(),
        passages: split(&id, &pages),
    };
    LocalExtractor.extract(&text).await.unwrap()
}

/// Stages a document's graph under `staging/<doc>/` and bulk-loads it.
async fn load(admin: &aws_sdk_s3::Client, loader: &NeptuneLoader, doc: &str, facts: &Facts) {
    let (vertices, edges) = to_gremlin_csv(&to_graph(doc, facts));
    for (file, body) in [("vertices.csv", vertices), ("edges.csv", edges)] {
        admin
            .put_object()
            .bucket(BUCKET)
            .key(format!("prod/staging/{doc}/{file}"))
            .body(body.into_bytes().into())
            .send()
            .await
            .unwrap();
    }
    let id = loader.start(&format!("staging/{doc}/")).await.unwrap();
    loop {
        match loader.status(&id).await.unwrap() {
            LoadStatus::Completed => break,
            LoadStatus::Running => tokio::time::sleep(Duration::from_millis(20)).await,
            LoadStatus::Failed(reason) => panic!("load failed: {reason}"),
        }
    }
}

/// The same documents' graphs held in memory, as the embedded graph holds them.
fn in_memory(documents: &[(&str, &Facts)]) -> Snapshot {
    let (mut nodes, mut edges) = (Vec::new(), Vec::new());
    for (doc, facts) in documents {
        let batch = to_graph(doc, facts);
        nodes.extend(batch.nodes);
        edges.extend(batch.edges);
    }
    Snapshot::new(GraphView::new(nodes, edges))
}

#[tokio::test]
async fn tools_answer_over_neptune_as_over_the_same_facts_in_memory() {
    fake_aws_credentials();
    let moto = Moto::start();
    let admin = s3(&moto).await;
    admin.create_bucket().bucket(BUCKET).send().await.unwrap();
    let server = NeptuneServer::start(admin.clone()).await;
    let neptune = Neptune::connect(NeptuneSettings {
        endpoint: server.endpoint.clone(),
        region: Some("us-east-1".into()),
        timeout: Duration::from_secs(10),
    })
    .await;
    let loader = NeptuneLoader::new(neptune.clone(), BUCKET, "prod/", "us-east-1", ROLE);
    let knowledge = NeptuneKnowledge::new(neptune, Duration::ZERO);

    let earning = facts_of("united_mileageplus_partner_earning.html").await;
    load(&admin, &loader, "earning", &earning).await;
    let memory = in_memory(&[("earning", &earning)]);
    assert_eq!(
        knowledge.programs().await.unwrap(),
        memory.programs().await.unwrap()
    );
    assert!(!knowledge.programs().await.unwrap().is_empty());
    assert_eq!(
        knowledge
            .earning_rule("united_mileageplus", "LH", "P")
            .await
            .unwrap(),
        memory
            .earning_rule("united_mileageplus", "LH", "P")
            .await
            .unwrap()
    );
    let rule = knowledge
        .earning_rule("MileagePlus", "lh", "p")
        .await
        .unwrap()
        .expect("the LH class P rule, by the program's alias");
    assert_eq!(rule.percent, 125.0);
    assert_eq!(
        knowledge
            .earning_rules("united_mileageplus", "LH")
            .await
            .unwrap(),
        memory
            .earning_rules("united_mileageplus", "LH")
            .await
            .unwrap()
    );
    assert_eq!(
        knowledge.programs_earning_on("LH").await.unwrap(),
        memory.programs_earning_on("LH").await.unwrap()
    );
    assert_eq!(
        knowledge.airlines().await.unwrap(),
        memory.airlines().await.unwrap()
    );
    assert_eq!(
        knowledge.alliance_of("LH").await.unwrap(),
        memory.alliance_of("LH").await.unwrap()
    );

    // A second document loaded later is seen: the graph's counts changed.
    let chart = facts_of("united_mileageplus_award_chart.md").await;
    assert!(
        knowledge
            .zones("united_mileageplus")
            .await
            .unwrap()
            .is_empty()
    );
    load(&admin, &loader, "chart", &chart).await;
    let memory = in_memory(&[("earning", &earning), ("chart", &chart)]);
    let zones = knowledge.zones("united_mileageplus").await.unwrap();
    assert!(!zones.is_empty(), "the chart's zones arrived");
    assert_eq!(zones, memory.zones("united_mileageplus").await.unwrap());
    let (from, to) = (&zones[0].zone, &zones[zones.len() - 1].zone);
    for cabin in [Cabin::Economy, Cabin::Business] {
        assert_eq!(
            knowledge
                .award("united_mileageplus", from, to, cabin)
                .await
                .unwrap(),
            memory
                .award("united_mileageplus", from, to, cabin)
                .await
                .unwrap()
        );
    }
    assert_eq!(
        knowledge
            .zone_of_country("united_mileageplus", "DE")
            .await
            .unwrap(),
        memory
            .zone_of_country("united_mileageplus", "DE")
            .await
            .unwrap()
    );

    // Every query went to Neptune as openCypher, with nothing built into the text.
    let requests = server.state.requests.lock().unwrap().clone();
    assert!(requests.iter().any(|request| {
        request["query"]
            .as_str()
            .is_some_and(|query| query.contains("labels(n)"))
    }));
}
