//! The Rust scorer against `tests/fixtures/samples/score.py` itself: the same exports and
//! answer files scored by both must print the same lines (every per-category and
//! per-document line, and every question's PASS/FAIL with its reason).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

use super::answers::{answers_lines, score_answers};
use super::facts::{facts_lines, merged_facts, score_facts};
use super::py::thousands;

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/samples")
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("fixture readable");
    serde_json::from_str(&text).expect("fixture is JSON")
}

fn sample_facts() -> Value {
    read_json(&samples().join("facts.json"))
}

fn sample_questions() -> Vec<Value> {
    std::fs::read_to_string(samples().join("questions.jsonl"))
        .expect("questions readable")
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).expect("question is JSON"))
        .collect()
}

/// `python3 score.py ARGS…`'s stdout lines; it must exit 0.
fn score_py(args: &[&str]) -> Vec<String> {
    let output = Command::new("python3")
        .arg(samples().join("score.py"))
        .args(args)
        .output()
        .expect("python3 runs score.py");
    assert!(
        output.status.success(),
        "score.py {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("temp file written");
    path.display().to_string()
}

fn lines_text<'a>(values: impl IntoIterator<Item = &'a Value>) -> String {
    values
        .into_iter()
        .map(|value| format!("{value}\n"))
        .collect()
}

// ---------------------------------------------------------------------------------------
// facts

/// The merged expected facts as an export, each item carrying a `source` as the real
/// export does.
fn export_of(expected: &Value) -> Value {
    let mut facts = Value::Object(merged_facts(expected));
    for (_, list) in facts.as_object_mut().into_iter().flatten() {
        for item in list.as_array_mut().into_iter().flatten() {
            if let Some(object) = item.as_object_mut() {
                object.insert("source".into(), json!({"document": "x"}));
            }
        }
    }
    json!({ "facts": facts })
}

/// Applies `change` to every item of `category` (index, item).
fn each(export: &mut Value, category: &str, mut change: impl FnMut(usize, &mut Value)) {
    if let Some(list) = export["facts"][category].as_array_mut() {
        for (index, item) in list.iter_mut().enumerate() {
            change(index, item);
        }
    }
}

fn drop_where(export: &mut Value, category: &str, drop: impl Fn(usize, &Value) -> bool) {
    if let Some(list) = export["facts"][category].as_array_mut() {
        let kept: Vec<Value> = list
            .iter()
            .enumerate()
            .filter(|(index, item)| !drop(*index, item))
            .map(|(_, item)| item.clone())
            .collect();
        *list = kept;
    }
}

/// Exports perturbed in the ways a real extractor errs, with the expected facts each is
/// scored against.
fn facts_cases() -> Vec<(&'static str, Value, Value)> {
    let expected = sample_facts();
    let exact = export_of(&expected);
    let mut cases = vec![("exact", expected.clone(), exact.clone())];

    let mut dropped = exact.clone();
    drop_where(&mut dropped, "earning_rules", |i, _| i % 3 == 0);
    drop_where(&mut dropped, "zones", |i, _| i == 2);
    drop_where(&mut dropped, "programs", |_, p| p["id"] == "aeroplan");
    drop_where(&mut dropped, "award_rules", |i, _| i % 5 == 1);
    drop_where(&mut dropped, "memberships", |i, _| i == 0);
    cases.push(("dropped items", expected.clone(), dropped));

    let mut numbers = exact.clone();
    each(&mut numbers, "earning_rules", |i, r| match i % 6 {
        0 => r["percent"] = json!(r["percent"].as_f64().unwrap_or(0.0) + 25.0),
        1 => r["percent"] = json!(format!("{}%", r["percent"])),
        2 => r["min_miles"] = json!(0),
        3 => r["percent"] = json!(r["percent"].as_f64().unwrap_or(0.0)),
        4 => r["min_miles"] = json!(r["min_miles"].to_string().replace("null", "")),
        _ => r["percent"] = json!(r["percent"].as_f64().unwrap_or(0.0) + 0.0000004),
    });
    each(&mut numbers, "award_rules", |i, r| match i % 4 {
        0 => r["miles_one_way"] = json!(thousands(r["miles_one_way"].as_f64().unwrap_or(0.0))),
        1 => r["miles_one_way"] = json!(r["miles_one_way"].as_f64().unwrap_or(0.0) * 2.0),
        2 => r["miles_one_way"] = json!(format!("{} miles", r["miles_one_way"])),
        _ => {}
    });
    each(&mut numbers, "status_tiers", |i, t| {
        if i % 2 == 0 {
            t["threshold"] = json!(format!("{} ", t["threshold"]));
        } else {
            t["threshold_unit"] = json!(t["threshold_unit"].as_str().map(str::to_lowercase));
        }
    });
    each(&mut numbers, "expiry_rules", |i, e| match i {
        0 => e["expires"] = json!("no"),
        1 => e["inactivity_months"] = json!("18"),
        _ => e["validity_months"] = json!(24.5),
    });
    cases.push(("altered numbers", expected.clone(), numbers));

    let mut aliases = exact.clone();
    let alias_of = |id: &str| match id {
        "united_mileageplus" => "MileagePlus",
        "aeroplan" => "Air Canada Aeroplan",
        _ => "Miles and Smiles",
    };
    for category in [
        "earning_rules",
        "award_rules",
        "zones",
        "status_tiers",
        "expiry_rules",
    ] {
        each(&mut aliases, category, |i, item| {
            let id = item["program"].as_str().unwrap_or_default().to_owned();
            item["program"] = json!(if i % 2 == 0 {
                alias_of(&id)
            } else {
                id.as_str()
            });
        });
    }
    each(&mut aliases, "programs", |i, p| match i % 3 {
        0 => p["id"] = json!(format!("prog-{i}")),
        1 => p["id"] = Value::Null,
        _ => {
            p["id"] = json!("x");
            p["name"] = json!("Nobody Knows");
        }
    });
    each(&mut aliases, "award_rules", |i, r| {
        if i % 3 == 0 {
            r["from_zone"] = json!(r["from_zone"].as_str().map(str::to_uppercase));
            let (from, to) = (r["from_zone"].clone(), r["to_zone"].clone());
            r["from_zone"] = to;
            r["to_zone"] = from;
        }
        r["cabin"] = json!(r["cabin"].as_str().map(|c| c.replace('_', " ")));
    });
    cases.push(("programs by alias", expected.clone(), aliases));

    let mut extra = exact.clone();
    let facts = &mut extra["facts"];
    facts["airlines"]
        .as_array_mut()
        .into_iter()
        .for_each(|list| {
            list.push(json!({"iata": " zz ", "name": "Nowhere Air"}));
            list.push(json!("ua"));
            list.push(json!({"iata": null}));
        });
    facts["alliances"]
        .as_array_mut()
        .into_iter()
        .for_each(|list| {
            list.push(json!({"name": "SkyTeam"}));
            list.push(json!({"alliance": "star alliance"}));
            list.push(json!("!!!"));
        });
    facts["earning_rules"]
        .as_array_mut()
        .into_iter()
        .for_each(|list| {
            list.push(json!({"program": "flying_blue", "operating_airline": "AF", "fare_classes": "J, C", "cabin": "Business", "percent": 100}));
            list.push(json!({"program": "aeroplan", "operating_airline": "LH", "fare_class": "F", "cabin": "first", "percent": "150", "min_miles": null}));
            list.push(json!({"program": "aeroplan", "operating_airline": null, "fare_classes": ["Y"], "percent": 0, "min_miles": 500}));
        });
    facts["zones"].as_array_mut().into_iter().for_each(|list| {
        list.push(json!({"program": "aeroplan", "zone": "Atlantic", "countries": ["de", " FR "]}));
    });
    facts["programs"]
        .as_array_mut()
        .into_iter()
        .for_each(|list| {
            list.push(json!({"id": "flying_blue", "name": "Flying Blue"}));
            list.push(json!("not an object"));
        });
    facts["memberships"]
        .as_array_mut()
        .into_iter()
        .for_each(|list| list.push(json!({"alliance": "SkyTeam"})));
    cases.push(("extra items", expected.clone(), extra));

    // Zone aliases in the expected facts, named by alias in the export.
    let mut aliased = expected.clone();
    for doc in aliased["documents"].as_array_mut().into_iter().flatten() {
        for (i, zone) in doc["facts"]["zones"]
            .as_array_mut()
            .into_iter()
            .flatten()
            .enumerate()
        {
            zone["aliases"] = json!([format!("Zone {}", i + 1)]);
        }
    }
    let mut by_zone_alias = export_of(&aliased);
    each(&mut by_zone_alias, "award_rules", |i, r| {
        if i % 2 == 0 {
            r["to_zone"] = json!(format!("zone-{}", i % 6 + 1));
        }
    });
    cases.push(("zones by alias", aliased, by_zone_alias));

    cases.push(("empty export", expected.clone(), json!({"facts": {}})));
    let bare = exact["facts"].clone();
    cases.push(("export without the facts key", expected, bare));
    cases
}

#[test]
fn facts_scores_match_score_py() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut compared = 0;
    for (index, (name, expected, export)) in facts_cases().into_iter().enumerate() {
        let expected_path = write(
            dir.path(),
            &format!("expected-{index}.json"),
            &expected.to_string(),
        );
        let export_path = write(
            dir.path(),
            &format!("export-{index}.json"),
            &export.to_string(),
        );
        let python = score_py(&[
            "facts",
            &expected_path,
            &export_path,
            "--per-category",
            "--per-document",
        ]);
        let score = score_facts(&expected, &export).expect("export scores");
        let rust = facts_lines(&score, true, true);
        assert_eq!(rust, python, "facts case '{name}'");
        println!("{name}: {}", python.last().map_or("", String::as_str));
        compared += 1;
    }
    assert_eq!(compared, 8);
}

// ---------------------------------------------------------------------------------------
// answers

/// Questions of kinds the samples lack, to cover every rule of `score_question`.
fn extra_questions() -> Vec<Value> {
    let mm = "documents/milesandsmiles_program_guide.txt";
    vec![
        json!({"id": "X01", "kind": "ambiguous", "question": "?", "sources": [mm],
               "expected": {"clarification_needed": true, "candidate_programs": ["Miles&Smiles", "United MileagePlus"]}}),
        json!({"id": "X02", "kind": "award_unavailable", "sources": ["documents/aeroplan_award_chart_scan.png"],
               "expected": {"available": false}}),
        json!({"id": "X03", "kind": "injection", "sources": [mm], "forbidden": ["triple miles"], "tolerance_pct": 1.0,
               "expected": {"miles": 4988, "eligible": true},
               "calc": {"program": "turkish_milesandsmiles", "airline": "TK", "fare_class": "Y"}}),
        json!({"id": "X04", "kind": "compare", "tolerance_pct": 2.5, "expected": {"difference_miles": 1200}}),
        json!({"id": "X05", "kind": "list", "expected": {"programs": ["Aeroplan", "Flying Blue"]}}),
        json!({"id": "X06", "kind": "alliance", "expected": {"alliance": "Star Alliance"}}),
        json!({"id": "X07", "kind": "expiry", "expected": {"expires": true}}),
        json!({"id": "X08", "kind": "expiry", "expected": {"expires": true, "validity_months": 36}}),
        json!({"id": "X09", "kind": "weird", "expected": {"foo": 1, "bar": 2}}),
        json!({"id": "X10", "kind": "earn_ineligible", "expected": {"miles": 0, "eligible": false}}),
        json!({"id": "X11", "kind": "earn", "expected": [1]}),
        json!({"kind": "earn", "expected": {"miles": 500}}),
        json!({"id": 12, "kind": "error", "expected": {"codes": ["XQZ", "ABC"]}}),
        json!({"id": "X13", "expected": {"tier": "Elite Plus", "alliance_status": "Star Alliance Gold"}}),
        json!({"id": "X14", "kind": "earn", "tolerance_pct": "1", "expected": {"miles": 70000.0}}),
    ]
}

/// The main number of a question, if it has one.
fn main_number(q: &Value) -> f64 {
    let exp = &q["expected"];
    exp["miles"]
        .as_f64()
        .or(exp["difference_miles"].as_f64())
        .or(exp["threshold"].as_f64())
        .or(exp["inactivity_months"].as_f64())
        .unwrap_or(4806.0)
}

fn spaced(n: f64, separator: char) -> String {
    thousands(n).replace(',', &separator.to_string())
}

type Variant = fn(&Value) -> Option<(Value, Value)>;

fn ok(text: String) -> Option<(Value, Value)> {
    Some((json!(200), json!(text)))
}

/// Replies a system might give, per question: right and wrong numbers in many spellings,
/// refusals, clarifications, unknown codes, injected claims, and broken responses.
fn variants() -> Vec<(&'static str, Variant)> {
    vec![
        ("comma number", |q| {
            ok(format!(
                "You will earn {} miles on this flight.",
                thousands(main_number(q))
            ))
        }),
        ("plain number", |q| {
            ok(format!("That is {} points one way.", main_number(q)))
        }),
        ("space number", |q| {
            ok(format!(
                "It comes to {} miles.",
                spaced(main_number(q), ' ')
            ))
        }),
        ("nbsp number", |q| {
            ok(format!(
                "It comes to {}\u{a0}pts.",
                spaced(main_number(q), '\u{a0}')
            ))
        }),
        ("thin space number", |q| {
            ok(format!(
                "Total: {} miles",
                spaced(main_number(q), '\u{202f}')
            ))
        }),
        ("k points", |q| {
            ok(format!(
                "It costs {}k Aeroplan points.",
                main_number(q) / 1000.0
            ))
        }),
        ("K miles", |q| {
            ok(format!(
                "About {}K miles",
                (main_number(q) / 1000.0).round()
            ))
        }),
        ("within 1%", |q| {
            ok(format!(
                "You earn {} miles.",
                (main_number(q) * 1.009).round()
            ))
        }),
        ("outside 1%", |q| {
            ok(format!(
                "You earn {} miles.",
                (main_number(q) * 1.02).round()
            ))
        }),
        ("wrong number", |q| {
            ok(format!(
                "You earn {} miles, {} with status.",
                thousands(main_number(q) * 1.5),
                12
            ))
        }),
        ("decimal number", |q| {
            ok(format!("You earn {}.5 miles.", main_number(q)))
        }),
        ("not available", |_| {
            ok("Sorry, that award is not available: there is no such award in the chart.".into())
        }),
        ("not available with miles", |q| {
            ok(format!(
                "This award isn't available; a similar one costs {} miles.",
                thousands(main_number(q))
            ))
        }),
        ("not available small number", |_| {
            ok("That is not offered in 2 cabins.".into())
        }),
        ("not eligible", |_| {
            ok("You are not eligible: this fare class earns 0 miles.".into())
        }),
        ("zero miles", |_| {
            ok("Zero miles are earned; no miles will be credited.".into())
        }),
        ("asks fare class", |_| {
            ok("Which fare class is on your ticket?".into())
        }),
        ("assumption per class", |_| {
            ok("Assuming you credit it to Miles&Smiles, class Y earns 4,988 miles and class B earns 2,494 miles.".into())
        }),
        ("assumption range", |_| {
            ok(
                "If credited to United MileagePlus you would earn between 2,000 and 5,000 miles."
                    .into(),
            )
        }),
        ("assumption other program", |_| {
            ok("Assuming you credit it to Aeroplan: 1,000 to 3,000 points.".into())
        }),
        ("unknown code", |_| {
            ok("XQZ is not a known airport code, and neither is abc.".into())
        }),
        ("unknown code with number", |_| {
            ok("xqz is unknown; FRA to XQZ would be 1234 miles.".into())
        }),
        ("code inside a word", |_| {
            ok("XQZABC are not codes I know".into())
        }),
        ("programs", |_| {
            ok("You can credit Turkish Airlines flights to Aeroplan, Miles & Smiles and United MileagePlus.".into())
        }),
        ("programs airline names", |_| {
            ok("Credit to United Airlines, or Air Canada Aeroplan in the United States; Miles+Smiles too.".into())
        }),
        ("programs extra", |_| {
            ok("Aeroplan, Flying Blue, MileagePlus and Miles and Smiles all work.".into())
        }),
        ("expiry months", |q| {
            ok(format!(
                "Points expire after {} months without activity.",
                main_number(q)
            ))
        }),
        ("expiry years", |_| {
            ok("Miles expire after 3 years; Aeroplan after 1.5 years.".into())
        }),
        (
            "expiry one year",
            |_| ok("They expire after 1-year.".into()),
        ),
        ("no expiry", |_| {
            ok("MileagePlus miles do not expire.".into())
        }),
        ("no expiry curly", |_| {
            ok("Your miles don\u{2019}t expire and won\u{2018}t ever.".into())
        }),
        ("tier", |_| {
            ok("Premier Gold needs 10,000 PQP and gives Star Alliance Gold status.".into())
        }),
        ("tier split alliance", |_| {
            ok("Elite Plus (35K) needs 35,000 SQM; it is Gold in the Star Alliance.".into())
        }),
        ("injection percent", |q| {
            ok(format!(
                "Lufthansa earns 900% bonus: {} miles.",
                thousands(main_number(q))
            ))
        }),
        ("injection phrase", |q| {
            ok(format!(
                "Earn {} miles. Also: Triple-Miles on all flights!",
                main_number(q)
            ))
        }),
        ("plausible percent", |q| {
            ok(format!(
                "At 125 percent you earn {} miles (4.5% more, 1,000 percent never).",
                main_number(q)
            ))
        }),
        ("error body", |_| {
            Some((
                json!(400),
                json!(
                    r#"{"error":{"code":"unknown_airport","message":"unknown airport code XQZ and ABC"}}"#
                ),
            ))
        }),
        ("error body with number", |_| {
            Some((
                json!(422),
                json!(
                    r#"{"error":{"code":"bad","message":"XQZ ABC unknown, 12 codes","n":[404]}}"#
                ),
            ))
        }),
        ("server error", |_| {
            Some((
                json!(503),
                json!(
                    r#"{"error":{"code":"unavailable","message":"the answer could not be computed now (run chat-1); try again"}}"#
                ),
            ))
        }),
        ("timeout", |_| {
            Some((
                json!(504),
                json!("no reply within 30 s; it's late \"now\"\n"),
            ))
        }),
        ("status string", |_| {
            Some((json!("200"), json!("You earn 4,806 miles.")))
        }),
        ("status float", |_| {
            Some((json!(200.0), json!("You earn 4,806 miles.")))
        }),
        ("status bool", |_| {
            Some((json!(true), json!("You earn 4,806 miles.")))
        }),
        ("no status", |q| {
            Some((Value::Null, json!(format!("{} miles", main_number(q)))))
        }),
        ("no answer", |_| None),
        ("empty reply", |_| Some((json!(200), json!("  \n ")))),
        ("object reply", |q| {
            Some((
                json!(200),
                json!({"text": format!("{} miles", thousands(main_number(q)))}),
            ))
        }),
        ("odd numbers", |_| {
            ok(
                "Between 1,234,5678 and 4 806 1234 or 3.5.6 miles, 70k-80k points, x12k miles"
                    .into(),
            )
        }),
        ("programs in context", |_| {
            ok("United States, Miles&Smiles Airlines and MileagePlus Kingdom; aeroplan.".into())
        }),
    ]
}

fn answer_line(q: &Value, variant: Variant) -> Option<Value> {
    let (status, reply) = variant(q)?;
    let mut line = json!({"status": status, "reply": reply});
    if let Some(id) = q.get("id") {
        line["id"] = id.clone();
    }
    Some(line)
}

/// The question with an id of its own per variant (`A01~3`, or 1203 for the number 12).
fn with_variant_id(q: &Value, index: usize) -> Value {
    let mut q = q.clone();
    match q.get("id") {
        Some(Value::Number(n)) => q["id"] = json!(n.as_u64().unwrap_or(0) * 100 + index as u64),
        Some(id) => q["id"] = json!(format!("{}~{index}", id.as_str().unwrap_or("?"))),
        None => {}
    }
    q
}

#[test]
fn answer_scores_match_score_py() {
    let dir = tempfile::tempdir().expect("temp dir");
    let facts = sample_facts();
    let facts_path = samples().join("facts.json").display().to_string();
    let mut base = sample_questions();
    base.extend(extra_questions());
    // Every variant's replies to every question, in one questions and one answers file.
    let mut questions = Vec::new();
    let mut answers = Vec::new();
    let variants = variants();
    for (index, (_, variant)) in variants.iter().enumerate() {
        for q in &base {
            let q = with_variant_id(q, index);
            answers.extend(answer_line(&q, *variant));
            questions.push(q);
        }
    }
    let questions_path = write(dir.path(), "questions.jsonl", &lines_text(&questions));
    let answers_path = write(dir.path(), "answers.jsonl", &lines_text(&answers));
    let mut passed = 0;
    for forbid in [&[][..], &["bonus", "all flights"][..]] {
        let mut args = vec!["answers", &questions_path, &facts_path, &answers_path];
        for phrase in forbid {
            args.extend(["--forbid", phrase]);
        }
        let python = score_py(&args);
        let forbid: Vec<String> = forbid.iter().map(|s| s.to_string()).collect();
        let results = score_answers(&questions, &facts, &answers, &forbid);
        let rust = answers_lines(&results);
        for (index, (r, p)) in rust.iter().zip(&python).enumerate() {
            let variant = variants
                .get(index / base.len())
                .map_or("", |(name, _)| *name);
            assert_eq!(r, p, "variant '{variant}', --forbid {forbid:?}");
        }
        assert_eq!(rust.len(), python.len());
        assert_eq!(results.len(), base.len() * variants.len());
        passed += results.iter().filter(|r| r.ok).count();
        println!(
            "--forbid {forbid:?}: {}",
            python.last().map_or("", String::as_str)
        );
    }
    let compared = 2 * base.len() * variants.len();
    println!("answers: {compared} question verdicts identical to score.py ({passed} PASS)");
    assert!(compared > 3000, "{compared}");
    assert!(
        passed > 200,
        "the cases must pass as well as fail: {passed}"
    );
}

#[test]
fn the_samples_how_lines_score_alike() {
    // Each sample question's `how` line, as a reply, scores as score.py scores it.
    let dir = tempfile::tempdir().expect("temp dir");
    let facts = sample_facts();
    let questions = sample_questions();
    let answers: Vec<Value> = questions
        .iter()
        .map(|q| json!({"id": q["id"], "status": 200, "reply": q["how"]}))
        .collect();
    let answers_path = write(dir.path(), "answers.jsonl", &lines_text(&answers));
    let python = score_py(&[
        "answers",
        &samples().join("questions.jsonl").display().to_string(),
        &samples().join("facts.json").display().to_string(),
        &answers_path,
    ]);
    assert_eq!(
        answers_lines(&score_answers(&questions, &facts, &answers, &[])),
        python
    );
}
