//! The search page: ranked quotes for what a person types, with the true number of
//! matches and pages of them; the query stays in the box.

use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use maud::html;
use serde::Deserialize;

use super::pager::Total;
use super::query::PageParams;
use super::{layout, page, page_error};
use crate::AppState;

#[derive(Debug, Deserialize)]
pub(crate) struct SearchParams {
    q: Option<String>,
    offset: Option<usize>,
}

/// Search results shown on one page.
const SEARCH_PAGE: usize = 50;

/// GET /search?q=
pub(crate) async fn search(
    State(state): State<AppState>,
    PageParams(p): PageParams<SearchParams>,
) -> Response {
    let q = p.q.unwrap_or_default();
    if q.trim().is_empty() {
        return Html(
            layout(
                "Search",
                html! { h1 { "Search" } p { "Type words or a \"phrase\" to search quotes." } },
            )
            .into_string(),
        )
        .into_response();
    }
    let query = q.clone();
    let offset = p.offset.unwrap_or(0);
    let found = state
        .with_store(move |s| s.search_page_counted(&query, SEARCH_PAGE, offset))
        .await;
    let (hits, total) = match found {
        Ok(found) => found,
        Err(e) => return page_error(e),
    };
    let total = Total::capped(usize::try_from(total).unwrap_or(0), offset);
    let next = (offset + hits.len() < total.n || total.more).then(|| offset + SEARCH_PAGE);
    let prev = (offset > 0).then(|| offset.saturating_sub(SEARCH_PAGE));
    let link = |o: usize| {
        let query = serde_urlencoded::to_string([("q", q.as_str()), ("offset", &o.to_string())]);
        format!("/search?{}", query.unwrap_or_default())
    };
    let body = html! {
        h1 { "Quotes matching “" (q) "”" }
        p class="muted" {
            @if total.n == 0 { "No quote matches." }
            @else { (total.counted("result", "results")) @if total.more || total.n > SEARCH_PAGE { ", " (offset + 1) "–" (offset + hits.len()) " shown" } }
        }
        ol class="results" {
            @for h in &hits {
                li {
                    @match h.quote.speaker_id {
                        Some(id) => { a class="speaker" href=(format!("/speakers/{id}")) { (h.quote.speaker.as_deref().unwrap_or("?")) } }
                        None => { span class="speaker" { (h.quote.speaker.as_deref().unwrap_or("unattributed")) } }
                    }
                    blockquote class="snippet" {
                        // the snippet marks matches with [ and ]; render them as <mark>, escaping the rest
                        @for (i, part) in h.snippet.split(['[', ']']).enumerate() {
                            @if i % 2 == 1 { mark { (part) } } @else { (part) }
                        }
                    }
                    a href=(format!("/articles/{}#q{}", h.quote.article_id, h.quote.id)) { (h.quote.title.as_deref().unwrap_or("(untitled)")) }
                    " " span class="muted" { (h.quote.published.as_deref().unwrap_or("")) }
                }
            }
        }
    };
    let body = html! {
        (body)
        nav class="pager" {
            @if let Some(o) = prev { a rel="prev" href=(link(o)) { "← previous" } " " }
            @if let Some(o) = next { a rel="next" href=(link(o)) { "next →" } }
        }
    };
    Html(page("Search", Some(&q), body).into_string()).into_response()
}
