#!/usr/bin/env python3
"""How many statements `whosaid variants` finds quoted by several publishers in PolNeAR.

Builds JSON Lines from PolNeAR train + dev with metadata.tsv's publisher and date, ingests
them into a fresh store, and counts the groups:

  python3 bench/variants.py            # counts, and the first groups
  python3 bench/variants.py --show 60  # more groups
"""
import argparse
import json
import os
import subprocess
import tempfile

from polnear_jsonl import write_jsonl

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--whosaid", default=os.path.join(ROOT, "target", "release", "whosaid"))
    ap.add_argument("--show", type=int, default=10)
    ap.add_argument("--keep", help="keep the store here")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "polnear.jsonl")
        write_jsonl(src)
        db = args.keep or os.path.join(tmp, "v.db")
        if os.path.exists(db):
            os.remove(db)
        subprocess.run([args.whosaid, "--db", db, "ingest", "-q", src], check=True)
        res = subprocess.run([args.whosaid, "--db", db, "variants", "--limit", "100000", "--json"],
                             check=True, capture_output=True, text=True)
    groups = [json.loads(l) for l in res.stdout.splitlines() if l.strip()]
    multi = [g for g in groups if g["sites"] >= 2]
    departing = sum(v["departs"] for g in groups for v in g["versions"])
    print(f"groups quoted in 2+ articles: {len(groups)}; by 2+ publishers: {len(multi)}; "
          f"departing versions: {departing}")
    for g in multi[: args.show]:
        print(f"- {g['speaker']} ({g['sites']} publishers, {g['articles']} articles): "
              f"{g['reference'][:110]}")


if __name__ == "__main__":
    main()
