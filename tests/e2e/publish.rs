//! Publishing from the staff area: an employer's need becomes a live job page within seconds;
//! edits are validated on the whole tree, never overwrite someone else's change, and never
//! break the live site; withdraw, rebuild, an event's summary; the auditor cannot publish.

use std::time::{Duration, Instant};

use lingong_tests::{Intake, Reply, Staff, TempSite, get, post_form, tree};

const STAFF_PASSWORD: &str = "石泉零工市场2026";
const AUDITOR_PASSWORD: &str = "人社局审计专用0001";

fn started() -> (TempSite, Intake) {
    let site = TempSite::fixture("small");
    site.add_user("wangli", "staff", STAFF_PASSWORD);
    site.add_user("hrb", "auditor", AUDITOR_PASSWORD);
    let intake = site.start_intake(&[]);
    (site, intake)
}

/// The fixture's dish-washer job as its edit form posts it, with some values changed.
fn laojie_form<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("title", "城关镇老街面馆招洗碗工"),
        ("date", "2026-11-18"),
        ("description", "每天 4 小时，包午餐。"),
        ("category", "餐饮"),
        ("township", "城关镇"),
        ("employer", "石泉县老街面馆"),
        ("pay", "15"),
        ("pay_max", "18"),
        ("pay_unit", "元/小时"),
        ("headcount", "2"),
        ("valid_through", "2026-12-31"),
        ("phone", "13991512345"),
        ("address", "石泉县城关镇老街 28 号"),
        ("contact", "王女士"),
        ("work_hours", "10:00—14:00"),
        ("employment_type", "兼职"),
        ("verified_on", "2026-11-18"),
        ("body", "## 工作内容\n\n- 洗碗、收拾后厨\n"),
    ];
    for (key, value) in changes {
        match fields.iter_mut().find(|(k, _)| k == key) {
            Some(field) => field.1 = value,
            None => fields.push((key, value)),
        }
    }
    fields
}

/// The value of the hidden `hash` input of a page, or of the form posting to `action`.
fn hash_in(html: &str, action: Option<&str>) -> String {
    let from = action.and_then(|a| html.find(a)).unwrap_or(0);
    let marker = "name=\"hash\" value=\"";
    let at = html[from..].find(marker).expect("a hash in the page") + from + marker.len();
    html[at..at + 64].to_string()
}

fn wait_until(what: &str, started: Instant, ok: impl Fn() -> bool) -> Duration {
    while !ok() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{what}: not live after 10 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    started.elapsed()
}

fn body(intake: &Intake, path: &str) -> String {
    get(&intake.url(path)).body
}

#[test]
fn an_employers_need_is_published_from_the_queue_and_is_live_within_two_seconds() {
    let (site, intake) = started();
    let posted = post_form(
        &intake.url("/intake/employer"),
        &[
            ("employer", "石泉县顺达物流"),
            ("contact", "张先生"),
            ("mobile", "13800001111"),
            ("title", "招装卸工"),
            ("category", "搬运"),
            ("headcount", "3"),
            ("pay", "200"),
            ("pay_unit", "元/天"),
            ("employment_type", "临时"),
            ("township", "城关镇"),
            ("address", "石泉县城关镇物流园"),
            ("duties", "装卸货物"),
            ("no_fee", "同意"),
            ("consent", "同意"),
        ],
    );
    assert_eq!(posted.status, 303, "{}", posted.body);
    let id: String = site
        .db()
        .query_row(
            "SELECT id FROM submissions WHERE kind = 'employer'",
            [],
            |r| r.get(0),
        )
        .unwrap();

    let staff = Staff::login(&intake, "wangli", STAFF_PASSWORD);
    // The queue's page of the need is where staff start.
    let need = staff.get(&format!("/staff/queue/{id}"));
    assert!(
        need.body
            .contains(&format!("href=\"/staff/content/jobs/new?from={id}\"")),
        "{}",
        need.body
    );
    let form = staff.get(&format!("/staff/content/jobs/new?from={id}"));
    assert_eq!(form.status, 200, "{}", form.body);
    for prefilled in ["石泉县顺达物流", "招装卸工", "13800001111", "装卸货物", &id] {
        assert!(form.body.contains(prefilled), "{prefilled} prefilled");
    }
    let today = lingong_site::today::today_in_shanghai();
    let in_30_days = lingong_site::today::add_days(today, 30).to_string();
    assert!(form.body.contains(&in_30_days), "valid 30 days by default");

    let today = today.to_string();
    let job = [
        ("from", id.as_str()),
        ("title", "顺达物流招装卸工"),
        ("date", &today),
        ("category", "搬运"),
        ("township", "城关镇"),
        ("employer", "石泉县顺达物流"),
        ("pay", "200"),
        ("pay_unit", "元/天"),
        ("headcount", "3"),
        ("valid_through", &in_30_days),
        ("phone", "13800001111"),
        ("address", "石泉县城关镇物流园"),
        ("employment_type", "临时"),
        ("verified_on", &today),
        ("body", "## 工作内容\n\n装卸货物\n"),
    ];

    // A preview renders the page with the site's theme and writes nothing.
    let preview = staff.post("/staff/content/jobs/preview", &job);
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert!(preview.body.contains("srcdoc=\""), "{}", preview.body);
    assert!(preview.body.contains("顺达物流招装卸工"));
    let jobs_before = std::fs::read_dir(site.path("content/jobs"))
        .unwrap()
        .count();
    assert_eq!(jobs_before, 5, "a preview writes nothing");

    let clock = Instant::now();
    let published = staff.post("/staff/content/jobs/new", &job);
    assert_eq!(published.status, 303, "{}", published.body);
    let location = published.location.expect("redirect to the saved job");
    let slug = location
        .trim_start_matches("/staff/content/jobs/")
        .trim_end_matches("?saved=1")
        .to_string();
    assert!(
        slug.starts_with("shiquanxianshundawuliu-"),
        "pinyin of employer and title: {slug}"
    );
    let page = format!("/jobs/{slug}/");
    let elapsed = wait_until("the new job", clock, || {
        body(&intake, &page).contains("顺达物流招装卸工")
            && body(&intake, "/jobs/").contains(&page)
            && body(&intake, "/jobs.json").contains(&slug)
            && body(&intake, "/jobs/atom.xml").contains("顺达物流招装卸工")
    });
    assert!(elapsed < Duration::from_secs(2), "live after {elapsed:?}");
    eprintln!("publish to live (page, list, jobs.json, feed): {elapsed:?}");

    let file = site.read(&format!("content/jobs/{slug}.md"));
    assert!(
        file.starts_with("+++\ntitle = \"顺达物流招装卸工\"\n"),
        "{file}"
    );
    assert!(file.contains(&format!("verified_on = {today}\n")), "{file}");
    assert!(file.contains("category = [\"搬运\"]\n"), "{file}");

    // The need is linked to its page and counts as answered; the publish is in the audit log.
    let (linked, answered): (String, Option<String>) = site
        .db()
        .query_row(
            "SELECT published_job, first_response_at FROM submissions WHERE id = ?1",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(linked, slug);
    assert!(answered.is_some());
    let audited: i64 = site
        .db()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'publish' AND target = ?1",
            [format!("content/jobs/{slug}.md")],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 1);
    let list = staff.get("/staff/content/");
    assert!(
        list.body.contains(&format!("来自用工登记 {id}")),
        "{}",
        list.body
    );
    let again = staff.get(&format!("/staff/content/jobs/new?from={id}"));
    assert!(again.body.contains(&format!("已发布为岗位 /jobs/{slug}/")));

    // Applicable at once: the service's index of open jobs knows it.
    let applied = post_form(
        &intake.url("/intake/apply"),
        &[
            ("job", slug.as_str()),
            ("name", "李强"),
            ("mobile", "13800000000"),
            ("consent", "同意"),
        ],
    );
    assert_eq!(applied.status, 303, "{}", applied.body);

    // Publishing the same need again makes a second page, never overwriting the first.
    let second = staff.post("/staff/content/jobs/new", &job);
    assert_eq!(second.status, 303, "{}", second.body);
    assert!(second.location.unwrap().contains(&format!("{slug}-2")));
    assert_eq!(site.read(&format!("content/jobs/{slug}.md")), file);
}

#[test]
fn an_edit_with_a_stale_hash_is_refused_with_a_diff_and_the_first_save_is_kept() {
    let (site, intake) = started();
    let first = Staff::login(&intake, "wangli", STAFF_PASSWORD);
    let second = Staff::login(&intake, "wangli", STAFF_PASSWORD);
    let page = first.get("/staff/content/jobs/laojie-xiwangong");
    assert_eq!(page.status, 200, "{}", page.body);
    let hash = hash_in(&page.body, None);
    assert_eq!(
        hash,
        hash_in(
            &second.get("/staff/content/jobs/laojie-xiwangong").body,
            None
        )
    );

    let mut one = laojie_form(&[("pay", "16")]);
    one.push(("hash", &hash));
    let saved = first.post("/staff/content/jobs/laojie-xiwangong", &one);
    assert_eq!(saved.status, 303, "{}", saved.body);
    let after_first = site.read("content/jobs/laojie-xiwangong.md");
    assert!(after_first.contains("pay = 16\n"));
    let audited: i64 = site
        .db()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'update' AND target = 'content/jobs/laojie-xiwangong.md'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 1);

    let mut two = laojie_form(&[("pay", "17")]);
    two.push(("hash", &hash));
    let refused = second.post("/staff/content/jobs/laojie-xiwangong", &two);
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(refused.body.contains("别人已经修改了"), "{}", refused.body);
    assert!(refused.body.contains("- pay = 16"), "{}", refused.body);
    assert!(refused.body.contains("+ pay = 17"), "{}", refused.body);
    assert_eq!(site.read("content/jobs/laojie-xiwangong.md"), after_first);
    assert!(body(&intake, "/jobs/laojie-xiwangong/").contains("16—18 元/小时"));
}

#[test]
fn an_invalid_edit_is_refused_with_field_errors_and_the_live_site_is_unchanged() {
    let (site, intake) = started();
    let staff = Staff::login(&intake, "wangli", STAFF_PASSWORD);
    let hash = hash_in(
        &staff.get("/staff/content/jobs/laojie-xiwangong").body,
        None,
    );
    let file = site.read("content/jobs/laojie-xiwangong.md");
    let public = tree(&site.path("public"));

    let mut bad_category = laojie_form(&[("category", "挖矿")]);
    bad_category.push(("hash", &hash));
    let refused = staff.post("/staff/content/jobs/laojie-xiwangong", &bad_category);
    assert_eq!(refused.status, 422, "{}", refused.body);
    let at_field = refused
        .body
        .find("id=\"e-category\"")
        .expect("an error at the category");
    assert!(refused.body[at_field..].contains("不在 config.toml 的列表中"));
    assert!(refused.body.contains("网站保持原样"));

    let mut bad_pay = laojie_form(&[("pay", "十五")]);
    bad_pay.push(("hash", &hash));
    let refused = staff.post("/staff/content/jobs/laojie-xiwangong", &bad_pay);
    assert_eq!(refused.status, 422, "{}", refused.body);
    let at_field = refused
        .body
        .find("id=\"e-pay\"")
        .expect("an error at the pay");
    assert!(refused.body[at_field..].contains("必须是数字"));
    assert!(
        refused.body.contains("value=\"十五\""),
        "what was typed is kept"
    );

    // The generator's own rule (the end before the start) is placed at its field too.
    let mut bad_dates = laojie_form(&[("valid_through", "2026-11-01")]);
    bad_dates.push(("hash", &hash));
    let refused = staff.post("/staff/content/jobs/laojie-xiwangong", &bad_dates);
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused.body.contains("id=\"e-valid_through\""),
        "{}",
        refused.body
    );

    assert_eq!(site.read("content/jobs/laojie-xiwangong.md"), file);
    assert!(
        tree(&site.path("public")) == public,
        "public/ byte for byte as it was"
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.path("content/jobs"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file left");
}

#[test]
fn a_withdrawn_job_leaves_the_lists_and_jobs_json_and_its_file_stays() {
    let (site, intake) = started();
    let staff = Staff::login(&intake, "wangli", STAFF_PASSWORD);
    assert!(body(&intake, "/jobs.json").contains("laojie-xiwangong"));
    let before = site.read("content/jobs/laojie-xiwangong.md");
    let list = staff.get("/staff/content/");
    let action = "/staff/content/jobs/laojie-xiwangong/withdraw";
    let hash = hash_in(&list.body, Some(action));

    let withdrawn = staff.post(action, &[("hash", &hash)]);
    assert_eq!(withdrawn.status, 303, "{}", withdrawn.body);
    assert!(!body(&intake, "/jobs.json").contains("laojie-xiwangong"));
    assert!(!body(&intake, "/jobs/").contains("城关镇老街面馆招洗碗工"));
    assert_eq!(get(&intake.url("/jobs/laojie-xiwangong/")).status, 404);
    let after = site.read("content/jobs/laojie-xiwangong.md");
    assert_eq!(
        after,
        before.replace(
            "description = \"每天 4 小时，包午餐。\"\n",
            "description = \"每天 4 小时，包午餐。\"\ndraft = true\n"
        ),
        "only the draft flag is added"
    );
    // Nobody can apply to it any more.
    let applied = post_form(
        &intake.url("/intake/apply"),
        &[
            ("job", "laojie-xiwangong"),
            ("name", "李强"),
            ("mobile", "13800000000"),
            ("consent", "同意"),
        ],
    );
    assert_ne!(applied.status, 303);

    // A second click with the old hash is refused: the file changed since.
    let stale = staff.post(action, &[("hash", &hash)]);
    assert_eq!(stale.status, 409, "{}", stale.body);

    // Re-verify and extend change one line each.
    let list = staff.get("/staff/content/");
    let hash = hash_in(&list.body, Some("/staff/content/jobs/chihe-caisang/extend"));
    let extended = staff.post(
        "/staff/content/jobs/chihe-caisang/extend",
        &[("hash", &hash)],
    );
    assert_eq!(extended.status, 303, "{}", extended.body);
    let today = lingong_site::today::today_in_shanghai();
    let file = site.read("content/jobs/chihe-caisang.md");
    let until = file
        .lines()
        .find_map(|l| l.strip_prefix("valid_through = "))
        .and_then(|d| lingong_site::toml_date::parse_date(d).ok())
        .unwrap();
    assert!(until >= lingong_site::today::add_days(today, 30), "{file}");
}

#[test]
fn a_rebuild_with_a_broken_file_shows_every_error_and_leaves_the_site_as_it_was() {
    let (site, intake) = started();
    let staff = Staff::login(&intake, "wangli", STAFF_PASSWORD);
    let ok = staff.post("/staff/content/rebuild", &[]);
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert!(ok.body.contains("生成成功"), "{}", ok.body);

    site.write(
        "content/jobs/broken.md",
        "+++\ntitle = \"坏文件\"\ndate = 2026-11-20\n\n[taxonomies]\ncategory = [\"挖矿\"]\ntownship = [\"城关镇\"]\n\n[extra]\nemployer = \"某单位\"\npay_unit = \"元/天\"\nheadcount = 1\nvalid_through = 2026-12-20\nphone = \"13800001111\"\naddress = \"某地\"\n+++\n",
    );
    let public = tree(&site.path("public"));
    let failed = staff.post("/staff/content/rebuild", &[]);
    assert_eq!(failed.status, 422, "{}", failed.body);
    assert!(
        failed.body.contains("content/jobs/broken.md:6:"),
        "{}",
        failed.body
    );
    assert!(failed.body.contains("挖矿"));
    assert!(
        failed.body.contains("extra.pay"),
        "the missing pay too: {}",
        failed.body
    );
    assert!(
        tree(&site.path("public")) == public,
        "public/ byte for byte as it was"
    );
    let status = staff.get("/staff/content/rebuild");
    assert!(status.body.contains("content/jobs/broken.md:6:"));

    // While the tree is broken, publishing anything is refused and names the broken file.
    let hash = hash_in(
        &staff.get("/staff/content/jobs/laojie-xiwangong").body,
        None,
    );
    let mut edit = laojie_form(&[("pay", "16")]);
    edit.push(("hash", &hash));
    let refused = staff.post("/staff/content/jobs/laojie-xiwangong", &edit);
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("content/jobs/broken.md"));
    assert!(tree(&site.path("public")) == public);
}

#[test]
fn an_events_summary_is_published_to_its_page_keeping_the_rest_of_the_file() {
    let (site, intake) = started();
    let staff = Staff::login(&intake, "wangli", STAFF_PASSWORD);
    let before = site.read("content/events/2026-12-zhuanchang.md");
    let done = staff.post(
        "/staff/content/events/2026-12-zhuanchang/summary",
        &[("summary", "共 12 家企业参加，达成意向 35 人。")],
    );
    assert_eq!(done.status, 303, "{}", done.body);
    assert!(
        body(&intake, "/events/2026-12-zhuanchang/").contains("共 12 家企业参加，达成意向 35 人。")
    );
    assert_eq!(
        site.read("content/events/2026-12-zhuanchang.md"),
        before.replace(
            "employers = [\"石泉县老街面馆\", \"石泉县顺达物流\"]\n",
            "employers = [\"石泉县老街面馆\", \"石泉县顺达物流\"]\nsummary = \"共 12 家企业参加，达成意向 35 人。\"\n"
        )
    );

    // From the events ledger: the report's summary replaces the value in place.
    let db = site.db();
    db.execute(
        "INSERT INTO event_reports (event_slug, title, kind, format, event_date, summary, staff_id, created_at)
         VALUES ('2026-12-zhuanchang', '冬季专场', '线下', '专场招聘会', '2026-12-05', '台账里的总结', 1, '2026-12-06T00:00:00Z')",
        [],
    )
    .unwrap();
    let id = db.last_insert_rowid().to_string();
    let report = staff.get(&format!("/staff/ledgers/events/{id}"));
    assert!(
        report
            .body
            .contains("action=\"/staff/content/events/2026-12-zhuanchang/summary\""),
        "the ledger's page offers to publish the summary: {}",
        report.body
    );
    let done = staff.post(
        "/staff/content/events/2026-12-zhuanchang/summary",
        &[("report_id", &id)],
    );
    assert_eq!(done.status, 303, "{}", done.body);
    assert!(body(&intake, "/events/2026-12-zhuanchang/").contains("台账里的总结"));
    assert!(
        site.read("content/events/2026-12-zhuanchang.md")
            .contains("summary = \"台账里的总结\"\n")
    );
}

#[test]
fn the_auditor_cannot_publish_edit_or_rebuild() {
    let (site, intake) = started();
    let auditor = Staff::login(&intake, "hrb", AUDITOR_PASSWORD);
    let list = auditor.get("/staff/content/");
    assert_eq!(list.status, 200, "{}", list.body);
    assert!(
        !list.body.contains("/withdraw"),
        "no edit buttons for the auditor"
    );
    let file = site.read("content/jobs/laojie-xiwangong.md");
    let hash = hash_in(
        &auditor.get("/staff/content/jobs/laojie-xiwangong").body,
        None,
    );
    let attempts: Vec<Reply> = vec![
        auditor.post(
            "/staff/content/jobs/new",
            &laojie_form(&[("title", "审计账号发的岗位")]),
        ),
        auditor.post(
            "/staff/content/jobs/laojie-xiwangong",
            &laojie_form(&[("pay", "99"), ("hash", &hash)]),
        ),
        auditor.post(
            "/staff/content/jobs/laojie-xiwangong/withdraw",
            &[("hash", &hash)],
        ),
        auditor.post("/staff/content/rebuild", &[]),
        auditor.post(
            "/staff/content/events/2026-12-zhuanchang/summary",
            &[("summary", "x")],
        ),
    ];
    for reply in attempts {
        assert_eq!(reply.status, 403, "{}", reply.body);
    }
    assert_eq!(site.read("content/jobs/laojie-xiwangong.md"), file);
    assert_eq!(
        std::fs::read_dir(site.path("content/jobs"))
            .unwrap()
            .count(),
        5
    );
}

#[test]
fn concurrent_publishes_are_serialised_and_never_overwrite_each_other() {
    let (site, intake) = started();
    let staff = std::sync::Arc::new(Staff::login(&intake, "wangli", STAFF_PASSWORD));
    let today = lingong_site::today::today_in_shanghai().to_string();
    let until =
        lingong_site::today::add_days(lingong_site::today::today_in_shanghai(), 30).to_string();
    let threads: Vec<_> = (0..4)
        .map(|i| {
            let (staff, today, until) = (staff.clone(), today.clone(), until.clone());
            std::thread::spawn(move || {
                let pay = format!("{}", 100 + i);
                let reply = staff.post(
                    "/staff/content/jobs/new",
                    &[
                        ("title", "招帮工"),
                        ("date", &today),
                        ("category", "临时劳务"),
                        ("township", "城关镇"),
                        ("employer", "石泉县某农家乐"),
                        ("pay", &pay),
                        ("pay_unit", "元/天"),
                        ("headcount", "1"),
                        ("valid_through", &until),
                        ("phone", "13800002222"),
                        ("address", "城关镇"),
                    ],
                );
                assert_eq!(reply.status, 303, "{}", reply.body);
                reply.location.unwrap()
            })
        })
        .collect();
    let mut slugs: Vec<String> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    slugs.sort();
    slugs.dedup();
    assert_eq!(slugs.len(), 4, "four different files: {slugs:?}");
    let mut pays: Vec<String> = std::fs::read_dir(site.path("content/jobs"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .filter(|text| text.contains("石泉县某农家乐"))
        .filter_map(|text| {
            text.lines()
                .find(|l| l.starts_with("pay = "))
                .map(str::to_string)
        })
        .collect();
    pays.sort();
    assert_eq!(pays, ["pay = 100", "pay = 101", "pay = 102", "pay = 103"]);
    let json = body(&intake, "/jobs.json");
    assert_eq!(
        json.matches("石泉县某农家乐").count(),
        4,
        "every one is live"
    );
}
