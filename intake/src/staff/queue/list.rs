//! `/staff/queue`: every submission, newest first, filtered by kind, status, township, dates
//! and a name or phone; spam apart under its own tab; overdue items marked in words.

use axum::extract::{Query, State};
use axum::response::Html;
use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{ClockRule, Line, clock};
use crate::error::AppError;
use crate::staff::session::StaffUser;
use crate::state::AppState;
use crate::store::queue::{self, QueueFilter, STATUSES};
use crate::submission::stored_time;

const PAGE_SIZE: i64 = 50;

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct ListQuery {
    #[serde(default)]
    kind: String,
    /// A status, `垃圾`, `全部` (spam included) or empty (all but spam).
    #[serde(default)]
    status: String,
    #[serde(default)]
    township: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    q: String,
    /// `1`: only the unanswered ones past due.
    #[serde(default)]
    overdue: String,
    #[serde(default, skip_serializing)]
    page: Option<String>,
}

#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
}

#[derive(Serialize)]
struct PageLink {
    number: i64,
    url: String,
    current: bool,
}

fn date(text: &str, problems: &mut Vec<String>, label: &str) -> Option<Date> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    match text.parse::<Date>() {
        Ok(d) => Some(d),
        Err(_) => {
            problems.push(format!(
                "{label}“{text}”不是日期，应写成 2026-11-25；这一条件未使用"
            ));
            None
        }
    }
}

pub async fn queue_page(
    State(state): State<AppState>,
    user: StaffUser,
    Query(query): Query<ListQuery>,
) -> Result<Html<String>, AppError> {
    let today = lingong_site::today::today_in_shanghai();
    let workdays = u32::try_from(state.staff.contract.minimums.response_workdays).unwrap_or(2);
    let kinds: Vec<Choice> = state
        .forms
        .iter()
        .map(|f| Choice {
            value: f.id.to_string(),
            label: f.title.to_string(),
        })
        .collect();
    let mut problems = Vec::new();
    let nonempty = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let mut filter = QueueFilter {
        kind: nonempty(&query.kind).filter(|k| kinds.iter().any(|c| c.value == *k)),
        township: nonempty(&query.township),
        search: nonempty(&query.q),
        ..QueueFilter::default()
    };
    match query.status.trim() {
        "" => {}
        "全部" => filter.all = true,
        s if STATUSES.contains(&s) => filter.status = Some(s.to_string()),
        other => problems.push(format!("没有“{other}”这个状态；这一条件未使用")),
    }
    let from = date(&query.from, &mut problems, "开始日期");
    let to = date(&query.to, &mut problems, "结束日期");
    filter.from = from.and_then(clock::start_of).map(stored_time);
    filter.until = to
        .and_then(|d| d.checked_add(1.day()).ok())
        .and_then(clock::start_of)
        .map(stored_time);
    let cutoff = clock::overdue_cutoff(&state.staff.calendar, workdays, today);
    let cutoff_time = clock::start_of(cutoff).map(stored_time);
    if query.overdue == "1" {
        filter.unanswered_before = cutoff_time.clone();
    }
    let page = query
        .page
        .as_deref()
        .and_then(|p| p.parse::<i64>().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1);

    let (rows, total, spam_total, overdue_total) = {
        let filter = filter.clone();
        state
            .reader
            .run(move |conn| {
                let (rows, total) = queue::list(conn, &filter, PAGE_SIZE, (page - 1) * PAGE_SIZE)?;
                let spam = queue::spam_count(conn)?;
                let overdue = match cutoff_time {
                    Some(before) => {
                        let only_overdue = QueueFilter {
                            unanswered_before: Some(before),
                            ..QueueFilter::default()
                        };
                        queue::list(conn, &only_overdue, 0, 0)?.1
                    }
                    None => 0,
                };
                Ok((rows, total, spam, overdue))
            })
            .await?
    };
    let rule = ClockRule {
        calendar: &state.staff.calendar,
        workdays,
        today,
    };
    let lines: Vec<Line> = rows
        .iter()
        .map(|row| {
            let label = kinds
                .iter()
                .find(|k| k.value == row.kind)
                .map_or(row.kind.as_str(), |k| k.label.as_str());
            Line::new(row, label, &rule)
        })
        .collect();

    let pages = (total + PAGE_SIZE - 1) / PAGE_SIZE;
    let base = serde_urlencoded::to_string(&query).unwrap_or_default();
    let page_links: Vec<PageLink> = (1..=pages)
        .map(|number| PageLink {
            number,
            url: format!("/staff/queue?{base}&page={number}"),
            current: number == page,
        })
        .collect();
    let townships: Vec<String> = state
        .form("register")
        .and_then(|f| f.fields.iter().find(|field| field.name == "township"))
        .map(|field| match &field.kind {
            lingong_site::forms::field::FieldKind::Select { options } => options.clone(),
            _ => Vec::new(),
        })
        .unwrap_or_default();

    let views = &state.staff.views;
    let mut ctx = views.context(Some(&user), "待办队列", "queue");
    ctx.insert("lines", &lines);
    ctx.insert("total", &total);
    ctx.insert("spam_total", &spam_total);
    ctx.insert("overdue_total", &overdue_total);
    ctx.insert("kinds", &kinds);
    ctx.insert("statuses", STATUSES);
    ctx.insert("townships", &townships);
    ctx.insert("query", &query);
    ctx.insert("problems", &problems);
    ctx.insert("pages", &page_links);
    ctx.insert("page", &page);
    ctx.insert("workdays", &workdays);
    views.render("queue.html", &ctx)
}
