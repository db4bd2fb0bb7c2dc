//! Passages: a document's text cut into pieces small enough to cite and to index, each with
//! its source (document, page, section). Tables stay whole in one passage so that a rate
//! is never separated from its header.

use serde::{Deserialize, Serialize};

use crate::documents::Page;
use crate::facts::Source;
use crate::layout::{self, Block};

/// A piece of a document's text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Passage {
    /// `<document>:<n>`, n counting from 1 in document order.
    pub id: String,
    /// The document's id.
    pub document: String,
    /// 1-based page.
    pub page: u32,
    /// The heading the passage sits under ("" before the first heading).
    pub section: String,
    /// The text, tables as Markdown tables.
    pub text: String,
}

impl Passage {
    /// The passage as a fact's source.
    pub fn source(&self, document_name: &str) -> Source {
        Source {
            document: self.document.clone(),
            document_name: document_name.to_owned(),
            passage: self.id.clone(),
            page: self.page,
            section: self.section.clone(),
        }
    }
}

/// A document's text, ready for fact extraction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentText {
    /// The document's id (SHA-256 of its content).
    pub id: String,
    /// Its file name.
    pub name: String,
    /// Its passages in order.
    pub passages: Vec<Passage>,
}

/// Splits pages into passages: one per heading, paragraph, list item or table (tables
/// rewritten as Markdown pipe tables, whatever layout the source used), each under the
/// last heading before it.
pub fn split(document: &str, pages: &[Page]) -> Vec<Passage> {
    let mut passages = Vec::new();
    let mut section = String::new();
    for page in pages {
        for block in layout::blocks(&page.text) {
            let text = match block {
                Block::Heading(heading) => {
                    section = heading.clone();
                    format!("# {heading}")
                }
                Block::Paragraph(text) => text,
                Block::Table(table) => table.to_markdown(),
            };
            passages.push(Passage {
                id: format!("{document}:{}", passages.len() + 1),
                document: document.to_owned(),
                page: page.number,
                section: section.clone(),
                text,
            });
        }
    }
    passages
}
