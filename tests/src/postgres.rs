//! A throwaway PostgreSQL cluster for tests: `initdb` in a temp dir, `pg_ctl` on a free
//! loopback port, trust authentication. A watchdog stops the server when the test process
//! ends, however it ends, so no server outlives its tests.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A running PostgreSQL server of this test process.
pub struct TestPostgres {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
    run_as: Option<String>,
}

impl TestPostgres {
    /// Creates and starts a cluster. PostgreSQL refuses to run as root, so as root the
    /// server runs as the `postgres` user (or `PG_RUN_USER`).
    pub fn start() -> Self {
        Self::try_start()
            .expect("PostgreSQL binaries not found: install PostgreSQL 15 or set PG_BIN")
    }

    /// Like [`TestPostgres::start`], or `None` when no PostgreSQL binaries are installed.
    pub fn try_start() -> Option<Self> {
        Self::start_cluster(false)
    }

    /// A cluster that accepts TCP connections over TLS only (a self-signed certificate
    /// made with `openssl`), as managed databases that force TLS do; `None` when no
    /// PostgreSQL binaries are installed.
    pub fn try_start_tls_only() -> Option<Self> {
        Self::start_cluster(true)
    }

    fn start_cluster(tls_only: bool) -> Option<Self> {
        let bin = pg_bin_dir()?;
        let dir = tempfile::tempdir().expect("temp dir for PostgreSQL");
        let run_as =
            is_root().then(|| std::env::var("PG_RUN_USER").unwrap_or_else(|_| "postgres".into()));
        if let Some(user) = &run_as {
            let status = Command::new("chown")
                .args(["-R", user])
                .arg(dir.path())
                .status()
                .expect("chown the PostgreSQL directory");
            assert!(
                status.success(),
                "cannot chown {} to {user}",
                dir.path().display()
            );
        }
        let port = free_port();
        let server = Self {
            dir,
            bin,
            port,
            run_as,
        };
        let data = server.data_dir();
        server.run_pg(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        );
        if tls_only {
            server.require_tls();
        }
        server.pg_ctl(&["start", "-w", "-t", "60"]);
        server.spawn_watchdog();
        Some(server)
    }

    /// The URL of a database of this server.
    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    /// Creates a database and returns its URL.
    pub fn create_database(&self, name: &str) -> String {
        let status = Command::new(self.bin.join("createdb"))
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                "postgres",
                name,
            ])
            .stdout(Stdio::null())
            .status()
            .expect("run createdb");
        assert!(status.success(), "createdb {name} failed");
        self.url(name)
    }

    /// Runs SQL with psql and returns its unaligned output rows.
    pub fn query(&self, database: &str, sql: &str) -> Vec<String> {
        query(&self.url(database), sql)
    }

    /// Restarts the server (fast shutdown: open connections are dropped).
    pub fn restart(&self) {
        self.pg_ctl(&["restart", "-m", "fast", "-w", "-t", "60"]);
    }

    /// A self-signed certificate, `ssl = on`, and `hostssl` as the only TCP entry.
    fn require_tls(&self) {
        let data = self.dir.path().join("data");
        let status = Command::new("openssl")
            .args([
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=127.0.0.1",
                "-keyout",
            ])
            .arg(data.join("server.key"))
            .arg("-out")
            .arg(data.join("server.crt"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("run openssl");
        assert!(status.success(), "openssl made no certificate");
        if let Some(user) = &self.run_as {
            for file in ["server.key", "server.crt"] {
                let _ = Command::new("chown")
                    .arg(user)
                    .arg(data.join(file))
                    .status();
            }
        }
        let _ = Command::new("chmod")
            .arg("600")
            .arg(data.join("server.key"))
            .status();
        let append = |file: &str, text: &str| {
            use std::io::Write as _;
            std::fs::OpenOptions::new()
                .append(true)
                .open(data.join(file))
                .and_then(|mut conf| conf.write_all(text.as_bytes()))
                .expect("configure PostgreSQL");
        };
        append("postgresql.conf", "\nssl = on\n");
        std::fs::write(
            data.join("pg_hba.conf"),
            "local all all trust\nhostssl all all 127.0.0.1/32 trust\n",
        )
        .expect("write pg_hba.conf");
    }

    fn data_dir(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    fn pg_ctl(&self, args: &[&str]) {
        let options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -c unix_socket_directories={} -c max_connections=300",
            self.port,
            self.dir.path().display()
        );
        let log = self.dir.path().join("server.log").display().to_string();
        let data = self.data_dir();
        let mut full = vec![
            "-D",
            data.as_str(),
            "-l",
            log.as_str(),
            "-o",
            options.as_str(),
        ];
        full.extend_from_slice(args);
        self.run_pg("pg_ctl", &full);
    }

    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        match &self.run_as {
            Some(user) => {
                let mut command = Command::new("runuser");
                command.args(["-u", user, "--"]).arg(path);
                command
            }
            None => Command::new(path),
        }
    }

    fn run_pg(&self, program: &str, args: &[&str]) {
        let output = self
            .command(program)
            .args(args)
            .current_dir(self.dir.path())
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|error| panic!("cannot run {program}: {error}"));
        assert!(
            output.status.success(),
            "{program} {args:?} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// Stops the server once this process is gone (a test binary may exit without
    /// running destructors of statics, or be killed).
    fn spawn_watchdog(&self) {
        let pg_ctl = self.bin.join("pg_ctl").display().to_string();
        let stop = match &self.run_as {
            Some(user) => format!(
                "runuser -u {user} -- {pg_ctl} -D {} stop -m immediate",
                self.data_dir()
            ),
            None => format!("{pg_ctl} -D {} stop -m immediate", self.data_dir()),
        };
        let script = format!(
            "while kill -0 {} 2>/dev/null; do sleep 0.5; done; {stop} >/dev/null 2>&1",
            std::process::id()
        );
        let _ = Command::new("sh")
            .args(["-c", &script])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
    }
}

impl Drop for TestPostgres {
    fn drop(&mut self) {
        let data = self.data_dir();
        let _ = self
            .command("pg_ctl")
            .args(["-D", &data, "stop", "-m", "immediate"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// Runs SQL with psql on the database at `url` (any server, such as one started by
/// `deploy/local-cluster.sh`) and returns its unaligned output rows.
pub fn query(url: &str, sql: &str) -> Vec<String> {
    let psql = pg_bin_dir()
        .map(|bin| bin.join("psql"))
        .unwrap_or_else(|| PathBuf::from("psql"));
    let output = Command::new(psql)
        .args(["-At", "-d", url, "-c", sql])
        .output()
        .expect("run psql");
    assert!(
        output.status.success(),
        "psql failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

fn pg_bin_dir() -> Option<PathBuf> {
    if let Ok(dir) = std::env::var("PG_BIN") {
        return Some(PathBuf::from(dir));
    }
    let debian = Path::new("/usr/lib/postgresql/15/bin");
    if debian.join("initdb").exists() {
        return Some(debian.to_owned());
    }
    Command::new("pg_config")
        .arg("--bindir")
        .output()
        .ok()
        .map(|output| PathBuf::from(String::from_utf8_lossy(&output.stdout).trim()))
        .filter(|dir| dir.join("initdb").exists())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).trim() == "0")
        .unwrap_or(false)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free loopback port")
}
