//! "重新生成网站": rebuild from `content/` as it is, and the page showing the last result.
//! Without JavaScript the POST simply returns when the build is done, with its result.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::target;
use crate::error::AppError;
use crate::publish::{self, BuildSummary};
use crate::staff::session::StaffUser;
use crate::state::AppState;

pub async fn status(State(state): State<AppState>, user: StaffUser) -> Result<Response, AppError> {
    let last = publish::last_build().await;
    render(&state, &user, last.as_ref(), StatusCode::OK)
}

pub async fn run(State(state): State<AppState>, user: StaffUser) -> Result<Response, AppError> {
    user.require_editor()?;
    let summary = publish::rebuild(&target(&state), &state.jobs).await;
    let detail = if summary.ok {
        format!("{} 个页面，{} 毫秒", summary.pages, summary.millis)
    } else {
        format!("失败：{} 处错误，网站保持原样", summary.errors.len())
    };
    let user_id = user.id;
    state
        .writer
        .run(move |tx| {
            Ok(crate::store::publish::record(
                tx,
                user_id,
                "update",
                "public/",
                &format!("重新生成网站：{detail}"),
                jiff::Timestamp::now(),
            )?)
        })
        .await?;
    let status = if summary.ok {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render(&state, &user, Some(&summary), status)
}

fn render(
    state: &AppState,
    user: &StaffUser,
    last: Option<&BuildSummary>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let views = &state.staff.views;
    let mut ctx = views.context(Some(user), "重新生成网站", "content");
    ctx.insert("build", &last);
    Ok((status, views.render("content_rebuild.html", &ctx)?).into_response())
}
