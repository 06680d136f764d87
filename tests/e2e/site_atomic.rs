//! The output folder is only ever the previous site or the new one, whole: whatever happens to
//! a build (killed half-way, or run twice at once).

use std::process::{Command, Stdio};
use std::time::Duration;

use lingong_tests::{TempSite, scrubbed, site_bin, tree};

const TODAY: &str = "2026-11-25";

/// A site big enough that a build takes a while: the small fixture plus `n` copies of a job.
fn big_site(n: usize, pay: u32) -> TempSite {
    let site = TempSite::fixture("small");
    let job = site.read("content/jobs/laojie-xiwangong.md");
    for i in 0..n {
        site.write(
            &format!("content/jobs/copy-{i:04}.md"),
            &job.replace("pay = 15", &format!("pay = {pay}")),
        );
    }
    site
}

fn rewrite_pay(site: &TempSite, n: usize, pay: u32) {
    for i in 0..n {
        let path = format!("content/jobs/copy-{i:04}.md");
        let text = site.read(&path);
        let old = text
            .lines()
            .find(|l| l.starts_with("pay = "))
            .expect("pay line")
            .to_string();
        site.write(&path, &text.replace(&old, &format!("pay = {pay}")));
    }
}

#[test]
fn a_killed_build_leaves_the_previous_site_whole() {
    let n = 1500;
    let site = big_site(n, 16);
    site.site(&["build", "--today", TODAY]).expect_code(0);
    let old = tree(&site.path("public"));
    rewrite_pay(&site, n, 17);

    for delay_ms in [5, 40, 120] {
        let mut command = Command::new(site_bin());
        command
            .arg("--root")
            .arg(site.root())
            .args(["build", "--today", TODAY]);
        let mut child = scrubbed(&mut command)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let now = tree(&site.path("public"));
        if now != old {
            // The kill came after the swap: then the new site must be there in full.
            assert_eq!(now.len(), old.len());
            let page = String::from_utf8_lossy(&now["jobs/copy-0000/index.html"]).into_owned();
            assert!(
                page.contains("17—18 元/小时"),
                "a half-written site is live"
            );
            assert!(
                now.keys()
                    .filter(|k| k.starts_with("jobs/copy-"))
                    .all(|k| { String::from_utf8_lossy(&now[k]).contains("17—18 元/小时") }),
                "a mix of old and new pages is live"
            );
            break;
        }
    }
    // Whatever state the staging folder was left in, the next build completes.
    site.site(&["build", "--today", TODAY]).expect_code(0);
    let page = site.read("public/jobs/copy-0999/index.html");
    assert!(page.contains("17—18 元/小时"));
}

#[test]
fn two_builds_at_once_both_finish_and_leave_one_whole_site() {
    let site = big_site(300, 16);
    let spawn = || {
        let mut command = Command::new(site_bin());
        command
            .arg("--root")
            .arg(site.root())
            .args(["build", "--today", TODAY]);
        scrubbed(&mut command)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn")
    };
    let (a, b) = (spawn(), spawn());
    for child in [a, b] {
        let out = child.wait_with_output().expect("wait");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let public = tree(&site.path("public"));
    assert!(public.contains_key("jobs/copy-0299/index.html") && public.contains_key("index.html"));
    site.site(&["build", "--today", TODAY]).expect_code(0);
    assert!(
        tree(&site.path("public")) == public,
        "a later build of the same content changes nothing"
    );
}
