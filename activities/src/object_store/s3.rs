//! Amazon S3 (or any S3-compatible server) as the object store, through the official SDK.

use async_trait::async_trait;
use aws_sdk_s3::Client;
use aws_sdk_s3::config::{BehaviorVersion, Region};
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_s3::primitives::ByteStream;

use super::{Error, ObjectStore, check_key};

/// Where the bucket is and how to reach it.
#[derive(Clone, Debug)]
pub struct S3Settings {
    /// The bucket.
    pub bucket: String,
    /// A prefix below which every key lives (may be empty).
    pub prefix: String,
    /// The region; the standard chain (`AWS_REGION`, profile) when absent.
    pub region: Option<String>,
    /// An endpoint override, for S3-compatible servers and tests.
    pub endpoint_url: Option<String>,
    /// Path-style addressing (`endpoint/bucket/key`), as most S3-compatible servers need.
    pub force_path_style: bool,
}

/// An S3 bucket as the object store. Credentials come from the standard AWS chain.
#[derive(Clone, Debug)]
pub struct S3 {
    client: Client,
    bucket: String,
    prefix: String,
}

impl S3 {
    /// A store over the bucket in `settings`.
    pub async fn connect(settings: S3Settings) -> Self {
        let mut loader = aws_config::defaults(BehaviorVersion::latest());
        if let Some(region) = settings.region {
            loader = loader.region(Region::new(region));
        }
        if let Some(endpoint) = settings.endpoint_url {
            loader = loader.endpoint_url(endpoint);
        }
        let shared = loader.load().await;
        let config = aws_sdk_s3::config::Builder::from(&shared)
            .force_path_style(settings.force_path_style)
            .build();
        Self {
            client: Client::from_conf(config),
            bucket: settings.bucket,
            prefix: settings.prefix,
        }
    }

    fn object_key(&self, key: &str) -> Result<String, Error> {
        check_key(key)?;
        Ok(format!("{}{key}", self.prefix))
    }
}

/// Maps an SDK failure: a missing object or bucket is not retryable, everything else is.
fn failure<E: ProvideErrorMetadata + std::fmt::Debug>(key: &str, error: SdkError<E>) -> Error {
    let code = error
        .as_service_error()
        .and_then(|service| service.code())
        .map(str::to_owned);
    match code.as_deref() {
        Some("NoSuchKey" | "NotFound") => Error::NotFound(key.to_owned()),
        Some(other) => Error::Unavailable(format!("S3 {other}: {}", error_message(&error))),
        None => Error::Unavailable(format!("S3: {}", error_message(&error))),
    }
}

fn error_message<E: ProvideErrorMetadata + std::fmt::Debug>(error: &SdkError<E>) -> String {
    error
        .as_service_error()
        .and_then(|service| service.message())
        .map(str::to_owned)
        .unwrap_or_else(|| format!("{error:?}").chars().take(300).collect())
}

#[async_trait]
impl ObjectStore for S3 {
    async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), Error> {
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(self.object_key(key)?)
            .body(ByteStream::from(bytes))
            .send()
            .await
            .map_err(|error| failure(key, error))?;
        Ok(())
    }

    async fn get(&self, key: &str) -> Result<Vec<u8>, Error> {
        let object = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(self.object_key(key)?)
            .send()
            .await
            .map_err(|error| failure(key, error))?;
        let body = object
            .body
            .collect()
            .await
            .map_err(|error| Error::Unavailable(format!("S3 body of '{key}': {error}")))?;
        Ok(body.into_bytes().to_vec())
    }

    async fn exists(&self, key: &str) -> Result<bool, Error> {
        match self
            .client
            .head_object()
            .bucket(&self.bucket)
            .key(self.object_key(key)?)
            .send()
            .await
        {
            Ok(_) => Ok(true),
            Err(error) => match failure(key, error) {
                Error::NotFound(_) => Ok(false),
                other => Err(other),
            },
        }
    }

    async fn list(&self, prefix: &str) -> Result<Vec<String>, Error> {
        let mut pages = self
            .client
            .list_objects_v2()
            .bucket(&self.bucket)
            .prefix(format!("{}{prefix}", self.prefix))
            .into_paginator()
            .send();
        let mut keys = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|error| failure(prefix, error))?;
            for object in page.contents() {
                if let Some(key) = object.key().and_then(|key| key.strip_prefix(&self.prefix)) {
                    keys.push(key.to_owned());
                }
            }
        }
        keys.sort();
        Ok(keys)
    }
}
