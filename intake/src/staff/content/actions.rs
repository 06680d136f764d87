//! One-click changes of one value, the rest of the file kept byte for byte:
//! - `jobs/{slug}/reverify`: `verified_on` = today (staff phoned the employer);
//! - `jobs/{slug}/extend`: `valid_through` + 30 days (from today if already past);
//! - `jobs/{slug}/withdraw`: `draft = true`. The file stays: the job leaves every list, its
//!   page and jobs.json, but its history (and git's) is kept, it still counts in the ledgers
//!   that name its slug, and unticking 草稿 in the form publishes it again. Deleting the file
//!   would lose all of that for no gain.
//! - `events/{slug}/summary`: the event's `summary` after it took place, typed in (`summary`)
//!   or taken from the events ledger (`report_id`), written and published in one step.
//!
//! Each carries the file's hash from the page it was clicked on (a stale one is refused with
//! 409); the summary, posted from the ledger's page, is checked against the file as read.

use std::collections::BTreeMap;

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::target;
use crate::error::AppError;
use crate::publish::edit::set_value;
use crate::publish::fields::{self, ContentKind, toml_string};
use crate::publish::{self, Change, Expected, Refusal, diff, files};
use crate::staff::audit;
use crate::staff::session::StaffUser;
use crate::state::AppState;
use crate::store::publish as store;

pub async fn run(
    State(state): State<AppState>,
    user: StaffUser,
    Path((kind, slug, action)): Path<(String, String, String)>,
    Form(posted): Form<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    user.require_editor()?;
    let kind = ContentKind::parse(&kind).ok_or(AppError::NotFound)?;
    let rel = files::find(&state.root, kind, &slug).ok_or(AppError::NotFound)?;
    let bytes = std::fs::read(state.root.join(&rel)).map_err(|_| AppError::NotFound)?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let today = lingong_site::today::today_in_shanghai();
    let (table, key, value, what) = match (kind, action.as_str()) {
        (ContentKind::Jobs, "reverify") => (
            Some("extra"),
            "verified_on",
            today.to_string(),
            format!("重新核实，核实日期改为 {today}"),
        ),
        (ContentKind::Jobs, "extend") => {
            let current = fields::read(kind, &text);
            let from = lingong_site::toml_date::parse_date(current.get("valid_through"))
                .ok()
                .filter(|d| *d >= today)
                .unwrap_or(today);
            let until = lingong_site::today::add_days(from, 30);
            (
                Some("extra"),
                "valid_through",
                until.to_string(),
                format!("延期，截止日期改为 {until}"),
            )
        }
        (_, "withdraw") => (None, "draft", "true".to_string(), "撤下（改为草稿）".into()),
        (ContentKind::Events, "summary") => {
            let summary = summary_text(&state, &slug, &posted).await?;
            (
                Some("extra"),
                "summary",
                toml_string(&summary),
                "写入活动总结".to_string(),
            )
        }
        _ => return Err(AppError::NotFound),
    };
    // The ledger's summary button posts no hash: the file as read here is what is changed.
    let expected = match posted.get("hash").filter(|h| !h.is_empty()) {
        Some(hash) => hash.clone(),
        None if action == "summary" => files::hash(&bytes),
        None => {
            return Err(AppError::BadRequest(
                "缺少文件校验值 hash，请从内容列表页操作",
            ));
        }
    };
    let new_text = set_value(&text, table, key, &value)
        .map_err(|e| AppError::Conflict(format!("{rel} 无法修改：{}", e.0)))?;
    let change = Change {
        rel: rel.clone(),
        text: new_text.clone(),
        expected: Expected::Hash(expected),
    };
    match publish::save(&target(&state), &state.jobs, change).await {
        Ok(_) => {
            audit::record(&state, Some(user.id), "update", rel.clone(), what).await?;
            Ok(
                Redirect::to(&format!("/staff/content/{}/{slug}?saved=1", kind.dir()))
                    .into_response(),
            )
        }
        Err(refusal) => {
            let (status, text) = match refusal {
                Refusal::Stale { current } => {
                    let lines: Vec<String> = diff::lines(&current, &new_text)
                        .into_iter()
                        .map(|l| format!("{} {}", l.tag, l.text))
                        .collect();
                    (
                        StatusCode::CONFLICT,
                        format!(
                            "没有保存：您打开页面之后，别人已经修改了 {rel}。请刷新内容列表后再操作。差别：\n{}",
                            lines.join("\n")
                        ),
                    )
                }
                Refusal::Invalid(d) => (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    format!(
                        "没有保存：检查发现问题，网站保持原样。\n{}",
                        d.errors()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join("\n")
                    ),
                ),
                Refusal::Exists => (StatusCode::CONFLICT, format!("{rel} 已存在")),
                Refusal::Failed(m) => (StatusCode::SERVICE_UNAVAILABLE, format!("没有保存：{m}")),
            };
            let views = &state.staff.views;
            let mut ctx = views.context(Some(&user), "没有保存", "content");
            ctx.insert("text", &text);
            Ok((status, views.render("content_message.html", &ctx)?).into_response())
        }
    }
}

/// The summary to write: typed in, or the events ledger's (which must be about this event).
async fn summary_text(
    state: &AppState,
    slug: &str,
    posted: &BTreeMap<String, String>,
) -> Result<String, AppError> {
    if let Some(summary) = posted
        .get("summary")
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        return Ok(summary.replace("\r\n", "\n"));
    }
    let id: i64 = posted
        .get("report_id")
        .and_then(|r| r.trim().parse().ok())
        .ok_or(AppError::BadRequest(
            "请填写活动总结 summary，或给出台账记录 report_id",
        ))?;
    let report = state
        .reader
        .run(move |conn| Ok(store::event_report_summary(conn, id)?))
        .await?
        .ok_or(AppError::NotFound)?;
    if report.0.as_deref().is_some_and(|s| s != slug) {
        return Err(AppError::Conflict(format!(
            "台账记录 {id} 属于活动 {}，不是 {slug}",
            report.0.unwrap_or_default()
        )));
    }
    if report.1.trim().is_empty() {
        return Err(AppError::Conflict(format!(
            "台账记录 {id} 还没有填写活动总结"
        )));
    }
    Ok(report.1)
}
