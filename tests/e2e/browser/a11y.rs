//! Accessibility scan with axe-core (npm, `tests/browser/`) injected into the page: home, the
//! job list, a job page (with its application form), every form page, a form sent back with
//! its problems, a thank-you page and the search page, in the standard and the elders' theme.
//! No serious or critical violation is allowed.

use lingong_tests::browser::{Browser, Options, Session, npm_file};
use serde_json::{Value, json};

use super::small_site;

const PAGES: &[&str] = &[
    "/",
    "/jobs/",
    "/jobs/laojie-xiwangong/",
    "/forms/register/",
    "/forms/employer/",
    "/forms/survey/",
    "/forms/satisfaction/",
    "/search/",
    "/forms/survey/thanks/",
];

const RUN: &str = r#"
var done = arguments[arguments.length - 1];
axe.run(document, { resultTypes: ['violations'] }).then(function (r) {
  if (!r.passes.length) return done([{ id: 'axe-ran-nothing', impact: 'critical', help: 'no rule passed', nodes: [] }]);
  done(r.violations.map(function (v) {
    return { id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map(function (n) { return n.target.join(' ') + ' ' + (n.failureSummary || ''); }) };
  }));
}, function (e) { done([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }]); });
"#;

fn scan(page: &Session, axe: &str) -> Vec<Value> {
    page.execute(&format!("{axe}\nreturn typeof axe;"), json!([]));
    let violations = page.execute_async(RUN, json!([]));
    violations
        .as_array()
        .expect("violations")
        .iter()
        .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
        .cloned()
        .collect()
}

#[test]
fn browser_axe_finds_no_serious_or_critical_violations_on_public_pages() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let Some(axe) = npm_file("axe-core/axe.min.js") else {
        return;
    };
    let site = small_site();
    let intake = site.start_intake(&[]);
    let page = browser.session(Options::default());
    let mut found = Vec::new();
    for elder in [false, true] {
        if elder {
            page.goto(&intake.url("/settings/elder?on=1&back=/"));
        }
        for path in PAGES.iter().chain(&["error page"]) {
            if *path == "error page" {
                // A form sent back with its problems (sent empty).
                page.goto(&intake.url("/forms/register/"));
                page.find("form[data-form=\"register\"] button[type=\"submit\"]")
                    .click();
                page.wait_for(".form-errors", 30);
            } else {
                page.goto(&intake.url(path));
            }
            for v in scan(&page, &axe) {
                found.push(format!(
                    "{path} (elder: {elder}): {} [{}] {}\n    {}",
                    v["id"],
                    v["impact"].as_str().unwrap_or_default(),
                    v["help"].as_str().unwrap_or_default(),
                    v["nodes"]
                        .as_array()
                        .map(|n| n
                            .iter()
                            .filter_map(Value::as_str)
                            .collect::<Vec<_>>()
                            .join("\n    "))
                        .unwrap_or_default()
                ));
            }
        }
    }
    assert!(found.is_empty(), "axe-core:\n{}", found.join("\n"));
}
