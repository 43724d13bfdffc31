#!/usr/bin/env python3
"""Per-cue precision of whosaid's PolNeAR predictions on a split (default: train).

Used to prune cue words that produce more false attributions than true ones; run on train,
never on the held-back test split.
Usage: python3 bench/cue_precision.py [train|dev] [--min-count N]
"""
import collections
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")


def main():
    split = sys.argv[1] if len(sys.argv) > 1 else "train"
    gold = os.path.join(SHARED, "data", "polnear", split)
    with tempfile.TemporaryDirectory() as tmp:
        pred = os.path.join(tmp, "pred.jsonl")
        errs = os.path.join(tmp, "err.jsonl")
        with open(pred, "w") as f:
            subprocess.run([os.path.join(ROOT, "target", "release", "whosaid"), "analyze", "--format", "polnear",
                            os.path.join(gold, "text")], stdout=f, check=True)
        out = subprocess.run([sys.executable, os.path.join(SHARED, "tools", "eval_attribution.py"), gold, pred,
                              "--dump-errors", errs], capture_output=True, text=True, check=True)
        print("\n".join(out.stdout.splitlines()[-5:-1]))
        total = collections.Counter()
        for line in open(pred):
            d = json.loads(line)
            text = open(os.path.join(gold, "text", d["doc"]), "rb").read()
            for q in d["quotes"]:
                if q["cue"]:
                    total[text[q["cue"][0]:q["cue"][1]].decode("utf-8", "replace").lower()] += 1
        spurious = collections.Counter()
        for line in open(errs):
            e = json.loads(line)
            if e["error"] == "spurious" and e.get("cue"):
                spurious[e["cue"]["text"].lower()] += 1
        for cue in sorted(total, key=lambda c: (1 - spurious[c] / total[c], -total[c])):
            if total[cue] >= 5:
                print(f"{cue:24s} {total[cue]:5d}  spurious {spurious[cue]:4d}  precision {1 - spurious[cue] / total[cue]:.2f}")


if __name__ == "__main__":
    main()
