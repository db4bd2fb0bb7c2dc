//! Pages set in two columns of running text, as brochures and printed guides are: laid out
//! line by line across the page, the left column's sentences would run into the right
//! column's table. A vertical gutter that no word crosses, with prose on both sides,
//! splits that stretch of the page into a left and a right part, read one after the
//! other; what spans the page above and below it stays where it is.

use super::ocr_layout::{Word, median};

/// A page with fewer words than this has no room for two columns of prose.
const MIN_WORDS: usize = 40;
/// A column holds at least this many lines of running text (four words or more)…
const MIN_PROSE_LINES: usize = 2;
/// …and this many lines in all.
const MIN_LINES: usize = 4;
/// The gutter is at least this many character widths wide.
const MIN_GUTTER: f64 = 2.0;
/// Column splits looked for above and below one found: a page of three stacked bands.
const MAX_DEPTH: usize = 3;

/// The page's words in reading order, as parts to lay out one after the other.
pub(super) fn reading_order(words: Vec<Word>) -> Vec<Vec<Word>> {
    let mut parts = Vec::new();
    split(words, MAX_DEPTH, &mut parts);
    parts
}

fn split(words: Vec<Word>, depth: usize, parts: &mut Vec<Vec<Word>>) {
    let Some(gutter) = (depth > 0).then(|| find_gutter(&words)).flatten() else {
        if !words.is_empty() {
            parts.push(words);
        }
        return;
    };
    let (mut above, mut left, mut right, mut below) = (vec![], vec![], vec![], vec![]);
    for word in words {
        let (x, y) = word.centre();
        if y <= gutter.top {
            above.push(word);
        } else if y >= gutter.bottom {
            below.push(word);
        } else if x < gutter.x {
            left.push(word);
        } else {
            right.push(word);
        }
    }
    split(above, depth - 1, parts);
    parts.push(left);
    parts.push(right);
    split(below, depth - 1, parts);
}

/// A vertical gutter at `x` between the heights `top` and `bottom`.
#[derive(Debug, PartialEq)]
struct Gutter {
    x: f64,
    top: f64,
    bottom: f64,
}

/// The gutter that splits the most words into two columns of prose, if any.
fn find_gutter(words: &[Word]) -> Option<Gutter> {
    if words.len() < MIN_WORDS {
        return None;
    }
    let height = median(words.iter().map(|word| word.height)).max(1.0);
    let char_width = median(
        words
            .iter()
            .filter(|word| word.text.chars().count() >= 3)
            .map(|word| word.width / word.text.chars().count() as f64),
    )
    .max(0.5);
    let left = words
        .iter()
        .map(|word| word.left)
        .fold(f64::INFINITY, f64::min);
    let right = words
        .iter()
        .map(|word| word.left + word.width)
        .fold(f64::NEG_INFINITY, f64::max);
    let width = right - left;
    let mut best: Option<(usize, f64, Gutter)> = None;
    let mut x = left + width * 0.25;
    while x <= left + width * 0.75 {
        for (count, clearance, gutter) in bands_at(words, x, height, char_width) {
            let better = best.as_ref().is_none_or(|(best_count, best_clearance, _)| {
                (count, clearance) > (*best_count, *best_clearance)
            });
            if better {
                best = Some((count, clearance, gutter));
            }
        }
        x += char_width;
    }
    best.map(|(_, _, gutter)| gutter)
}

/// The stretches of the page where no word crosses `x` and both sides read as columns of
/// prose: each with its number of words and the gutter's width there.
fn bands_at(words: &[Word], x: f64, height: f64, char_width: f64) -> Vec<(usize, f64, Gutter)> {
    let mut crossing: Vec<f64> = words
        .iter()
        .filter(|word| word.left < x && word.left + word.width > x)
        .map(|word| word.centre().1)
        .collect();
    crossing.sort_by(f64::total_cmp);
    let mut edges = vec![f64::NEG_INFINITY];
    edges.extend(crossing);
    edges.push(f64::INFINITY);
    let mut bands = Vec::new();
    for pair in edges.windows(2) {
        // Words on the same line as a crossing word belong to that line, not the band.
        let (top, bottom) = (pair[0] + height * 0.5, pair[1] - height * 0.5);
        if bottom <= top {
            continue;
        }
        let inside: Vec<&Word> = words
            .iter()
            .filter(|word| (top..bottom).contains(&word.centre().1))
            .collect();
        let (left, right): (Vec<&Word>, Vec<&Word>) =
            inside.iter().partition(|word| word.centre().0 < x);
        if !is_column(&left, height) || !is_column(&right, height) {
            continue;
        }
        // The gutter's width on each line with words on both sides: wide on most lines,
        // at least a space on every one (a heading may run close to its neighbour's).
        let mut gaps: Vec<f64> = lines_of(&inside, height)
            .iter()
            .filter_map(|line| {
                let left_edge = line
                    .iter()
                    .filter(|word| word.centre().0 < x)
                    .map(|word| word.left + word.width)
                    .reduce(f64::max)?;
                let right_edge = line
                    .iter()
                    .filter(|word| word.centre().0 >= x)
                    .map(|word| word.left)
                    .reduce(f64::min)?;
                Some(right_edge - left_edge)
            })
            .collect();
        gaps.sort_by(f64::total_cmp);
        let (Some(&narrowest), Some(&typical)) = (gaps.first(), gaps.get(gaps.len() / 2)) else {
            continue;
        };
        if narrowest < char_width || typical < MIN_GUTTER * char_width {
            continue;
        }
        let clearance = typical;
        bands.push((inside.len(), clearance, Gutter { x, top, bottom }));
    }
    bands
}

/// Whether words read as a column with running text in it: enough lines, and some of
/// them sentences (four words or more, three of them lowercase words; a table's header
/// of capitalised names and its cells of classes and rates are not).
fn is_column(words: &[&Word], height: f64) -> bool {
    let lines = lines_of(words, height);
    let is_sentence = |line: &Vec<&Word>| {
        let lowercase = line
            .iter()
            .filter(|word| word.text.chars().next().is_some_and(char::is_lowercase))
            .count();
        line.len() >= 4 && lowercase >= 3
    };
    let prose = lines.iter().filter(|line| is_sentence(line)).count();
    lines.len() >= MIN_LINES && prose >= MIN_PROSE_LINES
}

/// Words grouped into lines by their height on the page.
fn lines_of<'a>(words: &[&'a Word], height: f64) -> Vec<Vec<&'a Word>> {
    let mut sorted = words.to_vec();
    sorted.sort_by(|a, b| a.centre().1.total_cmp(&b.centre().1));
    let mut lines: Vec<(f64, Vec<&Word>)> = Vec::new();
    for word in sorted {
        let y = word.centre().1;
        match lines.last_mut() {
            Some((line_y, line)) if y - *line_y < height * 0.5 => line.push(word),
            _ => lines.push((y, vec![word])),
        }
    }
    lines.into_iter().map(|(_, line)| line).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, left: f64, top: f64) -> Word {
        Word::for_test(text, left, top, text.chars().count() as f64 * 5.0, 10.0)
    }

    /// Words of a line of text starting at `left`, one character 5 wide, a space 3.
    fn line(text: &str, left: f64, top: f64) -> Vec<Word> {
        let mut x = left;
        let mut words = Vec::new();
        for token in text.split(' ') {
            if !token.is_empty() {
                words.push(word(token, x, top));
            }
            x += token.chars().count() as f64 * 5.0 + 3.0;
        }
        words
    }

    fn texts(part: &[Word]) -> String {
        part.iter()
            .map(|word| word.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn two_columns_of_prose_are_read_one_after_the_other() {
        let mut words = line(
            "A heading that spans the whole page from one side to the other",
            0.0,
            0.0,
        );
        let left = [
            "Flights operated by the airline earn",
            "the rate of the table below on the",
            "distance flown in each cabin class.",
            "Rate   Classes",
            "150 %   J C",
        ];
        let right = [
            "Partner flights earn the rates of",
            "the partner table: only flights it",
            "operates are credited at all.",
            "Classes   Points",
            "F, A   150 %",
            "Y, B   100 %",
        ];
        for (row, text) in left.iter().enumerate() {
            words.extend(line(text, 0.0, 20.0 + row as f64 * 12.0));
        }
        for (row, text) in right.iter().enumerate() {
            words.extend(line(text, 220.0, 20.0 + row as f64 * 12.0));
        }
        words.extend(line(
            "A footnote that spans the whole page from one side to the other",
            0.0,
            100.0,
        ));
        let parts = reading_order(words);
        assert_eq!(parts.len(), 4, "{parts:?}");
        assert!(texts(&parts[1]).starts_with("Flights operated"));
        assert!(texts(&parts[1]).ends_with("150 % J C"));
        assert!(texts(&parts[2]).starts_with("Partner flights"));
        assert!(texts(&parts[3]).starts_with("A footnote"));
    }

    #[test]
    fn a_matrix_with_two_line_headers_is_no_pair_of_columns() {
        let mut words = Vec::new();
        for table in 0..2 {
            let top = table as f64 * 120.0;
            words.extend(line("Zone 1 Zone 2   Zone 3 Zone 4", 100.0, top));
            words.extend(line("From To", 0.0, top + 6.0));
            for row in 1..5 {
                let y = top + row as f64 * 20.0;
                words.extend(line(&format!("Zone {row}"), 0.0, y));
                words.extend(line("8,000 15,000    20,000 40,000", 100.0, y + 6.0));
            }
        }
        assert_eq!(reading_order(words).len(), 1);
    }

    #[test]
    fn a_table_is_no_pair_of_columns() {
        let mut words = Vec::new();
        for row in 0..12 {
            let y = row as f64 * 12.0;
            words.extend(line("Economy Y B M", 0.0, y));
            words.extend(line("100 % of the miles flown", 200.0, y));
            words.extend(line("from 1 May 2025", 400.0, y));
        }
        assert_eq!(reading_order(words).len(), 1);
    }
}
