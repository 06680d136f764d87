//! The month grids of `/events/`: one table per month that has events, weeks starting on
//! Monday (as Chinese calendars print them), today marked in words as well as by style.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use super::EventCard;
use super::dates;
use crate::content::Event;
use crate::today::add_days;

/// The grids of `/events/`: this month and later ones open, earlier ones folded away so a
/// phone does not scroll through a year of past events first.
#[derive(Debug, Clone, Serialize)]
pub struct CalendarView {
    pub months: Vec<MonthView>,
    pub past_months: Vec<MonthView>,
}

impl CalendarView {
    pub fn new(events: &[(&Event, &EventCard)], today: Date) -> Self {
        let this_month = today.first_of_month();
        let (months, past_months) = months(events, today)
            .into_iter()
            .partition(|m| m.first >= this_month);
        Self {
            months,
            past_months,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MonthView {
    #[serde(skip)]
    first: Date,
    /// `2026年12月`.
    pub caption: String,
    pub weeks: Vec<Vec<DayView>>,
}

/// One cell; `day` is 0 for the blanks before the 1st and after the last day.
#[derive(Debug, Clone, Serialize)]
pub struct DayView {
    pub day: i8,
    pub today: bool,
    pub events: Vec<DayEvent>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DayEvent {
    pub url: String,
    pub title: String,
    /// `09:00` on the day it starts, `续` on the days after: all a narrow cell shows, the
    /// title being there for screen readers and wide screens.
    pub mark: String,
    pub cancelled: bool,
}

pub const WEEKDAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];

/// An event spanning several days appears on each (at most a month of them).
const MAX_DAYS_SHOWN: i64 = 31;

/// The grids of every month holding an event, in order.
pub fn months(events: &[(&Event, &EventCard)], today: Date) -> Vec<MonthView> {
    let mut by_day: BTreeMap<Date, Vec<DayEvent>> = BTreeMap::new();
    for (event, card) in events {
        let first = event.start.date();
        let last = event.end.date();
        let mut day = first;
        for _ in 0..MAX_DAYS_SHOWN {
            if day > last {
                break;
            }
            by_day.entry(day).or_default().push(DayEvent {
                url: card.url.clone(),
                title: card.title.clone(),
                mark: if day == first {
                    dates::time(&event.start)
                } else {
                    "续".to_string()
                },
                cancelled: card.cancelled,
            });
            day = add_days(day, 1);
        }
    }
    let mut months: Vec<Date> = by_day.keys().map(|d| d.first_of_month()).collect();
    months.dedup();
    months
        .into_iter()
        .map(|first| month(first, &by_day, today))
        .collect()
}

fn month(first: Date, by_day: &BTreeMap<Date, Vec<DayEvent>>, today: Date) -> MonthView {
    let blanks = first.weekday().to_monday_zero_offset();
    let days = first.days_in_month();
    let mut cells: Vec<DayView> = (0..blanks).map(|_| blank()).collect();
    for d in 1..=days {
        let date = first.with().day(d).build().unwrap_or(first);
        cells.push(DayView {
            day: d,
            today: date == today,
            events: by_day.get(&date).cloned().unwrap_or_default(),
        });
    }
    while !cells.len().is_multiple_of(7) {
        cells.push(blank());
    }
    MonthView {
        first,
        caption: format!("{}年{}月", first.year(), first.month()),
        weeks: cells.chunks(7).map(<[DayView]>::to_vec).collect(),
    }
}

fn blank() -> DayView {
    DayView {
        day: 0,
        today: false,
        events: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn past_months_are_kept_apart() {
        let empty: &[(&Event, &EventCard)] = &[];
        let view = CalendarView::new(empty, date(2026, 12, 5));
        assert!(view.months.is_empty() && view.past_months.is_empty());
    }

    #[test]
    fn a_month_starts_on_its_weekday_and_marks_today() {
        // December 2026 starts on a Tuesday: one blank before the 1st.
        let grid = month(date(2026, 12, 1), &BTreeMap::new(), date(2026, 12, 5));
        assert_eq!(grid.caption, "2026年12月");
        assert_eq!(grid.weeks[0][0].day, 0);
        assert_eq!(grid.weeks[0][1].day, 1);
        assert!(grid.weeks[0][5].today, "the 5th is a Saturday");
        assert_eq!(grid.weeks.len(), 5);
        assert!(grid.weeks.iter().all(|w| w.len() == 7));
    }
}
