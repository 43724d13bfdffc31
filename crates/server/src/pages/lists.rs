//! The browsing pages: quotes under the CLI's filters (`/quotes`), one speaker's quotes
//! under the same filters (`/speakers/{id}`), the speaker list (`/speakers`) and the
//! article list (`/articles`), each with its true total and pages.

use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup};
use serde::Deserialize;
use whosaid_analysis::QuoteKind;
use whosaid_store::{ArticleQuery, ArticleSort, QuoteFilter, QuoteRow, SpeakerQuery, SpeakerSort};

use super::pager::{keyed_pager, pager, Total};
use super::query::PageParams;
use super::{layout, page_error};
use crate::render::{colour, timeline};
use crate::{ApiError, AppState};

/// Rows per page.
const PAGE: usize = 50;

/// The quote filters of the CLI, as a form sends them (blank fields: no filter).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct QuoteParams {
    speaker: Option<String>,
    about: Option<String>,
    since: Option<String>,
    until: Option<String>,
    kind: Option<String>,
    site: Option<String>,
    q: Option<String>,
    /// The row number of the page's first quote (counted from 0).
    offset: Option<usize>,
    /// The quote the page continues after (a "next" link's key): the store then reads
    /// from that quote on, and `offset` only numbers the rows.
    after: Option<i64>,
}

fn filled(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

impl QuoteParams {
    /// The store filter, with dates and kind checked (a bad value is a 400 page).
    fn filter(&self, speaker_id: Option<i64>) -> Result<QuoteFilter, ApiError> {
        for day in [&self.since, &self.until] {
            if let Some(d) = filled(day) {
                whosaid_store::parse_day(&d).map_err(ApiError::BadRequest)?;
            }
        }
        let kind = filled(&self.kind)
            .map(|k| k.parse::<QuoteKind>())
            .transpose()
            .map_err(|e| ApiError::BadRequest(e.to_string()))?;
        Ok(QuoteFilter {
            speaker: filled(&self.speaker).filter(|_| speaker_id.is_none()),
            about: filled(&self.about),
            since: filled(&self.since),
            until: filled(&self.until),
            site: filled(&self.site),
            kind,
            text: filled(&self.q),
            speaker_id,
            limit: PAGE,
            offset: match self.after {
                Some(_) => 0,
                None => self.offset.unwrap_or(0),
            },
            after: self.after,
        })
    }

    /// The number of the page's first row, counted from 0.
    fn start(&self) -> usize {
        self.offset.unwrap_or(0)
    }

    /// A page's total: the store counts from the page's start (by offset, or after the
    /// key, when `offset` only numbers the rows).
    fn total(&self, counted: usize) -> Total {
        Total::paged(counted, self.start(), self.after.is_some())
    }

    /// The filters every pager link repeats.
    fn keep(&self, with_speaker: bool) -> Vec<(&'static str, String)> {
        let mut keep = vec![
            ("about", filled(&self.about).unwrap_or_default()),
            ("since", filled(&self.since).unwrap_or_default()),
            ("until", filled(&self.until).unwrap_or_default()),
            ("kind", filled(&self.kind).unwrap_or_default()),
            ("site", filled(&self.site).unwrap_or_default()),
            ("q", filled(&self.q).unwrap_or_default()),
        ];
        if with_speaker {
            keep.push(("speaker", filled(&self.speaker).unwrap_or_default()));
        }
        keep
    }
}

/// The filter form; `speaker` only where the page is not one speaker's.
fn filter_form(action: &str, p: &QuoteParams, speaker: bool) -> Markup {
    let value = |v: &Option<String>| filled(v).unwrap_or_default();
    let kind = value(&p.kind);
    html! {
        form class="filters" action=(action) method="get" {
            @if speaker { label { "Speaker" input name="speaker" value=(value(&p.speaker)); } }
            label { "About" input name="about" value=(value(&p.about)); }
            label { "Words" input name="q" type="search" value=(value(&p.q)); }
            label { "Since" input name="since" placeholder="YYYY-MM-DD" size="10" value=(value(&p.since)); }
            label { "Until" input name="until" placeholder="YYYY-MM-DD" size="10" value=(value(&p.until)); }
            label { "Kind" select name="kind" {
                option value="" { "any" }
                option value="direct" selected[kind == "direct"] { "direct" }
                option value="reported" selected[kind == "reported"] { "reported" }
            } }
            label { "Site" input name="site" size="12" value=(value(&p.site)); }
            button type="submit" { "Filter" }
        }
    }
}

/// One quote: who (in their colour), direct or reported, the cue, the words (quotation
/// marks only around direct quotes), the article and its date.
pub(crate) fn quote_item(q: &QuoteRow) -> Markup {
    html! {
        li class=(format!("{} {}", colour(q.speaker_id), q.kind)) {
            @match q.speaker_id {
                Some(id) => { a class="speaker" href=(format!("/speakers/{id}")) { (q.speaker.as_deref().unwrap_or("?")) } }
                None => { span class="speaker" { (q.speaker.as_deref().unwrap_or("unattributed")) } }
            }
            " " span class="badge kind" { (q.kind) }
            @if let Some(c) = &q.cue { " " span class="cue muted" { "cue: " (c) } }
            @match q.kind {
                QuoteKind::Direct => { blockquote { "“" (q.text) "”" } }
                QuoteKind::Reported => { blockquote class="reported-text" { (q.text) } }
            }
            span class="date" { (q.published.as_deref().map(|p| p.get(..10).unwrap_or(p)).unwrap_or("undated")) }
            " " a href=(format!("/articles/{}#q{}", q.article_id, q.id)) { (q.title.as_deref().unwrap_or("(untitled)")) }
            @if let Some(site) = &q.site { " " span class="muted" { (site) } }
        }
    }
}

/// The line above a filtered list: how many, and how many undated ones the dates left out.
fn count_line(total: Total, undated: Total) -> Markup {
    html! {
        p class="muted count" {
            @if total.n == 0 { "No quotes match." } @else { (total.counted("quote", "quotes")) }
            @if undated.n > 0 { " " (undated.counted("undated quote", "undated quotes")) " left out by the dates." }
        }
    }
}

/// GET /quotes: every quote under the CLI's filters.
pub(crate) async fn quotes(
    State(state): State<AppState>,
    PageParams(p): PageParams<QuoteParams>,
) -> Response {
    let filter = match p.filter(None) {
        Ok(f) => f,
        Err(e) => return page_error(e),
    };
    let found = state
        .with_store(move |s| {
            Ok((
                s.quotes(&filter)?,
                s.count_quotes(&filter)?,
                s.undated_quotes(&filter)?,
            ))
        })
        .await;
    let (rows, total, undated) = match found {
        Ok((rows, total, undated)) => (rows, p.total(total), undated),
        Err(e) => return page_error(e),
    };
    let undated = Total::capped(usize::try_from(undated).unwrap_or(0), 0);
    let body = html! {
        h1 { "Quotes" }
        (filter_form("/quotes", &p, true))
        (count_line(total, undated))
        ol class="quotelist" { @for q in &rows { (quote_item(q)) } }
        (keyed_pager("/quotes", &p.keep(true), p.start(), PAGE, total, rows.last().map(|q| q.id)))
    };
    Html(layout("Quotes", body).into_string()).into_response()
}

/// GET /speakers/{id}: one speaker's quotes under the same filters, with a timeline whose
/// bars open their month.
pub(crate) async fn speaker(
    State(state): State<AppState>,
    Path(id): Path<String>,
    PageParams(p): PageParams<QuoteParams>,
) -> Response {
    let id = match crate::api::id_of(&id) {
        Ok(id) => id,
        Err(e) => return page_error(e),
    };
    let filter = match p.filter(Some(id)) {
        Ok(f) => f,
        Err(e) => return page_error(e),
    };
    let all = QuoteFilter {
        speaker_id: Some(id),
        ..Default::default()
    };
    let found = state
        .with_store(move |s| {
            Ok((
                s.entity(id)?,
                s.quotes(&filter)?,
                s.count_quotes(&filter)?,
                s.undated_quotes(&filter)?,
                s.quote_months(&all)?,
            ))
        })
        .await;
    let (entity, rows, total, undated, months) = match found {
        Ok((Some(e), rows, total, undated, months)) => {
            let undated = Total::capped(usize::try_from(undated).unwrap_or(0), 0);
            (e, rows, p.total(total), undated, months)
        }
        Ok((None, ..)) => return page_error(ApiError::NotFound),
        Err(e) => return page_error(e),
    };
    let path = format!("/speakers/{id}");
    let month_link = |m: &str| format!("{path}?since={m}&until={m}");
    let body = html! {
        h1 { span class=(format!("swatch {}", colour(Some(id)))) {} (entity.name) }
        p class="meta" { (entity.kind) @if !entity.aliases.is_empty() { " · also: " (entity.aliases.join(", ")) } }
        (timeline(&months, month_link))
        (filter_form(&path, &p, false))
        (count_line(total, undated))
        ol class="quotelist timeline-list" { @for q in &rows { (quote_item(q)) } }
        (keyed_pager(&path, &p.keep(false), p.start(), PAGE, total, rows.last().map(|q| q.id)))
    };
    Html(layout(&entity.name, body).into_string()).into_response()
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct SpeakerParams {
    name: Option<String>,
    sort: Option<SpeakerSort>,
    offset: Option<usize>,
}

/// GET /speakers: who is quoted, found by name and sorted.
pub(crate) async fn speakers(
    State(state): State<AppState>,
    PageParams(p): PageParams<SpeakerParams>,
) -> Response {
    let query = SpeakerQuery {
        name: filled(&p.name),
        sort: p.sort.unwrap_or_default(),
        limit: PAGE,
        offset: p.offset.unwrap_or(0),
    };
    let (sort, offset) = (query.sort, query.offset);
    let page = match state.with_store(move |s| s.speaker_list(&query)).await {
        Ok(page) => page,
        Err(e) => return page_error(e),
    };
    let total = Total::capped(page.total, offset);
    let sort_name = |s: SpeakerSort| match s {
        SpeakerSort::Quotes => "quotes",
        SpeakerSort::Articles => "articles",
        SpeakerSort::Name => "name",
    };
    let keep = [
        ("name", filled(&p.name).unwrap_or_default()),
        ("sort", sort_name(sort).to_string()),
    ];
    let body = html! {
        h1 { "Speakers" }
        form class="filters" action="/speakers" method="get" {
            label { "Name" input name="name" type="search" value=(filled(&p.name).unwrap_or_default()); }
            label { "Sort by" select name="sort" {
                @for s in [SpeakerSort::Quotes, SpeakerSort::Articles, SpeakerSort::Name] {
                    option value=(sort_name(s)) selected[s == sort] { (sort_name(s)) }
                }
            } }
            button type="submit" { "Show" }
        }
        p class="muted" { @if total.n == 0 { "No speaker matches." } @else { (total.counted("speaker", "speakers")) } }
        div class="scroll" { table class="list" {
            thead { tr { th { "speaker" } th { "quotes" } th { "articles" } } }
            tbody {
                @for s in &page.rows {
                    tr {
                        td {
                            span class=(format!("swatch {}", colour(Some(s.entity_id)))) {}
                            a href=(format!("/speakers/{}", s.entity_id)) { (s.name) }
                            @if !s.aliases.is_empty() { br; span class="muted" { "also " (s.aliases.join(", ")) } }
                        }
                        td { (s.quotes) } td { (s.articles) }
                    }
                }
            }
        }
        }
        (pager("/speakers", &keep, offset, PAGE, total))
    };
    Html(layout("Speakers", body).into_string()).into_response()
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ArticleParams {
    q: Option<String>,
    site: Option<String>,
    sort: Option<ArticleSort>,
    offset: Option<usize>,
}

/// GET /articles: the stored articles, found by words and site and sorted.
pub(crate) async fn articles(
    State(state): State<AppState>,
    PageParams(p): PageParams<ArticleParams>,
) -> Response {
    let query = ArticleQuery {
        text: filled(&p.q),
        site: filled(&p.site),
        sort: p.sort.unwrap_or_default(),
        limit: PAGE,
        offset: p.offset.unwrap_or(0),
    };
    let (sort, offset) = (query.sort, query.offset);
    let page = match state.with_store(move |s| s.article_page(&query)).await {
        Ok(page) => page,
        Err(e) => return page_error(e),
    };
    let total = Total::capped(page.total, offset);
    let sort_name = |s: ArticleSort| match s {
        ArticleSort::Newest => "newest",
        ArticleSort::Oldest => "oldest",
        ArticleSort::Quotes => "quotes",
    };
    let keep = [
        ("q", filled(&p.q).unwrap_or_default()),
        ("site", filled(&p.site).unwrap_or_default()),
        ("sort", sort_name(sort).to_string()),
    ];
    let body = html! {
        h1 { "Articles" }
        form class="filters" action="/articles" method="get" {
            label { "Words" input name="q" type="search" value=(filled(&p.q).unwrap_or_default()); }
            label { "Site" input name="site" value=(filled(&p.site).unwrap_or_default()); }
            label { "Sort by" select name="sort" {
                @for s in [ArticleSort::Newest, ArticleSort::Oldest, ArticleSort::Quotes] {
                    option value=(sort_name(s)) selected[s == sort] { (sort_name(s)) }
                }
            } }
            button type="submit" { "Show" }
        }
        p class="muted" { @if total.n == 0 { "No article matches." } @else { (total.counted("article", "articles")) } }
        div class="scroll" { table class="list" {
            thead { tr { th { "article" } th { "site" } th { "published" } th { "quotes" } } }
            tbody {
                @for a in &page.rows {
                    tr {
                        td { a href=(format!("/articles/{}", a.id)) { (a.title.as_deref().unwrap_or("(untitled)")) } }
                        td { (a.site.as_deref().unwrap_or("")) }
                        td { (a.published.as_deref().map(|d| d.get(..10).unwrap_or(d)).unwrap_or("undated")) }
                        td { (a.quotes) }
                    }
                }
            }
        }
        }
        (pager("/articles", &keep, offset, PAGE, total))
    };
    Html(layout("Articles", body).into_string()).into_response()
}
