//! Screenshots at the phone's size, kept as test artefacts under
//! `target/browser-artifacts/` for a person to look at: home, a job page, a form, and the same
//! in elders' mode. The test checks what a picture can show a program: the page is as wide as
//! the phone (nothing pushes it sideways) and the file is a PNG.

use lingong_tests::browser::{Browser, Options, VIEWPORT, artifacts_dir};
use serde_json::json;

use super::small_site;

#[test]
fn browser_screenshots_of_home_a_job_and_a_form_are_kept_as_artifacts() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let site = small_site();
    let intake = site.start_intake(&[]);
    let page = browser.session(Options::default());
    let dir = artifacts_dir();
    for elder in [false, true] {
        if elder {
            page.goto(&intake.url("/settings/elder?on=1&back=/"));
        }
        for (name, path) in [
            ("home", "/"),
            ("job", "/jobs/laojie-xiwangong/"),
            ("form-register", "/forms/register/"),
        ] {
            page.goto(&intake.url(path));
            let width = page.execute("return document.documentElement.scrollWidth;", json!([]));
            assert_eq!(
                width,
                json!(VIEWPORT.0),
                "{path} fits the phone's width (elder: {elder})"
            );
            let suffix = if elder { "-elder" } else { "" };
            let png = page.screenshot(&dir.join(format!("{name}{suffix}-360x640.png")));
            assert!(png.starts_with(b"\x89PNG"), "{name} is a PNG");
            page.full_page_screenshot(&dir.join(format!("{name}{suffix}-full.png")));
        }
    }
}
