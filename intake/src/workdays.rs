//! The official working-day calendar: weekends and statutory holidays are off, make-up
//! workdays (调休) are on. The contract's clocks run on it: every request answered within
//! 2 working days, event evidence within 5 working days.
//!
//! The holidays of each year are data, in `content/holidays/<year>.toml`, so staff add next
//! year's when the State Council publishes it; a year without a file is counted as plain
//! weekdays and reported by `years_missing`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use serde::Deserialize;

pub const HOLIDAYS_DIR: &str = "content/holidays";

#[derive(Debug, Default, Clone)]
pub struct WorkCalendar {
    /// Days off that would otherwise be workdays, with the holiday's name.
    holidays: BTreeMap<Date, String>,
    /// Weekend days that are workdays.
    makeup: BTreeSet<Date>,
    years: BTreeSet<i16>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YearFile {
    year: i16,
    #[serde(default)]
    holiday: Vec<HolidayFile>,
    #[serde(default)]
    workday: Vec<WorkdayFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayFile {
    name: String,
    from: toml::value::Datetime,
    to: toml::value::Datetime,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WorkdayFile {
    name: String,
    date: toml::value::Datetime,
}

#[derive(Debug, thiserror::Error)]
pub enum CalendarError {
    #[error("无法读取 {path}：{source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} 有误：{message}")]
    Invalid { path: String, message: String },
}

fn date(value: &toml::value::Datetime, path: &str) -> Result<Date, CalendarError> {
    let invalid = || CalendarError::Invalid {
        path: path.into(),
        message: format!("{value} 不是日期（应写成 2026-10-01）"),
    };
    match (value.date, value.time) {
        (Some(d), None) => {
            Date::new(d.year as i16, d.month as i8, d.day as i8).map_err(|_| invalid())
        }
        _ => Err(invalid()),
    }
}

impl WorkCalendar {
    /// Reads every `content/holidays/*.toml` under `root`.
    pub fn load(root: &Path) -> Result<Self, CalendarError> {
        let dir = root.join(HOLIDAYS_DIR);
        let mut calendar = Self::default();
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return Ok(calendar);
        };
        let mut files: Vec<_> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        files.sort();
        for path in files {
            let shown = path.display().to_string();
            let text = std::fs::read_to_string(&path).map_err(|source| CalendarError::Read {
                path: shown.clone(),
                source,
            })?;
            calendar.add_year(&text, &shown)?;
        }
        Ok(calendar)
    }

    /// Adds one year's file (its text; `path` names it in messages).
    pub fn add_year(&mut self, text: &str, path: &str) -> Result<(), CalendarError> {
        let file: YearFile = toml::from_str(text).map_err(|e| CalendarError::Invalid {
            path: path.into(),
            message: e.message().to_string(),
        })?;
        for holiday in &file.holiday {
            let (from, to) = (date(&holiday.from, path)?, date(&holiday.to, path)?);
            if to < from || from.year() != file.year {
                return Err(CalendarError::Invalid {
                    path: path.into(),
                    message: format!(
                        "{}：{from} 至 {to} 不在 {} 年内或顺序颠倒",
                        holiday.name, file.year
                    ),
                });
            }
            let mut day = from;
            while day <= to {
                self.holidays.insert(day, holiday.name.clone());
                day = day
                    .checked_add(1.day())
                    .map_err(|_| CalendarError::Invalid {
                        path: path.into(),
                        message: "日期超出范围".into(),
                    })?;
            }
        }
        for workday in &file.workday {
            let day = date(&workday.date, path)?;
            if !is_weekend(day) {
                return Err(CalendarError::Invalid {
                    path: path.into(),
                    message: format!("{}：{day} 不是周末，不需要写成调休上班", workday.name),
                });
            }
            self.makeup.insert(day);
        }
        self.years.insert(file.year);
        Ok(())
    }

    pub fn is_workday(&self, day: Date) -> bool {
        if self.makeup.contains(&day) {
            return true;
        }
        !is_weekend(day) && !self.holidays.contains_key(&day)
    }

    /// The date `n` working days after `day` (not counting `day` itself): a request made on
    /// `day` is due by the end of `add_workdays(day, 2)`.
    pub fn add_workdays(&self, day: Date, n: u32) -> Date {
        let mut current = day;
        let mut left = n;
        while left > 0 {
            match current.checked_add(1.day()) {
                Ok(next) => current = next,
                Err(_) => break,
            }
            if self.is_workday(current) {
                left -= 1;
            }
        }
        current
    }

    /// Working days after `from` up to and including `to` (0 when `to` is not after `from`).
    pub fn workdays_between(&self, from: Date, to: Date) -> u32 {
        let mut count = 0;
        let mut day = from;
        while day < to {
            match day.checked_add(1.day()) {
                Ok(next) => day = next,
                Err(_) => break,
            }
            if self.is_workday(day) {
                count += 1;
            }
        }
        count
    }

    /// Years between `from` and `to` that have no holiday file: their deadlines ignore holidays.
    pub fn years_missing(&self, from: Date, to: Date) -> Vec<i16> {
        (from.year()..=to.year())
            .filter(|y| !self.years.contains(y))
            .collect()
    }

    pub fn holiday_name(&self, day: Date) -> Option<&str> {
        self.holidays.get(&day).map(String::as_str)
    }
}

fn is_weekend(day: Date) -> bool {
    matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn shipped() -> WorkCalendar {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let calendar = WorkCalendar::load(&root).unwrap();
        assert!(
            calendar
                .years_missing(date(2025, 1, 1), date(2026, 12, 31))
                .is_empty(),
            "2025 and 2026 ship"
        );
        calendar
    }

    #[test]
    fn weekends_holidays_and_make_up_days() {
        let c = shipped();
        assert!(c.is_workday(date(2026, 11, 25)), "a Wednesday");
        assert!(!c.is_workday(date(2026, 11, 28)), "a Saturday");
        assert!(!c.is_workday(date(2026, 10, 5)), "National Day");
        assert_eq!(c.holiday_name(date(2026, 2, 17)), Some("春节"));
        assert!(
            c.is_workday(date(2026, 2, 14)),
            "the Saturday worked before the Spring Festival"
        );
        assert!(c.is_workday(date(2025, 9, 28)), "a Sunday worked in 2025");
    }

    #[test]
    fn the_two_working_day_clock_skips_holidays_and_counts_make_up_days() {
        let c = shipped();
        // Friday → Tuesday over a plain weekend.
        assert_eq!(c.add_workdays(date(2026, 11, 27), 2), date(2026, 12, 1));
        // Friday 13 Feb 2026: Saturday 14th is worked, then the Spring Festival to the 23rd.
        assert_eq!(c.add_workdays(date(2026, 2, 13), 2), date(2026, 2, 24));
        // Wednesday 30 Sep 2026: National Day 1–7 Oct, back on Thursday the 8th.
        assert_eq!(c.add_workdays(date(2026, 9, 30), 2), date(2026, 10, 9));
        // Submitted on a holiday: the clock starts on the next working day.
        assert_eq!(c.add_workdays(date(2026, 10, 3), 2), date(2026, 10, 9));
        // Event evidence, 5 working days: 6, 7, 8 May, Saturday 9 (worked), Monday 11.
        assert_eq!(c.add_workdays(date(2026, 4, 30), 5), date(2026, 5, 11));
        assert_eq!(c.workdays_between(date(2026, 9, 30), date(2026, 10, 9)), 2);
        assert_eq!(c.workdays_between(date(2026, 10, 9), date(2026, 9, 30)), 0);
    }

    #[test]
    fn a_wrong_file_is_explained_and_missing_years_are_reported() {
        let mut c = WorkCalendar::default();
        let weekday_as_makeup = "year = 2026\n[[workday]]\nname = \"x\"\ndate = 2026-11-25\n";
        assert!(
            c.add_year(weekday_as_makeup, "2026.toml")
                .unwrap_err()
                .to_string()
                .contains("不是周末")
        );
        let backwards =
            "year = 2026\n[[holiday]]\nname = \"x\"\nfrom = 2026-10-07\nto = 2026-10-01\n";
        assert!(c.add_year(backwards, "2026.toml").is_err());
        assert_eq!(
            c.years_missing(date(2027, 1, 1), date(2027, 6, 1)),
            vec![2027]
        );
    }
}
