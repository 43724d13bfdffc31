//! Argument parsing and dispatch to one module per subcommand.

mod analyze;
mod input;
mod report;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// whosaid: who said what, about whom, and when — from news pages.
#[derive(Debug, Parser)]
#[command(name = "whosaid", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
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
        } => {
            let format = format.unwrap_or(if json {
                Format::Json
            } else if jsonl {
                Format::Jsonl
            } else {
                Format::Text
            });
            analyze::run(&paths, format, input_kind)
        }
    }
}
