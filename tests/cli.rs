//! End-to-end tests of the `whosaid` binary: formats, stdin, directories and bad input.

use std::fs;
use std::io::Write;

use assert_cmd::Command;
use predicates::prelude::*;

const EXAMPLE_HTML: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/putin-nato-2022.html");
const EXAMPLE_TXT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/putin-nato-2022.txt");

fn whosaid() -> Command {
    Command::cargo_bin("whosaid").expect("binary")
}

#[test]
fn report_shows_header_quotes_and_actors() {
    whosaid()
        .args(["analyze", EXAMPLE_HTML])
        .assert()
        .success()
        .stdout(predicate::str::contains("Putin says the West has ignored"))
        .stdout(predicate::str::contains("Quotes ("))
        .stdout(predicate::str::contains("Vladimir Putin"))
        .stdout(predicate::str::contains("Actors ("));
}

#[test]
fn json_is_one_document_with_the_schema() {
    let out = whosaid()
        .args(["analyze", "--json", EXAMPLE_HTML])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["article"]["site"], "government.vision");
    assert_eq!(
        v["article"]["paragraphs"].as_array().map(Vec::len),
        Some(18)
    );
    let q = &v["quotes"][0];
    assert!(q["content"][0]["start"].is_u64());
    assert!(q["kind"] == "direct" || q["kind"] == "reported");
    assert!(v["entities"].as_array().is_some_and(|e| !e.is_empty()));
}

#[test]
fn jsonl_over_a_directory_and_stdin() {
    let dir = tempfile::tempdir().expect("tmp");
    fs::copy(EXAMPLE_HTML, dir.path().join("a.html")).expect("copy");
    fs::copy(EXAMPLE_TXT, dir.path().join("b.txt")).expect("copy");
    fs::write(dir.path().join("ignored.json"), "{}").expect("write");
    let out = whosaid()
        .args(["analyze", "--jsonl"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(out.status.success());
    let lines: Vec<&str> = std::str::from_utf8(&out.stdout)
        .expect("utf8")
        .lines()
        .collect();
    assert_eq!(lines.len(), 2);
    for (l, name) in lines.iter().zip(["a.html", "b.txt"]) {
        let v: serde_json::Value = serde_json::from_str(l).expect("json line");
        assert_eq!(
            v["article"]["paragraphs"].as_array().map(Vec::len),
            Some(18)
        );
        assert!(
            v["source"].as_str().is_some_and(|s| s.ends_with(name)),
            "each line says which input it came from: {}",
            v["source"]
        );
    }
    let html = fs::read(EXAMPLE_HTML).expect("read");
    let out = whosaid()
        .args(["analyze", "--json", "-"])
        .write_stdin(html)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["article"]["site"], "government.vision");
}

#[test]
fn bad_inputs_fail_one_line_each_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = |n: &str| dir.path().join(n);
    fs::write(p("empty.txt"), "").expect("write");
    fs::write(p("binary.html"), [0u8, 159, 146, 150, 0, 1, 2]).expect("write");
    fs::write(p("latin1.txt"), b"Caf\xe9 news\n\nHe said it was fine.").expect("write");
    fs::write(
        p("malformed.html"),
        "<html><body><div><p>Unclosed <b>tags <i>everywhere",
    )
    .expect("write");
    // a 200 MB file, sparse so the test stays fast
    let huge = fs::File::create(p("huge.txt")).expect("create");
    huge.set_len(200 * 1024 * 1024).expect("grow");
    // windows-1252 declared in the page: decoded, not refused
    let mut cp1252 = fs::File::create(p("cp1252.html")).expect("create");
    cp1252
        .write_all(b"<html><head><meta charset=\"windows-1252\"><title>Caf\xe9 story - example.com</title></head><body><article><p>\x93We will win,\x94 said Maria Lopez, the caf\xe9 owner, speaking to reporters in the town square on Monday afternoon.</p><p>Another paragraph of article text that is long enough to be kept by the extractor as content.</p></article></body></html>")
        .expect("write");
    fs::copy(EXAMPLE_TXT, p("good.txt")).expect("copy");
    let out = whosaid()
        .args(["analyze", "--jsonl"])
        .args(
            [
                "empty.txt",
                "binary.html",
                "latin1.txt",
                "malformed.html",
                "huge.txt",
                "cp1252.html",
                "good.txt",
                "missing.txt",
            ]
            .map(p),
        )
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for (name, reason) in [
        ("empty.txt", "empty"),
        ("binary.html", "binary"),
        ("latin1.txt", "not valid UTF-8"),
        ("huge.txt", "too large"),
        ("missing.txt", "no such file"),
    ] {
        let line = stderr
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("no error line for {name}: {stderr}"));
        assert!(line.contains(reason), "{line}");
    }
    assert!(!stderr.contains("panicked"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let docs: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    // cp1252, good and the malformed page (it has text) are analysed
    assert!(docs.iter().any(|d| d["article"]["text"]
        .as_str()
        .is_some_and(|t| t.contains("“We will win,”"))));
    assert!(docs
        .iter()
        .any(|d| d["article"]["paragraphs"].as_array().map(Vec::len) == Some(18)));
}

#[test]
fn polnear_mode_writes_scorer_predictions() {
    let dir = tempfile::tempdir().expect("tmp");
    let text = "Candidate says he will win\n\n“We will win this,” Smith said on Monday.\n";
    fs::write(dir.path().join("doc1.txt"), text).expect("write");
    let out = whosaid()
        .args(["analyze", "--format", "polnear"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["doc"], "doc1.txt");
    let quotes = v["quotes"].as_array().expect("quotes");
    let q = quotes
        .iter()
        .find(|q| q["content"][0].as_u64() > Some(20))
        .expect("the quote");
    let (s, e) = (
        q["content"][0].as_u64().expect("start") as usize,
        q["content"][1].as_u64().expect("end") as usize,
    );
    assert_eq!(&text[s..e], "“We will win this,”");
    let (s, e) = (
        q["source"][0].as_u64().expect("start") as usize,
        q["source"][1].as_u64().expect("end") as usize,
    );
    assert_eq!(&text[s..e], "Smith");
}

#[test]
fn polnear_mode_writes_an_interrupted_quote_as_pieces_when_asked() {
    let dir = tempfile::tempdir().expect("tmp");
    let text = "Title\n\n“We will win this,” Smith said. “And soon.”\n";
    fs::write(dir.path().join("doc1.txt"), text).expect("write");
    let contents = |content: &str| -> Vec<String> {
        let out = whosaid()
            .args(["analyze", "--format", "polnear", "--content", content])
            .arg(dir.path())
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        v["quotes"]
            .as_array()
            .expect("quotes")
            .iter()
            .map(|q| {
                let at = |k: usize| q["content"][k].as_u64().expect("offset") as usize;
                text[at(0)..at(1)].to_string()
            })
            .collect()
    };
    assert_eq!(
        contents("extent"),
        ["“We will win this,” Smith said. “And soon.”"]
    );
    assert_eq!(contents("pieces"), ["“We will win this,”", "“And soon.”"]);
    let bad = whosaid()
        .args(["analyze", "--format", "polnear", "--content", "halves"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(!bad.status.success());
}

/// A two-document PolNeAR-shaped corpus: text, brat attributions and gzipped silver tags.
fn tiny_polnear(root: &std::path::Path) -> std::path::PathBuf {
    use flate2::{write::GzEncoder, Compression};
    let split = root.join("train");
    fs::create_dir_all(split.join("text")).expect("dir");
    fs::create_dir_all(split.join("attributions")).expect("dir");
    fs::create_dir_all(root.join("silver")).expect("dir");
    let docs = [
        (
            "a",
            "Smith endorsed Jones on Monday.",
            "Smith",
            "endorsed",
            "Jones on Monday",
        ),
        (
            "b",
            "Brown praised Green on Tuesday.",
            "Brown",
            "praised",
            "Green on Tuesday",
        ),
    ];
    let mut conllu = String::new();
    for (name, sentence, source, cue, content) in docs {
        let text = format!("Title {name}\n\n{sentence}\n");
        fs::write(split.join("text").join(format!("{name}.txt")), &text).expect("write");
        let at = |w: &str| text.find(w).expect("word in text");
        let ann = format!(
            "T1\tSource {} {}\t{source}\nT2\tCue {} {}\t{cue}\nT3\tContent {} {}\t{content}\n\
             T4\tAttribution {} {}\t{cue}\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n",
            at(source),
            at(source) + source.len(),
            at(cue),
            at(cue) + cue.len(),
            at(content),
            at(content) + content.len(),
            at(cue),
            at(cue) + cue.len(),
        );
        fs::write(
            split.join("attributions").join(format!("{name}_x.ann")),
            ann,
        )
        .expect("write");
        conllu.push_str(&format!("# newdoc id = {name}.txt\n"));
        let words = sentence.trim_end_matches('.').split(' ');
        let tags = ["NNP", "VBD", "NNP", "IN", "NNP"];
        for (k, (w, t)) in words.zip(tags).enumerate() {
            let s = at(w);
            conllu.push_str(&format!(
                "{}\t{w}\t{w}\t_\t{t}\t_\t0\tdep\t_\tStart={s}|End={}|NER=O\n",
                k + 1,
                s + w.len()
            ));
        }
        conllu.push('\n');
    }
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(conllu.as_bytes()).expect("gzip");
    fs::write(
        root.join("silver/train.conllu.gz"),
        gz.finish().expect("gzip"),
    )
    .expect("write");
    split
}

#[test]
fn train_is_deterministic_and_analyze_runs_with_its_models() {
    let dir = tempfile::tempdir().expect("tempdir");
    let split = tiny_polnear(dir.path());
    let mut made = Vec::new();
    for run in ["m1", "m2"] {
        let models = dir.path().join(run);
        fs::create_dir_all(&models).expect("dir");
        whosaid()
            .arg("train")
            .arg(&split)
            .arg("--models")
            .arg(&models)
            .args(["--epochs", "3", "--prune", "0"])
            .assert()
            .success();
        let files: Vec<String> = ["pos.tsv", "cues.tsv", "spans.tsv"]
            .iter()
            .map(|f| fs::read_to_string(models.join(f)).expect("model file"))
            .collect();
        assert!(files.iter().all(|f| f.lines().any(|l| !l.starts_with('#'))));
        made.push(files);
    }
    assert_eq!(made[0], made[1], "the same data make the same models");
    let out = whosaid()
        .args(["analyze", "--format", "polnear", "--models"])
        .arg(dir.path().join("m1"))
        .arg(split.join("text"))
        .output()
        .expect("runs");
    assert!(out.status.success());
    let first: serde_json::Value =
        serde_json::from_slice(out.stdout.split(|&b| b == b'\n').next().expect("a line"))
            .expect("json");
    assert_eq!(first["doc"], "a.txt");
    assert!(!first["quotes"].as_array().expect("quotes").is_empty());
}

#[test]
fn train_without_silver_tags_fails_with_the_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let split = tiny_polnear(dir.path());
    fs::remove_file(dir.path().join("silver/train.conllu.gz")).expect("rm");
    whosaid()
        .arg("train")
        .arg(&split)
        .arg("--models")
        .arg(dir.path())
        .assert()
        .failure()
        .stderr(predicate::str::contains("train.conllu.gz"));
}

#[test]
fn the_accurate_mode_takes_models_too() {
    // `--models` beside `--model accurate` (for measuring on a held-out part of train): the
    // models are read first, so a folder without them fails on them in either build
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("a.txt"), "Title\n\nSmith said it rained.\n").expect("txt");
    whosaid()
        .args(["analyze", "--model", "accurate", "--models"])
        .arg(dir.path())
        .arg(dir.path().join("a.txt"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("pos.tsv: cannot read the model"));
}

#[test]
fn models_apply_to_json_lines_as_to_files() {
    // models that tag no cue at all: the lexicon alone finds cues, with every input form
    let dir = tempfile::tempdir().expect("tempdir");
    let shipped = concat!(env!("CARGO_MANIFEST_DIR"), "/crates/analysis/data/models");
    fs::copy(format!("{shipped}/pos.tsv"), dir.path().join("pos.tsv")).expect("pos");
    fs::copy(format!("{shipped}/spans.tsv"), dir.path().join("spans.tsv")).expect("spans");
    fs::write(dir.path().join("cues.tsv"), "# no weights\n").expect("cues");
    let text = fs::read_to_string(EXAMPLE_TXT).expect("example");
    let line = serde_json::json!({ "text": text }).to_string();
    let jsonl = dir.path().join("example.jsonl");
    fs::write(&jsonl, format!("{line}\n")).expect("jsonl");
    let quotes = |path: &std::path::Path, models: bool| -> Vec<serde_json::Value> {
        let mut cmd = whosaid();
        cmd.args(["analyze", "--jsonl"]);
        if models {
            cmd.arg("--models").arg(dir.path());
        }
        let out = cmd.arg(path).output().expect("runs");
        assert!(out.status.success());
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        v["quotes"].as_array().expect("quotes").clone()
    };
    let txt = std::path::Path::new(EXAMPLE_TXT);
    assert_eq!(quotes(&jsonl, true), quotes(txt, true));
    assert_ne!(quotes(&jsonl, true), quotes(&jsonl, false));
}

#[test]
fn bad_filter_values_are_refused_with_one_clear_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("w.db");
    for (args, says) in [
        (
            &["quotes", "--since", "10/01/2016"][..],
            "dates are YYYY, YYYY-MM or YYYY-MM-DD",
        ),
        (
            &["quotes", "--until", "2016-13-45"][..],
            "dates are YYYY, YYYY-MM or YYYY-MM-DD",
        ),
        (
            &["quotes", "--kind", "speech"][..],
            "expected one of: direct, reported",
        ),
        (
            &["events", "--kind", "CONSLUT"][..],
            "is not a PLOVER type (AGREE, CONSULT",
        ),
    ] {
        whosaid()
            .arg("--db")
            .arg(&db)
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
    }
    assert!(!db.exists(), "a refused command creates no store");
}

#[test]
fn a_reader_that_stops_reading_ends_the_output_quietly() {
    use std::io::Read;
    use std::process::{Command as Std, Stdio};
    let bin = assert_cmd::cargo::cargo_bin("whosaid");
    let mut child = Std::new(bin)
        .args(["analyze", "--jsonl"])
        .args(std::iter::repeat_n(EXAMPLE_TXT, 60))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let mut first = [0u8; 100];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("some output");
    // the pipe is closed here, as `| head -c 100` does
    let out = child.wait_with_output().expect("ends");
    assert!(out.status.success(), "{:?}", out.status);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn nothing_to_read_leaves_no_store_behind() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("typo.db");
    whosaid()
        .arg("--db")
        .arg(&db)
        .args(["ingest", "no/such/folder"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no/such/folder: no such file or directory",
        ));
    whosaid()
        .arg("--db")
        .arg(&db)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no store here"));
    assert!(!db.exists());
}

#[test]
fn escape_sequences_from_pages_and_names_reach_no_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let page = dir.path().join("a.txt");
    fs::write(
        &page,
        "Title \u{1b}]0;pwned\u{7}\n\n“We will \u{1b}[2Jwin,” Zoë Baird said.\n",
    )
    .expect("file");
    let out = whosaid().arg("analyze").arg(&page).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains('\u{1b}'), "{text}");
    assert!(text.contains("\\u{1b}]0;pwned\\u{7}"), "{text}");
    let bad = dir.path().join("b\u{1b}[31m.txt");
    fs::write(&bad, "").expect("file");
    let out = whosaid().arg("analyze").arg(&bad).output().expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains('\u{1b}') && err.contains("b\\u{1b}[31m.txt"),
        "{err}"
    );
    // JSON keeps its own escaping
    let out = whosaid()
        .args(["analyze", "--json"])
        .arg(&page)
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(v["article"]["title"]
        .as_str()
        .is_some_and(|t| t.contains('\u{1b}')));
}

#[test]
fn a_document_over_its_time_budget_fails_alone_and_stops_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let paragraph = "The minister said the talks had failed, and the opposition said it would vote against the bill.\n\n";
    let big = dir.path().join("big.txt");
    fs::write(&big, format!("A long one\n\n{}", paragraph.repeat(40_000))).expect("write");
    let started = std::time::Instant::now();
    let out = whosaid()
        .args(["analyze", "--jsonl", "--timeout", "2"])
        .arg(&big)
        .arg(EXAMPLE_TXT)
        .output()
        .expect("runs");
    let waited = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("big.txt: over its time budget of 2 s"),
        "{stderr}"
    );
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 1, "the other document is analysed");
    assert!(lines[0]["source"]
        .as_str()
        .is_some_and(|s| s.ends_with("putin-nato-2022.txt")));
    assert!(
        // a budget well above the small document's time even on a loaded machine, far
        // below the big one's (minutes in a debug build)
        waited < std::time::Duration::from_secs(10),
        "the budget did not stop the work: {waited:?}"
    );
    // ingest: the same budget, the rest stored
    let db = dir.path().join("w.db");
    let out = whosaid()
        .args(["ingest", "-q", "--timeout", "2", "--db"])
        .arg(&db)
        .arg(&big)
        .arg(EXAMPLE_TXT)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("over its time budget"), "{stderr}");
    assert!(stderr.contains("1 new"), "{stderr}");
}

#[test]
fn a_batch_takes_a_date_and_site_and_one_text_read_twice_is_one_article() {
    let dir = tempfile::tempdir().expect("tempdir");
    let undated = dir.path().join("a.txt");
    fs::write(&undated, "Talks\n\n“We will win,” Ann Lee said.").expect("write");
    let dated = dir.path().join("breitbart_2016-10-12_talks.txt");
    fs::write(&dated, "Other talks\n\n“We will lose,” Bob Stone said.").expect("write");
    let out = whosaid()
        .args([
            "analyze",
            "--jsonl",
            "--published",
            "2022-02",
            "--site",
            "The Daily",
        ])
        .arg(&undated)
        .arg(&dated)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(lines[0]["article"]["published"], "2022-02");
    assert_eq!(lines[0]["article"]["published_from"], "given");
    assert_eq!(lines[1]["article"]["published_from"], "file name");
    assert_eq!(lines[0]["article"]["site"], "The Daily");
    assert_eq!(
        lines[1]["article"]["published"], "2016-10-12",
        "a date in the file name is more precise than the batch's"
    );
    whosaid()
        .args(["analyze", "--published", "10/01/2016"])
        .arg(&undated)
        .assert()
        .failure()
        .stderr(predicate::str::contains("YYYY-MM-DD"));
    // the example as .html and as .txt: one article, its quotes counted once
    let db = dir.path().join("w.db");
    whosaid()
        .args(["ingest", "-q", "--db"])
        .arg(&db)
        .args([EXAMPLE_HTML, EXAMPLE_TXT])
        .assert()
        .success()
        .stderr(predicate::str::contains("1 new").and(predicate::str::contains("1 more source")));
    whosaid()
        .args(["speakers", "--db"])
        .arg(&db)
        .assert()
        .success()
        .stdout(predicate::str::contains("1 article "));
}

#[test]
fn reported_speech_is_never_put_in_quotation_marks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("w.db");
    whosaid()
        .args(["ingest", "-q", "--db"])
        .arg(&db)
        .arg(EXAMPLE_HTML)
        .assert()
        .success();
    let out = whosaid()
        .args(["quotes", "--kind", "reported", "--db"])
        .arg(&db)
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Western countries for neglecting"), "{text}");
    assert!(
        !text.lines().any(|l| l.starts_with("    “Western")),
        "reported speech in quotation marks: {text}"
    );
    let report = whosaid()
        .args(["analyze", EXAMPLE_HTML])
        .output()
        .expect("runs");
    let report = String::from_utf8_lossy(&report.stdout);
    assert!(
        report.contains("     Western countries for neglecting"),
        "{report}"
    );
    assert!(report.contains("     “It’s the United States that has brought its holes"));
}

#[test]
fn size_and_depth_limits_have_flags() {
    let dir = tempfile::tempdir().expect("tempdir");
    let big = dir.path().join("big.txt");
    fs::write(
        &big,
        format!("Big\n\n{}", "Words said here. ".repeat(80_000)),
    )
    .expect("write");
    let deep = dir.path().join("deep.html");
    let nested = format!(
        "{}<p>“Yes,” Ann Lee said.</p>{}",
        "<div>".repeat(50),
        "</div>".repeat(50)
    );
    fs::write(&deep, format!("<html><body>{nested}</body></html>")).expect("write");
    let out = whosaid()
        .args(["analyze", "--jsonl", "--max-size", "1", "--max-depth", "20"])
        .arg(&big)
        .arg(&deep)
        .arg(EXAMPLE_TXT)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("big.txt: too large"), "{stderr}");
    assert!(stderr.contains("the limit is 1048576 bytes"), "{stderr}");
    assert!(
        stderr.contains("deep.html: elements nested more than 20 deep"),
        "{stderr}"
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    // the defaults take both
    whosaid()
        .args(["analyze", "--jsonl"])
        .arg(&big)
        .arg(&deep)
        .assert()
        .success();
    whosaid()
        .args(["analyze", "--max-depth", "5000"])
        .arg(&deep)
        .assert()
        .failure()
        .stderr(predicate::str::contains("--max-depth"));
}

#[test]
fn a_page_in_another_language_is_reported_not_analysed_as_english() {
    let dir = tempfile::tempdir().expect("tempdir");
    let de = dir.path().join("de.txt");
    fs::write(
        &de,
        "Die Gespräche\n\nDer Minister sagte am Dienstag, die Gespräche seien gescheitert, und die Opposition werde gegen das Gesetz stimmen. „Wir werden gewinnen“, sagte Anna Berg.",
    )
    .expect("write");
    let out = whosaid()
        .args(["analyze", "--json"])
        .arg(&de)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["article"]["language"], "deu");
    assert_eq!(v["quotes"].as_array().map(Vec::len), Some(0));
    whosaid()
        .args(["analyze"])
        .arg(&de)
        .assert()
        .success()
        .stdout(predicate::str::contains("Written in German (deu)"))
        .stdout(predicate::str::contains("· 1 paragraph\n"));
}

#[test]
fn extractor_choice_is_honoured_and_a_bad_one_refused() {
    let extract = |which: &str| -> serde_json::Value {
        let out = whosaid()
            .args(["analyze", "--json", "--extractor", which, EXAMPLE_HTML])
            .output()
            .expect("runs");
        assert!(out.status.success(), "{which}");
        serde_json::from_slice(&out.stdout).expect("json")
    };
    let alone = extract("readability");
    assert_eq!(alone["article"]["extractor"], "readability");
    assert!(alone["article"]["page_type"].is_null());
    let second = extract("trafilatura");
    assert_eq!(second["article"]["extractor"], "trafilatura");
    assert_eq!(second["article"]["page_type"], "article");
    whosaid()
        .args(["analyze", "--extractor", "jusText", EXAMPLE_HTML])
        .assert()
        .failure()
        .stderr(predicate::str::contains("auto, readability or trafilatura"));
    whosaid()
        .args([
            "analyze",
            "--readability-only",
            "--extractor",
            "auto",
            EXAMPLE_HTML,
        ])
        .assert()
        .failure();
}
