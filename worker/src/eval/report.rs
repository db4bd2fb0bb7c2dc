//! What `maximizer eval` prints: one summary line for stdout, and for curators on stderr
//! the facts per category, facts and answers per document format, and the failing
//! questions with their replies.

use std::collections::BTreeMap;

use super::answers::QuestionResult;
use super::facts::{self, FactsScore};

/// The measured set: documents ingested, the facts' score, each question's verdict.
pub struct Outcome {
    pub docs_ok: usize,
    pub docs: usize,
    pub facts: FactsScore,
    pub answers: Vec<QuestionResult>,
}

impl Outcome {
    fn answers_correct(&self) -> usize {
        self.answers.iter().filter(|r| r.ok).count()
    }

    /// `eval docs_ok=A/B facts_precision=P facts_recall=R answers=N/M`.
    pub fn summary(&self) -> String {
        format!(
            "eval docs_ok={}/{} facts_precision={:.3} facts_recall={:.3} answers={}/{}",
            self.docs_ok,
            self.docs,
            self.facts.total.precision(),
            self.facts.total.recall(),
            self.answers_correct(),
            self.answers.len()
        )
    }

    /// The per-category, per-format and failing-question sections.
    pub fn details(&self) -> Vec<String> {
        let mut lines = vec!["facts per category:".to_owned()];
        lines.extend(facts::category_lines(&self.facts));
        lines.push("per format (facts recall; answers by the formats of their sources):".into());
        lines.extend(self.format_lines());
        let failing: Vec<&QuestionResult> = self.answers.iter().filter(|r| !r.ok).collect();
        if !failing.is_empty() {
            lines.push(format!("failing questions ({}):", failing.len()));
        }
        for r in failing {
            lines.push(format!("  {}", r.verdict_line()));
            let reply = r
                .reply
                .as_deref()
                .map_or("(none)".to_owned(), |reply| format!("{reply:?}"));
            lines.push(format!("    reply: {reply}"));
        }
        lines
    }

    fn format_lines(&self) -> Vec<String> {
        // format → (facts found, facts expected, answers correct, answers total)
        let mut formats: BTreeMap<String, [usize; 4]> = BTreeMap::new();
        for (format, (found, expected)) in facts::recall_by_format(&self.facts.documents) {
            let row = formats.entry(format).or_default();
            row[0] += found;
            row[1] += expected;
        }
        for r in &self.answers {
            for format in &r.formats {
                let row = formats.entry(format.clone()).or_default();
                row[2] += usize::from(r.ok);
                row[3] += 1;
            }
        }
        formats
            .into_iter()
            .map(|(format, [found, expected, correct, total])| {
                format!(
                    "  {format:<10} facts recall={:.3} found={found}/{expected}  answers={correct}/{total}",
                    facts::ratio(found, expected)
                )
            })
            .collect()
    }
}
