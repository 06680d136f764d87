//! Snapshots (insta) of a job page, a job list and an event page of the small fixture site,
//! built with the date pinned so that the output is reproducible.

use std::path::PathBuf;

use lingong_site::{BuildOptions, build};

/// A copy of the fixture, built: a build writes `data/calendar-state.json` under its root, and
/// the repository's fixture must stay as committed.
fn built_fixture() -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().expect("temp dir");
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/small");
    let root = out.path().join("site");
    for entry in walkdir::WalkDir::new(&fixture) {
        let entry = entry.expect("walk fixture");
        let to = root.join(entry.path().strip_prefix(&fixture).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &to).expect("copy");
        }
    }
    let public = out.path().join("public");
    let options = BuildOptions {
        root,
        output: public.clone(),
        today: jiff::civil::date(2026, 11, 25),
    };
    build(&options).expect("the fixture builds");
    (out, public)
}

fn page(public: &std::path::Path, rel: &str) -> String {
    std::fs::read_to_string(public.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The page with the stylesheet's version hash blanked, so that a CSS edit does not churn
/// every snapshot (the hash itself is tested in the e2e tests).
fn snapshot_text(public: &std::path::Path, rel: &str) -> String {
    let html = page(public, rel);
    match html.find("style.css?v=") {
        Some(at) => {
            let start = at + "style.css?v=".len();
            format!("{}[hash]{}", &html[..start], &html[start + 8..])
        }
        None => html,
    }
}

#[test]
fn job_page() {
    let (_tmp, public) = built_fixture();
    insta::assert_snapshot!(
        "job_page",
        snapshot_text(&public, "jobs/laojie-xiwangong/index.html")
    );
}

#[test]
fn job_list() {
    let (_tmp, public) = built_fixture();
    insta::assert_snapshot!("job_list", snapshot_text(&public, "jobs/index.html"));
}

#[test]
fn event_page() {
    let (_tmp, public) = built_fixture();
    insta::assert_snapshot!(
        "event_page",
        snapshot_text(&public, "events/2026-12-zhuanchang/index.html")
    );
}

#[test]
fn expired_jobs_keep_their_page_but_leave_every_list() {
    let (_tmp, public) = built_fixture();
    let expired = page(&public, "jobs/guoqi-banyun/index.html");
    assert!(expired.contains("已过期"), "the page says it expired");
    for list in [
        "index.html",
        "jobs/index.html",
        "jobs/category/banyun/index.html",
        "jobs/township/chengguanzhen/index.html",
    ] {
        assert!(
            !page(&public, list).contains("/jobs/guoqi-banyun/"),
            "{list} lists an expired job"
        );
    }
    assert!(
        page(&public, "jobs/township/chengguanzhen/index.html").contains("/jobs/laojie-xiwangong/")
    );
}

#[test]
fn drafts_are_not_published() {
    let (_tmp, public) = built_fixture();
    assert!(!public.join("jobs/caogao").exists());
    assert!(!page(&public, "jobs/category/baojie/index.html").contains("草稿岗位"));
}
