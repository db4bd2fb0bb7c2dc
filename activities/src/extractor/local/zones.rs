//! Award zones: "Zone: country, country, …" lines and Region | Countries tables, and the
//! sentences that say which regions a zone covers.

use std::sync::LazyLock;

use regex::Regex;

use super::text::{fold, has_other_script, in_latin_script};
use crate::layout::Table;
use crate::reference;

/// A zone a document defines.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ZoneDef {
    pub name: String,
    pub aliases: Vec<String>,
    pub countries: Vec<String>,
    pub regions: Vec<String>,
    /// Index of the passage that defines it.
    pub passage: usize,
    /// The price band a chart of bands prices it by ("Zone 3 Maghreb | … | niv. C").
    pub band: Option<String>,
}

impl ZoneDef {
    /// A zone defined by its list of countries.
    pub fn listed(
        name: String,
        aliases: Vec<String>,
        countries: Vec<String>,
        passage: usize,
    ) -> Self {
        ZoneDef {
            name,
            aliases,
            countries,
            passage,
            ..Default::default()
        }
    }
}

/// Words that number a zone ("Zone 2", "Zona 2", "Зона 2"), as a regex alternation.
pub const ZONE_WORDS: &str =
    "zone|zona|region|región|região|regione|area|зона|регион|kanda|strefa|zóna|regija|vùng";

/// "Label: list" or "Label — list"; a label starts with a capital or a letter of a script
/// without case ("日本 · Japan — Tokyo, Osaka").
static DEFINITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"^\s*(?:[-*•]\s*)?([A-Z\p{Lo}][\w&'’/().·"“” -]{0,120}?)\s*(?:[:–—]\s+|：\s*)(\S.*)$"#,
    )
    .expect("valid regex")
});
/// "港澳台 Hong Kong, Macau & Taiwan：中国香港 HKG": before a full-width colon a label may
/// hold commas.
static WIDE_COLON_DEFINITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:[-*•]\s*)?([A-Z\p{Lo}][\w&'’/().·, -]{0,120}?)\s*：\s*(\S.*)$")
        .expect("valid regex")
});
static ZONE_ALIAS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^((?:{ZONE_WORDS})\s+[\w]{{1,3}}\b)\s*(?:[-–—:(·]\s*)?(.*?)\)?$"
    ))
    .expect("valid regex")
});
static COVERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b(?:the\s+)?((?-i:[A-Z])[\w&' ]{{1,40}}?)\s+(?:zone|region)\s+(?:covers|includes|comprises|spans|means|stands for|corresponds to)\s+([^.]+)|\b((?:{ZONE_WORDS})\s+\w{{1,3}})\s+(?:covers|includes|comprises|spans|means|stands for|corresponds to|is)\s+(?:the\s+)?([^.]+)"))
        .expect("valid regex")
});

/// Whether a label starts with a zone's number ("Zone 6", "Zona 2 – Europa").
pub fn is_numbered(label: &str) -> bool {
    ZONE_ALIAS.is_match(&clean_label(label))
}

/// Splits "Zone 1 (Europe)" / "Zone 1 – Europe" into a name and its alias; a plain label is
/// its own name.
pub fn name_and_aliases(label: &str) -> (String, Vec<String>) {
    static ALIAS_AFTER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?i)^(.+?)\s*[(\[]\s*((?:{ZONE_WORDS})\s+\w{{1,3}})\s*[)\]]$"
        ))
        .expect("valid regex")
    });
    let label = clean_label(label);
    if let Some(read) = numbered_then_glossed(&label) {
        return read;
    }
    // "क्षेत्र १ — दक्षिण एसिया · Zone 1 — South Asia", "Європа 1 (Europe 1)": a label in
    // another script, then in Latin letters, read on its Latin side.
    // (A numbered label glossed in parentheses is read below: "Зона 2 — Центральная Азия
    // (Central Asia)".)
    let glossed = label.split_once(" · ").or_else(|| {
        label
            .strip_suffix(')')
            .and_then(|rest| rest.rsplit_once(" ("))
            .filter(|(native, _)| !native.contains(['—', '–', ':']))
    });
    if let Some((native, latin)) = glossed
        && !native.chars().any(|c| c.is_ascii_alphabetic())
        && native.chars().any(char::is_alphabetic)
        && latin.starts_with(|c: char| c.is_ascii_uppercase())
        && !has_other_script(latin)
    {
        let (name, mut aliases) = name_and_aliases(latin);
        aliases.push(native.trim().to_owned());
        return (name, aliases);
    }
    // "Kanda A — Afrika Mashariki Zone A — East Africa": a label and its English one on
    // the line below, joined; the English one names the zone.
    static ENGLISH_ZONE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(\S.*?)\s+(Zone\s+[A-Z0-9]{1,2}\b.*)$").expect("valid regex")
    });
    if let Some(captures) = ENGLISH_ZONE_AFTER.captures(&label)
        && ZONE_ALIAS.is_match(&captures[1])
        && !captures[1].to_lowercase().starts_with("zone")
    {
        let (name, mut aliases) = name_and_aliases(&captures[2]);
        let (native, native_aliases) = name_and_aliases(&captures[1]);
        for alias in std::iter::once(native).chain(native_aliases) {
            if !aliases.contains(&alias) && alias != name {
                aliases.push(alias);
            }
        }
        return (name, aliases);
    }
    // "C — Yevropa / Европа / Europe": a zone's letter before its name.
    static CODE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(\p{Lu}{1,3}|\d{1,2})\s+[—–]\s+(\S.*)$").expect("valid regex")
    });
    // "A Trinidad & Tobago", "D United Kingdom": a zone's letter set before its name in a
    // chart's first column.
    static LETTER_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(\p{Lu}|\d{1,2})\s+(\p{Lu}\p{Ll}{2,}.*)$").expect("valid regex")
    });
    if let Some(captures) = CODE_BEFORE
        .captures(&label)
        .or_else(|| LETTER_BEFORE.captures(&label))
    {
        let (name, mut aliases) = name_and_aliases(&captures[2]);
        aliases.extend([captures[1].to_owned(), format!("Zone {}", &captures[1])]);
        return (name, aliases);
    }
    // "North Asia (Zone 1)".
    if let Some(captures) = ALIAS_AFTER.captures(&label) {
        let (name, alias) = (captures[1].trim(), captures[2].trim());
        // "Bölge 1 (Zone 1)": the same number in another language; the zone is "Zone 1".
        let number = alias.rsplit(' ').next().unwrap_or_default();
        if name.split_whitespace().count() == 2 && name.ends_with(&format!(" {number}")) {
            return (alias.to_owned(), vec![name.to_owned()]);
        }
        return (name.to_owned(), vec![alias.to_owned()]);
    }
    // "Asia Tenggara (Southeast Asia)", "South America (Sudamérica)": a name and its
    // translation, not its countries.
    static TRANSLATED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^([\p{L}][\p{L} &'-]{1,40}?)\s*\((\p{Lu}[\p{L} &'-]{2,40})\)$")
            .expect("valid regex")
    });
    // "Italia (Italy)": one country's name in two languages.
    if let Some(captures) = TRANSLATED.captures(&label)
        && (country_list(&captures[2]).is_none() || same_country(&captures[1], &captures[2]))
        && !ZONE_ALIAS.is_match(&label)
    {
        return (
            captures[1].trim().to_owned(),
            vec![captures[2].trim().to_owned()],
        );
    }
    if let Some(captures) = ZONE_ALIAS.captures(&label) {
        let alias = captures[1].trim().to_owned();
        let name = captures[2].trim().trim_start_matches('(').trim();
        // "Zone A — Algérie / Algeria (domestic)": the closing parenthesis the pattern
        // dropped was the aside's.
        let closed;
        let name = if name.matches('(').count() > name.matches(')').count() {
            closed = format!("{name})");
            closed.as_str()
        } else {
            name
        };
        // "Зона 2 — Центральная Азия (Central Asia)": the name in Latin letters, which
        // travellers type, the one in the page's own script an alias.
        if let Some((native, latin)) = native_and_latin(name).or_else(|| translated_pair(name)) {
            return (latin, vec![alias, native]);
        }
        let name = name.trim_matches(['(', ')']).trim().to_owned();
        // "Zone 1 (Bölge 1)": the same number in another language is an alias.
        let number = alias.rsplit(' ').next().unwrap_or_default();
        if name.split_whitespace().count() == 2 && name.ends_with(&format!(" {number}")) {
            return (alias, vec![name]);
        }
        // "Zone 1 – Fiji (domestic)": the aside is no part of the name.
        let name = match name.split_once(" (") {
            Some((before, _)) if !before.trim().is_empty() => before.trim().to_owned(),
            _ => name,
        };
        if !name.is_empty() {
            return (name, vec![alias]);
        }
        return (alias, Vec::new());
    }
    if let Some((native, latin)) = native_and_latin(&label).or_else(|| translated_pair(&label)) {
        return (latin, vec![native]);
    }
    // "United States (U.S. / États-Unis)", "Mexico & Caribbean ("Sun destinations")": a
    // name with other names of it aside.
    if let Some((name, aside)) = label
        .strip_suffix(')')
        .and_then(|rest| rest.rsplit_once(" ("))
        .filter(|(name, aside)| {
            let own = reference::country_code(name.trim());
            !name.trim().is_empty()
                && !name.contains('(')
                && country_list(aside).is_none_or(|countries| {
                    own.is_some_and(|own| countries.iter().all(|country| country == own))
                })
        })
    {
        let aliases = aside
            .split(" / ")
            .map(|alias| {
                alias
                    .trim()
                    .trim_matches(['"', '“', '”', '\''])
                    .trim()
                    .to_owned()
            })
            .filter(|alias| !alias.is_empty())
            .collect();
        return (name.trim().to_owned(), aliases);
    }
    // "Hong Kong zone": the word says what the name is.
    if let Some(name) = label
        .strip_suffix(" zone")
        .or_else(|| label.strip_suffix(" region"))
        .filter(|name| !name.trim().is_empty())
    {
        return (name.trim().to_owned(), Vec::new());
    }
    (label, Vec::new())
}

/// "Центральная Азия (Central Asia)", "日本 · Japan", "韓国 Korea": a name in another
/// script with its translation into Latin letters.
fn native_and_latin(label: &str) -> Option<(String, String)> {
    static TRANSLATED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^([^()]+?)\s*\((\p{Lu}[\p{L} &'’.-]{2,40})\)?$").expect("valid regex")
    });
    static SIDE_BY_SIDE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^([^A-Za-z()]+?)\s*[·:/|–—-]?\s*([A-Z][A-Za-z &'’.-]{2,40})$")
            .expect("valid regex")
    });
    let label = label.trim();
    let captures = TRANSLATED
        .captures(label)
        .or_else(|| SIDE_BY_SIDE.captures(label))?;
    let native = captures[1]
        .trim()
        .trim_end_matches(['·', ':', '/', '|', '–', '—', '-']);
    let native = native.trim();
    let non_latin =
        native.chars().any(char::is_alphabetic) && !native.chars().any(|c| c.is_ascii_alphabetic());
    non_latin.then(|| (native.to_owned(), captures[2].trim().to_owned()))
}

/// "Afrika Mashariki / East Africa", "Maurice / Mauritius": a name in the page's language
/// and its English one after a slash (the English one is the name). Two English names
/// ("Europe / Middle East") are one zone of both.
fn translated_pair(label: &str) -> Option<(String, String)> {
    let label = without_asides(label);
    // "Yevropa / Европа / Europe": of three or more names, the English one (the others
    // joined as one alias would name nothing; the first stands for them).
    let parts: Vec<&str> = label.split(" / ").map(str::trim).collect();
    if parts.len() > 2 {
        let english = parts.iter().rev().find(|part| is_english_place(part))?;
        let native = parts.iter().find(|part| *part != english)?;
        return Some(((*native).to_owned(), (*english).to_owned()));
    }
    // "Domestic · Lokal", two names; not a route ("Србија ⇄ Балкан · Serbia ⇄ Balkans"),
    // whose pair is read elsewhere, nor three names.
    let route = label.contains(['⇄', '↔', '→', '–', '—'])
        || label.contains(" - ")
        || label.matches(" · ").count() != 1;
    let Some((native, english)) = label
        .split_once(" / ")
        .or_else(|| label.split_once(" · ").filter(|_| !route))
    else {
        return english_after(&label);
    };
    let (native, english) = (native.trim(), english.trim());
    // "Domestic · Lokal", "North Asia · Hilagang Asya": the English name first.
    if is_english_place(native) && !is_english_place(english) && !english.is_empty() {
        return Some((english.to_owned(), native.to_owned()));
    }
    if english.contains('/') || native.is_empty() || !is_english_place(english) {
        return None;
    }
    (same_country(native, english) || !is_english_place(native))
        .then(|| (native.to_owned(), english.to_owned()))
}

/// Whether two names name the same country ("Maurice", "Mauritius").
fn same_country(one: &str, other: &str) -> bool {
    reference::country_code(one).is_some_and(|code| reference::country_code(other) == Some(code))
}

/// "Europe du Nord Northern Europe", "Maroc Morocco": a name in the page's language run
/// into its English one, the longest English words at the end.
fn english_after(label: &str) -> Option<(String, String)> {
    // Words that show a name is not English: letters English does not write, the
    // little words of French, Spanish, Portuguese and Swahili place names.
    const FOREIGN: &[&str] = &[
        "de",
        "du",
        "des",
        "del",
        "la",
        "le",
        "les",
        "el",
        "los",
        "las",
        "da",
        "do",
        "das",
        "dos",
        "ya",
        "na",
        "nord",
        "sud",
        "ouest",
        "est",
        "norte",
        "sur",
        "oeste",
        "leste",
        "moyen-orient",
        "afrique",
        "asie",
        "afrika",
        "amerika",
        "europa",
        "oriente",
        "medio",
    ];
    let foreign = |name: &str| {
        !name.is_ascii()
            || name
                .split_whitespace()
                .any(|word| FOREIGN.contains(&word.to_lowercase().as_str()))
    };
    let words: Vec<&str> = label.split_whitespace().collect();
    (1..words.len()).find_map(|at| {
        let (native, english) = (words[..at].join(" "), words[at..].join(" "));
        let translated =
            same_country(&native, &english) || (foreign(&native) && !is_english_place(&native));
        // "Caucasus & Türkiye" is no translation of "Caucasus", nor "Asia" of "Médio
        // Oriente e Asia" (one name joined by its language's "and").
        let and_words = ["&", "e", "y", "et", "und", "va", "ve", "i", "en", "and"];
        let joined = native
            .rsplit(' ')
            .next()
            .is_some_and(|last| and_words.contains(&last.to_lowercase().as_str()))
            || english.starts_with('&');
        (is_english_place(&english) && translated && !joined).then_some((native, english))
    })
}

/// Whether a name is made of English words of geography or country names ("Rest of
/// Africa", "Australia & New Zealand").
fn is_english_place(name: &str) -> bool {
    const WORDS: &[&str] = &[
        "north",
        "south",
        "east",
        "west",
        "central",
        "northern",
        "southern",
        "eastern",
        "western",
        "middle",
        "far",
        "near",
        "africa",
        "america",
        "americas",
        "asia",
        "europe",
        "oceania",
        "pacific",
        "atlantic",
        "indian",
        "ocean",
        "caribbean",
        "gulf",
        "islands",
        "island",
        "subcontinent",
        "rest",
        "of",
        "the",
        "and",
        "domestic",
        "international",
        "mainland",
        "region",
        "zone",
        "other",
        "countries",
        "nordic",
        "nordics",
        "scandinavia",
        "levant",
        "baltic",
        "baltics",
        "balkans",
        "caucasus",
        "benelux",
        "maghreb",
        "long",
        "short",
        "medium",
        "haul",
        "southeast",
        "northeast",
        "southwest",
        "northwest",
        "australasia",
        "cis",
        "gcc",
        "saarc",
        "asean",
        "sun",
        "destinations",
    ];
    let pieces: Vec<&str> = name
        .split(['&', ','])
        .flat_map(|piece| piece.split(" and "))
        .map(str::trim)
        .filter(|piece| !piece.is_empty())
        .collect();
    !pieces.is_empty()
        && pieces.iter().all(|piece| {
            reference::country_code(piece).is_some()
                || piece.split_whitespace().all(|word| {
                    // "Short-haul": each part of a joined word; a dash alone is no word.
                    word.split('-').all(|part| {
                        !part.is_empty()
                            && (WORDS.contains(&part.to_lowercase().as_str())
                                || reference::country_code(part).is_some())
                    })
                })
        })
}

/// "Short (Japan, South Korea, Philippines)": a zone's name with its countries in
/// parentheses, as an award chart's row may give them.
pub fn label_with_countries(label: &str) -> Option<(String, Vec<String>)> {
    static WITH_LIST: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(.+?)\s*\(([^()]+)\)$").expect("valid regex"));
    let label = clean_label(label);
    let captures = WITH_LIST.captures(&label)?;
    let countries = country_list(&captures[2])?;
    let name = captures[1].trim().to_owned();
    name.chars()
        .any(char::is_alphabetic)
        .then_some((name, countries))
}

/// A cell or label without footnote marks and stray punctuation.
pub fn clean_label(label: &str) -> String {
    let words: Vec<&str> = label
        .trim()
        .trim_end_matches(['*', '†', '‡', '¹', '²', '³', ':', '|', '.'])
        .trim_start_matches(['|', '-', '*', '•'])
        .split_whitespace()
        .collect();
    // "Zones Mainland China": the caption of a list of zones run into its first label.
    match words.split_first() {
        Some((first, rest)) if !rest.is_empty() && ["Zones", "Regions"].contains(first) => {
            rest.join(" ")
        }
        _ => words.join(" "),
    }
}

static PARENTHESES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*\([^)]*\)").expect("valid regex"));

static ASIDE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\(([^)]+)\)").expect("valid regex"));

/// A label without what it says in parentheses: "Europe (within Europe)" → "Europe".
pub fn without_asides(label: &str) -> String {
    PARENTHESES.replace_all(label, "").trim().to_owned()
}

/// The countries a list names, if it is a list of countries (most of its pieces are).
/// Cities in parentheses ("France (Lyon, Nice)") say where, not which countries.
pub fn country_list(text: &str) -> Option<Vec<String>> {
    // "Todos los aeropuertos de Chile.", "All airports in Iceland": every place of a country.
    static EVERY_AIRPORT_OF: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:all|every|todos\s+los|todas\s+las|tous\s+les|todos\s+os|alle)\s+(?:the\s+)?(?:airports?|aeropuertos|a[ée]roports|aeroportos|flugh[äa]fen|destinations?|destinos|cities|ciudades|cidades|villes)\s+(?:in|of|de|du|des|en|em|do|da|in\s+der)\s+(?:the\s+)?([^.:;]+?)\.?$")
            .expect("valid regex")
    });
    if let Some(captures) = EVERY_AIRPORT_OF.captures(text.trim())
        && let Some(countries) = country_list(&captures[1])
    {
        return Some(countries);
    }
    // "Aforika Borwa (South Africa)": a name in the page's language glossed in English.
    static GLOSSED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"([^,;()]+?)\s*\(([^()]+)\)").expect("valid regex"));
    let text = GLOSSED.replace_all(text, |captures: &regex::Captures| {
        let (name, gloss) = (captures[1].trim(), captures[2].trim());
        if reference::country_code(name).is_none() && reference::country_code(gloss).is_some() {
            gloss.to_owned()
        } else {
            captures[0].to_owned()
        }
    });
    let text = PARENTHESES.replace_all(&text, "");
    let (codes, others) = reference::countries_in_list(&text);
    let pieces = codes.len() + others.iter().filter(|piece| piece.len() > 2).count();
    let as_list = (!codes.is_empty() && codes.len() * 10 >= pieces * 6)
        .then(|| codes.into_iter().map(str::to_owned).collect::<Vec<_>>());
    // (A piece by piece reading that finds more wins: "Urdün jordan".)
    match (as_list, countries_piece_by_piece(&text)) {
        (Some(list), Some(pieces)) if pieces.len() > list.len() => Some(pieces),
        (Some(list), _) => Some(list),
        (None, pieces) => pieces,
    }
}

/// "Kibris Cyprus, Yunanistan Greece, Gürcistan Georgia": each piece names its country
/// in the page's language, then in English.
fn countries_piece_by_piece(text: &str) -> Option<Vec<String>> {
    let segments: Vec<&str> = text
        .split([',', ';', '、', '，', '；'])
        .map(str::trim)
        .filter(|segment| !segment.is_empty())
        .collect();
    let mut found: Vec<String> = Vec::new();
    let mut known = 0;
    for segment in &segments {
        let (codes, _) = reference::countries_in_list(segment);
        let words: Vec<&str> = segment.split_whitespace().collect();
        let tail = (1..=3.min(words.len().saturating_sub(1)))
            .find_map(|count| reference::country_code(&words[words.len() - count..].join(" ")));
        let codes = match (codes.len(), tail) {
            (1, Some(_)) => codes,
            // "İsviçre S witzerland": the page's own name read, the English one broken.
            (1, None) if words.len() <= 3 => codes,
            _ if codes.len() == 1 && reference::country_code(segment).is_some() => codes,
            // "Urdün jordan", "İsviçre S witzerland": an English name OCR wrote in
            // lowercase or broke in two, which no list reading takes.
            (0, Some(code)) => vec![code],
            _ => continue,
        };
        known += 1;
        for code in codes {
            if !found.iter().any(|known| known == code) {
                found.push(code.to_owned());
            }
        }
    }
    (segments.len() >= 2 && known * 10 >= segments.len() * 8).then_some(found)
}

/// The countries a zone definition names, as a list of countries or, failing that, of
/// cities ("Bangkok (Thailand), Singapore, Kuala Lumpur (Malaysia)", "Tokyo, Osaka
/// (Japan)"): a city's country is the one in parentheses after it or its group, else the
/// one most of the city's airports are in.
pub fn countries_of_definition(text: &str) -> Option<Vec<String>> {
    // "台北（桃園）Taipei": an aside in another script says nothing the Latin name does
    // not; full-width parentheses around Latin letters are parentheses.
    static NATIVE_ASIDE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[（(][^()（）A-Za-z]*[）)]").expect("valid regex"));
    let text = &NATIVE_ASIDE
        .replace_all(text, " ")
        .replace('（', " (")
        .replace('）', ") ");
    // "Latvija, Lietuva, Igaunija — Latvia, Lithuania, Estonia (Rīga RIX, …)", "চট্টগ্রাম,
    // সিলেট · Chattogram, Sylhet": a list in two languages, read by the one the reference
    // data knows.
    // (" · " between the two lists only: "中国 · United States · Deutschland" is one list, a
    // site's language picker.)
    let glossed = || {
        (text.matches(" · ").count() == 1)
            .then(|| text.split_once(" · "))
            .flatten()
    };
    if let Some((native, english)) = text.split_once(" — ").or_else(glossed)
        && !native.trim().is_empty()
        && let Some(countries) = country_list(english)
            .or_else(|| country_list(native))
            .or_else(|| {
                // (Cities in another script, then in Latin letters.)
                has_other_script(native)
                    .then(|| city_list(english))
                    .flatten()
            })
    {
        return Some(countries);
    }
    let countries = country_list(text);
    // "Hong Kong (HKG), Tokyo Narita (NRT), Singapore (SIN)": most pieces name countries,
    // one a city by its airport, whose country counts too.
    if let Some(countries) = &countries
        && let Some(cities) = city_list(text)
        && cities.len() > countries.len()
        && countries.iter().all(|country| cities.contains(country))
    {
        return Some(cities);
    }
    countries.or_else(|| city_list(text)).or_else(|| {
        // "德国 Germany、法国 France": each place in two scripts, read by its Latin name (a
        // lone name is a country's: "翡翠卡 Emerald" is a card, not Emerald in Australia).
        let latin = latin_names(text)?;
        country_list(&latin).or_else(|| city_list(&latin).filter(|_| latin.contains(',')))
    })
}

/// A list whose pieces name each place in another script and in Latin letters ("日本
/// Japan、韩国 South Korea"), written with the Latin names alone; none when no piece is.
fn latin_names(text: &str) -> Option<String> {
    let mut changed = false;
    let pieces: Vec<String> = text
        .split([',', ';', '、', '，', '；'])
        .map(|piece| match native_and_latin(piece.trim()) {
            Some((_, latin)) => {
                changed = true;
                latin
            }
            None => piece.trim().to_owned(),
        })
        .collect();
    changed.then(|| pieces.join(", "))
}

fn city_list(text: &str) -> Option<Vec<String>> {
    static PIECE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"([^,;()、，；]+?)\s*(?:\(([^()]*)\))?\s*(?:[,;、，；]|\band\b|$)")
            .expect("valid regex")
    });
    let mut codes: Vec<String> = Vec::new();
    let (mut pieces, mut known) = (0, 0);
    let mut pending: Vec<String> = Vec::new();
    // "…, Алматы (ALA) и другие": "and others" names no city.
    static AND_OTHERS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\s*,?\s*(?:and\s+others|and\s+more|etc|и\s+другие|y\s+otros|e\s+outros|et\s+autres|und\s+andere)\.?\s*$")
            .expect("valid regex")
    });
    let text = AND_OTHERS.replace(text.trim(), "");
    for captures in PIECE.captures_iter(text.trim().trim_end_matches('.')) {
        let name = captures[1].trim();
        if name.is_empty() {
            continue;
        }
        pieces += 1;
        let mut push = |code: &str| {
            if !codes.iter().any(|known| known == code) {
                codes.push(code.to_owned());
            }
        };
        if let Some(code) = reference::country_code(name) {
            known += 1;
            push(code);
            continue;
        }
        // "中国香港 HKG" read by its Latin part: an airport's code alone, or after the
        // city's name ("Taichung RMQ").
        if let Some(code) = country_of_airport_code(name).or_else(|| country_of_named_code(name)) {
            known += 1;
            push(code);
            continue;
        }
        // A country's name, not a code ("United Airlines (UA)" names no Ukraine).
        let aside = captures.get(2).map(|aside| aside.as_str().trim());
        let in_parentheses = aside
            .filter(|aside| aside.chars().count() > 3)
            .and_then(reference::country_code);
        if let Some(code) = in_parentheses {
            // "Frankfurt, Munich (Germany)": the parentheses close a group of cities.
            known += 1 + pending.len();
            pending.clear();
            push(code);
            continue;
        }
        // "Астана (NQZ)", "Bali (Denpasar, DPS)": the airport beside a place says where it
        // is (there is a Bali in Cameroon too).
        // "Denpasar (Bali)": a city named again in the aside is the city it follows.
        let aside_code = aside.and_then(|aside| {
            aside
                .split([',', '/', ';'])
                .map(str::trim)
                .find(|piece| is_airport_code(piece))
                .and_then(country_of_airport_code)
        });
        match aside_code
            .or_else(|| country_of_city(name))
            .or_else(|| aside.and_then(country_of_airport_named))
        {
            Some(code) => {
                known += 1;
                push(code);
            }
            None => pending.push(name.to_owned()),
        }
    }
    (!codes.is_empty() && known * 10 >= pieces * 6).then_some(codes)
}

/// "Taichung RMQ", "成田 Narita NRT": a place and the code of its airport, whose city or
/// name has one of the place's words; the airport's country.
fn country_of_named_code(piece: &str) -> Option<&'static str> {
    let (place, last) = piece.trim().rsplit_once(' ')?;
    let airport = is_airport_code(last)
        .then(|| reference::airport(last))
        .flatten()?;
    let (city, name) = (airport.city.to_lowercase(), airport.name.to_lowercase());
    place
        .split_whitespace()
        .map(str::to_lowercase)
        .any(|word| word.chars().count() >= 4 && (city.contains(&word) || name.contains(&word)))
        .then_some(airport.country.as_str())
}

/// The country of the first airport an aside names by code or by city ("Denpasar, DPS").
fn country_of_airport_named(aside: &str) -> Option<&'static str> {
    aside
        .split([',', '/', ';'])
        .map(str::trim)
        .find_map(|piece| {
            if is_airport_code(piece) {
                country_of_airport_code(piece)
            } else {
                country_of_city(piece).or_else(|| country_of_named_code(piece))
            }
        })
}

fn is_airport_code(text: &str) -> bool {
    text.len() == 3 && text.bytes().all(|b| b.is_ascii_uppercase())
}

/// The country of the airport a code names ("DPS": Indonesia).
fn country_of_airport_code(code: &str) -> Option<&'static str> {
    is_airport_code(code)
        .then(|| reference::airport(code))
        .flatten()
        .map(|airport| airport.country.as_str())
}

/// "Canada — all destinations in Canada", "United States (U.S.) — all destinations in the
/// continental U.S., Hawaii and Alaska": a zone named after a country, whose description
/// names no other.
fn country_described(label: &str, list: &str) -> Option<Vec<String>> {
    let country = reference::country_code(without_asides(&clean_label(label)).trim())?;
    let (codes, _) = reference::countries_in_list(list);
    codes
        .iter()
        .all(|code| *code == country)
        .then(|| vec![country.to_owned()])
}

/// "Philippines: Manila, Cebu, Clark and all domestic points": a zone named after a
/// country, its cities (those the reference data knows) all in it.
fn country_of_its_cities(label: &str, list: &str) -> Option<Vec<String>> {
    let country = reference::country_code(clean_label(label).as_str())?;
    let cities: Vec<&str> = list
        .split([',', ';'])
        .flat_map(|piece| piece.split(" and "))
        .filter_map(|piece| country_of_city(piece.trim().trim_end_matches('.')))
        .collect();
    (!cities.is_empty() && cities.iter().all(|city| *city == country))
        .then(|| vec![country.to_owned()])
}

/// The country of a city's major airport ("Cairo": EG, not Cairo, Illinois), else the one
/// most of its airports are in ("London": GB, not CA).
pub fn country_of_city(city: &str) -> Option<&'static str> {
    let airports = reference::airports_in_city(city);
    // "Tokyo Narita": a major airport's city, then its name.
    if airports.is_empty()
        && let Some((town, _)) = city.trim().split_once(' ')
        && let Some(major) = reference::airports_in_city(town)
            .into_iter()
            .find(|airport| crate::understanding::is_major_airport(&airport.iata))
    {
        return Some(major.country.as_str());
    }
    // "Frankfurt" for the city of Frankfurt am Main.
    if airports.is_empty() {
        let prefix = format!("{} ", city.to_lowercase());
        return reference::airports()
            .iter()
            .find(|airport| {
                crate::understanding::is_major_airport(&airport.iata)
                    && airport.city.to_lowercase().starts_with(&prefix)
            })
            .map(|airport| airport.country.as_str());
    }
    if let Some(major) = airports
        .iter()
        .find(|airport| crate::understanding::is_major_airport(&airport.iata))
    {
        return Some(major.country.as_str());
    }
    // "Panama City", "Kuwait City": the city named after its country, not Panama City,
    // Florida.
    if let Some(named) = city
        .split_whitespace()
        .next()
        .and_then(reference::country_code)
        .filter(|country| airports.iter().any(|airport| airport.country == *country))
    {
        return Some(named);
    }
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for airport in &airports {
        match counts.iter_mut().find(|(code, _)| *code == airport.country) {
            Some((_, count)) => *count += 1,
            None => counts.push((airport.country.as_str(), 1)),
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, count)| *count)
        .map(|(code, _)| code)
}

/// Labels of lists of countries that are no zones: a site's country or language picker
/// ("País: Argentina · Brasil · España").
pub const NOT_ZONE_LABELS: &[&str] = &[
    "country",
    "countries",
    "país",
    "pais",
    "pays",
    "land",
    "language",
    "languages",
    "idioma",
    "langue",
    "sprache",
    "location",
    "select your country",
    "choose your country",
];

/// "東北亞 Northeast Asia" over "東京 Tokyo、大阪 Osaka KIX、香港 Hong Kong HKG": a zone's
/// name on a line of its own, its places listed on the next.
pub fn definitions_under_labels(text: &str, passage: usize) -> Vec<ZoneDef> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    // "Zona C · Europa de l'Est i Nord d'Àfrica · Eastern Europe & North Africa": a
    // label in two languages has up to three parts of a few words each.
    // (A translation in parentheses adds no words: "B   Zapadna i sjeverna Europa
    // (Western & Northern Europe)".)
    let label = |line: &str| {
        let bare = without_asides(line);
        let parts: Vec<usize> = bare
            .split(['·', '|'])
            .map(|part| part.split_whitespace().count())
            .collect();
        !line.is_empty()
            && parts.len() <= 3
            && parts.iter().all(|&words| words <= 6)
            && (parts.len() > 1 || parts[0] <= 5)
            && !line.contains(|c: char| c.is_ascii_digit())
            && !line.contains([',', '、', '，', ';', '.'])
            && !super::prose::is_untrusted(line)
            && !super::prose::heads_examples(line)
    };
    // A list: its places joined by commas, or two or more joined by a word ("Israel
    // and Jordan").
    let list_below = |list: &str| {
        if list.contains([':', '：']) || label(list) && !list.contains(' ') {
            return None;
        }
        let countries = countries_of_definition(list)?;
        (list.matches([',', '、', '，', ';']).count() >= 1 || countries.len() >= 2)
            .then_some(countries)
    };
    let mut out: Vec<ZoneDef> = Vec::new();
    // Lines read as a list already ("Israel i Jordània" over "Israel and Jordan") are no
    // labels.
    let mut listed = 0;
    for (at, name) in lines.iter().enumerate() {
        // "Zone definitions" over "North America: Canada, …" is a heading over
        // definitions of their own.
        // "B   Zapadna i sjeverna Europa (Western & Northern Europe):" over its list: a
        // colon that ends the label.
        let name = name.strip_suffix(':').unwrap_or(name).trim_end();
        if at < listed || !label(name) || name.contains([':', '：']) {
            continue;
        }
        let Some(first_line) = lines.get(at + 1) else {
            continue;
        };
        // A list that goes on over the lines below while each ends with a comma.
        let mut joined = first_line.to_string();
        let mut extra = 0;
        while joined.trim_end().ends_with(',')
            && let Some(more) = lines.get(at + 2 + extra)
            && !more.is_empty()
        {
            joined = format!("{} {more}", joined.trim_end());
            extra += 1;
        }
        let list: &str = &joined;
        // The list in the page's language, then again in English: the line that names
        // the more places.
        let first = list_below(list);
        let second = lines
            .get(at + 2 + extra)
            .filter(|second| !label(second) || second.contains(','))
            .and_then(|second| Some((*second, list_below(second)?)));
        let (list, countries) = match (first, second) {
            (Some(one), Some((second, other))) => {
                listed = at + 3 + extra;
                if other.len() > one.len() {
                    (second, other)
                } else {
                    (list, one)
                }
            }
            (Some(one), None) => {
                listed = at + 2 + extra;
                (list, one)
            }
            (None, Some((second, other))) if list.contains(',') => {
                listed = at + 3 + extra;
                (second, other)
            }
            // "Zona A · Espanya · Spain" over "Espanya peninsular, Illes Balears i Illes
            // Canàries (Spain, …)": a numbered zone named after a country its line
            // describes.
            (None, None) if is_numbered(name) => {
                let Some(country) = country_described(&name_and_aliases(name).0, list) else {
                    continue;
                };
                listed = at + 2 + extra;
                (list, country)
            }
            _ => continue,
        };
        // "Afficher plus / Show more" between two lines of one list: a page's button.
        if SHOW_MORE.is_match(name) {
            if let Some(last) = out.last_mut() {
                for country in countries {
                    if !last.countries.contains(&country) {
                        last.countries.push(country);
                    }
                }
            }
            continue;
        }
        let (name, aliases) = name_and_aliases(name);
        let countries = country_of_most_cities(&name, list).unwrap_or(countries);
        if !name.is_empty() {
            out.push(ZoneDef::listed(name, aliases, countries, passage));
        }
    }
    out
}

/// A chart's label for flights within the origin country: "Domestic", "Yurt içi
/// (Domestic)", "Nacional", "Intérieur", "国内".
pub fn is_domestic(label: &str) -> bool {
    static DOMESTIC: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:domestic|nacional|national|int[ée]rieur|inland|dom[ée]stico|yurt\s*i[çcg]i)\b|国内|國內")
            .expect("valid regex")
    });
    DOMESTIC.is_match(label)
}

/// "Canada" over "Toronto, Ottawa, …, Sault Ste. Marie, Windsor": a zone named after a
/// country whose cities nearly all lie in it is that country (a few names are also
/// towns elsewhere).
fn country_of_most_cities(label: &str, list: &str) -> Option<Vec<String>> {
    let country = reference::country_code(without_asides(&clean_label(label)).trim())?;
    let cities: Vec<&str> = list
        .split([',', ';', '、', '，'])
        .filter_map(|piece| {
            let piece = piece.split(['(', '（']).next()?.trim();
            country_of_city(piece)
        })
        .collect();
    let inside = cities.iter().filter(|city| **city == country).count();
    (cities.len() >= 2 && inside * 10 >= cities.len() * 8).then(|| vec![country.to_owned()])
}

/// A page's button that shows the rest of a list ("Show more", "Afficher plus").
static SHOW_MORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:show|see|view|load)\s+(?:more|all)\b|\b(?:afficher|voir)\s+plus\b|\b(?:ver|mostrar)\s+m[aá]s\b|\bmehr\s+anzeigen\b|daha\s+çox|daha\s+fazla")
        .expect("valid regex")
});

/// Zone definitions written as lines: a label, a colon, a list of countries (which may
/// wrap onto following lines).
pub fn definitions_in_lines(text: &str, passage: usize) -> Vec<ZoneDef> {
    let mut out = Vec::new();
    let mut current: Option<(String, String)> = None;
    // "Beijing – Frankfurt" is a route: a city for a label, one place for a list.
    let is_route = |label: &str, list: &str| {
        let label = clean_label(label);
        !list.contains([',', ';', '、', '，'])
            && reference::country_code(&label).is_none()
            && country_of_city(&label).is_some()
    };
    // "Ol askim — FAQ": a word in capitals that happens to be an airport's code is no
    // list of places.
    let lone_code = |label: &str, list: &str| {
        let list = list.trim().trim_end_matches('.');
        is_airport_code(list) && !is_numbered(label)
    };
    let finish = |current: Option<(String, String)>, out: &mut Vec<ZoneDef>| {
        if let Some((label, list)) = current
            && !is_route(&label, &list)
            && !lone_code(&label, &list)
            && !super::prose::is_untrusted(&label)
            && !super::prose::heads_examples(&label)
            && let Some(countries) = countries_of_definition(&list)
                .or_else(|| country_of_its_cities(&label, &list))
                .or_else(|| country_described(&label, &list))
                .or_else(|| {
                    // "الكويت · Kuwait": the Latin name of a label in two scripts.
                    let (native, latin) = label.split_once(" · ")?;
                    (!native.chars().any(|c| c.is_ascii_alphabetic()))
                        .then(|| country_described(latin, &list))?
                })
        {
            let (name, aliases) = name_and_aliases(&label);
            // "India : Mumbai (BOM) ; Singapore (SIN) ; Malaysia : Kuala Lumpur": a
            // country with its cities inside a zone's list is no zone of its own.
            let bare = ["La ", "Le ", "Les ", "The ", "El ", "Los ", "Las "]
                .iter()
                .find_map(|article| name.strip_prefix(article))
                .unwrap_or(&name);
            let other_country = reference::country_code(bare)
                .is_some_and(|code| countries.iter().any(|country| country != code));
            if !other_country {
                out.push(ZoneDef::listed(name, aliases, countries, passage));
            }
        }
    };
    // A label wrapped after an "&" ("… Northern South America &" / "Southern South
    // America: Mexico (MX), …") is one line again.
    // "Maldives, Nepal.        Zone 6 — Americas: United States": a definition that
    // starts after a wide gap, in the next column, is a line of its own.
    static NEXT_COLUMN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"\S\s{{3,}}((?i:{ZONE_WORDS})\s+\w{{1,3}}\s*[:–—-]\s)"
        ))
        .expect("valid regex")
    });
    let mut lines: Vec<String> = Vec::new();
    for line in text.lines() {
        let (line, next_column) = match NEXT_COLUMN
            .captures(line)
            .and_then(|captures| captures.get(1))
        {
            Some(start) => (&line[..start.start()], Some(&line[start.start()..])),
            None => (line, None),
        };
        match lines.last_mut() {
            Some(last) if last.trim_end().ends_with(" &") => {
                last.push(' ');
                last.push_str(line.trim());
            }
            _ => lines.push(line.to_owned()),
        }
        lines.extend(next_column.map(str::to_owned));
    }
    static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(r"(?i)^(?:{ZONE_WORDS})\s+\w{{1,3}}$")).expect("valid regex")
    });
    static GLOSSED_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"^(\p{{L}}[\p{{L}} ]{{1,30}}\s\w{{1,3}})\s{{3,}}((?i:{ZONE_WORDS})\s+\w{{1,3}})$"
        ))
        .expect("valid regex")
    });
    for (at, line) in lines.iter().enumerate() {
        // "- **Jordan** — Amman, Aqaba": Markdown's emphasis is no part of the label;
        // "Zone 2 -——. Europe": a dash OCR read as several is one.
        static DASHES: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"\s[-–—.]{2,}\s").expect("valid regex"));
        let plain = DASHES
            .replace_all(&line.replace("**", ""), " — ")
            .into_owned();
        // ". Zone 4 - Europe: London": a speck OCR read before the label is no part of it.
        let trimmed = plain
            .trim()
            .trim_start_matches(['#', '.', ',', '\'', '`', '‘'])
            .trim_start();
        // "All airports in Iceland: Keflavík (KEF), …" says where the zone above lies.
        if let Some(captures) = DEFINITION
            .captures(trimmed)
            .or_else(|| WIDE_COLON_DEFINITION.captures(trimmed))
            && !NOT_ZONE_LABELS.contains(&captures[1].trim().to_lowercase().as_str())
            && ![
                "all ", "tutti ", "tutte ", "todos ", "todas ", "tous ", "toutes ",
            ]
            .iter()
            .any(|all| captures[1].to_lowercase().starts_with(all))
        {
            finish(current.take(), &mut out);
            let (mut label, mut list) = (captures[1].to_owned(), captures[2].to_owned());
            // "الكويت: نقطة انطلاق … — Kuwait: origin of every reward flight": a definition
            // in the page's script, then again in English, read on its English side.
            if !label.chars().any(|c| c.is_ascii_alphabetic())
                && let Some((_, english)) = list.split_once(" — ")
                && let Some((name, description)) = english.split_once(": ")
                && name.split_whitespace().count() <= 6
                && name.chars().all(in_latin_script)
                && name.starts_with(|c: char| c.is_ascii_uppercase())
            {
                (label, list) = (format!("{} · {name}", label.trim()), description.to_owned());
            }
            // "Zone 2: South East Asia" over "Singapore, Malaysia, Vietnam": the zone's
            // name after its number, its countries on the line below.
            let below = lines
                .get(at + 1)
                .map(|next| next.trim())
                .unwrap_or_default();
            if NUMBERED.is_match(label.trim())
                && !list.contains(',')
                && list.split_whitespace().count() <= 8
                && !DEFINITION.is_match(below)
                && countries_of_definition(below).is_some()
            {
                current = Some((format!("{label} — {list}"), String::new()));
                continue;
            }
            // "क्षेत्र १ — दक्षिण एसिया · Zone 1 — South Asia — भारत (India), …": a label in
            // two languages goes on to the last dash before the list.
            while let Some((more, rest)) = list.split_once(" — ")
                && !more.contains(',')
                && more.split_whitespace().count() <= 8
                && countries_of_definition(rest).is_some()
                && countries_of_definition(more).is_none()
            {
                label = format!("{label} — {more}");
                list = rest.to_owned();
            }
            // "Zone 1 — Turkey: Turkey (Antalya)": the colon ends the label (of up to
            // eight words, "&" aside).
            if let Some((more, rest)) = list.split_once(": ")
                && !more.contains(',')
                && more.split_whitespace().filter(|word| *word != "&").count() <= 8
            {
                label = format!("{label} — {more}");
                list = rest.to_owned();
            }
            current = Some((label, list));
        } else if let Some(captures) = GLOSSED_NUMBER.captures(trimmed)
            && lines.get(at + 1).is_some_and(|below| {
                !DEFINITION.is_match(below.trim()) && countries_of_definition(below).is_some()
            })
        {
            // "Bölge 1    Zone 1" over "Kıbrıs Cyprus, Yunanistan Greece": a numbered
            // zone named in two languages, its list below.
            finish(current.take(), &mut out);
            current = Some((
                format!("{} ({})", captures[2].trim(), captures[1].trim()),
                String::new(),
            ));
        } else if let Some(label) = trimmed.strip_suffix([':', '：'])
            && label.split_whitespace().count() <= 8
            && !label.contains(',')
            && lines.get(at + 1).is_some_and(|below| {
                !DEFINITION.is_match(below.trim()) && countries_of_definition(below).is_some()
            })
        {
            // "América do Sul (South America):" over "Argentina, Chile, Uruguai": the
            // label on a line of its own, its list below.
            finish(current.take(), &mut out);
            current = Some((label.trim().to_owned(), String::new()));
        } else if trimmed.is_empty() || trimmed.contains('|') {
            finish(current.take(), &mut out);
        } else if let Some((_, list)) = current.as_mut() {
            // A list wraps after a comma, into a lowercase word, or mid-name ("New /
            // Zealand"); a line that names no more countries is something else.
            let joined = format!("{list} {trimmed}");
            let more = || {
                country_list(&joined).map_or(0, |codes| codes.len())
                    > country_list(list).map_or(0, |codes| codes.len())
            };
            // (A numbered label over its list: the list is the line below.)
            if list.trim().is_empty()
                || list.trim_end().ends_with([',', '&'])
                || trimmed.starts_with(char::is_lowercase)
                || (!list.trim_end().ends_with('.') && more())
            {
                list.push(' ');
                list.push_str(trimmed);
            } else {
                finish(current.take(), &mut out);
            }
        }
    }
    finish(current, &mut out);
    out
}

/// Zone definitions written as sentences: "North America means the United States and
/// Canada.", "The region Mexico, Central America & Caribbean covers Mexico, Guatemala and
/// Panama.", "Africa & Middle East is a single region: South Africa, Kenya and Egypt.", or
/// run in one after the other ("UAE: United Arab Emirates. Gulf & Middle East: Saudi
/// Arabia, Oman."). The name is what comes before the verb or colon; what follows must be
/// a list of two countries or more, or of one where the paragraph defines other zones.
pub fn definitions_in_prose(text: &str, passage: usize) -> Vec<ZoneDef> {
    static SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?i:the\s+)?(?i:(?:region|región|zone|zona|area)\s+)?([A-Z][\w&'’,/ ()-]{1,60}?)\s*(?:(?:zone|region)\s+)?(:|\s(?:means|covers|comprises|consists\s+of|is\s+made\s+up\s+of|takes\s+in|includes|is|are)\s+(?:(?:a|one)\s+(?:single\s+)?(?:region|zone)\b\s*[:,-]?\s*)?(?:the\s+countries\s*:?\s*)?:?)\s*(.+)$")
            .expect("valid regex")
    });
    let mut out = Vec::new();
    let mut numbered = Vec::new();
    for paragraph in text.split("\n\n") {
        let paragraph = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut found = Vec::new();
        for sentence in sentences(&paragraph) {
            if let Some(zone) = numbered_zone_sentence(sentence, passage) {
                numbered.push(zone);
                continue;
            }
            let Some(captures) = SENTENCE.captures(sentence) else {
                continue;
            };
            let name = captures[1].trim();
            // A name is a few capitalised words ("Mexico, Central America & Caribbean").
            let words: Vec<String> = without_asides(name)
                .split([' ', ','])
                .filter(|word| !word.is_empty() && !matches!(*word, "&" | "and" | "of" | "the"))
                .map(str::to_owned)
                .collect();
            if words.is_empty()
                || words.len() > 6
                || !words
                    .iter()
                    .all(|word| word.starts_with(char::is_uppercase))
            {
                continue;
            }
            let Some(countries) = country_list(&captures[3]) else {
                continue;
            };
            let by_colon = &captures[2] == ":";
            found.push((name.to_owned(), countries, by_colon));
        }
        // One country, or a zone named like a country ("UAE: United Arab Emirates"), only
        // among other definitions run in with it.
        let listed = found
            .iter()
            .filter(|(_, countries, _)| countries.len() >= 2)
            .count();
        for (name_before_asides, countries, by_colon) in found {
            let among_others = by_colon && listed >= 2;
            if !among_others
                && (countries.len() < 2 || reference::country_code(&name_before_asides).is_some())
            {
                continue;
            }
            // "Australasia (Oceania)": the other name is an alias.
            let (name, mut aliases) = name_and_aliases(&without_asides(&name_before_asides));
            aliases.extend(
                ASIDE
                    .captures_iter(&name_before_asides)
                    .map(|aside| aside[1].trim().to_owned()),
            );
            out.push(ZoneDef::listed(name, aliases, countries, passage));
        }
    }
    // Numbered zones count where the text numbers two or more.
    if numbered.len() >= 2 {
        out.extend(numbered);
    }
    out
}

/// "Zone 3 is Asia: Singapore, Thailand", "Zone 2, Gulf & SAARC, covers Bangladesh and
/// Nepal", "Zone 1 is India (domestic flights)": a numbered zone, its name and countries
/// (one country names a zone of its own). The number is an alias.
fn numbered_zone_sentence(sentence: &str, passage: usize) -> Option<ZoneDef> {
    static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(r"\b((?i:{ZONE_WORDS})\s+[A-Z0-9]{{1,3}})(?:\s*,\s*([^,]{{2,40}}?)\s*,)?\s+(?:is|covers|means|includes|comprises|takes\s+in)\s+(?:the\s+zone\s+)?(.+)$"))
            .expect("valid regex")
    });
    let captures = NUMBERED.captures(sentence.trim())?;
    let number = captures[1].to_owned();
    let rest = captures[3].trim().trim_end_matches('.');
    let (name, list) = match captures.get(2) {
        Some(name) => (name.as_str().trim().to_owned(), rest.to_owned()),
        None => match rest.split_once(':') {
            Some((name, list)) => (name.trim().to_owned(), list.to_owned()),
            None => {
                // "India (domestic flights)": a country that is a zone of its own.
                let country = without_asides(rest);
                let code = reference::country_code(&country)?;
                return Some(ZoneDef::listed(
                    country,
                    vec![number],
                    vec![code.to_owned()],
                    passage,
                ));
            }
        },
    };
    let named = name.starts_with(char::is_uppercase) && name.split_whitespace().count() <= 5;
    let countries = country_list(&list).filter(|_| named)?;
    Some(ZoneDef::listed(name, vec![number], countries, passage))
}

/// The sentences of a paragraph: it breaks after ".", ";" or "!" before a capital.
fn sentences(paragraph: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = paragraph.as_bytes();
    for (at, _) in paragraph.match_indices(['.', ';', '!']) {
        let next = paragraph[at + 1..].trim_start();
        if bytes.get(at + 1) == Some(&b' ') && next.starts_with(char::is_uppercase) {
            out.push(paragraph[start..at].trim());
            start = at + 1;
        }
    }
    out.push(paragraph[start..].trim().trim_end_matches('.'));
    out
}

/// Zone definitions in a table: a label column and a column of country lists.
pub fn definitions_in_table(table: &Table, passage: usize) -> Vec<ZoneDef> {
    let joined = super::tables::wrapped_rows_joined(table);
    let table = joined.as_ref().unwrap_or(table);
    // "Zona 2: | Portugal, Espanha, …" read as the header of the rows under it: a
    // definition all the same.
    let unheaded;
    let table = match table.header() {
        Some([label, list])
            if label.trim_end().ends_with(':') && countries_of_definition(list).is_some() =>
        {
            unheaded = Table {
                rows: table.rows.clone(),
                has_header: false,
            };
            &unheaded
        }
        _ => table,
    };
    let body = table.body();
    let width = body.iter().map(Vec::len).max().unwrap_or(0);
    // "Cities served | Riyadh, Jeddah, Dubai": a column its header says lists places
    // may list cities, each standing for its country.
    // So may the cells beside labels set as definitions ("Domestic: | Riyadh, Jeddah").
    let defined = body
        .iter()
        .filter(|row| {
            row.first()
                .is_some_and(|cell| cell.trim_end().ends_with(':'))
        })
        .count()
        * 2
        >= body.len().max(1);
    let lists_places = |column: usize| {
        (defined && column > 0)
            || table
                .header()
                .and_then(|header| header.get(column))
                .is_some_and(|cell| {
                    let cell = cell.to_lowercase();
                    ["cit", "airport", "destination", "served"]
                        .iter()
                        .any(|word| cell.contains(word))
                })
    };
    let list_in = |column: usize, cell: &str| {
        country_list(cell).or_else(|| {
            lists_places(column)
                .then(|| countries_of_definition(cell))
                .flatten()
        })
    };
    // The column that lists places in the most rows ("A Trinidad & Tobago | Trinidad and
    // Tobago (Port of Spain - Tobago)": the label names a country too, in fewer rows).
    let listed = |column: usize| {
        body.iter()
            .filter(|row| {
                row.get(column)
                    .is_some_and(|cell| list_in(column, cell).is_some())
            })
            .count()
    };
    let lists = (0..width)
        .map(|column| (column, listed(column)))
        .filter(|&(_, listed)| listed * 2 >= body.len().max(1) && listed > 0)
        .max_by_key(|&(column, listed)| (listed, std::cmp::Reverse(column)))
        .map(|(column, _)| column);
    // "Iceland | Europe | 22,000": a chart from a zone named like a country prices
    // awards; it defines no zone.
    let priced = (0..width).any(|column| {
        let prices = body
            .iter()
            .filter(|row| {
                row.get(column)
                    .and_then(|cell| super::text::number(cell))
                    .is_some_and(|amount| amount >= 100)
            })
            .count();
        prices * 2 > body.len()
    });
    let single_countries = lists.is_some_and(|column| {
        body.iter().all(|row| {
            row.get(column)
                .and_then(|cell| list_in(column, cell))
                .is_none_or(|countries| countries.len() == 1)
        })
    });
    let lists = lists.filter(|_| !(priced && single_countries));
    let Some(lists) = lists else {
        // An award chart whose rows give each zone's countries in its label (a table of
        // benefits' "Falcon Gold lounge (Bahrain)" is none).
        if !priced {
            return Vec::new();
        }
        return body
            .iter()
            .filter_map(|row| {
                let (name, countries) = label_with_countries(row.first()?)?;
                Some(ZoneDef::listed(name, Vec::new(), countries, passage))
            })
            .collect();
    };
    // "Zone 1 | United Arab Emirates | …": a column of zone numbers beside one of names;
    // the name is the zone's, the number an alias.
    static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(r"(?i)^(?:{ZONE_WORDS})?\s*[A-Z0-9]{{1,3}}$")).expect("valid regex")
    });
    let numbered = |column: usize| {
        body.iter()
            .filter(|row| {
                row.get(column)
                    .is_some_and(|cell| NUMBERED.is_match(cell.trim()))
            })
            .count()
            * 2
            > body.len()
    };
    let labels: Vec<usize> = (0..width).filter(|&column| column != lists).collect();
    let (label_column, number_column) = match labels.as_slice() {
        [first, second, ..] if numbered(*first) && !numbered(*second) => (*second, Some(*first)),
        [first, ..] => (*first, None),
        [] => (0, None),
    };
    // "Zone | Countries | Band" over "Zone 3 Maghreb | Maroc, … | niv. C": a column after
    // the list that gives each zone a short label that another zone shares is the price
    // band a chart of bands prices it by.
    let band_column = (lists + 1..width).find(|&column| {
        let cells: Vec<String> = body
            .iter()
            .filter_map(|row| row.get(column))
            .map(|cell| fold(cell))
            .collect();
        let short = |cell: &String| {
            !cell.is_empty() && cell.chars().count() <= 12 && super::text::number(cell).is_none()
        };
        let shared = cells
            .iter()
            .enumerate()
            .any(|(index, cell)| cells[index + 1..].contains(cell));
        cells.len() >= 3 && cells.iter().all(short) && (shared || band_header(table, column))
    });
    body.iter()
        .filter_map(|row| {
            let countries = list_in(lists, row.get(lists)?)?;
            let (mut name, mut aliases) = name_and_aliases(row.get(label_column)?);
            // "Монгол Улс | Mongolia": a zone named in another script beside its one
            // country's name in Latin letters goes by that name.
            let latin_country = without_asides(row.get(lists)?).replace(['*', '_'], "");
            let latin_country = latin_country.trim();
            if countries.len() == 1
                && !name.chars().any(|c| c.is_ascii_alphabetic())
                && name.chars().any(char::is_alphabetic)
                && latin_country.starts_with(|c: char| c.is_ascii_uppercase())
                && !has_other_script(latin_country)
            {
                aliases.insert(0, std::mem::replace(&mut name, latin_country.to_owned()));
            }
            if let Some(number) = number_column.and_then(|column| row.get(column))
                && !number.trim().is_empty()
            {
                // A bare number under a "Zone" header is "Zone 1", as charts write it.
                let number = number.trim();
                let word = number_column
                    .and_then(|column| table.header()?.get(column))
                    .map(|header| header.trim())
                    .filter(|header| {
                        ZONE_WORDS
                            .split('|')
                            .any(|word| word == header.to_lowercase())
                    });
                let numbered = match word {
                    Some(word) if number.len() <= 3 => format!("{word} {number}"),
                    _ => number.to_owned(),
                };
                for alias in [numbered, number.to_owned()] {
                    if !aliases.contains(&alias) {
                        aliases.push(alias);
                    }
                }
            }
            // A price beside a destination ("Mexico | 12,500") names no zone.
            let named = name.chars().any(char::is_alphabetic);
            let band = band_column
                .and_then(|column| row.get(column))
                .map(|cell| cell.trim().to_owned());
            named.then_some(ZoneDef {
                name,
                aliases,
                countries,
                regions: Vec::new(),
                passage,
                band,
            })
        })
        .collect()
}

/// "Kgaolo 1 · Zone 1 — Borwa jwa Aforika · Southern Africa": numbers in two languages,
/// then the name in two; the zone goes by the last name, in Latin letters. "Botswana — mo
/// teng ga Botswana · domestic": a country, then what it is in two languages; the zone goes
/// by the country.
fn numbered_then_glossed(label: &str) -> Option<(String, Vec<String>)> {
    static NUMBERED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\p{L}+\s+[0-9A-Z]{1,2}$").expect("valid regex"));
    let (head, tail) = label.split_once(" — ")?;
    if !tail.contains(" · ") {
        return None;
    }
    let parts = |text: &str| -> Vec<String> {
        text.split(" · ")
            .map(|part| part.replace('*', "").trim().to_owned())
            .filter(|part| !part.is_empty())
            .collect()
    };
    let (heads, tails) = (parts(head), parts(tail));
    let latin =
        |text: &str| text.starts_with(|c: char| c.is_ascii_uppercase()) && !has_other_script(text);
    if heads.iter().all(|part| NUMBERED.is_match(part)) {
        let name = tails.last().filter(|name| latin(name))?.clone();
        let aliases = heads
            .into_iter()
            .chain(tails.into_iter().filter(|part| *part != name))
            .collect();
        return Some((name, aliases));
    }
    match heads.as_slice() {
        [country] if reference::country_code(country).is_some() => Some((country.clone(), tails)),
        _ => None,
    }
}

/// A column header that names price bands ("Band", "Niveau", "Preisstufe").
fn band_header(table: &Table, column: usize) -> bool {
    static BAND: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\b(?:band|bands|level|niveau|nivel|tarif|stufe|preisstufe|fascia|price group)\b",
        )
        .expect("valid regex")
    });
    table
        .header()
        .and_then(|header| header.get(column))
        .is_some_and(|cell| BAND.is_match(cell))
}

/// "The Atlantic zone covers Europe, the Middle East and North Africa.", "South Asia
/// includes Indian Subcontinent." → regions.
pub fn add_regions(text: &str, zones: &mut [ZoneDef]) {
    for captures in COVERS.captures_iter(text) {
        let (Some(label), Some(list)) = (
            captures.get(1).or_else(|| captures.get(3)),
            captures.get(2).or_else(|| captures.get(4)),
        ) else {
            continue;
        };
        let zone = fold(label.as_str());
        if let Some(def) = zones.iter_mut().find(|def| {
            fold(&def.name) == zone || def.aliases.iter().any(|alias| fold(alias) == zone)
        }) {
            push_regions(def, list.as_str());
        }
    }
    // A zone named by its own name, without the word "zone", wrapped over lines or not.
    for def in zones.iter_mut() {
        let labels: Vec<String> = std::iter::once(&def.name)
            .chain(&def.aliases)
            .filter(|label| label.len() >= 4)
            .cloned()
            .collect();
        for label in labels {
            let name = label
                .split_whitespace()
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+");
            let Ok(named) = Regex::new(&format!(
                r"(?i)\b{name}\s+(?:zone\s+|region\s+)?(?:covers|includes|comprises|spans|means|stands\s+for|corresponds\s+to)\s+(?:the\s+)?([^.]+)"
            )) else {
                continue;
            };
            let lists: Vec<String> = named
                .captures_iter(text)
                .filter_map(|captures| captures.get(1))
                .map(|list| list.as_str().to_owned())
                .collect();
            for list in lists {
                push_regions(def, &list);
            }
        }
        // "Eastern Europe & North Africa": a zone named after two regions covers both,
        // each of which a traveller may name.
        if def.regions.is_empty() && def.name.contains(" & ") {
            let name = def.name.clone();
            push_regions(def, &name.replace(" & ", ", "));
        }
    }
}

/// The regions of a list ("Europe, the Middle East and North Africa") added to a zone.
fn push_regions(def: &mut ZoneDef, list: &str) {
    let list = list.split_whitespace().collect::<Vec<_>>().join(" ");
    // "A journey from Europe to North America includes a connection in Keflavík": what
    // a trip includes, no region.
    if ["a ", "an "]
        .iter()
        .any(|article| list.to_lowercase().starts_with(article))
    {
        return;
    }
    for region in list
        .split([',', ';'])
        .flat_map(|piece| piece.split(" and "))
    {
        let region = region.trim().trim_start_matches("the ").trim();
        if !region.is_empty() && !def.regions.iter().any(|known| known == region) {
            def.regions.push(region.to_owned());
        }
    }
}

/// The zone a label names: by name or alias, folded.
pub fn resolve<'a>(label: &str, zones: &'a [ZoneDef]) -> Option<&'a ZoneDef> {
    let wanted = fold(&clean_label(label));
    if wanted.is_empty() {
        return None;
    }
    // "Brasil" names the zone "Brasil (Brazil)".
    let exact = |wanted: &str| {
        zones.iter().find(|zone| {
            fold(&zone.name) == wanted
                || zone.aliases.iter().any(|alias| fold(alias) == wanted)
                || fold(&without_asides(&zone.name)) == wanted
        })
    };
    if let Some(zone) = exact(&wanted) {
        return Some(zone);
    }
    // "Zona A · Espanya": a label of several names of one zone (its letter, its name in
    // the page's language), none of them another zone's.
    let parts: Vec<String> = label
        .split(['·', '|'])
        .map(|part| fold(&clean_label(part)))
        .filter(|part| !part.is_empty())
        .collect();
    if parts.len() >= 2 {
        let named: Vec<&ZoneDef> = parts.iter().filter_map(|part| exact(part)).collect();
        if let Some(first) = named.first()
            && named.iter().all(|zone| std::ptr::eq(*zone, *first))
        {
            return Some(first);
        }
    }
    // "Océan Indien / Indian Ocean (Réunion)": a label in two languages, either of which
    // names the zone.
    if let Some((native, english)) = translated_pair(label) {
        let named = |name: &str| {
            let name = fold(name);
            zones.iter().find(|zone| {
                fold(&zone.name) == name || zone.aliases.iter().any(|alias| fold(alias) == name)
            })
        };
        if let Some(zone) = named(&english).or_else(|| named(&native)) {
            return Some(zone);
        }
    }
    // "Short (Japan, South Korea)": the label of a zone whose countries follow its name.
    if let Some((name, _)) = label_with_countries(label)
        && let Some(zone) = zones.iter().find(|zone| fold(&zone.name) == fold(&name))
    {
        return Some(zone);
    }
    // "N. America", "S.E. Asia": the one zone whose name's words the label abbreviates.
    if label.contains('.') {
        let words = |text: &str| -> Vec<String> {
            text.split(|c: char| c.is_whitespace() || c == '.')
                .filter(|word| !word.is_empty())
                .map(str::to_lowercase)
                .collect()
        };
        let short = words(&clean_label(label));
        let abbreviates = |zone: &&ZoneDef| {
            let long = words(&zone.name);
            long.len() == short.len()
                && long
                    .iter()
                    .zip(&short)
                    .all(|(long, short)| long.starts_with(short.as_str()))
        };
        let mut fitting = zones.iter().filter(abbreviates);
        if let (Some(zone), None) = (fitting.next(), fitting.next()) {
            return Some(zone);
        }
    }
    // A long label cut where its table cell wrapped ("Mexico & Central America &
    // Caribbean & Northern South"): the one zone whose name it begins.
    if wanted.len() < 12 {
        return None;
    }
    let mut started = zones
        .iter()
        .filter(|zone| fold(&zone.name).starts_with(&wanted));
    match (started.next(), started.next()) {
        (Some(zone), None) => Some(zone),
        _ => None,
    }
}

/// A route label's words in Latin letters and its joints, its stop ("via Taipei") and
/// asides in other scripts left out.
fn latin_route(label: &str) -> String {
    static ASIDE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[（(][^）)]*[）)]").expect("valid regex"));
    static VIA: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\s+via\s+.*$").expect("valid regex"));
    let label = ASIDE.replace_all(label, " ");
    let label = VIA.replace(&label, "");
    let mixed = label.chars().any(|c| c.is_ascii_alphabetic()) && has_other_script(&label);
    if !mixed {
        return label.trim().to_owned();
    }
    let words: Vec<&str> = label
        .split_whitespace()
        .filter(|word| !has_other_script(word))
        .collect();
    // Joints left at either end belong to the dropped names.
    let mut words = words.as_slice();
    while let [first, rest @ ..] = words
        && !first.chars().any(char::is_alphanumeric)
    {
        words = rest;
    }
    words.join(" ")
}

/// A label that names both zones of a price ("Japan and North America", "Between Japan
/// and Asia", "Japan – Asia", "Within Japan"): the two known zones, when the label is no
/// zone itself.
pub fn pair<'a>(label: &str, zones: &'a [ZoneDef]) -> Option<(&'a ZoneDef, &'a ZoneDef)> {
    static LEAD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:between|from|within|inside|travel\s+(?:between|within))\s+")
            .expect("valid regex")
    });
    // "Улаанбаатар (UBN) ⇄ Бээжин (PEK)": a route between two airports, each in the one
    // zone that holds its country.
    static CODE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\(([A-Z]{3})\)").expect("valid regex"));
    let codes: Vec<&str> = CODE
        .captures_iter(label)
        .filter_map(|captures| Some(captures.get(1)?.as_str()))
        .collect();
    if let [from, to] = codes.as_slice()
        && resolve(label, zones).is_none()
        && let (Some(from), Some(to)) = (
            zone_of_country(country_of_airport_code(from), zones),
            zone_of_country(country_of_airport_code(to), zones),
        )
    {
        return Some((from, to));
    }
    // "台灣 ⇄ 東北亞 Taiwan ⇄ Northeast Asia", "… North America via Taipei": the pair in
    // Latin letters, without the stop.
    let latin = latin_route(label);
    if latin != label.trim() && !latin.is_empty() {
        // Two names and a joint in Latin letters are two zones, even where one name
        // resolves the whole ("North America" in "Northeast Asia ⇄ North America").
        return joined_pair(&latin, zones).or_else(|| pair(&latin, zones));
    }
    if resolve(label, zones).is_some() {
        return None;
    }
    // "Зона 2 — Центральная Азия": one zone by its number and its name.
    // ("Zone 1 - Zone 6" is two.)
    if is_numbered(label) {
        let (name, aliases) = name_and_aliases(label);
        let named: Vec<&ZoneDef> = std::iter::once(&name)
            .chain(&aliases)
            .filter_map(|known| resolve(known, zones))
            .collect();
        if !is_numbered(&name)
            && !named.is_empty()
            && named.iter().all(|zone| zone.name == named[0].name)
        {
            return None;
        }
    }
    let lead = LEAD.find(label);
    let rest = lead.map_or(label, |lead| &label[lead.end()..]);
    if lead.is_some_and(|lead| lead.as_str().to_lowercase().contains("with"))
        && let Some(zone) = resolve(rest, zones)
    {
        return Some((zone, zone));
    }
    joined_pair(rest, zones)
}

static JOINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s+(?:and|to|from|&|<->|<>|-)\s+|\s*[–—↔⇄]\s*|\s+/\s+").expect("valid regex")
});

/// Two zones either side of a joint ("Europe – Asia", "Zone 1 to Zone 3"), or of two
/// cities ("Ulaanbaatar ⇄ Beijing").
fn joined_pair<'a>(label: &str, zones: &'a [ZoneDef]) -> Option<(&'a ZoneDef, &'a ZoneDef)> {
    let named = |label: &str| {
        JOINT.find_iter(label).find_map(|joint| {
            let first = resolve(&label[..joint.start()], zones)?;
            let second = resolve(&label[joint.end()..], zones)?;
            Some((first, second))
        })
    };
    named(label).or_else(|| {
        let city = |text: &str| zone_of_country(country_of_city(&clean_label(text)), zones);
        JOINT
            .find_iter(label)
            .find_map(|joint| Some((city(&label[..joint.start()])?, city(&label[joint.end()..])?)))
    })
}

/// The one zone that holds a country.
fn zone_of_country<'a>(country: Option<&str>, zones: &'a [ZoneDef]) -> Option<&'a ZoneDef> {
    let country = country?;
    let mut holding = zones
        .iter()
        .filter(|zone| zone.countries.iter().any(|known| known == country));
    match (holding.next(), holding.next()) {
        (Some(zone), None) => Some(zone),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_definition_in_two_languages_on_its_english_side() {
        let text = "الكويت: نقطة انطلاق جميع رحلات المكافآت — Kuwait: origin of every reward flight\nدول الخليج: الإمارات، السعودية، قطر — GCC: UAE, Saudi Arabia, Qatar";
        let zones = definitions_in_lines(text, 0);
        assert_eq!(zones[0].name, "Kuwait");
        assert_eq!(zones[0].aliases, ["الكويت"]);
        assert_eq!(zones[0].countries, ["KW"]);
        assert_eq!(zones[1].name, "GCC");
        assert_eq!(zones[1].countries, ["AE", "SA", "QA"]);
    }

    #[test]
    fn reads_labels_in_two_languages_over_lists_in_two_languages() {
        let text = "Zona A · Espanya · Spain\nEspanya peninsular, Illes Balears i Illes Canàries (Spain, including the Balearic and Canary Islands)\nZona B · Europa Occidental · Western Europe\nFrança, Itàlia, Portugal, Regne Unit, Irlanda, Països Baixos, Bèlgica, Suïssa i Alemanya\nFrance, Italy, Portugal, United Kingdom, Ireland, the Netherlands, Belgium, Switzerland and Germany\nZona D · Orient Mitjà · Middle East\nIsrael i Jordània\nIsrael and Jordan";
        let zones: Vec<(String, Vec<String>, Vec<String>)> = definitions_under_labels(text, 0)
            .into_iter()
            .map(|zone| (zone.name, zone.aliases, zone.countries))
            .collect();
        let texts = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            zones,
            [
                (
                    "Spain".to_owned(),
                    texts(&["Zona A", "Espanya"]),
                    texts(&["ES"])
                ),
                (
                    "Western Europe".to_owned(),
                    texts(&["Zona B", "Europa Occidental"]),
                    texts(&["FR", "IT", "PT", "GB", "IE", "NL", "BE", "CH", "DE"])
                ),
                (
                    "Middle East".to_owned(),
                    texts(&["Zona D", "Orient Mitjà"]),
                    texts(&["IL", "JO"])
                ),
            ]
        );
    }

    #[test]
    fn reads_a_long_zone_name_between_the_label_and_the_colon() {
        let text = "Zone 1 — Western Europe & Southern Europe & Northern Europe: United\nKingdom (Edinburgh), Ireland (Dublin), France (Lyon, Nice)";
        let zones = definitions_in_lines(text, 0);
        assert_eq!(
            zones[0].name,
            "Western Europe & Southern Europe & Northern Europe"
        );
        assert_eq!(zones[0].countries, ["GB", "IE", "FR"]);
    }

    #[test]
    fn reads_zone_names_written_in_two_scripts() {
        let text = "- **日本 · Japan** — Tokyo (Haneda, Narita), Osaka (Itami, Kansai), Sapporo\n\
                    - **Zone 1 · 韓国 Korea** — Seoul, Busan";
        let zones = definitions_in_lines(text, 0);
        assert_eq!(
            names_and_countries(&zones),
            [("Japan", vec!["JP"]), ("Korea", vec!["KR"])]
        );
        assert_eq!(zones[0].aliases, ["日本"]);
        assert_eq!(zones[1].aliases, ["Zone 1", "韓国"]);
    }

    #[test]
    fn a_name_and_its_english_one_after_a_slash() {
        assert_eq!(
            name_and_aliases("Afrika Mashariki / East Africa"),
            (
                "East Africa".to_owned(),
                vec!["Afrika Mashariki".to_owned()]
            )
        );
        assert_eq!(
            name_and_aliases("Maurice / Mauritius"),
            ("Mauritius".to_owned(), vec!["Maurice".to_owned()])
        );
        assert_eq!(
            name_and_aliases("Zone 3 — Europe du Nord Northern Europe"),
            (
                "Northern Europe".to_owned(),
                vec!["Zone 3".to_owned(), "Europe du Nord".to_owned()]
            )
        );
        assert_eq!(name_and_aliases("Rest of Africa").0, "Rest of Africa");
        assert_eq!(name_and_aliases("South America").0, "South America");
        // A name with an ampersand is English throughout.
        assert_eq!(
            name_and_aliases("Caucasus & Türkiye").0,
            "Caucasus & Türkiye"
        );
        // Two English names make one zone of both.
        assert_eq!(
            name_and_aliases("Europe / Middle East").0,
            "Europe / Middle East"
        );
        // A chart's label in both languages names the zone.
        let zones = [ZoneDef::listed(
            "Indian Ocean".into(),
            vec!["Océan Indien".into()],
            vec!["RE".into()],
            0,
        )];
        assert!(resolve("Océan Indien / Indian Ocean (Réunion)", &zones).is_some());
        assert!(pair("Océan Indien / Indian Ocean", &zones).is_none());
        // A chart's label of the zone's letter and its name in the page's language.
        let zones = [
            ZoneDef::listed(
                "Spain".into(),
                vec!["Zona A".into(), "Espanya".into()],
                vec!["ES".into()],
                0,
            ),
            ZoneDef::listed(
                "Western Europe".into(),
                vec!["Zona B".into(), "Europa Occidental".into()],
                vec!["FR".into()],
                0,
            ),
        ];
        assert_eq!(
            resolve("Zona B · Europa Occidental", &zones).map(|zone| zone.name.as_str()),
            Some("Western Europe")
        );
        assert!(resolve("Zona A · Europa Occidental", &zones).is_none());
    }

    #[test]
    fn a_country_with_its_cities_inside_a_zones_list_is_no_zone() {
        let zones = definitions_in_lines(
            "Inde / India : Mumbai (BOM), Delhi (DEL) ; Singapour / Singapore (SIN)",
            0,
        );
        assert!(zones.is_empty(), "{zones:?}");
    }

    #[test]
    fn reads_the_regions_a_zone_covers() {
        let zone = |name: &str| ZoneDef::listed(name.into(), vec!["Zone 6".into()], Vec::new(), 0);
        let mut zones = vec![zone("South Asia"), zone("Mexico & Central America")];
        add_regions(
            "South Asia includes\nIndian Subcontinent. Mexico & Central America stands for \
             Central America and\nthe Caribbean.",
            &mut zones,
        );
        assert_eq!(zones[0].regions, ["Indian Subcontinent"]);
        assert_eq!(zones[1].regions, ["Central America", "Caribbean"]);
        // What a trip includes is no region of a zone.
        let mut zones = vec![zone("North America")];
        add_regions(
            "A journey from Europe to North America includes a connection in Keflavík (KEF).",
            &mut zones,
        );
        assert!(zones[0].regions.is_empty(), "{:?}", zones[0].regions);
        // A zone named after two regions covers both.
        let mut zones = vec![zone("Eastern Europe & North Africa")];
        add_regions("", &mut zones);
        assert_eq!(zones[0].regions, ["Eastern Europe", "North Africa"]);
    }

    /// Each zone's name with its countries' codes.
    fn names_and_countries(zones: &[ZoneDef]) -> Vec<(&str, Vec<&str>)> {
        zones
            .iter()
            .map(|zone| {
                let countries = zone.countries.iter().map(String::as_str).collect();
                (zone.name.as_str(), countries)
            })
            .collect()
    }

    #[test]
    fn reads_zones_defined_in_sentences() {
        let text = "North America means the United States (including Alaska and Hawaii) and\n\
                    Canada. The region Mexico, Central America & Caribbean covers Mexico, \
                    Guatemala and Panama. Africa & Middle East is a single region: South \
                    Africa, Kenya and Egypt. Prices are the same in both directions. Japan \
                    is Japan and Korea.";
        let zones = definitions_in_prose(text, 0);
        let read = names_and_countries(&zones);
        assert_eq!(
            read,
            [
                ("North America", vec!["US", "CA"]),
                (
                    "Mexico, Central America & Caribbean",
                    vec!["MX", "GT", "PA"]
                ),
                ("Africa & Middle East", vec!["ZA", "KE", "EG"]),
            ]
        );
    }

    #[test]
    fn reads_zones_run_in_one_after_the_other() {
        let text = "UAE: United Arab Emirates. Gulf & Middle East (Middle East): Saudi Arabia,\n\
                    Oman, Qatar. Indian Subcontinent: India, Sri\nLanka. Australasia (Oceania): \
                    Australia, New Zealand.\n\nItaly: Rome, Milan.";
        let zones = definitions_in_prose(text, 0);
        let read = names_and_countries(&zones);
        assert_eq!(
            read,
            [
                ("UAE", vec!["AE"]),
                ("Gulf & Middle East", vec!["SA", "OM", "QA"]),
                ("Indian Subcontinent", vec!["IN", "LK"]),
                ("Australasia", vec!["AU", "NZ"]),
            ]
        );
    }

    #[test]
    fn reads_zones_defined_by_their_cities() {
        let text = "Zone 2 – Southeast Asia: Bangkok (Thailand), Singapore, Kuala Lumpur (Malaysia)\nZone 4 – Europe: Paris (France), Frankfurt, Munich (Germany), London\n";
        let zones = definitions_in_lines(text, 0);
        let read: Vec<(&str, &[String])> = zones
            .iter()
            .map(|zone| (zone.name.as_str(), zone.countries.as_slice()))
            .collect();
        assert_eq!(
            read,
            [
                (
                    "Southeast Asia",
                    &["TH".to_owned(), "SG".to_owned(), "MY".to_owned()][..]
                ),
                (
                    "Europe",
                    &["FR".to_owned(), "DE".to_owned(), "GB".to_owned()][..]
                ),
            ]
        );
        // A zone named after a country, its cities in it.
        let zones = definitions_in_lines(
            "Philippines: Manila, Cebu, Davao, Clark and all domestic points.\n",
            0,
        );
        assert_eq!(names_and_countries(&zones), [("Philippines", vec!["PH"])]);
        // Cities separated the Chinese way; a place known only by its airport beside it.
        let zones = definitions_in_lines(
            "Northeast Asia: Tokyo、首尔 (ICN)、Osaka\nIndonesia: Bali (Denpasar, DPS)\n",
            0,
        );
        assert_eq!(
            names_and_countries(&zones),
            [
                ("Northeast Asia", vec!["JP", "KR"]),
                ("Indonesia", vec!["ID"])
            ]
        );
    }

    #[test]
    fn a_numbered_zone_named_on_its_line_with_its_countries_below() {
        let text =
            "Zone 1: Thailand\nThailand\nZone 2: South East Asia\nSingapore, Malaysia, Vietnam\n";
        let zones = definitions_in_lines(text, 0);
        let read: Vec<(&str, &[String], usize)> = zones
            .iter()
            .map(|zone| {
                (
                    zone.name.as_str(),
                    zone.aliases.as_slice(),
                    zone.countries.len(),
                )
            })
            .collect();
        assert_eq!(
            read,
            [
                ("Thailand", &["Zone 1".to_owned()][..], 1),
                ("South East Asia", &["Zone 2".to_owned()][..], 3)
            ]
        );
        assert_eq!(
            resolve(
                "N. America",
                &[ZoneDef::listed(
                    "North America".into(),
                    Vec::new(),
                    vec!["US".into()],
                    0
                )]
            )
            .map(|zone| zone.name.as_str()),
            Some("North America")
        );
    }

    #[test]
    fn countries_named_in_other_languages_with_or_without_accents() {
        let zones = definitions_in_lines(
            "Zona E - Europa: Espana, Francia, Países Bajos, Alemania\n",
            0,
        );
        assert_eq!(zones[0].name, "Europa");
        assert_eq!(zones[0].countries, ["ES", "FR", "NL", "DE"]);
    }

    #[test]
    fn a_zona_is_a_zone() {
        assert_eq!(
            name_and_aliases("Zona 2 – Europe"),
            ("Europe".to_owned(), vec!["Zona 2".to_owned()])
        );
        // A name in another script goes by its translation.
        assert_eq!(
            name_and_aliases("Зона 2 — Центральная Азия (Central Asia)"),
            (
                "Central Asia".to_owned(),
                vec!["Зона 2".to_owned(), "Центральная Азия".to_owned()]
            )
        );
    }

    /// A table of three columns whose first row is its header.
    fn table_with_header(rows: &[[&str; 3]]) -> Table {
        Table {
            rows: rows
                .iter()
                .map(|cells| cells.iter().map(|cell| (*cell).to_owned()).collect())
                .collect(),
            has_header: true,
        }
    }

    #[test]
    fn a_chart_from_a_zone_named_like_a_country_defines_no_zone() {
        let table = table_with_header(&[
            ["From", "To", "Economy"],
            ["Iceland", "Iceland", "9,000"],
            ["Iceland", "Europe", "22,000"],
            ["Iceland", "North America", "30,000"],
        ]);
        assert_eq!(definitions_in_table(&table, 0), []);
    }

    #[test]
    fn a_zone_is_named_by_its_name_and_numbered_by_an_alias() {
        let table = table_with_header(&[
            ["Zone", "Name", "Countries"],
            ["Zone 1", "Gulf", "Oman, Qatar, Bahrain"],
            ["Zone 2", "Europe", "France, Germany"],
        ]);
        let zones = definitions_in_table(&table, 0);
        let read: Vec<(&str, &[String])> = zones
            .iter()
            .map(|zone| (zone.name.as_str(), zone.aliases.as_slice()))
            .collect();
        assert_eq!(
            read,
            [
                ("Gulf", &["Zone 1".to_owned()][..]),
                ("Europe", &["Zone 2".to_owned()][..])
            ]
        );
    }

    #[test]
    fn a_zones_letter_before_its_name_and_its_countries_in_the_fullest_column() {
        // The labels name countries too ("D United Kingdom"), in fewer rows than the list.
        let table = table_with_header(&[
            ["Zone", "Destinations (countries)", "Economy"],
            [
                "A Trinidad & Tobago",
                "Trinidad and Tobago (Port of Spain)",
                "8,000",
            ],
            ["B Caribbean", "Barbados, Jamaica, Guyana", "20,000"],
            ["C North America", "United States, Canada", "40,000"],
            ["D United Kingdom", "United Kingdom", "60,000"],
        ]);
        let zones = definitions_in_table(&table, 0);
        assert_eq!(
            names_and_countries(&zones),
            [
                ("Trinidad & Tobago", vec!["TT"]),
                ("Caribbean", vec!["BB", "JM", "GY"]),
                ("North America", vec!["US", "CA"]),
                ("United Kingdom", vec!["GB"]),
            ]
        );
        assert!(zones[1].aliases.contains(&"Zone B".to_owned()));
    }

    #[test]
    fn a_lettered_label_with_its_colon_over_a_list_wrapped_at_its_commas() {
        let text = "B   Zapadna i sjeverna Europa (Western & Northern Europe):\n\
                    Njemačka (Germany), Francuska (France),\n\
                    Nizozemska (Netherlands), Portugal";
        let zones = definitions_under_labels(text, 0);
        assert_eq!(
            names_and_countries(&zones),
            [("Zapadna i sjeverna Europa", vec!["DE", "FR", "NL", "PT"])]
        );
        assert!(zones[0].aliases.contains(&"Zone B".to_owned()));
    }

    #[test]
    fn a_route_between_two_airports_or_cities_prices_their_countries_zones() {
        let zone = |name: &str, country: &str| {
            ZoneDef::listed(name.to_owned(), Vec::new(), vec![country.to_owned()], 0)
        };
        let zones = [
            zone("Mongolia", "MN"),
            zone("China", "CN"),
            zone("Japan", "JP"),
        ];
        let names = |label: &str| {
            pair(label, &zones).map(|(from, to)| (from.name.as_str(), to.name.as_str()))
        };
        assert_eq!(
            names("Улаанбаатар (UBN) ⇄ Бээжин (PEK) · Ulaanbaatar ⇄ Beijing"),
            Some(("Mongolia", "China"))
        );
        assert_eq!(names("Ulaanbaatar ⇄ Tokyo"), Some(("Mongolia", "Japan")));
    }

    #[test]
    fn labels_in_two_languages_are_named_on_their_english_side() {
        let (name, aliases) = name_and_aliases("Kanda A — Afrika Mashariki Zone A — East Africa");
        assert_eq!(name, "East Africa");
        assert!(aliases.contains(&"Zone A".to_owned()));
        assert!(aliases.contains(&"Kanda A".to_owned()));
        let (name, aliases) = name_and_aliases("Bölge 1 (Zone 1)");
        assert_eq!(
            (name.as_str(), aliases.as_slice()),
            ("Zone 1", &["Bölge 1".to_owned()][..])
        );
        let (name, aliases) = name_and_aliases("Близький Схід і Кавказ (Middle East & Caucasus)");
        assert_eq!(
            (name.as_str(), aliases.as_slice()),
            (
                "Middle East & Caucasus",
                &["Близький Схід і Кавказ".to_owned()][..]
            )
        );
        let (name, aliases) = name_and_aliases("क्षेत्र १ — दक्षिण एसिया · Zone 1 — South Asia");
        assert_eq!(name, "South Asia");
        assert!(aliases.contains(&"Zone 1".to_owned()));
        let zones = definitions_in_lines(
            "- क्षेत्र १ — दक्षिण एसिया · Zone 1 — South Asia — भारत (India), भुटान (Bhutan)",
            0,
        );
        assert_eq!(
            names_and_countries(&zones),
            [("South Asia", vec!["IN", "BT"])]
        );
    }

    #[test]
    fn reads_numbered_zones_defined_in_sentences() {
        let text = "Zone 1 is India (domestic flights). Zone 2, Gulf & SAARC, covers Bangladesh,\n\
                    Nepal and Oman. Zone 3 is Asia: Singapore, Thailand and Japan. Zone 6 is\n\
                    Australia.";
        let zones = definitions_in_prose(text, 0);
        assert_eq!(
            names_and_countries(&zones),
            [
                ("India", vec!["IN"]),
                ("Gulf & SAARC", vec!["BD", "NP", "OM"]),
                ("Asia", vec!["SG", "TH", "JP"]),
                ("Australia", vec!["AU"]),
            ]
        );
        assert_eq!(zones[2].aliases, ["Zone 3"]);
    }
}

#[cfg(test)]
mod route_tests {
    use super::latin_route;

    #[test]
    fn a_route_in_two_scripts_is_read_by_its_latin_names() {
        assert_eq!(
            latin_route("台灣 ⇄ 東北亞 Taiwan ⇄ Northeast Asia"),
            "Taiwan ⇄ Northeast Asia"
        );
        assert_eq!(
            latin_route("東北亞 ⇄ 北美（經台北轉機）Northeast Asia ⇄ North America via Taipei"),
            "Northeast Asia ⇄ North America"
        );
    }
}
