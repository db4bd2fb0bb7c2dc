//! PostgreSQL over TLS, as managed databases that force it (Aurora with `rds.force_ssl`):
//! the binary connects with `sslmode=require`, and a plaintext connection is refused.

use integration_tests::Maximizer;
use integration_tests::postgres::TestPostgres;

#[test]
fn the_store_connects_to_a_tls_only_postgres() {
    let Some(server) = TestPostgres::try_start_tls_only() else {
        println!("skipped: PostgreSQL binaries not found (set PG_BIN)");
        return;
    };
    let url = server.create_database("tls_store");
    let dir = tempfile::tempdir().unwrap();

    let plain = Maximizer::new(dir.path())
        .env("DATABASE_URL", format!("{url}?sslmode=disable"))
        .run(&["migrate"]);
    assert!(!plain.status.success(), "a plaintext connection is refused");

    let tls = Maximizer::new(dir.path()).env("DATABASE_URL", format!("{url}?sslmode=require"));
    let migrated = tls.json(&["migrate"]);
    assert_eq!(migrated["store"], "postgres", "{migrated}");
    let run = tls.json(&[
        "runs",
        "start",
        "kitchen-sink",
        "--id",
        "over-tls",
        "--input",
        r#"{"steps": 1}"#,
    ]);
    assert_eq!(run["id"], "over-tls");
    // The server accepts TCP over TLS only (hostssl), so the run went over TLS.
    assert_eq!(
        server.query("tls_store", "SELECT id FROM runs"),
        vec!["over-tls".to_owned()]
    );
}
