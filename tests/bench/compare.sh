#!/usr/bin/env bash
# Runs the peer benchmark (DBOS and Restate, from the shared bench-peers folder) and
# `maximizer bench` one after the other on this machine, then prints a side-by-side table
# with ratios against the best peer. Nothing runs at the same time: there are 2 cores.
#
#   PEERS_DIR=/path/to/bench-peers tests/bench/compare.sh          # peers once each, maximizer on every store
#   REPS=3 PEERS_DIR=/path/to/bench-peers tests/bench/compare.sh   # peers three times each (median)
#   SKIP_PEERS=1 tests/bench/compare.sh                            # maximizer only
#
# PEERS_DIR names the peer folder (setup.sh, run_restate.sh, run_dbos.sh); it is not part of
# this repository. It is copied to a temporary folder because its setup builds in place.
# PEERS_READY_DIR names a copy where setup.sh already ran, to skip the copy and the setup.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
peers_src="${PEERS_DIR:-}"
reps="${REPS:-1}"
work="$(mktemp -d)"
chmod 755 "$work"  # the postgres user must reach its cluster inside
results="$work/results.txt"
pg_bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
pg_port="${PG_PORT:-55440}"
trap 'stop_postgres; rm -rf "$work"' EXIT

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start_postgres() {
  mkdir -p "$work/pg"
  [ "$(id -u)" = 0 ] && chown postgres "$work/pg"
  as_pg "$pg_bin/initdb" -D "$work/pg/data" -U postgres --auth=trust >/dev/null
  # The peers' settings: PostgreSQL defaults (fsync=on, synchronous_commit=on), loopback only.
  as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w \
    -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$work/pg" start >/dev/null
}
stop_postgres() {
  [ -d "$work/pg/data" ] && as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast stop >/dev/null 2>&1 || true
}
fresh_database() {
  "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres "$1"
  echo "postgres://postgres@127.0.0.1:$pg_port/$1"
}

if [ -z "${SKIP_PEERS:-}" ]; then
  peers="${PEERS_READY_DIR:-}"
  if [ -z "$peers" ]; then
    if [ -z "$peers_src" ] || [ ! -x "$peers_src/setup.sh" ]; then
      echo "compare.sh: set PEERS_DIR to the peer benchmark folder (with setup.sh), or SKIP_PEERS=1" >&2
      exit 2
    fi
    peers="$work/peers"
    cp -r "$peers_src" "$peers"
    echo "== peers: setup" >&2
    "$peers/setup.sh" >"$work/setup.log" 2>&1 || { cat "$work/setup.log" >&2; exit 1; }
  fi
  echo "== peers: Restate ($reps rep)" >&2
  "$peers/run_restate.sh" --reps "$reps" --skip-w3 | tail -1 | tee -a "$results"
  echo "== peers: DBOS ($reps rep)" >&2
  "$peers/run_dbos.sh" --reps "$reps" --skip-w3 | tail -1 | tee -a "$results"
fi

echo "== maximizer: release build" >&2
(cd "$repo" && cargo build --release -q -p worker)
maximizer="${CARGO_TARGET_DIR:-$repo/target}/release/maximizer"
run_bench() { "$maximizer" bench "$@" | tail -1 | tee -a "$results"; }

echo "== maximizer: SQLite" >&2
run_bench --store sqlite
start_postgres
echo "== maximizer: PostgreSQL, workflows in the benchmark process" >&2
run_bench --store postgres --database-url "$(fresh_database inproc)"
for workers in 1 2 4; do
  echo "== maximizer: PostgreSQL, $workers separate worker process(es)" >&2
  run_bench --store postgres --database-url "$(fresh_database "w$workers")" --workers "$workers"
done

python3 - "$results" <<'PY'
import sys
rows = []
for line in open(sys.argv[1]):
    fields = dict(part.split("=", 1) for part in line.split() if "=" in part)
    if "peer" in fields or "engine" in fields:
        rows.append(fields)
peers = [r for r in rows if "peer" in r]
best_w1 = min((float(r["w1_p50_ms"]) for r in peers), default=None)
best_w2 = max((float(r["w2_steps_per_s"]) for r in peers), default=None)
cpu = lambda r: r.get("cpu_ms_per_wf") or r.get("w2_cpu_ms_per_wf", "")
print(f"{'engine':<34} {'W1 p50 ms':>10} {'W1 p99 ms':>10} {'W2 steps/s':>11} {'CPU ms/wf':>10} {'W1 vs best':>11} {'W2 vs best':>11}")
for r in rows:
    name = r.get("peer") or f"maximizer {r['store']} workers={r['workers']} {r.get('mode', '')}"
    w1, w2 = float(r["w1_p50_ms"]), float(r["w2_steps_per_s"])
    ratio1 = f"{w1 / best_w1:.2f}x" if best_w1 else "-"
    ratio2 = f"{w2 / best_w2:.2f}x" if best_w2 else "-"
    print(f"{name:<34} {w1:>10.2f} {float(r['w1_p99_ms']):>10.2f} {w2:>11.0f} {cpu(r):>10} {ratio1:>11} {ratio2:>11}")
if peers:
    print(f"best peer: W1 p50 {best_w1:.2f} ms, W2 {best_w2:.0f} steps/s (lower W1 and higher W2 are better)")
PY
