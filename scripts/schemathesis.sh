#!/usr/bin/env bash
# Runs schemathesis (PyPI, pinned) against a real `whosaid serve`'s /api/openapi.json:
# generated requests, valid and invalid, for every operation; it fails on any 5xx, any
# answer that breaks the OpenAPI document, and any request the document forbids that
# the server takes (or allows that it refuses). Run by scripts/test.sh.
#
#   bash scripts/schemathesis.sh [BIN]     # BIN: target/release/whosaid by default
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-target/release/whosaid}"
EXAMPLES="${SCHEMATHESIS_EXAMPLES:-100}"
if [ ! -x .venv/bin/st ]; then
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check 'schemathesis==4.32.5'
fi
tmp=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$tmp"' EXIT
"$BIN" --db "$tmp/w.db" ingest -q examples/ >/dev/null 2>&1
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BIN" --db "$tmp/w.db" serve --addr "127.0.0.1:$port" 2>"$tmp/serve.log" &
server=$!
for _ in $(seq 100); do
  python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)" \
    "http://127.0.0.1:$port/" 2>/dev/null && break
  sleep 0.1
done
url="http://127.0.0.1:$port/api/openapi.json"
# the reading operations: every check
.venv/bin/st run "$url" --checks all --exclude-method POST \
  --max-examples "$EXAMPLES" --seed 20261202 --no-color
# POST /api/analyze: every check but "invalid data is refused": its text/html and
# text/plain bodies are any string, so a generated "invalid" one (a JSON array sent as
# text) is still a text the server rightly analyses
.venv/bin/st run "$url" --checks all --exclude-checks negative_data_rejection \
  --include-method POST --max-examples "$EXAMPLES" --seed 20261202 --no-color
kill -0 "$server" # the server is still running
