//! The S3 object store's real SDK code against a real S3-compatible server on loopback
//! (moto in server mode, from PyPI, installed by tests/run-all.sh).

use activities::object_store::{Error, ObjectStore, S3, S3Settings};
use integration_tests::moto::Moto;

#[tokio::test]
async fn objects_round_trip_through_an_s3_server() {
    // The standard credential chain reads these; this binary has this one test, so no
    // other thread reads the environment meanwhile.
    unsafe {
        std::env::set_var("AWS_ACCESS_KEY_ID", "testing");
        std::env::set_var("AWS_SECRET_ACCESS_KEY", "testing");
    }
    let moto = Moto::start();
    let endpoint = moto.endpoint.clone();
    let settings = S3Settings {
        bucket: "loyalty-landing".into(),
        prefix: "dev/".into(),
        region: Some("us-east-1".into()),
        endpoint_url: Some(endpoint.clone()),
        force_path_style: true,
    };
    // Create the bucket with the SDK itself, as an operator's tooling would.
    let shared = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_sdk_s3::config::Region::new("us-east-1"))
        .endpoint_url(&endpoint)
        .load()
        .await;
    let admin = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&shared)
            .force_path_style(true)
            .build(),
    );
    admin
        .create_bucket()
        .bucket("loyalty-landing")
        .send()
        .await
        .expect("create bucket");

    let store = S3::connect(settings).await;
    store
        .put("landing/abc.pdf", b"%PDF-1.7 test".to_vec())
        .await
        .unwrap();
    store
        .put("processed/abc.txt", b"text".to_vec())
        .await
        .unwrap();
    assert_eq!(
        store.get("landing/abc.pdf").await.unwrap(),
        b"%PDF-1.7 test"
    );
    assert!(store.exists("landing/abc.pdf").await.unwrap());
    assert!(!store.exists("landing/missing.pdf").await.unwrap());
    assert!(matches!(
        store.get("landing/missing.pdf").await,
        Err(Error::NotFound(_))
    ));
    assert_eq!(
        store.list("landing/").await.unwrap(),
        vec!["landing/abc.pdf"]
    );
    assert!(matches!(
        store.put("../escape", Vec::new()).await,
        Err(Error::InvalidKey(_))
    ));

    // The prefix is applied on the server side of the keys.
    let listed = admin
        .list_objects_v2()
        .bucket("loyalty-landing")
        .send()
        .await
        .unwrap();
    let mut raw: Vec<String> = listed
        .contents()
        .iter()
        .filter_map(|o| o.key().map(str::to_owned))
        .collect();
    raw.sort();
    assert_eq!(raw, vec!["dev/landing/abc.pdf", "dev/processed/abc.txt"]);
}
