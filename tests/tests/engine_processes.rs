//! The engine through the real binary and real processes: kill -9 mid-step, lease
//! expiry, SIGTERM drain, and the CLI contract users script against.

use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};

use integration_tests::{Maximizer, effects, wait_until};
use serde_json::{Value, json};

/// Starts a kitchen-sink run through the CLI.
fn start_kitchen_sink(maximizer: &Maximizer, id: &str, input: Value) {
    let input = input.to_string();
    maximizer.json(&[
        "runs",
        "start",
        "kitchen-sink",
        "--id",
        id,
        "--input",
        &input,
    ]);
}

fn completed_steps(maximizer: &Maximizer, run_id: &str) -> BTreeSet<String> {
    maximizer
        .json_lines(&["runs", "history", run_id])
        .into_iter()
        .filter(|event| event["kind"] == "step_completed")
        .filter_map(|event| event["step"].as_str().map(str::to_owned))
        .collect()
}

/// Executions per step, and the idempotency keys each step was given.
fn executions(lines: &[Vec<String>], run_id: &str) -> HashMap<String, (usize, BTreeSet<String>)> {
    let mut by_step: HashMap<String, (usize, BTreeSet<String>)> = HashMap::new();
    for line in lines.iter().filter(|line| line[0] == run_id) {
        let entry = by_step.entry(line[1].clone()).or_default();
        entry.0 += 1;
        entry.1.insert(line[3].clone());
    }
    by_step
}

#[test]
fn kill_9_mid_step_resumes_on_restart_without_rerunning_completed_steps() {
    let dir = tempfile::tempdir().unwrap();
    let effects_file = dir.path().join("effects.log");
    let maximizer = Maximizer::new(dir.path()).env("KITCHEN_SINK_EFFECTS", &effects_file);
    let mut server = maximizer.serve(&[]);
    start_kitchen_sink(&maximizer, "crash-1", json!({"steps": 8, "sleep_ms": 250}));
    wait_until(Duration::from_secs(20), "three step executions", || {
        effects(&effects_file).len() >= 3
    });
    server.kill_9();
    let completed_before = completed_steps(&maximizer, "crash-1");
    assert!(completed_before.len() >= 2, "{completed_before:?}");

    let _restarted = maximizer.serve(&[]);
    let run = maximizer.json(&["runs", "get", "crash-1", "--wait", "30"]);
    assert_eq!(run["status"], "completed", "{run}");
    assert_eq!(run["output"], json!({"steps_completed": 8, "signal": null}));

    let by_step = executions(&effects(&effects_file), "crash-1");
    for step in 1..=8 {
        let name = format!("step-{step}");
        let (count, keys) = by_step.get(&name).cloned().unwrap_or_default();
        assert!(count >= 1, "{name} never ran");
        assert_eq!(
            keys.len(),
            1,
            "{name} got different idempotency keys: {keys:?}"
        );
        if completed_before.contains(&name) {
            assert_eq!(count, 1, "{name} completed before the kill and ran again");
        }
    }
}

#[test]
fn an_expired_lease_is_taken_over_by_a_worker_on_another_host() {
    let dir = tempfile::tempdir().unwrap();
    let effects_file = dir.path().join("effects.log");
    let maximizer = Maximizer::new(dir.path())
        .env("KITCHEN_SINK_EFFECTS", &effects_file)
        .env("MAXIMIZER_LEASE_TIMEOUT", "2");
    let mut host_a = maximizer
        .clone()
        .env("MAXIMIZER_HOSTNAME", "host-a")
        .serve(&[]);
    start_kitchen_sink(&maximizer, "lease-1", json!({"steps": 5, "sleep_ms": 300}));
    wait_until(Duration::from_secs(20), "two step executions", || {
        effects(&effects_file).len() >= 2
    });
    host_a.kill_9();
    let killed_at = Instant::now();
    let completed_before = completed_steps(&maximizer, "lease-1");

    // Another host cannot see that host-a's process is gone: it must wait for the lease.
    let _host_b = maximizer
        .clone()
        .env("MAXIMIZER_HOSTNAME", "host-b")
        .serve(&[]);
    let run = maximizer.json(&["runs", "get", "lease-1", "--wait", "30"]);
    let recovered = killed_at.elapsed();
    assert_eq!(run["status"], "completed", "{run}");
    assert!(
        recovered >= Duration::from_millis(1000),
        "taken over before the lease expired: {recovered:?}"
    );
    assert!(
        recovered < Duration::from_secs(10),
        "takeover took {recovered:?}"
    );
    let by_step = executions(&effects(&effects_file), "lease-1");
    for step in &completed_before {
        assert_eq!(
            by_step[step].0, 1,
            "{step} completed before the kill and ran again"
        );
    }
}

#[test]
fn sigterm_drains_in_flight_work_and_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    let maximizer = Maximizer::new(dir.path());
    let mut server = maximizer.serve(&["--drain-timeout", "10"]);
    start_kitchen_sink(&maximizer, "drain-1", json!({"steps": 3, "sleep_ms": 200}));
    wait_until(Duration::from_secs(10), "the run to start", || {
        !completed_steps(&maximizer, "drain-1").is_empty()
    });
    let status = server.terminate(Duration::from_secs(15));
    assert!(
        status.success(),
        "serve exited with {status}: {}",
        server.log()
    );
    // The run was finished within the drain, or handed back to finish after a restart.
    let _restarted = maximizer.serve(&[]);
    let run = maximizer.json(&["runs", "get", "drain-1", "--wait", "20"]);
    assert_eq!(run["status"], "completed");
}

#[test]
fn the_cli_contract_holds() {
    let dir = tempfile::tempdir().unwrap();
    let maximizer = Maximizer::new(dir.path());

    // A signal sent before any worker ran the workflow is not lost.
    let input = json!({"steps": 2, "wait_signal": "approve"}).to_string();
    let started = maximizer.json(&[
        "runs",
        "start",
        "kitchen-sink",
        "--id",
        "cli-1",
        "--input",
        &input,
    ]);
    for field in [
        "id",
        "workflow",
        "status",
        "input",
        "created_at",
        "updated_at",
    ] {
        assert!(
            started.get(field).is_some(),
            "run JSON lacks {field}: {started}"
        );
    }
    assert_eq!(started["status"], "pending");
    maximizer.json(&[
        "runs",
        "signal",
        "cli-1",
        "approve",
        "--data",
        r#"{"by":"curator"}"#,
    ]);
    let _server = maximizer.serve(&[]);
    let run = maximizer.json(&["runs", "get", "cli-1", "--wait", "20"]);
    assert_eq!(
        run["output"],
        json!({"steps_completed": 2, "signal": {"by": "curator"}})
    );

    // History: one JSON event per line with the contract's fields.
    let history = maximizer.json_lines(&["runs", "history", "cli-1"]);
    let kinds: Vec<&str> = history
        .iter()
        .filter_map(|event| event["kind"].as_str())
        .collect();
    assert_eq!(kinds.first(), Some(&"run_started"));
    assert_eq!(kinds.last(), Some(&"run_completed"));
    for event in &history {
        for field in ["seq", "kind", "step", "attempt", "at", "detail"] {
            assert!(event.get(field).is_some(), "event lacks {field}: {event}");
        }
    }
    let seqs: Vec<u64> = history
        .iter()
        .filter_map(|event| event["seq"].as_u64())
        .collect();
    assert_eq!(seqs, (1..=history.len() as u64).collect::<Vec<_>>());

    // Idempotent start; a different input is a clear conflict.
    let again = maximizer.json(&[
        "runs",
        "start",
        "kitchen-sink",
        "--id",
        "cli-1",
        "--input",
        &input,
    ]);
    assert_eq!(again["status"], "completed");
    let conflict = maximizer.run(&[
        "runs",
        "start",
        "kitchen-sink",
        "--id",
        "cli-1",
        "--input",
        r#"{"steps":9}"#,
    ]);
    assert!(!conflict.status.success());
    assert!(String::from_utf8_lossy(&conflict.stderr).contains("different input"));

    // Bad input gets a message that says what is wrong.
    let bad_json = maximizer.run(&["runs", "start", "kitchen-sink", "--input", "{steps"]);
    assert!(String::from_utf8_lossy(&bad_json.stderr).contains("--input is not valid JSON"));
    let unknown = maximizer.run(&["runs", "start", "no-such-workflow"]);
    assert!(
        String::from_utf8_lossy(&unknown.stderr).contains("unknown workflow 'no-such-workflow'")
    );
    let wrong_shape = maximizer.run(&[
        "runs",
        "start",
        "kitchen-sink",
        "--input",
        r#"{"steps":"many"}"#,
    ]);
    assert!(
        String::from_utf8_lossy(&wrong_shape.stderr)
            .contains("does not match workflow 'kitchen-sink'")
    );
    let missing = maximizer.run(&["runs", "get", "nope"]);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no run with id 'nope'"));

    // Failed runs: redrive one by id, the rest in bulk.
    let failing = json!({"steps": 3, "fail_at": 2, "fail_times": 2, "max_attempts": 2}).to_string();
    for id in ["bulk-a", "bulk-b", "bulk-c"] {
        let run = maximizer.json(&[
            "runs",
            "start",
            "kitchen-sink",
            "--id",
            id,
            "--input",
            &failing,
            "--wait",
        ]);
        assert_eq!(run["status"], "failed", "{run}");
    }
    let redriven = maximizer.json(&["runs", "redrive", "bulk-a"]);
    assert_eq!(redriven["status"], "pending");
    let bulk = maximizer.json(&[
        "runs",
        "redrive",
        "--workflow",
        "kitchen-sink",
        "--status",
        "failed",
        "--since",
        "1h",
    ]);
    assert_eq!(bulk["redriven"], 2, "{bulk}");
    for id in ["bulk-a", "bulk-b", "bulk-c"] {
        let run = maximizer.json(&["runs", "get", id, "--wait", "20"]);
        assert_eq!(run["status"], "completed", "{run}");
        let attempts: Vec<Value> = maximizer
            .json_lines(&["runs", "history", id])
            .into_iter()
            .filter(|event| event["kind"] == "attempt_started" && event["step"] == "step-1")
            .collect();
        assert_eq!(
            attempts.len(),
            1,
            "step-1 ran again after the redrive of {id}"
        );
    }
    let completed = maximizer.json_lines(&["runs", "list", "--status", "completed"]);
    assert_eq!(completed.len(), 4);
}
