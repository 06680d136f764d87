//! The router: form endpoints under `/intake/`, form pages rendered with a fresh time token,
//! the elders' mode switch, and the built site served as files on the same origin.

mod health;
mod openapi;
mod pages;
pub mod settings;
mod submit;

use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::timeout::TimeoutLayer;

use crate::state::AppState;

/// Largest request body accepted: a long form is a few kilobytes.
pub const BODY_LIMIT: usize = 64 * 1024;

pub fn app(state: AppState) -> Router {
    let timeout = Duration::from_secs(state.abuse.request_timeout_seconds);
    let files = ServeDir::new(&state.public_dir)
        .append_index_html_on_directories(true)
        .not_found_service(ServeFile::new(state.public_dir.join("404.html")));
    Router::new()
        .route("/settings/elder", get(settings::elder))
        .route("/intake/health", get(health::health))
        .route("/intake/openapi.json", get(openapi::openapi))
        .route("/intake/{form}", post(submit::submit))
        .route("/forms/{form}/", get(pages::form_page))
        .route("/jobs/{slug}/", get(pages::job_page))
        .merge(crate::staff::routes(state.clone()))
        .fallback_service(files)
        .layer(axum::middleware::from_fn(settings::mark_elder))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .with_state(state)
}
