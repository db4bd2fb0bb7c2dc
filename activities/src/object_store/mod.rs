//! The object store: where landed documents, processed text and load files live, under
//! clear prefixes. A local folder is the embedded default; S3 implements the same trait.

mod s3;

pub use s3::{S3, S3Settings};

use std::path::{Component, Path, PathBuf};

use async_trait::async_trait;
use sha2::{Digest, Sha256};

use crate::ActivityError;

/// What went wrong with the object store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The key is empty, absolute or climbs out of the store.
    #[error("invalid object key '{0}'")]
    InvalidKey(String),
    /// No object under this key.
    #[error("no object under '{0}'")]
    NotFound(String),
    /// The storage failed; a retry may succeed.
    #[error("object store unavailable: {0}")]
    Unavailable(String),
}

impl Error {
    /// Whether another attempt could succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(self, Self::Unavailable(_))
    }
}

impl From<Error> for ActivityError {
    fn from(error: Error) -> Self {
        let kind = match &error {
            Error::InvalidKey(_) => "invalid_key",
            Error::NotFound(_) => "object_not_found",
            Error::Unavailable(_) => "object_store_unavailable",
        };
        if error.is_retryable() {
            ActivityError::retryable(kind, error.to_string())
        } else {
            ActivityError::fatal(kind, error.to_string())
        }
    }
}

/// Keys of objects by their role.
pub mod prefixes {
    /// Documents as they arrived.
    pub const LANDING: &str = "landing/";
    /// Text extracted from documents.
    pub const PROCESSED: &str = "processed/";
    /// Extracted facts.
    pub const FACTS: &str = "facts/";
    /// Graph bulk-load files.
    pub const STAGING: &str = "staging/";
}

/// The SHA-256 of some bytes, in lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The landing key of a document: derived from its content, so the same document dropped
/// twice lands once.
pub fn landing_key(sha256: &str, file_name: &str) -> String {
    let extension = Path::new(file_name)
        .extension()
        .and_then(|extension| extension.to_str())
        .filter(|extension| extension.chars().all(|c| c.is_ascii_alphanumeric()))
        .map(|extension| format!(".{}", extension.to_ascii_lowercase()))
        .unwrap_or_default();
    format!("{}{sha256}{extension}", prefixes::LANDING)
}

/// Objects by key.
#[async_trait]
pub trait ObjectStore: Send + Sync {
    /// Stores `bytes` under `key`, replacing any object there (atomically).
    async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), Error>;
    /// The object under `key`.
    async fn get(&self, key: &str) -> Result<Vec<u8>, Error>;
    /// Whether an object exists under `key`.
    async fn exists(&self, key: &str) -> Result<bool, Error>;
    /// Keys under a prefix, sorted.
    async fn list(&self, prefix: &str) -> Result<Vec<String>, Error>;
}

/// A local folder as the object store: keys are relative paths below it.
#[derive(Clone, Debug)]
pub struct LocalFolder {
    root: PathBuf,
}

impl LocalFolder {
    /// A store rooted at `root` (created when first written).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    fn path_of(&self, key: &str) -> Result<PathBuf, Error> {
        check_key(key)?;
        Ok(self.root.join(key))
    }
}

/// Keys are relative paths of plain segments: never empty, absolute or climbing out.
fn check_key(key: &str) -> Result<(), Error> {
    let plain = !key.is_empty()
        && Path::new(key)
            .components()
            .all(|component| matches!(component, Component::Normal(_)));
    if plain {
        Ok(())
    } else {
        Err(Error::InvalidKey(key.to_owned()))
    }
}

fn unavailable(error: std::io::Error) -> Error {
    Error::Unavailable(error.to_string())
}

#[async_trait]
impl ObjectStore for LocalFolder {
    async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), Error> {
        let path = self.path_of(key)?;
        if let Some(parent) = path.parent() {
            tokio::fs::create_dir_all(parent)
                .await
                .map_err(unavailable)?;
        }
        // Write aside, then rename: readers never see half an object.
        let partial = path.with_extension(format!("partial-{}", std::process::id()));
        tokio::fs::write(&partial, bytes)
            .await
            .map_err(unavailable)?;
        tokio::fs::rename(&partial, &path)
            .await
            .map_err(unavailable)
    }

    async fn get(&self, key: &str) -> Result<Vec<u8>, Error> {
        let path = self.path_of(key)?;
        tokio::fs::read(&path)
            .await
            .map_err(|error| match error.kind() {
                std::io::ErrorKind::NotFound => Error::NotFound(key.to_owned()),
                _ => unavailable(error),
            })
    }

    async fn exists(&self, key: &str) -> Result<bool, Error> {
        tokio::fs::try_exists(self.path_of(key)?)
            .await
            .map_err(unavailable)
    }

    async fn list(&self, prefix: &str) -> Result<Vec<String>, Error> {
        let mut keys = Vec::new();
        let mut pending = vec![self.root.clone()];
        while let Some(dir) = pending.pop() {
            let mut entries = match tokio::fs::read_dir(&dir).await {
                Ok(entries) => entries,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
                Err(error) => return Err(unavailable(error)),
            };
            while let Some(entry) = entries.next_entry().await.map_err(unavailable)? {
                let path = entry.path();
                if entry.file_type().await.map_err(unavailable)?.is_dir() {
                    pending.push(path);
                } else if let Ok(relative) = path.strip_prefix(&self.root) {
                    let key = relative.to_string_lossy().replace('\\', "/");
                    if key.starts_with(prefix) && !key.contains(".partial-") {
                        keys.push(key);
                    }
                }
            }
        }
        keys.sort();
        Ok(keys)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn puts_gets_and_lists_under_prefixes() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalFolder::new(dir.path());
        let key = landing_key(&sha256_hex(b"hello"), "Guide.PDF");
        assert!(
            key.starts_with("landing/2cf24dba") && key.ends_with(".pdf"),
            "{key}"
        );
        store.put(&key, b"hello".to_vec()).await.unwrap();
        store
            .put("processed/a.txt", b"text".to_vec())
            .await
            .unwrap();
        assert_eq!(store.get(&key).await.unwrap(), b"hello");
        assert!(store.exists(&key).await.unwrap());
        assert_eq!(store.list("landing/").await.unwrap(), vec![key]);
        assert!(matches!(
            store.get("landing/none").await,
            Err(Error::NotFound(_))
        ));
        for bad in ["", "../escape", "/etc/passwd", "a/../../b"] {
            assert!(
                matches!(store.get(bad).await, Err(Error::InvalidKey(_))),
                "{bad}"
            );
        }
    }
}
