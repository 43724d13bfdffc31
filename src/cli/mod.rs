//! Argument parsing and dispatch to one module per subcommand.

mod analyze;
mod corpus;
mod events;
mod ingest;
mod input;
mod report;
mod sources;
mod train;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// whosaid: who said what, about whom, and when — from news pages.
#[derive(Debug, Parser)]
#[command(name = "whosaid", version, about)]
struct Cli {
    /// The store (SQLite file) used by ingest, speakers, quotes, search and export.
    #[arg(long, global = true, default_value = "whosaid.db")]
    db: PathBuf,
    #[command(subcommand)]
    command: Command,
}

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportWhat {
    /// Every quote with its speaker and article.
    Quotes,
    /// Every article with its text.
    Articles,
    /// Every entity with its aliases.
    Entities,
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

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

#[derive(Debug, Subcommand)]
enum Command {
    /// Analyze news pages: article, quotes with speakers, and entities.
    Analyze {
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
        /// A directory with model files (`cues.tsv`, `spans.tsv`) to use instead of the
        /// shipped ones (see `train`).
        #[arg(long)]
        models: Option<PathBuf>,
    },
    /// Analyse documents and store them: files and directories (.html .htm .txt), JSON
    /// Lines (.jsonl), WARC (.warc, .warc.gz) and RSS/Atom feeds (.rss .atom .xml).
    Ingest {
        /// Inputs.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// No progress bar.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Code the events of sentences given as JSON Lines (`id`, `text`, optional `date`), one
    /// prediction per line: the sentence's main event with its coded actors.
    CodeEvents {
        /// JSON Lines file (`-` for standard input).
        input: PathBuf,
    },
    /// Stored events, filtered by type, actor, code or date.
    Events {
        /// PLOVER type (CONSULT, DEMAND, REJECT …).
        #[arg(long)]
        kind: Option<String>,
        /// An actor's name or alias, as source or target.
        #[arg(long)]
        actor: Option<String>,
        /// An actor's country or organisation code (RUS, IGO).
        #[arg(long)]
        code: Option<String>,
        /// Published on or after (YYYY-MM-DD).
        #[arg(long)]
        since: Option<String>,
        /// Published on or before (YYYY-MM-DD).
        #[arg(long)]
        until: Option<String>,
        /// Only each sentence's main report, not events in relative or adverbial clauses.
        #[arg(long)]
        main: bool,
        /// How many.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// JSON Lines instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Stated roles the office-holder record contradicts ("British President Boris Johnson").
    Flags {
        /// How many.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// JSON Lines instead of text.
        #[arg(long)]
        json: bool,
    },
    /// One statement, many versions: direct quotes of one speaker printed differently
    /// across articles, with the words each version changes.
    Variants {
        /// Only this speaker (name or alias).
        #[arg(long)]
        speaker: Option<String>,
        /// Groups quoted in at least this many articles.
        #[arg(long, default_value_t = 2)]
        min_articles: usize,
        /// How many groups.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// JSON Lines instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Copied and rewritten articles: near-duplicate pairs with their similarity.
    Copies {
        /// Minimum Jaccard similarity of 3-word shingles (see docs/accuracy.md).
        #[arg(long, default_value_t = 0.3)]
        threshold: f64,
        /// How many pairs.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// JSON Lines instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Serve the JSON API and the web pages over the store.
    Serve {
        /// Where to listen (loopback by default).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
    },
    /// Who is quoted most, one line per speaker.
    Speakers {
        /// How many.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Include organisations and places, not only persons.
        #[arg(long)]
        all: bool,
        /// JSON Lines instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Quotes, filtered by speaker, subject, date, site or kind.
    Quotes {
        /// A speaker's name or alias.
        #[arg(long)]
        speaker: Option<String>,
        /// An entity the quote names, or words it contains.
        #[arg(long)]
        about: Option<String>,
        /// Published on or after (YYYY-MM-DD).
        #[arg(long)]
        since: Option<String>,
        /// Published on or before (YYYY-MM-DD).
        #[arg(long)]
        until: Option<String>,
        /// Site name.
        #[arg(long)]
        site: Option<String>,
        /// direct or reported.
        #[arg(long)]
        kind: Option<String>,
        /// Full-text query over the quote text.
        #[arg(long)]
        text: Option<String>,
        /// How many.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// JSON Lines instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Full-text search over quotes (SQLite FTS5: words, "phrases", AND/OR/NOT), ranked.
    Search {
        /// The query.
        query: String,
        /// How many.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// JSON Lines instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Train the cue tagger and the span labeller on PolNeAR-style brat data (`text/`,
    /// `attributions/`) and write `cues.tsv` and `spans.tsv` (the shipped models live in
    /// `crates/analysis/data/models/`).
    Train {
        /// Split directories, e.g. ../shared/data/polnear/train.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Directory for the model files.
        #[arg(long)]
        models: PathBuf,
        /// Passes over the data.
        #[arg(long, default_value_t = 12)]
        epochs: usize,
        /// Leave out every k-th document (for measuring; the shipped models use all).
        #[arg(long)]
        holdout: Option<usize>,
        /// Drop averaged weights smaller than this (smaller files, same accuracy).
        #[arg(long, default_value_t = 1.0)]
        prune: f32,
    },
    /// Export quotes, articles or entities as CSV or JSON Lines.
    Export {
        /// What to export.
        #[arg(value_enum)]
        what: ExportWhat,
        /// Format.
        #[arg(long, value_enum, default_value = "csv")]
        format: ExportFormat,
    },
}

/// Parses the command line and runs it.
pub fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Analyze {
            paths,
            json,
            jsonl,
            format,
            input_kind,
            threads,
            models,
        } => {
            let format = format.unwrap_or(if json {
                Format::Json
            } else if jsonl {
                Format::Jsonl
            } else {
                Format::Text
            });
            analyze::run(&paths, format, input_kind, threads, models.as_deref())
        }
        Command::CodeEvents { input } => events::run(&input),
        Command::Train {
            dirs,
            models,
            epochs,
            holdout,
            prune,
        } => train::run(&train::Options {
            dirs: &dirs,
            models: &models,
            epochs,
            holdout,
            prune,
        }),
        Command::Events {
            kind,
            actor,
            code,
            since,
            until,
            main,
            limit,
            json,
        } => {
            let filter = whosaid_store::EventFilter {
                kind,
                actor,
                code,
                since,
                until,
                main_only: main,
                article_id: None,
                limit,
            };
            corpus::events(&cli.db, &filter, json)
        }
        Command::Variants {
            speaker,
            min_articles,
            limit,
            json,
        } => corpus::variants(&cli.db, speaker.as_deref(), min_articles, limit, json),
        Command::Copies {
            threshold,
            limit,
            json,
        } => corpus::copies(&cli.db, threshold, limit, json),
        Command::Serve { addr } => {
            if !cli.db.exists() {
                // an empty store, so that the pages and the analyze form work at once
                whosaid_store::Store::open(&cli.db)?;
            }
            let runtime = tokio::runtime::Runtime::new()?;
            runtime.block_on(whosaid_server::serve(
                addr,
                whosaid_server::Config::new(cli.db.clone()),
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Flags { limit, json } => corpus::flags(&cli.db, limit, json),
        Command::Ingest { paths, quiet } => ingest::run(&cli.db, &paths, quiet),
        Command::Speakers { limit, all, json } => corpus::speakers(&cli.db, limit, all, json),
        Command::Quotes {
            speaker,
            about,
            since,
            until,
            site,
            kind,
            text,
            limit,
            json,
        } => {
            let filter = whosaid_store::QuoteFilter {
                speaker,
                about,
                since,
                until,
                site,
                kind,
                text,
                limit,
                offset: 0,
                speaker_id: None,
            };
            corpus::quotes(&cli.db, &filter, json)
        }
        Command::Search { query, limit, json } => corpus::search(&cli.db, &query, limit, json),
        Command::Export { what, format } => corpus::export(&cli.db, what, format),
    }
}
