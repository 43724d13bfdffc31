//! Server-rendered pages (maud: compile-time-checked templates, escaped by default).

use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};
use whosaid_analysis::Analysis;
use whosaid_store::{ArticleQuote, ArticleView};

mod lists;
mod pager;
mod query;
mod search;
mod similar;

pub(crate) use lists::{articles, quotes, speaker, speakers};
pub(crate) use search::search;
pub(crate) use similar::{copies, variants};

use crate::render::{colour, highlighted};
use crate::{ApiError, AppState};
use query::PageParams;

pub(super) fn layout(title: &str, body: Markup) -> Markup {
    page(title, None, body)
}

/// A page; `query` stays in the search box.
pub(super) fn page(title: &str, query: Option<&str>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · whosaid" }
                link rel="stylesheet" href="/static/style.css";
            }
            body {
                a class="skip" href="#main" { "Skip to content" }
                header class="top" {
                    a class="brand" href="/" { "whosaid" }
                    form class="searchbox" action="/search" method="get" role="search" {
                        label for="q" class="visually-hidden" { "Search quotes" }
                        input id="q" type="search" name="q" placeholder="Search quotes…" value=[query];
                        button type="submit" { "Search" }
                    }
                    nav {
                        a href="/quotes" { "Quotes" } " · "
                        a href="/speakers" { "Speakers" } " · "
                        a href="/articles" { "Articles" } " · "
                        a href="/analyze" { "Analyze" } " · "
                        a href="/variants" { "Versions of a quote" } " · "
                        a href="/copies" { "Copies" } " · "
                        a href="/events" { "Events" } " · "
                        a href="/flags" { "Role flags" }
                    }
                }
                main id="main" { (body) }
                footer { "whosaid — who said what, about whom, and when." }
            }
        }
    }
}

pub(crate) fn page_error(e: ApiError) -> Response {
    let status = e.status();
    let body = layout(
        "Error",
        html! { h1 { (status.as_u16()) " — " (status.canonical_reason().unwrap_or("error")) } p { (e.to_string()) } },
    );
    (status, Html(body.into_string())).into_response()
}

/// GET /
pub(crate) async fn home(State(state): State<AppState>) -> Response {
    let data = state
        .with_store(|s| {
            let counts = s.corpus_stats()?;
            let speakers = s.speakers(15, false)?;
            let articles = s.articles(None, 10, 0)?;
            Ok((counts, speakers, articles))
        })
        .await;
    let (counts, speakers, articles) = match data {
        Ok(d) => d,
        Err(e) => return page_error(e),
    };
    let body = html! {
        h1 { "Who said what" }
        p class="counts" {
            (pager::counted(counts.articles as usize, "article", "articles")) " · "
            (pager::counted(counts.quotes as usize, "quote", "quotes")) " · "
            (pager::counted(counts.entities as usize, "actor", "actors"))
        }
        div class="columns" {
            section aria-labelledby="top-speakers" {
                h2 id="top-speakers" { "Most quoted" }
                ol class="speakers" {
                    @for sp in &speakers {
                        li { a href=(format!("/speakers/{}", sp.entity_id)) { (sp.name) } " " span class="muted" { (pager::counted(sp.quotes as usize, "quote", "quotes")) } }
                    }
                }
                p { a href="/speakers" { "All speakers →" } }
            }
            section aria-labelledby="latest" {
                h2 id="latest" { "Latest articles" }
                ul class="articles" {
                    @for a in &articles {
                        li {
                            a href=(format!("/articles/{}", a.id)) { (a.title.as_deref().unwrap_or("(untitled)")) }
                            " " span class="muted" { (a.site.as_deref().unwrap_or("")) " " (a.published.as_deref().map(|p| p.get(..10).unwrap_or(p)).unwrap_or("undated")) }
                        }
                    }
                }
                p { a href="/articles" { "All articles →" } }
            }
        }
    };
    Html(layout("Home", body).into_string()).into_response()
}

fn quote_list(quotes: &[ArticleQuote], linked: bool) -> Markup {
    html! {
        ol class="quotelist" {
            @for q in quotes {
                li class=(format!("{} {}", colour(q.speaker_id), q.kind)) {
                    @match q.speaker_id.filter(|_| linked) {
                        Some(id) => { a class="speaker" href=(format!("/speakers/{id}")) { (q.speaker.as_deref().unwrap_or("?")) } }
                        None => { span class="speaker" { (q.speaker.as_deref().unwrap_or("unattributed")) } }
                    }
                    " " a href=(format!("#q{}", q.id)) class="jump badge kind" { (q.kind) }
                    @if let Some(c) = &q.cue { " " span class="cue muted" { "cue: " (c) } }
                    @match q.kind {
                        whosaid_analysis::QuoteKind::Direct => { blockquote { "“" (q.text) "”" } }
                        whosaid_analysis::QuoteKind::Reported => { blockquote class="reported-text" { (q.text) } }
                    }
                }
            }
        }
    }
}

/// Actor chips shown before the rest fold away.
const MAIN_ACTORS: usize = 12;

/// An actor chip (a person links to their speaker page on stored articles).
fn actor_chip(e: &whosaid_store::ArticleEntity, linked: bool) -> Markup {
    html! {
        @if e.kind == whosaid_analysis::EntityKind::Person && linked {
            a class=(format!("chip {}", e.kind)) href=(format!("/speakers/{}", e.id)) {
                (e.name) @if !e.roles.is_empty() { span class="role" { " — " (e.roles.join("; ")) } }
            }
        } @else {
            span class=(format!("chip {}", e.kind)) { (e.name) @if !e.roles.is_empty() { span class="role" { " — " (e.roles.join("; ")) } } }
        }
    }
}

/// The actors, most mentioned first (speakers and people with roles ahead): the main
/// ones shown, the rest folded ("EDT" and "WASHINGTON" no longer head the list).
fn actors(view: &ArticleView, linked: bool) -> Markup {
    let speaking: std::collections::HashSet<i64> =
        view.quotes.iter().filter_map(|q| q.speaker_id).collect();
    let mut ranked: Vec<&whosaid_store::ArticleEntity> = view.entities.iter().collect();
    ranked.sort_by_key(|e| {
        let weight = e.mentions
            + if speaking.contains(&e.id) { 100 } else { 0 }
            + if e.roles.is_empty() { 0 } else { 10 };
        (std::cmp::Reverse(weight), e.name.clone())
    });
    let (main, rest) = ranked.split_at(ranked.len().min(MAIN_ACTORS));
    html! {
        div class="chips" aria-label="Actors" { @for e in main { (actor_chip(e, linked)) } }
        @if !rest.is_empty() {
            details class="more-actors" {
                summary { (pager::counted(rest.len(), "more actor", "more actors")) }
                div class="chips" { @for e in rest { (actor_chip(e, linked)) } }
            }
        }
    }
}

/// The speakers of an article with their colours: the legend of the highlighted text.
fn legend(quotes: &[ArticleQuote]) -> Markup {
    let mut seen: Vec<(Option<i64>, &str)> = Vec::new();
    for q in quotes {
        let who = q.speaker.as_deref().unwrap_or("unattributed");
        if !seen
            .iter()
            .any(|(id, name)| *id == q.speaker_id && *name == who)
        {
            seen.push((q.speaker_id, who));
        }
    }
    html! {
        @if !seen.is_empty() {
            ul class="legend" aria-label="Speakers" {
                @for (id, name) in &seen { li class=(colour(*id)) { (name) } }
            }
        }
    }
}

/// A link worth showing: a web address, never a path on the machine that ingested it.
fn web_url(url: Option<&str>) -> Option<&str> {
    url.filter(|u| u.starts_with("http://") || u.starts_with("https://"))
}

fn article_body(view: &ArticleView, linked: bool) -> Markup {
    let a = &view.article;
    html! {
        article class="article" {
            h1 { (a.title.as_deref().unwrap_or("(untitled)")) }
            p class="meta" {
                (a.site.as_deref().unwrap_or("")) " · " (a.published.as_deref().unwrap_or("undated"))
                @if let Some(au) = &a.author { " · by " (au) }
                @if let Some(u) = web_url(a.url.as_deref()) { " · " a class="url" href=(u) rel="noopener noreferrer" { (u) } }
            }
            @if !view.other_sources.is_empty() {
                p class="meta" {
                    "Also read from: "
                    @for (i, s) in view.other_sources.iter().enumerate() {
                        @if i > 0 { ", " }
                        @match web_url(Some(s)) {
                            Some(u) => { a class="url" href=(u) rel="noopener noreferrer" { (u) } }
                            // a local file: its name only, never the machine's path
                            None => { (s.rsplit(['/', '\\']).next().unwrap_or("a local file")) }
                        }
                    }
                }
            }
            @if linked {
                p class="meta" { a href=(format!("/events?article={}", a.id)) { "Events in this article" } }
            }
            @if !view.flags.is_empty() {
                section class="flags" aria-label="Role flags" {
                    h2 { "Checks" }
                    ul { @for f in &view.flags { li { "⚑ " (f) } } }
                }
            }
            (actors(view, linked))
            (legend(&view.quotes))
            div class="reader" {
                div class="text" { (highlighted(&a.text, &view.paragraphs, &view.quotes)) }
                aside class="side" aria-label="Quotes" {
                    h2 { "Quotes (" (view.quotes.len()) ")" }
                    (quote_list(&view.quotes, linked))
                }
            }
        }
    }
}

/// GET /articles/{id}
pub(crate) async fn article(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let id = match crate::api::id_of(&id) {
        Ok(id) => id,
        Err(e) => return page_error(e),
    };
    match state.with_store(move |s| s.article(id)).await {
        Ok(Some(view)) => {
            let title = view
                .article
                .title
                .clone()
                .unwrap_or_else(|| "Article".into());
            Html(layout(&title, article_body(&view, true)).into_string()).into_response()
        }
        Ok(None) => page_error(ApiError::NotFound),
        Err(e) => page_error(e),
    }
}

/// GET /analyze
pub(crate) async fn analyze_form(State(state): State<AppState>) -> Response {
    let accurate = state.config.accurate.is_some();
    let body = html! {
        h1 { "Analyze an article" }
        form class="analyze" action="/analyze" method="post" enctype="multipart/form-data" {
            label for="text" { "Paste an article (first line: the title) or an HTML page" }
            textarea id="text" name="text" rows="14" {}
            label for="file" { "…or upload an HTML or text file" }
            input id="file" type="file" name="file" accept=".html,.htm,.txt,text/html,text/plain";
            @if accurate {
                label for="model" { "Reported speech found by" }
                select id="model" name="model" {
                    option value="fast" selected { "the fast mode" }
                    option value="accurate" { "the accurate mode (a transformer encoder; slower)" }
                }
            }
            button type="submit" { "Analyze" }
        }
    };
    Html(layout("Analyze", body).into_string()).into_response()
}

fn analysis_view(a: &Analysis) -> ArticleView {
    let quotes = a
        .quotes
        .iter()
        .enumerate()
        .map(|(i, q)| ArticleQuote {
            id: i as i64,
            kind: q.kind,
            text: q.text.clone(),
            content: q.content.iter().map(|s| [s.start, s.end]).collect(),
            cue: q.cue.as_ref().map(|c| c.text.clone()),
            speaker: q.speaker.as_ref().map(|s| s.name.clone()),
            speaker_id: q.speaker.as_ref().and_then(|s| s.entity).map(|e| e as i64),
            attribution: q.attribution,
        })
        .collect();
    let entities = a
        .entities
        .iter()
        .map(|e| whosaid_store::ArticleEntity {
            id: e.id as i64,
            name: e.name.clone(),
            kind: e.kind,
            mentions: e.mentions.len() as i64,
            roles: e
                .roles
                .iter()
                .map(|r| {
                    format!(
                        "{}{}",
                        r.title,
                        r.of.as_deref()
                            .map(|o| format!(" of {o}"))
                            .unwrap_or_default()
                    )
                })
                .collect(),
        })
        .collect();
    let flags = a
        .role_checks
        .iter()
        .filter(|c| c.verdict == whosaid_analysis::types::Verdict::Contradicted)
        .map(|c| format!("{} — “{}”: {}", c.person, c.role.title, c.reason))
        .collect();
    ArticleView {
        article: whosaid_store::ArticleRow {
            id: 0,
            url: a.article.url.clone(),
            site: a.article.site.clone(),
            title: a.article.title.clone(),
            author: a.article.author.clone(),
            published: a.article.published.clone(),
            content_hash: String::new(),
            quotes: a.quotes.len() as i64,
            text: a.article.text.clone(),
        },
        paragraphs: a
            .article
            .paragraphs
            .iter()
            .map(|p| [p.start, p.end])
            .collect(),
        quotes,
        entities,
        flags,
        other_sources: Vec::new(),
    }
}

/// POST /analyze (multipart: `text` or `file`)
pub(crate) async fn analyze_submit(State(state): State<AppState>, mut form: Multipart) -> Response {
    let mut text: Option<Vec<u8>> = None;
    let mut file: Option<(Vec<u8>, String)> = None;
    let mut model: Option<String> = None;
    loop {
        match form.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or("").to_string();
                let fname = field.file_name().unwrap_or("").to_lowercase();
                let ct = field.content_type().unwrap_or("").to_string();
                let bytes = match field.bytes().await {
                    Ok(b) => b.to_vec(),
                    Err(e) => return page_error(ApiError::BadRequest(e.to_string())),
                };
                if name == "file" && !bytes.is_empty() {
                    let kind = if fname.ends_with(".html")
                        || fname.ends_with(".htm")
                        || ct.contains("html")
                    {
                        "text/html"
                    } else {
                        "text/plain"
                    };
                    file = Some((bytes, kind.to_string()));
                } else if name == "text" && !bytes.iter().all(u8::is_ascii_whitespace) {
                    text = Some(bytes);
                } else if name == "model" {
                    model = Some(String::from_utf8_lossy(&bytes).into_owned());
                }
            }
            Ok(None) => break,
            Err(e) => return page_error(ApiError::BadRequest(e.to_string())),
        }
    }
    let (bytes, ct) = match (file, text) {
        (Some((b, ct)), _) => (b, ct),
        (None, Some(t)) => (t, String::new()),
        (None, None) => return (
            StatusCode::BAD_REQUEST,
            Html(
                layout(
                    "Analyze",
                    html! { h1 { "Nothing to analyze" } p { "Paste a text or choose a file." } },
                )
                .into_string(),
            ),
        )
            .into_response(),
    };
    let mode = match crate::api::mode_of(model.as_deref()) {
        Ok(mode) => mode,
        Err(e) => return page_error(e),
    };
    match crate::api::analyze_body(&state, &ct, bytes.into(), mode).await {
        Ok(a) => {
            let view = analysis_view(&a);
            let title = view
                .article
                .title
                .clone()
                .unwrap_or_else(|| "Analysis".into());
            Html(layout(&title, article_body(&view, false)).into_string()).into_response()
        }
        Err(e) => page_error(e),
    }
}

/// GET /events: who did what to whom, filtered by type, actor, code and date.
pub(crate) async fn events(
    State(state): State<AppState>,
    PageParams(p): PageParams<crate::api::EventParams>,
) -> Response {
    let mut filter = match crate::api::event_filter(&p) {
        Ok(f) => f,
        Err(e) => return page_error(e),
    };
    // after a key ("next"), the store reads from that event on and `offset` only numbers
    // the rows
    let start = filter.offset;
    if filter.after.is_some() {
        filter.offset = 0;
    }
    let shown = filter.clone();
    let found = state
        .with_store(move |s| Ok((s.events(&filter)?, s.count_events(&filter)?)))
        .await;
    let (rows, total) = match found {
        Ok((rows, total)) => (
            rows,
            pager::Total::paged(total, start, shown.after.is_some()),
        ),
        Err(e) => return page_error(e),
    };
    let last = rows
        .last()
        .filter(|_| rows.len() == shown.limit)
        .map(|e| e.id);
    let keep = event_filters_kept(&shown);
    let names = |v: &[whosaid_store::StoredActor]| -> String {
        v.iter()
            .map(|x| match &x.code {
                Some(c) => format!("{} ({c})", x.name()),
                None => x.name().to_string(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let body = html! {
        h1 { "Events" }
        form class="inline" action="/events" method="get" {
            label for="kind" { "Type " }
            select id="kind" name="kind" {
                option value="" { "any" }
                @for k in whosaid_analysis::events::TYPES {
                    option value=(k) selected[shown.kind.as_deref() == Some(*k)] { (k) }
                }
            }
            " " label for="actor" { "Actor " }
            input id="actor" name="actor" value=(shown.actor.as_deref().unwrap_or(""));
            " " label for="code" { "Code " }
            input id="code" name="code" size="4" value=(shown.code.as_deref().unwrap_or(""));
            " " label for="since" { "Since " }
            input id="since" name="since" type="date" value=(shown.since.as_deref().unwrap_or(""));
            " " label for="until" { "Until " }
            input id="until" name="until" type="date" value=(shown.until.as_deref().unwrap_or(""));
            " " label { input type="checkbox" name="main" value="true" checked[shown.main_only]; " main reports only" }
            @if let Some(id) = shown.article_id { input type="hidden" name="article" value=(id); }
            " " button type="submit" { "Show" }
        }
        p class="muted count" { (total.counted("event", "events")) " (PLOVER types; actors coded to states and organisations)." }
        div class="scroll" { table class="events" {
            thead { tr { th { "when" } th { "type" } th { "who" } th { "to whom" } th { "words" } th { "article" } } }
            tbody {
                @for e in &rows {
                    tr class=(if e.background { "background" } else { "" }) {
                        td { (e.date_value.as_deref().or(e.published.as_deref().map(|d| d.get(..10).unwrap_or(d))).unwrap_or("undated")) }
                        td { (e.kind) @if e.status != whosaid_analysis::EventStatus::Happened { " " span class="badge" { (e.status) } } }
                        td { (names(&e.source)) }
                        td { (names(&e.target)) }
                        td { q { (e.trigger) } br; span class="muted" { (e.sentence) } }
                        td { a href=(format!("/articles/{}", e.article_id)) { (e.title.as_deref().unwrap_or("(untitled)")) } }
                    }
                }
            }
        }
        }
        (pager::keyed_pager("/events", &keep, start, shown.limit, total, last))
    };
    Html(layout("Events", body).into_string()).into_response()
}

/// The filters every pager link of the event list repeats.
fn event_filters_kept(f: &whosaid_store::EventFilter) -> [(&'static str, String); 8] {
    [
        ("kind", f.kind.clone().unwrap_or_default()),
        ("actor", f.actor.clone().unwrap_or_default()),
        ("code", f.code.clone().unwrap_or_default()),
        ("since", f.since.clone().unwrap_or_default()),
        ("until", f.until.clone().unwrap_or_default()),
        (
            "main",
            if f.main_only {
                "true".to_string()
            } else {
                String::new()
            },
        ),
        (
            "article",
            f.article_id.map(|a| a.to_string()).unwrap_or_default(),
        ),
        ("limit", f.limit.to_string()),
    ]
}

/// GET /flags: stated roles the office-holder record contradicts.
pub(crate) async fn flags(State(state): State<AppState>) -> Response {
    let rows = match state.with_store(|s| s.role_flags(500)).await {
        Ok(r) => r,
        Err(e) => return page_error(e),
    };
    let body = html! {
        h1 { "Role flags" }
        p class="muted" { "Roles the text gives a person that the office-holder record contradicts on the publication date." }
        ul class="flaglist" {
            @for f in &rows {
                li {
                    "⚑ " strong { (f.person) } " — “" (f.title) @if let Some(o) = &f.of { " of " (o) } "” on " (f.checked_on.as_deref().unwrap_or("an unknown day")) ": " (f.reason)
                    @if let Some(w) = &f.wikidata { " " span class="muted" { "(Wikidata " (w) ")" } }
                    br; span class="muted" { (f.article.as_deref().unwrap_or("")) }
                }
            }
        }
    };
    Html(layout("Role flags", body).into_string()).into_response()
}
