//! The side effects workflows call as activities: object store, OCR, LLM, knowledge
//! graph, profiles, notifications and retrieval, each behind a trait with an embedded and a
//! production implementation.
//!
//! This crate depends on `engine` only for its activity error type; it knows nothing of
//! workflows.
#![warn(missing_docs)]

pub use engine::ActivityError;
