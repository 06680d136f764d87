//! The contract dashboard: each minimum against its target and the pace expected by today.

use axum::Router;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}
