//! The engine's semantics on PostgreSQL (a throwaway cluster started by the harness).

use semantics::harness::Backend;

const BACKEND: Backend = Backend::Postgres;

mod semantics;
