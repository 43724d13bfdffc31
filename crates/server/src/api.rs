//! The JSON API.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::Json;
use serde::Deserialize;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use whosaid_analysis::{Analysis, Budget};
use whosaid_html::{InputError, Kind, RawDocument};
use whosaid_store::{EventFilter, QuoteFilter};

use crate::params::{page_size, skip, Params};
use crate::{ApiError, AppState};

/// Pagination and filters of list endpoints.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListParams {
    q: Option<String>,
    speaker: Option<String>,
    speaker_id: Option<i64>,
    about: Option<String>,
    since: Option<String>,
    until: Option<String>,
    site: Option<String>,
    kind: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
    /// Keyset pagination of the quote list: the last quote's id.
    after: Option<i64>,
}

impl ListParams {
    /// The filters with empty values dropped: an empty field of a form means no filter.
    fn without_blanks(mut self) -> ListParams {
        for field in [
            &mut self.q,
            &mut self.speaker,
            &mut self.about,
            &mut self.since,
            &mut self.until,
            &mut self.site,
            &mut self.kind,
        ] {
            if field.as_deref().is_some_and(|v| v.trim().is_empty()) {
                *field = None;
            }
        }
        self
    }
}

fn limit(p: &ListParams) -> Result<usize, ApiError> {
    page_size(p.limit, 50, 500)
}

/// What a list request searches for.
enum Search {
    /// No search text: the whole list.
    All,
    /// Quotes or articles matching this text.
    Text(String),
    /// A text with no word to search for (only punctuation, only `-words`): it matches
    /// nothing, and the answer says why in a note (as the OpenAPI document says).
    NoWord(String),
}

/// The typed search text; over [`whosaid_store::MAX_QUERY_CHARS`] is a 400.
fn search_text(p: &ListParams) -> Result<Search, ApiError> {
    let Some(q) = p.q.as_deref().filter(|q| !q.trim().is_empty()) else {
        return Ok(Search::All);
    };
    let chars = q.chars().count();
    if chars > whosaid_store::MAX_QUERY_CHARS {
        let limit = whosaid_store::MAX_QUERY_CHARS;
        return Err(whosaid_store::StoreError::QueryTooLong { chars, limit }.into());
    }
    Ok(match whosaid_store::match_expression(q) {
        None => Search::NoWord(format!("the query {q:?} has no word to search for")),
        Some(_) => Search::Text(q.to_string()),
    })
}

fn check_day(d: &Option<String>) -> Result<(), ApiError> {
    match d {
        Some(d) => whosaid_store::parse_day(d)
            .map(|_| ())
            .map_err(ApiError::BadRequest),
        None => Ok(()),
    }
}

/// Analyses a posted body (HTML, plain text, or JSON `{html|text, published?}`) in a
/// blocking thread, within the time limit.
/// The JSON body of `POST /api/analyze`: a field that is present must be a string (a
/// `null` is refused as the OpenAPI document says, not read as absent).
#[derive(Debug, Deserialize)]
struct AnalyzeJson {
    #[serde(default, deserialize_with = "present_string")]
    html: Option<String>,
    #[serde(default, deserialize_with = "present_string")]
    text: Option<String>,
    #[serde(default, deserialize_with = "present_string")]
    published: Option<String>,
}

fn present_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    String::deserialize(d).map(Some)
}

pub(crate) async fn analyze_body(
    state: &AppState,
    content_type: &str,
    body: Bytes,
    mode: whosaid_analysis::Mode,
) -> Result<Analysis, ApiError> {
    let analyzer = state.config.analyzer(mode).map_err(ApiError::BadRequest)?;
    if body.is_empty() {
        return Err(ApiError::BadRequest("empty body".into()));
    }
    let timeout = state.config.analysis_timeout;
    let ct = content_type.to_ascii_lowercase();
    // the permit lives as long as the work, not the request: a timed-out analysis still
    // counts until it ends, so CPU use stays bounded
    let permit = state
        .analyses
        .clone()
        .try_acquire_owned()
        .map_err(|_| ApiError::Busy)?;
    let cancel = Arc::new(AtomicBool::new(false));
    let _cancel_on_drop = crate::RaiseOnDrop(cancel.clone());
    let budget = Budget::for_duration(timeout).with_cancel(cancel);
    let work = tokio::task::spawn_blocking(move || -> Result<Analysis, ApiError> {
        let _permit = permit;
        let doc = if ct.starts_with("application/json") {
            let v: AnalyzeJson = serde_json::from_slice(&body)
                .map_err(|e| ApiError::BadRequest(format!("invalid JSON: {e}")))?;
            let published = v.published;
            let (kind, text) = match (v.html.as_deref(), v.text.as_deref()) {
                (Some(_), Some(_)) => {
                    return Err(ApiError::BadRequest(
                        "JSON takes \"html\" or \"text\", not both".into(),
                    ))
                }
                (Some(h), None) => (Kind::Html, h),
                (None, Some(t)) => (Kind::Text, t),
                _ => {
                    return Err(ApiError::BadRequest(
                        "JSON needs \"html\" or \"text\"".into(),
                    ))
                }
            };
            RawDocument {
                bytes: text.as_bytes().to_vec(),
                kind,
                published,
                ..RawDocument::default()
            }
        } else {
            RawDocument {
                kind: if ct.contains("html") {
                    Kind::Html
                } else {
                    Kind::Auto
                },
                bytes: body.to_vec(),
                ..RawDocument::default()
            }
        };
        doc.analyze(&analyzer, &budget).map_err(|e| match e {
            InputError::OverBudget(_) => ApiError::Timeout(timeout.as_secs()),
            e => ApiError::Unprocessable(e.to_string()),
        })
    });
    // the work stops itself at its deadline; a grace second covers reading the body
    match tokio::time::timeout(timeout + Duration::from_secs(1), work).await {
        Ok(joined) => joined.map_err(|e| ApiError::Internal(e.to_string()))?,
        Err(_) => Err(ApiError::Timeout(timeout.as_secs())),
    }
}

/// The query of `POST /api/analyze`.
#[derive(Debug, Deserialize)]
pub(crate) struct AnalyzeParams {
    /// `fast` (the default) or `accurate`.
    #[serde(default)]
    model: Option<String>,
}

/// The analysis mode a request names (`fast` when it names none); an unknown one is a 400.
pub(crate) fn mode_of(model: Option<&str>) -> Result<whosaid_analysis::Mode, ApiError> {
    match model.filter(|m| !m.trim().is_empty()) {
        None => Ok(whosaid_analysis::Mode::Fast),
        Some(m) => m
            .parse()
            .map_err(|e: whosaid_analysis::types::UnknownLabel| {
                ApiError::BadRequest(e.to_string())
            }),
    }
}

/// POST /api/analyze
pub(crate) async fn analyze(
    State(state): State<AppState>,
    Params(p): Params<AnalyzeParams>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Analysis>, ApiError> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let mode = mode_of(p.model.as_deref())?;
    Ok(Json(analyze_body(&state, &ct, body, mode).await?))
}

/// GET /api/articles
pub(crate) async fn articles(
    State(state): State<AppState>,
    Params(p): Params<ListParams>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let (lim, off) = (limit(&p)?, skip(p.offset)?);
    let q = match search_text(&p)? {
        Search::All => None,
        Search::Text(q) => Some(q),
        Search::NoWord(note) => {
            return Ok(Json(
                serde_json::json!({"articles": [], "limit": lim, "offset": off, "note": note}),
            ))
        }
    };
    let rows = state
        .with_store(move |s| s.articles(q.as_deref(), lim, off))
        .await?;
    Ok(Json(
        serde_json::json!({"articles": rows, "limit": lim, "offset": off}),
    ))
}

/// An id from a path: anything but a number names nothing (404, not a parse error).
pub(crate) fn id_of(text: &str) -> Result<i64, ApiError> {
    text.parse().map_err(|_| ApiError::NotFound)
}

/// GET /api/articles/{id}
pub(crate) async fn article(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<whosaid_store::ArticleView>, ApiError> {
    let id = id_of(&id)?;
    state
        .with_store(move |s| s.article(id))
        .await?
        .map(Json)
        .ok_or(ApiError::NotFound)
}

/// GET /api/quotes
pub(crate) async fn quotes(
    State(state): State<AppState>,
    Params(p): Params<ListParams>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let p = p.without_blanks();
    check_day(&p.since)?;
    check_day(&p.until)?;
    let kind = p
        .kind
        .as_deref()
        .map(str::parse::<whosaid_analysis::QuoteKind>)
        .transpose()
        .map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let (lim, off) = (limit(&p)?, skip(p.offset)?);
    let text = match search_text(&p)? {
        Search::All => None,
        Search::Text(q) => Some(q),
        Search::NoWord(note) => {
            return Ok(Json(
                serde_json::json!({"quotes": [], "limit": lim, "offset": off, "next_after": null, "note": note}),
            ))
        }
    };
    let filter = QuoteFilter {
        speaker: p.speaker.clone(),
        about: p.about.clone(),
        since: p.since.clone(),
        until: p.until.clone(),
        site: p.site.clone(),
        kind,
        text,
        speaker_id: p.speaker_id,
        limit: lim,
        offset: off,
        after: p.after,
    };
    let rows = state.with_store(move |s| s.quotes(&filter)).await?;
    // a full page may have a next one: it starts after this page's last quote
    let next_after = rows.last().filter(|_| rows.len() == lim).map(|q| q.id);
    Ok(Json(
        serde_json::json!({"quotes": rows, "limit": lim, "offset": off, "next_after": next_after}),
    ))
}

/// Filters of the event list.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct EventParams {
    pub(crate) kind: Option<String>,
    pub(crate) actor: Option<String>,
    pub(crate) code: Option<String>,
    pub(crate) since: Option<String>,
    pub(crate) until: Option<String>,
    pub(crate) main: Option<bool>,
    pub(crate) article: Option<i64>,
    pub(crate) limit: Option<usize>,
    pub(crate) offset: Option<usize>,
    /// Keyset pagination of the event list: the last event's id.
    pub(crate) after: Option<i64>,
}

/// Checks the event filters and turns them into a store filter.
pub(crate) fn event_filter(p: &EventParams) -> Result<EventFilter, ApiError> {
    // an empty field of the page's form means no filter
    let nonempty = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
    check_day(&nonempty(&p.since))?;
    check_day(&nonempty(&p.until))?;
    let kind = nonempty(&p.kind)
        .map(|k| whosaid_analysis::events::parse_type(&k).map(str::to_string))
        .transpose()
        .map_err(ApiError::BadRequest)?;
    Ok(EventFilter {
        kind,
        actor: nonempty(&p.actor),
        code: nonempty(&p.code).map(|c| c.to_uppercase()),
        since: nonempty(&p.since),
        until: nonempty(&p.until),
        main_only: p.main.unwrap_or(false),
        article_id: p.article,
        limit: page_size(p.limit, 100, 500)?,
        offset: skip(p.offset)?,
        after: p.after,
    })
}

/// GET /api/events
pub(crate) async fn events(
    State(state): State<AppState>,
    Params(p): Params<EventParams>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let filter = event_filter(&p)?;
    let (lim, off) = (filter.limit, filter.offset);
    let (rows, total) = state
        .with_store(move |s| Ok((s.events(&filter)?, s.count_events(&filter)?)))
        .await?;
    // the store counts up to COUNT_CAP past the page: `total_capped` says there are more
    let capped = total > off.saturating_add(whosaid_store::COUNT_CAP);
    let total = total.min(off.saturating_add(whosaid_store::COUNT_CAP));
    // a full page may have a next one: it starts after this page's last event
    let next_after = rows.last().filter(|_| rows.len() == lim).map(|e| e.id);
    Ok(Json(serde_json::json!({
        "events": rows, "total": total, "total_capped": capped, "limit": lim, "offset": off,
        "next_after": next_after
    })))
}

/// GET /api/entities
pub(crate) async fn entities(
    State(state): State<AppState>,
    Params(p): Params<ListParams>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let (lim, off) = (limit(&p)?, skip(p.offset)?);
    let rows = state.with_store(move |s| s.entities(lim, off)).await?;
    Ok(Json(
        serde_json::json!({"entities": rows, "limit": lim, "offset": off}),
    ))
}

/// GET /api/entities/{id}: the entity with its quotes.
pub(crate) async fn entity(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let id = id_of(&id)?;
    let (entity, quotes) = state
        .with_store(move |s| {
            let e = s.entity(id)?;
            let q = s.quotes(&QuoteFilter {
                speaker_id: Some(id),
                limit: 500,
                ..Default::default()
            })?;
            Ok((e, q))
        })
        .await?;
    let entity = entity.ok_or(ApiError::NotFound)?;
    Ok(Json(
        serde_json::json!({"entity": entity, "quotes": quotes}),
    ))
}

/// Anything else.
pub(crate) async fn not_found() -> ApiError {
    ApiError::NotFound
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct CheckParams {
    speaker: Option<String>,
    threshold: Option<f64>,
    limit: Option<usize>,
    offset: Option<usize>,
}

/// GET /api/variants: versions of one statement across articles, as the last ingest
/// stored them, a page at a time.
pub(crate) async fn variants(
    State(state): State<AppState>,
    Params(p): Params<CheckParams>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let (lim, off) = (page_size(p.limit, 50, 500)?, skip(p.offset)?);
    let speaker = p.speaker.filter(|s| !s.trim().is_empty());
    let (page, compared) = state
        .with_store(move |s| {
            Ok((
                s.variant_page(speaker.as_deref(), 2, lim, off)?,
                s.similar_state()?,
            ))
        })
        .await?;
    Ok(Json(serde_json::json!({
        "groups": page.rows, "total": page.total, "limit": lim, "offset": off, "compared": compared
    })))
}

/// GET /api/copies: near-duplicate article pairs, as the last ingest stored them.
pub(crate) async fn copies(
    State(state): State<AppState>,
    Params(p): Params<CheckParams>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let threshold = p.threshold.unwrap_or(whosaid_store::MIN_COPY_SIMILARITY);
    if !(whosaid_store::MIN_COPY_SIMILARITY..=1.0).contains(&threshold) {
        return Err(ApiError::BadRequest(format!(
            "threshold is between {} and 1",
            whosaid_store::MIN_COPY_SIMILARITY
        )));
    }
    let (lim, off) = (page_size(p.limit, 100, 1000)?, skip(p.offset)?);
    let (page, compared) = state
        .with_store(move |s| Ok((s.copy_page(threshold, lim, off)?, s.similar_state()?)))
        .await?;
    Ok(Json(serde_json::json!({
        "pairs": page.rows, "total": page.total, "threshold": threshold, "limit": lim,
        "offset": off, "compared": compared
    })))
}

/// GET /api/flags: stated roles the office-holder record contradicts.
pub(crate) async fn flags(
    State(state): State<AppState>,
    Params(p): Params<CheckParams>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let lim = page_size(p.limit, 100, 1000)?;
    let rows = state.with_store(move |s| s.role_flags(lim)).await?;
    Ok(Json(serde_json::json!({"flags": rows})))
}
