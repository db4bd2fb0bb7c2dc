//! Scoring of `maximizer eval`: a port of the samples' `score.py` (facts against an export
//! of `GET /v1/graph/facts`, answers against questions.jsonl), the set's input files, and
//! the report. `parity_tests` checks it against `score.py` itself.

pub mod answers;
mod context;
pub mod facts;
pub mod input;
mod py;
pub mod report;
mod text;

#[cfg(test)]
mod parity_tests;
