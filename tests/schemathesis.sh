#!/usr/bin/env bash
# Fuzzes `tandem serve` from its own OpenAPI document with schemathesis, a client nobody here
# wrote: every check (`--checks all`), a fixed seed and a bounded number of examples, so that a
# schema-valid request the server rejects, a schema-invalid one it accepts, a response that
# breaks its schema or a 5xx fails CI. Run after `cargo test`, which builds target/debug/tandem.
#
# schemathesis is installed with pip into a virtual environment under the target directory,
# kept between runs; python3 and its venv module come from apt-get when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=4.32.5
SEED=${SCHEMATHESIS_SEED:-20251201}
target=$(realpath -m "${CARGO_TARGET_DIR:-target}")
venv="$target/schemathesis-$VERSION"
tandem="$target/debug/tandem"

if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -qF "$VERSION"; then
  if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    apt-get update -qq && apt-get install -y -qq python3 python3-venv python3-pip >/dev/null
  fi
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "schemathesis==$VERSION"
fi
[ -x "$tandem" ] || cargo build --locked --bin tandem

# Writes commit (and fsync) once per request: on a memory file system the run tests the API,
# not the disk. A fresh directory each run, removed afterwards.
base=/dev/shm
[ -d "$base" ] && [ -w "$base" ] || base=${TMPDIR:-/tmp}
work=$(mktemp -d "$base/tandem-schemathesis.XXXXXX")
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

"$tandem" --data "$work/data" import tests/fixtures/scenarios.jsonl
key=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
TANDEM_API_KEY=$key TANDEM_CACHE_DIR="$work/cache" TANDEM_LOG=warn \
  "$tandem" --data "$work/data" serve --addr 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err" &
server=$!
for _ in $(seq 100); do
  grep -q '^listening on ' "$work/serve.out" 2>/dev/null && break
  sleep 0.1
done
url=$(sed -n 's/^listening on //p' "$work/serve.out")
[ -n "$url" ] || { echo "tandem serve did not start:"; cat "$work/serve.err"; exit 1; }

# Run from the work directory so that nothing (hypothesis data, reports) lands in the tree.
# The hooks drop only the failures of the two rules JSON Schema cannot state (see hooks.py).
cd "$work"
# `timeout` bounds the run: schemathesis' own --max-time would instead make fuzzing repeat
# until the budget is spent, so the number of cases would depend on the machine's speed.
# The "too slow" health check is about generating data, not about the API: a city's pattern
# lists every letter of every script, and POST /v1/match has one in its body and one in its
# query, which makes hypothesis slow to draw examples, not the server slow to answer.
PYTHONPATH="$OLDPWD/tests/schemathesis" SCHEMATHESIS_HOOKS=hooks \
  timeout "${SCHEMATHESIS_TIMEOUT:-600}" "$venv/bin/schemathesis" run "$url/openapi.json" \
  --checks all \
  --header "X-API-Key: $key" \
  --seed "$SEED" \
  --max-examples "${SCHEMATHESIS_EXAMPLES:-20}" \
  --request-timeout 35 \
  --generation-database none \
  --suppress-health-check=too_slow \
  --no-color
