//! The five public forms over real HTTP against the real binary, stored in a real SQLite file.

use lingong_tests::{TempSite, get, post_form, post_json};
use serde_json::json;

/// The small fixture with limits wide enough for a test's many posts.
pub fn site() -> TempSite {
    let site = TempSite::fixture("small");
    site.append_config("\n[intake]\nrate_per_minute = 100000\nrate_burst = 100000\n");
    site
}

fn stored(site: &TempSite, id: &str) -> (String, serde_json::Value, bool) {
    site.db()
        .query_row(
            "SELECT kind, data, spam FROM submissions WHERE id = ?1",
            [id],
            |r| {
                let data: String = r.get(1)?;
                Ok((
                    r.get(0)?,
                    serde_json::from_str(&data).expect("json"),
                    r.get(2)?,
                ))
            },
        )
        .expect("stored")
}

fn count(site: &TempSite, kind: &str) -> i64 {
    site.db()
        .query_row(
            "SELECT count(*) FROM submissions WHERE kind = ?1",
            [kind],
            |r| r.get(0),
        )
        .expect("count")
}

const REGISTER: &[(&str, &str)] = &[
    ("name", "张秀英"),
    ("mobile", "139 9151 2345"),
    ("birth_year", "1968"),
    ("township", "池河镇"),
    ("village", "五爱村"),
    ("categories", "餐饮"),
    ("categories", "保洁"),
    ("availability", "农闲时"),
    ("consent", "同意"),
];

#[test]
fn every_form_is_accepted_by_html_post_with_a_redirect_to_its_thank_you_page() {
    let site = site();
    let intake = site.start_intake(&[]);
    let forms: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("register", REGISTER.to_vec()),
        (
            "apply",
            vec![
                ("job", "laojie-xiwangong"),
                ("name", "李强"),
                ("mobile", "13800000000"),
                ("consent", "同意"),
            ],
        ),
        (
            "employer",
            vec![
                ("employer", "石泉县老街面馆"),
                ("contact", "王女士"),
                ("mobile", "13991512345"),
                ("title", "招洗碗工"),
                ("category", "餐饮"),
                ("headcount", "2"),
                ("pay", "15"),
                ("pay_unit", "元/小时"),
                ("employment_type", "兼职"),
                ("township", "城关镇"),
                ("address", "老街 28 号"),
                ("duties", "洗碗"),
                ("no_fee", "同意"),
                ("consent", "同意"),
            ],
        ),
        (
            "survey",
            vec![
                ("surveyor", "刘干事"),
                ("name", "陈大山"),
                ("township", "喜河镇"),
                ("village", "晏坝村"),
                ("community_type", "行政村"),
                ("employment_status", "在家务农"),
                ("intention", "想在本地打零工"),
                ("consent_on_behalf", "同意"),
            ],
        ),
        (
            "satisfaction",
            vec![("service", "岗位推荐"), ("rating", "5")],
        ),
    ];
    for (form, pairs) in &forms {
        let reply = post_form(&intake.url(&format!("/intake/{form}")), pairs);
        assert_eq!(
            reply.status,
            303,
            "{form}: {}\n{}",
            reply.body,
            intake.log()
        );
        assert_eq!(
            reply.location.as_deref(),
            Some(format!("/forms/{form}/thanks/").as_str())
        );
        assert_eq!(count(&site, form), 1, "{form} stored once");
        let thanks = get(&intake.url(&format!("/forms/{form}/thanks/")));
        assert_eq!(thanks.status, 200);
        assert!(thanks.body.contains("提交成功"));
    }
    let (_, data, spam) = {
        let id: String = site
            .db()
            .query_row(
                "SELECT id FROM submissions WHERE kind = 'register'",
                [],
                |r| r.get(0),
            )
            .expect("id");
        stored(&site, &id)
    };
    assert_eq!(data["mobile"], "13991512345", "stored normalized");
    assert_eq!(data["categories"], json!(["餐饮", "保洁"]));
    assert!(!spam);
}

#[test]
fn every_form_takes_and_returns_json() {
    let site = site();
    let intake = site.start_intake(&[]);
    let reply = post_json(
        &intake.url("/intake/register"),
        &json!({
            "name": "王小红", "mobile": "13700000000", "birth_year": 1980, "township": "城关镇", "village": "江南社区",
            "categories": ["家政"], "availability": "随时可以", "consent": true
        }),
    );
    assert_eq!(reply.status, 201, "{}", reply.body);
    let body: serde_json::Value = serde_json::from_str(&reply.body).expect("json");
    assert_eq!(body["status"], "stored");
    let (kind, data, _) = stored(&site, body["id"].as_str().expect("id"));
    assert_eq!(
        (kind.as_str(), &data["birth_year"]),
        ("register", &json!(1980))
    );

    let invalid = post_json(
        &intake.url("/intake/satisfaction"),
        &json!({ "service": "岗位推荐", "rating": 9 }),
    );
    assert_eq!(invalid.status, 422);
    let body: serde_json::Value = serde_json::from_str(&invalid.body).expect("json");
    assert!(
        body["errors"]["rating"]
            .as_str()
            .expect("message")
            .contains("请从列表中选择")
    );
}

#[test]
fn an_invalid_html_post_comes_back_with_every_value_kept_and_each_problem_by_its_field() {
    let site = site();
    let intake = site.start_intake(&[]);
    let mut pairs = REGISTER.to_vec();
    pairs.retain(|(k, _)| *k != "mobile" && *k != "consent");
    pairs.push(("mobile", "12345"));
    pairs.push(("notes", "下午 3 点后方便接电话"));
    let reply = post_form(&intake.url("/intake/register"), &pairs);
    assert_eq!(reply.status, 422);
    assert!(reply.content_type.starts_with("text/html"));
    let html = reply.body;
    assert!(html.contains("有 2 处需要修改"), "summary");
    assert!(html.contains("value=\"张秀英\""), "name kept");
    assert!(
        html.contains("value=\"12345\""),
        "the wrong value is kept to correct"
    );
    assert!(
        html.contains("下午 3 点后方便接电话</textarea>"),
        "textarea kept"
    );
    assert!(
        html.contains("value=\"餐饮\" checked") && html.contains("value=\"保洁\" checked"),
        "check boxes kept"
    );
    assert!(
        html.contains("<option selected>池河镇</option>"),
        "select kept"
    );
    let mobile_error = html
        .find("id=\"f-register-mobile-error\"")
        .expect("mobile error shown");
    let mobile_input = html.find("id=\"f-register-mobile\"").expect("mobile input");
    assert!(
        mobile_error > mobile_input && mobile_error - mobile_input < 600,
        "the error is next to its field"
    );
    assert_eq!(count(&site, "register"), 0, "nothing stored");
}

#[test]
fn hostile_strings_are_stored_as_data_and_escaped_when_shown_again() {
    let site = site();
    let intake = site.start_intake(&[]);
    let script = "<script>alert('x')</script>";
    let sql = "Robert'); DROP TABLE submissions;--";
    let reply = post_form(
        &intake.url("/intake/register"),
        &[("name", script), ("notes", sql), ("mobile", "bad")],
    );
    assert_eq!(reply.status, 422);
    assert!(!reply.body.contains(script), "not echoed raw");
    assert!(reply.body.contains("&lt;script&gt;"), "escaped");

    let mut pairs = REGISTER.to_vec();
    pairs.retain(|(k, _)| *k != "name");
    pairs.push(("name", "<b>李</b>"));
    pairs.push(("notes", sql));
    assert_eq!(
        post_form(&intake.url("/intake/register"), &pairs).status,
        303
    );
    let notes: String = site
        .db()
        .query_row(
            "SELECT json_extract(data, '$.notes') FROM submissions",
            [],
            |r| r.get(0),
        )
        .expect("stored");
    assert_eq!(notes, sql, "stored verbatim, and the table still exists");
}

#[test]
fn an_application_to_a_closed_or_unknown_job_is_refused_with_a_reason() {
    let site = site();
    let intake = site.start_intake(&[]);
    for job in ["guoqi-banyun", "no-such-job"] {
        let reply = post_form(
            &intake.url("/intake/apply"),
            &[
                ("job", job),
                ("name", "李强"),
                ("mobile", "13800000000"),
                ("consent", "同意"),
            ],
        );
        assert_eq!(reply.status, 422, "{job}");
        assert!(reply.body.contains("结束招聘或不存在"));
    }
}

#[test]
fn the_site_and_the_form_pages_are_served_on_the_same_origin() {
    let site = site();
    let intake = site.start_intake(&[]);
    let home = get(&intake.url("/"));
    assert_eq!(home.status, 200);
    assert!(home.body.contains("最新岗位"));
    let form = get(&intake.url("/forms/register/"));
    assert_eq!(form.status, 200);
    let token = form
        .body
        .split("name=\"started\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or("");
    assert!(
        token.contains('.'),
        "the form page carries a signed time token: {token:?}"
    );
    let job = get(&intake.url("/jobs/laojie-xiwangong/"));
    assert!(job.body.contains("报名这个岗位") && !job.body.contains("name=\"started\" value=\"\""));
    assert_eq!(get(&intake.url("/no/such/page/")).status, 404);
    assert_eq!(get(&intake.url("/intake/health")).status, 200);
    assert_eq!(
        post_form(&intake.url("/intake/nope"), &[("a", "b")]).status,
        404
    );
}
