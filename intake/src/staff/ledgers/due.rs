//! An event's evidence deadline: due `minimums.evidence_workdays` working days after the event
//! (official holidays and make-up workdays counted), overdue when not complete by then.

use jiff::Timestamp;
use jiff::civil::Date;
use lingong_site::toml_date::shanghai;
use serde::Serialize;

use crate::workdays::WorkCalendar;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct EvidenceStatus {
    /// The last day to hand in the evidence.
    pub due: String,
    pub done: bool,
    pub overdue: bool,
    /// 已齐全 / 超时未齐 / 待补（截止 …）.
    pub label: String,
}

/// `done_at` is the stored time the evidence became complete (RFC 3339 UTC), if it did.
pub fn evidence_status(
    calendar: &WorkCalendar,
    workdays: i64,
    event_date: &str,
    done_at: &str,
    today: Date,
) -> Option<EvidenceStatus> {
    let date: Date = event_date.parse().ok()?;
    let due = calendar.add_workdays(date, u32::try_from(workdays).unwrap_or(0));
    let done_on: Option<Date> = done_at
        .parse::<Timestamp>()
        .ok()
        .map(|t| t.to_zoned_datetime(shanghai()).date());
    let (done, overdue, label) = match done_on {
        Some(day) if day <= due => (true, false, "已齐全".to_string()),
        Some(day) => (true, true, format!("{day} 才交齐，已超时")),
        None if today > due => (false, true, "超时未交齐".to_string()),
        None => (false, false, format!("待补，{due} 前交齐")),
    };
    Some(EvidenceStatus {
        due: due.to_string(),
        done,
        overdue,
        label,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn calendar() -> WorkCalendar {
        let mut calendar = WorkCalendar::default();
        calendar
            .add_year(
                include_str!("../../../../content/holidays/2026.toml"),
                "2026.toml",
            )
            .unwrap();
        calendar
    }

    #[test]
    fn the_national_day_holiday_pushes_the_due_date_back() {
        // Wednesday 30 September; 1-7 October off; Saturday 10 October is a make-up workday.
        let status = evidence_status(&calendar(), 5, "2026-09-30", "", date(2026, 10, 9)).unwrap();
        assert_eq!(status.due, "2026-10-13");
        assert!(!status.overdue);
        let late = evidence_status(&calendar(), 5, "2026-09-30", "", date(2026, 10, 14)).unwrap();
        assert!(late.overdue && !late.done);
        let in_time = evidence_status(
            &calendar(),
            5,
            "2026-09-30",
            "2026-10-12T02:00:00Z",
            date(2026, 11, 1),
        )
        .unwrap();
        assert!(in_time.done && !in_time.overdue);
    }
}
