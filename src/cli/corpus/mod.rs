//! Reading the corpus: `speakers`, `quotes` and `search` here; `export`, `events` and
//! `flags`, `variants` and `copies` in their own files. Each command's flags are declared
//! beside it.

mod events;
mod export;
mod similar;

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use crate::cli::term::Printable;
use whosaid_analysis::QuoteKind;
use whosaid_store::{QuoteFilter, QuoteRow, Store};

use super::{DateRange, Output};
pub use events::{events, flags, EventsArgs, FlagsArgs};
pub use export::{export, ExportArgs};
pub use similar::{copies, variants, CopiesArgs, VariantsArgs};

/// Flags of `whosaid speakers`.
#[derive(Debug, Args)]
pub struct SpeakersArgs {
    /// How many (0: all).
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Include organisations and places, not only persons.
    #[arg(long)]
    all: bool,
    #[command(flatten)]
    out: Output,
}

/// Flags of `whosaid quotes`.
#[derive(Debug, Args)]
pub struct QuotesArgs {
    /// A speaker's name or alias.
    #[arg(long)]
    speaker: Option<String>,
    /// An entity the quote names, or words it holds (whole words, case aside).
    #[arg(long)]
    about: Option<String>,
    #[command(flatten)]
    dates: DateRange,
    /// Site name.
    #[arg(long)]
    site: Option<String>,
    /// direct or reported.
    #[arg(long)]
    kind: Option<QuoteKind>,
    /// Full-text query over the quote text.
    #[arg(long)]
    text: Option<String>,
    /// How many (0: all).
    #[arg(long, default_value_t = 50)]
    limit: usize,
    /// Continue after the quote with this id, in the list's order (the next page of a
    /// `--json` listing starts after its last id).
    #[arg(long)]
    after: Option<i64>,
    #[command(flatten)]
    out: Output,
}

impl From<QuotesArgs> for QuoteFilter {
    fn from(a: QuotesArgs) -> Self {
        QuoteFilter {
            speaker: a.speaker,
            about: a.about,
            since: a.dates.since,
            until: a.dates.until,
            site: a.site,
            kind: a.kind,
            text: a.text,
            limit: a.limit,
            offset: 0,
            speaker_id: None,
            after: a.after,
        }
    }
}

/// Flags of `whosaid search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query.
    query: String,
    /// How many (0: all).
    #[arg(long, default_value_t = 20)]
    limit: usize,
    #[command(flatten)]
    out: Output,
}

/// Opens the store, saying so when there is none yet.
pub(super) fn open(db: &Path) -> anyhow::Result<Store> {
    if !whosaid_store::may_exist(db) {
        anyhow::bail!(
            "{}: no store here (run `whosaid ingest` first, or pass --db)",
            db.display()
        );
    }
    Store::open(db).with_context(|| format!("opening {}", whosaid_store::describe(db)))
}

/// `whosaid speakers`: who is quoted most, one line per speaker.
pub fn speakers(db: &Path, args: SpeakersArgs) -> anyhow::Result<ExitCode> {
    let store = open(db)?;
    let rows = store.speakers(args.limit, args.all)?;
    let json = args.out.json;
    let mut out = Printable::new(BufWriter::new(io::stdout().lock()), json);
    if json {
        for r in &rows {
            serde_json::to_writer(&mut out, r)?;
            writeln!(out)?;
        }
    } else {
        for r in &rows {
            let plural = |n: i64, one: &str, many: &str| {
                if n == 1 {
                    one.to_string()
                } else {
                    many.to_string()
                }
            };
            let mut line = format!(
                "{:>6} {:<6}  {:>5} {:<8}  {}",
                r.quotes,
                plural(r.quotes, "quote", "quotes"),
                r.articles,
                plural(r.articles, "article", "articles"),
                r.name
            );
            if !r.roles.is_empty() {
                line.push_str(&format!(" — {}", r.roles.join("; ")));
            }
            if !r.aliases.is_empty() {
                line.push_str(&format!("  (also: {})", r.aliases.join(", ")));
            }
            writeln!(out, "{line}")?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// For a speaker the store does not know, the closest names it does.
fn suggest_speakers(store: &Store, speaker: Option<&str>) -> anyhow::Result<()> {
    let Some(name) = speaker else {
        return Ok(());
    };
    if !store.entity_ids(name)?.is_empty() {
        return Ok(());
    }
    let close = store.names_like(name, 3)?;
    if close.is_empty() {
        eprintln!("whosaid: no speaker is named {name:?}");
    } else {
        eprintln!(
            "whosaid: no speaker is named {name:?}; did you mean {}?",
            close.join(", ")
        );
    }
    Ok(())
}

/// The day of a publication date, or `????-??-??`.
/// A publication day as printed: `YYYY-MM-DD`, or "undated" (the one way a missing date
/// is written, padded to the width of a day).
pub(super) fn day_or_unknown(published: Option<&str>) -> &str {
    published
        .map(|d| d.get(..10).unwrap_or(d))
        .unwrap_or("undated   ")
}

fn print_quote(out: &mut impl Write, q: &QuoteRow) -> io::Result<()> {
    let who = q.speaker.as_deref().unwrap_or("(unattributed)");
    let date = day_or_unknown(q.published.as_deref());
    writeln!(
        out,
        "{date}  {who} ({}{}):",
        q.kind,
        q.cue
            .as_deref()
            .map(|c| format!(", “{c}”"))
            .unwrap_or_default()
    )?;
    match q.kind {
        whosaid_analysis::QuoteKind::Direct => writeln!(out, "    “{}”", q.text)?,
        // reported speech is the reporter's paraphrase: no quotation marks
        whosaid_analysis::QuoteKind::Reported => writeln!(out, "    {}", q.text)?,
    }
    writeln!(
        out,
        "    — {}{}",
        q.title.as_deref().unwrap_or("(untitled)"),
        q.url
            .as_deref()
            .or(q.site.as_deref())
            .map(|u| format!(" <{u}>"))
            .unwrap_or_default()
    )
}

/// `whosaid quotes`: quotes matching filters.
pub fn quotes(db: &Path, args: QuotesArgs) -> anyhow::Result<ExitCode> {
    let json = args.out.json;
    let store = open(db)?;
    let filter = QuoteFilter::from(args);
    let rows = store.quotes(&filter)?;
    let mut out = Printable::new(BufWriter::new(io::stdout().lock()), json);
    for q in &rows {
        if json {
            serde_json::to_writer(&mut out, q)?;
            writeln!(out)?;
        } else {
            print_quote(&mut out, q)?;
        }
    }
    out.flush()?;
    if rows.is_empty() {
        eprintln!("whosaid: no quotes match");
        suggest_speakers(&store, filter.speaker.as_deref())?;
    }
    match store.undated_quotes(&filter)? {
        0 => {}
        1 => eprintln!("whosaid: 1 undated quote matches the rest of the filter"),
        n => eprintln!("whosaid: {n} undated quotes match the rest of the filter"),
    }
    Ok(ExitCode::SUCCESS)
}

/// `whosaid search`: full-text search over quotes, ranked.
pub fn search(db: &Path, args: SearchArgs) -> anyhow::Result<ExitCode> {
    let (query, json) = (args.query.as_str(), args.out.json);
    let store = open(db)?;
    let hits = match store.search(query, args.limit) {
        Ok(h) => h,
        Err(e) if e.is_bad_query() => anyhow::bail!("{e}"),
        Err(e) => return Err(e.into()),
    };
    let mut out = Printable::new(BufWriter::new(io::stdout().lock()), json);
    for h in &hits {
        if json {
            serde_json::to_writer(&mut out, h)?;
            writeln!(out)?;
        } else {
            let who = h.quote.speaker.as_deref().unwrap_or("(unattributed)");
            writeln!(out, "{who}: {}", h.snippet)?;
            writeln!(
                out,
                "    — {} {}",
                h.quote.title.as_deref().unwrap_or("(untitled)"),
                h.quote.published.as_deref().unwrap_or("")
            )?;
        }
    }
    out.flush()?;
    if hits.is_empty() {
        eprintln!("whosaid: no quotes match {query:?}");
    }
    Ok(ExitCode::SUCCESS)
}
