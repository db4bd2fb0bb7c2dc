#!/usr/bin/env bash
# Measures the HTTP API's latency for GET /v1/runs/{id}/history on a run of about 1,000
# events (a 333-step kitchen-sink run), on the embedded store, with a release build:
# 20 warm-up requests, then 200 timed ones, one at a time; prints p50 and p99.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
(cd "$repo" && cargo build --release -q -p worker)
maximizer="${CARGO_TARGET_DIR:-$repo/target}/release/maximizer"
key="bench-admin-key-0123456789"
port="${PORT:-18091}"
MAXIMIZER_API_KEYS="$key=admin" "$maximizer" --data-dir "$work" serve --listen "127.0.0.1:$port" \
  >"$work/serve.out" 2>"$work/serve.log" &
server=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
auth=(-H "Authorization: Bearer $key")
curl -sf "${auth[@]}" -H 'Content-Type: application/json' \
  -d '{"workflow":"kitchen-sink","id":"history-1000","input":{"steps":333}}' \
  "http://127.0.0.1:$port/v1/runs" >/dev/null
curl -sf "${auth[@]}" "http://127.0.0.1:$port/v1/runs/history-1000?wait=60s" >/dev/null
url="http://127.0.0.1:$port/v1/runs/history-1000/history"
events=$(curl -sf "${auth[@]}" "$url" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["events"]))')
for _ in $(seq 20); do curl -sf -o /dev/null "${auth[@]}" "$url"; done
for _ in $(seq 200); do curl -sf -o /dev/null -w '%{time_total}\n' "${auth[@]}" "$url"; done | sort -n >"$work/times"
p50=$(awk 'NR==100' "$work/times"); p99=$(awk 'NR==198' "$work/times")
python3 -c "print(f'GET /v1/runs/{{id}}/history with $events events: p50={float($p50)*1000:.2f} ms p99={float($p99)*1000:.2f} ms (200 requests, curl time_total)')"
