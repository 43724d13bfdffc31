#!/usr/bin/env python3
"""Fault tests of the distributed ingest (issue #18), run by scripts/test.sh.

A generated corpus goes through a NATS JetStream queue into PostgreSQL by several
`whosaid worker`s while things break: a worker is killed with SIGKILL in the middle of its
work, the PostgreSQL server restarts, the NATS server restarts. Afterwards every document
must be stored exactly once (the same articles and quotes as a plain `whosaid ingest` of
the same files into SQLite), nothing lost, `queue status` exact (the two broken inputs as
the only dead letters), and the store's own checks clean.

Usage: faults.py WHOSAID_BINARY  (needs WHOSAID_TEST_POSTGRES and nats-server on PATH;
restarting PostgreSQL needs root or sudo, else that one fault is skipped, saying so).
"""

import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/release/whosaid")
ADMIN = os.environ.get("WHOSAID_TEST_POSTGRES", "")
DOCS = 3000
FIRST = ["Anna", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jonas"]
LAST = ["Keller", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov", "Quinn", "Rossi"]
VERBS = ["cut", "raise", "review", "defend", "reform", "double", "freeze", "audit"]
NOUNS = ["budget", "tariffs", "pensions", "army", "grid", "ports", "schools", "taxes"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def with_database(url, name):
    base = url.split("?")[0]
    scheme, rest = base.split("://", 1)
    host = rest.split("/", 1)[0]
    return f"{scheme}://{host}/{name}"


def psql(url, sql):
    out = subprocess.run(["psql", url, "-tAqc", sql], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"psql: {out.stderr.strip()}")
    return out.stdout.strip()


def make_corpus(folder):
    rng = random.Random(18)
    for i in range(DOCS):
        who = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        paras = [
            f"Minister {who} sets out plan {i}",
            f"“We will {rng.choice(VERBS)} the {rng.choice(NOUNS)} by {2020 + i % 9},” "
            f"{who} said on Monday in Brussels, number {i}.",
            f"Critics said the plan {i} would fail, and {who.split()[1]} told reporters "
            f"that the {rng.choice(NOUNS)} would {rng.choice(VERBS)} next year.",
        ]
        with open(os.path.join(folder, f"story-{i:04d}.txt"), "w") as f:
            f.write("\n\n".join(paras) + "\n")
    # two inputs that can never be read: they must end as dead letters, not block anything
    with open(os.path.join(folder, "broken-binary.txt"), "wb") as f:
        f.write(b"\x00\x01\x02binary\x00" * 64)
    open(os.path.join(folder, "broken-empty.txt"), "wb").close()


class Nats:
    def __init__(self, folder):
        self.port = free_port()
        self.folder = folder
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(
            ["nats-server", "-js", "-a", "127.0.0.1", "-p", str(self.port), "-sd", self.folder],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        raise SystemExit("nats-server did not start")

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(30)

    @property
    def url(self):
        return f"nats://127.0.0.1:{self.port}"


def can_restart_postgres():
    clusters = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True)
    line = clusters.stdout.strip().splitlines()[:1] if clusters.returncode == 0 else []
    if not line or (os.geteuid() != 0 and shutil.which("sudo") is None):
        return None
    version, name = line[0].split()[:2]
    return ["pg_ctlcluster", version, name, "restart"] if os.geteuid() == 0 else \
        ["sudo", "-n", "pg_ctlcluster", version, name, "restart"]


def main():
    if not ADMIN or shutil.which("nats-server") is None:
        print("faults: skipped (needs WHOSAID_TEST_POSTGRES and nats-server; scripts/test.sh provides both)")
        return 0
    tmp = tempfile.mkdtemp(prefix="whosaid-faults-")
    corpus = os.path.join(tmp, "corpus")
    os.makedirs(corpus)
    make_corpus(corpus)
    name = f"whosaid_faults_{os.getpid()}"
    psql(ADMIN, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    psql(ADMIN, f"CREATE DATABASE {name}")
    db = with_database(ADMIN, name)
    nats = Nats(os.path.join(tmp, "nats"))
    nats.start()
    queue = ["--queue", nats.url, "--queue-name", "faults", "--ack-wait", "4"]
    env = dict(os.environ, WHOSAID_DB=db)
    workers = []
    try:
        run([BIN, "queue", "add", *queue, corpus], env, ok=(1,))
        start = lambda *extra: subprocess.Popen(
            [BIN, "worker", *queue, "--batch", "8", "--quiet", "--timeout", "30", *extra],
            env=env, stdout=subprocess.DEVNULL, stderr=open(os.path.join(tmp, f"w{len(workers)}.log"), "w"))
        workers = [start(), start()]
        wait_for(lambda: stored(db) >= 300, "the first articles")
        workers[0].send_signal(signal.SIGKILL)  # mid-batch: it holds up to 8 documents
        workers[0].wait()
        print(f"faults: killed a worker at {stored(db)} articles")
        restart = can_restart_postgres()
        if restart:
            wait_for(lambda: stored(db) >= 1000, "more articles")
            subprocess.run(restart, check=True)
            print(f"faults: restarted PostgreSQL at {stored(db)} articles")
        else:
            print("faults: restarting PostgreSQL skipped (needs root or sudo)")
        wait_for(lambda: stored(db) >= 1800, "articles after the restart")
        nats.stop()
        time.sleep(1)
        nats.start()
        print(f"faults: restarted NATS at {stored(db)} articles")
        drainer = start("--drain")
        drainer.wait(600)
        for w in workers[1:]:
            w.send_signal(signal.SIGTERM)
            w.wait(30)
        return check(db, queue, corpus, env, tmp)
    finally:
        for w in workers:
            if w.poll() is None:
                w.kill()
        nats.stop()
        psql(ADMIN, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        shutil.rmtree(tmp, ignore_errors=True)


def run(cmd, env, ok=()):
    out = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if out.returncode != 0 and out.returncode not in ok:
        raise SystemExit(f"faults: {' '.join(cmd[1:3])} failed: {out.stderr.strip()}")
    return out


def stored(db):
    try:
        return int(psql(db, "SELECT count(*) FROM articles"))
    except SystemExit:
        return -1  # the server restarting, or the schema not made yet


def wait_for(cond, what, seconds=300):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if cond():
            return
        time.sleep(0.2)
    raise SystemExit(f"faults: waited {seconds} s for {what}")


def check(db, queue, corpus, env, tmp):
    status = json.loads(run([BIN, "queue", "status", *queue, "--json"], env).stdout)
    # the same files through one plain ingest into SQLite: what "exactly once" means
    lite = os.path.join(tmp, "plain.db")
    run([BIN, "--db", lite, "ingest", "--quiet", corpus], env, ok=(1,))
    counts = lambda store: [int(x) for x in run(
        ["python3", "-c", COUNT, store], env).stdout.split()]
    expected = counts(lite)
    got = [int(psql(db, "SELECT count(*) FROM articles")),
           int(psql(db, "SELECT count(*) FROM quotes")),
           int(psql(db, "SELECT count(DISTINCT url) FROM articles"))]
    incomplete = int(psql(db, "SELECT count(*) FROM articles a WHERE a.quote_count != "
                              "(SELECT count(*) FROM quotes q WHERE q.article_id = a.id)"))
    failures = []
    if status != {**status, "pending": 0, "in_flight": 0, "done": DOCS, "failed": 2}:
        failures.append(f"queue status {status}, expected pending 0, in flight 0, done {DOCS}, failed 2")
    if got != expected:
        failures.append(f"PostgreSQL holds articles/quotes/urls {got}; one plain ingest holds {expected}")
    if incomplete:
        failures.append(f"{incomplete} articles lack quotes they were written with")
    logs = "".join(open(os.path.join(tmp, f)).read() for f in os.listdir(tmp) if f.endswith(".log"))
    print(f"faults: the workers waited for the store {logs.count('trying again')} times and "
          f"for the queue {logs.count('pulling from the queue')} times")
    print(f"faults: queue {status}; stored articles/quotes/urls {got} (plain ingest {expected})")
    for f in failures:
        print(f"faults: FAILED: {f}")
    return 1 if failures else 0


COUNT = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(*[c.execute(q).fetchone()[0] for q in (
    "SELECT count(*) FROM articles", "SELECT count(*) FROM quotes",
    "SELECT count(DISTINCT url) FROM articles")])
"""

if __name__ == "__main__":
    sys.exit(main())
