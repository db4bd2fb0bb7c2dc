//! Two tables set side by side on a page, each under its own title ("flydubai (FZ)
//! <gap> Qantas (QF)"), as `pdftotext -layout` or a PDF's word boxes set them: read as the
//! left table under its title, then the right one under its, so that each row belongs to
//! one table and each table to its title.

/// The page's text with every pair of side-by-side tables rewritten one after the other.
pub fn tables_one_after_the_other(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let mut out: Vec<String> = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        if let Some((split, end)) = side_by_side_run(&lines, index) {
            let (left, right): (Vec<&str>, Vec<&str>) = lines[index..end]
                .iter()
                .map(|line| split_line(line, split))
                .unzip();
            for side in [left, right] {
                if out.last().is_some_and(|line| !line.is_empty()) {
                    out.push(String::new());
                }
                out.extend(side.iter().map(|line| (*line).to_owned()));
            }
            if lines.get(end).is_some_and(|line| !line.trim().is_empty()) {
                out.push(String::new());
            }
            index = end;
        } else {
            out.push(lines[index].to_owned());
            index += 1;
        }
    }
    out.join("\n")
}

/// The left part of a line (up to `split`) and the right part, which keeps its indent from
/// the split so that its cells stay aligned with each other.
fn split_line(line: &str, split: usize) -> (&str, &str) {
    if line.len() <= split || !line.is_char_boundary(split) {
        return (line, "");
    }
    (line[..split].trim_end(), line[split..].trim_end())
}

/// Where a title line at `start` splits, and where its run ends: a run of side-by-side
/// tables starts with two short titles apart, and goes on while every line keeps a blank
/// gutter near where the right title starts. It counts when three lines or more hold cells
/// on both sides, and most of them hold two cells or more on each side (a single table of
/// two columns has one on each).
fn side_by_side_run(lines: &[&str], start: usize) -> Option<(usize, usize)> {
    // Titles start a block: a blank line (or nothing) above them.
    if start > 0 && !lines[start - 1].trim().is_empty() {
        return None;
    }
    let right_title = title_pair(lines[start])?;
    let window = right_title.saturating_sub(4)..=right_title + 4;
    let mut splits: Vec<usize> = window
        .clone()
        .filter(|&at| at > 2 && gutter_at(lines[start], at))
        .collect();
    let mut end = start + 1;
    while end < lines.len() {
        let line = lines[end];
        if !line.trim().is_empty() {
            let kept: Vec<usize> = splits
                .iter()
                .copied()
                .filter(|&at| gutter_at(line, at))
                .collect();
            // A line across the gutter ends the run; so does one with nothing on the right
            // after a blank line (the prose under the tables).
            if kept.is_empty() {
                break;
            }
            splits = kept;
        }
        end += 1;
    }
    while end > start + 1 && lines[end - 1].trim().is_empty() {
        end -= 1;
    }
    let split = *splits.iter().min_by_key(|&&at| at.abs_diff(right_title))?;
    let two_sided: Vec<(&str, &str)> = lines[start + 1..end]
        .iter()
        .map(|line| split_line(line, split))
        .filter(|(left, right)| !left.trim().is_empty() && !right.trim().is_empty())
        .collect();
    let cells = |side: &str| super::GAP.split(side.trim()).count();
    let tabular = two_sided
        .iter()
        .filter(|(left, right)| cells(left) >= 2 && cells(right) >= 2)
        .count();
    (two_sided.len() >= 3 && tabular * 2 >= two_sided.len()).then_some((split, end))
}

/// Whether a line is blank in the two columns before `at` (or ends before them).
fn gutter_at(line: &str, at: usize) -> bool {
    let bytes = line.as_bytes();
    (at - 2..at).all(|column| bytes.get(column).is_none_or(|byte| *byte == b' '))
        && line.is_char_boundary(at.min(line.len()))
}

/// Two short titles on one line, apart ("flydubai (FZ)      Qantas (QF)"): where the
/// right one starts.
fn title_pair(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    // The left title starts at the margin, as the left table does (a header cell wrapped
    // onto a line of its own stands further in).
    if indent > 2 {
        return None;
    }
    let gaps: Vec<regex::Match> = super::GAP.find_iter(trimmed).collect();
    let [gap] = gaps.as_slice() else {
        return None;
    };
    let (left, right) = (&trimmed[..gap.start()], &trimmed[gap.end()..]);
    let title = |part: &str| {
        let words = part.split_whitespace().count();
        (1..=6).contains(&words)
            && part.chars().any(char::is_alphabetic)
            && !part.ends_with(['.', ',', ':', ';', '&'])
            && !part.chars().any(|c| c.is_ascii_digit())
    };
    (gap.len() >= 4 && title(left) && title(right)).then_some(indent + gap.end())
}

/// Two columns of text divided by a rule of bars, as a plain-text newsletter sets them
/// ("of Singapore Airlines (SQ), a member of     | which their 36-month validity ends,"):
/// the left column, then the right one. A run of four lines or more with one bar each, at
/// the same place, some of them prose on both sides (a table of two columns is not).
pub fn barred_columns_one_after_the_other(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    // The character column of a line's one bar, after a space (a line of the right column
    // alone has only spaces before it; a Markdown row starts with its bar).
    let bar_at = |line: &str| -> Option<usize> {
        let bars: Vec<usize> = line.match_indices('|').map(|(at, _)| at).collect();
        match bars.as_slice() {
            [at] if *at > 0 && line[..*at].ends_with(' ') => Some(line[..*at].chars().count()),
            _ => None,
        }
    };
    let mut out: Vec<String> = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let Some(column) = bar_at(lines[index]) else {
            out.push(lines[index].to_owned());
            index += 1;
            continue;
        };
        let end = (index..lines.len())
            .find(|&at| bar_at(lines[at]) != Some(column))
            .unwrap_or(lines.len());
        let split = |line: &str| -> (String, String) {
            let at = line
                .char_indices()
                .nth(column)
                .map_or(line.len(), |(at, _)| at);
            let right = line.get(at + 1..).unwrap_or_default();
            (
                line[..at].trim_end().to_owned(),
                right
                    .strip_prefix(' ')
                    .unwrap_or(right)
                    .trim_end()
                    .to_owned(),
            )
        };
        let (left, right): (Vec<String>, Vec<String>) =
            lines[index..end].iter().map(|line| split(line)).unzip();
        let prose = |side: &str| side.split_whitespace().count() >= 4;
        let both_prose = left
            .iter()
            .zip(&right)
            .filter(|(left, right)| prose(left) && prose(right))
            .count();
        if end - index < 4 || both_prose < 2 {
            out.push(lines[index].to_owned());
            index += 1;
            continue;
        }
        out.extend(left);
        out.push(String::new());
        out.extend(right);
        out.push(String::new());
        index = end;
    }
    out.join("\n")
}

/// A page set in two columns of text whatever each holds (running text, a list, a small
/// table: "EARN ON AIR INDIA FLIGHTS      MEMBERSHIP TIERS"): the left column, then the
/// right one. A run of lines counts when every line of it leaves the same gutter of two
/// blank characters or more, and both columns hold running text on three lines or more
/// (so that no table's columns are taken apart).
pub fn text_columns_one_after_the_other(text: &str) -> String {
    let lines: Vec<Vec<char>> = text
        .lines()
        .map(|line| line.trim_end().chars().collect())
        .collect();
    let mut out: Vec<String> = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let Some((split, end)) = column_run(&lines, index) else {
            out.push(lines[index].iter().collect());
            index += 1;
            continue;
        };
        let side = |range: std::ops::RangeFrom<usize>, line: &[char]| -> String {
            line.get(range)
                .unwrap_or_default()
                .iter()
                .collect::<String>()
                .trim_end()
                .to_owned()
        };
        if out.last().is_some_and(|line| !line.trim().is_empty()) {
            out.push(String::new());
        }
        out.extend(lines[index..end].iter().map(|line| {
            let left: String = line.iter().take(split).collect();
            left.trim_end().to_owned()
        }));
        out.push(String::new());
        out.extend(lines[index..end].iter().map(|line| side(split.., line)));
        out.push(String::new());
        index = end;
    }
    out.join("\n")
}

/// Where the columns of a run starting at `start` split, and where the run ends.
fn column_run(lines: &[Vec<char>], start: usize) -> Option<(usize, usize)> {
    let first = &lines[start];
    // Where a word starts after two blanks or more, with words before it.
    let candidates = (3..first.len()).filter(|&at| {
        first[at] != ' '
            && first[at - 1] == ' '
            && first[at - 2] == ' '
            && first[..at - 2].iter().any(|c| *c != ' ')
    });
    let gutter = |line: &[char], at: usize| {
        (at - 2..at).all(|column| line.get(column).is_none_or(|c| *c == ' '))
    };
    let running = |text: &str| {
        let words: Vec<&str> = text.split_whitespace().collect();
        words.len() >= 4
            && words
                .iter()
                .filter(|word| word.len() >= 2 && word.chars().all(char::is_lowercase))
                .count()
                >= 2
    };
    let mut best: Option<(usize, usize)> = None;
    for at in candidates {
        let end = (start..lines.len())
            .find(|&line| !gutter(&lines[line], at))
            .unwrap_or(lines.len());
        // The run ends at its last line with text.
        let end = (start..end)
            .rev()
            .find(|&line| lines[line].iter().any(|c| *c != ' '))
            .map_or(start, |line| line + 1);
        let sides: Vec<(String, String)> = lines[start..end]
            .iter()
            .map(|line| {
                let left: String = line.iter().take(at).collect();
                let right: String = line.iter().skip(at).collect();
                (left, right)
            })
            .collect();
        let left_running = sides.iter().filter(|(left, _)| running(left)).count();
        let right_running = sides.iter().filter(|(_, right)| running(right)).count();
        let two_sided = sides
            .iter()
            .filter(|(left, right)| !left.trim().is_empty() && !right.trim().is_empty())
            .count();
        // Three rows in a row with cells on the left and a short cell on the right are a
        // table the gutter would cut ("Gold Medallion  45,000  50 | SkyTeam Elite Plus").
        let mut table_rows = 0;
        let mut cuts_table = false;
        for (left, right) in &sides {
            // Blank lines between rows keep the table going.
            if left.trim().is_empty() && right.trim().is_empty() {
                continue;
            }
            let cells = super::GAP
                .split(left.trim())
                .filter(|cell| !cell.is_empty())
                .count();
            if cells >= 2 && !right.trim().is_empty() && !running(right) {
                table_rows += 1;
                cuts_table |= table_rows >= 3;
            } else {
                table_rows = 0;
            }
        }
        // ... unless the right column has a table of its own, its header beside running
        // text ("multiplied by the factor.   Level   Level Points   SkyTeam"): then the
        // rows side by side are two tables' rows.
        let cells_of = |side: &str| -> Vec<String> {
            super::GAP
                .split(side.trim())
                .filter(|cell| !cell.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let right_has_own_table = sides.iter().any(|(left, right)| {
            let cells = cells_of(right);
            cells.len() >= 2
                && !cells.iter().any(|cell| super::is_value(cell))
                && (left.trim().is_empty() || running(left))
        });
        let counts = end - start >= 5
            && two_sided >= 3
            && left_running >= 3
            && right_running >= 3
            && (!cuts_table || right_has_own_table);
        if counts && best.is_none_or(|(_, known)| end > known) {
            best = Some((at, end));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_two_tables_side_by_side_one_after_the_other() {
        let page = "\
Intro sentence that crosses the whole width of the page, from left to right margin.

flydubai (FZ)                    Qantas (QF)

 Cabin     Classes   Miles         Cabin       Classes   Miles

 Business  J, C, D   125%          First       F, A      150%
 Economy   Y, M      100%          Business    J, C      125%
                                   Economy     Y, B      100%

Prose under both tables, again across the whole width of the page, left to right.";
        let read = tables_one_after_the_other(page);
        assert_eq!(
            read,
            "\
Intro sentence that crosses the whole width of the page, from left to right margin.

flydubai (FZ)

 Cabin     Classes   Miles

 Business  J, C, D   125%
 Economy   Y, M      100%

Qantas (QF)

  Cabin       Classes   Miles

  First       F, A      150%
  Business    J, C      125%
  Economy     Y, B      100%

Prose under both tables, again across the whole width of the page, left to right."
        );
    }

    #[test]
    fn leaves_a_two_column_table_and_a_running_header_alone() {
        let page = "\
Cabin            Miles
Business         125%
Economy          100%
First            150%

Emirates Skywards                     Partner earning · 2025
Earn miles on every flight you take with us and with our partners around the world.";
        assert_eq!(tables_one_after_the_other(page), page);
    }

    #[test]
    fn reads_columns_divided_by_bars_one_after_the_other() {
        let rows = [
            ("TIERS", "KEEPING YOUR MILES"),
            (
                "KrisFlyer is the frequent flyer programme",
                "Miles are valid for 36 months.",
            ),
            (
                "of Singapore Airlines (SQ), a member of",
                "Miles expire at the end of the",
            ),
            (
                "Star Alliance. Elite tiers are reached",
                "month in which they run out.",
            ),
            ("", ""),
            (" Elite Silver", "Miles used for an award are taken"),
            ("   30,000 Elite miles", "from the oldest miles first."),
        ];
        let mut page: Vec<String> = rows
            .iter()
            .map(|(left, right)| format!("{left:<44}| {right}").trim_end().to_owned())
            .collect();
        page.push("Footer across the page.".to_owned());
        let read = barred_columns_one_after_the_other(&page.join("\n"));
        let left: Vec<&str> = rows.iter().map(|(left, _)| *left).collect();
        let right: Vec<&str> = rows.iter().map(|(_, right)| *right).collect();
        assert_eq!(
            read,
            format!(
                "{}\n\n{}\n\nFooter across the page.",
                left.join("\n"),
                right.join("\n")
            )
        );
        // A table of two columns divided by bars stays a table.
        let table = "Gold   | 600\nSilver | 300\nBronze | 0\nBlue   | 0";
        assert_eq!(barred_columns_one_after_the_other(table), table);
    }

    #[test]
    fn reads_a_page_in_two_columns_of_any_text_one_after_the_other() {
        let rows = [
            ("EARN ON OUR FLIGHTS", "MEMBERSHIP TIERS"),
            (
                "Points on flights operated by us are",
                "Tiers are earned with Tier Points",
            ),
            (
                "the distance flown multiplied by the",
                "collected in one calendar year.",
            ),
            ("factor for the class on your ticket.", ""),
            ("", "Silver - 15,000 Tier Points. Comes with"),
            ("Business", "Star Alliance Silver, and is kept for"),
            (
                "  J / C / D ....... x1.25",
                "the rest of the year in which it is won.",
            ),
        ];
        let mut page =
            vec!["A TITLE THAT RUNS ACROSS THE WHOLE PAGE OF THE GUIDE ITSELF".to_owned()];
        page.extend(
            rows.iter()
                .map(|(left, right)| format!("{left:<44}{right}").trim_end().to_owned()),
        );
        let read = text_columns_one_after_the_other(&page.join("\n"));
        let left: Vec<&str> = rows.iter().map(|(left, _)| *left).collect();
        let right: Vec<&str> = rows.iter().map(|(_, right)| *right).collect();
        assert_eq!(
            read,
            format!(
                "{}\n\n{}\n\n{}\n",
                page[0],
                left.join("\n"),
                right.join("\n")
            )
        );
        // A table's columns stay together.
        let table = "Cabin        Classes      Miles\nBusiness     J, C, D      125%\nEconomy      Y, B         100%\nEconomy      K, L         50%\nEconomy      Q            25%";
        assert_eq!(text_columns_one_after_the_other(table), table);
        // Each column holds a table of its own, rows side by side on some lines.
        let rows = [
            (
                "Points are credited on flights operated",
                "Levels are reached by collecting",
            ),
            (
                "by us. Points = the distance flown",
                "Level Points in twelve months.",
            ),
            (
                "multiplied by the factor of the class.",
                "Members start at the first one.",
            ),
            ("", "Level      Level Points"),
            ("", "Member                0"),
            (
                "Cabin          Classes      Factor",
                "Silver           20,000",
            ),
            (
                "Business       C, J and D   x 1.5",
                "Gold             45,000",
            ),
            (
                "Go             Y, B and M   x 1.0",
                "Diamond          90,000",
            ),
            ("Go             H, Q and V   x 0.75", ""),
        ];
        let page: Vec<String> = rows
            .iter()
            .map(|(left, right)| format!("{left:<44}{right}").trim_end().to_owned())
            .collect();
        let read = text_columns_one_after_the_other(&page.join("\n"));
        let right: Vec<&str> = rows.iter().map(|(_, right)| *right).collect();
        assert!(
            read.trim_end()
                .ends_with(&right.join("\n").trim_end().to_owned()),
            "{read}"
        );
    }
}
