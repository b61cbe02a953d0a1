#!/usr/bin/env bash
# Soak test: `tandem serve` at saturation with mixed reads and writes (benches/soak.lua) for a
# set time, on a writable store of 100,000 synthetic start-ups (plus 2,000 investors and
# 1,000 partners). Reports requests/s, p50/p99 latency, errors (socket errors, non-2xx/3xx,
# 5xx counted apart) and the server's RSS before the load, after warm-up, at the end and at
# its peak. Exits 1 when a target is missed: any error, any 5xx, or RSS growing by
# RSS_GROWTH_MAX % or more between warm-up and the end.
# Needs wrk (Debian: apt-get install wrk). Not part of CI; results go in benches/README.md.
#
#   bash benches/soak.sh                          # 5 minutes, defaults below
#   DURATION=30s bash benches/soak.sh             # a short run to try it out
#   OUT=/tmp/soak-1 bash benches/soak.sh          # keep the raw files (RSS samples, wrk, /metrics)
set -euo pipefail
# shellcheck source=benches/server.sh
source "$(dirname "$0")/server.sh"

STARTUPS=${STARTUPS:-100000}
INVESTORS=2000 # as make_store generates
PARTNERS=1000
DURATION=${DURATION:-5m}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-1}
WRITE_PERCENT=${WRITE_PERCENT:-5}
RSS_EVERY=${RSS_EVERY:-2}          # seconds between RSS samples
RSS_GROWTH_MAX=${RSS_GROWTH_MAX:-10} # %, from the end of warm-up to the end
OUT=${OUT:-}

fail_usage() { echo "$1" >&2; exit 2; }
# wrk's own duration syntax (30s, 5m, 1h, or seconds), in seconds.
case "$DURATION" in
  *[0-9]s) seconds=${DURATION%s} ;;
  *[0-9]m) seconds=$(( ${DURATION%m} * 60 )) ;;
  *[0-9]h) seconds=$(( ${DURATION%h} * 3600 )) ;;
  *[0-9]) seconds=$DURATION ;;
  *) fail_usage "DURATION=$DURATION: expected a number with s, m or h (30s, 5m)" ;;
esac
[[ "$seconds" =~ ^[0-9]+$ && "$seconds" -gt 0 ]] ||
  fail_usage "DURATION=$DURATION: expected a whole positive number of seconds, minutes or hours"
# Warm-up: the first minute, or the first fifth of a short run, so that a 30 s try-out still
# compares two loaded states rather than the idle server with a loaded one.
WARMUP=${WARMUP:-$(( seconds >= 300 ? 60 : seconds / 5 ))}
[[ "$WARMUP" =~ ^[0-9]+$ && "$WARMUP" -lt "$seconds" ]] ||
  fail_usage "WARMUP=$WARMUP: expected whole seconds below the duration ($seconds s)"
# RSS is compared as the median of the samples in the WINDOW seconds after the warm-up and
# in the last WINDOW seconds: the heap swings by tens of MiB between two samples as
# queries come and go, and one sample each would measure that swing, not a trend.
WINDOW=${WINDOW:-$(( (seconds - WARMUP) / 4 < 30 ? (seconds - WARMUP) / 4 : 30 ))}
[[ "$WINDOW" =~ ^[0-9]+$ && "$WINDOW" -ge "$RSS_EVERY" ]] ||
  fail_usage "WINDOW=$WINDOW: expected whole seconds, at least RSS_EVERY ($RSS_EVERY s)"
[[ "$WRITE_PERCENT" =~ ^[0-9]+$ && "$WRITE_PERCENT" -le 100 ]] ||
  fail_usage "WRITE_PERCENT=$WRITE_PERCENT: expected a whole number from 0 to 100"

need wrk wrk
need curl curl
build_release
make_store "$STARTUPS"
# A throw-away key: writes need one, and the demo data is read-only anyway.
TANDEM_API_KEY="soak-$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')"
export TANDEM_API_KEY
start_server
echo "server at $base (pid $server) with $STARTUPS start-ups, $INVESTORS investors, $PARTNERS partners"

# The store's tantivy segments (one file set per segment id) and its size: writes add
# segments that merges fold back; a pile-up would explain growing memory.
segments() { find "$work/data/index" -maxdepth 1 -name '*.idx' | wc -l; }
store_mib() { du -sm "$work/data" | cut -f1; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$server/status"; }
# VmRSS, RssAnon (heap) and RssFile (mapped files: tantivy reads its segments through mmap,
# so touching more of the index grows RSS without a byte of heap).
rss_parts() { awk '/^(VmRSS|RssAnon|RssFile):/ { printf "%s ", $2 }' "/proc/$server/status"; }

segments_before=$(segments)
store_before=$(store_mib)
curl -sf "$base/v1/profiles/inv-0001/matches?limit=20" >/dev/null   # page cache, first snapshot
rss_idle=$(rss_kib)
load_before=$(cat /proc/loadavg)

# Every RSS_EVERY seconds while the load runs: "seconds-since-start VmRSS RssAnon RssFile" (KiB).
t0=$EPOCHREALTIME
(
  while [ -r "/proc/$server/status" ]; do
    kib=$(rss_parts 2>/dev/null) || break
    echo "$(awk -v now="$EPOCHREALTIME" -v t0="$t0" 'BEGIN { printf "%.1f", now - t0 }') $kib"
    sleep "$RSS_EVERY"
  done
) >"$work/rss.tsv" &
keep_pid $!

echo "soak: $DURATION ($seconds s, warm-up $WARMUP s), $CONNECTIONS connections, $THREADS wrk thread(s), $WRITE_PERCENT % writes"
# --timeout 5s: a request slower than that counts as a socket error (a miss), not a wait.
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 5s --latency -s benches/soak.lua \
  "$base" -- "$TANDEM_API_KEY" "$WRITE_PERCENT" "$STARTUPS" "$INVESTORS" "$PARTNERS" \
  | tee "$work/wrk.out"
echo "$(awk -v now="$EPOCHREALTIME" -v t0="$t0" 'BEGIN { printf "%.1f", now - t0 }') $(rss_parts)" >>"$work/rss.tsv"
load_after=$(cat /proc/loadavg)
curl -sf "$base/metrics" >"$work/metrics.txt" || echo "could not read /metrics" >&2

figure() { awk -v k="$1" '$1 == "soak" && $2 == k { print $3 }' "$work/wrk.out"; }
requests=$(figure requests)
duration_s=$(figure duration_s)
[ -n "$requests" ] || { echo "wrk printed no figures (see above)" >&2; exit 1; }
socket_errors=$(figure socket_errors)
non_2xx=$(figure non_2xx_3xx)
status_5xx=$(awk '$1 == "soak" && $2 == "status" && $3 >= 500 { n += $4 } END { print n + 0 }' "$work/wrk.out")
statuses=$(awk '$1 == "soak" && $2 == "status" { printf "%s%s×%s", sep, $3, $4; sep = ", " }' "$work/wrk.out")
rps=$(awk -v r="$requests" -v d="$duration_s" 'BEGIN { printf "%.0f", r / d }')
writes=$(awk '/^tandem_http_requests_total/ && /method="(PUT|POST|DELETE)"/ && !/v1\/match/ { n += $NF } END { print n + 0 }' "$work/metrics.txt")

# RSS (column 2 of rss.tsv; 3 is the heap, 4 mapped files): medians of the window after
# the warm-up and of the last window, the last sample and the largest.
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
window() { awk -v from="$1" -v to="$2" -v col="$3" '$1 >= from && $1 < to { print $col }' "$work/rss.tsv" | median; }
last_at=$(awk 'END { print $1 }' "$work/rss.tsv")
end_from=$(awk -v t="$last_at" -v w="$WINDOW" 'BEGIN { print t - w }')
rss_warm=$(window "$WARMUP" $(( WARMUP + WINDOW )) 2)
anon_warm=$(window "$WARMUP" $(( WARMUP + WINDOW )) 3)
file_warm=$(window "$WARMUP" $(( WARMUP + WINDOW )) 4)
rss_end=$(window "$end_from" 1e9 2)
anon_end=$(window "$end_from" 1e9 3)
file_end=$(window "$end_from" 1e9 4)
rss_last=$(awk 'END { print $2 }' "$work/rss.tsv")
rss_peak=$(awk '$2 > peak { peak = $2 } END { print peak }' "$work/rss.tsv")
growth=$(awk -v a="$rss_warm" -v b="$rss_end" 'BEGIN { printf "%.1f", (b - a) * 100 / a }')
mib() { awk -v k="$1" 'BEGIN { printf "%.0f MiB", k / 1024 }'; }

misses=()
[ "$socket_errors" -eq 0 ] || misses+=("$socket_errors socket errors (connect, read, write, timeout)")
[ "$non_2xx" -eq 0 ] || misses+=("$non_2xx responses not 2xx/3xx: $statuses")
[ "$status_5xx" -eq 0 ] || misses+=("$status_5xx responses 5xx")
awk -v g="$growth" -v m="$RSS_GROWTH_MAX" 'BEGIN { exit !(g < m) }' ||
  misses+=("RSS grew $growth % after warm-up (target < $RSS_GROWTH_MAX %)")

echo
echo "## soak summary"
printf '%-32s %s\n' \
  "duration" "$duration_s s, $CONNECTIONS connections, $WRITE_PERCENT % writes" \
  "requests" "$requests ($rps req/s; $writes writes by /metrics)" \
  "statuses" "$statuses" \
  "socket errors" "$socket_errors" \
  "non-2xx/3xx" "$non_2xx" \
  "5xx" "$status_5xx" \
  "latency p50 / p90 / p99 / p99.9" "$(figure p50_ms) / $(figure p90_ms) / $(figure p99_ms) / $(figure p99.9_ms) ms" \
  "latency max" "$(figure max_ms) ms" \
  "RSS idle, before the load" "$(mib "$rss_idle")" \
  "RSS after warm-up" "$(mib "$rss_warm") (median of $WARMUP–$(( WARMUP + WINDOW )) s; heap $(mib "$anon_warm"), mapped files $(mib "$file_warm"))" \
  "RSS at the end" "$(mib "$rss_end") (median of the last $WINDOW s; heap $(mib "$anon_end"), mapped files $(mib "$file_end"))" \
  "RSS last sample, peak" "$(mib "$rss_last"), $(mib "$rss_peak")" \
  "RSS growth after warm-up" "$growth %" \
  "index segments before / after" "$segments_before / $(segments)" \
  "store size before / after" "$store_before / $(store_mib) MiB" \
  "load average before" "$load_before" \
  "load average after" "$load_after"
# Per kind of request, from the server's request log (tower-http's "finished processing
# request" lines, whole milliseconds): wrk's percentiles mix cheap reads with commits, and
# the /metrics histograms neither split a route by method nor go below their buckets.
echo "server-side latency by request kind (from its log):"
awk '/finished processing request/ {
    match($0, /method=[A-Z]+/); m = substr($0, RSTART + 7, RLENGTH - 7)
    match($0, /uri=[^ ]+/); u = substr($0, RSTART + 4, RLENGTH - 4)
    match($0, /latency=[0-9]+ ms/); ms = substr($0, RSTART + 8, RLENGTH - 11)
    if (m == "GET" && u ~ /\/matches/) k = "GET matches"
    else if (m == "GET" && u ~ /^\/v1\/search/) k = "GET search"
    else if (m == "GET" && u ~ /^\/v1\/profiles\?/) k = "GET listing page"
    else if (m == "GET" && u ~ /^\/v1\/profiles\//) k = "GET profile"
    else if (m == "POST" && u ~ /^\/v1\/profiles/) k = "POST batch"
    else if (m == "PUT" || m == "DELETE") k = m " profile"
    else { sub(/\?.*/, "", u); k = m " " u }
    print k "\t" ms
  }' "$work/serve.err" | sort -t$'\t' -k1,1 -k2,2n | awk -F'\t' '
  function flush() {
    if (n) printf "  %-18s %8d   p50 %5d ms   p99 %5d ms   max %5d ms\n", k, n, v[int((n - 1) * 0.5) + 1], v[int((n - 1) * 0.99) + 1], v[n]
  }
  $1 != k { flush(); k = $1; n = 0 }
  { v[++n] = $2 }
  END { flush() }'
warnings=$(grep -cE ' (WARN|ERROR) ' "$work/serve.err" || true)
echo "server warnings and errors in its log: $warnings"
grep -E ' (WARN|ERROR) ' "$work/serve.err" | head -n 5 || true
if [ -n "$OUT" ]; then
  mkdir -p "$OUT"
  cp "$work/rss.tsv" "$work/wrk.out" "$work/metrics.txt" "$work/serve.err" "$OUT/"
  echo "raw files in $OUT"
fi

if [ "${#misses[@]}" -gt 0 ]; then
  echo "MISSED:" >&2
  printf '  %s\n' "${misses[@]}" >&2
  exit 1
fi
echo "all targets met: no errors, no 5xx, RSS growth under $RSS_GROWTH_MAX %"
