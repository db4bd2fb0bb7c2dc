//! Text normalisation, tokenising and phrase matching shared by the reference look-ups.
//!
//! A text is cut into word tokens (runs of letters and digits, lowercased, accents folded),
//! `&` and `+` become the words `and` and `plus`, and "hard" punctuation (`,;:()[]{}|/!?"` and
//! the like) becomes separator tokens that no phrase may span. Apostrophes, hyphens, periods and
//! white space only split words. A phrase matches a span of tokens when the words are equal, or
//! when the span's words glued together equal the phrase's words glued together and no word of
//! the span is a single character (so "Mileage Plus" finds "MileagePlus", but "S miles" never
//! finds "Smiles").

use std::collections::HashMap;

/// One token of a text.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    /// Byte offset of the token's first character in the text.
    pub start: usize,
    /// Byte offset just past the token's last character.
    pub end: usize,
    /// Lowercased, accent-folded word, or the separator character for a separator.
    pub norm: String,
    /// A separator (hard punctuation) rather than a word.
    pub sep: bool,
}

/// Lowercases a character and folds the common Latin accents to ASCII.
pub(crate) fn fold_into(c: char, out: &mut String) {
    for l in c.to_lowercase() {
        let folded = match l {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
            'æ' => "ae",
            'ç' | 'ć' | 'č' | 'ĉ' => "c",
            'ď' | 'đ' | 'ð' => "d",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
            'ğ' | 'ģ' => "g",
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' | 'į' => "i",
            'ķ' => "k",
            'ł' | 'ļ' | 'ľ' => "l",
            'ñ' | 'ń' | 'ň' | 'ņ' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
            'œ' => "oe",
            'ř' => "r",
            'ś' | 'š' | 'ş' | 'ș' => "s",
            'ß' => "ss",
            'ť' | 'ţ' | 'ț' => "t",
            'þ' => "th",
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
            'ý' | 'ÿ' => "y",
            'ź' | 'ž' | 'ż' => "z",
            other => {
                out.push(other);
                continue;
            }
        };
        out.push_str(folded);
    }
}

/// Whether a character ends a phrase: no phrase may span it.
fn is_hard_sep(c: char) -> bool {
    matches!(
        c,
        ',' | ';'
            | ':'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '|'
            | '/'
            | '\\'
            | '!'
            | '?'
            | '"'
            | '“'
            | '”'
            | '<'
            | '>'
            | '='
            | '*'
            | '#'
            | '•'
            | '·'
            | '\t'
    )
}

/// Cuts a text into word and separator tokens.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut word: Option<(usize, String)> = None;
    let flush = |word: &mut Option<(usize, String)>, end: usize, tokens: &mut Vec<Token>| {
        if let Some((start, norm)) = word.take() {
            tokens.push(Token {
                start,
                end,
                norm,
                sep: false,
            });
        }
    };
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            match &mut word {
                Some((_, norm)) => fold_into(c, norm),
                None => {
                    let mut norm = String::new();
                    fold_into(c, &mut norm);
                    word = Some((i, norm));
                }
            }
            continue;
        }
        flush(&mut word, i, &mut tokens);
        let end = i + c.len_utf8();
        let (norm, sep) = match c {
            '&' => ("and".to_string(), false),
            '+' => ("plus".to_string(), false),
            c if is_hard_sep(c) => (c.to_string(), true),
            _ => continue,
        };
        tokens.push(Token {
            start: i,
            end,
            norm,
            sep,
        });
    }
    flush(&mut word, text.len(), &mut tokens);
    tokens
}

/// The words of a text glued together, separators dropped: the key for whole-string look-ups
/// ("The United  Kingdom." and "united kingdom" give "unitedkingdom" once `the` is dropped).
pub(crate) fn compact(text: &str, drop_leading_the: bool) -> String {
    let words: Vec<String> = tokenize(text)
        .into_iter()
        .filter(|t| !t.sep)
        .map(|t| t.norm)
        .collect();
    let skip = usize::from(drop_leading_the && words.len() > 1 && words[0] == "the");
    words[skip..].concat()
}

/// How the letters of a text span must be written for a phrase to match it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CaseRule {
    /// Any case.
    Any,
    /// The first letter is a capital (single ordinary words such as "Delta" or "United").
    Capitalized,
    /// Every letter is a capital (short acronyms such as "LOT", "TAP", "ANA").
    AllCaps,
}

/// Single-word names that are also ordinary words; they match only when capitalised.
const COMMON_WORDS: &[&str] = &[
    "aegean",
    "austrian",
    "azul",
    "cathay",
    "condor",
    "copa",
    "delta",
    "emirates",
    "enrich",
    "ethiopian",
    "garuda",
    "iberia",
    "norwegian",
    "peach",
    "pegasus",
    "play",
    "rex",
    "scoot",
    "sindbad",
    "smiles",
    "southwest",
    "swiss",
    "turkish",
    "united",
    "velocity",
    "volare",
    "voyager",
    "wizz",
    "america",
    "korea",
    "britain",
    "china",
    "georgia",
    "jordan",
    "chad",
    "guinea",
    "turkey",
    "niger",
];

fn case_rule(phrase: &str, words: &[String]) -> CaseRule {
    let letters: Vec<char> = phrase.chars().filter(|c| c.is_alphabetic()).collect();
    if !letters.is_empty() && letters.len() <= 4 && letters.iter().all(|c| c.is_uppercase()) {
        CaseRule::AllCaps
    } else if words.len() == 1 && COMMON_WORDS.contains(&words[0].as_str()) {
        CaseRule::Capitalized
    } else {
        CaseRule::Any
    }
}

fn case_ok(rule: CaseRule, surface: &str) -> bool {
    match rule {
        CaseRule::Any => true,
        CaseRule::Capitalized => surface.chars().next().is_some_and(char::is_uppercase),
        CaseRule::AllCaps => surface
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase),
    }
}

#[derive(Debug)]
struct Phrase<T> {
    words: Vec<String>,
    rule: CaseRule,
    priority: u8,
    target: T,
}

/// A match of a phrase in a text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit<T> {
    /// Index of the first token of the span.
    pub first: usize,
    /// Index just past the last token of the span.
    pub last: usize,
    /// What the phrase stands for.
    pub target: T,
}

/// A dictionary of phrases, found in a text leftmost first, longest first.
#[derive(Debug)]
pub(crate) struct Matcher<T> {
    phrases: Vec<Phrase<T>>,
    by_compact: HashMap<String, Vec<usize>>,
    max_words: usize,
}

impl<T: Copy> Matcher<T> {
    /// An empty dictionary.
    pub fn new() -> Self {
        Self {
            phrases: Vec::new(),
            by_compact: HashMap::new(),
            max_words: 0,
        }
    }

    /// Adds a phrase. Of two phrases covering the same span, the higher priority wins.
    /// Phrases holding hard punctuation ("ANA (All Nippon Airways)", "Korea, Republic of")
    /// are skipped: the whole-string look-ups find those.
    pub fn add(&mut self, phrase: &str, priority: u8, target: T) {
        let tokens = tokenize(phrase);
        if tokens.is_empty() || tokens.iter().any(|t| t.sep) {
            return;
        }
        let words: Vec<String> = tokens.into_iter().map(|t| t.norm).collect();
        let key: String = words.concat();
        let rule = case_rule(phrase, &words);
        self.max_words = self.max_words.max(words.len());
        self.by_compact
            .entry(key)
            .or_default()
            .push(self.phrases.len());
        self.phrases.push(Phrase {
            words,
            rule,
            priority,
            target,
        });
    }

    /// The longest phrase starting at token `i`, if any.
    pub fn longest_at(&self, text: &str, tokens: &[Token], i: usize) -> Option<Hit<T>> {
        let mut glued = String::new();
        let mut best: Option<(usize, u8, T)> = None;
        let mut all_long = true;
        for j in i..tokens.len().min(i + self.max_words.max(1) * 3) {
            let tok = &tokens[j];
            if tok.sep {
                break;
            }
            glued.push_str(&tok.norm);
            all_long &= tok.norm.chars().count() >= 2;
            let Some(candidates) = self.by_compact.get(&glued) else {
                continue;
            };
            let span = &tokens[i..=j];
            let surface = &text[tokens[i].start..tok.end];
            for &p in candidates {
                let phrase = &self.phrases[p];
                let same_words = phrase.words.len() == span.len()
                    && phrase.words.iter().zip(span).all(|(w, t)| *w == t.norm);
                let glued_ok = span.len() == 1 || all_long;
                if !(same_words || glued_ok) || !case_ok(phrase.rule, surface) {
                    continue;
                }
                let better = match best {
                    None => true,
                    Some((end, prio, _)) => j + 1 > end || (j + 1 == end && phrase.priority > prio),
                };
                if better {
                    best = Some((j + 1, phrase.priority, phrase.target));
                }
            }
        }
        best.map(|(last, _, target)| Hit {
            first: i,
            last,
            target,
        })
    }

    /// Every phrase in the text, scanning left to right and taking the longest match at each
    /// position; matches never overlap.
    pub fn find_all(&self, text: &str, tokens: &[Token]) -> Vec<Hit<T>> {
        let mut hits = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            if tokens[i].sep {
                i += 1;
                continue;
            }
            match self.longest_at(text, tokens, i) {
                Some(hit) => {
                    i = hit.last;
                    hits.push(hit);
                }
                None => i += 1,
            }
        }
        hits
    }
}
