//! Elders' mode (长辈版): a visible switch to text of at least 22 px, line height of at least
//! 1.3 and bigger tap targets, remembered across pages, with script and without.

use lingong_tests::browser::{Browser, Options, Session};
use serde_json::json;

use super::small_site;

/// Font size and line height of body text (px), and the height of the smallest visible
/// button, switch or navigation link (px).
fn measures(page: &Session) -> (f64, f64, f64) {
    let v = page.execute(
        "var s = getComputedStyle(document.querySelector('main p') || document.body); \
         var lh = parseFloat(s.lineHeight); \
         var min = 1e9, all = document.querySelectorAll('.button, .elder-switch, .nav a'); \
         for (var i = 0; i < all.length; i++) { var h = all[i].getBoundingClientRect().height; if (h > 0 && h < min) min = h; } \
         return [parseFloat(s.fontSize), isNaN(lh) ? 0 : lh, min];",
        json!([]),
    );
    let n = |i: usize| v[i].as_f64().unwrap_or_default();
    (n(0), n(1), n(2))
}

fn is_elder(page: &Session) -> bool {
    page.execute(
        "return document.documentElement.classList.contains('elder');",
        json!([]),
    ) == true
}

fn assert_elder(page: &Session, what: &str) {
    assert!(is_elder(page), "{what}: elders' mode on {}", page.url());
    let (font, line, button) = measures(page);
    assert!(font >= 22.0, "{what}: text is {font} px");
    assert!(
        line >= 1.3 * font,
        "{what}: line height {line} px for {font} px"
    );
    assert!(button >= 56.0, "{what}: tap target {button} px high");
    // The switch back is there, in words.
    assert!(page.find(".to-standard").text().contains("标准版"));
}

#[test]
fn browser_elders_mode_is_one_tap_and_remembered_with_script_on_and_off() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let site = small_site();
    let intake = site.start_intake(&[]);

    for javascript in [true, false] {
        let what = if javascript {
            "script on"
        } else {
            "script off"
        };
        let page = browser.session(Options { javascript });
        page.goto(&intake.url("/jobs/laojie-xiwangong/"));
        assert!(!is_elder(&page));
        let (font, _, _) = measures(&page);
        assert!(font < 22.0, "standard text is smaller ({font} px)");
        let switch = page.find(".to-elder");
        assert_eq!(switch.text(), "长辈版（大字）");
        switch.click();
        page.wait_until(
            "return document.documentElement.classList.contains('elder');",
            10,
        );
        assert!(
            page.url().ends_with("/jobs/laojie-xiwangong/"),
            "{what}: back on the same page, not {}",
            page.url()
        );
        assert_elder(&page, what);
        // Remembered on the next page, a form included (served with its token).
        page.goto(&intake.url("/forms/register/"));
        assert_elder(&page, what);
        page.goto(&intake.url("/"));
        assert_elder(&page, what);
        // And switched off again.
        page.find(".to-standard").click();
        page.wait_until(
            "return !document.documentElement.classList.contains('elder');",
            10,
        );
        page.goto(&intake.url("/jobs/"));
        assert!(!is_elder(&page), "{what}: off stays off");
    }
}
