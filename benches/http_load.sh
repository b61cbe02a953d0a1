#!/usr/bin/env bash
# Load benchmark: GET /v1/profiles/{investor}/matches?limit=20 against `tandem serve` on
# loopback, with 100,000 synthetic start-ups (plus 2,000 investors and 1,000 partners).
# Needs wrk (Debian: apt-get install wrk). Not part of CI; results go in benches/README.md.
#
#   bash benches/http_load.sh                     # defaults below
#   STARTUPS=20000 DURATION=10s CONNECTIONS=8 bash benches/http_load.sh
set -euo pipefail
cd "$(dirname "$0")/.."

STARTUPS=${STARTUPS:-100000}
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-16}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
work=$(mktemp -d)
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

cargo build --release --quiet
bin=target/release/tandem
"$bin" generate --startups "$STARTUPS" --investors 2000 --partners 1000 --seed 7 -o "$work/profiles.jsonl"
"$bin" --data "$work/data" import "$work/profiles.jsonl"

"$bin" --data "$work/data" serve --addr 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err" &
server=$!
for _ in $(seq 100); do
  grep -q "listening on" "$work/serve.out" 2>/dev/null && break
  sleep 0.1
done
base=$(sed -n 's/^listening on //p' "$work/serve.out")
echo "server at $base with $STARTUPS start-ups"

curl -sf "$base/v1/profiles/inv-0001/matches?limit=20" >/dev/null   # warm up (page cache)
# One wrk thread: the client shares the machine's 2 cores with the server.
wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s benches/http_load.lua "$base"
echo "non-200 responses counted by /metrics:"
curl -s "$base/metrics" | grep '^tandem_http_requests_total' | grep -v 'status="200"' || echo "none"
