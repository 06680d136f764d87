//! Matching in the staff area: open jobs ranked for a seeker, seekers ranked for an employer's
//! need or a published job (`/staff/jobs/{slug}/matches`), and the 推荐 button that records a
//! 岗位推荐 in the services ledger.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::CHANNELS;
use crate::error::AppError;
use crate::matching::{self, JobProfile, SeekerProfile};
use crate::privacy;
use crate::staff::session::StaffUser;
use crate::state::AppState;
use crate::store::queue::{self, Recommendation};

/// How many matches a page shows.
const SHOWN: usize = 20;
/// How many open seekers are weighed for a job (the newest).
const WEIGHED: i64 = 5000;

#[derive(Serialize)]
pub struct JobMatch {
    slug: String,
    title: String,
    employer: String,
    category: String,
    township: String,
    pay: String,
    score: i32,
    reasons: String,
}

#[derive(Serialize)]
pub struct SeekerMatch {
    id: String,
    kind: String,
    name: String,
    phone: String,
    township: String,
    wants: String,
    status: String,
    score: i32,
    reasons: String,
}

fn pay_label(job: &JobProfile) -> String {
    match (job.pay_min, job.pay_max) {
        (Some(min), Some(max)) if max.amount > min.amount => format!(
            "{}—{} {}",
            lingong_site::content::job::amount(min.amount),
            lingong_site::content::job::amount(max.amount),
            min.unit.label()
        ),
        (Some(min), _) => format!(
            "{} {}",
            lingong_site::content::job::amount(min.amount),
            min.unit.label()
        ),
        _ => String::new(),
    }
}

/// Open published jobs for a seeker's registration or survey, best first.
pub fn jobs_for(state: &AppState, data: &Value, today: Date) -> Vec<JobMatch> {
    let seeker = SeekerProfile::from_submission(data);
    let profiles = state.jobs.profiles();
    matching::rank_jobs(&seeker, profiles.iter(), today, SHOWN)
        .into_iter()
        .map(|(job, fit)| JobMatch {
            slug: job.slug.clone(),
            title: job.title.clone(),
            employer: job.employer.clone(),
            category: job.category.clone(),
            township: job.township.clone(),
            pay: pay_label(job),
            score: fit.score,
            reasons: fit.reasons.join("；"),
        })
        .collect()
}

/// Open seekers for a job or an employer's need, best first; phones masked.
pub async fn seekers_for(state: &AppState, job: JobProfile) -> Result<Vec<SeekerMatch>, AppError> {
    let rows = state
        .reader
        .run(|conn| queue::open_seekers(conn, WEIGHED))
        .await?;
    let profiles = rows
        .iter()
        .map(|row| (row, SeekerProfile::from_submission(&row.data)));
    Ok(matching::rank_seekers(&job, profiles, SHOWN)
        .into_iter()
        .map(|(row, fit)| {
            let wants = match row.data.get("categories") {
                Some(Value::Array(items)) => items
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join("、"),
                _ => row.text("intention").to_string(),
            };
            SeekerMatch {
                id: row.id.clone(),
                kind: if row.kind == "survey" {
                    "走访调查"
                } else {
                    "求职登记"
                }
                .into(),
                name: row.text("name").to_string(),
                phone: privacy::mask_phone(row.text("mobile")),
                township: row.text("township").to_string(),
                wants,
                status: row.status.clone(),
                score: fit.score,
                reasons: fit.reasons.join("；"),
            }
        })
        .collect())
}

pub async fn job_matches(
    State(state): State<AppState>,
    user: StaffUser,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let Some(job) = state.jobs.profile(&slug) else {
        return Ok(state.staff.views.message(
            Some(&user),
            StatusCode::NOT_FOUND,
            "没有这个岗位",
            "网站上没有这个岗位，可能还没发布或已删除。",
        ));
    };
    let today = lingong_site::today::today_in_shanghai();
    let seekers = seekers_for(&state, job.clone()).await?;
    let views = &state.staff.views;
    let mut ctx = views.context(Some(&user), &format!("为“{}”找人", job.title), "queue");
    ctx.insert("job", &job);
    ctx.insert("pay", &pay_label(&job));
    ctx.insert("open", &job.is_open(today));
    ctx.insert("seekers", &seekers);
    ctx.insert("channels", CHANNELS);
    Ok(views.render("person_matches.html", &ctx)?.into_response())
}

#[derive(Deserialize)]
pub struct RecommendForm {
    /// A published job's slug…
    #[serde(default)]
    job: String,
    /// …or an employer's need (the `employer` submission's id).
    #[serde(default)]
    need: String,
    #[serde(default)]
    channel: String,
    /// Where to go after: a staff page.
    #[serde(default)]
    back: String,
}

pub async fn recommend(
    State(state): State<AppState>,
    user: StaffUser,
    Path(id): Path<String>,
    Form(form): Form<RecommendForm>,
) -> Result<Response, AppError> {
    user.require_editor()?;
    let refuse = |text: &str| {
        state.staff.views.message(
            Some(&user),
            StatusCode::UNPROCESSABLE_ENTITY,
            "无法推荐",
            text,
        )
    };
    let channel = if form.channel.trim().is_empty() {
        CHANNELS[0].to_string()
    } else {
        form.channel.trim().to_string()
    };
    if !CHANNELS.contains(&channel.as_str()) {
        return Ok(refuse(&format!("推荐方式只能是：{}", CHANNELS.join("、"))));
    }
    let today = lingong_site::today::today_in_shanghai();
    let (job_slug, job_label) = if !form.job.trim().is_empty() {
        let Some(job) = state.jobs.profile(form.job.trim()) else {
            return Ok(refuse("网站上没有这个岗位，请从匹配列表里选"));
        };
        if !job.is_open(today) {
            return Ok(refuse("这个岗位已经截止招聘，不能再推荐"));
        }
        (
            Some(job.slug.clone()),
            format!("{}（{}）", job.title, job.employer),
        )
    } else if !form.need.trim().is_empty() {
        let need_id = form.need.trim().to_string();
        let need = state
            .reader
            .run(move |conn| queue::get(conn, &need_id))
            .await?
            .filter(|row| row.kind == "employer" && row.anonymised_at.is_none());
        let Some(need) = need else {
            return Ok(refuse("没有这条用工登记"));
        };
        (
            None,
            format!(
                "用工登记：{}（{}）",
                need.text("title"),
                need.text("employer")
            ),
        )
    } else {
        return Ok(refuse("请选择要推荐的岗位"));
    };
    let rec = Recommendation {
        submission_id: id.clone(),
        job_slug,
        job_label,
        channel,
        service_date: today.to_string(),
    };
    let user_id = user.id;
    state
        .writer
        .run(move |tx| queue::recommend(tx, &rec, user_id, Timestamp::now()))
        .await?;
    let back = if form.back.starts_with("/staff/") && !form.back.starts_with("//") {
        form.back
    } else {
        format!("/staff/queue/{id}")
    };
    Ok(Redirect::to(&back).into_response())
}
