//! `maximizer bench`: the peers' workload (see the bench-peers README) on this engine.
//!
//! W1: one workflow of N sequential durable steps at a time, p50/p90/p99 of start→result.
//! W2: many such workflows with a fixed number in flight, workflows/s and steps/s.
//! Every step commit is fsynced (SQLite WAL, `synchronous=FULL`); under concurrency the
//! store group-commits, answering each step only after its commit is on disk.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use engine::{Engine, RunStatus, SqliteStore, StartRun, WorkerOptions};
use serde_json::json;
use tokio::sync::Semaphore;

use crate::cli::{BenchArgs, StoreArgs};

pub async fn run(store_args: &StoreArgs, args: BenchArgs) -> anyhow::Result<()> {
    if args.store != "sqlite" {
        anyhow::bail!("--store {} is not available yet; use sqlite", args.store);
    }
    let data_dir = std::env::temp_dir().join(format!("maximizer-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data_dir);
    let store = SqliteStore::open(&data_dir)
        .await
        .context("opening the bench store")?;
    let settings = super::settings(store_args)?;
    let engine = Engine::new(Arc::new(store), workflows::registry(), settings);
    let worker = engine.worker(WorkerOptions {
        concurrency: args.conc.max(1),
        run_schedules: false,
        ..WorkerOptions::default()
    });
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let worker_task = tokio::spawn(worker.run(async {
        let _ = stopped.await;
    }));
    // Let the worker register before the first start, so starts are dispatched in-process.
    tokio::time::sleep(Duration::from_millis(200)).await;

    let input = json!({"steps": args.steps});
    println!(
        "bench: store=sqlite steps={} warmup={} n1={} n2={} conc={} fsync=every commit (group commit under concurrency)",
        args.steps, args.warmup, args.n1, args.n2, args.conc
    );
    let mut latencies = Vec::with_capacity(args.n1 as usize);
    for index in 0..(args.warmup + args.n1) {
        let started = Instant::now();
        run_one(&engine, format!("w1-{index}"), input.clone()).await?;
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

    let cpu_before = process_cpu_ms();
    let started = Instant::now();
    let slots = Arc::new(Semaphore::new(args.conc.max(1)));
    let mut tasks = Vec::with_capacity(args.n2 as usize);
    for index in 0..args.n2 {
        let slot = slots.clone().acquire_owned().await?;
        let engine = engine.clone();
        let input = input.clone();
        tasks.push(tokio::spawn(async move {
            let result = run_one(&engine, format!("w2-{index}"), input).await;
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
    let cpu_ms = process_cpu_ms() - cpu_before;
    let wf_per_s = f64::from(args.n2) / elapsed;
    let steps_per_s = wf_per_s * f64::from(args.steps);
    let cpu_ms_per_wf = cpu_ms / f64::from(args.n2.max(1));
    println!(
        "W2: {wf_per_s:.1} workflows/s, {steps_per_s:.0} steps/s, {cpu_ms_per_wf:.2} CPU ms/workflow, {errors} errors"
    );

    let _ = stop.send(());
    let _ = worker_task.await;
    let _ = std::fs::remove_dir_all(&data_dir);
    println!(
        "engine=maximizer store=sqlite workers=1 w1_p50_ms={p50:.2} w1_p90_ms={p90:.2} w1_p99_ms={p99:.2} \
         w2_wf_per_s={wf_per_s:.1} w2_steps_per_s={steps_per_s:.1} cpu_ms_per_wf={cpu_ms_per_wf:.2} w2_errors={errors}"
    );
    Ok(())
}

async fn run_one(engine: &Engine, id: String, input: serde_json::Value) -> anyhow::Result<()> {
    let created = engine
        .start(StartRun::new("kitchen-sink", input).with_id(id))
        .await?;
    let run = engine
        .wait(&created.run.id, Duration::from_secs(60))
        .await?;
    if run.status != RunStatus::Completed {
        anyhow::bail!("run {} ended {}", run.id, run.status);
    }
    Ok(())
}

/// Nearest-rank percentile of sorted values.
fn percentile(sorted: &[f64], percent: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((percent / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// This process's user + system CPU time in milliseconds (Linux; 0 elsewhere).
fn process_cpu_ms() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    let Some((_, rest)) = stat.rsplit_once(')') else {
        return 0.0;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // Fields 14 and 15 of stat (utime, stime) in clock ticks of 1/100 s.
    let ticks: f64 = fields
        .get(11..13)
        .map(|pair| {
            pair.iter()
                .filter_map(|value| value.parse::<f64>().ok())
                .sum()
        })
        .unwrap_or(0.0);
    ticks * 10.0
}
