//! PostgreSQL: SQL of the `workers` table: live processes and their heartbeats (the leases).

use sqlx::postgres::PgConnection;

use crate::error::Result;
use crate::store::WorkerRecord;
use crate::store::rows::WorkerRow;

pub(super) async fn heartbeat(connection: &mut PgConnection, worker: &WorkerRecord) -> Result<()> {
    sqlx::query(
        "INSERT INTO workers (id, hostname, pid, queues, started_at, heartbeat_at) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at",
    )
    .bind(&worker.id)
    .bind(&worker.hostname)
    .bind(i64::from(worker.pid))
    .bind(&worker.queues)
    .bind(worker.started_at)
    .bind(worker.heartbeat_at)
    .execute(connection)
    .await?;
    Ok(())
}

pub(super) async fn list(connection: &mut PgConnection) -> Result<Vec<WorkerRecord>> {
    let rows: Vec<WorkerRow> = sqlx::query_as(
        "SELECT id, hostname, pid, queues, started_at, heartbeat_at FROM workers ORDER BY started_at",
    )
    .fetch_all(connection)
    .await?;
    Ok(rows.into_iter().map(WorkerRow::into_record).collect())
}

pub(super) async fn remove(connection: &mut PgConnection, worker_id: &str) -> Result<()> {
    sqlx::query("DELETE FROM workers WHERE id = $1")
        .bind(worker_id)
        .execute(connection)
        .await?;
    Ok(())
}
