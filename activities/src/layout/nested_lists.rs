//! A list whose items each hold the same labelled values one level down ("- Ulaanbaatar ⇄
//! Beijing" over "  - Economy: 15 000 miles" and "  - Business: 32 000 miles"), as pages
//! and Markdown clippings set a chart out: read as the table it stands for, one row per
//! item and one column per label, so that each value keeps its item and its label.

use std::sync::LazyLock;

use regex::Regex;

/// An item of a list: its indent and its text without the bullet.
static ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\s*)(?:[-*•+]|\d{1,2}[.)])\s+(\S.*)$").expect("valid regex"));

/// "Эконом · *Economy*: 15 000 миль": a short label, a colon and a value.
static LABELLED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([^:]{1,60}?)\s*:\s+(\S.{0,80})$").expect("valid regex"));

/// The page's text with each such list written as a Markdown table.
pub fn as_tables(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        match list_at(&lines, index).or_else(|| groups_at(&lines, index)) {
            Some((table, end)) => {
                if out.last().is_some_and(|line| !line.trim().is_empty()) {
                    out.push(String::new());
                }
                out.extend(table);
                if lines.get(end).is_some_and(|line| !line.trim().is_empty()) {
                    out.push(String::new());
                }
                index = end;
            }
            None => {
                out.push(lines[index].to_owned());
                index += 1;
            }
        }
    }
    out.join("\n")
}

/// One item of the list: its text and its labelled values, in order.
type Entry = (String, Vec<(String, String)>);

/// The table a list starting at `start` stands for, and the line after the list; none
/// unless at least two items hold two or more values under the same labels.
fn list_at(lines: &[&str], start: usize) -> Option<(Vec<String>, usize)> {
    let (indent, _) = item(lines[start])?;
    let mut entries: Vec<Entry> = Vec::new();
    let mut index = start;
    while let Some((at, text)) = lines.get(index).and_then(|line| item(line)) {
        if at != indent {
            break;
        }
        let mut values = Vec::new();
        index += 1;
        while let Some((deeper, value)) = lines.get(index).and_then(|line| item(line))
            && deeper > indent
        {
            let captures = LABELLED.captures(&value)?;
            values.push((captures[1].trim().to_owned(), captures[2].trim().to_owned()));
            index += 1;
        }
        entries.push((text, values));
    }
    let labels: Vec<String> = entries
        .first()?
        .1
        .iter()
        .map(|(label, _)| label.clone())
        .collect();
    let same_labels = entries.iter().all(|(_, values)| {
        values.len() == labels.len()
            && values
                .iter()
                .zip(&labels)
                .all(|((label, _), expected)| label == expected)
    });
    let has_figures = entries.iter().any(|(_, values)| {
        values
            .iter()
            .any(|(_, value)| value.chars().any(|c| c.is_ascii_digit()))
    });
    if entries.len() < 2 || labels.len() < 2 || !same_labels || !has_figures {
        return None;
    }
    let mut table = vec![
        format!(
            "| | {} |",
            labels
                .iter()
                .map(|label| cell(label))
                .collect::<Vec<_>>()
                .join(" | ")
        ),
        format!("|---|{}", "---|".repeat(labels.len())),
    ];
    for (text, values) in &entries {
        let values: Vec<String> = values.iter().map(|(_, value)| cell(value)).collect();
        table.push(format!("| {} | {} |", cell(text), values.join(" | ")));
    }
    Some((table, index))
}

/// The table a list of groups of sub-groups stands for ("- Zone 1 — Southern Africa" over
/// "  - Neighbours" over "    - South Africa", "    - Namibia"): one row per top item, its
/// names at the bottom (sub-group labels left out) in one cell. None unless two items hold
/// sub-groups and the names are mostly short, one each, without figures. (Names one level
/// down are read line by line, with the label above them.)
fn groups_at(lines: &[&str], start: usize) -> Option<(Vec<String>, usize)> {
    let (indent, _) = item(lines[start])?;
    let mut entries: Vec<(String, Vec<String>)> = Vec::new();
    // Items whose names stand in sub-groups (a region over its countries).
    let mut nested = 0;
    let mut index = start;
    while let Some((at, text)) = lines.get(index).and_then(|line| item(line)) {
        if at != indent {
            break;
        }
        index += 1;
        let mut deeper: Vec<(usize, String)> = Vec::new();
        while let Some((level, name)) = lines.get(index).and_then(|line| item(line))
            && level > indent
        {
            deeper.push((level, name));
            index += 1;
        }
        // The leaves: items with nothing deeper under them.
        let leaves: Vec<String> = deeper
            .iter()
            .enumerate()
            .filter(|(at, (level, _))| deeper.get(at + 1).is_none_or(|(next, _)| next <= level))
            .map(|(_, (_, name))| name.clone())
            .collect();
        let levels: std::collections::HashSet<usize> =
            deeper.iter().map(|(level, _)| *level).collect();
        if levels.len() >= 2 {
            nested += 1;
        }
        entries.push((text, leaves));
    }
    let leaves: Vec<&String> = entries.iter().flat_map(|(_, leaves)| leaves).collect();
    let plain = leaves
        .iter()
        .filter(|leaf| {
            leaf.split_whitespace().count() <= 6
                && !leaf.chars().any(|c| c.is_ascii_digit() || c == ',')
        })
        .count();
    let grouped = entries
        .iter()
        .filter(|(_, leaves)| leaves.len() >= 2)
        .count();
    if grouped < 2 || nested < 2 || plain * 10 < leaves.len() * 8 {
        return None;
    }
    let mut table = vec!["| | |".to_owned(), "|---|---|".to_owned()];
    for (text, leaves) in &entries {
        // (Emphasis marks are no part of a name: "Aforika Borwa *(South Africa)*".)
        let names: Vec<String> = leaves
            .iter()
            .map(|leaf| cell(&leaf.replace('*', "")))
            .collect();
        table.push(format!("| {} | {} |", cell(text), names.join(", ")));
    }
    Some((table, index))
}

/// Text set in a table cell: a bar would start a new cell.
fn cell(text: &str) -> String {
    text.replace('|', "/")
}

/// An item's indent and text.
fn item(line: &str) -> Option<(usize, String)> {
    let captures = ITEM.captures(line)?;
    Some((captures[1].len(), captures[2].trim().to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_with_the_same_labelled_values_are_a_table() {
        let text = "Prices:\n- **UBN ⇄ PEK** · *Ulaanbaatar ⇄ Beijing*\n  - Economy: 15 000 miles\n  - Business: 32 000 miles\n- UBN ⇄ IST\n  - Economy: 38 000 miles\n  - Business: not offered\n\nA return costs twice.";
        assert_eq!(
            as_tables(text),
            "Prices:\n\n| | Economy | Business |\n|---|---|---|\n| **UBN ⇄ PEK** · *Ulaanbaatar ⇄ Beijing* | 15 000 miles | 32 000 miles |\n| UBN ⇄ IST | 38 000 miles | not offered |\n\nA return costs twice."
        );
        // A list of plain items, or of items whose values differ in kind, stays a list.
        let text = "- Silver: 25,000 miles\n- Gold: 50,000 miles";
        assert_eq!(as_tables(text), text);
        let text = "- A\n  - Economy: 1\n  - Business: 2\n- B\n  - Economy: 3\n  - First: 4";
        assert_eq!(as_tables(text), text);
    }
}
