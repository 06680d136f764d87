//! The five ledgers (台账) through their forms, as staff use them: create, list (masked phones,
//! filters), detail, edit, CSV export for Excel (BOM, Chinese headers, audited); refusals that
//! keep what was typed; the events' evidence deadline over the National Day holiday; the
//! auditor reads and exports but cannot write.

use lingong_tests::{Staff, TempSite, repo_root};

const STAFF_PASSWORD: &str = "石泉零工市场2026";
const AUDITOR_PASSWORD: &str = "人社局审计专用0001";

fn site_with_accounts() -> TempSite {
    let site = TempSite::fixture("small");
    site.add_user("wangli", "staff", STAFF_PASSWORD);
    site.add_user("hrb", "auditor", AUDITOR_PASSWORD);
    // The official 2026 calendar, so deadlines skip the National Day holiday.
    let holidays = std::fs::read_to_string(repo_root().join("content/holidays/2026.toml"))
        .expect("the 2026 holiday file");
    site.write("content/holidays/2026.toml", &holidays);
    site
}

fn count(site: &TempSite, sql: &str) -> i64 {
    site.db().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Creates a row through the form and returns its detail page's path.
fn create(staff: &Staff, ledger: &str, pairs: &[(&str, &str)]) -> String {
    let reply = staff.post(&format!("/staff/ledgers/{ledger}"), pairs);
    assert_eq!(reply.status, 303, "{ledger}: {}", reply.body);
    let location = reply.location.expect("the new row's page");
    assert!(
        location.starts_with(&format!("/staff/ledgers/{ledger}/")),
        "{location}"
    );
    location
}

const PLACEMENT: &[(&str, &str)] = &[
    ("person_name", "李娟"),
    ("person_phone", "13912345678"),
    ("employer", "石泉县饶峰镇富硒茶厂"),
    ("job_title", "采茶工"),
    ("start_date", "2026-10-12"),
    ("basis", "劳务协议"),
    ("pay_record", "10月工资 2600 元已发，微信转账截图存档"),
];

#[test]
fn staff_keep_each_ledger_through_its_forms_and_export_it_for_excel() {
    let site = site_with_accounts();
    let intake = site.start_intake(&[]);
    let staff = Staff::login(&intake, "wangli", STAFF_PASSWORD);

    let index = staff.get("/staff/ledgers/");
    assert_eq!(index.status, 200);
    for title in [
        "就业服务台账",
        "成功就业台账",
        "回访台账",
        "招聘活动台账",
        "平台入驻台账",
    ] {
        assert!(index.body.contains(title), "{title}: {}", index.body);
    }

    let service = create(
        &staff,
        "services",
        &[
            ("person_name", "张三"),
            ("person_phone", "138 1234 5678"),
            ("kind", "岗位推荐"),
            ("channel", "窗口"),
            ("service_date", "2026-11-02"),
            ("note", "推荐到茶厂"),
        ],
    );
    let placement = create(&staff, "placements", PLACEMENT);
    let placement_id = placement.rsplit('/').next().unwrap().to_string();
    let followup = create(
        &staff,
        "followups",
        &[
            ("placement_id", &placement_id),
            ("followup_date", "2026-11-12"),
            ("method", "电话"),
            ("outcome", "在岗"),
            ("problem", "想换到离家近的车间"),
            ("problem_solved", "1"),
        ],
    );
    let event = create(
        &staff,
        "events",
        &[
            ("title", "2026 年秋季现场招聘会"),
            ("kind", "线下"),
            ("format", "现场招聘会"),
            ("event_date", "2026-11-06"),
            ("place", "石泉县人社局广场"),
            ("employers", "富硒茶厂\n石泉县建安公司\n\n汉江宾馆"),
            ("jobs_offered", "86"),
            ("attendees", "420"),
            ("seekers_registered", "133"),
        ],
    );
    // A made-up code whose last character fails the check: kept, and flagged.
    let body = "91610922MA70ABCD1";
    let right = lingong_site::domain::CreditCode::parse(&format!("{body}0"))
        .unwrap()
        .expected_check_char();
    let wrong_code = format!("{body}{}", if right == '0' { '1' } else { '0' });
    let signup = create(
        &staff,
        "signups",
        &[
            ("employer", "石泉县汉江宾馆有限公司"),
            ("credit_code", &wrong_code),
            ("registered_on", "2026-10-20"),
            ("verified_on", "2026-10-21"),
            ("help", "上门指导"),
        ],
    );

    // Lists: the row is there, the phone masked, the services counted in person-times.
    let services = staff.get("/staff/ledgers/services");
    assert_eq!(services.status, 200);
    assert!(services.body.contains("张三") && services.body.contains("138****5678"));
    assert!(
        !services.body.contains("13812345678"),
        "a list never shows a full number"
    );
    assert!(
        services.body.contains("共 <strong>1</strong> 人次"),
        "{}",
        services.body
    );
    let placements = staff.get("/staff/ledgers/placements");
    assert!(placements.body.contains("139****5678") && !placements.body.contains("13912345678"));
    let followups = staff.get("/staff/ledgers/followups");
    assert!(followups.body.contains("李娟") && followups.body.contains("在岗"));
    let events = staff.get("/staff/ledgers/events");
    assert!(events.body.contains("2026 年秋季现场招聘会"));
    let signups = staff.get("/staff/ledgers/signups");
    assert!(signups.body.contains("校验位不符"), "{}", signups.body);

    // Filters: by date range and by text.
    let none = staff.get("/staff/ledgers/services?from=2026-11-03&to=2026-11-30");
    assert!(!none.body.contains("张三") && none.body.contains("共 <strong>0</strong> 人次"));
    let by_text = staff.get("/staff/ledgers/services?q=%E5%BC%A0");
    assert!(by_text.body.contains("张三"));

    // Detail pages: the full number for the person who has to call, derived values.
    let detail = staff.get(&service);
    assert_eq!(detail.status, 200);
    assert!(detail.body.contains("13812345678") && detail.body.contains("wangli"));
    assert_eq!(
        count(
            &site,
            "SELECT count(*) FROM audit_log WHERE action = 'view_personal' AND target = 'services/1'"
        ),
        1,
        "who saw the full number is logged"
    );
    let detail = staff.get(&placement);
    assert!(
        detail.body.contains("想换到离家近的车间"),
        "its follow-ups are listed"
    );
    assert!(
        detail
            .body
            .contains(&format!("followups/new?placement={placement_id}"))
    );
    assert_eq!(staff.get(&followup).status, 200);
    let detail = staff.get(&event);
    assert!(
        detail.body.contains("<dt>参会企业数</dt><dd>3</dd>"),
        "{}",
        detail.body
    );
    assert!(staff.get(&signup).body.contains("请对照营业执照核对"));
    assert_eq!(staff.get("/staff/ledgers/services/999").status, 404);
    assert_eq!(staff.get("/staff/ledgers/nonsense").status, 404);

    // Edit: the change is stored and audited.
    let edited = staff.post(
        &service,
        &[
            ("person_name", "张三"),
            ("person_phone", "13812345678"),
            ("kind", "岗位推荐"),
            ("channel", "电话"),
            ("service_date", "2026-11-02"),
            ("note", "推荐到茶厂，已电话确认"),
        ],
    );
    assert_eq!(edited.status, 303, "{}", edited.body);
    let channel: String = site
        .db()
        .query_row("SELECT channel FROM services", [], |r| r.get(0))
        .unwrap();
    assert_eq!(channel, "电话");
    assert_eq!(
        count(
            &site,
            "SELECT count(*) FROM audit_log WHERE action = 'create'"
        ),
        5
    );
    let detail: String = site
        .db()
        .query_row(
            "SELECT detail FROM audit_log WHERE action = 'update' AND target = 'services/1'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        detail.contains("服务方式") && detail.contains("备注"),
        "{detail}"
    );

    // CSV: BOM first, Chinese headers, the rows; every export logged with its filters.
    let (status, content_type, bytes) = staff.get_bytes("/staff/ledgers/services.csv?q=%E5%BC%A0");
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/csv"), "{content_type}");
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "编号,姓名,联系电话,服务类型,服务方式,服务日期,备注,服务人员,录入时间"
    );
    let row = lines.next().unwrap();
    assert!(
        row.starts_with("1,张三,13812345678,岗位推荐,电话,2026-11-02,"),
        "{row}"
    );
    for ledger in ["placements", "followups", "events", "signups"] {
        let (status, _, bytes) = staff.get_bytes(&format!("/staff/ledgers/{ledger}.csv"));
        assert_eq!(status, 200);
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        // Records end in CRLF; a line break inside a cell (the employers) is a bare LF.
        assert_eq!(
            String::from_utf8_lossy(&bytes).matches("\r\n").count(),
            2,
            "{ledger}"
        );
    }
    let (_, _, bytes) = staff.get_bytes("/staff/ledgers/events.csv");
    let events_csv = String::from_utf8(bytes).unwrap();
    assert!(events_csv.contains("活动名称") && events_csv.contains("参会企业数"));
    assert!(
        events_csv.contains("\"富硒茶厂\n石泉县建安公司\n汉江宾馆\""),
        "{events_csv}"
    );
    let exports: Vec<(String, String, String)> = {
        let db = site.db();
        let mut stmt = db
            .prepare(
                "SELECT u.name, a.target, a.detail FROM audit_log a JOIN users u ON u.id = a.user_id
                 WHERE a.action = 'export' ORDER BY a.id",
            )
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(exports.len(), 6);
    assert_eq!(exports[0].0, "wangli");
    assert_eq!(exports[0].1, "services");
    assert!(
        exports[0].2.contains("张"),
        "the filter is logged: {}",
        exports[0].2
    );
}

#[test]
fn an_invalid_form_is_shown_again_with_every_value_and_a_message_and_nothing_is_stored() {
    let site = site_with_accounts();
    let intake = site.start_intake(&[]);
    let staff = Staff::login(&intake, "wangli", STAFF_PASSWORD);

    // An oral agreement needs a record of who saw the person at work.
    let mut oral = PLACEMENT.to_vec();
    oral.retain(|(k, _)| *k != "basis");
    oral.push(("basis", "口头协议"));
    let reply = staff.post("/staff/ledgers/placements", &oral);
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert!(
        reply.body.contains("口头协议须填写在岗核实记录"),
        "{}",
        reply.body
    );
    assert!(
        reply.body.contains("value=\"石泉县饶峰镇富硒茶厂\""),
        "values are kept"
    );
    assert!(reply.body.contains("微信转账截图存档"), "long text is kept");
    assert!(reply.body.contains("<option value=\"口头协议\" selected>"));
    assert_eq!(count(&site, "SELECT count(*) FROM placements"), 0);

    // An online event needs its stream; an offline format on an online event is refused.
    let reply = staff.post(
        "/staff/ledgers/events",
        &[
            ("title", "直播带岗：茶厂专场"),
            ("kind", "线上"),
            ("format", "现场招聘会"),
            ("event_date", "2026-11-10"),
        ],
    );
    assert_eq!(reply.status, 422);
    assert!(
        reply.body.contains("线上活动须填写直播链接"),
        "{}",
        reply.body
    );
    assert!(
        reply
            .body
            .contains("线上活动的形式只能是直播带岗或线上专场")
    );
    assert!(reply.body.contains("value=\"直播带岗：茶厂专场\""));
    assert_eq!(count(&site, "SELECT count(*) FROM event_reports"), 0);

    // A follow-up cannot come before the placement started.
    let placement = create(&staff, "placements", PLACEMENT);
    let id = placement.rsplit('/').next().unwrap();
    let reply = staff.post(
        "/staff/ledgers/followups",
        &[
            ("placement_id", id),
            ("followup_date", "2026-10-10"),
            ("method", "上门"),
            ("outcome", "在岗"),
        ],
    );
    assert_eq!(reply.status, 422);
    assert!(
        reply.body.contains("回访日期不能早于上岗日期 2026-10-12"),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("value=\"2026-10-10\""));
    assert_eq!(count(&site, "SELECT count(*) FROM followups"), 0);

    // A bad phone and an empty required field, on the edit form this time: nothing changes.
    let mut broken = PLACEMENT.to_vec();
    broken.retain(|(k, _)| !matches!(*k, "person_phone" | "employer"));
    broken.push(("person_phone", "1391234"));
    let reply = staff.post(&placement, &broken);
    assert_eq!(reply.status, 422);
    assert!(reply.body.contains("请填写用工单位") && reply.body.contains("value=\"1391234\""));
    let phone: String = site
        .db()
        .query_row("SELECT person_phone FROM placements", [], |r| r.get(0))
        .unwrap();
    assert_eq!(phone, "13912345678");
    assert_eq!(
        count(
            &site,
            "SELECT count(*) FROM audit_log WHERE action = 'update'"
        ),
        0
    );

    // Platform steps in order.
    let reply = staff.post(
        "/staff/ledgers/signups",
        &[
            ("employer", "石泉县某公司"),
            ("help", "线上培训"),
            ("registered_on", "2026-10-20"),
            ("verified_on", "2026-10-18"),
        ],
    );
    assert_eq!(reply.status, 422);
    assert!(
        reply.body.contains("实名认证日期不能早于注册日期"),
        "{}",
        reply.body
    );
    assert_eq!(count(&site, "SELECT count(*) FROM platform_signups"), 0);
}

#[test]
fn event_evidence_is_due_five_working_days_after_skipping_national_day_and_late_is_flagged() {
    let site = site_with_accounts();
    let intake = site.start_intake(&[]);
    let staff = Staff::login(&intake, "wangli", STAFF_PASSWORD);
    // Wednesday 30 September 2026, the day before the National Day holiday (1-7 October,
    // Saturday 10 October a make-up workday): 8, 9, 10, 12, 13 October are the five days.
    let event = create(
        &staff,
        "events",
        &[
            ("title", "国庆前专场招聘会"),
            ("kind", "线下"),
            ("format", "专场招聘会"),
            ("event_date", "2026-09-30"),
            ("place", "城关镇社区服务中心"),
        ],
    );
    let today = lingong_site::today::today_in_shanghai().to_string();
    create(
        &staff,
        "events",
        &[
            ("title", "今天的直播带岗"),
            ("kind", "线上"),
            ("format", "直播带岗"),
            ("event_date", &today),
            ("stream_url", "https://live.example.cn/shiquan/1"),
        ],
    );
    let list = staff.get("/staff/ledgers/events");
    let past_row = list
        .body
        .lines()
        .find(|l| l.contains("国庆前专场招聘会"))
        .expect("the past event's row");
    assert!(past_row.contains("<td>2026-10-13</td>"), "{past_row}");
    assert!(past_row.contains("class=\"overdue\"") && past_row.contains("超时未交齐"));
    let today_row = list
        .body
        .lines()
        .find(|l| l.contains("今天的直播带岗"))
        .expect("today's event's row");
    assert!(
        !today_row.contains("overdue") && today_row.contains("待补"),
        "{today_row}"
    );
    let detail = staff.get(&event);
    assert!(detail.body.contains("截止 2026-10-13"), "{}", detail.body);
}

#[test]
fn the_auditor_reads_and_exports_the_ledgers_but_cannot_write() {
    let site = site_with_accounts();
    let intake = site.start_intake(&[]);
    let staff = Staff::login(&intake, "wangli", STAFF_PASSWORD);
    let placement = create(&staff, "placements", PLACEMENT);
    let auditor = Staff::login(&intake, "hrb", AUDITOR_PASSWORD);

    let list = auditor.get("/staff/ledgers/placements");
    assert_eq!(list.status, 200);
    assert!(list.body.contains("李娟") && !list.body.contains("新增就业记录"));
    let detail = auditor.get(&placement);
    assert_eq!(detail.status, 200);
    assert!(
        !detail.body.contains("保存修改"),
        "no edit form for the auditor"
    );
    let (status, _, bytes) = auditor.get_bytes("/staff/ledgers/placements.csv");
    assert_eq!(status, 200);
    assert!(bytes.starts_with(b"\xEF\xBB\xBF") && String::from_utf8_lossy(&bytes).contains("李娟"));
    assert_eq!(
        count(
            &site,
            "SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.user_id
             WHERE a.action = 'export' AND u.name = 'hrb'"
        ),
        1
    );

    let create_reply = auditor.post("/staff/ledgers/placements", PLACEMENT);
    assert_eq!(create_reply.status, 403);
    let edit_reply = auditor.post(&placement, PLACEMENT);
    assert_eq!(edit_reply.status, 403);
    assert_eq!(count(&site, "SELECT count(*) FROM placements"), 1);
    assert_eq!(
        count(
            &site,
            "SELECT count(*) FROM audit_log WHERE action = 'update'"
        ),
        0
    );
}
