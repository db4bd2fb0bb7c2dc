#!/usr/bin/env bash
# Smoke test of the generated corpus: generate SEED/COUNT into DIR and recompute every expected answer.
#   tests/corpus/check.sh [DIR] [SEED] [COUNT]      defaults: a temp dir, seed 1, 60 documents
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="${1:-$(mktemp -d)}"
seed="${2:-1}"
count="${3:-60}"
python3 -c "import airportsdata, PIL, reportlab" 2>/dev/null || python3 -m pip install --quiet -r "$here/requirements.txt"
python3 "$here/generate.py" --seed "$seed" --count "$count" --out "$dir"
n=$(ls "$dir/documents" | wc -l)
[ "$n" -eq "$count" ] || { echo "expected $count documents, found $n" >&2; exit 1; }
python3 "$here/../fixtures/samples/compute_expected.py" "$dir"
