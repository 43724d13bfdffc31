//! End-to-end tests of the corpus commands on real store files: ingest of every input
//! format, idempotency, speakers, quotes, search, exports, a SIGKILL mid-ingest, and a
//! search while an ingest runs.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use flate2::write::GzEncoder;
use whosaid_store::Store;

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");

fn whosaid(db: &Path) -> Command {
    let mut c = Command::cargo_bin("whosaid").expect("binary");
    c.arg("--db").arg(db);
    c
}

fn stdout(c: &mut Command) -> String {
    let out = c.output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf8")
}

fn warc_gz(path: &Path, uri: &str, html: &str) {
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");
    let mut rec = Vec::new();
    for (kind, body) in [
        ("warcinfo", "software: test\r\n".to_string()),
        ("response", http),
    ] {
        write!(
            rec,
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2022-02-03T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{}>\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{body}\r\n\r\n",
            if kind == "warcinfo" { "11111111-1111-1111-1111-111111111111" } else { "22222222-2222-2222-2222-222222222222" },
            body.len()
        )
        .expect("write");
    }
    let mut gz = GzEncoder::new(
        fs::File::create(path).expect("create"),
        flate2::Compression::default(),
    );
    gz.write_all(&rec).expect("gz");
    gz.finish().expect("finish");
}

fn page(title: &str, body: &str) -> String {
    format!("<html><head><title>{title}</title></head><body><article><p>{body}</p><p>The rest of the article follows here with more words so that the extractor keeps it as content.</p></article></body></html>")
}

#[test]
fn ingest_every_format_then_query_and_export() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let jsonl = dir.path().join("a.jsonl");
    fs::write(
        &jsonl,
        concat!(
            r#"{"url": "https://news.example/1", "text": "Merkel speaks\n\n“We will manage,” Angela Merkel said in Berlin.", "published": "2015-08-31", "site": "example"}"#,
            "\n",
            r#"{"url": "https://news.example/2", "html": "<html><body><article><p>“Europe must act now,” Emmanuel Macron said on Monday in Paris at a summit of leaders.</p></article></body></html>"}"#,
            "\n",
            "not json\n"
        ),
    )
    .expect("write");
    warc_gz(
        &dir.path().join("c.warc.gz"),
        "https://warc.example/x",
        &page(
            "Warc story - warc.example",
            "“The deal is done,” Olaf Scholz told reporters in Berlin on Tuesday after the talks.",
        ),
    );
    fs::write(
        dir.path().join("feed.rss"),
        r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Feed News</title><link>https://feed.example</link><description>d</description>
           <item><title>Feed item</title><link>https://feed.example/item</link><pubDate>Tue, 01 Feb 2022 10:00:00 GMT</pubDate>
           <description>&lt;p&gt;“Talks will continue,” Sergey Lavrov said after meeting the delegation in Geneva on Monday.&lt;/p&gt;</description></item></channel></rss>"#,
    )
    .expect("write");

    let out = whosaid(&db)
        .args(["ingest", "-q", EXAMPLES])
        .arg(&jsonl)
        .arg(dir.path().join("c.warc.gz"))
        .arg(dir.path().join("feed.rss"))
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the bad JSON line fails the run: {stderr}"
    );
    assert!(stderr.contains("a.jsonl:3: invalid JSON line"), "{stderr}");
    assert!(
        stderr.contains(
            // the example's .html and .txt hold one text: one article with two sources
            "ingested 5 (5 new, 0 replaced), unchanged 0 (0 recognised before analysis), 1 more source of stored articles, failed 1"
        ),
        "{stderr}"
    );

    // again: nothing new
    let out = whosaid(&db)
        .args(["ingest", "-q", EXAMPLES])
        .arg(&jsonl)
        .arg(dir.path().join("c.warc.gz"))
        .arg(dir.path().join("feed.rss"))
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&out.stderr).contains(
        "ingested 0 (0 new, 0 replaced), unchanged 6 (6 recognised before analysis), failed 1"
    ));

    let speakers = stdout(whosaid(&db).args(["speakers"]));
    assert!(
        speakers
            .lines()
            .next()
            .is_some_and(|l| l.contains("Vladimir Putin")),
        "{speakers}"
    );
    for who in [
        "Angela Merkel",
        "Emmanuel Macron",
        "Olaf Scholz",
        "Sergey Lavrov",
    ] {
        assert!(speakers.contains(who), "{who} in {speakers}");
    }
    let putin = stdout(whosaid(&db).args([
        "quotes",
        "--speaker",
        "Vladimir Putin",
        "--json",
        "--limit",
        "0",
    ]));
    let rows: Vec<serde_json::Value> = putin
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert!(rows.iter().any(|r| r["text"]
        .as_str()
        .is_some_and(|t| t.contains("brought its holes to our house"))));
    assert!(rows.iter().all(|r| r["title"]
        .as_str()
        .is_some_and(|t| t.starts_with("Putin says the West"))));
    let dated = stdout(whosaid(&db).args([
        "quotes",
        "--speaker",
        "Putin",
        "--about",
        "NATO",
        "--since",
        "2022-01-01",
    ]));
    assert!(dated.contains("2022-02-01"), "{dated}");
    let flags = stdout(whosaid(&db).args(["flags"]));
    assert_eq!(
        flags.lines().filter(|l| l.starts_with('⚑')).count(),
        3,
        "{flags}"
    );
    for who in ["Viktor Orban", "Mario Draghi", "Boris Johnson"] {
        assert!(flags.contains(who), "{who}: {flags}");
    }
    // the events command pages by key: after the first event comes the second
    let ids = |extra: &[&str]| -> Vec<i64> {
        let out = stdout(whosaid(&db).args(["events", "--json"]).args(extra));
        out.lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).expect("json")["id"]
                    .as_i64()
                    .expect("id")
            })
            .collect()
    };
    let events = ids(&["--limit", "0"]);
    assert!(events.len() >= 3, "{events:?}");
    let first = events[0].to_string();
    assert_eq!(ids(&["--limit", "2", "--after", &first]), events[1..3]);
    let hits = stdout(whosaid(&db).args(["search", "\"security for all\""]));
    assert!(hits.contains("[security for all]"), "{hits}");

    // CSV with a header row, as Python's csv module reads it
    let csv_out = stdout(whosaid(&db).args(["export", "--format", "csv", "quotes"]));
    let mut reader = csv::Reader::from_reader(csv_out.as_bytes());
    let headers = reader.headers().expect("header").clone();
    assert_eq!(&headers[2], "text");
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    let store = Store::open(&db).expect("store");
    assert_eq!(records.len() as i64, store.counts().expect("counts").quotes);
    // JSONL round-trips
    for what in ["quotes", "articles", "entities"] {
        let jsonl = stdout(whosaid(&db).args(["export", "--format", "jsonl", what]));
        for line in jsonl.lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("json");
            assert_eq!(serde_json::to_string(&v).expect("json"), line);
        }
    }
    if let Ok(py) = StdCommand::new("python3")
        .args(["-c", "import csv,sys; rows=list(csv.DictReader(sys.stdin)); print(len(rows), rows[0]['speaker'] != None)"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
    {
        let mut py = py;
        py.stdin.take().expect("stdin").write_all(csv_out.as_bytes()).expect("pipe");
        let out = py.wait_with_output().expect("python");
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), format!("{} True", records.len()));
    }
}

fn make_corpus(dir: &Path, n: usize) -> PathBuf {
    let corpus = dir.join("corpus");
    fs::create_dir_all(&corpus).expect("mkdir");
    for i in 0..n {
        let text = format!(
            "Story number {i} about the talks\n\n“We agreed on point {i},” Minister Anna Berg said on Monday.\n\nThe talks, officials said, will go on next week in Vienna.\n\nShe said that round {i} had been useful.\n"
        );
        fs::write(corpus.join(format!("story-{i:05}.txt")), text).expect("write");
    }
    corpus
}

#[test]
fn sigkill_mid_ingest_leaves_whole_articles_and_a_second_run_finishes() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let n = 4000;
    let corpus = make_corpus(dir.path(), n);
    let bin = assert_cmd::cargo::cargo_bin("whosaid");
    let mut child = StdCommand::new(&bin)
        .arg("--db")
        .arg(&db)
        .args(["ingest", "-q"])
        .arg(&corpus)
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    // wait until some batches are committed, then kill -9
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        std::thread::sleep(Duration::from_millis(20));
        let stored = Store::open(&db)
            .ok()
            .and_then(|s| s.counts().ok())
            .map(|c| c.articles)
            .unwrap_or(0);
        if stored > 0 || Instant::now() > deadline {
            break;
        }
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");
    let store = Store::open(&db).expect("reopen");
    assert_eq!(store.integrity_check().expect("check"), "ok");
    assert_eq!(
        store.incomplete_articles().expect("check"),
        0,
        "every article is whole or absent"
    );
    let partial = store.counts().expect("counts").articles;
    assert!(partial > 0 && (partial as usize) <= n, "{partial}");
    drop(store);
    let out = StdCommand::new(&bin)
        .arg("--db")
        .arg(&db)
        .args(["ingest", "-q"])
        .arg(&corpus)
        .output()
        .expect("second run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store = Store::open(&db).expect("reopen");
    let counts = store.counts().expect("counts");
    assert_eq!(
        counts.articles as usize, n,
        "no duplicates, nothing missing"
    );
    assert_eq!(store.incomplete_articles().expect("check"), 0);
    let urls: i64 = store
        .connection()
        .expect("a SQLite store")
        .query_row("SELECT count(DISTINCT url) FROM articles", [], |r| r.get(0))
        .expect("query");
    assert_eq!(urls as usize, n);
}

#[test]
fn search_works_while_an_ingest_runs() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let corpus = make_corpus(dir.path(), 3000);
    let first = dir.path().join("first");
    fs::create_dir_all(&first).expect("mkdir");
    fs::copy(corpus.join("story-00000.txt"), first.join("s.txt")).expect("copy");
    let bin = assert_cmd::cargo::cargo_bin("whosaid");
    let ok = StdCommand::new(&bin)
        .arg("--db")
        .arg(&db)
        .args(["ingest", "-q"])
        .arg(&first)
        .status()
        .expect("seed");
    assert!(ok.success());
    let mut child = StdCommand::new(&bin)
        .arg("--db")
        .arg(&db)
        .args(["ingest", "-q"])
        .arg(&corpus)
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut searches = 0;
    let start = Instant::now();
    while child.try_wait().expect("poll").is_none() && start.elapsed() < Duration::from_secs(60) {
        let out = StdCommand::new(&bin)
            .arg("--db")
            .arg(&db)
            .args(["search", "agreed"])
            .output()
            .expect("search");
        assert!(
            out.status.success(),
            "search failed during ingest: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("Anna Berg"));
        searches += 1;
    }
    let status = child.wait().expect("ingest");
    assert!(status.success());
    assert!(searches >= 1);
}

/// PolNeAR (train and dev texts), from `$WHOSAID_SHARED/data/polnear` or the `shared/`
/// folder beside the repository; `None` on a bare clone.
fn shared_polnear() -> Option<std::path::PathBuf> {
    let root = std::env::var_os("WHOSAID_SHARED")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let polnear = root.join("data/polnear");
    polnear.join("train/text").is_dir().then_some(polnear)
}

/// The corpus acceptance: PolNeAR train + dev + the examples.
#[test]
fn polnear_speakers_are_single_entities_and_reingest_adds_nothing() {
    let Some(shared) = shared_polnear() else {
        eprintln!(
            "SKIPPED polnear_speakers_are_single_entities_and_reingest_adds_nothing: PolNeAR is \
             not beside the repository (../shared/data/polnear) and WHOSAID_SHARED is not set"
        );
        return;
    };
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let args = |c: &mut Command| {
        c.args(["ingest", "-q"])
            .arg(shared.join("train/text"))
            .arg(shared.join("dev/text"))
            .arg(EXAMPLES);
    };
    let mut first = whosaid(&db);
    args(&mut first);
    let out = first.output().expect("ingest");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let speakers = stdout(whosaid(&db).args(["speakers", "--limit", "200"]));
    let names: Vec<&str> = speakers
        .lines()
        .map(|l| {
            l.split("articles  ")
                .nth(1)
                .unwrap_or("")
                .split(" — ")
                .next()
                .unwrap_or("")
                .split("  (")
                .next()
                .unwrap_or("")
        })
        .collect();
    assert_eq!(
        &names[..2],
        &["Donald Trump", "Hillary Clinton"],
        "{speakers}"
    );
    for bare in [
        "Trump",
        "Mr. Trump",
        "Clinton",
        "Mrs. Clinton",
        "Donald",
        "Hillary",
    ] {
        assert!(
            !names.contains(&bare),
            "{bare} has a row of its own: {speakers}"
        );
    }
    let store = Store::open(&db).expect("store");
    let before = store.counts().expect("counts");
    drop(store);
    let mut again = whosaid(&db);
    args(&mut again);
    let out = again.output().expect("ingest");
    assert!(String::from_utf8_lossy(&out.stderr).contains(
        "ingested 0 (0 new, 0 replaced), unchanged 926 (926 recognised before analysis)"
    ));
    let after = Store::open(&db).expect("store").counts().expect("counts");
    assert_eq!(
        (before.articles, before.quotes, before.entities),
        (after.articles, after.quotes, after.entities)
    );
}

#[test]
fn two_ingests_into_one_store_both_finish() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let mut folders = Vec::new();
    for f in ["a", "b"] {
        let folder = dir.path().join(f);
        std::fs::create_dir_all(&folder).expect("dir");
        for i in 0..150 {
            std::fs::write(
                folder.join(format!("{i}.txt")),
                format!("Title {f} {i}\n\n“We will win {f}{i},” Zoë Baird said on day {i}.\n"),
            )
            .expect("file");
        }
        folders.push(folder);
    }
    let children: Vec<_> = folders
        .iter()
        .map(|folder| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("whosaid"))
                .arg("--db")
                .arg(&db)
                .args(["ingest", "-q"])
                .arg(folder)
                .output_async()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().expect("ingest");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let store = Store::open(&db).expect("store");
    assert_eq!(store.counts().expect("counts").articles, 300);
}

/// Starting a command without waiting for it.
trait OutputAsync {
    fn output_async(&mut self) -> std::process::Child;
}

impl OutputAsync for std::process::Command {
    fn output_async(&mut self) -> std::process::Child {
        self.stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn")
    }
}

#[test]
fn re_ingesting_unchanged_inputs_skips_their_analysis() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    let first = whosaid(&db)
        .args(["ingest", "-q", EXAMPLES])
        .output()
        .expect("ingest");
    assert!(first.status.success());
    let again = whosaid(&db)
        .args(["ingest", "-q", EXAMPLES])
        .output()
        .expect("ingest");
    let said = String::from_utf8_lossy(&again.stderr).to_string();
    assert!(
        said.contains("unchanged 2 (2 recognised before analysis)"),
        "{said}"
    );
    // a changed input is analysed again
    let copy = dir.path().join("copy");
    fs::create_dir_all(&copy).expect("dir");
    let text = fs::read_to_string(Path::new(EXAMPLES).join("putin-nato-2022.txt")).expect("txt");
    fs::write(copy.join("a.txt"), format!("{text}\n")).expect("write");
    let out = whosaid(&db)
        .args(["ingest", "-q"])
        .arg(&copy)
        .output()
        .expect("ingest");
    let said = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(said.contains("(0 recognised before analysis)"), "{said}");
}

#[test]
fn an_unknown_speaker_gets_close_names() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("w.db");
    assert!(whosaid(&db)
        .args(["ingest", "-q", EXAMPLES])
        .output()
        .expect("ingest")
        .status
        .success());
    let out = whosaid(&db)
        .args(["quotes", "--speaker", "Puttin"])
        .output()
        .expect("quotes");
    let said = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        said.contains("no speaker is named \"Puttin\"; did you mean Vladimir Putin"),
        "{said}"
    );
}
