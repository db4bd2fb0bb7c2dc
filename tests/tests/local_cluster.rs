//! `deploy/local-cluster.sh`, the compose topology as plain processes: PostgreSQL, one API
//! and three workers. 300 kitchen-sink runs are started over HTTP; mid-load one worker
//! gets SIGTERM (it drains and exits 0) and another SIGKILL. Every run completes once, every
//! step completes once, and no step that had completed runs again.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use integration_tests::postgres::query;
use integration_tests::{ADMIN_KEY, binary, effects, wait_until};
use serde_json::{Value, json};

const RUNS: usize = 300;
const STEPS: usize = 5;
const CONCURRENCY: usize = 16;

/// The script's process; SIGTERM (its clean stop) when dropped.
struct Cluster {
    script: Child,
    started: Value,
}

impl Cluster {
    fn start(dir: &Path, effects_file: &Path) -> Self {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../deploy/local-cluster.sh");
        let mut child = Command::new("bash")
            .arg(script)
            .args(["--workers", "3", "--binary"])
            .arg(binary())
            .arg("--dir")
            .arg(dir)
            .env("MAXIMIZER_API_KEYS", format!("{ADMIN_KEY}=admin"))
            .env("MAXIMIZER_CONCURRENCY", CONCURRENCY.to_string())
            .env("MAXIMIZER_LEASE_TIMEOUT", "3")
            .env("MAXIMIZER_DRAIN_TIMEOUT", "20")
            .env("MAXIMIZER_POLL_INTERVAL_MS", "20")
            .env("KITCHEN_SINK_EFFECTS", effects_file)
            .env_remove("MAXIMIZER_DATA_DIR")
            .env_remove("DATABASE_URL")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("run deploy/local-cluster.sh");
        let stdout = child.stdout.take().expect("script stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the script's first line");
        let started: Value = serde_json::from_str(&line)
            .unwrap_or_else(|error| panic!("local-cluster.sh printed no JSON ({error}): {line}"));
        Self {
            script: child,
            started,
        }
    }

    fn api(&self) -> &str {
        self.started["api"].as_str().expect("api URL")
    }

    fn database_url(&self) -> &str {
        self.started["database_url"].as_str().expect("database URL")
    }

    fn worker_pid(&self, index: usize) -> u32 {
        self.started["worker_pids"][index]
            .as_u64()
            .expect("worker pid") as u32
    }

    /// Stops the script with SIGTERM and returns whether it exited 0.
    fn stop(&mut self) -> bool {
        signal("TERM", self.script.id());
        wait_for_exit(&mut self.script, Duration::from_secs(40))
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if self.script.try_wait().ok().flatten().is_none() {
            self.stop();
        }
    }
}

fn signal(name: &str, pid: u32) {
    let sent = Command::new("kill")
        .args([&format!("-{name}"), &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(sent.success(), "kill -{name} {pid} failed");
}

fn wait_for_exit(child: &mut Child, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().expect("wait for the script") {
            return status.success();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    false
}

fn count(url: &str, sql: &str) -> usize {
    query(url, sql)
        .first()
        .and_then(|count| count.parse().ok())
        .unwrap_or(0)
}

#[test]
fn the_local_cluster_survives_a_drained_and_a_killed_worker() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let effects_file = dir.path().join("effects.log");
    let mut cluster = Cluster::start(dir.path(), &effects_file);
    let url = cluster.database_url().to_owned();
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(30))
        .build();

    let input = json!({"steps": STEPS, "sleep_ms": 200});
    for index in 0..RUNS {
        let body =
            json!({"workflow": "kitchen-sink", "id": format!("cluster-{index}"), "input": input});
        let response = agent
            .post(&format!("{}/v1/runs", cluster.api()))
            .set("Authorization", &format!("Bearer {ADMIN_KEY}"))
            .send_json(body)
            .unwrap_or_else(|error| panic!("POST /v1/runs: {error}"));
        assert_eq!(response.status(), 201);
    }
    let completed = || count(&url, "SELECT count(*) FROM runs WHERE status = 'completed'");

    // Mid-load: worker 1 drains on SIGTERM and exits 0.
    wait_until(Duration::from_secs(60), "30 completed runs", || {
        completed() >= 30
    });
    signal("TERM", cluster.worker_pid(0));
    let exits = dir.path().join("exits.log");
    wait_until(Duration::from_secs(30), "worker 1 to exit", || {
        std::fs::read_to_string(&exits).is_ok_and(|text| text.contains("worker-1 "))
    });
    let exit_line = std::fs::read_to_string(&exits).unwrap();
    assert!(
        exit_line.contains("worker-1 pid") && exit_line.contains("exited 0"),
        "the drained worker did not exit 0: {exit_line}"
    );
    let after_drain = completed();
    assert!(after_drain < RUNS, "the load ended before the SIGKILL");

    // Then worker 2 dies without a word; worker 3 takes its runs over.
    let steps_completed_before_kill: HashSet<String> = query(
        &url,
        "SELECT run_id || ' ' || step FROM events WHERE kind = 'step_completed'",
    )
    .into_iter()
    .collect();
    let effects_before_kill = effects(&effects_file).len();
    signal("KILL", cluster.worker_pid(1));

    wait_until(Duration::from_secs(90), "every run to complete", || {
        completed() >= RUNS
    });

    // Every run completed once, with the right output.
    let outputs = query(&url, "SELECT output FROM runs WHERE status = 'completed'");
    assert_eq!(outputs.len(), RUNS);
    for output in outputs {
        let output: Value = serde_json::from_str(&output).expect("output JSON");
        assert_eq!(output, json!({"steps_completed": STEPS, "signal": null}));
    }
    let twice = "SELECT count(*) FROM (SELECT run_id, step FROM events WHERE kind = '{kind}' \
                 GROUP BY run_id, step HAVING count(*) > 1) repeated";
    assert_eq!(count(&url, &twice.replace("{kind}", "run_completed")), 0);
    assert_eq!(count(&url, &twice.replace("{kind}", "step_completed")), 0);
    assert_eq!(
        count(
            &url,
            "SELECT count(*) FROM events WHERE kind = 'step_completed'"
        ),
        RUNS * STEPS
    );

    // No step that had completed ran again; only steps in flight on the killed worker may
    // have run twice (their attempt never committed).
    let lines = effects(&effects_file);
    for line in &lines[effects_before_kill.min(lines.len())..] {
        let step = format!("{} {}", line[0], line[1]);
        assert!(
            !steps_completed_before_kill.contains(&step),
            "{step} ran again after it had completed"
        );
    }
    let mut executions: HashMap<String, usize> = HashMap::new();
    for line in &lines {
        *executions
            .entry(format!("{} {}", line[0], line[1]))
            .or_default() += 1;
    }
    assert_eq!(executions.len(), RUNS * STEPS, "some steps never ran");
    let reexecuted: usize = executions.values().map(|count| count - 1).sum();
    assert!(
        reexecuted <= CONCURRENCY,
        "{reexecuted} step re-executions: more than the killed worker had in flight"
    );
    let takeovers = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|entry| entry.file_name().to_string_lossy().starts_with("worker-"))
        .map(|entry| std::fs::read_to_string(entry.path()).unwrap_or_default())
        .map(|log| log.matches("took over run").count())
        .sum::<usize>();

    assert!(cluster.stop(), "local-cluster.sh did not stop cleanly");
    println!(
        "local cluster: {RUNS} runs x {STEPS} steps on 3 workers in {:.1} s; {after_drain} \
         completed when the SIGTERM-drained worker exited 0; {reexecuted} in-flight step \
         re-executions after the SIGKILL, {takeovers} takeovers, 0 completed steps re-run",
        started.elapsed().as_secs_f64()
    );
}
