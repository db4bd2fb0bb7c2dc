//! A request's `X-Request-Id` follows the run it starts: the API echoes it, stores it with
//! the run, and the worker that executes the run (another process) writes it on every JSON
//! log line of the run and of its steps, next to `run_id`, `workflow`, `step`, `attempt`.

use std::time::Duration;

use integration_tests::postgres::TestPostgres;
use integration_tests::{ADMIN_KEY, Maximizer, wait_until};
use serde_json::{Value, json};

fn json_lines(log: &str) -> Vec<Value> {
    log.lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|error| panic!("not JSON ({error}): {line}"))
        })
        .collect()
}

fn start(api: &str, request_id: Option<&str>, run_id: &str) -> ureq::Response {
    let mut request =
        ureq::post(&format!("{api}/v1/runs")).set("Authorization", &format!("Bearer {ADMIN_KEY}"));
    if let Some(request_id) = request_id {
        request = request.set("X-Request-Id", request_id);
    }
    let body = json!({"workflow": "kitchen-sink", "id": run_id, "input": {"steps": 2}});
    request.send_json(body).expect("POST /v1/runs")
}

#[test]
fn a_request_id_reaches_the_log_lines_of_its_run_and_steps_in_another_process() {
    let postgres = TestPostgres::start();
    let url = postgres.create_database("request_id");
    let dir = tempfile::tempdir().unwrap();
    let maximizer = Maximizer::new(dir.path())
        .env("DATABASE_URL", &url)
        .env("MAXIMIZER_LOG_FORMAT", "json")
        .env("MAXIMIZER_LOG", "info,engine=debug");
    let api = maximizer.serve(&["--no-workers"]);
    let worker = maximizer.spawn(&["work"]);

    let response = start(api.url(), Some("checkout-7f3a"), "traced-1");
    assert_eq!(response.header("x-request-id"), Some("checkout-7f3a"));
    let run: Value = ureq::get(&format!("{}/v1/runs/traced-1?wait=20s", api.url()))
        .set("Authorization", &format!("Bearer {ADMIN_KEY}"))
        .call()
        .expect("GET the run")
        .into_json()
        .unwrap();
    assert_eq!(run["status"], "completed");
    wait_until(
        Duration::from_secs(10),
        "the run's end in the worker's log",
        || worker.log().contains("run finished"),
    );

    // The API logged the start under the request id.
    let api_lines = json_lines(&api.log());
    assert!(
        api_lines.iter().any(|line| line["message"] == "run started"
            && line["run_id"] == "traced-1"
            && line["request_id"] == "checkout-7f3a"),
        "no 'run started' line with the request id in the API's log:\n{}",
        api.log()
    );
    // Every line of the run in the worker carries it, and its steps' lines name the step
    // and the attempt.
    let run_lines: Vec<Value> = json_lines(&worker.log())
        .into_iter()
        .filter(|line| line["run_id"] == "traced-1")
        .collect();
    assert!(
        !run_lines.is_empty(),
        "no line of the run in the worker's log"
    );
    for line in &run_lines {
        assert_eq!(line["request_id"], "checkout-7f3a", "{line}");
        assert_eq!(line["workflow"], "kitchen-sink", "{line}");
    }
    for step in ["step-1", "step-2"] {
        assert!(
            run_lines
                .iter()
                .any(|line| line["step"] == step && line["attempt"] == 1),
            "no line of {step} with its attempt:\n{}",
            worker.log()
        );
    }
    assert!(
        run_lines
            .iter()
            .any(|line| line["message"] == "run finished")
    );

    // Without a usable header, the API makes an id up and says which.
    let generated = start(api.url(), None, "traced-2");
    let generated = generated.header("x-request-id").expect("a generated id");
    assert!(generated.len() >= 16, "{generated}");
    let replaced = start(api.url(), Some("two words"), "traced-3");
    assert_ne!(replaced.header("x-request-id"), Some("two words"));
}
