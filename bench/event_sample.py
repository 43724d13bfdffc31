#!/usr/bin/env python3
"""Draws events at random from whosaid's analysis of a folder of texts, for reading by hand.

PLOVER dev measures recall-like accuracy on sentences that hold an event; this measures the
other side: of the events whosaid reports in ordinary news (PolNeAR dev, US politics), how
many are events at all, of the right type, with the right source and target.

Usage: python3 bench/event_sample.py ../shared/data/polnear/dev/text [--n 40] [--seed 7]
"""
import argparse
import json
import pathlib
import random
import subprocess


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("folder")
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--bin", default="target/release/whosaid")
    args = ap.parse_args()
    files = sorted(pathlib.Path(args.folder).glob("*.txt"))
    events = []
    for f in files:
        out = subprocess.run([args.bin, "analyze", "--format", "json", str(f)],
                             capture_output=True, text=True).stdout
        if not out.strip():
            continue
        d = json.loads(out)
        text = d["article"]["text"].encode()
        for e in d["events"]:
            s = e["sentence"]
            events.append((f.name, e, text[s["start"]:s["end"]].decode(errors="replace")))
    print(f"{len(events)} events in {len(files)} articles "
          f"({sum(1 for _, e, _ in events if not e.get('background'))} in main clauses)")
    random.Random(args.seed).shuffle(events)
    for name, e, sent in events[: args.n]:
        src = ", ".join(f"{a['text']}={a.get('code')}" for a in e["source"])
        tgt = ", ".join(f"{a['text']}={a.get('code')}" for a in e["target"])
        print(f"--- {name} | {e['kind']} '{e['trigger']['text']}' {e['status']}"
              f"{' background' if e.get('background') else ''} | {src} -> {tgt}")
        print("   ", sent.replace("\n", " ")[:260])


if __name__ == "__main__":
    main()
