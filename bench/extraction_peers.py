#!/usr/bin/env python3
"""whosaid's page extraction beside trafilatura 2.3, rs-trafilatura (PyPI) and resiliparse,
in one run, on both data sets: WCXB dev (1,356 scored pages of seven types: text F1 per
page type, title, date, article/not-article) and the 181-page article-extraction benchmark
(F1). Pages/s are one core, one process per tool, the whole data set in memory.

The peers are installed into bench/.venv-extract by bench/extraction_peers.sh. whosaid runs
as `analyze --jsonl` (its whole analysis, not extraction alone) in both modes: the default
(Readability + rs-trafilatura's text and page type) and --readability-only.

Usage: bench/.venv-extract/bin/python bench/extraction_peers.py [--whosaid BIN] [--out JSON]
"""
import argparse
import collections
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
WCXB = os.path.join(SHARED, "data", "wcxb-dev")
AEB = os.path.join(SHARED, "data", "article-extraction-benchmark")
sys.path.insert(0, os.path.join(SHARED, "tools"))
from eval_wcxb import prf  # noqa: E402  (the scorer's own word-level F1)


def load_pages(folder):
    pages = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith(".html.gz"):
            with gzip.open(os.path.join(folder, name), "rb") as f:
                pages[name[: -len(".html.gz")]] = f.read()
    return pages


def day(value):
    if not value:
        return None
    m = re.search(r"\d{4}-\d{2}-\d{2}", str(value))
    return m.group(0) if m else None


def run_trafilatura(html, url):
    import trafilatura
    doc = trafilatura.bare_extraction(html.decode("utf-8", "replace"), url=url, with_metadata=True)
    if doc is None:
        return {"text": ""}
    d = doc.as_dict() if hasattr(doc, "as_dict") else doc
    return {"text": d.get("text") or "", "title": d.get("title"), "published": day(d.get("date"))}


def run_rs_trafilatura(html, url):
    import rs_trafilatura
    r = rs_trafilatura.extract_bytes(html, url=url) if url else rs_trafilatura.extract_bytes(html)
    return {"text": r.main_content or "", "title": r.title, "published": day(r.date),
            "page_type": r.page_type}


def run_resiliparse(html, url):
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree
    tree = HTMLTree.parse(html.decode("utf-8", "replace"))
    title = tree.title
    return {"text": extract_plain_text(tree, main_content=True), "title": title}


PEERS = {"trafilatura 2.3": run_trafilatura, "rs-trafilatura (PyPI)": run_rs_trafilatura,
         "resiliparse": run_resiliparse}


def run_peer(fn, pages, urls):
    out, start = {}, time.perf_counter()
    for pid, html in pages.items():
        try:
            out[pid] = fn(html, urls.get(pid))
        except Exception as e:  # a peer failing on a page scores it as empty
            out[pid] = {"text": "", "error": str(e)}
    return out, time.perf_counter() - start


def run_whosaid(binary, pages, flags):
    with tempfile.TemporaryDirectory() as tmp:
        for pid, html in pages.items():
            with open(os.path.join(tmp, pid + ".html"), "wb") as f:
                f.write(html)
        start = time.perf_counter()
        r = subprocess.run([binary, "analyze", "--jsonl", "--threads", "1", *flags, tmp],
                           capture_output=True, text=True)
        elapsed = time.perf_counter() - start
    out = {}
    for line in r.stdout.splitlines():
        d = json.loads(line)
        a = d["article"]
        pid = os.path.basename(d["source"])[: -len(".html")]
        out[pid] = {"text": a.get("text", ""), "title": a.get("title"),
                    "published": day(a.get("published")), "page_type": a.get("page_type")}
    return out, elapsed


def score_wcxb(preds):
    types = json.load(open(os.path.join(WCXB, "page-types.json")))
    rows = collections.defaultdict(lambda: collections.defaultdict(list))
    for name in sorted(os.listdir(os.path.join(WCXB, "ground-truth"))):
        pid = name[:-5]
        try:
            gt = json.load(open(os.path.join(WCXB, "ground-truth", name)))["ground_truth"]
        except (ValueError, KeyError):
            continue
        t = types.get(pid, {}).get("page_type", "?")
        p = preds.get(pid, {"text": ""})
        for group in ("ALL", t):
            r = rows[group]
            r["f1"].append(prf(p.get("text", ""), gt.get("main_content", ""))[2])
            if gt.get("title"):
                r["title"].append((p.get("title") or "").strip().lower() == gt["title"].strip().lower())
            if gt.get("publish_date"):
                r["date"].append((p.get("published") or "")[:10] == gt["publish_date"][:10])
            if p.get("page_type") is not None or "page_type" in p:
                r["kind"].append((p.get("page_type") in ("article", None)) == (t == "article"))
    mean = lambda xs: sum(xs) / len(xs) if xs else float("nan")
    return {g: {k: mean(v) for k, v in r.items()} | {"pages": len(r["f1"])} for g, r in rows.items()}


def score_aeb(preds):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump({pid: {"articleBody": p.get("text", "")} for pid, p in preds.items()}, f)
    r = subprocess.run([sys.executable, os.path.join(SHARED, "tools", "eval_extraction.py"), f.name, "--json"],
                       capture_output=True, text=True, check=True)
    os.unlink(f.name)
    return json.loads(r.stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--whosaid", default=os.path.join(ROOT, "target", "release", "whosaid"))
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "extraction_peers.json"))
    args = ap.parse_args()
    wcxb = load_pages(os.path.join(WCXB, "html"))
    aeb = load_pages(os.path.join(AEB, "html"))
    results = {}
    tools = [(n, lambda pages, u, fn=fn: run_peer(fn, pages, u)) for n, fn in PEERS.items()]
    tools += [("whosaid", lambda pages, u: run_whosaid(args.whosaid, pages, [])),
              ("whosaid --readability-only", lambda pages, u: run_whosaid(args.whosaid, pages, ["--readability-only"]))]
    for name, run in tools:
        # the peers get no URL: whosaid reads pages as files, with what the page says of itself
        wp, wt = run(wcxb, {})
        ap_, at = run(aeb, {})
        results[name] = {"wcxb": score_wcxb(wp), "wcxb_pages_per_s": len(wcxb) / wt,
                         "aeb": score_aeb(ap_), "aeb_pages_per_s": len(aeb) / at}
        w, a = results[name]["wcxb"], results[name]["aeb"]
        print(f"{name:28s} WCXB F1 all {w['ALL']['f1']:.3f} article {w['article']['f1']:.3f} "
              f"date {w['article']['date']:.3f} title {w['article']['title']:.3f} "
              f"kind {w['ALL'].get('kind', float('nan')):.3f} {len(wcxb) / wt:.0f} p/s | "
              f"181 pages F1 {a.get('f1', float('nan')):.3f} {len(aeb) / at:.0f} p/s", flush=True)
    json.dump(results, open(args.out, "w"), indent=1)


if __name__ == "__main__":
    main()
