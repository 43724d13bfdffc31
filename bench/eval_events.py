#!/usr/bin/env python3
"""Scores event coding against PLOVER gold records (JSON Lines).

For each gold record (``id``, ``text``, ``event``, ``source``/``target`` lists of actors with
``code``), the prediction with the same ``id`` is compared:
- type accuracy: the predicted event type equals the gold type;
- source / target code accuracy: the set of predicted actor codes equals the set of gold
  codes (both empty counts as right); actors without a code are ignored;
- exact match: type, source and target all right.
A record without prediction counts as wrong everywhere. Also reported: per-type accuracy
and a confusion list.

Usage:
  python3 bench/eval_events.py GOLD.jsonl PRED.jsonl [--errors N]
  python3 bench/eval_events.py GOLD.jsonl --run target/release/whosaid   # predict, then score
"""
import argparse
import collections
import json
import subprocess
import sys


def codes(actors):
    return frozenset(a.get("code") for a in actors or [] if a.get("code"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("pred", nargs="?")
    ap.add_argument("--run", help="whosaid binary: run `whosaid code-events` on the gold texts")
    ap.add_argument("--errors", type=int, default=0, help="print this many errors")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    gold = [json.loads(l) for l in open(args.gold, encoding="utf-8") if l.strip()]
    if args.run:
        inp = "".join(json.dumps({"id": g["id"], "text": g["text"], "date": g.get("date")}) + "\n" for g in gold)
        out = subprocess.run([args.run, "code-events", "-"], input=inp, capture_output=True, text=True, check=True).stdout
        preds = [json.loads(l) for l in out.splitlines() if l.strip()]
    elif args.pred:
        preds = [json.loads(l) for l in open(args.pred, encoding="utf-8") if l.strip()]
    else:
        ap.error("give PRED.jsonl or --run")
    # ids are not unique in the gold (two records share PLOVER-GSR01-COERCE-0004): when the
    # predictions come one a gold line, in order, pair them by position
    if len(preds) == len(gold) and all(p.get("id") == g["id"] for p, g in zip(preds, gold)):
        paired = list(zip(gold, preds))
    else:
        by_id = {p.get("id"): p for p in preds}
        paired = [(g, by_id.get(g["id"], {})) for g in gold]
    n = len(gold)
    hits = collections.Counter()
    per_type = collections.defaultdict(lambda: [0, 0])
    confusion = collections.Counter()
    errors = []
    for g, p in paired:
        t = p.get("event") == g["event"]
        s = codes(p.get("source")) == codes(g.get("source"))
        tg = codes(p.get("target")) == codes(g.get("target"))
        hits["type"] += t
        hits["source"] += s
        hits["target"] += tg
        hits["exact"] += t and s and tg
        per_type[g["event"]][0] += t
        per_type[g["event"]][1] += 1
        if not t:
            confusion[(g["event"], p.get("event"))] += 1
        if not (t and s and tg):
            errors.append((g, p, t, s, tg))
    result = {k: hits[k] / n for k in ("type", "source", "target", "exact")}
    result["records"] = n
    if args.json:
        print(json.dumps(result))
        return
    print(f"records {n}")
    for k in ("type", "source", "target", "exact"):
        print(f"{k + ' accuracy':<18} {result[k]:.3f}  ({hits[k]}/{n})")
    print("per type:", ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(per_type.items())))
    print("most confused (gold -> predicted):", ", ".join(f"{a}->{b} {c}" for (a, b), c in confusion.most_common(8)))
    for g, p, t, s, tg in errors[: args.errors]:
        print("---", g["id"], "| gold", g["event"], sorted(codes(g.get("source"))), sorted(codes(g.get("target"))),
              "| pred", p.get("event"), sorted(codes(p.get("source"))), sorted(codes(p.get("target"))), "|", p.get("trigger"))
        print("   ", g["text"][:200])


if __name__ == "__main__":
    main()
