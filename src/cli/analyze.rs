//! `whosaid analyze`: one report, JSON document or JSON line per input.
//!
//! Inputs are streamed (a JSON Lines file line by line) and analysed in ordered chunks on
//! all cores (rayon): output keeps the input order and memory stays bounded by a chunk.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use rayon::prelude::*;
use whosaid_analysis::{polnear, Analysis, Analyzer};
use whosaid_html::Kind;

use super::models::{self, analyzer};
use super::report;
use super::sources::{self, Item};
use super::term::{line, Printable};

/// Output formats of `analyze`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable report.
    Text,
    /// One pretty JSON document per input (an array for several).
    Json,
    /// One JSON object per line, per input.
    Jsonl,
    /// PolNeAR scorer predictions (raw text files, offsets into the file).
    Polnear,
}

/// How to read inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputKind {
    /// By file extension (.html/.htm → HTML, else text); stdin is sniffed.
    Auto,
    /// An HTML page.
    Html,
    /// A plain-text article (first line is the title).
    Text,
}

/// Flags of `whosaid analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Files or directories (.html .htm .txt, recursively); `-` reads standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Shorthand for `--format json`.
    #[arg(long, conflicts_with_all = ["jsonl", "format"])]
    json: bool,
    /// Shorthand for `--format jsonl`.
    #[arg(long, conflicts_with = "format")]
    jsonl: bool,
    /// Output format.
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// How to read the inputs.
    #[arg(long = "as", value_enum, default_value = "auto")]
    input_kind: InputKind,
    /// Worker threads (0: one per core).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    #[command(flatten)]
    budget: super::Budgets,
    #[command(flatten)]
    given: super::Given,
    /// A directory with model files (`pos.tsv`, `cues.tsv`, `spans.tsv`) to use instead of
    /// the shipped ones (see `train`); the accurate mode uses them beside its encoder.
    #[arg(long)]
    models: Option<PathBuf>,
    #[command(flatten)]
    model: super::models::ModelChoice,
    /// With `--format polnear`: how a content its attribution interrupts ("“A,” she said.
    /// “B.”") is written — `extent`, one record from the first piece to the last (PolNeAR's
    /// convention), or `pieces`, one per piece (token tagging's, as CofeNet's span metric
    /// counts them).
    #[arg(long, value_name = "HOW", default_value = "extent")]
    content: polnear::ContentForm,
}

impl AnalyzeArgs {
    /// The output format, the shorthands resolved.
    fn format(&self) -> Format {
        self.format.unwrap_or(if self.json {
            Format::Json
        } else if self.jsonl {
            Format::Jsonl
        } else {
            Format::Text
        })
    }

    /// How the input edge reads each document.
    fn kind(&self) -> Kind {
        match (self.format(), self.input_kind) {
            (Format::Polnear, _) => Kind::Raw,
            (_, InputKind::Auto) => Kind::Auto,
            (_, InputKind::Html) => Kind::Html,
            (_, InputKind::Text) => Kind::Text,
        }
    }
}

/// A JSON Lines record: the analysis with the input it came from (a path, `-`, or
/// `file.jsonl:LINE`), so that lines can be matched to inputs even when one failed.
#[derive(serde::Serialize)]
struct Line<'a> {
    source: &'a str,
    #[serde(flatten)]
    analysis: &'a Analysis,
}

/// Documents analysed together before their output is written.
const CHUNK: usize = 1024;

/// The fast mode's analyzer with the models of `--models`.
fn load_models(dir: &Path) -> anyhow::Result<Analyzer> {
    let read = |name: &str| -> anyhow::Result<String> {
        let path = dir.join(name);
        std::fs::read_to_string(&path)
            .with_context(|| format!("{}: cannot read the model", path.display()))
    };
    let pos = whosaid_analysis::text::pos::PosTagger::parse(&read("pos.tsv")?)?;
    let cues = whosaid_analysis::quotes::cue_model::CueModel::parse(&read("cues.tsv")?)?;
    let spans = whosaid_analysis::quotes::span_model::SpanModel::parse(&read("spans.tsv")?)?;
    Ok(Analyzer::with_models(
        Box::leak(Box::new(pos)),
        Box::leak(Box::new(cues)),
        Box::leak(Box::new(spans)),
    ))
}

/// Runs the analysis over every input; failures are reported one line each and the
/// batch goes on. `--threads 0` uses every core.
pub fn run(args: AnalyzeArgs) -> anyhow::Result<ExitCode> {
    let fast = match &args.models {
        Some(dir) => load_models(dir)?,
        None => Analyzer::new(),
    };
    models::install(args.model.analyzer_over(fast)?);
    let (format, kind) = (args.format(), args.kind());
    let content = args.content;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads)
        .build()
        .context("starting the worker threads")?;
    let stdout = io::stdout();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = Printable::new(BufWriter::new(stdout.lock()), format != Format::Text);
    let mut failed = 0usize;
    let files = sources::expand(&args.paths, sources::is_page);
    let single = files.len() == 1 && !files.iter().flatten().any(|p| is_jsonl(p));
    let mut json_docs: Vec<Analysis> = Vec::new();
    let jobs = files.into_iter().flat_map(|file| -> sources::Items {
        match file {
            Err(e) => Box::new(std::iter::once(Err(e))),
            Ok(path) => sources::documents(path, kind, args.budget.limits()),
        }
    });
    let jobs = jobs.map(|item| args.given.apply(item));
    let mut chunk: Vec<Item> = Vec::with_capacity(CHUNK);
    let mut jobs = jobs.peekable();
    while jobs.peek().is_some() {
        chunk.clear();
        chunk.extend(jobs.by_ref().take(CHUNK));
        let results: Vec<(PathBuf, Result<Analysis, String>)> = pool.install(|| {
            chunk
                .par_drain(..)
                .map(|item| process(item, &args.budget))
                .collect()
        });
        for (path, result) in results {
            let analysis = match result {
                Ok(a) => a,
                Err(reason) => {
                    eprintln!(
                        "whosaid: {}: {}",
                        line(&path.display().to_string()),
                        line(&reason)
                    );
                    failed += 1;
                    continue;
                }
            };
            match format {
                Format::Text => report::write(&mut out, &path, &analysis, color)
                    .context("writing the report")?,
                Format::Json => json_docs.push(analysis),
                Format::Jsonl => {
                    let line = Line {
                        source: &path.display().to_string(),
                        analysis: &analysis,
                    };
                    serde_json::to_writer(&mut out, &line).context("writing JSON")?;
                    writeln!(out)?;
                }
                Format::Polnear => {
                    let name = path
                        .file_name()
                        .map(|n| n.to_string_lossy().to_string())
                        .unwrap_or_default();
                    serde_json::to_writer(
                        &mut out,
                        &polnear::predictions(&name, &analysis, content),
                    )
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

/// One document analysed, with the label its output and messages carry.
fn process(item: Item, budget: &super::Budgets) -> (PathBuf, Result<Analysis, String>) {
    match item {
        Err((label, reason)) => (PathBuf::from(label), Err(reason)),
        Ok(input) => (
            PathBuf::from(input.label),
            input
                .doc
                .analyze(&analyzer(), &budget.start())
                .map_err(|e| e.to_string()),
        ),
    }
}
