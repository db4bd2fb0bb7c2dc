//! The tools over MCP with real clients: PyPI's `mcp` SDK over Streamable HTTP at `/mcp`
//! (tools listed, `flight_earnings` called, its result the same as the HTTP API's), a
//! request without a key refused, and `maximizer mcp` answering on stdio.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use integration_tests::{Server, TRAVELLER_KEY};
use serde_json::{Value, json};
use support::{ask, server_with_samples};

/// Runs `tests/mcp/client.py` (the Python `mcp` SDK); `None` when the client failed.
fn python_client(server: &Server, key: &str, tool: &str, arguments: &Value) -> Option<Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("mcp/client.py");
    let output = Command::new("python3")
        .arg(script)
        .args([server.url(), key, tool, &arguments.to_string()])
        .output()
        .expect("python3 runs the MCP client");
    if !output.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&output.stderr));
        return None;
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    serde_json::from_str(stdout.lines().last().unwrap_or_default()).ok()
}

#[test]
fn the_tools_over_mcp_match_the_http_api() {
    let installed = Command::new("python3")
        .args(["-c", "import mcp"])
        .status()
        .is_ok_and(|status| status.success());
    assert!(
        installed,
        "the Python MCP SDK is missing: python3 -m pip install mcp"
    );
    let dir = tempfile::tempdir().unwrap();
    let (maximizer, server) = server_with_samples(dir.path());

    // The HTTP API's answer and the tool call behind it.
    let (status, body) = ask(
        &server,
        TRAVELLER_KEY,
        "mcp-compare",
        "How many MileagePlus miles for Turkish Airlines fare class K from IST to ORD?",
    );
    assert_eq!(status, 200, "{body}");
    let call = &body["tool_calls"][0];
    assert_eq!(call["tool"], "flight_earnings");

    // The same call through a real MCP client over Streamable HTTP.
    let result = python_client(&server, TRAVELLER_KEY, "flight_earnings", &call["input"])
        .expect("the MCP client lists and calls the tools");
    let tools: Vec<&str> = result["tools"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for tool in [
        "flight_earnings",
        "best_program",
        "award_cost",
        "programs_for_airline",
        "program_rules",
        "profile",
    ] {
        assert!(tools.contains(&tool), "{tool} missing from {tools:?}");
    }
    assert_eq!(result["is_error"], false, "{result}");
    assert_eq!(result["structured"], call["output"]);
    assert_eq!(result["structured"]["total_miles"], 6824);

    // An unknown airport is a tool error naming the code.
    let bad = json!({"program": "united_mileageplus", "airline": "LH", "fare_class": "P",
                     "segments": [{"from": "FRA", "to": "QQX"}]});
    let result = python_client(&server, TRAVELLER_KEY, "flight_earnings", &bad).unwrap();
    assert_eq!(result["is_error"], true);
    assert!(result["text"].as_str().unwrap().contains("QQX"), "{result}");

    // No key, no tools.
    assert!(
        python_client(
            &server,
            "not-a-key-0123456789",
            "flight_earnings",
            &call["input"]
        )
        .is_none()
    );

    // stdio: `maximizer mcp` on the same store.
    let mut child = maximizer
        .command(&["mcp"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn maximizer mcp");
    let mut stdin = child.stdin.take().unwrap();
    let requests = [
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {},
            "clientInfo": {"name": "test", "version": "1"}}}),
        json!({"jsonrpc": "2.0", "method": "notifications/initialized"}),
        json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call",
               "params": {"name": "flight_earnings", "arguments": call["input"]}}),
    ];
    for request in requests {
        writeln!(stdin, "{request}").unwrap();
    }
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut answer = Value::Null;
    for line in lines.by_ref().map_while(Result::ok) {
        let message: Value = serde_json::from_str(&line).unwrap();
        if message["id"] == 2 {
            answer = message;
            break;
        }
    }
    drop(stdin);
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(
        answer["result"]["structuredContent"], call["output"],
        "{answer}"
    );
}
