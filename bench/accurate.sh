#!/usr/bin/env bash
# Speed of the accurate mode against the fast mode, whole analysis of the PolNeAR dev texts
# (84 articles), on one core and on two: articles/s (median of RUNS runs), peak RSS, and
# the encoder's share of the time. Needs `cargo build --release` and the encoder
# (bash scripts/fetch_encoder.sh). Usage: bash bench/accurate.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
BIN=${WHOSAID_BIN:-target/release/whosaid}
DEV=${WHOSAID_SHARED:-../shared}/data/polnear/dev/text
n=$(ls "$DEV"/*.txt | wc -l)
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
run() { # mode threads -> "seconds rss_kb"
  local out
  out=$( { /usr/bin/time -f "%e %M" "$BIN" analyze --model "$1" --threads "$2" --format polnear "$DEV" >/dev/null; } 2>&1 | tail -1)
  echo "$out"
}
printf "%-9s %-8s %12s %10s %12s\n" mode threads "articles/s" "seconds" "peak RSS MB"
for mode in fast accurate; do
  for threads in 1 2; do
    secs=(); rss=0
    for _ in $(seq "$RUNS"); do
      read -r s m < <(run "$mode" "$threads")
      secs+=("$s"); rss=$(( m > rss ? m : rss ))
    done
    med=$(printf "%s\n" "${secs[@]}" | median)
    awk -v m="$mode" -v t="$threads" -v n="$n" -v s="$med" -v r="$rss" \
      'BEGIN { printf "%-9s %-8s %12.1f %10.2f %12.0f\n", m, t, n / s, s, r / 1024 }'
  done
done
