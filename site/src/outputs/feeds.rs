//! Which Atom feeds the site has and what goes in them: current jobs (the whole site, each
//! category, each township), events and policies, newest first, at most `FEED_ENTRIES` each.

use super::atom::{Entry, Feed};
use super::calendar_state::CalendarState;
use super::{OutputSet, time};
use crate::content::{Event, Job, Policy};
use crate::urls;
use crate::view::dates;

/// Feed readers want what is new, not the archive: 50 entries is weeks of postings here.
pub const FEED_ENTRIES: usize = 50;

/// Feed titles, shared by the feeds and the `<link rel="alternate">` of the list pages. The
/// feeds add the site's name.
pub const JOBS_TITLE: &str = "最新岗位";

pub fn category_title(name: &str) -> String {
    format!("{name}岗位 · 最新")
}

pub fn township_title(name: &str) -> String {
    format!("{name}的岗位 · 最新")
}

pub const EVENTS_TITLE: &str = "招聘活动";
pub const POLICIES_TITLE: &str = "就业政策";

/// Every feed of the site, as (output path, XML).
pub fn files(set: &OutputSet) -> Vec<(String, String)> {
    let config = set.config;
    let mut feeds = vec![job_feed(
        set,
        &urls::jobs(),
        JOBS_TITLE.to_string(),
        &set.jobs,
    )];
    for (term, jobs) in config.categories.iter().zip(&set.jobs_by_category) {
        feeds.push(job_feed(
            set,
            &urls::category(&term.slug),
            category_title(&term.name),
            jobs,
        ));
    }
    for (term, jobs) in config.townships.iter().zip(&set.jobs_by_township) {
        feeds.push(job_feed(
            set,
            &urls::township(&term.slug),
            township_title(&term.name),
            jobs,
        ));
    }
    feeds.push(event_feed(set));
    feeds.push(policy_feed(set));
    feeds
        .into_iter()
        .map(|(list, feed)| (urls::output_file(&urls::feed(&list)), feed.to_xml()))
        .collect()
}

fn base<'a>(set: &OutputSet<'a>) -> &'a str {
    set.config.site.base_url.trim_end_matches('/')
}

fn feed(set: &OutputSet, list: &str, title: String, entries: Vec<Entry>) -> (String, Feed) {
    let base = base(set);
    // Entries come newest first; an empty feed is as new as the build's date.
    let updated = entries
        .iter()
        .map(|e| e.updated.clone())
        .max()
        .unwrap_or_else(|| time::start_of_day(set.today));
    let feed = Feed {
        id: format!("{base}{list}"),
        title: format!("{title} - {}", set.config.site.title),
        self_url: format!("{base}{}", urls::feed(list)),
        page_url: format!("{base}{list}"),
        updated,
        author: set.config.office.name.clone(),
        entries,
    };
    (list.to_string(), feed)
}

fn job_feed(set: &OutputSet, list: &str, title: String, jobs: &[&Job]) -> (String, Feed) {
    let base = base(set);
    let entries = jobs
        .iter()
        .take(FEED_ENTRIES)
        .map(|job| {
            let url = format!("{base}{}", urls::job(&job.file.slug));
            let posted = time::start_of_day(job.date);
            let mut summary = format!(
                "{}，{}，{}，招 {} 人，{} 截止。",
                job.employer,
                job.pay.label(),
                job.township,
                job.headcount,
                dates::full(job.valid_through)
            );
            if let Some(description) = &job.description {
                summary.push_str(description);
            }
            Entry {
                id: url.clone(),
                title: job.title.clone(),
                url,
                updated: posted.clone(),
                published: Some(posted),
                summary,
                categories: vec![job.category.clone(), job.township.clone()],
            }
        })
        .collect();
    feed(set, list, title, entries)
}

fn event_entry(set: &OutputSet, event: &Event, state: &CalendarState) -> Entry {
    let base = base(set);
    let url = format!("{base}{}", urls::event(&event.file.slug));
    let uid = super::calendar::uid(event, set.config);
    // An event's entry is as new as its last change, which the calendar state records.
    let updated = state
        .get(&uid)
        .map_or_else(|| time::zoned(&event.start), |s| s.modified.to_string());
    let place = event
        .location
        .clone()
        .unwrap_or_else(|| "线上直播".to_string());
    let mut summary = format!("{}，{}。", dates::span(&event.start, &event.end), place);
    if event.cancelled {
        summary.insert_str(0, "【已取消】");
    }
    if let Some(description) = &event.description {
        summary.push_str(description);
    }
    Entry {
        id: url.clone(),
        title: event.title.clone(),
        url,
        updated,
        published: event.date.map(time::start_of_day),
        summary,
        categories: vec![event.kind.label().to_string()],
    }
}

fn event_feed(set: &OutputSet) -> (String, Feed) {
    // Events are kept in start order; the feed shows the latest first.
    let entries = set
        .events
        .iter()
        .rev()
        .take(FEED_ENTRIES)
        .map(|e| event_entry(set, e, set.calendar))
        .collect();
    feed(set, &urls::events(), EVENTS_TITLE.to_string(), entries)
}

fn policy_entry(set: &OutputSet, policy: &Policy) -> Entry {
    let base = base(set);
    let url = format!("{base}{}", urls::policy(&policy.file.slug));
    // Policies without a date fall back to their effective date, then the service's start.
    let day = policy
        .date
        .or(policy.effective)
        .unwrap_or(set.config.contract.service_start.0);
    Entry {
        id: url.clone(),
        title: policy.title.clone(),
        url,
        updated: time::start_of_day(day),
        published: policy.date.map(time::start_of_day),
        summary: policy
            .description
            .clone()
            .unwrap_or_else(|| format!("{}，{}", policy.topic, policy.issuer)),
        categories: vec![policy.topic.clone()],
    }
}

fn policy_feed(set: &OutputSet) -> (String, Feed) {
    let entries = set
        .policies
        .iter()
        .take(FEED_ENTRIES)
        .map(|p| policy_entry(set, p))
        .collect();
    feed(set, &urls::policies(), POLICIES_TITLE.to_string(), entries)
}
