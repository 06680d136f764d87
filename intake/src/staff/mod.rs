//! The staff area under `/staff/`: sign-in, the queue of submissions, the ledgers (台账),
//! the contract dashboard, the monthly report and the site's content. Every route but the
//! login page and the stylesheet sits behind `guard::guard` (session, auditor read-only, CSRF).
//!
//! One module per part, each with its own `routes()`; this file only puts them together.

pub mod audit;
pub mod content;
pub mod dashboard;
pub mod evidence;
pub mod guard;
pub mod ledgers;
pub mod login;
pub mod queue;
pub mod report;
pub mod session;
pub mod view;

use axum::Router;
use axum::http::header;
use axum::middleware;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{any, get, post};

use crate::config::StaffConfig;
use crate::contract::Contract;
use crate::state::AppState;
use crate::workdays::WorkCalendar;

/// What the staff pages share, built once at start-up.
pub struct StaffState {
    pub config: StaffConfig,
    pub contract: Contract,
    pub calendar: WorkCalendar,
    pub views: view::StaffViews,
    pub login_limiter: login::LoginLimiter,
}

pub fn routes(state: AppState) -> Router<AppState> {
    let guarded = Router::new()
        .route("/staff/", get(|| async { Redirect::to("/staff/queue") }))
        .route("/staff/logout", post(login::logout))
        .merge(audit::routes())
        .merge(queue::routes())
        .merge(ledgers::routes())
        .merge(dashboard::routes())
        .merge(report::routes())
        .merge(content::routes())
        // Unknown staff paths go through the guard too: nobody learns what exists without
        // signing in, and the auditor's POST anywhere gets the same refusal.
        .route("/staff/{*rest}", any(not_found))
        // `layer`, not `route_layer`: a wrong method (405) is answered behind the guard as well.
        .layer(middleware::from_fn_with_state(state, guard::guard));
    Router::new()
        .route("/staff/login", get(login::login_page).post(login::login))
        .route("/staff", get(|| async { Redirect::permanent("/staff/") }))
        .route("/staff/static/staff.css", get(stylesheet))
        .merge(guarded)
}

async fn not_found(
    axum::extract::State(state): axum::extract::State<AppState>,
    user: session::StaffUser,
) -> axum::response::Response {
    state.staff.views.message(
        Some(&user),
        axum::http::StatusCode::NOT_FOUND,
        "没有这个页面",
        "工作台里没有这个页面，请从上面的菜单进入。",
    )
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        view::STYLESHEET,
    )
}
