//! Chaos on PostgreSQL with real processes: three `maximizer work` processes run 500
//! kitchen-sink workflows while a random worker is killed with SIGKILL every few seconds
//! and restarted, and PostgreSQL itself is restarted once. Every run must complete with
//! the right output, no step that had completed may run again, and no run may stall longer
//! than the lease timeout plus a margin.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use integration_tests::postgres::TestPostgres;
use integration_tests::{ADMIN_KEY, Maximizer, Server, effects};
use serde_json::{Value, json};

const RUNS: usize = 500;

fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as i64)
        .unwrap_or_default()
}
const WORKERS: usize = 3;
const LEASE_TIMEOUT_S: u64 = 3;
const STEPS: u64 = 6;

fn post(agent: &ureq::Agent, url: &str, body: Value) -> Value {
    agent
        .post(url)
        .set("Authorization", &format!("Bearer {ADMIN_KEY}"))
        .send_json(body)
        .map_err(|error| error.to_string())
        .and_then(|response| {
            response
                .into_json::<Value>()
                .map_err(|error| error.to_string())
        })
        .unwrap_or_else(|error| panic!("POST {url}: {error}"))
}

#[test]
fn runs_survive_killed_workers_and_a_database_restart() {
    let postgres = TestPostgres::start();
    let url = postgres.create_database("chaos");
    let dir = tempfile::tempdir().unwrap();
    let effects_file = dir.path().join("effects.log");
    let maximizer = Maximizer::new(dir.path())
        .env("DATABASE_URL", &url)
        .env("KITCHEN_SINK_EFFECTS", &effects_file)
        .env("MAXIMIZER_LEASE_TIMEOUT", LEASE_TIMEOUT_S.to_string());
    // Each worker on its own "host": a killed one is noticed only by its lease expiring.
    let spawn_worker = |index: usize| {
        maximizer
            .clone()
            .env("MAXIMIZER_HOSTNAME", format!("host-{index}"))
            .spawn(&["work", "--concurrency", "32"])
    };
    let mut workers: Vec<Server> = (0..WORKERS).map(spawn_worker).collect();
    let api = maximizer.serve(&["--no-workers"]);
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(30))
        .build();

    let input = json!({"steps": STEPS, "sleep_ms": 400});
    for index in 0..RUNS {
        let body =
            json!({"workflow": "kitchen-sink", "id": format!("chaos-{index}"), "input": input});
        post(&agent, &format!("{}/v1/runs", api.url()), body);
    }

    // (snapshot of completed steps, effects lines written before it was taken)
    let mut snapshots: Vec<(HashSet<String>, usize)> = Vec::new();
    let completed_steps = || -> HashSet<String> {
        postgres
            .query(
                "chaos",
                "SELECT run_id || ' ' || step FROM events WHERE kind = 'step_completed'",
            )
            .into_iter()
            .collect()
    };
    let count_completed = || -> usize {
        postgres
            .query(
                "chaos",
                "SELECT count(*) FROM runs WHERE status = 'completed'",
            )
            .first()
            .and_then(|count| count.parse().ok())
            .unwrap_or(0)
    };
    let started = Instant::now();
    let chaos_began = now_millis();
    let mut kill_times = Vec::new();
    let mut kills = 0;
    let mut restarted_database = false;
    let mut victim = 0usize;
    while count_completed() < RUNS {
        assert!(
            started.elapsed() < Duration::from_secs(240),
            "runs did not all complete in 240 s"
        );
        std::thread::sleep(Duration::from_millis(2000));
        if count_completed() >= RUNS {
            break;
        }
        victim = (victim + 1 + started.elapsed().subsec_nanos() as usize) % WORKERS;
        workers[victim].kill_9();
        kill_times.push((victim, now_millis() - chaos_began));
        kills += 1;
        let completed = completed_steps();
        snapshots.push((completed, effects(&effects_file).len()));
        workers[victim] = spawn_worker(victim);
        if !restarted_database && kills == 2 {
            kill_times.push((99, now_millis() - chaos_began));
            postgres.restart();
            restarted_database = true;
        }
    }
    assert!(
        kills >= 2 && restarted_database,
        "the chaos did not happen ({kills} kills)"
    );

    // Every run completed with the right output.
    let outputs = postgres.query(
        "chaos",
        "SELECT output FROM runs WHERE status = 'completed'",
    );
    assert_eq!(outputs.len(), RUNS);
    for output in outputs {
        let output: Value = serde_json::from_str(&output).expect("output JSON");
        assert_eq!(output, json!({"steps_completed": STEPS, "signal": null}));
    }

    // No step that was durably completed at a snapshot ran again after it.
    let lines = effects(&effects_file);
    for (completed, offset) in &snapshots {
        for line in &lines[(*offset).min(lines.len())..] {
            let step = format!("{} {}", line[0], line[1]);
            assert!(
                !completed.contains(&step),
                "{step} ran again after it had completed"
            );
        }
    }
    let mut executions: HashMap<String, usize> = HashMap::new();
    for line in &lines {
        *executions
            .entry(format!("{} {}", line[0], line[1]))
            .or_default() += 1;
    }
    assert_eq!(
        executions.len(),
        RUNS * STEPS as usize,
        "some steps never ran"
    );
    let reexecuted: usize = executions.values().map(|count| count - 1).sum();

    // No run stalled longer than the lease timeout plus a margin.
    let longest = postgres.query(
        "chaos",
        // From the first step on: the wait of a queued run for a free worker is no stall.
        "SELECT at - previous_at, run_id, previous_kind, kind, previous_at FROM (SELECT run_id, kind, at, \
         lag(at) OVER w AS previous_at, lag(kind) OVER w AS previous_kind FROM events \
         WINDOW w AS (PARTITION BY run_id ORDER BY id)) g \
         WHERE previous_kind <> 'run_started' ORDER BY 1 DESC LIMIT 1",
    );
    let longest = longest.first().cloned().unwrap_or_default();
    let longest_gap_ms: i64 = longest
        .split('|')
        .next()
        .and_then(|gap| gap.parse().ok())
        .unwrap_or(0);
    let allowed_ms = (LEASE_TIMEOUT_S as i64 + 4) * 1000;
    assert!(
        longest_gap_ms <= allowed_ms,
        "a run stalled {longest_gap_ms} ms (allowed {allowed_ms} ms): {longest}; chaos began at {chaos_began}, kills at {kill_times:?}"
    );
    println!(
        "chaos: {RUNS} runs completed in {:.1} s; {kills} SIGKILLs, 1 PostgreSQL restart; \
         {reexecuted} in-flight step re-executions, 0 completed steps re-run; longest stall {longest_gap_ms} ms",
        started.elapsed().as_secs_f64()
    );
}
