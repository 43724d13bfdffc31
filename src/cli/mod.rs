//! Argument parsing and dispatch. Each subcommand's flags are declared beside it, in its
//! own module, as one `#[derive(Args)]` struct; the groups several commands share
//! ([`DateRange`], [`Output`]) are flattened into them. A command's raw flags become the
//! store's filter types through `From`, as ripgrep resolves low-level flags into its
//! configuration.

mod analyze;
mod corpus;
mod events;
mod ingest;
mod models;
mod queue;
mod report;
mod sources;
mod term;
mod train;
#[cfg(feature = "accurate")]
mod train_accurate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

/// whosaid: who said what, about whom, and when — from news pages.
#[derive(Debug, Parser)]
#[command(name = "whosaid", version, about)]
struct Cli {
    /// The store of ingest, serve, speakers, quotes, search, export, events, flags,
    /// variants and copies: a SQLite file, or a PostgreSQL server
    /// (postgres://user:password@host/database).
    #[arg(long, global = true, default_value = "whosaid.db", env = "WHOSAID_DB")]
    db: PathBuf,
    #[command(subcommand)]
    command: Command,
}

/// Publication dates a corpus command keeps.
#[derive(Debug, Clone, Args)]
pub struct DateRange {
    /// Published on or after (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_parser = whosaid_store::parse_day)]
    pub since: Option<String>,
    /// Published on or before (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_parser = whosaid_store::parse_day)]
    pub until: Option<String>,
}

/// What is known of every input of a batch, for the documents that do not say it.
#[derive(Debug, Clone, Args)]
pub struct Given {
    /// Publication date of the inputs that carry none, in their page or in their URL or
    /// file name (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = whosaid_store::parse_day)]
    pub published: Option<String>,
    /// Site (publication) of the inputs whose page names none.
    #[arg(long, value_name = "NAME")]
    pub site: Option<String>,
}

impl Given {
    /// The document with what the batch says filled in where it says nothing itself.
    pub fn apply(&self, item: sources::Item) -> sources::Item {
        item.map(|mut input| {
            let doc = &mut input.doc;
            let dated_by_path = [doc.url.as_deref(), doc.name.as_deref()]
                .into_iter()
                .flatten()
                .any(|p| whosaid_html::day_in_path(p).is_some());
            if doc.published.is_none() && !dated_by_path {
                doc.published.clone_from(&self.published);
            }
            if doc.site.is_none() {
                doc.site.clone_from(&self.site);
            }
            input
        })
    }
}

/// What one document may take: time, size, nesting and extraction work.
#[derive(Debug, Clone, Copy, Args)]
pub struct Budgets {
    /// Seconds one document may take to read and analyse (0: no limit); a document over
    /// it fails with one line and the batch goes on.
    #[arg(long = "timeout", value_name = "SECONDS", default_value_t = 60.0)]
    pub seconds: f64,
    /// Largest document in MiB (a file, a JSON line, a WARC record, a feed).
    #[arg(long = "max-size", value_name = "MIB", default_value_t = 64, value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub max_mib: u64,
    /// Deepest element nesting of a page (at most 400: deeper risks the extractor's stack).
    #[arg(long = "max-depth", value_name = "LEVELS", default_value_t = 400, value_parser = clap::value_parser!(u64).range(10..=400))]
    pub max_depth: u64,
    /// Extract pages with Readability alone: several times faster, but no page type (so
    /// `ingest` keeps every page) and worse text on pages that are not news stories. The
    /// same as `--extractor readability`.
    #[arg(long = "readability-only", conflicts_with = "extractor")]
    pub readability_only: bool,
    /// Which extractors read a page: `auto` (both, the text chosen page by page),
    /// `readability` (alone, no page type) or `trafilatura` (its text whenever it finds
    /// any, to compare the two).
    #[arg(long = "extractor", value_name = "WHICH", default_value = "auto", value_parser = parse_extractors)]
    pub extractor: whosaid_html::Extractors,
}

fn parse_extractors(name: &str) -> Result<whosaid_html::Extractors, String> {
    use whosaid_html::Extractors;
    [
        Extractors::Auto,
        Extractors::Readability,
        Extractors::Trafilatura,
    ]
    .into_iter()
    .find(|e| e.as_str() == name)
    .ok_or_else(|| "expected auto, readability or trafilatura".to_string())
}

impl Budgets {
    /// A fresh time budget for one document, starting now.
    pub fn start(&self) -> whosaid_analysis::Budget {
        let limit = (self.seconds > 0.0)
            .then(|| std::time::Duration::try_from_secs_f64(self.seconds).ok())
            .flatten();
        whosaid_analysis::Budget::optional(limit)
    }

    /// The size and nesting limits of each document.
    pub fn limits(&self) -> whosaid_html::Limits {
        whosaid_html::Limits {
            max_bytes: usize::try_from(self.max_mib * 1024 * 1024).unwrap_or(usize::MAX),
            max_depth: usize::try_from(self.max_depth).unwrap_or(whosaid_html::MAX_DEPTH),
            extractors: if self.readability_only {
                whosaid_html::Extractors::Readability
            } else {
                self.extractor
            },
        }
    }
}

/// How a corpus command prints its rows.
#[derive(Debug, Clone, Copy, Args)]
pub struct Output {
    /// JSON Lines instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Analyze news pages: article, quotes with speakers, and entities.
    Analyze(analyze::AnalyzeArgs),
    /// Analyze documents and store them: files and directories (.html .htm .txt), JSON
    /// Lines (.jsonl), WARC (.warc, .warc.gz) and RSS/Atom feeds (.rss .atom .xml).
    Ingest(ingest::IngestArgs),
    /// Code the events of sentences given as JSON Lines (`id`, `text`, optional `date`), one
    /// prediction per line: the sentence's main event with its coded actors.
    CodeEvents(events::CodeEventsArgs),
    /// Stored events, filtered by type, actor, code or date.
    Events(corpus::EventsArgs),
    /// Stated roles the office-holder record contradicts ("British President Boris Johnson").
    Flags(corpus::FlagsArgs),
    /// One statement, many versions: direct quotes of one speaker printed differently
    /// across articles, with the words each version changes.
    Variants(corpus::VariantsArgs),
    /// Copied and rewritten articles: near-duplicate pairs with their similarity.
    Copies(corpus::CopiesArgs),
    /// Serve the JSON API and the web pages over the store.
    Serve(ServeArgs),
    /// Who is quoted most, one line per speaker.
    Speakers(corpus::SpeakersArgs),
    /// Quotes, filtered by speaker, subject, date, site or kind.
    Quotes(corpus::QuotesArgs),
    /// Full-text search over quotes, ranked: words (any form: "email" finds "emails"),
    /// "exact phrases", OR between words, -word to leave out, word* for a prefix.
    Search(corpus::SearchArgs),
    /// Train the cue tagger and the span labeller on PolNeAR-style brat data (`text/`,
    /// `attributions/`) and write `cues.tsv` and `spans.tsv` (the shipped models live in
    /// `crates/analysis/data/models/`).
    Train(train::TrainArgs),
    /// Export quotes, articles or entities as CSV or JSON Lines.
    Export(corpus::ExportArgs),
    /// The work queue on NATS JetStream: add documents for workers, or see where it
    /// stands.
    Queue(queue::QueueArgs),
    /// Pull documents from the queue, analyse them and store them (any number of workers,
    /// on any number of machines, into one PostgreSQL store).
    Worker(queue::WorkerArgs),
}

/// Flags of `whosaid serve`.
#[derive(Debug, Args)]
struct ServeArgs {
    /// Where to listen (loopback by default).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: std::net::SocketAddr,
    /// `--model accurate` also offers the accurate mode to the analyze page and
    /// `POST /api/analyze?model=accurate` (the encoder is loaded at start); the fast mode
    /// stays the default.
    #[command(flatten)]
    model: models::ModelChoice,
}

/// `whosaid serve`: the API and the pages over an existing store (a mistyped `--db`
/// creates nothing).
fn serve(db: &std::path::Path, args: ServeArgs) -> anyhow::Result<ExitCode> {
    if !whosaid_store::may_exist(db) {
        anyhow::bail!(
            "{}: no store here (run `whosaid ingest` first, or pass --db)",
            db.display()
        );
    }
    let mut config = whosaid_server::Config::new(db.to_path_buf());
    if args.model.mode == whosaid_analysis::Mode::Accurate {
        config.accurate = Some(args.model.analyzer()?);
    }
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(whosaid_server::serve(args.addr, config))?;
    Ok(ExitCode::SUCCESS)
}

/// Parses the command line and runs it.
pub fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    let db = cli.db.as_path();
    match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Ingest(args) => ingest::run(db, &args),
        Command::CodeEvents(args) => events::run(&args.input),
        Command::Train(args) => train::run(&args),
        Command::Events(args) => corpus::events(db, args),
        Command::Flags(args) => corpus::flags(db, args),
        Command::Variants(args) => corpus::variants(db, args),
        Command::Copies(args) => corpus::copies(db, args),
        Command::Serve(args) => serve(db, args),
        Command::Speakers(args) => corpus::speakers(db, args),
        Command::Quotes(args) => corpus::quotes(db, args),
        Command::Search(args) => corpus::search(db, args),
        Command::Export(args) => corpus::export(db, args),
        Command::Queue(args) => queue::run(args),
        Command::Worker(args) => queue::worker::run(db, &args),
    }
}
