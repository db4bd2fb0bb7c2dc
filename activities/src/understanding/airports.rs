//! Airports named in words: by city ("Lisbon"), by name ("Heathrow", "Chicago O'Hare"), or
//! both ("Tokyo Haneda", "Buenos Aires Ezeiza"). A name that fits several airports resolves
//! to the one with scheduled passenger service (an international or major airport, whose
//! name says the city) rather than to heliports, air bases or fields; where several busy
//! airports share a city (London, New York, Tokyo…) the traveller is asked which.
//!
//! The index is built once from the reference airports: each word of an airport's name,
//! city and country points at it, so a span of words is resolved by intersecting short
//! lists, never by scanning every airport.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use super::mentions::key;
use crate::reference::{self, AirportRef};
use crate::tools::distance::great_circle_miles;

/// What a span of words names.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Named {
    /// One airport (IATA code).
    One(&'static str),
    /// Several airports that the words cannot tell apart.
    Several(Vec<&'static str>),
}

/// Words that say what kind of place an airport is, not which one.
const GENERIC: &[&str] = &[
    "international",
    "airport",
    "airports",
    "apt",
    "regional",
    "air",
    "the",
    "of",
    "de",
    "del",
    "da",
    "do",
    "and",
    "city",
    "aeropuerto",
    "aeroporto",
    "aerodrome",
    "airfield",
    "terminal",
];

/// Name words of an airport with scheduled passenger service.
const BUSY: &[&str] = &["international", "intercontinental", "metropolitan"];

/// Name words of places without scheduled passenger service.
const NOT_PASSENGER: &[&str] = &[
    "heliport",
    "helipad",
    "heli",
    "base",
    "afb",
    "force",
    "naval",
    "navy",
    "army",
    "executive",
    "airpark",
    "airstrip",
    "seaplane",
    "spb",
    "ranch",
    "private",
    "station",
    "railway",
    "rail",
    "bus",
    "hbf",
    "military",
    "strip",
    "glider",
];

/// Abbreviations in the reference names, written out.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("intl", "international"),
    ("int", "international"),
    ("intcntl", "intercontinental"),
];

/// Names travellers use that the reference names lack.
const ALIASES: &[(&str, &str)] = &[
    ("HND", "Haneda"),
    ("BRU", "Zaventem"),
    ("OTP", "Otopeni"),
    ("MEL", "Tullamarine"),
    ("PPT", "Tahiti"),
    ("DPS", "Bali Denpasar"),
    ("VCE", "Venice"),
    ("CGP", "Chattogram"),
];

/// Major passenger airports: where one city's airports cannot be told apart by their
/// names, these are the ones travellers mean.
const MAJOR: &str = "ATL DFW DEN ORD LAX JFK LAS MCO MIA CLT SEA PHX EWR SFO IAH BOS FLL MSP \
    LGA DTW PHL SLC BWI DCA SAN IAD TPA BNA AUS MDW HNL DAL PDX STL HOU YYZ YVR YUL YYC MEX \
    CUN GDL PTY SJO BOG LIM SCL GRU GIG EZE MVD UIO GUA SDQ MBJ LHR LGW MAN EDI DUB CDG ORY \
    NCE LYS AMS BRU FRA MUC DUS HAM BER ZRH GVA VIE MAD BCN AGP PMI LIS OPO FCO MXP LIN VCE \
    ATH CPH ARN OSL HEL KEF WAW PRG BUD OTP SOF IST SAW AYT ESB SVO DME LED DXB AUH DOH AMM \
    BEY TLV RUH JED MCT KWI BAH CAI CMN TUN JNB CPT NBO ADD LOS ACC DEL BOM BLR MAA CMB KTM \
    DAC MLE HND NRT KIX ITM FUK CTS ICN GMP PUS PEK PKX PVG SHA CAN SZX CTU HKG TPE MFM SIN \
    BKK DMK HKT KUL CGK DPS SGN HAN MNL CEB SYD MEL BNE PER ADL AKL CHC WLG NAN PPT RAK TAS \
    ALA DAR KGL ZAG RIX TLL VNO \
    ALG ORN CZL DJE MIR RBA FEZ TNG AGA HRG SSH LXR KRT MBA JRO ZNZ EBB ABV PHC DSS ABJ BKO \
    OUA NIM DLA NSI LBV FIH LAD LUN HRE VFA MPM WDH GBE MRU SEZ TNR DUR ISB KHI LHE PEW MUX \
    CGP ZYL CCU HYD COK AMD GOI TRV PNQ CCJ GAU JAI LKO RGN PNH REP VTE SKD NQZ FRU DYU GYD \
    TBS EVN KBL BGW EBL MHD SYZ DAM SLL DMM MED TIF AHB SHJ RKT MDE CLO CTG GYE LPB VVI ASU \
    CCS SAL SAP MGA HAV SJU PUJ KIN NAS BGI POS CUZ COR MDZ BSB CNF SSA REC FOR POA CWB MAO \
    DVO CRK PEN BKI KCH SUB UPG CNX USM DAD CXR PQC KHH OKA NGO XMN HGH NKG CKG KMG XIY WUH \
    CSX TAO DLC SHE TSN HAK SYX URC ULN OOL CNS DRW CBR NOU APW TBU VLI POM BIO SVQ VLC ALC \
    NAP CTA PMO BLQ TRN FLR BRI MRS TLS BOD NTE BSL GOT BGO KRK GDN BEG SKP TIA SJJ LJU KIV \
    KBP MSQ LCA MLA HER RHO SKG ADB DLM BHX GLA BRS BFS ORK LUX CGN STR HAJ";

static MAJOR_CODES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| MAJOR.split_whitespace().collect());

/// Whether the airport is one of the major passenger airports.
pub(crate) fn is_major(code: &str) -> bool {
    // A city's second busy airport ("Billy Bishop": YTZ, not Owen Sound's YOS) is one.
    MAJOR_CODES.contains(code)
        || SEVERAL_BUSY
            .iter()
            .any(|(_, airports)| airports.contains(&code))
}

/// Cities with several busy airports: the city alone asks which.
const SEVERAL_BUSY: &[(&str, &[&str])] = &[
    ("London", &["LHR", "LGW", "STN", "LTN", "LCY"]),
    ("Paris", &["CDG", "ORY"]),
    ("New York", &["JFK", "EWR", "LGA"]),
    ("Tokyo", &["HND", "NRT"]),
    ("Chicago", &["ORD", "MDW"]),
    ("Washington", &["IAD", "DCA", "BWI"]),
    ("Houston", &["IAH", "HOU"]),
    ("Dallas", &["DFW", "DAL"]),
    ("Milan", &["MXP", "LIN", "BGY"]),
    ("Rome", &["FCO", "CIA"]),
    ("Moscow", &["SVO", "DME", "VKO"]),
    ("Seoul", &["ICN", "GMP"]),
    ("Shanghai", &["PVG", "SHA"]),
    ("Beijing", &["PEK", "PKX"]),
    ("Osaka", &["KIX", "ITM"]),
    ("Sao Paulo", &["GRU", "CGH", "VCP"]),
    ("Rio de Janeiro", &["GIG", "SDU"]),
    ("Buenos Aires", &["EZE", "AEP"]),
    ("Stockholm", &["ARN", "BMA"]),
    ("Bangkok", &["BKK", "DMK"]),
    ("Toronto", &["YYZ", "YTZ"]),
    ("Jakarta", &["CGK", "HLP"]),
    ("Taipei", &["TPE", "TSA"]),
    ("Kuala Lumpur", &["KUL", "SZB"]),
    ("Istanbul", &["IST", "SAW"]),
    ("Brussels", &["BRU", "CRL"]),
    ("Tehran", &["IKA", "THR"]),
];

/// The main airport of a city with several busy ones ("Bangkok": BKK of BKK and DMK),
/// when `codes` are that city's airports.
pub(crate) fn main_of(codes: &[String]) -> Option<&'static str> {
    SEVERAL_BUSY.iter().find_map(|(_, airports)| {
        (airports.len() == codes.len()
            && codes.iter().all(|code| airports.contains(&code.as_str())))
        .then_some(airports[0])
    })
}

/// How far from a city's airports an airport named after it may be ("Buenos Aires
/// Ezeiza", "Panama City Tocumen"), in statute miles.
const NEARBY_MILES: f64 = 50.0;

/// The least score a one-word name needs: the word is the airport's city or the name of
/// a busy airport, not a word that happens to name a field somewhere ("Flying Cloud").
const ONE_WORD_SCORE: i32 = 5;

struct Airport {
    airport: &'static AirportRef,
    /// Name words (and aliases), abbreviations written out.
    name: HashSet<String>,
    /// Keys of its city, each part of "district, city".
    cities: Vec<String>,
    /// Preference when a name fits several airports.
    standing: i32,
}

struct Index {
    airports: Vec<Airport>,
    by_word: HashMap<String, Vec<usize>>,
}

/// The words of a name as the index keys them.
pub(crate) fn name_words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(key)
        .filter(|word| !word.is_empty())
        .map(|word| {
            ABBREVIATIONS
                .iter()
                .find(|(short, _)| *short == word)
                .map(|(_, long)| (*long).to_owned())
                .unwrap_or(word)
        })
        .collect()
}

fn is_generic(word: &str) -> bool {
    GENERIC.contains(&word)
}

static INDEX: LazyLock<Index> = LazyLock::new(|| {
    let mut airports = Vec::new();
    let mut by_word: HashMap<String, Vec<usize>> = HashMap::new();
    for (at, airport) in reference::airports().iter().enumerate() {
        let alias = ALIASES
            .iter()
            .find(|(code, _)| *code == airport.iata)
            .map(|(_, alias)| *alias)
            .unwrap_or_default();
        let name: HashSet<String> = name_words(&format!("{} {alias}", airport.name))
            .into_iter()
            .collect();
        let country = reference::country_name(&airport.country).unwrap_or_default();
        let all: HashSet<String> = name
            .iter()
            .cloned()
            .chain(name_words(&airport.city))
            .chain(name_words(country))
            .filter(|word| !is_generic(word))
            .collect();
        for word in all {
            by_word.entry(word).or_default().push(at);
        }
        let mut standing = 0;
        if name.iter().any(|word| BUSY.contains(&word.as_str())) {
            standing += 3;
        }
        if name
            .iter()
            .any(|word| NOT_PASSENGER.contains(&word.as_str()))
        {
            standing -= 6;
        }
        if name.contains("municipal") {
            standing -= 2;
        }
        if is_major(&airport.iata) {
            standing += 4;
        }
        airports.push(Airport {
            airport,
            name,
            cities: airport.city.split(',').map(key).collect(),
            standing,
        });
    }
    Index { airports, by_word }
});

/// Whether the airport is a busy one (international, or major): a town's name in
/// lowercase names it only where the trip's other end is named beside it.
pub(crate) fn is_busy(code: &str) -> bool {
    INDEX
        .airports
        .iter()
        .any(|airport| airport.airport.iata == code && airport.standing > 0)
}

/// A country's only airport with scheduled international service ("Singapore",
/// "Bahrain", "Hong Kong"), if it has exactly one.
pub(crate) fn only_airport_of(iso2: &str) -> Option<&'static str> {
    let mut busy = INDEX
        .airports
        .iter()
        .filter(|airport| airport.airport.country == iso2 && airport.standing > 0);
    match (busy.next(), busy.next()) {
        (Some(only), None) => Some(only.airport.iata.as_str()),
        _ => None,
    }
}

/// Whether the words (two or more) are all words of some airport's name or city ("Sky
/// Harbor", "Marco Polo").
pub(crate) fn is_airport_name(words: &[String]) -> bool {
    words.len() >= 2 && !fitting(words).is_empty()
}

/// The airports every distinctive word of the span is a word of.
fn fitting(words: &[String]) -> Vec<usize> {
    let index = &*INDEX;
    let mut distinctive = words.iter().filter(|word| !is_generic(word));
    let Some(first) = distinctive.next() else {
        return Vec::new();
    };
    let mut found = index.by_word.get(first).cloned().unwrap_or_default();
    for word in distinctive {
        let Some(more) = index.by_word.get(word) else {
            return Vec::new();
        };
        found.retain(|at| more.contains(at));
    }
    found
}

fn miles_apart(a: &AirportRef, b: &AirportRef) -> f64 {
    great_circle_miles((a.lat, a.lon), (b.lat, b.lon))
}

/// The airport(s) the words (keys, in order) name, if they name any.
pub(crate) fn named(words: &[String]) -> Option<Named> {
    let found = fitting(words);
    if !found.is_empty() {
        let (named, score) = choose(&found, words);
        return (words.len() > 1 || score >= ONE_WORD_SCORE).then_some(named);
    }
    // "Buenos Aires Ezeiza": a city, then the name of an airport near it.
    let index = &*INDEX;
    for split in 1..words.len() {
        let (city, name) = (fitting(&words[..split]), fitting(&words[split..]));
        if city.is_empty() || name.is_empty() {
            continue;
        }
        let near: Vec<usize> = name
            .iter()
            .copied()
            .filter(|&at| {
                city.iter().any(|&c| {
                    miles_apart(index.airports[at].airport, index.airports[c].airport)
                        < NEARBY_MILES
                })
            })
            .collect();
        if !near.is_empty() {
            return Some(choose(&near, &words[split..]).0);
        }
        if let [only] = name.as_slice() {
            return Some(Named::One(&index.airports[*only].airport.iata));
        }
    }
    None
}

/// The airport the words most likely name among those they fit, and its score.
fn choose(found: &[usize], words: &[String]) -> (Named, i32) {
    let index = &*INDEX;
    let written: String = words.concat();
    if found.len() > 1
        && let Some((_, codes)) = SEVERAL_BUSY.iter().find(|(city, _)| key(city) == written)
    {
        return (Named::Several(codes.to_vec()), ONE_WORD_SCORE);
    }
    let said: HashSet<&str> = words
        .iter()
        .map(String::as_str)
        .filter(|word| !is_generic(word))
        .collect();
    let score = |at: usize| {
        let airport = &index.airports[at];
        let mut score = airport.standing;
        if airport.cities.contains(&written) {
            score += 3;
        }
        if said.iter().all(|word| airport.name.contains(*word)) {
            score += 2;
        }
        let distinctive = airport.name.iter().filter(|word| !is_generic(word));
        if distinctive.clone().count() > 0
            && distinctive.into_iter().all(|w| said.contains(w.as_str()))
        {
            score += 2;
        }
        score
    };
    let best = found.iter().map(|&at| score(at)).max().unwrap_or_default();
    let top: Vec<&'static str> = found
        .iter()
        .filter(|&&at| score(at) == best)
        .map(|&at| index.airports[at].airport.iata.as_str())
        .collect();
    // "Doha": of DOH and the old DIA, the one major airport is the one travellers mean
    // (a city of several busy airports is listed above and still asked about).
    let major: Vec<&'static str> = top.iter().copied().filter(|code| is_major(code)).collect();
    let named = match (top.as_slice(), major.as_slice()) {
        ([one], _) => Named::One(one),
        (_, [one]) => Named::One(one),
        _ => Named::Several(top),
    };
    (named, best)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(text: &str) -> Option<Named> {
        named(&name_words(text))
    }

    #[test]
    fn a_citys_second_busy_airport_is_a_major_one() {
        assert!(is_major("YTZ") && is_major("YYZ") && !is_major("YOS"));
    }

    #[test]
    fn cities_with_one_main_airport_resolve_to_it() {
        for (text, code) in [
            ("Lisbon", "LIS"),
            ("Frankfurt", "FRA"),
            ("Madrid", "MAD"),
            ("Abu Dhabi", "AUH"),
            ("Minneapolis", "MSP"),
            ("Las Vegas", "LAS"),
            ("Detroit", "DTW"),
            ("Phoenix", "PHX"),
            ("Berlin", "BER"),
            ("Manchester", "MAN"),
            ("Santiago de Chile", "SCL"),
            ("Algiers", "ALG"),
            ("Chattogram", "CGP"),
            ("Dubai", "DXB"),
        ] {
            assert_eq!(resolve(text), Some(Named::One(code)), "{text}");
        }
    }

    #[test]
    fn airport_names_pick_one_of_a_citys_airports() {
        for (text, code) in [
            ("Chicago O'Hare", "ORD"),
            ("Tokyo Haneda", "HND"),
            ("London Heathrow", "LHR"),
            ("Buenos Aires Ezeiza", "EZE"),
            ("Panama City Tocumen", "PTY"),
            ("Houston Intercontinental", "IAH"),
            ("Istanbul Airport", "IST"),
            ("Venice Marco Polo", "VCE"),
            ("Toronto Pearson", "YYZ"),
            ("Paris Charles de Gaulle", "CDG"),
            ("Doha", "DOH"),
        ] {
            assert_eq!(resolve(text), Some(Named::One(code)), "{text}");
        }
    }

    #[test]
    fn cities_with_several_busy_airports_are_asked_about() {
        for text in ["London", "New York", "Tokyo", "Paris"] {
            assert!(
                matches!(resolve(text), Some(Named::Several(_))),
                "{text}: {:?}",
                resolve(text)
            );
        }
        assert_eq!(resolve("Nowhereville"), None);
    }
}
