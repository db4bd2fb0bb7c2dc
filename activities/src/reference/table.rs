//! A small CSV reader for the compiled-in reference tables: comma-separated fields, fields in
//! double quotes may hold commas, newlines and doubled quotes (`""`).

/// Parses `text`, checks that its header is `header`, and returns the data rows, each with
/// exactly `header.len()` fields. The tables are compiled in, so a malformed one is a bug:
/// this panics with the reason.
pub(super) fn parse(text: &str, header: &[&str]) -> Vec<Vec<String>> {
    let mut rows = records(text).into_iter();
    let head = rows.next().expect("reference table has a header");
    assert_eq!(head, header, "reference table header");
    rows.enumerate()
        .map(|(n, row)| {
            assert_eq!(
                row.len(),
                header.len(),
                "reference table row {} ({row:?}) has the header's field count",
                n + 2
            );
            row
        })
        .collect()
}

fn records(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut line_has_content = false;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' => {
                quoted = true;
                line_has_content = true;
            }
            ',' => {
                row.push(std::mem::take(&mut field));
                line_has_content = true;
            }
            '\r' => {}
            '\n' => {
                if line_has_content || !field.is_empty() {
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                line_has_content = false;
            }
            c => {
                field.push(c);
                line_has_content = true;
            }
        }
    }
    if line_has_content || !field.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_and_blank_lines() {
        let rows = records("a,b,c\n1,\"x, \"\"y\"\"\",\n\n2,z,\"w\"\n");
        assert_eq!(
            rows,
            vec![
                vec!["a", "b", "c"],
                vec!["1", "x, \"y\"", ""],
                vec!["2", "z", "w"]
            ]
        );
    }
}
