//! Ingestion end to end through the real binary: every sample document (HTML, Markdown,
//! text, a text-layer PDF, a scanned PNG and a scanned PDF read by real tesseract) uploaded
//! over HTTP, the graph's export scored against the ground truth with the samples' own
//! `score.py`, re-ingestion that changes nothing, and a document that fails at its step,
//! is fixed and redriven without re-running the steps before.

use std::time::Duration;

use integration_tests::documents::{
    completed_steps, documents, get, post, sample_files, samples, score_facts, upload,
    wait_for_documents,
};
use integration_tests::{Maximizer, wait_until};
use serde_json::Value;

/// Prints each step's time (last attempt's start to completion) summed over the documents'
/// runs and the slowest single one, from the runs' histories.
fn print_step_times(server: &integration_tests::Server, documents: &[Value]) {
    let mut totals: std::collections::BTreeMap<String, (f64, f64, String)> = Default::default();
    for document in documents {
        let run_id = document["run_id"].as_str().unwrap();
        let (_, history) = get(server, &format!("/v1/runs/{run_id}/history"));
        let mut started = std::collections::HashMap::new();
        for event in history["events"].as_array().unwrap() {
            let at = chrono::DateTime::parse_from_rfc3339(event["at"].as_str().unwrap()).unwrap();
            let position = event["position"].to_string();
            match event["kind"].as_str() {
                Some("attempt_started") => {
                    started.insert(position, at);
                }
                Some("step_completed") => {
                    if let Some(start) = started.get(&position) {
                        let ms = (at - *start).num_microseconds().unwrap_or(0) as f64 / 1000.0;
                        let step = event["step"].as_str().unwrap_or("?").to_owned();
                        let entry = totals.entry(step).or_default();
                        entry.0 += ms;
                        if ms > entry.1 {
                            entry.1 = ms;
                            entry.2 = document["name"].as_str().unwrap_or("?").to_owned();
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut rows: Vec<_> = totals.into_iter().collect();
    rows.sort_by(|a, b| b.1.0.total_cmp(&a.1.0));
    println!("step times over all documents (total ms, slowest ms, slowest document):");
    for (step, (total, slowest, name)) in &rows {
        println!("  {step:<20} {total:>9.1} {slowest:>9.1}  {name}");
    }
}

#[test]
fn ingests_every_sample_format_and_matches_the_ground_truth() {
    let dir = tempfile::tempdir().unwrap();
    let maximizer = Maximizer::new(dir.path());
    let server = maximizer.serve(&[]);
    let files = sample_files();
    let started = std::time::Instant::now();
    let (status, body) = upload(&server, &files);
    assert_eq!(status, 202, "{body}");
    let submitted = body["documents"].as_array().unwrap();
    assert_eq!(submitted.len(), files.len());
    for document in submitted {
        let sha = document["sha256"].as_str().unwrap();
        assert_eq!(document["id"], document["sha256"]);
        assert_eq!(document["run_id"], format!("ingest-{sha}"));
    }
    wait_for_documents(&server, files.len());
    let elapsed = started.elapsed();
    for document in documents(&server) {
        assert_eq!(document["status"], "completed", "{document}");
        assert!(
            document["facts"]["loaded"].as_i64().unwrap() > 0,
            "{document}"
        );
    }
    println!(
        "ingested {} documents in {:.1} s ({:.1} documents per minute)",
        files.len(),
        elapsed.as_secs_f64(),
        files.len() as f64 * 60.0 / elapsed.as_secs_f64()
    );
    print_step_times(&server, &documents(&server));
    let (status, export) = get(&server, "/v1/graph/facts");
    assert_eq!(status, 200, "{export}");
    let (precision, recall) = score_facts(&export, dir.path());
    println!("facts precision={precision:.3} recall={recall:.3}");
    assert!(
        precision >= 0.95 && recall >= 0.95,
        "precision {precision} recall {recall}"
    );

    // One program's facts only.
    let (status, aeroplan) = get(&server, "/v1/graph/facts?program=aeroplan");
    assert_eq!(status, 200);
    assert!(
        aeroplan["facts"]["earning_rules"]
            .as_array()
            .unwrap()
            .iter()
            .all(|rule| rule["program"] == "aeroplan")
    );
    assert_eq!(get(&server, "/v1/graph/facts?program=nope").0, 404);

    // The same documents again, by upload and by the CLI: no new runs, the same graph.
    let (_, runs_before) = get(&server, "/v1/runs?limit=500");
    let (status, again) = upload(&server, &files);
    assert_eq!(status, 202);
    assert!(
        again["documents"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["created"] == false)
    );
    let lines =
        maximizer.json_lines(&["ingest", &samples().join("documents").display().to_string()]);
    assert_eq!(lines.len(), files.len());
    assert!(
        lines.iter().all(|line| line["created"] == false),
        "{lines:?}"
    );
    let (_, runs_after) = get(&server, "/v1/runs?limit=500");
    assert_eq!(
        runs_before["runs"].as_array().map(Vec::len),
        runs_after["runs"].as_array().map(Vec::len)
    );
    let (_, export_again) = get(&server, "/v1/graph/facts");
    assert_eq!(export, export_again);

    // Bad input is a clear 4xx.
    let (status, body) = upload(&server, &[("junk.bin".into(), vec![0, 1, 2, 3])]);
    assert_eq!(status, 415, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("junk.bin")
    );
    let (status, _) = get(&server, "/v1/documents/unknown");
    assert_eq!(status, 404);
}

#[test]
fn a_failed_document_is_fixed_and_redriven_from_its_step() {
    let dir = tempfile::tempdir().unwrap();
    let maximizer = Maximizer::new(dir.path());
    let server = maximizer.serve(&[]);
    // A PDF whose body is damaged: detection passes, text extraction fails for good.
    let damaged = b"%PDF-1.4\nthis is not a real PDF body\n".to_vec();
    let (status, body) = upload(&server, &[("guide.pdf".into(), damaged)]);
    assert_eq!(status, 202, "{body}");
    let document = body["documents"][0].clone();
    let id = document["id"].as_str().unwrap().to_owned();
    let run_id = document["run_id"].as_str().unwrap().to_owned();
    wait_for_documents(&server, 1);
    let (_, failed) = get(&server, &format!("/v1/documents/{id}"));
    assert_eq!(failed["status"], "failed", "{failed}");
    let message = failed["error"].to_string();
    assert!(
        message.contains("extract-text") || message.contains("pdftotext"),
        "{message}"
    );

    // The operator replaces the object with a readable PDF and redrives the run.
    let landing = dir
        .path()
        .join("data/objects/landing")
        .join(format!("{id}.pdf"));
    let landing = if landing.exists() {
        landing
    } else {
        dir.path().join("objects/landing").join(format!("{id}.pdf"))
    };
    assert!(landing.exists(), "landing object at {}", landing.display());
    let readable = samples().join("documents/aeroplan_partner_earning.pdf");
    std::fs::copy(readable, &landing).unwrap();
    let (status, body) = post(&server, &format!("/v1/runs/{run_id}/redrive"));
    assert_eq!(status, 200, "{body}");
    wait_until(Duration::from_secs(120), "redriven run completes", || {
        get(&server, &format!("/v1/documents/{id}")).1["status"] == "completed"
    });
    assert_eq!(
        completed_steps(&server, &run_id, "detect"),
        1,
        "detect ran again"
    );
    assert_eq!(completed_steps(&server, &run_id, "extract-text"), 1);
    assert_eq!(completed_steps(&server, &run_id, "load-graph"), 1);
}
