//! Ink that OCR left unread. Tesseract's layout analysis now and then drops a word whole:
//! the thin capital I between other fare classes ("J, I, Z" read as "J, Z", "fares in I
//! are" as "fares in are"), a tier's name before its dot leader. Such ink shows as strokes
//! of text size that no word box covers; a lone upright bar is the letter I, anything else
//! is read again as a line of its own (see `extract::ocr_image`).

use super::binarize::{Area, Binary, INK};
use super::ocr_layout::median;
use super::reread::words_read;

/// A stretch of unread ink on one text line, in page pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Unread {
    pub area: Area,
    /// A single upright bar of letter height: the letter I.
    pub bar: bool,
}

/// At most this many stretches per page are read again: a page with more unread ink holds
/// a picture, not dropped words.
const MAX_UNREAD: usize = 12;

/// The stretches of text-sized ink on `image` that no word box of `tsv` (tesseract's
/// `tsv` output for that image) covers.
pub fn unread_ink(image: &Binary, tsv: &str) -> Vec<Unread> {
    let boxes: Vec<Area> = words_read(tsv).into_iter().map(|word| word.area).collect();
    let text_height = median(boxes.iter().map(|area| area.height as f64));
    if boxes.is_empty() || text_height < 4.0 {
        return Vec::new();
    }
    let pad = text_height * 0.15;
    let covered = |stroke: &Stroke| {
        let (x, y) = stroke.centre();
        boxes.iter().any(|area| {
            x >= area.left as f64 - pad
                && x <= (area.left + area.width) as f64 + pad
                && y >= area.top as f64 - pad
                && y <= (area.top + area.height) as f64 + pad
        })
    };
    // Strokes of letter height (not specks, dots or commas; not pictures).
    let mut strokes: Vec<Stroke> = strokes(image)
        .into_iter()
        .filter(|stroke| {
            let height = stroke.height() as f64;
            height >= text_height * 0.5
                && height <= text_height * 2.0
                && (stroke.width() as f64) <= text_height * 10.0
        })
        .filter(|stroke| !covered(stroke))
        .collect();
    strokes.sort_by_key(|stroke| stroke.left);
    // Strokes of one line a word space or less apart are one stretch.
    let mut stretches: Vec<(Stroke, usize)> = Vec::new();
    for stroke in strokes {
        let near = stretches.iter_mut().find(|(stretch, _)| {
            let gap = stroke.left as f64 - stretch.right as f64;
            let (_, y) = stroke.centre();
            gap <= text_height * 0.8 && y >= stretch.top as f64 && y <= stretch.bottom as f64
        });
        match near {
            Some((stretch, count)) => {
                stretch.join(&stroke);
                *count += 1;
            }
            None => stretches.push((stroke, 1)),
        }
    }
    if stretches.len() > MAX_UNREAD {
        return Vec::new();
    }
    stretches
        .into_iter()
        .map(|(stretch, count)| {
            let (width, height) = (stretch.width() as f64, stretch.height() as f64);
            let fill = stretch.ink as f64 / (width * height);
            Unread {
                area: Area {
                    left: stretch.left,
                    top: stretch.top,
                    width: stretch.width(),
                    height: stretch.height(),
                },
                bar: count == 1
                    && width <= height * 0.35
                    && fill >= 0.6
                    && (text_height * 0.6..=text_height * 1.4).contains(&height),
            }
        })
        .collect()
}

/// Words whose box begins (or ends) with an upright bar of letter height their text
/// lacks, next to a separator: tesseract reads "I, Z" as ",Z" and "Z/I" as "Z/". Returns
/// the readings with the letter I put back, as (tsv row, text, confidence).
pub fn bars_left_out(image: &Binary, tsv: &str) -> Vec<(usize, String, f64)> {
    let words = words_read(tsv);
    let text_height = median(words.iter().map(|word| word.area.height as f64));
    if text_height < 4.0 {
        return Vec::new();
    }
    let is_separator = |c: char| matches!(c, ',' | '/' | ';');
    words
        .into_iter()
        .filter(|word| word.text.chars().count() <= 8 && word.text.contains(is_separator))
        .filter_map(|word| {
            let (crop, _) = image.crop(word.area, 0);
            let mut inside = strokes(&crop);
            // Specks and the separators themselves are no letters.
            inside.retain(|stroke| stroke.height() as f64 >= text_height * 0.3);
            inside.sort_by_key(|stroke| stroke.left);
            let is_bar = |stroke: &Stroke| {
                let (width, height) = (stroke.width() as f64, stroke.height() as f64);
                width <= height * 0.35
                    && stroke.ink as f64 >= width * height * 0.6
                    && (text_height * 0.6..=text_height * 1.4).contains(&height)
            };
            let text = &word.text;
            let reading = if text.starts_with(is_separator) && inside.first().is_some_and(is_bar) {
                format!("I{text}")
            } else if text.ends_with(is_separator) && inside.last().is_some_and(is_bar) {
                format!("{text}I")
            } else {
                return None;
            };
            Some((word.row, reading, word.confidence))
        })
        .collect()
}

/// A connected stroke of ink: its bounding box (right and bottom exclusive) and how many
/// pixels of ink it holds.
#[derive(Clone, Copy, Debug)]
pub(super) struct Stroke {
    pub(super) left: usize,
    pub(super) top: usize,
    pub(super) right: usize,
    pub(super) bottom: usize,
    pub(super) ink: usize,
}

impl Stroke {
    pub(super) fn width(&self) -> usize {
        self.right - self.left
    }

    pub(super) fn height(&self) -> usize {
        self.bottom - self.top
    }

    fn centre(&self) -> (f64, f64) {
        (
            (self.left + self.right) as f64 / 2.0,
            (self.top + self.bottom) as f64 / 2.0,
        )
    }

    pub(super) fn join(&mut self, other: &Stroke) {
        self.left = self.left.min(other.left);
        self.top = self.top.min(other.top);
        self.right = self.right.max(other.right);
        self.bottom = self.bottom.max(other.bottom);
        self.ink += other.ink;
    }
}

/// The image's connected strokes (pixels of ink touching, diagonals included).
pub(super) fn strokes(image: &Binary) -> Vec<Stroke> {
    let (width, height) = (image.width, image.height);
    let mut seen = vec![false; width * height];
    let mut out = Vec::new();
    let mut stack = Vec::new();
    for start in 0..width * height {
        if seen[start] || image.pixels[start] != INK {
            continue;
        }
        seen[start] = true;
        stack.push(start);
        let (x, y) = (start % width, start / width);
        let mut stroke = Stroke {
            left: x,
            top: y,
            right: x + 1,
            bottom: y + 1,
            ink: 0,
        };
        while let Some(at) = stack.pop() {
            let (x, y) = (at % width, at / width);
            stroke.left = stroke.left.min(x);
            stroke.right = stroke.right.max(x + 1);
            stroke.top = stroke.top.min(y);
            stroke.bottom = stroke.bottom.max(y + 1);
            stroke.ink += 1;
            for ny in y.saturating_sub(1)..(y + 2).min(height) {
                for nx in x.saturating_sub(1)..(x + 2).min(width) {
                    let next = ny * width + nx;
                    if !seen[next] && image.pixels[next] == INK {
                        seen[next] = true;
                        stack.push(next);
                    }
                }
            }
        }
        out.push(stroke);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::binarize::PAPER;

    fn page(width: usize, height: usize) -> Binary {
        Binary {
            width,
            height,
            pixels: vec![PAPER; width * height],
        }
    }

    fn blot(image: &mut Binary, left: usize, top: usize, width: usize, height: usize) {
        for y in top..top + height {
            for x in left..left + width {
                image.pixels[y * image.width + x] = INK;
            }
        }
    }

    fn tsv(words: &[(usize, usize, usize, usize, &str)]) -> String {
        let mut out = String::from(
            "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n",
        );
        for (index, (left, top, width, height, text)) in words.iter().enumerate() {
            out.push_str(&format!(
                "5\t1\t1\t1\t1\t{}\t{left}\t{top}\t{width}\t{height}\t95\t{text}\n",
                index + 1
            ));
        }
        out
    }

    #[test]
    fn finds_a_dropped_bar_and_a_dropped_word_but_not_what_was_read() {
        let mut image = page(400, 200);
        // Read: "J," at 20..50 and "Z" at 120..140, both 30 px high.
        blot(&mut image, 20, 50, 20, 30);
        blot(&mut image, 120, 50, 20, 30);
        // Unread: an upright bar between them, and a word of three letters further down.
        blot(&mut image, 80, 50, 5, 30);
        for left in [40, 62, 84] {
            blot(&mut image, left, 130, 18, 30);
        }
        // A speck is no text.
        blot(&mut image, 300, 20, 3, 3);
        let read = tsv(&[(20, 50, 30, 30, "J,"), (120, 50, 20, 30, "Z")]);
        let found = unread_ink(&image, &read);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].bar ^ found[1].bar);
        let bar = found.iter().find(|unread| unread.bar).unwrap();
        assert_eq!(
            bar.area,
            Area {
                left: 80,
                top: 50,
                width: 5,
                height: 30
            }
        );
        let word = found.iter().find(|unread| !unread.bar).unwrap();
        assert_eq!((word.area.left, word.area.width), (40, 62));
    }

    #[test]
    fn puts_back_a_bar_read_inside_a_word_box_but_left_out_of_its_text() {
        let mut image = page(400, 200);
        // "I, Z" read as ",Z" (a bar, a comma, a letter in one box); "Z, Y" read right.
        let strokes = [(20, 5), (32, 0), (48, 20), (120, 20), (146, 0), (160, 20)];
        for (left, width) in strokes {
            match width {
                0 => blot(&mut image, left, 76, 4, 9),
                _ => blot(&mut image, left, 50, width, 30),
            }
        }
        let read = tsv(&[(20, 50, 48, 35, ",Z"), (120, 50, 60, 35, "Z,Y")]);
        let readings = bars_left_out(&image, &read);
        assert_eq!(readings.len(), 1, "{readings:?}");
        assert_eq!(readings[0].0, 1);
        assert_eq!(readings[0].1, "I,Z");
    }
}
