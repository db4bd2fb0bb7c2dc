//! Tables read by what their columns hold, not by where they sit: an earning table has a
//! column of fare-class lists and a column of percentages; an award chart has cabins as
//! columns (or rows) and prices in the cells; a status table has tier names and
//! thresholds. A table that fits nothing is read again transposed.

use std::sync::LazyLock;

use regex::Regex;

use super::context::{AirlineInfo, airline_in_cell};
use super::text::{
    MARK_SIGNS, fare_classes_in_cell, fold, in_latin_script, is_none_mark, means_ineligible,
    number, rate, title_case,
};
use super::zones::clean_label;
use crate::facts::Cabin;
use crate::layout::Table;

/// One row of an earning table.
#[derive(Clone, Debug, PartialEq)]
pub struct EarningRow {
    pub airline: Option<AirlineInfo>,
    pub classes: Vec<String>,
    pub cabin: Option<Cabin>,
    pub percent: f64,
    /// Footnote marks on the row (`*`, `†`, `1`), which a footnote may refer to.
    pub marks: Vec<String>,
    /// The fare the row prices, as a column of fare names gives it ("Optima", "GO Flexi").
    pub fare: Option<String>,
    /// The row's cells in lowercase, by which a sentence may name it ("Flex and Flex Plus
    /// fares earn at least 400").
    pub cells: Vec<String>,
    /// The minimum a column of minimums gives the row: `Some(0)` where it says none.
    pub minimum: Option<u32>,
}

/// A row's cells in lowercase, without footnote marks.
fn lowercase_cells(row: &[String]) -> Vec<String> {
    row.iter()
        .map(|cell| strip_marks(cell).0.trim().to_lowercase())
        .filter(|cell| !cell.is_empty())
        .collect()
}

/// One priced cell of an award chart.
#[derive(Clone, Debug, PartialEq)]
pub struct AwardCell {
    /// The row's zone label (the destination, or the origin in a zone-by-zone matrix).
    pub zone: String,
    /// The other zone, when the table itself says it (a matrix or a From column).
    pub other_zone: Option<String>,
    /// The cabin, when the table says it (a matrix per cabin takes it from its caption).
    pub cabin: Option<Cabin>,
    pub miles: u64,
}

/// One row of a status table.
#[derive(Clone, Debug, PartialEq)]
pub struct TierRow {
    pub name: String,
    pub threshold: u64,
    pub unit: Option<String>,
    pub alliance_status: Option<String>,
}

/// What a table holds.
#[derive(Clone, Debug, PartialEq)]
pub enum TableFacts {
    Earning(Vec<EarningRow>),
    Awards(Vec<AwardCell>),
    Tiers(Vec<TierRow>),
    Nothing,
}

static MARKS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"([{MARK_SIGNS}※＊]+|\(\d\)|\([a-z]\)|\[\d\]|\[\^\w+\])"
    ))
    .expect("valid regex")
});
pub static ALLIANCE_TIER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(Star Alliance|one ?world|Sky ?Team)\s+(Gold|Silver|Elite Plus|Elite|Emerald|Sapphire|Ruby|Plus)\b")
        .expect("valid regex")
});

/// Reads a table; `status_context` says whether the surrounding text is about status.
pub fn read(
    table: &Table,
    named: &[AirlineInfo],
    brands: &[(String, Cabin)],
    status_context: bool,
) -> TableFacts {
    // "| Cabin | Somon Air (SZ) | | flydubai (FZ) | |" over "| | classes | miles | classes |
    // miles |": each airline's own columns, a table each.
    if let Some(groups) = airline_column_groups(table, named) {
        let mut rows = Vec::new();
        for (airline, group) in groups {
            if let TableFacts::Earning(read) = read_as_is(&group, named, brands, status_context) {
                rows.extend(read.into_iter().map(|row| EarningRow {
                    airline: Some(airline.clone()),
                    ..row
                }));
            }
        }
        if !rows.is_empty() {
            return TableFacts::Earning(rows);
        }
    }
    let uncaptioned = without_caption(table);
    let table = uncaptioned.as_ref().unwrap_or(table);
    let glossed = glossed_header(table);
    let table = glossed.as_ref().unwrap_or(table);
    let translated = translated_header_joined(table);
    let table = translated.as_ref().unwrap_or(table);
    let joined = wrapped_rows_joined(table);
    let table = joined.as_ref().unwrap_or(table);
    // "Zone | Pays | Niveau" over "Zone 1 | Gambie, Mali, … | niv. B": zones and their
    // price bands, which prices nothing (and names no tiers).
    if lists_countries(table) && !has_prices(table) {
        return TableFacts::Nothing;
    }
    let without_lists = without_place_lists(table);
    let table = without_lists.as_ref().unwrap_or(table);
    // A fare comparison grid: one column per fare, a row of booking classes and a row of
    // what each earns.
    if fares_in_columns(table) {
        let facts = read_as_is(&transpose(table), named, brands, status_context);
        if matches!(facts, TableFacts::Earning(_)) {
            return facts;
        }
    }
    if let Some(cards) = cards_in_columns(table) {
        return read_as_is(&cards, named, brands, status_context);
    }
    let facts = read_as_is(table, named, brands, status_context);
    if facts != TableFacts::Nothing {
        return facts;
    }
    read_as_is(&transpose(table), named, brands, status_context)
}

/// "Clase de reserva | Tarifa" rows ("Y, B, S | TimeFlex"): the booking classes of each
/// fare, for a table elsewhere that gives the fares' rates by their names alone.
pub fn fare_class_map(table: &Table) -> Vec<(String, Vec<String>)> {
    let body = table.body();
    if table.width() != 2 || body.len() < 2 {
        return Vec::new();
    }
    for (classes_column, name_column) in [(0, 1), (1, 0)] {
        let pairs: Vec<(String, Vec<String>)> = body
            .iter()
            .filter_map(|row| {
                let classes = fare_classes_in_cell(row.get(classes_column)?)?;
                let name = strip_marks(row.get(name_column)?).0.trim().to_owned();
                let named = name.chars().any(char::is_alphabetic)
                    && !name.chars().any(|c| c.is_ascii_digit());
                named.then_some((name, classes))
            })
            .collect();
        if pairs.len() >= 2 && pairs.len() * 3 >= body.len() * 2 {
            return pairs;
        }
    }
    Vec::new()
}

/// The names a cell gives one fare in several languages ("Tarifa Grupos / Group fare"),
/// each as its folded words.
fn fare_names(cell: &str) -> Vec<Vec<String>> {
    strip_marks(cell)
        .0
        .split(['/', '·'])
        .map(|name| {
            name.split_whitespace()
                .map(fold)
                .filter(|word| !word.is_empty())
                .collect()
        })
        .filter(|words: &Vec<String>| !words.is_empty())
        .collect()
}

/// A table of rates by fare name with no classes of its own ("Basic | Half the miles
/// flown"), given each fare's classes from `fares`: a column of them after the names.
pub fn with_fare_classes(table: &Table, fares: &[(String, Vec<String>)]) -> Option<Table> {
    let body = table.body();
    if fares.is_empty() || table.width() < 2 || body.is_empty() {
        return None;
    }
    let classes_of = |cell: &str| -> Option<&Vec<String>> {
        let parts = fare_names(cell);
        fares
            .iter()
            .find(|(name, _)| {
                fare_names(name).iter().any(|known| {
                    parts
                        .iter()
                        .any(|part| known.iter().all(|word| part.contains(word)))
                })
            })
            .map(|(_, classes)| classes)
    };
    let named = body
        .iter()
        .filter(|row| row.first().is_some_and(|cell| classes_of(cell).is_some()))
        .count();
    let has_classes = (0..table.width()).any(|column| {
        let cells = body
            .iter()
            .filter(|row| {
                row.get(column)
                    .is_some_and(|cell| fare_classes_in_cell(cell).is_some())
            })
            .count();
        cells * 2 >= body.len()
    });
    if named < 2 || named * 2 < body.len() || has_classes {
        return None;
    }
    let rows = table
        .rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            let classes = if index == 0 && table.has_header {
                "Classes".to_owned()
            } else {
                row.first()
                    .and_then(|cell| classes_of(cell))
                    .map(|classes| classes.join(", "))
                    .unwrap_or_default()
            };
            let mut row = row.clone();
            row.insert(1.min(row.len()), classes);
            row
        })
        .collect();
    Some(Table {
        rows,
        has_header: table.has_header,
    })
}

/// A table of fixed-width text without the lines that are not rows: a rule of "=" or
/// "-" under the header, and a caption above it ("1.2 Thresholds to qualify and to
/// retain" over "Tier | Qualify | Retain"), which fills fewer columns than the header.
fn without_caption(table: &Table) -> Option<Table> {
    let is_rule = |row: &Vec<String>| {
        let text: String = row.concat();
        !text.trim().is_empty()
            && text
                .chars()
                .all(|c| c.is_whitespace() || "=-_—–~*+|".contains(c))
    };
    let filled = |row: &Vec<String>| row.iter().filter(|cell| !cell.trim().is_empty()).count();
    let figures = |row: &Vec<String>| {
        row.iter()
            .any(|cell| cell.chars().any(|c| c.is_ascii_digit()))
    };
    let mut rows: Vec<Vec<String>> = table
        .rows
        .iter()
        .filter(|row| !is_rule(row))
        .cloned()
        .collect();
    let mut changed = rows.len() != table.rows.len();
    if table.has_header
        && rows.len() >= 3
        && filled(&rows[0]) > 0
        && filled(&rows[0]) < filled(&rows[1])
        && !figures(&rows[1])
        && rows[2..].iter().any(figures)
    {
        rows.remove(0);
        changed = true;
    }
    changed.then_some(Table {
        rows,
        has_header: table.has_header,
    })
}

/// A row that only goes on with the one above ("Zone 1 — SAARC &" over "South-East Asia |
/// Kuala Lumpur, Singapore |  | "): its cells joined to that row's.
pub fn wrapped_rows_joined(table: &Table) -> Option<Table> {
    let from = usize::from(table.has_header);
    let mut rows: Vec<Vec<String>> = table.rows[..from.min(table.rows.len())].to_vec();
    let mut joined = false;
    for row in &table.rows[from.min(table.rows.len())..] {
        let figures = row
            .iter()
            .any(|cell| cell.chars().any(|c| c.is_ascii_digit()));
        // "Comfort Flex | yok | 7,500" over "(premium | not offered": a label's gloss
        // that its cell wrapped below the row's prices.
        let gloss_below = row
            .first()
            .is_some_and(|cell| cell.trim_start().starts_with('('))
            && rows.last().is_some_and(|above| {
                above
                    .iter()
                    .skip(1)
                    .any(|cell| cell.chars().any(|c| c.is_ascii_digit()))
            });
        let goes_on = rows.len() > from
            && !figures
            && (gloss_below
                || rows.last().is_some_and(|above| {
                    above
                        .iter()
                        .any(|cell| cell.trim_end().ends_with(['&', ',']))
                }));
        match rows.last_mut() {
            Some(above) if goes_on => {
                crate::layout::append_cells(above, row);
                joined = true;
            }
            _ => rows.push(row.clone()),
        }
    }
    joined.then_some(Table {
        rows,
        has_header: table.has_header,
    })
}

/// A header that names an airline over two columns or more (the cell after it left blank,
/// or repeated where a span was), one airline after another: each airline's columns, with
/// the row labels before them, as a table of their own under the sub-header below.
fn airline_column_groups(
    table: &Table,
    named: &[AirlineInfo],
) -> Option<Vec<(AirlineInfo, Table)>> {
    let header = table.header()?;
    let mut owners: Vec<Option<AirlineInfo>> = Vec::with_capacity(header.len());
    for (column, cell) in header.iter().enumerate() {
        let continues =
            column > 0 && (cell.trim().is_empty() || header.get(column - 1) == Some(cell));
        let owner = if continues {
            owners.last().cloned().flatten()
        } else {
            airline_in_cell(cell, named).filter(|_| fare_classes_in_cell(cell).is_none())
        };
        owners.push(owner);
    }
    let first = owners.iter().position(Option::is_some)?;
    let mut groups: Vec<(AirlineInfo, Vec<usize>)> = Vec::new();
    for (column, owner) in owners.iter().enumerate().skip(first) {
        let owner = owner.as_ref()?;
        match groups.last_mut() {
            Some((airline, columns)) if airline.iata == owner.iata => columns.push(column),
            _ => groups.push((owner.clone(), vec![column])),
        }
    }
    let distinct: std::collections::HashSet<&str> = groups
        .iter()
        .map(|(airline, _)| airline.iata.as_str())
        .collect();
    if first == 0
        || groups.len() < 2
        || distinct.len() != groups.len()
        || groups.iter().any(|(_, columns)| columns.len() < 2)
    {
        return None;
    }
    // The sub-header names each group's columns ("classes", "miles"): words, no figures.
    let body = table.body();
    let sub = body.first().filter(|row| {
        row.iter().skip(first).all(|cell| {
            !cell.chars().any(|c| c.is_ascii_digit()) && fare_classes_in_cell(cell).is_none()
        })
    })?;
    let rows = &body[1..];
    Some(
        groups
            .into_iter()
            .map(|(airline, columns)| {
                let picked: Vec<usize> = (0..first).chain(columns).collect();
                let project = |row: &Vec<String>, labels: &[String]| -> Vec<String> {
                    picked
                        .iter()
                        .map(|&column| {
                            let cell = row.get(column).cloned().unwrap_or_default();
                            match (column < first, cell.trim().is_empty()) {
                                (true, true) => labels.get(column).cloned().unwrap_or_default(),
                                _ => cell,
                            }
                        })
                        .collect()
                };
                let mut group_rows = vec![project(sub, header)];
                group_rows.extend(rows.iter().map(|row| project(row, &[])));
                (
                    airline,
                    Table {
                        rows: group_rows,
                        has_header: true,
                    },
                )
            })
            .collect(),
    )
}

/// Whether a column lists countries (two or more) in most rows: zones' definitions.
fn lists_countries(table: &Table) -> bool {
    let body = table.body();
    (0..table.width()).any(|column| {
        body.iter()
            .filter(|row| {
                row.get(column)
                    .and_then(|cell| super::zones::country_list(cell))
                    .is_some_and(|countries| countries.len() >= 2)
            })
            .count()
            * 2
            > body.len()
    })
}

/// Whether any cell holds an amount a chart prices in (100 or more).
fn has_prices(table: &Table) -> bool {
    table
        .body()
        .iter()
        .flatten()
        .any(|cell| number(cell).is_some_and(|amount| amount >= 100))
}

/// A chart without its column of the places each zone covers ("Cities served | Dubai, Abu
/// Dhabi, Jeddah"), which the zones' definitions read and which prices nothing.
fn without_place_lists(table: &Table) -> Option<Table> {
    let header = table.header()?;
    let listed = header.iter().position(|cell| {
        let cell = cell.to_lowercase();
        [
            "cities",
            "airports",
            "countries",
            "destinations served",
            "cities served",
        ]
        .iter()
        .any(|word| cell.contains(word))
    })?;
    let lists = table
        .body()
        .iter()
        .filter(|row| row.get(listed).is_some_and(|cell| cell.contains(',')))
        .count();
    if lists * 2 < table.body().len() || header.len() < 3 {
        return None;
    }
    Some(Table {
        has_header: true,
        rows: table
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .enumerate()
                    .filter(|(column, _)| *column != listed)
                    .map(|(_, cell)| cell.clone())
                    .collect()
            })
            .collect(),
    })
}

/// "Zona | Zone | Ekonom | Economy | Business" over rows of three cells: a header whose
/// cells OCR set apart from their translations, each pair joined again.
fn translated_header_joined(table: &Table) -> Option<Table> {
    let header = table.header()?;
    let width = table
        .body()
        .iter()
        .filter_map(|row| row.iter().rposition(|cell| !cell.trim().is_empty()))
        .max()?
        + 1;
    if width < 2 || width >= header.len() {
        return None;
    }
    let prefix = |cell: &str| fold(cell).chars().take(3).collect::<String>();
    let same = |one: &str, other: &str| {
        let cabin = Cabin::parse(one);
        (cabin.is_some() && cabin == Cabin::parse(other))
            || (fold(one).chars().count() >= 4
                && fold(other).chars().count() >= 4
                && prefix(one) == prefix(other))
    };
    let mut merged: Vec<String> = Vec::new();
    let mut last: Option<&str> = None;
    for cell in header {
        match merged.last_mut() {
            Some(joined) if last.is_some_and(|last| same(last, cell)) => {
                joined.push(' ');
                joined.push_str(cell.trim());
                last = None;
            }
            _ => {
                merged.push(cell.trim().to_owned());
                last = Some(cell);
            }
        }
    }
    if merged.len() != width {
        return None;
    }
    let mut rows = vec![merged];
    rows.extend(
        table
            .body()
            .iter()
            .map(|row| row.iter().take(width).cloned().collect()),
    );
    Some(Table {
        rows,
        has_header: true,
    })
}

/// A header in the page's language over a row that glosses it ("Yurt içi | Bölge 1" over
/// "(Domestic) | (Zone 1)"): one header, each cell with its gloss.
fn glossed_header(table: &Table) -> Option<Table> {
    let header = table.header()?;
    let gloss = table.body().first()?;
    let asides = gloss
        .iter()
        .skip(1)
        .filter(|cell| {
            let cell = cell.trim();
            cell.starts_with('(') && cell.ends_with(')')
        })
        .count();
    let glosses = gloss.len() == header.len()
        && !gloss.iter().any(|cell| {
            let cell = cell.trim();
            !cell.starts_with('(') && cell.chars().any(|c| c.is_ascii_digit())
        })
        && asides >= 2
        && asides * 2 >= gloss.len();
    if !glosses {
        return None;
    }
    let merged: Vec<String> = header
        .iter()
        .zip(gloss)
        .map(|(cell, gloss)| {
            format!("{} {}", cell.trim(), gloss.trim())
                .trim()
                .to_owned()
        })
        .collect();
    let mut rows = vec![merged];
    rows.extend(table.body()[1..].iter().cloned());
    Some(Table {
        rows,
        has_header: true,
    })
}

/// Cards set side by side, a column each ("Blue | Silver | Gold" over labels repeated in
/// every column, "To reach (Qualifying Miles)", each over its figures), as a PDF's text
/// gives them: one row per card, the labels as the header.
fn cards_in_columns(table: &Table) -> Option<Table> {
    let header = table.header()?;
    let width = header.len();
    let body = table.body();
    if width < 2 || body.len() < 2 || header.iter().any(|cell| cell.trim().is_empty()) {
        return None;
    }
    let is_label = |row: &[String]| {
        let first = row.first().map_or("", |cell| cell.trim());
        row.len() == width
            && !first.is_empty()
            && !first.chars().any(|c| c.is_ascii_digit())
            && row.iter().all(|cell| cell.trim() == first)
    };
    let mut labels: Vec<String> = Vec::new();
    let mut values: Vec<&Vec<String>> = Vec::new();
    let mut rows = body.iter();
    while let Some(row) = rows.next() {
        let value = rows.next()?;
        if !is_label(row) || is_label(value) {
            return None;
        }
        labels.push(row[0].trim().to_owned());
        values.push(value);
    }
    let mut cards = vec![std::iter::once("Tier".to_owned()).chain(labels).collect()];
    for (column, name) in header.iter().enumerate() {
        let figures = values
            .iter()
            .map(|row| row.get(column).cloned().unwrap_or_default());
        cards.push(std::iter::once(name.clone()).chain(figures).collect());
    }
    Some(Table {
        rows: cards,
        has_header: true,
    })
}

/// Fare brands a table pairs with cabins: a column of brands ("Paket", "Fare family",
/// "Product") beside a column of cabins ("Comfort Flex | Premium Ekonomi").
pub fn brands_in_table(table: &Table) -> Vec<(String, Cabin)> {
    static BRAND_HEADER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:brand|fare\s*(?:family|type|bundle|name)|package|paket|product|bundle|famille|familia|tarifa|tarif)\b|票价|品牌")
            .expect("valid regex")
    });
    static CABIN_HEADER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:cabin|kabin|cabine|cabina|kabine|class\s+of\s+service)\b|舱|艙")
            .expect("valid regex")
    });
    let Some(header) = table.header() else {
        return Vec::new();
    };
    let brand_column = header
        .iter()
        .position(|cell| BRAND_HEADER.is_match(cell) && !CABIN_HEADER.is_match(cell));
    let cabin_column = header.iter().position(|cell| CABIN_HEADER.is_match(cell));
    let (Some(brand_column), Some(cabin_column)) = (brand_column, cabin_column) else {
        return Vec::new();
    };
    let mut brands: Vec<(String, Cabin)> = Vec::new();
    for row in table.body() {
        let (Some(brand), Some(cabin)) = (row.get(brand_column), row.get(cabin_column)) else {
            continue;
        };
        let (brand, _) = strip_marks(brand);
        let brand = brand.trim();
        let Some(cabin) = Cabin::parse(cabin) else {
            continue;
        };
        // A brand is a name: letters, no figures, not a cabin word of its own.
        if brand.is_empty()
            || brand.chars().any(|c| c.is_ascii_digit())
            || !brand.chars().any(char::is_alphabetic)
            || Cabin::parse(brand) == Some(cabin)
            || brands.iter().any(|(known, _)| known == brand)
        {
            continue;
        }
        brands.push((brand.to_owned(), cabin));
    }
    brands
}

/// The classes that end a cell after its cabin: "Main Cabin, Y, B, H, K or M",
/// "Flagship First, booked in F or A", "Economy Flex Y B M" (a header whose classes a
/// style sheet set on a line of their own).
fn trailing_classes(cell: &str) -> Option<Vec<String>> {
    static TRAILING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:,|\b(?:in|classes|class|fares|codes))\s+([A-Z](?:\s*(?:,|/|\bor\b|\band\b)\s*[A-Z])*)\s*\.?$|\p{Ll}{2}\s+([A-Z](?:\s[A-Z]){1,})$")
            .expect("valid regex")
    });
    let captures = TRAILING.captures(cell.trim())?;
    let list = captures.get(1).or_else(|| captures.get(2))?;
    let before = &cell.trim()[..list.start()];
    // The cell names what the classes are: letters before them, not only a mark.
    if !before.chars().any(char::is_alphabetic) {
        return None;
    }
    // "First: F, A" is a list of its own, read whole elsewhere: its "F" is no name.
    let last_word = before.trim_end_matches([',', ' ']).rsplit(' ').next();
    if last_word.is_some_and(|word| word.len() == 1 && word.chars().all(|c| c.is_ascii_uppercase()))
    {
        return None;
    }
    super::text::fare_classes(list.as_str())
}

/// A cabin as a cell names it: a cabin word, or a brand the document explained.
pub fn cabin_in(cell: &str, brands: &[(String, Cabin)]) -> Option<Cabin> {
    // The document's own explanation first: its "Saga Premium" is business.
    let explained = |cell: &str| {
        let folded = fold(cell);
        brands
            .iter()
            .find(|(brand, _)| !folded.is_empty() && fold(brand) == folded)
            .map(|(_, cabin)| *cabin)
    };
    if let Some(cabin) = explained(cell) {
        return Some(cabin);
    }
    // "超级经济舱 Super Economy": a label in two scripts is read on its Latin side, where
    // the document's explanation names the brand.
    let other_script = |c: char| c.is_alphabetic() && !is_latin(c);
    if cell.contains(other_script) && cell.contains(|c: char| c.is_ascii_alphabetic()) {
        let latin: String = cell
            .chars()
            .map(|c| if other_script(c) { ' ' } else { c })
            .collect();
        return cabin_in(
            latin
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .as_str(),
            brands,
        );
    }
    // "Biznes / Бизнес / Business", "United Polaris / United First": one cabin in
    // several languages or brands.
    let parts: Vec<Cabin> = cell
        .split('/')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .filter_map(|part| explained(part).or_else(|| Cabin::parse(part)))
        .collect();
    if cell.contains('/')
        && let Some(first) = parts.first()
        && parts.iter().all(|cabin| cabin == first)
    {
        return Some(*first);
    }
    // "Premium Flex" where "flynas Premium" is business: a fare of the brand's cabin, its
    // fare name after the brand (but "Premium Economy" names a cabin of its own).
    let words: Vec<String> = cell.split_whitespace().map(fold).collect();
    if let Some(cabin) = brands
        .iter()
        .filter_map(|(brand, cabin)| {
            let brand: Vec<String> = brand.split_whitespace().map(fold).collect();
            let rest = words.strip_prefix(brand.as_slice())?.join(" ");
            (!brand.is_empty()
                && (1..=2).contains(&(words.len() - brand.len()))
                && Cabin::parse(&rest).is_none()
                && !rest.contains(|c: char| c.is_ascii_digit()))
            .then_some((brand.len(), *cabin))
        })
        .max_by_key(|(length, _)| *length)
        .map(|(_, cabin)| cabin)
    {
        return Some(cabin);
    }
    Cabin::parse(cell)
}

fn read_as_is(
    table: &Table,
    named: &[AirlineInfo],
    brands: &[(String, Cabin)],
    status_context: bool,
) -> TableFacts {
    if let Some(rows) = earning_by_airline_columns(table, named, brands) {
        return TableFacts::Earning(rows);
    }
    if let Some(rows) = earning_by_cabin_columns(table, brands) {
        return TableFacts::Earning(rows);
    }
    if let Some(rows) = earning(table, named, brands) {
        return TableFacts::Earning(rows);
    }
    if let Some(cells) = awards(table, brands) {
        return TableFacts::Awards(cells);
    }
    if let Some(cells) = awards_to_destinations(table, brands) {
        return TableFacts::Awards(cells);
    }
    if let Some(cells) = zone_matrix(table, brands) {
        return TableFacts::Awards(cells);
    }
    if let Some(rows) = tiers(table, status_context) {
        return TableFacts::Tiers(rows);
    }
    if let Some(cells) = awards_by_route(table, brands) {
        return TableFacts::Awards(cells);
    }
    TableFacts::Nothing
}

/// Whether a table's rows are labelled by what they give of each fare, one of them the
/// booking classes and another what a fare earns ("Booking classes | C, J | D, I" over
/// "Points per 100 miles flown | 175 | 125").
fn fares_in_columns(table: &Table) -> bool {
    let labels: Vec<String> = table
        .rows
        .iter()
        .filter_map(|row| row.first())
        .map(|cell| cell.to_lowercase())
        .collect();
    let labelled = |words: &[&str]| {
        labels
            .iter()
            .any(|label| words.iter().any(|word| label.contains(word)))
    };
    table.width() >= 3
        && labelled(&["booking class", "fare class", "classes", "clases", "rbd"])
        && labelled(&["earn", "miles", "points", "accru", "credit"])
}

fn transpose(table: &Table) -> Table {
    let width = table.rows.iter().map(Vec::len).max().unwrap_or(0);
    let rows = (0..width)
        .map(|column| {
            table
                .rows
                .iter()
                .map(|row| row.get(column).cloned().unwrap_or_default())
                .collect()
        })
        .collect();
    Table {
        rows,
        has_header: true,
    }
}

fn header_of(table: &Table) -> Vec<String> {
    table
        .header()
        .map(|header| header.iter().map(|cell| cell.to_lowercase()).collect())
        .unwrap_or_default()
}

fn strip_marks(cell: &str) -> (String, Vec<String>) {
    let marks = MARKS
        .find_iter(cell)
        .map(|mark| mark.as_str().to_owned())
        .collect();
    (MARKS.replace_all(cell, "").trim().to_owned(), marks)
}

/// Words in a rate column's header that make its bare numbers rates.
const RATE_HEADER_WORDS: &[&str] = &[
    "%",
    "percent",
    "rate",
    "earn",
    "accru",
    "credit",
    "factor",
    "multipl",
    "distance",
    "miles",
    "points",
    "mileage", // and as pages in other languages head it
    "fator",
    "acúmulo",
    "acumula",
    "coeficiente",
    "taux",
    "gain",
    "milhas",
    "millas",
];

/// Header words of a column that counts towards status rather than earning.
static QUALIFYING_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)qualif|\bstatus\b|\btier\b|\belite\b|\bxp\b|\bmq[mdsp]s?\b|\bpq[mdfp]s?\b|\bloyalty points\b|\bstatus credits?\b")
        .expect("valid regex")
});

/// "IPDCZ": fare classes written together, each letter once.
fn packed_classes(cell: &str) -> Option<Vec<String>> {
    let letters: Vec<char> = cell.trim().chars().collect();
    let distinct = letters
        .iter()
        .enumerate()
        .all(|(index, c)| !letters[..index].contains(c));
    let packed = (2..=12).contains(&letters.len())
        && letters.iter().all(char::is_ascii_uppercase)
        && distinct;
    packed.then(|| letters.iter().map(char::to_string).collect())
}

/// "P, E (Premium Comfort)": a cell's text and the aside in parentheses that ends it.
fn without_aside(cell: &str) -> (&str, Option<&str>) {
    let cell = cell.trim();
    if let Some(open) = cell.rfind('(')
        && open > 0
        && cell.ends_with(')')
    {
        return (
            cell[..open].trim_end(),
            Some(&cell[open + 1..cell.len() - 1]),
        );
    }
    (cell, None)
}

/// A row that only names a group (an operator or a cabin) for the rows below it: one
/// distinct non-empty cell.
fn group_label(row: &[String]) -> Option<&str> {
    let mut filled = row
        .iter()
        .map(|cell| cell.trim())
        .filter(|cell| !cell.is_empty());
    let first = filled.next()?;
    filled.all(|cell| cell == first).then_some(first)
}

/// Each row's cabin where a column names a cabin once, on the first row of its group, the
/// cells below it left blank ("Business | Flex | C, I" / " | Saver | O"). Not where the
/// names may as well stand in the middle of their groups, as a PDF centres a cell that
/// spans rows: there the rows above a name may be its own.
fn cabins_written_once(
    body: &[Vec<String>],
    column: usize,
    brands: &[(String, Cabin)],
) -> Option<Vec<Option<Cabin>>> {
    let named: Vec<(usize, Cabin)> = body
        .iter()
        .enumerate()
        .filter_map(|(index, row)| Some((index, cabin_in(row.get(column)?, brands)?)))
        .collect();
    let blank = |index: usize| {
        body[index]
            .get(column)
            .is_none_or(|cell| cell.trim().is_empty())
    };
    if named.len() < 2
        || named[0].0 != 0
        || (0..body.len()).any(|index| !blank(index) && !named.iter().any(|(at, _)| *at == index))
    {
        return None;
    }
    // Centred names: each group ends as far below its name as it starts above it, and
    // the groups fill the table.
    let mut start = 0;
    let mut centred = true;
    for (at, _) in &named {
        let end = 2 * at - start.min(*at);
        if start > *at || end >= body.len() {
            centred = false;
            break;
        }
        start = end + 1;
    }
    if centred && start == body.len() {
        return None;
    }
    let mut current = None;
    Some(
        (0..body.len())
            .map(|index| {
                if let Some((_, cabin)) = named.iter().find(|(at, _)| *at == index) {
                    current = Some(*cabin);
                }
                current
            })
            .collect(),
    )
}

/// A chart with a column per operating airline ("Air France (AF) | KLM (KL) | …"): either
/// each airline's classes beside one rate per row ("150% | J, C | J, C, D"), or one class
/// per row and each airline's rate for it ("J | 150% | 150% | -"). The header naming the
/// airlines may be the first row or one of the next two (a header of two rows).
fn earning_by_airline_columns(
    table: &Table,
    named: &[AirlineInfo],
    brands: &[(String, Cabin)],
) -> Option<Vec<EarningRow>> {
    let (header_row, columns) =
        table
            .rows
            .iter()
            .take(3)
            .enumerate()
            .find_map(|(index, row)| {
                let columns: Vec<(usize, AirlineInfo)> = row
                    .iter()
                    .enumerate()
                    .filter_map(|(column, cell)| {
                        airline_in_cell(cell, named)
                            .filter(|_| fare_classes_in_cell(cell).is_none())
                            .map(|airline| (column, airline))
                    })
                    .collect();
                let distinct = columns
                    .iter()
                    .map(|(_, airline)| &airline.iata)
                    .collect::<std::collections::HashSet<_>>()
                    .len();
                (distinct >= 2 && distinct == columns.len()).then_some((index, columns))
            })?;
    let body = &table.rows[header_row + 1..];
    let is_airline_column = |column: usize| columns.iter().any(|(at, _)| *at == column);
    let filled = |test: &dyn Fn(&str) -> bool| {
        body.iter()
            .flat_map(|row| columns.iter().filter_map(|(column, _)| row.get(*column)))
            .filter(|cell| !is_none_mark(cell) && test(&class_cell(cell).0))
            .count()
    };
    let cells = filled(&|_| true);
    let classes_in_columns = filled(&|cell| fare_classes_in_cell(cell).is_some());
    let rates_in_columns = filled(&|cell| rate(cell, true).is_some() || means_ineligible(cell));
    if cells < 4 {
        return None;
    }
    let classes_by_airline = classes_in_columns * 10 >= cells * 8;
    if !classes_by_airline && rates_in_columns * 10 < cells * 8 {
        return None;
    }
    let cell_minimums = body.iter().any(|row| {
        columns
            .iter()
            .filter_map(|(column, _)| row.get(*column))
            .any(|cell| stated_minimum(cell).is_some())
    });
    let mut rows = Vec::new();
    let mut cabin: Option<Cabin> = None;
    for row in body {
        let others: Vec<&String> = row
            .iter()
            .enumerate()
            .filter(|(column, _)| !is_airline_column(*column))
            .map(|(_, cell)| cell)
            .collect();
        // A cabin written on the first row of its group holds for the rows below.
        if let Some(named_cabin) = others.iter().find_map(|cell| cabin_in(cell, brands)) {
            cabin = Some(named_cabin);
        }
        if classes_by_airline {
            let percent = others.iter().find_map(|cell| {
                let cell = strip_marks(cell).0;
                rate(&cell, true).or_else(|| means_ineligible(&cell).then_some(0.0))
            });
            let Some(percent) = percent else { continue };
            for (column, airline) in &columns {
                let Some(cell) = row.get(*column) else {
                    continue;
                };
                let (cell, marks) = class_cell(cell);
                let Some(classes) = fare_classes_in_cell(&cell) else {
                    continue;
                };
                rows.push(EarningRow {
                    airline: Some(airline.clone()),
                    classes,
                    cabin,
                    percent,
                    marks,
                    fare: None,
                    cells: lowercase_cells(row),
                    minimum: None,
                });
            }
        } else {
            let Some(classes) = others.iter().rev().find_map(|cell| {
                let cell = strip_marks(cell).0;
                fare_classes_in_cell(&cell).or_else(|| trailing_classes(&cell))
            }) else {
                continue;
            };
            for (column, airline) in &columns {
                let Some(cell) = row.get(*column) else {
                    continue;
                };
                let (cell, marks) = strip_marks(cell);
                // A dash here is a class the airline does not sell; "nil" earns nothing.
                if matches!(cell.as_str(), "" | "-" | "–" | "—" | "--") {
                    continue;
                }
                let percent = if means_ineligible(&cell) {
                    0.0
                } else {
                    match rate(&cell, true) {
                        Some(percent) => percent,
                        None => continue,
                    }
                };
                // "150 % · at least 300 points": a minimum printed in the cells it holds
                // for, none in the others.
                let minimum = stated_minimum(&cell).or(cell_minimums.then_some(0));
                rows.push(EarningRow {
                    airline: Some(airline.clone()),
                    classes: classes.clone(),
                    cabin,
                    percent,
                    marks,
                    fare: None,
                    cells: lowercase_cells(row),
                    minimum,
                });
            }
        }
    }
    (rows.len() >= 4).then_some(rows)
}

/// A letter of the Latin script, accented ones included ("é", "ạ").
fn is_latin(c: char) -> bool {
    in_latin_script(c) || ('\u{1e00}'..='\u{1eff}').contains(&c)
}

/// "Earning rate | First | Business | Economy" over rows "150% | A | J C | —": rates down
/// the first column, cabins across the header, and in each cell the classes of that cabin
/// that earn that rate ("—" where the cabin has none).
fn earning_by_cabin_columns(table: &Table, brands: &[(String, Cabin)]) -> Option<Vec<EarningRow>> {
    let header = table.header()?;
    let columns: Vec<(usize, Cabin)> = header
        .iter()
        .enumerate()
        .skip(1)
        .filter_map(|(column, cell)| {
            cabin_in(cell, brands)
                .filter(|_| fare_classes_in_cell(cell).is_none())
                .map(|cabin| (column, cabin))
        })
        .collect();
    let distinct: std::collections::HashSet<&Cabin> =
        columns.iter().map(|(_, cabin)| cabin).collect();
    if columns.len() < 2 || distinct.len() != columns.len() {
        return None;
    }
    let mut rows = Vec::new();
    let mut cells = 0;
    for row in table.body() {
        let Some(first) = row.first() else { continue };
        let first = strip_marks(first).0;
        let percent = rate(&first, true).or_else(|| means_ineligible(&first).then_some(0.0));
        for (column, cabin) in &columns {
            let Some(cell) = row.get(*column).filter(|cell| !is_none_mark(cell)) else {
                continue;
            };
            cells += 1;
            let (cell, marks) = class_cell(cell);
            let (Some(percent), Some(classes)) = (percent, fare_classes_in_cell(&cell)) else {
                continue;
            };
            rows.push(EarningRow {
                airline: None,
                classes,
                cabin: Some(*cabin),
                percent,
                marks,
                fare: None,
                cells: lowercase_cells(row),
                minimum: None,
            });
        }
    }
    (rows.len() >= 3 && rows.len() * 10 >= cells * 8).then_some(rows)
}

/// A cell of classes without its footnote marks, a mark set as a digit after a class
/// included ("Y, B, R, M1" → "Y, B, R, M" and mark "1").
fn class_cell(cell: &str) -> (String, Vec<String>) {
    static NUMBERED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b([A-Z])(\d)\b").expect("valid regex"));
    let (mut cell, mut marks) = strip_marks(cell);
    // "W/E/N/O —-": a dash OCR read off a rule after the classes.
    if cell.contains(|c: char| c.is_ascii_alphabetic()) {
        cell = cell.trim_end_matches(['-', '—', '–', '.', ' ']).to_owned();
    }
    marks.extend(
        NUMBERED
            .captures_iter(&cell)
            .map(|captures| captures[2].to_owned()),
    );
    (NUMBERED.replace_all(&cell, "$1").into_owned(), marks)
}

/// "From \ To | UZ | A | B" over rows "UZ", "A", "B": the same labels down the first
/// column as across the header, a matrix of places (whose letters are no fare classes).
fn is_matrix(table: &Table) -> bool {
    let Some(header) = table.header() else {
        return false;
    };
    let across: Vec<String> = header.iter().skip(1).map(|cell| fold(cell)).collect();
    let down: Vec<String> = table
        .body()
        .iter()
        .filter_map(|row| row.first())
        .map(|cell| fold(cell))
        .collect();
    let shared = across
        .iter()
        .filter(|label| !label.is_empty() && down.contains(label))
        .count();
    shared >= 3 && shared * 10 >= across.len().max(down.len()) * 6
}

fn earning(
    table: &Table,
    named: &[AirlineInfo],
    brands: &[(String, Cabin)],
) -> Option<Vec<EarningRow>> {
    let header = header_of(table);
    if is_matrix(table) {
        return None;
    }
    let body: Vec<&Vec<String>> = table
        .body()
        .iter()
        .filter(|row| group_label(row).is_none())
        .collect();
    let share = |test: &dyn Fn(&str) -> bool| -> Option<usize> {
        let width = body.iter().map(|row| row.len()).max().unwrap_or(0);
        let mut best: Option<(usize, usize)> = None;
        for column in 0..width {
            let hits = body
                .iter()
                .filter(|row| row.get(column).is_some_and(|cell| test(cell)))
                .count();
            if hits > 0 && hits * 10 >= body.len() * 6 && best.is_none_or(|(_, most)| hits > most) {
                best = Some((column, hits));
            }
        }
        best.map(|(column, _)| column)
    };
    // A column headed as fare classes may pack its letters ("IPDCZ").
    let packed_column = header.iter().position(|cell| {
        ["class", "rbd", "booking", "code", "fare"]
            .iter()
            .any(|word| cell.contains(word))
            && !cell.contains("cabin")
            && !cell.contains("service")
            && !cell.contains("travel")
    });
    let classes_of = |column: usize, cell: &str| -> Option<Vec<String>> {
        let unmarked = strip_marks(cell).0;
        let cell = class_cell(cell).0;
        let main = without_aside(&cell).0;
        fare_classes_in_cell(main)
            .or_else(|| {
                (Some(column) == packed_column)
                    .then(|| packed_classes(main))
                    .flatten()
            })
            // "Business Class (C, D, J, Z)": the classes in parentheses after the cabin,
            // read before a digit counts as a footnote mark ("JetBlue (B6)" is no class B).
            .or_else(|| fare_classes_in_cell(without_aside(&unmarked).1?))
            .or_else(|| trailing_classes(main))
    };
    let classes = {
        let width = body.iter().map(|row| row.len()).max().unwrap_or(0);
        (0..width).find(|&column| {
            let hits = body
                .iter()
                .filter(|row| {
                    row.get(column)
                        .is_some_and(|cell| classes_of(column, cell).is_some())
                })
                .count();
            // A column headed as fare classes needs fewer readable cells (OCR).
            let needed = if Some(column) == packed_column { 4 } else { 6 };
            hits > 0 && hits * 10 >= body.len() * needed
        })?
    };
    // "1.25", "0.50", "1.00" down a column: factors of the distance, header or not.
    let factors_in = |column: usize| {
        static FACTOR: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"^[0-4]\.\d\d?$").expect("valid regex"));
        let cells: Vec<&String> = body.iter().filter_map(|row| row.get(column)).collect();
        let factors = cells
            .iter()
            .filter(|cell| FACTOR.is_match(cell.trim()))
            .count();
        factors >= 3 && factors * 10 >= cells.len() * 6
    };
    let bare_in = |column: usize| {
        header
            .get(column)
            .is_some_and(|cell| RATE_HEADER_WORDS.iter().any(|word| cell.contains(word)))
            || factors_in(column)
    };
    // "Medallion Qualification Miles", "Tier Points", "XP": a column of what a fare
    // counts towards status, beside the one of what it earns.
    let qualifying = |column: usize| {
        header
            .get(column)
            .is_some_and(|cell| QUALIFYING_HEADER.is_match(cell))
    };
    // "Minimum points per flight": a column of each fare's minimum, no rate.
    let minimum_column = header.iter().position(|cell| {
        ["minimum", "mínimo", "minimo", "mindest"]
            .iter()
            .any(|word| cell.contains(word))
    });
    let rate_column = {
        let width = body.iter().map(|row| row.len()).max().unwrap_or(0);
        (0..width)
            .filter(|&column| column != classes && Some(column) != minimum_column)
            .map(|column| {
                let count = |bare: bool| {
                    body.iter()
                        .filter(|row| {
                            row.get(column)
                                .is_some_and(|cell| rate(&strip_marks(cell).0, bare).is_some())
                        })
                        .count()
                };
                (column, count(false), count(bare_in(column)))
            })
            .filter(|&(_, _, hits)| hits > 0 && hits * 10 >= body.len() * 6)
            // What a fare earns beats what it counts towards status; then cells written as
            // rates beat bare numbers, a rate header breaks ties, and the first column
            // beats a later one.
            .max_by_key(|&(column, explicit, hits)| {
                (
                    !qualifying(column),
                    explicit,
                    hits,
                    bare_in(column),
                    std::cmp::Reverse(column),
                )
            })
            .map(|(column, _, _)| column)?
    };
    let bare = bare_in(rate_column);
    let cabin_column = share(&|cell: &str| cabin_in(cell, brands).is_some())
        .filter(|&column| column != classes && column != rate_column);
    let airline_column = share(&|cell: &str| airline_in_cell(cell, named).is_some())
        .filter(|&column| column != classes && column != rate_column)
        .or_else(|| {
            header
                .iter()
                .position(|cell| {
                    cell.contains("airline") || cell.contains("carrier") || cell.contains("operat")
                })
                .filter(|&column| column != classes && column != rate_column)
        });
    // "Tarifa", "Fare family", "Bundle": a column of fare names, by which travellers ask.
    let fare_column = header
        .iter()
        .position(|cell| {
            let named = [
                "fare", "tarif", "bundle", "brand", "famil", "paket", "package", "باقة", "gói",
            ]
            .iter()
            .any(|word| cell.contains(word));
            let codes = [
                "class", "clase", "classe", "code", "rbd", "basis", "hạng", "درج",
            ]
            .iter()
            .any(|word| cell.contains(word));
            named && !codes
        })
        .filter(|&column| {
            column != classes && column != rate_column && Some(column) != airline_column
        });
    // "Cabin on Kenya Airways": a header that names the one airline every row is of.
    let header_airline = {
        let named: Vec<AirlineInfo> = table
            .header()
            .unwrap_or_default()
            .iter()
            // The airline after "on" or "by" ("Qantas Points" names the program's
            // currency, not the rows' airline).
            .filter_map(|cell| {
                let lower = cell.to_lowercase();
                let after = [" on ", " by ", "flights with "]
                    .iter()
                    .filter_map(|cue| lower.rfind(cue).map(|at| at + cue.len()))
                    .max()?;
                airline_in_cell(cell.get(after..)?, named)
            })
            .collect();
        match named.as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        }
    };
    // A column headed "Cabin" that names each cabin once, on the first of its rows.
    let spanned_cabins = if cabin_column.is_none() {
        header
            .iter()
            .position(|cell| cell.contains("cabin") || cell.contains("class of service"))
            .filter(|&column| column != classes && column != rate_column)
            .and_then(|column| cabins_written_once(table.body(), column, brands))
    } else {
        None
    };
    let mut rows = Vec::new();
    let mut group_airline: Option<AirlineInfo> = None;
    let mut group_cabin: Option<Cabin> = None;
    // "Garuda Indonesia — Umrah season bonus (ended)": a group of rows that are no rates.
    let mut group_untrusted = false;
    let mut column_airline: Option<AirlineInfo> = None;
    let mut column_marks: Vec<String> = Vec::new();
    for (index, row) in table.body().iter().enumerate() {
        if let Some(label) = group_label(row) {
            group_untrusted = super::prose::is_untrusted(label);
            if let Some(airline) = airline_in_cell(label, named) {
                group_airline = Some(airline);
                group_cabin = None;
            }
            if let Some(cabin) = cabin_in(label, brands) {
                group_cabin = Some(cabin);
            }
            continue;
        }
        if group_untrusted {
            continue;
        }
        let Some(class_cell) = row.get(classes) else {
            continue;
        };
        let mut marks = self::class_cell(class_cell).1;
        let Some(class_list) = classes_of(classes, class_cell) else {
            continue;
        };
        // "P, O (Premium Comfort)", "Business Class (C, D)": the cabin beside the classes.
        let (class_main, class_aside) = without_aside(class_cell);
        let rate_cell = row.get(rate_column).map(String::as_str).unwrap_or("");
        let (rate_text, rate_marks) = strip_marks(rate_cell);
        marks.extend(rate_marks);
        // "x1,25 1", "x1 (full distance) 1": a footnote's number set after the rate.
        let footnote = rate_text
            .trim_end()
            .rsplit_once(' ')
            .filter(|(_, mark)| mark.len() == 1 && mark.chars().all(|c| ('1'..='9').contains(&c)))
            .and_then(|(text, mark)| Some((rate(text, bare)?, mark)));
        let value = match (footnote, rate(&rate_text, bare)) {
            (Some((value, mark)), _) => {
                marks.push(mark.to_owned());
                value
            }
            (None, Some(value)) => value,
            (None, None) => continue,
        };
        let cabin_cell = cabin_column.and_then(|column| row.get(column));
        if let Some(cell) = cabin_cell {
            marks.extend(strip_marks(cell).1);
        }
        // "TimeFlex (*)": a mark on the fare's name marks its row.
        for (column, cell) in row.iter().enumerate() {
            let read = [
                Some(classes),
                Some(rate_column),
                cabin_column,
                airline_column,
            ];
            if !read.contains(&Some(column)) {
                marks.extend(strip_marks(cell).1);
            }
        }
        // An operator named on the first of its rows only: a blank operator cell is the
        // one above, its footnote marks too.
        let airline = match airline_column.and_then(|column| row.get(column)) {
            Some(cell) if cell.trim().is_empty() => {
                marks.extend(column_marks.iter().cloned());
                column_airline.clone()
            }
            Some(cell) => {
                let (text, cell_marks) = strip_marks(cell);
                marks.extend(cell_marks.iter().cloned());
                column_marks = cell_marks;
                airline_in_cell(&text, named)
            }
            None => None,
        };
        column_airline.clone_from(&airline);
        rows.push(EarningRow {
            airline: airline
                .or_else(|| group_airline.clone())
                .or_else(|| header_airline.clone()),
            classes: class_list,
            cabin: cabin_cell
                .and_then(|cell| cabin_in(cell, brands))
                .or(group_cabin)
                .or_else(|| spanned_cabins.as_ref()?[index])
                .or_else(|| cabin_in(class_aside?, brands))
                .or_else(|| cabin_in(class_main, brands)),
            percent: value,
            marks,
            fare: fare_column
                .and_then(|column| row.get(column))
                // "TimeFlex (*)" without its mark's parentheses.
                .map(|cell| strip_marks(cell).0.replace("()", "").trim().to_owned())
                .filter(|name| name.chars().any(char::is_alphabetic)),
            cells: lowercase_cells(row),
            minimum: minimum_column
                .and_then(|column| row.get(column))
                .and_then(|cell| minimum_in_cell(cell)),
        });
    }
    (!rows.is_empty()).then_some(rows)
}

/// "300", "300 points", "—": a cell of a column of minimums (`Some(0)`: none).
/// A minimum a rate's cell states beside it ("150 % · at least 300 points").
fn stated_minimum(cell: &str) -> Option<u32> {
    match super::prose::minimum(cell)? {
        super::prose::Minimum::Miles { miles, .. } => Some(miles),
        super::prose::Minimum::None => Some(0),
    }
}

fn minimum_in_cell(cell: &str) -> Option<u32> {
    let cell = strip_marks(cell).0;
    if is_none_mark(&cell) {
        return Some(0);
    }
    number(&cell)
        .filter(|&amount| amount > 0 && amount <= 10_000)
        .and_then(|amount| u32::try_from(amount).ok())
}

fn awards(table: &Table, brands: &[(String, Cabin)]) -> Option<Vec<AwardCell>> {
    let cabins_in = |row: &[String]| -> Vec<(usize, Cabin)> {
        row.iter()
            .enumerate()
            .filter_map(|(column, cell)| Some((column, cabin_in(cell, brands)?)))
            .collect()
    };
    let mut body = table.body();
    let mut cabins = cabins_in(table.header()?);
    // A header of two rows ("Between | And | Miles, one way" over " | | Main Cabin |
    // Delta One"): the cabins are on the second, its label cells blank.
    if cabins.is_empty()
        && let Some((second, rest)) = body.split_first()
        && second.first().is_some_and(|cell| cell.trim().is_empty())
    {
        cabins = cabins_in(second);
        body = rest;
    }
    if cabins.is_empty() {
        return None;
    }
    let first_cabin = cabins[0].0;
    // "Zone | Destinations | Economy | …": a column that lists a zone's places is no
    // second zone.
    let header = table.header().unwrap_or_default();
    let labels: Vec<usize> = (0..first_cabin)
        .filter(|&column| column == 0 || header.get(column).is_none_or(|cell| !names_places(cell)))
        .collect();
    if labels.is_empty() {
        return None;
    }
    let mut cells = Vec::new();
    // The zone a group of rows starts from, when a row of its own names it.
    let mut origin: Option<String> = None;
    for (index, row) in body.iter().enumerate() {
        if let Some(group) = origin_group(row) {
            origin = Some(group);
            continue;
        }
        let mut zone = clean_label(row.get(labels[0])?);
        if zone.is_empty() || number(&zone).is_some_and(|n| n > 100) {
            continue;
        }
        if let Some(rest) = body
            .get(index + 1)
            .and_then(|next| wrapped_label(next, brands))
        {
            zone = format!("{zone} {rest}");
        }
        let other_zone = labels
            .get(1)
            .and_then(|&column| row.get(column))
            .map(|cell| clean_label(cell))
            .filter(|cell| !cell.is_empty())
            .or_else(|| origin.clone());
        for &(column, cabin) in &cabins {
            let Some(cell) = row.get(column) else {
                continue;
            };
            let (cell, _) = strip_marks(cell);
            if is_none_mark(&cell) {
                continue;
            }
            // ("150 %" is a rate, no price.)
            if let Some(miles) = number(&cell).filter(|&miles| miles >= 100 && !cell.contains('%'))
            {
                cells.push(AwardCell {
                    zone: zone.clone(),
                    other_zone: other_zone.clone(),
                    cabin: Some(cabin),
                    miles,
                });
            }
        }
    }
    (!cells.is_empty()).then_some(cells)
}

/// A header over the places a zone holds ("Destinations", "Cities served", "Countries").
fn names_places(header: &str) -> bool {
    let header = header.to_lowercase();
    // ("Destination zone" names the zone.)
    !["zone", "region", "area"]
        .iter()
        .any(|word| header.contains(word))
        && [
            "destination",
            "cities",
            "city",
            "airport",
            "countr",
            "served",
            "includ",
        ]
        .iter()
        .any(|word| header.contains(word))
}

/// A chart of one cabin (named by its caption), a row per route: "From | To | Miles"
/// ("Зона 1 — Казахстан | Зона 2 — Центральная Азия | 24 000"). Two columns of zone labels
/// and one of prices, nothing else.
fn awards_by_route(table: &Table, brands: &[(String, Cabin)]) -> Option<Vec<AwardCell>> {
    let header = table.header()?;
    if header.len() != 3 || header.iter().any(|cell| cabin_in(cell, brands).is_some()) {
        return None;
    }
    let body = table.body();
    let is_label = |cell: &str| {
        let label = clean_label(cell);
        label.chars().any(char::is_alphabetic)
            && cabin_in(&label, brands).is_none()
            && number(&label).is_none_or(|n| n < 100)
    };
    let mut cells = Vec::new();
    for row in body {
        let [from, to, price] = row.as_slice() else {
            return None;
        };
        if !is_label(from) || !is_label(to) {
            return None;
        }
        let (price, _) = strip_marks(price);
        if is_none_mark(&price) {
            continue;
        }
        let miles = number(&price).filter(|&miles| miles >= 100)?;
        cells.push(AwardCell {
            zone: clean_label(to),
            other_zone: Some(clean_label(from)),
            cabin: None,
            miles,
        });
    }
    (cells.len() >= 2).then_some(cells)
}

/// The rest of a long label its cell wrapped onto a row of its own ("America & Southern
/// South America" under "Mexico & … & Northern South"): a first cell alone, no number,
/// no cabin, not a label of its own ("From Zone 2").
fn wrapped_label<'a>(row: &'a [String], brands: &[(String, Cabin)]) -> Option<&'a str> {
    if origin_group(row).is_some() {
        return None;
    }
    let (first, rest) = row.split_first()?;
    let first = first.trim();
    let lower = first.to_lowercase();
    let alone = rest.iter().all(|cell| cell.trim().is_empty());
    (alone
        && !first.is_empty()
        && !first.chars().any(|c| c.is_ascii_digit())
        && cabin_in(first, brands).is_none()
        && !["from", "to ", "departing", "award", "origin"]
            .into_iter()
            .chain(super::zones::ZONE_WORDS.split('|'))
            .any(|word| lower.starts_with(word)))
    .then_some(first)
}

/// A row that only names the zone the rows below start from: "Between North America and
/// …", "From Europe", "Europe to:".
fn origin_group(row: &[String]) -> Option<String> {
    static ORIGIN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:(?:between|from|departing(?:\s+from)?|originating\s+in)\s+(.+?)(?:\s+(?:and|to|&)\s*(?:…|\.\.\.|:)?)?|(.+?)\s+(?:and|to|&)\s*(?:…|\.\.\.|:))$")
            .expect("valid regex")
    });
    let label = clean_label(group_label(row)?);
    if label.chars().any(|c| c.is_ascii_digit())
        && !super::zones::ZONE_WORDS
            .split('|')
            .any(|word| label.to_lowercase().contains(word))
    {
        return None;
    }
    let captures = ORIGIN.captures(&label)?;
    let zone = captures.get(1).or_else(|| captures.get(2))?.as_str().trim();
    (!zone.is_empty() && !zone.contains(" and ") && !zone.contains(" to ")).then(|| zone.to_owned())
}

/// A chart of one price per destination: "From the Philippines (Domestic) to | Points one
/// way" over rows "North Asia · Hilagang Asya | 7,000". The origin is in the first
/// header, if anywhere; the cabin in the second, or in what the document says.
fn awards_to_destinations(table: &Table, brands: &[(String, Cabin)]) -> Option<Vec<AwardCell>> {
    static PRICE_HEADER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\b(?:points?|miles?|avios|pts|price|cost|one[- ]way|return|round[- ]trip)\b",
        )
        .expect("valid regex")
    });
    // The first header says where to ("To", "Destination", "From X to"), not what a tier
    // takes ("Tier | Qualifying miles").
    static PLACES_HEADER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:to|destinations?|zones?|regions?|from|routes?|areas?|between)\b")
            .expect("valid regex")
    });
    let header = table.header()?;
    let [places, prices] = header else {
        return None;
    };
    static STATUS_HEADER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)qualif|status|tier|elite|retain|keep|reach").expect("valid regex")
    });
    if !PLACES_HEADER.is_match(places) || STATUS_HEADER.is_match(prices) {
        return None;
    }
    if !PRICE_HEADER.is_match(prices)
        || number(prices).is_some()
        || cabin_in(places, brands).is_some()
    {
        return None;
    }
    let origin = origin_group(std::slice::from_ref(places));
    let cabin = cabin_in(prices, brands);
    let mut cells = Vec::new();
    for row in table.body() {
        let [place, price] = row.as_slice() else {
            return None;
        };
        let zone = clean_label(place);
        if !zone.chars().any(char::is_alphabetic) || cabin_in(&zone, brands).is_some() {
            return None;
        }
        let (price, _) = strip_marks(price);
        if is_none_mark(&price) {
            continue;
        }
        cells.push(AwardCell {
            zone,
            other_zone: origin.clone(),
            cabin,
            miles: number(&price).filter(|&miles| miles >= 100)?,
        });
    }
    (cells.len() >= 2).then_some(cells)
}

/// A zone-by-zone chart for one cabin ("From \\ To | Zone 1 | Zone 2"): zone labels across
/// the top and down the side, prices (or "n/a") in most cells.
fn zone_matrix(table: &Table, brands: &[(String, Cabin)]) -> Option<Vec<AwardCell>> {
    let header = table.header()?;
    if header.len() < 3 {
        return None;
    }
    // Rows of cabins ("Economy", "Crown Class") make a chart of cabins by zone, read the
    // other way round.
    let cabin_rows = table
        .body()
        .iter()
        .filter(|row| {
            row.first()
                .is_some_and(|cell| cabin_in(cell, brands).is_some())
        })
        .count();
    if cabin_rows * 2 >= table.body().len() {
        return None;
    }
    let labels: Vec<(usize, String)> = header
        .iter()
        .enumerate()
        .skip(1)
        .filter_map(|(column, cell)| {
            let label = clean_label(cell);
            // "Status miles to reach": a column of what a tier takes names no zone.
            let is_label = label.chars().any(char::is_alphabetic)
                && Cabin::parse(&label).is_none()
                && number(&label).is_none_or(|n| n < 100)
                && !CRITERION.is_match(&label);
            is_label.then_some((column, label))
        })
        .collect();
    if labels.len() * 10 < (header.len() - 1) * 8 {
        return None;
    }
    let (mut cells, mut priced, mut total) = (Vec::new(), 0, 0);
    for row in table.body() {
        let Some(zone) = row.first().map(|cell| clean_label(cell)) else {
            continue;
        };
        if zone.is_empty() || Cabin::parse(&zone).is_some() {
            continue;
        }
        for (column, label) in &labels {
            let Some(cell) = row.get(*column) else {
                continue;
            };
            total += 1;
            let (cell, _) = strip_marks(cell);
            if is_none_mark(&cell) {
                priced += 1;
            } else if let Some(miles) = number(&cell).filter(|&miles| miles >= 100) {
                priced += 1;
                cells.push(AwardCell {
                    zone: zone.clone(),
                    other_zone: Some(label.clone()),
                    cabin: None,
                    miles,
                });
            }
        }
    }
    (total > 0 && priced * 10 >= total * 8 && !cells.is_empty()).then_some(cells)
}

/// What a row of a tier ladder laid out in columns counts or grants ("Qualifying segments
/// in 12 months", "Lounge access"): no tier's name.
static CRITERION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:qualif\w*|segments?|sectors?|flights?|points?|miles?|credits?|nights?|bonus|baggage|allowance|lounges?|access|benefits?|requirements?|spend|dollars|keep|retain|maintain|reach|attain|achieve)\b")
        .expect("valid regex")
});

/// "Medlem / Member", "Kumush / Серебро / Silver": of a tier's names in several
/// languages, the English one where one is made of tier words English uses.
/// The two sides of a label in two languages: "Lagon · Lagoon", "银卡 / Silver".
fn bilingual_parts(label: &str) -> Option<[&str; 2]> {
    let (one, other) = label
        .split_once(" / ")
        .or_else(|| label.split_once(" · "))?;
    let (one, other) = (one.trim(), other.trim());
    (!one.is_empty() && !other.is_empty() && !other.contains(" / ") && !other.contains(" · "))
        .then_some([one, other])
}

/// Which side of a header in two languages is the English one ("Nivo · Tier": the
/// second), where one side alone names a tier column in English.
fn english_side(header: &str) -> Option<usize> {
    let english = |part: &str| {
        let part = part.to_lowercase();
        ["tier", "level", "status", "name", "membership", "card"]
            .iter()
            .any(|word| {
                part.split_whitespace()
                    .any(|w| w.trim_matches(|c: char| !c.is_alphanumeric()) == *word)
            })
    };
    let parts = bilingual_parts(header)?;
    match (english(parts[0]), english(parts[1])) {
        (false, true) => Some(1),
        (true, false) => Some(0),
        _ => None,
    }
}

fn english_tier_name(name: &str) -> String {
    const ENGLISH: &[&str] = &[
        "member",
        "basic",
        "base",
        "blue",
        "classic",
        "silver",
        "gold",
        "platinum",
        "diamond",
        "elite",
        "titanium",
        "black",
        "bronze",
        "red",
        "green",
        "ivory",
        "jade",
        "pearl",
        "emerald",
        "ruby",
        "sapphire",
        "explorer",
        "select",
        "premier",
        "plus",
        "executive",
    ];
    let parts: Vec<&str> = name.split(" / ").map(str::trim).collect();
    // "Plava · Blue", "Srebrna · Silver": the same with a middle dot.
    let parts = if parts.len() < 2 {
        name.split(" · ").map(str::trim).collect()
    } else {
        parts
    };
    if parts.len() < 2 {
        return name.to_owned();
    }
    parts[1..]
        .iter()
        .find(|part| {
            !part.is_empty()
                && part
                    .split_whitespace()
                    .all(|word| ENGLISH.contains(&word.to_lowercase().as_str()))
        })
        .map_or_else(|| name.to_owned(), |part| (*part).to_owned())
}

/// "Points per USD" by status: what each tier earns per unit of money, no threshold. Its
/// label heads a column, or a row where the tiers are laid out in columns, or it is
/// written in every cell of a column ("Blue | 6 Avios per GBP 1").
pub fn counts_per_money(table: &Table) -> bool {
    static PER_MONEY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:per|por\s+cada|pro|par)\s+(?:us\s*\$|usd|eur|gbp|dollars?|euros?|pounds?|\$|€|£)")
            .expect("valid regex")
    });
    let labels = table
        .rows
        .first()
        .into_iter()
        .flatten()
        .chain(table.rows.iter().filter_map(|row| row.first()));
    if labels.into_iter().any(|cell| PER_MONEY.is_match(cell)) {
        return true;
    }
    let body = table.body();
    let width = body.iter().map(Vec::len).max().unwrap_or(0);
    (1..width).any(|column| {
        let cells: Vec<&String> = body.iter().filter_map(|row| row.get(column)).collect();
        !cells.is_empty()
            && cells.iter().filter(|cell| PER_MONEY.is_match(cell)).count() * 2 > cells.len()
    })
}

fn tiers(table: &Table, status_context: bool) -> Option<Vec<TierRow>> {
    let header = header_of(table);
    let tier_words = [
        "tier",
        "status",
        "level",
        "elite",
        "membership",
        "nivel",
        "niveau",
        "stufe",
        "statut",
        "seviye",
    ];
    let about_status = status_context
        || header
            .iter()
            .any(|cell| tier_words.iter().any(|word| cell.contains(word)));
    if !about_status || counts_per_money(table) {
        return None;
    }
    // Tier names are the first column of words (not alliance statuses); the threshold is
    // the first other column with numbers.
    let body = table.body();
    let width = body.iter().map(Vec::len).max().unwrap_or(0);
    // A column of alliance statuses ("SkyTeam Elite") names no tier of the program.
    let alliance_column = |column: usize| {
        let hits = body
            .iter()
            .filter(|row| {
                row.get(column)
                    .is_some_and(|cell| ALLIANCE_TIER.is_match(cell))
            })
            .count();
        hits * 2 > body.len()
    };
    let named_by_header = header.iter().enumerate().position(|(column, cell)| {
        !alliance_column(column)
            && [
                "tier",
                "level",
                "status",
                "name",
                "membership",
                "card",
                "nivel",
                "niveau",
                "stufe",
                "statut",
                "seviye",
            ]
            .iter()
            .any(|word| cell.contains(word))
            && ![
                "required",
                "needed",
                "threshold",
                "qualif",
                "miles",
                "points",
                "equivalent",
                "alliance",
                "credits",
                "keep",
                "retain",
                "maintain",
            ]
            .iter()
            .any(|word| cell.contains(word))
    });
    let name_column = named_by_header.or_else(|| {
        (0..width).find(|&column| {
            let hits = body
                .iter()
                .filter(|row| {
                    row.get(column).is_some_and(|cell| {
                        cell.trim().starts_with(char::is_alphabetic)
                            && !ALLIANCE_TIER.is_match(cell)
                            && !joins_at_enrolment(cell)
                    })
                })
                .count();
            hits * 10 >= body.len() * 6
        })
    })?;
    // A threshold is an amount: not a bonus ("+25%", "+10 kg"), a baggage allowance
    // ("20 kg") nor a period ("36 mois"); and each tier's is its own (a row of "1 year",
    // "1 year", "2 years" says how long a tier lasts).
    static WEIGHT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\d\s*(?:kg|kgs|lb|lbs|kilos?|pcs|pieces?|bags?)\b|\d\s*(?:months?|mois|meses|monate|years?|ans|años|jahre)\b")
            .expect("valid regex")
    });
    let amount = |cell: &str| {
        let cell = cell.trim();
        number(cell)
            .filter(|_| !cell.contains('%') && !cell.starts_with('+') && !WEIGHT.is_match(cell))
    };
    let keeps = |column: usize| header.get(column).is_some_and(|cell| keeps_a_tier(cell));
    let threshold_column = (0..width)
        .filter(|&column| column != name_column && !keeps(column))
        .find(|&column| {
            let cells: Vec<&String> = body.iter().filter_map(|row| row.get(column)).collect();
            let hits = cells
                .iter()
                .filter(|cell| amount(cell).is_some() || joins_at_enrolment(cell))
                .count();
            let mut amounts: Vec<u64> = cells.iter().filter_map(|cell| amount(cell)).collect();
            let count = amounts.len();
            amounts.sort_unstable();
            amounts.dedup();
            hits > 0 && hits * 10 >= body.len() * 6 && amounts.len() == count
        })?;
    // "Erforderlich   (PQP)": a header whose unit OCR set apart in a column of its own.
    let header_unit = header.get(threshold_column).map(|cell| {
        let unit_apart = header
            .get(threshold_column + 1)
            .map(|next| next.trim())
            .filter(|next| next.starts_with('(') && next.ends_with(')'));
        match unit_apart {
            Some(unit) => unit_of_header(&format!("{cell} {unit}")),
            None => unit_of_header(cell),
        }
    });
    // A row named like a cabin is no tier, unless the other rows name tiers ("Executive"
    // among "Blue", "Silver", "Gold").
    let cabin_named = |row: &Vec<String>| {
        row.get(name_column)
            .is_some_and(|cell| Cabin::parse(&clean_label(cell)).is_some())
    };
    let cabin_rows = table.body().iter().filter(|row| cabin_named(row)).count();
    let cabins_are_rows = cabin_rows * 2 > table.body().len();
    // "Nivo · Tier" over "Lagon · Lagoon": the header says which side is English.
    let english_side = header.get(name_column).and_then(|cell| english_side(cell));
    let mut rows = Vec::new();
    for row in table.body() {
        let name = clean_label(row.get(name_column)?);
        let name = match english_side {
            Some(side) => match bilingual_parts(&name) {
                Some(parts) => parts[side].to_owned(),
                None => english_tier_name(&name),
            },
            None => english_tier_name(&name),
        };
        let cell = row.get(threshold_column)?;
        if name.is_empty()
            || (cabins_are_rows && Cabin::parse(&name).is_some())
            || CRITERION.is_match(&name)
        {
            continue;
        }
        let threshold = if joins_at_enrolment(cell) {
            0
        } else {
            match number(cell) {
                Some(threshold) => threshold,
                None => continue,
            }
        };
        let alliance_status = row
            .iter()
            .find_map(|cell| ALLIANCE_TIER.find(cell))
            .map(|found| normalise_alliance_tier(found.as_str()));
        rows.push(TierRow {
            name,
            threshold,
            // "60,000 MXN" under "Qualifying pesos": the header says what is counted,
            // the cell only its currency.
            unit: match (unit_in_cell(cell), header_unit.clone().flatten()) {
                (Some(code), Some(header))
                    if code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()) =>
                {
                    Some(header)
                }
                // "20,000 points" under "Qualifying points": the header says it in full.
                (Some(unit), Some(header))
                    if header.len() > unit.len()
                        && header
                            .to_lowercase()
                            .ends_with(&format!(" {}", unit.to_lowercase())) =>
                {
                    Some(header)
                }
                (cell_unit, header) => cell_unit.or(header),
            },
            alliance_status,
        });
    }
    (rows.len() >= 2).then_some(rows)
}

pub fn joins_at_enrolment(cell: &str) -> bool {
    let lower = cell.to_lowercase();
    [
        "enrol",
        "join",
        "anmeldung",
        "beitritt",
        "registro",
        "afiliaci",
        "automático",
        "automatique",
        "automatisch",
        "anmelden",
        "inscri",
        "adhésion",
        "sign-up",
        "sign up",
        "automatic",
        "entry",
        "entrada",
        "starting",
        "base",
        "all members",
        "every member",
    ]
    .iter()
    .any(|word| lower.contains(word))
}

/// "PQP needed" → "PQP"; "Status miles required" → "Status miles"; "Erforderlich (PQP)"
/// → "PQP".
fn unit_of_header(header: &str) -> Option<String> {
    static IN_PARENTHESES: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\(([^)]{2,30})\)").expect("valid regex"));
    // "Qualifying miles (2 years)": a period in parentheses is no unit.
    static PERIOD_ASIDE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\s*\((?:\d+|one|two|three|a|per|each|every|in)\s*[\w-]*\s*(?:years?|months?|calendar\s+years?)\)|\s*\([^)]*\d+\s*(?:months?|years?|ay|mois|meses|monate)\b[^)]*\)")
            .expect("valid regex")
    });
    // "Statusni bodovi za stjecanje · *status points to reach*": emphasis is no word.
    let header = header.replace(['*', '_'], "");
    let header = PERIOD_ASIDE.replace_all(&header, "");
    // "Status mili / Status miles", "Segments pour l'obtenir / to qualify": a header in two
    // languages names its unit in the side that names one, else in the English side.
    let header = match header
        .split_once(" / ")
        .or_else(|| header.split_once(" · "))
    {
        Some((native, english))
            if !ENGLISH_UNIT.is_match(english) && ENGLISH_UNIT.is_match(native) =>
        {
            native.to_owned()
        }
        Some((_, english)) => english.to_owned(),
        None => header.into_owned(),
    };
    let header = header.as_str();
    // "(PQP)", "(status miles)": a unit in parentheses; "(qualification)" is none.
    if let Some(captures) = IN_PARENTHESES.captures(header)
        && (ENGLISH_UNIT.is_match(&captures[1])
            || captures[1]
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == 's'))
    {
        return Some(captures[1].trim().to_owned());
    }
    let header = IN_PARENTHESES.replace_all(header, "");
    let header = header.as_ref();
    let filler = [
        "needed",
        "required",
        "requirement",
        "to",
        "qualify",
        "threshold",
        "minimum",
        "min",
        "per",
        "year",
        "annual",
        "annually",
        "in",
        "a",
        "calendar",
        "earn",
        "earned",
        "collect",
        "erforderlich",
        "benötigt",
        "requerido",
        "requeridos",
        "necesario",
        "necesarios",
        "requis",
        "nécessaire",
        "nécessaires",
        "al",
        "año",
        "ano",
        "por",
        "pro",
        "jahr",
        "ottenerlo",
        "ottenere",
        "raggiungere",
        "necessari",
        "pour",
        "l'obtenir",
        "obtenir",
        "l'atteindre",
        "atteindre",
        "reach",
        "qualification",
        // "To reach it", "to keep them": the tier, not a unit.
        "it",
        "them",
        "this",
        "one",
    ];
    // "Qualifying segments in 12 months": the period is no part of the unit.
    static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\s+(?:in|within|per|during|over|each|every)\s+(?:\d+|a|one|the|calendar|consecutive)\b.*$")
            .expect("valid regex")
    });
    let header = PERIOD.replace(header, "");
    let words: Vec<&str> = header
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ':')
        .filter(|word| !word.is_empty() && !filler.contains(&word.to_lowercase().as_str()))
        .collect();
    // "Qualifying pts": the unit written out.
    let words: Vec<&str> = words
        .into_iter()
        .map(|word| match word.to_lowercase().trim_end_matches('.') {
            "pts" | "pt" => "points",
            _ => word,
        })
        .collect();
    // "Pour l'obtenir / To qualify" names no unit: the one the text gives will do.
    (!words.is_empty()).then(|| words.join(" "))
}

/// "Tier Miles to keep your tier (retain)", "Retain with": what keeps a tier, not what
/// reaches it.
pub fn keeps_a_tier(label: &str) -> bool {
    let label = label.to_lowercase();
    [
        "retain", "keep", "maintain", "requalif", "renew", "renouvel", "conserv", "mantener",
        "manter", "behalten", "保级", "保級",
    ]
    .iter()
    .any(|word| label.contains(word))
}

/// A word of English that counts what status takes ("Status miles", "Qualifying Dollars").
pub static ENGLISH_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:miles|points|segments|sectors|credits|dollars|flights|nights)\b")
        .expect("valid regex")
});

/// "25,000 status miles (Star Alliance Silver)" → "status miles": the unit after a cell's
/// number, up to what ends it ("20,000 Qualifying Points หรือ 20 เที่ยวบิน / or 20
/// flights": an alternative or a gloss in another script).
pub fn unit_in_cell(cell: &str) -> Option<String> {
    static UNIT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\d[\d,.]*\s*([A-Za-z][A-Za-z ]{1,30}?)\s*(?:\(|$|,|;|—|–|\s-\s|\.(?:\s|$)|\s(?:or|and|ou|o|y|oder)\s|\s[^\x00-\x7F])")
            .expect("valid regex")
    });
    let unit = UNIT.captures(cell)?.get(1)?.as_str().trim().to_owned();
    (!unit.is_empty()).then_some(unit)
}

/// "star alliance gold" → "Star Alliance Gold"; "OneWorld Sapphire" → "oneworld Sapphire".
pub fn normalise_alliance_tier(text: &str) -> String {
    let lower = text.to_lowercase();
    let (alliance, rest) = if lower.starts_with("star") {
        ("Star Alliance", &text["star alliance".len()..])
    } else if lower.starts_with("oneworld") {
        ("oneworld", &text["oneworld".len()..])
    } else if lower.starts_with("one world") {
        ("oneworld", &text["one world".len()..])
    } else if lower.starts_with("skyteam") {
        ("SkyTeam", &text["skyteam".len()..])
    } else {
        ("SkyTeam", text.get("sky team".len()..).unwrap_or_default())
    };
    let tier = title_case(rest);
    format!("{alliance} {tier}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table with a header row, from its cells.
    fn table_of<const N: usize>(rows: &[[&str; N]]) -> Table {
        Table {
            rows: rows
                .iter()
                .map(|row| row.iter().map(|cell| cell.to_string()).collect())
                .collect(),
            has_header: true,
        }
    }

    /// The earning rows a table reads as, with no airlines named and no brands.
    fn earning_rows(table: &Table) -> Vec<EarningRow> {
        let TableFacts::Earning(rows) = read(table, &[], &[], false) else {
            panic!("no earning rows");
        };
        rows
    }

    #[test]
    fn a_fare_grid_with_a_row_of_minimums_and_a_zone_chart_beside_its_places() {
        // Fares as columns; each fare's minimum in a row of its own ("—": none).
        let table = table_of(&[
            ["", "Business class", "Economy class", "Economy class"],
            ["Booking classes", "C, J", "Y, B", "T, E"],
            [
                "Points per 100 miles flown",
                "175 (175)",
                "110 (110)",
                "no points",
            ],
            ["Minimum points per flight", "300 (300)", "—", "—"],
        ]);
        let rows = earning_rows(&table);
        let found: Vec<(String, f64, Option<u32>)> = rows
            .into_iter()
            .map(|row| (row.classes.concat(), row.percent, row.minimum))
            .collect();
        assert_eq!(
            found,
            [
                ("CJ".to_owned(), 175.0, Some(300)),
                ("YB".to_owned(), 110.0, Some(0)),
                ("TE".to_owned(), 0.0, Some(0)),
            ]
        );
        // A header that names the rows' airline ("Cabin on Kenya Airways"); a currency's
        // name ("Qantas Points") is none.
        let named = [super::super::context::known_airline(
            crate::reference::airline("KQ").expect("Kenya Airways"),
        )];
        let table = table_of(&[
            [
                "Booking class",
                "Cabin on Kenya Airways",
                "Qantas Points per 100 miles flown",
            ],
            ["J", "Business", "125"],
            ["Y", "Economy", "100"],
        ]);
        let TableFacts::Earning(rows) = read(&table, &named, &[], false) else {
            panic!("no earning rows");
        };
        assert!(
            rows.iter()
                .all(|row| row.airline.as_ref().map(|airline| airline.iata.as_str()) == Some("KQ"))
        );
        // A column of each zone's destinations is no second zone.
        let table = table_of(&[
            ["Zone", "Destinations", "Economy", "Business"],
            [
                "SAARC",
                "Kolkata (India), Kathmandu (Nepal)",
                "10,000",
                "20,000",
            ],
            ["China", "Guangzhou", "20,000", "—"],
        ]);
        let TableFacts::Awards(cells) = read(&table, &[], &[], false) else {
            panic!("no award cells");
        };
        assert_eq!(cells.len(), 3);
        assert!(cells.iter().all(|cell| cell.other_zone.is_none()));
    }

    #[test]
    fn a_cell_of_two_brands_of_one_cabin_names_that_cabin() {
        let brands = super::super::prose::cabin_brands(
            "United Polaris (long-haul) and United First (domestic) are both United's business cabin.",
        );
        assert_eq!(
            cabin_in("United Polaris / United First", &brands),
            Some(Cabin::Business)
        );
    }

    #[test]
    fn reads_a_cabin_brand_on_the_latin_side_of_its_label() {
        let brands = vec![("Super Economy".to_owned(), Cabin::PremiumEconomy)];
        assert_eq!(
            cabin_in("超级经济舱 Super Economy", &brands),
            Some(Cabin::PremiumEconomy)
        );
        assert_eq!(cabin_in("经济舱 Economy", &brands), Some(Cabin::Economy));
    }

    #[test]
    fn reads_a_chart_of_one_price_per_destination() {
        let table = table_of(&[
            ["From the Philippines (Domestic) to", "Points one way"],
            ["Domestic · Lokal", "1,800"],
            ["North Asia · Hilagang Asya", "7,000"],
        ]);
        let TableFacts::Awards(cells) = read(&table, &[], &[], false) else {
            panic!("no awards");
        };
        let read: Vec<String> = cells
            .iter()
            .map(|cell| format!("{:?} {} {}", cell.other_zone, cell.zone, cell.miles))
            .collect();
        assert_eq!(
            read,
            [
                "Some(\"the Philippines (Domestic)\") Domestic · Lokal 1800",
                "Some(\"the Philippines (Domestic)\") North Asia · Hilagang Asya 7000"
            ]
        );
    }

    #[test]
    fn a_table_of_tiers_is_no_chart_of_destinations() {
        let table = table_of(&[
            ["Tier", "Qualifying miles"],
            ["Elite", "12,000"],
            ["Premier Elite", "30,000"],
        ]);
        assert!(awards_to_destinations(&table, &[]).is_none());
    }

    #[test]
    fn reads_rates_as_rows_and_cabins_as_columns() {
        let table = table_of(&[
            ["Earning rate", "First", "Business", "Economy"],
            ["150%", "A", "J C", "—"],
            ["100%", "—", "—", "Y※ B※"],
            ["earns nothing", "—", "—", "V N S"],
        ]);
        let rows = earning_rows(&table);
        let read: Vec<String> = rows
            .into_iter()
            .map(|row| {
                let cabin = row.cabin.map(Cabin::as_str).unwrap_or("?");
                let marks = row.marks.concat();
                format!("{} {cabin} {}{marks}", row.classes.concat(), row.percent)
            })
            .collect();
        assert_eq!(
            read,
            [
                "A first 150",
                "JC business 150",
                "YB economy 100※※",
                "VNS economy 0"
            ]
        );
    }

    #[test]
    fn reads_each_airlines_columns_under_its_name() {
        let table = table_of(&[
            ["Cabin", "Somon Air (SZ)", "", "flydubai (FZ)", ""],
            ["", "classes", "miles", "classes", "miles"],
            ["Business", "C, J", "150 %", "J, C", "125 %"],
            ["Economy", "Y, B", "100 %", "Y, H", "no miles"],
        ]);
        let rows = earning_rows(&table);
        let read: Vec<String> = rows
            .into_iter()
            .map(|row| {
                let airline = row.airline.map(|airline| airline.iata).unwrap_or_default();
                format!("{airline} {} {}", row.classes.concat(), row.percent)
            })
            .collect();
        assert_eq!(read, ["SZ CJ 150", "SZ YB 100", "FZ JC 125", "FZ YH 0"]);
    }

    #[test]
    fn reads_fares_as_columns_with_their_classes_and_minimums_in_the_cells() {
        let table = table_of(&[
            [
                "Operated by",
                "Business C J D",
                "Economy Flex Y B M",
                "Promo S O",
            ],
            [
                "Air Botswana (BP)",
                "150 % at least 300 points",
                "100 %",
                "no points",
            ],
            ["Airlink (4Z)", "125 %", "100 %", "no points"],
        ]);
        let rows = earning_rows(&table);
        let read: Vec<String> = rows
            .into_iter()
            .map(|row| {
                let airline = row.airline.map(|airline| airline.iata).unwrap_or_default();
                let minimum = row.minimum.unwrap_or_default();
                format!(
                    "{airline} {} {} {minimum}",
                    row.classes.concat(),
                    row.percent
                )
            })
            .collect();
        assert_eq!(
            read,
            [
                "BP CJD 150 300",
                "4Z CJD 125 0",
                "BP YBM 100 0",
                "4Z YBM 100 0",
                "BP SO 0 0",
                "4Z SO 0 0"
            ]
        );
    }

    #[test]
    fn reads_packed_classes_and_nothing_else() {
        assert_eq!(packed_classes("IPDCZ").unwrap(), ["I", "P", "D", "C", "Z"]);
        assert_eq!(packed_classes("Y¥,U,7"), None);
        assert_eq!(packed_classes("PQP"), None);
    }
}
