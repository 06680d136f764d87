//! The audit log page: who signed in, saw full personal data, exported, changed or published.

use axum::Router;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use serde::Deserialize;

use super::session::StaffUser;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::sessions;

/// The actions written to the log, for the filter.
pub const ACTIONS: &[&str] = &[
    "login",
    "login_failed",
    "logout",
    "view_personal",
    "export",
    "status",
    "create",
    "update",
    "delete_personal",
    "upload",
    "publish",
];

/// Writes one line of the audit log, in its own transaction, for a handler that changes
/// nothing else (a view of personal data, an export, a save done outside the database).
/// A change that writes rows logs inside its own transaction instead, so the two commit as one.
pub async fn record(
    state: &AppState,
    user_id: Option<i64>,
    action: &'static str,
    target: impl Into<String>,
    detail: impl Into<String>,
) -> Result<(), AppError> {
    let (target, detail) = (target.into(), detail.into());
    debug_assert!(ACTIONS.contains(&action), "{action} is listed in ACTIONS");
    state
        .writer
        .run(move |tx| {
            Ok(sessions::audit(
                tx,
                user_id,
                action,
                &target,
                &detail,
                jiff::Timestamp::now(),
            )?)
        })
        .await?;
    Ok(())
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/staff/audit", get(audit_page))
}

#[derive(Deserialize)]
struct AuditQuery {
    action: Option<String>,
}

async fn audit_page(
    State(state): State<AppState>,
    user: StaffUser,
    Query(query): Query<AuditQuery>,
) -> Result<Html<String>, AppError> {
    let action = query.action.filter(|a| ACTIONS.contains(&a.as_str()));
    let entries = {
        let action = action.clone();
        state
            .reader
            .run(move |conn| Ok(sessions::audit_entries(conn, action.as_deref(), 500)?))
            .await?
    };
    let views = &state.staff.views;
    let mut ctx = views.context(Some(&user), "操作日志", "audit");
    ctx.insert("entries", &entries);
    ctx.insert("actions", ACTIONS);
    ctx.insert("action", &action.unwrap_or_default());
    views.render("audit.html", &ctx)
}
