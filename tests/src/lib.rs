//! Test harness for end-to-end tests: runs the real `maximizer` binary against a
//! throwaway data directory, as users and other processes do.

pub mod documents;
pub mod moto;
pub mod postgres;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant, SystemTime};

use serde_json::Value;

/// The `maximizer` binary built next to this test (`cargo build --workspace` builds it).
///
/// Panics if it is missing or older than the sources, so a stale binary is never tested.
pub fn binary() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    // target/<profile>/deps/<test> → target/<profile>/maximizer
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target profile directory");
    let binary = profile_dir.join("maximizer");
    let built = std::fs::metadata(&binary)
        .and_then(|meta| meta.modified())
        .unwrap_or_else(|_| {
            panic!(
                "{} is missing: run `cargo build --workspace` before the tests",
                binary.display()
            )
        });
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let newest_source = ["engine", "workflows", "activities", "worker"]
        .iter()
        .filter_map(|crate_dir| newest_mtime(&workspace.join(crate_dir).join("src")))
        .max();
    if let Some(newest) = newest_source {
        assert!(
            built >= newest,
            "{} is older than the sources: run `cargo build --workspace` before the tests",
            binary.display()
        );
    }
    binary
}

fn newest_mtime(dir: &Path) -> Option<SystemTime> {
    let mut newest = None;
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        let time = if path.is_dir() {
            newest_mtime(&path)
        } else {
            entry.metadata().and_then(|meta| meta.modified()).ok()
        };
        newest = newest.max(time);
    }
    newest
}

/// The admin key every test server accepts.
pub const ADMIN_KEY: &str = "test-admin-key-0123456789";
/// A curator key.
pub const CURATOR_KEY: &str = "test-curator-key-0123456789";
/// A traveller key (user `ana`).
pub const TRAVELLER_KEY: &str = "test-traveller-key-0123456789";
const API_KEYS: &str = "test-admin-key-0123456789=admin,test-curator-key-0123456789=curator,\
                        test-traveller-key-0123456789=traveller:ana";

/// The binary with a data directory and environment, for commands and servers.
#[derive(Clone, Debug)]
pub struct Maximizer {
    data_dir: PathBuf,
    envs: Vec<(String, String)>,
}

impl Maximizer {
    /// Commands on the store in `data_dir`.
    pub fn new(data_dir: &Path) -> Self {
        Self {
            data_dir: data_dir.to_owned(),
            envs: vec![
                ("MAXIMIZER_POLL_INTERVAL_MS".into(), "20".into()),
                ("MAXIMIZER_API_KEYS".into(), API_KEYS.into()),
            ],
        }
    }

    /// The same, with one more environment variable.
    pub fn env(mut self, key: &str, value: impl AsRef<std::ffi::OsStr>) -> Self {
        let value = value.as_ref().to_string_lossy().into_owned();
        self.envs.push((key.to_owned(), value));
        self
    }

    /// A command line ready to run.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(binary());
        command
            .arg("--data-dir")
            .arg(&self.data_dir)
            .args(args)
            .env_remove("MAXIMIZER_DATA_DIR")
            .stdin(Stdio::null());
        for (key, value) in &self.envs {
            command.env(key, value);
        }
        command
    }

    /// Runs a command to completion.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run maximizer")
    }

    /// Runs a command that must succeed and returns its stdout as one JSON value.
    pub fn json(&self, args: &[&str]) -> Value {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "maximizer {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
            panic!(
                "maximizer {args:?} printed no JSON ({error}): {}",
                String::from_utf8_lossy(&output.stdout)
            )
        })
    }

    /// Runs a command that must succeed and returns each stdout line as JSON.
    pub fn json_lines(&self, args: &[&str]) -> Vec<Value> {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "maximizer {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(|line| serde_json::from_str(line).expect("a JSON line"))
            .collect()
    }

    /// Starts a long-running command (such as `work`) without waiting for it.
    pub fn spawn(&self, args: &[&str]) -> Server {
        let log = self.data_dir.join(format!("process-{}.log", unique()));
        let log_file = std::fs::File::create(&log).expect("process log");
        let child = self
            .command(args)
            .stdout(Stdio::null())
            .stderr(log_file)
            .spawn()
            .expect("spawn maximizer");
        Server {
            child,
            log,
            url: String::new(),
        }
    }

    /// Starts `maximizer serve` on a free loopback port with extra arguments, and waits
    /// until it listens.
    pub fn serve(&self, args: &[&str]) -> Server {
        let log = self.data_dir.join(format!("serve-{}.log", unique()));
        let log_file = std::fs::File::create(&log).expect("server log");
        let mut full = vec!["serve", "--listen", "127.0.0.1:0"];
        full.extend_from_slice(args);
        let mut child = self
            .command(&full)
            .stdout(Stdio::piped())
            .stderr(log_file)
            .spawn()
            .expect("spawn maximizer serve");
        let stdout = child.stdout.take().expect("server stdout");
        let mut lines = BufReader::new(stdout).lines();
        let url = lines
            .by_ref()
            .map_while(Result::ok)
            .find_map(|line| {
                let value: Value = serde_json::from_str(&line).ok()?;
                value["listening"].as_str().map(str::to_owned)
            })
            .unwrap_or_else(|| {
                let log = std::fs::read_to_string(&log).unwrap_or_default();
                panic!("maximizer serve did not start listening: {log}")
            });
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Server { child, log, url }
    }
}

fn unique() -> u128 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_nanos())
        .unwrap_or_default()
}

/// A running `maximizer serve` process; killed when dropped.
pub struct Server {
    child: Child,
    log: PathBuf,
    url: String,
}

impl Server {
    /// The base URL of its HTTP API, e.g. `http://127.0.0.1:41234`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Kills the process with SIGKILL: no cleanup, no drain.
    pub fn kill_9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Sends SIGTERM and waits for the process to exit.
    pub fn terminate(&mut self, timeout: Duration) -> ExitStatus {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(sent.success(), "kill -TERM failed");
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait for server") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "server did not exit after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// What the server logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `condition` every 20 ms until it holds; panics with `what` after `timeout`.
pub fn wait_until(timeout: Duration, what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = Instant::now() + timeout;
    while !condition() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The lines of the kitchen-sink effects file: `run_id step attempt idempotency_key`.
pub fn effects(path: &Path) -> Vec<Vec<String>> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|line| line.split(' ').map(str::to_owned).collect())
        .collect()
}
