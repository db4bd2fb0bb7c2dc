//! `maximizer bench`: the peers' workload (see the bench-peers README) on this engine.
//!
//! W1: one workflow of N sequential durable steps at a time, p50/p90/p99 of start→result.
//! W2: many such workflows with a fixed number in flight, workflows/s and steps/s.
//! Every commit is fsynced (SQLite WAL with `synchronous=FULL`; PostgreSQL with its
//! defaults, `fsync=on`, `synchronous_commit=on`). Under concurrency SQLite group-commits
//! in one writer and PostgreSQL shares WAL flushes between backends; either way a step is
//! acknowledged only after the commit that holds it is on disk.

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use engine::{
    Engine, EngineSettings, PostgresStore, RunStatus, SqliteStore, StartRun, Store, WorkerOptions,
};
use serde_json::json;
use tokio::sync::Semaphore;

use crate::cli::{BenchArgs, StoreArgs};

pub async fn run(store_args: &StoreArgs, args: BenchArgs) -> anyhow::Result<()> {
    let tag = format!(
        "{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_millis()
    );
    let (store, sqlite_dir): (Arc<dyn Store>, _) = match args.store.as_str() {
        "sqlite" => {
            let dir = std::env::temp_dir().join(format!("maximizer-bench-{tag}"));
            let store = SqliteStore::open(&dir)
                .await
                .context("opening the bench store")?;
            (Arc::new(store), Some(dir))
        }
        "postgres" => {
            let url = store_args
                .database_url
                .as_deref()
                .context("--store postgres needs --database-url (or DATABASE_URL)")?;
            (
                Arc::new(
                    PostgresStore::open(url)
                        .await
                        .context("connecting to --database-url")?,
                ),
                None,
            )
        }
        other => anyhow::bail!("--store {other}: use sqlite or postgres"),
    };
    let settings = EngineSettings {
        // Waiting clients hear of finished runs at once (in process, or by NOTIFY); this
        // poll is only a fallback.
        poll_interval: Duration::from_millis(250),
        ..super::settings(store_args)?
    };
    let engine = Engine::new(store.clone(), workflows::registry(), settings);
    let mut workers = WorkerProcesses::default();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let in_process = if args.workers == 0 {
        let worker = engine.worker(WorkerOptions {
            concurrency: args.conc.max(1),
            run_schedules: false,
            ..WorkerOptions::default()
        });
        Some(tokio::spawn(worker.run(async {
            let _ = stopped.await;
        })))
    } else {
        workers.spawn(store_args, sqlite_dir.as_deref(), &args)?;
        None
    };
    wait_for_workers(store.as_ref(), args.workers.max(1)).await?;

    let input = json!({"steps": args.steps});
    let worker_count = args.workers.max(1);
    println!(
        "bench: store={} workers={} ({}) steps={} warmup={} n1={} n2={} conc={} fsync=every commit",
        args.store,
        worker_count,
        if args.workers == 0 {
            "in this process"
        } else {
            "separate processes"
        },
        args.steps,
        args.warmup,
        args.n1,
        args.n2,
        args.conc
    );
    let mut latencies = Vec::with_capacity(args.n1 as usize);
    for index in 0..(args.warmup + args.n1) {
        let started = Instant::now();
        run_one(&engine, format!("w1-{tag}-{index}"), input.clone()).await?;
        if index >= args.warmup {
            latencies.push(started.elapsed().as_secs_f64() * 1000.0);
        }
    }
    latencies.sort_by(f64::total_cmp);
    let (p50, p90, p99) = (
        percentile(&latencies, 50.0),
        percentile(&latencies, 90.0),
        percentile(&latencies, 99.0),
    );
    println!(
        "W1: p50={p50:.2} ms p90={p90:.2} ms p99={p99:.2} ms ({} runs)",
        latencies.len()
    );

    // CPU of this engine's processes, and of PostgreSQL's, separately.
    let counted = |workers: &WorkerProcesses| {
        let mut pids = workers.pids();
        pids.push(std::process::id());
        let database = if args.store == "postgres" {
            cpu_ms(&processes_named("postgres"))
        } else {
            0.0
        };
        (cpu_ms(&pids), database)
    };
    let cpu_before = counted(&workers);
    let started = Instant::now();
    let slots = Arc::new(Semaphore::new(args.conc.max(1)));
    let mut tasks = Vec::with_capacity(args.n2 as usize);
    for index in 0..args.n2 {
        let slot = slots.clone().acquire_owned().await?;
        let engine = engine.clone();
        let input = input.clone();
        let id = format!("w2-{tag}-{index}");
        tasks.push(tokio::spawn(async move {
            let result = run_one(&engine, id, input).await;
            drop(slot);
            result
        }));
    }
    let mut errors = 0;
    for task in tasks {
        if !matches!(task.await, Ok(Ok(()))) {
            errors += 1;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let cpu_after = counted(&workers);
    let engine_cpu_ms = cpu_after.0 - cpu_before.0;
    let database_cpu_ms = cpu_after.1 - cpu_before.1;
    let cpu_ms_total = engine_cpu_ms + database_cpu_ms;
    let wf_per_s = f64::from(args.n2) / elapsed;
    let steps_per_s = wf_per_s * f64::from(args.steps);
    let cpu_ms_per_wf = cpu_ms_total / f64::from(args.n2.max(1));
    let cores = cpu_ms_total / 1000.0 / elapsed;
    println!(
        "W2: {wf_per_s:.1} workflows/s, {steps_per_s:.0} steps/s, {cpu_ms_per_wf:.2} CPU ms/workflow \
         ({cores:.2} cores; engine {:.2} ms + database {:.2} ms per workflow), {errors} errors",
        engine_cpu_ms / f64::from(args.n2.max(1)),
        database_cpu_ms / f64::from(args.n2.max(1)),
    );

    let _ = stop.send(());
    if let Some(worker) = in_process {
        let _ = worker.await;
    }
    workers.stop();
    if let Some(dir) = sqlite_dir {
        let _ = std::fs::remove_dir_all(dir);
    }
    println!(
        "engine=maximizer store={} workers={worker_count} mode={} w1_p50_ms={p50:.2} w1_p90_ms={p90:.2} \
         w1_p99_ms={p99:.2} w2_wf_per_s={wf_per_s:.1} w2_steps_per_s={steps_per_s:.1} \
         cpu_ms_per_wf={cpu_ms_per_wf:.2} w2_cpu_cores={cores:.2} w2_errors={errors}",
        args.store,
        if args.workers == 0 {
            "in-process"
        } else {
            "processes"
        },
    );
    Ok(())
}

/// `maximizer work` processes the bench starts and stops.
#[derive(Default)]
struct WorkerProcesses {
    children: Vec<Child>,
}

impl WorkerProcesses {
    fn spawn(
        &mut self,
        store_args: &StoreArgs,
        sqlite_dir: Option<&std::path::Path>,
        args: &BenchArgs,
    ) -> anyhow::Result<()> {
        let binary = std::env::current_exe().context("locating the maximizer binary")?;
        for _ in 0..args.workers {
            let mut command = Command::new(&binary);
            match (sqlite_dir, &store_args.database_url) {
                (Some(dir), _) => command.arg("--data-dir").arg(dir),
                (None, Some(url)) => command.args([
                    "--database-url",
                    url,
                    "--db-pool-size",
                    &store_args.db_pool_size.to_string(),
                ]),
                (None, None) => anyhow::bail!("no store for the worker processes"),
            };
            command
                .args(["work", "--concurrency", &args.conc.max(1).to_string()])
                .env("MAXIMIZER_LOG", "warn")
                .stdin(Stdio::null())
                .stdout(Stdio::null());
            self.children
                .push(command.spawn().context("starting maximizer work")?);
        }
        Ok(())
    }

    fn pids(&self) -> Vec<u32> {
        self.children.iter().map(Child::id).collect()
    }

    /// SIGTERM, so each worker drains and deregisters.
    fn stop(&mut self) {
        for child in &mut self.children {
            let _ = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status();
        }
        for child in &mut self.children {
            let _ = child.wait();
        }
    }
}

impl Drop for WorkerProcesses {
    fn drop(&mut self) {
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

pub(super) async fn wait_for_workers(store: &dyn Store, expected: usize) -> anyhow::Result<()> {
    for _ in 0..300 {
        let live = store.list_workers().await?.len();
        if live >= expected {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    anyhow::bail!("the {expected} worker(s) did not register within 15 s")
}

async fn run_one(engine: &Engine, id: String, input: serde_json::Value) -> anyhow::Result<()> {
    let created = engine
        .start(StartRun::new("kitchen-sink", input).with_id(id))
        .await?;
    let run = engine
        .wait(&created.run.id, Duration::from_secs(120))
        .await?;
    if run.status != RunStatus::Completed {
        anyhow::bail!("run {} ended {}", run.id, run.status);
    }
    Ok(())
}

/// Nearest-rank percentile of sorted values.
pub(super) fn percentile(sorted: &[f64], percent: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((percent / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Pids of the processes whose command name is `name` (Linux).
fn processes_named(name: &str) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .is_ok_and(|comm| comm.trim() == name)
        })
        .collect()
}

/// User + system CPU time of these processes, in milliseconds (Linux; 0 elsewhere).
fn cpu_ms(pids: &[u32]) -> f64 {
    pids.iter()
        .filter_map(|pid| std::fs::read_to_string(format!("/proc/{pid}/stat")).ok())
        .filter_map(|stat| {
            let (_, rest) = stat.rsplit_once(')')?;
            let fields: Vec<&str> = rest.split_whitespace().collect();
            // Fields 14 and 15 of stat (utime, stime), in clock ticks of 1/100 s.
            let ticks: f64 = fields
                .get(11..13)?
                .iter()
                .filter_map(|v| v.parse::<f64>().ok())
                .sum();
            Some(ticks * 10.0)
        })
        .sum()
}
