//! The corpus-wide pages: one statement in many versions, and copied articles. Both read
//! what the last ingest stored (`Store::refresh_similar`), a page at a time.

use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup};
use serde::Deserialize;
use whosaid_analysis::similarity::Edit;
use whosaid_store::{SimilarState, VariantGroup};

use super::pager::{counted, pager};
use super::query::PageParams;
use super::{layout, page_error};
use crate::AppState;

/// Groups or pairs per page.
const PAGE: usize = 25;

#[derive(Debug, Deserialize)]
pub(crate) struct VariantParams {
    speaker: Option<String>,
    offset: Option<usize>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct CopyParams {
    offset: Option<usize>,
}

fn edits(edits: &[Edit]) -> Markup {
    html! {
        @for e in edits {
            @match e {
                Edit::Same { words } => { (words.join(" ")) " " }
                Edit::Added { words } => { ins { (words.join(" ")) } " " }
                Edit::Dropped { words } => { del { (words.join(" ")) } " " }
            }
        }
    }
}

/// A line saying the stored comparison is older than the store, when it is.
fn staleness(state: &SimilarState) -> Markup {
    html! {
        @if state.stale {
            p class="note" {
                @match state.computed_over {
                    Some(n) => { "Compared over " (counted(n as usize, "article", "articles")) "; the store now holds " (state.articles) ". " }
                    None => { "Not compared yet. " }
                }
                "The next " code { "whosaid ingest" } " (or " code { "whosaid variants" } ") brings this up to date."
            }
        }
    }
}

/// One statement's versions: each distinct wording once, with the articles that print it.
fn group(g: &VariantGroup) -> Markup {
    let mut wordings: Vec<(&str, Vec<&whosaid_store::Version>)> = Vec::new();
    for v in &g.versions {
        match wordings.iter_mut().find(|(t, _)| *t == v.text) {
            Some((_, vs)) => vs.push(v),
            None => wordings.push((v.text.as_str(), vec![v])),
        }
    }
    html! {
        section class="variant" {
            h2 {
                a href=(format!("/speakers/{}", g.speaker_id)) { (g.speaker) } " — "
                (counted(wordings.len(), "wording", "wordings")) " in "
                (counted(g.articles, "article", "articles")) ", " (counted(g.sites, "site", "sites"))
            }
            p { "Majority wording: " q { (g.reference) } }
            ol {
                @for (_, vs) in &wordings {
                    @let v = vs[0];
                    li class=(if v.departs { "departs" } else { "" }) {
                        p class="wording" { "“" (v.text) "”" }
                        @if v.edits.iter().any(|e| !matches!(e, Edit::Same { .. })) {
                            p class="diff muted" { "against the majority wording: " (edits(&v.edits)) }
                        }
                        @if v.departs { span class="badge warn" { "departs: " (v.changed_words.join(", ")) } " " }
                        @if let Some(other) = &v.other_speaker { span class="badge warn" { "attributed to " (other) } " " }
                        @if !v.attributed { span class="badge" { "no speaker named" } " " }
                        ul class="sources" {
                            @for v in vs {
                                li {
                                    span class="date" { (v.published.as_deref().map(|d| d.get(..10).unwrap_or(d)).unwrap_or("undated")) }
                                    " " a href=(format!("/articles/{}#q{}", v.article_id, v.quote_id)) { (v.site.as_deref().or(v.title.as_deref()).unwrap_or("article")) }
                                    @if v.quote_id == g.earliest { " " span class="badge" { "earliest" } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// GET /variants: one statement, many versions, with what each wording changes.
pub(crate) async fn variants(
    State(state): State<AppState>,
    PageParams(p): PageParams<VariantParams>,
) -> Response {
    let speaker = p.speaker.clone().filter(|s| !s.trim().is_empty());
    let offset = p.offset.unwrap_or(0);
    let who = speaker.clone();
    let found = state
        .with_store(move |s| {
            Ok((
                s.variant_page(who.as_deref(), 2, PAGE, offset)?,
                s.similar_state()?,
            ))
        })
        .await;
    let (groups, compared) = match found {
        Ok(found) => found,
        Err(e) => return page_error(e),
    };
    let keep = [("speaker", speaker.clone().unwrap_or_default())];
    let body = html! {
        h1 { "One statement, many versions" }
        form class="inline" action="/variants" method="get" {
            label for="speaker" { "Speaker " }
            input id="speaker" name="speaker" value=(speaker.as_deref().unwrap_or(""));
            button type="submit" { "Show" }
        }
        (staleness(&compared))
        p class="muted" {
            (counted(groups.total, "statement", "statements")) " quoted in two or more articles. Words a wording adds are "
            ins { "underlined" } ", words it leaves out " del { "struck" } "."
        }
        @for g in &groups.rows { (group(g)) }
        (pager("/variants", &keep, offset, PAGE, groups.total))
    };
    Html(layout("Versions of a quote", body).into_string()).into_response()
}

/// The date of a copy-pair article, or "undated".
fn day(published: Option<&str>) -> &str {
    published
        .map(|d| d.get(..10).unwrap_or(d))
        .unwrap_or("undated")
}

/// GET /copies: near-duplicate articles, most similar first.
pub(crate) async fn copies(
    State(state): State<AppState>,
    PageParams(p): PageParams<CopyParams>,
) -> Response {
    let offset = p.offset.unwrap_or(0);
    let found = state
        .with_store(move |s| {
            Ok((
                s.copy_page(whosaid_store::MIN_COPY_SIMILARITY, PAGE, offset)?,
                s.similar_state()?,
            ))
        })
        .await;
    let (pairs, compared) = match found {
        Ok(found) => found,
        Err(e) => return page_error(e),
    };
    let body = html! {
        h1 { "Copied and rewritten articles" }
        (staleness(&compared))
        p class="muted" {
            (counted(pairs.total, "pair", "pairs")) " with word-trigram similarity ≥ "
            (whosaid_store::MIN_COPY_SIMILARITY) " (see docs/accuracy.md for the measured threshold). "
            "When both are dated, the older is first; otherwise the one stored first."
        }
        div class="scroll" { table {
            thead { tr { th { "similarity" } th { "first" } th { "second" } } }
            tbody {
                @for p in &pairs.rows {
                    @let dated = p.older.published.is_some() && p.newer.published.is_some();
                    tr {
                        td { (format!("{:.2}", p.similarity)) }
                        td {
                            a href=(format!("/articles/{}", p.older.id)) { (p.older.title.as_deref().unwrap_or("(untitled)")) }
                            " " span class="muted" { (day(p.older.published.as_deref())) @if dated { " · older" } }
                        }
                        td {
                            a href=(format!("/articles/{}", p.newer.id)) { (p.newer.title.as_deref().unwrap_or("(untitled)")) }
                            " " span class="muted" { (day(p.newer.published.as_deref())) @if dated { " · newer" } }
                        }
                    }
                }
            }
        }
        }
        (pager("/copies", &[], offset, PAGE, pairs.total))
    };
    Html(layout("Copies", body).into_string()).into_response()
}
