//! Prometheus metrics of the engine: runs by workflow and outcome, step latency, attempts,
//! lease takeovers, and the ready-queue depth (read from the store at scrape time).

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// Labels of per-workflow metrics.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct WorkflowLabels {
    /// The workflow type.
    pub workflow: String,
}

/// Labels of attempt outcomes.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct AttemptLabels {
    /// The workflow type.
    pub workflow: String,
    /// `completed` or `failed`.
    pub outcome: String,
}

fn step_latency_histogram() -> Histogram {
    // 0.25 ms .. ~8 s.
    Histogram::new(exponential_buckets(0.000_25, 2.0, 16))
}

/// Every metric the engine keeps.
pub struct Metrics {
    registry: Registry,
    /// Runs started, by workflow.
    pub runs_started: Family<WorkflowLabels, Counter>,
    /// Runs completed, by workflow.
    pub runs_completed: Family<WorkflowLabels, Counter>,
    /// Runs failed, by workflow.
    pub runs_failed: Family<WorkflowLabels, Counter>,
    /// Runs cancelled, by workflow.
    pub runs_cancelled: Family<WorkflowLabels, Counter>,
    /// Activity attempts, by workflow and outcome.
    pub attempts: Family<AttemptLabels, Counter>,
    /// Seconds from an attempt's start to its durable commit, by workflow.
    pub step_latency: Family<WorkflowLabels, Histogram, fn() -> Histogram>,
    /// Runs taken over from workers whose lease expired.
    pub lease_takeovers: Counter,
    /// Runs ready to execute and not yet claimed.
    pub ready_queue_depth: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("maximizer");
        let metrics = Self {
            runs_started: Family::default(),
            runs_completed: Family::default(),
            runs_failed: Family::default(),
            runs_cancelled: Family::default(),
            attempts: Family::default(),
            step_latency: Family::new_with_constructor(step_latency_histogram),
            lease_takeovers: Counter::default(),
            ready_queue_depth: Gauge::default(),
            registry: Registry::default(),
        };
        registry.register("runs_started", "Runs started", metrics.runs_started.clone());
        registry.register(
            "runs_completed",
            "Runs completed",
            metrics.runs_completed.clone(),
        );
        registry.register("runs_failed", "Runs failed", metrics.runs_failed.clone());
        registry.register(
            "runs_cancelled",
            "Runs cancelled",
            metrics.runs_cancelled.clone(),
        );
        registry.register(
            "attempts",
            "Activity attempts by outcome",
            metrics.attempts.clone(),
        );
        registry.register(
            "step_latency_seconds",
            "Activity step latency, attempt start to durable commit",
            metrics.step_latency.clone(),
        );
        registry.register(
            "lease_takeovers",
            "Runs taken over after their worker's lease expired",
            metrics.lease_takeovers.clone(),
        );
        registry.register(
            "ready_queue_depth",
            "Runs ready to execute and not yet claimed",
            metrics.ready_queue_depth.clone(),
        );
        Self {
            registry,
            ..metrics
        }
    }
}

impl Metrics {
    /// The Prometheus text exposition of every metric.
    pub fn render(&self) -> String {
        let mut text = String::new();
        if prometheus_client::encoding::text::encode(&mut text, &self.registry).is_err() {
            text.clear();
        }
        text
    }

    pub(crate) fn workflow(workflow: &str) -> WorkflowLabels {
        WorkflowLabels {
            workflow: workflow.to_owned(),
        }
    }
}
