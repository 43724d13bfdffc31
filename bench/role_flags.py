#!/usr/bin/env python3
"""Lists every role flag whosaid raises on PolNeAR train + dev, with publication dates
from metadata.tsv, to measure the flags' precision by reading them.

Usage: python3 bench/role_flags.py [--whosaid target/release/whosaid] [--out flags.tsv]
"""
import argparse
import json
import os
import subprocess
import tempfile

from polnear_jsonl import write_jsonl

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--whosaid", default=os.path.join(ROOT, "target", "release", "whosaid"))
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "polnear.jsonl")
        write_jsonl(src)
        res = subprocess.run([args.whosaid, "analyze", "--jsonl", src], capture_output=True, text=True)
    checks = {"consistent": 0, "contradicted": 0, "not_checked": 0}
    flags = []
    for line in res.stdout.splitlines():
        a = json.loads(line)
        text = a["article"]["text"]
        for c in a["role_checks"]:
            checks[c["verdict"]] += 1
            if c["verdict"] == "contradicted":
                r = c["role"]
                start = max(0, r["start"] - 60)
                context = text.encode()[start:r["end"] + 60].decode("utf-8", "replace").replace("\n", " ")
                flags.append((a["article"]["url"], a["article"]["published"], c["person"], r["title"], r.get("of") or "", c["reason"], context))
    print(f"role checks: {checks}")
    print(f"flags: {len(flags)}")
    for f in flags:
        print("\t".join(str(x) for x in f))
    if args.out:
        with open(args.out, "w", encoding="utf-8") as o:
            for f in flags:
                o.write("\t".join(str(x) for x in f) + "\n")


if __name__ == "__main__":
    main()
