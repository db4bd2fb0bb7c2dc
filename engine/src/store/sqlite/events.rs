//! SQL of the `events` table: the append-only history every run is replayed from.

use sqlx::sqlite::SqliteConnection;
use sqlx::{QueryBuilder, Sqlite};

use crate::error::Result;
use crate::model::{NewEvent, StoredEvent};
use crate::store::Commit;
use crate::store::rows::EventRow;

/// Appends events to a run's history, in order, with one statement.
pub(super) async fn insert(
    connection: &mut SqliteConnection,
    run_id: &str,
    events: &[NewEvent],
) -> Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let mut query = QueryBuilder::<Sqlite>::new(
        "INSERT INTO events (run_id, kind, position, step, attempt, at, detail) ",
    );
    push_rows(&mut query, run_id, events);
    query.build().execute(connection).await?;
    Ok(())
}

/// Appends a commit's events only if its owner still holds the run, in one statement.
/// Returns the number of events appended: 0 means the fence failed.
pub(super) async fn insert_fenced(
    connection: &mut SqliteConnection,
    commit: &Commit,
) -> Result<u64> {
    let mut query = QueryBuilder::<Sqlite>::new(
        "INSERT INTO events (run_id, kind, position, step, attempt, at, detail) SELECT * FROM (",
    );
    push_rows(&mut query, &commit.run_id, &commit.events);
    query
        .push(") WHERE EXISTS (SELECT 1 FROM runs WHERE id = ")
        .push_bind(commit.run_id.as_str())
        .push(" AND owner_id = ")
        .push_bind(commit.owner.as_str())
        .push(" AND lease_seq = ")
        .push_bind(commit.lease_seq)
        .push(" AND status = 'running')");
    let done = query.build().execute(connection).await?;
    Ok(done.rows_affected())
}

/// `VALUES (…), (…)` of events, in the column order of the inserts above.
fn push_rows<'a>(query: &mut QueryBuilder<'a, Sqlite>, run_id: &'a str, events: &'a [NewEvent]) {
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
pub(super) async fn load(
    connection: &mut SqliteConnection,
    run_id: &str,
) -> Result<Vec<StoredEvent>> {
    let rows: Vec<EventRow> = sqlx::query_as(
        "SELECT kind, position, step, attempt, at, detail FROM events WHERE run_id = ? ORDER BY id",
    )
    .bind(run_id)
    .fetch_all(connection)
    .await?;
    Ok(rows.into_iter().filter_map(EventRow::into_stored).collect())
}
