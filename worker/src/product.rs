//! The product on the engine: the ingestion services (object store, OCR, extractor,
//! graph, index, notifier, catalog) and the conversation services (tools, understanding,
//! conversation store) built from the configuration, and the registry of every workflow
//! with them.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use activities::catalog::Catalog;
use activities::composer::{Composer, ModelComposer};
use activities::conversations::SqlConversations;
use activities::extractor::{
    BedrockExtractor, BedrockSettings, Extractor, LocalExtractor, OpenAiExtractor, OpenAiSettings,
};
use activities::graph::SqlGraph;
use activities::index::SqlIndex;
use activities::neptune::{BulkLoader, Neptune, NeptuneLoader, NeptuneSettings};
use activities::notify::{Fanout, LogNotifier, Notifier, Sns, SnsSettings, Webhook};
use activities::object_store::{LocalFolder, ObjectStore, S3, S3Settings};
use activities::ocr::{Ocr, Tesseract, Textract, TextractSettings};
use activities::profiles::SqlProfiles;
use activities::tools::{EmbeddedKnowledge, KnowledgeGraph, NeptuneKnowledge, Tools};
use activities::understanding::{
    BedrockUnderstanding, LocalUnderstanding, OpenAiUnderstanding, Understanding,
};
use activities::validate::ValidationSettings;
use anyhow::{Context as _, bail};
use clap::ValueEnum as _;
use engine::{Registry, Store};
use workflows::conversation::Conversations;
use workflows::ingest::{IngestSettings, Ingestion};

use crate::cli::{GraphLoaderKind, IngestArgs, ModelKind, OcrKind};

/// Builds the ingestion services over the engine's database.
pub async fn ingestion(
    store: &Arc<dyn Store>,
    data_dir: &Path,
    args: &IngestArgs,
) -> anyhow::Result<Arc<Ingestion>> {
    check_companions(args)?;
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
        ocr: ocr(args).await,
        extractor: extractor(args).await?,
        graph: Arc::new(graph),
        bulk_loader: bulk_loader(args).await,
        index: Arc::new(index),
        notifier: notifier(args).await?,
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

/// Builds the conversation services (tools over the graph, index and profiles; the
/// configured understanding; the conversation store) over the engine's database.
/// The passage index is the one ingestion writes.
pub async fn conversations(
    store: &Arc<dyn Store>,
    ingestion: &Ingestion,
    args: &IngestArgs,
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
    let knowledge: Arc<dyn KnowledgeGraph> = match args.knowledge {
        GraphLoaderKind::Embedded => Arc::new(EmbeddedKnowledge::new(graph)),
        GraphLoaderKind::Neptune => {
            let endpoint = args.neptune_endpoint.clone().ok_or_else(|| {
                anyhow::anyhow!("MAXIMIZER_KNOWLEDGE=neptune needs MAXIMIZER_NEPTUNE_ENDPOINT")
            })?;
            if !(args.knowledge_refresh.is_finite() && args.knowledge_refresh >= 0.0) {
                bail!("MAXIMIZER_KNOWLEDGE_REFRESH must be a number of seconds, 0 or more");
            }
            let neptune = Neptune::connect(NeptuneSettings {
                endpoint,
                region: args.neptune_region.clone(),
                timeout: Duration::from_secs(60),
            })
            .await;
            Arc::new(NeptuneKnowledge::new(
                neptune,
                Duration::from_secs_f64(args.knowledge_refresh),
            ))
        }
    };
    let (understanding, composer) = conversation_model(args).await?;
    Ok(Arc::new(Conversations {
        tools: Tools {
            knowledge,
            index: ingestion.index.clone(),
            profiles: Arc::new(profiles),
        },
        understanding,
        composer,
        store: Arc::new(conversations),
    }))
}

/// Fails, naming the setting, when a chosen adapter lacks one it cannot work without.
fn check_companions(args: &IngestArgs) -> anyhow::Result<()> {
    let missing = |what: &str, needed_by: &str| {
        anyhow::anyhow!("{needed_by} needs {what}; set it or choose another adapter")
    };
    check_model(args, args.extractor, "MAXIMIZER_EXTRACTOR")?;
    check_model(args, args.understanding, "MAXIMIZER_UNDERSTANDING")?;
    if args.ocr == OcrKind::Textract && args.s3_bucket.is_none() {
        // Textract reads PDFs from S3, so documents must be kept there.
        return Err(missing("MAXIMIZER_S3_BUCKET", "MAXIMIZER_OCR=textract"));
    }
    if args.graph_loader == GraphLoaderKind::Neptune {
        let needed_by = "MAXIMIZER_GRAPH_LOADER=neptune";
        if args.s3_bucket.is_none() {
            return Err(missing("MAXIMIZER_S3_BUCKET", needed_by));
        }
        if args.neptune_endpoint.is_none() {
            return Err(missing("MAXIMIZER_NEPTUNE_ENDPOINT", needed_by));
        }
        if args.neptune_load_role_arn.is_none() {
            return Err(missing("MAXIMIZER_NEPTUNE_LOAD_ROLE_ARN", needed_by));
        }
        if args.s3_region.is_none() && args.neptune_region.is_none() {
            return Err(missing(
                "MAXIMIZER_S3_REGION (the bucket's region, for the loader)",
                needed_by,
            ));
        }
    }
    if args.sns_endpoint_url.is_some() && args.sns_topic_arn.is_none() {
        return Err(missing(
            "MAXIMIZER_SNS_TOPIC_ARN",
            "MAXIMIZER_SNS_ENDPOINT_URL",
        ));
    }
    if args.extractor_chunk_chars == 0 {
        bail!("MAXIMIZER_EXTRACTOR_CHUNK_CHARS must be positive");
    }
    Ok(())
}

/// Fails, naming the setting, when the model `kind` chosen by `choice` lacks its settings.
fn check_model(args: &IngestArgs, kind: ModelKind, choice: &str) -> anyhow::Result<()> {
    let chosen = kind
        .to_possible_value()
        .map(|value| value.get_name().to_owned())
        .unwrap_or_default();
    let needs = |setting: &str, value: &Option<String>| match value {
        Some(_) => Ok(()),
        None => Err(anyhow::anyhow!(
            "{choice}={chosen} needs {setting}; set it or choose another adapter"
        )),
    };
    match kind {
        ModelKind::Local => Ok(()),
        ModelKind::Bedrock => needs("MAXIMIZER_BEDROCK_MODEL_ID", &args.bedrock_model_id),
        ModelKind::Openai => {
            needs("MAXIMIZER_OPENAI_BASE_URL", &args.openai_base_url)?;
            needs("MAXIMIZER_OPENAI_MODEL", &args.openai_model)
        }
    }
}

fn bedrock_settings(args: &IngestArgs, timeout: Duration) -> BedrockSettings {
    let mut settings = BedrockSettings::new(args.bedrock_model_id.clone().unwrap_or_default());
    settings.region = args.bedrock_region.clone();
    settings.endpoint_url = args.bedrock_endpoint_url.clone();
    settings.timeout = timeout;
    settings
}

fn openai_settings(args: &IngestArgs, timeout: Duration) -> OpenAiSettings {
    let mut settings = OpenAiSettings::new(
        args.openai_base_url.clone().unwrap_or_default(),
        args.openai_model.clone().unwrap_or_default(),
    );
    settings.api_key = args.openai_api_key.clone();
    settings.timeout = timeout;
    settings
}

/// The conversation's model, when one is configured: it understands questions and words
/// replies, both from the same settings. A question waits on it, so a call gets 30 seconds
/// and a short answer.
async fn conversation_model(
    args: &IngestArgs,
) -> anyhow::Result<(Arc<dyn Understanding>, Option<Arc<dyn Composer>>)> {
    let timeout = Duration::from_secs(30);
    Ok(match args.understanding {
        ModelKind::Local => (Arc::new(LocalUnderstanding), None),
        ModelKind::Bedrock => {
            let mut settings = bedrock_settings(args, timeout);
            settings.max_tokens = 1024;
            (
                Arc::new(BedrockUnderstanding::connect(settings.clone()).await),
                Some(Arc::new(ModelComposer::bedrock(settings).await)),
            )
        }
        ModelKind::Openai => {
            let settings = openai_settings(args, timeout);
            (
                Arc::new(
                    OpenAiUnderstanding::new(settings.clone())
                        .context("MAXIMIZER_OPENAI_BASE_URL")?,
                ),
                Some(Arc::new(
                    ModelComposer::openai(settings).context("MAXIMIZER_OPENAI_BASE_URL")?,
                )),
            )
        }
    })
}

async fn ocr(args: &IngestArgs) -> Arc<dyn Ocr> {
    match (args.ocr, &args.s3_bucket) {
        (OcrKind::Textract, Some(bucket)) => Arc::new(
            Textract::connect(TextractSettings {
                region: args.textract_region.clone(),
                endpoint_url: args.textract_endpoint_url.clone(),
                bucket: bucket.clone(),
                prefix: args.s3_prefix.clone(),
            })
            .await,
        ),
        _ => Arc::new(Tesseract),
    }
}

async fn extractor(args: &IngestArgs) -> anyhow::Result<Arc<dyn Extractor>> {
    let timeout = Duration::from_secs_f64(args.extractor_timeout);
    Ok(match args.extractor {
        ModelKind::Local => Arc::new(LocalExtractor),
        ModelKind::Bedrock => Arc::new(
            BedrockExtractor::connect(bedrock_settings(args, timeout))
                .await
                .with_chunk_chars(args.extractor_chunk_chars),
        ),
        ModelKind::Openai => Arc::new(
            OpenAiExtractor::new(openai_settings(args, timeout))
                .context("MAXIMIZER_OPENAI_BASE_URL")?
                .with_chunk_chars(args.extractor_chunk_chars),
        ),
    })
}

async fn bulk_loader(args: &IngestArgs) -> Option<Arc<dyn BulkLoader>> {
    if args.graph_loader != GraphLoaderKind::Neptune {
        return None;
    }
    let neptune = Neptune::connect(NeptuneSettings {
        endpoint: args.neptune_endpoint.clone()?,
        region: args.neptune_region.clone(),
        timeout: Duration::from_secs(60),
    })
    .await;
    Some(Arc::new(NeptuneLoader::new(
        neptune,
        args.s3_bucket.clone()?,
        args.s3_prefix.clone(),
        args.s3_region
            .clone()
            .or_else(|| args.neptune_region.clone())?,
        args.neptune_load_role_arn.clone()?,
    )))
}

async fn notifier(args: &IngestArgs) -> anyhow::Result<Arc<dyn Notifier>> {
    let mut notifiers: Vec<Arc<dyn Notifier>> = vec![Arc::new(LogNotifier)];
    if let Some(url) = &args.webhook_url {
        let webhook =
            Webhook::new(url, Duration::from_secs(10)).context("MAXIMIZER_WEBHOOK_URL")?;
        notifiers.push(Arc::new(webhook));
    }
    if let Some(topic_arn) = &args.sns_topic_arn {
        let sns = Sns::connect(SnsSettings {
            topic_arn: topic_arn.clone(),
            region: None,
            endpoint_url: args.sns_endpoint_url.clone(),
        })
        .await;
        notifiers.push(Arc::new(sns));
    }
    Ok(Arc::new(Fanout(notifiers)))
}

/// Every workflow of the product.
pub fn registry(ingestion: Arc<Ingestion>, conversations: Arc<Conversations>) -> Registry {
    let mut registry = workflows::registry();
    workflows::ingest::register(&mut registry, ingestion);
    workflows::conversation::register(&mut registry, conversations);
    registry
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        ingest: IngestArgs,
    }

    /// The start-up check's verdict on these flags: `None` when they are enough.
    fn check(flags: &str) -> Option<String> {
        let cli = Cli::try_parse_from(std::iter::once("maximizer").chain(flags.split_whitespace()))
            .expect("flags parse");
        check_companions(&cli.ingest)
            .err()
            .map(|error| error.to_string())
    }

    #[test]
    fn chosen_adapters_name_the_settings_they_miss() {
        let neptune = "--graph-loader neptune --s3-bucket b --s3-region r";
        for (flags, missing) in [
            (
                "--extractor bedrock".to_owned(),
                Some("MAXIMIZER_BEDROCK_MODEL_ID"),
            ),
            ("--extractor bedrock --bedrock-model-id m".to_owned(), None),
            (
                "--extractor openai --openai-model m".to_owned(),
                Some("MAXIMIZER_OPENAI_BASE_URL"),
            ),
            (
                "--extractor openai --openai-base-url http://h/v1".to_owned(),
                Some("MAXIMIZER_OPENAI_MODEL"),
            ),
            (
                "--understanding bedrock".to_owned(),
                Some("MAXIMIZER_UNDERSTANDING=bedrock needs MAXIMIZER_BEDROCK_MODEL_ID"),
            ),
            (
                "--understanding openai --openai-model m".to_owned(),
                Some("MAXIMIZER_UNDERSTANDING=openai needs MAXIMIZER_OPENAI_BASE_URL"),
            ),
            (
                "--understanding openai --openai-model m --openai-base-url http://h/v1".to_owned(),
                None,
            ),
            ("--ocr textract".to_owned(), Some("MAXIMIZER_S3_BUCKET")),
            ("--ocr textract --s3-bucket b".to_owned(), None),
            (
                "--graph-loader neptune".to_owned(),
                Some("MAXIMIZER_S3_BUCKET"),
            ),
            (neptune.to_owned(), Some("MAXIMIZER_NEPTUNE_ENDPOINT")),
            (
                format!("{neptune} --neptune-endpoint https://n:8182"),
                Some("MAXIMIZER_NEPTUNE_LOAD_ROLE_ARN"),
            ),
            (
                format!(
                    "{neptune} --neptune-endpoint https://n:8182 --neptune-load-role-arn arn:aws:iam::1:role/l"
                ),
                None,
            ),
            (
                "--sns-endpoint-url http://127.0.0.1:1".to_owned(),
                Some("MAXIMIZER_SNS_TOPIC_ARN"),
            ),
            (String::new(), None),
        ] {
            let verdict = check(&flags);
            match missing {
                None => assert_eq!(verdict, None, "{flags}"),
                Some(setting) => assert!(
                    verdict
                        .as_deref()
                        .is_some_and(|message| message.contains(setting)),
                    "{flags}: {verdict:?}"
                ),
            }
        }
    }
}
