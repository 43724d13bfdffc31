//! `whosaid export`: every quote, article or entity as CSV (headers from the row types'
//! field names, through `csv::Writer::serialize`) or JSON Lines.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use serde::Serialize;
use whosaid_analysis::EntityKind;
use whosaid_store::{EntityRow, QuoteRow, StoreError};

use super::open;

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

/// Flags of `whosaid export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to export.
    #[arg(value_enum)]
    what: ExportWhat,
    /// Format.
    #[arg(long, value_enum, default_value = "csv")]
    format: ExportFormat,
}

/// An entity as a CSV record: its aliases joined by `|` (CSV has no lists).
#[derive(Debug, Serialize)]
struct EntityCsv {
    id: i64,
    name: String,
    kind: EntityKind,
    country: Option<String>,
    canonical_id: Option<i64>,
    mentions: i64,
    aliases: String,
}

impl From<EntityRow> for EntityCsv {
    fn from(e: EntityRow) -> Self {
        EntityCsv {
            id: e.id,
            name: e.name,
            kind: e.kind,
            country: e.country,
            canonical_id: e.canonical_id,
            mentions: e.mentions,
            aliases: e.aliases.join("|"),
        }
    }
}

/// A quote as a CSV record: the entities it names joined by `|`.
#[derive(Debug, Serialize)]
struct QuoteCsv {
    id: i64,
    kind: whosaid_analysis::QuoteKind,
    text: String,
    speaker: Option<String>,
    speaker_id: Option<i64>,
    speaker_mention: Option<String>,
    cue: Option<String>,
    attribution: whosaid_analysis::Attribution,
    article_id: i64,
    title: Option<String>,
    url: Option<String>,
    site: Option<String>,
    published: Option<String>,
    start: i64,
    end: i64,
    mentions: String,
}

impl From<QuoteRow> for QuoteCsv {
    fn from(q: QuoteRow) -> Self {
        QuoteCsv {
            id: q.id,
            kind: q.kind,
            text: q.text,
            speaker: q.speaker,
            speaker_id: q.speaker_id,
            speaker_mention: q.speaker_mention,
            cue: q.cue,
            attribution: q.attribution,
            article_id: q.article_id,
            title: q.title,
            url: q.url,
            site: q.site,
            published: q.published,
            start: q.start,
            end: q.end,
            mentions: q.mentions.join("|"),
        }
    }
}

/// Writes rows one at a time in the chosen format.
enum RowWriter<W: Write> {
    Jsonl(W),
    Csv(Box<csv::Writer<W>>),
}

impl<W: Write> RowWriter<W> {
    fn new(format: ExportFormat, out: W) -> Self {
        match format {
            ExportFormat::Jsonl => RowWriter::Jsonl(out),
            ExportFormat::Csv => RowWriter::Csv(Box::new(csv::Writer::from_writer(out))),
        }
    }

    /// One row; a failure to write comes back as a store error so that the store's
    /// row-by-row loops can stop on it.
    fn row<T: Serialize>(&mut self, row: &T) -> Result<(), StoreError> {
        let io_error = |e: io::Error| StoreError::Json(serde_json::Error::io(e));
        match self {
            RowWriter::Jsonl(out) => {
                // through a Value, so that keys come sorted as they always have
                serde_json::to_writer(&mut *out, &serde_json::to_value(row)?)?;
                out.write_all(b"\n").map_err(io_error)
            }
            RowWriter::Csv(w) => w.serialize(row).map_err(|e| {
                io_error(match e.into_kind() {
                    csv::ErrorKind::Io(e) => e,
                    other => io::Error::other(format!("{other:?}")),
                })
            }),
        }
    }

    fn flush(self) -> io::Result<()> {
        match self {
            RowWriter::Jsonl(mut out) => out.flush(),
            RowWriter::Csv(mut w) => w.flush(),
        }
    }
}

/// `whosaid export`: quotes, articles or entities as CSV or JSON Lines.
pub fn export(db: &Path, args: ExportArgs) -> anyhow::Result<ExitCode> {
    let store = open(db)?;
    let mut w = RowWriter::new(args.format, BufWriter::new(io::stdout().lock()));
    match (args.what, args.format) {
        (ExportWhat::Quotes, ExportFormat::Csv) => {
            store.for_each_quote(|q| w.row(&QuoteCsv::from(q)))?
        }
        (ExportWhat::Quotes, ExportFormat::Jsonl) => store.for_each_quote(|q| w.row(&q))?,
        (ExportWhat::Articles, _) => store.for_each_article(|a| w.row(&a))?,
        (ExportWhat::Entities, ExportFormat::Csv) => {
            store.for_each_entity(|e| w.row(&EntityCsv::from(e)))?
        }
        (ExportWhat::Entities, ExportFormat::Jsonl) => store.for_each_entity(|e| w.row(&e))?,
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        name: &'static str,
        kind: EntityKind,
        country: Option<&'static str>,
    }

    fn written(format: ExportFormat) -> String {
        let mut buf = Vec::new();
        let mut w = RowWriter::new(format, &mut buf);
        for (name, country) in [("Zoë Baird", None), ("Ελλάδα", Some("GRC"))] {
            w.row(&Row {
                name,
                kind: EntityKind::Person,
                country,
            })
            .expect("row");
        }
        w.flush().expect("flush");
        String::from_utf8(buf).expect("utf-8")
    }

    #[test]
    fn csv_headers_come_from_the_field_names() {
        assert_eq!(
            written(ExportFormat::Csv),
            "name,kind,country\nZoë Baird,person,\nΕλλάδα,person,GRC\n"
        );
    }

    #[test]
    fn json_lines_have_sorted_keys() {
        assert_eq!(
            written(ExportFormat::Jsonl).lines().next(),
            Some(r#"{"country":null,"kind":"person","name":"Zoë Baird"}"#)
        );
    }
}
