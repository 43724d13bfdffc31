//! `whosaid ingest`: analyse documents on all cores and store them through one writer, in
//! batched transactions, streaming so that memory stays flat.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::sync_channel;
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use whosaid_analysis::{plaintext, Analyzer};
use whosaid_store::{ArticleRecord, Store, WriteOutcome};

use super::sources::{self, DocKind, InputDoc, Item};

/// Articles written per transaction.
const BATCH: usize = 500;

/// Turns one document into a stored record, or a one-line reason.
pub fn process(doc: InputDoc) -> Result<ArticleRecord, (String, String)> {
    let html = doc.kind == DocKind::Html;
    let text =
        whosaid_html::decode(&doc.bytes, html).map_err(|e| (doc.label.clone(), e.to_string()))?;
    let mut article = if html {
        whosaid_html::extract(&text).map_err(|e| (doc.label.clone(), e.to_string()))?
    } else {
        plaintext::parse(&text)
    };
    if article.paragraphs.is_empty() {
        return Err((doc.label, "no article text found".to_string()));
    }
    if let Some(t) = doc.title.filter(|_| article.title.is_none()) {
        article.title = Some(t);
    }
    if let Some(p) = doc.published {
        if article.published.is_none() {
            article.published = Some(p);
        }
    }
    if let Some(s) = doc.site {
        if article.site.is_none() {
            article.site = Some(s);
        } else if !html && article.site.as_deref() != Some(s.as_str()) {
            // a plain text's site is only guessed from a title suffix ("… — Yet."): the
            // site given beside it wins, and the title keeps its suffix
            article.title = text
                .lines()
                .find(|l| !l.trim().is_empty())
                .map(|l| l.trim().to_string())
                .or(article.title);
            article.site = Some(s);
        }
    }
    let analysis = Analyzer::new().analyze(article);
    Ok(ArticleRecord {
        url: doc.url,
        source: Some(doc.label),
        analysis,
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
pub fn run(db: &Path, paths: &[PathBuf], quiet: bool) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let mut store = Store::open(db).with_context(|| format!("opening {}", db.display()))?;
    let files = sources::expand(paths);
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
                        Ok(path) => sources::documents(path),
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
