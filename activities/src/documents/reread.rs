//! Words OCR was unsure of, read again at other sizes. Tesseract's reading of a short
//! token depends on the exact pixels it gets: the same "75 %" reads "715%" at one size and
//! "75%" at another, "C/D/J/Z" as "C/D/}/Z", "V, E" as "VLE". Each doubtful word is cut
//! out (its neighbours' ink left out), scaled to a few sizes, and all of them are read in
//! one pass over a sheet that stacks them; a reading replaces the word's when tesseract is
//! clearly surer of it.

use image::{GrayImage, Luma, imageops};

use super::binarize::{Area, Binary, PAPER};

/// Words read with less confidence than this are read again.
pub const DOUBTFUL_BELOW: f64 = 90.0;
/// Sizes, relative to the page, at which a doubtful word is read again.
const SCALES: [f32; 4] = [0.6, 0.8, 1.0, 1.25];
/// A reading replaces the word's only when tesseract is this much surer of it…
const SURER_BY: f64 = 5.0;
/// …and at least this sure.
const MIN_CONFIDENCE: f64 = 60.0;
/// At most this many words per page are read again.
const MAX_WORDS: usize = 80;
/// Paper between the words stacked on the sheet, in pixels.
pub const SPACING: u32 = 30;

/// A word of tesseract's `tsv` output: its row there, box, confidence and text.
#[derive(Clone, Debug, PartialEq)]
pub struct WordRead {
    pub row: usize,
    pub area: Area,
    pub confidence: f64,
    pub text: String,
}

/// The words of tesseract's `tsv` output (level 5 rows with text), `row` counting the
/// output's lines from 0 (the header).
pub fn words_read(tsv: &str) -> Vec<WordRead> {
    tsv.lines()
        .enumerate()
        .skip(1)
        .filter_map(|(row, line)| {
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() < 12 || fields[0] != "5" || fields[11].trim().is_empty() {
                return None;
            }
            let number = |index: usize| fields[index].parse::<usize>().ok();
            Some(WordRead {
                row,
                area: Area {
                    left: number(6)?,
                    top: number(7)?,
                    width: number(8)?,
                    height: number(9)?,
                },
                confidence: fields[10].parse::<f64>().ok()?,
                text: fields[11].trim().to_owned(),
            })
        })
        .collect()
}

/// The words worth reading again: doubtful ones of two characters or more holding a
/// letter or a digit (a dash or a dot leader reads no better at another size; a single
/// letter out of its line reads worse).
pub fn doubtful(words: &[WordRead]) -> Vec<WordRead> {
    words
        .iter()
        .filter(|word| {
            word.confidence < DOUBTFUL_BELOW
                && word.text.chars().count() >= 2
                && word.text.chars().any(char::is_alphanumeric)
        })
        .take(MAX_WORDS)
        .cloned()
        .collect()
}

/// A sheet of the `words` cut out of `page` at every scale, one below the other, and per
/// word and scale the band of rows (top, bottom) it fills on the sheet.
pub fn sheet(page: &Binary, words: &[WordRead]) -> (GrayImage, Vec<(usize, u32, u32)>) {
    let mut cuts: Vec<(usize, GrayImage)> = Vec::new();
    for (index, word) in words.iter().enumerate() {
        let cut = cut_out(page, word.area);
        for scale in SCALES {
            let width = ((cut.width() as f32 * scale).round() as u32).max(1);
            let height = ((cut.height() as f32 * scale).round() as u32).max(1);
            let scaled = if scale == 1.0 {
                cut.clone()
            } else {
                imageops::resize(&cut, width, height, imageops::FilterType::Lanczos3)
            };
            cuts.push((index, scaled));
        }
    }
    let (indexes, images): (Vec<usize>, Vec<GrayImage>) = cuts.into_iter().unzip();
    let (sheet, bands) = stack(&images);
    let bands = indexes
        .into_iter()
        .zip(bands)
        .map(|(index, (top, bottom))| (index, top, bottom))
        .collect();
    (sheet, bands)
}

/// The images one below the other on a sheet, paper around each, and per image the band
/// of rows (top, bottom) it fills there.
pub fn stack(images: &[GrayImage]) -> (GrayImage, Vec<(u32, u32)>) {
    let width = images.iter().map(GrayImage::width).max().unwrap_or(1) + 2 * SPACING;
    let height = images
        .iter()
        .map(|image| image.height() + SPACING)
        .sum::<u32>()
        + SPACING;
    let mut sheet = GrayImage::from_pixel(width, height, Luma([PAPER]));
    let mut bands = Vec::with_capacity(images.len());
    let mut top = SPACING;
    for image in images {
        imageops::replace(&mut sheet, image, i64::from(SPACING), i64::from(top));
        bands.push((top, top + image.height()));
        top += image.height() + SPACING;
    }
    (sheet, bands)
}

/// The word's box with paper around it (half its height above and below, a sixth to the
/// sides), only the ink inside the box kept: a neighbour's ink would be read with it.
fn cut_out(page: &Binary, area: Area) -> GrayImage {
    let margin = area.height / 2;
    let side = area.height / 6;
    let (left, top) = (
        area.left.saturating_sub(side),
        area.top.saturating_sub(margin),
    );
    let right = (area.left + area.width + side).min(page.width);
    let bottom = (area.top + area.height + margin).min(page.height);
    let (width, height) = (right.saturating_sub(left), bottom.saturating_sub(top));
    GrayImage::from_fn(width.max(1) as u32, height.max(1) as u32, |x, y| {
        let (px, py) = (left + x as usize, top + y as usize);
        let inside = px >= area.left
            && px < area.left + area.width
            && py >= area.top
            && py < area.top + area.height;
        if inside && px < page.width && py < page.height {
            Luma([page.pixels[py * page.width + px]])
        } else {
            Luma([PAPER])
        }
    })
}

/// Per doubtful word, the best reading of the sheet (`read`: tesseract's `tsv` output for
/// it) where it beats the word's own: (the word's row in the page's output, new text,
/// confidence).
pub fn better_readings(
    words: &[WordRead],
    bands: &[(usize, u32, u32)],
    read: &str,
) -> Vec<(usize, String, f64)> {
    // Per band, its words in reading order and the least confidence among them.
    let mut readings: Vec<Vec<WordRead>> = vec![Vec::new(); bands.len()];
    for word in words_read(read) {
        let centre = (word.area.top + word.area.height / 2) as u32;
        if let Some(band) = bands
            .iter()
            .position(|(_, top, bottom)| (*top..=*bottom).contains(&centre))
        {
            readings[band].push(word);
        }
    }
    let mut out = Vec::new();
    for (index, word) in words.iter().enumerate() {
        let best = bands
            .iter()
            .zip(&readings)
            .filter(|((of, _, _), read)| *of == index && !read.is_empty())
            .map(|(_, read)| {
                let mut read = read.clone();
                read.sort_by_key(|word| word.area.left);
                let text = read
                    .iter()
                    .map(|word| word.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                let confidence = read
                    .iter()
                    .map(|word| word.confidence)
                    .fold(f64::INFINITY, f64::min);
                (text, confidence)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((text, confidence)) = best
            && confidence >= MIN_CONFIDENCE
            && confidence >= word.confidence + SURER_BY
            && text.chars().any(char::is_alphanumeric)
            && look_alike(&text) != look_alike(&word.text)
            && (!class_list(&word.text) || class_list(&text))
        {
            out.push((word.row, text, confidence));
        }
    }
    out
}

/// A list of fare classes, single capitals apart ("S/Y/V/H/T", "Q,E,N"): a reading of it
/// that is none ("SIYN/H/T") is a worse one, however sure tesseract is of it.
fn class_list(text: &str) -> bool {
    let tokens: Vec<&str> = text
        .trim_end_matches([':', '.', ';'])
        .split(['/', ','])
        .map(str::trim)
        .filter(|token| !token.is_empty())
        .collect();
    tokens.len() >= 2
        && tokens
            .iter()
            .all(|token| token.len() == 1 && token.chars().all(|c| c.is_ascii_uppercase()))
}

/// A reading with glyphs that look alike made one: case ("zone" for "Zone"), l, I, | and 1
/// ("lreland" for "Ireland"), O and 0. Readings that differ only so are no better: the
/// word's line, read whole, tells such glyphs apart better than the word alone.
fn look_alike(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'I' | 'l' | '|' | '1' | 'i' => 'l',
            'O' | '0' | 'o' => 'o',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// `tsv` with the words at the given rows read anew.
pub fn with_readings(tsv: &str, readings: &[(usize, String, f64)]) -> String {
    let mut out = String::with_capacity(tsv.len());
    for (row, line) in tsv.lines().enumerate() {
        match readings.iter().find(|(at, _, _)| *at == row) {
            Some((_, text, confidence)) => {
                let mut fields: Vec<String> = line.split('\t').map(str::to_owned).collect();
                if fields.len() >= 12 {
                    fields[10] = format!("{confidence:.2}");
                    fields[11] = text.clone();
                }
                out.push_str(&fields.join("\t"));
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// A greymap (PGM) of `image`.
pub fn pgm(image: &GrayImage) -> Vec<u8> {
    let mut out = format!("P5\n{} {}\n255\n", image.width(), image.height()).into_bytes();
    out.extend(image.as_raw());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext";

    fn row(left: usize, top: usize, conf: f64, text: &str) -> String {
        format!("5\t1\t1\t1\t1\t1\t{left}\t{top}\t40\t30\t{conf}\t{text}")
    }

    #[test]
    fn a_surer_reading_replaces_a_doubtful_word_and_a_less_sure_one_does_not() {
        let page = [
            HEADER.to_owned(),
            row(10, 10, 72.0, "715%"),
            row(80, 10, 85.0, "LC"),
            row(150, 10, 96.0, "Business"),
            row(250, 10, 70.0, "Ireland,"),
            row(350, 10, 70.0, "S/Y/V/H/T"),
        ]
        .join("\n");
        let words = doubtful(&words_read(&page));
        assert_eq!(words.len(), 4);
        // Bands: each word at four scales, one after the other.
        let bands: Vec<(usize, u32, u32)> = (0..16)
            .map(|band| (band / 4, band as u32 * 100, band as u32 * 100 + 60))
            .collect();
        let sheet_read = [
            HEADER.to_owned(),
            row(30, 10, 94.0, "75%"),
            row(30, 110, 70.0, "715%"),
            row(30, 410, 75.0, "I,C"),
            row(30, 810, 95.0, "lreland,"),
            row(30, 1210, 95.0, "SIYN/H/T"),
        ]
        .join("\n");
        let better = better_readings(&words, &bands, &sheet_read);
        assert_eq!(better, [(1, "75%".to_owned(), 94.0)]);
        let page = with_readings(&page, &better);
        assert!(page.lines().nth(1).unwrap().ends_with("\t94.00\t75%"));
        assert!(page.lines().nth(2).unwrap().ends_with("\tLC"));
    }

    #[test]
    fn a_sheet_stacks_every_word_at_every_scale() {
        let page = Binary {
            width: 100,
            height: 60,
            pixels: vec![PAPER; 6000],
        };
        let words = vec![WordRead {
            row: 1,
            area: Area {
                left: 10,
                top: 10,
                width: 40,
                height: 30,
            },
            confidence: 50.0,
            text: "x".into(),
        }];
        let (sheet, bands) = sheet(&page, &words);
        assert_eq!(bands.len(), SCALES.len());
        assert!(bands.windows(2).all(|pair| pair[0].2 < pair[1].1));
        assert!(sheet.height() > bands.last().unwrap().2);
    }
}
