//! The queue of submissions: every kind with its status, who handled it and the 2-working-day
//! clock; each submission's page with its history, the status form, personal data shown in full
//! only on request (and logged), anonymising on request; matching of seekers and jobs.

pub mod clock;
mod detail;
mod list;
mod matches;

use axum::Router;
use axum::routing::{get, post};
use jiff::Timestamp;
use serde::Serialize;

use crate::privacy;
use crate::state::AppState;
use crate::store::queue::QueueRow;
use crate::workdays::WorkCalendar;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/queue", get(list::queue_page))
        .route("/staff/queue/{id}", get(detail::detail_page))
        .route("/staff/queue/{id}/status", post(detail::change_status))
        .route("/staff/queue/{id}/anonymise", post(detail::anonymise))
        .route("/staff/queue/{id}/recommend", post(matches::recommend))
        .route("/staff/jobs/{slug}/matches", get(matches::job_matches))
}

/// Ways a recommendation reaches the seeker, for the services ledger.
pub const CHANNELS: &[&str] = &["电话", "窗口", "上门", "微信", "线上"];

/// A submission as a line of a list: who, how to reach them (masked), where, and the clock.
#[derive(Debug, Serialize)]
pub struct Line {
    pub id: String,
    pub kind: String,
    pub kind_label: String,
    pub who: String,
    pub phone: String,
    pub township: String,
    pub status: String,
    pub spam: bool,
    pub spam_reason: String,
    pub created: String,
    pub handled_by: String,
    pub handled_at: String,
    pub clock: Option<clock::Clock>,
    pub anonymised: bool,
}

/// The clock's inputs, shared by the list and the detail page.
pub struct ClockRule<'a> {
    pub calendar: &'a WorkCalendar,
    pub workdays: u32,
    pub today: jiff::civil::Date,
}

impl Line {
    pub fn new(row: &QueueRow, kind_label: &str, rule: &ClockRule) -> Self {
        let spam = row.is_spam_pile();
        let created = row.created_at.parse::<Timestamp>().ok();
        let answered = row
            .first_response_at
            .as_deref()
            .and_then(|t| t.parse::<Timestamp>().ok());
        // Spam needs no answer: its clock is not shown.
        let clock = created
            .filter(|_| !spam)
            .map(|c| clock::clock(rule.calendar, rule.workdays, c, answered, rule.today));
        Self {
            id: row.id.clone(),
            kind: row.kind.clone(),
            kind_label: kind_label.to_string(),
            who: who(row),
            phone: privacy::mask_phone(row.text("mobile")),
            township: row.text("township").to_string(),
            status: if spam {
                crate::store::queue::SPAM.to_string()
            } else {
                row.status.clone()
            },
            spam,
            spam_reason: row.spam_reason.clone().unwrap_or_default(),
            created: local_time(&row.created_at),
            handled_by: row.handled_by.clone().unwrap_or_default(),
            handled_at: row
                .handled_at
                .as_deref()
                .map(local_time)
                .unwrap_or_default(),
            clock,
            anonymised: row.anonymised_at.is_some(),
        }
    }
}

/// Who a submission is from, in a few words.
fn who(row: &QueueRow) -> String {
    match row.kind.as_str() {
        "employer" => {
            let contact = row.text("contact");
            if contact.is_empty() {
                row.text("employer").to_string()
            } else {
                format!("{}（{contact}）", row.text("employer"))
            }
        }
        "satisfaction" => format!("{} · {} 分", row.text("service"), row.text("rating")),
        _ => row.text("name").to_string(),
    }
}

/// A stored UTC time as office staff read it: `2026-11-25 14:03` in Asia/Shanghai.
pub fn local_time(stored: &str) -> String {
    stored
        .parse::<Timestamp>()
        .map(|t| {
            t.to_zoned_datetime(lingong_site::toml_date::shanghai())
                .strftime("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| stored.to_string())
}
