//! `whosaid variants` and `whosaid copies`: one statement in many versions, and copied
//! articles.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::Args;

use crate::cli::term::Printable;

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

/// `whosaid variants`: versions of one statement across articles.
pub fn variants(db: &Path, args: VariantsArgs) -> anyhow::Result<ExitCode> {
    let (speaker, min_articles, limit, json) = (
        args.speaker.as_deref(),
        args.min_articles,
        args.limit,
        args.out.json,
    );
    let store = open(db)?;
    let groups = store.variants(speaker, min_articles)?;
    let mut out = Printable::new(BufWriter::new(io::stdout().lock()), json);
    if !json {
        writeln!(
            out,
            "{} statements quoted in {}+ articles",
            groups.len(),
            min_articles.max(2)
        )?;
    }
    for g in groups
        .iter()
        .take(if limit == 0 { usize::MAX } else { limit })
    {
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
    let store = open(db)?;
    let pairs = store.copies(threshold)?;
    let mut out = Printable::new(BufWriter::new(io::stdout().lock()), json);
    if !json {
        writeln!(
            out,
            "{} near-duplicate pairs (similarity ≥ {threshold})",
            pairs.len()
        )?;
    }
    for p in pairs
        .iter()
        .take(if limit == 0 { usize::MAX } else { limit })
    {
        if json {
            serde_json::to_writer(&mut out, p)?;
            writeln!(out)?;
        } else {
            let brief = |a: &whosaid_store::ArticleBrief| {
                format!(
                    "{} [{}] {}",
                    a.title.as_deref().unwrap_or("(untitled)"),
                    a.published.as_deref().unwrap_or("?"),
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
