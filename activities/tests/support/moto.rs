//! What the AWS adapters' tests need around moto (the integration tests' real S3- and
//! SNS-compatible server): an S3 client of it, and the fake credentials the SDK signs with.

pub use integration_tests::moto::Moto;

/// An S3 client of `moto` (path-style), for setting up buckets and objects.
pub async fn s3(moto: &Moto) -> aws_sdk_s3::Client {
    let shared = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url(&moto.endpoint)
        .load()
        .await;
    aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&shared)
            .force_path_style(true)
            .build(),
    )
}

/// Puts fake credentials and a region where the SDK's standard chain finds them. Every
/// test calls this before it builds a client.
pub fn fake_aws_credentials() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    // SAFETY: the first caller sets the variables while every other test thread that needs
    // them waits on the Once; no thread reads these names concurrently with the write.
    ONCE.call_once(|| unsafe {
        std::env::set_var("AWS_ACCESS_KEY_ID", "testing");
        std::env::set_var("AWS_SECRET_ACCESS_KEY", "testing");
        std::env::set_var("AWS_REGION", "us-east-1");
    });
}

/// A topic on `moto`'s SNS with an HTTP subscription to `endpoint`; returns its ARN. (moto
/// delivers to HTTP subscriptions without a confirmation handshake.)
pub async fn sns_topic_to(moto: &Moto, name: &str, endpoint: &str) -> String {
    let shared = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .endpoint_url(&moto.endpoint)
        .load()
        .await;
    let admin = aws_sdk_sns::Client::new(&shared);
    let topic = admin
        .create_topic()
        .name(name)
        .send()
        .await
        .expect("create an SNS topic on moto");
    let topic_arn = topic.topic_arn().unwrap_or_default().to_owned();
    admin
        .subscribe()
        .topic_arn(&topic_arn)
        .protocol("http")
        .endpoint(endpoint)
        .send()
        .await
        .expect("subscribe to the topic");
    topic_arn
}
