//! `whosaid code-events`: the main event of each sentence of a JSON Lines file, for scoring
//! against PLOVER-style gold (`bench/eval_events.py`): the first event in a main clause that
//! is neither negated nor only possible; `others` lists the sentence's other events, to see
//! what the choice passed over.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Deserialize;
use serde_json::json;
use whosaid_analysis::{Analyzer, Article, EventStatus};

#[derive(Deserialize)]
struct Line {
    id: Option<serde_json::Value>,
    text: String,
    date: Option<String>,
}

/// Reads sentences and writes one prediction per line.
/// Flags of `whosaid code-events`.
#[derive(Debug, clap::Args)]
pub struct CodeEventsArgs {
    /// JSON Lines file (`-` for standard input).
    pub input: PathBuf,
}

pub fn run(input: &Path) -> anyhow::Result<ExitCode> {
    let reader: Box<dyn BufRead> = if input.as_os_str() == "-" {
        Box::new(BufReader::new(io::stdin()))
    } else {
        Box::new(BufReader::new(
            File::open(input).map_err(|e| anyhow::anyhow!("{}: {e}", input.display()))?,
        ))
    };
    let mut out = BufWriter::new(io::stdout().lock());
    let mut failed = 0;
    for (n, line) in reader.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let rec: Line = match serde_json::from_str(&line) {
            Ok(r) => r,
            Err(e) => {
                eprintln!(
                    "whosaid: {}:{}: invalid JSON line: {e}",
                    input.display(),
                    n + 1
                );
                failed += 1;
                continue;
            }
        };
        let mut article = Article::from_paragraphs([rec.text.as_str()]);
        article.published = rec.date;
        let analysis = Analyzer::new().analyze(article);
        // the main event: the first in a main clause that is not negated, else the first
        // that is not negated, else the first
        let main = analysis
            .events
            .iter()
            .find(|e| {
                !matches!(e.status, EventStatus::Negated | EventStatus::Possible) && !e.background
            })
            .or_else(|| {
                analysis
                    .events
                    .iter()
                    .find(|e| !matches!(e.status, EventStatus::Negated | EventStatus::Possible))
            })
            .or(analysis.events.first());
        let actors = |v: &[whosaid_analysis::Actor]| -> Vec<serde_json::Value> {
            v.iter()
                .map(|a| json!({"actorText": a.text, "code": a.code, "sector": a.sector}))
                .collect()
        };
        let pred = match main {
            Some(e) => json!({
                "id": rec.id,
                "event": e.kind,
                "trigger": e.trigger.text,
                "status": e.status,
                "source": actors(&e.source),
                "target": actors(&e.target),
                "others": analysis.events.iter().filter(|o| !std::ptr::eq(*o, e)).map(|o| json!({
                    "event": o.kind, "trigger": o.trigger.text,
                    "source": actors(&o.source), "target": actors(&o.target),
                })).collect::<Vec<_>>(),
            }),
            None => json!({"id": rec.id, "event": null, "source": [], "target": []}),
        };
        serde_json::to_writer(&mut out, &pred)?;
        writeln!(out)?;
    }
    out.flush()?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
