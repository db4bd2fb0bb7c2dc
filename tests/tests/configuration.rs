//! Configuration through the real binary: a file of settings under the environment,
//! `maximizer config` with every secret redacted, bad settings that fail at start naming
//! the setting, and no key ever written to a log.

use integration_tests::{ADMIN_KEY, CURATOR_KEY, Maximizer, TRAVELLER_KEY};

#[test]
fn a_config_file_sits_under_the_environment_and_secrets_are_redacted() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("maximizer.env");
    std::fs::write(
        &file,
        "# production settings\nMAXIMIZER_LEASE_TIMEOUT=20\nMAXIMIZER_RATE_LIMIT=7\n\
         DATABASE_URL=\"postgres://app:hunter2-secret@db:5432/maximizer\"\n\
         AWS_SECRET_ACCESS_KEY=sk-not-for-logs-1234\n",
    )
    .unwrap();
    let maximizer = Maximizer::new(dir.path()).env("MAXIMIZER_RATE_LIMIT", "9");
    let output = maximizer.run(&["--config", &file.display().to_string(), "config"]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for secret in ["hunter2-secret", "sk-not-for-logs", ADMIN_KEY, CURATOR_KEY] {
        assert!(!text.contains(secret), "config printed a secret: {text}");
    }
    let config: serde_json::Value = serde_json::from_str(&text).unwrap();
    let setting = |name: &str| config["settings"][name].clone();
    assert_eq!(setting("MAXIMIZER_LEASE_TIMEOUT")["value"], "20");
    assert_eq!(setting("MAXIMIZER_LEASE_TIMEOUT")["source"], "file");
    // The environment wins over the file.
    assert_eq!(setting("MAXIMIZER_RATE_LIMIT")["value"], "9");
    assert_eq!(setting("MAXIMIZER_RATE_LIMIT")["source"], "env");
    assert_eq!(
        setting("DATABASE_URL")["value"],
        "postgres://app:<redacted>@db:5432/maximizer"
    );
    assert_eq!(setting("MAXIMIZER_API_KEYS")["value"], "<redacted>");
    assert_eq!(setting("AWS_SECRET_ACCESS_KEY")["value"], "<redacted>");
    assert_eq!(setting("MAXIMIZER_LISTEN")["source"], "default");
    assert_eq!(setting("MAXIMIZER_LISTEN")["value"], "127.0.0.1:8080");

    // A misspelt name or a bad value fails at start, naming the setting.
    std::fs::write(&file, "MAXIMIZER_LEASE_TIMOUT=20\n").unwrap();
    let output = maximizer.run(&["--config", &file.display().to_string(), "migrate"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("MAXIMIZER_LEASE_TIMOUT"));
    let output = maximizer
        .clone()
        .env("MAXIMIZER_LEASE_TIMEOUT", "soon")
        .run(&["migrate"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--lease-timeout"));
}

#[test]
fn api_keys_never_reach_the_log() {
    for format in ["text", "json"] {
        let dir = tempfile::tempdir().unwrap();
        let maximizer = Maximizer::new(dir.path())
            .env("MAXIMIZER_LOG", "debug")
            .env("MAXIMIZER_LOG_FORMAT", format);
        let server = maximizer.serve(&[]);
        for key in [ADMIN_KEY, CURATOR_KEY, TRAVELLER_KEY, WRONG_KEY] {
            let _ = ureq::get(&format!("{}/v1/runs", server.url()))
                .set("Authorization", &format!("Bearer {key}"))
                .call();
        }
        let _ = ureq::post(&format!("{}/v1/runs", server.url()))
            .set("Authorization", &format!("Bearer {ADMIN_KEY}"))
            .send_json(serde_json::json!({"workflow": "kitchen-sink", "input": {"steps": 2}}));
        let _ = maximizer.run(&["runs", "list"]);
        let log = server.log();
        assert!(log.contains("maximizer serving"), "{log}");
        for key in [ADMIN_KEY, CURATOR_KEY, TRAVELLER_KEY, WRONG_KEY] {
            assert!(!log.contains(key), "a key is in the {format} log");
        }
    }
}

const WRONG_KEY: &str = "wrong-key-but-still-a-secret";
