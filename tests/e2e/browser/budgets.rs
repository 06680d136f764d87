//! Budgets measured in the browser: home, a job list and a job page each need at most 30 KB
//! transferred before first render (the document and its render-blocking CSS and scripts, as
//! Chromium's resource timing reports them for a first visit) and load nothing from another
//! host. The figures are written to `target/browser-artifacts/budgets.json`.

use lingong_tests::TempSite;
use lingong_tests::browser::{Browser, Options, artifacts_dir};
use serde_json::{Value, json};

const BUDGET: u64 = 30 * 1024;

const MEASURE: &str = r#"
var nav = performance.getEntriesByType('navigation')[0];
var out = { page: location.href, origin: location.origin,
  document: { transfer: nav.transferSize, encoded: nav.encodedBodySize }, resources: [] };
performance.getEntriesByType('resource').forEach(function (r) {
  out.resources.push({ url: r.name, blocking: r.renderBlockingStatus, transfer: r.transferSize,
    encoded: r.encodedBodySize, initiator: r.initiatorType });
});
return out;
"#;

#[test]
fn browser_home_list_and_job_pages_stay_within_30_kb_before_first_render_from_one_host() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let site = TempSite::sample();
    let intake = site.start_intake(&[]);
    let page = browser.session(Options::default());
    let mut report = Vec::new();
    for path in ["/", "/jobs/", "/jobs/chengguan-laojie-mianguan-xiwangong/"] {
        // A first visit: nothing in the cache.
        page.cdp("Network.clearBrowserCache", json!({}));
        page.goto(&intake.url(path));
        let m = page.execute(MEASURE, json!([]));
        let origin = m["origin"].as_str().expect("origin").to_string();
        let num = |v: &Value| v.as_u64().unwrap_or_default();
        let mut transfer = num(&m["document"]["transfer"]);
        let mut encoded = num(&m["document"]["encoded"]);
        assert!(encoded > 0, "{path}: the document was measured: {m}");
        for r in m["resources"].as_array().expect("resources") {
            let url = r["url"].as_str().unwrap_or_default();
            assert!(
                url.starts_with(&format!("{origin}/")),
                "{path} loads {url} from another host"
            );
            if r["blocking"] == "blocking" {
                transfer += num(&r["transfer"]);
                encoded += num(&r["encoded"]);
            }
        }
        eprintln!(
            "{path}: {transfer} B transferred ({encoded} B encoded bodies) before first render"
        );
        assert!(
            transfer <= BUDGET && encoded <= BUDGET,
            "{path}: {transfer} B transferred, {encoded} B bodies, budget {BUDGET} B: {m}"
        );
        report.push(
            json!({ "path": path, "before_first_render_transfer": transfer,
            "before_first_render_encoded": encoded, "measured": m }),
        );
    }
    std::fs::write(
        artifacts_dir().join("budgets.json"),
        serde_json::to_string_pretty(&report).expect("json"),
    )
    .expect("write budgets");
}
