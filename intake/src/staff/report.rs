//! The monthly report for the purchaser: a printable page, XLSX and CSV.

use axum::Router;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}
