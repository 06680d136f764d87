//! Outreach without a signal: the survey page keeps working when the service cannot be reached
//! (the service worker's copy), what is submitted waits in the browser with a visible count,
//! and goes out by itself when the service is back; each survey is stored once. What is typed
//! survives closing the page.

use lingong_tests::browser::{Browser, Options, Session, artifacts_dir};
use lingong_tests::get;
use serde_json::json;

use super::{count, fill, small_site, submit};

const FORM: &str = "form[data-form=\"survey\"]";

fn survey(name: &str) -> Vec<(&'static str, String)> {
    vec![
        ("surveyor", "刘干事".into()),
        ("name", name.into()),
        ("township", "喜河镇".into()),
        ("village", "晏坝村".into()),
        ("community_type", "行政村".into()),
        ("employment_status", "在家务农".into()),
        ("intention", "想在本地打零工".into()),
        ("consent_on_behalf", "同意".into()),
    ]
}

fn fill_survey(page: &Session, name: &str) {
    let values = survey(name);
    let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    fill(page, FORM, &pairs);
}

fn queue_counts(page: &Session) -> (String, String) {
    let status = page.find("#queue-status");
    let attr = |name: &str| {
        page.execute(
            "return arguments[0].getAttribute(arguments[1]);",
            json!([status.as_arg(), name]),
        )
        .as_str()
        .unwrap_or_default()
        .to_string()
    };
    (attr("data-waiting"), attr("data-sent"))
}

#[test]
fn browser_surveys_made_offline_are_queued_and_sent_once_when_the_service_returns() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let site = small_site();
    let mut intake = site.start_intake(&[]);
    let addr = intake.addr.clone();
    let page = browser.session(Options::default());
    let url = intake.url("/forms/survey/");

    // A draft survives leaving the page.
    page.goto(&url);
    fill(&page, FORM, &[("surveyor", "刘干事"), ("name", "半途")]);
    page.goto(&intake.url("/"));
    page.goto(&url);
    page.wait_for(".draft-note", 10);
    assert_eq!(
        page.find("input[name=\"name\"]").property("value"),
        json!("半途")
    );
    page.find(".draft-note button").click();
    assert_eq!(
        page.find("input[name=\"name\"]").property("value"),
        json!("")
    );

    // The service worker has the page and its assets before the signal goes.
    page.wait_until(
        "return !!(navigator.serviceWorker && navigator.serviceWorker.controller);",
        30,
    );
    let cached = page.execute_async(
        "var done = arguments[arguments.length - 1]; caches.open('lingong-forms-v1').then(function (c) { return c.keys(); }).then(function (k) { done(k.map(function (r) { return new URL(r.url).pathname; })); });",
        json!([]),
    );
    for path in [
        "/forms/survey/",
        "/forms/register/",
        "/form.js",
        "/style.css",
    ] {
        assert!(
            cached
                .as_array()
                .is_some_and(|a| a.iter().any(|p| p == path)),
            "{path} is cached: {cached}"
        );
    }

    // The service goes away: the page still opens, from the copy.
    intake.kill_hard();
    assert!(
        std::net::TcpStream::connect(&addr).is_err(),
        "the service is down"
    );
    page.goto(&url);
    let h1 = page.find("h1").text();
    assert_eq!(h1, "走访调查", "the survey page opens without the service");

    // Two surveys made without the service: kept in the browser, counted on the page.
    fill_survey(&page, "陈大山");
    submit(&page, FORM);
    page.wait_until(
        "var s = document.getElementById('queue-status'); return !!s && s.getAttribute('data-waiting') === '1';",
        30,
    );
    assert!(
        page.find("#queue-status").text().contains("待发送：1 份"),
        "{}",
        page.find("#queue-status").text()
    );
    // The form is ready for the next person, with a new id.
    assert_eq!(
        page.find("input[name=\"name\"]").property("value"),
        json!("")
    );
    fill_survey(&page, "王小梅");
    submit(&page, FORM);
    page.wait_until(
        "return document.getElementById('queue-status').getAttribute('data-waiting') === '2';",
        30,
    );
    assert_eq!(count(&site, "survey"), 0);

    // The service comes back on the same address: both go out without a reload.
    let intake = site.start_intake_on(&addr, &[]);
    page.wait_until(
        "var s = document.getElementById('queue-status'); return s.getAttribute('data-waiting') === '0' && s.getAttribute('data-sent') === '2';",
        90,
    );
    assert_eq!(queue_counts(&page), ("0".into(), "2".into()));
    assert!(
        page.find("#queue-status").text().contains("已补发：2 份"),
        "{}",
        page.find("#queue-status").text()
    );
    let names: Vec<String> = site
        .db()
        .prepare(
            "SELECT json_extract(data, '$.name') FROM submissions WHERE kind = 'survey' ORDER BY 1",
        )
        .expect("query")
        .query_map([], |r| r.get(0))
        .expect("rows")
        .map(|r| r.expect("row"))
        .collect();
    assert_eq!(names, ["王小梅", "陈大山"], "each stored once");

    // The same survey sent again (a retry whose answer was lost) is stored once.
    let id: String = site
        .db()
        .query_row(
            "SELECT id FROM submissions WHERE json_extract(data, '$.name') = '陈大山'",
            [],
            |r| r.get(0),
        )
        .expect("stored");
    let mut again: serde_json::Map<String, serde_json::Value> = survey("陈大山")
        .into_iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect();
    again.insert("submission_id".into(), json!(id));
    let again = serde_json::Value::Object(again);
    let reply = lingong_tests::post_json(&intake.url("/intake/survey"), &again);
    assert_eq!(reply.status, 409, "{}", reply.body);
    assert_eq!(count(&site, "survey"), 2);
    assert_eq!(get(&intake.url("/intake/health")).status, 200);
}

#[test]
fn browser_a_survey_made_while_the_phone_is_offline_goes_out_when_it_is_back_online() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let site = small_site();
    let intake = site.start_intake(&[]);
    let page = browser.session(Options::default());
    let url = intake.url("/forms/survey/");
    page.goto(&url);
    page.wait_until(
        "return !!(navigator.serviceWorker && navigator.serviceWorker.controller);",
        30,
    );

    // The phone loses its signal (the service is still up): the page opens from the copy.
    page.set_network(true);
    page.goto(&url);
    assert_eq!(page.find("h1").text(), "走访调查");
    assert_eq!(page.execute("return navigator.onLine;", json!([])), false);
    fill_survey(&page, "赵山");
    submit(&page, FORM);
    page.wait_until(
        "var s = document.getElementById('queue-status'); return !!s && s.getAttribute('data-waiting') === '1';",
        30,
    );
    page.screenshot(&artifacts_dir().join("form-survey-offline-queue-360x640.png"));
    assert_eq!(count(&site, "survey"), 0);

    // Signal back: sent without a reload, stored once.
    page.set_network(false);
    page.wait_until(
        "var s = document.getElementById('queue-status'); return s.getAttribute('data-waiting') === '0' && s.getAttribute('data-sent') === '1';",
        60,
    );
    assert_eq!(count(&site, "survey"), 1);
}
