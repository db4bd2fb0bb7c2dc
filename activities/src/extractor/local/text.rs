//! Reading the small things documents write: numbers with thousands separators,
//! percentages, lists of fare classes, marks that mean "none".

use std::sync::LazyLock;

use regex::Regex;

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(\d{1,3}(?:[,\u{2009}\u{202f}]\d{3})+|\d{1,3}(?:\.\d{3})+\b|\d+(?:\.\d+)?)\s*([kK]\b)?",
    )
    .expect("valid regex")
});
static PERCENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d+(?:\.\d+)?)\s*(?:%|per ?cent\b)").expect("valid regex"));
static CLASS_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Z](?:\s*(?:,|/|;|\s|\band\b|\bor\b|&)\s*[A-Z])*$").expect("valid regex")
});

/// The first whole number in a text: `12,500`, `12.500`, `25K`, `100000`.
pub fn number(text: &str) -> Option<u64> {
    let captures = NUMBER.captures(text)?;
    let digits = captures.get(1)?.as_str();
    let thousands = captures.get(2).is_some();
    let value = if digits.contains(['.']) && !digits.contains(',') && digits.len() > 4 {
        // "12.500": a dot as the thousands separator.
        digits.replace('.', "").parse::<f64>().ok()?
    } else {
        digits
            .replace([',', '\u{2009}', '\u{202f}'], "")
            .parse::<f64>()
            .ok()?
    };
    let value = if thousands { value * 1000.0 } else { value };
    (value.is_finite() && value >= 0.0).then_some(value.round() as u64)
}

/// A percentage: `125%`, `125 %`, `75 per cent`, or the words for "earns nothing".
pub fn percent(text: &str) -> Option<f64> {
    if means_ineligible(text) {
        return Some(0.0);
    }
    PERCENT
        .captures(text)
        .and_then(|captures| captures.get(1)?.as_str().parse().ok())
}

/// Words that say a fare class earns nothing.
pub fn means_ineligible(text: &str) -> bool {
    let lower = text.to_lowercase();
    [
        "not eligible",
        "ineligible",
        "no miles",
        "no points",
        "does not earn",
        "do not earn",
        "not accrue",
        "no accrual",
        "not earn",
    ]
    .iter()
    .any(|phrase| lower.contains(phrase))
        || lower.trim() == "0"
}

/// A cell that says "nothing here": a dash, `n/a`, `not available`, empty.
pub fn is_none_mark(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    lower.is_empty()
        || matches!(
            lower.as_str(),
            "—" | "–" | "-" | "n/a" | "na" | "x" | "none" | "*" | "--"
        )
        || lower.starts_with("not ")
}

/// Fare classes in a cell or phrase: `J, C, D`, `C J`, `D, K and Z`, `Y/B/M`.
pub fn fare_classes(text: &str) -> Option<Vec<String>> {
    let text = text.trim().trim_end_matches(['.', ':', '*']);
    if !CLASS_LIST.is_match(text) {
        return None;
    }
    let classes: Vec<String> = text
        .split(|c: char| !c.is_ascii_uppercase())
        .filter(|piece| piece.len() == 1)
        .map(str::to_owned)
        .collect();
    (!classes.is_empty()).then_some(classes)
}

/// Folds a name for comparison: lowercase letters and digits only.
pub fn fold(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .flat_map(char::to_lowercase)
        .collect()
}

/// Splits running text into sentences (keeping "e.g." and decimals whole).
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (index, &c) in chars.iter().enumerate() {
        current.push(c);
        let next = chars.get(index + 1).copied();
        let end = matches!(c, '.' | '!' | '?')
            && next.is_none_or(char::is_whitespace)
            && !current.trim_end().ends_with("e.g.")
            && !current.trim_end().ends_with("i.e.")
            && !current.trim_end().ends_with("approx.");
        if end {
            out.push(current.trim().to_owned());
            current.clear();
        }
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_numbers_and_percentages() {
        assert_eq!(number("12,500"), Some(12500));
        assert_eq!(number("PQP 22,000 needed"), Some(22000));
        assert_eq!(number("12.500"), Some(12500));
        assert_eq!(number("25K"), Some(25000));
        assert_eq!(number("n/a"), None);
        assert_eq!(percent("125% of distance"), Some(125.0));
        assert_eq!(percent("0% (not eligible)"), Some(0.0));
        assert_eq!(percent("Not eligible"), Some(0.0));
        assert_eq!(percent("Business"), None);
    }

    #[test]
    fn reads_fare_class_lists() {
        assert_eq!(
            fare_classes("J, C, D, Z, P").unwrap(),
            ["J", "C", "D", "Z", "P"]
        );
        assert_eq!(fare_classes("C J").unwrap(), ["C", "J"]);
        assert_eq!(fare_classes("D, K and Z").unwrap(), ["D", "K", "Z"]);
        assert_eq!(fare_classes("Y/B/M").unwrap(), ["Y", "B", "M"]);
        assert_eq!(fare_classes("Economy"), None);
        assert_eq!(fare_classes("150%"), None);
    }

    #[test]
    fn splits_sentences() {
        use crate::graph::model::slug;
        assert_eq!(
            sentences("Miles expire. Points (e.g. bonus) do not. 1.5 times"),
            ["Miles expire.", "Points (e.g. bonus) do not.", "1.5 times"]
        );
        assert_eq!(slug("Miles&Smiles"), "miles_smiles");
        assert_eq!(fold("Premier 1K"), "premier1k");
    }
}
