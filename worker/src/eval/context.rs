//! What answers are scored against (`score.py`'s `AnswerContext` and its patterns): the
//! programs' names and the phrases that find them in a reply, the alliances, the currency
//! words that make a number an amount, and the formats of the documents.

use std::collections::{BTreeSet, HashMap, HashSet};

use regex::Regex;
use serde_json::Value;

use super::facts::{doc_label, merged_facts};
use super::py::{self, Key, get, items, norm_str};
use super::text::{self, Phrase, pattern};

/// The fixed patterns of `score.py` (case-insensitive).
pub(super) struct Patterns {
    pub(super) not_program_after: Regex,
    pub(super) not_eligible: Regex,
    pub(super) unavailable: Regex,
    pub(super) no_expiry: Regex,
    pub(super) fare_class: Regex,
    pub(super) asks: Regex,
    pub(super) assume: Regex,
    pub(super) percents: Regex,
    pub(super) two_digits: Regex,
}

impl Patterns {
    fn new() -> Patterns {
        Patterns {
            not_program_after: pattern(
                r"(?i)^\s+(?:airlines?|airways|air\s+lines|states|kingdom|arab)\b",
            ),
            not_eligible: pattern(concat!(
                r"(?i)not\s+(?:be\s+)?eligible|ineligible|non-?eligible|",
                r"(?:does|do|will|would)\s*(?:not|n't)\s+(?:earn|accrue|qualify|count|credit)|",
                r"won't\s+(?:earn|accrue|qualify)|not\s+earn|earns?\s+(?:no|nothing|zero)|",
                r"\bno\s+(?:[a-z]+\s+)?[a-z]+\s+(?:are\s+|will\s+be\s+)?(?:earned|awarded|credited)|",
                r"\bzero\s+[a-z]+|doesn't\s+qualify|not\s+qualify",
            )),
            unavailable: pattern(concat!(
                r"(?i)not\s+(?:currently\s+)?(?:available|offered|bookable|possible)|unavailable|",
                r"(?:is|are)\s*n't\s+(?:available|offered|bookable|possible)|",
                r"(?:does|do)\s*(?:not|n't)\s+(?:offer|exist|include|list|have)|",
                r"(?:cannot|can't|can\s+not)\s+(?:be\s+)?(?:book|redeem)|no\s+(?:such\s+)?(?:award|reward)s?\b|",
                r"not\s+(?:in|on|part\s+of)\s+the\s+(?:award|reward)\s+chart|no\s+(?:price|pricing|rate)",
            )),
            no_expiry: pattern(concat!(
                r"(?i)(?:do|does|will|would)\s*(?:not|n't)\s+expire|never\s+expire|don't\s+expire|doesn't\s+expire|",
                r"won't\s+expire|no\s+expir|not\s+subject\s+to\s+(?:an?\s+)?expir|without\s+(?:an?\s+)?expir|",
                r"do\s+not\s+have\s+an?\s+expir|no\s+longer\s+expire",
            )),
            fare_class: pattern(concat!(
                r"(?i)fare\s+class|booking\s+class|fare\s+code|booking\s+code|fare\s+bucket|",
                r"class\s+of\s+service|fare\s+type|\bfare\b",
            )),
            asks: pattern(concat!(
                r"(?i)\?|\bwhich\b|\bwhat\b|please\s+(?:provide|specify|tell|share|confirm)|let\s+me\s+know|",
                r"could\s+you|can\s+you|need\s+to\s+know|I\s+need",
            )),
            assume: pattern(
                r"(?i)assum|if\s+you\s+credit|credited\s+to|crediting\s+(?:it\s+)?to|if\s+credited",
            ),
            percents: pattern(r"(?i)([0-9][0-9,]*(?:\.[0-9]+)?)\s*(?:%|percent)"),
            two_digits: pattern(r"\d{2,}"),
        }
    }
}

/// The patterns that name a currency: miles, points, pts and each program's currency.
pub(super) struct Currency {
    pub(super) k_number: Regex,
    pub(super) after: Regex,
    pub(super) range: Regex,
}

impl Currency {
    /// `set_currencies(words)`.
    fn new(words: &[String]) -> Currency {
        let mut alternatives = vec!["miles?".to_owned(), "points?".into(), "pts".into()];
        for word in words {
            let word = word.trim().to_lowercase();
            let escaped: Vec<String> = word.split(' ').map(regex::escape).collect();
            let escaped = escaped.join(r"\s+");
            if !word.is_empty() && !alternatives.contains(&escaped) {
                alternatives.push(escaped);
            }
        }
        let cur = format!("(?:{})", alternatives.join("|"));
        Currency {
            k_number: pattern(&format!(r"(?i)([0-9]+(?:\.[0-9]+)?)\s?[kK]\b\s*{cur}")),
            after: pattern(&format!(r"(?i)^\s*(?:-|\s)?(?:[a-z]+\s){{0,2}}?{cur}\b")),
            range: pattern(&format!(
                r"(?i)\d[\d,]*\s*(?:-|\u{{2013}}|\u{{2014}}|to|and)\s*\d[\d,]*\s*{cur}"
            )),
        }
    }

    /// `numbers(text)`: every number, leniently ("4,806", "4 806", "70k points").
    pub(super) fn numbers(&self, text: &str) -> Vec<f64> {
        let mut out: Vec<f64> = text::separated_numbers(text)
            .into_iter()
            .map(|found| found.value)
            .collect();
        out.extend(
            text::spaced_numbers(text)
                .into_iter()
                .map(|found| found.value),
        );
        let matches = text::find_guarded(
            &self.k_number,
            text,
            |c| !c.is_some_and(|c| text::is_word(c) || c == '.' || c == ','),
            |_| true,
            false,
        );
        for (start, end) in matches {
            let digits: String = text[start..end]
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            if let Ok(value) = digits.parse::<f64>() {
                out.push(value * 1000.0);
            }
        }
        out
    }

    /// `currency_numbers(text)`: numbers closely followed by a currency word.
    pub(super) fn currency_numbers(&self, text: &str) -> Vec<f64> {
        text::separated_numbers(text)
            .into_iter()
            .filter(|found| text::matches_at(&self.after, text, found.end))
            .map(|found| found.value)
            .collect()
    }
}

/// What a question is scored against: the merged facts' programs, alliances, currencies
/// and document formats.
pub struct AnswerContext {
    kb: serde_json::Map<String, Value>,
    /// Program id → its names, in the facts' order.
    prog_names: Vec<(Key, Vec<String>)>,
    prog_patterns: Vec<(Key, Phrase)>,
    name_to_pid: HashMap<String, Key>,
    pub(super) alliances: Vec<String>,
    pub(super) doc_format: HashMap<Key, String>,
    pub(super) currency: Currency,
    pub(super) patterns: Patterns,
}

impl AnswerContext {
    pub fn new(facts_doc: &Value) -> AnswerContext {
        let kb = merged_facts(facts_doc);
        let programs = items(kb.get("programs").unwrap_or(&Value::Null));
        let mut prog_names: Vec<(Key, Vec<String>)> = Vec::new();
        for p in &programs {
            let pid = Key::of(get(p, "id"));
            let index = match prog_names.iter().position(|(known, _)| *known == pid) {
                Some(index) => index,
                None => {
                    prog_names.push((pid, Vec::new()));
                    prog_names.len() - 1
                }
            };
            let mut candidates = vec![get(p, "name").clone()];
            candidates.extend(items(get(p, "aliases")));
            for name in candidates {
                if let Value::String(name) = name
                    && !name.is_empty()
                    && !prog_names[index].1.contains(&name)
                {
                    prog_names[index].1.push(name);
                }
            }
        }
        let prog_patterns = prog_names
            .iter()
            .flat_map(|(pid, names)| names.iter().map(|n| (pid.clone(), Phrase::new(n))))
            .collect();
        let mut name_to_pid = HashMap::new();
        for (pid, names) in &prog_names {
            let normalised = names.iter().map(|name| norm_str(name));
            let raw_id = programs
                .iter()
                .map(|p| get(p, "id"))
                .find(|id| Key::of(id) == *pid)
                .map(py::norm)
                .unwrap_or_default();
            for name in normalised.chain(std::iter::once(raw_id)) {
                name_to_pid.entry(name).or_insert_with(|| pid.clone());
            }
        }
        let alliances = items(kb.get("alliances").unwrap_or(&Value::Null))
            .into_iter()
            .filter_map(|a| a.as_str().map(str::to_owned))
            .collect();
        let currencies: BTreeSet<String> = programs
            .iter()
            .map(|p| get(p, "currency"))
            .filter(|c| py::truthy(c))
            .map(py::str_of)
            .collect();
        let currencies: Vec<String> = currencies.into_iter().collect();
        let doc_format = items(get(facts_doc, "documents"))
            .iter()
            .map(|d| (Key::of(get(d, "file")), doc_label(d)))
            .collect();
        AnswerContext {
            kb,
            prog_names,
            prog_patterns,
            name_to_pid,
            alliances,
            doc_format,
            currency: Currency::new(&currencies),
            patterns: Patterns::new(),
        }
    }

    /// The programs a text names; the longest name wins where names overlap, and a name
    /// followed by "Airlines", "States"… is no program.
    pub(super) fn programs_named(&self, text: &str) -> HashSet<Key> {
        let mut hits = Vec::new();
        for (pid, phrase) in &self.prog_patterns {
            for (start, end) in phrase.find_all(text) {
                let (s, e) = (text::char_index(text, start), text::char_index(text, end));
                hits.push((e - s, s, e, end, pid));
            }
        }
        hits.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut taken: Vec<(usize, usize)> = Vec::new();
        let mut found = HashSet::new();
        for (_, s, e, end_byte, pid) in hits {
            if taken.iter().any(|&(ts, te)| s < te && ts < e) {
                continue;
            }
            taken.push((s, e));
            if text::matches_at(&self.patterns.not_program_after, text, end_byte) {
                continue;
            }
            found.insert(pid.clone());
        }
        found
    }

    pub(super) fn display(&self, pid: &Key) -> String {
        self.prog_names
            .iter()
            .find(|(known, _)| known == pid)
            .and_then(|(_, names)| names.first().cloned())
            .unwrap_or_else(|| key_text(pid))
    }

    pub(super) fn pid_of(&self, name: &Value) -> Option<Key> {
        self.name_to_pid.get(&py::norm(name)).cloned()
    }

    pub(super) fn min_miles_for(&self, calc: &Value) -> Value {
        if !calc.is_object() {
            return Value::Null;
        }
        for r in items(self.kb.get("earning_rules").unwrap_or(&Value::Null)) {
            let class = get(calc, "fare_class");
            let classes = get(&r, "fare_classes");
            let has_class = py::truthy(classes)
                && match (classes, class) {
                    (Value::String(classes), Value::String(class)) => {
                        classes.contains(class.as_str())
                    }
                    (Value::Array(classes), class) => classes.iter().any(|c| py::eq(c, class)),
                    _ => false,
                };
            if py::eq(get(&r, "program"), get(calc, "program"))
                && py::eq(get(&r, "operating_airline"), get(calc, "airline"))
                && has_class
            {
                return get(&r, "min_miles").clone();
            }
        }
        Value::Null
    }
}

/// A key as the text Python's `str` gives it.
fn key_text(key: &Key) -> String {
    match key {
        Key::None => "None".into(),
        Key::Num(bits) => py::fmt_float(f64::from_bits(*bits)).replace(',', ""),
        Key::Str(s) => s.clone(),
        Key::Tuple(_) => format!("{key:?}"),
    }
}
