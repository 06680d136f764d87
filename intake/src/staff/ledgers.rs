//! The five ledgers (台账): services, placements, follow-ups, events, platform sign-ups.

use axum::Router;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}
