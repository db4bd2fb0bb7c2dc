//! The code-defined workflows: each is a plain async function over the engine's
//! [`engine::Context`]. [`register_all`] puts every one of them in a registry.
#![warn(missing_docs)]

pub mod conversation;
pub mod ingest;
pub mod kitchen_sink;

use engine::Registry;

/// Registers every workflow of the product.
pub fn register_all(registry: &mut Registry) {
    registry.register(kitchen_sink::NAME, kitchen_sink::run);
}

/// A registry with every workflow of the product.
pub fn registry() -> Registry {
    let mut registry = Registry::new();
    register_all(&mut registry);
    registry
}
