//! Lists of fare classes read glyph by glyph. Set tight, "Z/J/R/I/C" defeats tesseract
//! however it is scaled: it reads a slash and its neighbour as one letter ("R/I/C" as
//! "RIVC", "S/Y/V" as "SIYM") and drops a lone I. Cut apart, the glyphs read well: each
//! upright bar is the letter I, each slash a slash and each comma a comma (told by their
//! shape alone), the other glyphs are set apart on a line of their own and read by
//! tesseract, one each.

use image::{GrayImage, Luma};

use super::binarize::{Area, Binary, INK, PAPER};
use super::reread::{DOUBTFUL_BELOW, SPACING, WordRead, stack};
use super::unread_ink::{Stroke, strokes};

/// Paper put between the glyphs of a word, relative to its height.
const GAP: f32 = 0.6;

/// One glyph of a word: its box on the page and what its shape alone says it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Glyph {
    pub area: Area,
    pub shape: Shape,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shape {
    /// An upright bar of letter height: I.
    Bar,
    /// Short and low: a comma (or a full stop).
    Comma,
    /// A thin stroke leaning right: a slash (tesseract reads it as I once set apart).
    Slash,
    /// Anything else: read by tesseract.
    Other,
}

/// Words that look like lists of fare classes badly read: capitals, slashes, commas and
/// the marks OCR makes of them, with a slash or a comma, and not a clean list already.
pub fn list_like(word: &WordRead) -> bool {
    let text = word.text.trim_end_matches([':', '.', ';']);
    let marks = |c: char| matches!(c, '/' | ',' | '|' | '\\' | ')' | '}' | ']' | '(');
    text.chars().count() >= 3
        && text.chars().any(|c| matches!(c, '/' | ','))
        && text.chars().any(|c| c.is_ascii_uppercase())
        && text
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || marks(c))
        && !clean_list(text)
}

/// A doubtful short word of capitals after a list's comma on the same line: the rest of
/// the list with its separator misread ("R, LC" for "R, I, C").
pub fn list_goes_on(before: &WordRead, word: &WordRead) -> bool {
    let same_line = before.area.top.abs_diff(word.area.top) * 2 < word.area.height
        && before.area.left < word.area.left;
    same_line
        && before.text.ends_with(',')
        && before
            .text
            .chars()
            .all(|c| c.is_ascii_uppercase() || matches!(c, ',' | '/'))
        && word.confidence < DOUBTFUL_BELOW
        && (2..=3).contains(&word.text.chars().count())
        && word.text.chars().all(|c| c.is_ascii_uppercase())
}

/// Single capitals set apart by slashes or commas ("S/Y/V", "Q,E,N").
pub fn clean_list(text: &str) -> bool {
    let text = text.trim_end_matches([',', '/', ':', '.', ';']);
    let tokens: Vec<&str> = text.split(['/', ',']).map(str::trim).collect();
    tokens.len() >= 2
        && tokens
            .iter()
            .all(|token| token.len() == 1 && token.chars().all(|c| c.is_ascii_uppercase()))
}

/// The glyphs inside a word's box, left to right: its strokes of ink, those one above the
/// other joined (a broken letter), specks left out.
pub fn glyphs(page: &Binary, area: Area) -> Vec<Glyph> {
    let (crop, (left, top)) = page.crop(area, 0);
    let mut found: Vec<Stroke> = strokes(&crop);
    let tallest = found.iter().map(Stroke::height).max().unwrap_or(0) as f64;
    found.retain(|stroke| stroke.height() as f64 >= tallest * 0.15 && stroke.ink >= 4);
    found.sort_by_key(|stroke| stroke.left);
    let mut joined: Vec<Stroke> = Vec::new();
    for stroke in found {
        match joined.last_mut() {
            Some(last) if stacked(last, &stroke) => last.join(&stroke),
            _ => joined.push(stroke),
        }
    }
    let letter_height = joined.iter().map(Stroke::height).max().unwrap_or(0) as f64;
    joined
        .into_iter()
        .map(|stroke| {
            let (width, height) = (stroke.width() as f64, stroke.height() as f64);
            let fill = stroke.ink as f64 / (width * height);
            let shape = if height < letter_height * 0.5 {
                Shape::Comma
            } else if width <= height * 0.35 && fill >= 0.6 && height >= letter_height * 0.7 {
                Shape::Bar
            } else if height >= letter_height * 0.7 && slanted(&crop, &stroke) {
                Shape::Slash
            } else {
                Shape::Other
            };
            Glyph {
                area: Area {
                    left: left + stroke.left,
                    top: top + stroke.top,
                    width: stroke.width(),
                    height: stroke.height(),
                },
                shape,
            }
        })
        .collect()
}

/// Pieces of one glyph one above the other (a colon's dots, a broken letter): side by
/// side they overlap on most of the narrower's width, one over the other hardly at all.
/// A slash leaning over its neighbour overlaps it across, not above.
fn stacked(a: &Stroke, b: &Stroke) -> bool {
    let across = a.right.min(b.right).saturating_sub(a.left.max(b.left));
    let above = a.bottom.min(b.bottom).saturating_sub(a.top.max(b.top));
    across * 2 > a.width().min(b.width()) && above * 3 < a.height().min(b.height())
}

/// A thin stroke leaning right as it rises: each row's ink is a short run, and the runs
/// of its top quarter lie well right of those of its bottom quarter.
fn slanted(crop: &Binary, stroke: &Stroke) -> bool {
    let (width, height) = (stroke.width(), stroke.height());
    if height < 8 || width * 10 > height * 7 {
        return false;
    }
    // Per row: the leftmost and rightmost ink.
    let runs: Vec<Option<(usize, usize)>> = (stroke.top..stroke.bottom)
        .map(|y| {
            let row = &crop.pixels[y * crop.width + stroke.left..y * crop.width + stroke.right];
            let first = row.iter().position(|&pixel| pixel == INK)?;
            let last = row.iter().rposition(|&pixel| pixel == INK)?;
            Some((first, last + 1))
        })
        .collect();
    let short = runs
        .iter()
        .flatten()
        .filter(|(from, to)| (to - from) * 2 <= width)
        .count();
    let centre = |rows: &[Option<(usize, usize)>]| {
        let centres: Vec<f64> = rows
            .iter()
            .flatten()
            .map(|(from, to)| (from + to) as f64 / 2.0)
            .collect();
        centres.iter().sum::<f64>() / centres.len().max(1) as f64
    };
    let quarter = height / 4;
    let (top, bottom) = (centre(&runs[..quarter]), centre(&runs[height - quarter..]));
    short * 100 >= runs.len() * 85 && top - bottom >= width as f64 * 0.4
}

/// A word's line on the sheet: the band of rows it fills and, per glyph to read, the
/// columns it stands in.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub top: u32,
    pub bottom: u32,
    pub slots: Vec<(u32, u32)>,
}

/// A sheet with, per word, a line of its glyphs to read (bars, slashes and commas left
/// out) set well apart, so that tesseract reads each as a word of its own.
pub fn sheet(page: &Binary, words: &[(Area, Vec<Glyph>)]) -> (GrayImage, Vec<Line>) {
    let (images, slots): (Vec<GrayImage>, Vec<Vec<(u32, u32)>>) = words
        .iter()
        .map(|(area, glyphs)| spaced_line(page, *area, glyphs))
        .unzip();
    let (sheet, bands) = stack(&images);
    let lines = bands
        .into_iter()
        .zip(slots)
        .map(|((top, bottom), slots)| Line {
            top,
            bottom,
            slots: slots
                .into_iter()
                .map(|(from, to)| (from + SPACING, to + SPACING))
                .collect(),
        })
        .collect();
    (sheet, lines)
}

/// The word's glyphs to read, side by side with paper between them, on its own baseline,
/// and the columns each stands in.
fn spaced_line(page: &Binary, area: Area, glyphs: &[Glyph]) -> (GrayImage, Vec<(u32, u32)>) {
    let gap = ((area.height as f32 * GAP).round() as u32).max(4);
    let to_read: Vec<&Glyph> = glyphs
        .iter()
        .filter(|glyph| glyph.shape == Shape::Other)
        .collect();
    let width = to_read
        .iter()
        .map(|glyph| glyph.area.width as u32 + gap)
        .sum::<u32>()
        + gap;
    let height = area.height as u32 + 2 * gap;
    let mut line = GrayImage::from_pixel(width.max(1), height, Luma([PAPER]));
    let mut slots = Vec::with_capacity(to_read.len());
    let mut x = gap;
    for glyph in to_read {
        for dy in 0..glyph.area.height {
            for dx in 0..glyph.area.width {
                let (px, py) = (glyph.area.left + dx, glyph.area.top + dy);
                if page.pixels[py * page.width + px] == INK {
                    let y = (glyph.area.top - area.top + dy) as u32 + gap;
                    line.put_pixel(x + dx as u32, y, Luma([INK]));
                }
            }
        }
        slots.push((x, x + glyph.area.width as u32));
        x += glyph.area.width as u32 + gap;
    }
    (line, slots)
}

/// What tesseract read on a line (`read`: its words on the sheet), one character per
/// slot: the glyph alone under each slot, else the line's characters in order when there
/// are as many as slots; nothing when it read more or fewer.
pub fn read_slots(line: &Line, read: &[WordRead]) -> Option<String> {
    let mut on_line: Vec<&WordRead> = read
        .iter()
        .filter(|word| {
            let middle = (word.area.top + word.area.height / 2) as u32;
            (line.top..=line.bottom).contains(&middle)
        })
        .collect();
    on_line.sort_by_key(|word| word.area.left);
    let alone: Option<String> = line
        .slots
        .iter()
        .map(|&(from, to)| {
            let mut inside = on_line.iter().filter(|word| {
                let centre = (word.area.left + word.area.width / 2) as u32;
                (from..=to).contains(&centre)
            });
            match (inside.next(), inside.next()) {
                (Some(word), None) if word.text.chars().count() == 1 => word.text.chars().next(),
                _ => None,
            }
        })
        .collect();
    alone.or_else(|| {
        let text: String = on_line.iter().map(|word| word.text.as_str()).collect();
        (text.chars().count() == line.slots.len()).then_some(text)
    })
}

/// The word's text from its glyphs and the reading of those sent to tesseract (`read`,
/// one character per glyph, in order): a clean list of classes, or nothing.
pub fn assemble(glyphs: &[Glyph], read: &str) -> Option<String> {
    let mut read = read.chars().filter(|c| !c.is_whitespace());
    let mut text = String::new();
    for glyph in glyphs {
        text.push(match glyph.shape {
            Shape::Bar => 'I',
            Shape::Comma => ',',
            Shape::Slash => '/',
            Shape::Other => match read.next()? {
                c if c.is_ascii_uppercase() || c == '/' => c,
                '|' | 'l' | '1' => 'I',
                '0' => 'O',
                '2' => 'Z',
                '5' | '$' => 'S',
                '7' => 'T',
                '8' => 'B',
                _ => return None,
            },
        });
    }
    (read.next().is_none() && clean_list(&text)).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_with(strokes: &[(usize, usize, usize, usize, bool)]) -> Binary {
        let (width, height) = (200, 60);
        let mut pixels = vec![PAPER; width * height];
        for &(left, top, w, h, slanted) in strokes {
            for y in top..top + h {
                // A slash: a thin stroke leaning right as it rises.
                let run = if slanted { w / 3 } else { w };
                let shift = if slanted {
                    (top + h - y) * (w - run) / h
                } else {
                    0
                };
                for x in left + shift..left + shift + run {
                    pixels[y * width + x] = INK;
                }
            }
        }
        Binary {
            width,
            height,
            pixels,
        }
    }

    #[test]
    fn tells_bars_and_commas_from_glyphs_to_read() {
        // "R/I/C": a block, a slash, a bar, a slash, a block.
        let page = page_with(&[
            (10, 10, 20, 30, false),
            (35, 10, 14, 30, true),
            (55, 10, 5, 30, false),
            (65, 10, 14, 30, true),
            (85, 10, 20, 30, false),
            (110, 34, 4, 9, false),
        ]);
        let area = Area {
            left: 5,
            top: 5,
            width: 120,
            height: 40,
        };
        let found = glyphs(&page, area);
        let shapes: Vec<Shape> = found.iter().map(|glyph| glyph.shape).collect();
        use Shape::*;
        assert_eq!(shapes, [Other, Slash, Bar, Slash, Other, Comma]);
        assert_eq!(assemble(&found, "R C"), Some("R/I/C,".to_owned()));
        assert_eq!(assemble(&found, "R"), None);
        let (sheet, lines) = sheet(&page, &[(area, found)]);
        assert_eq!(lines[0].slots.len(), 2);
        assert!(sheet.width() > lines[0].slots[1].1);
        let word = |left: usize, text: &str| WordRead {
            row: 1,
            area: Area {
                left,
                top: lines[0].top as usize + 10,
                width: 18,
                height: 30,
            },
            confidence: 90.0,
            text: text.to_owned(),
        };
        let (first, second) = (lines[0].slots[0].0 as usize, lines[0].slots[1].0 as usize);
        assert_eq!(
            read_slots(&lines[0], &[word(first, "R"), word(second, "C")]),
            Some("RC".to_owned())
        );
        assert_eq!(
            read_slots(&lines[0], &[word(first, "RC")]),
            Some("RC".to_owned())
        );
        assert_eq!(read_slots(&lines[0], &[word(first, "RJC")]), None);
    }

    #[test]
    fn a_short_doubtful_word_after_a_list_comma_goes_on_with_the_list() {
        let word = |left: usize, text: &str, confidence: f64| WordRead {
            row: 1,
            area: Area {
                left,
                top: 100,
                width: 60,
                height: 40,
            },
            confidence,
            text: text.to_owned(),
        };
        let list = word(100, "Z,J,R,", 70.0);
        assert!(list_goes_on(&list, &word(200, "LC", 82.0)));
        assert!(!list_goes_on(&list, &word(200, "LC", 96.0)));
        assert!(!list_goes_on(
            &word(100, "Zone,", 90.0),
            &word(200, "LC", 82.0)
        ));
        assert!(!list_goes_on(&list, &word(200, "Lounge", 82.0)));
    }
}
