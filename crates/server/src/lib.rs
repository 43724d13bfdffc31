//! whosaid-server: `whosaid serve`. A JSON API and server-rendered pages over a whosaid
//! store, with assets embedded in the binary (nothing is fetched from elsewhere).
//!
//! Article text is untrusted: every page escapes it (maud), a Content-Security-Policy
//! forbids inline scripts and styles, request bodies are size-limited and the analysis of a
//! posted article is time-limited. Queries use SQL parameters only (in the store).

mod api;
mod error;
mod pages;
mod render;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

pub use error::ApiError;

/// Server settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// The store file.
    pub db: PathBuf,
    /// Largest request body accepted, in bytes.
    pub max_body: usize,
    /// Longest time an analysis may take.
    pub analysis_timeout: Duration,
    /// Analyses run at once; a request beyond them is answered 503 at once (an analysis
    /// that timed out holds its place until its work really ends).
    pub max_analyses: usize,
}

impl Config {
    /// Defaults: 8 MiB bodies, 20 s analyses, 2 at once.
    pub fn new(db: PathBuf) -> Config {
        Config {
            db,
            max_body: 8 * 1024 * 1024,
            analysis_timeout: Duration::from_secs(20),
            max_analyses: 2,
        }
    }
}

/// Shared state of the handlers.
#[derive(Debug, Clone)]
pub(crate) struct AppState {
    pub(crate) config: Arc<Config>,
    /// One permit per analysis allowed to run.
    pub(crate) analyses: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    /// Runs a store query on a blocking thread with a fresh connection (WAL: readers never
    /// wait for the writer).
    pub(crate) async fn with_store<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&whosaid_store::Store) -> Result<T, whosaid_store::StoreError> + Send + 'static,
    {
        let db = self.config.db.clone();
        tokio::task::spawn_blocking(move || {
            let store = whosaid_store::Store::open(&db).map_err(ApiError::from)?;
            f(&store).map_err(ApiError::from)
        })
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
    }
}

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

async fn security_headers(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    res
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        include_str!("../assets/style.css"),
    )
}

async fn openapi() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        include_str!("../assets/openapi.json"),
    )
}

/// The routes of the API and the pages.
pub fn router(config: Config) -> Router {
    let max_body = config.max_body;
    let state = AppState {
        analyses: Arc::new(tokio::sync::Semaphore::new(config.max_analyses.max(1))),
        config: Arc::new(config),
    };
    Router::new()
        .route("/", get(pages::home))
        .route("/articles/{id}", get(pages::article))
        .route("/speakers/{id}", get(pages::speaker))
        .route("/search", get(pages::search))
        .route(
            "/analyze",
            get(pages::analyze_form).post(pages::analyze_submit),
        )
        .route("/variants", get(pages::variants))
        .route("/copies", get(pages::copies))
        .route("/flags", get(pages::flags))
        .route("/events", get(pages::events))
        .route("/api/events", get(api::events))
        .route("/api/variants", get(api::variants))
        .route("/api/copies", get(api::copies))
        .route("/api/flags", get(api::flags))
        .route("/static/style.css", get(stylesheet))
        .route("/api/openapi.json", get(openapi))
        .route("/api/analyze", post(api::analyze))
        .route("/api/articles", get(api::articles))
        .route("/api/articles/{id}", get(api::article))
        .route("/api/quotes", get(api::quotes))
        .route("/api/entities", get(api::entities))
        .route("/api/entities/{id}", get(api::entity))
        .fallback(api::not_found)
        .layer(axum::middleware::from_fn(security_headers))
        .layer(DefaultBodyLimit::max(max_body))
        .with_state(state)
}

/// Serves until Ctrl-C. `addr` is where to listen (loopback by default in the CLI).
pub async fn serve(addr: SocketAddr, config: Config) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    eprintln!(
        "whosaid: serving {} on http://{}",
        config.db.display(),
        listener.local_addr()?
    );
    axum::serve(listener, router(config))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
