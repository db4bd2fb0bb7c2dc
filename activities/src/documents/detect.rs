//! Document type detection from content.

use super::Error;

/// The formats the product reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// An HTML page.
    Html,
    /// Markdown.
    Markdown,
    /// Plain text.
    Text,
    /// A PDF (with a text layer, or scanned: extraction tells).
    Pdf,
    /// A PNG image.
    Png,
    /// A JPEG image.
    Jpeg,
}

impl DocumentKind {
    /// A stable name for logs and records.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Html => "html",
            Self::Markdown => "markdown",
            Self::Text => "text",
            Self::Pdf => "pdf",
            Self::Png => "png",
            Self::Jpeg => "jpeg",
        }
    }
}

/// What a document is, from its bytes: magic numbers for binary formats, markup for text.
pub fn detect(bytes: &[u8]) -> Result<DocumentKind, Error> {
    if bytes.is_empty() {
        return Err(Error::Unreadable("the document is empty".into()));
    }
    if bytes.starts_with(b"%PDF-") {
        return Ok(DocumentKind::Pdf);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(DocumentKind::Png);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(DocumentKind::Jpeg);
    }
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| Error::Unsupported("binary content that is not a PDF, PNG or JPEG".into()))?;
    if text.contains('\0') {
        return Err(Error::Unsupported(
            "binary content that is not a PDF, PNG or JPEG".into(),
        ));
    }
    let head = text
        .trim_start()
        .get(..512)
        .unwrap_or(text.trim_start())
        .to_ascii_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<body") {
        return Ok(DocumentKind::Html);
    }
    let markdown = text.lines().any(|line| {
        let line = line.trim_start();
        line.starts_with("# ")
            || line.starts_with("## ")
            || line.starts_with("|---")
            || line.starts_with("| ---")
    });
    Ok(if markdown {
        DocumentKind::Markdown
    } else {
        DocumentKind::Text
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_content() {
        let check = |bytes: &[u8], kind: DocumentKind| assert_eq!(detect(bytes).ok(), Some(kind));
        check(b"%PDF-1.7\n...", DocumentKind::Pdf);
        check(b"\x89PNG\r\n\x1a\n....", DocumentKind::Png);
        check(&[0xFF, 0xD8, 0xFF, 0xE0], DocumentKind::Jpeg);
        check(
            b"  <!DOCTYPE html><html><body>x</body></html>",
            DocumentKind::Html,
        );
        check(b"# Title\n\n| a | b |\n|---|---|\n", DocumentKind::Markdown);
        check(b"Miles expire after 24 months.", DocumentKind::Text);
        assert!(matches!(
            detect(b"PK\x03\x04\0\0zip"),
            Err(Error::Unsupported(_))
        ));
        assert!(matches!(detect(b""), Err(Error::Unreadable(_))));
    }
}
