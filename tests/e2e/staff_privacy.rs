//! Personal data in the staff area (PIPL): full values only on request and every such view
//! logged, deletion on request that keeps the counts, and the retention purge.

use lingong_tests::{Staff, TempSite, intake_bin, scrubbed};

use crate::staff_queue::{AUDITOR_PASSWORD, STAFF_PASSWORD, id_of, register, site, submit};

fn counts_by_kind(site: &TempSite) -> Vec<(String, i64)> {
    let db = site.db();
    let mut stmt = db
        .prepare("SELECT kind, count(*) FROM submissions GROUP BY kind ORDER BY kind")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn data_of(site: &TempSite, id: &str) -> String {
    site.db()
        .query_row("SELECT data FROM submissions WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap()
}

#[test]
fn full_personal_data_is_shown_only_on_request_and_every_view_is_logged() {
    let site = site();
    let intake = site.start_intake(&[]);
    submit(
        &intake,
        "register",
        &register("张秀英", "13991512345", "池河镇", "保洁"),
    );
    let id = id_of(&site, "张秀英");
    let staff = Staff::login(&intake, "wangli", STAFF_PASSWORD);

    let masked = staff.get(&format!("/staff/queue/{id}"));
    assert!(masked.body.contains("139****2345"), "{}", masked.body);
    assert!(!masked.body.contains("13991512345"));
    assert!(masked.body.contains("显示完整信息"));
    let logged = |site: &TempSite| -> Vec<(String, String)> {
        let db = site.db();
        let mut stmt = db
            .prepare(
                "SELECT u.name, a.target FROM audit_log a JOIN users u ON u.id = a.user_id
                 WHERE a.action = 'view_personal' ORDER BY a.id",
            )
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert!(
        logged(&site).is_empty(),
        "a masked view is not a view of personal data"
    );

    let full = staff.get(&format!("/staff/queue/{id}?reveal=1"));
    assert_eq!(full.status, 200);
    assert!(full.body.contains("13991512345"), "{}", full.body);
    assert!(full.body.contains("已记入操作日志"));
    let auditor = Staff::login(&intake, "hrb", AUDITOR_PASSWORD);
    assert!(
        auditor
            .get(&format!("/staff/queue/{id}?reveal=1"))
            .body
            .contains("13991512345")
    );
    assert_eq!(
        logged(&site),
        vec![
            ("wangli".to_string(), id.clone()),
            ("hrb".to_string(), id.clone())
        ]
    );
    let log_page = staff.get("/staff/audit?action=view_personal");
    assert!(log_page.body.contains(&id));
}

#[test]
fn deleting_a_person_on_request_keeps_the_counts_but_not_their_name_or_phone() {
    let site = site();
    let intake = site.start_intake(&[]);
    submit(
        &intake,
        "register",
        &register("张秀英", "13991512345", "城关镇", "保洁"),
    );
    submit(
        &intake,
        "register",
        &register("李建国", "13800001111", "城关镇", "保洁"),
    );
    let id = id_of(&site, "张秀英");
    let staff = Staff::login(&intake, "wangli", STAFF_PASSWORD);
    let reply = staff.post(
        &format!("/staff/queue/{id}/recommend"),
        &[("job", "baojie-chengguan")],
    );
    assert_eq!(reply.status, 303, "{}", reply.body);
    let before = counts_by_kind(&site);

    let no_reason = staff.post(&format!("/staff/queue/{id}/anonymise"), &[("reason", " ")]);
    assert_eq!(no_reason.status, 422);
    assert!(data_of(&site, &id).contains("张秀英"), "nothing changed");
    let auditor = Staff::login(&intake, "hrb", AUDITOR_PASSWORD);
    assert_eq!(
        auditor
            .post(&format!("/staff/queue/{id}/anonymise"), &[("reason", "x")])
            .status,
        403
    );

    let reply = staff.post(
        &format!("/staff/queue/{id}/anonymise"),
        &[("reason", "本人来电要求删除")],
    );
    assert_eq!(reply.status, 303, "{}", reply.body);
    assert_eq!(counts_by_kind(&site), before, "counts by kind unchanged");
    let data: serde_json::Value = serde_json::from_str(&data_of(&site, &id)).unwrap();
    let text = data.to_string();
    assert!(
        !text.contains("张秀英") && !text.contains("13991512345"),
        "{text}"
    );
    assert_eq!(data["township"], "城关镇");
    assert_eq!(data["categories"], serde_json::json!(["保洁"]));
    let (status, anonymised): (String, Option<String>) = site
        .db()
        .query_row(
            "SELECT status, anonymised_at FROM submissions WHERE id = ?1",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(status, "已推荐", "the status stays");
    assert!(anonymised.is_some());
    let (name, phone, kind): (String, String, String) = site
        .db()
        .query_row(
            "SELECT person_name, person_phone, kind FROM services WHERE submission_id = ?1",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (name.as_str(), phone.as_str(), kind.as_str()),
        ("已删除", "", "岗位推荐")
    );
    let mails: i64 = site
        .db()
        .query_row(
            "SELECT count(*) FROM outbox WHERE submission_id = ?1 AND body LIKE '%13991512345%'",
            [&id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(mails, 0, "the staff notice no longer repeats the phone");
    // Not in the file's free pages nor in the write-ahead log either.
    for file in ["data/lingong.db", "data/lingong.db-wal"] {
        let bytes = std::fs::read(site.path(file)).unwrap_or_default();
        for secret in ["张秀英", "13991512345"] {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{secret} is still in {file}: {:?}",
                where_is(&site, secret)
            );
        }
    }
    let (who, reason): (String, String) = site
        .db()
        .query_row(
            "SELECT u.name, a.detail FROM audit_log a JOIN users u ON u.id = a.user_id
             WHERE a.action = 'delete_personal' AND a.target = ?1",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (who.as_str(), reason.as_str()),
        ("wangli", "本人来电要求删除")
    );
    // The other person is untouched; the list says what happened.
    assert!(data_of(&site, &id_of(&site, "李建国")).contains("13800001111"));
    let queue = staff.get("/staff/queue");
    assert!(queue.body.contains("已删除个人信息") && !queue.body.contains("张秀英"));
    let again = staff.post(
        &format!("/staff/queue/{id}/anonymise"),
        &[("reason", "再删")],
    );
    assert_eq!(again.status, 409);
}

fn purge(site: &TempSite, args: &[&str]) -> String {
    let out = scrubbed(
        std::process::Command::new(intake_bin())
            .arg("--root")
            .arg(site.root())
            .arg("purge")
            .args(args),
    )
    .output()
    .expect("run purge");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_retention_purge_lists_on_a_dry_run_and_anonymises_old_unused_submissions() {
    let site = site();
    let intake = site.start_intake(&[]);
    submit(
        &intake,
        "register",
        &register("旧登记", "13500000001", "城关镇", "保洁"),
    );
    submit(
        &intake,
        "register",
        &register("旧已服务", "13500000002", "城关镇", "保洁"),
    );
    submit(
        &intake,
        "register",
        &register("新登记", "13500000003", "城关镇", "保洁"),
    );
    let old = id_of(&site, "旧登记");
    let served = id_of(&site, "旧已服务");
    let recent = id_of(&site, "新登记");
    let staff = Staff::login(&intake, "wangli", STAFF_PASSWORD);
    let reply = staff.post(
        &format!("/staff/queue/{served}/recommend"),
        &[("job", "baojie-chengguan")],
    );
    assert_eq!(reply.status, 303);
    drop(intake);
    // Older than the default 24 months.
    for id in [&old, &served] {
        site.db()
            .execute(
                "UPDATE submissions SET created_at = '2024-01-15T02:00:00Z' WHERE id = ?1",
                [id],
            )
            .unwrap();
    }
    let before = counts_by_kind(&site);

    let dry = purge(&site, &["--dry-run"]);
    assert!(dry.contains(&old), "{dry}");
    assert!(!dry.contains(&served) && !dry.contains(&recent), "{dry}");
    assert!(dry.contains("试运行") && dry.contains("1 条"), "{dry}");
    assert!(
        data_of(&site, &old).contains("旧登记"),
        "a dry run changes nothing"
    );

    let done = purge(&site, &[]);
    assert!(
        done.contains(&old) && done.contains("已删除 1 条"),
        "{done}"
    );
    assert!(!data_of(&site, &old).contains("旧登记"));
    assert!(!data_of(&site, &old).contains("13500000001"));
    assert!(
        data_of(&site, &served).contains("旧已服务"),
        "a service record keeps it"
    );
    assert!(data_of(&site, &recent).contains("新登记"));
    assert_eq!(counts_by_kind(&site), before);
    let logged: i64 = site
        .db()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'delete_personal' AND target = ?1 AND user_id IS NULL",
            [&old],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(logged, 1);
    // Nothing left to do the second time.
    assert!(purge(&site, &[]).contains("已删除 0 条"));
}

/// The tables and columns where `text` still stands, for a failure message.
fn where_is(site: &TempSite, text: &str) -> Vec<String> {
    let db = site.db();
    let tables: Vec<String> = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut found = Vec::new();
    for table in tables {
        let columns: Vec<String> = db
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for column in columns {
            let n: i64 = db
                .query_row(
                    &format!(
                        "SELECT count(*) FROM \"{table}\" WHERE CAST(\"{column}\" AS TEXT) LIKE ?1"
                    ),
                    [format!("%{text}%")],
                    |r| r.get(0),
                )
                .unwrap_or(0);
            if n > 0 {
                found.push(format!("{table}.{column}"));
            }
        }
    }
    found
}

/// From a seeker's page in the queue, staff record their employment: the placement form comes
/// filled with the person and, once saved, is linked to the submission, so that deleting the
/// person's data on request empties the placement's name and phone too.
#[test]
fn a_placement_recorded_from_the_queue_is_linked_and_erased_with_the_person() {
    let site = site();
    let intake = site.start_intake(&[]);
    submit(
        &intake,
        "register",
        &register("刘桂芳", "13700001234", "城关镇", "保洁"),
    );
    let id = id_of(&site, "刘桂芳");
    let staff = Staff::login(&intake, "wangli", STAFF_PASSWORD);
    let page = staff.get(&format!("/staff/queue/{id}"));
    let link = format!("/staff/ledgers/placements/new?submission={id}");
    assert!(page.body.contains(&link), "{}", page.body);
    let form = staff.get(&link);
    assert!(form.body.contains("刘桂芳") && form.body.contains("13700001234"));

    // A mistake first: the form comes back still linked.
    let mut fields = vec![
        ("person_name", "刘桂芳"),
        ("person_phone", "13700001234"),
        ("employer", "城关镇商场"),
        ("job_title", "保洁员"),
        ("start_date", "2026-11-02"),
        ("basis", "口头协议"),
        ("submission_id", id.as_str()),
    ];
    let refused = staff.post("/staff/ledgers/placements", &fields);
    assert_eq!(refused.status, 422);
    assert!(
        refused
            .body
            .contains(&format!("name=\"submission_id\" value=\"{id}\""))
    );
    fields.push(("on_job_record", "11月5日到商场看到本人在岗"));
    let saved = staff.post("/staff/ledgers/placements", &fields);
    assert_eq!(saved.status, 303, "{}", saved.body);
    let linked: Option<String> = site
        .db()
        .query_row(
            "SELECT submission_id FROM placements WHERE person_name = '刘桂芳'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(linked.as_deref(), Some(id.as_str()));

    // A made-up link is not stored.
    let mut forged = fields.clone();
    forged.retain(|(k, _)| *k != "submission_id");
    forged.push(("submission_id", "00000000-0000-4000-8000-000000000000"));
    assert_eq!(staff.post("/staff/ledgers/placements", &forged).status, 303);
    let unlinked: i64 = site
        .db()
        .query_row(
            "SELECT count(*) FROM placements WHERE submission_id IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unlinked, 1);

    let erased = staff.post(
        &format!("/staff/queue/{id}/anonymise"),
        &[("reason", "本人要求删除")],
    );
    assert_eq!(erased.status, 303, "{}", erased.body);
    let (name, phone): (String, String) = site
        .db()
        .query_row(
            "SELECT person_name, person_phone FROM placements WHERE submission_id = ?1",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((name.as_str(), phone.as_str()), ("已删除", ""));
}
