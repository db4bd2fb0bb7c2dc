//! What a document is about: its program, the airlines it names, the zones it defines,
//! the date its rules take effect. Known names come from the reference data; names the
//! reference does not know are read from the patterns documents use ("Name (XX)",
//! "X is the frequent flyer programme of Y").

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::text::fold;
use crate::graph::model::slug;
use crate::reference;

/// The program a document is about.
#[derive(Clone, Debug, PartialEq)]
pub struct ProgramInfo {
    pub id: String,
    pub name: String,
    pub operator_airline: Option<String>,
    pub currency: Option<String>,
    pub aliases: Vec<String>,
}

/// An airline a document names.
#[derive(Clone, Debug, PartialEq)]
pub struct AirlineInfo {
    pub iata: String,
    pub name: String,
    pub country: Option<String>,
    pub alliance: Option<String>,
}

static NAME_AND_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([A-Z][A-Za-z&.'’-]*(?:\s+[A-Z][A-Za-z&.'’-]*){0,4})\s*\(([A-Z][A-Z0-9]|[A-Z0-9][A-Z])\)")
        .expect("valid regex")
});
static PROGRAM_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b([A-Z][\w&'’+-]*(?:\s+[A-Z&][\w&'’+-]*){0,3})\s+is\s+the\s+(?:frequent[- ]fl[yi]er|loyalty|rewards?|mileage)\s+program(?:me)?\s+of\s+([A-Z][\w&' -]+?)(?:\s*\(([A-Z0-9]{2})\))?[,.;]")
        .expect("valid regex")
});

/// The program `text` is mostly about: the one named most often, a mention in the first
/// heading counting triple.
pub fn main_program(title: &str, text: &str) -> Option<ProgramInfo> {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (offset, program) in reference::programs_in(text) {
        let entry = counts.entry(program.id.as_str()).or_insert((0, offset));
        entry.0 += 1;
        entry.1 = entry.1.min(offset);
    }
    for (_, program) in reference::programs_in(title) {
        if let Some(entry) = counts.get_mut(program.id.as_str()) {
            entry.0 += 2;
        }
    }
    let best = counts
        .iter()
        .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)))
        .and_then(|(id, _)| reference::program(id));
    if let Some(program) = best {
        return Some(ProgramInfo {
            id: program.id.clone(),
            name: program.name.clone(),
            operator_airline: Some(program.operator_airline.clone())
                .filter(|code| !code.is_empty()),
            currency: Some(program.currency.clone()).filter(|currency| !currency.is_empty()),
            aliases: program.aliases.clone(),
        });
    }
    // A program the reference does not know: "X is the frequent flyer programme of Y (YY)".
    let captures = PROGRAM_OF.captures(text)?;
    let name = captures.get(1)?.as_str().trim().to_owned();
    let operator = captures
        .get(3)
        .map(|code| code.as_str().to_owned())
        .or_else(|| {
            reference::airline_by_name(captures.get(2)?.as_str())
                .map(|airline| airline.iata.clone())
        });
    let lower = text.to_lowercase();
    let currency = if lower.matches(" points").count() > lower.matches(" miles").count() {
        "points"
    } else {
        "miles"
    };
    Some(ProgramInfo {
        id: slug(&name),
        name,
        operator_airline: operator,
        currency: Some(currency.to_owned()),
        aliases: Vec::new(),
    })
}

/// Airlines named in `text`, in order of first mention, known ones from the reference and
/// others from "Name (XX)".
pub fn airlines_in(text: &str) -> Vec<AirlineInfo> {
    let mut found: Vec<(usize, AirlineInfo)> = reference::airlines_in(text)
        .into_iter()
        .map(|(offset, airline)| (offset, known_airline(airline)))
        .collect();
    for captures in NAME_AND_CODE.captures_iter(text) {
        let (Some(name), Some(code)) = (captures.get(1), captures.get(2)) else {
            continue;
        };
        let code = code.as_str();
        if found.iter().any(|(_, airline)| airline.iata == code) {
            continue;
        }
        let info = match reference::airline(code) {
            // The code names a known airline; trust the code over the words before it.
            Some(airline) => known_airline(airline),
            None if looks_like_airline_name(name.as_str()) => AirlineInfo {
                iata: code.to_owned(),
                name: name.as_str().trim().to_owned(),
                country: None,
                alliance: None,
            },
            None => continue,
        };
        found.push((name.start(), info));
    }
    found.sort_by_key(|(offset, _)| *offset);
    let mut out: Vec<AirlineInfo> = Vec::new();
    for (_, airline) in found {
        if !out.iter().any(|known| known.iata == airline.iata) {
            out.push(airline);
        }
    }
    out
}

fn looks_like_airline_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    [
        "air", "airline", "airways", "aviation", "express", "jet", "fly", "wings",
    ]
    .iter()
    .any(|word| lower.split_whitespace().any(|w| w.starts_with(word)))
}

/// An airline of the reference data.
pub fn known_airline(airline: &reference::AirlineRef) -> AirlineInfo {
    AirlineInfo {
        iata: airline.iata.clone(),
        name: airline.name.clone(),
        country: Some(airline.country.clone()).filter(|country| !country.is_empty()),
        alliance: airline.alliance.clone(),
    }
}

/// An airline by code, from the reference data or the airlines the document named.
pub fn airline_by_code(code: &str, named: &[AirlineInfo]) -> Option<AirlineInfo> {
    named
        .iter()
        .find(|airline| airline.iata.eq_ignore_ascii_case(code))
        .cloned()
        .or_else(|| reference::airline(code).map(known_airline))
}

/// An airline named by a table cell: a code, a name, or "Name (XX)".
pub fn airline_in_cell(cell: &str, named: &[AirlineInfo]) -> Option<AirlineInfo> {
    let trimmed = cell.trim();
    if trimmed.len() == 2 && trimmed.chars().all(|c| c.is_ascii_alphanumeric()) {
        return airline_by_code(trimmed, named);
    }
    airlines_in(trimmed).into_iter().next().or_else(|| {
        named
            .iter()
            .find(|airline| fold(&airline.name) == fold(trimmed))
            .cloned()
    })
}

static EFFECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:effective|valid|applies|applicable|in force)\s+(?:from|as of|on|starting)?\s*:?\s*(\d{4}-\d{2}-\d{2}|\d{1,2}\s+[A-Za-z]+\s+\d{4}|[A-Za-z]+\s+\d{1,2},?\s+\d{4})|\bas of\s+(\d{4}-\d{2}-\d{2}|\d{1,2}\s+[A-Za-z]+\s+\d{4}|[A-Za-z]+\s+\d{1,2},?\s+\d{4})")
        .expect("valid regex")
});

/// The date from which a document's rules hold, when it states one (`YYYY-MM-DD`).
pub fn effective_date(text: &str) -> Option<String> {
    let captures = EFFECTIVE.captures(text)?;
    let date = captures.get(1).or_else(|| captures.get(2))?.as_str();
    parse_date(date)
}

/// Parses `2026-01-31`, `31 January 2026` and `January 31, 2026`.
pub fn parse_date(text: &str) -> Option<String> {
    let text = text.trim().replace(',', "");
    if let Ok(date) = chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
        return Some(date.format("%Y-%m-%d").to_string());
    }
    for format in ["%d %B %Y", "%B %d %Y", "%d %b %Y", "%b %d %Y"] {
        if let Ok(date) = chrono::NaiveDate::parse_from_str(&text, format) {
            return Some(date.format("%Y-%m-%d").to_string());
        }
    }
    None
}
