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

/// True when the error comes from writing to a closed pipe.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || e.downcast_ref::<serde_json::Error>()
                .and_then(|j| j.io_error_kind())
                .is_some_and(|k| k == std::io::ErrorKind::BrokenPipe)
            || e.downcast_ref::<whosaid_store::StoreError>()
                .is_some_and(|s| matches!(s, whosaid_store::StoreError::Json(j) if j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe)))
    })
}
