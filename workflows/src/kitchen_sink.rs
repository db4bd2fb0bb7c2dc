//! `kitchen-sink`: a configurable workflow for tests, load and chaos (like Temporal's
//! load generator). N journaled steps, optional sleeps, injected failures, and an optional
//! signal wait before the last step.

use std::io::Write;
use std::time::Duration;

use engine::{ActivityContext, ActivityError, Context, RetryPolicy, StepOptions, WorkflowError};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The registered name.
pub const NAME: &str = "kitchen-sink";

/// When set to a file path, every step execution appends `run_id step attempt key` to it,
/// so tests in other processes can check that no completed step ran twice.
pub const EFFECTS_ENV: &str = "KITCHEN_SINK_EFFECTS";

/// The workflow's input.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// How many steps (`step-1` .. `step-N`).
    pub steps: u32,
    /// How long each step sleeps, in milliseconds.
    #[serde(default)]
    pub sleep_ms: u64,
    /// The step (1-based) that fails.
    #[serde(default)]
    pub fail_at: Option<u32>,
    /// How many of its first attempts fail, counted over the run's whole life.
    #[serde(default)]
    pub fail_times: u32,
    /// Attempts per step before the run fails.
    #[serde(default = "default_max_attempts")]
    pub max_attempts: u32,
    /// Wait between attempts, in milliseconds.
    #[serde(default = "default_retry_interval_ms")]
    pub retry_interval_ms: u64,
    /// While this file does not exist, step `fail_at` fails (a failure an operator can
    /// fix, then redrive).
    #[serde(default)]
    pub fail_unless_exists: Option<String>,
    /// A signal to wait for before the last step.
    #[serde(default)]
    pub wait_signal: Option<String>,
}

fn default_max_attempts() -> u32 {
    3
}

fn default_retry_interval_ms() -> u64 {
    100
}

/// The workflow's output.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Output {
    /// Steps completed.
    pub steps_completed: u32,
    /// The signal's payload, if the run waited for one.
    pub signal: Option<Value>,
}

/// Runs the kitchen-sink workflow.
pub async fn run(ctx: Context, input: Input) -> Result<Output, WorkflowError> {
    if input.steps == 0 || input.steps > 100_000 {
        return Err(WorkflowError::invalid_input(
            "steps must be between 1 and 100000",
        ));
    }
    let options = StepOptions::default().retry(
        RetryPolicy::default()
            .with_max_attempts(input.max_attempts)
            .with_initial_interval(Duration::from_millis(input.retry_interval_ms)),
    );
    let mut signal = None;
    for index in 1..=input.steps {
        if index == input.steps
            && let Some(name) = &input.wait_signal
        {
            signal = ctx.wait_for_signal::<Value>(name, None).await?;
        }
        let name = format!("step-{index}");
        ctx.step_with(&name, options.clone(), |attempt| {
            run_step(attempt, index, input.clone())
        })
        .await?;
    }
    Ok(Output {
        steps_completed: input.steps,
        signal,
    })
}

async fn run_step(
    attempt: ActivityContext,
    index: u32,
    input: Input,
) -> Result<u32, ActivityError> {
    if input.sleep_ms > 0 {
        tokio::time::sleep(Duration::from_millis(input.sleep_ms)).await;
    }
    record_effect(&attempt)?;
    if input.fail_at == Some(index) {
        if attempt.attempt <= input.fail_times {
            return Err(ActivityError::retryable(
                "injected_failure",
                format!(
                    "step-{index} fails its first {} attempt(s)",
                    input.fail_times
                ),
            ));
        }
        if let Some(path) = &input.fail_unless_exists
            && !std::path::Path::new(path).exists()
        {
            return Err(ActivityError::retryable(
                "missing_file",
                format!("step-{index} fails while '{path}' does not exist"),
            ));
        }
    }
    Ok(index)
}

fn record_effect(attempt: &ActivityContext) -> Result<(), ActivityError> {
    let Some(path) = std::env::var_os(EFFECTS_ENV) else {
        return Ok(());
    };
    let line = format!(
        "{} {} {} {}\n",
        attempt.run_id, attempt.step, attempt.attempt, attempt.idempotency_key
    );
    // One write of one line with O_APPEND: lines of concurrent writers never interleave.
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    file.write_all(line.as_bytes())?;
    Ok(())
}
