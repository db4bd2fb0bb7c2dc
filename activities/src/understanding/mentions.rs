//! Finding the slots of a question in its words: programs (the graph's names, then the
//! reference's), airlines (names, and codes where the words around say so), fare classes,
//! cabins, airports (IATA codes; cities by their airports), countries, regions and zones,
//! tiers and alliance statuses.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::airports::{self, Named};
use super::{Place, ProgramWords, Slots, Vocabulary};
use crate::facts::{Cabin, FareBrand};
use crate::reference;

/// A word of the message and where it is.
#[derive(Clone, Debug)]
struct Word {
    text: String,
    start: usize,
    end: usize,
}

static WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\p{L}\p{N}]+(?:['’][\p{L}]+)*").expect("word pattern"));

fn words(text: &str) -> Vec<Word> {
    WORD.find_iter(text)
        .map(|m| Word {
            text: m.as_str().to_owned(),
            start: m.start(),
            end: m.end(),
        })
        .collect()
}

/// Lowercase letters and digits only (and the letters of scripts other than Latin), accents
/// folded, `&` read as "and": the key names are compared by.
pub(crate) fn key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '&' {
            out.push_str("and");
            continue;
        }
        for lower in c.to_lowercase() {
            let folded = match lower {
                'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
                'ç' | 'ć' | 'č' => 'c',
                'è' | 'é' | 'ê' | 'ë' => 'e',
                'ì' | 'í' | 'î' | 'ï' | 'ı' => 'i',
                'ñ' | 'ń' => 'n',
                'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
                'ù' | 'ú' | 'û' | 'ü' => 'u',
                'ý' | 'ÿ' => 'y',
                'ş' | 'ś' | 'š' => 's',
                'ğ' => 'g',
                'ł' => 'l',
                'ž' | 'ź' | 'ż' => 'z',
                other => other,
            };
            // Letters of other scripts count ("海南航空"); Latin letters the fold above
            // does not know are left out, as they always were.
            if folded.is_ascii_alphanumeric() || (folded > '\u{24f}' && folded.is_alphanumeric()) {
                out.push(folded);
            }
        }
    }
    out
}

/// Capitalised words that start no place name in a question.
const NOT_PLACES: &[&str] = &[
    "how", "what", "which", "when", "where", "who", "why", "do", "does", "did", "i", "i'm", "is",
    "are", "can", "could", "would", "should", "will", "my", "me", "the", "a", "an", "and", "or",
    "in", "on", "to", "from", "for", "of", "with", "by", "at", "via", "business", "economy",
    "first", "premium", "class", "fare", "miles", "mile", "points", "point", "award", "flight",
    "flights", "status", "gold", "silver", "platinum", "elite", "one", "round", "trip", "credit",
    "earn", "total", "both", "connect", "fly", "flying", "book", "booking", "if", "then", "it",
    "that", "this", "please", "hi", "hello", "thanks", "star", "alliance", "premier", "tier",
    "partner", "return", "also", "and", "but", "so", "same", "again", "instead", "now", "yes",
    "no", "ok", "okay",
];

/// Three-letter capitals that are loyalty jargon rather than airports.
const NOT_AIRPORTS: &[&str] = &[
    "PQP", "PQF", "PQM", "PQD", "SQM", "SQD", "SQS", "SQC", "MQM", "MQD", "MQS", "EQM", "EQD",
    "USA", "UAE", "FAQ", "VIP", "ANA", "THY", "KLM", "SAS", "TAP", "LOT", "EVA", "ITA", "AND",
    "THE", "FOR", "NOT", "ONE", "WAY", "HOW", "CAN", "AWARD",
];

/// Region words every chart may use, besides those of the graph's zones.
const REGIONS: &[&str] = &[
    "Europe",
    "Asia",
    "Africa",
    "North America",
    "South America",
    "Central America",
    "Latin America",
    "Middle East",
    "Oceania",
    "Caribbean",
    "Australia",
    "North Asia",
    "South Asia",
    "Southeast Asia",
    "Far East",
    "Pacific",
    "Atlantic",
    "Indian Subcontinent",
];

/// What a span of words was recognised as.
#[derive(Clone, Debug, PartialEq)]
enum Target {
    /// A program, or the programs that share a name ("SWISS miles" when two programs in
    /// the documents are run by SWISS).
    Program(Vec<String>),
    ReferenceProgram(String),
    Tier(String),
    Airline(String),
    /// A place the documents name by an airport's code ("Grand Cayman"): it keeps its
    /// words from the airline inside it ("Cayman"), and is read with the other places.
    Place,
}

/// Finds every slot the message states.
pub(crate) fn find(text: &str, vocabulary: &Vocabulary) -> Slots {
    let text = text.replace(['’', '‘'], "'");
    let words = words(&text);
    let mut slots = Slots::default();
    let mut taken = vec![false; words.len()];

    // Programs and airlines: the longest names win, then the earliest.
    let mut names: HashMap<String, Target> = HashMap::new();
    for program in &vocabulary.programs {
        for name in std::iter::once(&program.name)
            .chain(&program.aliases)
            .chain(std::iter::once(&program.id))
        {
            let target = names
                .entry(key(name))
                .or_insert_with(|| Target::Program(Vec::new()));
            if let Target::Program(ids) = target
                && !ids.contains(&program.id)
            {
                ids.push(program.id.clone());
            }
        }
    }
    // Airlines the documents name that the reference data may not know.
    for (iata, name) in &vocabulary.airlines {
        if reference::airline(iata).is_none() && key(name).len() > 3 {
            names
                .entry(key(name))
                .or_insert_with(|| Target::Airline(iata.clone()));
        }
    }
    // "United States", "United Kingdom", "United Arab Emirates" name no program.
    let country_after = |end: usize| {
        words
            .get(end)
            .is_some_and(|next| matches!(key(&next.text).as_str(), "states" | "kingdom" | "arab"))
    };
    alliance_status(&text, &words, &mut taken, &mut slots);
    for (name, _) in &vocabulary.airport_names {
        names.entry(key(name)).or_insert(Target::Place);
    }
    // Tier names compete with program names: "Starling Blue" is a tier, "Starling" a program.
    for program in &vocabulary.programs {
        for tier in &program.tiers {
            names
                .entry(key(tier))
                .or_insert_with(|| Target::Tier(tier.clone()));
        }
    }
    let mut candidates: Vec<(usize, usize, Target)> = Vec::new();
    for i in 0..words.len() {
        for n in 1..=6.min(words.len() - i) {
            let span = &text[words[i].start..words[i + n - 1].end];
            if let Some(target) = names.get(&key(span))
                && !country_after(i + n)
                && !taken[i..i + n].iter().any(|&t| t)
                && !ends_airport_name(&text, &words, i, i + n)
            {
                candidates.push((i, i + n, target.clone()));
            }
        }
    }
    let word_at = |offset: usize| words.iter().position(|word| word.start == offset);
    for (offset, airline) in reference::airlines_in(&text) {
        let Some(i) = word_at(offset) else { continue };
        let n = name_length(
            &text,
            &words,
            i,
            std::iter::once(&airline.name).chain(&airline.aliases),
        );
        // "Little Cayman" is a town, not Cayman Airways.
        if in_town_name(&words, i, i + n) {
            continue;
        }
        candidates.push((i, i + n, Target::Airline(airline.iata.clone())));
    }
    for (offset, program) in reference::programs_in(&text) {
        let Some(i) = word_at(offset) else { continue };
        let n = name_length(
            &text,
            &words,
            i,
            std::iter::once(&program.name).chain(&program.aliases),
        );
        let in_graph = vocabulary
            .programs
            .iter()
            .any(|known| known.id == program.id || key(&known.name) == key(&program.name));
        let target = if in_graph {
            Target::Program(
                vocabulary
                    .programs
                    .iter()
                    .find(|known| known.id == program.id || key(&known.name) == key(&program.name))
                    .map(|known| known.id.clone())
                    .into_iter()
                    .collect(),
            )
        } else {
            Target::ReferenceProgram(text[words[i].start..words[i + n - 1].end].to_owned())
        };
        candidates.push((i, i + n, target));
    }
    let flying_before = |i: usize| {
        i > 0
            && matches!(
                key(&words[i - 1].text).as_str(),
                "fly" | "flying" | "flies" | "flew" | "on" | "by" | "operated" | "with"
            )
    };
    // Longest first; on a tie a program, unless the words before say it is flown.
    candidates.sort_by_key(|(start, end, target)| {
        let airline_rank = match target {
            Target::Airline(_) if flying_before(*start) => 0,
            Target::Program(_) | Target::ReferenceProgram(_) | Target::Place => 1,
            Target::Tier(_) => 2,
            Target::Airline(_) => 3,
        };
        (usize::MAX - (end - start), airline_rank, *start)
    });
    let airline_spans: Vec<(usize, usize, String)> = candidates
        .iter()
        .filter_map(|(start, end, target)| match target {
            Target::Airline(code) => Some((*start, *end, code.clone())),
            _ => None,
        })
        .collect();
    let mut chosen: Vec<(usize, usize, Target)> = Vec::new();
    for (start, end, target) in candidates {
        if taken[start..end].iter().any(|&t| t) {
            continue;
        }
        taken[start..end].iter_mut().for_each(|t| *t = true);
        chosen.push((start, end, target));
    }
    chosen.sort_by_key(|(start, _, _)| *start);
    // Places the documents name by an airport's code, read with the other places.
    let learned: Vec<(usize, usize)> = chosen
        .iter()
        .filter(|(_, _, target)| matches!(target, Target::Place))
        .map(|(start, end, _)| (*start, *end))
        .collect();
    // "United DFW to SFO: what does that earn in Macaw?": with a known program named, a
    // name that is both an unknown program and an airline is the airline.
    let names_known_program = chosen
        .iter()
        .any(|(_, _, target)| matches!(target, Target::Program(_)));
    let names_airline = chosen
        .iter()
        .any(|(_, _, target)| matches!(target, Target::Airline(_)));
    if names_known_program && !names_airline {
        for (start, end, target) in chosen.iter_mut() {
            if let Target::ReferenceProgram(_) = target
                && let Some((_, _, code)) = airline_spans
                    .iter()
                    .find(|(s, e, _)| s == start && e == end)
            {
                *target = Target::Airline(code.clone());
                break;
            }
        }
    }
    // "Royal Jordanian Royal Club points for Qatar Airways": the airline that owns the
    // program named after it is not the one flown, when another is named.
    let owners: Vec<usize> = chosen
        .windows(2)
        .filter_map(|pair| match (&pair[0], &pair[1]) {
            ((start, end, Target::Airline(_)), (next, _, Target::Program(_))) if end == next => {
                Some(*start)
            }
            _ => None,
        })
        .collect();
    let airlines_named = chosen
        .iter()
        .filter(|(_, _, target)| matches!(target, Target::Airline(_)))
        .count();
    if airlines_named > owners.len() {
        chosen.retain(|(start, _, target)| {
            !(matches!(target, Target::Airline(_)) && owners.contains(start))
        });
    }
    for (_, _, target) in chosen {
        match target {
            Target::Program(ids) => {
                for id in ids {
                    if !slots.programs.contains(&id) {
                        slots.programs.push(id);
                    }
                }
            }
            Target::ReferenceProgram(name) => {
                slots.unknown_program.get_or_insert(name);
            }
            Target::Airline(code) => {
                slots.airline.get_or_insert(code);
            }
            Target::Tier(name) => {
                slots.tier.get_or_insert(name);
            }
            Target::Place => {}
        }
    }
    // "How many PQP for Starling Blue?": the program whose tier it is.
    if slots.programs.is_empty()
        && slots.unknown_program.is_none()
        && let Some(tier) = &slots.tier
    {
        let having: Vec<&str> = vocabulary
            .programs
            .iter()
            .filter(|program| program.tiers.iter().any(|t| key(t) == key(tier)))
            .map(|program| program.id.as_str())
            .collect();
        if let [only] = having.as_slice() {
            slots.programs.push((*only).to_owned());
        }
    }
    // "the lowest Delta Medallion level": a word that runs through one program's tier
    // names (in two or more of them) and no other program's names that program.
    if slots.programs.is_empty() && slots.unknown_program.is_none() {
        let tier_word = |program: &ProgramWords, word: &str| {
            program
                .tiers
                .iter()
                .filter(|tier| tier.split_whitespace().any(|part| key(part) == word))
                .count()
        };
        for word in &words {
            let word = key(&word.text);
            if word.len() < 5 {
                continue;
            }
            let having: Vec<&ProgramWords> = vocabulary
                .programs
                .iter()
                .filter(|program| tier_word(program, &word) > 0)
                .collect();
            if let [only] = having.as_slice()
                && tier_word(only, &word) >= 2
            {
                slots.programs.push(only.id.clone());
                break;
            }
        }
    }

    // Airline codes, where the words around make them one: "flying LH", "TK flights",
    // "LH400".
    static FLIGHT_NUMBER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^([A-Z0-9]{2})(\d{1,4})$").expect("flight number"));
    if slots.airline.is_none() {
        for (i, word) in words.iter().enumerate() {
            if taken[i] {
                continue;
            }
            let code = if let Some(caps) = FLIGHT_NUMBER.captures(&word.text) {
                caps[1].to_owned()
            } else if word.text.len() == 2
                && word
                    .text
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                && (flying_before(i)
                    || words.get(i + 1).is_some_and(|next| {
                        matches!(key(&next.text).as_str(), "flight" | "flights")
                    })
                    || bare_airline_code(&words, i))
            {
                word.text.clone()
            } else {
                continue;
            };
            if let Some(airline) = reference::airline(&code) {
                slots.airline = Some(airline.iata.clone());
                taken[i] = true;
                break;
            }
        }
    }

    if slots.airline.is_none()
        && let Some((i, airline)) = airline_by_first_word(&words, &taken)
    {
        slots.airline = Some(airline);
        taken[i] = true;
    }

    let mut classes = fare_classes(&text).into_iter();
    slots.fare_class = classes.next();
    // "on an Optima fare": a fare the documents name stands for its booking classes,
    // which earn alike.
    if slots.fare_class.is_none()
        && let Some((fare, program)) = named_fare(&text, &slots, vocabulary)
    {
        slots.fare_class = fare.classes.first().cloned();
        if slots.airline.is_none() {
            slots.airline = Some(fare.airline.clone());
        }
        if slots.programs.is_empty() && slots.unknown_program.is_none() {
            slots.programs.push(program.to_owned());
        }
    }
    // "Air Canada Aeroplan … in class K from YUL to YYZ": an earning question whose only
    // airline is named inside the program's name is about that airline's flights.
    if slots.airline.is_none()
        && slots.fare_class.is_some()
        && !slots.programs.is_empty()
        && let Some((_, airline)) = reference::airlines_in(&text).into_iter().next()
    {
        slots.airline = Some(airline.iata.clone());
    }
    slots.compared_fare_class = classes.next();
    // A brand the graph's documents explain ("Comfort Flex" is Pegasus's premium
    // economy), when no well-known brand is named.
    let explained = cabin_brand(&text)
        .is_none()
        .then(|| explained_brand(&text, &slots.programs, vocabulary))
        .flatten();
    if let Some((_, Some(program), _)) = &explained
        && slots.programs.is_empty()
        && slots.unknown_program.is_none()
    {
        slots.programs.push(program.clone());
    }
    let brand = cabin_brand(&text).or(explained.map(|(cabin, _, span)| (cabin, None, span)));
    // A brand's words name no place ("Main Cabin" is no Frankfurt am Main).
    if let Some((_, _, span)) = &brand {
        for (word, taken) in words.iter().zip(taken.iter_mut()) {
            if word.start < span.end && span.start < word.end {
                *taken = true;
            }
        }
    }
    let brand = brand.map(|(cabin, airline, _)| (cabin, airline));
    // "Saga Premium" is a business cabin, whatever its words say.
    slots.cabin = brand.map(|(cabin, _)| cabin).or(cabin(&text));
    slots.round_trip = round_trip(&text);
    // "Saga Points": a word of a program's name, no place (Saga, Japan).
    if slots.programs.is_empty()
        && slots.unknown_program.is_none()
        && let Some((i, id)) = program_by_word_before_unit(&words, &taken, vocabulary)
    {
        taken[i] = true;
        slots.programs.push(id);
    }
    places(&text, &words, &taken, &learned, vocabulary, &mut slots);
    // A program named only by what it counts in ("how many Avios?") or by a cabin brand
    // of its airline ("a Club World reward").
    if slots.programs.is_empty() && slots.unknown_program.is_none() {
        let by_brand = brand
            .and_then(|(_, airline)| airline)
            .and_then(|airline| program_run_by(airline, vocabulary));
        if let Some(id) = program_by_currency(&text, vocabulary).or(by_brand) {
            slots.programs.push(id);
        }
    }
    slots
}

/// The one program whose currency the text names, where the word is its own ("Avios",
/// not "miles" or "points").
fn program_by_currency(text: &str, vocabulary: &Vocabulary) -> Option<String> {
    let lower = text.to_lowercase();
    let named: Vec<&ProgramWords> = vocabulary
        .programs
        .iter()
        .filter(|program| {
            let currency = program.currency.trim().to_lowercase();
            !currency.is_empty()
                && !["miles", "mile", "points", "point", "credits"].contains(&currency.as_str())
                && lower
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|word| word == currency)
        })
        .collect();
    match named.as_slice() {
        [only] => Some(only.id.clone()),
        _ => None,
    }
}

/// The one program a word of whose name comes before the unit it counts in ("Saga
/// Points" for the Saga Club), a word no other program's name has, with the word's index.
fn program_by_word_before_unit(
    words: &[Word],
    taken: &[bool],
    vocabulary: &Vocabulary,
) -> Option<(usize, String)> {
    /// Words many programs' names share: they name none of them.
    const COMMON: &[&str] = &[
        "the",
        "my",
        "club",
        "plus",
        "miles",
        "mile",
        "points",
        "point",
        "frequent",
        "flyer",
        "flying",
        "reward",
        "rewards",
        "program",
        "programme",
        "loyalty",
        "mileage",
        "bank",
        "guest",
        "pass",
        "privilege",
        "bonus",
        "elite",
        "premier",
        "more",
        "and",
    ];
    let name_words = |program: &ProgramWords| -> Vec<String> {
        std::iter::once(&program.name)
            .chain(&program.aliases)
            .flat_map(|name| {
                name.split(|c: char| !c.is_alphanumeric())
                    .filter(|word| !word.is_empty())
                    .map(key)
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    (1..words.len()).find_map(|i| {
        let (word, unit) = (key(&words[i - 1].text), key(&words[i].text));
        if taken[i - 1]
            || !["points", "point", "miles", "mile"].contains(&unit.as_str())
            || COMMON.contains(&word.as_str())
        {
            return None;
        }
        let named: Vec<&ProgramWords> = vocabulary
            .programs
            .iter()
            .filter(|program| name_words(program).contains(&word))
            .collect();
        match named.as_slice() {
            [only] => Some((i - 1, only.id.clone())),
            _ => None,
        }
    })
}

/// The one program the airline `iata` runs.
pub(crate) fn program_run_by(iata: &str, vocabulary: &Vocabulary) -> Option<String> {
    let run: Vec<&ProgramWords> = vocabulary
        .programs
        .iter()
        .filter(|program| program.operator.as_deref() == Some(iata))
        .collect();
    match run.as_slice() {
        [only] => Some(only.id.clone()),
        _ => None,
    }
}

/// The fare the text names among those programs' documents name, and its program: the
/// named programs' fares only when programs are named, and the named airline's only when
/// an airline is; the longest name wins ("Economy Saver Max" over "Economy Saver"). A
/// fare named by a cabin word alone ("Business") is a cabin, not a fare.
fn named_fare<'a>(
    text: &str,
    slots: &Slots,
    vocabulary: &'a Vocabulary,
) -> Option<(&'a FareBrand, &'a str)> {
    let spaced = |text: &str| {
        format!(
            " {} ",
            text.to_lowercase()
                .replace(['-', ',', '.', '?', '!', '/', ':', '(', ')'], " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        )
    };
    let lower = spaced(text);
    let mut best: Option<(usize, &FareBrand, &str)> = None;
    for program in &vocabulary.programs {
        if !slots.programs.is_empty() && !slots.programs.contains(&program.id) {
            continue;
        }
        for fare in &program.fares {
            if slots
                .airline
                .as_ref()
                .is_some_and(|airline| *airline != fare.airline)
            {
                continue;
            }
            // "Tarifa Grupos / Group fare": each of its names.
            for name in fare.name.split(['/', '·']) {
                let name = spaced(name);
                let name = name.trim();
                let cabin_word = ["economy", "premium", "premium economy", "business", "first"]
                    .iter()
                    .any(|cabin| name == *cabin || name == format!("{cabin} class"));
                if name.len() < 3 || cabin_word {
                    continue;
                }
                let longer = best.is_none_or(|(length, ..)| name.len() > length);
                if longer && lower.contains(&format!(" {name} ")) {
                    best = Some((name.len(), fare, program.id.as_str()));
                }
            }
        }
    }
    best.map(|(_, fare, program)| (fare, program))
}

/// A cabin or fare brand that programs' documents explained and the text names: its
/// cabin, the one program using it, and where it stands. Only the named programs' brands
/// count when programs are named; a brand that programs explain as different cabins
/// says none.
fn explained_brand(
    text: &str,
    named: &[String],
    vocabulary: &Vocabulary,
) -> Option<(Cabin, Option<String>, std::ops::Range<usize>)> {
    let spaced = |text: &str| {
        format!(
            " {} ",
            text.to_lowercase()
                .replace(['-', ',', '.', '?', '!', '/'], " ")
        )
    };
    let lower = spaced(text);
    let mut found: Vec<(usize, usize, Cabin, &str)> = Vec::new();
    for program in &vocabulary.programs {
        if !named.is_empty() && !named.contains(&program.id) {
            continue;
        }
        for (brand, cabin) in &program.cabins {
            let brand = spaced(brand);
            let brand = brand.trim();
            if brand.len() < 3 {
                continue;
            }
            if let Some(at) = lower.find(&format!(" {brand} ")) {
                found.push((at, brand.len(), *cabin, program.id.as_str()));
            }
        }
    }
    // The longest brand named: "Comfort Flex" over "Flex".
    let longest = found.iter().map(|(_, length, ..)| *length).max()?;
    found.retain(|(_, length, ..)| *length == longest);
    let (at, length, cabin, program) = found[0];
    if found.iter().any(|(_, _, other, _)| *other != cabin) {
        return None;
    }
    let program = found
        .iter()
        .all(|(.., other)| *other == program)
        .then(|| program.to_owned());
    // Where the text's letters changed length in lowercase, no words are marked.
    let span = if lower.len() == text.len() + 2 {
        at..at + length
    } else {
        0..0
    };
    Some((cabin, program, span))
}

/// A cabin brand the text names ("Delta One", "Club World"), with its airline if it has
/// only one.
fn cabin_brand(text: &str) -> Option<(Cabin, Option<&'static str>, std::ops::Range<usize>)> {
    let lower = format!(
        " {} ",
        text.to_lowercase().replace(['-', ',', '.', '?', '!'], " ")
    );
    crate::facts::CABIN_BRANDS
        .iter()
        .find_map(|(brand, cabin, airline)| {
            let at = lower.find(&format!(" {brand} "))?;
            // "Executive Club" is a program, not TAP's Executive cabin.
            if lower[at + brand.len() + 1..].starts_with("club") {
                return None;
            }
            // Where the text's letters changed length in lowercase, no words are marked.
            let span = if lower.len() == text.len() + 2 {
                at..at + brand.len()
            } else {
                0..0
            };
            Some((*cabin, *airline, span))
        })
}

/// Two capitals that are ordinary words or country codes more often than airline codes.
const NOT_BARE_AIRLINE_CODES: &[&str] = &[
    "US", "UK", "EU", "OK", "NO", "IN", "TO", "OR", "MY", "ON", "AT", "IT", "IS", "AM", "PM", "BE",
    "DO", "GO", "SO", "UP", "WE", "ME", "HI", "AN", "AS", "BY", "OF", "ID", "TV", "IF", "HE", "OH",
    "VS", "PS", "ST", "RD", "ND", "TH",
];

/// "LH P FRA-JFK", "TK IST-ORD fare class K": an airline code standing alone in a terse
/// question, unless it is an ordinary word in capitals or a country after "to" or "from".
fn bare_airline_code(words: &[Word], i: usize) -> bool {
    let code = words[i].text.as_str();
    let place_word_before = i > 0
        && matches!(
            key(&words[i - 1].text).as_str(),
            "to" | "from" | "in" | "via" | "between" | "and" | "within"
        );
    code.chars().any(|c| c.is_ascii_uppercase())
        && !NOT_BARE_AIRLINE_CODES.contains(&code)
        && !place_word_before
}

/// "on American", "Thai from BKK": an airline by the first word of its name, where that
/// word names no place ("Singapore", "Bangkok", "Caribbean") or common word.
fn airline_by_first_word(words: &[Word], taken: &[bool]) -> Option<(usize, String)> {
    words.iter().enumerate().find_map(|(i, word)| {
        let capitalised = word.text.chars().next().is_some_and(char::is_uppercase);
        if taken[i]
            || !capitalised
            || word.text.len() < 4
            || NOT_PLACES.contains(&key(&word.text).as_str())
            || reference::country_code(&word.text).is_some()
            || REGIONS.iter().any(|region| key(region) == key(&word.text))
            || airports::named(&[key(&word.text)]).is_some()
            || in_town_name(words, i, i + 1)
        {
            return None;
        }
        ["Airlines", "Airways", "Air Lines"]
            .iter()
            .find_map(|kind| {
                reference::airline_by_name(&format!("{} {kind}", word.text))
                    .map(|airline| (i, airline.iata.clone()))
            })
    })
}

/// Whether words `start..end` with the word before or after them name a town of an
/// airport ("Little Cayman", "Cayman Brac" hold no Cayman Airways).
fn in_town_name(words: &[Word], start: usize, end: usize) -> bool {
    let town = |from: usize, to: usize| {
        let named: Vec<&str> = words[from..to]
            .iter()
            .map(|word| word.text.as_str())
            .collect();
        !reference::airports_in_city(&named.join(" ")).is_empty()
    };
    (start > 0 && town(start - 1, end)) || (end < words.len() && town(start, end + 1))
}

/// Whether the capitalised word before word `start` and the words to `end` name an
/// airport ("Phoenix Sky Harbor" is no program called Harbor).
fn ends_airport_name(text: &str, words: &[Word], start: usize, end: usize) -> bool {
    start > 0
        && name_span(text, words, start - 1, end)
        && airports::is_airport_name(
            &words[start - 1..end]
                .iter()
                .map(|word| key(&word.text))
                .collect::<Vec<_>>(),
        )
}

/// How many words from word `i` one of `names` spans (1 when none matches exactly).
fn name_length<'a>(
    text: &str,
    words: &[Word],
    i: usize,
    names: impl Iterator<Item = &'a String>,
) -> usize {
    let keys: Vec<String> = names.map(|name| key(name)).collect();
    (1..=6.min(words.len() - i))
        .rev()
        .find(|&n| keys.contains(&key(&text[words[i].start..words[i + n - 1].end])))
        .unwrap_or(1)
}

/// The booking class letter: "fare class P", "class Y", "Y-class", "in P", "(P)", or a
/// message that is the letter alone.
#[cfg(test)]
pub(crate) fn fare_class(text: &str) -> Option<String> {
    fare_classes(text).into_iter().next()
}

/// The booking class letters named, in the order written, each once.
pub(crate) fn fare_classes(text: &str) -> Vec<String> {
    static PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
        [
            r"(?i:fare|booking|booked|book)\s+(?i:class|code|bucket|letter)(?:\s+(?i:of|is|was))?[\s:]+([A-Za-z])\b",
            r"\b(?i:class|classes)\s+([A-Z])\b",
            r"\b(?i:fare|rbd)\s+([A-Z])\b",
            r"\b([A-Z])[- ](?i:class|fare)\b",
            r"\b(?i:booked|book|ticketed)\s+(?i:in|into|on)\s+([A-Z])\b",
            r"\b(?i:in|on)\s+([B-HJ-Z])\b(?:[^'’]|$)",
            r"\(([A-Z])\)",
            r"^\s*(?i:and\s+)?(?i:in\s+|class\s+)?([A-Za-z])\s*[?.!]?\s*$",
        ]
        .iter()
        .map(|pattern| Regex::new(pattern).expect("fare class pattern"))
        .collect()
    });
    let mut found: Vec<(usize, String)> = PATTERNS
        .iter()
        .flat_map(|pattern| pattern.captures_iter(text))
        .filter_map(|caps| caps.get(1))
        .map(|letter| (letter.start(), letter.as_str().to_ascii_uppercase()))
        .collect();
    if found.is_empty() {
        found = lone_capitals(text);
    }
    found.sort();
    let mut classes: Vec<String> = Vec::new();
    for (_, letter) in found {
        if !classes.contains(&letter) {
            classes.push(letter);
        }
    }
    classes
}

/// "LH P FRA-JFK", "both legs Y": a capital letter standing alone is a booking class when
/// nothing says so in words, unless it is a word ("I", "A") or names something else
/// ("Zone C", "Terminal B", "Plan B").
fn lone_capitals(text: &str) -> Vec<(usize, String)> {
    static LONE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|[^\p{L}\p{N}'’.&-])([B-HJ-Z])(?:$|[^\p{L}\p{N}'’&-])")
            .expect("lone capital pattern")
    });
    static NAMING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:zone|region|terminal|gate|group|plan|area|tier|level|type|section|seat|row|option|part|concourse|pier|list|vitamin)\s*$")
            .expect("naming word pattern")
    });
    LONE.captures_iter(text)
        .filter_map(|caps| caps.get(1))
        .filter(|letter| !NAMING.is_match(&text[..letter.start()]))
        // "U.S.", "J.F.K.": initials.
        .filter(|letter| {
            let mut after = text[letter.end()..].chars();
            !(after.next() == Some('.') && after.next().is_some_and(char::is_alphabetic))
        })
        .map(|letter| (letter.start(), letter.as_str().to_owned()))
        .collect()
}

/// The cabin named, if one is.
pub(crate) fn cabin(text: &str) -> Option<Cabin> {
    static PATTERNS: LazyLock<Vec<(Regex, Cabin)>> = LazyLock::new(|| {
        [
            // "Premium Business" is a business cabin's brand, not premium economy.
            (r"(?i)\bpremium[\s-]+business\b", Cabin::Business),
            (r"(?i)\bpremium[\s-]+first\b", Cabin::First),
            (
                r"(?i)\bpremium[\s-]*(?:econ\w*|coach|cabin)?\b|\b(?:econ[oó]mica|economia)\s+premium\b",
                Cabin::PremiumEconomy,
            ),
            // The words of the languages questions come in: "na Economia", "en
            // Ejecutiva", "en classe Affaires", "in der Business".
            (
                r"(?i)\bbusiness\b|\bupper class\b|\bexecutiv[ao]\b|\bejecutiva\b|\baffaires\b",
                Cabin::Business,
            ),
            (
                r"(?i)\bfirst[\s-]*class\b|\b(?:in|way|trip|return)[\s-]+first\b|\bfirst\s+(?:cabin|award|reward|seat|ticket|fare)|\bprimeira\s+classe\b|\bprimera\s+clase\b|\bpremi[eè]re\s+classe\b|\bla\s+premi[eè]re\b",
                Cabin::First,
            ),
            (
                r"(?i)\beconomy\b|\bcoach\b|\beconomia\b|\becon[oóô]mica\b|\bturista\b|\b[ée]conomique\b",
                Cabin::Economy,
            ),
        ]
        .into_iter()
        .map(|(pattern, cabin)| (Regex::new(pattern).expect("cabin pattern"), cabin))
        .collect()
    });
    PATTERNS
        .iter()
        .find(|(pattern, _)| pattern.is_match(text))
        .map(|(_, cabin)| *cabin)
}

/// Round trip, one way, or not said.
pub(crate) fn round_trip(text: &str) -> Option<bool> {
    static ROUND: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\bround[\s-]?trips?\b|\breturn\b(?:\s+[\w-]+){0,3}?\s+(?:trip|flight|ticket|award|reward|journey)s?\b|\bboth\s+ways\b|\band\s+back\b|\breturn\s+(?:from|to)\b|\bida\s+[ey]\s+vuelta\b|\bida\s+e\s+volta\b|\baller[\s-]+retour\b|\bhin\s+und\s+zur[üu]ck\b")
            .expect("round trip pattern")
    });
    static ONE_WAY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\bone[\s-]?way\b|\bs[oó]lo\s+ida\b|\bsó\s+ida\b|\bsomente\s+ida\b|\baller\s+simple\b|\bnur\s+hin\b")
                .expect("one way pattern")
    });
    if ROUND.is_match(text) {
        Some(true)
    } else if ONE_WAY.is_match(text) {
        Some(false)
    } else {
        None
    }
}

/// An alliance status ("Star Alliance Gold"); its words are no tier, program or place.
fn alliance_status(text: &str, words: &[Word], taken: &mut [bool], slots: &mut Slots) {
    static STATUS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(star\s+alliance|one\s*world|sky\s*team)\s+(gold|silver|emerald|sapphire|ruby|elite\s+plus|elite)\b")
            .expect("alliance status pattern")
    });
    let Some(caps) = STATUS.captures(text) else {
        return;
    };
    let alliance = reference::alliance_in(&caps[1]).unwrap_or("Star Alliance");
    const LEVELS: [&str; 7] = [
        "Gold",
        "Silver",
        "Emerald",
        "Sapphire",
        "Ruby",
        "Elite Plus",
        "Elite",
    ];
    let written = caps[2].split_whitespace().collect::<Vec<_>>().join(" ");
    let level = LEVELS
        .iter()
        .find(|level| level.eq_ignore_ascii_case(&written))
        .unwrap_or(&"Gold");
    slots.alliance_status = Some(format!("{alliance} {level}"));
    if let Some(whole) = caps.get(0) {
        for (word, taken) in words.iter().zip(taken.iter_mut()) {
            if word.start < whole.end() && whole.start() < word.end {
                *taken = true;
            }
        }
    }
}

/// Lowercase words that may sit inside a place name ("Rio de Janeiro", "Dar es Salaam").
const NAME_LINKS: &[&str] = &[
    "de", "da", "do", "dos", "das", "del", "des", "du", "es", "la", "le", "el", "al", "am", "of",
    "on", "upon",
];

/// Common three-letter words that are also airport codes: lowercase, they are words.
const NOT_LOWERCASE_CODES: &[&str] = &[
    "the", "and", "for", "you", "fly", "get", "use", "any", "one", "two", "new", "via", "per",
    "can", "how", "may", "out", "own", "top", "low", "all", "its", "our", "way", "who", "why",
    "due", "day", "see", "set", "run", "far", "few", "buy", "pay", "add", "ask", "say", "let",
    "try", "max", "min", "mid", "end", "sea", "air", "bus", "car", "job", "fee", "tax", "net",
];

/// Whether the words from `i` to `end` (exclusive) can be one place name: capitalised
/// words, with linking words inside, joined by spaces, hyphens, slashes or initials' dots.
fn name_span(text: &str, words: &[Word], i: usize, end: usize) -> bool {
    let capitalised = |word: &Word| word.text.chars().next().is_some_and(char::is_uppercase);
    // "Zone 4", "Europe 1".
    let numbered = |word: &Word| word.text.chars().all(|c| c.is_ascii_digit());
    // "Seattle-Tacoma", "Dallas/Fort Worth", "O. R. Tambo", "Europe & Turkey"; not "LHR - JFK".
    let joined =
        |a: &Word, b: &Word| matches!(text[a.end..b.start].trim_end(), "" | "-" | "/" | "." | " &");
    capitalised(&words[i])
        && (capitalised(&words[end - 1]) || numbered(&words[end - 1]))
        && words[i..end].iter().all(|word| {
            capitalised(word) || numbered(word) || NAME_LINKS.contains(&word.text.as_str())
        })
        && words[i..end]
            .windows(2)
            .all(|pair| joined(&pair[0], &pair[1]))
}

fn places(
    text: &str,
    words: &[Word],
    taken: &[bool],
    learned: &[(usize, usize)],
    vocabulary: &Vocabulary,
    slots: &mut Slots,
) {
    let region_keys: Vec<String> = vocabulary
        .programs
        .iter()
        .flat_map(|program| program.places.iter())
        .map(String::as_str)
        .chain(REGIONS.iter().copied())
        .map(key)
        .collect();
    let word_key = |at: Option<usize>| at.and_then(|at| words.get(at)).map(|w| key(&w.text));
    let code_context = |i: usize| {
        let before = word_key(i.checked_sub(1)).unwrap_or_default();
        let after = word_key(Some(i + 1)).unwrap_or_default();
        let in_parens = text[..words[i].start].ends_with('(');
        in_parens
            || route_mark_around(text, words, i, i + 1)
            || matches!(
                before.as_str(),
                "from" | "to" | "via" | "between" | "and" | "through" | "into"
            )
            // "CAN via BOG to Prague": a code before "via" is a stop too.
            || matches!(after.as_str(), "to" | "and" | "via")
    };
    let airport_names: HashMap<String, String> = vocabulary
        .airport_names
        .iter()
        .map(|(name, code)| (key(name), code.clone()))
        .collect();
    let message = Message {
        text,
        words,
        taken,
        region_keys: &region_keys,
    };
    let (titled_text, titled_words) = titled(text, words);
    let titled_message = Message {
        text: &titled_text,
        words: &titled_words,
        ..message
    };
    // (first word, after last word, place)
    let mut found: Vec<(usize, usize, Place)> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        // "Grand Cayman": a place the documents gave an airport's code.
        if let Some(&(start, end)) = learned.iter().find(|(start, _)| *start == i) {
            let written = text[words[start].start..words[end - 1].end].to_owned();
            if let Some(code) = airport_names.get(&key(&written)) {
                let airports = vec![code.clone()];
                found.push((
                    start,
                    end,
                    Place::City {
                        name: written,
                        airports,
                    },
                ));
            }
            i = end;
            continue;
        }
        if taken[i] {
            i += 1;
            continue;
        }
        let word = &words[i].text;
        let is_code_shaped = word.len() == 3 && word.chars().all(|c| c.is_ascii_alphabetic());
        if is_code_shaped && word.chars().all(|c| c.is_ascii_uppercase()) {
            // "PQP", "LOT": jargon, unless the words around make it a code ("JED - CAN").
            // "GOL MAX fare": a fare's name in capitals, not the airport of Matam.
            let names_a_fare = words.get(i + 1).is_some_and(|next| {
                matches!(
                    key(&next.text).as_str(),
                    "fare" | "fares" | "family" | "tarifa" | "brand"
                )
            });
            if (NOT_AIRPORTS.contains(&word.as_str()) || names_a_fare) && !code_context(i) {
                i += 1;
                continue;
            }
            if let Some(airport) = reference::airport(word) {
                let code = airport.iata.clone();
                found.push((i, i + 1, Place::Airport { code }));
            } else if let Some((n, place)) = message.place_at(i) {
                // "from the UAE to Europe": a country (or zone) by its initials.
                found.push((i, i + n, place));
                i += n;
                continue;
            } else if code_context(i) && !slots.unknown_airports.contains(word) {
                slots.unknown_airports.push(word.clone());
            }
            i += 1;
            continue;
        }
        // "from lis to fra": a lowercase code where the words around make it one.
        if is_code_shaped
            && word.chars().all(|c| c.is_ascii_lowercase())
            && !NOT_LOWERCASE_CODES.contains(&word.as_str())
            && code_context(i)
            && let Some(airport) = reference::airport(word)
        {
            let code = airport.iata.clone();
            found.push((i, i + 1, Place::Airport { code }));
            i += 1;
            continue;
        }
        let place = message
            .place_at(i)
            .or_else(|| message.lowercase_place_at(&titled_message, i));
        match place {
            Some((n, place)) => {
                found.push((i, i + n, place));
                i += n;
            }
            None => i += 1,
        }
    }
    // "Kingston, Jamaica": the country after a comma says which Kingston; it is no stop.
    let mut qualified: Vec<(usize, usize, Place)> = Vec::with_capacity(found.len());
    for (start, end, place) in found {
        if let Place::Country { code, .. } = &place
            && let Some((_, city_end, Place::City { airports, .. })) = qualified.last_mut()
            && matches!(
                text[words[*city_end - 1].end..words[start].start].trim(),
                "," | "("
            )
        {
            let in_country = |airport: &String| {
                reference::airport(airport).is_some_and(|known| known.country == *code)
            };
            if airports.iter().any(in_country) {
                airports.retain(in_country);
                *city_end = end;
                continue;
            }
        }
        qualified.push((start, end, place));
    }
    let found = qualified;
    let found = with_stops_in_order(text, words, found);
    let found = as_the_codes_chain(text, words, found);
    slots.places = without_cities_named_by_codes(text, words, found);
    // "New York JFK (JFK)": one stop (but "Caribbean to Caribbean" is two ends).
    slots
        .places
        .dedup_by(|a, b| matches!(a, Place::Airport { .. }) && a == b);
    slots.places = without_context_places(std::mem::take(&mut slots.places));
}

/// "Riyadh to London on Saudia, connecting in Jeddah", "FRA to JFK via LHR": a stop named
/// after the trip's end goes before it; "within North America": a trip from a place to
/// itself.
fn with_stops_in_order(
    text: &str,
    words: &[Word],
    found: Vec<(usize, usize, Place)>,
) -> Vec<(usize, usize, Place)> {
    static STOP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:via|through|connecting\s+(?:in|at|through|via)|changing\s+(?:planes\s+)?(?:in|at)|stopping\s+(?:over\s+)?(?:in|at)|with\s+an?\s+(?:stop|stopover|layover|connection)\s+(?:in|at))\s+(?:the\s+)?$")
            .expect("stop pattern")
    });
    static WITHIN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:within|inside)\s+(?:the\s+)?$").expect("within pattern")
    });
    let before = |start: usize| &text[..words[start].start];
    if let [(start, end, place)] = found.as_slice()
        && WITHIN.is_match(before(*start))
    {
        return vec![(*start, *end, place.clone()), (*start, *end, place.clone())];
    }
    let stop = |item: &(usize, usize, Place)| STOP.is_match(before(item.0));
    let Some(last_end) = found.iter().rposition(|item| !stop(item)) else {
        return found;
    };
    // The trip's end, then the stops named after it go before it.
    let mut ordered = found;
    let late_stops = ordered.split_off(last_end + 1);
    let destination = ordered.pop();
    ordered.extend(late_stops);
    ordered.extend(destination);
    ordered
}

/// "Nairobi to Frankfurt via Addis Ababa (NBO-ADD-FRA)": a chain of airport codes joined by
/// dashes or arrows is the whole trip; the names around it say it again.
fn as_the_codes_chain(
    text: &str,
    words: &[Word],
    found: Vec<(usize, usize, Place)>,
) -> Vec<(usize, usize, Place)> {
    static CHAIN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b[A-Z]{3}(?:\s*(?:-|–|>|->|→)\s*[A-Z]{3}){2,}\b").expect("chain pattern")
    });
    let Some(chain) = CHAIN.find(text) else {
        return found;
    };
    let in_chain: Vec<(usize, usize, Place)> = found
        .iter()
        .filter(|(start, _, place)| {
            let at = words[*start].start;
            matches!(place, Place::Airport { .. }) && chain.range().contains(&at)
        })
        .cloned()
        .collect();
    let codes = chain
        .as_str()
        .matches(|c: char| c.is_ascii_uppercase())
        .count()
        / 3;
    if in_chain.len() == codes {
        in_chain
    } else {
        found
    }
}

/// "My conference is in Chicago, so I'm flying … to Chicago O'Hare", "Heading to London …
/// from Helsinki to London Heathrow", "Short Lufthansa flight from Frankfurt to Munich":
/// a vague place (a city of several airports, a country, a region) is the setting, not a
/// stop, when an airport named elsewhere is one of its own, or when it comes before two
/// airports that make the trip.
fn without_context_places(places: Vec<Place>) -> Vec<Place> {
    let definite = |place: &Place| match place {
        Place::Airport { code } => Some(code.clone()),
        Place::City { airports, .. } if airports.len() == 1 => Some(airports[0].clone()),
        _ => None,
    };
    let codes: Vec<String> = places.iter().filter_map(definite).collect();
    let covered = |place: &Place| match place {
        Place::City { airports, .. } if airports.len() > 1 => {
            airports.iter().any(|code| codes.contains(code))
        }
        _ => false,
    };
    // Where two airports or more make the trip, from the first of them.
    let trip_start = (codes.len() >= 2)
        .then(|| places.iter().position(|place| definite(place).is_some()))
        .flatten();
    places
        .iter()
        .enumerate()
        .filter(|(at, place)| !covered(place) && trip_start.is_none_or(|start| *at >= start))
        .map(|(_, place)| place.clone())
        .collect()
}

/// Whether a dash or an arrow joins words `start..end` to the word before or after them
/// ("FRA-JFK", "frankfurt -> munich", "MUC<-FRA").
fn route_mark_around(text: &str, words: &[Word], start: usize, end: usize) -> bool {
    const MARKS: &[char] = &['-', '–', '—', '>', '<', '→', '←'];
    let before = text[..words[start].start].trim_end();
    let after = text[words[end - 1].end..].trim_start();
    before.ends_with(MARKS) || after.starts_with(MARKS)
}

/// The message with each word capitalised, but "and", "to" and the like: lowercase place
/// names read as written ones.
fn titled(text: &str, words: &[Word]) -> (String, Vec<Word>) {
    let mut bytes = text.as_bytes().to_vec();
    for word in words {
        if !NOT_PLACES.contains(&key(&word.text).as_str()) {
            // Only ASCII letters change, so the text stays UTF-8 and the offsets hold.
            bytes[word.start] = bytes[word.start].to_ascii_uppercase();
        }
    }
    let titled = String::from_utf8(bytes).unwrap_or_else(|_| text.to_owned());
    let titled_words = words
        .iter()
        .map(|word| Word {
            text: titled[word.start..word.end].to_owned(),
            ..word.clone()
        })
        .collect();
    (titled, titled_words)
}

/// The words of a message, and which of them are already read as something else.
#[derive(Clone, Copy)]
struct Message<'a> {
    text: &'a str,
    words: &'a [Word],
    taken: &'a [bool],
    region_keys: &'a [String],
}

impl Message<'_> {
    /// "flying lufthansa frankfurt -> munich", "award north america to europe": a place written
    /// in lowercase, where "from", "to" or a dash around make it an end of the trip, and only
    /// when it names a region or zone, a country, or a city of a major airport (lowercase
    /// words are too often ordinary words to read as any town).
    /// `titled` is the same message with its words capitalised (see [`titled`]), so that
    /// the rules for written names apply.
    fn lowercase_place_at(&self, titled: &Message, i: usize) -> Option<(usize, Place)> {
        let (text, words) = (self.text, self.words);
        let lowercase = |word: &Word| word.text.chars().all(|c| !c.is_uppercase());
        if !lowercase(&words[i])
            || NOT_PLACES.contains(&words[i].text.as_str())
            || NOT_LOWERCASE_CODES.contains(&words[i].text.as_str())
        {
            return None;
        }
        let place_from = |at: usize| at < words.len() && titled.place_at(at).is_some();
        // "from frankfurt", "frankfurt -> munich", "north america to europe" (a place after
        // "to" too: "nice to fly" names no place).
        let marked = |end: usize| {
            let word_is = |at: usize, wanted: &[&str]| {
                words
                    .get(at)
                    .is_some_and(|word| wanted.contains(&key(&word.text).as_str()))
            };
            i.checked_sub(1)
                .is_some_and(|before| word_is(before, &["from", "to", "via", "between", "and"]))
                || word_is(end, &["to", "and"]) && place_from(end + 1)
                || route_mark_around(text, words, i, end)
        };
        let (n, place) = titled.place_at(i)?;
        if !marked(i + n) || !words[i..i + n].iter().all(lowercase) {
            return None;
        }
        // "sydney to canberra": the other end of the trip beside it, across a "to".
        let other_end_beside = i
            .checked_sub(2)
            .is_some_and(|at| key(&words[at + 1].text) == "to" && titled.place_at(at).is_some())
            || words.get(i + n).is_some_and(|word| key(&word.text) == "to")
                && place_from(i + n + 1);
        let major = match &place {
            Place::City { airports, .. } => airports.iter().all(|code| {
                airports::is_major(code) || other_end_beside && airports::is_busy(code)
            }),
            Place::Airport { .. } => false,
            Place::Country { .. } | Place::Region { .. } => true,
        };
        major.then_some((n, place))
    }

    /// The longest place name starting at word `i`: a region or zone, a country, or airports
    /// by city or name.
    fn place_at(&self, i: usize) -> Option<(usize, Place)> {
        let Message {
            text,
            words,
            taken,
            region_keys,
        } = *self;
        // Zone names run long: "Western Europe & Southern Europe & Northern Europe".
        for n in (1..=8.min(words.len() - i)).rev() {
            if taken[i..i + n].iter().any(|&t| t)
                || n == 1 && NOT_PLACES.contains(&key(&words[i].text).as_str())
                || !name_span(text, words, i, i + n)
            {
                continue;
            }
            let written = text[words[i].start..words[i + n - 1].end].to_owned();
            let span = key(&written);
            let short_country = matches!(written.as_str(), "UK" | "US");
            if span.len() < 3 && !short_country {
                continue;
            }
            let keys: Vec<String> = words[i..i + n].iter().map(|w| key(&w.text)).collect();
            let airports = airports::named(&keys);
            let country = reference::country_code(&written).or(match written.as_str() {
                "UK" => Some("GB"),
                "US" => Some("US"),
                _ => None,
            });
            if region_keys.contains(&span) {
                // "Hong Kong" is a zone of some chart and a city of one airport: the airport,
                // which lies in that zone anyway and also gives a distance.
                let city_of = |code: &str| {
                    reference::airport(code).is_some_and(|airport| key(&airport.city) == span)
                };
                let only = match &airports {
                    Some(Named::One(code)) if city_of(code) => Some((*code).to_owned()),
                    _ => country
                        .and_then(airports::only_airport_of)
                        .map(str::to_owned),
                };
                return Some(match only {
                    Some(code) => (
                        n,
                        Place::City {
                            name: written,
                            airports: vec![code],
                        },
                    ),
                    None => (n, Place::Region { name: written }),
                });
            }
            if let Some(code) = country {
                // "Singapore", "Bahrain": a country with one airport is that airport.
                if let Some(airport) = airports::only_airport_of(code) {
                    let airports = vec![airport.to_owned()];
                    return Some((
                        n,
                        Place::City {
                            name: written,
                            airports,
                        },
                    ));
                }
                let code = code.to_owned();
                return Some((
                    n,
                    Place::Country {
                        name: written,
                        code,
                    },
                ));
            }
            let airports = match airports {
                Some(Named::One(code)) => vec![code.to_owned()],
                Some(Named::Several(codes)) => codes.into_iter().map(str::to_owned).collect(),
                None => continue,
            };
            return Some((
                n,
                Place::City {
                    name: written,
                    airports,
                },
            ));
        }
        None
    }
}

/// "Tokyo Narita (NRT)", "New York JFK", "JFK (New York)", "San Jose, Costa Rica (SJO)":
/// the code says which airport, so the city or country beside it is not another stop.
fn without_cities_named_by_codes(
    text: &str,
    words: &[Word],
    found: Vec<(usize, usize, Place)>,
) -> Vec<Place> {
    let is_code = |place: &Place| matches!(place, Place::Airport { .. });
    let describes = |place: &Place| matches!(place, Place::City { .. } | Place::Country { .. });
    // Nothing but spaces, brackets (and, before a code, commas) between the words
    // `end - 1` and `next`.
    let beside = |end: usize, next: usize, comma: bool| {
        next == end
            && end > 0
            && words.get(next).is_some_and(|next| {
                text[words[end - 1].end..next.start]
                    .chars()
                    .all(|c| c.is_whitespace() || matches!(c, '(' | ')') || comma && c == ',')
            })
    };
    // A run of place names ending at a code ("San Jose, Costa Rica (SJO)").
    let code_after = |at: usize| {
        let mut j = at;
        while let Some(next) = found.get(j + 1) {
            if !beside(found[j].1, next.0, true) {
                return false;
            }
            if is_code(&next.2) {
                return true;
            }
            if !describes(&next.2) {
                return false;
            }
            j += 1;
        }
        false
    };
    let code_before = |at: usize| {
        at.checked_sub(1)
            .map(|b| &found[b])
            .is_some_and(|(_, before_end, before)| {
                beside(*before_end, found[at].0, false) && is_code(before)
            })
    };
    found
        .iter()
        .enumerate()
        .filter(|(at, (_, _, place))| !(describes(place) && (code_after(*at) || code_before(*at))))
        .map(|(_, (_, _, place))| place.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::understanding::ProgramWords;

    fn vocabulary() -> Vocabulary {
        let program = |id: &str, name: &str, aliases: &[&str], tiers: &[&str], places: &[&str]| {
            ProgramWords {
                id: id.into(),
                name: name.into(),
                aliases: aliases.iter().map(|a| a.to_string()).collect(),
                tiers: tiers.iter().map(|t| t.to_string()).collect(),
                places: places.iter().map(|p| p.to_string()).collect(),
                ..ProgramWords::default()
            }
        };
        Vocabulary {
            programs: vec![
                program(
                    "united_mileageplus",
                    "United MileagePlus",
                    &["MileagePlus", "United"],
                    &["Premier Silver", "Premier Gold"],
                    &["North America", "Europe"],
                ),
                program(
                    "aeroplan",
                    "Aeroplan",
                    &["Air Canada Aeroplan"],
                    &["25K", "35K"],
                    &["Atlantic", "Europe", "Pacific"],
                ),
                program(
                    "turkish_milesandsmiles",
                    "Miles&Smiles",
                    &["Miles and Smiles"],
                    &["Elite"],
                    &["Turkey", "Europe 1"],
                ),
            ],
            airlines: Vec::new(),
            airport_names: Vec::new(),
        }
    }

    fn codes(slots: &Slots) -> Vec<String> {
        slots.places.iter().map(Place::as_award_end).collect()
    }

    #[test]
    fn reads_the_cabin_a_question_names() {
        for (text, expected) in [
            ("a premium economy award", Cabin::PremiumEconomy),
            ("a round-trip Premium Business award", Cabin::Business),
            ("one way in business", Cabin::Business),
            ("economy to Lima", Cabin::Economy),
            ("uma passagem de ida e volta na Economia", Cabin::Economy),
            ("un billete en Ejecutiva", Cabin::Business),
        ] {
            assert_eq!(cabin(text), Some(expected), "{text}");
        }
    }

    #[test]
    fn a_code_that_is_also_a_word_is_an_airport_before_via() {
        let slots = find(
            "CAN via BOG to Prague on Avianca, both flights in class G",
            &vocabulary(),
        );
        assert_eq!(codes(&slots), ["CAN", "BOG", "PRG"]);
        let slots = find("CAN I fly from JFK to LHR?", &vocabulary());
        assert_eq!(codes(&slots), ["JFK", "LHR"]);
    }

    #[test]
    fn a_fare_named_in_capitals_is_no_airport() {
        let slots = find(
            "GOL MAX fare in class B: Rio de Janeiro (GIG) to Sao Paulo (GRU), then GRU to Buenos Aires (EZE)",
            &vocabulary(),
        );
        assert_eq!(codes(&slots), ["GIG", "GRU", "EZE"]);
    }

    #[test]
    fn the_airline_named_only_in_the_programs_name_operates_the_flight() {
        let slots = find(
            "How many points do I get with Air Canada Aeroplan in booking class K from Montreal (YUL) to Toronto (YYZ)?",
            &vocabulary(),
        );
        assert_eq!(slots.programs, ["aeroplan"]);
        assert_eq!(slots.airline.as_deref(), Some("AC"));
    }

    #[test]
    fn finds_the_slots_of_an_earning_question() {
        let slots = find(
            "How many miles do I earn flying Lufthansa in fare class P from FRA to JFK credited to United MileagePlus?",
            &vocabulary(),
        );
        assert_eq!(slots.airline.as_deref(), Some("LH"));
        assert_eq!(slots.fare_class.as_deref(), Some("P"));
        assert_eq!(slots.programs, ["united_mileageplus"]);
        assert_eq!(codes(&slots), ["FRA", "JFK"]);
    }

    #[test]
    fn a_word_of_one_programs_tier_names_names_the_program() {
        let slots = find(
            "Which is the lowest Premier level with Star Alliance Gold?",
            &vocabulary(),
        );
        assert_eq!(slots.programs, ["united_mileageplus"]);
        // A word of one tier name only is too weak a sign.
        let slots = find("What does a Silver member get?", &vocabulary());
        assert!(slots.programs.is_empty(), "{slots:?}");
    }

    #[test]
    fn a_zone_named_like_a_city_of_one_airport_is_that_airport() {
        let mut vocabulary = vocabulary();
        vocabulary.programs[1].places.push("Hong Kong".into());
        let slots = find(
            "Flying Cathay Pacific from Hong Kong to Singapore in class M, how many Aeroplan points?",
            &vocabulary,
        );
        assert_eq!(codes(&slots), ["HKG", "SIN"]);
        // A zone named like a country of many airports stays a zone.
        let slots = find(
            "How many Aeroplan points for a business award from Atlantic to Pacific?",
            &vocabulary,
        );
        assert_eq!(codes(&slots), ["Atlantic", "Pacific"]);
    }

    #[test]
    fn codes_beat_the_city_names_around_them() {
        let slots = find(
            "I fly ANA in fare class L from Tokyo Narita (NRT) to San Francisco (SFO). How many MileagePlus miles do I earn?",
            &vocabulary(),
        );
        assert_eq!(slots.airline.as_deref(), Some("NH"));
        assert_eq!(codes(&slots), ["NRT", "SFO"]);
        let slots = find(
            "I fly Turkish Airlines in fare class Y from Ankara (ESB) to Istanbul (IST) and connect to New York JFK, both flights in class Y.",
            &vocabulary(),
        );
        assert_eq!(slots.airline.as_deref(), Some("TK"));
        assert_eq!(codes(&slots), ["ESB", "IST", "JFK"]);
        let slots = find(
            "One-way business from San Jose, Costa Rica (SJO) to Perth using MileagePlus: how many miles?",
            &vocabulary(),
        );
        assert_eq!(codes(&slots), ["SJO", "PER"]);
    }

    #[test]
    fn a_zone_of_six_words_is_one_place() {
        let mut vocabulary = vocabulary();
        vocabulary.programs[0]
            .places
            .push("Western Europe & Southern Europe & Northern Europe".into());
        let slots = find(
            "What does an economy award between Western Europe & Southern Europe & Northern Europe and Turkey cost in MileagePlus?",
            &vocabulary,
        );
        assert_eq!(
            codes(&slots),
            [
                "Western Europe & Southern Europe & Northern Europe",
                "Turkey"
            ]
        );
    }

    #[test]
    fn a_name_two_programs_share_names_both() {
        let mut vocabulary = vocabulary();
        for program in &mut vocabulary.programs {
            program.aliases.push("Star miles".into());
        }
        let slots = find(
            "How many Star miles do I need for Paris to Rome?",
            &vocabulary,
        );
        assert_eq!(
            slots.programs,
            ["united_mileageplus", "aeroplan", "turkish_milesandsmiles"]
        );
    }

    #[test]
    fn terse_questions_give_airline_and_class_by_their_codes() {
        let slots = find("LH P FRA-JFK, how many united miles?", &vocabulary());
        assert_eq!(slots.airline.as_deref(), Some("LH"));
        assert_eq!(slots.fare_class.as_deref(), Some("P"));
        assert_eq!(codes(&slots), ["FRA", "JFK"]);
        let slots = find("TK Y ESB-IST-JFK, both legs Y, total miles?", &vocabulary());
        assert_eq!(
            (slots.airline.as_deref(), slots.fare_class.as_deref()),
            (Some("TK"), Some("Y"))
        );
        assert_eq!(codes(&slots), ["ESB", "IST", "JFK"]);
        // Capitals that are words, countries or names of something else are none of these.
        let slots = find(
            "Award from the U.S. to NZ: Zone C to Zone D in business?",
            &vocabulary(),
        );
        assert_eq!((slots.airline, slots.fare_class), (None, None));
    }

    #[test]
    fn places_in_lowercase_and_the_setting_of_a_trip() {
        for (question, places) in [
            (
                "flying lufthansa frankfurt -> munich, booked in K",
                vec!["FRA", "MUC"],
            ),
            (
                "aeroplan business award north america to europe one way?",
                vec!["North America", "Europe"],
            ),
            (
                "UA between denver and chicago o'hare in Q",
                vec!["DEN", "ORD"],
            ),
            // Unmarked lowercase words are words: "nice" is no airport here.
            ("is it nice to fly FRA to JFK in P", vec!["FRA", "JFK"]),
            // A city or country the trip happens in is no stop.
            (
                "My conference is in Chicago, so I'm flying Turkish from Istanbul Airport to Chicago O'Hare in Z.",
                vec!["IST", "ORD"],
            ),
            (
                "Heading to Japan for a wedding: NRT to HND?",
                vec!["NRT", "HND"],
            ),
            // A vague end with one airport stays, to be asked about.
            ("From London to Tokyo Haneda in J", vec!["London", "HND"]),
        ] {
            assert_eq!(codes(&find(question, &vocabulary())), places, "{question}");
        }
    }

    #[test]
    fn cities_regions_and_trip_kinds() {
        let slots = find(
            "How many Miles&Smiles miles is a round-trip business-class award from Istanbul to New York?",
            &vocabulary(),
        );
        assert_eq!(slots.programs, ["turkish_milesandsmiles"]);
        assert_eq!(codes(&slots), ["Istanbul", "New York"]);
        assert_eq!(
            (slots.cabin, slots.round_trip),
            (Some(Cabin::Business), Some(true))
        );
        let slots = find(
            "How many miles for a business-class award from North America to Europe on Aeroplan?",
            &vocabulary(),
        );
        assert_eq!(codes(&slots), ["North America", "Europe"]);
        assert_eq!(slots.programs, ["aeroplan"]);
    }

    #[test]
    fn unknown_codes_programs_tiers_and_statuses() {
        let slots = find(
            "How many MileagePlus miles do I earn on Lufthansa fare class V from FRA to XQZ?",
            &vocabulary(),
        );
        assert_eq!(slots.unknown_airports, ["XQZ"]);
        let slots = find(
            "How many miles flying LH in P from FRA to JFK credited to Flying Blue?",
            &vocabulary(),
        );
        assert_eq!(slots.airline.as_deref(), Some("LH"));
        assert_eq!(slots.fare_class.as_deref(), Some("P"));
        assert_eq!(slots.unknown_program.as_deref(), Some("Flying Blue"));
        let slots = find(
            "What is the lowest United MileagePlus Premier tier that gives Star Alliance Gold, and how many PQP does it need?",
            &vocabulary(),
        );
        assert_eq!(slots.alliance_status.as_deref(), Some("Star Alliance Gold"));
        assert_eq!(slots.tier, None);
        assert!(slots.places.is_empty(), "{:?}", slots.places);
        let slots = find(
            "How many Status Qualifying Miles do I need for Aeroplan 35K status?",
            &vocabulary(),
        );
        assert_eq!(slots.tier.as_deref(), Some("35K"));
        assert_eq!(fare_class("and V?"), Some("V".into()));
        assert_eq!(fare_class("The fare class: z"), Some("Z".into()));
        assert_eq!(fare_class("on a Z fare from FRA"), Some("Z".into()));
        assert_eq!(
            fare_class("a flight FRA-JFK booked in P earn"),
            Some("P".into())
        );
        let slots = find(
            "An award from the United States to Japan on Aeroplan?",
            &vocabulary(),
        );
        assert_eq!(slots.programs, ["aeroplan"]);
        assert_eq!(codes(&slots), ["United States", "Japan"]);
        let slots = find(
            "A business award from the UK to the US with Aeroplan?",
            &vocabulary(),
        );
        assert_eq!(codes(&slots), ["UK", "US"]);
        let mut known = vocabulary();
        known.airlines = vec![("0Q".into(), "Zephyrine Skyways".into())];
        let slots = find(
            "Flying Zephyrine Skyways in Y from RUH to JED with Aeroplan?",
            &known,
        );
        assert_eq!(slots.airline.as_deref(), Some("0Q"));
        let slots = find("What about fare class P?", &vocabulary());
        assert!(slots.places.is_empty(), "{:?}", slots.places);
        assert_eq!(fare_class("Which programs earn on Turkish Airlines?"), None);
    }

    #[test]
    fn a_fare_the_documents_name_stands_for_its_booking_classes() {
        let fare = |name: &str, airline: &str, classes: &[&str]| FareBrand {
            name: name.into(),
            airline: airline.into(),
            classes: classes.iter().map(|class| class.to_string()).collect(),
        };
        let vocabulary = Vocabulary {
            programs: vec![ProgramWords {
                id: "vueling_club".into(),
                name: "Vueling Club".into(),
                currency: "Avios".into(),
                operator: Some("VY".into()),
                fares: vec![
                    fare("Optima", "VY", &["M", "L", "K", "H"]),
                    fare("Business", "IB", &["J", "C"]),
                    fare("Economy Saver", "VY", &["Q"]),
                    fare("Economy Saver Max", "VY", &["E"]),
                ],
                ..ProgramWords::default()
            }],
            ..Vocabulary::default()
        };
        let slots = find(
            "Flying Vueling from Barcelona to Amsterdam on an Optima fare: how many Avios?",
            &vocabulary,
        );
        assert_eq!(slots.fare_class.as_deref(), Some("M"));
        assert_eq!(slots.airline.as_deref(), Some("VY"));
        assert_eq!(slots.programs, ["vueling_club"]);
        // The longest name named; a cabin word is a cabin, not a fare.
        let slots = find("BCN to MAD on Economy Saver Max?", &vocabulary);
        assert_eq!(slots.fare_class.as_deref(), Some("E"));
        let slots = find("Iberia Business from MAD to JFK, Vueling Club", &vocabulary);
        assert_eq!(slots.fare_class, None);
        // A class said outright wins.
        let slots = find("Optima fare in class K, BCN to AMS", &vocabulary);
        assert_eq!(slots.fare_class.as_deref(), Some("K"));
    }

    #[test]
    fn a_place_the_documents_gave_an_airport_code() {
        let vocabulary = Vocabulary {
            airport_names: vec![("Grand Cayman".into(), "GCM".into())],
            ..Vocabulary::default()
        };
        let slots = find(
            "Economy award from Grand Cayman to Kingston: how many miles?",
            &vocabulary,
        );
        assert_eq!(codes(&slots), ["GCM", "KIN"], "{slots:?}");
        // A country after a town says which town; a town may hold an airline's name.
        let slots = find(
            "Cayman Airways class O from Grand Cayman to Kingston, Jamaica: how many miles?",
            &vocabulary,
        );
        assert_eq!(codes(&slots), ["GCM", "KIN"], "{slots:?}");
        assert_eq!(slots.airline.as_deref(), Some("KX"));
        let slots = find(
            "Hopping over to Little Cayman from Owen Roberts in class B",
            &vocabulary,
        );
        let mut ends = codes(&slots);
        ends.sort();
        assert_eq!(ends, ["GCM", "LYB"], "{slots:?}");
        assert_eq!(slots.airline, None);
    }

    #[test]
    fn cabin_brands_currencies_and_towns_beside_the_other_end() {
        let program = |id: &str, name: &str, currency: &str, operator: &str| ProgramWords {
            id: id.into(),
            name: name.into(),
            currency: currency.into(),
            operator: Some(operator.into()),
            ..ProgramWords::default()
        };
        let vocabulary = Vocabulary {
            programs: vec![
                program("ba_executive_club", "Executive Club", "Avios", "BA"),
                program("delta_skymiles", "SkyMiles", "miles", "DL"),
            ],
            ..Vocabulary::default()
        };
        let slots = find(
            "Round trip in Delta Main Cabin between Atlanta and Johannesburg (JNB)?",
            &vocabulary,
        );
        assert_eq!(slots.cabin, Some(Cabin::Economy));
        assert_eq!(codes(&slots), ["ATL", "JNB"], "{slots:?}");
        let slots = find(
            "One-way Club World reward from Tokyo Narita to Madrid",
            &vocabulary,
        );
        assert_eq!(slots.cabin, Some(Cabin::Business));
        assert_eq!(slots.programs, ["ba_executive_club"]);
        let slots = find(
            "qantas business J sydney to canberra - how many avios?",
            &vocabulary,
        );
        assert_eq!(slots.programs, ["ba_executive_club"]);
        assert_eq!(codes(&slots), ["SYD", "CBR"]);
        let slots = find(
            "American Airlines first class ticket, fare A, JFK to LAX",
            &vocabulary,
        );
        assert_eq!(slots.fare_class.as_deref(), Some("A"));
        // The airline a program is named after is not the one flown.
        let slots = find(
            "How many Delta SkyMiles miles for Qatar Airways class K from Doha to Kuwait?",
            &vocabulary,
        );
        assert_eq!(slots.airline.as_deref(), Some("QR"));
        assert_eq!(slots.programs, ["delta_skymiles"]);
        // A program by a word of its name before its unit.
        let vocabulary = Vocabulary {
            programs: vec![program(
                "icelandair_saga_club",
                "Icelandair Saga Club",
                "points",
                "FI",
            )],
            ..vocabulary
        };
        let slots = find("How many Saga Points from KEF to BOS?", &vocabulary);
        assert_eq!(slots.programs, ["icelandair_saga_club"]);
        // A town in lowercase with no other end beside it stays a word.
        let slots = find("how do i earn miles in canberra", &vocabulary);
        assert!(slots.places.is_empty(), "{slots:?}");
    }

    #[test]
    fn stops_named_after_the_end_and_trips_within_a_place() {
        let places = |text: &str| {
            let slots = find(text, &Vocabulary::default());
            slots.places
        };
        let codes_of = |places: Vec<Place>| -> Vec<String> {
            places
                .into_iter()
                .map(|place| match place {
                    Place::Airport { code } => code,
                    Place::City { airports, .. } => airports.join("/"),
                    Place::Country { code, .. } => code,
                    Place::Region { name } => name,
                })
                .collect()
        };
        assert_eq!(
            codes_of(places(
                "Riyadh to London Heathrow on Saudia, connecting in Jeddah, in V"
            )),
            ["RUH", "JED", "LHR"]
        );
        assert_eq!(
            codes_of(places("FRA to JFK via LHR")),
            ["FRA", "LHR", "JFK"]
        );
        assert_eq!(
            codes_of(places(
                "Nairobi to Frankfurt via Addis Ababa (NBO-ADD-FRA), in U"
            )),
            ["NBO", "ADD", "FRA"]
        );
        assert_eq!(
            codes_of(places("Premium Select within North America?")),
            ["North America", "North America"]
        );
        assert_eq!(
            codes_of(places("first class award from the UAE to Europe")),
            ["AE", "Europe"]
        );
    }
}
