"""PolNeAR train + dev as whosaid JSON Lines, with metadata.tsv's publisher and date (used by
bench/role_flags.py and bench/variants.py)."""
import csv
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
POLNEAR = os.path.join(os.path.dirname(ROOT), "shared", "data", "polnear")


def write_jsonl(path):
    """Writes one record per article (url, text, published, site) to `path`."""
    meta = {}
    with open(os.path.join(POLNEAR, "metadata.tsv"), encoding="utf-8") as f:
        # titles hold quotation marks: read the tab-separated fields as they are
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            meta[row["filename"]] = row
    with open(path, "w", encoding="utf-8") as out:
        for split in ("train", "dev"):
            d = os.path.join(POLNEAR, split, "text")
            for name in sorted(os.listdir(d)):
                m = meta.get(name[:-4], {})
                text = open(os.path.join(d, name), encoding="utf-8").read()
                out.write(json.dumps({"url": f"polnear:{split}/{name[:-4]}", "text": text,
                                      "published": m.get("publication_date"),
                                      "site": m.get("publisher")}) + "\n")
