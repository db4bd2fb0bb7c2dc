//! Text with its layout kept, from word boxes: tesseract's (`tsv` output) for scans and
//! poppler's (`pdftotext -bbox-layout`) for a PDF's text layer. Words are laid out again
//! as fixed-width lines: grouped into lines by their position (not by the tool's blocks,
//! which split a table into columns) after correcting for a scan's skew, placed at the
//! column their position gives so that a table's columns stay aligned, with wide gaps
//! kept as column gaps, and paragraphs separated where the line pitch or the print size
//! changes.

use std::sync::LazyLock;

use regex::Regex;

use super::page_columns::reading_order;

/// One recognised word and its box, in pixels.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Word {
    pub(super) text: String,
    pub(super) left: f64,
    pub(super) top: f64,
    pub(super) width: f64,
    pub(super) height: f64,
    /// Tesseract's block, paragraph and line: words of one line measure the skew.
    line: (u32, u32, u32),
    /// Whether the box spans the font's whole height (a PDF's) rather than the letters
    /// (OCR's).
    font_box: bool,
}

impl Word {
    /// A word of a PDF's text layer (its box spans the font's height), for tests.
    #[cfg(test)]
    pub(super) fn for_test(text: &str, left: f64, top: f64, width: f64, height: f64) -> Self {
        Word {
            text: text.to_owned(),
            left,
            top,
            width,
            height,
            line: (0, 0, 0),
            font_box: true,
        }
    }

    pub(super) fn centre(&self) -> (f64, f64) {
        (self.left + self.width / 2.0, self.top + self.height / 2.0)
    }

    /// The print size the word's box implies: a box spans the capital or ascender height
    /// and the descender depth only when the word has such letters, so "was" is shorter
    /// than "Apply" in the same print.
    fn size(&self) -> f64 {
        if self.font_box {
            return self.height;
        }
        let tall = self.text.chars().any(|c| {
            c.is_uppercase() || c.is_ascii_digit() || "bdfhklt()/[]{}|!?%&$#@'\"".contains(c)
        });
        let deep = self.text.chars().any(|c| "gjpqy(),;[]{}|".contains(c));
        let share = match (tall, deep) {
            (true, true) => 1.0,
            (true, false) => 0.75,
            (false, true) => 0.78,
            (false, false) => 0.52,
        };
        self.height / share
    }
}

/// A gap wider than this many line heights separates columns.
const COLUMN_GAP: f64 = 1.4;
/// Lines further apart than this many times the page's line pitch are in different
/// paragraphs.
const PARAGRAPH_PITCH: f64 = 1.2;
/// The page's line pitch is at most this many word heights: a page of one-line paragraphs
/// has no pitch of its own.
const MAX_PITCH: f64 = 1.9;
/// Print this many times larger (or smaller) than the line before starts a new paragraph.
const SIZE_CHANGE: f64 = 1.25;

/// The text of tesseract's `tsv` output, laid out.
pub fn text_from_tsv(tsv: &str) -> String {
    lay_out(words_of(tsv), true)
}

/// The text of each page of `pdftotext -bbox-layout` output, laid out.
pub fn pages_from_bbox(xhtml: &str) -> Vec<String> {
    static LINE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?s)<line\b[^>]*>(.*?)</line>").expect("valid regex"));
    static WORD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>"#)
            .expect("valid regex")
    });
    xhtml
        .split("<page ")
        .skip(1)
        .map(|page| {
            let mut words = Vec::new();
            for (index, line) in LINE.captures_iter(page).enumerate() {
                for word in WORD.captures_iter(&line[1]) {
                    let number = |at: usize| word[at].parse::<f64>().unwrap_or_default();
                    let text = unescape(&word[5]);
                    if text.trim().is_empty() {
                        continue;
                    }
                    words.push(Word {
                        text,
                        left: number(1),
                        top: number(2),
                        width: number(3) - number(1),
                        height: number(4) - number(2),
                        line: (0, 0, index as u32),
                        font_box: true,
                    });
                }
            }
            reading_order(words)
                .into_iter()
                .map(|part| lay_out(part, false))
                .collect::<Vec<_>>()
                .join("\n\n")
        })
        .collect()
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Words laid out as text; `ocr` corrects a scan's skew and OCR's usual misreadings.
fn lay_out(words: Vec<Word>, ocr: bool) -> String {
    if words.is_empty() {
        return String::new();
    }
    let slope = if ocr { skew(&words) } else { 0.0 };
    let mut placed: Vec<(f64, Word)> = words
        .into_iter()
        .map(|mut word| {
            let (x, y) = word.centre();
            // Turn the page back: x shifts with y as y does with x.
            word.left += slope * y;
            (y - slope * x, word)
        })
        .collect();
    let margin = placed
        .iter()
        .map(|(_, word)| word.left)
        .fold(f64::INFINITY, f64::min);
    // The width of one character column: the median over words of several letters.
    let column_width = median(
        placed
            .iter()
            .filter(|(_, word)| word.text.chars().count() >= 3)
            .map(|(_, word)| word.width / word.text.chars().count() as f64),
    )
    .max(1.0);
    placed.sort_by(|a, b| a.0.total_cmp(&b.0));
    let height = median(placed.iter().map(|(_, word)| word.height)).max(1.0);
    // Lines: words whose corrected centres are within half a line height.
    let mut lines: Vec<(f64, Vec<Word>)> = Vec::new();
    for (y, word) in placed {
        match lines.last_mut() {
            Some((line_y, line)) if (y - *line_y).abs() < height * 0.5 => {
                *line_y = (*line_y * line.len() as f64 + y) / (line.len() as f64 + 1.0);
                line.push(word);
            }
            _ => lines.push((y, vec![word])),
        }
    }
    for (_, line) in &mut lines {
        line.sort_by(|a, b| a.left.total_cmp(&b.left));
    }
    let lines = merge_centred_rows(lines, height);
    let pitch = line_pitch(&lines, height);
    let splits = aligned_column_starts(&lines, column_width, pitch, ocr);
    // The print size of running text: tables are often set smaller.
    let body_size = median(
        lines
            .iter()
            .filter(|(_, line)| line.len() >= 6)
            .flat_map(|(_, line)| line.iter().map(Word::size)),
    );
    let body_size = if body_size > 0.0 {
        body_size
    } else {
        median(
            lines
                .iter()
                .flat_map(|(_, line)| line.iter().map(Word::size)),
        )
    };
    // Paragraphs: runs of lines at the page's pitch in one print size.
    let mut paragraphs: Vec<Vec<(f64, f64, String, bool)>> = Vec::new();
    for ((y, line), splits) in lines.into_iter().zip(splits) {
        // A speck read as a comma, a dot or a dash on a line of its own is no text.
        if ocr
            && line
                .iter()
                .all(|word| word.text.chars().all(|c| ",.:;'‘’`-–—~_".contains(c)))
        {
            continue;
        }
        let line_height = median(line.iter().map(|word| word.height)).max(1.0);
        let size = median(line.iter().map(Word::size)).max(1.0);
        let place = Placement {
            line_height,
            margin,
            column_width,
            ocr,
            splits,
        };
        let (text, columns) = line_text(&line, &place);
        let joins = paragraphs
            .last()
            .and_then(|paragraph| paragraph.last())
            .is_some_and(|&(previous_y, previous_size, _, _)| {
                // Large print (a heading) is spaced wider in proportion.
                let scale = (size.max(previous_size) / body_size).max(1.0);
                let ratio = size.max(previous_size) / size.min(previous_size);
                y - previous_y <= pitch * PARAGRAPH_PITCH * scale && ratio < SIZE_CHANGE
            });
        let line = (y, size, text, columns);
        match paragraphs.last_mut() {
            Some(paragraph) if joins => paragraph.push(line),
            _ => paragraphs.push(vec![line]),
        }
    }
    let mut out = String::new();
    for paragraph in paragraphs {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        // A heading in large print wrapped onto two lines is still one heading.
        let words: usize = paragraph
            .iter()
            .map(|(_, _, text, _)| text.split_whitespace().count())
            .sum();
        let large = paragraph.len() <= 3
            && words <= 14
            && paragraph.iter().all(|(_, size, text, columns)| {
                // "Zone A: Japan (JP)" under a heading is a definition, not more heading.
                let definition = text
                    .split_once(": ")
                    .is_some_and(|(_, rest)| rest.contains([',', '(']));
                *size >= body_size * SIZE_CHANGE && !columns && !text.contains("...") && !definition
            });
        let texts: Vec<&str> = paragraph
            .iter()
            .map(|(_, _, text, _)| if large { text.trim() } else { text.as_str() })
            .collect();
        out.push_str(&texts.join(if large { " " } else { "\n" }));
    }
    out
}

/// Table rows whose cells wrap onto two lines while the other cells sit centred between
/// them ("Zone 1⏎中国内地" beside "8,000   15,000"): three lines closer together than
/// lines of text can be, the middle one beside (not under) the other two, become one
/// line, each cell of the outer two joined with the cell below it.
fn merge_centred_rows(lines: Vec<(f64, Vec<Word>)>, height: f64) -> Vec<(f64, Vec<Word>)> {
    let close = |a: f64, b: f64| b - a < height * 0.8;
    let overlaps = |a: &Word, b: &Word| a.left < b.left + b.width && b.left < a.left + a.width;
    let beside = |middle: &[Word], outer: &[Word]| {
        !middle.iter().any(|m| outer.iter().any(|o| overlaps(m, o)))
    };
    let mut merged: Vec<(f64, Vec<Word>)> = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let centred = lines.get(index..index + 3).filter(|three| {
            let [(ya, a), (yb, b), (yc, c)] = three else {
                return false;
            };
            close(*ya, *yb)
                && close(*yb, *yc)
                && beside(b, a)
                && beside(b, c)
                && c.iter()
                    .all(|lower| a.iter().any(|upper| overlaps(upper, lower)))
        });
        let Some([(_, a), (y, b), (_, c)]) = centred else {
            merged.push(lines[index].clone());
            index += 1;
            continue;
        };
        let mut line = b.clone();
        let lower = cells(c, height * COLUMN_GAP);
        let mut used = vec![false; lower.len()];
        for upper in cells(a, height * COLUMN_GAP) {
            let below = lower
                .iter()
                .enumerate()
                .find(|(at, cell)| !used[*at] && overlaps(&upper, cell));
            line.push(match below {
                Some((at, cell)) => {
                    used[at] = true;
                    joined(&upper, cell)
                }
                None => upper,
            });
        }
        line.extend(
            lower
                .into_iter()
                .zip(used)
                .filter(|(_, used)| !used)
                .map(|(cell, _)| cell),
        );
        line.sort_by(|a, b| a.left.total_cmp(&b.left));
        merged.push((*y, line));
        index += 3;
    }
    merged
}

/// A line's words grouped into cells (runs of words closer than `gap`), each as one word.
fn cells(line: &[Word], gap: f64) -> Vec<Word> {
    let mut cells: Vec<Word> = Vec::new();
    for word in line {
        match cells.last_mut() {
            Some(cell) if word.left - (cell.left + cell.width) <= gap => {
                *cell = joined(cell, word);
            }
            _ => cells.push(word.clone()),
        }
    }
    cells
}

/// Two words (or cells) as one, the first's text before the second's.
fn joined(first: &Word, second: &Word) -> Word {
    let left = first.left.min(second.left);
    let right = (first.left + first.width).max(second.left + second.width);
    Word {
        text: format!("{} {}", first.text, second.text),
        left,
        width: right - left,
        ..first.clone()
    }
}

/// How a line's words are placed in character columns.
struct Placement {
    line_height: f64,
    /// The page's left margin and the width of a character column.
    margin: f64,
    column_width: f64,
    ocr: bool,
    /// Indexes of words that start a column although they follow the word before at the
    /// distance of a space (see `aligned_column_starts`).
    splits: Vec<usize>,
}

/// Lines near each other whose words start this close (in character columns) start
/// at the same column: OCR's boxes move by a few pixels, a PDF's are exact.
const ALIGNED_OCR: f64 = 0.5;
const ALIGNED_PDF: f64 = 0.02;
/// How many lines above and below a line confirm a column start (within its block: no
/// wider space between lines than this many line pitches).
const ALIGNMENT_WINDOW: usize = 8;
const BLOCK_GAP: f64 = 1.6;

/// Cells that run together ("Premium Economy G, E, N, W", a header "Points credited
/// Cabin"): a word that follows the one before at a space's distance, but starts where
/// nearby lines (one for a PDF, two for OCR) start a column after a wide gap, starts a column too. (A
/// word that always follows the same one, "Economy Class", has no wide gap before it on
/// any line, so it stays in its cell.) Only on lines that have a column gap of their own
/// (running text has none) or, in a PDF, two such words; never after a comma or before
/// a lowercase word (a list or a phrase goes on). Returns, per line, the indexes of such
/// words.
fn aligned_column_starts(
    lines: &[(f64, Vec<Word>)],
    column_width: f64,
    pitch: f64,
    ocr: bool,
) -> Vec<Vec<usize>> {
    // Lines apart by more than a blank line are in different blocks.
    let mut block = 0;
    let blocks: Vec<usize> = lines
        .iter()
        .enumerate()
        .map(|(at, (y, _))| {
            if at > 0 && y - lines[at - 1].0 > pitch * BLOCK_GAP {
                block += 1;
            }
            block
        })
        .collect();
    // Per line, each word after the first: its left edge and whether a wide gap precedes it.
    let starts: Vec<Vec<(usize, f64, bool, bool)>> = lines
        .iter()
        .map(|(_, line)| {
            let line_height = median(line.iter().map(|word| word.height)).max(1.0);
            line.windows(2)
                .enumerate()
                .filter(|(index, _)| !(*index == 0 && ocr && is_bullet(&line[0].text)))
                .map(|(index, pair)| {
                    let gap = pair[1].left - (pair[0].left + pair[0].width);
                    // "E, N": a list goes on; "not offered", "Fare classes": a phrase does.
                    let listed =
                        pair[0].text.ends_with(',') || pair[1].text.starts_with(char::is_lowercase);
                    (
                        index + 1,
                        pair[1].left,
                        gap > line_height * COLUMN_GAP,
                        listed,
                    )
                })
                .collect()
        })
        .collect();
    // A column found on some rows confirms it on rows further down (a long table whose
    // header is the only line with a wide gap before the column): repeat until stable.
    let mut splits = vec![Vec::new(); lines.len()];
    for _ in 0..lines.len() {
        let found = split_pass(
            lines,
            &starts,
            &splits,
            &blocks,
            column_width * tolerance_of(ocr),
            ocr,
        );
        if found == splits {
            break;
        }
        splits = found;
    }
    splits
}

fn tolerance_of(ocr: bool) -> f64 {
    if ocr { ALIGNED_OCR } else { ALIGNED_PDF }
}

/// One pass of `aligned_column_starts`: per line, the words that start a column that
/// nearby lines confirm. `starts` holds, per line, each word after the first: its index,
/// left edge, whether a wide gap precedes it, and whether it goes on a list or phrase;
/// `known`, per line, the column starts found by the pass before.
fn split_pass(
    lines: &[(f64, Vec<Word>)],
    starts: &[Vec<(usize, f64, bool, bool)>],
    known: &[Vec<usize>],
    blocks: &[usize],
    tolerance: f64,
    ocr: bool,
) -> Vec<Vec<usize>> {
    // A PDF's positions are exact: one other row confirms a column; OCR's need two.
    let confirmations = if ocr { 2 } else { 1 };
    starts
        .iter()
        .enumerate()
        .map(|(at, words)| {
            // OCR's columns are confirmed within a block; a PDF's exact positions across
            // blank lines too (a table whose rows stand apart).
            let near = (at.saturating_sub(ALIGNMENT_WINDOW)
                ..(at + ALIGNMENT_WINDOW + 1).min(lines.len()))
                .filter(|other| !ocr || blocks[*other] == blocks[at]);
            let has_gap = words.iter().any(|(_, _, wide, _)| *wide);
            if !has_gap && ocr {
                return Vec::new();
            }
            // Each word that may start a column, with how many nearby lines confirm it.
            let confirmed: Vec<(usize, usize)> = words
                .iter()
                .filter(|(_, _, wide, listed)| !wide && !listed)
                .map(|(index, left, _, _)| {
                    let count = near
                        .clone()
                        .filter(|other| {
                            starts[*other]
                                .iter()
                                .any(|(index, other_left, other_wide, _)| {
                                    (*other_wide || known[*other].contains(index))
                                        && (other_left - left).abs() <= tolerance
                                })
                        })
                        .count();
                    (*index, count)
                })
                .filter(|(_, count)| *count >= confirmations)
                .collect();
            let splits: Vec<usize> = confirmed.iter().map(|(index, _)| *index).collect();
            // In a PDF, two other rows starting a column at exactly that place.
            let twice_confirmed = !ocr && confirmed.iter().any(|(_, count)| *count >= 2);
            // A PDF line of run-together cells only: two of them must line up, or one
            // that starts a value ("U, T, G, N, S 100% of distance") or a capitalised
            // header cell after a lowercase word ("Fare classes Points earned").
            let line = &lines[at].1;
            let starts_cell = |index: &usize| {
                let word = &line[*index].text;
                let previous = &line[*index - 1].text;
                word.starts_with(|c: char| c.is_ascii_digit())
                    || (word.starts_with(char::is_uppercase)
                        && previous.starts_with(char::is_lowercase))
            };
            if has_gap
                || splits.len() >= 2
                || (splits.len() == 1 && (splits.iter().all(starts_cell) || twice_confirmed))
            {
                splits
            } else {
                Vec::new()
            }
        })
        .collect()
}

/// A line's words: the first at the column its position gives (so indentation shows), the
/// others after one space, or, after a wide gap, at their own column (at least three
/// spaces on); whether it has such gaps.
fn line_text(line: &[Word], place: &Placement) -> (String, bool) {
    let mut text = String::new();
    let mut columns = false;
    let mut right: Option<f64> = None;
    let wide = place.line_height * COLUMN_GAP;
    for (index, word) in line.iter().enumerate() {
        let column = ((word.left - place.margin) / place.column_width)
            .round()
            .max(0.0) as usize;
        let width = text.chars().count();
        match right {
            None => text.push_str(&" ".repeat(column)),
            Some(right) => {
                // A list's bullet sits apart from its item: no column. A dash far from
                // the next word is a table cell ("—   Economy   M").
                let bullet = index == 1
                    && is_bullet(&line[0].text)
                    && word.left - right < place.line_height * 4.0;
                let gap = (word.left - right > wide && !bullet) || place.splits.contains(&index);
                columns |= gap;
                let spaces = if gap {
                    column.max(width + 3) - width
                } else {
                    1
                };
                text.push_str(&" ".repeat(spaces));
            }
        }
        // A misread bullet ("e", "°") set apart from its item reads as one.
        let set_apart = line
            .get(1)
            .is_some_and(|next| next.left - (word.left + word.width) > wide);
        if place.ocr && index == 0 && is_bullet(&word.text) && set_apart {
            text.push('-');
        } else {
            text.push_str(&word.text);
        }
        right = Some(word.left + word.width);
    }
    let text = if place.ocr {
        article_el(&digits_in_class_lists(&text))
    } else {
        text
    };
    (text, columns)
}

/// A list bullet as OCR reads it.
fn is_bullet(token: &str) -> bool {
    matches!(
        token,
        "-" | "–" | "—" | "•" | "·" | "*" | "°" | "«" | "»" | "e" | "o" | "+"
    )
}

/// In a sans-serif face "l" and "I" are one glyph: OCR reads the article of "El Salvador"
/// or "El Al" as "EI" (before a capitalised word; Aer Lingus's code stands alone).
fn article_el(text: &str) -> String {
    static EI: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\bEI( [A-Z][a-z])").expect("valid regex"));
    EI.replace_all(text, "El$1").into_owned()
}

/// OCR reads the fare classes I and O as the digits 1 and 0 between other classes ("Z, J,
/// P, 1: 200%", "0, K, S: 75%"); a digit a number goes on from ("1%", "1,000") stays.
fn digits_in_class_lists(text: &str) -> String {
    static AFTER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(\b[A-Z]\s*[,/]\s*)([01])\b").expect("valid regex"));
    static BEFORE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b([01])(\s*[,/]\s*[A-Z]\b)").expect("valid regex"));
    let letter = |digit: &str| if digit == "1" { "I" } else { "O" };
    let text = AFTER.replace_all(text, |captures: &regex::Captures| {
        let end = captures.get(0).map_or(0, |found| found.end());
        let rest = &text[end..];
        let number_goes_on =
            rest.starts_with(['.', ',']) && rest[1..].starts_with(|c: char| c.is_ascii_digit());
        if rest.starts_with('%') || number_goes_on {
            captures[0].to_owned()
        } else {
            format!("{}{}", &captures[1], letter(&captures[2]))
        }
    });
    BEFORE
        .replace_all(&text, |captures: &regex::Captures| {
            format!("{}{}", letter(&captures[1]), &captures[2])
        })
        .into_owned()
}

/// The distance between the lines of a paragraph (or the rows of a table): the shorter
/// distances between consecutive lines are those, the longer ones separate paragraphs.
fn line_pitch(lines: &[(f64, Vec<Word>)], height: f64) -> f64 {
    let mut pitches: Vec<f64> = lines.windows(2).map(|pair| pair[1].0 - pair[0].0).collect();
    if pitches.is_empty() {
        return height * MAX_PITCH;
    }
    pitches.sort_by(f64::total_cmp);
    pitches[pitches.len() * 3 / 10].min(height * MAX_PITCH)
}

fn words_of(tsv: &str) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    for line in tsv.lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() < 12 || fields[0] != "5" {
            continue;
        }
        let raw = fields[11].trim();
        // The class I in a list ("D, R, |") or a word's space after the words that name
        // classes ("fares in | are credited") is read as a bar; a bar further on is a rule.
        let left = fields[6].parse::<f64>().unwrap_or_default();
        let names_class = words.last().is_some_and(|word| {
            word.text.ends_with(',')
                || (matches!(
                    word.text.to_lowercase().as_str(),
                    "in" | "class" | "classes" | "and" | "or" | "&"
                ) && left - (word.left + word.width) < word.height)
        });
        // Table rules read as characters ("|", "[", "_") are no words, nor part of one.
        // A bar glued to a comma is the first class of a list ("— |, Z, J"), no rule.
        let text = if (names_class && matches!(raw, "|" | "|." | "|:")) || raw == "|," {
            raw.replacen('|', "I", 1)
        } else if raw == "|" {
            // Kept for now: a rule, or the class I alone in its cell (see `bars_as_class_i`).
            raw.to_owned()
        } else {
            raw.trim_matches(|c| matches!(c, '|' | '[' | ']' | '_'))
                .to_owned()
        };
        if text.is_empty() || text.chars().all(|c| matches!(c, '/' | '!')) {
            continue;
        }
        // A dot leader OCR made letters of ("Jade bedeeeneees automatic on joining"): a
        // long lowercase token it has no confidence in at all.
        let confidence = fields[10].parse::<f64>().unwrap_or(100.0);
        let text = if confidence < 5.0
            && text.chars().count() >= 6
            && text
                .chars()
                .all(|c| c.is_lowercase() || c.is_ascii_punctuation())
        {
            "....".to_owned()
        } else {
            text
        };
        let number = |index: usize| fields[index].parse::<f64>().ok();
        let id = |index: usize| fields[index].parse::<u32>().ok();
        let (Some(left), Some(top), Some(width), Some(height)) =
            (number(6), number(7), number(8), number(9))
        else {
            continue;
        };
        let (Some(block), Some(paragraph), Some(line)) = (id(2), id(3), id(4)) else {
            continue;
        };
        words.push(Word {
            text: single_letter(&capital_i(&lowercase_l(&text))),
            left,
            top,
            width,
            height,
            line: (block, paragraph, line),
            font_box: false,
        });
    }
    bars_as_class_i(words)
}

/// A bar alone in a table cell is the class I when it stands in a column of words (the
/// classes of other rows: "Z", "P", "D", "|", "J"), not where a vertical rule would, in
/// the gap between columns and again on the lines around.
fn bars_as_class_i(mut words: Vec<Word>) -> Vec<Word> {
    let text_height = median(words.iter().map(|word| word.height));
    let is_bar = |word: &Word| word.text == "|";
    let letters: Vec<bool> = words
        .iter()
        .map(|bar| {
            is_bar(bar)
                && bar.height <= text_height * 1.4
                && words.iter().all(|other| {
                    // Another bar at the same place on a line nearby: a rule.
                    !(is_bar(other)
                        && other.line != bar.line
                        && (other.left - bar.left).abs() <= text_height * 0.5
                        && (other.top - bar.top).abs() <= text_height * 3.0)
                })
                && words.iter().any(|other| {
                    !is_bar(other)
                        && other.line != bar.line
                        && (other.left - bar.left).abs() <= text_height * 0.5
                        && (other.top - bar.top).abs() <= text_height * 12.0
                })
        })
        .collect();
    let mut index = 0;
    words.retain_mut(|word| {
        let letter = letters[index];
        index += 1;
        if letter {
            word.text = "I".to_owned();
        }
        letter || !is_bar(word)
    });
    words
}

/// OCR reads a capital I as a lowercase l in codes and letters: "(Cl)" is China Airlines'
/// code CI, a lone "l" the fare class I. A short token of capitals with an l in it, or an
/// l alone, gets its capital back; words keep their l.
fn capital_i(token: &str) -> String {
    let core = token.trim_matches(|c: char| "()[],.;:/".contains(c));
    let code = (2..=3).contains(&core.len())
        && core.contains('l')
        && core.chars().any(|c| c.is_ascii_uppercase())
        && core
            .chars()
            .all(|c| c == 'l' || c.is_ascii_uppercase() || c.is_ascii_digit());
    if core == "l" || code {
        token.replace('l', "I")
    } else {
        token.to_owned()
    }
}

/// OCR reads a capital I then a lowercase l as two capitals ("IIlimani"): no word starts
/// with two capital I's before lowercase letters, so the second is the l.
fn lowercase_l(token: &str) -> String {
    match token.strip_prefix("II") {
        Some(rest) if rest.starts_with(|c: char| c.is_lowercase()) => format!("Il{rest}"),
        _ => token.to_owned(),
    }
}

/// OCR reads a lone capital letter as the letter twice in both cases ("Zz", "oO",
/// "WwW"): the capital, once. A word of one letter in one case ("AA") stays.
fn single_letter(token: &str) -> String {
    let mut letters = token.chars();
    let Some(first) = letters.next() else {
        return token.to_owned();
    };
    let count = token.chars().count();
    let same = first.is_ascii_alphabetic() && token.chars().all(|c| c.eq_ignore_ascii_case(&first));
    let mixed = token.chars().any(|c| c.is_ascii_uppercase())
        && token.chars().any(|c| c.is_ascii_lowercase());
    if (2..=3).contains(&count) && same && mixed {
        first.to_ascii_uppercase().to_string()
    } else {
        token.to_owned()
    }
}

/// The page's skew as a slope (dy/dx): the median over tesseract's lines of three or more
/// words of the slope from their first word to their last.
fn skew(words: &[Word]) -> f64 {
    let mut slopes = Vec::new();
    let mut start = 0;
    while start < words.len() {
        let mut end = start;
        while end < words.len() && words[end].line == words[start].line {
            end += 1;
        }
        if end - start >= 3 {
            let (x1, y1) = words[start].centre();
            let (x2, y2) = words[end - 1].centre();
            if x2 - x1 > 100.0 {
                slopes.push((y2 - y1) / (x2 - x1));
            }
        }
        start = end;
    }
    let slope = median(slopes.into_iter());
    // More than ~5° is no scan skew but a misreading.
    if slope.abs() < 0.09 { slope } else { 0.0 }
}

pub(super) fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut values: Vec<f64> = values.collect();
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(block: u32, line: u32, left: u32, top: u32, width: u32, text: &str) -> String {
        format!("5\t1\t{block}\t1\t{line}\t1\t{left}\t{top}\t{width}\t30\t95\t{text}")
    }

    #[test]
    fn reads_a_leader_ocr_made_letters_of_as_dots() {
        let tsv = [
            "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext".to_owned(),
            row(1, 1, 100, 100, 80, "Jade"),
            "5\t1\t1\t1\t1\t2\t190\t100\t150\t30\t0.00\tbedeeeneees".to_owned(),
            row(1, 1, 350, 100, 80, "automatic"),
        ]
        .join("\n");
        assert_eq!(text_from_tsv(&tsv), "Jade .... automatic");
    }

    #[test]
    fn reads_a_bar_a_space_after_in_as_the_class_i() {
        // After "in", and glued to a comma after a dash.
        for (words, expected) in [
            ([("in", 40), ("|", 6), ("are", 60)], "in I are"),
            ([("—", 40), ("|,", 10), ("Z:", 20)], "— I, Z:"),
        ] {
            let lefts = [100, 160, 190];
            let tsv = std::iter::once("header".to_owned())
                .chain(
                    words
                        .iter()
                        .zip(lefts)
                        .map(|(&(text, width), left)| row(1, 1, left, 100, width, text)),
                )
                .collect::<Vec<_>>()
                .join("\n");
            assert_eq!(text_from_tsv(&tsv), expected);
        }
    }

    #[test]
    fn keeps_columns_and_lines_across_blocks() {
        let tsv = [
            "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext".to_owned(),
            row(1, 1, 100, 100, 80, "Classes"),
            row(2, 1, 400, 100, 5, "|"),
            row(2, 1, 600, 102, 80, "Rate"),
            row(1, 2, 100, 140, 40, "A,"),
            row(1, 2, 150, 140, 20, "F"),
            row(2, 2, 600, 141, 80, "250%"),
            row(3, 1, 100, 260, 80, "Note."),
        ]
        .join("\n");
        assert_eq!(
            gaps(&text_from_tsv(&tsv)),
            "Classes | Rate\nA, F | 250%\n\nNote."
        );
    }

    #[test]
    fn reads_digits_in_class_lists_as_classes_i_and_o() {
        assert_eq!(
            digits_in_class_lists("Business — Z, J, P, 1: 200%"),
            "Business — Z, J, P, I: 200%"
        );
        assert_eq!(digits_in_class_lists("1, R, J   150%"), "I, R, J   150%");
        assert_eq!(
            digits_in_class_lists("Economy — 0, K, S, Y, X: Distance flown x 75%"),
            "Economy — O, K, S, Y, X: Distance flown x 75%"
        );
        for unchanged in [
            "Zone 1, Zone 2: 1, 200",
            "Classes Y, 0% credit",
            "Economy Y, 1,000 miles",
        ] {
            assert_eq!(digits_in_class_lists(unchanged), unchanged);
        }
    }

    #[test]
    fn reads_a_bar_after_a_comma_as_class_i() {
        let tsv = [
            "header".to_owned(),
            row(1, 1, 100, 100, 40, "D,"),
            row(1, 1, 150, 100, 40, "R,"),
            row(1, 1, 200, 100, 10, "|"),
            row(1, 1, 600, 100, 60, "Business"),
            row(1, 2, 100, 140, 60, "Rate"),
            row(1, 2, 300, 140, 10, "|"),
        ]
        .join("\n");
        assert_eq!(gaps(&text_from_tsv(&tsv)), "D, R, I | Business\nRate");
        // Alone in a column of classes; the bars in a column of their own are a rule.
        let words = [
            (1, 100, "175%"),
            (1, 400, "Z"),
            (2, 100, "175%"),
            (2, 401, "|"),
            (2, 600, "|"),
            (3, 100, "125%"),
            (3, 399, "J"),
            (3, 600, "|"),
        ];
        let tsv = std::iter::once("header".to_owned())
            .chain(words.iter().map(|&(line, left, text)| {
                let width = if text.len() > 1 { 60 } else { 6 };
                row(1, line, left, 60 + 40 * line, width, text)
            }))
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(gaps(&text_from_tsv(&tsv)), "175% | Z\n175% | I\n125% | J");
    }

    #[test]
    fn reads_a_doubled_lone_letter_once() {
        assert_eq!(lowercase_l("IIlimani"), "Illimani");
        assert_eq!(lowercase_l("II"), "II");
        assert_eq!(lowercase_l("III"), "III");
        assert_eq!(single_letter("Zz"), "Z");
        assert_eq!(single_letter("oO"), "O");
        assert_eq!(single_letter("WwW"), "W");
        assert_eq!(single_letter("AA"), "AA");
        assert_eq!(single_letter("Vv,"), "Vv,");
        assert_eq!(single_letter("Go"), "Go");
    }

    #[test]
    fn gives_codes_their_capital_i() {
        assert_eq!(capital_i("(Cl),"), "(CI),");
        assert_eq!(capital_i("l"), "I");
        assert_eq!(capital_i("Cleveland"), "Cleveland");
        assert_eq!(capital_i("all"), "all");
        assert_eq!(
            article_el("Guatemala, EI Salvador, Aer Lingus (EI)"),
            "Guatemala, El Salvador, Aer Lingus (EI)"
        );
    }

    #[test]
    fn groups_lines_into_paragraphs_by_the_page_pitch() {
        // Lines 55 px apart are one paragraph, 75 px apart two, whatever the word heights.
        let tsv = [
            "header".to_owned(),
            row(1, 1, 100, 100, 60, "first"),
            row(1, 2, 100, 155, 60, "second"),
            row(1, 3, 100, 230, 60, "third"),
            row(1, 4, 100, 285, 60, "fourth"),
            row(1, 5, 100, 340, 60, "fifth"),
        ]
        .join("\n");
        assert_eq!(text_from_tsv(&tsv), "first\nsecond\n\nthird\nfourth\nfifth");
    }

    #[test]
    fn straightens_a_skewed_page() {
        // A line sloping down by 2 % across the page, and a second line below it.
        let tsv = [
            "header".to_owned(),
            row(1, 1, 100, 100, 60, "one"),
            row(1, 1, 500, 108, 60, "two"),
            row(1, 1, 900, 116, 60, "three"),
            row(1, 2, 100, 145, 60, "four"),
            row(1, 2, 900, 161, 60, "five"),
        ]
        .join("\n");
        let text = text_from_tsv(&tsv);
        assert_eq!(gaps(&text), "one | two | three\nfour | five");
        // "three" and "five" start the same column once the page is turned back.
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0].find("three"), lines[1].find("five"), "{text}");
    }

    /// A word of `pdftotext -bbox-layout` output, 6 points a letter, 10 high.
    fn word(x: f64, y: f64, text: &str) -> String {
        format!(
            r#"<word xMin="{x}" yMin="{y}" xMax="{}" yMax="{}">{text}</word>"#,
            x + 6.0 * text.len() as f64,
            y + 10.0
        )
    }

    #[test]
    fn confirms_a_pdf_column_across_rows_set_apart() {
        // "Saver" follows "Business" closer than a column gap, but starts exactly where
        // the column of "Fare" and "Flex" starts, on rows a blank line apart.
        let rows = [
            [(50.0, "Cabin"), (110.0, "Fare"), (190.0, "Miles")],
            [(50.0, "Business"), (110.0, "Flex"), (190.0, "125%")],
            [(50.0, "Business"), (110.0, "Saver"), (190.0, "100%")],
        ];
        let lines: Vec<Vec<(f64, f64, &str)>> = rows
            .iter()
            .enumerate()
            .map(|(at, cells)| {
                let y = 100.0 + 40.0 * at as f64;
                cells.iter().map(|&(x, text)| (x, y, text)).collect()
            })
            .collect();
        assert_eq!(
            gaps(&laid_out(&lines)),
            "Cabin | Fare | Miles\n\nBusiness | Flex | 125%\n\nBusiness | Saver | 100%"
        );
    }

    #[test]
    fn reads_pdf_word_boxes_as_aligned_columns() {
        let page = format!(
            "<doc><page width=\"600\" height=\"800\"><flow><block><line>{}{}</line><line>{}{}</line><line>{}</line></block></flow></page></doc>",
            word(50.0, 100.0, "Zone"),
            word(200.0, 100.0, "Economy"),
            word(50.0, 113.0, "Europe &amp; Africa"),
            word(200.0, 113.0, "7,500"),
            word(50.0, 140.0, "Note."),
        );
        let pages = pages_from_bbox(&page);
        assert_eq!(pages.len(), 1);
        assert_eq!(
            gaps(&pages[0]),
            "Zone | Economy\nEurope & Africa | 7,500\n\nNote."
        );
        let lines: Vec<&str> = pages[0].lines().collect();
        assert_eq!(lines[0].find("Economy"), lines[1].find("7,500"));
    }

    #[test]
    fn joins_a_cell_wrapped_around_a_centred_row() {
        // "Zone 1" above and "Mainland" below the row's prices, set between them.
        let lines = [
            vec![(200.0, 100.0, "Zone 2"), (300.0, 100.0, "Zone 3")],
            vec![(50.0, 106.0, "From")],
            vec![(200.0, 112.0, "Hong Kong"), (300.0, 112.0, "Asia")],
            vec![(50.0, 130.0, "Zone 1")],
            vec![(200.0, 136.0, "15,000"), (300.0, 136.0, "20,000")],
            vec![(50.0, 142.0, "Mainland")],
        ];
        assert_eq!(
            gaps(&laid_out(&lines)),
            "From | Zone 2 Hong Kong | Zone 3 Asia\n\nZone 1 Mainland | 15,000 | 20,000"
        );
    }

    /// The text of a one-page PDF whose lines hold these words (left, top, text).
    fn laid_out(lines: &[Vec<(f64, f64, &str)>]) -> String {
        let lines: String = lines
            .iter()
            .map(|cells| {
                let words: String = cells.iter().map(|&(x, y, text)| word(x, y, text)).collect();
                format!("<line>{words}</line>")
            })
            .collect();
        let page = format!(
            "<doc><page width=\"600\" height=\"800\"><flow><block>{lines}</block></flow></page></doc>"
        );
        pages_from_bbox(&page).remove(0)
    }

    /// The text with every column gap written " | ".
    fn gaps(text: &str) -> String {
        Regex::new(r" {2,}")
            .expect("valid regex")
            .replace_all(text, " | ")
            .into_owned()
    }
}
