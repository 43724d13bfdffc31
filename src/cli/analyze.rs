//! `whosaid analyze`: one report, JSON document or JSON line per input.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use whosaid_analysis::{polnear, Analyzer};

use super::input::{self, Source};
use super::report;
use super::{ingest, sources};
use super::{Format, InputKind};

/// Runs the analysis over every input; failures are reported one line each and the
/// batch goes on.
pub fn run(paths: &[PathBuf], format: Format, kind: InputKind) -> anyhow::Result<ExitCode> {
    let analyzer = Analyzer::new();
    let stdout = io::stdout();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    let sources = input::expand(paths);
    let single = sources.len() == 1;
    let mut json_docs = Vec::new();
    for source in sources {
        let source: Source = match source {
            Ok(s) => s,
            Err((path, reason)) => {
                eprintln!("whosaid: {}: {reason}", path.display());
                failed += 1;
                continue;
            }
        };
        // JSON Lines: one article a line (url, html or text, title, published, site)
        let is_jsonl = source
            .path
            .to_string_lossy()
            .to_lowercase()
            .ends_with(".jsonl");
        let results: Vec<(PathBuf, Result<whosaid_analysis::Analysis, String>)> =
            if is_jsonl && format != Format::Polnear {
                sources::documents(source.path.clone())
                    .map(|item| match item.and_then(ingest::process) {
                        Ok(rec) => (
                            PathBuf::from(rec.source.clone().unwrap_or_default()),
                            Ok(rec.analysis),
                        ),
                        Err((label, reason)) => (PathBuf::from(label), Err(reason)),
                    })
                    .collect()
            } else {
                let article = if format == Format::Polnear {
                    input::read_raw_text(&source)
                } else {
                    input::read_article(&source, kind)
                };
                vec![(source.path.clone(), article.map(|a| analyzer.analyze(a)))]
            };
        for (path, result) in results {
            let analysis = match result {
                Ok(a) => a,
                Err(reason) => {
                    eprintln!("whosaid: {}: {reason}", path.display());
                    failed += 1;
                    continue;
                }
            };
            let source = Source { path };
            match format {
                Format::Text => report::write(&mut out, &source.path, &analysis, color)
                    .context("writing the report")?,
                Format::Json => json_docs.push(analysis),
                Format::Jsonl => {
                    serde_json::to_writer(&mut out, &analysis).context("writing JSON")?;
                    writeln!(out)?;
                }
                Format::Polnear => {
                    let name = source
                        .path
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
