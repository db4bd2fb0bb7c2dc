//! Ingestion's other paths end to end through the real binary: a transient OCR failure
//! retried and recorded, facts held for a curator (approve, reject, timeout, all), a batch
//! over a folder with a failed child redriven in bulk, and an S3 event notification that
//! starts the ingestion of an object in a real S3-compatible server.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use integration_tests::documents::{
    completed_steps, get, post, post_json, samples, upload, wait_for_status,
};
use integration_tests::moto::Moto;
use integration_tests::{CURATOR_KEY, Maximizer, Server, wait_until};
use serde_json::{Value, json};

/// An Alaska Mileage Plan chart for Finnair with one rate no program pays (450 %).
const PARTNER_CHART: &str = "# Alaska Mileage Plan: earning on Finnair\n\n\
Effective 1 March 2026. Miles are based on distance flown.\n\n\
| Fare class | Cabin | Earning |\n\
|---|---|---|\n\
| J, C, D | Business | 150% |\n\
| Y, B, H | Economy | 100% |\n\
| Q | Economy | 450% |\n";

fn submit(server: &Server, name: &str, text: &str) -> (String, String) {
    let (status, body) = upload(server, &[(name.to_owned(), text.as_bytes().to_vec())]);
    assert_eq!(status, 202, "{body}");
    let document = &body["documents"][0];
    (
        document["id"].as_str().unwrap().to_owned(),
        document["run_id"].as_str().unwrap().to_owned(),
    )
}

fn held_ids(record: &Value) -> Vec<String> {
    record["held"]
        .as_array()
        .unwrap_or_else(|| panic!("no held facts: {record}"))
        .iter()
        .map(|fact| fact["id"].as_str().unwrap().to_owned())
        .collect()
}

fn finnair_rates(server: &Server) -> Vec<f64> {
    let (status, export) = get(server, "/v1/graph/facts?program=alaska_mileage_plan");
    if status == 404 {
        return Vec::new();
    }
    assert_eq!(status, 200, "{export}");
    let mut rates: Vec<f64> = export["facts"]["earning_rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|rule| rule["operating_airline"] == "AY")
        .map(|rule| rule["percent"].as_f64().unwrap())
        .collect();
    rates.sort_by(f64::total_cmp);
    rates
}

#[test]
fn a_transient_ocr_failure_is_retried_and_recorded_in_history() {
    let dir = tempfile::tempdir().unwrap();
    // tesseract is killed on its first call (as the OOM killer would), then works.
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let real = which("tesseract");
    let wrapper = bin.join("tesseract");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\nif [ ! -e \"$0.crashed\" ]; then touch \"$0.crashed\"; kill -KILL $$; fi\nexec {} \"$@\"\n",
            real.display()
        ),
    )
    .unwrap();
    make_executable(&wrapper);
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let server = Maximizer::new(dir.path()).env("PATH", path).serve(&[]);

    let scan = samples().join("documents/aeroplan_award_chart_scan.png");
    let (status, body) = upload(
        &server,
        &[("chart.png".into(), std::fs::read(scan).unwrap())],
    );
    assert_eq!(status, 202, "{body}");
    let id = body["documents"][0]["id"].as_str().unwrap().to_owned();
    let run_id = body["documents"][0]["run_id"].as_str().unwrap().to_owned();
    let record = wait_for_status(&server, &id, "completed");
    assert!(record["facts"]["loaded"].as_i64().unwrap() > 0, "{record}");

    let (_, history) = get(&server, &format!("/v1/runs/{run_id}/history"));
    let events = history["events"].as_array().unwrap();
    let retried: Vec<&Value> = events
        .iter()
        .filter(|event| event["kind"] == "attempt_failed" && event["step"] == "ocr-start")
        .collect();
    assert_eq!(retried.len(), 1, "one failed attempt recorded: {history}");
    let detail = retried[0].to_string();
    assert!(
        detail.contains("tool_unavailable") && detail.contains("killed"),
        "{detail}"
    );
    assert_eq!(completed_steps(&server, &run_id, "ocr-start"), 1);
}

#[test]
fn invalid_facts_wait_for_a_curator_who_approves_or_rejects_them() {
    let dir = tempfile::tempdir().unwrap();
    let server = Maximizer::new(dir.path()).serve(&[]);

    // By default only the failing fact waits; the document is awaiting approval.
    let (id, run_id) = submit(&server, "alaska-finnair.md", PARTNER_CHART);
    let record = wait_for_status(&server, &id, "awaiting_approval");
    let held = held_ids(&record);
    assert_eq!(held.len(), 1, "{record}");
    let reasons = record["held"][0]["reasons"].to_string();
    assert!(reasons.contains("450"), "{reasons}");
    // The run shows the gate in its history while it waits.
    assert_eq!(completed_steps(&server, &run_id, "hold-for-approval"), 1);

    // Bad decisions are clear 4xx errors.
    let (status, body) = post_json(
        &server,
        &format!("/v1/documents/{id}/approve"),
        &json!({"facts": ["not-a-held-fact"]}),
    );
    assert_eq!(status, 400, "{body}");

    // The curator rejects it: the valid rates are loaded, the 450 % one is not.
    let (status, body) = post(&server, &format!("/v1/documents/{id}/reject"));
    assert_eq!(status, 200, "{body}");
    let record = wait_for_status(&server, &id, "completed");
    assert_eq!(record["facts"]["rejected"], 1, "{record}");
    assert!(!finnair_rates(&server).contains(&450.0));
    let (status, _) = post(&server, &format!("/v1/documents/{id}/approve"));
    assert_eq!(status, 409, "a decided document takes no second decision");

    // A corrected edition of the same chart, approved: the held rate is loaded as written.
    let (id, _) = submit(
        &server,
        "alaska-finnair-v2.md",
        &PARTNER_CHART.replace("| Q | Economy | 450% |", "| Q, V | Economy | 450% |"),
    );
    let record = wait_for_status(&server, &id, "awaiting_approval");
    assert_eq!(held_ids(&record).len(), 1, "{record}");
    let (status, body) = post(&server, &format!("/v1/documents/{id}/approve"));
    assert_eq!(status, 200, "{body}");
    wait_for_status(&server, &id, "completed");
    assert!(finnair_rates(&server).contains(&450.0));
}

#[test]
fn held_facts_are_rejected_when_the_approval_times_out() {
    let dir = tempfile::tempdir().unwrap();
    let server = Maximizer::new(dir.path())
        .env("MAXIMIZER_APPROVAL_TIMEOUT", "2")
        .serve(&[]);
    let (id, _) = submit(&server, "alaska-finnair.md", PARTNER_CHART);
    let record = wait_for_status(&server, &id, "completed");
    assert_eq!(record["facts"]["rejected"], 1, "{record}");
    assert!(record["facts"]["loaded"].as_i64().unwrap() > 0, "{record}");
    assert!(!finnair_rates(&server).contains(&450.0));
}

#[test]
fn in_mode_all_every_fact_waits_and_a_curator_approves_some() {
    let dir = tempfile::tempdir().unwrap();
    let server = Maximizer::new(dir.path())
        .env("MAXIMIZER_APPROVAL_MODE", "all")
        .serve(&[]);
    let valid = PARTNER_CHART.replace("| Q | Economy | 450% |\n", "");
    let (id, _) = submit(&server, "alaska-finnair.md", &valid);
    let record = wait_for_status(&server, &id, "awaiting_approval");
    let held = held_ids(&record);
    assert!(held.len() >= 3, "every fact waits: {record}");
    assert!(finnair_rates(&server).is_empty(), "nothing loaded yet");

    // Approve only the rules; everything else is dropped.
    let rules: Vec<&String> = held
        .iter()
        .filter(|fact| {
            record["held"]
                .as_array()
                .unwrap()
                .iter()
                .any(|h| h["id"] == **fact && h["category"] == "earning_rules")
        })
        .collect();
    assert!(!rules.is_empty(), "{record}");
    let (status, body) = post_json(
        &server,
        &format!("/v1/documents/{id}/approve"),
        &json!({ "facts": rules }),
    );
    assert_eq!(status, 200, "{body}");
    let record = wait_for_status(&server, &id, "completed");
    assert_eq!(
        record["facts"]["rejected"].as_u64().unwrap() as usize,
        held.len() - rules.len(),
        "{record}"
    );
    assert_eq!(finnair_rates(&server), vec![100.0, 150.0]);
}

#[test]
fn a_batch_over_a_folder_reports_each_document_and_failed_children_are_redriven() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("inbox");
    std::fs::create_dir(&folder).unwrap();
    for name in [
        "united_mileageplus_award_chart.md",
        "milesandsmiles_program_guide.txt",
    ] {
        std::fs::copy(samples().join("documents").join(name), folder.join(name)).unwrap();
    }
    std::fs::write(folder.join("broken.pdf"), b"%PDF-1.4\nnot a real body\n").unwrap();
    let state = dir.path().join("state");
    std::fs::create_dir(&state).unwrap();
    let server = Maximizer::new(&state).serve(&[]);

    let (status, run) = post_json(
        &server,
        "/v1/runs",
        &json!({"workflow": "ingest-batch", "input": {"folder": folder, "concurrency": 2}}),
    );
    assert_eq!(status, 201, "{run}");
    let batch_id = run["id"].as_str().unwrap().to_owned();
    let output = wait_for_run(&server, &batch_id);
    assert_eq!(output["completed"], 2, "{output}");
    assert_eq!(output["failed"], 1, "{output}");
    let failed = output["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|doc| doc["status"] == "failed")
        .unwrap()
        .clone();
    assert_eq!(failed["name"], "broken.pdf", "{output}");
    assert!(failed["error"].as_str().unwrap().contains("extract-text"));

    // The same folder again: every document is known, no new child runs.
    let (_, again) = post_json(
        &server,
        "/v1/runs",
        &json!({"workflow": "ingest-batch", "input": {"folder": folder}}),
    );
    let output = wait_for_run(&server, again["id"].as_str().unwrap());
    assert_eq!(output["skipped"], 3, "{output}");

    // Replace the broken object, then redrive every failed document run in bulk.
    let id = failed["document"].as_str().unwrap();
    let landing = state.join("objects/landing").join(format!("{id}.pdf"));
    assert!(landing.exists(), "{}", landing.display());
    std::fs::copy(
        samples().join("documents/aeroplan_partner_earning.pdf"),
        &landing,
    )
    .unwrap();
    let (status, body) = post_json(
        &server,
        "/v1/runs/redrive",
        &json!({"workflow": "ingest-document", "status": "failed"}),
    );
    assert_eq!(status, 200, "{body}");
    wait_for_status(&server, id, "completed");
    let run_id = failed["run_id"].as_str().unwrap();
    assert_eq!(completed_steps(&server, run_id, "detect"), 1);
}

#[test]
fn an_s3_event_notification_ingests_the_object_from_a_real_s3_server() {
    let dir = tempfile::tempdir().unwrap();
    let moto = Moto::start();
    let endpoint = moto.endpoint.clone();
    let name = samples().join("documents/united_mileageplus_award_chart.md");
    // An uploader outside the product puts the object in the bucket.
    let script = format!(
        "import boto3\n\
         s3 = boto3.client('s3', endpoint_url='{endpoint}', region_name='us-east-1',\n\
             aws_access_key_id='testing', aws_secret_access_key='testing')\n\
         s3.create_bucket(Bucket='loyalty-landing')\n\
         s3.upload_file('{}', 'loyalty-landing', 'dev/incoming/United Award Chart.md')\n",
        name.display()
    );
    let status = Command::new("python3")
        .args(["-c", &script])
        .status()
        .unwrap();
    assert!(
        status.success(),
        "boto3 (installed with moto) put the object"
    );

    let server = Maximizer::new(dir.path())
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("MAXIMIZER_S3_BUCKET", "loyalty-landing")
        .env("MAXIMIZER_S3_PREFIX", "dev/")
        .env("MAXIMIZER_S3_REGION", "us-east-1")
        .env("MAXIMIZER_S3_ENDPOINT_URL", &endpoint)
        .env("MAXIMIZER_S3_PATH_STYLE", "true")
        .serve(&[]);

    // The bucket's notification through a real SNS topic (moto) whose HTTP subscription
    // carries the curator key as a Basic password, as an SNS subscription URL does.
    let s3_event = json!({"Records": [{
        "eventSource": "aws:s3",
        "eventName": "ObjectCreated:Put",
        "s3": {"bucket": {"name": "loyalty-landing"},
               "object": {"key": "incoming/United+Award+Chart.md", "size": 2008}}
    }]});
    let subscriber = server
        .url()
        .replacen("http://", &format!("http://events:{CURATOR_KEY}@"), 1);
    let script = format!(
        "import boto3, sys\n\
         sns = boto3.client('sns', endpoint_url='{endpoint}', region_name='us-east-1',\n\
             aws_access_key_id='testing', aws_secret_access_key='testing')\n\
         topic = sns.create_topic(Name='landing')['TopicArn']\n\
         sns.subscribe(TopicArn=topic, Protocol='http', Endpoint='{subscriber}/v1/events/s3')\n\
         sns.publish(TopicArn=topic, Message=sys.argv[1])\n"
    );
    let status = Command::new("python3")
        .args(["-c", &script, &s3_event.to_string()])
        .status()
        .unwrap();
    assert!(status.success(), "boto3 published the event");
    let mut listed = Vec::new();
    wait_until(Duration::from_secs(30), "SNS delivered the event", || {
        listed = integration_tests::documents::documents(&server);
        !listed.is_empty()
    });
    let document = listed[0].clone();
    assert_eq!(document["name"], "United Award Chart.md", "{document}");
    let id = document["id"].as_str().unwrap();
    let record = wait_for_status(&server, id, "completed");
    assert!(record["facts"]["loaded"].as_i64().unwrap() > 0, "{record}");
    let sns = json!({
        "Type": "Notification",
        "MessageId": "5f3c0f3e-0000-4000-8000-000000000001",
        "TopicArn": "arn:aws:sns:us-east-1:123456789012:landing",
        "Message": s3_event.to_string(),
    });

    // The same notification again (SNS delivers at least once): the same run.
    let (status, again) = post_json(&server, "/v1/events/s3", &sns);
    assert_eq!(status, 202, "{again}");
    assert_eq!(again["documents"][0]["created"], false, "{again}");
    assert_eq!(again["documents"][0]["run_id"], document["run_id"]);

    // A key that is not in the bucket, and a body that is not an event: clear 4xx.
    let missing = json!({"Records": [{"eventName": "ObjectCreated:Put",
        "s3": {"object": {"key": "incoming/nothing.pdf"}}}]});
    assert_eq!(post_json(&server, "/v1/events/s3", &missing).0, 422);
    assert_eq!(post_json(&server, "/v1/events/s3", &json!({"x": 1})).0, 400);
}

#[test]
fn sns_subscriptions_are_confirmed_and_senders_without_a_key_are_challenged() {
    // A stand-in for SNS's confirmation endpoint: records the request line it gets.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let host = listener.local_addr().unwrap().to_string();
    let (seen_tx, seen_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::{BufRead, BufReader, Write};
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let _ = seen_tx.send(line);
            let _ = reader
                .get_mut()
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let server = Maximizer::new(dir.path())
        .env("MAXIMIZER_SNS_CONFIRM_HOSTS", &host)
        .serve(&[]);
    let url = format!("{}/v1/events/s3", server.url());
    let confirmation = |subscribe_url: &str| {
        json!({
            "Type": "SubscriptionConfirmation",
            "TopicArn": "arn:aws:sns:us-east-1:123456789012:landing",
            "Token": "2336412f37",
            "SubscribeURL": subscribe_url,
        })
        .to_string()
    };

    // SNS first posts without credentials and expects the Basic challenge.
    let Err(ureq::Error::Status(401, response)) = ureq::post(&url)
        .set("Content-Type", "text/plain; charset=UTF-8")
        .send_string(&confirmation("http://x/"))
    else {
        panic!("expected 401");
    };
    assert_eq!(
        response.header("www-authenticate"),
        Some("Basic realm=\"maximizer events\"")
    );

    // With the key as a Basic password, as text/plain (how SNS posts), it is confirmed.
    let basic = |key: &str| {
        use base64::Engine as _;
        let token = base64::engine::general_purpose::STANDARD.encode(format!("events:{key}"));
        format!("Basic {token}")
    };
    let confirmed: Value = ureq::post(&url)
        .set("Authorization", &basic(CURATOR_KEY))
        .set("Content-Type", "text/plain; charset=UTF-8")
        .send_string(&confirmation(&format!(
            "http://{host}/?Action=ConfirmSubscription&Token=2336412f37"
        )))
        .expect("confirmed")
        .into_json()
        .unwrap();
    assert_eq!(confirmed["confirmed"], true, "{confirmed}");
    let line = seen_rx.recv_timeout(Duration::from_secs(5)).unwrap();
    assert!(
        line.starts_with("GET /?Action=ConfirmSubscription"),
        "{line}"
    );

    // A SubscribeURL elsewhere is not visited.
    let Err(ureq::Error::Status(400, response)) = ureq::post(&url)
        .set("Authorization", &basic(CURATOR_KEY))
        .send_string(&confirmation("http://169.254.169.254/latest/meta-data"))
    else {
        panic!("expected 400");
    };
    let body: Value = response.into_json().unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not an SNS endpoint")
    );
    // A wrong key is refused.
    assert!(matches!(
        ureq::post(&url)
            .set("Authorization", &basic("not-the-key-at-all-0000"))
            .send_string("{}"),
        Err(ureq::Error::Status(401, _))
    ));
}

/// Waits for a run to complete and returns its output.
fn wait_for_run(server: &Server, id: &str) -> Value {
    let mut run = Value::Null;
    wait_until(Duration::from_secs(180), &format!("run {id} ends"), || {
        run = get(server, &format!("/v1/runs/{id}")).1;
        matches!(run["status"].as_str(), Some("completed" | "failed"))
    });
    assert_eq!(run["status"], "completed", "{run}");
    run["output"].clone()
}

fn which(program: &str) -> PathBuf {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(program))
        .find(|path| path.is_file())
        .unwrap_or_else(|| panic!("{program} is not installed"))
}

fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}
