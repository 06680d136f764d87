//! The staff side in a real browser at the phone's size: signing in through the login form
//! (the session cookie set and sent by Chromium itself), the queue with a submission from the
//! public form, a status change through the page's own form (its CSRF token included by the
//! page, not by the test), and the contract dashboard with its server-drawn chart, kept as a
//! screenshot.

use lingong_tests::browser::{Browser, Options, artifacts_dir};
use serde_json::json;

use crate::staff_queue::{STAFF_PASSWORD, register, site, submit};

#[test]
fn browser_staff_sign_in_work_the_queue_and_see_the_dashboard() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let site = site();
    let intake = site.start_intake(&[]);
    submit(
        &intake,
        "register",
        &register("李桂兰", "13912345678", "城关镇", "保洁"),
    );

    let page = browser.session(Options::default());
    page.goto(&intake.url("/staff/queue"));
    assert!(
        page.url().contains("/staff/login"),
        "sent to sign in: {}",
        page.url()
    );
    page.find("#name").send_keys("wangli");
    page.find("#password").send_keys(STAFF_PASSWORD);
    page.find("form[action=\"/staff/login\"] button[type=\"submit\"]")
        .click();
    page.wait_until("return location.pathname === '/staff/queue';", 20);
    let queue = page.find("main").text();
    assert!(queue.contains("李桂兰"), "{queue}");
    assert!(
        queue.contains("139****5678"),
        "the phone is masked: {queue}"
    );
    assert!(!queue.contains("13912345678"), "{queue}");
    page.screenshot(&artifacts_dir().join("staff-queue-360x640.png"));
    let cookie_visible = page.execute("return document.cookie;", json!([]));
    assert!(
        !cookie_visible
            .as_str()
            .unwrap_or("")
            .contains("lingong_staff"),
        "the session cookie is HttpOnly"
    );

    // Open the submission and answer it through the page's own form.
    page.find("main a[href^=\"/staff/queue/\"]").click();
    page.wait_for("form[action$=\"/status\"]", 20);
    page.execute(
        "var s = document.querySelector('form[action$=\"/status\"] select[name=\"status\"]'); s.value = '已联系';",
        json!([]),
    );
    page.find("form[action$=\"/status\"] button[type=\"submit\"]")
        .click();
    // The options already read 已联系, so wait for the database rather than the page.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let (status, responded) = loop {
        let row: (String, Option<String>) = site
            .db()
            .query_row(
                "SELECT status, first_response_at FROM submissions WHERE json_extract(data, '$.name') = '李桂兰'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("the submission");
        if row.0 != "新提交" || std::time::Instant::now() > deadline {
            break row;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert_eq!(status, "已联系");
    assert!(responded.is_some(), "the first response is recorded");

    page.goto(&intake.url("/staff/dashboard"));
    page.wait_for("main svg", 20);
    let dashboard = page.find("main").text();
    assert!(dashboard.contains("招聘活动"), "{dashboard}");
    assert!(
        dashboard.contains("1900") || dashboard.contains("1,900"),
        "{dashboard}"
    );
    let png = page.full_page_screenshot(&artifacts_dir().join("staff-dashboard-full.png"));
    assert!(png.starts_with(b"\x89PNG"));
}
