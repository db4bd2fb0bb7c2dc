//! Facts scoring of `score.py facts`: both sides flattened into items (earning rules: one
//! per fare class), program and zone names resolved onto the expected identities, and
//! precision and recall micro-averaged over the categories.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{Map, Value};

use super::py::{self, Key, get, items, norm};

pub const CATEGORIES: [&str; 9] = [
    "programs",
    "airlines",
    "alliances",
    "memberships",
    "earning_rules",
    "award_rules",
    "zones",
    "status_tiers",
    "expiry_rules",
];

/// `merged_facts`: every document's facts of a facts.json merged into one list per key.
pub fn merged_facts(facts_doc: &Value) -> Map<String, Value> {
    let mut kb: Map<String, Value> = CATEGORIES
        .iter()
        .map(|c| (c.to_string(), Value::Array(Vec::new())))
        .collect();
    for doc in items(get(facts_doc, "documents")) {
        let Some(facts) = get(&doc, "facts").as_object() else {
            continue;
        };
        for (key, list) in facts {
            let bucket = kb
                .entry(key.clone())
                .or_insert_with(|| Value::Array(Vec::new()));
            let Value::Array(bucket) = bucket else {
                continue;
            };
            for item in items(list) {
                if !bucket.iter().any(|known| py::eq(known, &item)) {
                    bucket.push(item);
                }
            }
        }
    }
    kb
}

/// Maps program and zone names onto the expected identities.
pub struct Resolver {
    /// Normalised id, name or alias → expected program id.
    prog: HashMap<String, Key>,
    /// Program → normalised zone name or alias → canonical zone name.
    zone: HashMap<Key, HashMap<String, Key>>,
    /// Raw id of an actual program → expected id (set per export).
    actual_prog: HashMap<Key, Key>,
}

impl Resolver {
    pub fn new(kb: &Map<String, Value>) -> Resolver {
        let list = |key: &str| items(kb.get(key).unwrap_or(&Value::Null));
        let mut prog = HashMap::new();
        for p in list("programs") {
            let pid = Key::of(get(&p, "id"));
            let mut names = vec![get(&p, "id").clone(), get(&p, "name").clone()];
            names.extend(items(get(&p, "aliases")));
            for name in names {
                let n = norm(&name);
                if !n.is_empty() {
                    prog.entry(n).or_insert_with(|| pid.clone());
                }
            }
        }
        let mut zone: HashMap<Key, HashMap<String, Key>> = HashMap::new();
        for z in list("zones") {
            let names = zone.entry(Key::of(get(&z, "program"))).or_default();
            let mut all = vec![get(&z, "zone").clone()];
            all.extend(items(get(&z, "aliases")));
            for name in all {
                let n = norm(&name);
                if !n.is_empty() {
                    names.entry(n).or_insert_with(|| Key::of(get(&z, "zone")));
                }
            }
        }
        Resolver {
            prog,
            zone,
            actual_prog: HashMap::new(),
        }
    }

    /// The expected id of an actual program object, if any.
    fn program_of_entity(&self, p: &Value) -> Option<Key> {
        ["id", "name"]
            .iter()
            .find_map(|field| self.prog.get(&norm(get(p, field))).cloned())
    }

    /// The expected id of a program reference in a rule; unresolved: `?<normalised raw>`.
    fn program_ref(&self, raw: &Value) -> Key {
        if let Some(pid) = self.actual_prog.get(&Key::of(raw)) {
            return pid.clone();
        }
        self.prog
            .get(&norm(raw))
            .cloned()
            .unwrap_or_else(|| Key::str(format!("?{}", norm(raw))))
    }

    fn zone_ref(&self, program: &Key, raw: &Value) -> Key {
        self.zone
            .get(program)
            .and_then(|names| names.get(&norm(raw)))
            .cloned()
            .unwrap_or_else(|| Key::str(format!("?{}", norm(raw))))
    }
}

/// One category's items: `(key, value)` pairs.
pub type Items = HashSet<(Key, Key)>;

/// `str(x).strip().upper()`, with `x` absent as "".
fn code(value: Option<&Value>) -> Key {
    let text = value.map(py::str_of).unwrap_or_default();
    Key::str(text.trim().to_uppercase())
}

fn tuple(keys: impl IntoIterator<Item = Key>) -> Key {
    Key::Tuple(keys.into_iter().collect())
}

/// `flatten`: each category's items; `actual` resolves the export's names.
pub fn flatten(facts: &Map<String, Value>, res: &mut Resolver, actual: bool) -> Vec<Items> {
    let list = |key: &str| items(facts.get(key).unwrap_or(&Value::Null));
    let mut out: Vec<Items> = CATEGORIES.iter().map(|_| Items::new()).collect();
    let progs = list("programs");
    if actual {
        res.actual_prog.clear();
        for p in progs.iter().filter(|p| p.is_object()) {
            if let Some(pid) = res.program_of_entity(p)
                && !get(p, "id").is_null()
            {
                res.actual_prog.insert(Key::of(get(p, "id")), pid);
            }
        }
    }
    for p in progs.iter().filter(|p| p.is_object()) {
        let pid = if actual {
            res.program_of_entity(p)
        } else {
            Some(Key::of(get(p, "id")))
        };
        let pid = match pid {
            Some(pid) if pid != Key::None => pid,
            _ => Key::str(format!("?{}", norm(py::or(get(p, "id"), get(p, "name"))))),
        };
        out[0].insert((pid, Key::None));
    }
    let res = &*res;
    let reference = |raw: &Value| {
        if actual {
            res.program_ref(raw)
        } else {
            Key::of(raw)
        }
    };
    for a in list("airlines") {
        let code_value = if a.is_object() { get(&a, "iata") } else { &a };
        if py::truthy(code_value) {
            out[1].insert((code(Some(code_value)), Key::None));
        }
    }
    for a in list("alliances") {
        let name = if a.is_object() {
            py::or(py::or(get(&a, "name"), get(&a, "alliance")), get(&a, "id"))
        } else {
            &a
        };
        if py::truthy(name) {
            out[2].insert((Key::str(norm(name)), Key::None));
        }
    }
    for m in list("memberships").iter().filter(|m| m.is_object()) {
        let key = tuple([code(m.get("airline")), Key::str(norm(get(m, "alliance")))]);
        out[3].insert((key, Key::None));
    }
    for r in list("earning_rules").iter().filter(|r| r.is_object()) {
        let prog = reference(get(r, "program"));
        let airline = code(r.get("operating_airline"));
        let pct = py::num(get(r, "percent"));
        let mut min = py::num(get(r, "min_miles"));
        // A minimum of 0 is no minimum; a 0% class never gets a minimum.
        if !min.truthy() || pct.is_zero() {
            min = Key::None;
        }
        let mut classes = get(r, "fare_classes").clone();
        if let Value::String(s) = &classes {
            classes = Value::Array(
                s.chars()
                    .filter(char::is_ascii_alphabetic)
                    .map(|c| Value::String(c.to_string()))
                    .collect(),
            );
        }
        if classes.is_null() && py::truthy(get(r, "fare_class")) {
            classes = Value::Array(vec![get(r, "fare_class").clone()]);
        }
        let cabin = Key::str(norm(get(r, "cabin")));
        for class in items(&classes) {
            let key = tuple([prog.clone(), airline.clone(), code(Some(&class))]);
            out[4].insert((key, tuple([pct.clone(), min.clone(), cabin.clone()])));
        }
    }
    for r in list("award_rules").iter().filter(|r| r.is_object()) {
        let prog = reference(get(r, "program"));
        let mut zones = [
            res.zone_ref(&prog, get(r, "from_zone")),
            res.zone_ref(&prog, get(r, "to_zone")),
        ];
        zones.sort();
        let key = tuple([prog, tuple(zones), Key::str(norm(get(r, "cabin")))]);
        out[5].insert((key, py::num(get(r, "miles_one_way"))));
    }
    for z in list("zones").iter().filter(|z| z.is_object()) {
        let prog = reference(get(z, "program"));
        let zone = res.zone_ref(&prog, get(z, "zone"));
        for country in items(get(z, "countries")) {
            let key = tuple([prog.clone(), zone.clone(), code(Some(&country))]);
            out[6].insert((key, Key::None));
        }
    }
    for t in list("status_tiers").iter().filter(|t| t.is_object()) {
        let key = tuple([reference(get(t, "program")), Key::str(norm(get(t, "name")))]);
        let value = tuple([
            py::num(get(t, "threshold")),
            Key::str(norm(get(t, "threshold_unit"))),
        ]);
        out[7].insert((key, value));
    }
    for e in list("expiry_rules").iter().filter(|e| e.is_object()) {
        let value = tuple([
            py::boolish(get(e, "expires")),
            py::num(get(e, "inactivity_months")),
            py::num(get(e, "validity_months")),
        ]);
        out[8].insert((reference(get(e, "program")), value));
    }
    out
}

pub fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// `doc_label`: "scan" for OCR documents, else the format.
pub fn doc_label(doc: &Value) -> String {
    if py::truthy(get(doc, "ocr_required")) {
        "scan".into()
    } else {
        py::str_of(py::or(get(doc, "format"), &Value::String("?".into())))
    }
}

/// Counts of one category, or of all.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Counts {
    pub expected: usize,
    pub actual: usize,
    pub correct: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.actual)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.expected)
    }
}

/// How much of one expected document's facts the export holds.
#[derive(Clone, Debug, PartialEq)]
pub struct DocumentRecall {
    pub file: String,
    pub format: String,
    pub expected: usize,
    pub found: usize,
}

/// `score_facts`' result.
#[derive(Clone, Debug)]
pub struct FactsScore {
    pub categories: Vec<(&'static str, Counts)>,
    pub total: Counts,
    pub documents: Vec<DocumentRecall>,
}

/// `score_facts`: `expected_doc` is a facts.json, `actual_obj` an export of
/// `GET /v1/graph/facts` (or its `facts` object).
pub fn score_facts(expected_doc: &Value, actual_obj: &Value) -> Result<FactsScore, String> {
    if !actual_obj.is_object() {
        return Err("actual export is not a JSON object".into());
    }
    let actual = actual_obj.get("facts").unwrap_or(actual_obj);
    let Some(actual) = actual.as_object() else {
        return Err("actual export: 'facts' is not an object".into());
    };
    let kb = merged_facts(expected_doc);
    let mut res = Resolver::new(&kb);
    let exp = flatten(&kb, &mut res, false);
    let act = flatten(actual, &mut res, true);
    let mut categories = Vec::new();
    let mut total = Counts::default();
    for (index, category) in CATEGORIES.iter().enumerate() {
        let counts = Counts {
            expected: exp[index].len(),
            actual: act[index].len(),
            correct: exp[index].intersection(&act[index]).count(),
        };
        total.expected += counts.expected;
        total.actual += counts.actual;
        total.correct += counts.correct;
        categories.push((*category, counts));
    }
    let mut documents = Vec::new();
    for doc in items(get(expected_doc, "documents")) {
        let facts = get(&doc, "facts");
        let own: Map<String, Value> = CATEGORIES
            .iter()
            .map(|c| (c.to_string(), Value::Array(items(get(facts, c)))))
            .collect();
        let flat = flatten(&own, &mut res, false);
        documents.push(DocumentRecall {
            file: py::str_of(get(&doc, "file")),
            format: doc_label(&doc),
            expected: flat.iter().map(HashSet::len).sum(),
            found: flat
                .iter()
                .zip(&act)
                .map(|(e, a)| e.intersection(a).count())
                .sum(),
        });
    }
    Ok(FactsScore {
        categories,
        total,
        documents,
    })
}

/// Found and expected facts per document format, formats sorted.
pub fn recall_by_format(documents: &[DocumentRecall]) -> BTreeMap<String, (usize, usize)> {
    let mut formats: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for doc in documents {
        let entry = formats.entry(doc.format.clone()).or_default();
        entry.0 += doc.found;
        entry.1 += doc.expected;
    }
    formats
}

/// The per-category lines of `score.py facts --per-category`.
pub fn category_lines(score: &FactsScore) -> Vec<String> {
    score
        .categories
        .iter()
        .map(|(category, v)| {
            format!(
                "  {category:<14} precision={:.3} recall={:.3} expected={} actual={} correct={}",
                v.precision(),
                v.recall(),
                v.expected,
                v.actual,
                v.correct
            )
        })
        .collect()
}

/// `facts_lines` without `--details`: what `score.py facts` prints (`eval` prints its
/// own summary).
#[cfg(test)]
pub fn facts_lines(score: &FactsScore, per_category: bool, per_document: bool) -> Vec<String> {
    let mut lines = Vec::new();
    if per_category {
        lines.extend(category_lines(score));
    }
    if per_document {
        for d in &score.documents {
            lines.push(format!(
                "  doc {} [{}] recall={:.3} found={}/{}",
                d.file,
                d.format,
                ratio(d.found, d.expected),
                d.found,
                d.expected
            ));
        }
        for (format, (found, expected)) in recall_by_format(&score.documents) {
            lines.push(format!(
                "  format {format} recall={:.3} found={found}/{expected}",
                ratio(found, expected)
            ));
        }
    }
    let t = score.total;
    lines.push(format!(
        "facts precision={:.3} recall={:.3} expected={} actual={} correct={}",
        t.precision(),
        t.recall(),
        t.expected,
        t.actual,
        t.correct
    ));
    lines
}
