//! SQL of the `schedules` table: cron schedules and their firings.

use sqlx::sqlite::SqliteConnection;

use super::runs;
use crate::error::{Error, Result};
use crate::model::Millis;
use crate::store::rows::ScheduleRow;
use crate::store::{Firing, NewRun, OverlapPolicy, Schedule};

const COLUMNS: &str = "id, cron, workflow, input, overlap, paused, next_fire_at, last_run_id";

pub(super) async fn put(
    connection: &mut SqliteConnection,
    schedule: &Schedule,
    at: Millis,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO schedules (id, cron, workflow, input, overlap, paused, next_fire_at, \
         created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) \
         ON CONFLICT (id) DO UPDATE SET cron = excluded.cron, workflow = excluded.workflow, \
         input = excluded.input, overlap = excluded.overlap, paused = excluded.paused, \
         next_fire_at = excluded.next_fire_at, updated_at = excluded.updated_at",
    )
    .bind(&schedule.id)
    .bind(&schedule.cron)
    .bind(&schedule.workflow)
    .bind(schedule.input.to_string())
    .bind(schedule.overlap.as_str())
    .bind(schedule.paused)
    .bind(schedule.next_fire_at.timestamp_millis())
    .bind(at)
    .bind(at)
    .execute(connection)
    .await?;
    Ok(())
}

pub(super) async fn get(connection: &mut SqliteConnection, id: &str) -> Result<Option<Schedule>> {
    let row: Option<ScheduleRow> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM schedules WHERE id = ?"))
            .bind(id)
            .fetch_optional(connection)
            .await?;
    Ok(row.map(ScheduleRow::into_schedule))
}

pub(super) async fn list(connection: &mut SqliteConnection) -> Result<Vec<Schedule>> {
    let rows: Vec<ScheduleRow> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM schedules ORDER BY id"))
            .fetch_all(connection)
            .await?;
    Ok(rows.into_iter().map(ScheduleRow::into_schedule).collect())
}

pub(super) async fn delete(connection: &mut SqliteConnection, id: &str) -> Result<()> {
    let deleted = sqlx::query("DELETE FROM schedules WHERE id = ?")
        .bind(id)
        .execute(connection)
        .await?;
    if deleted.rows_affected() == 0 {
        return Err(Error::ScheduleNotFound(id.to_owned()));
    }
    Ok(())
}

pub(super) async fn set_paused(
    connection: &mut SqliteConnection,
    id: &str,
    paused: bool,
    at: Millis,
) -> Result<()> {
    let updated = sqlx::query("UPDATE schedules SET paused = ?, updated_at = ? WHERE id = ?")
        .bind(paused)
        .bind(at)
        .bind(id)
        .execute(connection)
        .await?;
    if updated.rows_affected() == 0 {
        return Err(Error::ScheduleNotFound(id.to_owned()));
    }
    Ok(())
}

/// Fires a schedule once, if it is still due at `due_at` (compare-and-set, so exactly one
/// of several workers starts the run).
pub(super) async fn fire(
    connection: &mut SqliteConnection,
    id: &str,
    due_at: Millis,
    next_fire_at: Millis,
    run: NewRun,
) -> Result<Firing> {
    let Some(schedule) = get(connection, id).await? else {
        return Ok(Firing::NotDue);
    };
    if schedule.paused || schedule.next_fire_at.timestamp_millis() != due_at {
        return Ok(Firing::NotDue);
    }
    let previous_running = match &schedule.last_run_id {
        Some(last) => runs::get(connection, last)
            .await?
            .is_some_and(|run| !run.status.is_terminal()),
        None => false,
    };
    let firing = if schedule.overlap == OverlapPolicy::Skip && previous_running {
        Firing::Skipped
    } else {
        let created = runs::create(connection, &run).await?;
        Firing::Started(created.run.id)
    };
    let last_run_id = match &firing {
        Firing::Started(run_id) => Some(run_id.as_str()),
        _ => schedule.last_run_id.as_deref(),
    };
    sqlx::query(
        "UPDATE schedules SET next_fire_at = ?, last_run_id = ?, updated_at = ? WHERE id = ?",
    )
    .bind(next_fire_at)
    .bind(last_run_id)
    .bind(run.at)
    .bind(id)
    .execute(connection)
    .await?;
    Ok(firing)
}
