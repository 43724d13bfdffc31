//! The `whosaid` command line: a thin edge around the analysis core.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code,
        Err(err) => {
            eprintln!("whosaid: {err:#}");
            ExitCode::from(2)
        }
    }
}
