//! Elders' mode without script, over plain HTTP: the switch sets a cookie and sends the reader
//! back (never to another host), and pages sent with the cookie carry the class the stylesheet
//! keys on.

use lingong_tests::{TempSite, get, http};

fn with_cookie(url: &str, cookie: &str) -> (String, String) {
    let mut response = http()
        .get(url)
        .header("cookie", cookie)
        .call()
        .expect("HTTP request");
    let vary = response
        .headers()
        .get("vary")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (
        response.body_mut().read_to_string().unwrap_or_default(),
        vary,
    )
}

#[test]
fn the_elders_switch_sets_a_cookie_and_marks_every_html_page_served_with_it() {
    let site = TempSite::fixture("small");
    let intake = site.start_intake(&[]);

    let mut response = http()
        .get(&intake.url("/settings/elder?on=1&back=/jobs/laojie-xiwangong/"))
        .call()
        .expect("switch");
    assert_eq!(response.status().as_u16(), 303);
    let header = |r: &ureq::http::Response<ureq::Body>, name: &str| {
        r.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(header(&response, "location"), "/jobs/laojie-xiwangong/");
    let cookie = header(&response, "set-cookie");
    assert!(cookie.starts_with("elder=1; Path=/; Max-Age="), "{cookie}");
    let _ = response.body_mut().read_to_string();

    let off = http()
        .get(&intake.url("/settings/elder?on=0&back=/"))
        .call()
        .expect("switch off");
    assert!(header(&off, "set-cookie").contains("Max-Age=0"));

    // Only back to this site.
    for back in [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
    ] {
        let r = http()
            .get(&intake.url(&format!("/settings/elder?on=1&back={back}")))
            .call()
            .expect("switch");
        assert_eq!(header(&r, "location"), "/", "{back}");
    }

    for path in [
        "/",
        "/jobs/",
        "/jobs/laojie-xiwangong/",
        "/forms/survey/",
        "/no-such-page/",
    ] {
        let (marked, vary) = with_cookie(&intake.url(path), "other=1; elder=1");
        assert!(
            marked.contains("<html class=\"elder\" lang=\"zh-CN\">"),
            "{path} is marked"
        );
        assert_eq!(vary, "Cookie", "{path}");
        let plain = get(&intake.url(path)).body;
        assert!(plain.contains("<html lang=\"zh-CN\">"), "{path} is not");
    }
    // Not HTML: untouched.
    let (css, _) = with_cookie(&intake.url("/style.css"), "elder=1");
    assert!(css.contains("html.elder"));
    assert!(!css.contains("class=\"elder\""));
}
