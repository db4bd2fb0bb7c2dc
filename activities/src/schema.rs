//! The product's tables in the engine's database (documents, graph, passage index), with
//! migrations of their own numbered from 1000 so they never collide with the engine's.

use engine::Database;

/// Creates or updates the product's tables.
pub async fn migrate(database: &Database) -> Result<(), sqlx::migrate::MigrateError> {
    match database {
        Database::Sqlite(pool) => {
            let mut migrator = sqlx::migrate!("./migrations/sqlite");
            migrator.set_ignore_missing(true);
            migrator.run(pool).await
        }
        Database::Postgres(pool) => {
            let mut migrator = sqlx::migrate!("./migrations/postgres");
            migrator.set_ignore_missing(true);
            migrator.run(pool).await
        }
    }
}
