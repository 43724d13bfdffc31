#!/usr/bin/env bash
# Ingest benchmark: rate and peak memory of `whosaid ingest` on this machine.
#   PolNeAR text (train + dev, 924 files), the 181 HTML pages of the extraction benchmark,
#   and a generated JSON Lines stream (default 50,000 articles) for flat memory.
# Runs each case RUNS times on a fresh store and prints the median. Not a test: the
# machine is shared and noisy; numbers go to docs/performance.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
JSONL_ARTICLES=${JSONL_ARTICLES:-50000}
SHARED=../shared
cargo build --release --quiet
BIN=target/release/whosaid
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

mkdir -p "$TMP/html"
for f in "$SHARED"/data/article-extraction-benchmark/html/*.html.gz; do
  gunzip -c "$f" > "$TMP/html/$(basename "$f" .gz)"
done
python3 - "$TMP/stream.jsonl" "$JSONL_ARTICLES" "$SHARED/data/polnear/train/text" <<'PY'
import json, os, sys
out, n, src = sys.argv[1], int(sys.argv[2]), sys.argv[3]
texts = [open(os.path.join(src, f), encoding="utf-8").read() for f in sorted(os.listdir(src))]
with open(out, "w", encoding="utf-8") as f:
    for i in range(n):
        f.write(json.dumps({"url": f"https://bench.example/{i}", "text": texts[i % len(texts)] + f"\n\nCopy {i}."}) + "\n")
PY

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

run_case() {
  local name=$1 count=$2; shift 2
  local times=() mems=()
  for _ in $(seq "$RUNS"); do
    rm -f "$TMP"/b.db*
    /usr/bin/time -f "%e %M" -o "$TMP/t" "$BIN" --db "$TMP/b.db" ingest -q "$@" 2>/dev/null || true
    read -r secs kb < "$TMP/t"
    times+=("$secs"); mems+=("$kb")
  done
  local t m
  t=$(printf '%s\n' "${times[@]}" | median)
  m=$(printf '%s\n' "${mems[@]}" | median)
  printf '%-34s %8d docs  median %6.2f s  %8.0f docs/s  peak RSS %6.0f MB\n' "$name" "$count" "$t" "$(echo "$count / $t" | bc -l)" "$(echo "$m / 1024" | bc -l)"
}

echo "cores: $(nproc); runs per case: $RUNS"
run_case "PolNeAR text (train+dev)" 924 "$SHARED/data/polnear/train/text" "$SHARED/data/polnear/dev/text"
run_case "HTML pages (extraction benchmark)" 181 "$TMP/html"
RUNS=1 run_case "JSON Lines stream" "$JSONL_ARTICLES" "$TMP/stream.jsonl"
