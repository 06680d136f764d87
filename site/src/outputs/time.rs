//! Times as the machine-readable outputs write them: RFC 3339 with the +08:00 offset.

use jiff::ZonedDateTime as Zoned;
use jiff::civil::Date;

use crate::toml_date::shanghai;

/// `2026-11-18`.
pub fn date(date: Date) -> String {
    date.to_string()
}

/// `2026-11-18T09:00:00+08:00`, whatever offset the file gave.
pub fn zoned(time: &Zoned) -> String {
    time.timestamp()
        .to_zoned_datetime(shanghai())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// Midnight at the start of `date` in Asia/Shanghai.
pub fn start_of_day(date: Date) -> String {
    date.to_zoned_datetime(shanghai())
        .map(|z| zoned(&z))
        .unwrap_or_else(|_| format!("{date}T00:00:00+08:00"))
}

/// The last second of `date` in Asia/Shanghai: a job valid through a day is open all that day.
pub fn end_of_day(date: Date) -> String {
    format!("{date}T23:59:59+08:00")
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as d;

    #[test]
    fn times_carry_the_china_offset() {
        assert_eq!(start_of_day(d(2026, 11, 18)), "2026-11-18T00:00:00+08:00");
        assert_eq!(end_of_day(d(2026, 12, 31)), "2026-12-31T23:59:59+08:00");
        let utc: Zoned = "2026-12-05T01:00:00+00:00[UTC]".parse().unwrap();
        assert_eq!(zoned(&utc), "2026-12-05T09:00:00+08:00");
    }
}
