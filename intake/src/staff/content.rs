//! The site's content, edited in the browser: publish, edit, withdraw, rebuild.
//!
//! Everything lands as files in `content/` (the tree stays the source of truth and works with
//! git); `crate::publish` validates, writes and rebuilds. Pages here: the list of jobs, events
//! and policies (`list`), a form per kind with preview (`form`), one-click changes of one value
//! (`actions`: re-verify, extend, withdraw, an event's summary) and the rebuild button
//! (`rebuild`).

mod actions;
mod form;
mod list;
mod rebuild;

use axum::Router;
use axum::routing::{get, post};

use crate::publish::Target;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/content/", get(list::page))
        .route(
            "/staff/content",
            get(|| async { axum::response::Redirect::permanent("/staff/content/") }),
        )
        .route(
            "/staff/content/rebuild",
            get(rebuild::status).post(rebuild::run),
        )
        .route(
            "/staff/content/{kind}/new",
            get(form::new_page).post(form::create),
        )
        .route("/staff/content/{kind}/preview", post(form::preview))
        .route(
            "/staff/content/{kind}/{slug}",
            get(form::edit_page).post(form::update),
        )
        .route("/staff/content/{kind}/{slug}/{action}", post(actions::run))
}

/// Where this service's site is published, with today's date in Shanghai.
fn target(state: &AppState) -> Target {
    Target {
        root: state.root.clone(),
        public_dir: state.public_dir.clone(),
        today: lingong_site::today::today_in_shanghai(),
    }
}
