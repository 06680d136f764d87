//! The 2-working-day response clock: a submission made on a day (its date in Asia/Shanghai) is
//! due by the end of the `n`th working day after, on the official calendar (weekends and
//! holidays off, make-up workdays on). It stops at the first response, the first status change
//! away from 新提交.

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use serde::Serialize;

use crate::workdays::WorkCalendar;

/// Where a submission stands on the clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Clock {
    pub due: String,
    /// Not answered and past due, or answered after the due date.
    pub overdue: bool,
    /// What the page says, in words (colour alone says nothing to some readers).
    pub label: String,
}

/// The date in Asia/Shanghai of a stored time.
pub fn shanghai_date(at: Timestamp) -> Date {
    at.to_zoned_datetime(lingong_site::toml_date::shanghai())
        .date()
}

/// The first moment of a date in Asia/Shanghai, as a timestamp.
pub fn start_of(day: Date) -> Option<Timestamp> {
    day.to_zoned_datetime(lingong_site::toml_date::shanghai())
        .ok()
        .map(|z| z.timestamp())
}

pub fn clock(
    calendar: &WorkCalendar,
    workdays: u32,
    created: Timestamp,
    first_response: Option<Timestamp>,
    today: Date,
) -> Clock {
    let due = calendar.add_workdays(shanghai_date(created), workdays);
    let due_label = format!("{}月{}日", due.month(), due.day());
    match first_response.map(shanghai_date) {
        Some(answered) if answered > due => Clock {
            due: due.to_string(),
            overdue: true,
            label: format!(
                "超时：应于 {due_label} 前答复，{}月{}日 才答复",
                answered.month(),
                answered.day()
            ),
        },
        Some(_) => Clock {
            due: due.to_string(),
            overdue: false,
            label: "按时答复".into(),
        },
        None if today > due => Clock {
            due: due.to_string(),
            overdue: true,
            label: format!("超时未答复：应于 {due_label} 前答复"),
        },
        None => Clock {
            due: due.to_string(),
            overdue: false,
            label: format!("请于 {due_label} 前答复"),
        },
    }
}

/// The first day whose submissions are not yet overdue today: a submission made before it and
/// still unanswered is overdue. Due dates never go back as the submission date goes forward, so
/// one walk back from today finds it.
pub fn overdue_cutoff(calendar: &WorkCalendar, workdays: u32, today: Date) -> Date {
    let mut first = today;
    while let Ok(previous) = first.checked_sub(1.day()) {
        if calendar.add_workdays(previous, workdays) < today {
            break;
        }
        first = previous;
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn calendar() -> WorkCalendar {
        let mut calendar = WorkCalendar::default();
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../content/holidays/2026.toml"
        ))
        .unwrap();
        calendar.add_year(&text, "2026.toml").unwrap();
        calendar
    }

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn the_clock_runs_on_working_days_in_shanghai() {
        let calendar = calendar();
        // Wednesday 30 September, before National Day: due Friday 9 October.
        let c = clock(
            &calendar,
            2,
            at("2026-09-30T02:00:00Z"),
            None,
            date(2026, 10, 9),
        );
        assert_eq!(c.due, "2026-10-09");
        assert!(!c.overdue);
        // 7 October 17:00 UTC is already the 8th in Shanghai: due Saturday 10 October, a
        // make-up workday.
        let c = clock(
            &calendar,
            2,
            at("2026-10-07T17:00:00Z"),
            None,
            date(2026, 10, 11),
        );
        assert_eq!(c.due, "2026-10-10");
        assert!(c.overdue && c.label.contains("超时未答复"), "{c:?}");
        let late = clock(
            &calendar,
            2,
            at("2026-09-30T02:00:00Z"),
            Some(at("2026-10-10T01:00:00Z")),
            date(2026, 11, 25),
        );
        assert!(
            late.overdue && late.label.contains("10月10日 才答复"),
            "{late:?}"
        );
        let on_time = clock(
            &calendar,
            2,
            at("2026-09-30T02:00:00Z"),
            Some(at("2026-10-09T09:00:00Z")),
            date(2026, 11, 25),
        );
        assert!(!on_time.overdue);
    }

    #[test]
    fn the_cutoff_splits_overdue_from_not_yet_due() {
        let calendar = calendar();
        for today in [
            date(2026, 10, 9),
            date(2026, 10, 10),
            date(2026, 10, 12),
            date(2026, 11, 25),
        ] {
            let cutoff = overdue_cutoff(&calendar, 2, today);
            let before = cutoff.checked_sub(1.day()).unwrap();
            assert!(calendar.add_workdays(before, 2) < today, "{today}");
            assert!(calendar.add_workdays(cutoff, 2) >= today, "{today}");
        }
        assert_eq!(
            start_of(date(2026, 10, 8)),
            Some(at("2026-10-07T16:00:00Z"))
        );
    }
}
