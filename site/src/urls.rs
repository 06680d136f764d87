//! Every URL the site publishes, in one place, so that links and output files always agree.
//!
//! URLs are root-relative (`/jobs/canyin/`), stable and readable: Chinese names become
//! pinyin slugs. Each URL ending in `/` is written as `index.html` in that folder.

pub fn home() -> String {
    "/".into()
}

pub fn job(slug: &str) -> String {
    format!("/jobs/{slug}/")
}

/// Page `n` (1-based) of a paginated list whose first page is at `base`.
pub fn paginated(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

pub fn jobs() -> String {
    "/jobs/".into()
}

pub fn category(slug: &str) -> String {
    format!("/jobs/category/{slug}/")
}

pub fn township(slug: &str) -> String {
    format!("/jobs/township/{slug}/")
}

pub fn events() -> String {
    "/events/".into()
}

pub fn event(slug: &str) -> String {
    format!("/events/{slug}/")
}

pub fn policies() -> String {
    "/policies/".into()
}

pub fn policy(slug: &str) -> String {
    format!("/policies/{slug}/")
}

pub fn policy_topic(slug: &str) -> String {
    format!("/policies/topic/{slug}/")
}

pub fn search() -> String {
    "/search/".into()
}

/// The A4 poster of a job or event page, for village notice boards.
pub fn poster(page_url: &str) -> String {
    format!("{page_url}poster/")
}

pub fn page(slug: &str) -> String {
    format!("/{slug}/")
}

/// Every published event as iCalendar.
pub fn calendar() -> String {
    "/events/calendar.ics".into()
}

/// One event as iCalendar, beside its page.
pub fn event_ics(slug: &str) -> String {
    format!("/events/{slug}/event.ics")
}

/// The Atom feed of a list whose page is at `list` (`/jobs/` → `/jobs/atom.xml`).
pub fn feed(list: &str) -> String {
    format!("{list}atom.xml")
}

pub fn jobs_json() -> String {
    "/jobs.json".into()
}

pub fn events_json() -> String {
    "/events.json".into()
}

pub fn sitemap() -> String {
    "/sitemap.xml".into()
}

/// Part `n` (1-based) of a sitemap split into several files.
pub fn sitemap_part(n: usize) -> String {
    format!("/sitemap-{n}.xml")
}

pub fn robots() -> String {
    "/robots.txt".into()
}

pub const NOT_FOUND_FILE: &str = "404.html";

/// The file, relative to the output folder, that serves a URL.
pub fn output_file(url: &str) -> String {
    let trimmed = url.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_map_to_index_files() {
        assert_eq!(output_file(&home()), "index.html");
        assert_eq!(output_file(&job("xiwangong")), "jobs/xiwangong/index.html");
        assert_eq!(paginated(&category("canyin"), 1), "/jobs/category/canyin/");
        assert_eq!(
            paginated(&category("canyin"), 3),
            "/jobs/category/canyin/page/3/"
        );
        assert_eq!(output_file("/404.html"), "404.html");
        assert_eq!(output_file(&feed(&jobs())), "jobs/atom.xml");
        assert_eq!(output_file(&event_ics("a")), "events/a/event.ics");
    }
}
