//! The conversation end to end through the real binary: the samples ingested, every
//! question of `questions.jsonl` asked over HTTP in a fresh conversation and scored by the
//! samples' `score.py`; a follow-up that reuses the earlier slots; clarifying replies for
//! an unknown airport, an unknown program and a missing fare class; bad input as 4xx; and
//! a traveller kept out of conversations and profiles that are not theirs.

mod support;

use std::path::Path;

use integration_tests::{ADMIN_KEY, TRAVELLER_KEY};
use serde_json::{Value, json};
use support::{ask, call, samples, server_with_samples};

/// Scores answers with the samples' `score.py`; returns (correct, total).
fn score(answers: &Path) -> (u32, u32) {
    let samples = samples();
    let output = std::process::Command::new("python3")
        .arg(samples.join("score.py"))
        .arg("answers")
        .arg(samples.join("questions.jsonl"))
        .arg(samples.join("facts.json"))
        .arg(answers)
        .output()
        .expect("python3 runs score.py");
    let text = String::from_utf8_lossy(&output.stdout);
    println!("{text}");
    let last = text.lines().last().unwrap_or_default();
    let field = |name: &str| {
        last.split_whitespace()
            .find_map(|word| word.strip_prefix(&format!("{name}=")))
            .and_then(|value| value.parse::<u32>().ok())
            .unwrap_or_else(|| panic!("score.py printed no {name}: {text}"))
    };
    (field("correct"), field("total"))
}

#[test]
fn answers_the_sample_questions_and_keeps_conversations_apart() {
    let dir = tempfile::tempdir().unwrap();
    let (_maximizer, server) = server_with_samples(dir.path());

    // Every question in a fresh conversation, scored as the held-out set is.
    let questions = std::fs::read_to_string(samples().join("questions.jsonl")).unwrap();
    let mut answers = String::new();
    for line in questions.lines().filter(|line| !line.trim().is_empty()) {
        let question: Value = serde_json::from_str(line).unwrap();
        let id = question["id"].as_str().unwrap();
        let (status, body) = ask(
            &server,
            TRAVELLER_KEY,
            &format!("sample-{id}"),
            question["question"].as_str().unwrap(),
        );
        assert!(status < 500, "{id}: {status} {body}");
        let reply = body["reply"]
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| body.to_string());
        answers.push_str(&json!({"id": id, "status": status, "reply": reply}).to_string());
        answers.push('\n');
    }
    let path = dir.path().join("answers.jsonl");
    std::fs::write(&path, answers).unwrap();
    let (correct, total) = score(&path);
    println!("conversation score: {correct}/{total}");
    assert!(correct >= 19, "answered {correct} of {total} correctly");

    // The answer carries its run, tool calls and citations; the run's history shows the steps.
    let (status, body) = ask(
        &server,
        TRAVELLER_KEY,
        "details",
        "How many miles do I earn flying Lufthansa in fare class P from FRA to JFK credited to United MileagePlus?",
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["tool_calls"][0]["tool"], "flight_earnings");
    assert_eq!(body["tool_calls"][0]["output"]["total_miles"], 4806);
    assert!(
        body["citations"][0]["document"]
            .as_str()
            .unwrap()
            .ends_with(".html")
    );
    let run_id = body["run_id"].as_str().unwrap();
    let (_, history) = call(
        &server,
        ADMIN_KEY,
        "GET",
        &format!("/v1/runs/{run_id}/history"),
        None,
    );
    let steps: Vec<&str> = history["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|event| event["kind"] == "step_completed")
        .filter_map(|event| event["step"].as_str())
        .collect();
    assert_eq!(
        steps,
        [
            "load-profile",
            "load-history",
            "understand",
            "tool:flight_earnings",
            "save-turn"
        ]
    );

    // A traveller reaches only their own conversations and profile; admins all.
    let (status, _) = ask(
        &server,
        ADMIN_KEY,
        "admins-own",
        "Do United MileagePlus miles expire?",
    );
    assert_eq!(status, 200);
    assert_eq!(
        call(
            &server,
            TRAVELLER_KEY,
            "GET",
            "/v1/conversations/admins-own",
            None
        )
        .0,
        403
    );
    assert_eq!(
        ask(&server, TRAVELLER_KEY, "admins-own", "and Aeroplan?").0,
        403
    );
    let (status, turns) = call(&server, ADMIN_KEY, "GET", "/v1/conversations/details", None);
    assert_eq!(status, 200);
    assert_eq!(turns["owner"], "ana");
    assert_eq!(turns["turns"].as_array().unwrap().len(), 1);
    assert_eq!(
        call(&server, TRAVELLER_KEY, "GET", "/v1/profiles/bob", None).0,
        403
    );
    assert_eq!(
        call(
            &server,
            TRAVELLER_KEY,
            "GET",
            "/v1/conversations/nope",
            None
        )
        .0,
        404
    );
}

#[test]
fn follow_ups_clarifications_profiles_and_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let (_maximizer, server) = server_with_samples(dir.path());

    // A follow-up reuses the places and program of the turn before.
    let (_, first) = ask(
        &server,
        TRAVELLER_KEY,
        "follow",
        "How many Aeroplan points for an economy award from YYZ to NRT?",
    );
    assert!(
        first["reply"].as_str().unwrap().contains("45,000"),
        "{first}"
    );
    let (status, next) = ask(&server, TRAVELLER_KEY, "follow", "and in business?");
    assert_eq!(status, 200);
    assert_eq!(
        next["tool_calls"][0]["input"]["cabin"], "business",
        "{next}"
    );
    assert_eq!(next["tool_calls"][0]["input"]["from"], "YYZ");
    let (_, turns) = call(
        &server,
        TRAVELLER_KEY,
        "GET",
        "/v1/conversations/follow",
        None,
    );
    assert_eq!(turns["turns"][1]["understood"]["follow_up"], true);

    // Unknown airport: named, no number. Unknown program, missing fare class: asked back.
    let (status, body) = ask(
        &server,
        TRAVELLER_KEY,
        "unknown-airport",
        "How many MileagePlus miles on Lufthansa fare class V from FRA to QQX?",
    );
    let reply = body["reply"].as_str().unwrap();
    assert_eq!(status, 200);
    assert!(
        reply.contains("QQX") && !reply.chars().any(|c| c.is_ascii_digit()),
        "{reply}"
    );
    let (status, body) = ask(
        &server,
        TRAVELLER_KEY,
        "unknown-program",
        "How many miles flying LH in P from FRA to JFK credited to Flying Blue?",
    );
    assert_eq!(status, 200);
    assert!(
        body["reply"].as_str().unwrap().contains("Flying Blue"),
        "{body}"
    );
    let (status, body) = ask(
        &server,
        TRAVELLER_KEY,
        "no-class",
        "How many MileagePlus miles flying Lufthansa from FRA to JFK?",
    );
    assert_eq!(status, 200);
    let reply = body["reply"].as_str().unwrap();
    assert!(
        reply.contains("fare class") && reply.contains('?'),
        "{reply}"
    );
    let (status, body) = ask(&server, TRAVELLER_KEY, "no-class", "P");
    assert_eq!(status, 200);
    assert!(body["reply"].as_str().unwrap().contains("4,806"), "{body}");

    // Profiles: validated, then used (home airport, membership).
    let bad = json!({"programs": [{"program": "nope"}], "home_airport": "QQX"});
    let (status, body) = call(
        &server,
        TRAVELLER_KEY,
        "PUT",
        "/v1/profiles/ana",
        Some(&bad),
    );
    assert_eq!(status, 422, "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("nope") && message.contains("QQX"),
        "{message}"
    );
    let good =
        json!({"programs": [{"program": "Aeroplan", "status_tier": "35k"}], "home_airport": "yyz"});
    let (status, body) = call(
        &server,
        TRAVELLER_KEY,
        "PUT",
        "/v1/profiles/ana",
        Some(&good),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["programs"][0]["program"], "aeroplan");
    assert_eq!(body["programs"][0]["status_tier"], "35K");
    let (_, body) = ask(
        &server,
        TRAVELLER_KEY,
        "home",
        "How many points for a business award to Tokyo?",
    );
    assert!(
        body["reply"].as_str().unwrap().contains("85,000")
            || body["tool_calls"][0]["input"]["from"] == "YYZ",
        "{body}"
    );
    assert_eq!(body["tool_calls"][0]["input"]["from"], "YYZ");

    // Bad input is a clear 4xx, never a 500.
    assert_eq!(ask(&server, TRAVELLER_KEY, "empty", "   ").0, 400);
    assert_eq!(ask(&server, TRAVELLER_KEY, "bad%20id", "hi").0, 400);
    let (status, _) = call(
        &server,
        TRAVELLER_KEY,
        "POST",
        "/v1/conversations/x/messages",
        Some(&json!({"txt": 1})),
    );
    assert!((400..500).contains(&status), "{status}");
    let long = "a".repeat(5000);
    assert_eq!(ask(&server, TRAVELLER_KEY, "long", &long).0, 413);
}
