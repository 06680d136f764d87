//! `/staff/queue/{id}`: a submission in full (phones and ID numbers masked until someone asks to
//! see them, and that is logged), its flags and history, the status form, anonymising on
//! request, and the matches of a seeker or an employer's need.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{CHANNELS, ClockRule, Line, local_time, matches};
use crate::error::AppError;
use crate::matching::JobProfile;
use crate::privacy;
use crate::staff::session::StaffUser;
use crate::state::AppState;
use crate::store::queue::{self, STATUSES};

/// Longest note kept with a status change or an anonymisation.
const NOTE_MAX: usize = 500;

#[derive(Deserialize)]
pub struct DetailQuery {
    #[serde(default)]
    reveal: String,
}

#[derive(Serialize)]
struct FieldLine {
    label: String,
    value: String,
}

/// A stored value as text: lists joined with 、, numbers as written.
fn display(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(true) => "是".into(),
        Value::Bool(false) => "否".into(),
        Value::Array(items) => items.iter().map(display).collect::<Vec<_>>().join("、"),
        other => other.to_string(),
    }
}

fn not_found(state: &AppState, user: &StaffUser) -> Response {
    state.staff.views.message(
        Some(user),
        StatusCode::NOT_FOUND,
        "没有这条提交",
        "没有找到这条提交，请回到待办队列。",
    )
}

pub async fn detail_page(
    State(state): State<AppState>,
    user: StaffUser,
    Path(id): Path<String>,
    Query(query): Query<DetailQuery>,
) -> Result<Response, AppError> {
    let (row, history, services) = {
        let id = id.clone();
        state
            .reader
            .run(move |conn| {
                let Some(row) = queue::get(conn, &id)? else {
                    return Ok((None, Vec::new(), Vec::new()));
                };
                Ok((
                    Some(row),
                    queue::history(conn, &id)?,
                    queue::services_of(conn, &id)?,
                ))
            })
            .await?
    };
    let Some(row) = row else {
        return Ok(not_found(&state, &user));
    };
    let revealed = query.reveal == "1" && row.anonymised_at.is_none();
    if revealed {
        // Logged before the page is sent: nobody sees the full data without a trace.
        let (id, user_id) = (row.id.clone(), user.id);
        state
            .writer
            .run(move |tx| queue::log_reveal(tx, &id, user_id, Timestamp::now()))
            .await?;
    }

    let form = state.form(&row.kind);
    let kind_label = form.map_or(row.kind.as_str(), |f| f.title);
    let mut fields = Vec::new();
    let mut shown = std::collections::HashSet::new();
    let mut push = |key: &str, label: &str, value: &Value| {
        let text = display(value);
        if text.is_empty() {
            return;
        }
        let value = if revealed {
            text
        } else {
            privacy::masked_value(key, &text)
        };
        fields.push(FieldLine {
            label: label.to_string(),
            value,
        });
    };
    if let Some(form) = form {
        for field in &form.fields {
            if let Some(value) = row.data.get(field.name) {
                shown.insert(field.name.to_string());
                push(field.name, field.label, value);
            }
        }
    }
    if let Some(object) = row.data.as_object() {
        for (key, value) in object.iter().filter(|(k, _)| !shown.contains(*k)) {
            push(key, key, value);
        }
    }
    let has_personal = row.data.as_object().is_some_and(|o| {
        o.keys()
            .any(|k| privacy::PHONE_FIELDS.contains(&k.as_str()))
    });

    let today = lingong_site::today::today_in_shanghai();
    let workdays = u32::try_from(state.staff.contract.minimums.response_workdays).unwrap_or(2);
    let rule = ClockRule {
        calendar: &state.staff.calendar,
        workdays,
        today,
    };
    let line = Line::new(&row, kind_label, &rule);
    let open = row.anonymised_at.is_none() && !row.is_spam_pile();

    let views = &state.staff.views;
    let mut ctx = views.context(
        Some(&user),
        &format!("{kind_label} · {}", line.who),
        "queue",
    );
    match row.kind.as_str() {
        "register" | "survey" if open => {
            ctx.insert("job_matches", &matches::jobs_for(&state, &row.data, today));
        }
        "apply" if open => {
            let slug = row.text("job");
            if let Some(job) = state.jobs.profile(slug) {
                ctx.insert("applied_job", &job);
            }
        }
        "employer" if open => {
            let need = JobProfile::from_employer_need(&row.data);
            ctx.insert("seeker_matches", &matches::seekers_for(&state, need).await?);
        }
        _ => {}
    }
    ctx.insert("line", &line);
    ctx.insert("fields", &fields);
    ctx.insert("flags", &row.flags);
    ctx.insert("history", &history);
    ctx.insert("services", &services);
    ctx.insert("statuses", STATUSES);
    ctx.insert("channels", CHANNELS);
    ctx.insert("revealed", &revealed);
    ctx.insert(
        "has_personal",
        &(has_personal && row.anonymised_at.is_none()),
    );
    ctx.insert(
        "first_response",
        &row.first_response_at.as_deref().map(local_time),
    );
    ctx.insert(
        "anonymised_at",
        &row.anonymised_at.as_deref().map(local_time),
    );
    ctx.insert(
        "client",
        &if revealed {
            format!(
                "{} · {}",
                row.client_addr.as_deref().unwrap_or("—"),
                row.user_agent.as_deref().unwrap_or("—")
            )
        } else {
            String::new()
        },
    );
    ctx.insert("open", &open);
    Ok(views.render("submission.html", &ctx)?.into_response())
}

#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    note: String,
}

/// A refusal a person should read, on the staff layout: 422 for what they typed.
fn unprocessable(state: &AppState, user: &StaffUser, text: &str) -> Response {
    state.staff.views.message(
        Some(user),
        StatusCode::UNPROCESSABLE_ENTITY,
        "无法保存",
        text,
    )
}

pub async fn change_status(
    State(state): State<AppState>,
    user: StaffUser,
    Path(id): Path<String>,
    Form(form): Form<StatusForm>,
) -> Result<Response, AppError> {
    user.require_editor()?;
    let status = form.status.trim().to_string();
    if !STATUSES.contains(&status.as_str()) {
        return Ok(unprocessable(
            &state,
            &user,
            &format!("没有“{status}”这个状态，只能选：{}", STATUSES.join("、")),
        ));
    }
    let note = form.note.trim().to_string();
    if note.chars().count() > NOTE_MAX {
        return Ok(unprocessable(
            &state,
            &user,
            &format!("备注最多 {NOTE_MAX} 个字"),
        ));
    }
    let user_id = user.id;
    let target = id.clone();
    state
        .writer
        .run(move |tx| queue::change_status(tx, &target, &status, &note, user_id, Timestamp::now()))
        .await?;
    Ok(Redirect::to(&format!("/staff/queue/{id}")).into_response())
}

#[derive(Deserialize)]
pub struct AnonymiseForm {
    #[serde(default)]
    reason: String,
}

pub async fn anonymise(
    State(state): State<AppState>,
    user: StaffUser,
    Path(id): Path<String>,
    Form(form): Form<AnonymiseForm>,
) -> Result<Response, AppError> {
    user.require_editor()?;
    let reason = form.reason.trim().to_string();
    if reason.is_empty() {
        return Ok(unprocessable(
            &state,
            &user,
            "请写明删除原因，例如“本人 11 月 25 日来电要求删除”",
        ));
    }
    if reason.chars().count() > NOTE_MAX {
        return Ok(unprocessable(
            &state,
            &user,
            &format!("原因最多 {NOTE_MAX} 个字"),
        ));
    }
    let user_id = user.id;
    let target = id.clone();
    state
        .writer
        .run(move |tx| queue::anonymise(tx, &target, &reason, Some(user_id), Timestamp::now()))
        .await?;
    // Readers may hold the log open for a moment; the next erasure or checkpoint finishes it.
    if let Err(e) = state.writer.erase_wal().await {
        tracing::warn!("after anonymising {id}: {e}");
    }
    Ok(Redirect::to(&format!("/staff/queue/{id}")).into_response())
}
