//! Query-string extraction for the API: a malformed query string is a JSON 400 like every
//! other error ([`Params`]), never axum's plain text; and the bounds of `limit`/`offset`.

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::ApiError;

/// The query string as `T`; a malformed one is a JSON 400.
#[derive(Debug)]
pub(crate) struct Params<T>(pub(crate) T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(v)| Params(v))
            .map_err(|e| ApiError::BadRequest(e.body_text()))
    }
}

/// The largest `limit` or `offset` taken (the OpenAPI document says the same).
pub(crate) const MAX_NUMBER: usize = i32::MAX as usize;

/// Rows per page: `default` when absent, at most `most`; 0 or past [`MAX_NUMBER`] is a 400.
pub(crate) fn page_size(
    limit: Option<usize>,
    default: usize,
    most: usize,
) -> Result<usize, ApiError> {
    match limit {
        None => Ok(default),
        Some(0) => Err(ApiError::BadRequest("limit is at least 1".into())),
        Some(n) if n > MAX_NUMBER => Err(ApiError::BadRequest(format!(
            "limit is at most {MAX_NUMBER}"
        ))),
        Some(n) => Ok(n.min(most)),
    }
}

/// Rows to skip; past [`MAX_NUMBER`] is a 400.
pub(crate) fn skip(offset: Option<usize>) -> Result<usize, ApiError> {
    match offset {
        Some(n) if n > MAX_NUMBER => Err(ApiError::BadRequest(format!(
            "offset is at most {MAX_NUMBER}"
        ))),
        n => Ok(n.unwrap_or(0)),
    }
}
