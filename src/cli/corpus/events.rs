//! `whosaid events` and `whosaid flags`: stored events and contradicted roles.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::Args;

use crate::cli::term::Printable;
use whosaid_store::{EventFilter, StoredActor};

use super::open;
use crate::cli::{DateRange, Output};

/// Flags of `whosaid events`.
#[derive(Debug, Args)]
pub struct EventsArgs {
    /// PLOVER type (CONSULT, DEMAND, REJECT …; any case).
    #[arg(long, value_parser = plover_type)]
    kind: Option<String>,
    /// An actor's name or alias, as source or target.
    #[arg(long)]
    actor: Option<String>,
    /// An actor's country or organisation code (RUS, IGO).
    #[arg(long)]
    code: Option<String>,
    #[command(flatten)]
    dates: DateRange,
    /// Only each sentence's main report, not events in relative or adverbial clauses.
    #[arg(long)]
    main: bool,
    /// How many (0: all).
    #[arg(long, default_value_t = 50)]
    limit: usize,
    /// Continue after the event with this id, in the list's order (the next page of a
    /// `--json` listing starts after its last id).
    #[arg(long)]
    after: Option<i64>,
    #[command(flatten)]
    out: Output,
}

impl From<EventsArgs> for EventFilter {
    fn from(a: EventsArgs) -> Self {
        EventFilter {
            kind: a.kind,
            actor: a.actor,
            code: a.code,
            since: a.dates.since,
            until: a.dates.until,
            main_only: a.main,
            article_id: None,
            limit: a.limit,
            offset: 0,
            after: a.after,
        }
    }
}

/// A PLOVER type as typed, checked.
fn plover_type(typed: &str) -> Result<String, String> {
    whosaid_analysis::events::parse_type(typed).map(str::to_string)
}

/// Flags of `whosaid flags`.
#[derive(Debug, Args)]
pub struct FlagsArgs {
    /// How many (0: all).
    #[arg(long, default_value_t = 50)]
    limit: usize,
    #[command(flatten)]
    out: Output,
}

/// The actors of an event for a line of text: names with their codes, or a dash.
fn actor_names(v: &[StoredActor]) -> String {
    let names: Vec<String> = v
        .iter()
        .map(|x| {
            crate::cli::report::actor_label(
                x.name().to_string(),
                x.code.as_deref(),
                x.sector.as_deref(),
            )
        })
        .collect();
    if names.is_empty() {
        "—".to_string()
    } else {
        names.join(", ")
    }
}

/// `whosaid events`: stored events matching filters.
pub fn events(db: &Path, args: EventsArgs) -> anyhow::Result<ExitCode> {
    let json = args.out.json;
    let store = open(db)?;
    let rows = store.events(&EventFilter::from(args))?;
    let mut out = Printable::new(BufWriter::new(io::stdout().lock()), json);
    for e in &rows {
        if json {
            serde_json::to_writer(&mut out, e)?;
            writeln!(out)?;
        } else {
            let when = e.date_value.as_deref().or(e.published.as_deref());
            let when = super::day_or_unknown(when);
            writeln!(
                out,
                "{when}  {:<11} {} → {}  (“{}”, {}{})",
                e.kind,
                actor_names(&e.source),
                actor_names(&e.target),
                e.trigger,
                e.status,
                if e.background { ", background" } else { "" }
            )?;
            writeln!(out, "    — {}", e.title.as_deref().unwrap_or("(untitled)"))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `whosaid flags`: stated roles the record contradicts, with the evidence.
pub fn flags(db: &Path, args: FlagsArgs) -> anyhow::Result<ExitCode> {
    let json = args.out.json;
    let store = open(db)?;
    let rows = store.role_flags(args.limit)?;
    let mut out = Printable::new(BufWriter::new(io::stdout().lock()), json);
    for f in &rows {
        if json {
            serde_json::to_writer(&mut out, f)?;
            writeln!(out)?;
        } else {
            let stated = format!(
                "{}{}",
                f.title,
                f.of.as_deref()
                    .map(|o| format!(" of {o}"))
                    .unwrap_or_default()
            );
            writeln!(
                out,
                "⚑ {} — “{}” on {}: {}",
                f.person,
                stated,
                super::day_or_unknown(f.checked_on.as_deref()).trim_end(),
                f.reason
            )?;
            writeln!(
                out,
                "    — {} {}",
                f.article.as_deref().unwrap_or("(untitled)"),
                f.url.as_deref().unwrap_or("")
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
