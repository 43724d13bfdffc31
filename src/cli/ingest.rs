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
use sha2::{Digest, Sha256};
use whosaid_analysis::{Article, PageType};
use whosaid_html::Kind;
use whosaid_store::{ArticleRecord, Store, WriteOutcome};

use super::sources::{self, Input, Item};
use super::term::{counted, line};

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
    #[command(flatten)]
    budget: super::Budgets,
    #[command(flatten)]
    given: super::Given,
    /// Store every page, not only articles: forum threads, product pages, listings and
    /// the like are otherwise counted and skipped (pages the classifier tells apart).
    #[arg(long = "all-pages")]
    all_pages: bool,
    #[command(flatten)]
    model: super::models::ModelChoice,
}

/// What a worker sends the writer about one document.
pub(super) enum Outcome {
    /// Analysed, to store.
    Record(Box<ArticleRecord>),
    /// The same input is stored already: not analysed again.
    Known,
    /// A page that is not an article (a forum thread, a listing…): not stored.
    NotArticle(PageType),
    /// Could not be read or analysed: where, and why.
    Failed(String, String),
}

/// SHA-256 of an input: its bytes and what came beside them (how to read it, URL, title,
/// date, site), hex.
pub(super) fn input_hash(input: &Input) -> String {
    let d = &input.doc;
    let mut h = Sha256::new();
    h.update(format!("{:?}", d.kind).as_bytes());
    for field in [&d.url, &d.title, &d.published, &d.site] {
        h.update([0u8]);
        h.update(field.as_deref().unwrap_or("").as_bytes());
    }
    h.update([0u8]);
    h.update(&d.bytes);
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// One document: skipped when the store holds its input already, else analysed; a page
/// that is not an article is skipped unless `all_pages`. (`ingest` and `worker` alike.)
pub(super) fn process(
    item: Item,
    reader: Option<&Store>,
    budget: &super::Budgets,
    all_pages: bool,
) -> Outcome {
    let input = match item {
        Ok(input) => input,
        Err((label, reason)) => return Outcome::Failed(label, reason),
    };
    let hash = input_hash(&input);
    if reader.is_some_and(|r| r.has_input(&hash).unwrap_or(false)) {
        return Outcome::Known;
    }
    let url = input.doc.url.clone();
    let mut skipped = None;
    let keep = |article: &Article| {
        skipped = article
            .page_type
            .filter(|&t| t != PageType::Article && !all_pages);
        skipped.is_none()
    };
    match input
        .doc
        .analyze_if(&super::models::analyzer(), &budget.start(), keep)
    {
        Ok(None) => Outcome::NotArticle(skipped.unwrap_or(PageType::Article)),
        Ok(Some(analysis)) => Outcome::Record(Box::new(ArticleRecord {
            url,
            source: Some(input.label),
            analysis,
            input_hash: Some(hash),
        })),
        Err(e) => Outcome::Failed(input.label, e.to_string()),
    }
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
    /// Of those, the inputs recognised before analysis.
    pub known: usize,
    /// Inputs whose text a stored article of the same publication already has (an .html
    /// page and its .txt copy): kept as another source of that article.
    pub other_source: usize,
    /// Documents that could not be read or analysed.
    pub failed: usize,
    /// Pages skipped as not articles, by type (in the order of `PageType::ALL`).
    pub not_articles: [usize; 7],
}

/// Runs the ingest of `paths` into the store at `db`.
pub fn run(db: &Path, args: &IngestArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    super::models::install(args.model.analyzer()?);
    let files = sources::expand(&args.paths, sources::is_ingestible);
    // nothing readable given: say so and leave no empty store behind
    if files.iter().all(Result::is_err) {
        for (label, reason) in files.iter().filter_map(|f| f.as_ref().err()) {
            eprintln!("whosaid: {}: {}", line(label), line(reason));
        }
        anyhow::bail!(
            "nothing to ingest; {} left as it was",
            whosaid_store::describe(db)
        );
    }
    let mut store =
        Store::open(db).with_context(|| format!("opening {}", whosaid_store::describe(db)))?;
    let bar = progress_bar(&files, args.quiet);
    let (tx, rx) = sync_channel::<Outcome>(BATCH);
    let summary = std::thread::scope(|scope| {
        scope.spawn(move || {
            let items = files
                .into_iter()
                .flat_map(|f| -> sources::Items {
                    match f {
                        Ok(path) => sources::documents(path, Kind::Auto, args.budget.limits()),
                        Err(e) => Box::new(std::iter::once(Err(e))),
                    }
                })
                .map(|item| args.given.apply(item));
            // each worker looks inputs up through its own read-only connection
            items.par_bridge().for_each_init(
                || (tx.clone(), Store::open_reader(db).ok()),
                |(tx, reader), item| {
                    let _ = tx.send(process(item, reader.as_ref(), &args.budget, args.all_pages));
                },
            );
        });
        write_all(&mut store, rx, &bar)
    })?;
    bar.finish_and_clear();
    store
        .link_surnames()
        .context("linking speakers across articles")?;
    if summary.inserted + summary.replaced > 0 || store.similar_state()?.stale {
        store
            .refresh_similar()
            .context("comparing quotes and articles across the corpus")?;
    }
    if summary.inserted + summary.replaced > 0 {
        store
            .refresh_stats()
            .context("counting quotes per speaker across the corpus")?;
    }
    print_summary(&summary, started.elapsed().as_secs_f64());
    Ok(if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A progress bar on a terminal (a count of a known total for plain files), else none.
fn progress_bar(files: &[Result<PathBuf, (String, String)>], quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
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
        ProgressStyle::with_template("{bar:30} {pos}/{len} articles · {rate} · ETA {eta} · {msg}")
    } else {
        ProgressStyle::with_template("{spinner} {pos} articles · {rate} · {elapsed} · {msg}")
    };
    if let Ok(style) = style {
        bar.set_style(style.with_key("rate", write_rate));
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// The progress bar's rate as a person reads it: "534/s", "5.9/s" (indicatif's own
/// `{per_sec}` prints "5.8771/s").
fn write_rate(state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write) {
    let _ = w.write_str(&rate(state.per_sec()));
}

/// A documents-per-second rate rounded for people.
fn rate(per_sec: f64) -> String {
    if per_sec >= 10.0 || per_sec == 0.0 {
        format!("{per_sec:.0}/s")
    } else {
        format!("{per_sec:.1}/s")
    }
}

/// The writer: stores what the workers send in batched transactions, reporting each
/// failure in one line.
fn write_all(
    store: &mut Store,
    rx: std::sync::mpsc::Receiver<Outcome>,
    bar: &ProgressBar,
) -> anyhow::Result<Summary> {
    let mut summary = Summary::default();
    let mut batch: Vec<ArticleRecord> = Vec::with_capacity(BATCH);
    let mut flush = |batch: &mut Vec<ArticleRecord>, summary: &mut Summary| -> anyhow::Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        for o in store.write_batch(batch).context("writing to the store")? {
            match o {
                WriteOutcome::Inserted => summary.inserted += 1,
                WriteOutcome::Replaced => summary.replaced += 1,
                WriteOutcome::Unchanged => summary.unchanged += 1,
                WriteOutcome::AnotherSource => summary.other_source += 1,
            }
        }
        batch.clear();
        Ok(())
    };
    for msg in rx {
        match msg {
            Outcome::Record(rec) => {
                batch.push(*rec);
                if batch.len() >= BATCH {
                    flush(&mut batch, &mut summary)?;
                }
            }
            Outcome::Known => {
                summary.unchanged += 1;
                summary.known += 1;
            }
            Outcome::NotArticle(kind) => {
                if let Some(k) = PageType::ALL.iter().position(|&t| t == kind) {
                    summary.not_articles[k] += 1;
                }
            }
            Outcome::Failed(label, reason) => {
                summary.failed += 1;
                bar.suspend(|| eprintln!("whosaid: {}: {}", line(&label), line(&reason)));
            }
        }
        bar.inc(1);
        bar.set_message(format!("{} failed", summary.failed));
    }
    flush(&mut batch, &mut summary)?;
    Ok(summary)
}

/// The one line that says what the ingest did.
fn print_summary(summary: &Summary, secs: f64) {
    let done = summary.inserted
        + summary.replaced
        + summary.unchanged
        + summary.other_source
        + summary.failed
        + summary.not_articles.iter().sum::<usize>();
    let again = if summary.other_source > 0 {
        format!(
            ", {} of stored articles",
            counted(summary.other_source, "more source", "more sources")
        )
    } else {
        String::new()
    };
    let skipped = not_articles(&summary.not_articles);
    eprintln!(
        "whosaid: ingested {} ({} new, {} replaced), unchanged {} ({} recognised before analysis){again}{skipped}, failed {} — {:.1} s, {}",
        summary.inserted + summary.replaced,
        summary.inserted,
        summary.replaced,
        summary.unchanged,
        summary.known,
        summary.failed,
        secs,
        rate(done as f64 / secs.max(1e-9)).replace("/s", " documents/s"),
    );
}

/// ", skipped 3 pages that are not articles (listing 2, forum 1; --all-pages keeps them)",
/// or nothing when every page was an article.
fn not_articles(counts: &[usize; 7]) -> String {
    let total: usize = counts.iter().sum();
    if total == 0 {
        return String::new();
    }
    let mut by_type: Vec<(usize, PageType)> = PageType::ALL
        .iter()
        .zip(counts)
        .filter(|(_, &n)| n > 0)
        .map(|(&t, &n)| (n, t))
        .collect();
    by_type.sort_by_key(|&(n, _)| std::cmp::Reverse(n));
    let parts: Vec<String> = by_type.iter().map(|(n, t)| format!("{t} {n}")).collect();
    format!(
        ", skipped {total} {} not articles ({}; --all-pages keeps them)",
        if total == 1 {
            "page that is"
        } else {
            "pages that are"
        },
        parts.join(", ")
    )
}
