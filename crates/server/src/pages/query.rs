//! The pages' query-string extractor: a malformed query string is an HTML error page.

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use axum::response::Response;
use serde::de::DeserializeOwned;

use crate::ApiError;

/// The query string as `T`; a malformed one is an HTML error page.
#[derive(Debug)]
pub(crate) struct PageParams<T>(pub(crate) T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for PageParams<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(v)| PageParams(v))
            .map_err(|e| super::page_error(ApiError::BadRequest(e.body_text())))
    }
}
