//! The `whosaid` command line: a thin edge around the analysis core.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code,
        // a reader that stopped reading (`| head`) is no failure: end quietly
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("whosaid: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// True when the error comes from writing to a closed pipe (directly, or through JSON,
/// which a store error also carries as its source).
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        let kind = e
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| e.downcast_ref::<serde_json::Error>()?.io_error_kind());
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}
