#!/usr/bin/env bash
# whosaid's extraction beside trafilatura 2.3, rs-trafilatura and resiliparse on WCXB dev and
# the 181-page benchmark, one run (bench/extraction_peers.py). The peers come from PyPI into
# their own virtual environment, bench/.venv-extract.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d ../shared/data/wcxb-dev ]; then
  echo "extraction_peers: ../shared/data/wcxb-dev is not here; nothing to measure" >&2
  exit 0
fi
if [ ! -x bench/.venv-extract/bin/python ]; then
  python3 -m venv bench/.venv-extract
  bench/.venv-extract/bin/pip install -q "trafilatura==2.3.*" lxml_html_clean "rs-trafilatura==0.1.1" "resiliparse==2.0.0"
fi
cargo build --release --quiet --bin whosaid
bench/.venv-extract/bin/python bench/extraction_peers.py "$@"
