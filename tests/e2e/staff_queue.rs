//! The staff queue over real HTTP: submissions from the public forms appear with masked phones,
//! filters and search find them, a status change is recorded with its handler and the first
//! response, the 2-working-day clock marks what is late, the auditor only reads, and matching
//! ranks jobs for a seeker and records a recommendation in the services ledger.

use lingong_tests::{Staff, TempSite, post_form, repo_root};

pub const STAFF_PASSWORD: &str = "石泉零工市场2026";
pub const AUDITOR_PASSWORD: &str = "人社局审计专用0001";

/// The small fixture with the 2026 holidays, two 保洁 jobs (one in 城关镇) and two accounts.
pub fn site() -> TempSite {
    let site = TempSite::fixture("small");
    site.append_config("\n[intake]\nrate_per_minute = 100000\nrate_burst = 100000\n");
    let holidays = std::fs::read_to_string(repo_root().join("content/holidays/2026.toml"))
        .expect("the 2026 holidays");
    site.write("content/holidays/2026.toml", &holidays);
    for (slug, title, township, pay) in [
        ("baojie-chihe", "池河镇敬老院招保洁员", "池河镇", 150),
        ("baojie-chengguan", "城关镇商场招保洁员", "城关镇", 120),
    ] {
        site.write(
            &format!("content/jobs/{slug}.md"),
            &format!(
                "+++\ntitle = \"{title}\"\ndate = 2026-11-20\n\n[taxonomies]\ncategory = [\"保洁\"]\n\
                 township = [\"{township}\"]\n\n[extra]\nemployer = \"{township}某单位\"\npay = {pay}\n\
                 pay_unit = \"元/天\"\nheadcount = 2\nvalid_through = 2099-12-31\n\
                 phone = \"13800000002\"\naddress = \"{township}\"\n+++\n打扫卫生，擦玻璃。\n"
            ),
        );
    }
    site.add_user("wangli", "staff", STAFF_PASSWORD);
    site.add_user("hrb", "auditor", AUDITOR_PASSWORD);
    site
}

pub fn register(name: &str, mobile: &str, township: &str, category: &str) -> Vec<(String, String)> {
    [
        ("name", name),
        ("mobile", mobile),
        ("birth_year", "1970"),
        ("township", township),
        ("village", "某村"),
        ("categories", category),
        ("skills", "打扫卫生、做饭"),
        ("availability", "随时可以"),
        ("consent", "同意"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// Posts a form through the public endpoint, as a resident's browser does.
pub fn submit(intake: &lingong_tests::Intake, form: &str, pairs: &[(String, String)]) {
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let reply = post_form(&intake.url(&format!("/intake/{form}")), &pairs);
    assert_eq!(reply.status, 303, "{form}: {}", reply.body);
}

/// The id of the submission whose data has this name.
pub fn id_of(site: &TempSite, name: &str) -> String {
    site.db()
        .query_row(
            "SELECT id FROM submissions WHERE json_extract(data, '$.name') = ?1",
            [name],
            |r| r.get(0),
        )
        .expect("submission id")
}

fn employer_need() -> Vec<(String, String)> {
    [
        ("employer", "石泉县老街面馆"),
        ("contact", "王女士"),
        ("mobile", "13991500000"),
        ("title", "招保洁员"),
        ("category", "保洁"),
        ("headcount", "1"),
        ("pay", "100"),
        ("pay_unit", "元/天"),
        ("employment_type", "临时"),
        ("township", "城关镇"),
        ("address", "老街 28 号"),
        ("duties", "打扫卫生"),
        ("no_fee", "同意"),
        ("consent", "同意"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// The table row of the queue page that holds `needle`.
fn row_with<'a>(html: &'a str, needle: &str) -> &'a str {
    let at = html
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} in\n{html}"));
    let start = html[..at].rfind("<tr").expect("row start");
    let end = at + html[at..].find("</tr>").expect("row end");
    &html[start..end]
}

#[test]
fn submissions_from_the_forms_are_worked_through_the_queue_on_the_two_day_clock() {
    let site = site();
    let intake = site.start_intake(&[]);
    submit(
        &intake,
        "register",
        &register("张秀英", "139 9151 2345", "池河镇", "餐饮"),
    );
    submit(
        &intake,
        "register",
        &register("李建国", "13800001111", "城关镇", "保洁"),
    );
    submit(&intake, "employer", &employer_need());
    let spam: Vec<(String, String)> = [
        ("service", "岗位推荐"),
        ("rating", "5"),
        ("website", "http://x.example"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    submit(&intake, "satisfaction", &spam);

    let staff = Staff::login(&intake, "wangli", STAFF_PASSWORD);
    let queue = staff.get("/staff/queue");
    assert_eq!(queue.status, 200, "{}", queue.body);
    assert!(queue.body.contains("张秀英") && queue.body.contains("李建国"));
    assert!(queue.body.contains("139****2345"), "masked phone");
    assert!(
        !queue.body.contains("13991512345"),
        "no full phone in the list"
    );
    assert!(!queue.body.contains("13800001111"));
    assert!(queue.body.contains("石泉县老街面馆（王女士）"));
    assert!(!queue.body.contains("隐藏字段"), "spam is kept apart");
    let spam_tab = staff.get("/staff/queue?status=垃圾");
    assert!(spam_tab.body.contains("隐藏字段"), "{}", spam_tab.body);
    assert!(spam_tab.body.contains("满意度调查"));
    assert!(!spam_tab.body.contains("张秀英"));
    assert!(queue.body.contains("垃圾 1 条"));

    // Filters and search.
    let employers = staff.get("/staff/queue?kind=employer");
    assert!(employers.body.contains("石泉县老街面馆") && !employers.body.contains("张秀英"));
    let chengguan = staff.get("/staff/queue?township=%E5%9F%8E%E5%85%B3%E9%95%87");
    assert!(chengguan.body.contains("李建国") && !chengguan.body.contains("张秀英"));
    let by_name = staff.get("/staff/queue?q=%E7%A7%80%E8%8B%B1");
    assert!(by_name.body.contains("张秀英") && !by_name.body.contains("李建国"));
    let by_phone = staff.get("/staff/queue?q=138+0000+1111");
    assert!(by_phone.body.contains("李建国") && !by_phone.body.contains("张秀英"));
    let by_tail = staff.get("/staff/queue?q=2345");
    assert!(by_tail.body.contains("张秀英") && !by_tail.body.contains("李建国"));
    let bad_date = staff.get("/staff/queue?from=yesterday");
    assert_eq!(bad_date.status, 200);
    assert!(bad_date.body.contains("不是日期"), "{}", bad_date.body);

    // A status change: history, handler, first response, audit line.
    let zhang = id_of(&site, "张秀英");
    let reply = staff.post(
        &format!("/staff/queue/{zhang}/status"),
        &[("status", "已联系"), ("note", "已电话联系，下周来面试")],
    );
    assert_eq!(reply.status, 303, "{}", reply.body);
    let (status, handler, first): (String, String, Option<String>) = site
        .db()
        .query_row(
            "SELECT s.status, u.name, s.first_response_at FROM submissions s
             JOIN users u ON u.id = s.handled_by WHERE s.id = ?1",
            [&zhang],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((status.as_str(), handler.as_str()), ("已联系", "wangli"));
    let first = first.expect("first response recorded");
    let detail = staff.get(&format!("/staff/queue/{zhang}"));
    assert!(detail.body.contains("已电话联系，下周来面试") && detail.body.contains("wangli"));
    assert!(detail.body.contains("按时答复"), "{}", detail.body);
    // A later change keeps the first response time.
    staff.post(
        &format!("/staff/queue/{zhang}/status"),
        &[("status", "已关闭")],
    );
    let (history, first_again): (i64, String) = site
        .db()
        .query_row(
            "SELECT (SELECT count(*) FROM submission_history WHERE submission_id = ?1),
                    first_response_at FROM submissions WHERE id = ?1",
            [&zhang],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((history, first_again.as_str()), (2, first.as_str()));
    let audited: i64 = site
        .db()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'status' AND target = ?1",
            [&zhang],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 2);
    let closed = staff.get("/staff/queue?status=%E5%B7%B2%E5%85%B3%E9%97%AD");
    assert!(closed.body.contains("张秀英") && !closed.body.contains("李建国"));

    // An invalid status is refused with a message and changes nothing.
    let wrong = staff.post(
        &format!("/staff/queue/{zhang}/status"),
        &[("status", "完成")],
    );
    assert_eq!(wrong.status, 422);
    assert!(wrong.body.contains("没有“完成”这个状态"), "{}", wrong.body);
    let unchanged: String = site
        .db()
        .query_row(
            "SELECT status FROM submissions WHERE id = ?1",
            [&zhang],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unchanged, "已关闭");

    // The clock. 李建国 submitted 8 October (01:00 in Shanghai, still the 7th in UTC), after
    // National Day: due Saturday 10 October, a make-up workday; never answered, so overdue.
    // 张秀英 submitted Wednesday 30 September: due Friday 9 October (1–7 October are off),
    // answered on the 10th: late.
    let li = id_of(&site, "李建国");
    let db = site.db();
    db.execute(
        "UPDATE submissions SET created_at = '2026-10-07T17:00:00Z' WHERE id = ?1",
        [&li],
    )
    .unwrap();
    db.execute(
        "UPDATE submissions SET created_at = '2026-09-30T02:00:00Z',
            first_response_at = '2026-10-10T01:00:00Z' WHERE id = ?1",
        [&zhang],
    )
    .unwrap();
    let queue = staff.get("/staff/queue?status=%E5%85%A8%E9%83%A8");
    let li_row = row_with(&queue.body, "李建国");
    assert!(li_row.contains("class=\"overdue\""), "{li_row}");
    assert!(
        li_row.contains("超时未答复：应于 10月10日 前答复"),
        "{li_row}"
    );
    let zhang_row = row_with(&queue.body, "张秀英");
    assert!(zhang_row.contains("class=\"overdue\""), "{zhang_row}");
    assert!(
        zhang_row.contains("应于 10月9日 前答复，10月10日 才答复"),
        "{zhang_row}"
    );
    let fresh = row_with(&queue.body, "石泉县老街面馆");
    assert!(
        !fresh.contains("overdue") && fresh.contains("请于"),
        "{fresh}"
    );
    assert!(queue.body.contains("超时未答复 1 条"), "{}", queue.body);
    let overdue_only = staff.get("/staff/queue?overdue=1");
    assert!(overdue_only.body.contains("李建国"));
    assert!(!overdue_only.body.contains("张秀英") && !overdue_only.body.contains("石泉县老街面馆"));
    let li_page = staff.get(&format!("/staff/queue/{li}"));
    assert!(li_page.body.contains("2026-10-10"), "{}", li_page.body);

    // Date range: 30 September only.
    let range = staff.get("/staff/queue?status=%E5%85%A8%E9%83%A8&from=2026-09-30&to=2026-09-30");
    assert!(range.body.contains("张秀英") && !range.body.contains("李建国"));
}

#[test]
fn the_auditor_sees_the_queue_and_a_submission_but_cannot_change_it() {
    let site = site();
    let intake = site.start_intake(&[]);
    submit(
        &intake,
        "register",
        &register("陈大山", "13700002222", "喜河镇", "保洁"),
    );
    let id = id_of(&site, "陈大山");
    let auditor = Staff::login(&intake, "hrb", AUDITOR_PASSWORD);
    let queue = auditor.get("/staff/queue");
    assert_eq!(queue.status, 200);
    assert!(queue.body.contains("陈大山") && queue.body.contains("137****2222"));
    let detail = auditor.get(&format!("/staff/queue/{id}"));
    assert_eq!(detail.status, 200);
    assert!(detail.body.contains("陈大山"));
    assert!(
        !detail.body.contains("/status\""),
        "no status form for the auditor"
    );
    for (path, pairs) in [
        (
            format!("/staff/queue/{id}/status"),
            vec![("status", "已联系")],
        ),
        (
            format!("/staff/queue/{id}/recommend"),
            vec![("job", "baojie-chengguan")],
        ),
        (
            format!("/staff/queue/{id}/anonymise"),
            vec![("reason", "测试")],
        ),
    ] {
        let reply = auditor.post(&path, &pairs);
        assert_eq!(reply.status, 403, "{path}: {}", reply.body);
    }
    let (status, handled, history, services): (String, Option<i64>, i64, i64) = site
        .db()
        .query_row(
            "SELECT status, handled_by,
                (SELECT count(*) FROM submission_history),
                (SELECT count(*) FROM services) FROM submissions WHERE id = ?1",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (status.as_str(), handled, history, services),
        ("新提交", None, 0, 0)
    );
}

#[test]
fn matching_ranks_the_cleaning_job_in_the_seekers_township_first_and_a_recommendation_is_a_service()
{
    let site = site();
    let intake = site.start_intake(&[]);
    submit(
        &intake,
        "register",
        &register("赵小梅", "13600003333", "城关镇", "保洁"),
    );
    submit(
        &intake,
        "register",
        &register("孙大姐", "13600004444", "喜河镇", "保洁"),
    );
    submit(&intake, "employer", &employer_need());
    let id = id_of(&site, "赵小梅");
    let staff = Staff::login(&intake, "wangli", STAFF_PASSWORD);

    let page = staff.get(&format!("/staff/queue/{id}"));
    assert_eq!(page.status, 200);
    let position = |slug: &str| {
        page.body
            .find(&format!("/jobs/{slug}/"))
            .unwrap_or_else(|| panic!("{slug} in\n{}", page.body))
    };
    assert!(
        position("baojie-chengguan") < position("baojie-chihe"),
        "{}",
        page.body
    );
    assert!(position("baojie-chengguan") < position("laojie-xiwangong"));
    let first = row_with(&page.body, "/jobs/baojie-chengguan/");
    assert!(
        first.contains("想做的活包括“保洁”") && first.contains("同在城关镇"),
        "{first}"
    );
    assert!(first.contains("会“打扫卫生”，岗位用得上"), "{first}");
    assert!(
        !page.body.contains("/jobs/caogao/"),
        "drafts are not offered"
    );
    assert!(
        !page.body.contains("/jobs/guoqi-banyun/"),
        "closed jobs are not offered"
    );

    // The published job's page ranks the seekers: the one in 城关镇 first.
    let seekers = staff.get("/staff/jobs/baojie-chengguan/matches");
    assert_eq!(seekers.status, 200);
    let zhao = seekers.body.find("赵小梅").expect("赵小梅");
    let sun = seekers.body.find("孙大姐").expect("孙大姐");
    assert!(zhao < sun, "{}", seekers.body);
    assert!(seekers.body.contains("136****3333") && !seekers.body.contains("13600003333"));
    assert_eq!(staff.get("/staff/jobs/no-such-job/matches").status, 404);
    // And so does the employer's need.
    let need = site
        .db()
        .query_row(
            "SELECT id FROM submissions WHERE kind = 'employer'",
            [],
            |r| r.get::<_, String>(0),
        )
        .unwrap();
    let need_page = staff.get(&format!("/staff/queue/{need}"));
    assert!(
        need_page.body.find("赵小梅").expect("赵小梅")
            < need_page.body.find("孙大姐").expect("孙大姐")
    );

    // 推荐: a services row, the status moves on, an audit line.
    let unknown = staff.post(
        &format!("/staff/queue/{id}/recommend"),
        &[("job", "no-such-job")],
    );
    assert_eq!(unknown.status, 422);
    let reply = staff.post(
        &format!("/staff/queue/{id}/recommend"),
        &[("job", "baojie-chengguan"), ("channel", "电话")],
    );
    assert_eq!(reply.status, 303, "{}", reply.body);
    let row: (
        String,
        String,
        String,
        String,
        String,
        Option<String>,
        String,
        String,
    ) = site
        .db()
        .query_row(
            "SELECT v.kind, v.channel, v.person_name, v.person_phone, v.submission_id, v.job_slug,
                    v.service_date, u.name FROM services v JOIN users u ON u.id = v.staff_id",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            },
        )
        .unwrap();
    assert_eq!(row.0, "岗位推荐");
    assert_eq!(row.1, "电话");
    assert_eq!((row.2.as_str(), row.3.as_str()), ("赵小梅", "13600003333"));
    assert_eq!(row.4, id);
    assert_eq!(row.5.as_deref(), Some("baojie-chengguan"));
    assert_eq!(row.6.len(), 10, "a date: {}", row.6);
    assert_eq!(row.7, "wangli");
    let (status, first): (String, Option<String>) = site
        .db()
        .query_row(
            "SELECT status, first_response_at FROM submissions WHERE id = ?1",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(status, "已推荐");
    assert!(first.is_some(), "a recommendation answers the submission");
    let detail = staff.get(&format!("/staff/queue/{id}"));
    assert!(detail.body.contains("岗位推荐") && detail.body.contains("城关镇商场招保洁员"));

    // From the employer's need: a recommendation without a published job.
    let sun_id = id_of(&site, "孙大姐");
    let reply = staff.post(
        &format!("/staff/queue/{sun_id}/recommend"),
        &[
            ("need", &need),
            ("channel", "上门"),
            ("back", &format!("/staff/queue/{need}")),
        ],
    );
    assert_eq!(reply.status, 303, "{}", reply.body);
    assert_eq!(
        reply.location.as_deref(),
        Some(format!("/staff/queue/{need}").as_str())
    );
    let (count, note): (i64, String) = site
        .db()
        .query_row(
            "SELECT count(*), max(note) FROM services WHERE submission_id = ?1 AND job_slug IS NULL",
            [&sun_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(count, 1);
    assert!(note.contains("招保洁员"), "{note}");
}
