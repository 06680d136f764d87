//! The site's machine-readable outputs, beside the HTML pages: iCalendar files, Atom feeds,
//! JSON-LD for pages, open data (`jobs.json`, `events.json`), `sitemap.xml` and `robots.txt`.
//!
//! Each format has its own small module; `write_all` renders the files that are not pages.
//! JSON-LD goes into the pages themselves (see `render.rs`).

pub mod atom;
pub mod calendar;
pub mod calendar_state;
pub mod feeds;
pub mod ics;
pub mod json_ld;
pub mod open_data;
pub mod sitemap;
pub mod time;

use jiff::civil::Date;

use crate::config::Config;
use crate::content::{Event, Job, Policy};
use crate::error::Error;
use crate::render::Sink;
use crate::urls;
use calendar_state::CalendarState;

/// What the outputs are made of, already filtered and ordered by the render plan.
pub struct OutputSet<'a> {
    pub config: &'a Config,
    pub today: Date,
    /// Current jobs, newest first; and the same per category and township, in config order.
    pub jobs: Vec<&'a Job>,
    pub jobs_by_category: Vec<Vec<&'a Job>>,
    pub jobs_by_township: Vec<Vec<&'a Job>>,
    /// Published events in start order.
    pub events: Vec<&'a Event>,
    /// Published policies, newest first.
    pub policies: Vec<&'a Policy>,
    /// Root-relative URL of every HTML page, for the sitemap.
    pub page_urls: Vec<String>,
    pub calendar: &'a CalendarState,
    /// URLs per sitemap file before it splits (`sitemap::MAX_URLS_PER_SITEMAP` in builds).
    pub sitemap_limit: usize,
}

/// Renders every non-page output into `sink`; returns how many files it wrote.
pub fn write_all(set: &OutputSet, sink: &dyn Sink) -> Result<usize, Error> {
    let config = set.config;
    let mut files = calendar::files(&set.events, config, set.calendar);
    files.extend(feeds::files(set));
    files.push((
        urls::output_file(&urls::jobs_json()),
        open_data::jobs(&set.jobs, config, set.today),
    ));
    files.push((
        urls::output_file(&urls::events_json()),
        open_data::events(&set.events, config, set.calendar, set.today),
    ));
    let base = config.site.base_url.trim_end_matches('/');
    let absolute: Vec<String> = set.page_urls.iter().map(|u| format!("{base}{u}")).collect();
    files.extend(sitemap::files(base, &absolute, set.sitemap_limit));
    files.push((urls::output_file(&urls::robots()), sitemap::robots(base)));
    for (path, text) in &files {
        sink.write(path, text.as_bytes())?;
    }
    Ok(files.len())
}
