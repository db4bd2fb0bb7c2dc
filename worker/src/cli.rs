//! The command line: every command, flag and environment variable users script against.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Loyalty Maximizer: a durable workflow engine and the loyalty assistant built on it.
#[derive(Debug, Parser)]
#[command(name = "maximizer", version, about)]
pub struct Cli {
    /// A file of `NAME=VALUE` lines with the environment variables' names (the
    /// environment wins over it); `maximizer config` shows what took effect.
    #[arg(long, global = true, env = "MAXIMIZER_CONFIG")]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub store: StoreArgs,
    #[command(flatten)]
    pub ingest: IngestArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Where the engine keeps its state.
#[derive(Debug, Args)]
pub struct StoreArgs {
    /// Directory of the embedded SQLite store.
    #[arg(
        long,
        global = true,
        env = "MAXIMIZER_DATA_DIR",
        default_value = "./data"
    )]
    pub data_dir: PathBuf,
    /// PostgreSQL URL (`postgres://user@host:port/db`): use PostgreSQL instead of the
    /// embedded store, so many worker processes on many hosts can share the work.
    #[arg(long, global = true, env = "DATABASE_URL")]
    pub database_url: Option<String>,
    /// Most PostgreSQL connections of this process (plus one that listens for wake-ups).
    #[arg(
        long,
        global = true,
        env = "MAXIMIZER_DB_POOL_SIZE",
        default_value_t = 10
    )]
    pub db_pool_size: u32,
    /// A worker whose heartbeat is older than this (seconds) loses its runs to others.
    #[arg(
        long,
        global = true,
        env = "MAXIMIZER_LEASE_TIMEOUT",
        default_value_t = 15.0
    )]
    pub lease_timeout: f64,
    /// How often idle workers and waiting commands poll the store (milliseconds).
    #[arg(
        long,
        global = true,
        env = "MAXIMIZER_POLL_INTERVAL_MS",
        default_value_t = 100
    )]
    pub poll_interval_ms: u64,
}

/// How documents are ingested: where they are kept and which facts wait for a curator.
#[derive(Clone, Debug, Args)]
pub struct IngestArgs {
    /// Folder of the embedded object store (landing, processed, facts, staging);
    /// `<data-dir>/objects` when not given.
    #[arg(long, global = true, env = "MAXIMIZER_OBJECTS_DIR")]
    pub objects_dir: Option<PathBuf>,
    /// Keep objects in this S3 bucket instead of a local folder.
    #[arg(long, global = true, env = "MAXIMIZER_S3_BUCKET")]
    pub s3_bucket: Option<String>,
    /// Key prefix inside the bucket.
    #[arg(long, global = true, env = "MAXIMIZER_S3_PREFIX", default_value = "")]
    pub s3_prefix: String,
    /// S3 region (else the standard AWS chain decides).
    #[arg(long, global = true, env = "MAXIMIZER_S3_REGION")]
    pub s3_region: Option<String>,
    /// S3-compatible endpoint (MinIO, a VPC endpoint, a local test server).
    #[arg(long, global = true, env = "MAXIMIZER_S3_ENDPOINT_URL")]
    pub s3_endpoint_url: Option<String>,
    /// Path-style S3 addressing (most S3-compatible servers need it).
    #[arg(long, global = true, env = "MAXIMIZER_S3_PATH_STYLE")]
    pub s3_path_style: bool,
    /// Which extracted facts wait for a curator: none, failed (those failing validation),
    /// all.
    #[arg(
        long,
        global = true,
        env = "MAXIMIZER_APPROVAL_MODE",
        default_value = "failed"
    )]
    pub approval_mode: activities::validate::ApprovalMode,
    /// Seconds held facts wait for a decision before they are rejected.
    #[arg(
        long,
        global = true,
        env = "MAXIMIZER_APPROVAL_TIMEOUT",
        default_value_t = 604800.0
    )]
    pub approval_timeout: f64,
    /// Facts extracted with less confidence than this wait for a curator.
    #[arg(
        long,
        global = true,
        env = "MAXIMIZER_MIN_CONFIDENCE",
        default_value_t = 0.5
    )]
    pub min_confidence: f64,
    /// Hosts (`host` or `host:port`) besides SNS's own whose subscription confirmations
    /// `POST /v1/events/s3` may visit (an SNS-compatible server of one's own).
    #[arg(
        long,
        global = true,
        env = "MAXIMIZER_SNS_CONFIRM_HOSTS",
        value_delimiter = ','
    )]
    pub sns_confirm_hosts: Vec<String>,
    /// Largest document accepted by `POST /v1/documents`, in bytes.
    #[arg(long, global = true, env = "MAXIMIZER_MAX_UPLOAD_BYTES", default_value_t = 50 * 1024 * 1024)]
    pub max_upload_bytes: usize,
    /// Fact extractor: local (deterministic, no model), bedrock (Converse), openai (any
    /// OpenAI-compatible chat endpoint).
    #[arg(long, global = true, env = "MAXIMIZER_EXTRACTOR", value_enum, default_value_t = ModelKind::Local)]
    pub extractor: ModelKind,
    /// What understands travellers' questions: local (deterministic rules, no model),
    /// bedrock (Converse), openai (any OpenAI-compatible chat endpoint); the model settings
    /// below serve both.
    #[arg(long, global = true, env = "MAXIMIZER_UNDERSTANDING", value_enum, default_value_t = ModelKind::Local)]
    pub understanding: ModelKind,
    /// Bedrock model or inference profile id (needed by `--extractor bedrock` and
    /// `--understanding bedrock`).
    #[arg(long, global = true, env = "MAXIMIZER_BEDROCK_MODEL_ID")]
    pub bedrock_model_id: Option<String>,
    /// Bedrock region (else the standard AWS chain decides).
    #[arg(long, global = true, env = "MAXIMIZER_BEDROCK_REGION")]
    pub bedrock_region: Option<String>,
    /// Bedrock Runtime endpoint override (VPC endpoint, test server).
    #[arg(long, global = true, env = "MAXIMIZER_BEDROCK_ENDPOINT_URL")]
    pub bedrock_endpoint_url: Option<String>,
    /// Base URL of the OpenAI-compatible API, ending in /v1 (needed by `--extractor openai`
    /// and `--understanding openai`).
    #[arg(long, global = true, env = "MAXIMIZER_OPENAI_BASE_URL")]
    pub openai_base_url: Option<String>,
    /// Model name at the OpenAI-compatible endpoint (needed by `--extractor openai` and
    /// `--understanding openai`).
    #[arg(long, global = true, env = "MAXIMIZER_OPENAI_MODEL")]
    pub openai_model: Option<String>,
    /// API key for the OpenAI-compatible endpoint, sent as a bearer token.
    #[arg(
        long,
        global = true,
        env = "MAXIMIZER_OPENAI_API_KEY",
        hide_env_values = true
    )]
    pub openai_api_key: Option<String>,
    /// Characters of passage text per model call; longer documents take several calls.
    #[arg(
        long,
        global = true,
        env = "MAXIMIZER_EXTRACTOR_CHUNK_CHARS",
        default_value_t = 12_000
    )]
    pub extractor_chunk_chars: usize,
    /// Seconds one model call may take.
    #[arg(
        long,
        global = true,
        env = "MAXIMIZER_EXTRACTOR_TIMEOUT",
        default_value_t = 120.0
    )]
    pub extractor_timeout: f64,
    /// OCR engine: local (tesseract) or textract (reads PDFs from the S3 bucket).
    #[arg(long, global = true, env = "MAXIMIZER_OCR", value_enum, default_value_t = OcrKind::Local)]
    pub ocr: OcrKind,
    /// Textract endpoint override.
    #[arg(long, global = true, env = "MAXIMIZER_TEXTRACT_ENDPOINT_URL")]
    pub textract_endpoint_url: Option<String>,
    /// Textract region (else the standard AWS chain decides).
    #[arg(long, global = true, env = "MAXIMIZER_TEXTRACT_REGION")]
    pub textract_region: Option<String>,
    /// Where load files go besides the embedded graph: embedded (nowhere else) or neptune
    /// (a bulk load of the staged files from the S3 bucket).
    #[arg(long, global = true, env = "MAXIMIZER_GRAPH_LOADER", value_enum, default_value_t = GraphLoaderKind::Embedded)]
    pub graph_loader: GraphLoaderKind,
    /// Which graph the conversation's tools query: embedded (the graph tables) or neptune
    /// (openCypher queries to the cluster at MAXIMIZER_NEPTUNE_ENDPOINT).
    #[arg(long, global = true, env = "MAXIMIZER_KNOWLEDGE", value_enum, default_value_t = GraphLoaderKind::Embedded)]
    pub knowledge: GraphLoaderKind,
    /// Seconds between checks of Neptune for a changed graph (with `--knowledge neptune`).
    #[arg(
        long,
        global = true,
        env = "MAXIMIZER_KNOWLEDGE_REFRESH",
        default_value_t = 30.0
    )]
    pub knowledge_refresh: f64,
    /// Neptune cluster endpoint, `https://<cluster>:8182` (needed by `--graph-loader neptune`).
    #[arg(long, global = true, env = "MAXIMIZER_NEPTUNE_ENDPOINT")]
    pub neptune_endpoint: Option<String>,
    /// IAM role Neptune assumes to read the staged files (needed by `--graph-loader neptune`).
    #[arg(long, global = true, env = "MAXIMIZER_NEPTUNE_LOAD_ROLE_ARN")]
    pub neptune_load_role_arn: Option<String>,
    /// Neptune region (else the standard AWS chain decides).
    #[arg(long, global = true, env = "MAXIMIZER_NEPTUNE_REGION")]
    pub neptune_region: Option<String>,
    /// POST every ingestion outcome as JSON to this URL.
    #[arg(long, global = true, env = "MAXIMIZER_WEBHOOK_URL")]
    pub webhook_url: Option<String>,
    /// Publish every ingestion outcome to this SNS topic.
    #[arg(long, global = true, env = "MAXIMIZER_SNS_TOPIC_ARN")]
    pub sns_topic_arn: Option<String>,
    /// SNS endpoint override.
    #[arg(long, global = true, env = "MAXIMIZER_SNS_ENDPOINT_URL")]
    pub sns_endpoint_url: Option<String>,
}

/// What reads text: deterministic local rules or a language model (for the fact extractor
/// and for the understanding of questions).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ModelKind {
    /// Deterministic local rules, no model.
    Local,
    /// Amazon Bedrock Converse.
    Bedrock,
    /// Any OpenAI-compatible chat endpoint.
    Openai,
}

/// Which OCR engine ingestion uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OcrKind {
    /// tesseract and pdftoppm.
    Local,
    /// Amazon Textract.
    Textract,
}

/// A knowledge graph store: the embedded graph tables, or Amazon Neptune (where load
/// files are also bulk-loaded, or what the conversation's tools query).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphLoaderKind {
    /// The embedded graph only.
    Embedded,
    /// Amazon Neptune.
    Neptune,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the engine with in-process workers until SIGTERM or Ctrl-C.
    Serve(ServeArgs),
    /// Run workers only (no HTTP API) until SIGTERM or Ctrl-C.
    Work(WorkArgs),
    /// Bring the store's schema up to date and exit.
    Migrate,
    /// Start, inspect and steer runs.
    #[command(subcommand)]
    Runs(RunsCommand),
    /// Manage cron schedules that start runs.
    #[command(subcommand)]
    Schedules(SchedulesCommand),
    /// List the registered workflows.
    Workflows,
    /// Measure latency and throughput on the peers' workload (W1, W2).
    Bench(BenchArgs),
    /// Ingest documents (files or folders): land them and start one run each.
    Ingest(IngestCommand),
    /// Print the effective configuration (every setting, its value and source; secrets
    /// redacted) and exit.
    Config,
    /// Write a consistent copy of the embedded store while it runs (PostgreSQL: use
    /// pg_dump or point-in-time recovery).
    Backup {
        /// The backup file to write; must not exist.
        #[arg(long)]
        to: PathBuf,
    },
    /// Replace the embedded store with a backup; the server and workers must be stopped.
    /// The replaced database is kept beside it.
    Restore {
        /// The backup file to restore.
        #[arg(long)]
        from: PathBuf,
    },
    /// Probe a running `serve` (for container health checks): exit 0 if it answers 200.
    Health(HealthArgs),
    /// Serve the conversation's tools over MCP on stdin/stdout.
    Mcp,
    /// Measure message → reply latency of the conversation on a fresh SQLite store.
    BenchChat(BenchChatArgs),
    /// Score the configured extractor and understanding on a labelled set: ingest its
    /// documents into a fresh store, compare the facts export with facts.json, ask its
    /// questions, and print one line (details on stderr).
    Eval(EvalArgs),
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Folder of the documents to ingest (read recursively).
    #[arg(long)]
    pub documents: PathBuf,
    /// The expected facts (facts.json of the set).
    #[arg(long)]
    pub facts: PathBuf,
    /// JSONL file of questions with their expected answers (questions.jsonl of the set).
    #[arg(long)]
    pub questions: Option<PathBuf>,
    /// Write each answer as a `{"id", "status", "reply"}` line here (for score.py answers).
    #[arg(long)]
    pub answers_out: Option<PathBuf>,
    /// Write the facts export (as `GET /v1/graph/facts` gives it) here (for score.py facts).
    #[arg(long)]
    pub export_out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct HealthArgs {
    /// The address `serve` listens on (0.0.0.0 is probed on 127.0.0.1).
    #[arg(long, env = "MAXIMIZER_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// The path to probe: `/health` (the process is up) or `/ready` (and its store).
    #[arg(long, default_value = "/health")]
    pub path: String,
    /// Longest wait for the answer, in seconds.
    #[arg(long, default_value_t = 3.0)]
    pub timeout: f64,
}

#[derive(Debug, Args)]
pub struct BenchChatArgs {
    /// Folder of documents to ingest first (default: $SAMPLES_DIR/documents, else
    /// tests/fixtures/samples/documents).
    #[arg(long)]
    pub documents: Option<PathBuf>,
    /// JSONL file of `{"question": …}` lines (default: questions.jsonl beside the
    /// documents, else a built-in set).
    #[arg(long)]
    pub questions: Option<PathBuf>,
    /// Messages not timed.
    #[arg(long, default_value_t = 20)]
    pub warmup: u32,
    /// Timed messages, one at a time, each in a fresh conversation.
    #[arg(long, default_value_t = 500)]
    pub messages: u32,
}

#[derive(Debug, Args)]
pub struct IngestCommand {
    /// Files or folders (read recursively).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Wait for every run to end and exit non-zero if one failed.
    #[arg(long)]
    pub wait: bool,
    /// Longest wait, in seconds.
    #[arg(long, default_value_t = 600.0)]
    pub timeout: f64,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub work: WorkArgs,
    /// Address of the HTTP API and console.
    #[arg(long, env = "MAXIMIZER_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// File of `TOKEN=ROLE` lines (roles: admin, curator, traveller:USER); adds to
    /// MAXIMIZER_API_KEYS.
    #[arg(long, env = "MAXIMIZER_API_KEYS_FILE")]
    pub api_keys_file: Option<PathBuf>,
    /// Largest accepted request body, in bytes.
    #[arg(long, env = "MAXIMIZER_MAX_BODY_BYTES", default_value_t = 1024 * 1024)]
    pub max_body_bytes: usize,
    /// Requests per second each API key may make on average (0: unlimited); beyond it the
    /// API answers 429 with Retry-After.
    #[arg(long, env = "MAXIMIZER_RATE_LIMIT", default_value_t = 100)]
    pub rate_limit: u32,
    /// Requests a key may make at once above its rate.
    #[arg(long, env = "MAXIMIZER_RATE_BURST", default_value_t = 500)]
    pub rate_burst: u32,
    /// Serve the API and console only; runs are executed by `maximizer work` processes.
    #[arg(long, env = "MAXIMIZER_NO_WORKERS")]
    pub no_workers: bool,
}

#[derive(Debug, Args)]
pub struct WorkArgs {
    /// Most runs executing at once.
    #[arg(long, env = "MAXIMIZER_CONCURRENCY", default_value_t = 64)]
    pub concurrency: usize,
    /// Task queues served (repeat or comma-separate).
    #[arg(
        long = "queue",
        env = "MAXIMIZER_QUEUES",
        value_delimiter = ',',
        default_value = "default"
    )]
    pub queues: Vec<String>,
    /// Seconds shutdown waits for executing runs before handing them back.
    #[arg(long, env = "MAXIMIZER_DRAIN_TIMEOUT", default_value_t = 30.0)]
    pub drain_timeout: f64,
}

#[derive(Debug, Subcommand)]
pub enum RunsCommand {
    /// Start a run and print it as JSON.
    Start {
        /// The workflow type.
        workflow: String,
        /// The input, as JSON.
        #[arg(long, default_value = "{}")]
        input: String,
        /// The run id (generated when absent); the same id again returns the same run.
        #[arg(long)]
        id: Option<String>,
        /// The task queue.
        #[arg(long)]
        queue: Option<String>,
        /// Wait until the run ends (a worker must be running: `maximizer serve`).
        #[arg(long)]
        wait: bool,
        /// Longest wait, in seconds.
        #[arg(long, default_value_t = 600.0)]
        timeout: f64,
    },
    /// Print one run as JSON.
    Get {
        /// The run id.
        id: String,
        /// Wait up to this many seconds for the run to end.
        #[arg(long)]
        wait: Option<f64>,
    },
    /// Print runs, newest first, one JSON object per line.
    List(ListArgs),
    /// Print a run's history, one JSON event per line.
    History {
        /// The run id.
        id: String,
    },
    /// Ask a run to cancel.
    Cancel {
        /// The run id.
        id: String,
    },
    /// Send a signal to a run.
    Signal {
        /// The run id.
        id: String,
        /// The signal name.
        name: String,
        /// The payload, as JSON.
        #[arg(long, default_value = "null")]
        data: String,
    },
    /// Retry a failed run from the step that failed, or every failed run matching a filter.
    Redrive(RedriveArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only runs of this workflow.
    #[arg(long)]
    pub workflow: Option<String>,
    /// Only runs in this status (repeat or comma-separate).
    #[arg(long, value_delimiter = ',')]
    pub status: Vec<String>,
    /// Only runs created at or after this time (RFC 3339, or a duration ago like `2h`).
    #[arg(long)]
    pub since: Option<String>,
    /// Only runs created before this time.
    #[arg(long)]
    pub until: Option<String>,
    /// Only runs whose id or input contains this text.
    #[arg(long)]
    pub search: Option<String>,
    /// At most this many.
    #[arg(long, default_value_t = 100)]
    pub limit: u32,
}

#[derive(Debug, Args)]
pub struct RedriveArgs {
    /// The failed run to redrive; without it, every failed run matching the filter.
    pub id: Option<String>,
    /// Only runs of this workflow.
    #[arg(long)]
    pub workflow: Option<String>,
    /// Only runs in this status (bulk redrive accepts `failed` only).
    #[arg(long)]
    pub status: Option<String>,
    /// Only runs created at or after this time (RFC 3339, or a duration ago like `2h`).
    #[arg(long)]
    pub since: Option<String>,
    /// Only runs created before this time.
    #[arg(long)]
    pub until: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum SchedulesCommand {
    /// Create or replace a schedule.
    Create {
        /// The schedule's name.
        id: String,
        /// Cron expression in UTC (5 fields, or 6 with seconds).
        #[arg(long)]
        cron: String,
        /// The workflow to start.
        #[arg(long)]
        workflow: String,
        /// The input of every run, as JSON.
        #[arg(long, default_value = "{}")]
        input: String,
        /// `skip` a firing while the previous run is going, or `allow` it.
        #[arg(long, default_value = "skip")]
        overlap: String,
    },
    /// Print every schedule, one JSON object per line.
    List,
    /// Delete a schedule.
    Delete {
        /// The schedule's name.
        id: String,
    },
    /// Stop a schedule from firing.
    Pause {
        /// The schedule's name.
        id: String,
    },
    /// Let a paused schedule fire again.
    Resume {
        /// The schedule's name.
        id: String,
    },
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Store to measure: `sqlite` (a fresh file) or `postgres` (needs --database-url).
    #[arg(long, default_value = "sqlite")]
    pub store: String,
    /// Separate `maximizer work` processes to run the workflows (0: in this process).
    #[arg(long, default_value_t = 0)]
    pub workers: usize,
    /// Steps per workflow.
    #[arg(long, default_value_t = 10)]
    pub steps: u32,
    /// W1: warm-up runs.
    #[arg(long, default_value_t = 20)]
    pub warmup: u32,
    /// W1: timed runs, one at a time.
    #[arg(long, default_value_t = 200)]
    pub n1: u32,
    /// W2: workflows.
    #[arg(long, default_value_t = 2000)]
    pub n2: u32,
    /// W2: workflows in flight at once.
    #[arg(long, default_value_t = 64)]
    pub conc: usize,
}
