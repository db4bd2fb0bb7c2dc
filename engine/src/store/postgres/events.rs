//! PostgreSQL: SQL of the `events` table: the append-only history every run is replayed from.

use sqlx::postgres::PgConnection;
use std::collections::HashSet;

use sqlx::{Postgres, QueryBuilder, Row};

use crate::error::Result;
use crate::model::{NewEvent, StoredEvent};
use crate::store::Commit;
use crate::store::rows::EventRow;

/// Appends events to a run's history, in order, with one statement.
pub(super) async fn insert(
    connection: &mut PgConnection,
    run_id: &str,
    events: &[NewEvent],
) -> Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let mut query = QueryBuilder::<Postgres>::new(
        "INSERT INTO events (run_id, kind, position, step, attempt, at, detail) ",
    );
    push_rows(&mut query, run_id, events);
    query.build().execute(connection).await?;
    Ok(())
}

/// Appends the events of many commits in one statement, each commit's only if its owner
/// still holds the run. Returns the runs whose events were appended; a commit whose run is
/// missing from it lost its lease.
pub(super) async fn insert_fenced_batch(
    connection: &mut PgConnection,
    commits: &[&Commit],
) -> Result<HashSet<String>> {
    // Columns as arrays: one statement text for every batch size, so it is prepared once.
    let mut columns = BatchColumns::default();
    for commit in commits {
        for event in &commit.events {
            columns.run_id.push(commit.run_id.as_str());
            columns.kind.push(event.kind.as_str());
            columns.position.push(event.position.as_deref());
            columns.step.push(event.step.as_deref());
            columns.attempt.push(event.attempt.map(i64::from));
            columns.at.push(event.at);
            columns.detail.push(event.detail.as_str());
            columns.owner.push(commit.owner.as_str());
            columns.lease_seq.push(commit.lease_seq);
        }
    }
    let rows = sqlx::query(
        "INSERT INTO events (run_id, kind, position, step, attempt, at, detail) \
         SELECT v.run_id, v.kind, v.position, v.step, v.attempt, v.at, v.detail \
         FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::int8[], $6::int8[], \
                     $7::text[], $8::text[], $9::int8[]) \
              WITH ORDINALITY AS v (run_id, kind, position, step, attempt, at, detail, \
                                    owner_id, lease_seq, ord) \
         JOIN runs r ON r.id = v.run_id AND r.owner_id = v.owner_id \
              AND r.lease_seq = v.lease_seq AND r.status = 'running' \
         ORDER BY v.ord RETURNING run_id",
    )
    .bind(&columns.run_id)
    .bind(&columns.kind)
    .bind(&columns.position)
    .bind(&columns.step)
    .bind(&columns.attempt)
    .bind(&columns.at)
    .bind(&columns.detail)
    .bind(&columns.owner)
    .bind(&columns.lease_seq)
    .fetch_all(connection)
    .await?;
    rows.iter()
        .map(|row| row.try_get::<String, _>("run_id").map_err(Into::into))
        .collect()
}

#[derive(Default)]
struct BatchColumns<'a> {
    run_id: Vec<&'a str>,
    kind: Vec<&'a str>,
    position: Vec<Option<&'a str>>,
    step: Vec<Option<&'a str>>,
    attempt: Vec<Option<i64>>,
    at: Vec<i64>,
    detail: Vec<&'a str>,
    owner: Vec<&'a str>,
    lease_seq: Vec<i64>,
}

/// `VALUES (…), (…)` of events, in the column order of the inserts above.
fn push_rows<'a>(query: &mut QueryBuilder<'a, Postgres>, run_id: &'a str, events: &'a [NewEvent]) {
    query.push_values(events, |mut row, event| {
        row.push_bind(run_id)
            .push_bind(event.kind.as_str())
            .push_bind(event.position.as_deref())
            .push_bind(event.step.as_deref())
            .push_bind(event.attempt.map(i64::from))
            .push_bind(event.at)
            .push_bind(event.detail.as_str());
    });
}

/// A run's events, oldest first.
pub(super) async fn load(connection: &mut PgConnection, run_id: &str) -> Result<Vec<StoredEvent>> {
    let rows: Vec<EventRow> = sqlx::query_as(
        "SELECT kind, position, step, attempt, at, detail FROM events WHERE run_id = $1 ORDER BY id",
    )
    .bind(run_id)
    .fetch_all(connection)
    .await?;
    Ok(rows.into_iter().filter_map(EventRow::into_stored).collect())
}
