//! Per-stage benchmark of the analysis core on committed inputs (the founding example),
//! plus the whole pipeline on PolNeAR dev when `../shared` is beside the repository.
//!
//! `cargo bench -p whosaid-analysis` prints, for each stage, the median of several timed
//! rounds, throughput in MB/s, and how far the stage is from a bare pass over the same
//! bytes (a byte scan counting newlines, the floor any stage must pay). Under
//! `cargo test --all-targets` it runs one quick round as a smoke test.

use std::hint::black_box;
use std::time::{Duration, Instant};

use whosaid_analysis::text::Doc;
use whosaid_analysis::{entities, events, plaintext, quotes, Analyzer, Article};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort_unstable();
    v[v.len() / 2]
}

/// Times `f` over `rounds` rounds of `reps` calls; returns the median per call.
fn time<F: FnMut()>(rounds: usize, reps: usize, mut f: F) -> Duration {
    let mut samples = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let t = Instant::now();
        for _ in 0..reps {
            f();
        }
        samples.push(t.elapsed() / reps as u32);
    }
    median(samples)
}

fn report(name: &str, per_call: Duration, bytes: usize, floor: Duration) {
    let mbs = bytes as f64 / per_call.as_secs_f64() / 1e6;
    println!(
        "{name:<34} {:>10.1} µs/article {:>9.1} MB/s {:>8.0}× a bare byte scan",
        per_call.as_secs_f64() * 1e6,
        mbs,
        per_call.as_secs_f64() / floor.as_secs_f64().max(1e-12)
    );
}

fn main() {
    let quick =
        std::env::args().any(|a| a == "--test") || !std::env::args().any(|a| a == "--bench");
    let (rounds, reps) = if quick { (1, 1) } else { (15, 40) };
    let html = include_str!("../../../examples/putin-nato-2022.html");
    let txt = include_str!("../../../examples/putin-nato-2022.txt");
    let article: Article = plaintext::parse(txt);
    let bytes = article.text.len();

    let floor = time(rounds, reps * 10, || {
        black_box(memchr_count(black_box(article.text.as_bytes())));
    });
    println!("stage (founding example, {bytes} bytes of text; median of {rounds} rounds)");
    report("bare byte scan (newline count)", floor, bytes, floor);
    let t = time(rounds, reps, || {
        black_box(whosaid_html::extract(black_box(html)).ok());
    });
    report("extraction (HTML → article)", t, html.len(), floor);
    let t = time(rounds, reps, || {
        black_box(Doc::new(black_box(&article)).sentences.len());
    });
    report("tokens + sentences", t, bytes, floor);
    let mut doc = Doc::new(&article);
    let tagger = whosaid_analysis::text::pos::PosTagger::embedded();
    let t = time(rounds, reps, || {
        black_box(tagger.tag(black_box(&doc)).len());
    });
    report("part-of-speech tags (learned)", t, bytes, floor);
    doc.tag(tagger);
    let t = time(rounds, reps, || {
        black_box(entities::find(black_box(&doc)).len());
    });
    report("mentions", t, bytes, floor);
    let found = entities::find(&doc);
    let t = time(rounds, reps, || {
        black_box(entities::resolve(black_box(&doc), &found).entities.len());
    });
    report("entities (merge, roles)", t, bytes, floor);
    let resolved = entities::resolve(&doc, &found);
    let t = time(rounds, reps, || {
        black_box(
            quotes::find(black_box(&doc), &found, &resolved)
                .quotes
                .len(),
        );
    });
    report(
        "quotes + attribution (learned cue and span models)",
        t,
        bytes,
        floor,
    );
    let attributions = quotes::find(&doc, &found, &resolved);
    let day = whosaid_analysis::types::Day::parse("2022-02-01");
    let t = time(rounds, reps, || {
        black_box(
            events::find(
                black_box(&doc),
                &found,
                &resolved,
                &attributions.referents,
                &attributions.quotes,
                day,
            )
            .len(),
        );
    });
    report("events", t, bytes, floor);
    let t = time(rounds, reps, || {
        black_box(
            Analyzer::new()
                .analyze(black_box(article.clone()))
                .quotes
                .len(),
        );
    });
    report("whole analysis (text → everything)", t, bytes, floor);

    // the whole pipeline on PolNeAR dev, when the shared data is there
    let dev = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/polnear/dev/text");
    if let Ok(entries) = std::fs::read_dir(&dev) {
        let texts: Vec<String> = entries
            .flatten()
            .filter_map(|e| std::fs::read_to_string(e.path()).ok())
            .collect();
        let total: usize = texts.iter().map(String::len).sum();
        let t = time(rounds.min(7), 1, || {
            for t in &texts {
                black_box(
                    Analyzer::new()
                        .analyze(Article::from_raw_text(t))
                        .quotes
                        .len(),
                );
            }
        });
        println!(
            "PolNeAR dev, whole analysis: {} articles, {:.2} MB in {:.3} s → {:.0} articles/s, {:.1} MB/s (one core)",
            texts.len(),
            total as f64 / 1e6,
            t.as_secs_f64(),
            texts.len() as f64 / t.as_secs_f64(),
            total as f64 / t.as_secs_f64() / 1e6
        );
    }
}

/// Counts newlines: a bare pass over the bytes.
fn memchr_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}
