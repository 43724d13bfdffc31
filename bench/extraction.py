#!/usr/bin/env python3
"""Scores whosaid's article extraction on the article-extraction benchmark.

Unpacks ../shared/data/article-extraction-benchmark/html/*.html.gz into a temporary folder,
runs `whosaid analyze --jsonl` over it (one core, one process), writes the predictions in
the scorer's format and runs ../shared/tools/eval_extraction.py on them.

Usage: python3 bench/extraction.py [--whosaid target/release/whosaid]
"""
import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
BENCH = os.path.join(SHARED, "data", "article-extraction-benchmark")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--whosaid", default=os.path.join(ROOT, "target", "release", "whosaid"))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ids = []
        for name in sorted(os.listdir(os.path.join(BENCH, "html"))):
            if not name.endswith(".html.gz"):
                continue
            page_id = name[: -len(".html.gz")]
            with gzip.open(os.path.join(BENCH, "html", name), "rb") as src:
                data = src.read()
            with open(os.path.join(tmp, page_id + ".html"), "wb") as dst:
                dst.write(data)
            ids.append(page_id)
        paths = [os.path.join(tmp, i + ".html") for i in ids]
        preds = {}
        start = time.perf_counter()
        # one file per run so that a page without article text maps to its id
        out = subprocess.run([args.whosaid, "analyze", "--jsonl", *paths], capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        lines = [json.loads(l) for l in out.stdout.splitlines() if l.strip()]
        failed = {l.split(":")[1].strip().rsplit("/", 1)[-1][: -len(".html")] for l in out.stderr.splitlines() if l.startswith("whosaid: /")}
        ok_ids = [i for i in ids if i not in failed]
        for page_id, doc in zip(ok_ids, lines):
            preds[page_id] = {"articleBody": doc["article"]["text"]}
        pred_path = os.path.join(tmp, "predictions.json")
        with open(pred_path, "w") as f:
            json.dump(preds, f)
        print(f"pages {len(ids)}, extracted {len(lines)}, failed {len(failed)}, {elapsed:.2f} s, {len(ids) / elapsed:.0f} pages/s (whole analysis, one process)")
        subprocess.run([sys.executable, os.path.join(SHARED, "tools", "eval_extraction.py"), pred_path], check=True)


if __name__ == "__main__":
    main()
