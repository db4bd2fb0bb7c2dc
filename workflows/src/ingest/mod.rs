//! The ingestion workflows: `ingest-document` (one document to facts and passages) and
//! `ingest-batch` (a folder or object-store prefix, one child per document). Their side
//! effects go through [`Ingestion`]: the embedded or production implementation of every
//! activity trait, chosen by the binary's configuration.

pub mod batch;
pub mod document;

use std::sync::Arc;
use std::time::Duration;

use activities::catalog::Catalog;
use activities::extractor::Extractor;
use activities::graph::GraphStore;
use activities::index::PassageIndex;
use activities::neptune::BulkLoader;
use activities::notify::Notifier;
use activities::object_store::ObjectStore;
use activities::ocr::Ocr;
use activities::validate::ValidationSettings;
use engine::Registry;

/// The activities ingestion calls, and its settings.
pub struct Ingestion {
    /// Where documents, text, facts and load files live.
    pub store: Arc<dyn ObjectStore>,
    /// OCR for scans.
    pub ocr: Arc<dyn Ocr>,
    /// Fact extraction.
    pub extractor: Arc<dyn Extractor>,
    /// The knowledge graph.
    pub graph: Arc<dyn GraphStore>,
    /// The production graph database's bulk loader (Neptune), fed the staged load files
    /// besides the embedded graph; none in the embedded default.
    pub bulk_loader: Option<Arc<dyn BulkLoader>>,
    /// The passage index.
    pub index: Arc<dyn PassageIndex>,
    /// Where outcomes are announced.
    pub notifier: Arc<dyn Notifier>,
    /// The document catalog.
    pub catalog: Catalog,
    /// Settings.
    pub settings: IngestSettings,
}

/// How ingestion behaves.
#[derive(Clone, Copy, Debug)]
pub struct IngestSettings {
    /// Which facts wait for a curator, and the confidence below which they do.
    pub validation: ValidationSettings,
    /// How long held facts wait for a decision before they are rejected.
    pub approval_timeout: Duration,
    /// Time between polls of an asynchronous OCR job.
    pub ocr_poll_interval: Duration,
    /// Polls before an OCR job is given up.
    pub ocr_max_polls: u32,
    /// Time between polls of a bulk load.
    pub bulk_load_poll_interval: Duration,
    /// Polls before a bulk load is given up.
    pub bulk_load_max_polls: u32,
}

impl Default for IngestSettings {
    fn default() -> Self {
        Self {
            validation: ValidationSettings::default(),
            approval_timeout: Duration::from_secs(7 * 24 * 3600),
            ocr_poll_interval: Duration::from_secs(5),
            ocr_max_polls: 720,
            bulk_load_poll_interval: Duration::from_secs(10),
            bulk_load_max_polls: 720,
        }
    }
}

/// Registers the ingestion workflows over `services`; curators may run them.
pub fn register(registry: &mut Registry, services: Arc<Ingestion>) {
    let s = services.clone();
    registry.register(document::NAME, move |ctx, input| {
        document::run(ctx, s.clone(), input)
    });
    let s = services;
    registry.register(batch::NAME, move |ctx, input| {
        batch::run(ctx, s.clone(), input)
    });
    registry.grant(document::NAME, "curator");
    registry.grant(batch::NAME, "curator");
}
