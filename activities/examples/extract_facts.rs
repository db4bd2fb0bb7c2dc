//! Reads documents with the local pipeline (detect, extract text with OCR, split into
//! passages, extract facts) and prints the facts as `{"facts": …}`, the shape of
//! `GET /v1/graph/facts`, so an extractor change can be scored without a server:
//!
//! ```text
//! cargo run -p activities --example extract_facts -- DOCUMENT… > export.json
//! python3 score.py facts facts.json export.json --per-category
//! ```
//! With `--passages` it prints each document's passages instead.

use activities::documents::{detect, extract_text};
use activities::extractor::{Extractor, LocalExtractor};
use activities::facts::Facts;
use activities::object_store::sha256_hex;
use activities::passages::{DocumentText, split};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut show_passages = false;
    let mut merged = Facts::default();
    for arg in std::env::args().skip(1) {
        if arg == "--passages" {
            show_passages = true;
            continue;
        }
        let bytes = std::fs::read(&arg)?;
        let kind = detect(&bytes)?;
        let pages = extract_text(kind, &bytes).await?;
        let id = sha256_hex(&bytes);
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
    if !show_passages {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "facts": merged }))?
        );
    }
    Ok(())
}
