//! Errors of a request, as responses. Internal details are logged, never sent to the client.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("too many requests")]
    TooMany,
    #[error("body too large")]
    TooLarge,
    #[error("unsupported content type")]
    UnsupportedType,
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// Signed in but not allowed (an auditor's write, a missing CSRF token).
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// A change refused for a reason the person should read (stale edit, missing record).
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("internal: {0}")]
    Internal(String),
}

impl AppError {
    fn status_and_message(&self) -> (StatusCode, &'static str) {
        match self {
            AppError::NotFound => (StatusCode::NOT_FOUND, "没有这个页面"),
            AppError::TooMany => (
                StatusCode::TOO_MANY_REQUESTS,
                "提交太频繁了，请过一分钟再试",
            ),
            AppError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "提交的内容太长了（最多 64 KB），请删减后再试",
            ),
            AppError::UnsupportedType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "只接受表单（application/x-www-form-urlencoded）或 JSON（application/json）",
            ),
            AppError::BadRequest(message) => (StatusCode::BAD_REQUEST, message),
            AppError::Forbidden(message) => (StatusCode::FORBIDDEN, message),
            AppError::Conflict(_) => (StatusCode::CONFLICT, "无法保存"),
            AppError::Internal(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "系统暂时无法保存，请稍后再试，或打电话告诉我们",
            ),
        }
    }

    pub fn status(&self) -> StatusCode {
        self.status_and_message().0
    }

    pub fn message(&self) -> &'static str {
        self.status_and_message().1
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(detail) = &self {
            tracing::error!("{detail}");
        }
        let (status, message) = self.status_and_message();
        if let AppError::Conflict(reason) = self {
            return (
                status,
                [("content-type", "text/plain; charset=utf-8")],
                reason,
            )
                .into_response();
        }
        (
            status,
            [("content-type", "text/plain; charset=utf-8")],
            message,
        )
            .into_response()
    }
}

impl From<crate::store::StoreError> for AppError {
    fn from(error: crate::store::StoreError) -> Self {
        match error {
            crate::store::StoreError::Refused(reason) => AppError::Conflict(reason),
            other => AppError::Internal(other.to_string()),
        }
    }
}
