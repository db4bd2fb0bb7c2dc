//! The engine's semantics, one test each: replay, retries, catch, idempotency, timers,
//! signals, children, map, cancel, redrive, schedules, non-determinism.

pub mod harness;

use std::time::{Duration, Instant};

use engine::{
    ActivityError, Context, Engine, Error, EventKind, Registry, RetryPolicy, RunFilter, RunStatus,
    StartRun, StepError, StepOptions, WorkflowError,
};
use harness::{executions, open, record, tracked};
use serde_json::{Value, json};

fn registry() -> Registry {
    let mut registry = Registry::new();
    registry
        .register("steps-then-signal", steps_then_signal)
        .register("flaky", flaky)
        .register("with-fallback", with_fallback)
        .register("sleeper", sleeper)
        .register("signal-timeout", signal_timeout)
        .register("fan-out", fan_out)
        .register("child", child)
        .register("parent-of-waiter", parent_of_waiter)
        .register("deterministic", deterministic)
        .register("slow-attempt", slow_attempt)
        .register("routes-to-heavy", routes_to_heavy);
    registry
}

async fn steps_then_signal(ctx: Context, _input: Value) -> Result<Value, WorkflowError> {
    let a = ctx.step("a", |call| tracked(call, 1)).await?;
    let b = ctx.step("b", |call| tracked(call, 2)).await?;
    let payload: Option<Value> = ctx.wait_for_signal("go", None).await?;
    let c = ctx.step("c", |call| tracked(call, 3)).await?;
    Ok(json!({"sum": a + b + c, "payload": payload}))
}

/// Step `a` fails its first `fail_times` attempts (over the run's life).
async fn flaky(ctx: Context, input: Value) -> Result<u32, WorkflowError> {
    let fail_times = input["fail_times"].as_u64().unwrap_or(0) as u32;
    let max_attempts = input["max_attempts"].as_u64().unwrap_or(3) as u32;
    let options = StepOptions::default().retry(
        RetryPolicy::default()
            .with_max_attempts(max_attempts)
            .with_initial_interval(Duration::from_millis(10)),
    );
    let before = ctx.step("before", |call| tracked(call, 1)).await?;
    let a = ctx
        .step_with("a", options, |call| async move {
            record(&call);
            if call.attempt <= fail_times {
                Err(ActivityError::retryable(
                    "unavailable",
                    format!("attempt {}", call.attempt),
                ))
            } else {
                Ok(10)
            }
        })
        .await?;
    Ok(before + a)
}

async fn with_fallback(ctx: Context, _input: Value) -> Result<String, WorkflowError> {
    let charged = ctx
        .step("charge", |call| async move {
            record(&call);
            Err::<u32, _>(ActivityError::fatal(
                "card_declined",
                "the card was declined",
            ))
        })
        .await;
    match charged {
        Ok(_) => Ok("charged".into()),
        Err(StepError::Failed { error, .. }) if error.kind == "card_declined" => {
            ctx.step("refund", |call| tracked(call, 0)).await?;
            Ok("compensated".into())
        }
        Err(other) => Err(other.into()),
    }
}

async fn sleeper(ctx: Context, input: Value) -> Result<u64, WorkflowError> {
    let millis = input["ms"].as_u64().unwrap_or(0);
    ctx.step("before", |call| tracked(call, 1)).await?;
    ctx.sleep(Duration::from_millis(millis)).await?;
    ctx.step("after", |call| tracked(call, 2)).await?;
    Ok(millis)
}

async fn signal_timeout(ctx: Context, _input: Value) -> Result<Option<Value>, WorkflowError> {
    Ok(ctx
        .wait_for_signal("never", Some(Duration::from_millis(300)))
        .await?)
}

async fn child(ctx: Context, input: Value) -> Result<u64, WorkflowError> {
    let n = input["n"].as_u64().unwrap_or(0);
    if input["fail"].as_bool().unwrap_or(false) {
        return Err(WorkflowError::new("bad_item", format!("item {n} is bad")));
    }
    let doubled = ctx
        .step("double", |call| async move {
            record(&call);
            Ok::<_, ActivityError>(n * 2)
        })
        .await?;
    Ok(doubled)
}

async fn fan_out(ctx: Context, input: Value) -> Result<Value, WorkflowError> {
    let items: Vec<u64> = serde_json::from_value(input["items"].clone()).unwrap_or_default();
    let results = ctx
        .map(items, 2, |ctx, n| async move {
            let doubled: u64 = ctx.child("child", &json!({"n": n, "fail": n == 3})).await?;
            Ok(doubled)
        })
        .await;
    let outcomes: Vec<Value> = results
        .into_iter()
        .map(|result| match result {
            Ok(value) => json!({"ok": value}),
            Err(error) => json!({"error": error.to_string()}),
        })
        .collect();
    Ok(Value::Array(outcomes))
}

async fn parent_of_waiter(ctx: Context, _input: Value) -> Result<Value, WorkflowError> {
    Ok(ctx.child("steps-then-signal", &json!({})).await?)
}

async fn deterministic(ctx: Context, _input: Value) -> Result<Value, WorkflowError> {
    let drawn = ctx.random_u64();
    let uuid = ctx.uuid().to_string();
    let now = ctx.now().timestamp_millis();
    let journaled: (u64, String, i64) = ctx
        .step("record", |_| {
            let uuid = uuid.clone();
            async move { Ok::<_, ActivityError>((drawn, uuid, now)) }
        })
        .await?;
    let _: Option<Value> = ctx.wait_for_signal("go", None).await?;
    Ok(
        json!({"replayed": [drawn, uuid, now], "journaled": [journaled.0, journaled.1, journaled.2]}),
    )
}

async fn routes_to_heavy(ctx: Context, _input: Value) -> Result<u64, WorkflowError> {
    Ok(ctx
        .child_on_queue("heavy", "child", &json!({"n": 21}))
        .await?)
}

async fn slow_attempt(ctx: Context, _input: Value) -> Result<u32, WorkflowError> {
    let options = StepOptions::default()
        .timeout(Duration::from_millis(50))
        .retry(
            RetryPolicy::default()
                .with_max_attempts(2)
                .with_initial_interval(Duration::from_millis(10)),
        );
    Ok(ctx
        .step_with("slow", options, |call| async move {
            record(&call);
            tokio::time::sleep(Duration::from_secs(5)).await;
            Ok::<_, ActivityError>(1)
        })
        .await?)
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

#[tokio::test]
async fn completed_steps_are_replayed_not_rerun_after_restart() {
    let dir = temp();
    let first = open(dir.path(), registry()).await;
    first
        .start("steps-then-signal", "replay-1", json!({}))
        .await;
    first.reach("replay-1", RunStatus::Waiting).await;
    first.stop().await;

    let second = open(dir.path(), registry()).await;
    second
        .engine
        .signal("replay-1", "go", json!("yes"))
        .await
        .unwrap();
    let run = second.finish("replay-1").await;
    assert_eq!(run.status, RunStatus::Completed);
    assert_eq!(run.output, Some(json!({"sum": 6, "payload": "yes"})));
    assert_eq!(
        (executions("replay-1", "a"), executions("replay-1", "b")),
        (1, 1)
    );
    assert_eq!(executions("replay-1", "c"), 1);
    second.stop().await;
}

#[tokio::test]
async fn failed_attempts_are_retried_and_recorded() {
    let dir = temp();
    let test = open(dir.path(), registry()).await;
    test.start("flaky", "flaky-1", json!({"fail_times": 2}))
        .await;
    let run = test.finish("flaky-1").await;
    assert_eq!(run.status, RunStatus::Completed);
    assert_eq!(run.output, Some(json!(11)));
    let history = test.engine.history("flaky-1").await.unwrap();
    let failed: Vec<u32> = history
        .iter()
        .filter(|event| event.kind == EventKind::AttemptFailed)
        .filter_map(|event| event.attempt)
        .collect();
    assert_eq!(failed, vec![1, 2]);
    let completed = history
        .iter()
        .find(|event| event.kind == EventKind::StepCompleted && event.step.as_deref() == Some("a"))
        .expect("step a completed");
    assert_eq!(completed.attempt, Some(3));
    assert_eq!(executions("flaky-1", "a"), 3);
    test.stop().await;
}

#[tokio::test]
async fn exhausted_retries_reach_the_workflows_catch() {
    let dir = temp();
    let test = open(dir.path(), registry()).await;
    test.start("with-fallback", "fallback-1", json!({})).await;
    let run = test.finish("fallback-1").await;
    assert_eq!(run.status, RunStatus::Completed);
    assert_eq!(run.output, Some(json!("compensated")));
    // Not retryable: one attempt only.
    assert_eq!(executions("fallback-1", "charge"), 1);
    assert_eq!(executions("fallback-1", "refund"), 1);
    let kinds = test.kinds("fallback-1").await;
    assert!(kinds.contains(&"step_failed".to_owned()), "{kinds:?}");
    test.stop().await;
}

#[tokio::test]
async fn unhandled_failure_fails_the_run_and_redrive_resumes_at_the_failed_step() {
    let dir = temp();
    let test = open(dir.path(), registry()).await;
    test.start(
        "flaky",
        "redrive-1",
        json!({"fail_times": 2, "max_attempts": 2}),
    )
    .await;
    let run = test.finish("redrive-1").await;
    assert_eq!(run.status, RunStatus::Failed);
    let error = run.error.expect("error recorded");
    assert_eq!(error["kind"], "unavailable");
    assert_eq!(error["step"], "a");

    // Only failed runs can be redriven... this one can, once.
    let redriven = test.engine.redrive("redrive-1").await.unwrap();
    assert_eq!(redriven.status, RunStatus::Pending);
    let run = test.finish("redrive-1").await;
    assert_eq!(run.status, RunStatus::Completed);
    assert_eq!(
        executions("redrive-1", "before"),
        1,
        "completed step ran again"
    );
    assert_eq!(executions("redrive-1", "a"), 3);
    let kinds = test.kinds("redrive-1").await;
    assert!(kinds.contains(&"run_redriven".to_owned()));
    let error = test.engine.redrive("redrive-1").await.unwrap_err();
    assert!(matches!(error, Error::IllegalTransition { .. }), "{error}");
    test.stop().await;
}

#[tokio::test]
async fn bulk_redrive_takes_only_matching_failed_runs() {
    let dir = temp();
    let test = open(dir.path(), registry()).await;
    for id in ["bulk-1", "bulk-2"] {
        test.start("flaky", id, json!({"fail_times": 1, "max_attempts": 1}))
            .await;
    }
    test.start("with-fallback", "bulk-other", json!({})).await;
    for id in ["bulk-1", "bulk-2", "bulk-other"] {
        test.finish(id).await;
    }
    let filter = RunFilter {
        workflow: Some("flaky".into()),
        ..RunFilter::default()
    };
    let mut redriven = test.engine.redrive_matching(&filter).await.unwrap();
    redriven.sort();
    assert_eq!(redriven, vec!["bulk-1", "bulk-2"]);
    for id in ["bulk-1", "bulk-2"] {
        assert_eq!(test.finish(id).await.status, RunStatus::Completed);
    }
    test.stop().await;
}

#[tokio::test]
async fn starting_an_existing_id_returns_it_and_a_different_input_conflicts() {
    let dir = temp();
    let test = open(dir.path(), registry()).await;
    let start = |input: Value| StartRun::new("sleeper", input).with_id("same-id");
    let first = test.engine.start(start(json!({"ms": 0}))).await.unwrap();
    let again = test.engine.start(start(json!({"ms": 0}))).await.unwrap();
    assert!(first.created && !again.created);
    assert_eq!(again.run.id, "same-id");
    let conflict = test
        .engine
        .start(start(json!({"ms": 5})))
        .await
        .unwrap_err();
    assert!(
        matches!(conflict, Error::Conflict { what: "input", .. }),
        "{conflict}"
    );
    let unknown = test
        .engine
        .start(StartRun::new("nope", json!({})))
        .await
        .unwrap_err();
    assert!(matches!(unknown, Error::UnknownWorkflow(_)));
    let runs = test.engine.list(&RunFilter::default()).await.unwrap();
    assert_eq!(runs.len(), 1);
    test.finish("same-id").await;
    test.stop().await;
}

#[tokio::test]
async fn a_signal_sent_before_the_wait_is_delivered() {
    let dir = temp();
    let client = harness::client(dir.path(), registry()).await;
    client
        .start(StartRun::new("steps-then-signal", json!({})).with_id("early"))
        .await
        .unwrap();
    client
        .signal("early", "go", json!({"early": true}))
        .await
        .unwrap();
    // No worker ran yet: the run has not reached its wait when the signal arrives.
    let test = open(dir.path(), registry()).await;
    let run = test.finish("early").await;
    assert_eq!(
        run.output,
        Some(json!({"sum": 6, "payload": {"early": true}}))
    );
    let kinds = test.kinds("early").await;
    assert!(kinds.contains(&"signal_received".to_owned()));
    assert!(kinds.contains(&"signal_delivered".to_owned()));
    test.stop().await;
}

#[tokio::test]
async fn a_signal_wait_ends_at_its_timeout() {
    let dir = temp();
    let test = open(dir.path(), registry()).await;
    test.start("signal-timeout", "timeout-1", json!({})).await;
    let run = test.finish("timeout-1").await;
    assert_eq!(run.status, RunStatus::Completed);
    assert_eq!(run.output, Some(Value::Null));
    assert!(
        test.kinds("timeout-1")
            .await
            .contains(&"signal_timed_out".to_owned())
    );
    test.stop().await;
}

#[tokio::test]
async fn a_durable_sleep_survives_a_restart() {
    let dir = temp();
    let first = open(dir.path(), registry()).await;
    let started = Instant::now();
    first.start("sleeper", "sleep-1", json!({"ms": 2500})).await;
    // Longer than the park threshold: the run suspends with its timer in the store.
    first.reach("sleep-1", RunStatus::Waiting).await;
    first.stop().await;

    let second = open(dir.path(), registry()).await;
    let run = second.finish("sleep-1").await;
    assert_eq!(run.status, RunStatus::Completed);
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(2500),
        "woke early: {elapsed:?}"
    );
    assert!(
        elapsed < Duration::from_millis(6000),
        "woke late: {elapsed:?}"
    );
    assert_eq!(executions("sleep-1", "before"), 1);
    let kinds = second.kinds("sleep-1").await;
    assert!(
        kinds.contains(&"timer_started".to_owned()) && kinds.contains(&"timer_fired".to_owned())
    );
    second.stop().await;
}

#[tokio::test]
async fn map_over_children_keeps_per_item_results_and_failures() {
    let dir = temp();
    let test = open(dir.path(), registry()).await;
    test.start("fan-out", "fan-1", json!({"items": [1, 2, 3, 4, 5]}))
        .await;
    let run = test.finish("fan-1").await;
    assert_eq!(run.status, RunStatus::Completed);
    let items = run.output.expect("output");
    assert_eq!(items[0], json!({"ok": 2}));
    assert_eq!(items[4], json!({"ok": 10}));
    assert!(
        items[2]["error"]
            .as_str()
            .unwrap_or("")
            .contains("item 3 is bad"),
        "{items}"
    );
    let children = test
        .engine
        .list(&RunFilter {
            parent_id: Some("fan-1".into()),
            ..RunFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(children.len(), 5);
    assert!(
        test.kinds("fan-1")
            .await
            .contains(&"child_completed".to_owned())
    );
    test.stop().await;
}

#[tokio::test]
async fn cancel_stops_the_run_and_its_children() {
    let dir = temp();
    let test = open(dir.path(), registry()).await;
    test.start("parent-of-waiter", "cancel-parent", json!({}))
        .await;
    let child_id = "cancel-parent-1";
    test.reach(child_id, RunStatus::Waiting).await;
    test.engine.cancel("cancel-parent").await.unwrap();
    let parent = test.finish("cancel-parent").await;
    assert_eq!(parent.status, RunStatus::Cancelled);
    let child = test.finish(child_id).await;
    assert_eq!(child.status, RunStatus::Cancelled);
    assert!(
        test.kinds(child_id)
            .await
            .contains(&"cancel_requested".to_owned())
    );
    let again = test.engine.cancel("cancel-parent").await.unwrap_err();
    assert!(matches!(again, Error::IllegalTransition { .. }));
    test.stop().await;
}

#[tokio::test]
async fn time_and_randomness_replay_identically() {
    let dir = temp();
    let first = open(dir.path(), registry()).await;
    first.start("deterministic", "det-1", json!({})).await;
    first.reach("det-1", RunStatus::Waiting).await;
    first.stop().await;
    let second = open(dir.path(), registry()).await;
    second
        .engine
        .signal("det-1", "go", Value::Null)
        .await
        .unwrap();
    let run = second.finish("det-1").await;
    let output = run.output.expect("output");
    assert_eq!(output["replayed"], output["journaled"]);
    second.stop().await;
}

#[tokio::test]
async fn a_slow_attempt_times_out_and_retries() {
    let dir = temp();
    let test = open(dir.path(), registry()).await;
    test.start("slow-attempt", "slow-1", json!({})).await;
    let run = test.finish("slow-1").await;
    assert_eq!(run.status, RunStatus::Failed);
    assert_eq!(run.error.expect("error")["kind"], "timeout");
    assert_eq!(executions("slow-1", "slow"), 2);
    test.stop().await;
}

#[tokio::test]
async fn a_changed_workflow_fails_replay_with_a_non_determinism_error() {
    let dir = temp();
    let first = open(dir.path(), registry()).await;
    first
        .start("steps-then-signal", "changed-1", json!({}))
        .await;
    first.reach("changed-1", RunStatus::Waiting).await;
    first.stop().await;

    // The same workflow name, redeployed with a renamed first step.
    async fn renamed(ctx: Context, _input: Value) -> Result<Value, WorkflowError> {
        ctx.step("a-renamed", |call| tracked(call, 1)).await?;
        Ok(Value::Null)
    }
    let mut changed = Registry::new();
    changed.register("steps-then-signal", renamed);
    let second = open(dir.path(), changed).await;
    second
        .engine
        .signal("changed-1", "go", Value::Null)
        .await
        .unwrap();
    let run = second.finish("changed-1").await;
    assert_eq!(run.status, RunStatus::Failed);
    let error = run.error.expect("error");
    assert_eq!(error["kind"], "non_determinism");
    let message = error["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("'a-renamed'") && message.contains("'a'"),
        "{message}"
    );
    assert_eq!(executions("changed-1", "a-renamed"), 0);
    second.stop().await;
}

#[tokio::test]
async fn schedules_start_runs_and_skip_overlaps() {
    let dir = temp();
    let test = open(dir.path(), registry()).await;
    let every_second = "* * * * * *";
    let since = Instant::now();
    test.engine
        .put_schedule(
            "tick",
            every_second,
            "sleeper",
            json!({"ms": 0}),
            engine::store::OverlapPolicy::Allow,
        )
        .await
        .unwrap();
    // The skip policy with a run that never ends: only one run may be started.
    test.engine
        .put_schedule(
            "stuck",
            every_second,
            "steps-then-signal",
            json!({}),
            engine::store::OverlapPolicy::Skip,
        )
        .await
        .unwrap();
    let count = |workflow: &str| {
        let engine: Engine = test.engine.clone();
        let workflow = workflow.to_owned();
        async move {
            engine
                .list(&RunFilter {
                    workflow: Some(workflow),
                    ..RunFilter::default()
                })
                .await
                .unwrap()
                .len()
        }
    };
    // Wait (on a loaded machine, longer) until the schedule has fired at least twice: by
    // then the skip schedule has come due again too.
    let (mut ticks, mut stuck) = (0, 0);
    while (ticks < 2 || stuck < 1) && since.elapsed() < Duration::from_secs(30) {
        tokio::time::sleep(Duration::from_millis(250)).await;
        ticks = count("sleeper").await;
        stuck = count("steps-then-signal").await;
    }
    let ticks = count("sleeper").await;
    let seconds = since.elapsed().as_secs() as usize;
    // Never more than one run per second that has passed.
    assert!(
        ticks >= 2 && ticks <= seconds + 2,
        "{ticks} runs from an every-second schedule in {seconds} s"
    );
    assert_eq!(count("steps-then-signal").await, 1);
    let bad = test
        .engine
        .put_schedule(
            "bad",
            "not cron",
            "sleeper",
            json!({}),
            engine::store::OverlapPolicy::Skip,
        )
        .await
        .unwrap_err();
    assert!(matches!(bad, Error::Invalid(_)));
    test.stop().await;
}

#[tokio::test]
async fn a_child_on_another_queue_waits_for_that_queues_workers() {
    let dir = temp();
    let test = open(dir.path(), registry()).await;
    test.start("routes-to-heavy", "route-1", json!({})).await;
    let child = "route-1-1";
    harness::reach(&test.engine, child, RunStatus::Pending).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    // The default-queue worker never takes it.
    assert_eq!(
        test.engine.get(child).await.unwrap().status,
        RunStatus::Pending
    );
    assert_eq!(test.engine.get(child).await.unwrap().queue, "heavy");

    let heavy = harness::client(dir.path(), registry()).await;
    let worker = heavy.worker(engine::WorkerOptions {
        queues: vec!["heavy".into()],
        concurrency: 2,
        run_schedules: false,
        ..engine::WorkerOptions::default()
    });
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let worker = tokio::spawn(worker.run(async {
        let _ = stopped.await;
    }));
    let run = test.finish("route-1").await;
    assert_eq!(run.output, Some(json!(42)));
    let _ = stop.send(());
    worker.await.unwrap().unwrap();
    test.stop().await;
}
