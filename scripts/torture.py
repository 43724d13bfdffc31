#!/usr/bin/env python3
"""The torture set: hostile and broken inputs, generated here (nothing committed as
megabytes), each with the one-line error or the success a user should get.

    python3 scripts/torture.py target/release/whosaid [--keep DIR] [--only NAME]

Every case runs alone through `whosaid analyze --jsonl` and must end as expected, with
one line on stderr naming it, the right exit code, no signal, within its time and under
1 GB peak RSS. Then the whole set runs as one batch for `analyze` and for `ingest`, with
one good article among them: the good one is analysed or stored, every bad one is one
line, and the exit code is 1. Run by scripts/test.sh (the README's test command).
"""

import gzip
import os
import subprocess
import sys
import tempfile
import time

GOOD = "A good article\n\n“We will win,” Ann Lee said on Monday.\n"
PARA = ("The minister said on Tuesday that the talks had failed, and the opposition "
        "leader said her party would vote against the bill. ")
MB = 1024 * 1024
RSS_LIMIT_KB = 1024 * 1024  # 1 GB


def page(body, head=""):
    return f"<html><head>{head}</head><body>{body}</body></html>"


def article_page(extra=""):
    return page(f"{extra}<article><h1>Title</h1><p>{PARA * 3}</p><p>“We will win,” "
                f"Ann Lee said.</p></article>")


def warc_record(payload: bytes, uri="https://x.org/a") -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + payload
    head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Date: 2016-10-12T00:00:00Z\r\n"
            b"WARC-Record-ID: <urn:uuid:1>\r\nWARC-Target-URI: " + uri.encode() +
            b"\r\nContent-Length: %d\r\n\r\n" % len(http))
    return head + http + b"\r\n\r\n"


def gzip_bomb(path, size):
    """`size` bytes of zeros in a .warc.gz, written in pieces."""
    chunk = b"\0" * MB
    with gzip.open(path, "wb", compresslevel=1) as f:
        f.write(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999999999\r\n\r\n")
        for _ in range(size // MB):
            f.write(chunk)


def nested(tag, depth, close=None):
    close = close or tag
    return f"<{tag}>" * depth + "x" + f"</{close}>" * depth


# name, file name, bytes (or a callable writing the file), expected: "ok" or a phrase of
# the error line
CASES = [
    ("deep spans", "deep-spans.html", page(nested("span", 28_000)), "nested more than 400"),
    ("deep divs", "deep-divs.html", page(nested("div", 20_000)), "nested more than 400"),
    ("deep tables", "deep-tables.html",
     page("<table><tr><td>" * 10_000 + "x" + "</td></tr></table>" * 10_000),
     "nested more than 400"),
    ("deep mixed", "deep-mixed.html",
     page("".join(f"<{t}>" for t in ["div", "span", "b", "i", "section"] * 20_000)),
     "nested more than 400"),
    ("unclosed paragraphs", "unclosed-p.html", page("<p>x " * 50_000), "ok"),
    ("attribute flood", "attributes.html",
     article_page("<div " + " ".join(f'a{i}="v"' for i in range(100_000)) + ">x</div>"), "ok"),
    ("giant comment", "comment.html", lambda: article_page("<!--" + "x" * (30 * MB) + "-->"), "ok"),
    ("unclosed comment", "open-comment.html", lambda: article_page() + "<!--" + "x" * MB, "ok"),
    ("NUL bytes", "nul.html", b"<html>\0\0\0<body>x</body></html>", "binary data"),
    ("empty", "empty.html", b"", "empty input"),
    ("white space only", "blank.txt", b" \n\t\r\n   \n", "empty input"),
    ("script only", "script.html", page("<script>var a = '“Yes,” he said.';</script>" * 100),
     "no article text found"),
    ("style only", "style.html", page("<style>p { color: red }</style>" * 100),
     "no article text found"),
    ("zero-width spaces", "zw.txt", ("\u200b" * 5000 + "\n\n" + "\u00a0" * 5000).encode(),
     "no article text found"),
    ("UTF-16 with BOM", "utf16.txt", b"\xff\xfe" + GOOD.encode("utf-16-le"), "ok"),
    ("UTF-16 without BOM", "utf16-nobom.txt", GOOD.encode("utf-16-le"), "binary data"),
    ("UTF-32", "utf32.txt", b"\xff\xfe\x00\x00" + GOOD.encode("utf-32-le"), "UTF-32"),
    ("declared UTF-8, Latin-1 bytes", "latin1.html",
     page("<p>Caf\xe9 au lait, " + PARA + "</p>", '<meta charset="utf-8">').encode("latin-1"),
     "declared UTF-8 but not valid"),
    ("unknown charset, UTF-8 bytes", "charset.html",
     page("<p>" + PARA + "</p>", '<meta charset="x-klingon">').encode(), "ok"),
    ("unknown charset, other bytes", "charset-latin1.html",
     page("<p>Caf\xe9. " + PARA + "</p>", '<meta charset="x-klingon">').encode("latin-1"),
     "unknown charset"),
    ("Latin-1 declared", "latin1-ok.html",
     page("<p>Caf\xe9 au lait. " + PARA + "</p>", '<meta charset="iso-8859-1">').encode("latin-1"),
     "ok"),
    ("over 64 MiB", "huge.txt", lambda p: p.write_bytes(b"a" * (64 * MB + 1)), "too large"),
    ("8 MB of paragraphs", "eight-mb.txt",
     lambda: ("Eight\n\n" + (PARA * 5 + "\n\n") * 16_000).encode(), "ok"),
    ("run-on of 60,000 cues", "run-on.txt",
     ("Run on\n\n" + "and the minister said " * 60_000).encode(), "ok"),
    ("control characters", "escape.txt",
     "Title \x1b]0;owned\x07\n\n“We will win,” Ann \x1b[2J Lee said.".encode(), "ok"),
    ("truncated WARC", "cut.warc", warc_record(article_page().encode())[:300],
     "malformed WARC record"),
    ("truncated WARC.gz", "cut.warc.gz",
     gzip.compress(warc_record(article_page().encode()))[:200], "malformed WARC record"),
    ("WARC bomb", "bomb.warc.gz", lambda p: gzip_bomb(p, 1024 * MB), "malformed WARC record"),
    ("WARC declaring 10 GB", "long.warc",
     b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 10000000000\r\n\r\n" + b"x\n" * 100,
     "malformed WARC record"),
    ("JSON Lines, giant line", "giant.jsonl",
     lambda p: p.write_bytes(b"x" * (65 * MB) + b'\n{"text":"T\\n\\nBody."}\n'),
     "a line over 64 MiB"),
    ("XXE feed", "xxe.rss",
     b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
     b'<rss version="2.0"><channel><title>T</title><item><title>A</title>'
     b'<description>&x; said.</description></item></channel></rss>', "ok"),
    ("billion laughs feed", "laughs.rss",
     b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
     + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + i]), (b"&%s;" % bytes([97 + i])) * 10)
                for i in range(8))
     + b']><rss version="2.0"><channel><title>T</title><item><title>A</title>'
       b'<description>&i; said.</description></item></channel></rss>', "ok"),
]
SPECIAL = ["fifo", "dev-zero link"]


def write_cases(root):
    for name, fname, data, _ in CASES:
        path = root / fname
        data = data() if callable(data) and data.__code__.co_argcount == 0 else data
        if callable(data):
            data(path)
        else:
            path.write_bytes(data if isinstance(data, bytes) else data.encode())
    os.mkfifo(root / "m.html")
    os.symlink("/dev/zero", root / "b.txt")


class Output:
    """A child's standard output, kept in a file: read into this process it would grow
    this process, and a child's peak RSS starts from its parent's size at fork."""

    def __init__(self, path):
        self.path = path

    def chunks(self):
        with open(self.path, "rb") as f:
            while chunk := f.read(1 << 20):
                yield chunk

    def count(self):
        """Lines, counted in chunks (one JSON line can be 100 MB)."""
        return sum(chunk.count(b"\n") for chunk in self.chunks())

    def size(self):
        return os.path.getsize(self.path)

    def contains(self, needle):
        tail = b""
        for chunk in self.chunks():
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle):]
        return False


def run(cmd, timeout):
    """Runs `cmd`; returns (exit code, stdout, stderr, seconds, peak RSS in KB)."""
    start = time.monotonic()
    fd, path = tempfile.mkstemp(prefix="torture-out-")
    with os.fdopen(fd, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE)
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
            return None, Output(path), err, time.monotonic() - start, 0
    return proc.returncode, Output(path), err, time.monotonic() - start, proc.rss_kb


class Popen(subprocess.Popen):
    """A Popen that records the child's peak RSS when it is reaped (wait4)."""
    rss_kb = 0

    def _try_wait(self, wait_flags):
        try:
            pid, sts, usage = os.wait4(self.pid, wait_flags)
        except ChildProcessError:
            return (self.pid, 0)
        if pid == self.pid:
            self.rss_kb = usage.ru_maxrss
        return (pid, sts)


subprocess.Popen = Popen


def check_alone(bin_, root, failures, only):
    expectations = [(n, f, e) for n, f, _, e in CASES]
    expectations += [("FIFO named m.html", "m.html", "not a regular file"),
                     ("link to /dev/zero", "b.txt", "not a regular file")]
    for name, fname, expected in expectations:
        if only and only not in name:
            continue
        path = str(root / fname)
        code, out, err, secs, rss = run([bin_, "analyze", "--jsonl", path], timeout=90)
        lines = [l for l in err.decode(errors="replace").splitlines() if l.strip()]
        problems = []
        if code is None:
            problems.append("hung (killed after 90 s)")
        elif code < 0:
            problems.append(f"killed by signal {-code}")
        elif expected == "ok":
            if code != 0 or out.count() < 1:
                problems.append(f"exit {code}, stderr {lines[:3]}")
            if out.contains(b"root:") or out.size() > 64 * MB:
                problems.append("an external entity was read or an entity expanded")
        else:
            mine = [l for l in lines if fname in l]
            if code != 1:
                problems.append(f"exit {code}, not 1")
            if len(mine) != 1 or expected not in mine[0]:
                problems.append(f"expected one line with {expected!r}, got {lines[:3]}")
        if rss > RSS_LIMIT_KB:
            problems.append(f"peak RSS {rss // 1024} MB")
        status = "FAIL" if problems else "ok  "
        print(f"{status} {name:32} {secs:6.2f} s {rss // 1024:5d} MB  {'; '.join(problems)}")
        if problems:
            failures.append(name)


def check_batch(bin_, root, failures):
    (root / "good.txt").write_text(GOOD)
    for command in (["analyze", "--jsonl"], ["ingest", "-q", "--db", str(root / "t.db")]):
        code, out, err, secs, rss = run([bin_, *command, str(root)], timeout=600)
        lines = [l for l in err.decode(errors="replace").splitlines() if l.strip()]
        problems = []
        if code != 1:
            problems.append(f"exit {code}, not 1")
        if command[0] == "analyze":
            if not out.contains(b"good.txt"):
                problems.append("the good article is missing from the output")
        elif not any("1 new" in l or " new" in l for l in lines):
            problems.append(f"no summary line: {lines[-2:]}")
        if rss > RSS_LIMIT_KB:
            problems.append(f"peak RSS {rss // 1024} MB")
        print(f"{'FAIL' if problems else 'ok  '} batch {command[0]:26} {secs:6.2f} s "
              f"{rss // 1024:5d} MB  {'; '.join(problems)}")
        if problems:
            failures.append(f"batch {command[0]}")
            print("\n".join(lines[-40:]))


def main():
    args = sys.argv[1:]
    if args[:1] == ["--write"]:
        from pathlib import Path
        write_cases(Path(args[1]))
        return
    if not args:
        print(__doc__)
        sys.exit(2)
    bin_ = os.path.abspath(args[0])
    keep = args[args.index("--keep") + 1] if "--keep" in args else None
    only = args[args.index("--only") + 1] if "--only" in args else None
    from pathlib import Path
    with tempfile.TemporaryDirectory(prefix="whosaid-torture-") as tmp:
        root = Path(keep or tmp)
        root.mkdir(parents=True, exist_ok=True)
        # written by a child process: a child's peak RSS (ru_maxrss) starts from its
        # parent's size at fork, so the measuring process must stay small
        subprocess.run([sys.executable, __file__, "--write", str(root)], check=True)
        failures = []
        check_alone(bin_, root, failures, only)
        if not only:
            check_batch(bin_, root, failures)
    if failures:
        print(f"torture set: {len(failures)} failed: {', '.join(failures)}")
        sys.exit(1)
    print("torture set: every case " + (f"matching {only!r} " if only else "and both batches ") + "as expected")


if __name__ == "__main__":
    main()
