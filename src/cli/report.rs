//! The readable terminal report: the article header, each quote with its speaker, then
//! the actors.

use std::io::{self, Write};
use std::path::Path;

use whosaid_analysis::text::language::{self, ENGLISH};
use whosaid_analysis::{Analysis, Attribution, EntityKind, PageType, QuoteKind};

use super::term::counted;

struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// Writes the report of one analysis: header, quotes, events, role flags, actors.
pub fn write(out: &mut impl Write, path: &Path, a: &Analysis, color: bool) -> io::Result<()> {
    let st = Style { on: color };
    write_header(out, path, a, &st)?;
    write_quotes(out, a, &st)?;
    writeln!(out)?;
    write_events(out, a, &st)?;
    write_flags(out, a, &st)?;
    write_actors(out, a, &st)?;
    writeln!(out)?;
    Ok(())
}

/// Title, then where the article comes from and its metadata.
fn write_header(out: &mut impl Write, path: &Path, a: &Analysis, st: &Style) -> io::Result<()> {
    let art = &a.article;
    writeln!(
        out,
        "{}",
        st.paint("1", art.title.as_deref().unwrap_or("(untitled)"))
    )?;
    let mut meta = Vec::new();
    if let Some(s) = &art.site {
        meta.push(s.clone());
    }
    if let Some(p) = &art.published {
        meta.push(p.clone());
    }
    if let Some(au) = &art.author {
        meta.push(format!("by {au}"));
    }
    meta.push(counted(art.paragraphs.len(), "paragraph", "paragraphs"));
    writeln!(
        out,
        "{}",
        st.paint("2", &format!("{} · {}", path.display(), meta.join(" · ")))
    )?;
    if let Some(code) = art.language.as_deref().filter(|l| *l != ENGLISH) {
        writeln!(
            out,
            "Written in {} ({code}): whosaid reads English, so no quotes, actors or events were looked for.",
            language::name(code)
        )?;
    }
    if let Some(kind) = art.page_type.filter(|&t| t != PageType::Article) {
        writeln!(
            out,
            "{}",
            st.paint(
                "33",
                &format!("This page looks like a {kind} page, not an article: `ingest` skips such pages unless given --all-pages.")
            )
        )?;
    }
    writeln!(out)?;
    Ok(())
}

/// How a quote's speaker was found, in words.
fn attributed_via(a: &Analysis, q: &whosaid_analysis::Quote) -> String {
    match (&q.speaker, &q.cue) {
        (Some(s), cue) => {
            let mention = s.mention.map(|m| m.slice(&a.article.text).to_string());
            let mut parts = Vec::new();
            if let Some(m) = mention.filter(|m| m != &s.name) {
                parts.push(format!("as “{m}”"));
            }
            match q.attribution {
                Attribution::Continuation => parts.push("continues the previous quote".to_string()),
                Attribution::Enclosing => parts.push("inside the reported speech".to_string()),
                _ => {}
            }
            if let Some(c) = cue {
                parts.push(format!("cue “{}”", c.text));
            }
            parts.join(", ")
        }
        (None, Some(c)) => format!("cue “{}”", c.text),
        (None, None) => String::new(),
    }
}

/// Every quote with its speaker and how it was found.
fn write_quotes(out: &mut impl Write, a: &Analysis, st: &Style) -> io::Result<()> {
    writeln!(
        out,
        "{}",
        st.paint("1;4", &format!("Quotes ({})", a.quotes.len()))
    )?;
    for (i, q) in a.quotes.iter().enumerate() {
        let who = q
            .speaker
            .as_ref()
            .map(|s| s.name.as_str())
            .unwrap_or("(unattributed)");
        let via = attributed_via(a, q);
        let kind = match q.kind {
            QuoteKind::Direct => st.paint("36", "direct  "),
            QuoteKind::Reported => st.paint("35", "reported"),
        };
        writeln!(
            out,
            "{:>3}. {} {}{}",
            i + 1,
            kind,
            st.paint("1", who),
            if via.is_empty() {
                String::new()
            } else {
                st.paint("2", &format!("  ({via})"))
            }
        )?;
        // quotation marks only around words quoted verbatim: reported speech is the
        // reporter's paraphrase
        match q.kind {
            QuoteKind::Direct => writeln!(out, "     “{}”", q.text)?,
            QuoteKind::Reported => writeln!(out, "     {}", q.text)?,
        }
    }
    Ok(())
}

/// The stated roles the office-holder record contradicts.
fn write_flags(out: &mut impl Write, a: &Analysis, st: &Style) -> io::Result<()> {
    let flags: Vec<_> = a
        .role_checks
        .iter()
        .filter(|c| c.verdict == whosaid_analysis::types::Verdict::Contradicted)
        .collect();
    if !flags.is_empty() {
        writeln!(
            out,
            "{}",
            st.paint("1;4", &format!("Role flags ({})", flags.len()))
        )?;
        for c in flags {
            let stated = format!(
                "{}{}",
                c.role.title,
                c.role
                    .of
                    .as_deref()
                    .map(|o| format!(" of {o}"))
                    .unwrap_or_default()
            );
            writeln!(
                out,
                "  {} {} — “{}”: {}",
                st.paint("31", "⚑"),
                st.paint("1", &c.person),
                stated,
                c.reason
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// The actors by kind, with their roles, mentions and quotes.
fn write_actors(out: &mut impl Write, a: &Analysis, st: &Style) -> io::Result<()> {
    writeln!(
        out,
        "{}",
        st.paint("1;4", &format!("Actors ({})", a.entities.len()))
    )?;
    for &kind in EntityKind::ALL {
        for e in a.entities.iter().filter(|e| e.kind == kind) {
            let label = kind.as_str();
            let roles: Vec<String> = e
                .roles
                .iter()
                .map(|r| {
                    let mut s = String::new();
                    if let Some(q) = &r.qualifier {
                        s.push_str(q);
                        s.push(' ');
                    }
                    s.push_str(&r.title);
                    if let Some(of) = &r.of {
                        s.push_str(" of ");
                        s.push_str(of);
                    }
                    s
                })
                .collect();
            let quoted = a
                .quotes
                .iter()
                .filter(|q| q.speaker.as_ref().and_then(|s| s.entity) == Some(e.id))
                .count();
            let mut line = format!("  {:<13} {}", label, st.paint("1", &e.name));
            if !roles.is_empty() {
                line.push_str(&format!(" — {}", roles.join("; ")));
            }
            line.push_str(&st.paint(
                "2",
                &format!(
                    "  ({}{})",
                    counted(e.mentions.len(), "mention", "mentions"),
                    if quoted > 0 {
                        format!(", {}", counted(quoted, "quote", "quotes"))
                    } else {
                        String::new()
                    }
                ),
            ));
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

fn actor_list(a: &Analysis, v: &[whosaid_analysis::Actor]) -> String {
    if v.is_empty() {
        return "—".to_string();
    }
    v.iter()
        .map(|x| {
            let name = x
                .entity
                .and_then(|i| a.entities.get(i))
                .map(|en| en.name.clone())
                .unwrap_or_else(|| x.text.clone());
            actor_label(name, x.code.as_deref(), x.sector.as_deref())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn write_events(out: &mut impl Write, a: &Analysis, st: &Style) -> io::Result<()> {
    writeln!(
        out,
        "{}",
        st.paint("1;4", &format!("Events ({})", a.events.len()))
    )?;
    for e in &a.events {
        let mut tail = vec![format!("“{}”", e.trigger.text)];
        if e.status != whosaid_analysis::EventStatus::Happened {
            tail.push(e.status.as_str().to_string());
        }
        if let Some(d) = &e.date {
            tail.push(format!(
                "{} = {}",
                d.text,
                d.value.as_deref().unwrap_or("a day not resolved")
            ));
        }
        if let Some(p) = &e.place {
            tail.push(format!("in {p}"));
        }
        writeln!(
            out,
            "  {:<11} {} → {}  {}",
            st.paint("33", &e.kind),
            actor_list(a, &e.source),
            actor_list(a, &e.target),
            st.paint("2", &format!("({})", tail.join("; ")))
        )?;
    }
    writeln!(out)
}

/// "Vladimir Putin [RUS/GOV]": an actor's name with its code and sector.
pub fn actor_label(name: String, code: Option<&str>, sector: Option<&str>) -> String {
    let code: Vec<&str> = [code, sector].into_iter().flatten().collect();
    if code.is_empty() {
        name
    } else {
        format!("{name} [{}]", code.join("/"))
    }
}
