//! `lingong-intake backup` copies the live database while the service runs, and the copy
//! restores: put it back while the service is stopped and everything in it is served again.

use lingong_tests::{get, post_json, scrubbed};
use serde_json::json;

use crate::intake_forms::site;

#[test]
fn a_backup_taken_while_serving_restores_every_submission_in_it() {
    let site = site();
    let mut intake = site.start_intake(&[]);
    for i in 0..25 {
        let reply = post_json(
            &intake.url("/intake/satisfaction"),
            &json!({ "service": "岗位推荐", "rating": 5, "comment": format!("备份前 {i}") }),
        );
        assert_eq!(reply.status, 201);
    }
    let backup = site.path("backup/lingong-backup.db");
    std::fs::create_dir_all(backup.parent().expect("parent")).expect("dir");
    let mut command = std::process::Command::new(lingong_tests::intake_bin());
    command
        .arg("--root")
        .arg(site.root())
        .arg("backup")
        .arg(&backup);
    let out = scrubbed(&mut command).output().expect("backup runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("已备份 25 份提交"));

    // Written after the backup: not in it.
    post_json(
        &intake.url("/intake/satisfaction"),
        &json!({ "service": "岗位推荐", "rating": 4, "comment": "备份后" }),
    );
    assert_eq!(intake.terminate(), Some(0));

    // Restore: the service is stopped; the backup replaces the database and its WAL.
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(site.path(&format!("data/lingong.db{suffix}")));
    }
    std::fs::copy(&backup, site.path("data/lingong.db")).expect("restore");
    let intake = site.start_intake(&[]);
    assert_eq!(get(&intake.url("/intake/health")).status, 200);
    let count: i64 = site
        .db()
        .query_row("SELECT count(*) FROM submissions", [], |r| r.get(0))
        .expect("count");
    assert_eq!(count, 25);
    let after: i64 = site
        .db()
        .query_row(
            "SELECT count(*) FROM submissions WHERE data LIKE '%备份后%'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(after, 0);
    let reply = post_json(
        &intake.url("/intake/satisfaction"),
        &json!({ "service": "岗位推荐", "rating": 5, "comment": "恢复后" }),
    );
    assert_eq!(
        reply.status, 201,
        "the restored database takes new submissions"
    );
}
