//! The event calendar: the month grids on `/events/`, "加入日历" on event pages, and the
//! iCalendar files read back with a real parser (the `icalendar` crate).

use icalendar::parser::{Component, read_components, unfold};
use icalendar::{Component as _, DatePerhapsTime};
use lingong_tests::TempSite;

const TODAY: &str = "2026-11-25";

/// A title of 28 Chinese characters (84 octets) with a comma and a semicolon, cancelled.
const LONG_TITLE: &str =
    "石泉县二〇二六年冬季返乡人员就业服务月暨零工专场招聘会，城关镇会场;第二场";

const CANCELLED_EVENT: &str = r#"+++
title = "石泉县二〇二六年冬季返乡人员就业服务月暨零工专场招聘会，城关镇会场;第二场"
description = "带好身份证\n和简历"

[extra]
kind = "线下"
format = "现场招聘会"
start = 2026-12-12T09:00:00
end = 2026-12-12T11:30:00
organizer = "石泉县零工市场"
location = "城关镇文化广场, 东侧"
cancelled = true
+++
因天气原因取消。
"#;

fn site_with_long_cancelled_event() -> TempSite {
    let site = TempSite::fixture("small");
    site.write("content/events/2026-12-fuwuyue.md", CANCELLED_EVENT);
    site.write(
        "content/events/2027-01-caogao.md",
        &CANCELLED_EVENT
            .replace("cancelled = true", "")
            .replace("title = \"", "draft = true\ntitle = \"草稿"),
    );
    site
}

/// Every content line of a file, checked for CRLF ends and the 75-octet limit.
fn assert_lines_are_crlf_and_folded(text: &str) {
    assert!(text.ends_with("\r\n"), "ends in CRLF");
    for (i, line) in text.split("\r\n").enumerate() {
        assert!(!line.contains('\n'), "line {i} holds a bare LF: {line:?}");
        assert!(
            line.len() <= 75,
            "line {i} is {} octets: {line:?}",
            line.len()
        );
    }
}

fn vevents<'a>(calendar: &'a [Component<'a>]) -> Vec<&'a Component<'a>> {
    calendar
        .iter()
        .flat_map(|c| c.components.iter())
        .filter(|c| c.name.as_str() == "VEVENT")
        .collect()
}

fn prop<'a>(component: &'a Component<'a>, name: &str) -> &'a str {
    component
        .find_prop(name)
        .unwrap_or_else(|| panic!("{name} missing"))
        .val
        .as_str()
}

#[test]
fn the_calendar_files_parse_with_stable_uids_a_time_zone_and_folded_lines() {
    let site = site_with_long_cancelled_event();
    site.site(&["build", "--today", TODAY]).expect_code(0);
    let all = site.read("public/events/calendar.ics");
    assert_lines_are_crlf_and_folded(&all);
    assert!(
        all.contains("\r\n "),
        "the long title and descriptions are folded"
    );

    let unfolded = unfold(&all);
    let root = &read_components(&unfolded).expect("calendar.ics parses");
    assert_eq!(root.len(), 1);
    let calendar = &root[0];
    assert_eq!(calendar.name.as_str(), "VCALENDAR");
    assert_eq!(prop(calendar, "VERSION"), "2.0");
    assert!(prop(calendar, "PRODID").contains("lingong"));
    let zone = calendar
        .components
        .iter()
        .find(|c| c.name.as_str() == "VTIMEZONE")
        .expect("a VTIMEZONE");
    assert_eq!(prop(zone, "TZID"), "Asia/Shanghai");

    let events = vevents(root);
    assert_eq!(events.len(), 3, "every published event, not the draft");
    for event in &events {
        assert!(prop(event, "UID").ends_with("@lingong.example.org"));
        let stamp = prop(event, "DTSTAMP");
        assert!(
            stamp.len() == 16 && stamp.ends_with('Z'),
            "DTSTAMP in UTC: {stamp}"
        );
        for name in ["DTSTART", "DTEND"] {
            let p = event.find_prop(name).expect(name);
            let tzid = p.params.iter().find(|p| p.key.as_str() == "TZID");
            assert_eq!(
                tzid.and_then(|t| t.val.as_ref()).map(|v| v.as_str()),
                Some("Asia/Shanghai"),
                "{name} names the zone the VTIMEZONE describes"
            );
        }
        assert!(prop(event, "SEQUENCE").parse::<u32>().is_ok());
    }
    let uids: Vec<&str> = events.iter().map(|e| prop(e, "UID")).collect();
    assert!(uids.contains(&"2026-12-zhuanchang@lingong.example.org"));

    // The high-level reader unescapes TEXT: the title comes back exactly as written.
    let calendar: icalendar::Calendar = all.parse().expect("parses into a Calendar");
    let cancelled = calendar
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .find(|e| e.get_uid() == Some("2026-12-fuwuyue@lingong.example.org"))
        .expect("the cancelled event");
    assert!(LONG_TITLE.len() > 75);
    assert_eq!(cancelled.get_summary(), Some(LONG_TITLE));
    assert_eq!(
        cancelled.get_status(),
        Some(icalendar::EventStatus::Cancelled)
    );
    assert_eq!(
        cancelled.property_value("LOCATION"),
        Some("城关镇文化广场, 东侧")
    );
    assert!(
        cancelled
            .get_description()
            .is_some_and(|d| d.contains("带好身份证\n和简历"))
    );
    match cancelled.get_start() {
        Some(DatePerhapsTime::DateTime(icalendar::CalendarDateTime::WithTimezone {
            date_time,
            tzid,
        })) => {
            assert_eq!(tzid, "Asia/Shanghai");
            assert_eq!(date_time.to_string(), "2026-12-12 09:00:00");
        }
        other => panic!("DTSTART with a zone, got {other:?}"),
    }

    // The online event points to its stream instead of a place.
    let online = calendar
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .find(|e| e.get_uid() == Some("2026-10-zhibo@lingong.example.org"))
        .expect("the livestream");
    assert_eq!(
        online.property_value("URL"),
        Some("https://live.example.org/lingong/202610")
    );
    assert_eq!(online.property_value("LOCATION"), None);
}

#[test]
fn each_event_has_its_own_ics_file_with_the_same_uid() {
    let site = site_with_long_cancelled_event();
    site.site(&["build", "--today", TODAY]).expect_code(0);
    let one = site.read("public/events/2026-12-fuwuyue/event.ics");
    assert_lines_are_crlf_and_folded(&one);
    let unfolded = unfold(&one);
    let parsed = read_components(&unfolded).expect("event.ics parses");
    let events = vevents(&parsed);
    assert_eq!(events.len(), 1);
    assert_eq!(
        prop(events[0], "UID"),
        "2026-12-fuwuyue@lingong.example.org"
    );
    assert_eq!(prop(events[0], "STATUS"), "CANCELLED");
    assert!(one.contains("BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\n"));
}

fn sequence_and_stamp(site: &TempSite, slug: &str) -> (String, u32, String) {
    let text = site.read(&format!("public/events/{slug}/event.ics"));
    let unfolded = unfold(&text);
    let parsed = read_components(&unfolded).expect("parses");
    let event = vevents(&parsed)[0];
    (
        prop(event, "UID").to_string(),
        prop(event, "SEQUENCE").parse().expect("a number"),
        prop(event, "DTSTAMP").to_string(),
    )
}

#[test]
fn editing_an_event_raises_its_sequence_and_keeps_its_uid() {
    let site = TempSite::fixture("small");
    let slug = "2026-12-zhuanchang";
    let file = format!("content/events/{slug}.md");
    site.site(&["build", "--today", TODAY]).expect_code(0);
    let (uid, sequence, _) = sequence_and_stamp(&site, slug);
    assert_eq!(sequence, 0);
    assert!(
        site.path("data/calendar-state.json").is_file(),
        "the state is kept under the root"
    );

    // An unchanged rebuild gives the same bytes.
    let before = site.read("public/events/calendar.ics");
    site.site(&["build", "--today", TODAY]).expect_code(0);
    assert_eq!(site.read("public/events/calendar.ics"), before);

    // A failed build moves nothing.
    let original = site.read(&file);
    site.write("content/jobs/broken.md", "+++\ntitle = \n+++\n");
    site.site(&["build", "--today", TODAY]).expect_code(1);
    std::fs::remove_file(site.path("content/jobs/broken.md")).expect("remove");
    let state = site.read("data/calendar-state.json");

    site.write(
        &file,
        &original.replace("零工市场服务大厅前广场", "县体育馆"),
    );
    site.site(&["check", "--today", TODAY]).expect_code(0);
    assert_eq!(
        site.read("data/calendar-state.json"),
        state,
        "check never writes"
    );
    site.site(&["build", "--today", TODAY]).expect_code(0);
    let (uid_after, sequence_after, _) = sequence_and_stamp(&site, slug);
    assert_eq!(uid_after, uid, "the UID never changes");
    assert_eq!(sequence_after, 1, "an edit raises SEQUENCE by one");
    assert_ne!(site.read("data/calendar-state.json"), state);
    let event = site.read(&format!("public/events/{slug}/event.ics"));
    assert!(event.contains("LOCATION:县体育馆"));

    // Cancelling is another change.
    site.write(
        &file,
        &site
            .read(&file)
            .replace("[extra]\n", "[extra]\ncancelled = true\n"),
    );
    site.site(&["build", "--today", TODAY]).expect_code(0);
    let (_, sequence_cancelled, _) = sequence_and_stamp(&site, slug);
    assert_eq!(sequence_cancelled, 2);
    assert!(
        site.read(&format!("public/events/{slug}/event.ics"))
            .contains("STATUS:CANCELLED")
    );
}

#[test]
fn the_events_page_shows_month_grids_with_today_marked() {
    let site = TempSite::fixture("small");
    site.site(&["build", "--today", "2026-12-05"])
        .expect_code(0);
    let html = site.read("public/events/index.html");
    assert!(html.contains("<caption>2026年10月</caption>"));
    assert!(html.contains("<caption>2026年12月</caption>"));
    assert!(
        !html.contains("<caption>2026年11月</caption>"),
        "no events in November"
    );
    assert_eq!(html.matches("aria-current=\"date\"").count(), 1);
    let today = html
        .split("aria-current=\"date\">")
        .nth(1)
        .expect("today's cell");
    assert!(
        today.starts_with("<span class=\"day\">5</span><span class=\"today-label\">今天</span>")
    );
    assert!(today.contains("href=\"/events/2026-12-zhuanchang/\""));
    assert!(html.contains("href=\"/events/calendar.ics\""));
}

#[test]
fn event_pages_offer_add_to_calendar_with_a_hint_for_wechat() {
    let site = TempSite::fixture("small");
    site.site(&["build", "--today", TODAY]).expect_code(0);
    let html = site.read("public/events/2026-12-zhuanchang/index.html");
    assert!(html.contains("href=\"/events/2026-12-zhuanchang/event.ics\">加入日历</a>"));
    assert!(
        site.path("public/events/2026-12-zhuanchang/event.ics")
            .is_file()
    );
    assert!(html.contains("class=\"wechat-hint\""));
    assert!(html.contains("MicroMessenger"));
    let css = site.read("public/style.css");
    assert!(css.contains(".wechat-hint { display: none; }"));
    assert!(css.contains(".wx .wechat-hint { display: block;"));
}
