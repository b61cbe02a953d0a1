#!/usr/bin/env bash
# Load benchmark: GET /v1/profiles/{investor}/matches?limit=20 against `tandem serve` on
# loopback, with 100,000 synthetic start-ups (plus 2,000 investors and 1,000 partners).
# Needs wrk (Debian: apt-get install wrk). Not part of CI; results go in benches/README.md.
#
#   bash benches/http_load.sh                     # defaults below
#   STARTUPS=20000 DURATION=10s CONNECTIONS=8 bash benches/http_load.sh
set -euo pipefail
# shellcheck source=benches/server.sh
source "$(dirname "$0")/server.sh"

STARTUPS=${STARTUPS:-100000}
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-16}

need wrk wrk
build_release
make_store "$STARTUPS"
start_server
echo "server at $base with $STARTUPS start-ups"

curl -sf "$base/v1/profiles/inv-0001/matches?limit=20" >/dev/null   # warm up (page cache)
# One wrk thread: the client shares the machine's 2 cores with the server.
wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s benches/http_load.lua "$base"
echo "non-200 responses counted by /metrics:"
curl -s "$base/metrics" | grep '^tandem_http_requests_total' | grep -v 'status="200"' || echo "none"
