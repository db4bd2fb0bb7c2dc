//! Layout: a page's text as blocks — headings, paragraphs and tables — whatever the source
//! format wrote: Markdown (`#` headings, pipe tables), plain text (underlined headings,
//! column-aligned or dot-leader tables), the PDF text layer (columns of spaces) and OCR
//! (tables whose rows lost their column gaps: a label followed by values).

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use crate::facts::Cabin;

mod nested_lists;
mod side_by_side;

/// One block of a page.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// A heading or a table caption.
    Heading(String),
    /// Running text (a paragraph or a list item).
    Paragraph(String),
    /// A table; the first row is the header when the table has one.
    Table(Table),
}

/// A table's cells, row by row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    /// Rows of cells; `rows[0]` is the header when `has_header`.
    pub rows: Vec<Vec<String>>,
    /// Whether the first row names the columns.
    pub has_header: bool,
}

impl Table {
    /// The table as a Markdown pipe table (a separator row under the header).
    pub fn to_markdown(&self) -> String {
        let width = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut out = String::new();
        // A table without a header gets an empty one, so that reading the Markdown back
        // never promotes its first entry to a header.
        if !self.has_header && width > 0 {
            out.push_str(&format!(
                "|{}\n|{}\n",
                " |".repeat(width),
                "---|".repeat(width)
            ));
        }
        for (index, row) in self.rows.iter().enumerate() {
            let mut cells: Vec<String> = row.iter().map(|cell| cell.replace('|', "/")).collect();
            cells.resize(width, String::new());
            out.push_str("| ");
            out.push_str(&cells.join(" | "));
            out.push_str(" |\n");
            if index == 0 && self.has_header {
                out.push_str(&format!("|{}\n", "---|".repeat(width)));
            }
        }
        out.trim_end().to_owned()
    }

    /// The header row, if any.
    pub fn header(&self) -> Option<&[String]> {
        self.has_header
            .then(|| self.rows.first().map(Vec::as_slice))
            .flatten()
    }

    /// The number of columns: the widest row's cells.
    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// The rows below the header.
    pub fn body(&self) -> &[Vec<String>] {
        if self.has_header && !self.rows.is_empty() {
            &self.rows[1..]
        } else {
            &self.rows
        }
    }
}

/// A value cell as OCR leaves it at the end of a row: a number, a percentage (either
/// with a footnote mark: "100%(1)"), or a mark for "none".
static VALUE_TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:\d{1,3}(?:[,.\u{2009} ]\d{3})+|\d+(?:\.\d+)?)%?(?:\*|†|‡|[¹²³]|\(\d\))?$|^(?:n/?a|—|–|-|x|none|nil|\*)$",
    )
    .expect("valid regex")
});

/// A list of two or more fare classes, ending with a class ("E, V, H", "Q/Y").
static CLASSES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Z](?:\s*[,/]\s*[A-Z])+$").expect("valid regex"));
/// A cell of fare classes however they are joined ("V, S and N", "D or I", "K M L").
static CLASS_LIST_CELL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Z](?:\s*(?:,|/|\band\b|\bor\b|\s)\s*[A-Z])+$").expect("valid regex")
});
static GAP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s{2,}|\t+").expect("valid regex"));
static LEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*(?:\.{3,}|…+|_{3,})\s*").expect("valid regex"));

/// Splits a page's text into blocks.
pub fn blocks(text: &str) -> Vec<Block> {
    // "**North America:** United States, Canada": Markdown's strong emphasis is no part
    // of the words (a lone "**" may be a footnote mark and stays).
    static STRONG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\*\*([^*\n]+?)\*\*|\b__([^_\n]+?)__\b").expect("valid regex")
    });
    let text = STRONG.replace_all(text, "$1$2");
    // "C  J", "W  E  N  O": fare classes set apart by two spaces are one list, not a cell
    // each (a column gap is wider).
    static SPACED_CLASSES: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?m)(^|[ \t])([A-Z](?:  [A-Z])+)(?:$|[ \t])").expect("valid regex")
    });
    let text = SPACED_CLASSES.replace_all(&text, |captures: &regex::Captures| {
        let whole = &captures[0];
        let list = &captures[2];
        whole.replacen(list, &list.replace("  ", " "), 1)
    });
    // "Platinum55,000": a PDF's cells run together, a name and an amount in thousands.
    static RUN_TOGETHER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(\p{Ll})(\d{1,3}(?:,\d{3})+)\b").expect("valid regex"));
    let text = RUN_TOGETHER.replace_all(&text, "$1  $2");
    let text = side_by_side::barred_columns_one_after_the_other(&text);
    let text = side_by_side::text_columns_one_after_the_other(&text);
    let text = side_by_side::tables_one_after_the_other(&text);
    let text = prose_columns_one_after_the_other(&text);
    let text = nested_lists::as_tables(&text);
    let lines: Vec<&str> = text.lines().map(|line| line.trim_end()).collect();
    let mut out = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut index = 0;
    let flush = |paragraph: &mut Vec<&str>, out: &mut Vec<Block>| {
        if paragraph.is_empty() {
            return;
        }
        // "The same price applies in the opposite direction." / "Economy": a caption set
        // right under a sentence is a heading for what follows, not part of the paragraph.
        // So is a cabin's caption under a heading ("Earning on SWISS (LX)" / "Business
        // Suite"): the operator's heading and the cabin's.
        let caption = match paragraph.as_slice() {
            [.., previous, last]
                if previous.trim_end().ends_with(['.', '!', '?'])
                    && last.split_whitespace().count() <= 4
                    && matches!(classify_paragraph(last.trim()), Block::Heading(_)) =>
            {
                paragraph.pop()
            }
            [first, last]
                if last.split_whitespace().count() <= 4
                    && Cabin::parse(last).is_some()
                    && matches!(classify_paragraph(first.trim()), Block::Heading(_))
                    && matches!(classify_paragraph(last.trim()), Block::Heading(_)) =>
            {
                paragraph.pop()
            }
            _ => None,
        };
        // Lines stay lines: "Zone: countries" definitions are read line by line.
        let text = paragraph
            .iter()
            .map(|line| line.trim())
            .collect::<Vec<_>>()
            .join("\n");
        paragraph.clear();
        // A sentence cut by a blank line (OCR does that) goes on in lowercase, or after a
        // line that ends in a comma ("Belgium (BE),").
        if let Some(Block::Paragraph(previous)) = out.last_mut()
            && !previous.ends_with(['.', '!', '?', ':'])
            && (text.starts_with(|c: char| c.is_lowercase()) || previous.ends_with(','))
        {
            previous.push('\n');
            previous.push_str(&text);
        } else {
            out.push(classify_paragraph(&text));
        }
        if let Some(caption) = caption {
            out.push(Block::Heading(clean_heading(caption.trim())));
        }
    };
    while index < lines.len() {
        let line = lines[index];
        let trimmed = line.trim();
        if trimmed.is_empty() || is_rule(trimmed) {
            flush(&mut paragraph, &mut out);
            index += 1;
            continue;
        }
        // Setext headings: a line underlined with === or ---, a section's title with a
        // note set apart ("2. UCHUMI / ECONOMY      (return, points)") too.
        let titled = |line: &str| {
            shaped_cells(line).is_some_and(|cells| {
                let numbered = cells[0].split_once(". ").is_some_and(|(number, _)| {
                    !number.is_empty() && number.chars().all(|c| c.is_ascii_digit())
                });
                numbered || (cells.len() == 2 && cells[1].starts_with('('))
            })
        };
        if paragraph.is_empty()
            && lines
                .get(index + 1)
                .is_some_and(|next| is_underline(next.trim()))
            && (!looks_like_row(line) || titled(trimmed))
            && !rule_under_header(&lines, index)
        {
            out.push(Block::Heading(clean_heading(trimmed)));
            index += 2;
            continue;
        }
        if let Some(heading) = trimmed.strip_prefix('#') {
            flush(&mut paragraph, &mut out);
            out.push(Block::Heading(clean_heading(
                heading.trim_start_matches('#'),
            )));
            index += 1;
            continue;
        }
        if is_grid_border(trimmed)
            && lines
                .get(index + 1)
                .is_some_and(|next| next.trim_start().starts_with('|'))
        {
            flush(&mut paragraph, &mut out);
            let (table, next) = read_grid_table(&lines, index);
            out.push(Block::Table(table));
            index = next;
            continue;
        }
        if starts_table(&lines, index) {
            flush(&mut paragraph, &mut out);
            let (table, next) = read_table(&lines, index);
            out.push(Block::Table(table));
            index = next;
            continue;
        }
        if is_list_item(trimmed) {
            flush(&mut paragraph, &mut out);
            // "* text" keeps its asterisk: it may be the footnote of marked rows.
            let mut item = if trimmed.starts_with('*') {
                trimmed.to_owned()
            } else {
                trimmed
                    .trim_start_matches(['-', '•', '·'])
                    .trim()
                    .to_owned()
            };
            index += 1;
            // An item wrapped onto indented lines goes on there.
            while let Some(next) = lines.get(index)
                && next.starts_with([' ', '\t'])
                && !next.trim().is_empty()
                && !is_list_item(next.trim())
                && !looks_like_row(next)
                && !is_definition(next.trim())
                && !same_shape(&item, next.trim())
            {
                item.push(' ');
                item.push_str(next.trim());
                index += 1;
            }
            // An item is running text, never a heading, however short.
            out.push(Block::Paragraph(item));
            continue;
        }
        paragraph.push(line);
        index += 1;
    }
    flush(&mut paragraph, &mut out);
    split_at_inner_headers(rejoin_split_tables(stacked_tables(unstacked_tables(out))))
}

/// "Operado por Korean Air (KE)" / "Cabina | Clases | Acumulación" inside a table: a new
/// table starts there, under its label, with its own header.
fn split_at_inner_headers(blocks: Vec<Block>) -> Vec<Block> {
    let figures = |row: &Vec<String>| {
        row.iter()
            .any(|cell| cell.contains(|c: char| c.is_ascii_digit()))
    };
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        let Block::Table(mut table) = block else {
            out.push(block);
            continue;
        };
        loop {
            let start = usize::from(table.has_header);
            // Not a group's label repeated across the row ("Premium Economy | Premium
            // Economy"), nor a row of cabins: cells that differ, one naming no cabin.
            let inner = (start + 1..table.rows.len().saturating_sub(1)).find(|&at| {
                let row = &table.rows[at];
                let filled: Vec<&String> =
                    row.iter().filter(|cell| !cell.trim().is_empty()).collect();
                let distinct = filled
                    .iter()
                    .enumerate()
                    .all(|(index, cell)| !filled[..index].contains(cell));
                // ("Economy Flex | Y, B, H | The full miles flown" is a row: its
                // classes and a rate in words.)
                filled.len() >= 2
                    && distinct
                    && filled.iter().any(|cell| Cabin::parse(cell).is_none())
                    && !figures(row)
                    && !filled
                        .iter()
                        .any(|cell| CLASS_LIST_CELL.is_match(cell.trim()))
                    && names_columns(row)
                    && figures(&table.rows[at + 1])
            });
            let Some(at) = inner else {
                break;
            };
            let mut rest = table.rows.split_off(at);
            // The row above may label the new table alone ("Operado por Korean Air (KE)").
            let label = table.rows.last().and_then(|row| {
                let mut filled = row.iter().filter(|cell| !cell.trim().is_empty());
                match (filled.next(), filled.next()) {
                    (Some(label), None) => Some(label.clone()),
                    _ => None,
                }
            });
            if label.is_some() {
                table.rows.pop();
            }
            if table.rows.len() > usize::from(table.has_header) {
                out.push(Block::Table(table));
            }
            if let Some(label) = label {
                out.push(Block::Heading(label));
            }
            let width = rest[0].len();
            for row in &mut rest {
                row.resize(width.max(row.len()), String::new());
            }
            table = Table {
                rows: rest,
                has_header: true,
            };
        }
        out.push(Block::Table(table));
    }
    out
}

/// Two columns of running text side by side, as a plain-text page or `pdftotext -layout`
/// sets them ("British Airways (BA) and the partners below     Flights operated by American
/// Airlines and"): the left column's lines, then the right column's, so that each sentence
/// reads whole. A run counts as two columns when every line of it (three or more) breaks
/// at the same position after a gap, both sides hold words, and the left side's lines run
/// on into each other (a line after a line starts in lowercase), as prose does and a table
/// does not.
fn prose_columns_one_after_the_other(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    // The position (in characters) where the right column starts on a line, if the line
    // has one gap.
    let split_at = |line: &str| -> Option<usize> {
        let found: Vec<regex::Match> = GAP.find_iter(line.trim_end()).collect();
        match found.as_slice() {
            [gap] if gap.start() > 0 && gap.end() - gap.start() >= 3 => {
                Some(line[..gap.end()].chars().count())
            }
            _ => None,
        }
    };
    let mut out: Vec<String> = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let Some(at) = split_at(lines[index]) else {
            out.push(lines[index].to_owned());
            index += 1;
            continue;
        };
        // The run of lines whose right column starts at the same position, give or take
        // a character of rounding in a PDF's layout. A line of one column alone may stand
        // in it (the left one shorter than `at`, the right one indented to it), and so may
        // a blank line between lines of the columns.
        let near = |found: Option<usize>| found.is_some_and(|other| other.abs_diff(at) <= 1);
        let left_only = |line: &str| {
            !line.trim().is_empty() && line.trim_end().chars().count() < at.saturating_sub(3)
        };
        let right_only = |line: &str| {
            let indent = line.len() - line.trim_start().len();
            !line.trim().is_empty() && indent.abs_diff(at) <= 1
        };
        let mut end = index + 1;
        let in_run = |end: usize| {
            let line = lines[end];
            near(split_at(line))
                || left_only(line)
                || right_only(line)
                || (line.trim().is_empty()
                    && lines
                        .get(end + 1)
                        .is_some_and(|next| near(split_at(next)) || right_only(next)))
        };
        while end < lines.len() && in_run(end) {
            end += 1;
        }
        let run = &lines[index..end];
        let (left, right): (Vec<&str>, Vec<&str>) = run
            .iter()
            .map(|line| {
                let line = line.trim_end();
                let at = split_at(line).unwrap_or(at);
                if right_only(line) {
                    return ("", line.trim());
                }
                match line.char_indices().nth(at) {
                    Some((byte, _)) => (line[..byte].trim(), line[byte..].trim()),
                    None => (line.trim(), ""),
                }
            })
            .unzip();
        let blank: Vec<bool> = run.iter().map(|line| line.trim().is_empty()).collect();
        let split_lines = run.iter().filter(|line| near(split_at(line))).count();
        let words = |side: &[&str]| {
            side.iter()
                .map(|l| l.split_whitespace().count())
                .sum::<usize>()
        };
        // A line runs on when the next starts in lowercase or it stops at a comma or a
        // colon, mid-list ("Saudi Arabia, Oman," / "Bahrain, Kuwait").
        let left_lines: Vec<&str> = left.iter().copied().filter(|l| !l.is_empty()).collect();
        let right_lines: Vec<&str> = right.iter().copied().filter(|l| !l.is_empty()).collect();
        let runs_on = left_lines
            .windows(2)
            .filter(|pair| {
                pair[1].starts_with(|c: char| c.is_lowercase())
                    || pair[0].ends_with([',', ':', '&'])
            })
            .count();
        let columns = split_lines >= 3
            && words(&left) >= left_lines.len() * 4
            && words(&right) >= right_lines.len() * 3
            && runs_on * 3 >= left_lines.len();
        if !columns {
            out.push(lines[index].to_owned());
            index += 1;
            continue;
        }
        // The columns are paragraphs of their own, apart from a heading above them.
        if out.last().is_some_and(|line| !line.trim().is_empty()) {
            out.push(String::new());
        }
        // Each column keeps the blank lines of the run; the right one joins up where only
        // the left column had a line.
        out.extend(left.iter().map(|line| (*line).to_owned()));
        out.push(String::new());
        out.extend(
            right
                .iter()
                .zip(&blank)
                .filter(|(line, blank)| !line.is_empty() || **blank)
                .map(|(line, _)| (*line).to_owned()),
        );
        index = end;
    }
    out.join("\n")
}

/// A table copied one cell per line with no blank line between its rows, inside a
/// paragraph: a header of short words (each perhaps followed by its translation: "Fare
/// type" under "Billettype"), then rows of as many lines, each with one cell of fare classes
/// or mostly figures. A row's first cell may take two lines ("Kampanje" / "Promo"). The
/// lines around it stay paragraphs.
fn unstacked_tables(blocks: Vec<Block>) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        let Block::Paragraph(text) = &block else {
            out.push(block);
            continue;
        };
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        match unstacked_table_in(&lines) {
            Some((start, end, table)) => {
                // Copied lines are paragraphs of their own ("Flights operated by
                // Norwegian (DY)" says whose the rows are).
                out.extend(lines[..start].iter().map(|line| classify_paragraph(line)));
                out.push(Block::Table(table));
                if end < lines.len() {
                    out.push(classify_paragraph(&lines[end..].join("\n")));
                }
            }
            None => out.push(block),
        }
    }
    out
}

/// The first table of cells one per line in `lines`: where it starts and ends, and its rows.
fn unstacked_table_in(lines: &[&str]) -> Option<(usize, usize, Table)> {
    let short = |line: &str, words: usize| {
        !line.is_empty() && line.chars().count() <= 60 && line.split_whitespace().count() <= words
    };
    let header_cell = |line: &str| short(line, 4) && !line.contains(|c: char| c.is_ascii_digit());
    // Classes joined in the page's language too ("Y og B", "H, K og M").
    static JOINED_CLASSES: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[A-Z](?:\s*(?:,|/|&|\b(?:and|or|og|och|und|et|e|y|i|va|ve|dan|en|ou|o)\b|\s)\s*[A-Z])*$")
            .expect("valid regex")
    });
    let classes = |line: &str| JOINED_CLASSES.is_match(line);
    let row_of = |cells: &[&str], width: usize| -> Option<Vec<String>> {
        if cells.len() < width || !cells.iter().all(|cell| short(cell, 10)) {
            return None;
        }
        // "Kampanje" / "Promo": a first cell in two languages.
        let row: Vec<String> = if cells.len() == width + 1 {
            if !header_cell(cells[0]) || !header_cell(cells[1]) {
                return None;
            }
            std::iter::once(format!("{} / {}", cells[0], cells[1]))
                .chain(cells[2..].iter().map(|cell| (*cell).to_owned()))
                .collect()
        } else {
            cells.iter().map(|cell| (*cell).to_owned()).collect()
        };
        let class_cells = row.iter().filter(|cell| classes(cell)).count();
        // A dash is a blank figure ("Blue | — | 0 | —").
        let figures = row
            .iter()
            .filter(|cell| {
                cell.contains(|c: char| c.is_ascii_digit())
                    || matches!(cell.trim(), "—" | "–" | "-")
            })
            .count();
        // "Zona A · Espanya" / "Zona B · Europa" / "8.500": a route and its price.
        let price_last = row.last().is_some_and(|cell| {
            !cell.is_empty()
                && cell
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ' '))
        });
        let priced =
            (figures * 2 >= width || price_last) && !row[0].contains(|c: char| c.is_ascii_digit());
        (class_cells == 1 || (class_cells == 0 && priced)).then_some(row)
    };
    // Every row has its classes in the same column (or none).
    let class_column = |row: &[String]| row.iter().position(|cell| classes(cell));
    for start in 0..lines.len() {
        for width in 2..=5 {
            for per_cell in [2, 1] {
                let header_end = start + width * per_cell;
                let Some(header_lines) = lines.get(start..header_end) else {
                    continue;
                };
                if !header_lines.iter().all(|line| header_cell(line)) {
                    continue;
                }
                let header: Vec<String> = header_lines
                    .chunks(per_cell)
                    .map(|pair| pair.join(" / "))
                    .collect();
                let mut rows = vec![header];
                let mut at = header_end;
                let mut column: Option<Option<usize>> = None;
                while let Some(row) = [width, width + 1].into_iter().find_map(|take| {
                    let cells = lines.get(at..at + take)?;
                    row_of(cells, width)
                        .filter(|row| column.is_none_or(|column| class_column(row) == column))
                        .map(|row| (row, take))
                }) {
                    column = Some(class_column(&row.0));
                    rows.push(row.0);
                    at += row.1;
                }
                if rows.len() >= 3 {
                    let table = Table {
                        rows,
                        has_header: true,
                    };
                    return Some((start, at, table));
                }
            }
        }
    }
    None
}

/// A table a browser copied one cell per line, a blank line after each row ("First" /
/// "F, A" / "150%"): three or more groups of as many short lines, some with figures.
/// The first group is the header when it has none.
fn stacked_tables(blocks: Vec<Block>) -> Vec<Block> {
    let cells_of = |block: &Block| -> Option<Vec<String>> {
        let text = match block {
            Block::Paragraph(text) | Block::Heading(text) => text,
            Block::Table(_) => return None,
        };
        let cells: Vec<String> = text.lines().map(|line| line.trim().to_owned()).collect();
        let short = cells.iter().all(|cell| {
            !cell.is_empty()
                && cell.chars().count() <= 60
                && cell.split_whitespace().count() <= 8
                && !cell.ends_with(['.', ':', ',', ';'])
        });
        (short && (2..=8).contains(&cells.len())).then_some(cells)
    };
    let has_figure = |cells: &[String]| {
        cells
            .iter()
            .any(|cell| cell.contains(|c: char| c.is_ascii_digit()))
    };
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut index = 0;
    while index < blocks.len() {
        let Some(first) = cells_of(&blocks[index]) else {
            out.push(blocks[index].clone());
            index += 1;
            continue;
        };
        let mut rows = vec![first];
        while let Some(next) = blocks.get(index + rows.len()).and_then(&cells_of)
            && next.len() == rows[0].len()
        {
            rows.push(next);
        }
        let with_figures = rows.iter().skip(1).filter(|row| has_figure(row)).count();
        if rows.len() < 3 || with_figures * 2 < rows.len() - 1 {
            out.push(blocks[index].clone());
            index += 1;
            continue;
        }
        index += rows.len();
        let has_header = !has_figure(&rows[0]);
        out.push(Block::Table(Table { rows, has_header }));
    }
    out
}

/// A table's header left alone, then a short heading and a table of as many columns
/// without a header: one table whose first group of rows is labelled by the heading
/// (spacing around a group label in a PDF or a scan reads like a paragraph break).
fn rejoin_split_tables(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    for block in blocks {
        let joins = match (&block, out.as_slice()) {
            (Block::Table(body), [.., Block::Table(header), Block::Heading(_)]) => {
                let width = header.rows.first().map_or(0, Vec::len);
                !body.has_header
                    && header.has_header
                    && header.rows.len() == 1
                    && width >= 2
                    && body.rows.iter().map(Vec::len).max() == Some(width)
            }
            _ => false,
        };
        if !joins {
            out.push(block);
            continue;
        }
        if let Block::Table(body) = block
            && let Some(Block::Heading(label)) = out.pop()
            && let Some(Block::Table(header)) = out.last_mut()
        {
            header.rows.push(vec![label]);
            header.rows.extend(body.rows);
        }
    }
    out
}

/// A line shaped like the list item before it ("Economy — V, G: 70%" under "Economy —
/// H, L: 75%") is an item of its own where OCR lost its bullet, not the item wrapped.
fn same_shape(item: &str, line: &str) -> bool {
    let shape = |text: &str| {
        let dash = text.find(['—', '–']);
        let colon = text.rfind(':');
        matches!((dash, colon), (Some(dash), Some(colon)) if dash < colon)
            && text.chars().any(|c| c.is_ascii_digit())
    };
    shape(item) && shape(line) && line.starts_with(char::is_uppercase)
}

/// "Mexico & Central America: Mexico, Guatemala, …": a label of a few words and a list,
/// an item of its own even where OCR lost its bullet.
fn is_definition(line: &str) -> bool {
    line.split_once(": ").is_some_and(|(label, rest)| {
        label.split_whitespace().count() <= 6
            && label.starts_with(|c: char| c.is_uppercase())
            && rest.contains(',')
    })
}

/// A short line with no sentence ending reads as a heading or caption.
fn classify_paragraph(text: &str) -> Block {
    if let Some((first, second)) = text.split_once('\n') {
        // "Earning on Aerolineas Argentinas (AR) (SkyTeam)" / "and WestJet (WS)": a title
        // wrapped onto a line that goes on with "and" is one heading.
        let wrapped = !second.contains('\n')
            && (second.starts_with("and ")
                || second.starts_with("& ")
                || first.trim_end().ends_with(" &"))
            && text.split_whitespace().count() <= 16;
        if !wrapped {
            return Block::Paragraph(text.to_owned());
        }
        let joined = format!("{} {}", first.trim(), second.trim());
        return match classify_paragraph_line(&joined, 16) {
            Block::Heading(heading) => Block::Heading(heading),
            _ => Block::Paragraph(text.to_owned()),
        };
    }
    // "Aegean Airlines (A3) and TAP Air Portugal (TP) — Star Alliance member" heads the
    // rules of two operators.
    static CODE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\([A-Z0-9]{2}\)").expect("valid regex"));
    let max_words = if CODE.find_iter(text).count() >= 2 {
        16
    } else {
        10
    };
    classify_paragraph_line(text, max_words)
}

fn classify_paragraph_line(text: &str, max_words: usize) -> Block {
    // A running header or footer ("Reward Flight Guide      Page 1 of 2") heads nothing.
    static PAGE_MARK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:\bpage\s+\d+\s*(?:of|/)\s*\d+|(?:^|\s{3,})\d+\s*/\s*\d+)\s*$")
            .expect("valid regex")
    });
    // "Business — Avios, one way — continued from page 1": the heading of a table that
    // goes on from the page before.
    static CONTINUED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\s*[—–(,-]?\s*(?:continued|cont'?d\.?)(?:\s+from\s+(?:page\s+\d+|the\s+previous\s+page|overleaf))?\s*\)?\s*$")
            .expect("valid regex")
    });
    if PAGE_MARK.is_match(text) {
        return Block::Paragraph(text.to_owned());
    }
    if let Some(found) = CONTINUED.find(text)
        && found.start() > 0
    {
        let rest = text[..found.start()].trim();
        if let Block::Heading(heading) = classify_paragraph_line(rest, max_words.max(16)) {
            return Block::Heading(heading);
        }
    }
    let words = text.split_whitespace().count();
    // "*Every flight earns at least 300 miles.*": emphasis marks end no sentence.
    let core = text.trim_end_matches(['*', '_']);
    let sentence = core.ends_with(['.', '!', '?', ';']) || core.contains(". ");
    // "Zone 3: Jamaica (JM), Cuba (CU)" is a definition; a heading is no list.
    let list = text.matches(',').count() >= 2
        || text
            .split_once(": ")
            .is_some_and(|(_, rest)| rest.contains(','));
    if words <= max_words
        && !sentence
        && !list
        && (text.chars().next().is_some_and(|c| !c.is_lowercase()) || names_airline(text))
    {
        Block::Heading(clean_heading(text))
    } else {
        Block::Paragraph(text.to_owned())
    }
}

/// "flydubai (FZ)", "easyJet (U2)": an airline's name with its code, a title even where the
/// brand writes it in lowercase.
fn names_airline(text: &str) -> bool {
    static NAME_AND_CODE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[a-z]+[A-Za-z]*(?: [A-Za-z]+)* \([A-Z0-9]{2}\)$").expect("valid regex")
    });
    NAME_AND_CODE.is_match(text.trim())
}

fn clean_heading(text: &str) -> String {
    // "**Earning**" loses its emphasis; "Business — R C: 140%*" keeps its footnote mark.
    let mut text = text.trim().trim_matches([':', '=']).trim();
    if text.starts_with(['*', '_']) {
        text = text.trim_matches(['*', '_', ':', '=']).trim();
    }
    // "1. EARNING MILES" → "EARNING MILES".
    static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:\d{1,2}(?:\.\d+)*\.?|\d+(?:\.\d+)+\.?|\d+\.|[IVX]+\.)\s+")
            .expect("valid regex")
    });
    // "12.000 tier miles" is an amount in thousands, not a section number.
    static THOUSANDS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\d{1,3}[.,]\d{3}\b").expect("valid regex"));
    if THOUSANDS.is_match(text) {
        return text.to_owned();
    }
    NUMBERED.replace(text, "").into_owned()
}

fn is_rule(line: &str) -> bool {
    line.len() >= 3
        && line
            .chars()
            .all(|c| matches!(c, '-' | '=' | '*' | '_' | '~'))
}

fn is_underline(line: &str) -> bool {
    line.len() >= 3 && line.chars().all(|c| matches!(c, '-' | '='))
}

fn is_list_item(line: &str) -> bool {
    ["- ", "* ", "• ", "· ", "▪ ", "◦ ", "– "]
        .iter()
        .any(|prefix| line.starts_with(prefix))
}

/// A separator row of a table: dashes, colons, pipes, plus signs and spaces only.
fn is_separator(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty()
        && line.contains('-')
        && line
            .chars()
            .all(|c| matches!(c, '-' | ':' | '|' | '+' | ' ' | '=' | '—'))
}

/// Cells of a line that is a table row by its own shape: pipes, column gaps or leaders.
fn shaped_cells(line: &str) -> Option<Vec<String>> {
    let trimmed = line.trim();
    if trimmed.matches('|').count() >= 2
        || (trimmed.contains('|')
            && trimmed.split('|').filter(|c| !c.trim().is_empty()).count() >= 2)
    {
        let cells: Vec<String> = trimmed
            .trim_matches('|')
            .split('|')
            .map(|cell| cell.trim().replace("\\|", "|"))
            .collect();
        let filled = cells.iter().filter(|cell| !cell.is_empty()).count();
        // An all-empty row is the blank header of a table that has none; a row framed by
        // pipes with one filled cell is a group label ("| Lufthansa (LH) | | |").
        let framed = trimmed.starts_with('|') && trimmed.ends_with('|') && cells.len() >= 2;
        if filled >= 2 || (filled == 0 && cells.len() >= 2) || framed {
            return Some(cells);
        }
    }
    if LEADER.is_match(trimmed) {
        let cells: Vec<String> = LEADER
            .split(trimmed)
            .map(|cell| cell.trim().to_owned())
            .filter(|cell| !cell.is_empty())
            .collect();
        if cells.len() >= 2 {
            return Some(cells);
        }
    }
    // A cell of '=' or '~' alone is a vertical rule OCR read between two cells.
    let cells: Vec<String> = GAP
        .split(trimmed)
        .map(|cell| cell.trim().to_owned())
        .filter(|cell| !cell.is_empty() && !cell.chars().all(|c| matches!(c, '=' | '~')))
        .collect();
    // Prose wrapped by a layout engine can have a double space; tables have short cells.
    // A long list of names ("Poland, Czech Republic, Hungary, …") is one cell too.
    // A zone's label joins regions with "&" ("Mexico & Central America & Caribbean").
    // An aside in parentheses glosses a cell ("× 1.5 (mara moja na nusu · one and a half
    // times the distance)"): its words do not make the cell long.
    static ASIDE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\([^()]*\)").expect("valid regex"));
    // (In a row of three cells or more: two may be a clause's number and its title.)
    let short = cells.iter().all(|cell| {
        let bare = if cells.len() >= 3 {
            ASIDE.replace_all(cell, "")
        } else {
            Cow::Borrowed(cell.as_str())
        };
        bare.split_whitespace().filter(|word| *word != "&").count() <= 8
            || (cell.matches(',').count() >= 3
                && cell
                    .split(',')
                    .all(|piece| piece.split_whitespace().count() <= 4))
    });
    // Three cells or more, each gap a wide one: a table's row however long a cell
    // ("Cabina / Cabin      Clases / Classes      Puntos (% de millas voladas / % of miles
    // flown)"); a layout engine's double spaces in prose are not that wide.
    let wide_gaps = GAP
        .find_iter(trimmed)
        .all(|gap| gap.as_str().chars().count() >= 4 || gap.as_str().contains('\t'));
    (cells.len() >= 2 && (short || (cells.len() >= 3 && wide_gaps))).then_some(cells)
}

fn looks_like_row(line: &str) -> bool {
    shaped_cells(line).is_some()
}

/// A row as OCR leaves it: a label, then two or more value tokens.
fn label_and_values(line: &str, width: usize) -> Option<Vec<String>> {
    let tokens: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || c == '|')
        .filter(|token| !token.is_empty())
        .collect();
    let values = tokens
        .iter()
        .rev()
        .take_while(|token| VALUE_TOKEN.is_match(token) || token.eq_ignore_ascii_case("not"))
        .count();
    let mut label_len = tokens.len() - values;
    // "Europe 1 15,000 30,000" under a three-column header: the 1 belongs to the label.
    if width > 1 && values > width - 1 {
        label_len += values - (width - 1);
    }
    if values == 0 || label_len == 0 {
        return None;
    }
    let mut cells = vec![tokens[..label_len].join(" ")];
    // "not available" / "not offered" spread over two tokens.
    let mut rest = tokens[label_len..].iter().peekable();
    while let Some(token) = rest.next() {
        if token.eq_ignore_ascii_case("not") {
            let next = rest.next().copied().unwrap_or_default();
            cells.push(format!("not {next}"));
        } else {
            cells.push((*token).to_owned());
        }
    }
    Some(cells)
}

fn starts_table(lines: &[&str], index: usize) -> bool {
    let Some(first) = shaped_cells(lines[index]) else {
        return false;
    };
    // A table has at least two rows (or one row and a separator).
    let Some(next_index) = (index + 1..lines.len()).find(|&at| !lines[at].trim().is_empty()) else {
        return false;
    };
    let next = lines[next_index].trim();
    // "2. UCHUMI / ECONOMY      (return, points)" over "from \ to   Zone 1   Zone 2 …":
    // a caption set with a gap above a header of many more columns.
    let caption_above_header = first.len() == 2
        && shaped_cells(next)
            .is_some_and(|cells| cells.len() >= 5 && !cells.iter().any(|cell| is_value(cell)));
    if caption_above_header {
        return false;
    }
    // A heading underlined by one rule across the page ("4. KLM (KL)   -   earning" over
    // "--------") is no table's header.
    (is_separator(next) && (!is_underline(next) || rule_under_header(lines, index)))
        || shaped_cells(next).is_some_and(|cells| cells.len() + 1 >= first.len().min(3))
        || (first.len() >= 2 && label_and_values(next, first.len()).is_some())
        // A header, then the label of the first group of rows (a rule is none).
        || (first.len() >= 2
            && !is_underline(next)
            && group_row(lines, next_index, first.len()).is_some())
}

/// "ZONE   CITIES   ECONOMY   BUSINESS" over a rule over rows of as many cells: a
/// table's header ruled off, not a heading underlined.
fn rule_under_header(lines: &[&str], index: usize) -> bool {
    let Some(header) = shaped_cells(lines[index]).filter(|cells| cells.len() >= 3) else {
        return false;
    };
    // (A chart printing only its lower triangle fills a row more at each line: "HR
    // 6.000" over "A   9.000   10.000".)
    let rows_below: Vec<Vec<String>> = lines[(index + 2).min(lines.len())..]
        .iter()
        .take_while(|line| !line.trim().is_empty() && !is_underline(line.trim()))
        .take(8)
        .map_while(|row| shaped_cells(row))
        .collect();
    lines
        .get(index + 1)
        .is_some_and(|rule| is_underline(rule.trim()))
        && rows_below.first().is_some_and(|first| {
            first.len() + 1 >= header.len()
                || (rows_below.len() >= 3
                    && rows_below.iter().any(|row| row.len() + 1 >= header.len())
                    && !header.iter().any(|cell| is_value(cell)))
        })
}

/// "+------+------+": the border of a table drawn as a grid.
fn is_grid_border(line: &str) -> bool {
    line.starts_with('+')
        && line.ends_with('+')
        && line.matches('+').count() >= 3
        && line.chars().all(|c| matches!(c, '+' | '-' | '=' | ':'))
}

/// A table drawn as a grid: rows between borders, a cell's text wrapped onto the lines
/// below it. A line that fills one cell alone goes on in the row above ("half the
/// distance" under "masofaning yarmi / половина расстояния /"); the rows above the first
/// inner border are the header. Returns the table and the index of the first line after it.
fn read_grid_table(lines: &[&str], start: usize) -> (Table, usize) {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut blocks = 0;
    let mut header_rows = 0;
    let mut row_in_block = false;
    let mut index = start;
    while let Some(line) = lines.get(index).map(|line| line.trim()) {
        if is_grid_border(line) {
            if row_in_block {
                blocks += 1;
                if blocks == 1 {
                    header_rows = rows.len();
                }
            }
            row_in_block = false;
            index += 1;
            continue;
        }
        if !line.starts_with('|') {
            break;
        }
        let cells: Vec<String> = line
            .trim_matches('|')
            .split('|')
            .map(|cell| cell.trim().to_owned())
            .collect();
        let filled = cells.iter().filter(|cell| !cell.is_empty()).count();
        match rows.last_mut() {
            Some(above) if row_in_block && filled <= 1 => {
                for (column, cell) in cells.into_iter().enumerate() {
                    if cell.is_empty() {
                        continue;
                    }
                    match above.get_mut(column) {
                        Some(target) if !target.is_empty() => {
                            target.push(' ');
                            target.push_str(&cell);
                        }
                        Some(target) => *target = cell,
                        None => above.push(cell),
                    }
                }
            }
            _ if filled > 0 => rows.push(cells),
            _ => {}
        }
        row_in_block = true;
        index += 1;
    }
    // A header of wrapped lines is one row.
    let has_header = blocks >= 2 && header_rows == 1;
    (Table { rows, has_header }, index)
}

/// Reads a table from `start`; returns it and the index of the first line after it.
fn read_table(lines: &[&str], start: usize) -> (Table, usize) {
    let cleaned = without_specks(lines, start);
    let lines: Vec<&str> = cleaned.iter().map(Cow::as_ref).collect();
    let lines = lines.as_slice();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut has_header = false;
    let mut index = start;
    let mut width = 0;
    // The line each row was read from, to place the cells of short rows by position.
    let mut row_lines: Vec<usize> = Vec::new();
    if let Some((header, next)) = wrapped_header(lines, start) {
        width = header.len();
        rows.push(header);
        row_lines.push(start);
        has_header = true;
        index = next;
    }
    while index < lines.len() {
        let line = lines[index].trim();
        // A cell of the row above that stops at a comma goes on on the next line ("Y, M,
        // H," / "B").
        let open_list = rows
            .last()
            .and_then(|row| row.iter().position(|cell| cell.trim_end().ends_with(',')));
        // A speck OCR read as one character on a line of its own, between rows.
        let speck = line.chars().count() == 1 && !rows.is_empty() && open_list.is_none();
        if line.is_empty() || speck {
            // OCR puts blank lines between rows: the table goes on if a row follows
            // (not the caption and header of the next table: "From Zone 3" / "To zone
            // Economy Business").
            let mut following = lines[index + 1..]
                .iter()
                .map(|l| l.trim())
                .filter(|l| l.chars().count() > 1);
            let (next, after) = (following.next(), following.next());
            let header_like = |line: &str| {
                shaped_cells(line)
                    .filter(|cells| !cells.iter().any(|cell| is_value(cell)))
                    .map(|cells| cells.len())
            };
            let has_value = |line: &str| {
                shaped_cells(line).is_some_and(|cells| cells.iter().any(|cell| is_value(cell)))
            };
            // ... or a header of another shape over rows of values.
            let new_header = |next: &str| {
                // A Markdown table's header: its separator line follows.
                after.is_some_and(is_separator)
                    || (row_cells(next, width).is_some_and(|cells| cells.len() < width)
                        && after
                            .and_then(header_like)
                            .is_some_and(|cells| cells >= width))
                    || (width >= 2
                        && header_like(next).is_some_and(|cells| cells != width)
                        && !starts_with_cabin(next)
                        && after.is_some_and(has_value))
            };
            match next {
                Some(next)
                    if row_cells(next, width).is_some()
                        && !starts_prose(next)
                        && !is_caption(next)
                        && !new_header(next) =>
                {
                    index += 1;
                    continue;
                }
                _ => break,
            }
        }
        if is_separator(line) {
            if rows.len() == 1 {
                has_header = true;
            }
            index += 1;
            continue;
        }
        // A cell wrapped onto its own indented line ("   Lithuania") goes on in the last
        // cell of the row above (even over the rule that closes the table).
        let indent = lines[index].len() - lines[index].trim_start().len();
        // (A row of figures over the rule that closes the table is the last row: "D
        // 35.000   35.000   n/p" over "------".)
        let shaped = shaped_cells(line);
        let row_of_figures = shaped
            .as_ref()
            .is_some_and(|cells| cells.len() >= 3 && cells.iter().any(|cell| is_value(cell)));
        let wrapped_cell = indent >= 8 && shaped.is_none();
        let underlined = lines
            .get(index + 1)
            .is_some_and(|next| is_underline(next.trim()));
        if underlined && !rows.is_empty() && !wrapped_cell && !row_of_figures {
            break;
        }
        if wrapped_cell
            && let Some(last) = {
                // Under the header cell it stands under, when the header's cells can be
                // placed ("Barbuda, Sint Maarten" under "Destinations", not the prices).
                let under = wrapped_cell_column(lines, &rows, &row_lines, index);
                rows.last_mut().and_then(|row| {
                    let cell = open_list.or(under).unwrap_or(row.len().saturating_sub(1));
                    row.get_mut(cell)
                })
            }
        {
            // A list of classes under a list that ends without a separator is a row of
            // its own whose first cells were left blank (or lost their dash to OCR).
            if CLASSES.is_match(line) && CLASSES.is_match(last) {
                rows.push(vec![line.to_owned()]);
                row_lines.push(index);
            } else {
                last.push(' ');
                last.push_str(line);
            }
            index += 1;
            continue;
        }
        let Some(cells) = row_cells(line, width)
            .or_else(|| group_row(lines, index, width))
            .or_else(|| wrapped_last_line(lines, index, &rows, &row_lines))
        else {
            break;
        };
        // "Бізнес · Business" over the first table's header again: the caption of a second
        // table of the same shape.
        let header_again = rows.len() > 1
            && cells.len() < width
            && lines
                .get(index + 1)
                .and_then(|next| row_cells(next.trim(), width))
                .is_some_and(|next| rows.first() == Some(&next));
        if header_again {
            break;
        }
        width = width.max(cells.len());
        rows.push(cells);
        row_lines.push(index);
        index += 1;
    }
    // Dot-leader rows ("Classic ...... on enrolment") are entries, never a header.
    let leaders = LEADER.is_match(lines[start].trim()) && !lines[start].contains('|');
    if !has_header && !leaders {
        has_header = rows
            .first()
            .is_some_and(|first| is_header(first, &rows[1..]));
    }
    // "         Economy  Business  First" over "Zone 1   6,000  15,000  -": a header
    // that leaves the column of row labels blank.
    if has_header
        && let Some(&header_line) = row_lines.first()
        && let Some(body_width) = rows[1..].iter().map(Vec::len).max()
        && rows[0].len() + 1 == body_width
        && lines[header_line].len() - lines[header_line].trim_start().len() >= 4
        && rows[1..]
            .iter()
            .all(|row| row.first().is_some_and(|cell| !is_value(cell)))
    {
        rows[0].insert(0, String::new());
    }
    // "| Y, B, M | 100% |" over the separator: a table without a header whose first row
    // was set where a header goes (HTML without header cells) is a row of rates.
    let is_class_cell = |cell: &String| {
        let cell = cell.trim();
        CLASSES.is_match(cell) || (cell.len() == 1 && cell.chars().all(|c| c.is_ascii_uppercase()))
    };
    if has_header
        && rows.first().is_some_and(|first| {
            first.iter().any(|cell| cell.contains('%')) && first.iter().any(is_class_cell)
        })
    {
        has_header = false;
    }
    // "| | | |" over "| Booking class | Cabin | Miles |": a page clipped to Markdown
    // leaves the header blank and writes it as the first row. (A table without a header
    // is written with a blank one too: its first row names no columns.)
    let blank = |row: &Vec<String>| row.iter().all(|cell| cell.trim().is_empty());
    let figures = |row: &Vec<String>| {
        row.iter()
            .any(|cell| cell.contains(|c: char| c.is_ascii_digit()))
    };
    if has_header
        && rows.len() >= 3
        && blank(&rows[0])
        && !figures(&rows[1])
        && names_columns(&rows[1])
        && rows[2..].iter().any(figures)
    {
        rows.remove(0);
        row_lines.remove(0);
    }
    if has_header {
        align_short_rows(&mut rows, &row_lines, lines);
        split_header_at_rules(&mut rows);
    }
    let numbered = numbered_rows_spaced_apart(&rows, &row_lines, lines);
    join_wrapped_asides(&mut rows, has_header);
    join_rows_wrapped_after_a_slash(&mut rows);
    if has_header {
        join_lines_of_spaced_rows(&mut rows, &row_lines, lines);
        join_translated_header(&mut rows);
    }
    if numbered {
        rows = numbered_rows_joined(&rows, has_header);
    }
    (Table { rows, has_header }, index)
}

/// "Kiwango | Safari za kustahili ili kufikia" over "Level | Qualifying segments to
/// reach": a header in one language over its translation, read as the first row, is one
/// header in two languages ("Kiwango · Level").
fn join_translated_header(rows: &mut Vec<Vec<String>>) {
    let names_a_column = |cell: &String| {
        let lower = cell.to_lowercase();
        has_header_word(cell)
            || is_column_label(cell)
            || [
                "qualif",
                "segment",
                "retain",
                "reach",
                "keep",
                "maintain",
                "threshold",
            ]
            .iter()
            .any(|word| lower.contains(word))
    };
    let figures_below = rows
        .iter()
        .skip(2)
        .any(|row| row.iter().any(|cell| is_value(cell)));
    let translation = rows.get(1).is_some_and(|row| {
        let naming = row.iter().filter(|cell| names_a_column(cell)).count();
        // (Each column's name is its own: "To reach" under every tier's name labels the
        // rows of cards set side by side.)
        let distinct = row
            .iter()
            .enumerate()
            .all(|(at, cell)| cell.trim().is_empty() || !row[..at].contains(cell));
        // (A caption over the header fills fewer cells: "1.2 Thresholds | to qualify" over
        // "Tier | Qualify | Retain".)
        let filled = |row: &Vec<String>| row.iter().filter(|cell| !cell.trim().is_empty()).count();
        naming >= 2
            && distinct
            && filled(&rows[0]) >= filled(row)
            && naming * 3 >= row.len() * 2
            && figures_below
            && row.len() <= rows[0].len()
            && row.iter().all(|cell| {
                !is_value(cell)
                    && !CLASS_LIST_CELL.is_match(cell.trim())
                    && cell.split_whitespace().count() <= 6
            })
    });
    if !translation || rows.len() < 3 {
        return;
    }
    let translated = rows.remove(1);
    for (cell, english) in rows[0].iter_mut().zip(translated) {
        let english = english.trim();
        if english.is_empty() {
            continue;
        }
        // ("Bölge 1" over "(Zone 1)": an aside already.)
        if cell.trim().is_empty() {
            *cell = english.to_owned();
        } else if english.starts_with('(') {
            *cell = format!("{} {english}", cell.trim());
        } else {
            *cell = format!("{} · {english}", cell.trim());
        }
    }
}

/// Each cell of a row that goes on the row above added to the cell above it.
pub fn append_cells(above: &mut [String], row: &[String]) {
    for (target, cell) in above.iter_mut().zip(row) {
        if !cell.trim().is_empty() {
            target.push(' ');
            target.push_str(cell.trim());
        }
    }
}

/// Whether the line of a row follows the line above with no blank line between.
fn follows_directly(lines: &[&str], line: usize) -> bool {
    line > 0 && !lines[line - 1].trim().is_empty()
}

/// Whether the rows of figures so far each start after a blank line, as in a scanned grid
/// whose rules OCR drops ("A Trinidad   …   8,000" over "& Tobago   Tobago)", then a blank
/// line, then the next row): the lines of one row are then the lines that touch.
fn rows_spaced_apart(rows: &[Vec<String>], row_lines: &[usize], lines: &[&str]) -> bool {
    let spaced: Vec<bool> = rows
        .iter()
        .zip(row_lines)
        .skip(1)
        .filter(|(row, _)| row.iter().any(|cell| is_value(cell)))
        .map(|(_, &line)| !follows_directly(lines, line))
        .skip(1)
        .collect();
    // Two rows set apart, or one where a row already went on over two lines.
    let wrapped = rows.iter().zip(row_lines).skip(1).any(|(row, &line)| {
        !row.iter().any(|cell| is_value(cell))
            && follows_directly(lines, line)
            && row_lines
                .iter()
                .position(|&other| other == line - 1)
                .is_some_and(|above| rows[above].iter().any(|cell| is_value(cell)))
    });
    (spaced.len() >= 2 || (wrapped && !spaced.is_empty())) && spaced.iter().all(|&spaced| spaced)
}

/// The column under which a wrapped line (`index`) stands, by the header's positions.
fn wrapped_cell_column(
    lines: &[&str],
    rows: &[Vec<String>],
    row_lines: &[usize],
    index: usize,
) -> Option<usize> {
    let (header, &header_line) = (rows.first()?, row_lines.first()?);
    let spans: Vec<(usize, usize)> = positioned_cells(lines[header_line])
        .into_iter()
        .map(|(from, to, _)| (from, to))
        .collect();
    let (from, to, _) = positioned_cells(lines[index]).into_iter().next()?;
    let column = column_under(&spans, from, to);
    (rows.len() >= 2 && spans.len() == header.len() && column < rows.last()?.len())
        .then_some(column)
}

/// A line of a spaced grid's row that no row shape reads ("Kingdom" under "D United
/// United Kingdom   60,000", "Zone C — Gulf & Asia" under "Kanda C — Ghuba na Asia   22.5"),
/// or of a numbered row: a row of its own, joined to that row later.
fn wrapped_last_line(
    lines: &[&str],
    index: usize,
    rows: &[Vec<String>],
    row_lines: &[usize],
) -> Option<Vec<String>> {
    let line = lines[index].trim();
    let short = line.split_whitespace().count() <= 6 && !line.ends_with(['.', ':', '?', '!']);
    // The row above holds figures, or goes on one that does.
    let head = rows
        .iter()
        .rposition(|row| row.iter().any(|cell| is_value(cell)));
    let above_has_values = head.is_some_and(|head| {
        row_lines[head + 1..]
            .iter()
            .all(|&line| follows_directly(lines, line))
    });
    // Or the last line of a numbered row ("Amérique du Nord" under "Zone 5 | États-Unis,
    // Canada | niv. E").
    let under_numbered = rows.last().is_some_and(|row| is_numbered_row(row));
    let spaced = (above_has_values && rows_spaced_apart(rows, row_lines, lines))
        || (under_numbered
            && !is_value(line)
            && numbered_rows_spaced_apart(rows, row_lines, lines));
    (short && follows_directly(lines, index) && spaced).then(|| vec![line.to_owned()])
}

/// A row's label numbered as charts number zones and bands ("Zone 3", "Band B").
fn is_numbered_label(cell: &str) -> bool {
    static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\p{L}[\p{L}.]{1,11}\s+(?:\d{1,2}|[A-Z])$").expect("valid regex")
    });
    NUMBERED.is_match(cell.trim())
}

/// A row of cells under such a label ("Zone 1 | Gambie, Mali | niv. B").
fn is_numbered_row(row: &[String]) -> bool {
    row.len() >= 2 && row.first().is_some_and(|cell| is_numbered_label(cell))
}

/// Whether the rows so far are numbered rows ("Zone 1 | Gambie, Mali | niv. B") each set
/// after a blank line, as a scan whose rules OCR dropped sets them: the lines that touch
/// a numbered row are that row's wrapped cells ("Afrique de l'Ouest | Mauritanie, …").
fn numbered_rows_spaced_apart(rows: &[Vec<String>], row_lines: &[usize], lines: &[&str]) -> bool {
    if rows.len() != row_lines.len() {
        return false;
    }
    let numbered: Vec<bool> = rows
        .iter()
        .zip(row_lines)
        .filter(|(row, _)| is_numbered_row(row))
        .map(|(_, &line)| !follows_directly(lines, line))
        .collect();
    numbered.len() >= 2 && numbered.iter().all(|&spaced| spaced)
}

/// In a table of numbered rows set apart by blank lines, the rows of words under a
/// numbered row are its wrapped lines ("Zone 3 | Maroc, Tunisie" over "Maghreb": the zone
/// "Zone 3 Maghreb"). (Joined rows were already told apart by their lines.)
fn numbered_rows_joined(rows: &[Vec<String>], has_header: bool) -> Vec<Vec<String>> {
    let mut kept: Vec<Vec<String>> = Vec::new();
    let mut under_head = false;
    for (position, row) in rows.iter().enumerate() {
        let header = has_header && position == 0;
        let head = row.first().is_some_and(|cell| is_numbered_label(cell));
        let goes_on = under_head && !head && !header && !row.iter().any(|cell| is_value(cell));
        match kept.last_mut() {
            Some(above) if goes_on => append_cells(above, row),
            _ => {
                under_head = head && !header;
                kept.push(row.clone());
            }
        }
    }
    kept
}

/// In a grid whose rows are set apart by blank lines, a line of words right under a row
/// of figures is that row going on: each cell is joined to the cell above it.
fn join_lines_of_spaced_rows(rows: &mut Vec<Vec<String>>, row_lines: &[usize], lines: &[&str]) {
    if rows.len() != row_lines.len() || !rows_spaced_apart(rows, row_lines, lines) {
        return;
    }
    let mut kept: Vec<Vec<String>> = vec![rows[0].clone()];
    // Whether the row being built (with the lines joined to it) holds figures.
    let mut head_has_values = false;
    for (row, &line) in rows.iter().zip(row_lines).skip(1) {
        let values = row.iter().any(|cell| is_value(cell));
        let goes_on = kept.len() > 1 && head_has_values && !values && follows_directly(lines, line);
        match kept.last_mut() {
            Some(above) if goes_on => append_cells(above, row),
            _ => {
                head_has_values = values;
                kept.push(row.clone());
            }
        }
    }
    *rows = kept;
}

/// "Zone 5  Mashariki ya Kati na Asia /" over "Middle East & Asia ..... United Arab
/// Emirates, …": a label that wraps after the slash between its two languages goes on
/// in the row below.
fn join_rows_wrapped_after_a_slash(rows: &mut Vec<Vec<String>>) {
    let mut index = 0;
    while index + 1 < rows.len() {
        let wraps = rows[index]
            .last()
            .is_some_and(|cell| cell.trim_end().ends_with(" /"));
        if !wraps || rows[index + 1].is_empty() {
            index += 1;
            continue;
        }
        let below = rows.remove(index + 1);
        let label = format!("{} {}", rows[index].join("  "), below[0].trim());
        rows[index] = std::iter::once(label)
            .chain(below.into_iter().skip(1))
            .collect();
        index += 1;
    }
}

/// "South America   Brazil, Chile," over "(Sudamérica)    Uruguay, Paraguay": a row whose
/// label is only an aside in parentheses is the rest of the row above, wrapped; each cell
/// goes on in the cell above it.
fn join_wrapped_asides(rows: &mut Vec<Vec<String>>, has_header: bool) {
    let first_body = usize::from(has_header);
    let mut index = first_body + 1;
    while index < rows.len() {
        let label = rows[index].first().map_or("", |cell| cell.trim());
        let aside = label.starts_with('(') && label.ends_with(')') && !label[1..].contains('(');
        if !aside || rows[index].len() > rows[index - 1].len() {
            index += 1;
            continue;
        }
        let wrapped = rows.remove(index);
        append_cells(&mut rows[index - 1], &wrapped);
    }
}

/// The lines from `start` with the specks OCR reads between columns blanked out: a lone
/// mark that stands under none of the header's cells ("Zone 1 - Domestic   -   5,000"
/// where no column is), or beside the cell of its column ("C/J/D   -"); a vertical rule
/// read as "I" between columns. A dash alone under a header cell says "not offered" and
/// stays. Tables drawn with pipes or tabs have no specks.
fn without_specks<'a>(lines: &[&'a str], start: usize) -> Vec<Cow<'a, str>> {
    let header = positioned_cells(lines[start]);
    let spans: Vec<(usize, usize)> = header.iter().map(|&(from, to, _)| (from, to)).collect();
    let is_header = header.len() >= 2
        && !lines[start].contains(['|', '\t'])
        && !header.iter().any(|(_, _, cell)| is_value(cell));
    let single = |cell: &str| {
        let mut chars = cell.chars();
        chars.next().filter(|_| chars.next().is_none())
    };
    let mark = |cell: &str| {
        single(cell).is_some_and(|c| {
            matches!(
                c,
                '-' | '–'
                    | '—'
                    | '.'
                    | ','
                    | '\''
                    | '`'
                    | '‘'
                    | '’'
                    | '©'
                    | '®'
                    | '·'
                    | '°'
                    | '~'
                    | '_'
            )
        })
    };
    let rule = |cell: &str| single(cell).is_some_and(|c| matches!(c, 'I' | 'l' | '|'));
    lines
        .iter()
        .enumerate()
        .map(|(at, &line)| {
            if !is_header || at <= start || line.contains(['|', '\t']) {
                return Cow::Borrowed(line);
            }
            let pieces = positioned_cells(line);
            let under_none = |from: usize, to: usize| {
                spans.iter().all(|&(start, end)| end <= from || to <= start)
            };
            let beside_a_cell = |index: usize, from: usize, to: usize| {
                let column = column_under(&spans, from, to);
                pieces.iter().enumerate().any(|(other, &(f, t, ref cell))| {
                    other != index && !mark(cell) && column_under(&spans, f, t) == column
                })
            };
            let specks: Vec<(usize, usize)> = pieces
                .iter()
                .enumerate()
                .skip(1)
                .filter(|&(index, &(from, to, ref cell))| {
                    (mark(cell) && (under_none(from, to) || beside_a_cell(index, from, to)))
                        || (rule(cell) && under_none(from, to))
                })
                .map(|(_, &(from, to, _))| (from, to))
                .collect();
            if specks.is_empty() {
                return Cow::Borrowed(line);
            }
            let blanked: String = line
                .chars()
                .enumerate()
                .map(|(at, c)| {
                    if specks.iter().any(|&(from, to)| from <= at && at < to) {
                        ' '
                    } else {
                        c
                    }
                })
                .collect();
            Cow::Owned(blanked)
        })
        .collect()
}

/// Rows with fewer cells than the header, where a cell was left blank or OCR lost its
/// dash ("First            130,000    210,000" under "Cabin  Zone 1  Zone 2  Zone 3"):
/// each cell goes under the header cell it stands beneath, the others stay empty. Rows
/// whose cells cannot be placed one per column, in order, keep their cells as read.
fn align_short_rows(rows: &mut [Vec<String>], row_lines: &[usize], lines: &[&str]) {
    let (Some((header, body)), Some((&header_line, body_lines))) =
        (rows.split_first_mut(), row_lines.split_first())
    else {
        return;
    };
    let spans: Vec<(usize, usize)> = positioned_cells(lines[header_line])
        .into_iter()
        .map(|(from, to, _)| (from, to))
        .collect();
    if spans.len() != header.len() || spans.len() < 2 {
        return;
    }
    // Where the full rows set their cells (right-aligned numbers may stand off their
    // header), else where the header sets its own.
    let full: Vec<Vec<(usize, usize, String)>> = body_lines
        .iter()
        .map(|&line| positioned_cells(lines[line]))
        .filter(|pieces| pieces.len() == spans.len())
        .collect();
    let spans: Vec<(usize, usize)> = if full.is_empty() {
        spans
    } else {
        (0..spans.len())
            .map(|column| {
                let from = full.iter().map(|pieces| pieces[column].0).min();
                let to = full.iter().map(|pieces| pieces[column].1).max();
                (from.unwrap_or(0), to.unwrap_or(0))
            })
            .collect()
    };
    for (row, &line) in body.iter_mut().zip(body_lines) {
        let pieces = positioned_cells(lines[line]);
        if row.len() >= spans.len() || pieces.len() != row.len() {
            continue;
        }
        let columns: Vec<usize> = pieces
            .iter()
            .map(|&(from, to, _)| column_under(&spans, from, to))
            .collect();
        // A row's label stays first; a cell alone there labels a group of rows.
        // A row that starts right of the first column's end left that column blank (a
        // cabin written once for its group: "                 K     75%     50%").
        let first_blank = pieces[0].0 > spans[0].1;
        let label_first = match columns.as_slice() {
            [only] => *only > 0 && CLASSES.is_match(&row[0]),
            columns => columns[0] == 0 || first_blank,
        };
        let in_order = label_first && columns.windows(2).all(|pair| pair[0] < pair[1]);
        if !in_order {
            continue;
        }
        // The cells as read (with what wrapped onto the next line), where the line sets them.
        let mut placed = vec![String::new(); spans.len()];
        for (column, cell) in columns.into_iter().zip(row.iter()) {
            placed[column] = cell.clone();
        }
        *row = placed;
    }
}

/// The header column a cell spanning `from..to` stands under: the one it overlaps most,
/// else the nearest by centre.
fn column_under(spans: &[(usize, usize)], from: usize, to: usize) -> usize {
    let overlap = |(start, end): (usize, usize)| end.min(to).saturating_sub(start.max(from));
    let centre = |(start, end): (usize, usize)| (start + end).abs_diff(from + to);
    (0..spans.len())
        .max_by_key(|&column| {
            (
                overlap(spans[column]),
                std::cmp::Reverse(centre(spans[column])),
            )
        })
        .unwrap_or(0)
}

/// A header with a cell fewer than its rows, where OCR read a vertical rule between two
/// header words as a dash ("Business — First"): the cell split there.
fn split_header_at_rules(rows: &mut [Vec<String>]) {
    let Some((header, body)) = rows.split_first_mut() else {
        return;
    };
    let width = body.iter().map(Vec::len).max().unwrap_or(0);
    if header.len() + 1 != width {
        return;
    }
    let split: Vec<String> = header
        .iter()
        .flat_map(|cell| {
            cell.split(" — ")
                .flat_map(|piece| piece.split(" | "))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    if split.len() == width {
        *header = split;
    }
}

/// A fixed-width header whose cells wrap onto the lines below it ("Mexico" over "&" over
/// "Central America"), the first column blank there: the header with each cell's lines
/// joined, and the index of the line after it. Each piece goes to the header cell it
/// overlaps most, or the nearest one.
fn wrapped_header(lines: &[&str], start: usize) -> Option<(Vec<String>, usize)> {
    let mut header: Vec<(usize, usize, String)> = Vec::new();
    for (from, to, cell) in positioned_cells(lines[start]) {
        // "Mexico   &" where the name wraps after its "&": one cell, not two.
        match header.last_mut() {
            Some(last) if cell == "&" => {
                last.1 = to;
                last.2.push_str(" &");
            }
            _ => header.push((from, to, cell)),
        }
    }
    if header.len() < 2 || lines[start].contains('|') {
        return None;
    }
    let mut cells: Vec<String> = header.iter().map(|(_, _, cell)| cell.clone()).collect();
    let first_end = header[0].1;
    // "                Seychelles   Zone 1" over "                (domestique)   Océan
    // Indien": a header that leaves the labels' column blank goes on under its own cells.
    // (Its first row of figures starts left of it.)
    let indented = lines[start + 1..]
        .iter()
        .take(12)
        .find_map(|line| {
            let pieces = positioned_cells(line);
            pieces
                .iter()
                .any(|(_, _, piece)| is_value(piece))
                .then(|| pieces[0].0)
        })
        .is_some_and(|from| from + 2 < header[0].0);
    let mut index = start + 1;
    while let Some(mut line) = lines.get(index) {
        // OCR may leave blank lines between a header's lines.
        if line.trim().is_empty() {
            match lines.get(index + 1) {
                Some(next) if next.starts_with(' ') => {
                    index += 1;
                    line = next;
                }
                _ => break,
            }
        }
        let pieces = positioned_cells(line);
        let spans: Vec<(usize, usize)> = header.iter().map(|&(from, to, _)| (from, to)).collect();
        // A line that fills the first column too continues the header when the rule
        // under the header follows it ("Destino /" over "Destination zone", then dashes).
        let ruled_below = lines.get(index + 1).is_some_and(|next| is_separator(next));
        // ... or when it translates the header, a column's name under each of its cells
        // ("Familia ya nauli   Daraja   Pointi" over "Fare family   Cabin   Points").
        let translated = index == start + 1 && translates_header(&pieces, &spans);
        let continues = !pieces.is_empty()
            && (pieces[0].0 > first_end
                || ruled_below
                || translated
                || (indented && pieces[0].0 + 2 >= header[0].0))
            && pieces.iter().all(|(_, _, piece)| !is_value(piece));
        if !continues {
            break;
        }
        for (from, to, piece) in pieces {
            let column = if translated {
                nearest_column(&spans, from, to)
            } else {
                column_under(&spans, from, to)
            };
            cells[column].push(' ');
            cells[column].push_str(&piece);
        }
        index += 1;
    }
    (index > start + 1).then_some((cells, index))
}

/// Whether a header's next line names its columns again, one name under each of a
/// different column, in order ("Fare family   Cabin   Points" under a header in Swahili).
fn translates_header(pieces: &[(usize, usize, String)], spans: &[(usize, usize)]) -> bool {
    let columns: Vec<usize> = pieces
        .iter()
        .map(|&(from, to, _)| nearest_column(spans, from, to))
        .collect();
    let naming = pieces
        .iter()
        .filter(|(_, _, piece)| has_header_word(piece) || is_column_label(piece))
        .count();
    pieces.len() >= 2
        && naming >= 2
        && naming * 2 >= pieces.len()
        && !pieces
            .iter()
            .any(|(_, _, piece)| piece.contains(|c: char| c.is_ascii_digit()))
        && columns.windows(2).all(|pair| pair[0] < pair[1])
}

/// The header column whose span holds a cell's centre, else the one nearest to it.
fn nearest_column(spans: &[(usize, usize)], from: usize, to: usize) -> usize {
    let centre = from + to;
    let distance = |(start, end): (usize, usize)| {
        if (2 * start..=2 * end).contains(&centre) {
            0
        } else {
            centre.abs_diff(2 * start).min(centre.abs_diff(2 * end))
        }
    };
    (0..spans.len())
        .min_by_key(|&column| distance(spans[column]))
        .unwrap_or(0)
}

/// A fixed-width line's cells with their character spans (start, end).
fn positioned_cells(line: &str) -> Vec<(usize, usize, String)> {
    let mut cells = Vec::new();
    let mut at = 0;
    for piece in GAP.split(line) {
        let offset = line[at..].find(piece).map_or(at, |found| at + found);
        at = offset + piece.len();
        if piece.trim().is_empty() {
            continue;
        }
        let lead = piece.len() - piece.trim_start().len();
        let from = line[..offset + lead].chars().count();
        let to = from + piece.trim().chars().count();
        cells.push((from, to, piece.trim().to_owned()));
    }
    cells
}

/// A short line alone inside a table ("First", "Lufthansa (LH)") that names the group of
/// the rows after it: one cell.
fn group_row(lines: &[&str], index: usize, width: usize) -> Option<Vec<String>> {
    static AIRLINE_CODE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\([A-Z0-9]{2}\)").expect("valid regex"));
    let line = lines[index].trim();
    let words = line.split_whitespace().count();
    // "Avianca (AV) — Star Alliance member" labels the rows of one operator.
    let short = (words <= 5 || (words <= 8 && AIRLINE_CODE.is_match(line)))
        && !line.ends_with(['.', ':', '?', '!']);
    let next = lines[index + 1..]
        .iter()
        .map(|line| line.trim())
        .find(|line| !line.is_empty())?;
    let continues = row_cells(next, width).is_some_and(|cells| cells.len() >= 2);
    (width >= 2 && short && continues).then(|| vec![line.to_owned()])
}

/// A line's cells inside a table of `width` columns.
fn row_cells(line: &str, width: usize) -> Option<Vec<String>> {
    // A Markdown heading ends a table, whatever numbers it holds.
    if line.trim_start().starts_with('#') {
        return None;
    }
    let shaped = shaped_cells(line);
    // When a row's shape gives fewer cells than the header, OCR merged some: re-split it
    // as a label and values.
    // A row whose values each stand alone in their cell only left a cell blank (or OCR
    // lost its dash): it keeps its cells, placed under their header later.
    let values_apart = |cells: &[String]| {
        cells.len() >= 2
            && cells[1..]
                .iter()
                .all(|cell| VALUE_TOKEN.is_match(cell.trim()))
    };
    match shaped {
        Some(cells)
            if width == 0
                || cells.len() >= width
                || values_apart(&cells)
                || label_and_values(line, width).is_none() =>
        {
            Some(cells)
        }
        shaped => {
            let resplit = label_and_values(line, width);
            match shaped {
                // A row of three cells or more under a wider header, first cell left blank
                // ("     Economy Flex   Y, M, H   100%" under "Cabin  Fare  Classes  Miles"),
                // unless splitting it as a label and values finds more.
                Some(cells)
                    if cells.len() >= 3
                        && cells.len() + 1 >= width
                        && resplit
                            .as_ref()
                            .is_none_or(|other| other.len() <= cells.len()) =>
                {
                    Some(cells)
                }
                _ => resplit.filter(|cells| width == 0 || cells.len() + 1 >= width),
            }
        }
    }
}

/// "Economy   Economy" over "Value   K, L, Q   50%": a row that starts with a cabin labels
/// the group of rows under it, in the same table.
fn starts_with_cabin(line: &str) -> bool {
    shaped_cells(line)
        .and_then(|cells| cells.first().and_then(|cell| Cabin::parse(cell)))
        .is_some()
}

/// Prose after a table: a sentence, not a row.
fn starts_prose(line: &str) -> bool {
    line.split_whitespace().count() > 8 && shaped_cells(line).is_none()
}

/// A caption set in running text after a table ("For tickets issued from 1 June 2019"):
/// several words with no column gap among them, some of them lowercase words.
fn is_caption(line: &str) -> bool {
    let line = line.trim();
    line.split_whitespace().count() >= 5
        && !line.contains("  ")
        && !line.contains('|')
        && line
            .split_whitespace()
            .filter(|word| word.len() >= 4 && word.chars().all(char::is_lowercase))
            .count()
            >= 2
}

/// A value cell: a number with no words ("7,500", "125%", "x1.5") or a number in a unit
/// ("40,000 points"); "Zone 1" and "Tier 2" are labels.
fn is_value(cell: &str) -> bool {
    static VALUE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:x|×)?[^\p{L}]*\d[^\p{L}]*(?:x|×|k|percent|miles|points|pts|segments?|nights?|credits?|dollars|usd|eur)?[^\p{L}]*$|\d\s*(?:%|percent)")
            .expect("valid regex")
    });
    VALUE.is_match(cell.trim())
}

/// Words that name a column of a loyalty table.
const HEADER_WORDS: &[&str] = &[
    "class",
    "cabin",
    "zone",
    "region",
    "tier",
    "status",
    "level",
    "earn",
    "miles",
    "points",
    "economy",
    "business",
    "first",
    "countries",
    "airline",
    "booking",
    "fare",
    "destination",
    "required",
    "needed",
    "%",
    // The same words in the languages pages come in.
    "clase",
    "classe",
    "acumula",
    "millas",
    "milhas",
    "puntos",
    "pontos",
    "tarifa",
    "zona",
    "nivel",
    "klasse",
    "meilen",
];

fn has_header_word(cell: &str) -> bool {
    let lower = cell.to_lowercase();
    HEADER_WORDS.iter().any(|word| lower.contains(word))
}

/// A short caption that only labels a column ("Cabin", "Classes and earning").
pub fn is_column_label(text: &str) -> bool {
    let words = text.split_whitespace().count();
    (1..=3).contains(&words)
        && !text.contains(|c: char| c.is_ascii_digit())
        && text.split_whitespace().all(|word| {
            [
                "cabin",
                "cabins",
                "class",
                "classes",
                "booking",
                "fare",
                "fares",
                "code",
                "codes",
                "earning",
                "earnings",
                "rate",
                "rates",
                "accrual",
                "credit",
                "percentage",
                "mileage",
                "and",
                "&",
                "/",
                "of",
                "per",
            ]
            .contains(&word.to_lowercase().as_str())
        })
}

/// A row whose cells (all but one at most, and two at least) name columns.
fn names_columns(row: &[String]) -> bool {
    let naming = row.iter().filter(|cell| has_header_word(cell)).count();
    naming >= 2 && naming + 1 >= row.len()
}

/// The first row is a header when it holds no numbers and the rows below do, or when a
/// separator follows it.
fn is_header(first: &[String], rest: &[Vec<String>]) -> bool {
    let numeric = |cell: &String| is_value(cell);
    let first_numeric = first.iter().filter(|cell| numeric(cell)).count();
    let rest_numeric = rest.iter().flatten().filter(|cell| numeric(cell)).count();
    let has_header_word = first.iter().any(|cell| has_header_word(cell));
    first_numeric == 0 && (rest_numeric > 0 || has_header_word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_written_as_the_first_row_under_a_blank_one_heads_the_table() {
        let clipped = "| | | |\n| --- | --- | --- |\n| Cabin | Booking class | % of flown miles |\n| Business | C, J | 150% |\n| Economy | Y, B | 100% |";
        let table = &tables(clipped)[0];
        assert_eq!(
            table.header().map(|header| header[1].as_str()),
            Some("Booking class")
        );
        assert_eq!(table.body().len(), 2);
        // A table without a header is written with a blank one: its first row stays.
        let headerless =
            "| | |\n|---|---|\n| Classic | on enrolment |\n| Elite | 40,000 status miles |";
        assert_eq!(tables(headerless)[0].body().len(), 2);
    }

    fn tables(text: &str) -> Vec<Table> {
        blocks(text)
            .into_iter()
            .filter_map(|block| match block {
                Block::Table(table) => Some(table),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn specks_ocr_read_between_columns_and_rows_are_no_cells() {
        let scan = " Destination zone                 Guest Class     Business Class    First Class\n\n \
                    Zone 1 - Domestic   -            5,000           10,000            not offered\n\n\
                    \x20                                                        ©\n\n \
                    Zone 4 - Europe                .   25,000      50,000              80,000\n";
        let read = tables(scan);
        assert_eq!(read.len(), 1, "{read:?}");
        assert_eq!(
            read[0].body(),
            &[
                vec!["Zone 1 - Domestic", "5,000", "10,000", "not offered"],
                vec!["Zone 4 - Europe", "25,000", "50,000", "80,000"]
            ]
        );
        // A dash beside the cell of its column, a rule read as "I" between columns.
        let scan = " Cabin                 Booking classes            Miles credited\n\n \
                    Business.             C/J/D      -               Distance flown x 125%\n\n \
                    Economy        I      L/V/T/W                    not eligible\n";
        assert_eq!(
            tables(scan)[0].body(),
            &[
                vec!["Business.", "C/J/D", "Distance flown x 125%"],
                vec!["Economy", "L/V/T/W", "not eligible"]
            ]
        );
    }

    #[test]
    fn a_numbered_title_with_a_note_over_a_rule_heads_the_table_below() {
        let text = "2. UCHUMI / ECONOMY  (return, points)\n------------------------------------\n \
                    from \\ to    Zone 1    Zone 2\n Zone 1        8,000    16,000\n \
                    Zone 2       16,000    14,000\n";
        let read = blocks(text);
        assert_eq!(
            read[0],
            Block::Heading("UCHUMI / ECONOMY  (return, points)".into())
        );
        let Block::Table(table) = &read[1] else {
            panic!("{read:?}")
        };
        assert_eq!(table.header().map(|header| header.len()), Some(3));
        // A label wrapped after the slash between its two languages.
        let text = " Zone 4  Ulaya / Europe ........... France, Italy\n \
                    Zone 5  Mashariki ya Kati na Asia /\n         \
                    Middle East & Asia ....... India, China\n";
        let rows = &tables(text)[0].rows;
        assert_eq!(
            rows.last().map(|row| row[0].as_str()),
            Some("Zone 5  Mashariki ya Kati na Asia / Middle East & Asia")
        );
    }

    #[test]
    fn a_row_of_classes_with_a_rate_in_words_is_no_inner_header() {
        let text = "| Fare brand | Booking class | Points earned |\n|---|---|---|\n\
                    | Business Flex | J / C | 1.5 × miles flown |\n\
                    | Economy Flex | Y, B, H | The full miles flown |\n\
                    | Economy Saver | V, S and N | Half the miles flown |\n\
                    | Economy Lite | Q / O | 25% of miles flown |\n";
        let read = tables(text);
        assert_eq!(read.len(), 1, "{read:?}");
        assert_eq!(read[0].body().len(), 4);
    }

    #[test]
    fn a_label_wrapped_onto_an_aside_continues_its_row() {
        let text = "   Zone            Countries\n   --------------  ----------------------\n   \
                    South America   Brazil, Chile, Peru,\n   (Sudamérica)    Uruguay, Paraguay\n   \
                    North America   United States, Canada\n   (Norteamérica)\n   Oceania         Australia\n";
        assert_eq!(
            tables(text)[0].body(),
            &[
                vec![
                    "South America (Sudamérica)",
                    "Brazil, Chile, Peru, Uruguay, Paraguay"
                ],
                vec!["North America (Norteamérica)", "United States, Canada"],
                vec!["Oceania", "Australia"]
            ]
        );
    }

    #[test]
    fn the_lines_of_a_scanned_grids_row_are_the_lines_that_touch() {
        let text = concat!(
            "Reward chart\n\n",
            " Zone          Destinations                        Economy      Business\n",
            "                                                   round trip   round trip\n",
            "\n",
            " A Trinidad    Trinidad and Tobago (Port           8,000        not offered\n",
            " & Tobago      of Spain - Tobago)\n",
            "\n",
            " B Caribbean   Barbados, Jamaica, Guyana,          20,000       40,000\n",
            "               Grenada, Saint Lucia, Antigua and\n",
            "               Barbuda, Sint Maarten\n",
            "\n",
            " D United      United Kingdom                      60,000       130,000\n",
            " Kingdom\n",
            "\nExample: a one-way reward costs half.\n",
        );
        let table = &tables(text)[0];
        assert_eq!(
            table.body(),
            &[
                vec![
                    "A Trinidad & Tobago",
                    "Trinidad and Tobago (Port of Spain - Tobago)",
                    "8,000",
                    "not offered"
                ],
                vec![
                    "B Caribbean",
                    "Barbados, Jamaica, Guyana, Grenada, Saint Lucia, Antigua and Barbuda, Sint Maarten",
                    "20,000",
                    "40,000"
                ],
                vec!["D United Kingdom", "United Kingdom", "60,000", "130,000"],
            ]
        );
    }

    #[test]
    fn rows_that_follow_each_other_line_by_line_stay_apart() {
        // No blank line sets the rows apart: a line of words is a row (or a group's label).
        let text = " Zone        Economy   Business\n Zone 1      8,000     16,000\n Europe\n Zone 2      20,000    40,000\n Zone 3      30,000    60,000\n";
        assert_eq!(tables(text)[0].body().len(), 4);
    }

    #[test]
    fn a_header_over_a_blank_label_column_goes_on_under_its_cells() {
        let text = "Award chart\n\n                 Seychelles     Zone 1         Zone 4\n                 (domestique)   Ocean Indien   Europe\n\n \
                    Economie        3 000          12 000         35 000\n Economy\n\n \
                    Pearl           non propose    24 000         70 000\n (Affaires -\n Business)\n\nZone 1: Mauritius.\n";
        let table = &tables(text)[0];
        assert_eq!(
            table.header(),
            Some(
                &[
                    "",
                    "Seychelles (domestique)",
                    "Zone 1 Ocean Indien",
                    "Zone 4 Europe"
                ]
                .map(String::from)[..]
            )
        );
        assert_eq!(
            table.body(),
            &[
                vec!["Economie Economy", "3 000", "12 000", "35 000"],
                vec![
                    "Pearl (Affaires - Business)",
                    "non propose",
                    "24 000",
                    "70 000"
                ],
            ]
        );
    }

    #[test]
    fn a_header_over_its_translation_and_a_lower_triangle_between_rules() {
        let text = "| Kiwango | Safari za kustahili | Kudumisha |\n|---|---|---|\n| Level | Qualifying segments to reach | To retain |\n| Fedha · Silver | 20 | 16 |\n| Dhahabu · Gold | 40 | 32 |\n";
        let table = &tables(text)[0];
        assert_eq!(
            table.header(),
            Some(
                &[
                    "Kiwango · Level",
                    "Safari za kustahili · Qualifying segments to reach",
                    "Kudumisha · To retain"
                ]
                .map(String::from)[..]
            )
        );
        assert_eq!(table.body().len(), 2);
        // The rule above and below the header, rows filling one cell more each, the
        // last row over the rule that closes the table.
        let text = concat!(
            "TABLE 1 - ECONOMY\n",
            "------------------------------------------\n",
            "   from \\ to    HR        A         B\n",
            "------------------------------------------\n",
            "   HR          6.000\n",
            "   A           9.000    10.000\n",
            "   B          12.500    14.000    15.000\n",
            "------------------------------------------\n",
        );
        let table = &tables(text)[0];
        assert_eq!(table.header().map(<[String]>::len), Some(4));
        assert_eq!(table.body()[2], ["B", "12.500", "14.000", "15.000"]);
    }

    #[test]
    fn a_caption_over_the_same_header_again_starts_a_second_table() {
        let text = concat!(
            "From \\ To\tUkraine\tEurope 1\n",
            "Ukraine\t5 000\t10 000\n",
            "Europe 1\t10 000\t—\n",
            "Бізнес · Business\n",
            "From \\ To\tUkraine\tEurope 1\n",
            "Ukraine\t—\t20 000\n",
            "Europe 1\t20 000\t—\n",
        );
        let found = tables(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].body().len(), 2);
        assert_eq!(found[1].body()[0], ["Ukraine", "—", "20 000"]);
    }

    #[test]
    fn a_header_and_its_translation_under_each_cell_and_glossed_cells() {
        let text = concat!(
            " Familia ya nauli      Daraja            Pointi\n",
            " Fare family           Cabin             Points\n",
            "\n",
            " Biashara Flex   Biashara · Business   × 1.5 (mara moja na nusu · one and a half times the distance)\n",
            "\n",
            " Uchumi Saver    Uchumi · Economy   × 0.5 (nusu · half)\n",
        );
        let table = &tables(text)[0];
        assert_eq!(
            table.header(),
            Some(
                &[
                    "Familia ya nauli Fare family",
                    "Daraja Cabin",
                    "Pointi Points"
                ]
                .map(String::from)[..]
            )
        );
        assert_eq!(table.body().len(), 2);
    }

    #[test]
    fn reads_markdown_tables_and_headings() {
        let text = "# Chart\n\n| To region | Economy | First |\n|---|---:|---:|\n| Europe | 30,000 | — |\n\nA dash means none.";
        let blocks = blocks(text);
        assert_eq!(blocks[0], Block::Heading("Chart".into()));
        let Block::Table(table) = &blocks[1] else {
            panic!("{blocks:?}")
        };
        assert!(table.has_header);
        assert_eq!(table.body(), &[vec!["Europe", "30,000", "—"]]);
        assert!(matches!(blocks[2], Block::Paragraph(_)));
    }

    #[test]
    fn reads_a_cabin_caption_under_a_heading_as_a_heading_of_its_own() {
        let read = blocks("Earning on SWISS (LX)\nBusiness Suite\n\nText.");
        assert_eq!(read[0], Block::Heading("Earning on SWISS (LX)".into()));
        assert_eq!(read[1], Block::Heading("Business Suite".into()));
        // Two lines of a paragraph that name no cabin stay one paragraph.
        let read = blocks("Head office\nLondon Heathrow");
        assert!(matches!(read[0], Block::Paragraph(_)), "{read:?}");
    }

    #[test]
    fn ends_a_table_where_the_next_one_starts_after_a_blank_line() {
        // A caption and a header of the next chart, or a header of another shape.
        let text = "Destination     Economy      Business\nZone 1              7,500       15,000\nZone 2             32,500       80,000\n\nFrom Zone 3\nTo zone     Economy       Business\nZone 2         35,000       95,000\n";
        let found = tables(text);
        assert_eq!(found[0].rows.len(), 3);
        assert_eq!(found[1].rows[0], vec!["To zone", "Economy", "Business"]);
        let text = "Level    Required    Alliance status\n\nGold       8.000    oneworld Ruby\n\nAirline     Rate     Cabin      Classes\nQatar Airways (QR)   150 %   Business   J and D\n";
        let found = tables(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].body()[0][3], "J and D");
    }

    #[test]
    fn reads_column_aligned_and_leader_tables() {
        let text = "STATUS LEVELS\n------------\nStatus is based on miles.\n\n  Classic ........ on enrolment\n  Elite .......... 40,000 status miles (Star Alliance Gold)\n";
        let blocks = blocks(text);
        assert_eq!(blocks[0], Block::Heading("STATUS LEVELS".into()));
        let table = tables(text).remove(0);
        assert_eq!(
            table.rows[1],
            vec!["Elite", "40,000 status miles (Star Alliance Gold)"]
        );
        let text = "  Cabin      Classes       Miles earned\n  ---------- ------------ ------------\n  Business   C J                  150%\n  Economy    G            not eligible\n";
        let table = tables(text).remove(0);
        assert!(table.has_header);
        assert_eq!(table.body()[1], vec!["Economy", "G", "not eligible"]);
    }

    #[test]
    fn joins_header_cells_wrapped_onto_lines_below() {
        let text = "From \\ To        Sub-Saharan    Mexico     South\n                     Africa       &      America\n                               Central\nAfrica            7 500        50 000     40 000\nSouth America     40 000       20 000      7 500\n";
        let table = tables(text).remove(0);
        assert!(table.has_header);
        assert_eq!(
            table.rows[0],
            vec![
                "From \\ To",
                "Sub-Saharan Africa",
                "Mexico & Central",
                "South America"
            ]
        );
        assert_eq!(table.body().len(), 2);
        // A name wrapping after its "&", the "&" set apart on the first line.
        let text = [
            "From \\ To                  Central     Mexico   &   Turkey",
            "                            Asia &       Central",
            "                             North      America",
            "                              Asia           &",
            "                                      Caribbean",
            "",
            "Central Asia & North Asia   15,000       100,000     60,000",
            "Turkey                      60,000        80,000     15,000",
        ]
        .join("\n");
        let table = tables(&text).remove(0);
        assert_eq!(
            table.rows[0],
            vec![
                "From \\ To",
                "Central Asia & North Asia",
                "Mexico & Central America & Caribbean",
                "Turkey"
            ]
        );
    }

    #[test]
    fn rejoins_a_header_split_from_its_rows_by_a_group_label() {
        let text = "Fare classes   Earning factor\n\nBusiness\n\nZ, R, J   1.25\nC, I   1.00\nEconomy\nT   1.00\n";
        let blocks = blocks(text);
        assert_eq!(blocks.len(), 1, "{blocks:?}");
        let table = tables(text).remove(0);
        assert!(table.has_header);
        assert_eq!(table.body()[0], vec!["Business"]);
        assert_eq!(table.body()[1], vec!["Z, R, J", "1.25"]);
    }

    #[test]
    fn reads_ocr_rows_that_lost_their_gaps() {
        let text = "Destination zone | Economy | Premium Econ. | Business | First |\nNorth America 12,500 17,500 25,000 n/a\n\nAtlantic 35,000 50,000 70,000 90,000 |\nSouth America 30,000 | 45,000 60,000 | n/a |\n\nZone definitions\nNorth America: Canada, United States, Mexico.";
        let table = tables(text).remove(0);
        assert!(table.has_header);
        assert_eq!(table.body().len(), 3, "{table:?}");
        assert_eq!(
            table.body()[0],
            vec!["North America", "12,500", "17,500", "25,000", "n/a"]
        );
        assert_eq!(
            table.body()[2],
            vec!["South America", "30,000", "45,000", "60,000", "n/a"]
        );
    }

    #[test]
    fn ends_a_markdown_table_where_another_one_starts() {
        let text = "| Status | Tier Points |\n|---|---|\n| Gold | 600 |\n\n| Airline | Classes | Rate |\n|---|---|---|\n| Garuda Indonesia (GA) | D, C | 200 % |\n";
        let found = tables(text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[1].body().len(), 1);
    }

    #[test]
    fn places_the_cells_of_a_short_row_under_their_header() {
        let text = "Cabin       Zone 1     Zone 2    Zone 3\nEconomy     10,000     45,000     55,000\nFirst                 130,000    210,000\n";
        let table = tables(text).remove(0);
        assert_eq!(table.body()[1], vec!["First", "", "130,000", "210,000"]);
        // Numbers set right, off their header.
        let text = "Destination    Economy      Premium Economy       Business       First\nZone 1             7 500                                 —\nZone 2            37 500                55 000                115 000\nZone 3            35 000                52 500       70 000   100 000\nZone 4            12 500                22 500       35 000    50 000\n";
        let table = tables(text).remove(0);
        assert_eq!(
            table.body()[1],
            vec!["Zone 2", "37 500", "55 000", "", "115 000"]
        );
        let text =
            "Rate        Classes\n100%        Q, Y, S\n40%         U,M,G\n            E, V,H\n";
        let table = tables(text).remove(0);
        assert_eq!(table.body()[2], vec!["", "E, V,H"]);
        let text = "Airline             Earning     Booking      Service class\n                    factor      classes\n                    (x\n                    distance\n                    flown)\nEtihad Airways (EY)   2.50      F,R,A        First\nEtihad Airways (EY)   0.40      E,M,L        Economy Class\nEtihad Airways (EY)             G,Q          Economy Class\n";
        let table = tables(text).remove(0);
        assert_eq!(
            table.body()[2],
            vec!["Etihad Airways (EY)", "", "G,Q", "Economy Class"]
        );
    }

    #[test]
    fn reads_a_table_copied_one_cell_per_line() {
        let text = "Fly with British Airways (BA).\n\nCabin class\nBooking class\nMiles earned\n\nFirst\nF, A\n150%\n\nBusiness\nJ, C, D\n125%\n\nEconomy\nY, B\n100%\n\nMiles are valid for 3 years.\n";
        let table = tables(text).remove(0);
        assert!(table.has_header);
        assert_eq!(table.rows.len(), 4);
        assert_eq!(table.body()[1], vec!["Business", "J, C, D", "125%"]);
    }

    #[test]
    fn reads_rows_set_apart_with_cells_left_blank_and_wrapped() {
        let text = [
            " Cabin     Fare          Classes   Miles",
            "",
            " Business   Business     J, C, D   125%",
            "",
            "           Economy Flex   Y, M, H,   100%",
            "                         B",
            "",
            " Economy   Economy",
            "           Value         K, L, Q   50%",
        ]
        .join("\n");
        let found = tables(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].body(),
            [
                vec!["Business", "Business", "J, C, D", "125%"],
                vec!["", "Economy Flex", "Y, M, H, B", "100%"],
                vec!["Economy", "Economy", "", ""],
                vec!["", "Value", "K, L, Q", "50%"],
            ]
        );
    }
}
