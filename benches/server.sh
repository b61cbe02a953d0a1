# shellcheck shell=bash
# Shared by the HTTP benchmarks (http_load.sh, soak.sh); source it, do not run it.
#
# It gives them the same set-up: a scratch directory removed on exit, the release binary, a
# store of synthetic profiles, and `tandem serve` on an ephemeral loopback port, so that the
# figures of both benchmarks come from the same data and the same server start-up.
#
#   source "$(dirname "$0")/server.sh"
#   need wrk wrk                  # the command, and the Debian package that provides it
#   build_release                 # sets $bin
#   make_store 100000             # start-ups (plus 2,000 investors, 1,000 partners), seed 7
#   start_server --engine-slots 4 # sets $server (its pid) and $base (http://127.0.0.1:PORT)
#   keep_pid "$!"                 # a background helper to stop on exit as well

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

# Exits with what to install when a command is missing; these benches are not part of CI.
need() {
  command -v "$1" >/dev/null || { echo "$1 is missing: apt-get install $2" >&2; exit 1; }
}

work=$(mktemp -d)
server=""
helpers=()
cleanup() {
  local pid
  for pid in "${helpers[@]}"; do kill "$pid" 2>/dev/null || true; done
  # SIGTERM lets the server finish in-flight requests; wait so the scratch files are not
  # removed under it.
  if [ -n "$server" ] && kill "$server" 2>/dev/null; then wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Stops this background process (an RSS sampler, say) when the script exits.
keep_pid() { helpers+=("$1"); }

build_release() {
  cargo build --release --quiet
  # Honour CARGO_TARGET_DIR, as cargo did: a worktree sharing a target dir has no ./target.
  bin="${CARGO_TARGET_DIR:-target}/release/tandem"
}

# make_store STARTUPS: $work/data holds STARTUPS start-ups, 2,000 investors and 1,000 partners.
make_store() {
  "$bin" generate --startups "$1" --investors 2000 --partners 1000 --seed 7 -o "$work/profiles.jsonl"
  "$bin" --data "$work/data" import "$work/profiles.jsonl"
}

# start_server [serve options...]: serves $work/data; the server's output goes to
# $work/serve.out and $work/serve.err.
# shellcheck disable=SC2120 # the serve options are optional
start_server() {
  "$bin" --data "$work/data" serve --addr 127.0.0.1:0 "$@" >"$work/serve.out" 2>"$work/serve.err" &
  server=$!
  local _
  for _ in $(seq 300); do
    grep -q "listening on" "$work/serve.out" 2>/dev/null && break
    kill -0 "$server" 2>/dev/null || break
    sleep 0.1
  done
  base=$(sed -n 's/^listening on //p' "$work/serve.out")
  if [ -z "$base" ]; then
    echo "the server did not start listening within 30 s; its stderr:" >&2
    cat "$work/serve.err" >&2
    exit 1
  fi
}
