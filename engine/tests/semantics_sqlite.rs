//! The engine's semantics on the embedded SQLite store.

use semantics::harness::Backend;

const BACKEND: Backend = Backend::Sqlite;

mod semantics;
