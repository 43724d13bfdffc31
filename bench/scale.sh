#!/usr/bin/env bash
# Scale bench (#18), not a test: ARTICLES generated articles (each three PolNeAR train
# texts joined, with distinct URLs, dates over five years and 40 sites) stored
#   (a) by `whosaid ingest` into a SQLite file, and
#   (b) through the NATS JetStream queue by WORKERS workers into PostgreSQL,
# with documents/s and store size per article for each; then the latency (p50/p99, wrk,
# CLIENTS connections for DURATION) of the pages and the API on both stores.
# PostgreSQL and nats-server come from scripts/services.sh (Debian's packages, started on
# loopback when not running); wrk from Debian's package. Prints a Markdown report; the
# figures go to docs/scale.md by hand.
# SQLITE_DB=path PG_URL=postgres://… skip generation and ingest and measure the latency of
# stores built before (a million-article store takes hours to fill on two cores).
set -euo pipefail
cd "$(dirname "$0")/.."
ARTICLES=${ARTICLES:-50000}
WORKERS=${WORKERS:-2}
CLIENTS=${CLIENTS:-32}
DURATION=${DURATION:-15s}
SHARED=${SHARED:-../shared}
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null 2>&1 || sudo apt-get install -y -qq wrk >/dev/null; }
# shellcheck source=../scripts/services.sh
source scripts/services.sh
cargo build --release --quiet --locked --bin whosaid
BIN=$PWD/target/release/whosaid
TMP=$(mktemp -d /tmp/whosaid-scale.XXXXXX)
SERVER_PIDS=()
cleanup() {
  for p in "${SERVER_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$TMP"
}
trap 'cleanup; services_stop' EXIT

SQLITE_DB=${SQLITE_DB:-}
PG_URL=${PG_URL:-}
if [ -z "$SQLITE_DB" ] || [ -z "$PG_URL" ]; then
SQLITE_DB=$TMP/scale.db
python3 - "$TMP/stream.jsonl" "$ARTICLES" "$SHARED/data/polnear/train/text" <<'PY'
import datetime, json, os, random, sys
out, n, src = sys.argv[1], int(sys.argv[2]), sys.argv[3]
texts = [open(os.path.join(src, f), encoding="utf-8").read() for f in sorted(os.listdir(src))]
start = datetime.date(2016, 1, 1)
with open(out, "w", encoding="utf-8") as f:
    for i in range(n):
        rng = random.Random(i)
        parts = rng.sample(range(len(texts)), 3)
        day = start + datetime.timedelta(days=i % 1826)
        site = f"site{i % 40}.example"
        f.write(json.dumps({
            "url": f"https://{site}/{day:%Y/%m/%d}/{i}",
            "site": site,
            "published": day.isoformat(),
            "text": "\n\n".join(texts[p] for p in parts),
        }) + "\n")
PY

PGDB=whosaid_scale
PG_URL=$(echo "$WHOSAID_TEST_POSTGRES" | sed "s#/postgres\$#/$PGDB#")
psql -q "$WHOSAID_TEST_POSTGRES" -c "DROP DATABASE IF EXISTS $PGDB" -c "CREATE DATABASE $PGDB"
QUEUE_NAME=scale$$

timed() { local t0 t1; t0=$(date +%s.%N); "$@"; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }

echo "## Scale bench: $ARTICLES articles, $(nproc) cores, $(date -u +%F)"
echo
sqlite_s=$(timed "$BIN" --db "$SQLITE_DB" ingest -q "$TMP/stream.jsonl" 2>/dev/null)
sqlite_mb=$(du -cm "$TMP"/scale.db* | tail -1 | cut -f1)
add_s=$(timed "$BIN" queue add --queue "$WHOSAID_TEST_NATS" --queue-name "$QUEUE_NAME" "$TMP/stream.jsonl" 2>/dev/null)
work() {
  local pids=()
  for _ in $(seq "$WORKERS"); do
    "$BIN" --db "$PG_URL" worker --queue "$WHOSAID_TEST_NATS" --queue-name "$QUEUE_NAME" --drain --quiet 2>>"$TMP/workers.log" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
}
pg_s=$(timed work)
pg_mb=$(psql -tA "$PG_URL" -c "SELECT pg_database_size(current_database()) / 1048576")
status=$("$BIN" queue status --queue "$WHOSAID_TEST_NATS" --queue-name "$QUEUE_NAME" 2>&1 | tr '\n' ' ')
printf '| path | seconds | documents/s | store MB | KB per article |\n|---|---:|---:|---:|---:|\n'
printf '| ingest → SQLite (1 process, all cores) | %.0f | %.0f | %s | %.1f |\n' "$sqlite_s" "$(echo "$ARTICLES / $sqlite_s" | bc -l)" "$sqlite_mb" "$(echo "$sqlite_mb * 1024 / $ARTICLES" | bc -l)"
printf '| queue add (publish) | %.0f | %.0f | | |\n' "$add_s" "$(echo "$ARTICLES / $add_s" | bc -l)"
printf '| queue → %s workers → PostgreSQL | %.0f | %.0f | %s | %.1f |\n' "$WORKERS" "$pg_s" "$(echo "$ARTICLES / $pg_s" | bc -l)" "$pg_mb" "$(echo "$pg_mb * 1024 / $ARTICLES" | bc -l)"
echo
echo "queue status afterwards: $status"
echo

else
echo "## Scale bench: the stores $SQLITE_DB and $PG_URL, $(nproc) cores, $(date -u +%F)"
echo
fi

TOP=$("$BIN" --db "$SQLITE_DB" speakers --limit 1 --json 2>/dev/null | head -1)
SPEAKER=$(echo "$TOP" | python3 -c 'import json,sys,urllib.parse; print(urllib.parse.quote(json.loads(sys.stdin.read())["name"]))')
SPEAKER_ID=$(echo "$TOP" | python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["entity_id"])')
PATHS=(
  "/"
  "/speakers"
  "/speakers?name=an"
  "/api/entities"
  "/api/quotes"
  "/api/quotes?speaker=$SPEAKER"
  "/api/quotes?site=site7.example&since=2018-01-01&until=2018-12-31"
  "/quotes?speaker=$SPEAKER"
  "/speakers/$SPEAKER_ID"
  "/api/quotes?kind=direct"
  "/api/quotes?about=Clinton"
  "/api/quotes?about=economy"
  "/api/quotes?about=Xyzzyq"
  "/events"
  "/search?q=economy"
  "/api/quotes?q=pro-Russian"
  "/articles?site=site3.example"
  "/articles/100"
)
bench_server() {
  local name=$1 db=$2 port=$3
  "$BIN" --db "$db" serve --addr "127.0.0.1:$port" 2>>"$TMP/serve.log" &
  SERVER_PIDS+=($!)
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/api/openapi.json" >/dev/null && break; sleep 0.1; done
  for p in "${PATHS[@]}"; do
    curl -fs -o /dev/null "http://127.0.0.1:$port$p" || echo "warning: $p failed on $name" >&2
    wrk -t2 -c"$CLIENTS" -d"$DURATION" --latency "http://127.0.0.1:$port$p" > "$TMP/wrk.txt" 2>&1 || true
    python3 - "$name" "$p" "$TMP/wrk.txt" <<'PY'
import re, sys
name, path, text = sys.argv[1], sys.argv[2], open(sys.argv[3]).read()
def ms(label):
    m = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    if not m:
        return float("nan")
    v, u = float(m.group(1)), m.group(2)
    return v / 1000 if u == "us" else v * 1000 if u == "s" else v
rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"| {name} | `{path}` | {float(rps.group(1)) if rps else float('nan'):.0f} | {ms('50%'):.1f} | {ms('99%'):.1f} | {errors.group(1) if errors else 0} |")
PY
  done
}
echo "Latency under $CLIENTS concurrent clients for $DURATION each (wrk, loopback, same machine):"
echo
printf '| store | request | requests/s | p50 ms | p99 ms | non-2xx |\n|---|---|---:|---:|---:|---:|\n'
bench_server SQLite "$SQLITE_DB" 18081
bench_server PostgreSQL "$PG_URL" 18082
