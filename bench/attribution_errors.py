#!/usr/bin/env python3
"""Attribution errors by category, and a random sample of them, for docs/accuracy.md.

Runs whosaid on a PolNeAR split, scores it with the shared scorer's --dump-errors, and
sorts every error into a category:

  python3 bench/attribution_errors.py dev            # counts and 30 sampled errors (seed 30)
  python3 bench/attribution_errors.py train --sample 0
  python3 bench/attribution_errors.py dev --args "--model accurate"   # a build with --features accurate

Categories (a gold item missed counts once, a spurious prediction once):
  missed, no cue found      no predicted attribution has a cue overlapping the gold cue
  missed, content boundary  a prediction has the gold cue, but its content overlaps < 50 %
  wrong source              the content matches, the source mention does not
  spurious, no gold cue     a prediction whose cue is no gold cue at all
  spurious, content boundary  a prediction whose cue is a gold cue, content elsewhere
"""
import argparse
import collections
import json
import os
import random
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")


def gold_cues(split_dir, doc):
    """Byte spans of the gold cues of one document (first annotation file, as the scorer)."""
    text = open(os.path.join(split_dir, "text", doc), encoding="utf-8").read()
    byte_at = [len(text[:i].encode()) for i in range(len(text) + 1)]
    anns = sorted(a for a in os.listdir(os.path.join(split_dir, "attributions"))
                  if a.startswith(doc[:-4] + "_"))
    spans = []
    if not anns:
        return spans
    for line in open(os.path.join(split_dir, "attributions", anns[0]), encoding="utf-8"):
        cols = line.rstrip("\n").split("\t")
        if line.startswith("T") and len(cols) > 1 and cols[1].startswith("Cue "):
            for piece in cols[1][4:].split(";"):
                a, b = piece.split()[:2]
                spans.append((byte_at[int(a)], byte_at[int(b)]))
    return spans


def overlaps(a, b):
    return a[0] < b[1] and b[0] < a[1]


def read_there(split_dir, preds, e):
    """For a gold item: whosaid's attribution with the same cue, else one overlapping the
    content, as "source: content" (shortened); for a prediction, nothing."""
    if e["kind"] != "gold":
        return ""
    text = open(os.path.join(split_dir, "text", e["doc"]), "rb").read()
    cue = e["cue"]["bytes"][0] if e.get("cue") else None
    content = e["content"]["bytes"][0] if e.get("content") else None
    same = [q for q in preds[e["doc"]] if cue and q.get("cue") and overlaps(q["cue"], cue)]
    near = [q for q in preds[e["doc"]] if content and overlaps(q["content"], content)]
    q = (same or near or [None])[0]
    if q is None:
        return "nothing"

    def words(span, n):
        t = text[span[0]:span[1]].decode("utf-8", "replace").replace("\n", " ").replace("|", "/")
        return t if len(t) <= n else t[: n - 1] + "…"
    src = words(q["source"], 40) if q.get("source") else "—"
    return f"{src}: {words(q['content'], 70)}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("split", choices=["train", "dev"])
    ap.add_argument("--sample", type=int, default=30)
    ap.add_argument("--seed", type=int, default=30)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "whosaid"))
    ap.add_argument("--args", default="", help='more arguments for `analyze`, e.g. "--model accurate"')
    args = ap.parse_args()
    split_dir = os.path.join(SHARED, "data", "polnear", args.split)
    with tempfile.TemporaryDirectory() as tmp:
        pred_path = os.path.join(tmp, "pred.jsonl")
        err_path = os.path.join(tmp, "errors.jsonl")
        with open(pred_path, "w") as out:
            subprocess.run([args.bin, "analyze", *args.args.split(), "--format", "polnear",
                            os.path.join(split_dir, "text")],
                           stdout=out, check=True)
        subprocess.run([sys.executable, os.path.join(SHARED, "tools", "eval_attribution.py"),
                        "--dump-errors", err_path, split_dir, pred_path],
                       stdout=subprocess.DEVNULL, check=True)
        preds = collections.defaultdict(list)
        for line in open(pred_path):
            d = json.loads(line)
            preds[d["doc"]] = d["quotes"]
        errors = [json.loads(line) for line in open(err_path)]
    cue_cache = {}
    counts = collections.Counter()
    by_cat = collections.defaultdict(list)
    for e in errors:
        doc = e["doc"]
        if e["kind"] == "gold" and e["error"] == "wrong_source":
            cat = "wrong source"
        elif e["kind"] == "gold":
            cue = e["cue"]["bytes"][0] if e.get("cue") else None
            hit = cue and any(q.get("cue") and overlaps(q["cue"], cue) for q in preds[doc])
            cat = "missed, content boundary" if hit else "missed, no cue found"
        else:
            if doc not in cue_cache:
                cue_cache[doc] = gold_cues(split_dir, doc)
            cue = e["cue"]["bytes"][0] if e.get("cue") else None
            hit = cue and any(overlaps(g, cue) for g in cue_cache[doc])
            cat = "spurious, content boundary" if hit else "spurious, no gold cue"
        counts[cat] += 1
        by_cat[cat].append(e)
    print("| category | errors |\n|---|---|")
    for cat, n in counts.most_common():
        print(f"| {cat} | {n} |")
    if args.sample:
        rng = random.Random(args.seed)
        pool = [(c, e) for c, es in sorted(by_cat.items()) for e in es]
        sample = sorted(rng.sample(pool, min(args.sample, len(pool))), key=lambda x: x[0])
        print("\n| category | cue | source | content | what whosaid read there (source: content) |")
        print("|---|---|---|---|---|")
        for cat, e in sample:
            cue = (e.get("cue") or {}).get("text", "—") if e.get("cue") else "—"
            src = (e.get("source") or {}).get("text", "—") if e.get("source") else "—"
            content = e["content"]["text"].replace("\n", " ").replace("|", "/")
            if len(content) > 110:
                content = content[:107] + "…"
            print(f"| {cat} | {cue} | {src} | {content} | {read_there(split_dir, preds, e)} |")


if __name__ == "__main__":
    main()
