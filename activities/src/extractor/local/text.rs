//! Reading the small things documents write: numbers with thousands separators,
//! percentages, lists of fare classes, marks that mean "none".

use std::sync::LazyLock;

use regex::Regex;

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(\d{1,3}(?:[,\u{2009}\u{202f}\u{a0} ]\d{3})+\b|\d{1,3}(?:\.\d{3})+\b|\d+(?:\.\d+)?)\s*([kK]\b)?",
    )
    .expect("valid regex")
});
static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\d+(?:[.,]\d+)?)\s*(?:%|per ?cent\b|prozent\b|por ?ciento\b|pour ?cent\b)|(?:^|\s)%\s?(\d+(?:[.,]\d+)?)\b")
        .expect("valid regex")
});
static CLASS_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[A-Z](?:\s*(?:,|/|;|\s|-|–|·|&|、|，|；|،|\b(?:and|or|y|o|e|et|ou|und|oder|un|og|och|ja|ve|veya|ir|dan|atau|va|và|hoặc|və|at|en|of|eller|tai|és|vagy|i|in|lub|nebo|sau|și|a|au|na|и|или|і|та|або|και|ή|ו|או)\b|و|أو|یا|和|及|与|與|或|और|या|र|वा|ও|বা|및|또는)\s*[A-Z])*$",
    )
    .expect("valid regex")
});

/// The first whole number in a text: `12,500`, `12.500`, `25K`, `100000`.
pub fn number(text: &str) -> Option<u64> {
    let captures = NUMBER.captures(text)?;
    let digits = captures.get(1)?.as_str();
    let thousands = captures.get(2).is_some();
    let thousands_dots = digits
        .split('.')
        .skip(1)
        .all(|group| group.len() == 3 && group.bytes().all(|b| b.is_ascii_digit()));
    let value = if digits.contains(['.']) && !digits.contains(',') && thousands_dots {
        // "12.500", "1.200.000": dots as thousands separators ("117.5k" is a decimal).
        digits.replace('.', "").parse::<f64>().ok()?
    } else {
        digits
            .replace([',', '\u{2009}', '\u{202f}', '\u{a0}', ' '], "")
            .parse::<f64>()
            .ok()?
    };
    let value = if thousands { value * 1000.0 } else { value };
    (value.is_finite() && value >= 0.0).then_some(value.round() as u64)
}

static NONE_CREDITED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bno\s+\w+\s+(?:are|is|will\s+be|get)\s+(?:credited|earned|awarded|given|accrued)|\bearns?\s+no\s+\w+")
        .expect("valid regex")
});

/// Words that say a fare class earns nothing.
pub fn means_ineligible(text: &str) -> bool {
    let lower = text.to_lowercase();
    [
        "not eligible",
        "ineligible",
        "no miles",
        "no points",
        "no avios",
        "sans miles",
        "sin millas",
        "sem milhas",
        "sem pontos",
        "no credit",
        "no accrual",
        "no earning",
        "does not earn",
        "do not earn",
        "not accrue",
        "not earn",
        "not credited",
        "no mileage",
        "excluded",
        "nicht",
        "keine",
        "no acumula",
        "no aplica",
        "not applicable",
        "não acumula",
        "nao acumula",
        "não elegível",
        "no elegible",
        "sin acumulaci",
        "non éligible",
        "aucun",
        "non accumul",
        "nessun punto",
        "non idone",
        "kazanım yok",
        "tiada",
        "kazandırmaz",
        "nothing is credited",
        "earns nothing",
        "earn nothing",
        "nothing credited",
    ]
    .iter()
    .any(|phrase| lower.contains(phrase))
        // "No stars are credited": whatever the program's currency.
        // ("earns no less than 250 miles" is a minimum.)
        || (NONE_CREDITED.is_match(&lower)
            && !["no less than", "no fewer than", "no more than"]
                .iter()
                .any(|phrase| lower.contains(phrase)))
        // "0 (kazanım yok)": a nought explained in words; "N/A 不累積": a mark glossed.
        || lower.trim().starts_with("0 (")
        || lower.trim() == "n/a"
        || lower.trim().starts_with("n/a ")
        // "Tiada / n/a": a mark in either language.
        || lower.split(" / ").any(|part| {
            matches!(
                part.trim().trim_end_matches('%').trim(),
                "0" | "—" | "–" | "-" | "--" | "none" | "n/a" | "nil" | "0.0" | "x 0" | "×0" | "x0"
            )
        })
}

static FACTOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:[x×*]\s*(\d+(?:[.,]\d+)?)\b(?:\s*$|\s*(?:the\s+)?(?:distance|miles)))|(?:^|\s)(\d+(?:[.,]\d+)?)\s*(?:[x×]|fois|vezes|veces|times)(?:\s|$)|^[x×]\s*(\d(?:[.,]\d+)?)\s+[^\d%]+$")
        .expect("valid regex")
});
/// "1.5 miles per mile flown", "1.25 points per mile", "2 Avios for every mile": a
/// factor of the distance in words.
static PER_MILE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\d+(?:[.,]\d+)?)\s*(?:miles?|points?|pts|avios|credits?|pins|milhas|millas|puntos?|pontos?|milles)\s+(?:per|for\s+(?:each|every)|a|/|por(?:\s+cada)?|pour\s+(?:chaque|un|une)|par|pro|je)\s+(?:mile|kilometre|kilometer|km|milla|milha|mille|kil[óo]metro|quil[ôo]metro)\b")
        .expect("valid regex")
});
/// "125 points per 100 miles", "175 miles for every 100 miles flown": a percentage.
static PER_HUNDRED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\d+(?:[.,]\d+)?)\s*(?:(?:miles?|points?|pts|avios|credits?|milhas|millas|puntos|pontos)\s+)?(?:per|for\s+(?:each|every)|a|/)\s+100\s+(?:miles?|statute\s+miles)\b")
        .expect("valid regex")
});
static BARE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\d+(?:[.,]\d+)?)\s*$").expect("valid regex"));

/// How much of the distance a rate cell or phrase credits, in percent: `125%`,
/// `125 percent`, `x 1.5`, `1.25x`, `Distance flown × 125%`, words (`half the miles`,
/// `double`), and the words and marks for "nothing" (`no credit`, `—`, `0`). A bare
/// number is read only when `bare` (the column's header speaks of a rate): a small one is
/// a factor (`1.25` → 125), a larger one a percentage.
pub fn rate(text: &str, bare: bool) -> Option<f64> {
    let cleaned = text.replace('\u{a0}', " ");
    let cleaned = cleaned.trim();
    // "%125": Turkish writes the sign first.
    if let Some(captures) = PERCENT.captures(cleaned) {
        let value = captures.get(1).or_else(|| captures.get(2))?;
        return value.as_str().replace(',', ".").parse().ok();
    }
    if means_ineligible(cleaned) {
        return Some(0.0);
    }
    if let Some(captures) = PER_HUNDRED.captures(cleaned) {
        return captures[1].replace(',', ".").parse().ok();
    }
    if let Some(captures) = PER_MILE.captures(cleaned) {
        let factor: f64 = captures[1].replace(',', ".").parse().ok()?;
        return (factor <= 10.0).then_some((factor * 100.0).round());
    }
    if let Some(captures) = FACTOR.captures(cleaned) {
        // The third: "x1,5 quãng đường bay", a factor first and the distance in words.
        let value = captures
            .get(1)
            .or_else(|| captures.get(2))
            .or_else(|| captures.get(3))?
            .as_str();
        let factor: f64 = value.replace(',', ".").parse().ok()?;
        return (factor <= 10.0).then_some((factor * 100.0).round());
    }
    if let Some(share) = vulgar_fraction(cleaned).or_else(|| share_in_words(cleaned)) {
        return Some(share);
    }
    // "175 (175)": a figure in the page's digits, then in Western ones.
    let cleaned = match cleaned.split_once(" (") {
        Some((figure, repeated)) if repeated.strip_suffix(')') == Some(figure.trim()) => {
            figure.trim()
        }
        _ => cleaned,
    };
    if bare && let Some(captures) = BARE.captures(cleaned) {
        let value: f64 = captures[1].replace(',', ".").parse().ok()?;
        return Some(if value <= 5.0 {
            (value * 100.0).round()
        } else {
            value
        });
    }
    None
}

/// A rate cell that starts with a fraction sign: "½ (moitié · half)" → 50, "1½" → 150.
fn vulgar_fraction(text: &str) -> Option<f64> {
    static FRACTION: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\d?)\s*([½¼¾])(?:\s|\(|$)").expect("valid regex"));
    let captures = FRACTION.captures(text)?;
    let whole: f64 = captures[1].parse().unwrap_or(0.0);
    let part = match &captures[2] {
        "½" => 0.5,
        "¼" => 0.25,
        _ => 0.75,
    };
    Some((whole + part) * 100.0)
}

/// "half the miles flown" → 50; "double miles" → 200; "the full distance" → 100.
pub fn share_in_words(text: &str) -> Option<f64> {
    // One space between words, wherever the lines wrapped ("three⏎quarters").
    let lower = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let has = |phrase: &str| lower.contains(phrase);
    let about_distance = has("distance")
        || has("distância")
        || has("distancia")
        || has("mile")
        || has("milha")
        || has("milla")
        || has("point")
        || has("ponto")
        || has("punto")
        || has("flown")
        || has("voad")
        || has("volad");
    // (Words in another script are a gloss: "Дөрөвний гурав three quarters".)
    let latin_words = lower
        .split_whitespace()
        .filter(|word| word.chars().any(|c| c.is_ascii_alphabetic()))
        .count();
    if !about_distance && latin_words > 3 {
        return None;
    }
    // The same shares in Portuguese, Spanish and French ("metade das milhas voadas", "la
    // distancia completa", "un quart des miles").
    if has("one and a half")
        || has("one-and-a-half")
        || has("1½")
        || has("uma vez e meia")
        || has("une fois et demie")
        || has("una vez y media")
    {
        Some(150.0)
    } else if has("three quarters")
        || has("three-quarters")
        || has("três quartos")
        || has("tres cuartos")
        || has("trois quarts")
    {
        Some(75.0)
    } else if has("half") || has("metade") || has("mitad") || has("moitié") {
        Some(50.0)
    } else if has("quarter") || has("um quarto") || has("un cuarto") || has("un quart") {
        Some(25.0)
    } else if has("double") || has("twice") || has("dobro") || has("doble") {
        Some(200.0)
    } else if has("triple") || has("three times") || has("triplo") {
        Some(300.0)
    } else if has("full distance")
        || has("full miles")
        || has("full mileage")
        || has("all the miles")
        || has("100 per")
        || has("distância integral")
        || has("distância total")
        || has("distancia completa")
        || has("distancia total")
        || has("distance complète")
        || has("totalidade")
        || has("totalidad")
        || has("totalité")
    {
        Some(100.0)
    } else {
        None
    }
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
        // "Não disponível", "No disponible", "Non disponible", "Nicht verfügbar", "N/D".
        || matches!(lower.as_str(), "n/d" | "nd" | "n.d." | "s/d")
        || [
            "não ",
            "nao ",
            "no disponible",
            "non disponible",
            "indisponível",
            "indisponible",
            "nicht ",
            "unavailable",
            "no ofrecid",
            "não oferecid",
        ]
        .iter()
        .any(|start| lower.starts_with(start))
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

/// The first `bytes` bytes of `text` at most, cut at a character boundary.
pub fn head(text: &str, bytes: usize) -> &str {
    &text[..text.floor_char_boundary(bytes.min(text.len()))]
}

/// The last `bytes` bytes of `text` at most, cut at a character boundary.
pub fn tail(text: &str, bytes: usize) -> &str {
    &text[text.ceil_char_boundary(text.len().saturating_sub(bytes))..]
}

/// Fare classes in a table cell, allowing the letters OCR misreads in such lists
/// (`1,R, J` → I R J, `o,M` → O M, `xX, B` → X B). A cell needs one plain capital letter
/// and a separator before any misreading is forgiven, so that `0` is never class O.
pub fn fare_classes_in_cell(cell: &str) -> Option<Vec<String>> {
    // OCR reads a table's vertical rule before a cell as a dash ("—-Y/U/K").
    let cell = cell
        .trim()
        .trim_start_matches(['—', '–', '-', '=', '_', '~', '+', '™'])
        .trim_start();
    if let Some(classes) = fare_classes(cell) {
        return Some(classes);
    }
    // A lone class OCR read in lowercase where the two shapes are alike ("s", "x").
    if let [c] = cell.chars().collect::<Vec<_>>().as_slice()
        && "cosvwxz".contains(*c)
    {
        return Some(vec![c.to_ascii_uppercase().to_string()]);
    }
    let cell = cell.trim_end_matches(['.', ':', '*']);
    let tokens: Vec<&str> = cell
        .split(|c: char| matches!(c, ',' | '/' | ';' | '&') || c.is_whitespace())
        .filter(|token| !token.is_empty() && !matches!(*token, "and" | "or" | "au" | "na"))
        .collect();
    if tokens.len() < 2 {
        return None;
    }
    let slashes = cell.contains('/');
    let mut plain = 0;
    let mut classes = Vec::with_capacity(tokens.len());
    for token in tokens {
        let chars: Vec<char> = token.chars().collect();
        // In a list set apart by slashes OCR reads a slash as I: "VIK" is V/K.
        if slashes && slash_read_as_i(&chars) {
            plain += 1;
            classes.extend(chars.iter().step_by(2).map(char::to_string));
            continue;
        }
        let class = match chars.as_slice() {
            [c] if c.is_ascii_uppercase() => {
                plain += 1;
                *c
            }
            // A backslash is never a number: the list is one of classes ("2/\\").
            ['\\'] => {
                plain += 1;
                'I'
            }
            ['1' | 'l' | '|'] => 'I',
            ['2'] => 'Z',
            ['7'] => 'T',
            // "Z/)", "C/D/}/Z": the J.
            [')' | '}' | ']'] => 'J',
            ['0' | 'o'] => 'O',
            ['$' | '5'] => 'S',
            [c] if c.is_ascii_lowercase() => c.to_ascii_uppercase(),
            [a, b] if a.is_ascii_alphabetic() && a.eq_ignore_ascii_case(b) => {
                a.to_ascii_uppercase()
            }
            // A speck read as a currency sign after the letter ("E£").
            [c, speck] if c.is_ascii_uppercase() && "£€¥¢©®°".contains(*speck) => *c,
            _ => return None,
        };
        classes.push(class.to_string());
    }
    (plain > 0).then_some(classes)
}

/// Capitals with an I between each two ("ZIJ", "VIK"): letters and slashes read as I.
fn slash_read_as_i(chars: &[char]) -> bool {
    chars.len() >= 3
        && chars.len() % 2 == 1
        && chars.iter().enumerate().all(|(index, c)| {
            if index % 2 == 1 {
                *c == 'I'
            } else {
                c.is_ascii_uppercase()
            }
        })
}

/// "SKYWARD club" → "Skyward Club": each word capitalised, the rest lowercase.
pub fn title_case(text: &str) -> String {
    text.split_whitespace()
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| {
                    first
                        .to_uppercase()
                        .chain(chars.flat_map(char::to_lowercase))
                        .collect::<String>()
                })
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The signs that mark a table row or a word for a footnote ("Business Flex¹", "Y✱"), as
/// a regex character class holds them.
pub const MARK_SIGNS: &str = "*†‡§¹²³⁴✱";

/// Whether a character is written in Latin letters (or is ASCII): "Silver", not "银卡".
pub fn in_latin_script(c: char) -> bool {
    c.is_ascii() || ('\u{c0}'..='\u{24f}').contains(&c)
}

/// Whether a text has letters of a script other than Latin ("Статусні милі", "银卡
/// Silver"); `false` for one written in Latin letters alone.
pub fn has_other_script(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_alphabetic() && !in_latin_script(c))
}

/// Folds a name for comparison: lowercase letters and digits only, Latin accents folded
/// ("España" is "espana"); letters of other scripts stay ("Казахстан" is no empty name).
pub fn fold(text: &str) -> String {
    let mut folded = String::new();
    for c in text.chars().filter(|c| c.is_alphanumeric()) {
        crate::reference::text::fold_into(c, &mut folded);
    }
    folded
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
    fn a_cell_says_nothing_is_offered_in_the_languages_pages_come_in() {
        for cell in [
            "—",
            "n/a",
            "Not available",
            "Não disponível",
            "No disponible",
            "N/D",
        ] {
            assert!(is_none_mark(cell), "{cell}");
        }
        for cell in ["20.000", "Nordic", "Normal"] {
            assert!(!is_none_mark(cell), "{cell}");
        }
    }

    #[test]
    fn reads_numbers_and_percentages() {
        assert_eq!(number("12,500"), Some(12500));
        assert_eq!(number("12.500"), Some(12500));
        assert_eq!(number("117.5k"), Some(117500));
        assert_eq!(number("PQP 22,000 needed"), Some(22000));
        assert_eq!(number("12.500"), Some(12500));
        assert_eq!(number("25K"), Some(25000));
        assert_eq!(number("7 500"), Some(7500));
        assert_eq!(number("Zone 1"), Some(1));
        assert_eq!(number("n/a"), None);
        assert_eq!(rate("125% of distance", false), Some(125.0));
        assert_eq!(rate("0% (not eligible)", false), Some(0.0));
        assert_eq!(rate("Not eligible", false), Some(0.0));
        assert_eq!(rate("Business", false), None);
        assert_eq!(rate("½ (moitié · half)", false), Some(50.0));
        assert_eq!(rate("1½", false), Some(150.0));
    }

    #[test]
    fn reads_rates_however_written() {
        for (text, bare, expected) in [
            ("125%", false, Some(125.0)),
            ("125 percent", false, Some(125.0)),
            ("x 1.5", false, Some(150.0)),
            ("1.25x", false, Some(125.0)),
            ("Distance flown × 125%", false, Some(125.0)),
            ("no credit", false, Some(0.0)),
            ("—", false, Some(0.0)),
            ("0", false, Some(0.0)),
            ("half the miles flown", false, Some(50.0)),
            ("full mileage", false, Some(100.0)),
            ("three\nquarters of the distance flown", false, Some(75.0)),
            ("1.25", true, Some(125.0)),
            ("1.25", false, None),
            ("75", true, Some(75.0)),
            ("Business", true, None),
            ("J, C, D", true, None),
            ("125 points per 100 miles", false, Some(125.0)),
            ("175 (175)", true, Some(175.0)),
            ("Дөрөвний гурав three quarters", false, Some(75.0)),
        ] {
            assert_eq!(rate(text, bare), expected, "{text}");
        }
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
        // "or" and "and" in the languages pages come in.
        assert_eq!(fare_classes("J, C au D").unwrap(), ["J", "C", "D"]);
        assert_eq!(fare_classes("P i A").unwrap(), ["P", "A"]);
        assert_eq!(fare_classes("J або C").unwrap(), ["J", "C"]);
        assert_eq!(fare_classes("J、C、D").unwrap(), ["J", "C", "D"]);
        assert_eq!(fare_classes("J - C - D").unwrap(), ["J", "C", "D"]);
        assert_eq!(fare_classes("R, I y Z").unwrap(), ["R", "I", "Z"]);
        assert_eq!(fare_classes("Economy"), None);
        assert_eq!(fare_classes("150%"), None);
    }

    #[test]
    fn forgives_ocr_in_class_lists() {
        assert_eq!(fare_classes_in_cell("1,R, J").unwrap(), ["I", "R", "J"]);
        assert_eq!(fare_classes_in_cell("o,M").unwrap(), ["O", "M"]);
        assert_eq!(fare_classes_in_cell("Z/)").unwrap(), ["Z", "J"]);
        assert_eq!(
            fare_classes_in_cell("VIK/Q/X").unwrap(),
            ["V", "K", "Q", "X"]
        );
        assert_eq!(fare_classes_in_cell("ZIJ/RIVC"), None);
        assert_eq!(
            fare_classes_in_cell("C/Z/\\/P").unwrap(),
            ["C", "Z", "I", "P"]
        );
        assert_eq!(fare_classes_in_cell("xX, B, L").unwrap(), ["X", "B", "L"]);
        assert_eq!(
            fare_classes_in_cell("Y,L,B,5").unwrap(),
            ["Y", "L", "B", "S"]
        );
        assert_eq!(fare_classes_in_cell("—+H, Y, T").unwrap(), ["H", "Y", "T"]);
        assert_eq!(fare_classes_in_cell("N, E£,P").unwrap(), ["N", "E", "P"]);
        assert_eq!(fare_classes_in_cell("0"), None);
        assert_eq!(fare_classes_in_cell("no credit"), None);
        assert_eq!(fare_classes_in_cell("1, 2"), None);
        assert_eq!(fare_classes_in_cell("2/\\").unwrap(), ["Z", "I"]);
        assert_eq!(fare_classes_in_cell("1/2"), None);
        assert_eq!(fare_classes_in_cell("Y,X, 7").unwrap(), ["Y", "X", "T"]);
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
        assert_eq!(fold("España"), "espana");
        assert_eq!(fold("Зона 1"), "зона1");
    }
}
