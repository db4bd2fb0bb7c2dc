//! PostgreSQL: SQL of the `signals` table: messages sent to runs, kept until consumed.

use serde_json::json;
use sqlx::Row;
use sqlx::postgres::PgConnection;

use super::{events, runs};
use crate::error::{Error, Result};
use crate::model::{EventKind, Millis, NewEvent};

/// Stores a signal, records its arrival in the run's history, and wakes the run.
pub(super) async fn send(
    connection: &mut PgConnection,
    run_id: &str,
    name: &str,
    payload: &str,
    at: Millis,
) -> Result<()> {
    let run = runs::get(connection, run_id)
        .await?
        .ok_or_else(|| Error::RunNotFound(run_id.to_owned()))?;
    if run.status.is_terminal() {
        return Err(Error::IllegalTransition {
            id: run.id,
            status: run.status,
            action: "signal",
        });
    }
    sqlx::query("INSERT INTO signals (run_id, name, payload, sent_at) VALUES ($1, $2, $3, $4)")
        .bind(run_id)
        .bind(name)
        .bind(payload)
        .bind(at)
        .execute(&mut *connection)
        .await?;
    let payload_value: serde_json::Value =
        serde_json::from_str(payload).unwrap_or(serde_json::Value::Null);
    let mut received = NewEvent::run(
        EventKind::SignalReceived,
        at,
        json!({"name": name, "payload": payload_value}).to_string(),
    );
    received.step = Some(name.to_owned());
    events::insert(connection, run_id, std::slice::from_ref(&received)).await?;
    runs::wake(connection, run_id, at).await
}

/// The oldest unconsumed signal of a name for a run.
pub(super) async fn peek(
    connection: &mut PgConnection,
    run_id: &str,
    name: &str,
) -> Result<Option<(i64, String)>> {
    let row = sqlx::query(
        "SELECT id, payload FROM signals WHERE run_id = $1 AND name = $2 AND consumed_at IS NULL \
         ORDER BY id LIMIT 1",
    )
    .bind(run_id)
    .bind(name)
    .fetch_optional(connection)
    .await?;
    row.map(|row| Ok((row.try_get("id")?, row.try_get("payload")?)))
        .transpose()
}

/// Marks a signal delivered to the workflow.
pub(super) async fn consume(
    connection: &mut PgConnection,
    signal_id: i64,
    at: Millis,
) -> Result<()> {
    sqlx::query("UPDATE signals SET consumed_at = $1 WHERE id = $2 AND consumed_at IS NULL")
        .bind(at)
        .bind(signal_id)
        .execute(connection)
        .await?;
    Ok(())
}
