//! OpenTelemetry traces through the real binary: with `OTEL_EXPORTER_OTLP_ENDPOINT` set,
//! `maximizer serve` sends OTLP/HTTP protobuf batches holding a span per request, run and
//! step, to a collector the test stands up on loopback.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use integration_tests::{ADMIN_KEY, Maximizer, wait_until};

/// What the collector received: (path, body) per request.
type Received = Arc<Mutex<Vec<(String, Vec<u8>)>>>;

/// A minimal OTLP/HTTP collector: records each request's path and body, answers 200.
fn collector() -> (String, Received) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let received = Arc::new(Mutex::new(Vec::new()));
    let store = received.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream);
            let mut request_line = String::new();
            if reader.read_line(&mut request_line).is_err() {
                continue;
            }
            let path = request_line
                .split_whitespace()
                .nth(1)
                .unwrap_or("")
                .to_owned();
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some((name, value)) = line.split_once(':')
                    && name.eq_ignore_ascii_case("content-length")
                {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            store.lock().unwrap().push((path, body));
            let _ = reader.get_mut().write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
        }
    });
    (url, received)
}

#[test]
fn requests_runs_and_steps_are_exported_as_otlp_spans() {
    let (endpoint, received) = collector();
    let dir = tempfile::tempdir().unwrap();
    let mut server = Maximizer::new(dir.path())
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", &endpoint)
        .env("OTEL_BSP_SCHEDULE_DELAY", "200")
        .serve(&[]);
    let response = ureq::post(&format!("{}/v1/runs", server.url()))
        .set("Authorization", &format!("Bearer {ADMIN_KEY}"))
        .set("X-Request-Id", "trace-me-7f3a")
        .send_json(serde_json::json!({
            "workflow": "kitchen-sink", "id": "traced-run", "input": {"steps": 2}
        }))
        .expect("start a run");
    assert_eq!(response.status(), 201);

    let has = |needle: &[u8]| {
        received.lock().unwrap().iter().any(|(path, body)| {
            path == "/v1/traces" && body.windows(needle.len()).any(|window| window == needle)
        })
    };
    wait_until(
        Duration::from_secs(30),
        "spans of the request, the run and its steps",
        || has(b"trace-me-7f3a") && has(b"traced-run") && has(b"step-2") && has(b"maximizer"),
    );
    let status = server.terminate(Duration::from_secs(30));
    assert!(status.success(), "serve exits 0 with OTLP on");
}
