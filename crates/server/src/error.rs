//! Errors as JSON with proper status codes.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// What went wrong while answering a request.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// No such thing.
    #[error("not found")]
    NotFound,
    /// No such thing, saying which (a list continued after a quote the store lacks).
    #[error("{0}")]
    Missing(String),
    /// The request is malformed.
    #[error("{0}")]
    BadRequest(String),
    /// The posted article could not be read.
    #[error("{0}")]
    Unprocessable(String),
    /// The analysis took too long.
    #[error("the analysis took longer than {0} s")]
    Timeout(u64),
    /// A store query ran past its deadline and was stopped.
    #[error(
        "the query took too long and was stopped; narrow it down (a speaker, dates, fewer words)"
    )]
    QueryTimeout,
    /// As many analyses as allowed are running.
    #[error("the server is busy with other analyses; try again in a moment")]
    Busy,
    /// A bug or an unavailable store.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<whosaid_store::StoreError> for ApiError {
    fn from(e: whosaid_store::StoreError) -> Self {
        if matches!(e, whosaid_store::StoreError::Interrupted) {
            ApiError::QueryTimeout
        } else if matches!(
            e,
            whosaid_store::StoreError::EmptyQuery(_)
                | whosaid_store::StoreError::QueryTooLong { .. }
        ) {
            ApiError::BadRequest(e.to_string())
        } else if matches!(
            e,
            whosaid_store::StoreError::NoSuchQuote(_) | whosaid_store::StoreError::NoSuchEvent(_)
        ) {
            ApiError::Missing(e.to_string())
        } else if e.is_bad_query() {
            ApiError::BadRequest("cannot read the query; quote phrases with \"…\"".into())
        } else {
            ApiError::Internal(e.to_string())
        }
    }
}

impl ApiError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::NotFound | ApiError::Missing(_) => StatusCode::NOT_FOUND,
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Timeout(_) | ApiError::QueryTimeout | ApiError::Busy => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status(),
            Json(serde_json::json!({"error": self.to_string(), "status": self.status().as_u16()})),
        )
            .into_response()
    }
}
