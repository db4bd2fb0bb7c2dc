#!/usr/bin/env bash
# The compose topology (compose.yaml) as plain processes, for machines without a container
# engine: a throwaway PostgreSQL on a free loopback port, `maximizer migrate`, one API
# (`serve --no-workers`) and N workers (`work`), with the environment variables the compose
# file sets. Prints one JSON line (API URL, PIDs, database URL, folder), then runs until
# SIGINT or SIGTERM, when it stops the API and the workers (SIGTERM: they drain) and then
# PostgreSQL. A process that exits is reported on stderr and in <dir>/exits.log.
#
#   deploy/local-cluster.sh [--workers N] [--port P] [--binary PATH] [--dir DIR]
#
# Settings the caller exports pass through (MAXIMIZER_API_KEYS, MAXIMIZER_CONCURRENCY,
# MAXIMIZER_LEASE_TIMEOUT, KITCHEN_SINK_EFFECTS, …). Without MAXIMIZER_API_KEYS the API
# generates an admin key into <dir>/data/admin.key.
set -euo pipefail

workers=2
port=0
binary="${MAXIMIZER_BIN:-}"
dir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --workers) workers="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --binary) binary="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "local-cluster.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
if [ -z "$binary" ]; then
  for candidate in "$root/target/release/maximizer" "$root/target/debug/maximizer"; do
    if [ -x "$candidate" ]; then binary="$candidate"; break; fi
  done
fi
[ -x "$binary" ] || { echo "local-cluster.sh: no maximizer binary (cargo build, or --binary PATH)" >&2; exit 1; }
pg_bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
[ -x "$pg_bin/initdb" ] || pg_bin="$(pg_config --bindir 2>/dev/null || true)"
[ -x "$pg_bin/initdb" ] || { echo "local-cluster.sh: PostgreSQL binaries not found (set PG_BIN)" >&2; exit 1; }

[ -n "$dir" ] || dir="$(mktemp -d -t maximizer-cluster.XXXXXX)"
mkdir -p "$dir"
# PostgreSQL refuses to run as root: as root it runs as the postgres user, in a folder of
# its own that user can reach.
pg_dir="$(mktemp -d -t maximizer-pg.XXXXXX)"
as_postgres=()
if [ "$(id -u)" = 0 ]; then
  chown -R postgres "$pg_dir"
  as_postgres=(runuser -u postgres --)
fi

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pids=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" stop -m fast >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
trap 'cleanup; exit 0' INT TERM
trap cleanup EXIT

pg_port="$(free_port)"
"${as_postgres[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 --no-sync >"$dir/postgres-init.log" 2>&1
"${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/postgres.log" -w -t 60 \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1" start >/dev/null
"$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres maximizer

# The settings of compose.yaml's x-environment (same names, local values).
export DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/maximizer"
export MAXIMIZER_DATA_DIR="$dir/data"
export MAXIMIZER_OBJECTS_DIR="$dir/objects"
export MAXIMIZER_LOG_FORMAT="${MAXIMIZER_LOG_FORMAT:-json}"
export MAXIMIZER_LEASE_TIMEOUT="${MAXIMIZER_LEASE_TIMEOUT:-15}"
export MAXIMIZER_DRAIN_TIMEOUT="${MAXIMIZER_DRAIN_TIMEOUT:-30}"
export MAXIMIZER_API_KEYS="${MAXIMIZER_API_KEYS:-}"

"$binary" migrate >/dev/null 2>"$dir/migrate.log"

[ "$port" != 0 ] || port="$(free_port)"
MAXIMIZER_LISTEN="127.0.0.1:$port" "$binary" serve --no-workers >"$dir/api.out" 2>"$dir/api.log" &
api_pid=$!
pids+=("$api_pid")
names=([$api_pid]=api)
for attempt in $(seq 1 100); do
  if MAXIMIZER_LISTEN="127.0.0.1:$port" "$binary" health --path /ready >/dev/null 2>&1; then break; fi
  kill -0 "$api_pid" 2>/dev/null || { echo "local-cluster.sh: the API exited: $(cat "$dir/api.log")" >&2; exit 1; }
  [ "$attempt" -lt 100 ] || { echo "local-cluster.sh: the API is not ready after 10 s" >&2; exit 1; }
  sleep 0.1
done

worker_pids=()
for index in $(seq 1 "$workers"); do
  "$binary" work >/dev/null 2>"$dir/worker-$index.log" &
  pids+=($!)
  worker_pids+=($!)
  names[$!]="worker-$index"
done

printf '{"api":"http://127.0.0.1:%s","api_pid":%s,"worker_pids":[%s],"database_url":"%s","dir":"%s"}\n' \
  "$port" "$api_pid" "$(IFS=,; echo "${worker_pids[*]}")" "$DATABASE_URL" "$dir"

# Report every process that exits; stop everything if the API does.
while :; do
  exited=""
  status=0
  wait -n -p exited "${pids[@]}" || status=$?
  [ -n "$exited" ] || continue
  echo "${names[$exited]} pid $exited exited $status" | tee -a "$dir/exits.log" >&2
  remaining=()
  for pid in "${pids[@]}"; do [ "$pid" = "$exited" ] || remaining+=("$pid"); done
  pids=("${remaining[@]}")
  if [ "$exited" = "$api_pid" ]; then exit 1; fi
  [ "${#pids[@]}" -gt 0 ] || exit 0
done
