//! whosaid-server: `whosaid serve`. A JSON API and server-rendered pages over a whosaid
//! store, with assets embedded in the binary (nothing is fetched from elsewhere).
//!
//! Article text is untrusted: every page escapes it (maud), a Content-Security-Policy
//! forbids inline scripts and styles, request bodies are size-limited and the analysis of a
//! posted article is time-limited. Queries use SQL parameters only (in the store).

mod api;
mod error;
mod pages;
mod params;
mod render;
mod stores;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, State};
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
    /// Longest time a client may take to send a request's headers (slow-header clients
    /// would otherwise hold connections for ever).
    pub header_timeout: Duration,
    /// Longest time a store query may run for a page or an API answer.
    pub query_timeout: Duration,
    /// Analyses run at once; a request beyond them is answered 503 at once (an analysis
    /// that timed out holds its place until its work really ends).
    pub max_analyses: usize,
    /// The accurate mode's analyzer, when the server was started with it (`serve --model
    /// accurate`); the fast one is always there.
    pub accurate: Option<whosaid_analysis::Analyzer>,
}

impl Config {
    /// Defaults: 8 MiB bodies, 20 s analyses, 2 at once, 10 s queries, 10 s to send headers.
    pub fn new(db: PathBuf) -> Config {
        Config {
            db,
            max_body: 8 * 1024 * 1024,
            analysis_timeout: Duration::from_secs(20),
            query_timeout: Duration::from_secs(10),
            header_timeout: Duration::from_secs(10),
            max_analyses: 2,
            accurate: None,
        }
    }

    /// The analyzer of `mode`, or why there is none.
    pub fn analyzer(
        &self,
        mode: whosaid_analysis::Mode,
    ) -> Result<whosaid_analysis::Analyzer, String> {
        match mode {
            whosaid_analysis::Mode::Fast => Ok(whosaid_analysis::Analyzer::new()),
            whosaid_analysis::Mode::Accurate => self.accurate.ok_or_else(|| {
                "this server runs the fast mode only (start it with `serve --model accurate`)"
                    .to_string()
            }),
        }
    }
}

/// Shared state of the handlers.
#[derive(Debug, Clone)]
pub(crate) struct AppState {
    pub(crate) config: Arc<Config>,
    /// One permit per analysis allowed to run.
    pub(crate) analyses: Arc<tokio::sync::Semaphore>,
    /// The store's connections.
    pub(crate) stores: Arc<stores::Stores>,
}

impl AppState {
    /// Runs a store query on a blocking thread, on a kept or new connection (WAL: readers
    /// never wait for the writer), once one of [`stores::AT_ONCE`] turns is free.
    pub(crate) async fn with_store<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&whosaid_store::Store) -> Result<T, whosaid_store::StoreError> + Send + 'static,
    {
        let stores = self.stores.clone();
        // the query stops at its deadline, or as soon as the request is dropped (a client
        // that went away)
        let deadline = std::time::Instant::now() + self.config.query_timeout;
        let gone = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let _raise_when_dropped = RaiseOnDrop(gone.clone());
        let _turn = self
            .stores
            .turns
            .acquire()
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        tokio::task::spawn_blocking(move || {
            let store = stores.take().map_err(ApiError::from)?;
            store.interrupt_when(move || {
                gone.load(std::sync::atomic::Ordering::Relaxed)
                    || std::time::Instant::now() >= deadline
            });
            let answer = f(&store).map_err(ApiError::from)?;
            stores.give_back(store);
            Ok(answer)
        })
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
    }
}

/// Raises its flag when dropped: work started for a request stops when the request ends
/// early (its client went away, or it timed out).
pub(crate) struct RaiseOnDrop(pub(crate) Arc<std::sync::atomic::AtomicBool>);

impl Drop for RaiseOnDrop {
    fn drop(&mut self) {
        self.0.store(true, std::sync::atomic::Ordering::Relaxed);
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

/// The OpenAPI document as it is written: the analysis modes of a server with the accurate
/// mode loaded.
const OPENAPI: &str = include_str!("../assets/openapi.json");

/// The OpenAPI document of a server without the accurate mode: `model` takes `fast` only,
/// so that what the document says is valid is what this server accepts.
fn openapi_fast_only() -> &'static str {
    static DOC: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DOC.get_or_init(|| {
        let Ok(mut doc) = serde_json::from_str::<serde_json::Value>(OPENAPI) else {
            return OPENAPI.to_string();
        };
        if let Some(params) = doc
            .pointer_mut("/paths/~1api~1analyze/post/parameters")
            .and_then(|p| p.as_array_mut())
        {
            for p in params.iter_mut().filter(|p| p["name"] == "model") {
                p["schema"]["enum"] = serde_json::json!(["fast"]);
            }
        }
        doc.to_string()
    })
}

async fn openapi(State(state): State<AppState>) -> impl IntoResponse {
    let doc = if state.config.accurate.is_some() {
        OPENAPI
    } else {
        openapi_fast_only()
    };
    ([(header::CONTENT_TYPE, "application/json")], doc)
}

/// The routes of the API and the pages.
pub fn router(config: Config) -> Router {
    let max_body = config.max_body;
    let state = AppState {
        analyses: Arc::new(tokio::sync::Semaphore::new(config.max_analyses.max(1))),
        stores: Arc::new(stores::Stores::new(config.db.clone())),
        config: Arc::new(config),
    };
    Router::new()
        .route("/", get(pages::home))
        .route("/articles", get(pages::articles))
        .route("/articles/{id}", get(pages::article))
        .route("/quotes", get(pages::quotes))
        .route("/speakers", get(pages::speakers))
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
        whosaid_store::describe(&config.db),
        listener.local_addr()?
    );
    serve_on(listener, config, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
}

/// Serves connections from `listener` until `stop` completes, then gives open requests
/// 10 s to finish. Connections are served by hyper with a deadline for reading a request's
/// headers ([`Config::header_timeout`]), so slow-header clients cannot hold them.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    config: Config,
    stop: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use hyper_util::server::conn::auto::Builder;
    use tower::ServiceExt;

    let header_timeout = config.header_timeout;
    let app = router(config);
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    builder.http2().timer(TokioTimer::new());
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut stop = std::pin::pin!(stop);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(e) => {
                        // out of descriptors and the like: wait instead of spinning
                        eprintln!("whosaid: accepting a connection: {e}");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    }
                };
                let service = app
                    .clone()
                    .map_request(|req: axum::http::Request<hyper::body::Incoming>| {
                        req.map(axum::body::Body::new)
                    });
                let service = hyper_util::service::TowerToHyperService::new(service);
                let conn = builder
                    .serve_connection(TokioIo::new(stream), service)
                    .into_owned();
                let conn = graceful.watch(conn);
                tokio::spawn(async move {
                    // a client's broken connection is its own affair
                    let _ = conn.await;
                });
            }
            _ = &mut stop => break,
        }
    }
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(Duration::from_secs(10)) => {}
    }
    Ok(())
}

#[cfg(test)]
mod openapi_tests {
    #[test]
    fn a_fast_only_server_documents_the_fast_mode_only() {
        let doc: serde_json::Value =
            serde_json::from_str(super::openapi_fast_only()).expect("JSON");
        let params = &doc["paths"]["/api/analyze"]["post"]["parameters"];
        assert_eq!(params[0]["name"], "model");
        assert_eq!(params[0]["schema"]["enum"], serde_json::json!(["fast"]));
        let full: serde_json::Value = serde_json::from_str(super::OPENAPI).expect("JSON");
        assert_eq!(
            full["paths"]["/api/analyze"]["post"]["parameters"][0]["schema"]["enum"],
            serde_json::json!(["fast", "accurate"])
        );
    }
}
