//! Every public form, in a real browser with script off and on: a first try with mistakes comes
//! back with every value kept and each problem by its field; the corrected form is stored once
//! and leads to its thank-you page.

use lingong_tests::browser::{Browser, Options, Session};
use lingong_tests::{Intake, TempSite};
use serde_json::json;

use super::{count, fill, small_site, submit};

struct Case {
    form: &'static str,
    /// Where the form is: its own page, or a job's page for an application.
    page: &'static str,
    /// Valid values except for the field named in `wrong`.
    values: &'static [(&'static str, &'static str)],
    /// A field and a wrong value for it, then the right one.
    wrong: (&'static str, &'static str, &'static str),
    /// A text field whose typed value must survive the error page.
    kept: (&'static str, &'static str),
}

const CASES: &[Case] = &[
    Case {
        form: "register",
        page: "/forms/register/",
        values: &[
            ("name", "张秀英"),
            ("birth_year", "1968"),
            ("township", "池河镇"),
            ("village", "五爱村"),
            ("categories", "餐饮"),
            ("availability", "农闲时"),
            ("consent", "同意"),
        ],
        wrong: ("mobile", "12345", "13991512345"),
        kept: ("village", "五爱村"),
    },
    Case {
        form: "apply",
        page: "/jobs/laojie-xiwangong/",
        values: &[
            ("name", "李强"),
            ("message", "明天就能上班"),
            ("consent", "同意"),
        ],
        wrong: ("mobile", "1380000", "13800000000"),
        kept: ("message", "明天就能上班"),
    },
    Case {
        form: "employer",
        page: "/forms/employer/",
        values: &[
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
            ("no_fee", "同意"),
            ("consent", "同意"),
        ],
        wrong: ("duties", "只招男性，洗碗", "洗碗、收拾后厨"),
        kept: ("address", "老街 28 号"),
    },
    Case {
        form: "survey",
        page: "/forms/survey/",
        values: &[
            ("surveyor", "刘干事"),
            ("name", "陈大山"),
            ("township", "喜河镇"),
            ("village", "晏坝村"),
            ("community_type", "行政村"),
            ("employment_status", "在家务农"),
            ("intention", "想在本地打零工"),
            ("consent_on_behalf", "同意"),
        ],
        wrong: ("mobile", "12345", "13991512345"),
        kept: ("name", "陈大山"),
    },
    Case {
        form: "satisfaction",
        page: "/forms/satisfaction/",
        values: &[("rating", "5"), ("comment", "服务很好")],
        wrong: ("service", "", "岗位推荐"),
        kept: ("comment", "服务很好"),
    },
];

fn form_selector(form: &str) -> String {
    format!("form[data-form=\"{form}\"]")
}

fn run_case(page: &Session, site: &TempSite, intake: &Intake, case: &Case, javascript: bool) {
    let form = form_selector(case.form);
    let before = count(site, case.form);
    page.goto(&intake.url(case.page));
    fill(page, &form, case.values);
    fill(page, &form, &[(case.wrong.0, case.wrong.1)]);
    submit(page, &form);

    // Sent back: the summary on top, the problem by its field, the values still there.
    page.wait_for(".form-errors", 30);
    let problem = page.find(&format!("{form} .has-error .error"));
    assert!(
        !problem.text().is_empty(),
        "{}: a message by the field",
        case.form
    );
    let field_with_error = page.execute(
        "var e = document.querySelector(arguments[0] + ' .has-error [name]'); return e && e.name;",
        json!([form]),
    );
    assert_eq!(field_with_error, json!(case.wrong.0), "{}", case.form);
    let (kept, kept_value) = case.kept;
    let typed = case
        .values
        .iter()
        .chain([&(case.wrong.0, case.wrong.1)])
        .find(|(name, _)| *name == kept)
        .map_or(kept_value, |(_, v)| *v);
    assert_eq!(
        page.find(&format!("{form} [name=\"{kept}\"]"))
            .property("value"),
        json!(typed),
        "{}: typed values are kept",
        case.form
    );
    assert_eq!(
        count(site, case.form),
        before,
        "{}: nothing stored",
        case.form
    );

    // Corrected and sent again.
    fill(page, &form, &[(case.wrong.0, case.wrong.2)]);
    submit(page, &form);
    page.wait_for("#form-done", 30);
    assert!(
        page.url()
            .ends_with(&format!("/forms/{}/thanks/", case.form)),
        "{}: {}",
        case.form,
        page.url()
    );
    assert_eq!(
        count(site, case.form),
        before + 1,
        "{}: stored once",
        case.form
    );
    if javascript {
        // Nothing of it stays behind as a draft once the service has it.
        page.wait_until(
            "for (var i = 0; i < localStorage.length; i++) if (localStorage.key(i).indexOf('lingong.draft.') === 0) return false; return true;",
            10,
        );
    }
}

fn every_form(javascript: bool) {
    let Some(browser) = Browser::start() else {
        return;
    };
    let site = small_site();
    let intake = site.start_intake(&[]);
    let page = browser.session(Options { javascript });
    for case in CASES {
        run_case(&page, &site, &intake, case, javascript);
    }
    // Script off means off: the page itself never ran form.js.
    page.goto(&intake.url("/forms/survey/"));
    let id = page.find("input[name=\"submission_id\"]").property("value");
    assert_eq!(id.as_str().is_some_and(|v| !v.is_empty()), javascript);
}

#[test]
fn every_form_works_in_the_browser_with_script_off_including_an_error_page() {
    every_form(false);
}

#[test]
fn every_form_works_in_the_browser_with_script_on_including_an_error_page() {
    every_form(true);
}
