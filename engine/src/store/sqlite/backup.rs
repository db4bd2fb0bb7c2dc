//! Backup and restore of the embedded store. A backup is one SQLite file written by
//! `VACUUM INTO` inside one read transaction: a consistent snapshot taken while the store
//! stays in use (WAL readers do not block the writer). A restore replaces the database of a
//! stopped store with a checked backup, keeping the replaced file beside it.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, Row};

use super::SqliteStore;
use crate::error::{Error, Result};
use crate::model::now_millis;

/// What a restore did.
#[derive(Clone, Debug)]
pub struct Restored {
    /// Runs in the restored database.
    pub runs: i64,
    /// Where the database it replaced was kept, if there was one.
    pub replaced: Option<PathBuf>,
}

impl SqliteStore {
    /// Writes a consistent copy of the whole database (runs, history, product tables) to
    /// `to`, which must not exist; returns its size in bytes.
    pub async fn backup_to(&self, to: &Path) -> Result<u64> {
        if to.exists() {
            return Err(Error::Invalid(format!(
                "'{}' exists: a backup never overwrites a file",
                to.display()
            )));
        }
        // Written under a temporary name and renamed, so a crash never leaves a partial
        // file under the backup's name.
        let partial = with_suffix(to, ".partial");
        let _ = std::fs::remove_file(&partial);
        sqlx::query("VACUUM INTO ?")
            .bind(partial.display().to_string())
            .execute(&self.pool)
            .await?;
        let file = std::fs::File::open(&partial).map_err(io(&partial))?;
        file.sync_all().map_err(io(&partial))?;
        std::fs::rename(&partial, to).map_err(io(to))?;
        Ok(file.metadata().map_err(io(to))?.len())
    }

    /// Replaces the database in `data_dir` with the backup `from`, after checking that it
    /// is an intact store and that no worker of the current one is alive (heartbeat newer
    /// than `lease_timeout_ms`). The replaced database is kept as
    /// `maximizer.db.replaced-<millis>`.
    pub async fn restore(data_dir: &Path, from: &Path, lease_timeout_ms: i64) -> Result<Restored> {
        let runs = check_backup(from).await?;
        let database = data_dir.join("maximizer.db");
        std::fs::create_dir_all(data_dir).map_err(io(data_dir))?;
        let lock_path = data_dir.join("maximizer.migrate.lock");
        let _lock = std::fs::File::create(&lock_path)
            .and_then(|file| file.lock().map(|()| file))
            .map_err(io(&lock_path))?;
        let replaced = if database.exists() {
            refuse_if_alive(&database, lease_timeout_ms).await?;
            let kept = with_suffix(&database, &format!(".replaced-{}", now_millis()));
            std::fs::rename(&database, &kept).map_err(io(&database))?;
            for suffix in ["-wal", "-shm"] {
                let side = with_suffix(&database, suffix);
                if side.exists() {
                    std::fs::rename(&side, with_suffix(&kept, suffix)).map_err(io(&side))?;
                }
            }
            Some(kept)
        } else {
            None
        };
        let partial = with_suffix(&database, ".partial");
        std::fs::copy(from, &partial).map_err(io(from))?;
        std::fs::File::open(&partial)
            .and_then(|file| file.sync_all())
            .map_err(io(&partial))?;
        std::fs::rename(&partial, &database).map_err(io(&database))?;
        Ok(Restored { runs, replaced })
    }
}

/// Opens `path` read-only and checks it is an intact store; returns its number of runs.
async fn check_backup(path: &Path) -> Result<i64> {
    if !path.is_file() {
        return Err(Error::Invalid(format!(
            "backup '{}' does not exist",
            path.display()
        )));
    }
    let not_a_store = |detail: String| {
        Error::Invalid(format!(
            "'{}' is not a backup of this store: {detail}",
            path.display()
        ))
    };
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
        .read_only(true)
        .disable_statement_logging();
    let mut connection = options
        .connect()
        .await
        .map_err(|error| not_a_store(error.to_string()))?;
    let check: String = sqlx::query_scalar("PRAGMA quick_check")
        .fetch_one(&mut connection)
        .await
        .map_err(|error| not_a_store(error.to_string()))?;
    if check != "ok" {
        return Err(not_a_store(format!("integrity check says {check}")));
    }
    let runs = sqlx::query("SELECT COUNT(*) AS n FROM runs")
        .fetch_one(&mut connection)
        .await
        .map_err(|error| not_a_store(error.to_string()))?
        .get::<i64, _>("n");
    connection.close().await?;
    Ok(runs)
}

/// A store whose workers still beat must not have its file swapped underneath them.
async fn refuse_if_alive(database: &Path, lease_timeout_ms: i64) -> Result<()> {
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", database.display()))?
        .read_only(true)
        .disable_statement_logging();
    let mut connection = options.connect().await?;
    let newest: Option<i64> = sqlx::query_scalar("SELECT MAX(heartbeat_at) FROM workers")
        .fetch_one(&mut connection)
        .await
        .unwrap_or(None);
    connection.close().await?;
    if let Some(newest) = newest {
        let age = now_millis() - newest;
        if age < lease_timeout_ms {
            return Err(Error::Invalid(format!(
                "a worker of this store beat {:.1} s ago: stop `maximizer serve` and `maximizer work` before restoring",
                age as f64 / 1000.0
            )));
        }
    }
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |error| Error::Invalid(format!("{}: {error}", path.display()))
}
