//! The few Python semantics `score.py` relies on, over JSON values: `dict.get`, truthiness,
//! `str()`/`repr()`, `==` between numbers and booleans, iteration, and the number formats
//! of its messages (`{:,}`, `{:g}`, float `repr`).
//!
//! Known gaps (inputs the samples never hold): digits other than 0-9 are not read as
//! numbers, and objects are printed with their keys sorted (Python keeps their order).

use serde_json::Value;

static NULL: Value = Value::Null;

/// `obj.get(key)`: the value, or `None` (JSON null) when absent or `obj` is no object.
pub fn get<'a>(obj: &'a Value, key: &str) -> &'a Value {
    obj.get(key).unwrap_or(&NULL)
}

/// `key in obj` for an object.
pub fn has(obj: &Value, key: &str) -> bool {
    obj.as_object().is_some_and(|map| map.contains_key(key))
}

/// `bool(x)`.
pub fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(map) => !map.is_empty(),
    }
}

/// `x or y`.
pub fn or<'a>(x: &'a Value, y: &'a Value) -> &'a Value {
    if truthy(x) { x } else { y }
}

/// `for item in x` (`x or []`): a list's items, a string's characters, an object's keys;
/// nothing for other values.
pub fn items(value: &Value) -> Vec<Value> {
    match value {
        Value::Array(items) => items.clone(),
        Value::String(s) => s.chars().map(|c| Value::String(c.to_string())).collect(),
        Value::Object(map) => map.keys().map(|k| Value::String(k.clone())).collect(),
        _ => Vec::new(),
    }
}

/// A number or boolean as Python compares it (`True == 1`).
fn numeric(value: &Value) -> Option<f64> {
    match value {
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        Value::Number(n) => n.as_f64(),
        _ => None,
    }
}

/// Python's `a == b` between JSON values.
pub fn eq(a: &Value, b: &Value) -> bool {
    if let (Some(x), Some(y)) = (numeric(a), numeric(b)) {
        return x == y;
    }
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| eq(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(key, value)| y.get(key).is_some_and(|other| eq(value, other)))
        }
        _ => false,
    }
}

/// `str(x)`.
pub fn str_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => repr(other),
    }
}

/// `repr(x)`.
pub fn repr(value: &Value) -> String {
    if let Some(text) = container(value, repr_str, repr) {
        return text;
    }
    match value {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => number_str(n),
        Value::String(s) => repr_str(s),
        _ => String::new(),
    }
}

/// `json.dumps(value, ensure_ascii=False)`.
pub fn json_dumps(value: &Value) -> String {
    let key = |key: &str| Value::String(key.to_owned()).to_string();
    if let Some(text) = container(value, key, json_dumps) {
        return text;
    }
    match value {
        Value::Number(n) => number_str(n),
        other => other.to_string(),
    }
}

/// A list or dict as Python writes them, `[a, b]` and `{k: v}`, with `key` and `item`
/// writing the parts; `None` for other values.
fn container(value: &Value, key: fn(&str) -> String, item: fn(&Value) -> String) -> Option<String> {
    match value {
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(item).collect();
            Some(format!("[{}]", inner.join(", ")))
        }
        Value::Object(map) => {
            let inner: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", key(k), item(v)))
                .collect();
            Some(format!("{{{}}}", inner.join(", ")))
        }
        _ => None,
    }
}

fn number_str(n: &serde_json::Number) -> String {
    if n.is_i64() || n.is_u64() {
        n.to_string()
    } else {
        float_repr(n.as_f64().unwrap_or(f64::NAN))
    }
}

/// `repr(s)` of a string: quotes, escapes and non-printable characters as Python shows them.
pub fn repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || (0x7f..=0xa0).contains(&(c as u32)) || c == '\u{ad}' => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if !printable(c) => {
                let code = c as u32;
                if code > 0xffff {
                    out.push_str(&format!("\\U{code:08x}"));
                } else {
                    out.push_str(&format!("\\u{code:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// `str.isprintable()` for the characters beyond Latin-1 that replies may hold: separators
/// other than the space, and format characters, are not printable.
fn printable(c: char) -> bool {
    !matches!(c as u32,
        0x1680 | 0x2000..=0x200f | 0x2028..=0x202f | 0x205f..=0x2064 | 0x3000 | 0xfeff
        | 0xd800..=0xdfff | 0xe000..=0xf8ff | 0xfff9..=0xfffb)
}

/// `repr(f)` of a float: the shortest digits that read back, fixed notation for exponents
/// from -4 to 15, else scientific with a signed exponent of at least two digits.
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.into();
    }
    let (negative, digits, exponent) = decimal_parts(&format!("{f:e}"));
    let sign = if negative { "-" } else { "" };
    if (-4..16).contains(&exponent) {
        let body = if exponent >= 0 {
            let point = exponent as usize + 1;
            if digits.len() <= point {
                format!("{digits}{}.0", "0".repeat(point - digits.len()))
            } else {
                format!("{}.{}", &digits[..point], &digits[point..])
            }
        } else {
            format!("0.{}{digits}", "0".repeat((-exponent - 1) as usize))
        };
        format!("{sign}{body}")
    } else {
        format!("{sign}{}{}", mantissa(&digits), exponent_suffix(exponent))
    }
}

/// `d.ddd` from the digits `dddd`.
fn mantissa(digits: &str) -> String {
    if digits.len() > 1 {
        format!("{}.{}", &digits[..1], &digits[1..])
    } else {
        digits.to_owned()
    }
}

fn exponent_suffix(exponent: i32) -> String {
    let sign = if exponent < 0 { '-' } else { '+' };
    format!("e{sign}{:02}", exponent.abs())
}

/// Sign, significant digits (no point, no trailing zeros) and exponent of Rust's `{:e}`.
fn decimal_parts(scientific: &str) -> (bool, String, i32) {
    let (negative, rest) = match scientific.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, scientific),
    };
    let (mantissa, exponent) = rest.split_once('e').unwrap_or((rest, "0"));
    let mut digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    while digits.len() > 1 && digits.ends_with('0') {
        digits.pop();
    }
    (negative, digits, exponent.parse().unwrap_or(0))
}

/// `f"{x:g}"`.
pub fn format_g(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.into();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0" } else { "0" }.into();
    }
    let (negative, digits, exponent) = decimal_parts(&format!("{f:.5e}"));
    let sign = if negative { "-" } else { "" };
    if (-4..6).contains(&exponent) {
        let fixed = format!("{:.*}", (5 - exponent) as usize, f.abs());
        let trimmed = if fixed.contains('.') {
            fixed.trim_end_matches('0').trim_end_matches('.')
        } else {
            &fixed
        };
        format!("{sign}{trimmed}")
    } else {
        format!("{sign}{}{}", mantissa(&digits), exponent_suffix(exponent))
    }
}

/// `f"{n:,}"` of an integer-valued float.
pub fn thousands(f: f64) -> String {
    let digits = format!("{:.0}", f.abs());
    let mut out = String::new();
    for (index, c) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if f < 0.0 && digits != "0" {
        out.insert(0, '-');
    }
    out
}

/// `score.py`'s `_fmt` of a float: integers with thousands separators, else `repr`.
pub fn fmt_float(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 {
        thousands(f)
    } else {
        float_repr(f)
    }
}

/// `score.py`'s `_fmt` of a JSON value.
pub fn fmt_value(value: &Value) -> String {
    match value {
        Value::Bool(b) => u8::from(*b).to_string(),
        Value::Number(n) if n.is_i64() || n.is_u64() => thousands(n.as_f64().unwrap_or(0.0)),
        Value::Number(n) => fmt_float(n.as_f64().unwrap_or(f64::NAN)),
        other => str_of(other),
    }
}

/// `float(s)` of a string (surrounding whitespace allowed).
pub fn parse_float(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.contains('_') {
        // Python allows one underscore between digits.
        let bytes = s.as_bytes();
        let between_digits = bytes.iter().enumerate().all(|(i, b)| {
            *b != b'_'
                || (i > 0
                    && bytes[i - 1].is_ascii_digit()
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
        });
        if !between_digits {
            return None;
        }
        return s.replace('_', "").parse().ok();
    }
    s.parse().ok()
}

/// `float(x)` of a JSON value.
pub fn float_of(value: &Value) -> Option<f64> {
    match value {
        Value::String(s) => parse_float(s),
        other => numeric(other),
    }
}

/// A hashable value as `score.py` puts it in its sets: None, a number (an int, a float or a
/// bool: `True == 1`), a string, or a tuple.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    None,
    Num(u64),
    Str(String),
    Tuple(Vec<Key>),
}

impl Key {
    pub fn num(f: f64) -> Key {
        // -0.0 == 0.0 in Python.
        Key::Num(if f == 0.0 { 0.0f64 } else { f }.to_bits())
    }

    pub fn str(s: impl Into<String>) -> Key {
        Key::Str(s.into())
    }

    /// A JSON scalar as a dict key or tuple element.
    pub fn of(value: &Value) -> Key {
        match value {
            Value::Null => Key::None,
            Value::String(s) => Key::Str(s.clone()),
            other => match numeric(other) {
                Some(f) => Key::num(f),
                None => Key::Str(repr(other)),
            },
        }
    }

    /// `bool(key)`.
    pub fn truthy(&self) -> bool {
        match self {
            Key::None => false,
            Key::Num(bits) => f64::from_bits(*bits) != 0.0,
            Key::Str(s) => !s.is_empty(),
            Key::Tuple(items) => !items.is_empty(),
        }
    }

    /// `key == 0`.
    pub fn is_zero(&self) -> bool {
        matches!(self, Key::Num(bits) if f64::from_bits(*bits) == 0.0)
    }
}

/// `norm(s)`: lowercase, only a-z and 0-9 kept; `None` is empty.
pub fn norm(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        other => norm_str(&str_of(other)),
    }
}

/// `norm` of a string.
pub fn norm_str(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        .collect()
}

/// `num(x)`: 125, 125.0, "125", "125%", "4,806" are numbers (integers when whole, else
/// rounded to 6 places); other strings are lowercased; None stays None.
pub fn num(value: &Value) -> Key {
    match value {
        Value::Null => Key::None,
        Value::Bool(b) => Key::num(f64::from(u8::from(*b))),
        Value::Number(n) => whole_or_rounded(n.as_f64().unwrap_or(f64::NAN)),
        other => {
            let text = str_of(other);
            let stripped: String = text
                .chars()
                .filter(|c| !(c.is_whitespace() || matches!(c, ',' | '%' | '_')))
                .collect();
            if stripped.is_empty() {
                return Key::None;
            }
            match parse_float(&stripped) {
                Some(f) => whole_or_rounded(f),
                None => Key::Str(text.trim().to_lowercase()),
            }
        }
    }
}

fn whole_or_rounded(f: f64) -> Key {
    if !f.is_finite() || f.fract() == 0.0 {
        Key::num(f)
    } else {
        // round(f, 6): correctly rounded, as Rust's fixed-precision formatting is.
        Key::num(format!("{f:.6}").parse().unwrap_or(f))
    }
}

/// `boolish(x)`: "true"/"yes"/"1"/"y" for strings, truthiness otherwise, None stays None.
pub fn boolish(value: &Value) -> Key {
    match value {
        Value::Null => Key::None,
        Value::String(s) => {
            let s = s.trim().to_lowercase();
            Key::num(if matches!(s.as_str(), "true" | "yes" | "1" | "y") {
                1.0
            } else {
                0.0
            })
        }
        other => Key::num(if truthy(other) { 1.0 } else { 0.0 }),
    }
}

/// `score_answers`' reason for a Python exception (`TypeError`, `AttributeError`) about
/// `value`; `{}` in `message` stands for the name of its type.
pub fn scoring_error(exception: &str, value: &Value, message: &str) -> String {
    let message = message.replace("{}", type_name(value));
    format!("scoring error: {exception}: {message}")
}

/// Python's type name of a JSON value.
fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_i64() || n.is_u64() => "int",
        Value::Number(_) => "float",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn formats_numbers_as_python_does() {
        for (f, repr) in [
            (0.5, "0.5"),
            (125.0, "125.0"),
            (1e16, "1e+16"),
            (1.5e-5, "1.5e-05"),
            (0.0001, "0.0001"),
            (-2.5, "-2.5"),
            (123456789012345678.0, "1.2345678901234568e+17"),
        ] {
            assert_eq!(float_repr(f), repr, "{f}");
        }
        for (f, g) in [
            (1.0, "1"),
            (0.5, "0.5"),
            (2.5, "2.5"),
            (1e-5, "1e-05"),
            (1234567.0, "1.23457e+06"),
            (100000.0, "100000"),
        ] {
            assert_eq!(format_g(f), g, "{f}");
        }
        assert_eq!(thousands(4806.0), "4,806");
        assert_eq!(thousands(-1234567.0), "-1,234,567");
        assert_eq!(thousands(100.0), "100");
        assert_eq!(repr_str("it's"), "\"it's\"");
        assert_eq!(repr_str("a\u{a0}b\n"), "'a\\xa0b\\n'");
    }

    #[test]
    fn num_normalises_as_score_py() {
        assert_eq!(num(&json!("4,806")), Key::num(4806.0));
        assert_eq!(num(&json!("125%")), Key::num(125.0));
        assert_eq!(num(&json!(125.0)), num(&json!(125)));
        assert_eq!(num(&json!(true)), Key::num(1.0));
        assert_eq!(num(&json!(" ")), Key::None);
        assert_eq!(num(&json!(" PQP ")), Key::str("pqp"));
        assert_eq!(num(&json!(0.1234567)), Key::num(0.123457));
        assert!(eq(&json!({"a": [1, true]}), &json!({"a": [1.0, 1]})));
        assert_eq!(norm(&json!("Miles&Smiles")), "milessmiles");
    }
}
