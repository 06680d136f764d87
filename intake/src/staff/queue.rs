//! The queue of submissions: status, who handled it, the 2-working-day clock; matching.

use axum::Router;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}
