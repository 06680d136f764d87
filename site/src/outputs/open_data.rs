//! Open data for other systems (the county platform, a mini-program): `/jobs.json` with the
//! current jobs and `/events.json` with every published event. The schema is documented field
//! by field in README ("Open data"); `version` rises only when a field changes meaning or goes
//! away, never when one is added.

use serde::Serialize;

use super::calendar;
use super::calendar_state::CalendarState;
use super::time;
use crate::config::Config;
use crate::content::job::PayUnit;
use crate::content::{Event, EventKind, Job};
use crate::urls;

pub const VERSION: u32 = 1;

#[derive(Debug, Serialize)]
pub struct JobsFile<'a> {
    pub version: u32,
    /// The date (Asia/Shanghai) that decided which jobs are current.
    pub generated: String,
    pub jobs: Vec<JobRecord<'a>>,
}

#[derive(Debug, Serialize)]
pub struct JobRecord<'a> {
    pub id: &'a str,
    pub url: String,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub date_posted: String,
    pub valid_through: String,
    pub category: &'a str,
    pub township: &'a str,
    pub employer: &'a str,
    pub credit_code: Option<&'a str>,
    pub pay: PayRecord,
    pub headcount: u32,
    pub employment_type: Option<&'a str>,
    pub work_hours: Option<&'a str>,
    pub address: &'a str,
    pub contact: Option<&'a str>,
    pub phone: &'a str,
    pub verified_on: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct PayRecord {
    pub min: f64,
    pub max: Option<f64>,
    pub unit: &'static str,
    pub currency: &'static str,
    pub label: String,
}

#[derive(Debug, Serialize)]
pub struct EventsFile<'a> {
    pub version: u32,
    pub generated: String,
    pub events: Vec<EventRecord<'a>>,
}

#[derive(Debug, Serialize)]
pub struct EventRecord<'a> {
    pub id: &'a str,
    pub uid: String,
    pub sequence: u32,
    pub url: String,
    pub ics_url: String,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub kind: &'static str,
    pub format: Option<&'static str>,
    pub start: String,
    pub end: String,
    pub organizer: &'a str,
    pub location: Option<&'a str>,
    pub stream_url: Option<&'a str>,
    pub employers: &'a [String],
    pub cancelled: bool,
    /// Not over yet on `generated` (it ends that day or later), as the events page decides.
    pub upcoming: bool,
    pub summary: Option<&'a str>,
}

fn unit(unit: PayUnit) -> &'static str {
    match unit {
        PayUnit::Hour => "hour",
        PayUnit::Day => "day",
        PayUnit::Month => "month",
        PayUnit::Piece => "piece",
    }
}

fn base(config: &Config) -> &str {
    config.site.base_url.trim_end_matches('/')
}

pub fn jobs(jobs: &[&Job], config: &Config, today: jiff::civil::Date) -> String {
    let base = base(config);
    let file = JobsFile {
        version: VERSION,
        generated: time::date(today),
        jobs: jobs
            .iter()
            .map(|job| JobRecord {
                id: &job.file.slug,
                url: format!("{base}{}", urls::job(&job.file.slug)),
                title: &job.title,
                description: job.description.as_deref(),
                date_posted: time::date(job.date),
                valid_through: time::date(job.valid_through),
                category: &job.category,
                township: &job.township,
                employer: &job.employer,
                credit_code: job.credit_code.as_ref().map(|c| c.as_str()),
                pay: PayRecord {
                    min: job.pay.min,
                    max: job.pay.max,
                    unit: unit(job.pay.unit),
                    currency: "CNY",
                    label: job.pay.label(),
                },
                headcount: job.headcount,
                employment_type: job.employment_type,
                work_hours: job.work_hours.as_deref(),
                address: &job.address,
                contact: job.contact.as_deref(),
                phone: &job.phone,
                verified_on: job.verified_on.map(time::date),
            })
            .collect(),
    };
    to_json(&file)
}

pub fn events(
    events: &[&Event],
    config: &Config,
    state: &CalendarState,
    today: jiff::civil::Date,
) -> String {
    let base = base(config);
    let file = EventsFile {
        version: VERSION,
        generated: time::date(today),
        events: events
            .iter()
            .map(|event| {
                let uid = calendar::uid(event, config);
                EventRecord {
                    id: &event.file.slug,
                    sequence: state.get(&uid).map_or(0, |s| s.sequence),
                    uid,
                    url: format!("{base}{}", urls::event(&event.file.slug)),
                    ics_url: format!("{base}{}", urls::event_ics(&event.file.slug)),
                    title: &event.title,
                    description: event.description.as_deref(),
                    kind: match event.kind {
                        EventKind::Offline => "offline",
                        EventKind::Online => "online",
                    },
                    format: event.format,
                    start: time::zoned(&event.start),
                    end: time::zoned(&event.end),
                    organizer: &event.organizer,
                    location: event.location.as_deref(),
                    stream_url: event.stream_url.as_deref(),
                    employers: &event.employers,
                    cancelled: event.cancelled,
                    upcoming: event.end.date() >= today,
                    summary: event.summary.as_deref(),
                }
            })
            .collect(),
    };
    to_json(&file)
}

/// Pretty JSON ending in a newline: people read these files too, and diffs stay small.
fn to_json<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}
