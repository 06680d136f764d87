//! "Today", which decides what has expired and what is upcoming. Pinned by `--today` so that
//! a build is reproducible (tests, snapshots); otherwise the current date in Asia/Shanghai,
//! wherever the server's clock is set.

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};

use crate::toml_date::shanghai;

pub fn today_in_shanghai() -> Date {
    Timestamp::now().to_zoned_datetime(shanghai()).date()
}

/// Whole days from `earlier` to `later` (negative if `later` is before).
pub fn days_between(earlier: Date, later: Date) -> i64 {
    // A span between civil dates is counted in days unless asked otherwise.
    earlier
        .until(later)
        .map_or(0, |span| i64::from(span.get_days()))
}

/// The date `days` after `date`, saturating at the calendar's ends.
pub fn add_days(date: Date, days: i64) -> Date {
    date.checked_add(days.days()).unwrap_or(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn days_between_counts_calendar_days() {
        assert_eq!(days_between(date(2026, 11, 1), date(2026, 11, 25)), 24);
        assert_eq!(days_between(date(2026, 12, 31), date(2027, 1, 1)), 1);
        assert_eq!(days_between(date(2026, 11, 25), date(2026, 11, 1)), -24);
        assert_eq!(add_days(date(2026, 11, 25), 30), date(2026, 12, 25));
    }
}
