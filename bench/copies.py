#!/usr/bin/env python3
"""Benchmark and threshold measurement for `whosaid copies`.

Generates a corpus from the PolNeAR texts: every original article, plus for a share of them
a machine-rewritten copy (a given share of words replaced by synonyms-in-kind: a random
other word of the corpus; a few sentences dropped), ingests it, then times `whosaid copies`
and reports precision and recall of the pairs found against the known copies, per
threshold.

Usage: python3 bench/copies.py [--articles 20000] [--rewrite 0.15]
"""
import argparse
import json
import os
import random
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(os.path.dirname(ROOT), "shared", "data", "polnear", "train", "text")


def rewrite(text, rate, vocab, rng):
    paras = [p for p in text.split("\n") if p.strip()]
    if len(paras) > 4:
        paras = [p for p in paras if rng.random() > 0.1]
    out = []
    for p in paras:
        words = p.split(" ")
        out.append(" ".join(rng.choice(vocab) if rng.random() < rate else w for w in words))
    return "\n\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=20000)
    ap.add_argument("--rewrite", type=float, default=0.15)
    ap.add_argument("--copies", type=float, default=0.1, help="share of articles that get a copy")
    ap.add_argument("--whosaid", default=os.path.join(ROOT, "target", "release", "whosaid"))
    args = ap.parse_args()
    rng = random.Random(7)
    texts = [open(os.path.join(SRC, f), encoding="utf-8").read() for f in sorted(os.listdir(SRC))]
    vocab = [w for t in texts[:50] for w in t.split() if w.isalpha()]
    # unrelated originals: random sentences of the whole corpus, 12 to an article
    pool = [s.strip() + "." for t in texts for s in t.replace("\n", " ").split(". ") if len(s.split()) >= 8]
    truth = set()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "corpus.jsonl")
        n = 0
        with open(path, "w", encoding="utf-8") as f:
            i = 0
            while n < args.articles:
                paras = [" ".join(rng.sample(pool, 3)) for _ in range(4)]
                original = f"Report {i}\n\n" + "\n\n".join(paras)
                f.write(json.dumps({"url": f"orig/{i}", "text": original, "published": "2016-01-01"}) + "\n")
                n += 1
                if rng.random() < args.copies and n < args.articles:
                    f.write(json.dumps({"url": f"copy/{i}", "text": rewrite(original, args.rewrite, vocab, rng), "published": "2016-01-02"}) + "\n")
                    truth.add((f"orig/{i}", f"copy/{i}"))
                    n += 1
                i += 1
        db = os.path.join(tmp, "c.db")
        t0 = time.perf_counter()
        ing = subprocess.run([args.whosaid, "--db", db, "ingest", "-q", path], capture_output=True, text=True)
        if ing.returncode not in (0, 1):
            raise SystemExit(ing.stderr)
        print(ing.stderr.strip().splitlines()[-1])
        t1 = time.perf_counter()
        out = subprocess.run([args.whosaid, "--db", db, "copies", "--threshold", "0.2", "--json", "--limit", "0"], capture_output=True, text=True, check=True).stdout
        t2 = time.perf_counter()
    pairs = [json.loads(l) for l in out.splitlines()]
    print(f"articles {n}, true copies {len(truth)}, ingest {t1 - t0:.1f} s, copies {t2 - t1:.1f} s")
    for threshold in (0.2, 0.3, 0.4, 0.5, 0.6):
        found = {(p["older"]["url"], p["newer"]["url"]) for p in pairs if p["similarity"] >= threshold}
        tp = len(found & truth)
        prec = tp / len(found) if found else 1.0
        rec = tp / len(truth) if truth else 1.0
        print(f"threshold {threshold:.1f}: pairs {len(found)}, precision {prec:.3f}, recall {rec:.3f}")


if __name__ == "__main__":
    main()
