//! The site's content, edited in the browser: publish, edit, withdraw, rebuild.

use axum::Router;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}
