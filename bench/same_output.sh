#!/usr/bin/env bash
# Captures every output a refactoring must leave unchanged, so two builds can be compared
# byte for byte: JSON of PolNeAR dev and train texts, --format polnear on dev, the events coded
# from PLOVER dev, the 181 extraction pages and a WCXB sample as JSON, the founding example's
# report, and a store built from dev + the example read back through every corpus command.
#   bash bench/same_output.sh OUTDIR [BIN]      then: diff -r OLD NEW
set -euo pipefail
out=${1:?OUTDIR}; bin=${2:-target/release/whosaid}
shared=${WHOSAID_SHARED:-../shared}
mkdir -p "$out"
p=$shared/data/polnear
"$bin" analyze --jsonl "$p/dev/text" > "$out/dev.jsonl"
"$bin" analyze --jsonl "$p/train/text" > "$out/train.jsonl"
"$bin" analyze --format polnear "$p/dev/text" > "$out/dev.polnear.jsonl"
python3 -c '
import json,sys
for l in open(sys.argv[1]):
    g=json.loads(l); print(json.dumps({"id":g["id"],"text":g["text"],"date":g.get("date")}))
' "$shared/data/plover/dev.jsonl" | "$bin" code-events - > "$out/plover.jsonl"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for f in "$shared"/data/article-extraction-benchmark/html/*.html.gz; do gunzip -c "$f" > "$tmp/$(basename "$f" .gz)"; done
"$bin" analyze --jsonl "$tmp" > "$out/extraction.jsonl" || true
sed -i "s|$tmp|TMP|g" "$out/extraction.jsonl"   # each line names its source: not the temp folder
rm -f "$tmp"/*.html
ls "$shared"/data/wcxb-dev/html/*.html.gz | head -300 | while read -r f; do gunzip -c "$f" > "$tmp/$(basename "$f" .gz)"; done
"$bin" analyze --jsonl "$tmp" > "$out/wcxb300.jsonl" 2> "$out/wcxb300.err" || true
sed -i "s|$tmp|TMP|g" "$out/wcxb300.jsonl" "$out/wcxb300.err"
rm -f "$tmp"/*.html
"$bin" analyze examples/putin-nato-2022.html > "$out/example.txt"
"$bin" analyze --json examples/putin-nato-2022.txt > "$out/example-txt.json"
db=$tmp/s.db
export RAYON_NUM_THREADS=1
"$bin" --db "$db" ingest --quiet "$p/dev/text" examples/ > /dev/null 2>&1
for w in quotes articles entities; do "$bin" --db "$db" export --format jsonl $w > "$out/export-$w.jsonl"; done
"$bin" --db "$db" export --format csv quotes > "$out/export-quotes.csv"
"$bin" --db "$db" speakers --all --json > "$out/speakers.json"
"$bin" --db "$db" speakers > "$out/speakers.txt"
"$bin" --db "$db" quotes --json --speaker Trump > "$out/quotes-trump.json"
"$bin" --db "$db" search --json "Clinton emails" > "$out/search.json"
"$bin" --db "$db" search "security guarantees" > "$out/search2.txt" || true
"$bin" --db "$db" events --json > "$out/events.json"
"$bin" --db "$db" events > "$out/events.txt"
"$bin" --db "$db" flags --json > "$out/flags.json"
"$bin" --db "$db" variants --json > "$out/variants.json"
"$bin" --db "$db" copies --json > "$out/copies.json"
"$bin" --db "$db" quotes --since 2016-10-01 --until 2016-10-31 > "$out/quotes-oct.txt"
echo "captured in $out"
# ingest runs in parallel: row ids and row order differ from run to run, so the store's
# outputs are compared without ids, lines sorted
python3 - "$out" <<'PY'
import json, re, sys, pathlib
def strip(x):
    if isinstance(x, dict):
        return {k: strip(v) for k, v in x.items() if not (k == "id" or k.endswith("_id") or k.endswith("_ids"))}
    if isinstance(x, list):
        return [strip(v) for v in x]
    return x
for name in ["export-quotes.jsonl", "export-articles.jsonl", "export-entities.jsonl", "speakers.json",
             "quotes-trump.json", "search.json", "events.json", "flags.json", "variants.json", "copies.json"]:
    p = pathlib.Path(sys.argv[1]) / name
    rows = []
    for l in p.read_text().splitlines():
        try:
            rows.append(json.dumps(strip(json.loads(l)), sort_keys=True))
        except ValueError:
            rows.append(l)
    p.write_text("\n".join(sorted(rows)) + "\n")
for name in ["export-quotes.csv", "speakers.txt", "events.txt", "search2.txt", "quotes-oct.txt"]:
    p = pathlib.Path(sys.argv[1]) / name
    p.write_text("\n".join(sorted(re.sub(r"\b\d+\b", "N", l) for l in p.read_text().splitlines())) + "\n")
PY
