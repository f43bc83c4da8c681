#!/usr/bin/env bash
# bench/load.sh: load-test `rampart serve` on SQLite over loopback.
#
# Builds rampart and bench/loadtest, makes a synthetic platform (rampart sim),
# scans it into a fresh database, starts the server on a free loopback port,
# runs the load test (bounded by LOAD_REQUESTS and LOAD_DURATION) and stops
# the server. Prints requests/s and p50/p90/p99 latency per operation.
#
#   bench/load.sh                      # defaults below
#   LOAD_CONCURRENCY=16 bench/load.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

REQUESTS="${LOAD_REQUESTS:-20000}"
DURATION="${LOAD_DURATION:-20s}"
CONCURRENCY="${LOAD_CONCURRENCY:-8}"
ACCOUNTS="${LOAD_ACCOUNTS:-300}"
POSTS="${LOAD_POSTS:-3000}"

LOADTEST="$OUT/loadtest"
(cd "$ROOT" && go build -o "$LOADTEST" ./bench/loadtest)

WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
	if [[ -n $SERVER_PID ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
	rm -rf "$WORK"
}
trap cleanup EXIT

echo "load: sim $ACCOUNTS accounts, $POSTS posts; scanning into $WORK/load.db" >&2
"$RAMPART" sim --seed 1 --accounts "$ACCOUNTS" --posts "$POSTS" -o "$WORK/load.jsonl" >/dev/null
"$RAMPART" scan --db "$WORK/load.db" --analyzers bot,coord --no-classifier "$WORK/load.jsonl" >/dev/null

# A free loopback port: bind :0 in Python and release it.
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$RAMPART" serve --db "$WORK/load.db" --listen "127.0.0.1:$PORT" 2>"$WORK/serve.log" &
SERVER_PID=$!
TOKEN=""
for _ in $(seq 1 100); do
	TOKEN=$(grep -o 'rpt_[A-Za-z0-9_-]*' "$WORK/serve.log" || true)
	if [[ -n $TOKEN ]] && curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; then break; fi
	sleep 0.1
done
[[ -n $TOKEN ]] || { cat "$WORK/serve.log" >&2; echo "load: the server did not start" >&2; exit 1; }

echo "load: $(nproc) cores; rampart serve on 127.0.0.1:$PORT, $CONCURRENCY clients, at most $REQUESTS requests or $DURATION" >&2
RAMPART_TOKEN="$TOKEN" "$LOADTEST" -server "http://127.0.0.1:$PORT" -requests "$REQUESTS" -duration "$DURATION" -concurrency "$CONCURRENCY"
