//! Dates and date-times as they appear in front matter and config.toml.
//!
//! Staff write `date = 2026-11-18` (a TOML date) or `date = "2026-11-18"` (a string); events
//! write `start = 2026-03-06T09:00:00`, a local date-time that means Asia/Shanghai. Both forms
//! are accepted; anything else is a clear error.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime as Zoned};
use serde::{Deserialize, Deserializer};

/// The time zone every local time in content means.
pub const TIME_ZONE: &str = "Asia/Shanghai";

/// The county's time zone. China has kept UTC+8 without daylight saving since 1991, so if the
/// bundled database were ever unavailable the fixed offset gives the same answers.
pub fn shanghai() -> TimeZone {
    TimeZone::get(TIME_ZONE).unwrap_or_else(|_| TimeZone::fixed(jiff::tz::offset(8)))
}

/// A calendar date (no time, no zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TomlDate(pub Date);

impl<'de> Deserialize<'de> for TomlDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let value = toml::Value::deserialize(deserializer)?;
        let text = match value {
            toml::Value::Datetime(dt) => {
                if dt.time.is_some() || dt.offset.is_some() {
                    return Err(D::Error::custom("应为日期（不带时间）"));
                }
                dt.to_string()
            }
            toml::Value::String(s) => s,
            _ => return Err(D::Error::custom("应为日期")),
        };
        parse_date(&text).map(TomlDate).map_err(D::Error::custom)
    }
}

/// Parses `YYYY-MM-DD`, with a Chinese message for anything else (including 2026-02-30).
pub fn parse_date(text: &str) -> Result<Date, String> {
    let text = text.trim();
    let shape_ok = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shape_ok {
        return Err(format!("日期“{text}”格式不对，应为 年-月-日"));
    }
    text.parse::<Date>()
        .map_err(|_| format!("日期“{text}”不存在"))
}

/// A moment: a TOML date-time, local (meaning Asia/Shanghai) or with an offset.
#[derive(Debug, Clone, PartialEq)]
pub struct TomlDateTime(pub Zoned);

impl<'de> Deserialize<'de> for TomlDateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let value = toml::Value::deserialize(deserializer)?;
        let text = match value {
            toml::Value::Datetime(dt) => {
                if dt.date.is_none() || dt.time.is_none() {
                    return Err(D::Error::custom("应为日期加时间"));
                }
                dt.to_string()
            }
            toml::Value::String(s) => s,
            _ => return Err(D::Error::custom("应为日期加时间")),
        };
        parse_datetime(&text)
            .map(TomlDateTime)
            .map_err(D::Error::custom)
    }
}

/// Parses an RFC 3339 date-time; without an offset it is read as Asia/Shanghai local time.
/// A space may stand for the `T`, as TOML allows.
pub fn parse_datetime(text: &str) -> Result<Zoned, String> {
    let text = text.trim().replacen(' ', "T", 1);
    let bad = || format!("时间“{text}”格式不对，应为 年-月-日T时:分:秒");
    if let Ok(ts) = text.parse::<Timestamp>() {
        return Ok(ts.to_zoned_datetime(shanghai()));
    }
    let local: DateTime = text.parse().map_err(|_| bad())?;
    local.to_zoned_datetime(shanghai()).map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Doc {
        d: TomlDate,
        t: TomlDateTime,
    }

    #[test]
    fn toml_dates_and_local_times_mean_shanghai() {
        let doc: Doc = toml::from_str("d = 2026-11-18\nt = 2026-03-06T09:00:00").unwrap();
        assert_eq!(doc.d.0, jiff::civil::date(2026, 11, 18));
        assert_eq!(doc.t.0.timestamp().to_string(), "2026-03-06T01:00:00Z");
    }

    #[test]
    fn strings_and_offsets_are_accepted() {
        let doc: Doc = toml::from_str("d = \"2026-11-18\"\nt = 2026-03-06T09:00:00+08:00").unwrap();
        assert_eq!(doc.d.0, jiff::civil::date(2026, 11, 18));
        assert_eq!(doc.t.0.hour(), 9);
    }

    #[test]
    fn impossible_and_malformed_dates_are_refused() {
        assert!(parse_date("2026-02-30").unwrap_err().contains("不存在"));
        assert!(parse_date("2026/02/03").unwrap_err().contains("格式不对"));
        assert!(parse_date("26-2-3").is_err());
        assert!(toml::from_str::<Doc>("d = 2026-11-18T10:00:00\nt = 2026-03-06T09:00:00").is_err());
        assert!(parse_datetime("明天上午").is_err());
    }
}
