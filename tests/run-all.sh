#!/usr/bin/env bash
# Runs every check of the project: formatting, lints, the engine's semantics suite on
# SQLite and PostgreSQL, the end-to-end tests against the real `maximizer` binary, and the
# console test in headless Chromium. Installs what a fresh machine lacks, by package name.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Headless Chromium for the console test (Debian's package).
if [ ! -x /usr/bin/chromium ]; then
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null
fi
# Text extraction and OCR of documents (Debian's poppler-utils and tesseract-ocr).
if ! command -v pdftotext >/dev/null || ! command -v tesseract >/dev/null; then
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq poppler-utils tesseract-ocr >/dev/null
fi
# An S3-compatible server for the S3 adapter's tests (PyPI's moto, server mode).
if ! command -v moto_server >/dev/null; then
  python3 -m pip install --quiet "moto[server]"
fi
# A real MCP client for the MCP tests (PyPI's mcp SDK).
if ! python3 -c "import mcp" 2>/dev/null; then
  python3 -m pip install --quiet "mcp==2.3.0"
fi
# The generated corpus (tests/corpus): PyPI's airportsdata, Pillow and reportlab; then the
# generator's own check (every expected answer recomputed from its facts).
if ! python3 -c "import airportsdata, PIL, reportlab" 2>/dev/null; then
  python3 -m pip install --quiet -r tests/corpus/requirements.txt
fi
./tests/corpus/check.sh "$(mktemp -d)" 7 150
# PostgreSQL 15 binaries start the throwaway clusters of the tests.
if [ ! -x /usr/lib/postgresql/15/bin/initdb ] && ! command -v pg_config >/dev/null; then
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql-15 >/dev/null
fi
# Playwright's driver library (no browser download: the test uses Debian's Chromium).
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)

# The deployment material: cfn-lint and checkov on the AWS template, the compose file and
# the Kubernetes manifests (installs the linters from PyPI into a cached virtualenv).
./deploy/check.sh

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
# The end-to-end tests spawn the binary: build it first so they never test a stale one.
cargo build --workspace --locked
cargo test --workspace --locked
