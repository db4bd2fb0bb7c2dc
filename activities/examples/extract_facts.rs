//! Reads documents with the local pipeline (detect, extract text with OCR, split into
//! passages, extract facts) and prints the facts as `{"facts": …}`, the shape of
//! `GET /v1/graph/facts`, so an extractor change can be scored without a server:
//!
//! ```text
//! cargo run -p activities --example extract_facts -- DOCUMENT… > export.json
//! python3 score.py facts facts.json export.json --per-category
//! ```
//! With `--passages` it prints each document's passages instead, with `--text` its pages'
//! text.

use activities::documents::{Page, detect, ocr_page, ocr_word_boxes, text_layer};
use activities::extractor::{Extractor, LocalExtractor};
use activities::facts::Facts;
use activities::object_store::sha256_hex;
use activities::passages::{DocumentText, split};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut show_passages = false;
    let mut show_text = false;
    let mut merged = Facts::default();
    for arg in std::env::args().skip(1) {
        if arg == "--passages" {
            show_passages = true;
            continue;
        }
        if arg == "--text" {
            show_text = true;
            continue;
        }
        let bytes = std::fs::read(&arg)?;
        let id = sha256_hex(&bytes);
        let pages = pages_of(&id, &bytes).await?;
        if show_text {
            for page in &pages {
                println!("--- page {}\n{}", page.number, page.text);
            }
            continue;
        }
        let passages = split(&id[..12], &pages);
        if show_passages {
            for passage in &passages {
                println!(
                    "--- {} p{} [{}]\n{}",
                    passage.id, passage.page, passage.section, passage.text
                );
            }
            continue;
        }
        let name = std::path::Path::new(&arg)
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let document = DocumentText { id, name, passages };
        let facts = LocalExtractor.extract(&document).await?;
        merged.programs.extend(facts.programs);
        merged.airlines.extend(facts.airlines);
        merged.alliances.extend(facts.alliances);
        merged.memberships.extend(facts.memberships);
        merged.earning_rules.extend(facts.earning_rules);
        merged.award_rules.extend(facts.award_rules);
        merged.zones.extend(facts.zones);
        merged.status_tiers.extend(facts.status_tiers);
        merged.expiry_rules.extend(facts.expiry_rules);
    }
    if !(show_passages || show_text) {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "facts": merged }))?
        );
    }
    Ok(())
}

/// The document's pages; with `EXTRACT_CACHE=DIR` OCR word boxes are kept there by content
/// hash, so that scoring an extractor or OCR layout change again does not OCR every scan
/// again.
async fn pages_of(id: &str, bytes: &[u8]) -> Result<Vec<Page>, Box<dyn std::error::Error>> {
    let kind = detect(bytes)?;
    if let Some(pages) = text_layer(kind, bytes).await? {
        return Ok(pages);
    }
    let cache = std::env::var_os("EXTRACT_CACHE")
        .filter(|dir| !dir.is_empty())
        .map(|dir| std::path::PathBuf::from(dir).join(format!("{id}.tsv.json")));
    let boxes: Vec<String> = match cache.as_ref().map(std::fs::read_to_string) {
        Some(Ok(text)) => serde_json::from_str(&text)?,
        _ => {
            let boxes = ocr_word_boxes(kind, bytes).await?;
            if let Some(path) = &cache {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                std::fs::write(path, serde_json::to_string(&boxes)?)?;
            }
            boxes
        }
    };
    Ok(boxes
        .iter()
        .enumerate()
        .map(|(index, tsv)| ocr_page(index as u32 + 1, tsv))
        .collect())
}
