//! `whosaid ingest`: analyse documents on all cores and store them through one writer, in
//! batched transactions, streaming so that memory stays flat.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::sync_channel;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use whosaid_analysis::Analyzer;
use whosaid_html::Kind;
use whosaid_store::{ArticleRecord, Store, WriteOutcome};

use super::sources::{self, Input, Item};

/// Articles written per transaction.
const BATCH: usize = 500;

/// Flags of `whosaid ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Inputs.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// No progress bar.
    #[arg(long, short)]
    quiet: bool,
}

/// Turns one document into a stored record, or a one-line reason.
fn process(input: Input) -> Result<ArticleRecord, (String, String)> {
    let url = input.doc.url.clone();
    let article = input
        .doc
        .into_article()
        .map_err(|e| (input.label.clone(), e.to_string()))?;
    Ok(ArticleRecord {
        url,
        source: Some(input.label),
        analysis: Analyzer::new().analyze(article),
    })
}

/// What an ingest did.
#[derive(Debug, Default, Clone, Copy)]
pub struct Summary {
    /// New articles.
    pub inserted: usize,
    /// Articles whose text changed.
    pub replaced: usize,
    /// Articles already stored as they are.
    pub unchanged: usize,
    /// Documents that could not be read or analysed.
    pub failed: usize,
}

/// Runs the ingest of `paths` into the store at `db`.
pub fn run(db: &Path, args: &IngestArgs) -> anyhow::Result<ExitCode> {
    let quiet = args.quiet;
    let started = Instant::now();
    let files = sources::expand(&args.paths, sources::is_ingestible);
    // nothing readable given: say so and leave no empty store behind
    if files.iter().all(Result::is_err) {
        for (label, reason) in files.iter().filter_map(|f| f.as_ref().err()) {
            eprintln!("whosaid: {label}: {reason}");
        }
        anyhow::bail!("nothing to ingest; {} left as it was", db.display());
    }
    let mut store = Store::open(db).with_context(|| format!("opening {}", db.display()))?;
    let show = !quiet && std::io::stderr().is_terminal();
    let bar = if show {
        let plain_files = files.iter().flatten().all(|p| {
            let n = p.to_string_lossy().to_lowercase();
            n.ends_with(".html") || n.ends_with(".htm") || n.ends_with(".txt")
        });
        let bar = if plain_files {
            ProgressBar::new(files.len() as u64)
        } else {
            ProgressBar::no_length()
        };
        let style = if plain_files {
            ProgressStyle::with_template(
                "{bar:30} {pos}/{len} articles · {per_sec} · ETA {eta} · {msg}",
            )
        } else {
            ProgressStyle::with_template("{spinner} {pos} articles · {per_sec} · {elapsed} · {msg}")
        };
        if let Ok(style) = style {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    } else {
        ProgressBar::hidden()
    };
    let report = |bar: &ProgressBar, label: &str, reason: &str| {
        bar.suspend(|| eprintln!("whosaid: {label}: {reason}"));
    };
    let mut summary = Summary::default();
    let (tx, rx) = sync_channel::<Result<ArticleRecord, (String, String)>>(BATCH);
    let result: anyhow::Result<()> = std::thread::scope(|scope| {
        scope.spawn(move || {
            let items = files
                .into_iter()
                .flat_map(|f| -> Box<dyn Iterator<Item = Item> + Send> {
                    match f {
                        Ok(path) => sources::documents(path, Kind::Auto),
                        Err(e) => Box::new(std::iter::once(Err(e))),
                    }
                });
            items.par_bridge().for_each_with(tx, |tx, item| {
                let out = item.and_then(process);
                let _ = tx.send(out);
            });
        });
        let mut batch = Vec::with_capacity(BATCH);
        let mut flush =
            |batch: &mut Vec<ArticleRecord>, summary: &mut Summary| -> anyhow::Result<()> {
                if batch.is_empty() {
                    return Ok(());
                }
                for o in store.write_batch(batch).context("writing to the store")? {
                    match o {
                        WriteOutcome::Inserted => summary.inserted += 1,
                        WriteOutcome::Replaced => summary.replaced += 1,
                        WriteOutcome::Unchanged => summary.unchanged += 1,
                    }
                }
                batch.clear();
                Ok(())
            };
        for msg in rx {
            match msg {
                Ok(rec) => {
                    batch.push(rec);
                    if batch.len() >= BATCH {
                        flush(&mut batch, &mut summary)?;
                    }
                }
                Err((label, reason)) => {
                    summary.failed += 1;
                    report(&bar, &label, &reason);
                }
            }
            bar.inc(1);
            bar.set_message(format!("{} failed", summary.failed));
        }
        flush(&mut batch, &mut summary)?;
        Ok(())
    });
    result?;
    bar.finish_and_clear();
    store
        .link_surnames()
        .context("linking speakers across articles")?;
    let secs = started.elapsed().as_secs_f64();
    let done = summary.inserted + summary.replaced + summary.unchanged + summary.failed;
    eprintln!(
        "whosaid: ingested {} ({} new, {} replaced), unchanged {}, failed {} — {:.1} s, {:.0} documents/s",
        summary.inserted + summary.replaced,
        summary.inserted,
        summary.replaced,
        summary.unchanged,
        summary.failed,
        secs,
        done as f64 / secs.max(1e-9)
    );
    Ok(if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
