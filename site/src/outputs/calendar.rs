//! Recruitment events as iCalendar: `/events/calendar.ics` with every published event and
//! `/events/<slug>/event.ics` with one.
//!
//! UIDs are `<slug>@<host of base_url>`: the slug is the file name, which staff keep when they
//! edit an event, so a calendar app updates the entry instead of adding a second one. SEQUENCE,
//! DTSTAMP and LAST-MODIFIED come from `calendar_state`. There is no METHOD property: without
//! it DTSTAMP means the time the event's information last changed (RFC 5545 §3.8.7.2), which is
//! what the state file records, so unchanged events give unchanged bytes.

use jiff::ZonedDateTime as Zoned;

use super::calendar_state::{CalendarState, content_hash};
use super::ics::Ics;
use crate::config::Config;
use crate::content::{Event, EventKind};
use crate::toml_date::{TIME_ZONE, shanghai};
use crate::urls;

pub const PRODID: &str = "-//Shiquan Lingong Market//lingong-site//ZH";

/// The host part of `base_url` (`https://lingong.example.org/` → `lingong.example.org`).
pub fn host(base_url: &str) -> &str {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    match authority.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => authority,
    }
}

pub fn uid(event: &Event, config: &Config) -> String {
    format!("{}@{}", event.file.slug, host(&config.site.base_url))
}

/// `20261205T090000`: the wall-clock time in Asia/Shanghai, for `TZID=Asia/Shanghai`.
fn local(time: &Zoned) -> String {
    time.timestamp()
        .to_zoned_datetime(shanghai())
        .strftime("%Y%m%dT%H%M%S")
        .to_string()
}

/// The folded lines of one VEVENT other than BEGIN/END and the stamps; their hash decides
/// whether the event changed.
pub fn event_lines(event: &Event, config: &Config) -> String {
    let base = config.site.base_url.trim_end_matches('/');
    let page = format!("{base}{}", urls::event(&event.file.slug));
    let mut ics = Ics::new();
    ics.raw("UID", &uid(event, config));
    ics.text("SUMMARY", &event.title);
    ics.raw(&format!("DTSTART;TZID={TIME_ZONE}"), &local(&event.start));
    ics.raw(&format!("DTEND;TZID={TIME_ZONE}"), &local(&event.end));
    ics.raw(
        "STATUS",
        if event.cancelled {
            "CANCELLED"
        } else {
            "CONFIRMED"
        },
    );
    match (event.kind, &event.location, &event.stream_url) {
        (EventKind::Online, _, Some(stream)) => ics.raw("URL", stream),
        (_, Some(location), _) => {
            ics.text("LOCATION", location);
            ics.raw("URL", &page);
        }
        _ => ics.raw("URL", &page),
    }
    let mut description = Vec::new();
    if event.cancelled {
        description.push("本次活动已取消。".to_string());
    }
    if let Some(text) = &event.description {
        description.push(text.clone());
    }
    description.push(format!("主办：{}", event.organizer));
    description.push(format!("详情：{page}"));
    ics.text("DESCRIPTION", &description.join("\n"));
    ics.finish()
}

/// Writes every calendar file: the whole calendar first, then one per event, as
/// (output path, bytes).
pub fn files(events: &[&Event], config: &Config, state: &CalendarState) -> Vec<(String, String)> {
    let vevents: Vec<(String, String)> = events
        .iter()
        .map(|event| {
            (
                event.file.slug.clone(),
                vevent(&event_lines(event, config), &uid(event, config), state),
            )
        })
        .collect();
    let mut out = Vec::with_capacity(events.len() + 1);
    let name = format!("{}招聘活动", config.site.title);
    out.push((
        urls::output_file(&urls::calendar()),
        calendar(&name, vevents.iter().map(|(_, v)| v.as_str())),
    ));
    for (slug, vevent) in &vevents {
        out.push((
            urls::output_file(&urls::event_ics(slug)),
            calendar(&name, std::iter::once(vevent.as_str())),
        ));
    }
    out
}

fn vevent(lines: &str, uid: &str, state: &CalendarState) -> String {
    let mut ics = Ics::new();
    ics.raw("BEGIN", "VEVENT");
    // Events always have a stamp after `CalendarState::updated`; a zero stamp would only show
    // if a caller skipped it, and still gives a valid file.
    let (sequence, modified) = state
        .get(uid)
        .map_or((0, jiff::Timestamp::UNIX_EPOCH), |s| {
            (s.sequence, s.modified)
        });
    let utc = modified.strftime("%Y%m%dT%H%M%SZ").to_string();
    ics.raw("DTSTAMP", &utc);
    ics.raw("LAST-MODIFIED", &utc);
    ics.raw("SEQUENCE", &sequence.to_string());
    let mut out = ics.finish();
    out.push_str(lines);
    out.push_str("END:VEVENT\r\n");
    out
}

/// A VCALENDAR around the given VEVENTs, with the VTIMEZONE their TZID names. China has had
/// no daylight saving since 1991, so one STANDARD block at +08:00 describes the zone fully.
fn calendar<'a>(name: &str, vevents: impl Iterator<Item = &'a str>) -> String {
    let mut ics = Ics::new();
    ics.raw("BEGIN", "VCALENDAR");
    ics.raw("VERSION", "2.0");
    ics.raw("PRODID", PRODID);
    ics.raw("CALSCALE", "GREGORIAN");
    ics.text("X-WR-CALNAME", name);
    ics.raw("X-WR-TIMEZONE", TIME_ZONE);
    ics.raw("BEGIN", "VTIMEZONE");
    ics.raw("TZID", TIME_ZONE);
    ics.raw("BEGIN", "STANDARD");
    ics.raw("DTSTART", "19700101T000000");
    ics.raw("TZOFFSETFROM", "+0800");
    ics.raw("TZOFFSETTO", "+0800");
    ics.raw("TZNAME", "CST");
    ics.raw("END", "STANDARD");
    ics.raw("END", "VTIMEZONE");
    let mut out = ics.finish();
    for vevent in vevents {
        out.push_str(vevent);
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

/// The state after this build's events: call before rendering, save after the build succeeds.
pub fn update_state(
    events: &[&Event],
    config: &Config,
    previous: &CalendarState,
    now: jiff::Timestamp,
) -> CalendarState {
    let hashed: Vec<(String, String)> = events
        .iter()
        .map(|e| (uid(e, config), content_hash(&event_lines(e, config))))
        .collect();
    previous.updated(hashed.iter().map(|(u, h)| (u.as_str(), h.as_str())), now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::file_info::FileInfo;

    fn config() -> Config {
        Config::parse(include_str!("../../../tests/fixtures/small/config.toml")).unwrap()
    }

    fn event() -> Event {
        Event {
            file: FileInfo::new("content/events/dongji.md".into()).unwrap(),
            title: "冬季招聘会".into(),
            date: None,
            description: Some("带身份证; 带简历, 免费".into()),
            draft: false,
            kind: EventKind::Offline,
            format: None,
            // Written with a UTC offset: the calendar still says 09:00 in Asia/Shanghai.
            start: "2026-12-05T01:00:00+00:00[UTC]".parse().unwrap(),
            end: "2026-12-05T12:00:00+08:00[Asia/Shanghai]".parse().unwrap(),
            organizer: "石泉县零工市场".into(),
            location: Some("服务大厅".into()),
            stream_url: None,
            employers: Vec::new(),
            cancelled: false,
            summary: None,
            body_html: String::new(),
        }
    }

    #[test]
    fn event_lines_use_local_time_and_escape_text() {
        let lines = event_lines(&event(), &config());
        assert!(lines.starts_with("UID:dongji@lingong.example.org\r\n"));
        assert!(lines.contains("DTSTART;TZID=Asia/Shanghai:20261205T090000\r\n"));
        assert!(lines.contains("DTEND;TZID=Asia/Shanghai:20261205T120000\r\n"));
        assert!(lines.contains("STATUS:CONFIRMED\r\n"));
        assert!(lines.contains("LOCATION:服务大厅\r\n"));
        assert!(lines.contains("DESCRIPTION:带身份证\\; 带简历\\, 免费\\n主办"));
    }

    #[test]
    fn cancelling_changes_the_hash_and_raises_the_sequence() {
        let config = config();
        let mut e = event();
        let at = |s| jiff::Timestamp::from_second(s).unwrap();
        let first = update_state(&[&e], &config, &CalendarState::default(), at(100));
        let again = update_state(&[&e], &config, &first, at(200));
        assert_eq!(again, first);
        e.cancelled = true;
        let cancelled = update_state(&[&e], &config, &again, at(300));
        let stamp = cancelled.get("dongji@lingong.example.org").unwrap();
        assert_eq!((stamp.sequence, stamp.modified), (1, at(300)));
        let files = files(&[&e], &config, &cancelled);
        assert_eq!(files[0].0, "events/calendar.ics");
        assert_eq!(files[1].0, "events/dongji/event.ics");
        for (_, text) in &files {
            assert!(text.contains("STATUS:CANCELLED\r\n"));
            assert!(text.contains("SEQUENCE:1\r\n"));
            assert!(text.contains("DTSTAMP:19700101T000500Z\r\n"));
            assert!(text.contains("BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\n"));
        }
    }

    #[test]
    fn the_uid_host_drops_scheme_port_and_path() {
        assert_eq!(host("https://lingong.example.org"), "lingong.example.org");
        assert_eq!(host("http://127.0.0.1:1111/site/"), "127.0.0.1");
        assert_eq!(host("lingong.example.org/"), "lingong.example.org");
    }
}
