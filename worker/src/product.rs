//! The product on the engine: the ingestion services (object store, OCR, extractor,
//! graph, index, notifier, catalog) and the conversation services (tools, understanding,
//! conversation store) built from the configuration, and the registry of every workflow
//! with them.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use activities::catalog::Catalog;
use activities::conversations::SqlConversations;
use activities::extractor::LocalExtractor;
use activities::graph::SqlGraph;
use activities::index::SqlIndex;
use activities::notify::LogNotifier;
use activities::object_store::{LocalFolder, ObjectStore, S3, S3Settings};
use activities::ocr::Tesseract;
use activities::profiles::SqlProfiles;
use activities::tools::{EmbeddedKnowledge, Tools};
use activities::understanding::LocalUnderstanding;
use activities::validate::ValidationSettings;
use anyhow::Context as _;
use engine::{Registry, Store};
use workflows::conversation::Conversations;
use workflows::ingest::{IngestSettings, Ingestion};

use crate::cli::IngestArgs;

/// Builds the ingestion services over the engine's database.
pub async fn ingestion(
    store: &Arc<dyn Store>,
    data_dir: &Path,
    args: &IngestArgs,
) -> anyhow::Result<Arc<Ingestion>> {
    let database = store.database();
    let objects: Arc<dyn ObjectStore> = match &args.s3_bucket {
        Some(bucket) => Arc::new(
            S3::connect(S3Settings {
                bucket: bucket.clone(),
                prefix: args.s3_prefix.clone(),
                region: args.s3_region.clone(),
                endpoint_url: args.s3_endpoint_url.clone(),
                force_path_style: args.s3_path_style,
            })
            .await,
        ),
        None => Arc::new(LocalFolder::new(
            args.objects_dir
                .clone()
                .unwrap_or_else(|| data_dir.join("objects")),
        )),
    };
    let graph = SqlGraph::open(database.clone())
        .await
        .context("opening the knowledge graph tables")?;
    let index = SqlIndex::open(database.clone())
        .await
        .context("opening the passage index")?;
    let catalog = Catalog::open(database)
        .await
        .context("opening the document catalog")?;
    Ok(Arc::new(Ingestion {
        store: objects,
        ocr: Arc::new(Tesseract),
        extractor: Arc::new(LocalExtractor),
        graph: Arc::new(graph),
        index: Arc::new(index),
        notifier: Arc::new(LogNotifier),
        catalog,
        settings: IngestSettings {
            validation: ValidationSettings {
                mode: args.approval_mode,
                min_confidence: args.min_confidence,
            },
            approval_timeout: Duration::from_secs_f64(args.approval_timeout),
            ..IngestSettings::default()
        },
    }))
}

/// Builds the conversation services (tools over the graph, index and profiles; the local
/// understanding; the conversation store) over the engine's database.
/// The passage index is the one ingestion writes.
pub async fn conversations(
    store: &Arc<dyn Store>,
    ingestion: &Ingestion,
) -> anyhow::Result<Arc<Conversations>> {
    let database = store.database();
    let graph = SqlGraph::open(database.clone())
        .await
        .context("opening the knowledge graph tables")?;
    let profiles = SqlProfiles::open(database.clone())
        .await
        .context("opening the profiles table")?;
    let conversations = SqlConversations::open(database)
        .await
        .context("opening the conversations tables")?;
    Ok(Arc::new(Conversations {
        tools: Tools {
            knowledge: Arc::new(EmbeddedKnowledge::new(graph)),
            index: ingestion.index.clone(),
            profiles: Arc::new(profiles),
        },
        understanding: Arc::new(LocalUnderstanding),
        store: Arc::new(conversations),
    }))
}

/// Every workflow of the product.
pub fn registry(ingestion: Arc<Ingestion>, conversations: Arc<Conversations>) -> Registry {
    let mut registry = workflows::registry();
    workflows::ingest::register(&mut registry, ingestion);
    workflows::conversation::register(&mut registry, conversations);
    registry
}
