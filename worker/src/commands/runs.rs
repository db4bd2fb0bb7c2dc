//! `maximizer runs …`: start, inspect and steer runs. Output is JSON, one object per line.

use std::time::Duration;

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use engine::{Engine, RunFilter, RunStatus, StartRun};
use serde::Serialize;

use super::{parse_json, seconds};
use crate::cli::{ListArgs, RedriveArgs, RunsCommand};

pub async fn run(engine: &Engine, command: RunsCommand) -> anyhow::Result<()> {
    match command {
        RunsCommand::Start {
            workflow,
            input,
            id,
            queue,
            wait,
            timeout,
        } => {
            let request = StartRun {
                workflow,
                input: parse_json("--input", &input)?,
                id,
                queue,
            };
            let created = engine.start(request).await?;
            let run = if wait {
                engine
                    .wait(&created.run.id, seconds("--timeout", timeout)?)
                    .await?
            } else {
                created.run
            };
            print_json(&run)
        }
        RunsCommand::Get { id, wait } => {
            let run = match wait {
                Some(wait) => engine.wait(&id, seconds("--wait", wait)?).await?,
                None => engine.get(&id).await?,
            };
            print_json(&run)
        }
        RunsCommand::List(args) => {
            let filter = list_filter(&args)?;
            for run in engine.list(&filter).await? {
                print_json(&run)?;
            }
            Ok(())
        }
        RunsCommand::History { id } => {
            for event in engine.history(&id).await? {
                print_json(&event)?;
            }
            Ok(())
        }
        RunsCommand::Cancel { id } => print_json(&engine.cancel(&id).await?),
        RunsCommand::Signal { id, name, data } => {
            engine
                .signal(&id, &name, parse_json("--data", &data)?)
                .await?;
            print_json(&serde_json::json!({"run_id": id, "signal": name, "sent": true}))
        }
        RunsCommand::Redrive(args) => redrive(engine, args).await,
    }
}

async fn redrive(engine: &Engine, args: RedriveArgs) -> anyhow::Result<()> {
    if let Some(id) = &args.id {
        if args.workflow.is_some() || args.since.is_some() || args.until.is_some() {
            anyhow::bail!(
                "give either a run id or a filter (--workflow, --since, --until), not both"
            );
        }
        return print_json(&engine.redrive(id).await?);
    }
    if let Some(status) = &args.status
        && status != "failed"
    {
        anyhow::bail!("only failed runs can be redriven (--status failed)");
    }
    if args.workflow.is_none() && args.since.is_none() && args.status.is_none() {
        anyhow::bail!("bulk redrive needs a filter: --workflow, --status failed or --since");
    }
    let filter = RunFilter {
        workflow: args.workflow,
        since: optional_time("--since", args.since.as_deref())?,
        until: optional_time("--until", args.until.as_deref())?,
        ..RunFilter::default()
    };
    let redriven = engine.redrive_matching(&filter).await?;
    print_json(&serde_json::json!({"redriven": redriven.len(), "run_ids": redriven}))
}

fn list_filter(args: &ListArgs) -> anyhow::Result<RunFilter> {
    let statuses = args
        .status
        .iter()
        .map(|name| {
            RunStatus::parse(name).with_context(|| {
                format!("unknown status '{name}' (pending, running, waiting, completed, failed, cancelled)")
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(RunFilter {
        workflow: args.workflow.clone(),
        statuses,
        since: optional_time("--since", args.since.as_deref())?,
        until: optional_time("--until", args.until.as_deref())?,
        search: args.search.clone(),
        limit: args.limit,
        ..RunFilter::default()
    })
}

fn optional_time(flag: &str, text: Option<&str>) -> anyhow::Result<Option<i64>> {
    text.map(|at| parse_time(flag, at)).transpose()
}

/// An RFC 3339 time, or a duration ago such as `90s`, `15m`, `2h`, `7d`.
pub fn parse_time(flag: &str, text: &str) -> anyhow::Result<i64> {
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(at.with_timezone(&Utc).timestamp_millis());
    }
    let (number, unit) = text.split_at(text.len().saturating_sub(1));
    let amount: f64 = number
        .parse()
        .ok()
        .filter(|amount: &f64| amount.is_finite() && *amount >= 0.0)
        .with_context(|| format!("{flag} '{text}' is neither RFC 3339 nor a duration like 2h"))?;
    let seconds = match unit {
        "s" => amount,
        "m" => amount * 60.0,
        "h" => amount * 3600.0,
        "d" => amount * 86400.0,
        _ => anyhow::bail!("{flag} '{text}' is neither RFC 3339 nor a duration like 2h"),
    };
    let ago = Duration::from_secs_f64(seconds);
    Ok(Utc::now().timestamp_millis() - ago.as_millis() as i64)
}

pub fn print_json(value: &impl Serialize) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string(value)?);
    Ok(())
}
