//! What a document is about: its program, the airlines it names, the zones it defines,
//! the date its rules take effect. Known names come from the reference data; names the
//! reference does not know are read from the patterns documents use ("Name (XX)",
//! "X is the frequent flyer programme of Y").

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::text::{fold, head, in_latin_script, tail, title_case};
use crate::graph::model::slug;
use crate::reference;

/// Words that programs' names are made of ("Club Illimani", "Asante Rewards").
const PROGRAM_WORDS: &[&str] = &[
    "club",
    "miles",
    "plus",
    "rewards",
    "flyer",
    "pass",
    "bonus",
    "guest",
    "points",
    "programme",
    "program",
    "loyalty",
];

fn is_program_word(word: &str) -> bool {
    PROGRAM_WORDS.contains(&word.to_lowercase().as_str())
}

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
/// "frequent flyer programme", "loyalty program", and the same in a few other languages.
static PROGRAM_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:frequent[- ]fl[yi]er|loyalty|rewards?|mileage|customer|fidelity)\s+(?:program(?:me)?|scheme)\b|\bprograma\s+de\s+(?:fidelizaci[oó]n|viajero\s+frecuente|lealtad)|\bprogramme\s+de\s+fid[ée]lit[ée]|\b(?:vielflieger|treue|bonus)programm|\bprogramma\s+fedelt[àa]")
        .expect("valid regex")
});
/// What stands between a program's name and the phrase: ", the", " is the", "es el".
static BEFORE_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:[ \t,]*(?:—|–|-|:)?[ \t]*(?:is|es|ist|est|è|,)?[ \t]*(?:\b(?:the|el|das|le|il|its|su|sein|son|a|an|our)|\b(?-i:[A-Z])[\w&-]*(?:[ \t]+(?-i:[A-Z])[\w&-]*){0,2}['’]s)?[ \t]*)$")
        .expect("valid regex")
});
static RUNS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:runs|operates|offers|gestiona|opera|betreibt|exploite)[ \t]+$")
        .expect("valid regex")
});

/// Words of titles and file names that say what a document holds, never part of a
/// program's name.
const TITLE_WORDS: &[&str] = &[
    "gagner",
    "utiliser",
    "gains",
    "barème",
    "primes",
    "partenaires",
    "voyageur",
    "statuts",
    "validité",
    "edition",
    "version",
    "revised",
    "updated",
    "rate",
    "rates",
    "fare",
    "fares",
    "class",
    "classes",
    "booking",
    "bookings",
    "cabin",
    "cabins",
    "distance",
    "earn",
    "earning",
    "earnings",
    "earned",
    "accrual",
    "accrue",
    "collect",
    "collecting",
    "partner",
    "partners",
    "airline",
    "airlines",
    "award",
    "awards",
    "chart",
    "charts",
    "table",
    "tables",
    "status",
    "tier",
    "tiers",
    "level",
    "levels",
    "guide",
    "programme",
    "program",
    "overview",
    "rules",
    "terms",
    "conditions",
    "validity",
    "expiry",
    "expiration",
    "zones",
    "zone",
    "regions",
    "region",
    "redeem",
    "redemption",
    "redemptions",
    "flights",
    "flight",
    "on",
    "and",
    "the",
    "of",
    "for",
    "with",
    "your",
    "how",
    "to",
    "in",
    "a",
    "an",
    "by",
    "from",
    "sample",
    "scan",
    "scanned",
    "page",
    "pages",
    "benefits",
    "membership",
    "elite",
    "summary",
    "faq",
    "general",
    "information",
    "info",
    "about",
    "our",
    "new",
    "updated",
    "update",
    "saver",
    "standard",
    "pricing",
    "prices",
    "price",
    "cost",
    "costs",
    "qualification",
    "qualifying",
    "own",
    "operated",
    "distance",
    "based",
    "doc",
    "document",
    "pdf",
    "html",
    "md",
    "txt",
    "png",
    "v1",
    "v2",
    "draft",
    "final",
    "effective",
    "policy",
    "mileage",
    "credit",
    "crediting",
    "what",
    "you",
    "need",
    "know",
    "at",
    "glance",
    "glossary",
    "reward",
    "departing",
    "departure",
    "arriving",
    "one",
    "way",
    "round",
    "trip",
    "spend",
    "spending",
    "using",
    "use",
    "book",
    "booking",
    "classes",
    "class",
    "redeeming",
    "flying",
    "fly",
    "when",
    "members",
    "member",
    "this",
    "that",
    "these",
    "welcome",
    "join",
    "copy",
    "acumula",
    "millas",
    "puntos",
    "meilen",
    "punkte",
    "con",
    "mit",
    "avec",
    "sammeln",
    "gagnez",
    "cumulez",
    "de",
    "del",
    "la",
    "el",
    "les",
    "des",
    "und",
    "y",
    "et",
    "bei",
    "en",
    "para",
    "pour",
    "für",
    "needed",
    "needs",
    "required",
    "requirements",
    "accumulation",
    "acumulación",
    "acumulacion",
    "accumuler",
    "par",
    "classe",
    "réservation",
    "reservation",
    "clase",
    "clases",
    "reserva",
    "buchungsklasse",
    "buchungsklassen",
    "gutschrift",
    "vols",
    "vuelos",
    "flüge",
    "opérés",
    "operados",
    "durchgeführt",
    "tarifs",
    "tarifa",
    "statut",
    "estatus",
    "niveaux",
    "niveles",
    "stufen",
    "statusstufen",
    "programm",
    "guía",
    "leitfaden",
    "sur",
    "por",
    "pro",
    "nach",
    "selon",
    "según",
];

/// The program a document is about. In order: "X is the loyalty programme of Y"; a
/// program of the reference data in the title; a name read from the title; the reference
/// program named most often; a name read from the file name.
pub fn main_program(titles: &[&str], text: &str, file_name: &str) -> Option<ProgramInfo> {
    if let Some(program) = program_of_statement(text) {
        return Some(program);
    }
    for title in titles {
        if let Some((_, program)) = reference::programs_in(title).into_iter().next() {
            return Some(reference_program(program));
        }
    }
    // The first title, the file name, then the other titles (a first heading may only
    // name a section).
    let title = english_part(titles.first().copied().unwrap_or_default());
    let title = title.as_str();
    // "Earn SMILE points – nasmiles" in "nasmiles_earning_partners.html": a part of the
    // title set apart by a dash or a bar that the file name names too is the program.
    if let Some(name) = name_in_file_name(file_name, text)
        && let Some(part) = title
            .split([' ', '\u{a0}'])
            .collect::<Vec<_>>()
            .join(" ")
            .split(['|', '–', '—', '·'])
            .map(str::trim)
            .find(|part| !part.is_empty() && fold(part) == fold(&name))
        && reference::airline_by_name(part).is_none()
    {
        return Some(invented_program(part.to_owned(), title, text));
    }
    // "LYNX MILES — ACCRUAL RATES" in "lynx_miles_earning_a3.txt": the file name tells
    // whether a capital title's last word is the currency or part of the name.
    let in_title = name_in_title(title).map(|name| {
        name_in_file_name(file_name, text)
            .filter(|longer| {
                // (Written in the title in one case: "TERANGA CLUB Bareme" ends the name
                // before "Bareme".)
                let capitals = |text: &str| !text.chars().any(char::is_lowercase);
                let one_case = |written: &String| {
                    let start: String = written.chars().take(name.chars().count()).collect();
                    !capitals(&start) || capitals(written)
                };
                longer.starts_with(&format!("{name} "))
                    && as_written(longer, title).is_some_and(|written| one_case(&written))
            })
            .unwrap_or(name)
    });
    // "Earn Miles on Star Alliance Member Airlines": an alliance is no program.
    let in_title = in_title.filter(|name| reference::alliance_in(name).is_none());
    // "BoA" over "Club Illimani — Reglamento": a masthead's brand yields to a name made
    // like a program's in the titles right below it.
    let programish = |name: &String| name.split_whitespace().any(is_program_word);
    let in_title = match in_title {
        Some(name) if !programish(&name) => titles
            .iter()
            .skip(1)
            .take(3)
            .find_map(|other| {
                name_in_title(&english_part(other))
                    .filter(|other| programish(other) && reference::alliance_in(other).is_none())
            })
            .or(Some(name)),
        other => other,
    };
    // "Налаштувати" (a cookie dialog's button) on a page the file name calls
    // "uia_panorama_club_…": a one-word title the text never repeats, or a title in
    // another script ("МИАТ Монголын Агаарын Тээвэр"), yields to a program's name from the
    // file name that the text writes again and again.
    let in_title = match (in_title, name_in_file_name(file_name, text)) {
        (Some(name), Some(by_file))
            if by_file.split_whitespace().any(is_program_word)
                && ((in_other_script(&name) && text.contains(by_file.as_str()))
                    || (!name.contains(' ')
                        && text.matches(name.as_str()).count() <= 1
                        && text.matches(by_file.as_str()).count() > 1)) =>
        {
            Some(by_file)
        }
        (in_title, _) => in_title,
    };
    let from_titles = in_title
        .map(|name| (name, title))
        .or_else(|| name_in_file_name(file_name, text).map(|name| (name, title)))
        .or_else(|| {
            titles.iter().skip(1).find_map(|other| {
                let name = name_in_title(other)?;
                reference::alliance_in(&name)
                    .is_none()
                    .then_some((name, *other))
            })
        });
    let most_named = most_named_program(text);
    if let Some((name, title)) = from_titles {
        let known = reference::programs_in(&name).into_iter().next();
        // A page's first line may be no title at all ("Skip to main content"): a name the
        // text never repeats yields to a program of the reference data the text names.
        // So does a name read from the file name alone that the text never uses.
        let repeated = text.matches(name.as_str()).count() > 1;
        let unused = !fold(text).contains(&fold(&name));
        // One word of a title in another language ("Bảng đổi thưởng / Award chart") is
        // weaker still than a program of the reference data the text names once.
        let one_word = !name.contains(' ');
        // "Porter" over a page about VIPorter: the operator's brand, not a program.
        let operator_brand = |program: &ProgramInfo| {
            program
                .operator_airline
                .as_deref()
                .and_then(reference::airline)
                .is_some_and(|airline| airline.name.starts_with(&format!("{name} ")))
        };
        return Some(match (known, &most_named) {
            (Some((_, program)), _) => reference_program(program),
            (None, Some((program, _))) if operator_brand(program) => program.clone(),
            (None, Some((program, mentions)))
                if (!repeated && (*mentions > 1 || one_word)) || unused =>
            {
                program.clone()
            }
            (None, _) => invented_program(program_beside_currency(name, text), title, text),
        });
    }
    most_named.map(|(program, _)| program)
}

/// Whether a name is written in a script other than Latin.
fn in_other_script(name: &str) -> bool {
    name.chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| !in_latin_script(c))
}

/// A program's id, the same whether a document writes its airline before its name or not
/// ("Tunisair Fidelys" and "Fidelys"; "PIA Awards+" and "Awards+"), unless the rest is a
/// word any program may use ("Air Algérie Plus" keeps its airline).
fn program_id(name: &str, operator: Option<&str>) -> String {
    match name_without_operator(name, operator) {
        Some(rest) => slug(rest),
        None => slug(name),
    }
}

/// "PIA Awards+" → "Awards+": the program's own name after its airline's, unless that is
/// a word any program may use.
fn name_without_operator<'a>(name: &'a str, operator: Option<&str>) -> Option<&'a str> {
    let airline = operator.and_then(reference::airline)?;
    let rest = std::iter::once(&airline.name)
        .chain(&airline.aliases)
        .chain(std::iter::once(&airline.iata))
        .find_map(|prefix| {
            let rest = name.get(prefix.len()..)?;
            (name[..prefix.len()].eq_ignore_ascii_case(prefix) && rest.starts_with(' '))
                .then(|| rest.trim())
        })?;
    let generic = [
        "plus", "club", "miles", "points", "rewards", "bonus", "guest", "pass", "flyer",
    ];
    (!rest.is_empty() && !generic.contains(&rest.to_lowercase().as_str())).then_some(rest)
}

/// "Krāj un tērē PINS ar airBaltic · Earn and spend PINS with airBaltic": of a title in
/// two languages, the English one (the one with more of English's small words).
fn english_part(title: &str) -> String {
    const SMALL_WORDS: &[&str] = &[
        "and", "with", "the", "on", "of", "for", "your", "to", "in", "earn", "spend", "miles",
        "points",
    ];
    let english_words = |part: &str| {
        part.split_whitespace()
            .filter(|word| SMALL_WORDS.contains(&word.to_lowercase().as_str()))
            .count()
    };
    let Some((first, second)) = title.split_once(" · ").or_else(|| title.split_once(" / ")) else {
        return title.to_owned();
    };
    if english_words(second) <= english_words(first) {
        return title.to_owned();
    }
    // "TAAG Umbi Umbi — Ganhar milhas / Earning miles": the name before the dash is the
    // title's in either language.
    match first.split_once(" — ").or_else(|| first.split_once(" – ")) {
        Some((name, _)) if !second.contains(['—', '–']) => {
            format!("{} — {}", name.trim(), second.trim())
        }
        _ => second.trim().to_owned(),
    }
}

/// "Earn Tabua Points" on a page of the Tabua Club: a name that ends in a currency is the
/// currency's, and the program is the one the text names with the same first words.
fn program_beside_currency(name: String, text: &str) -> String {
    let Some((stem, last)) = name.rsplit_once(' ') else {
        return name;
    };
    if !["points", "miles", "avios", "credits"].contains(&last.to_lowercase().as_str()) {
        return name;
    }
    let Ok(program) = Regex::new(&format!(
        r"\b{}\s+(Club|Rewards|Plus|Flyer|Guest|Pass|Programme|Program)\b",
        regex::escape(stem)
    )) else {
        return name;
    };
    program
        .find(text)
        .map_or(name.clone(), |found| found.as_str().to_owned())
}

/// Whether a name starting after `before` is the end of a longer name ("Beacon Voyager"
/// is a tier, not the program Voyager): a capitalised word right before it on its line.
fn ends_longer_name(before: &str) -> bool {
    let line = before.rsplit('\n').next().unwrap_or_default();
    if !line.ends_with(' ') {
        return false;
    }
    line.split_whitespace().last().is_some_and(|word| {
        word.starts_with(char::is_uppercase) && !word.ends_with(['.', ',', ':', ';', '!', '?', ')'])
    })
}

/// The program of the reference data the text names most often (the first named wins a
/// tie), and how often it does.
fn most_named_program(text: &str) -> Option<(ProgramInfo, usize)> {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (offset, program) in reference::programs_in(text) {
        if ends_longer_name(&text[..offset]) {
            continue;
        }
        let entry = counts.entry(program.id.as_str()).or_insert((0, offset));
        entry.0 += 1;
        entry.1 = entry.1.min(offset);
    }
    // A line that is the program's name alone (a page's masthead, "MileagePlus") says
    // more than a mention in passing: it counts twice.
    for line in text.lines() {
        if let [(0, program)] = reference::programs_in(line).as_slice()
            && fold(line).len() <= fold(&program.name).len() + 8
            && let Some(entry) = counts.get_mut(program.id.as_str())
        {
            entry.0 += 1;
        }
    }
    counts
        .iter()
        .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)))
        .and_then(|(id, (mentions, _))| {
            Some((reference_program(reference::program(id)?), *mentions))
        })
}

/// "galleon_club_earning_os_scan.pdf" → "Galleon Club": the file name's words without
/// words of what a document holds, codes and numbers, written as the text writes them.
fn name_in_file_name(file_name: &str, text: &str) -> Option<String> {
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem);
    let words: Vec<&str> = stem
        .split(['_', '-', '.', ' '])
        .filter(|word| word.len() > 2 && word.chars().all(char::is_alphabetic))
        .collect();
    let name = name_in_title(&title_case(&words.join(" ")))?;
    // The name as the text writes it ("UzAirPlus"), else the longest start of it the text
    // writes ("sagarmatha_club_puraskar_ra_star.md" of a text that writes "Sagarmatha
    // Club"; the rest names what the page holds, in its own language), unless that is an
    // airline's name; else each word so ("Bangkok Airways FlyerBonus").
    let words: Vec<&str> = name.split_whitespace().collect();
    // ("uia_panorama_club_…": an airline's name or code before the program's is skipped.)
    let after_airline = (1..words.len())
        .rev()
        .find(|&count| reference::airline_by_name(&words[..count].join(" ")).is_some())
        .unwrap_or(0);
    let written_start = |skip: usize| {
        let words = &words[skip..];
        (1..words.len()).rev().find_map(|count| {
            let start = words[..count].join(" ");
            let airline = reference::airline_by_name(&start).is_some()
                || (count == 1 && reference::is_airline_brand(&start))
                || words[count - 1].eq_ignore_ascii_case("airlines")
                || words[count - 1].eq_ignore_ascii_case("airways")
                || words[count - 1].eq_ignore_ascii_case("air");
            // ("Club" alone is a word of every program's name.)
            let generic = words[..count].iter().all(|word| is_program_word(word));
            let found = as_written(&start, text)?;
            (!airline && !generic && found.chars().filter(|c| c.is_alphabetic()).count() >= 3)
                .then_some(found)
        })
    };
    as_written(&name, text)
        .or_else(|| written_start(0))
        .or_else(|| {
            (after_airline > 0)
                .then(|| written_start(after_airline))
                .flatten()
        })
        .or_else(|| {
            // "capricorne_gagner_utiliser_miles_copie.txt" of a page that writes
            // "Capricorne" again and again but never "Copie": the longest start of the file
            // name the text writes, where the name read from it left its first word out.
            let stem_words: Vec<&str> = stem
                .split(['_', '-', '.', ' '])
                .filter(|word| !word.is_empty())
                .collect();
            let first = stem_words.first().copied().unwrap_or_default();
            let left_out = !name
                .split_whitespace()
                .any(|word| word.eq_ignore_ascii_case(first));
            let unwritten = name
                .split_whitespace()
                .any(|word| as_written(word, text).is_none());
            let start_written = (1..=stem_words.len().min(4)).rev().find_map(|count| {
                let written = as_written(&stem_words[..count].join(" "), text)?;
                (written.chars().filter(|c| c.is_alphabetic()).count() >= 4
                    && !written.split_whitespace().all(is_program_word)
                    && reference::airline_by_name(&written).is_none()
                    && !reference::is_airline_brand(&written)
                    && fold(text).matches(&fold(&written)).count() >= 2)
                    .then_some(written)
            });
            if left_out
                && unwritten
                && let Some(start) = start_written
            {
                return Some(start);
            }
            let words: Vec<String> = name
                .split_whitespace()
                .map(|word| as_written(word, text).unwrap_or_else(|| word.to_owned()))
                .collect();
            Some(words.join(" "))
        })
}

/// `name` as the text writes it, ignoring case ("Uzairplus" → "UzAirPlus"), when it does
/// as words of their own.
fn as_written(name: &str, text: &str) -> Option<String> {
    let pattern = Regex::new(&format!(r"(?i)\b{}\b", regex::escape(name))).ok()?;
    pattern.find(text).map(|found| found.as_str().to_owned())
}

/// A program of the reference data under the name the document uses: a document that
/// never writes the reference's name but one of its other names ("Iberia Plus", the name
/// before "Iberia Club") speaks of it by that one. Its id stays, so that every document
/// of the program is about the same one.
pub fn named_as_in_document(mut program: ProgramInfo, text: &str) -> ProgramInfo {
    let lower = text.to_lowercase();
    if lower.contains(&program.name.to_lowercase()) {
        return program;
    }
    let used = program
        .aliases
        .iter()
        .map(|alias| (lower.matches(&alias.to_lowercase()).count(), alias))
        .filter(|(count, alias)| *count > 0 && alias.split_whitespace().count() >= 2)
        .max_by_key(|(count, _)| *count)
        .map(|(_, alias)| alias.clone());
    if let Some(alias) = used {
        program.aliases.retain(|other| *other != alias);
        program
            .aliases
            .insert(0, std::mem::replace(&mut program.name, alias));
    }
    program
}

/// "金鹏俱乐部 Fortune Wings Club": a name in another script written right before the
/// program's is another name travellers use for it.
pub fn with_native_names(mut program: ProgramInfo, text: &str) -> ProgramInfo {
    let native = |c: char| c.is_alphabetic() && !in_latin_script(c);
    let mut found: Vec<String> = Vec::new();
    for (at, _) in text.match_indices(program.name.as_str()) {
        let Some(word) = text[..at].strip_suffix(' ').and_then(|before| {
            before
                .rsplit(|c: char| c.is_whitespace() || "|>\"'(（【「,，、".contains(c))
                .next()
        }) else {
            continue;
        };
        // A name set before its Latin one on a line of its own (a title, a heading); a
        // word of a sentence ("Учасники Panorama Club отримують…") is none.
        let line_start = text[..at].rfind('\n').map_or(0, |found| found + 1);
        let line_end = text[at..].find('\n').map_or(text.len(), |found| at + found);
        // (A script written without spaces, "金鹏俱乐部 Fortune Wings Club", makes a name
        // of one word wherever it stands.)
        let unspaced = word.chars().any(|c| {
            matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}' | '\u{ac00}'..='\u{d7af}' | '\u{0e00}'..='\u{0e7f}')
        });
        let short_line = unspaced || text[line_start..line_end].split_whitespace().count() <= 8;
        if word.chars().count() >= 2
            && word.chars().all(native)
            && short_line
            && !found.iter().any(|known| known == word)
        {
            found.push(word.to_owned());
        }
    }
    // Words of sentences ("Статус Panorama Club", "Правила Panorama Club") are many; a
    // name in another script is one or two.
    if found.len() > 2 {
        return program;
    }
    for name in found {
        if !program.aliases.contains(&name) {
            program.aliases.push(name);
        }
    }
    program
}

fn reference_program(program: &reference::ProgramRef) -> ProgramInfo {
    ProgramInfo {
        id: program.id.clone(),
        name: program.name.clone(),
        operator_airline: Some(program.operator_airline.clone()).filter(|code| !code.is_empty()),
        currency: Some(program.currency.clone()).filter(|currency| !currency.is_empty()),
        aliases: program.aliases.clone(),
    }
}

/// "X is the frequent flyer programme of Y (YY)", "With X, the loyalty programme of Y",
/// "Y (YY) runs X, its frequent flyer programme", "X es el programa de fidelización de Y".
fn program_of_statement(text: &str) -> Option<ProgramInfo> {
    for phrase in PROGRAM_PHRASE.find_iter(text) {
        // "ACACIA REWARDS PROGRAMME GUIDE", "# Orchid Loyalty programme guide": a title,
        // not a statement of the name (whose last word may be the phrase's first).
        let line_start = text[..phrase.start()].rfind('\n').map_or(0, |at| at + 1);
        let next_word = text[phrase.end()..]
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_lowercase();
        let title = text[line_start..].starts_with('#')
            || [
                "guide", "overview", "rules", "terms", "handbook", "brochure", "summary",
            ]
            .contains(&next_word.trim_matches(|c: char| !c.is_alphabetic()));
        if !phrase.as_str().chars().any(char::is_lowercase) || title {
            continue;
        }
        let before = &text[..phrase.start()];
        let lead = BEFORE_PHRASE
            .find(before)
            .map_or(before, |joint| &before[..joint.start()]);
        let Some(name) = name_before(lead) else {
            continue;
        };
        // "through the Family Mileage Program": a name run into the phrase after an
        // article names a scheme of the program, not the program.
        let run_in = before[lead.len()..].trim().is_empty();
        let article_before = lead[..lead.len() - name.len().min(lead.len())]
            .split_whitespace()
            .last()
            .is_some_and(|word| {
                ["the", "our", "a", "an", "its", "their"].contains(&word.to_lowercase().as_str())
            });
        if run_in && article_before && lead.trim_end().ends_with(name.as_str()) {
            continue;
        }
        let known = reference::programs_in(&name).into_iter().next();
        // The operator: named right after the phrase ("of Y (YY)"), or the subject of
        // "Y runs X".
        let after = &text[phrase.end()..];
        let after = head(after, 120);
        let first_word = name.split_whitespace().next().unwrap_or_default();
        let subject = lead[..lead.rfind(first_word).unwrap_or(lead.len())].trim_end();
        let operator = if RUNS.is_match(&format!("{subject} ")) {
            reference::airlines_in(tail(subject, 80))
                .into_iter()
                .last()
                .map(|(_, airline)| airline.iata.clone())
        } else {
            NAME_AND_CODE
                .captures(after)
                .and_then(|captures| Some(captures.get(2)?.as_str().to_owned()))
                .or_else(|| {
                    reference::airlines_in(after)
                        .into_iter()
                        .next()
                        .map(|(_, airline)| airline.iata.clone())
                })
                // "Smiles is GOL's loyalty programme": the airline it belongs to.
                .or_else(|| {
                    reference::airlines_in(&before[lead.len()..])
                        .into_iter()
                        .next()
                        .map(|(_, airline)| airline.iata.clone())
                })
        };
        // A program of the reference data, unless the document gives the name to
        // another airline's program.
        if let Some((_, program)) = known
            && operator
                .as_deref()
                .is_none_or(|operator| operator == program.operator_airline)
        {
            return Some(reference_program(program));
        }
        return Some(ProgramInfo {
            id: program_id(&name, operator.as_deref()),
            currency: Some(currency_of(text)),
            aliases: aliases_of(&name, operator.as_deref(), &currency_of(text)),
            name,
            operator_airline: operator,
        });
    }
    None
}

/// The capitalised words that end `text` ("With Caravel Plus" → "Caravel Plus"),
/// without words of what a document holds and never a bare airline.
fn name_before(text: &str) -> Option<String> {
    let line = text
        .rsplit(['\n', '.', ';', '(', ')'])
        .next()
        .unwrap_or(text);
    let mut words: Vec<&str> = Vec::new();
    for word in line.split_whitespace().rev() {
        let clean = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '&' && c != '+');
        let capital = clean
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c == '&' || c == '+');
        if clean.is_empty() || !capital || TITLE_WORDS.contains(&clean.to_lowercase().as_str()) {
            break;
        }
        words.push(clean);
        if word.starts_with(|c: char| !c.is_alphanumeric() && c != '&' && c != '+') {
            break;
        }
    }
    words.reverse();
    let name = words.join(" ");
    let usable = name.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && reference::airline_by_name(&name).is_none();
    usable.then_some(name)
}

/// What travellers call a program besides its name: its first word, that word or the
/// operator's name with the currency ("Caravel points", "LOT points").
/// "LodestarMiles" → "Lodestar Miles": a name written in one word keeps its words for
/// its short name.
fn camel_words(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut previous: Option<char> = None;
    for c in name.chars() {
        if c.is_uppercase() && previous.is_some_and(char::is_lowercase) {
            out.push(' ');
        }
        out.push(c);
        previous = Some(c);
    }
    out
}

fn aliases_of(name: &str, operator: Option<&str>, currency: &str) -> Vec<String> {
    let mut aliases = Vec::new();
    let words = camel_words(name);
    // "Club Illimani" is "Illimani" for short, not "Club".
    if let Some(first) = words
        .split_whitespace()
        .find(|word| !is_program_word(word))
        .filter(|first| *first != name)
    {
        aliases.push(first.to_owned());
        aliases.push(format!("{first} {currency}"));
    }
    if let Some(airline) = operator.and_then(reference::airline) {
        aliases.push(format!("{} {currency}", airline.name));
    }
    if let Some(rest) = name_without_operator(name, operator)
        && !aliases.iter().any(|alias| alias == rest)
    {
        aliases.push(rest.to_owned());
    }
    // "Pegasus BolPoint": travellers ask for "BolPoints", the currency the name coins.
    for word in name.split_whitespace() {
        let lower = word.to_lowercase();
        let coined = ["point", "mile"]
            .iter()
            .any(|unit| lower.ends_with(unit) && lower.len() > unit.len() + 2);
        if coined && word != name {
            aliases.push(word.to_owned());
            aliases.push(format!("{word}s"));
        }
    }
    aliases
}

/// A program the reference does not know, named `name`.
fn invented_program(name: String, title: &str, text: &str) -> ProgramInfo {
    // The operator: an airline named in the title, else the one a sentence gives the
    // program ("for members of the loyalty programme of JetBlue (B6)").
    let operator = reference::airlines_in(title)
        .into_iter()
        .next()
        .map(|(_, airline)| airline.iata.clone())
        .or_else(|| {
            PROGRAM_PHRASE.find_iter(text).find_map(|phrase| {
                let after = head(&text[phrase.end()..], 60);
                let after = after.trim_start().strip_prefix("of ")?;
                NAME_AND_CODE
                    .captures(after)
                    .filter(|captures| captures.get(0).is_some_and(|whole| whole.start() == 0))
                    .and_then(|captures| Some(captures.get(2)?.as_str().to_owned()))
            })
        });
    // "Royal Club" on a page of Royal Jordanian (RJ) flights: the airline whose name
    // starts with the program's.
    let operator = operator.or_else(|| {
        let first_word = name.split_whitespace().next().unwrap_or_default();
        reference::airlines_in(text)
            .into_iter()
            .find(|(_, airline)| airline.name.split_whitespace().next() == Some(first_word))
            .map(|(_, airline)| airline.iata.clone())
    });
    // "Awards+" on a page of PIA's: the program the reference knows under its airline's
    // name ("PIA Awards+"), so that every document of it is about the same one.
    if let Some(code) = operator.as_deref()
        && let Some(known) = reference::programs_of_operator(code).find(|known| {
            let short = name_without_operator(&known.name, Some(code)).unwrap_or(&known.name);
            fold(short) == fold(&name)
                || fold(&known.name) == fold(&name)
                || known.aliases.iter().any(|alias| fold(alias) == fold(&name))
        })
    {
        return reference_program(known);
    }
    let currency = currency_of(text);
    ProgramInfo {
        id: program_id(&name, operator.as_deref()),
        aliases: aliases_of(&name, operator.as_deref(), &currency),
        currency: Some(currency),
        name,
        operator_airline: operator,
    }
}

/// The unit a document counts in: the one of miles, points and the like it names most.
fn currency_of(text: &str) -> String {
    let lower = text.to_lowercase();
    let counts = ["miles", "points", "avios", "credits", "stars"]
        .map(|unit| (lower.matches(&format!(" {unit}")).count(), unit));
    // The one named most (the last of a tie), and a text naming none ("BolPoint" in
    // Turkish) in points where its words count points, else in miles.
    let (most, unit) = counts.iter().copied().fold((0, "miles"), |best, next| {
        if next.0 > 0 && next.0 >= best.0 {
            next
        } else {
            best
        }
    });
    if most == 0 && lower.contains("point") {
        return "points".to_owned();
    }
    unit.to_owned()
}

/// The longest run of capitalised words of a title that are not words of what a document
/// holds ("Skyward Club – partner earning" → "Skyward Club").
fn name_in_title(title: &str) -> Option<String> {
    // A page's masthead ("American Airlines") names the airline, not a program.
    if reference::airline_by_name(title.trim()).is_some() {
        return None;
    }
    // "BoA Boliviana de Aviacion — Club Illimani", "AIR TANZANIA — KILELE CLUB": a part of
    // the title that names the airline (and nothing a program's name is made of) is no
    // part of the program's name.
    let parts: Vec<&str> = title.split(['·', '—', '–', '|']).map(str::trim).collect();
    // (The airline's name alone, or after its brand: "TUNISAIR FIDELYS" names more.)
    let airline_part = |part: &str| {
        let after_brand = part.split_once(' ').map_or("", |(_, rest)| rest);
        (reference::airline_by_name(part).is_some()
            || reference::airline_by_name(after_brand).is_some())
            && !part.split_whitespace().any(is_program_word)
    };
    let kept;
    let title = if parts.len() > 1 && parts.iter().any(|part| airline_part(part)) {
        kept = parts
            .into_iter()
            .filter(|part| !airline_part(part))
            .collect::<Vec<_>>()
            .join(" — ");
        kept.as_str()
    } else {
        title
    };
    let all_caps = !title.chars().any(char::is_lowercase);
    let mut best: Option<Vec<&str>> = None;
    let mut run: Vec<&str> = Vec::new();
    // The longest run of capitalised words, one that names an airline ("AIR SENEGAL -
    // TERANGA CLUB") only when no other does.
    let airline = |words: &[&str]| reference::airline_by_name(&words.join(" ")).is_some();
    let better = |run: &[&str], known: Option<&[&str]>| {
        !run.is_empty()
            && known.is_none_or(|known| match (airline(known), airline(run)) {
                (true, false) => true,
                (false, true) => false,
                _ => run.len() > known.len(),
            })
    };
    let words = title
        .split(|c: char| {
            c.is_whitespace()
                || matches!(c, ':' | '|' | '—' | '–' | '(' | ')' | ',' | '/' | '#' | '*')
        })
        .chain(std::iter::once(""));
    for word in words {
        let clean = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '&' && c != '+');
        let generic = TITLE_WORDS.contains(&clean.to_lowercase().as_str());
        let capital = clean
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c == '&' || c == '+');
        let joins = matches!(clean, "&" | "+") && !run.is_empty();
        // "TERANGA CLUB Bareme des billets primes": a name set in capitals ends where the
        // title's words go on in small letters (one capital word before a name, as in
        // "LATAM Pass", is a brand).
        let caps = |word: &str| {
            word.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !word.chars().any(char::is_lowercase)
        };
        let caps_end = !all_caps
            && run.len() >= 2
            && run.iter().all(|word| caps(word))
            && clean.chars().any(char::is_lowercase);
        if caps_end {
            if better(&run, best.as_deref()) {
                best = Some(std::mem::take(&mut run));
            }
            run.clear();
        }
        if !clean.is_empty()
            && (capital || joins)
            && !generic
            && clean.chars().any(char::is_alphabetic)
        {
            run.push(clean);
            continue;
        }
        while run.last().is_some_and(|last| matches!(*last, "&" | "+")) {
            run.pop();
        }
        if !run.is_empty() && better(&run, best.as_deref()) {
            best = Some(std::mem::take(&mut run));
        }
        run.clear();
    }
    let mut best = best?;
    // "Twiga Club I Air T." (a browser tab's title cut short, its bar read as "I"): the
    // name ends before a lone letter.
    if let Some(cut) = best
        .iter()
        .position(|word| word.chars().count() == 1 && word.chars().all(char::is_alphabetic))
        .filter(|&cut| cut >= 1)
    {
        best.truncate(cut);
    }
    // "Earn Miles with EgyptAir": a currency alone names no program.
    if best.iter().all(|word| {
        [
            "miles", "mile", "points", "point", "avios", "credits", "stars",
        ]
        .contains(&word.to_lowercase().as_str())
    }) {
        return None;
    }
    // "CARAVEL PLUS POINTS": a currency ending an all-capital title is no part of the name.
    while all_caps
        && best.len() > 1
        && best
            .last()
            .is_some_and(|last| ["MILES", "POINTS", "CREDITS", "STARS"].contains(last))
    {
        best.pop();
    }
    let name = best.join(" ");
    // An all-capital title's words become "Skyward Club".
    let name = if all_caps { title_case(&name) } else { name };
    // A bare airline name is no program name, nor is the start of one ("Award chart -
    // American Airlines": "Airlines" is a word of what a title holds).
    let is_airline =
        reference::airline_by_name(&name).is_some() || starts_airline_name(title, &name);
    (!is_airline && name.chars().filter(|c| c.is_alphabetic()).count() >= 3).then_some(name)
}

/// Whether `name` is followed in `title` by words that make it an airline's name
/// ("American" in "… - American Airlines").
fn starts_airline_name(title: &str, name: &str) -> bool {
    let Some(at) = title.find(name) else {
        return false;
    };
    let after: Vec<&str> = title[at + name.len()..]
        .split_whitespace()
        .take(2)
        .collect();
    (1..=after.len()).any(|count| {
        reference::airline_by_name(&format!("{name} {}", after[..count].join(" "))).is_some()
    })
}

/// Whether OCR could have read the airline code `known` as `read`: the same length, each
/// character the same or one alike in print ("C1" for CI, "BG" for B6).
fn misread_code(read: &str, known: &str) -> bool {
    const ALIKE: [&str; 6] = ["1IL", "0OQD", "6G", "8B", "5S", "2Z"];
    read.len() == known.len()
        && read != known
        && read
            .chars()
            .zip(known.chars())
            .all(|(a, b)| a == b || ALIKE.iter().any(|set| set.contains(a) && set.contains(b)))
}

/// Airlines named in `text`, in order of first mention, known ones from the reference and
/// others from "Name (XX)".
pub fn airlines_in(text: &str) -> Vec<AirlineInfo> {
    let mut found: Vec<(usize, AirlineInfo)> = reference::airlines_in(text)
        .into_iter()
        .map(|(offset, airline)| (offset, known_airline(airline)))
        .collect();
    let mut misread: Vec<String> = Vec::new();
    for captures in NAME_AND_CODE.captures_iter(text) {
        let (Some(name), Some(code)) = (captures.get(1), captures.get(2)) else {
            continue;
        };
        let code = code.as_str();
        // "China Airlines (C1)", "JetBlue (BG)": OCR misread the code of the airline the
        // words before it name (whatever airline the misread code names).
        if found.iter().any(|(offset, airline)| {
            name.range().contains(offset) && misread_code(code, &airline.iata)
        }) {
            misread.push(code.to_owned());
            continue;
        }
        if found.iter().any(|(_, airline)| airline.iata == code) {
            continue;
        }
        let info = match reference::airline(code) {
            // The code names a known airline; trust the code over the words before it.
            Some(airline) => known_airline(airline),
            None if looks_like_airline_name(name.as_str())
                || operated_by(&text[..name.start()]) =>
            {
                AirlineInfo {
                    iata: code.to_owned(),
                    name: name.as_str().trim().to_owned(),
                    country: None,
                    alliance: None,
                }
            }
            None => continue,
        };
        found.push((name.start(), info));
    }
    found.retain(|(_, airline)| !misread.contains(&airline.iata));
    found.sort_by_key(|(offset, _)| *offset);
    let mut out: Vec<AirlineInfo> = Vec::new();
    for (_, airline) in found {
        if !out.iter().any(|known| known.iata == airline.iata) {
            out.push(airline);
        }
    }
    out
}

/// Text that ends where an operator's name begins: "Flights operated by " Cebgo (DG).
fn operated_by(before: &str) -> bool {
    let lower = before.trim_end().to_lowercase();
    [
        "operated by",
        "flights by",
        "flights on",
        "operado por",
        "operados por",
        "opérés par",
    ]
    .iter()
    .any(|phrase| lower.ends_with(phrase))
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

/// Whether a stretch of text says when the rules under it hold.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Validity {
    /// They held only until a date now past, or start at a date still to come.
    NotCurrent,
    /// They hold from a date now past.
    Current,
}

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{4}-\d{2}-\d{2}|\d{1,2}\.?\s+[A-Za-zäéû]+\.?\s+\d{4}|[A-Za-z]+\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}[./]\d{1,2}[./]\d{4}|(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+\d{4})\b")
        .expect("valid regex")
});
static UNTIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:until|till|through|thru|before|up to|ending|ended|expired?|expiring|valid to|no later than|bis|hasta|jusqu'?au|jusqu’au|to)(?:\s+and\s+including)?(?:\s+(?:the|el|la|le|il|lo|o|a|der|dem|den))?\s*$")
        .expect("valid regex")
});
static FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:from|as of|since|effective|starting|beginning|on or after|after|ab|seit|desde|a partir del?|à partir du|dès le)(?:\s+(?:the|el|la|le|il|lo|o|a|der|dem|den))?\s*$")
        .expect("valid regex")
});

/// What `text` says of when the rules near it hold: "for tickets issued until 30 June
/// 2021" (over), "from 1 July 2021" (current), or nothing.
pub fn validity(text: &str, today: chrono::NaiveDate) -> Option<Validity> {
    let mut found = None;
    for date in DATE.find_iter(text) {
        let Some(day) = parse_any_date(date.as_str()) else {
            continue;
        };
        let before = &text[..date.start()];
        let lead = tail(before, 40);
        let lead = lead.trim_end_matches(|c: char| c.is_whitespace() || c == ':');
        if UNTIL.is_match(lead) {
            if day < today {
                return Some(Validity::NotCurrent);
            }
            found = found.or(Some(Validity::Current));
        } else if FROM.is_match(lead) {
            if day > today {
                return Some(Validity::NotCurrent);
            }
            found = Some(Validity::Current);
        }
    }
    found
}

/// A date as documents write it: ISO, "30 June 2021", "June 30, 2021", "30.06.2021",
/// "30/06/2021" (day first), "June 2021" (its last day, for an end).
fn parse_any_date(text: &str) -> Option<chrono::NaiveDate> {
    if let Some(iso) = parse_date(text) {
        return chrono::NaiveDate::parse_from_str(&iso, "%Y-%m-%d").ok();
    }
    let text = text.trim().replace(',', "");
    for format in ["%d.%m.%Y", "%d/%m/%Y", "%d. %B %Y", "%d %B %Y", "%B %d %Y"] {
        if let Ok(date) = chrono::NaiveDate::parse_from_str(&text, format) {
            return Some(date);
        }
    }
    chrono::NaiveDate::parse_from_str(&format!("1 {text}"), "%d %B %Y").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_when_rules_hold() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        for (text, expected) in [
            (
                "For tickets issued until 30 June 2021",
                Some(Validity::NotCurrent),
            ),
            ("Tickets issued from 1 July 2021", Some(Validity::Current)),
            (
                "Valid through December 31, 2019:",
                Some(Validity::NotCurrent),
            ),
            ("Gültig ab 01.07.2021", Some(Validity::Current)),
            (
                "Valid for tickets issued up to and including 28 February 2023",
                Some(Validity::NotCurrent),
            ),
            ("Effective 2027-01-01", Some(Validity::NotCurrent)),
            (
                "Tabla ANTERIOR - pasajes emitidos hasta el 31/03/2025",
                Some(Validity::NotCurrent),
            ),
            (
                "Tabla VIGENTE - pasajes emitidos desde el 01/04/2025",
                Some(Validity::Current),
            ),
            ("Partner earning", None),
        ] {
            assert_eq!(validity(text, today), expected, "{text}");
        }
    }

    #[test]
    fn an_airline_named_keeps_its_code_where_ocr_misread_it() {
        let codes = |text: &str| -> Vec<String> {
            airlines_in(text)
                .into_iter()
                .map(|airline| airline.iata)
                .collect()
        };
        assert_eq!(codes("Flüge mit China Airlines (C1)"), ["CI"]);
        assert_eq!(codes("Flights operated by JetBlue (BG)"), ["B6"]);
        assert!(!misread_code("AY", "AA"));
    }

    #[test]
    fn finds_the_program_in_a_title() {
        assert_eq!(
            name_in_title("Skyward Club – partner earning").as_deref(),
            Some("Skyward Club")
        );
        assert_eq!(
            name_in_title("AURORA REWARDS AWARD CHART").as_deref(),
            Some("Aurora Rewards")
        );
        assert_eq!(name_in_title("Earn miles on partner airlines"), None);
        assert_eq!(name_in_title("Award chart - American Airlines"), None);
        // A part naming the airline is no part of the name; a tab's title cut short ends
        // before its lone letter.
        assert_eq!(
            name_in_title("BoA Boliviana de Aviacion — Club Illimani").as_deref(),
            Some("Club Illimani")
        );
        assert_eq!(
            name_in_title("Tiketi za Tuzo — Twiga Club I Air T.").as_deref(),
            Some("Twiga Club")
        );
    }

    #[test]
    fn a_program_from_a_file_names_start_or_a_masthead_subtitle() {
        let text = "सगरमाथा क्लब\nSagarmatha Club — award tickets and tiers\nSagarmatha Club miles.";
        let program = main_program(
            &["सगरमाथा क्लब — पुरस्कार", ""],
            text,
            "sagarmatha_club_puraskar_ra_star.md",
        );
        assert_eq!(program.map(|p| p.name).as_deref(), Some("Sagarmatha Club"));
        let text = "BoA · Boliviana de Aviación\nClub Illimani — Reglamento\nLas millas de BoA.";
        let program = main_program(
            &[
                "BoA · Boliviana de Aviación",
                "BoA · Boliviana de Aviación",
                "Club Illimani — Reglamento",
            ],
            text,
            "categorias.pdf",
        )
        .expect("a program");
        assert_eq!(program.name, "Club Illimani");
        assert_eq!(
            program.aliases.first().map(String::as_str),
            Some("Illimani")
        );
        // A cookie dialog's button where the title would be, the airline's code before
        // the program's name in the file name; the operator's brand alone over a page
        // about its program.
        for (titles, text, file_name, id) in [
            (
                ["Налаштувати", "", "МАУ · Ukraine International Airlines"],
                "Налаштувати\nМАУ · Ukraine International Airlines\nУвійти в Panorama Club\nPanorama Club\nМилі Panorama Club.",
                "uia_panorama_club_nagorody_statusy_copied.txt",
                "panorama_club",
            ),
            (
                ["FR", "", "EN"],
                "FR\nEN\nMon compte Capricorne\nCapricorne : gagner et utiliser vos miles\nLes miles Capricorne.",
                "capricorne_gagner_utiliser_miles_copie.txt",
                "capricorne",
            ),
            (
                ["Porter", "", "Réserver"],
                "Porter\nVIPorter\nVIPorter points and status with Porter.",
                "porter_viporter_statut_et_primes_copied.txt",
                "porter_viporter",
            ),
        ] {
            let program = main_program(&titles, text, file_name);
            assert_eq!(program.map(|p| p.id).as_deref(), Some(id), "{file_name}");
        }
    }

    #[test]
    fn reads_the_program_a_sentence_states_not_the_title() {
        let text = "# Orchid Loyalty programme guide\n\nThis document is for members of Orchid Loyalty, the frequent flyer programme of United Airlines (UA).";
        let program = program_of_statement(text).expect("a statement");
        assert_eq!(
            (program.id.as_str(), program.name.as_str()),
            ("orchid_loyalty", "Orchid Loyalty")
        );
        let program = program_of_statement("Lodestar Club is Air Canada's loyalty programme.")
            .expect("a program");
        assert_eq!(
            (program.name.as_str(), program.operator_airline.as_deref()),
            ("Lodestar Club", Some("AC"))
        );
        let text = "Air Canada (AC) runs LodestarMiles, its frequent flyer programme.";
        let program = program_of_statement(text).expect("a statement");
        // The id goes by the name as written, so that "LODESTARMILES" is the same program.
        assert_eq!(program.id, "lodestarmiles");
        assert!(program.aliases.contains(&"Lodestar".to_owned()));
    }
}
