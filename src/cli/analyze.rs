//! `whosaid analyze`: one report, JSON document or JSON line per input.
//!
//! Inputs are streamed (a JSON Lines file line by line) and analysed in ordered chunks on
//! all cores (rayon): output keeps the input order and memory stays bounded by a chunk.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use rayon::prelude::*;
use whosaid_analysis::{polnear, Analysis, Analyzer};

use super::input::{self, Source};
use super::report;
use super::{ingest, sources};
use super::{Format, InputKind};

/// Documents analysed together before their output is written.
const CHUNK: usize = 1024;

/// One unit of work: a file, or one line of a JSON Lines file.
enum Job {
    File(Source),
    Line(sources::Item),
    Failed(PathBuf, String),
}

/// Runs the analysis over every input; failures are reported one line each and the
/// batch goes on. `threads` = 0 uses every core.
/// The analyzer every worker uses (the shipped models unless `--cue-model` is given).
static ANALYZER: std::sync::OnceLock<Analyzer> = std::sync::OnceLock::new();

fn analyzer() -> Analyzer {
    *ANALYZER.get_or_init(Analyzer::new)
}

pub fn run(
    paths: &[PathBuf],
    format: Format,
    kind: InputKind,
    threads: usize,
    models: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    if let Some(dir) = models {
        let read = |name: &str| -> anyhow::Result<String> {
            let path = dir.join(name);
            std::fs::read_to_string(&path)
                .with_context(|| format!("{}: cannot read the model", path.display()))
        };
        let pos = whosaid_analysis::text::pos::PosTagger::parse(&read("pos.tsv")?)?;
        let cues = whosaid_analysis::quotes::cue_model::CueModel::parse(&read("cues.tsv")?)?;
        let spans = whosaid_analysis::quotes::span_model::SpanModel::parse(&read("spans.tsv")?)?;
        let _ = ANALYZER.set(Analyzer::with_models(
            Box::leak(Box::new(pos)),
            Box::leak(Box::new(cues)),
            Box::leak(Box::new(spans)),
        ));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("starting the worker threads")?;
    let stdout = io::stdout();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    let sources = input::expand(paths);
    let single = sources.len() == 1 && !sources.iter().flatten().any(|s| is_jsonl(&s.path));
    let mut json_docs: Vec<Analysis> = Vec::new();
    let jobs = sources
        .into_iter()
        .flat_map(|source| -> Box<dyn Iterator<Item = Job>> {
            match source {
                Err((path, reason)) => Box::new(std::iter::once(Job::Failed(path, reason))),
                Ok(s) if is_jsonl(&s.path) && format != Format::Polnear => {
                    Box::new(sources::documents(s.path).map(Job::Line))
                }
                Ok(s) => Box::new(std::iter::once(Job::File(s))),
            }
        });
    let mut chunk: Vec<Job> = Vec::with_capacity(CHUNK);
    let mut jobs = jobs.peekable();
    while jobs.peek().is_some() {
        chunk.clear();
        chunk.extend(jobs.by_ref().take(CHUNK));
        let results: Vec<(PathBuf, Result<Analysis, String>)> = pool.install(|| {
            chunk
                .par_drain(..)
                .map(|job| process(job, format, kind))
                .collect()
        });
        for (path, result) in results {
            let analysis = match result {
                Ok(a) => a,
                Err(reason) => {
                    eprintln!("whosaid: {}: {reason}", path.display());
                    failed += 1;
                    continue;
                }
            };
            match format {
                Format::Text => report::write(&mut out, &path, &analysis, color)
                    .context("writing the report")?,
                Format::Json => json_docs.push(analysis),
                Format::Jsonl => {
                    serde_json::to_writer(&mut out, &analysis).context("writing JSON")?;
                    writeln!(out)?;
                }
                Format::Polnear => {
                    let name = path
                        .file_name()
                        .map(|n| n.to_string_lossy().to_string())
                        .unwrap_or_default();
                    serde_json::to_writer(&mut out, &polnear::predictions(&name, &analysis))
                        .context("writing JSON")?;
                    writeln!(out)?;
                }
            }
        }
    }
    if format == Format::Json {
        if single && json_docs.len() == 1 {
            serde_json::to_writer_pretty(&mut out, &json_docs[0])?;
        } else {
            serde_json::to_writer_pretty(&mut out, &json_docs)?;
        }
        writeln!(out)?;
    }
    out.flush()?;
    if failed > 0 {
        eprintln!("whosaid: {failed} input(s) failed");
        Ok(ExitCode::from(1))
    } else {
        Ok(ExitCode::SUCCESS)
    }
}

fn is_jsonl(path: &std::path::Path) -> bool {
    path.to_string_lossy().to_lowercase().ends_with(".jsonl")
}

fn process(job: Job, format: Format, kind: InputKind) -> (PathBuf, Result<Analysis, String>) {
    match job {
        Job::Failed(path, reason) => (path, Err(reason)),
        Job::Line(item) => match item.and_then(ingest::process) {
            Ok(rec) => (
                PathBuf::from(rec.source.clone().unwrap_or_default()),
                Ok(rec.analysis),
            ),
            Err((label, reason)) => (PathBuf::from(label), Err(reason)),
        },
        Job::File(source) => {
            let article = if format == Format::Polnear {
                input::read_raw_text(&source)
            } else {
                input::read_article(&source, kind)
            };
            (source.path, article.map(|a| analyzer().analyze(a)))
        }
    }
}
