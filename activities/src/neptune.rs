//! Amazon Neptune through the official `neptunedata` SDK: openCypher queries with bound
//! parameters, and bulk loads of the Gremlin CSV files the ingestion workflow stages in S3.
//! [`NeptuneLoader`] is the production load step ([`BulkLoader`]): the workflow starts a
//! load and polls it with durable timers in between. The embedded graph stays what the
//! conversation side reads; Neptune receives the same load files.

use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_neptunedata::Client;
use aws_sdk_neptunedata::types::{Format, Mode, S3BucketRegion};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::aws::{self, Endpoint, Failure};
use crate::graph::Error;

/// Where the cluster is.
#[derive(Clone, Debug)]
pub struct NeptuneSettings {
    /// The cluster's endpoint, `https://<cluster>:8182`.
    pub endpoint: String,
    /// The region (for signing); the standard chain decides when absent.
    pub region: Option<String>,
    /// The longest one call may take.
    pub timeout: Duration,
}

/// What a bulk load should read.
#[derive(Clone, Debug)]
pub struct LoadRequest {
    /// The S3 URI of a file or a folder prefix (`s3://bucket/staging/<doc>/`).
    pub source: String,
    /// The IAM role Neptune assumes to read the bucket.
    pub iam_role_arn: String,
    /// The format: `csv` (Gremlin CSV), `opencypher`, `ntriples`, ….
    pub format: String,
    /// The bucket's region.
    pub s3_bucket_region: String,
}

/// Where a bulk load stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", content = "reason", rename_all = "snake_case")]
pub enum LoadStatus {
    /// Queued or loading.
    Running,
    /// Every record loaded.
    Completed,
    /// Stopped; why.
    Failed(String),
}

/// A Neptune cluster's data API. Credentials (for IAM authentication) come from the
/// standard AWS chain.
#[derive(Clone, Debug)]
pub struct Neptune {
    client: Client,
}

impl Neptune {
    /// A client for the cluster in `settings`.
    pub async fn connect(settings: NeptuneSettings) -> Self {
        let shared = aws::sdk_config(Endpoint {
            region: settings.region.as_deref(),
            endpoint_url: Some(&settings.endpoint),
            timeout: Some(settings.timeout),
        })
        .await;
        Self {
            client: Client::new(&shared),
        }
    }

    /// Starts a bulk load; returns its id.
    pub async fn start_load(&self, request: &LoadRequest) -> Result<String, Error> {
        let output = self
            .client
            .start_loader_job()
            .source(&request.source)
            .format(Format::from(request.format.as_str()))
            .iam_role_arn(&request.iam_role_arn)
            .s3_bucket_region(S3BucketRegion::from(request.s3_bucket_region.as_str()))
            // New facts and changed properties both load; ids are deterministic, so a
            // repeated load changes nothing.
            .mode(Mode::Auto)
            .fail_on_error(true)
            .update_single_cardinality_properties(true)
            .queue_request(true)
            .send()
            .await
            .map_err(|error| failure(aws::classify("Neptune loader", &error)))?;
        output
            .payload()
            .get("loadId")
            .cloned()
            .ok_or_else(|| Error::Unavailable("Neptune started a load without an id".into()))
    }

    /// Where the bulk load `load_id` stands.
    pub async fn load_status(&self, load_id: &str) -> Result<LoadStatus, Error> {
        let output = self
            .client
            .get_loader_job_status()
            .load_id(load_id)
            .errors(true)
            .send()
            .await
            .map_err(|error| failure(aws::classify("Neptune loader", &error)))?;
        let payload = aws::to_json(output.payload());
        let status = payload["overallStatus"]["status"]
            .as_str()
            .unwrap_or_default();
        Ok(match status {
            "LOAD_COMPLETED" => LoadStatus::Completed,
            "LOAD_NOT_STARTED" | "LOAD_IN_QUEUE" | "LOAD_IN_PROGRESS" => LoadStatus::Running,
            "" => {
                return Err(Error::Unavailable(format!(
                    "Neptune load {load_id}: no status in the answer"
                )));
            }
            failed => {
                let errors = &payload["errors"];
                let detail = if errors.is_null() {
                    String::new()
                } else {
                    format!(
                        ": {}",
                        errors.to_string().chars().take(300).collect::<String>()
                    )
                };
                LoadStatus::Failed(format!("{failed}{detail}"))
            }
        })
    }

    /// Runs an openCypher query. `parameters` travel apart from the query text and are
    /// bound by Neptune (`$name` in the query), so no value can change the query.
    pub async fn query(
        &self,
        cypher: &str,
        parameters: &Map<String, Value>,
    ) -> Result<Value, Error> {
        let mut request = self
            .client
            .execute_open_cypher_query()
            .open_cypher_query(cypher);
        if !parameters.is_empty() {
            request = request.parameters(Value::Object(parameters.clone()).to_string());
        }
        let output = request
            .send()
            .await
            .map_err(|error| failure(aws::classify("Neptune openCypher", &error)))?;
        Ok(aws::to_json(output.results()))
    }
}

/// The production load step: loads a document's staged files into a graph database.
#[async_trait]
pub trait BulkLoader: Send + Sync {
    /// Starts loading every file under `staging_prefix` (an object-store key prefix);
    /// returns the load's id.
    async fn start(&self, staging_prefix: &str) -> Result<String, Error>;
    /// Where the load stands.
    async fn status(&self, load_id: &str) -> Result<LoadStatus, Error>;
}

/// Neptune bulk loads of the object store's staged files, which must be in S3.
#[derive(Clone, Debug)]
pub struct NeptuneLoader {
    neptune: Neptune,
    bucket: String,
    prefix: String,
    bucket_region: String,
    role_arn: String,
}

impl NeptuneLoader {
    /// Loads from `bucket` (in `bucket_region`, keys under the object store's `prefix`),
    /// with Neptune assuming `role_arn` to read it.
    pub fn new(
        neptune: Neptune,
        bucket: impl Into<String>,
        prefix: impl Into<String>,
        bucket_region: impl Into<String>,
        role_arn: impl Into<String>,
    ) -> Self {
        Self {
            neptune,
            bucket: bucket.into(),
            prefix: prefix.into(),
            bucket_region: bucket_region.into(),
            role_arn: role_arn.into(),
        }
    }
}

#[async_trait]
impl BulkLoader for NeptuneLoader {
    async fn start(&self, staging_prefix: &str) -> Result<String, Error> {
        self.neptune
            .start_load(&LoadRequest {
                source: format!("s3://{}/{}{staging_prefix}", self.bucket, self.prefix),
                iam_role_arn: self.role_arn.clone(),
                format: "csv".into(),
                s3_bucket_region: self.bucket_region.clone(),
            })
            .await
    }

    async fn status(&self, load_id: &str) -> Result<LoadStatus, Error> {
        self.neptune.load_status(load_id).await
    }
}

/// Maps an SDK failure: throttling, outages and timeouts are retryable; a request Neptune
/// refuses (bad query, bad source, access) is not.
fn failure(failure: Failure) -> Error {
    match failure {
        Failure::Transient(message) => Error::Unavailable(message),
        Failure::Permanent { message, .. } => Error::Rejected(message),
    }
}
