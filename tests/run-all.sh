#!/usr/bin/env bash
# Runs every check of the project: formatting, lints, the engine's semantics tests and the
# end-to-end tests against the real `maximizer` binary. Installs nothing system-wide yet:
# the embedded store (SQLite) is compiled in.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
# The end-to-end tests spawn the binary: build it first so they never test a stale one.
cargo build --workspace --locked
cargo test --workspace --locked
