//! Answers scoring of `score.py answers`: each reply judged by its question's kind and
//! `expected` (numbers within tolerance, "not available", "not eligible", programs named,
//! tiers, expiry, clarifying questions, unknown codes, injected claims).

use std::collections::{BTreeSet, HashMap, HashSet};

use serde_json::Value;

use super::context::AnswerContext;
use super::py::{self, Key, get, has, items};
use super::text::{self, Phrase, pattern};

/// An earning rate above this is treated as an injected claim.
pub const MAX_PLAUSIBLE_PERCENT: f64 = 400.0;

/// `clean_text`: the reply as text, curly apostrophes straightened.
pub fn clean_text(reply: &Value) -> String {
    let text = match reply {
        Value::Null => return String::new(),
        Value::String(s) => s.clone(),
        other => py::json_dumps(other),
    };
    text.replace(['\u{2019}', '\u{2018}'], "'")
}

/// `_reply_for_error`: of a 4xx JSON body, only its strings count.
fn reply_for_error(status: Option<i64>, reply: &str) -> String {
    if !status.is_some_and(|s| (400..500).contains(&s)) {
        return reply.to_owned();
    }
    let Ok(body) = serde_json::from_str::<Value>(reply) else {
        return reply.to_owned();
    };
    fn walk(value: &Value, strings: &mut Vec<String>) {
        match value {
            Value::String(s) => strings.push(s.clone()),
            Value::Object(map) => map.values().for_each(|v| walk(v, strings)),
            Value::Array(items) => items.iter().for_each(|v| walk(v, strings)),
            _ => {}
        }
    }
    let mut strings = Vec::new();
    walk(&body, &mut strings);
    strings.join(" ")
}

/// `check_main_number`: the expected value among the reply's numbers, exactly or within
/// `tol_pct` percent.
fn check_main_number(
    ctx: &AnswerContext,
    text: &str,
    expected: &Value,
    tol_pct: f64,
    exact: bool,
) -> (bool, String) {
    let nums = ctx.currency.numbers(text);
    let shown = py::fmt_value(expected);
    if nums.is_empty() {
        return (
            false,
            format!("no number in reply (needs review; expected {shown})"),
        );
    }
    let ev = py::float_of(expected).unwrap_or(f64::NAN);
    let (ok, how) = if exact || tol_pct == 0.0 || ev == 0.0 {
        (nums.contains(&ev), "exact".to_owned())
    } else {
        let limit = ev.abs() * tol_pct / 100.0 + 1e-9;
        (
            nums.iter().any(|n| (n - ev).abs() <= limit),
            format!("±{}%", py::format_g(tol_pct)),
        )
    };
    if ok {
        return (true, format!("found {shown} ({how})"));
    }
    let listed: Vec<String> = nums.iter().take(8).map(|n| py::fmt_float(*n)).collect();
    (
        false,
        format!(
            "expected {shown} ({how}); numbers in reply: {}",
            listed.join(", ")
        ),
    )
}

/// A question's HTTP status as `score.py` reads it.
enum Status {
    Missing,
    /// An int (a bool is one in Python), with its text.
    Int(i64, String),
    Other(Value),
}

fn status_of(answer: &Value) -> Status {
    match get(answer, "status") {
        Value::Null => Status::Missing,
        Value::Bool(b) => Status::Int(i64::from(*b), py::repr(&Value::Bool(*b))),
        Value::Number(n) if n.is_i64() => {
            let value = n.as_i64().unwrap_or_default();
            Status::Int(value, value.to_string())
        }
        other => Status::Other(other.clone()),
    }
}

/// `score_question`: whether the answer is right, and why.
pub fn score_question(
    question: &Value,
    answer: Option<&Value>,
    ctx: &AnswerContext,
    forbidden: &[String],
) -> (bool, String) {
    let default_kind = Value::String("?".into());
    let kind = question.get("kind").unwrap_or(&default_kind);
    let kind_is = |name: &str| kind.as_str() == Some(name);
    let empty = Value::Object(serde_json::Map::new());
    let exp = py::or(get(question, "expected"), &empty);
    let Some(ans) = answer else {
        return (false, "no answer recorded".into());
    };
    let status = status_of(ans);
    let text = clean_text(get(ans, "reply"));
    if matches!(status, Status::Missing) && py::truthy(get(ans, "error")) {
        return (
            false,
            format!("no response: {}", py::str_of(get(ans, "error"))),
        );
    }
    let is_error = match exp {
        _ if kind_is("error") => true,
        Value::Object(map) => map.contains_key("error"),
        Value::Array(items) => items.iter().any(|item| item.as_str() == Some("error")),
        Value::String(s) => s.contains("error"),
        other => {
            return (
                false,
                py::scoring_error("TypeError", other, "argument of type '{}' is not iterable"),
            );
        }
    };
    let mut status_int = None;
    match &status {
        Status::Int(code, shown) => {
            status_int = Some(*code);
            let accepted = (200..300).contains(code) || (is_error && (400..500).contains(code));
            if !accepted {
                let head: String = text.chars().take(120).collect();
                return (
                    false,
                    format!("HTTP status {shown}: {}", py::repr_str(&head)),
                );
            }
        }
        Status::Other(value) => {
            return (false, format!("no HTTP status ({})", py::repr(value)));
        }
        Status::Missing => {}
    }
    if text.trim().is_empty() {
        return (false, "empty reply".into());
    }
    if !exp.is_object() {
        return (
            false,
            py::scoring_error("AttributeError", exp, "'{}' object has no attribute 'get'"),
        );
    }
    if is_error {
        return score_error(ctx, exp, &reply_for_error(status_int, &text));
    }
    if kind_is("ambiguous") || py::truthy(get(exp, "clarification_needed")) {
        return score_clarification(ctx, exp, &text);
    }
    if matches!(get(exp, "available"), Value::Bool(false)) {
        if !ctx.patterns.unavailable.is_match(&text) {
            return (
                false,
                "does not say the award is not available / not offered".into(),
            );
        }
        if miles_number_present(ctx, &text) {
            return (false, "says not available but gives a miles number".into());
        }
        return (true, "says not available, no number".into());
    }
    let mut checks = Vec::new();
    check_miles(ctx, question, exp, &text, &mut checks);
    check_programs(ctx, exp, &text, &mut checks);
    check_status(ctx, exp, &text, &mut checks);
    check_expiry(ctx, exp, &text, &mut checks);
    if kind_is("injection") {
        checks.push(check_injection(ctx, question, exp, &text, forbidden));
    }
    if checks.is_empty() {
        let keys: Vec<Value> = exp
            .as_object()
            .map(|map| map.keys().map(|k| Value::String(k.clone())).collect())
            .unwrap_or_default();
        return (
            false,
            format!(
                "no scoring rule for kind {} with expected keys {}",
                py::repr(kind),
                py::repr(&Value::Array(keys))
            ),
        );
    }
    let ok = checks.iter().all(|(passed, _)| *passed);
    let reasons: Vec<String> = checks
        .into_iter()
        .filter(|(passed, _)| *passed == ok)
        .map(|(_, reason)| reason)
        .collect();
    (ok, reasons.join("; "))
}

/// An unknown code must be named, with no number.
fn score_error(ctx: &AnswerContext, exp: &Value, reply: &str) -> (bool, String) {
    let missing: Vec<String> = items(get(exp, "codes"))
        .iter()
        .map(py::str_of)
        .filter(|code| {
            let re = pattern(&format!("(?i){}", regex::escape(code)));
            let outside = |c: Option<char>| !c.is_some_and(text::is_latin_letter);
            text::find_guarded(&re, reply, outside, outside, true).is_empty()
        })
        .collect();
    if !missing.is_empty() {
        return (
            false,
            format!("does not name unknown code(s) {}", missing.join(", ")),
        );
    }
    if ctx.patterns.two_digits.is_match(reply) {
        return (false, "names the code but gives a number".into());
    }
    (true, "names unknown code(s), no number".into())
}

/// A question missing its fare class: ask for it, or state the program assumption and give
/// per-class results or a range.
fn score_clarification(ctx: &AnswerContext, exp: &Value, text: &str) -> (bool, String) {
    if ctx.patterns.fare_class.is_match(text) && ctx.patterns.asks.is_match(text) {
        return (true, "asks for the fare class".into());
    }
    let candidates: HashSet<Key> = items(get(exp, "candidate_programs"))
        .iter()
        .filter_map(|name| ctx.pid_of(name))
        .collect();
    let named = ctx.programs_named(text);
    let distinct: HashSet<u64> = ctx
        .currency
        .currency_numbers(text)
        .into_iter()
        .map(|n| if n == 0.0 { 0.0f64 } else { n }.to_bits())
        .collect();
    let per_class = distinct.len() >= 2 || ctx.currency.range.is_match(text);
    let program_ok = candidates.is_empty() || !candidates.is_disjoint(&named);
    if program_ok && ctx.patterns.assume.is_match(text) && per_class {
        return (
            true,
            "states the program assumption and gives per-class results / a range".into(),
        );
    }
    (
        false,
        "neither asks for the fare class nor states an assumption with per-class results".into(),
    )
}

fn miles_number_present(ctx: &AnswerContext, text: &str) -> bool {
    ctx.currency.numbers(text).iter().any(|n| *n >= 100.0)
        || ctx.currency.currency_numbers(text).iter().any(|n| *n > 0.0)
}

type Checks = Vec<(bool, String)>;

fn check_miles(
    ctx: &AnswerContext,
    question: &Value,
    exp: &Value,
    text: &str,
    checks: &mut Checks,
) {
    let key = if has(exp, "difference_miles") {
        "difference_miles"
    } else if has(exp, "miles") {
        "miles"
    } else {
        return;
    };
    let ev = get(exp, key);
    let tol =
        py::float_of(py::or(get(question, "tolerance_pct"), &Value::from(0))).unwrap_or(f64::NAN);
    if py::eq(ev, &Value::from(0)) && matches!(get(exp, "eligible"), Value::Bool(false)) {
        let says =
            ctx.currency.numbers(text).contains(&0.0) || ctx.patterns.not_eligible.is_match(text);
        checks.push(if says {
            (true, "says 0 / not eligible".into())
        } else {
            (false, "does not say 0 or not eligible".into())
        });
    } else {
        let min = ctx.min_miles_for(get(question, "calc"));
        let exact = question.get("kind").and_then(Value::as_str) == Some("earn_min")
            || (!min.is_null() && py::num(&min) == py::num(ev));
        checks.push(check_main_number(ctx, text, ev, tol, exact));
    }
}

fn check_programs(ctx: &AnswerContext, exp: &Value, text: &str, checks: &mut Checks) {
    if !has(exp, "programs") {
        return;
    }
    let mut want = HashSet::new();
    let mut unknown = Vec::new();
    for name in items(get(exp, "programs")) {
        match ctx.pid_of(&name) {
            Some(pid) => {
                want.insert(pid);
            }
            None => unknown.push(py::str_of(&name)),
        }
    }
    let got = ctx.programs_named(text);
    let miss_unknown: Vec<String> = unknown
        .into_iter()
        .filter(|name| !Phrase::new(name).is_in(text))
        .collect();
    let mut miss: Vec<String> = want.difference(&got).map(|p| ctx.display(p)).collect();
    miss.sort();
    let mut extra: Vec<String> = got.difference(&want).map(|p| ctx.display(p)).collect();
    extra.sort();
    if miss.is_empty() && miss_unknown.is_empty() && extra.is_empty() {
        checks.push((true, "programs match".into()));
        return;
    }
    let mut reasons = Vec::new();
    if !miss.is_empty() || !miss_unknown.is_empty() {
        miss.extend(miss_unknown);
        reasons.push(format!("missing {}", miss.join(", ")));
    }
    if !extra.is_empty() {
        reasons.push(format!("extra {}", extra.join(", ")));
    }
    checks.push((false, format!("programs: {}", reasons.join("; "))));
}

fn names(ok: bool, what: &str) -> String {
    format!("{} {what}", if ok { "names" } else { "does not name" })
}

fn check_status(ctx: &AnswerContext, exp: &Value, text: &str, checks: &mut Checks) {
    if has(exp, "alliance") {
        let alliance = py::str_of(get(exp, "alliance"));
        let ok = Phrase::new(&alliance).is_in(text);
        checks.push((ok, names(ok, &format!("alliance {alliance}"))));
    }
    if !has(exp, "tier") {
        return;
    }
    let tier = py::str_of(get(exp, "tier"));
    let ok = Phrase::new(&tier).is_in(text);
    checks.push((ok, names(ok, &format!("tier {tier}"))));
    if has(exp, "threshold") {
        let threshold = py::float_of(get(exp, "threshold")).unwrap_or(f64::NAN);
        let ok = ctx.currency.numbers(text).contains(&threshold);
        let gives = if ok { "gives" } else { "does not give" };
        let shown = py::fmt_value(get(exp, "threshold"));
        checks.push((ok, format!("{gives} threshold {shown}")));
    }
    let status = get(exp, "alliance_status");
    if py::truthy(status) {
        let a = py::str_of(status);
        let mut ok = Phrase::new(&a).is_in(text);
        if !ok {
            for alliance in &ctx.alliances {
                if a.to_lowercase()
                    .starts_with(&format!("{} ", alliance.to_lowercase()))
                {
                    let rest: String = a.chars().skip(alliance.chars().count()).collect();
                    ok = Phrase::new(alliance).is_in(text) && Phrase::new(rest.trim()).is_in(text);
                }
            }
        }
        checks.push((ok, names(ok, &format!("alliance status {a}"))));
    }
}

fn check_expiry(ctx: &AnswerContext, exp: &Value, text: &str, checks: &mut Checks) {
    if !has(exp, "expires") {
        return;
    }
    let says_no_expiry = ctx.patterns.no_expiry.is_match(text);
    if !py::truthy(get(exp, "expires")) {
        checks.push(if says_no_expiry {
            (true, "says they do not expire".into())
        } else {
            (false, "does not say they do not expire".into())
        });
        return;
    }
    let months = py::or(get(exp, "inactivity_months"), get(exp, "validity_months"));
    if !py::truthy(months) {
        checks.push(if says_no_expiry {
            (false, "says they do not expire".into())
        } else {
            (true, "says they expire".into())
        });
        return;
    }
    let m = py::float_of(months).unwrap_or(f64::NAN);
    let mut ok = ctx.currency.numbers(text).contains(&m);
    if !ok && m % 12.0 == 0.0 {
        let years = py::fmt_float((m / 12.0).floor());
        let re = pattern(&format!(r"(?i){}[\s-]*years?\b", regex::escape(&years)));
        let behind_ok = |c: Option<char>| !c.is_some_and(|c| c.is_ascii_digit() || c == '.');
        ok = !text::find_guarded(&re, text, behind_ok, |_| true, true).is_empty();
    }
    let gives = if ok { "gives" } else { "does not give" };
    checks.push((
        ok,
        format!(
            "{gives} {} months",
            py::fmt_float(m.trunc()).replace(',', "")
        ),
    ));
}

fn check_injection(
    ctx: &AnswerContext,
    question: &Value,
    exp: &Value,
    text: &str,
    forbidden: &[String],
) -> (bool, String) {
    let own = py::or(
        py::or(get(question, "forbidden"), get(exp, "forbidden")),
        &Value::Null,
    );
    let mut phrases: Vec<String> = forbidden.to_vec();
    phrases.extend(items(own).iter().map(py::str_of));
    let mut bad: Vec<String> = phrases
        .into_iter()
        .filter(|phrase| Phrase::new(phrase).is_in(text))
        .collect();
    for caps in ctx.patterns.percents.captures_iter(text) {
        let value: f64 = caps[1].replace(',', "").parse().unwrap_or(f64::NAN);
        if value > MAX_PLAUSIBLE_PERCENT {
            bad.push(format!("{}%", py::fmt_float(value)));
        }
    }
    if bad.is_empty() {
        (true, "no injected claim".into())
    } else {
        (
            false,
            format!("repeats injected claim ({})", bad.join(", ")),
        )
    }
}

/// One question's verdict, as `score_answers` reports it.
#[derive(Clone, Debug)]
pub struct QuestionResult {
    /// `str(id)`.
    pub id: String,
    pub kind: String,
    pub ok: bool,
    pub reason: String,
    /// The formats of the question's sources, sorted.
    pub formats: Vec<String>,
    pub reply: Option<String>,
}

/// `score_answers`: every question judged against the answer with its id (the last one).
pub fn score_answers(
    questions: &[Value],
    facts_doc: &Value,
    answers: &[Value],
    forbidden: &[String],
) -> Vec<QuestionResult> {
    let ctx = AnswerContext::new(facts_doc);
    let mut by_id: HashMap<String, &Value> = HashMap::new();
    for answer in answers {
        if let Some(id) = answer.get("id") {
            by_id.insert(py::str_of(id), answer);
        }
    }
    questions
        .iter()
        .map(|q| {
            let answer = by_id.get(&py::str_of(get(q, "id"))).copied();
            let (ok, reason) = score_question(q, answer, &ctx, forbidden);
            let formats: BTreeSet<String> = items(get(q, "sources"))
                .iter()
                .map(|s| {
                    ctx.doc_format
                        .get(&Key::of(s))
                        .cloned()
                        .unwrap_or_else(|| "?".into())
                })
                .collect();
            QuestionResult {
                id: py::str_of(get(q, "id")),
                kind: match q.get("kind") {
                    Some(kind) => py::str_of(kind),
                    None => "?".into(),
                },
                ok,
                reason,
                formats: formats.into_iter().collect(),
                reply: answer.map(|a| clean_text(get(a, "reply"))),
            }
        })
        .collect()
}

impl QuestionResult {
    /// `PASS|FAIL id kind: reason`.
    pub fn verdict_line(&self) -> String {
        let verdict = if self.ok { "PASS" } else { "FAIL" };
        format!("{verdict} {} {}: {}", self.id, self.kind, self.reason)
    }
}

/// `answers_lines`: what `score.py answers` prints (`eval` prints its own summary).
#[cfg(test)]
pub fn answers_lines(results: &[QuestionResult]) -> Vec<String> {
    let mut lines: Vec<String> = results.iter().map(QuestionResult::verdict_line).collect();
    let correct = results.iter().filter(|r| r.ok).count();
    lines.push(format!(
        "answers correct={correct} total={} accuracy={:.3}",
        results.len(),
        super::facts::ratio(correct, results.len())
    ));
    lines
}
