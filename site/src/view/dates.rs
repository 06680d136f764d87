//! Dates and times as residents read them: `2026年11月18日（周三）`, `09:00`.

use jiff::ZonedDateTime as Zoned;
use jiff::civil::{Date, Weekday};

pub fn full(date: Date) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

pub fn short(date: Date) -> String {
    format!("{}月{}日", date.month(), date.day())
}

pub fn weekday(date: Date) -> &'static str {
    match date.weekday() {
        Weekday::Monday => "周一",
        Weekday::Tuesday => "周二",
        Weekday::Wednesday => "周三",
        Weekday::Thursday => "周四",
        Weekday::Friday => "周五",
        Weekday::Saturday => "周六",
        Weekday::Sunday => "周日",
    }
}

pub fn with_weekday(date: Date) -> String {
    format!("{}（{}）", full(date), weekday(date))
}

pub fn time(t: &Zoned) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// `2026年3月6日（周五）09:00—12:00`, or both dates when an event spans days.
pub fn span(start: &Zoned, end: &Zoned) -> String {
    if start.date() == end.date() {
        format!(
            "{} {}—{}",
            with_weekday(start.date()),
            time(start),
            time(end)
        )
    } else {
        format!(
            "{} {} — {} {}",
            with_weekday(start.date()),
            time(start),
            with_weekday(end.date()),
            time(end)
        )
    }
}

/// ISO date for `<time datetime>` and machine-readable outputs.
pub fn iso(date: Date) -> String {
    date.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn chinese_dates() {
        let d = date(2026, 3, 6);
        assert_eq!(full(d), "2026年3月6日");
        assert_eq!(with_weekday(d), "2026年3月6日（周五）");
        assert_eq!(short(d), "3月6日");
    }
}
