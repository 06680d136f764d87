//! Browser tests: Debian's Chromium, headless, at a 360×640 phone viewport, driven through
//! chromedriver (see `lingong_tests::browser`). Without chromium and chromedriver they print how
//! to run them and pass; with `LINGONG_BROWSER_TESTS=1` (CI) a missing browser fails them.
//! `cargo test -p lingong-tests --test e2e -- browser` runs exactly these.

mod a11y;
mod budgets;
mod elder;
mod forms;
mod offline;
mod poster;
mod screenshots;
mod staff;

use lingong_tests::TempSite;
use lingong_tests::browser::Session;
use serde_json::json;

/// The small fixture, with limits that let a test post often and fill forms at machine speed
/// (the minimum time on a page would mark every post of a test as spam).
pub fn small_site() -> TempSite {
    let site = TempSite::fixture("small");
    site.append_config(
        "\n[intake]\nrate_per_minute = 100000\nrate_burst = 100000\nmin_fill_seconds = 0\n",
    );
    site
}

/// Fills a form as a person would: types into text fields (after clearing them), ticks boxes
/// and radio buttons, picks from lists. `form` scopes the selectors (`form[data-form="survey"]`).
pub fn fill(page: &Session, form: &str, pairs: &[(&str, &str)]) {
    for (name, value) in pairs {
        let kind = page.execute(
            "var e = document.querySelector(arguments[0]); return e ? (e.tagName === 'SELECT' ? 'select' : e.type) : null;",
            json!([format!("{form} [name=\"{name}\"]")]),
        );
        match kind.as_str() {
            Some("checkbox" | "radio") => {
                let input = page.find(&format!("{form} [name=\"{name}\"][value=\"{value}\"]"));
                if input.property("checked") != true {
                    input.click();
                }
            }
            Some("select") => {
                // Set as a script would, then announced as a person's choice would be.
                let select = page.find(&format!("{form} select[name=\"{name}\"]"));
                page.execute(
                    "var s = arguments[0]; s.value = arguments[1]; s.dispatchEvent(new Event('change', {bubbles: true}));",
                    json!([select.as_arg(), value]),
                );
            }
            Some(_) => {
                let input = page.find(&format!("{form} [name=\"{name}\"]"));
                input.clear();
                input.send_keys(value);
            }
            None => panic!("{form} has no field {name} on {}", page.url()),
        }
    }
}

/// Clicks the form's submit button.
pub fn submit(page: &Session, form: &str) {
    page.find(&format!("{form} button[type=\"submit\"]"))
        .click();
}

pub fn count(site: &TempSite, kind: &str) -> i64 {
    site.db()
        .query_row(
            "SELECT count(*) FROM submissions WHERE kind = ?1",
            [kind],
            |r| r.get(0),
        )
        .expect("count")
}
