//! PostgreSQL: SQL of the `runs` table: create, read, list, commit, claim, cancel, redrive.

use futures::future::BoxFuture;
use serde_json::{Value, json};
use sqlx::postgres::PgConnection;
use sqlx::{Postgres, QueryBuilder, Row};

use super::{events, signals};
use crate::error::{Error, Result};
use crate::model::{EventKind, Millis, NewEvent, Run, RunStatus, to_datetime};
use crate::store::rows::{self, RunRow, parse_json};
use crate::store::{
    ClaimRequest, ClaimedRun, Commit, Created, NewRun, OwnedRun, RunFilter, RunUpdate,
};

const RUN_COLUMNS: &str = "id, workflow, status, queue, input, output, error, parent_id, \
                           cancel_requested, created_at, updated_at";
const CLAIMED_COLUMNS: &str =
    "id, workflow, input, wake_gen, cancel_requested, created_at, queue, lease_seq, request_id";
const DEFAULT_LIMIT: u32 = 100;

pub(super) async fn get(connection: &mut PgConnection, id: &str) -> Result<Option<Run>> {
    let row: Option<RunRow> =
        sqlx::query_as(&format!("SELECT {RUN_COLUMNS} FROM runs WHERE id = $1"))
            .bind(id)
            .fetch_optional(connection)
            .await?;
    Ok(row.map(RunRow::into_run))
}

/// Creates a run with its `run_started` event in one statement (atomic on its own, so
/// no explicit transaction is needed); an existing run with the same id is returned if
/// its workflow and input match, and is a conflict otherwise.
pub(super) async fn create(connection: &mut PgConnection, new: &NewRun) -> Result<Created> {
    let status = if new.owner.is_some() {
        RunStatus::Running
    } else {
        RunStatus::Pending
    };
    let (parent_id, parent_position) = match &new.parent {
        Some((id, position)) => (Some(id.as_str()), Some(position.as_str())),
        None => (None, None),
    };
    let detail = json!({"workflow": new.workflow, "parent_id": parent_id, "queue": new.queue, "request_id": new.request_id});
    let inserted = sqlx::query(
        "WITH inserted AS ( \
             INSERT INTO runs (id, workflow, status, queue, input, parent_id, parent_position, \
                               owner_id, lease_seq, wake_at, created_at, updated_at, request_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $11, $9, $9, $9, $12) \
             ON CONFLICT (id) DO NOTHING RETURNING id) \
         INSERT INTO events (run_id, kind, at, detail) \
         SELECT id, 'run_started', $9, $10 FROM inserted",
    )
    .bind(&new.id)
    .bind(&new.workflow)
    .bind(status.as_str())
    .bind(&new.queue)
    .bind(&new.input)
    .bind(parent_id)
    .bind(parent_position)
    .bind(new.owner.as_deref())
    .bind(new.at)
    .bind(detail.to_string())
    .bind(first_lease(new))
    .bind(new.request_id.as_deref())
    .execute(&mut *connection)
    .await?;
    if inserted.rows_affected() == 0 {
        let existing = get(connection, &new.id)
            .await?
            .ok_or_else(|| Error::RunNotFound(new.id.clone()))?;
        if existing.workflow != new.workflow {
            return Err(Error::Conflict {
                id: new.id.clone(),
                what: "workflow",
            });
        }
        if existing.input != parse_json(&new.input) {
            return Err(Error::Conflict {
                id: new.id.clone(),
                what: "input",
            });
        }
        return Ok(Created {
            run: existing,
            created: false,
        });
    }
    Ok(Created {
        run: Run {
            id: new.id.clone(),
            workflow: new.workflow.clone(),
            status,
            input: parse_json(&new.input),
            output: None,
            error: None,
            parent_id: parent_id.map(str::to_owned),
            queue: new.queue.clone(),
            cancel_requested: false,
            created_at: to_datetime(new.at),
            updated_at: to_datetime(new.at),
        },
        created: true,
    })
}

/// A run created owned holds its first lease (1) already; a pending one gets it when first
/// claimed. So lease 1 always means the run's first execution, with nothing to replay.
fn first_lease(new: &NewRun) -> i64 {
    i64::from(new.owner.is_some())
}

/// Whether a commit only ends the run (with its events): the end of every run, done in one
/// statement.
pub(super) fn is_plain_finish(commit: &Commit) -> bool {
    matches!(commit.update, Some(RunUpdate::Finish { .. }))
        && commit.consume_signal.is_none()
        && commit.new_runs.is_empty()
        && commit.cancel_runs.is_empty()
}

/// Ends a run in one statement: the fenced row update, its events, and its parent's
/// wake-up (data-modifying CTEs are atomic together).
pub(super) async fn finish(connection: &mut PgConnection, commit: &Commit) -> Result<()> {
    let Some(RunUpdate::Finish {
        status,
        output,
        error,
    }) = &commit.update
    else {
        return Err(Error::Invalid("not a finishing commit".into()));
    };
    let kinds: Vec<&str> = commit
        .events
        .iter()
        .map(|event| event.kind.as_str())
        .collect();
    let ats: Vec<i64> = commit.events.iter().map(|event| event.at).collect();
    let details: Vec<&str> = commit
        .events
        .iter()
        .map(|event| event.detail.as_str())
        .collect();
    let row = sqlx::query(
        "WITH finished AS ( \
             UPDATE runs SET status = $1, output = $2, error = $3, owner_id = NULL, \
                 wake_at = NULL, cancel_requested = FALSE, updated_at = $4 \
             WHERE id = $5 AND owner_id = $6 AND lease_seq = $7 AND status = 'running' \
             RETURNING id, parent_id), \
         appended AS ( \
             INSERT INTO events (run_id, kind, at, detail) \
             SELECT finished.id, v.kind, v.at, v.detail FROM finished, \
                 UNNEST($8::text[], $9::int8[], $10::text[]) WITH ORDINALITY AS v (kind, at, detail, ord) \
             ORDER BY v.ord), \
         woken AS ( \
             UPDATE runs SET wake_gen = wake_gen + 1, updated_at = $4, \
                 wake_at = CASE WHEN status = 'waiting' THEN $4 ELSE wake_at END \
             WHERE id = (SELECT parent_id FROM finished)) \
         SELECT count(*) FROM finished",
    )
    .bind(status.as_str())
    .bind(output.as_deref())
    .bind(error.as_deref())
    .bind(commit.at)
    .bind(&commit.run_id)
    .bind(&commit.owner)
    .bind(commit.lease_seq)
    .bind(&kinds)
    .bind(&ats)
    .bind(&details)
    .fetch_one(connection)
    .await?;
    if row.try_get::<i64, _>(0)? == 0 {
        return Err(Error::LeaseLost(commit.run_id.clone()));
    }
    Ok(())
}

pub(super) async fn list(connection: &mut PgConnection, filter: &RunFilter) -> Result<Vec<Run>> {
    let mut query =
        QueryBuilder::<Postgres>::new(format!("SELECT {RUN_COLUMNS} FROM runs WHERE 1 = 1"));
    if let Some(workflow) = &filter.workflow {
        query.push(" AND workflow = ").push_bind(workflow);
    }
    if let Some(workflows) = &filter.workflows {
        if workflows.is_empty() {
            query.push(" AND 1 = 0");
        } else {
            query
                .push(" AND workflow IN (")
                .push_list(workflows)
                .push(")");
        }
    }
    if !filter.statuses.is_empty() {
        query.push(" AND status IN (");
        let mut separated = query.separated(", ");
        for status in &filter.statuses {
            separated.push_bind(status.as_str());
        }
        query.push(")");
    }
    if let Some(since) = filter.since {
        query.push(" AND created_at >= ").push_bind(since);
    }
    if let Some(until) = filter.until {
        query.push(" AND created_at < ").push_bind(until);
    }
    if let Some(parent) = &filter.parent_id {
        query.push(" AND parent_id = ").push_bind(parent);
    }
    if let Some(search) = &filter.search {
        let pattern = format!("%{}%", search.replace('%', "\\%").replace('_', "\\_"));
        query
            .push(" AND (id LIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR input LIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\')");
    }
    if let Some((created_at, id)) = &filter.after {
        query
            .push(" AND (created_at < ")
            .push_bind(*created_at)
            .push(" OR (created_at = ")
            .push_bind(*created_at)
            .push(" AND id < ")
            .push_bind(id)
            .push("))");
    }
    let limit = if filter.limit == 0 {
        DEFAULT_LIMIT
    } else {
        filter.limit
    };
    query
        .push(" ORDER BY created_at DESC, id DESC LIMIT ")
        .push_bind(limit as i64);
    let rows: Vec<RunRow> = query.build_query_as().fetch_all(connection).await?;
    Ok(rows.into_iter().map(RunRow::into_run).collect())
}

/// Appends the owner's fence to a statement that moves a run forward; its parameters
/// (run id, owner, lease sequence) are bound last.
macro_rules! fenced {
    ($sql:literal, $id:literal, $owner:literal, $lease:literal) => {
        concat!(
            $sql,
            " WHERE id = ",
            $id,
            " AND owner_id = ",
            $owner,
            " AND lease_seq = ",
            $lease,
            " AND status = 'running'"
        )
    };
}

/// Whether a commit only appends events: the hot path of a completed step, which the store
/// group-commits with other runs' steps (`events::insert_fenced_batch`).
pub(super) fn is_append_only(commit: &Commit) -> bool {
    commit.update.is_none()
        && commit.consume_signal.is_none()
        && commit.new_runs.is_empty()
        && commit.cancel_runs.is_empty()
        && !commit.events.is_empty()
}

/// Applies one commit of a run's owner: fence (with the row update, if any), children,
/// events, signal, cancels, parent wake-up.
///
/// The fence comes first, so a refused commit leaves nothing behind.
pub(super) async fn commit(connection: &mut PgConnection, commit: Commit) -> Result<()> {
    let fenced = match &commit.update {
        None => sqlx::query(fenced!("UPDATE runs SET updated_at = $1", "$2", "$3", "$4")).bind(commit.at),
        // A wake-up that arrived while the run executed makes it ready at once.
        Some(RunUpdate::Suspend {
            wake_at,
            seen_wake_gen,
        }) => sqlx::query(fenced!(
            "UPDATE runs SET status = 'waiting', owner_id = NULL, updated_at = $1, \
             wake_at = CASE WHEN wake_gen = $2 THEN $3 ELSE $4 END",
            "$5",
            "$6",
            "$7"
        ))
        .bind(commit.at)
        .bind(*seen_wake_gen)
        .bind(*wake_at)
        .bind(commit.at),
        Some(RunUpdate::Release { wake_at }) => sqlx::query(fenced!(
            "UPDATE runs SET status = 'pending', owner_id = NULL, updated_at = $1, wake_at = $2",
            "$3",
            "$4",
            "$5"
        ))
        .bind(commit.at)
        .bind(*wake_at),
        Some(RunUpdate::Finish {
            status,
            output,
            error,
        }) => sqlx::query(fenced!(
            "UPDATE runs SET status = $1, output = $2, error = $3, owner_id = NULL, wake_at = NULL, \
             cancel_requested = FALSE, updated_at = $4",
            "$5",
            "$6",
            "$7"
        ))
        .bind(status.as_str())
        .bind(output.as_deref())
        .bind(error.as_deref())
        .bind(commit.at),
    };
    let fenced = fenced
        .bind(&commit.run_id)
        .bind(&commit.owner)
        .bind(commit.lease_seq)
        .execute(&mut *connection)
        .await?;
    if fenced.rows_affected() == 0 {
        return Err(Error::LeaseLost(commit.run_id));
    }
    for child in &commit.new_runs {
        create(connection, child).await?;
    }
    events::insert(connection, &commit.run_id, &commit.events).await?;
    if let Some(signal_id) = commit.consume_signal {
        signals::consume(connection, signal_id, commit.at).await?;
    }
    for run_id in &commit.cancel_runs {
        match request_cancel(connection, run_id, commit.at).await {
            Ok(_) => {}
            Err(error) if error.is_client_error() => {}
            Err(error) => return Err(error),
        }
    }
    if matches!(commit.update, Some(RunUpdate::Finish { .. })) {
        wake_parent(connection, &commit.run_id, commit.at).await?;
    }
    Ok(())
}

/// Tells a finished child's parent to look at its result.
async fn wake_parent(connection: &mut PgConnection, child_id: &str, at: Millis) -> Result<()> {
    sqlx::query(
        "UPDATE runs SET wake_gen = wake_gen + 1, updated_at = $1, \
         wake_at = CASE WHEN status = 'waiting' THEN $2 ELSE wake_at END \
         WHERE id = (SELECT parent_id FROM runs WHERE id = $3)",
    )
    .bind(at)
    .bind(at)
    .bind(child_id)
    .execute(connection)
    .await?;
    Ok(())
}

/// Marks a run as woken: a waiting run becomes ready; a running one will notice when it
/// tries to suspend.
pub(super) async fn wake(connection: &mut PgConnection, run_id: &str, at: Millis) -> Result<()> {
    sqlx::query(
        "UPDATE runs SET wake_gen = wake_gen + 1, updated_at = $1, \
         wake_at = CASE WHEN status IN ('waiting', 'pending') THEN $2 ELSE wake_at END WHERE id = $3",
    )
    .bind(at)
    .bind(at)
    .bind(run_id)
    .execute(connection)
    .await?;
    Ok(())
}

fn push_expired_lease_condition<'a>(
    query: &mut QueryBuilder<'a, Postgres>,
    request: &'a ClaimRequest,
) {
    query
        .push("status = 'running' AND queue IN (")
        .push_list(&request.queues)
        .push(") AND (owner_id IS NULL OR owner_id NOT IN (SELECT id FROM workers WHERE heartbeat_at >= ")
        .push_bind(request.lease_expired_before)
        .push("))");
}

fn push_ready_condition<'a>(query: &mut QueryBuilder<'a, Postgres>, request: &'a ClaimRequest) {
    query
        .push("status IN ('pending', 'waiting') AND queue IN (")
        .push_list(&request.queues)
        .push(") AND wake_at <= ")
        .push_bind(request.now);
}

/// Pushes `?, ?, ?` bound to a list of values (for `IN (...)`).
trait PushList<'a> {
    fn push_list(&mut self, values: &'a [String]) -> &mut Self;
}

impl<'a> PushList<'a> for QueryBuilder<'a, Postgres> {
    fn push_list(&mut self, values: &'a [String]) -> &mut Self {
        let mut separated = self.separated(", ");
        for value in values {
            separated.push_bind(value.as_str());
        }
        self
    }
}

pub(super) async fn claim(
    connection: &mut PgConnection,
    request: &ClaimRequest,
) -> Result<Vec<ClaimedRun>> {
    let mut claimed = Vec::new();
    let passes: &[bool] = if request.include_expired {
        &[true, false]
    } else {
        &[false]
    };
    for &taken_over in passes {
        let remaining = request.limit as i64 - claimed.len() as i64;
        if remaining <= 0 {
            break;
        }
        let mut query = QueryBuilder::<Postgres>::new(
            "UPDATE runs SET status = 'running', lease_seq = lease_seq + 1, owner_id = ",
        );
        query
            .push_bind(&request.worker_id)
            .push(", updated_at = ")
            .push_bind(request.now)
            .push(" WHERE id IN (SELECT id FROM runs WHERE ");
        if taken_over {
            push_expired_lease_condition(&mut query, request);
            query.push(" ORDER BY updated_at");
        } else {
            push_ready_condition(&mut query, request);
            // Oldest runs first: work already under way goes before new work.
            query.push(" ORDER BY created_at");
        }
        query
            .push(" LIMIT ")
            .push_bind(remaining)
            // Concurrent workers skip each other's candidates instead of queueing on them.
            .push(" FOR UPDATE SKIP LOCKED")
            .push(format!(") RETURNING {CLAIMED_COLUMNS}"));
        let rows = query.build().fetch_all(&mut *connection).await?;
        for row in rows {
            claimed.push(ClaimedRun {
                id: row.try_get("id")?,
                workflow: row.try_get("workflow")?,
                input: row.try_get("input")?,
                wake_gen: row.try_get("wake_gen")?,
                cancel_requested: row.try_get("cancel_requested")?,
                created_at: row.try_get("created_at")?,
                queue: row.try_get("queue")?,
                lease_seq: row.try_get("lease_seq")?,
                taken_over,
                request_id: row.try_get("request_id")?,
            });
        }
    }
    Ok(claimed)
}

pub(super) async fn next_wake_at(
    connection: &mut PgConnection,
    queues: &[String],
) -> Result<Option<Millis>> {
    let mut query = QueryBuilder::<Postgres>::new(
        "SELECT MIN(wake_at) FROM runs WHERE status IN ('pending', 'waiting') AND queue IN (",
    );
    query.push_list(queues).push(")");
    let row = query.build().fetch_one(connection).await?;
    Ok(row.try_get::<Option<i64>, _>(0)?)
}

pub(super) async fn count_ready(connection: &mut PgConnection, now: Millis) -> Result<u64> {
    let row = sqlx::query(
        "SELECT COUNT(*) FROM runs WHERE status IN ('pending', 'waiting') AND wake_at <= $1",
    )
    .bind(now)
    .fetch_one(connection)
    .await?;
    Ok(row.try_get::<i64, _>(0)?.max(0) as u64)
}

pub(super) async fn owned_by(
    connection: &mut PgConnection,
    worker_id: &str,
) -> Result<Vec<OwnedRun>> {
    let rows = sqlx::query(
        "SELECT id, cancel_requested, lease_seq FROM runs WHERE owner_id = $1 AND status = 'running'",
    )
    .bind(worker_id)
    .fetch_all(connection)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(OwnedRun {
                id: row.try_get("id")?,
                cancel_requested: row.try_get("cancel_requested")?,
                lease_seq: row.try_get("lease_seq")?,
            })
        })
        .collect()
}

pub(super) async fn request_cancel(
    connection: &mut PgConnection,
    run_id: &str,
    at: Millis,
) -> Result<Run> {
    let run = get(connection, run_id)
        .await?
        .ok_or_else(|| Error::RunNotFound(run_id.to_owned()))?;
    if run.status.is_terminal() {
        return Err(Error::IllegalTransition {
            id: run.id,
            status: run.status,
            action: "cancel",
        });
    }
    if run.cancel_requested {
        return Ok(run);
    }
    sqlx::query("UPDATE runs SET cancel_requested = TRUE WHERE id = $1")
        .bind(run_id)
        .execute(&mut *connection)
        .await?;
    wake(connection, run_id, at).await?;
    let requested = NewEvent::run(EventKind::CancelRequested, at, "{}".to_owned());
    events::insert(connection, run_id, std::slice::from_ref(&requested)).await?;
    get(connection, run_id)
        .await?
        .ok_or_else(|| Error::RunNotFound(run_id.to_owned()))
}

/// Sends a failed run back to work. The failed step's failure is voided so that step runs
/// again; every step that completed stays journaled and is not run again. A failed child
/// behind the failure is redriven too.
pub(super) fn redrive<'a>(
    connection: &'a mut PgConnection,
    run_id: &'a str,
    at: Millis,
) -> BoxFuture<'a, Result<Run>> {
    Box::pin(async move {
        let run = get(connection, run_id)
            .await?
            .ok_or_else(|| Error::RunNotFound(run_id.to_owned()))?;
        if run.status != RunStatus::Failed {
            return Err(Error::IllegalTransition {
                id: run.id,
                status: run.status,
                action: "redrive",
            });
        }
        let journal = events::load(connection, run_id).await?;
        let failed_position = run
            .error
            .as_ref()
            .and_then(|error| error.get("position"))
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or_else(|| rows::last_failed_position(&journal));
        let voided: Vec<String> = failed_position.into_iter().collect();
        for position in &voided {
            if let Some(child_id) = rows::child_at(&journal, position)
                && let Some(child) = get(connection, &child_id).await?
                && child.status == RunStatus::Failed
            {
                redrive(connection, &child_id, at).await?;
            }
        }
        sqlx::query(
            "UPDATE runs SET status = 'pending', error = NULL, output = NULL, owner_id = NULL, \
             wake_at = $1, cancel_requested = FALSE, updated_at = $2 WHERE id = $3",
        )
        .bind(at)
        .bind(at)
        .bind(run_id)
        .execute(&mut *connection)
        .await?;
        let detail = json!({"voided_positions": voided}).to_string();
        let redriven = NewEvent::run(EventKind::RunRedriven, at, detail);
        events::insert(connection, run_id, std::slice::from_ref(&redriven)).await?;
        get(connection, run_id)
            .await?
            .ok_or_else(|| Error::RunNotFound(run_id.to_owned()))
    })
}
