//! The contract dashboard: a known set of ledger rows and submissions, seeded straight into
//! the service's SQLite file, shows exactly the figures worked out by hand below; the events
//! chart has every month of the service period and flags the months without an event.
//!
//! "Today" is pinned with LINGONG_TODAY=2026-11-25: 270 of the 365 days of the service period
//! (2026-03-01 to 2027-02-28) have passed, so the pace of a target T is ⌈T × 270/365⌉.

use lingong_tests::{Staff, TempSite, post_json, repo_root};
use rusqlite::params;
use serde_json::json;

pub const STAFF_PASSWORD: &str = "石泉零工市场2026";
pub const AUDITOR_PASSWORD: &str = "人社局审计专用0001";
pub const TODAY: &str = "2026-11-25";
pub const PHONE: &str = "13912345678";

/// (id, kind, created_at, first_response_at, spam, rating)
type Submission = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    bool,
    Option<&'static str>,
);
/// (employer, registered_on, verified_on, activated_on)
type Signup = (
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
);

fn user_id(db: &rusqlite::Connection, name: &str) -> i64 {
    db.query_row("SELECT id FROM users WHERE name = ?1", [name], |r| r.get(0))
        .expect("user")
}

/// The fixture with two accounts, a running service (today pinned) and the seeded records.
pub fn seeded_site() -> (TempSite, lingong_tests::Intake) {
    let site = TempSite::fixture("small");
    // The official calendar the clocks run on (the fixture has none).
    for year in ["2025", "2026"] {
        let rel = format!("content/holidays/{year}.toml");
        site.write(
            &rel,
            &std::fs::read_to_string(repo_root().join(&rel)).expect("holiday file"),
        );
    }
    site.add_user("wangli", "staff", STAFF_PASSWORD);
    site.add_user("hrb", "auditor", AUDITOR_PASSWORD);
    let intake = site.start_intake(&[("LINGONG_TODAY", TODAY)]);

    // Two ratings through the public form, as residents send them (the rating is stored as
    // the form's text "5"); their times are then set to October.
    for (rating, at) in [("5", "2026-10-12T02:00:00Z"), ("2", "2026-10-13T02:00:00Z")] {
        let reply = post_json(
            &intake.url("/intake/satisfaction"),
            &json!({ "service": "岗位推荐", "rating": rating }),
        );
        assert!(reply.status < 300, "{} {}", reply.status, reply.body);
        let db = site.db();
        let (id, data, spam): (String, String, bool) = db
            .query_row(
                "SELECT id, data, spam FROM submissions WHERE kind = 'satisfaction'
                 ORDER BY rowid DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .expect("stored rating");
        let data: serde_json::Value = serde_json::from_str(&data).expect("json");
        assert_eq!(data["rating"], rating, "the rating field as stored");
        assert!(!spam);
        db.execute(
            "UPDATE submissions SET created_at = ?2 WHERE id = ?1",
            params![id, at],
        )
        .expect("date the rating");
    }

    let db = site.db();
    let staff = user_id(&db, "wangli");
    let created = "2026-11-25T01:00:00Z";

    // Submissions: (id, kind, created_at, first_response_at, spam, rating).
    let submissions: &[Submission] = &[
        // Requests (the 2-working-day clock; National Day 1–7 October, Saturday 10 October worked).
        // R1: Wednesday 30 September, due Friday 9 October, answered 9 October: in time.
        (
            "r1",
            "register",
            "2026-09-30T02:00:00Z",
            Some("2026-10-09T03:00:00Z"),
            false,
            None,
        ),
        // R2: same day, answered on the make-up Saturday 10 October: late.
        (
            "r2",
            "apply",
            "2026-09-30T02:00:00Z",
            Some("2026-10-10T02:00:00Z"),
            false,
            None,
        ),
        // R3: made on a holiday (1 October), due 9 October, answered 9 October: in time.
        (
            "r3",
            "employer",
            "2026-10-01T04:00:00Z",
            Some("2026-10-09T08:00:00Z"),
            false,
            None,
        ),
        // R4: Tuesday 29 September, due Thursday 8 October, answered 9 October: late.
        (
            "r4",
            "register",
            "2026-09-29T02:00:00Z",
            Some("2026-10-09T01:00:00Z"),
            false,
            None,
        ),
        // R5: 9 October 00:30 in Shanghai (8 October in UTC): due Monday 12 October; in time.
        (
            "r5",
            "survey",
            "2026-10-08T16:30:00Z",
            Some("2026-10-12T09:00:00Z"),
            false,
            None,
        ),
        // R6: 2 November, never answered, due 4 November: late.
        ("r6", "register", "2026-11-02T02:00:00Z", None, false, None),
        // R7: 24 November, not answered, due 26 November: left out.
        ("r7", "apply", "2026-11-24T02:00:00Z", None, false, None),
        // R8: spam, never counted.
        ("r8", "register", "2026-11-20T02:00:00Z", None, true, None),
        // R9: 23 November, answered the next day: in time.
        (
            "r9",
            "employer",
            "2026-11-23T02:00:00Z",
            Some("2026-11-24T02:00:00Z"),
            false,
            None,
        ),
        // Ratings (besides the two posted above): 4 and 5 count as satisfied.
        (
            "s3",
            "satisfaction",
            "2026-10-14T02:00:00Z",
            None,
            false,
            Some("4"),
        ),
        (
            "s4",
            "satisfaction",
            "2026-11-03T02:00:00Z",
            None,
            false,
            Some("5"),
        ),
        (
            "s5",
            "satisfaction",
            "2026-11-04T02:00:00Z",
            None,
            false,
            Some("3"),
        ),
        (
            "s6",
            "satisfaction",
            "2026-11-05T02:00:00Z",
            None,
            true,
            Some("5"),
        ), // spam
        (
            "s7",
            "satisfaction",
            "2026-02-20T02:00:00Z",
            None,
            false,
            Some("4"),
        ), // before service
    ];
    for (id, kind, at, response, spam, rating) in submissions {
        let data = match rating {
            Some(r) => json!({ "service": "岗位推荐", "rating": r }),
            None => json!({ "name": "张三", "mobile": PHONE }),
        };
        db.execute(
            "INSERT INTO submissions (id, kind, data, content_hash, spam, created_at,
             first_response_at) VALUES (?1, ?2, ?3, ?1, ?4, ?5, ?6)",
            params![id, kind, data.to_string(), spam, at, response],
        )
        .expect("submission");
    }

    // Services, in person-times: 2 in March, 7 in October (one anonymised), 3 in November,
    // one before the service began (not counted): 12.
    let mut service_dates = vec!["2026-03-05", "2026-03-20", "2026-02-27"];
    service_dates.extend(["2026-10-09"; 7]);
    service_dates.extend(["2026-11-10"; 3]);
    for (i, date) in service_dates.iter().enumerate() {
        let anonymised = (i == 3).then_some("2026-11-01T00:00:00Z");
        db.execute(
            "INSERT INTO services (person_name, person_phone, kind, channel, service_date,
             staff_id, created_at, anonymised_at) VALUES (?1, ?2, '岗位推荐', '窗口', ?3, ?4, ?5, ?6)",
            params![format!("求职者{i}"), PHONE, date, staff, created, anonymised],
        )
        .expect("service");
    }

    // Placements: (name, start, basis, on-job record, evidence files).
    let placements: &[(&str, &str, &str, &str, usize)] = &[
        ("李一", "2026-10-08", "劳动合同", "", 1), // P1 counts
        ("李二", "2026-10-15", "劳务协议", "", 2), // P2 counts
        (
            "李三",
            "2026-10-20",
            "口头协议",
            "10月22日到店查看，本人在岗",
            1,
        ), // P3 counts
        ("李四", "2026-10-21", "口头协议", "", 1), // P4: verbal without record
        ("李五", "2026-11-02", "劳动合同", "", 0), // P5: no evidence
        ("李六", "2026-09-10", "劳动合同", "", 1), // P6 counts
    ];
    let mut ids = Vec::new();
    let mut file = 0;
    for (name, start, basis, record, files) in placements {
        db.execute(
            "INSERT INTO placements (person_name, person_phone, employer, job_title, start_date,
             basis, on_job_record, staff_id, created_at)
             VALUES (?1, ?2, '石泉县好味道餐馆', '服务员', ?3, ?4, ?5, ?6, ?7)",
            params![name, PHONE, start, basis, record, staff, created],
        )
        .expect("placement");
        let id = db.last_insert_rowid();
        ids.push(id);
        for _ in 0..*files {
            file += 1;
            let sha = format!("{file:064x}");
            db.execute(
                "INSERT INTO evidence_files (sha256, mime, size, uploaded_by, uploaded_at)
                 VALUES (?1, 'image/jpeg', 1000, ?2, ?3)",
                params![sha, staff, created],
            )
            .expect("file");
            db.execute(
                "INSERT INTO evidence_links (ledger, record_id, sha256) VALUES ('placements', ?1, ?2)",
                params![id, sha],
            )
            .expect("link");
        }
    }
    // A file linked to an event with the same number as P5 gives P5 no evidence.
    db.execute(
        "INSERT INTO evidence_files (sha256, mime, size, uploaded_by, uploaded_at)
         VALUES ('ff', 'image/jpeg', 1, ?1, ?2)",
        params![staff, created],
    )
    .expect("file");
    db.execute(
        "INSERT INTO evidence_links (ledger, record_id, sha256) VALUES ('event_reports', ?1, 'ff')",
        [ids[4]],
    )
    .expect("link");

    // Follow-ups: P1 on 20 October, P3 on 5 November, P5 (not counted) on 10 November,
    // P6 on 20 September and 25 October. Counted placements followed up: P1, P3, P6 of 4.
    for (p, date) in [
        (0, "2026-10-20"),
        (2, "2026-11-05"),
        (4, "2026-11-10"),
        (5, "2026-09-20"),
        (5, "2026-10-25"),
    ] {
        db.execute(
            "INSERT INTO followups (placement_id, followup_date, method, outcome, staff_id,
             created_at) VALUES (?1, ?2, '电话', '在岗', ?3, ?4)",
            params![ids[p], date, staff, created],
        )
        .expect("follow-up");
    }

    // Events: (title, kind, date, evidence complete). Evidence is due 5 working days after.
    let events: &[(&str, &str, &str, Option<&str>)] = &[
        (
            "三月现场招聘会",
            "线下",
            "2026-03-10",
            Some("2026-03-12T02:00:00Z"),
        ),
        // Thursday 30 April: due Monday 11 May (May Day, then the make-up Saturday 9 May).
        (
            "四月直播带岗",
            "线上",
            "2026-04-30",
            Some("2026-05-11T08:00:00Z"),
        ),
        (
            "四月专场招聘会",
            "线下",
            "2026-04-30",
            Some("2026-05-12T02:00:00Z"),
        ), // late
        ("六月线上专场", "线上", "2026-06-02", None), // overdue
        (
            "七月现场招聘会",
            "线下",
            "2026-07-15",
            Some("2026-07-16T02:00:00Z"),
        ),
        (
            "七月专场招聘会",
            "线下",
            "2026-07-20",
            Some("2026-07-21T02:00:00Z"),
        ),
        // Tuesday 29 September: due Monday 12 October across National Day.
        (
            "九月直播带岗",
            "线上",
            "2026-09-29",
            Some("2026-10-09T02:00:00Z"),
        ),
        (
            "国庆后专场招聘会",
            "线下",
            "2026-10-10",
            Some("2026-10-12T02:00:00Z"),
        ),
        ("十一月现场招聘会", "线下", "2026-11-20", None), // due 27 November: not yet
        ("服务期前的招聘会", "线下", "2026-02-20", None), // before the service: not counted
    ];
    for (title, kind, date, done) in events {
        db.execute(
            "INSERT INTO event_reports (title, kind, format, event_date, evidence_done_at,
             staff_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                title,
                kind,
                if *kind == "线下" {
                    "现场招聘会"
                } else {
                    "直播带岗"
                },
                date,
                done,
                staff,
                created
            ],
        )
        .expect("event");
    }

    // Platform sign-ups: counted when verified and activated.
    let signups: &[Signup] = &[
        (
            "石泉县甲公司",
            Some("2026-10-05"),
            Some("2026-10-10"),
            Some("2026-10-12"),
        ), // counts
        (
            "石泉县乙公司",
            Some("2026-11-01"),
            Some("2026-11-03"),
            Some("2026-11-03"),
        ), // counts
        ("石泉县丙公司", Some("2026-10-05"), None, Some("2026-10-20")), // not verified
        ("石泉县丁公司", Some("2026-10-06"), None, None),
    ];
    for (employer, registered, verified, activated) in signups {
        db.execute(
            "INSERT INTO platform_signups (employer, registered_on, verified_on, activated_on,
             help, staff_id, created_at) VALUES (?1, ?2, ?3, ?4, '上门指导', ?5, ?6)",
            params![employer, registered, verified, activated, staff, created],
        )
        .expect("sign-up");
    }
    (site, intake)
}

/// The HTML of the table row with `id`.
pub fn row<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no row {id} in\n{html}"));
    let end = html[start..].find("</tr>").expect("row end") + start;
    &html[start..end]
}

/// (row id, achieved, target, pace, words): worked out by hand from the seed above.
const EXPECTED: &[(&str, &str, &str, &str, &str)] = &[
    ("kpi-events_total", "9", "28", "21", "落后进度 12"),
    ("kpi-events_offline", "6", "18", "14", "落后进度 8"),
    ("kpi-events_online", "3", "10", "8", "落后进度 5"),
    ("kpi-services", "12", "1900", "1406", "落后进度 1394"),
    ("kpi-placements", "4", "600", "444", "落后进度 440"),
    (
        "kpi-followup_rate",
        "75.0%（3/4）",
        "≥ 50%",
        "≥ 50%",
        "达标",
    ),
    ("kpi-platform_signups", "2", "100", "74", "落后进度 72"),
    (
        "kpi-response",
        "57.1%（4/7）",
        "≥ 100%",
        "≥ 100%",
        "未达标，差 42.9 个百分点",
    ),
    (
        "kpi-satisfaction",
        "60.0%（3/5）",
        "≥ 90%",
        "≥ 90%",
        "未达标，差 30.0 个百分点",
    ),
    (
        "kpi-evidence",
        "75.0%（6/8）",
        "≥ 100%",
        "≥ 100%",
        "未达标，差 25.0 个百分点",
    ),
];

fn chart(html: &str) -> roxmltree::Document<'_> {
    let start = html
        .find("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bar-chart events-chart\"")
        .expect("the chart");
    let end = html[start..].find("</svg>").expect("end of chart") + start + "</svg>".len();
    roxmltree::Document::parse(&html[start..end]).expect("well-formed SVG")
}

/// Each month of the chart with its flag, if any.
fn month_flags(doc: &roxmltree::Document) -> Vec<(String, Option<String>)> {
    doc.descendants()
        .filter_map(|g| {
            let month = g.attribute("data-month")?;
            let flag = g
                .descendants()
                .find(|n| n.attribute("class") == Some("flag"))
                .and_then(|n| n.text())
                .map(str::to_string);
            Some((month.to_string(), flag))
        })
        .collect()
}

#[test]
fn the_dashboard_shows_the_figures_worked_out_by_hand() {
    let (site, intake) = seeded_site();
    let staff = Staff::login(&intake, "wangli", STAFF_PASSWORD);
    let page = staff.get("/staff/dashboard");
    assert_eq!(page.status, 200, "{}\n{}", page.body, intake.log());
    let html = &page.body;
    assert!(
        html.contains("已过 <strong id=\"elapsed\">74.0%</strong>"),
        "270/365"
    );
    for (id, achieved, target, pace, words) in EXPECTED {
        let row = row(html, id);
        assert!(
            row.contains(&format!("<td class=\"achieved\">{achieved}</td>")),
            "{id}: {row}"
        );
        assert!(
            row.contains(&format!("<td class=\"target\">{target}</td>")),
            "{id}: {row}"
        );
        assert!(
            row.contains(&format!("<td class=\"expected\">{pace}</td>")),
            "{id}: {row}"
        );
        assert!(row.contains(words), "{id}: {row}");
        assert!(row.contains("role=\"img\""), "{id} has a bar");
    }
    assert!(row(html, "kpi-placements").contains("另有 2 人佐证不全，未计入"));
    assert!(row(html, "kpi-evidence").contains("2 场活动佐证超期"));
    assert!(html.contains("另有 <span id=\"responses-pending\">1</span> 件尚未答复"));
    // The overdue evidence: the late April fair and the June online fair.
    let overdue = &html[html.find("id=\"overdue-evidence\"").expect("overdue list")..];
    assert!(overdue.contains("四月专场招聘会") && overdue.contains("六月线上专场"));
    assert!(overdue.contains("2026-05-11"), "the due date is shown");
    assert!(!overdue.contains("十一月现场招聘会"), "not due yet");

    // Every month of the service period, March 2026 to February 2027; May and August had no
    // event and are past: 未达标. The months after November have not begun.
    let doc = chart(html);
    assert_eq!(doc.root_element().attribute("role"), Some("img"));
    assert!(
        doc.root_element()
            .children()
            .any(|n| n.has_tag_name("title"))
    );
    let flags = month_flags(&doc);
    let months: Vec<&str> = flags.iter().map(|(m, _)| m.as_str()).collect();
    assert_eq!(
        months,
        [
            "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10",
            "2026-11", "2026-12", "2027-01", "2027-02"
        ]
    );
    let flagged: Vec<(&str, &str)> = flags
        .iter()
        .filter_map(|(m, f)| Some((m.as_str(), f.as_deref()?)))
        .collect();
    assert_eq!(flagged, [("2026-05", "⚠未达标"), ("2026-08", "⚠未达标")]);
    let bars: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect"))
        .filter_map(|n| n.children().find(|c| c.has_tag_name("title")))
        .filter_map(|t| t.text().map(str::to_string))
        .collect();
    assert!(
        bars.contains(&"2026年7月 线下 2 场".to_string()),
        "{bars:?}"
    );
    assert!(
        bars.contains(&"2026年4月 线上 1 场".to_string()),
        "{bars:?}"
    );
    assert!(row(html, "month-2026-05").contains("未达标"));

    // The auditor sees the same page, without being able to change anything.
    let auditor = Staff::login(&intake, "hrb", AUDITOR_PASSWORD);
    let seen = auditor.get("/staff/dashboard");
    assert_eq!(seen.status, 200);
    assert!(row(&seen.body, "kpi-services").contains("<td class=\"achieved\">12</td>"));
    drop(intake);

    // On 3 December, December has no event yet: 待完成, not 未达标.
    let intake = site.start_intake(&[("LINGONG_TODAY", "2026-12-03")]);
    let staff = Staff::login(&intake, "wangli", STAFF_PASSWORD);
    let page = staff.get("/staff/dashboard");
    let flags = month_flags(&chart(&page.body));
    let december = flags
        .iter()
        .find(|(m, _)| m == "2026-12")
        .expect("December");
    assert_eq!(december.1.as_deref(), Some("待完成"));
    let november = flags
        .iter()
        .find(|(m, _)| m == "2026-11")
        .expect("November");
    assert_eq!(november.1, None);
}
