//! A Neptune data-API endpoint on loopback: `POST /loader` + `GET /loader/{id}` bulk-load
//! Gremlin CSV vertex files from a real S3-compatible server (moto), answering
//! `LOAD_IN_PROGRESS` to the first poll and `LOAD_COMPLETED` (or `LOAD_FAILED`) after;
//! `POST /opencypher` answers the one query shape the tests use — nodes by `~id` — from
//! the loaded vertices, and checks that parameters travel apart from the query text.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Map, Value, json};

/// The running endpoint.
pub struct NeptuneServer {
    /// `http://127.0.0.1:PORT`.
    pub endpoint: String,
    /// What it saw and holds.
    pub state: Arc<Harness>,
}

/// The endpoint's state.
pub struct Harness {
    s3: aws_sdk_s3::Client,
    /// Loaded vertices by id.
    pub nodes: Mutex<HashMap<String, Value>>,
    /// Loaded edges by id.
    pub edges: Mutex<HashMap<String, Value>>,
    loads: Mutex<HashMap<String, Load>>,
    /// Every loader and query request body, in order.
    pub requests: Mutex<Vec<Value>>,
    /// When set, the next query fails with `TooManyRequestsException`.
    pub throttle_next: AtomicBool,
}

struct Load {
    polls: AtomicU32,
    outcome: Result<usize, String>,
    source: String,
}

impl NeptuneServer {
    /// Starts the endpoint; loads read through `s3`.
    pub async fn start(s3: aws_sdk_s3::Client) -> Self {
        let state = Arc::new(Harness {
            s3,
            nodes: Mutex::default(),
            edges: Mutex::default(),
            loads: Mutex::default(),
            requests: Mutex::default(),
            throttle_next: AtomicBool::new(false),
        });
        let app = Router::new()
            .route("/loader", post(start_load))
            .route("/loader/{load_id}", get(load_status))
            .route("/opencypher", post(open_cypher))
            .with_state(state.clone());
        Self {
            endpoint: super::serve(app).await,
            state,
        }
    }
}

async fn start_load(State(harness): State<Arc<Harness>>, body: String) -> Response {
    let request: Value = serde_json::from_str(&body).unwrap_or_default();
    harness.requests.lock().unwrap().push(request.clone());
    let source = request["source"].as_str().unwrap_or_default().to_owned();
    let Some((bucket, prefix)) = source.strip_prefix("s3://").and_then(|s| s.split_once('/'))
    else {
        return error(
            StatusCode::BAD_REQUEST,
            "BadRequestException",
            "source is not an S3 URI",
        );
    };
    if request["format"] != "csv" {
        return error(
            StatusCode::BAD_REQUEST,
            "BadRequestException",
            "format must be csv",
        );
    }
    if !request["iamRoleArn"]
        .as_str()
        .unwrap_or_default()
        .starts_with("arn:aws:iam::")
    {
        return error(StatusCode::BAD_REQUEST, "BadRequestException", "iamRoleArn");
    }
    if !request["region"].is_string() {
        return error(StatusCode::BAD_REQUEST, "BadRequestException", "region");
    }
    let outcome = read_vertices(&harness, bucket, prefix).await;
    let load_id = format!("load-{}", harness.loads.lock().unwrap().len() + 1);
    harness.loads.lock().unwrap().insert(
        load_id.clone(),
        Load {
            polls: AtomicU32::new(0),
            outcome,
            source,
        },
    );
    ok(json!({"status": "200 OK", "payload": {"loadId": load_id}}))
}

/// Loads the vertex files under the prefix; the number of vertices, or why it failed.
async fn read_vertices(harness: &Harness, bucket: &str, prefix: &str) -> Result<usize, String> {
    let listed = harness
        .s3
        .list_objects_v2()
        .bucket(bucket)
        .prefix(prefix)
        .send()
        .await
        .map_err(|e| format!("LOAD_S3_READ_ERROR: {e:?}"))?;
    let mut loaded = 0;
    for object in listed.contents() {
        let key = object.key().unwrap_or_default();
        let body = harness.s3.get_object().bucket(bucket).key(key).send().await;
        let bytes = body.map_err(|e| format!("{e:?}"))?.body.collect().await;
        let text = String::from_utf8(bytes.unwrap().into_bytes().to_vec()).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().unwrap().clone();
        let is_edges = headers.iter().any(|column| column == "~from");
        for record in reader.records() {
            let record = record.map_err(|e| format!("parsing error in {key}: {e}"))?;
            let mut properties = Map::new();
            for (column, value) in headers.iter().zip(record.iter()) {
                if column.starts_with('~') || value.is_empty() {
                    continue;
                }
                let (name, kind) = column.split_once(':').unwrap_or((column, "String"));
                let value = match kind {
                    "Int" | "Long" | "Double" => {
                        serde_json::from_str(value).unwrap_or(json!(value))
                    }
                    "Bool" => json!(value == "true"),
                    _ => json!(value),
                };
                properties.insert(name.to_owned(), value);
            }
            if is_edges {
                let edge = json!({"~id": record[0], "~entityType": "relationship",
                                  "~start": record[1], "~end": record[2], "~type": record[3],
                                  "~properties": properties});
                harness
                    .edges
                    .lock()
                    .unwrap()
                    .insert(record[0].to_owned(), edge);
                continue;
            }
            let node = json!({"~id": record[0], "~entityType": "node",
                              "~labels": [record[1]], "~properties": properties});
            harness
                .nodes
                .lock()
                .unwrap()
                .insert(record[0].to_owned(), node);
            loaded += 1;
        }
    }
    if loaded == 0 {
        return Err(format!("LOAD_FAILED: no vertices under {prefix}"));
    }
    Ok(loaded)
}

async fn load_status(State(harness): State<Arc<Harness>>, Path(load_id): Path<String>) -> Response {
    let loads = harness.loads.lock().unwrap();
    let Some(load) = loads.get(&load_id) else {
        return error(
            StatusCode::NOT_FOUND,
            "BulkLoadIdNotFoundException",
            &load_id,
        );
    };
    let first_poll = load.polls.fetch_add(1, Ordering::SeqCst) == 0;
    let (status, records, errors) = match &load.outcome {
        _ if first_poll => ("LOAD_IN_PROGRESS", 0, Value::Null),
        Ok(records) => ("LOAD_COMPLETED", *records, Value::Null),
        Err(reason) => (
            "LOAD_FAILED",
            0,
            json!({"startIndex": 0, "endIndex": 0, "loadId": load_id,
                   "errorLogs": [{"errorCode": "PARSING_ERROR", "errorMessage": reason}]}),
        ),
    };
    let mut payload = json!({
        "feedCount": [{status: 1}],
        "overallStatus": {"fullUri": load.source, "runNumber": 1, "retryNumber": 0,
                          "status": status, "totalTimeSpent": 1, "totalRecords": records,
                          "totalDuplicates": 0, "parsingErrors": 0,
                          "datatypeMismatchErrors": 0, "insertErrors": 0},
    });
    if !errors.is_null() {
        payload["errors"] = errors;
    }
    ok(json!({"status": "200 OK", "payload": payload}))
}

async fn open_cypher(State(harness): State<Arc<Harness>>, body: String) -> Response {
    let request: Value = serde_json::from_str(&body).unwrap_or_default();
    harness.requests.lock().unwrap().push(request.clone());
    if harness.throttle_next.swap(false, Ordering::SeqCst) {
        return error(
            StatusCode::TOO_MANY_REQUESTS,
            "TooManyRequestsException",
            "slow down",
        );
    }
    let query = request["query"].as_str().unwrap_or_default();
    // The API takes the parameters as a JSON object encoded in a string.
    let parameters: Map<String, Value> = match request["parameters"].as_str() {
        Some(text) => match serde_json::from_str(text) {
            Ok(parameters) => parameters,
            Err(_) => return error(StatusCode::BAD_REQUEST, "InvalidParameterException", text),
        },
        None => Map::new(),
    };
    for (name, value) in &parameters {
        if !query.contains(&format!("${name}")) {
            return error(StatusCode::BAD_REQUEST, "InvalidParameterException", name);
        }
        if value.as_str().is_some_and(|text| query.contains(text)) {
            return error(
                StatusCode::BAD_REQUEST,
                "BadRequestException",
                "value built into the query",
            );
        }
    }
    if let Some(results) = whole_graph(&harness, query) {
        return ok(json!({ "results": results }));
    }
    if !query.starts_with("MATCH (n {`~id`: $id}) RETURN n") {
        return error(
            StatusCode::BAD_REQUEST,
            "MalformedQueryException",
            "unsupported query",
        );
    }
    let nodes = harness.nodes.lock().unwrap();
    let results: Vec<Value> = parameters["id"]
        .as_str()
        .and_then(|id| nodes.get(id))
        .map(|node| json!({"n": node}))
        .into_iter()
        .collect();
    ok(json!({"results": results}))
}

/// The queries that read the whole graph (as `NeptuneKnowledge` does), answered in
/// openCypher's result shape: one object per row, keyed by the RETURN aliases.
fn whole_graph(harness: &Harness, query: &str) -> Option<Vec<Value>> {
    let nodes = harness.nodes.lock().unwrap();
    let edges = harness.edges.lock().unwrap();
    let fact = |element: &Value| element["~properties"]["fact"].clone();
    if query.starts_with("MATCH (n) WITH count(n) AS nodes") {
        return Some(vec![json!({"nodes": nodes.len(), "edges": edges.len()})]);
    }
    if query.starts_with("MATCH (n) RETURN id(n) AS id, labels(n) AS labels, n.fact AS fact") {
        return Some(
            nodes
                .values()
                .map(|n| json!({"id": n["~id"], "labels": n["~labels"], "fact": fact(n)}))
                .collect(),
        );
    }
    if query.starts_with("MATCH (a)-[r]->(b) RETURN id(r) AS id, type(r) AS label") {
        return Some(
            edges
                .values()
                .map(|e| {
                    json!({"id": e["~id"], "label": e["~type"], "source": e["~start"],
                           "target": e["~end"], "fact": fact(e)})
                })
                .collect(),
        );
    }
    None
}

fn ok(body: Value) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// Neptune's error shape; the code also in `x-amzn-ErrorType`, where the SDK reads it.
fn error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = json!({"code": code, "requestId": "r-1", "detailedMessage": message});
    (
        status,
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::HeaderName::from_static("x-amzn-errortype"), code),
        ],
        body.to_string(),
    )
        .into_response()
}
