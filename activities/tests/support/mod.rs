//! Helpers shared by the activities' database tests.
#![allow(dead_code)]

pub mod bedrock;
pub mod llm;
pub mod moto;
pub mod neptune;
pub mod openai;
pub mod sns;
pub mod textract;

use std::sync::OnceLock;

use engine::Store;

use integration_tests::postgres::TestPostgres;

/// A fresh SQLite database of the engine (migrated by the engine first, as in the product),
/// with the directory that holds it.
pub async fn sqlite() -> (engine::Database, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = engine::SqliteStore::open(dir.path())
        .await
        .expect("open the SQLite store");
    (store.database(), dir)
}

/// A fresh PostgreSQL database of the engine on this process's throwaway server, or
/// `None` (with a message) when PostgreSQL is not installed.
pub async fn postgres(name: &str) -> Option<engine::Database> {
    static SERVER: OnceLock<Option<TestPostgres>> = OnceLock::new();
    let server = SERVER.get_or_init(TestPostgres::try_start).as_ref();
    let Some(server) = server else {
        println!("skipped: PostgreSQL binaries not found (set PG_BIN)");
        return None;
    };
    let url = server.create_database(name);
    let store = engine::PostgresStore::open_with_pool_size(&url, 4)
        .await
        .expect("open the PostgreSQL store");
    Some(store.database())
}

/// Serves `app` on a free loopback port; returns its base URL (`http://127.0.0.1:PORT`).
pub async fn serve(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let address = listener.local_addr().expect("its address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{address}")
}

/// Runs each named `async fn(engine::Database)` on a fresh SQLite database and on a fresh
/// PostgreSQL database named `<prefix><test>` (skipped without PostgreSQL).
#[allow(unused_macros)] // Used by the test binaries that test both backends this way.
macro_rules! on_both_backends {
    ($prefix:literal; $($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let (database, _dir) = crate::support::sqlite().await;
                    super::$name(database).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let Some(database) =
                        crate::support::postgres(concat!($prefix, stringify!($name))).await
                    else {
                        return;
                    };
                    super::$name(database).await;
                }
            )*
        }
    };
}
