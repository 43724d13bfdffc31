#!/usr/bin/env bash
# Runs the cargo-fuzz targets (libFuzzer) of fuzz/ for SECONDS each (default 60: the
# smoke run of CI), seeding each corpus from the bundled examples. Crashes land in
# fuzz/artifacts/<target>/; every one found becomes a regression test.
#
#   bash scripts/fuzz.sh                 # every target, 60 s each
#   SECONDS_PER_TARGET=900 bash scripts/fuzz.sh analyze html_page   # a longer run
#
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`); libFuzzer needs nightly
# features of rustc, which RUSTC_BOOTSTRAP=1 unlocks on the stable toolchain.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${SECONDS_PER_TARGET:-60}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(html_page text_article analyze json_lines warc feed)
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
export RUSTC_BOOTSTRAP=1

seed() {
    local dir="fuzz/corpus/$1"
    mkdir -p "$dir"
    case "$1" in
        html_page|analyze)
            cp examples/*.html "$dir/" 2>/dev/null || true
            cp examples/*.txt "$dir/" 2>/dev/null || true
            printf '<html><body><article><p>“Yes,” she said.</p></article></body></html>' > "$dir/small.html" ;;
        text_article)
            cp examples/*.txt "$dir/" 2>/dev/null || true ;;
        json_lines)
            printf '{"text":"Title\\n\\n“We will win,” Ann Lee said.","site":"Daily","published":"2016-10-12"}\n{"html":"<p>x</p>","url":"https://x.org/a"}\n' > "$dir/two.jsonl" ;;
        warc)
            python3 - "$dir/one.warc" <<'PY'
import sys
payload = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>\xe2\x80\x9cYes,\xe2\x80\x9d she said.</p></body></html>"
head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Date: 2016-10-12T00:00:00Z\r\n"
        b"WARC-Record-ID: <urn:uuid:1>\r\nWARC-Target-URI: https://x.org/a\r\n"
        b"Content-Length: %d\r\n\r\n" % len(payload))
open(sys.argv[1], "wb").write(head + payload + b"\r\n\r\n")
PY
            ;;
        feed)
            printf '<?xml version="1.0"?><rss version="2.0"><channel><title>Daily</title><item><title>A</title><link>https://x.org/1</link><description>“Yes,” she said.</description></item></channel></rss>' > "$dir/one.rss" ;;
    esac
}

for t in "${targets[@]}"; do
    seed "$t"
    echo "== fuzz $t for ${SECONDS_PER_TARGET}s"
    # -rss_limit_mb: one input must stay under 1 GB; -timeout: a slow input is a finding
    log="fuzz/$t.log"
    rc=0
    cargo fuzz run --fuzz-dir fuzz "$t" "fuzz/corpus/$t" -- \
        -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=1024 -timeout=20 \
        -max_len=262144 -print_final_stats=1 > "$log" 2>&1 || rc=$?
    grep -E "^(#[0-9]+ *DONE|stat::number_of_executed_units|stat::peak_rss_mb|SUMMARY)|panicked" "$log" || true
    if [ "$rc" -ne 0 ]; then
        tail -40 "$log" >&2
        echo "fuzz $t: failed (exit $rc); the input is in fuzz/artifacts/$t, the log in $log" >&2
        exit 1
    fi
done
