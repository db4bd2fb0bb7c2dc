//! The side effects workflows call as activities, each behind a trait with an embedded and
//! a production implementation: the object store (local folder; S3 to follow), document
//! reading (type detection, text extraction with OCR), the fact extractor, the knowledge
//! graph, the passage index, notifications, and the conversation's side: travellers'
//! profiles and the tools that answer questions over the graph (`tools`).
//!
//! This crate depends on `engine` only for its activity error type; it knows nothing of
//! workflows.
#![warn(missing_docs)]

pub(crate) mod aws;
pub mod catalog;
pub mod composer;
pub mod conversations;
pub mod documents;
pub mod extractor;
pub mod facts;
pub mod graph;
pub mod index;
pub(crate) mod layout;
pub mod model;
pub mod neptune;
pub mod notify;
pub mod object_store;
pub mod ocr;
pub mod passages;
pub mod profiles;
pub mod reference;
pub mod schema;
pub mod tools;
pub mod understanding;
pub mod validate;

pub use engine::ActivityError;
