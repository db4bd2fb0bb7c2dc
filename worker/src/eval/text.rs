//! `score.py`'s reading of free text: the numbers in a reply ("4,806", "4 806", "70k
//! points"), numbers followed by a currency word, and the name patterns of `phrase_re`.
//! Python's look-behind and look-ahead have no equivalent in the `regex` crate: each is a
//! check of the neighbouring character around a match, tried at every start as Python's
//! search does.

use regex::Regex;

/// A compiled pattern; every pattern here is fixed, so a failure is a bug.
pub fn pattern(source: &str) -> Regex {
    Regex::new(source).unwrap_or_else(|error| panic!("scorer pattern {source:?}: {error}"))
}

/// The character before byte offset `at`.
fn before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

/// The character at byte offset `at`.
fn after(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

fn next_boundary(text: &str, at: usize) -> usize {
    at + after(text, at).map_or(1, char::len_utf8)
}

/// Python's `re.finditer` (or, with `first`, `re.search`) of `re` guarded by a look-behind
/// on the preceding character and a look-ahead on the following one. The patterns guarded
/// here end in a fixed character or class, so a start has one candidate end.
pub fn find_guarded(
    re: &Regex,
    text: &str,
    behind_ok: impl Fn(Option<char>) -> bool,
    ahead_ok: impl Fn(Option<char>) -> bool,
    first: bool,
) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut at = 0;
    while at <= text.len() {
        let Some(m) = re.find_at(text, at) else { break };
        if behind_ok(before(text, m.start())) && ahead_ok(after(text, m.end())) {
            found.push((m.start(), m.end()));
            if first {
                break;
            }
            at = if m.end() > m.start() {
                m.end()
            } else {
                next_boundary(text, m.end())
            };
        } else {
            at = next_boundary(text, m.start());
        }
    }
    found
}

/// Python's `pattern.match(text, at)` for a pattern compiled with a leading `^`.
pub fn matches_at(anchored: &Regex, text: &str, at: usize) -> bool {
    anchored.is_match(&text[at..])
}

/// Python's `\w` (`str.isalnum()` or `_`).
pub fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `[A-Za-z]` under `re.I`, which also matches the long s and the Kelvin sign.
pub fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '\u{17f}' || c == '\u{212a}'
}

/// `(?<![\w.,])`: a number starts here only after a non-word character other than . and ,.
fn number_may_start(c: Option<char>) -> bool {
    !c.is_some_and(|c| is_word(c) || c == '.' || c == ',')
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// A number found in text: its characters' span and value.
#[derive(Clone, Copy, Debug)]
pub struct Found {
    pub end: usize,
    pub value: f64,
}

/// The text as characters with their byte offsets, plus the end offset.
struct Chars {
    chars: Vec<char>,
    offsets: Vec<usize>,
}

impl Chars {
    fn new(text: &str) -> Self {
        let (mut offsets, chars): (Vec<usize>, Vec<char>) = text.char_indices().unzip();
        offsets.push(text.len());
        Chars { chars, offsets }
    }

    fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    fn digit_run(&self, from: usize) -> usize {
        self.chars[from..]
            .iter()
            .take_while(|c| is_digit(**c))
            .count()
    }

    fn text(&self, from: usize, to: usize) -> String {
        self.chars[from..to].iter().collect()
    }

    /// The ends of `sep ddd` groups repeated after `from`, shortest first.
    fn group_ends(&self, from: usize, is_sep: impl Fn(char) -> bool) -> Vec<usize> {
        let mut ends = Vec::new();
        let mut end = from;
        while self.at(end).is_some_and(&is_sep)
            && (1..=3).all(|k| self.at(end + k).is_some_and(is_digit))
        {
            end += 4;
            ends.push(end);
        }
        ends
    }
}

/// Python's `finditer` over character positions: `body(i)` gives the end of the match
/// starting at `i` (its look-ahead included), tried after the look-behind allows `i`.
fn scan(chars: &Chars, body: impl Fn(usize) -> Option<(usize, f64)>) -> Vec<Found> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.chars.len() {
        let allowed = number_may_start(i.checked_sub(1).and_then(|b| chars.at(b)));
        match body(i).filter(|_| allowed && is_digit(chars.chars[i])) {
            Some((end, value)) => {
                found.push(Found {
                    end: chars.offsets[end],
                    value,
                });
                i = end;
            }
            None => i += 1,
        }
    }
    found
}

/// `_SEP_NUM`: `(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\d])`.
pub fn separated_numbers(text: &str) -> Vec<Found> {
    let chars = Chars::new(text);
    scan(&chars, |start| {
        if !chars.at(start).is_some_and(is_digit) {
            return None;
        }
        let run = chars.digit_run(start);
        // The optional decimals, then `(?![\d])`: the end of a match whose integer part
        // ends at `end`, if one does.
        let accept = |end: usize| -> Option<usize> {
            if chars.at(end) == Some('.') && chars.at(end + 1).is_some_and(is_digit) {
                Some(end + 1 + chars.digit_run(end + 1))
            } else if chars.at(end).is_some_and(is_digit) {
                None
            } else {
                Some(end)
            }
        };
        let mut candidates = Vec::new();
        if run <= 3 {
            candidates.extend(chars.group_ends(start + run, |c| c == ','));
            candidates.reverse();
        }
        candidates.push(start + run);
        candidates.into_iter().find_map(|integer_end| {
            let end = accept(integer_end)?;
            let integer: String = chars.text(start, integer_end).replace(',', "");
            let decimals = chars.text(integer_end, end);
            let value = format!("{integer}{decimals}").parse().ok()?;
            Some((end, value))
        })
    })
}

/// `_SPACE_NUM`: `(?<![\w.,])(\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+)(?![\d,.])`.
pub fn spaced_numbers(text: &str) -> Vec<Found> {
    let chars = Chars::new(text);
    scan(&chars, |start| {
        let run = chars.digit_run(start);
        if !(1..=3).contains(&run) {
            return None;
        }
        let mut ends = chars.group_ends(start + run, |c| {
            matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
        });
        ends.reverse();
        ends.into_iter()
            .find(|end| {
                !chars
                    .at(*end)
                    .is_some_and(|c| is_digit(c) || c == ',' || c == '.')
            })
            .and_then(|end| {
                let digits: String = chars
                    .text(start, end)
                    .chars()
                    .filter(|c| is_digit(*c))
                    .collect();
                Some((end, digits.parse().ok()?))
            })
    })
}

/// A name as `phrase_re` matches it: case-insensitive, tolerant of whitespace, `&`/"and"/"+",
/// and hyphens or slashes, not inside a longer word of letters and digits.
pub struct Phrase {
    re: Regex,
    guard_before: bool,
    guard_after: bool,
}

impl Phrase {
    pub fn new(name: &str) -> Phrase {
        let mut body = String::new();
        for c in name.trim().chars() {
            let part = if c.is_whitespace() {
                r"\s*".to_owned()
            } else if c == '&' {
                r"\s*(?:&|and|\+)\s*".to_owned()
            } else if c == '-' || c == '/' {
                r"[\s\-/]?".to_owned()
            } else {
                regex::escape(&c.to_string())
            };
            body.push_str(&part);
        }
        while body.contains(r"\s*\s*") {
            body = body.replace(r"\s*\s*", r"\s*");
        }
        Phrase {
            re: pattern(&format!("(?i){body}")),
            guard_before: name.chars().next().is_some_and(char::is_alphanumeric),
            guard_after: name.chars().next_back().is_some_and(char::is_alphanumeric),
        }
    }

    fn find(&self, text: &str, first: bool) -> Vec<(usize, usize)> {
        let outside =
            |c: Option<char>| !c.is_some_and(|c| c.is_ascii_digit() || is_latin_letter(c));
        find_guarded(
            &self.re,
            text,
            |c| !self.guard_before || outside(c),
            |c| !self.guard_after || outside(c),
            first,
        )
    }

    /// Byte spans of every match, as `finditer`.
    pub fn find_all(&self, text: &str) -> Vec<(usize, usize)> {
        self.find(text, false)
    }

    /// `search`.
    pub fn is_in(&self, text: &str) -> bool {
        !self.find(text, true).is_empty()
    }
}

/// Character offsets (Python's string indices) of byte offsets in `text`.
pub fn char_index(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(found: Vec<Found>) -> Vec<f64> {
        found.into_iter().map(|found| found.value).collect()
    }

    #[test]
    fn reads_numbers_as_score_py() {
        assert_eq!(
            values(separated_numbers("4,806 miles, 4806 and 1.5")),
            [4806.0, 4806.0, 1.5]
        );
        assert_eq!(values(separated_numbers("1,234,5678")), [1234.0]);
        assert_eq!(values(separated_numbers("1234,5")), [1234.0]);
        assert_eq!(values(separated_numbers("a1 x.5 7")), [7.0]);
        assert_eq!(values(separated_numbers("4 806")), [4.0, 806.0]);
        assert_eq!(
            values(spaced_numbers("4 806 and 12\u{a0}345\u{a0}678")),
            [4806.0, 12345678.0]
        );
        assert_eq!(values(spaced_numbers("4 806,5")), Vec::<f64>::new());
        assert_eq!(values(spaced_numbers("4 806 1234")), [4806.0]);
    }

    #[test]
    fn phrases_match_whole_names() {
        let phrase = Phrase::new("Miles&Smiles");
        assert!(phrase.is_in("credit to miles and smiles."));
        assert!(phrase.is_in("Miles & Smiles"));
        assert!(!phrase.is_in("MilesAndSmilesX"));
        assert!(Phrase::new("United").is_in("(united)"));
        assert!(!Phrase::new("United").is_in("reunited"));
        assert_eq!(
            Phrase::new("35K").find_all("35K, 35k and 135K"),
            [(0, 3), (5, 8)]
        );
    }
}
