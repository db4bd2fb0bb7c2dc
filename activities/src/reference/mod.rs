//! Reference data the fact extractor and validator use to recognise real-world names: airlines
//! (IATA code, country, alliance), airline loyalty programs, countries (ISO 3166-1) and
//! airports (IATA).
//!
//! The tables are CSV files under `activities/data/` (see its README for provenance), compiled
//! into the binary with `include_str!` and parsed once, on first use.
//!
//! Look-ups by name are tolerant of case, accents, punctuation and spacing ("Miles & Smiles",
//! "Miles and Smiles" and "Miles&Smiles" are one name). Finding names in running text works on
//! whole words, takes the longest name at each position ("Turkish Airlines", not "Turkish"),
//! and never reads a bare two-letter airline code outside parentheses, since those collide with
//! fare classes and ordinary words.

mod table;
pub(crate) mod text;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::LazyLock;

use text::{Matcher, Token, compact, tokenize};

/// An airline, as listed in `data/airlines.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AirlineRef {
    /// Two-character IATA designator, such as `LH`.
    pub iata: String,
    /// The airline's usual English name, such as `Lufthansa`.
    pub name: String,
    /// ISO 3166-1 alpha-2 code of the airline's home country.
    pub country: String,
    /// The global alliance the airline belongs to (`Star Alliance`, `oneworld`, `SkyTeam`), if
    /// any, as of 2024.
    pub alliance: Option<String>,
    /// Other names documents use for the airline.
    pub aliases: Vec<String>,
}

/// An airline loyalty program, as listed in `data/programs.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramRef {
    /// Stable identifier, a snake_case slug such as `united_mileageplus`.
    pub id: String,
    /// The program's usual name, such as `United MileagePlus`.
    pub name: String,
    /// IATA code of the airline that runs the program.
    pub operator_airline: String,
    /// The program's currency, lowercase: `miles`, `points`, `avios`, ...
    pub currency: String,
    /// Other names documents use for the program.
    pub aliases: Vec<String>,
}

/// An airport, as listed in `data/airports.csv` (from the `airportsdata` package).
#[derive(Debug, Clone, PartialEq)]
pub struct AirportRef {
    /// Three-letter IATA code, such as `FRA`.
    pub iata: String,
    /// The airport's name.
    pub name: String,
    /// The city (sometimes "district, city") the airport serves.
    pub city: String,
    /// ISO 3166-1 alpha-2 code of the airport's country.
    pub country: String,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
}

/// The three global airline alliances, spelled as the data uses them.
static ALLIANCES: [&str; 3] = ["Star Alliance", "oneworld", "SkyTeam"];

/// Region words that hold a country's name or alias ("South America" holds "America"); they
/// are recognised so that the country inside them is not.
const REGIONS: &[&str] = &[
    "North America",
    "South America",
    "Central America",
    "Latin America",
    "Americas",
    "North American",
    "South American",
    "Central American",
    "Latin American",
];

/// What a phrase in a [`Matcher`] stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Airline(usize),
    Program(usize),
    Country(usize),
    /// A region or other phrase that only stops a shorter name inside it from matching.
    Blocker,
}

fn split_aliases(field: &str) -> Vec<String> {
    field
        .split('|')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_string)
        .collect()
}

// ----------------------------------------------------------------------------------------
// Countries

struct Country {
    iso2: String,
    name: String,
    aliases: Vec<String>,
}

struct Countries {
    list: Vec<Country>,
    by_code: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
    /// Countries (priority 2) and region blockers (priority 1), for lists.
    matcher: Matcher<Target>,
}

static COUNTRIES: LazyLock<Countries> = LazyLock::new(|| {
    let rows = table::parse(
        include_str!("../../data/countries.csv"),
        &["iso2", "name", "aliases"],
    );
    let list: Vec<Country> = rows
        .into_iter()
        .map(|r| Country {
            iso2: r[0].clone(),
            name: r[1].clone(),
            aliases: split_aliases(&r[2]),
        })
        .collect();
    let mut by_code = HashMap::new();
    let mut by_name = HashMap::new();
    let mut matcher = Matcher::new();
    for (i, c) in list.iter().enumerate() {
        by_code.insert(c.iso2.clone(), i);
        by_name.insert(compact(&c.name, true), i);
    }
    for (i, c) in list.iter().enumerate() {
        for a in &c.aliases {
            by_name.entry(compact(a, true)).or_insert(i);
        }
        for n in std::iter::once(&c.name).chain(&c.aliases) {
            matcher.add(n, 2, Target::Country(i));
        }
    }
    for r in REGIONS {
        matcher.add(r, 1, Target::Blocker);
    }
    Countries {
        list,
        by_code,
        by_name,
        matcher,
    }
});

/// The ISO 3166-1 alpha-2 code of a country named `name`, by its name or a common alias
/// ("Germany", "the Netherlands", "UK", "Korea, Republic of", "Côte d'Ivoire", "Ivory Coast").
/// Case, accents, a leading "the", punctuation and stray spaces ("United  Kingdom.",
/// "Ger many") do not matter. A two-letter code in capitals ("DE") is accepted as itself.
pub fn country_code(name: &str) -> Option<&'static str> {
    let data = &*COUNTRIES;
    let key = compact(name, true);
    if let Some(&i) = data.by_name.get(&key) {
        return Some(data.list[i].iso2.as_str());
    }
    let trimmed = name.trim();
    if trimmed.len() == 2 && trimmed.chars().all(|c| c.is_ascii_uppercase()) {
        return data
            .by_code
            .get(trimmed)
            .map(|&i| data.list[i].iso2.as_str());
    }
    None
}

/// The common English name of the country with ISO 3166-1 alpha-2 code `iso2`
/// (case-insensitive), such as "United Kingdom" for `GB`.
pub fn country_name(iso2: &str) -> Option<&'static str> {
    let data = &*COUNTRIES;
    data.by_code
        .get(&iso2.trim().to_ascii_uppercase())
        .map(|&i| data.list[i].name.as_str())
}

/// Reads a list of countries such as "Germany, France, United Kingdom and Italy." or
/// "United States, Canada": splits it on commas, semicolons, "and" and "&" (never inside a
/// name such as "Bosnia and Herzegovina" or "Trinidad and Tobago": the longest known name is
/// tried first) and returns the ISO codes found, in order and without repeats, plus the pieces
/// that are not countries (such as "Europe" or "Narnia"), as written.
pub fn countries_in_list(text: &str) -> (Vec<&'static str>, Vec<String>) {
    let data = &*COUNTRIES;
    let tokens = tokenize(text);
    let mut codes: Vec<&'static str> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    let mut piece: Option<(usize, usize)> = None;
    let flush = |piece: &mut Option<(usize, usize)>, unknown: &mut Vec<String>| {
        if let Some((start, end)) = piece.take() {
            let s = text[start..end].trim();
            if !s.is_empty() {
                unknown.push(s.to_string());
            }
        }
    };
    let mut i = 0;
    while i < tokens.len() {
        let tok = &tokens[i];
        if tok.sep {
            flush(&mut piece, &mut unknown);
            i += 1;
            continue;
        }
        let mut hit = data.matcher.longest_at(text, &tokens, i);
        if hit.is_none() && tok.norm == "the" && i + 1 < tokens.len() {
            hit = data.matcher.longest_at(text, &tokens, i + 1);
        }
        match hit {
            Some(h) => {
                if let Target::Country(c) = h.target {
                    flush(&mut piece, &mut unknown);
                    let code = data.list[c].iso2.as_str();
                    if !codes.contains(&code) {
                        codes.push(code);
                    }
                } else {
                    let start = piece.map_or(tok.start, |(s, _)| s);
                    piece = Some((start, tokens[h.last - 1].end));
                }
                i = h.last;
            }
            None if tok.norm == "and" => {
                flush(&mut piece, &mut unknown);
                i += 1;
            }
            None => {
                let start = piece.map_or(tok.start, |(s, _)| s);
                piece = Some((start, tok.end));
                i += 1;
            }
        }
    }
    flush(&mut piece, &mut unknown);
    (codes, unknown)
}

// ----------------------------------------------------------------------------------------
// Airlines

struct Airlines {
    list: Vec<AirlineRef>,
    by_code: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
    /// Airlines (priority 2), with countries and regions as blockers (priority 1), so that
    /// "United States" is not "United" and "United Arab Emirates" is not "Emirates".
    matcher: Matcher<Target>,
}

static AIRLINES: LazyLock<Airlines> = LazyLock::new(|| {
    let rows = table::parse(
        include_str!("../../data/airlines.csv"),
        &["iata", "name", "country", "alliance", "aliases"],
    );
    let list: Vec<AirlineRef> = rows
        .into_iter()
        .map(|r| AirlineRef {
            iata: r[0].clone(),
            name: r[1].clone(),
            country: r[2].clone(),
            alliance: (!r[3].is_empty()).then(|| r[3].clone()),
            aliases: split_aliases(&r[4]),
        })
        .collect();
    let mut by_code = HashMap::new();
    let mut by_name = HashMap::new();
    let mut matcher = Matcher::new();
    for (i, a) in list.iter().enumerate() {
        by_code.insert(a.iata.clone(), i);
        by_name.insert(compact(&a.name, false), i);
    }
    for (i, a) in list.iter().enumerate() {
        for alias in &a.aliases {
            by_name.entry(compact(alias, false)).or_insert(i);
        }
        for n in std::iter::once(&a.name).chain(&a.aliases) {
            matcher.add(n, 2, Target::Airline(i));
        }
    }
    add_country_blockers(&mut matcher);
    Airlines {
        list,
        by_code,
        by_name,
        matcher,
    }
});

fn add_country_blockers(matcher: &mut Matcher<Target>) {
    for c in &COUNTRIES.list {
        for n in std::iter::once(&c.name).chain(&c.aliases) {
            matcher.add(n, 1, Target::Blocker);
        }
    }
    for r in REGIONS {
        matcher.add(r, 1, Target::Blocker);
    }
}

/// The airline with IATA code `iata` (case-insensitive), such as `LH` for Lufthansa.
pub fn airline(iata: &str) -> Option<&'static AirlineRef> {
    let data = &*AIRLINES;
    data.by_code
        .get(&iata.trim().to_ascii_uppercase())
        .map(|&i| &data.list[i])
}

/// Whether `word` is the first word of an airline's name and names it alone in titles and
/// mastheads ("Porter" of Porter Airlines, "Nepal" of Nepal Airlines).
pub fn is_airline_brand(word: &str) -> bool {
    let key = compact(word, false);
    !key.is_empty()
        && AIRLINES.list.iter().any(|airline| {
            airline
                .name
                .split_once(' ')
                .is_some_and(|(first, _)| compact(first, false) == key)
        })
}

/// The airline called `name` or one of its aliases ("Lufthansa", "Deutsche Lufthansa",
/// "All Nippon Airways", "ANA (All Nippon Airways)"); case, accents, punctuation and spacing
/// do not matter.
pub fn airline_by_name(name: &str) -> Option<&'static AirlineRef> {
    let data = &*AIRLINES;
    let key = compact(name, false);
    if key.is_empty() {
        return None;
    }
    data.by_name.get(&key).map(|&i| &data.list[i])
}

/// Codes in a parenthesis alone that are too often something else (a country, "AI", "PM",
/// "OK"...) to count without an airline word right before them.
const AMBIGUOUS_CODES: &[&str] = &[
    "AD", "AE", "AI", "AM", "AS", "AT", "AU", "BE", "BR", "CA", "CH", "CN", "DE", "ES", "EU", "FR",
    "HK", "ID", "IE", "IL", "IN", "IS", "IT", "JP", "KR", "ME", "MX", "MY", "NL", "NO", "NZ", "OK",
    "OR", "PC", "PH", "PM", "PR", "QA", "SA", "SG", "SO", "TH", "TO", "TV", "TW", "UK", "US", "VN",
    "ZA",
];

/// Words that, right before a parenthesis, make a code in it an airline's.
const AIRLINE_WORDS: &[&str] = &[
    "air", "airline", "airlines", "airways", "aviation", "lines", "express", "connect", "carrier",
];

/// The airline codes written in a parenthesis opening at token `open`, like "(LH)" or
/// "(LH, LX)", with their byte offsets; `None` unless the parenthesis holds only known codes.
fn codes_in_parenthesis(
    text: &str,
    tokens: &[Token],
    open: usize,
) -> Option<Vec<(usize, usize, &'static str)>> {
    let mut codes = Vec::new();
    let mut k = open + 1;
    loop {
        let tok = tokens.get(k)?;
        let surface = &text[tok.start..tok.end];
        let is_code = !tok.sep
            && surface.len() == 2
            && surface
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && surface.chars().any(|c| c.is_ascii_uppercase());
        if !is_code {
            return None;
        }
        let &i = AIRLINES.by_code.get(surface)?;
        codes.push((tok.start, i, AIRLINES.list[i].iata.as_str()));
        let next = tokens.get(k + 1)?;
        match next.norm.as_str() {
            ")" => return Some(codes),
            "," | "/" => k += 2,
            _ => return None,
        }
    }
}

/// Every airline mentioned in `text`, with the byte offset where the mention starts, in text
/// order. An airline is found by its name or an alias as whole words (case-insensitive, except
/// that short acronyms such as "LOT" must be in capitals and single ordinary words such as
/// "Delta" or "United" must be capitalised; the longest name wins: "Turkish Airlines", not
/// "Turkish"; "United States" and "United Arab Emirates" are not airlines), or by its IATA
/// code in parentheses, after a name ("Lufthansa (LH)", reported once) or alone ("(LX)").
/// Bare codes in running text are never read: they collide with fare classes and words.
pub fn airlines_in(text: &str) -> Vec<(usize, &'static AirlineRef)> {
    let data = &*AIRLINES;
    let tokens = tokenize(text);
    let hits = data.matcher.find_all(text, &tokens);
    let mut found: Vec<(usize, usize)> = Vec::new();
    // Hit that ends right before each token index, if any.
    let mut ending_at: HashMap<usize, Target> = HashMap::new();
    let mut last_airline: Option<(usize, usize)> = None; // (end token, airline)
    for h in &hits {
        ending_at.insert(h.last, h.target);
        let Target::Airline(a) = h.target else {
            continue;
        };
        // "ANA (All Nippon Airways)": the name in parentheses repeats the mention before it.
        let repeat = h.first >= 1
            && tokens[h.first - 1].norm == "("
            && last_airline == Some((h.first - 1, a));
        last_airline = Some((h.last, a));
        if !repeat {
            found.push((tokens[h.first].start, a));
        }
    }
    for (k, tok) in tokens.iter().enumerate() {
        if tok.norm != "(" {
            continue;
        }
        let Some(codes) = codes_in_parenthesis(text, &tokens, k) else {
            continue;
        };
        let before = ending_at.get(&k).copied();
        let airline_word_before =
            k > 0 && !tokens[k - 1].sep && AIRLINE_WORDS.contains(&tokens[k - 1].norm.as_str());
        for (offset, i, code) in codes {
            let keep = match before {
                Some(Target::Airline(a)) => a != i,
                Some(_) => false,
                None => !AMBIGUOUS_CODES.contains(&code) || airline_word_before,
            };
            if keep {
                found.push((offset, i));
            }
        }
    }
    found.sort_by_key(|&(offset, _)| offset);
    found
        .into_iter()
        .map(|(offset, i)| (offset, &data.list[i]))
        .collect()
}

// ----------------------------------------------------------------------------------------
// Programs

struct Programs {
    list: Vec<ProgramRef>,
    by_id: HashMap<String, usize>,
    /// Programs (priority 3), with airlines, countries and regions as blockers (priority 1),
    /// so that "United" in "United Airlines" or "United Kingdom" is not MileagePlus.
    matcher: Matcher<Target>,
}

static PROGRAMS: LazyLock<Programs> = LazyLock::new(|| {
    let rows = table::parse(
        include_str!("../../data/programs.csv"),
        &["id", "name", "operator_airline", "currency", "aliases"],
    );
    let list: Vec<ProgramRef> = rows
        .into_iter()
        .map(|r| ProgramRef {
            id: r[0].clone(),
            name: r[1].clone(),
            operator_airline: r[2].clone(),
            currency: r[3].clone(),
            aliases: split_aliases(&r[4]),
        })
        .collect();
    let mut by_id = HashMap::new();
    let mut matcher = Matcher::new();
    for (i, p) in list.iter().enumerate() {
        by_id.insert(p.id.clone(), i);
        for n in std::iter::once(&p.name).chain(&p.aliases) {
            matcher.add(n, 3, Target::Program(i));
        }
    }
    for a in &AIRLINES.list {
        for n in std::iter::once(&a.name).chain(&a.aliases) {
            matcher.add(n, 1, Target::Blocker);
        }
    }
    add_country_blockers(&mut matcher);
    Programs {
        list,
        by_id,
        matcher,
    }
});

/// The loyalty program with identifier `id` (case-insensitive), such as `aeroplan`.
pub fn program(id: &str) -> Option<&'static ProgramRef> {
    let data = &*PROGRAMS;
    data.by_id
        .get(&id.trim().to_ascii_lowercase())
        .map(|&i| &data.list[i])
}

/// The loyalty programs run by the airline `iata`.
pub fn programs_of_operator(iata: &str) -> impl Iterator<Item = &'static ProgramRef> {
    let iata = iata.trim().to_ascii_uppercase();
    PROGRAMS
        .list
        .iter()
        .filter(move |program| program.operator_airline == iata)
}

/// Every loyalty program mentioned in `text` by its name or an alias, as whole words, with the
/// byte offset where the mention starts, in text order. Case does not matter (except for short
/// acronyms and ordinary words, as in [`airlines_in`]), nor do `&`, "and" and spacing
/// ("Miles&Smiles", "Miles & Smiles", "Miles and Smiles"). The longest name wins, and a program
/// alias inside a longer airline or country name does not count: "United" alone is
/// MileagePlus, "United Airlines" or "United States" is not.
pub fn programs_in(text: &str) -> Vec<(usize, &'static ProgramRef)> {
    let data = &*PROGRAMS;
    let tokens = tokenize(text);
    data.matcher
        .find_all(text, &tokens)
        .into_iter()
        .filter_map(|h| match h.target {
            Target::Program(p) => Some((tokens[h.first].start, &data.list[p])),
            _ => None,
        })
        .collect()
}

// ----------------------------------------------------------------------------------------
// Airports

struct Airports {
    list: Vec<AirportRef>,
    by_code: HashMap<String, usize>,
    /// For each airport, the compact keys of the parts of its city ("Arnavutköy, Istanbul").
    city_keys: Vec<Vec<String>>,
}

static AIRPORTS: LazyLock<Airports> = LazyLock::new(|| {
    let rows = table::parse(
        include_str!("../../data/airports.csv"),
        &["iata", "name", "city", "country", "lat", "lon"],
    );
    let list: Vec<AirportRef> = rows
        .into_iter()
        .map(|r| AirportRef {
            iata: r[0].clone(),
            name: r[1].clone(),
            city: r[2].clone(),
            country: r[3].clone(),
            lat: r[4].parse().expect("airports.csv: lat is a number"),
            lon: r[5].parse().expect("airports.csv: lon is a number"),
        })
        .collect();
    let by_code = list
        .iter()
        .enumerate()
        .map(|(i, a)| (a.iata.clone(), i))
        .collect();
    let city_keys = list
        .iter()
        .map(|a| {
            a.city
                .split(',')
                .map(|part| compact(part, false))
                .filter(|k| !k.is_empty())
                .collect()
        })
        .collect();
    Airports {
        list,
        by_code,
        city_keys,
    }
});

/// The airport with IATA code `iata` (case-insensitive), such as `FRA`.
pub fn airport(iata: &str) -> Option<&'static AirportRef> {
    let data = &*AIRPORTS;
    data.by_code
        .get(&iata.trim().to_ascii_uppercase())
        .map(|&i| &data.list[i])
}

/// Every reference airport, in IATA code order.
pub fn airports() -> &'static [AirportRef] {
    &AIRPORTS.list
}

/// Every airport serving the city `city` (case, accents and spacing do not matter), in IATA
/// code order: "London" gives LHR, LGW, STN, LTN, LCY and others (including London, Ontario).
/// A city recorded as "district, city" ("Arnavutköy, Istanbul") matches either part.
pub fn airports_in_city(city: &str) -> Vec<&'static AirportRef> {
    let data = &*AIRPORTS;
    let key = compact(city, false);
    if key.is_empty() {
        return Vec::new();
    }
    data.list
        .iter()
        .zip(&data.city_keys)
        .filter(|(_, keys)| keys.contains(&key))
        .map(|(a, _)| a)
        .collect()
}

// ----------------------------------------------------------------------------------------
// Alliances

static ALLIANCE_MATCHER: LazyLock<Matcher<usize>> = LazyLock::new(|| {
    let mut m = Matcher::new();
    for (i, name) in ALLIANCES.iter().enumerate() {
        m.add(name, 1, i);
    }
    m.add("One World", 1, 1);
    m.add("Sky Team", 1, 2);
    m
});

/// The three global airline alliances: `Star Alliance`, `oneworld`, `SkyTeam`.
pub fn alliances() -> &'static [&'static str] {
    &ALLIANCES
}

/// The first alliance mentioned in `text`, by its canonical name (case and spacing do not
/// matter: "Star Alliance", "oneworld" or "One World", "SkyTeam" or "Sky Team").
pub fn alliance_in(text: &str) -> Option<&'static str> {
    let tokens = tokenize(text);
    ALLIANCE_MATCHER
        .find_all(text, &tokens)
        .first()
        .map(|h| ALLIANCES[h.target])
}
