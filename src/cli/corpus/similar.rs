//! `whosaid variants` and `whosaid copies`: one statement in many versions, and copied
//! articles.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::Args;

use crate::cli::term::{counted, Printable};

use super::open;
use crate::cli::Output;

/// Flags of `whosaid variants`.
#[derive(Debug, Args)]
pub struct VariantsArgs {
    /// Only this speaker (name or alias).
    #[arg(long)]
    speaker: Option<String>,
    /// Groups quoted in at least this many articles.
    #[arg(long, default_value_t = 2)]
    min_articles: usize,
    /// How many groups (0: all).
    #[arg(long, default_value_t = 20)]
    limit: usize,
    #[command(flatten)]
    out: Output,
}

/// Flags of `whosaid copies`.
#[derive(Debug, Args)]
pub struct CopiesArgs {
    /// Minimum Jaccard similarity of 3-word shingles (see docs/accuracy.md).
    #[arg(long, default_value_t = 0.3)]
    threshold: f64,
    /// How many pairs (0: all).
    #[arg(long, default_value_t = 50)]
    limit: usize,
    #[command(flatten)]
    out: Output,
}

/// The store, with its corpus-wide comparisons brought up to date first when they are
/// missing or older than its articles (a store from before migration 7).
fn open_compared(db: &Path) -> anyhow::Result<whosaid_store::Store> {
    let mut store = open(db)?;
    if store.similar_state()?.stale {
        eprintln!("whosaid: comparing quotes and articles across the store (kept for next time)…");
        store.refresh_similar()?;
    }
    Ok(store)
}

/// `whosaid variants`: versions of one statement across articles.
pub fn variants(db: &Path, args: VariantsArgs) -> anyhow::Result<ExitCode> {
    let (speaker, min_articles, limit, json) = (
        args.speaker.as_deref(),
        args.min_articles,
        args.limit,
        args.out.json,
    );
    let store = open_compared(db)?;
    let page = store.variant_page(speaker, min_articles, limit, 0)?;
    let mut out = Printable::new(BufWriter::new(io::stdout().lock()), json);
    if !json {
        writeln!(
            out,
            "{} quoted in {}+ articles",
            counted(page.total, "statement", "statements"),
            min_articles.max(2)
        )?;
    }
    for g in &page.rows {
        if json {
            serde_json::to_writer(&mut out, g)?;
            writeln!(out)?;
            continue;
        }
        writeln!(
            out,
            "\n{} — {} versions, {} articles, {} sites",
            g.speaker,
            g.versions.len(),
            g.articles,
            g.sites
        )?;
        writeln!(out, "  majority: “{}”", g.reference)?;
        for v in &g.versions {
            let mark = if v.quote_id == g.earliest {
                "earliest"
            } else if v.departs {
                "DEPARTS"
            } else {
                ""
            };
            let when = super::day_or_unknown(v.published.as_deref());
            writeln!(
                out,
                "  {when} {:<8} {} — “{}”",
                mark,
                v.site.as_deref().or(v.title.as_deref()).unwrap_or(""),
                v.text
            )?;
            if v.departs {
                writeln!(
                    out,
                    "                    changes: {}",
                    v.changed_words.join(", ")
                )?;
            }
            if let Some(other) = &v.other_speaker {
                writeln!(
                    out,
                    "                    this article names {other} as the speaker"
                )?;
            }
            if !v.attributed {
                writeln!(out, "                    this article names no speaker")?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `whosaid copies`: near-duplicate article pairs.
pub fn copies(db: &Path, args: CopiesArgs) -> anyhow::Result<ExitCode> {
    let (threshold, limit, json) = (args.threshold, args.limit, args.out.json);
    if !(whosaid_store::MIN_COPY_SIMILARITY..=1.0).contains(&threshold) {
        anyhow::bail!(
            "--threshold is between {} and 1 (pairs below {} are not kept)",
            whosaid_store::MIN_COPY_SIMILARITY,
            whosaid_store::MIN_COPY_SIMILARITY
        );
    }
    let store = open_compared(db)?;
    let page = store.copy_page(threshold, limit, 0)?;
    let mut out = Printable::new(BufWriter::new(io::stdout().lock()), json);
    if !json {
        writeln!(
            out,
            "{} (similarity ≥ {threshold})",
            counted(page.total, "near-duplicate pair", "near-duplicate pairs")
        )?;
    }
    for p in &page.rows {
        if json {
            serde_json::to_writer(&mut out, p)?;
            writeln!(out)?;
        } else {
            let brief = |a: &whosaid_store::ArticleBrief| {
                format!(
                    "{} [{}] {}",
                    a.title.as_deref().unwrap_or("(untitled)"),
                    super::day_or_unknown(a.published.as_deref()).trim_end(),
                    a.url.as_deref().unwrap_or("")
                )
            };
            writeln!(
                out,
                "{:.2}  older: {}\n      newer: {}",
                p.similarity,
                brief(&p.older),
                brief(&p.newer)
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
