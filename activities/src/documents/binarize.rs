//! Scans made black on white before OCR. Tesseract's own thresholding reads the grey,
//! speckled background of a real scan into the strokes of small print, and then misreads
//! exactly the short tokens facts hang on ("E, X, Q, T" as "E. »,.0,°F"); one global
//! threshold chosen by Otsu's method over the page's histogram separates ink from paper
//! cleanly on such pages. Ruled lines are erased after it.

use image::{GrayImage, Luma};

use super::Error;

/// A black-and-white page: one byte per pixel, `INK` or `PAPER`, row by row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binary {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

impl Binary {
    /// As a greymap (PGM): uncompressed, so that writing a page costs nothing next to
    /// reading it.
    pub fn to_pgm(&self) -> Vec<u8> {
        let mut pgm = format!("P5\n{} {}\n255\n", self.width, self.height).into_bytes();
        pgm.extend(&self.pixels);
        pgm
    }

    /// The part `area` covers with `margin` pixels of paper around it (clipped to the
    /// page), and where that part starts on the page.
    pub fn crop(&self, area: Area, margin: usize) -> (Binary, (usize, usize)) {
        let (x0, y0) = (
            area.left.saturating_sub(margin),
            area.top.saturating_sub(margin),
        );
        let x1 = (area.left + area.width + margin).min(self.width);
        let y1 = (area.top + area.height + margin).min(self.height);
        let mut pixels = Vec::with_capacity((x1 - x0) * (y1 - y0));
        for y in y0..y1 {
            pixels.extend(&self.pixels[y * self.width + x0..y * self.width + x1]);
        }
        let crop = Binary {
            width: x1 - x0,
            height: y1 - y0,
            pixels,
        };
        (crop, (x0, y0))
    }
}

/// A rectangle of a page, in pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Area {
    pub left: usize,
    pub top: usize,
    pub width: usize,
    pub height: usize,
}

/// The image black on white, ruled lines erased.
pub fn binarize(bytes: &[u8]) -> Result<Binary, Error> {
    let image = image::load_from_memory(bytes)
        .map_err(|error| Error::Unreadable(format!("image: {error}")))?
        .into_luma8();
    let threshold = otsu_threshold(&image);
    let (width, height) = (image.width() as usize, image.height() as usize);
    let mut pixels: Vec<u8> = image
        .as_raw()
        .iter()
        .map(|&value| if value <= threshold { INK } else { PAPER })
        .collect();
    erase_rules(&mut pixels, width, height);
    Ok(Binary {
        width,
        height,
        pixels,
    })
}

pub const INK: u8 = 0;
pub const PAPER: u8 = 255;

/// Erases a table's ruled lines: runs of ink far longer than any letter, across (a
/// twentieth of the page) or down (a fortieth), followed as they drift by a pixel on a
/// skewed scan. Black on white they read as letters or hide the text of the cells between
/// them; without them a ruled table reads like a table laid out with spaces.
fn erase_rules(pixels: &mut [u8], width: usize, height: usize) {
    let image = Ink {
        pixels,
        width,
        height,
    };
    let mut rule = vec![false; width * height];
    image.mark_lines(&mut rule, Direction::Across, (width / 20).max(40));
    image.mark_lines(&mut rule, Direction::Down, (height / 40).max(40));
    for (pixel, rule) in pixels.iter_mut().zip(rule) {
        if rule {
            *pixel = PAPER;
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Direction {
    Across,
    Down,
}

struct Ink<'a> {
    pixels: &'a [u8],
    width: usize,
    height: usize,
}

impl Ink<'_> {
    /// Whether (along, side) is ink, `along` running with the direction.
    fn at(&self, direction: Direction, along: usize, side: usize) -> bool {
        let (x, y) = match direction {
            Direction::Across => (along, side),
            Direction::Down => (side, along),
        };
        x < self.width && y < self.height && self.pixels[y * self.width + x] == INK
    }

    /// Marks every line of ink at least `length` long in `direction`, with the pixels two
    /// to each side of it (a rule's edges come out of the threshold ragged).
    fn mark_lines(&self, rule: &mut [bool], direction: Direction, length: usize) {
        const EDGE: usize = 2;
        let (along_size, side_size) = match direction {
            Direction::Across => (self.width, self.height),
            Direction::Down => (self.height, self.width),
        };
        let mut seen = vec![false; self.width * self.height];
        let index = |along: usize, side: usize| match direction {
            Direction::Across => side * self.width + along,
            Direction::Down => along * self.width + side,
        };
        for side in 0..side_size {
            for along in 0..along_size {
                if seen[index(along, side)] || !self.at(direction, along, side) {
                    continue;
                }
                // Follow the line, stepping a pixel aside where it drifts.
                let mut path = Vec::new();
                let (mut at, mut on) = (along, side);
                loop {
                    path.push((at, on));
                    seen[index(at, on)] = true;
                    at += 1;
                    if at >= along_size {
                        break;
                    }
                    if self.at(direction, at, on) {
                        continue;
                    }
                    if on > 0 && self.at(direction, at, on - 1) {
                        on -= 1;
                    } else if self.at(direction, at, on + 1) {
                        on += 1;
                    } else {
                        break;
                    }
                }
                if path.len() >= length {
                    for (at, on) in path {
                        for near in on.saturating_sub(EDGE)..(on + EDGE + 1).min(side_size) {
                            rule[index(at, near)] = true;
                        }
                    }
                }
            }
        }
    }
}

/// The grey level that best splits the histogram in two classes (ink and paper): the one
/// with the largest variance between the classes.
fn otsu_threshold(image: &GrayImage) -> u8 {
    let mut histogram = [0u64; 256];
    for Luma([value]) in image.pixels() {
        histogram[usize::from(*value)] += 1;
    }
    let total: u64 = histogram.iter().sum();
    let sum_all: f64 = histogram
        .iter()
        .enumerate()
        .map(|(level, count)| level as f64 * *count as f64)
        .sum();
    let (mut below, mut sum_below, mut best, mut threshold) = (0u64, 0.0, 0.0, 127u8);
    for (level, count) in histogram.iter().enumerate() {
        below += count;
        if below == 0 {
            continue;
        }
        let above = total - below;
        if above == 0 {
            break;
        }
        sum_below += level as f64 * *count as f64;
        let mean_below = sum_below / below as f64;
        let mean_above = (sum_all - sum_below) / above as f64;
        let between = below as f64 * above as f64 * (mean_below - mean_above).powi(2);
        if between > best {
            best = between;
            threshold = level as u8;
        }
    }
    threshold
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use image::ImageFormat;

    use super::*;

    #[test]
    fn splits_ink_from_speckled_paper() {
        // Paper around 230 with speckles, ink around 40.
        let image = GrayImage::from_fn(40, 40, |x, y| {
            let ink = (10..30).contains(&x) && (18..22).contains(&y);
            Luma([if ink {
                40 + (x % 3) as u8
            } else {
                225 + ((x * 7 + y * 3) % 12) as u8
            }])
        });
        let threshold = otsu_threshold(&image);
        assert!((42..225).contains(&threshold), "{threshold}");
        let mut png = Vec::new();
        image
            .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        let binary = image::load_from_memory(&binarize(&png).unwrap().to_pgm())
            .unwrap()
            .into_luma8();
        assert_eq!(binary.get_pixel(15, 20), &Luma([INK]));
        assert_eq!(binary.get_pixel(2, 2), &Luma([PAPER]));
    }

    #[test]
    fn erases_ruled_lines_and_keeps_letters() {
        let (width, height) = (200, 200);
        let mut pixels = vec![PAPER; width * height];
        // A rule across at y = 50, a rule down at x = 100, a letter-sized blot.
        (0..width).for_each(|x| pixels[50 * width + x] = INK);
        (0..height).for_each(|y| pixels[y * width + 100] = INK);
        for y in 120..135 {
            for x in 20..30 {
                pixels[y * width + x] = INK;
            }
        }
        erase_rules(&mut pixels, width, height);
        assert_eq!(pixels[50 * width + 10], PAPER);
        assert_eq!(pixels[10 * width + 100], PAPER);
        assert_eq!(pixels[125 * width + 25], INK);
    }

    #[test]
    fn refuses_what_is_no_image() {
        assert!(matches!(
            binarize(b"not an image"),
            Err(Error::Unreadable(_))
        ));
    }
}
