//! Reading the corpus: `speakers`, `quotes`, `search` and `export`.

use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use whosaid_store::{EventFilter, QuoteFilter, QuoteRow, Store, StoreError};

use super::{ExportFormat, ExportWhat};

fn open(db: &Path) -> anyhow::Result<Store> {
    if !db.exists() {
        anyhow::bail!(
            "{}: no store here (run `whosaid ingest` first, or pass --db)",
            db.display()
        );
    }
    Store::open(db).with_context(|| format!("opening {}", db.display()))
}

/// `whosaid speakers`: who is quoted most, one line per speaker.
pub fn speakers(db: &Path, limit: usize, all: bool, json: bool) -> anyhow::Result<ExitCode> {
    let store = open(db)?;
    let rows = store.speakers(limit, all)?;
    let mut out = BufWriter::new(io::stdout().lock());
    if json {
        for r in &rows {
            serde_json::to_writer(&mut out, r)?;
            writeln!(out)?;
        }
    } else {
        for r in &rows {
            let mut line = format!(
                "{:>6} quotes  {:>5} articles  {}",
                r.quotes, r.articles, r.name
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

fn print_quote(out: &mut impl Write, q: &QuoteRow) -> io::Result<()> {
    let who = q.speaker.as_deref().unwrap_or("(unattributed)");
    let date = q
        .published
        .as_deref()
        .map(|d| d.get(..10).unwrap_or(d))
        .unwrap_or("????-??-??");
    writeln!(
        out,
        "{date}  {who} ({}{}):",
        q.kind,
        q.cue
            .as_deref()
            .map(|c| format!(", “{c}”"))
            .unwrap_or_default()
    )?;
    writeln!(out, "    “{}”", q.text)?;
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
pub fn quotes(db: &Path, filter: &QuoteFilter, json: bool) -> anyhow::Result<ExitCode> {
    let store = open(db)?;
    let rows = store.quotes(filter)?;
    let mut out = BufWriter::new(io::stdout().lock());
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
    }
    Ok(ExitCode::SUCCESS)
}

/// `whosaid search`: full-text search over quotes, ranked.
pub fn search(db: &Path, query: &str, limit: usize, json: bool) -> anyhow::Result<ExitCode> {
    let store = open(db)?;
    let hits = match store.search(query, limit) {
        Ok(h) => h,
        Err(e) if e.is_bad_query() => {
            anyhow::bail!("cannot read the query {query:?}: {e} (quote phrases with \"…\")")
        }
        Err(e) => return Err(e.into()),
    };
    let mut out = BufWriter::new(io::stdout().lock());
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
    Ok(ExitCode::SUCCESS)
}

/// `whosaid export`: quotes, articles or entities as CSV or JSON Lines.
pub fn export(db: &Path, what: ExportWhat, format: ExportFormat) -> anyhow::Result<ExitCode> {
    let store = open(db)?;
    let stdout = io::stdout();
    let out = BufWriter::new(stdout.lock());
    match format {
        ExportFormat::Jsonl => {
            let mut out = out;
            let mut line = |v: serde_json::Value| -> Result<(), StoreError> {
                serde_json::to_writer(&mut out, &v)?;
                out.write_all(b"\n")
                    .map_err(|e| StoreError::Json(serde_json::Error::io(e)))?;
                Ok(())
            };
            match what {
                ExportWhat::Quotes => store.for_each_quote(|q| line(serde_json::to_value(q)?))?,
                ExportWhat::Articles => {
                    store.for_each_article(|a| line(serde_json::to_value(a)?))?
                }
                ExportWhat::Entities => {
                    store.for_each_entity(|e| line(serde_json::to_value(e)?))?
                }
            }
        }
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            let err = |e: csv::Error| StoreError::Json(serde_json::Error::io(io::Error::other(e)));
            match what {
                ExportWhat::Quotes => {
                    w.write_record([
                        "id",
                        "kind",
                        "text",
                        "speaker",
                        "speaker_id",
                        "speaker_mention",
                        "cue",
                        "attribution",
                        "article_id",
                        "title",
                        "url",
                        "site",
                        "published",
                    ])
                    .map_err(err)?;
                    store.for_each_quote(|q| {
                        w.write_record([
                            q.id.to_string(),
                            q.kind,
                            q.text,
                            q.speaker.unwrap_or_default(),
                            q.speaker_id.map(|i| i.to_string()).unwrap_or_default(),
                            q.speaker_mention.unwrap_or_default(),
                            q.cue.unwrap_or_default(),
                            q.attribution,
                            q.article_id.to_string(),
                            q.title.unwrap_or_default(),
                            q.url.unwrap_or_default(),
                            q.site.unwrap_or_default(),
                            q.published.unwrap_or_default(),
                        ])
                        .map_err(err)
                    })?;
                }
                ExportWhat::Articles => {
                    w.write_record([
                        "id",
                        "url",
                        "site",
                        "title",
                        "author",
                        "published",
                        "content_hash",
                        "quotes",
                        "text",
                    ])
                    .map_err(err)?;
                    store.for_each_article(|a| {
                        w.write_record([
                            a.id.to_string(),
                            a.url.unwrap_or_default(),
                            a.site.unwrap_or_default(),
                            a.title.unwrap_or_default(),
                            a.author.unwrap_or_default(),
                            a.published.unwrap_or_default(),
                            a.content_hash,
                            a.quotes.to_string(),
                            a.text,
                        ])
                        .map_err(err)
                    })?;
                }
                ExportWhat::Entities => {
                    w.write_record([
                        "id",
                        "name",
                        "kind",
                        "country",
                        "canonical_id",
                        "mentions",
                        "aliases",
                    ])
                    .map_err(err)?;
                    store.for_each_entity(|e| {
                        w.write_record([
                            e.id.to_string(),
                            e.name,
                            e.kind,
                            e.country.unwrap_or_default(),
                            e.canonical_id.map(|i| i.to_string()).unwrap_or_default(),
                            e.mentions.to_string(),
                            e.aliases.join("|"),
                        ])
                        .map_err(err)
                    })?;
                }
            }
            w.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn actor_names(v: &serde_json::Value) -> String {
    let names: Vec<String> = v
        .as_array()
        .map(|a| {
            a.iter()
                .map(|x| {
                    let name = x["entity"]
                        .as_str()
                        .or(x["text"].as_str())
                        .unwrap_or("?")
                        .to_string();
                    super::report::actor_label(name, x["code"].as_str(), x["sector"].as_str())
                })
                .collect()
        })
        .unwrap_or_default();
    if names.is_empty() {
        "—".to_string()
    } else {
        names.join(", ")
    }
}

/// `whosaid events`: stored events matching filters.
pub fn events(db: &Path, filter: &EventFilter, json: bool) -> anyhow::Result<ExitCode> {
    let store = open(db)?;
    let rows = store.events(filter)?;
    let mut out = BufWriter::new(io::stdout().lock());
    for e in &rows {
        if json {
            serde_json::to_writer(&mut out, e)?;
            writeln!(out)?;
        } else {
            let when = e
                .date_value
                .as_deref()
                .or(e.published.as_deref())
                .unwrap_or("?");
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
pub fn flags(db: &Path, limit: usize, json: bool) -> anyhow::Result<ExitCode> {
    let store = open(db)?;
    let rows = store.role_flags(limit)?;
    let mut out = BufWriter::new(io::stdout().lock());
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
                f.checked_on.as_deref().unwrap_or("?"),
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

/// `whosaid variants`: versions of one statement across articles.
pub fn variants(
    db: &Path,
    speaker: Option<&str>,
    min_articles: usize,
    limit: usize,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let store = open(db)?;
    let groups = store.variants(speaker, min_articles)?;
    let mut out = BufWriter::new(io::stdout().lock());
    if !json {
        writeln!(
            out,
            "{} statements quoted in {}+ articles",
            groups.len(),
            min_articles.max(2)
        )?;
    }
    for g in groups
        .iter()
        .take(if limit == 0 { usize::MAX } else { limit })
    {
        if json {
            serde_json::to_writer(&mut out, g)?;
            writeln!(out)?;
            continue;
        }
        writeln!(
            out,
            "\n{} — {} versions, {} articles, {} sites",
            g.speaker,
            g.versions.len(),
            g.articles,
            g.sites
        )?;
        writeln!(out, "  majority: “{}”", g.reference)?;
        for v in &g.versions {
            let mark = if v.quote_id == g.earliest {
                "earliest"
            } else if v.departs {
                "DEPARTS"
            } else {
                ""
            };
            let when = v
                .published
                .as_deref()
                .map(|d| d.get(..10).unwrap_or(d))
                .unwrap_or("????-??-??");
            writeln!(
                out,
                "  {when} {:<8} {} — “{}”",
                mark,
                v.site.as_deref().or(v.title.as_deref()).unwrap_or(""),
                v.text
            )?;
            if v.departs {
                writeln!(
                    out,
                    "                    changes: {}",
                    v.changed_words.join(", ")
                )?;
            }
            if let Some(other) = &v.other_speaker {
                writeln!(
                    out,
                    "                    this article names {other} as the speaker"
                )?;
            }
            if !v.attributed {
                writeln!(out, "                    this article names no speaker")?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `whosaid copies`: near-duplicate article pairs.
pub fn copies(db: &Path, threshold: f64, limit: usize, json: bool) -> anyhow::Result<ExitCode> {
    let store = open(db)?;
    let pairs = store.copies(threshold)?;
    let mut out = BufWriter::new(io::stdout().lock());
    if !json {
        writeln!(
            out,
            "{} near-duplicate pairs (similarity ≥ {threshold})",
            pairs.len()
        )?;
    }
    for p in pairs
        .iter()
        .take(if limit == 0 { usize::MAX } else { limit })
    {
        if json {
            serde_json::to_writer(&mut out, p)?;
            writeln!(out)?;
        } else {
            let brief = |a: &whosaid_store::ArticleBrief| {
                format!(
                    "{} [{}] {}",
                    a.title.as_deref().unwrap_or("(untitled)"),
                    a.published.as_deref().unwrap_or("?"),
                    a.url.as_deref().unwrap_or("")
                )
            };
            writeln!(
                out,
                "{:.2}  older: {}\n      newer: {}",
                p.similarity,
                brief(&p.older),
                brief(&p.newer)
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
