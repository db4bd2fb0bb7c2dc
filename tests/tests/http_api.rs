//! The HTTP API over real HTTP against `maximizer serve`, on both stores: every endpoint, every error
//! case, authentication and roles, idempotent start, pagination, bulk redrive.

use std::sync::LazyLock;
use std::time::Duration;

use integration_tests::postgres::TestPostgres;
use integration_tests::{ADMIN_KEY, CURATOR_KEY, Maximizer, Server, TRAVELLER_KEY};
use serde_json::{Value, json};

struct Api {
    server: Server,
    agent: ureq::Agent,
}

/// A status and a JSON body (or the body's text as a JSON string).
type Answer = (u16, Value);

impl Api {
    fn start(maximizer: &Maximizer, args: &[&str]) -> Self {
        let server = maximizer.serve(args);
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(70))
            .build();
        Self { server, agent }
    }

    fn call(&self, method: &str, path: &str, key: Option<&str>, body: Option<&str>) -> Answer {
        let mut request = self
            .agent
            .request(method, &format!("{}{path}", self.server.url()));
        if let Some(key) = key {
            request = request.set("Authorization", &format!("Bearer {key}"));
        }
        let result = match body {
            Some(body) => request
                .set("Content-Type", "application/json")
                .send_string(body),
            None => request.call(),
        };
        let response = match result {
            Ok(response) => response,
            Err(ureq::Error::Status(_, response)) => response,
            Err(error) => panic!("{method} {path}: {error}"),
        };
        let status = response.status();
        let text = response.into_string().unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, body)
    }

    /// Posts a body over the server's limit. The server answers 413 as soon as it sees the
    /// length and closes the connection; a client still writing the body may then see the
    /// connection reset before it reads the answer, so a reset is tried again.
    fn post_oversized(&self) -> Answer {
        let body = json!({"workflow": "kitchen-sink", "input": {"pad": "x".repeat(5000)}});
        for _ in 0..10 {
            let result = self
                .agent
                .post(&format!("{}/v1/runs", self.server.url()))
                .set("Authorization", &format!("Bearer {ADMIN_KEY}"))
                .send_json(&body);
            match result {
                Err(ureq::Error::Status(status, response)) => {
                    let text = response.into_string().unwrap_or_default();
                    return (
                        status,
                        serde_json::from_str(&text).unwrap_or(Value::String(text)),
                    );
                }
                Err(ureq::Error::Transport(_)) => continue,
                Ok(response) => return (response.status(), Value::Null),
            }
        }
        panic!("ten oversized requests were all cut off before their answer");
    }

    fn get(&self, path: &str) -> Answer {
        self.call("GET", path, Some(ADMIN_KEY), None)
    }

    fn post(&self, path: &str, body: Value) -> Answer {
        self.call("POST", path, Some(ADMIN_KEY), Some(&body.to_string()))
    }

    fn start_run(&self, id: &str, input: Value) -> Answer {
        self.post(
            "/v1/runs",
            json!({"workflow": "kitchen-sink", "id": id, "input": input}),
        )
    }

    fn wait(&self, id: &str) -> Value {
        let (status, run) = self.get(&format!("/v1/runs/{id}?wait=30s"));
        assert_eq!(status, 200, "{run}");
        run
    }
}

/// One throwaway PostgreSQL cluster for the PostgreSQL variants of these tests.
static POSTGRES: LazyLock<TestPostgres> = LazyLock::new(TestPostgres::start);

/// Runs each test against `maximizer serve` on the embedded store and on PostgreSQL.
macro_rules! on_both_stores {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[test]
            fn $name() {
                let dir = tempfile::tempdir().unwrap();
                super::$name(&integration_tests::Maximizer::new(dir.path()));
            })*
        }
        mod postgres {
            $(#[test]
            fn $name() {
                let dir = tempfile::tempdir().unwrap();
                let url = super::POSTGRES.create_database(stringify!($name));
                super::$name(&integration_tests::Maximizer::new(dir.path()).env("DATABASE_URL", url));
            })*
        }
    };
}

on_both_stores!(
    runs_can_be_started_read_listed_and_paged,
    bad_requests_get_clear_4xx_errors,
    keys_and_roles_are_enforced,
    signals_cancel_and_redrive_work_over_http,
);

#[test]
fn each_key_is_rate_limited_with_retry_after() {
    let dir = tempfile::tempdir().unwrap();
    let maximizer = integration_tests::Maximizer::new(dir.path());
    let api = Api::start(&maximizer, &["--rate-limit", "1", "--rate-burst", "3"]);
    let statuses: Vec<u16> = (0..6)
        .map(|_| api.call("GET", "/v1/whoami", Some(TRAVELLER_KEY), None).0)
        .collect();
    assert_eq!(&statuses[..3], &[200, 200, 200], "{statuses:?}");
    assert!(statuses[3..].contains(&429), "{statuses:?}");
    let limited = ureq::get(&format!("{}/v1/whoami", api.server.url()))
        .set("Authorization", &format!("Bearer {TRAVELLER_KEY}"))
        .call();
    let Err(ureq::Error::Status(429, response)) = limited else {
        panic!("expected 429, got {limited:?}");
    };
    let wait: u64 = response
        .header("retry-after")
        .and_then(|value| value.parse().ok())
        .expect("a Retry-After in seconds");
    assert!((1..=2).contains(&wait), "Retry-After {wait}");
    let body: Value = response.into_json().unwrap();
    assert_eq!(body["error"]["code"], "rate_limited", "{body}");
    // Another key has a bucket of its own.
    assert_eq!(
        api.call("GET", "/v1/whoami", Some(CURATOR_KEY), None).0,
        200
    );
    // After the wait, the key is admitted again.
    std::thread::sleep(std::time::Duration::from_secs(wait));
    assert_eq!(
        api.call("GET", "/v1/whoami", Some(TRAVELLER_KEY), None).0,
        200
    );
}

fn error_code(answer: &Answer) -> &str {
    answer.1["error"]["code"]
        .as_str()
        .unwrap_or("<no error code>")
}

fn runs_can_be_started_read_listed_and_paged(maximizer: &Maximizer) {
    let api = Api::start(maximizer, &[]);

    let created = api.start_run("api-1", json!({"steps": 2}));
    assert_eq!(created.0, 201, "{}", created.1);
    assert_eq!(created.1["id"], "api-1");
    let again = api.start_run("api-1", json!({"steps": 2}));
    assert_eq!(again.0, 200);
    let conflict = api.start_run("api-1", json!({"steps": 3}));
    assert_eq!((conflict.0, error_code(&conflict)), (409, "conflict"));

    let run = api.wait("api-1");
    assert_eq!(run["status"], "completed");
    assert_eq!(run["output"]["steps_completed"], 2);
    let (status, history) = api.get("/v1/runs/api-1/history");
    assert_eq!(status, 200);
    let events = history["events"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        events.first().map(|event| event["kind"].clone()),
        Some(json!("run_started"))
    );
    assert_eq!(
        events.last().map(|event| event["kind"].clone()),
        Some(json!("run_completed"))
    );
    assert!(
        events
            .iter()
            .all(|event| event["seq"].is_u64() && event["at"].is_string())
    );

    for index in 0..4 {
        api.start_run(
            &format!("page-{index}"),
            json!({"steps": 1, "sleep_ms": index}),
        );
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..5 {
        let path = match &cursor {
            Some(cursor) => format!("/v1/runs?limit=2&q=page-&cursor={cursor}"),
            None => "/v1/runs?limit=2&q=page-".to_owned(),
        };
        let (status, page) = api.get(&path);
        assert_eq!(status, 200, "{page}");
        for run in page["runs"].as_array().cloned().unwrap_or_default() {
            seen.push(run["id"].as_str().unwrap_or_default().to_owned());
        }
        cursor = page["next_cursor"].as_str().map(str::to_owned);
        if cursor.is_none() {
            break;
        }
    }
    seen.sort();
    assert_eq!(seen, vec!["page-0", "page-1", "page-2", "page-3"]);
    let (_, filtered) = api.get("/v1/runs?workflow=kitchen-sink&status=completed,failed&limit=500");
    assert!(
        filtered["runs"]
            .as_array()
            .is_some_and(|runs| !runs.is_empty())
    );
    let (status, workflows) = api.get("/v1/workflows");
    assert_eq!(status, 200);
    assert!(
        workflows["workflows"]
            .as_array()
            .is_some_and(|names| names.contains(&json!("kitchen-sink")))
    );
}

fn bad_requests_get_clear_4xx_errors(maximizer: &Maximizer) {
    let api = Api::start(maximizer, &["--max-body-bytes", "2000"]);
    let cases: Vec<(Answer, u16, &str)> = vec![
        (
            api.post("/v1/runs", json!({"workflow": "nope", "input": {}})),
            400,
            "unknown_workflow",
        ),
        (
            api.call("POST", "/v1/runs", Some(ADMIN_KEY), Some("{not json")),
            400,
            "bad_json",
        ),
        (
            api.post("/v1/runs", json!({"input": {}})),
            422,
            "invalid_body",
        ),
        (
            api.start_run("bad-shape", json!({"steps": "many"})),
            422,
            "invalid_input",
        ),
        (
            api.start_run("bad id!", json!({"steps": 1})),
            422,
            "invalid_input",
        ),
        (api.post_oversized(), 413, "body_too_large"),
        (api.get("/v1/runs/missing"), 404, "run_not_found"),
        (api.get("/v1/runs/missing/history"), 404, "run_not_found"),
        (
            api.post("/v1/runs/missing/redrive", json!({})),
            404,
            "run_not_found",
        ),
        (api.get("/v1/runs?status=sleeping"), 400, "bad_request"),
        (api.get("/v1/runs?since=yesterday"), 400, "bad_request"),
        (api.get("/v1/runs?cursor=garbage"), 400, "bad_request"),
        (api.get("/v1/nothing-here"), 404, "not_found"),
    ];
    for (answer, status, code) in &cases {
        assert_eq!(
            (answer.0, error_code(answer)),
            (*status, *code),
            "{}",
            answer.1
        );
        assert!(
            answer.1["error"]["message"]
                .as_str()
                .is_some_and(|message| !message.is_empty())
        );
    }
    // Illegal transitions.
    api.start_run("done", json!({"steps": 1}));
    api.wait("done");
    let redrive = api.post("/v1/runs/done/redrive", json!({}));
    assert_eq!(
        (redrive.0, error_code(&redrive)),
        (409, "illegal_transition")
    );
    let cancel = api.post("/v1/runs/done/cancel", json!({}));
    assert_eq!((cancel.0, error_code(&cancel)), (409, "illegal_transition"));
    let wait = api.get("/v1/runs/done?wait=forever");
    assert_eq!(wait.0, 400);
}

fn keys_and_roles_are_enforced(maximizer: &Maximizer) {
    let api = Api::start(maximizer, &[]);
    let no_key = api.call("GET", "/v1/runs", None, None);
    assert_eq!((no_key.0, error_code(&no_key)), (401, "unauthorized"));
    let wrong_key = api.call("GET", "/v1/runs", Some("not-a-key-at-all-000"), None);
    assert_eq!(wrong_key.0, 401);
    let (status, me) = api.call("GET", "/v1/whoami", Some(TRAVELLER_KEY), None);
    assert_eq!(
        (status, me["role"].clone(), me["user"].clone()),
        (200, json!("traveller"), json!("ana"))
    );

    api.start_run("admin-run", json!({"steps": 1}));
    let body = json!({"workflow": "kitchen-sink", "input": {"steps": 1}}).to_string();
    for key in [CURATOR_KEY, TRAVELLER_KEY] {
        let start = api.call("POST", "/v1/runs", Some(key), Some(&body));
        assert_eq!((start.0, error_code(&start)), (403, "forbidden"));
        let read = api.call("GET", "/v1/runs/admin-run", Some(key), None);
        assert_eq!(read.0, 403);
        let (status, list) = api.call("GET", "/v1/runs", Some(key), None);
        assert_eq!(status, 200);
        assert_eq!(
            list["runs"],
            json!([]),
            "runs of workflows not granted must not be listed"
        );
    }
    // Operational endpoints need no key; the console is served with its security headers.
    assert_eq!(api.call("GET", "/health", None, None).0, 200);
    assert_eq!(api.call("GET", "/ready", None, None).0, 200);
    let page = ureq::get(&format!("{}/", api.server.url()))
        .call()
        .expect("console");
    let policy = page
        .header("content-security-policy")
        .unwrap_or_default()
        .to_owned();
    assert!(policy.contains("default-src 'self'"), "{policy}");
    let openapi = api.call("GET", "/openapi.json", None, None);
    assert_eq!(openapi.0, 200);
    assert!(openapi.1["paths"]["/v1/runs/{id}/redrive"].is_object());
}

fn signals_cancel_and_redrive_work_over_http(maximizer: &Maximizer) {
    let api = Api::start(maximizer, &[]);

    api.start_run("signalled", json!({"steps": 2, "wait_signal": "approve"}));
    let sent = api.post(
        "/v1/runs/signalled/signals/approve",
        json!({"by": "curator"}),
    );
    assert_eq!(sent.0, 202, "{}", sent.1);
    assert_eq!(
        api.wait("signalled")["output"]["signal"],
        json!({"by": "curator"})
    );

    api.start_run("cancelled", json!({"steps": 2, "wait_signal": "never"}));
    let cancel = api.post("/v1/runs/cancelled/cancel", json!({}));
    assert_eq!(cancel.0, 200);
    assert_eq!(api.wait("cancelled")["status"], "cancelled");

    let failing = json!({"steps": 3, "fail_at": 2, "fail_times": 2, "max_attempts": 2, "retry_interval_ms": 10});
    for id in ["fail-1", "fail-2", "fail-3"] {
        api.start_run(id, failing.clone());
        assert_eq!(api.wait(id)["status"], "failed");
    }
    let one = api.post("/v1/runs/fail-1/redrive", json!({}));
    assert_eq!((one.0, one.1["status"].clone()), (200, json!("pending")));
    let bulk = api.post(
        "/v1/runs/redrive",
        json!({"workflow": "kitchen-sink", "status": "failed"}),
    );
    assert_eq!(
        (bulk.0, bulk.1["redriven"].clone()),
        (200, json!(2)),
        "{}",
        bulk.1
    );
    for id in ["fail-1", "fail-2", "fail-3"] {
        assert_eq!(api.wait(id)["status"], "completed");
    }
    let wrong_status = api.post("/v1/runs/redrive", json!({"status": "completed"}));
    assert_eq!(wrong_status.0, 400);

    let (status, metrics) = api.call("GET", "/metrics", None, None);
    assert_eq!(status, 200);
    let text = metrics.as_str().unwrap_or_default();
    for name in [
        "maximizer_runs_started_total{workflow=\"kitchen-sink\"}",
        "maximizer_runs_completed_total",
        "maximizer_runs_failed_total",
        "maximizer_step_latency_seconds_bucket",
        "maximizer_attempts_total",
        "maximizer_lease_takeovers_total",
        "maximizer_ready_queue_depth",
    ] {
        assert!(text.contains(name), "metrics lack {name}:\n{text}");
    }
}
