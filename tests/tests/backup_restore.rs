//! Backup and restore of the embedded store through the real binary: a backup taken while
//! the server runs holds every run as it was, in-flight runs included; restored into a new
//! data directory they carry on to completion. A restore under a live server is refused.

use std::time::Duration;

use integration_tests::Maximizer;
use serde_json::Value;

fn start(maximizer: &Maximizer, id: &str, input: &str) {
    let run = maximizer.json(&[
        "runs",
        "start",
        "kitchen-sink",
        "--id",
        id,
        "--input",
        input,
    ]);
    assert_eq!(run["id"], id, "{run}");
}

fn wait(maximizer: &Maximizer, id: &str) -> Value {
    maximizer.json(&["runs", "get", id, "--wait", "60"])
}

#[test]
fn an_online_backup_restores_every_run_and_in_flight_runs_finish() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("live");
    std::fs::create_dir(&live).unwrap();
    let maximizer = Maximizer::new(&live);
    let mut server = maximizer.serve(&[]);

    start(&maximizer, "done-before", r#"{"steps": 3}"#);
    assert_eq!(wait(&maximizer, "done-before")["status"], "completed");
    for n in 0..10 {
        start(
            &maximizer,
            &format!("waiting-{n}"),
            r#"{"steps": 3, "wait_signal": "go"}"#,
        );
    }
    integration_tests::wait_until(Duration::from_secs(30), "runs wait for go", || {
        (0..10).all(|n| {
            maximizer.json(&["runs", "get", &format!("waiting-{n}")])["status"] == "waiting"
        })
    });

    // Online: the server keeps running while another process takes the backup.
    let backup = dir.path().join("store.backup");
    let taken = maximizer.json(&["backup", "--to", &backup.display().to_string()]);
    assert!(taken["bytes"].as_u64().unwrap() > 0, "{taken}");
    println!("backup: {taken}");
    let again = maximizer.run(&["backup", "--to", &backup.display().to_string()]);
    assert!(!again.status.success(), "a backup never overwrites a file");
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists"));

    // Restoring over a store whose server is alive is refused, and changes nothing.
    let refused = maximizer.run(&["restore", "--from", &backup.display().to_string()]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("stop"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    server.terminate(Duration::from_secs(30));

    // A new machine: restore, serve, and the waiting runs go on from where they were.
    let fresh = dir.path().join("fresh");
    let restored_maximizer = Maximizer::new(&fresh);
    let restored = restored_maximizer.json(&["restore", "--from", &backup.display().to_string()]);
    assert_eq!(restored["runs"], 11, "{restored}");
    println!("restore: {restored}");
    let _server = restored_maximizer.serve(&[]);
    let before = restored_maximizer.json(&["runs", "get", "done-before"]);
    assert_eq!(before["status"], "completed", "{before}");
    for n in 0..10 {
        let id = format!("waiting-{n}");
        restored_maximizer.json(&["runs", "signal", &id, "go", "--data", "1"]);
        let run = wait(&restored_maximizer, &id);
        assert_eq!(run["status"], "completed", "{run}");
        assert_eq!(run["output"]["steps_completed"], 3, "{run}");
    }

    // A file that is not a store is refused with a clear message.
    let junk = dir.path().join("junk.backup");
    std::fs::write(&junk, b"not a database").unwrap();
    let other = Maximizer::new(&dir.path().join("other"));
    let output = other.run(&["restore", "--from", &junk.display().to_string()]);
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("not a backup"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
