//! Type detection and text extraction on the sample documents, in every format, the scans
//! through real tesseract. The samples live in the shared folder beside the repository
//! (`SAMPLES_DIR` overrides).

use std::path::PathBuf;

use activities::documents::{DocumentKind, Page, detect, extract_text};

fn sample(name: &str) -> Vec<u8> {
    let dir = std::env::var_os("SAMPLES_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/samples/documents")
        });
    let path = dir.join(name);
    std::fs::read(&path).unwrap_or_else(|error| {
        panic!(
            "read {}: {error} (the shared samples folder sits beside the repository; \
             SAMPLES_DIR points elsewhere)",
            path.display()
        )
    })
}

async fn read(name: &str, kind: DocumentKind) -> Vec<Page> {
    let bytes = sample(name);
    assert_eq!(detect(&bytes).ok(), Some(kind), "{name}");
    extract_text(kind, &bytes)
        .await
        .unwrap_or_else(|error| panic!("{name}: {error}"))
}

fn all_text(pages: &[Page]) -> String {
    pages
        .iter()
        .map(|page| page.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn html_keeps_tables_and_drops_navigation() {
    let pages = read(
        "united_mileageplus_partner_earning.html",
        DocumentKind::Html,
    )
    .await;
    let text = all_text(&pages);
    assert!(
        text.contains("# Earning United MileagePlus miles on partner airlines"),
        "{text}"
    );
    assert!(text.contains("| First | F, A | 150% |"), "{text}");
    assert!(text.contains("| Economy | K | Not eligible |"), "{text}");
    assert!(!text.contains("Home"), "navigation kept: {text}");
}

#[tokio::test]
async fn markdown_and_text_are_read_as_they_are() {
    let chart = all_text(&read("united_mileageplus_award_chart.md", DocumentKind::Markdown).await);
    assert!(
        chart.contains("| Europe | 30,000 | 70,000 | 110,000 |"),
        "{chart}"
    );
    let guide = all_text(&read("milesandsmiles_program_guide.txt", DocumentKind::Text).await);
    assert!(
        guide.contains("Turkish Airlines is a member of Star Alliance."),
        "{guide}"
    );
}

#[tokio::test]
async fn a_pdf_text_layer_is_read_page_by_page() {
    let pages = read("aeroplan_partner_earning.pdf", DocumentKind::Pdf).await;
    assert_eq!(pages.len(), 3, "{pages:?}");
    assert!(pages.iter().all(|page| !page.ocr));
    assert!(
        pages[0].text.contains("Lufthansa (LH), Star Alliance"),
        "{}",
        pages[0].text
    );
}

#[tokio::test]
async fn scans_are_read_with_ocr() {
    let image = read("aeroplan_award_chart_scan.png", DocumentKind::Png).await;
    assert!(image[0].ocr);
    let text = all_text(&image);
    assert!(
        text.contains("Atlantic") && text.contains("35,000"),
        "{text}"
    );

    let scanned = read("milesandsmiles_award_chart_scan.pdf", DocumentKind::Pdf).await;
    assert!(scanned.iter().all(|page| page.ocr), "{scanned:?}");
    let text = all_text(&scanned);
    assert!(
        text.contains("Miles&Smiles Award Ticket Chart") && text.contains("45,000"),
        "{text}"
    );
}

#[tokio::test]
async fn a_damaged_pdf_is_a_clear_error() {
    let error = extract_text(DocumentKind::Pdf, b"%PDF-1.7 truncated")
        .await
        .unwrap_err();
    assert!(!error.is_retryable(), "{error}");
    assert!(error.to_string().contains("pdftotext"), "{error}");
}
