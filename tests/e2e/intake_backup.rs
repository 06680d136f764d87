//! `lingong-intake backup` copies the live database while the service runs, and the copy
//! restores: put it back while the service is stopped and everything in it is served again.

use lingong_tests::{get, post_json, scrubbed};
use serde_json::json;

use crate::intake_forms::site;

/// `lingong-intake backup FILE` against the site's live database; what it printed.
fn run_backup(site: &lingong_tests::TempSite, backup: &std::path::Path) -> String {
    std::fs::create_dir_all(backup.parent().expect("parent")).expect("dir");
    let mut command = std::process::Command::new(lingong_tests::intake_bin());
    command
        .arg("--root")
        .arg(site.root())
        .arg("backup")
        .arg(backup);
    let out = scrubbed(&mut command).output().expect("backup runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

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
    let printed = run_backup(&site, &backup);
    assert!(printed.contains("已备份 25 份提交"), "{printed}");

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

/// Under load: four clients post without pause while the backup runs. Every submission
/// acknowledged before the backup started is in the copy, every row in the copy is whole (its
/// outbox notice with it), and the restored service serves them and takes new ones.
#[test]
fn a_backup_taken_under_load_restores_with_every_row_acknowledged_before_it() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};

    let site = site();
    let mut intake = site.start_intake(&[]);
    let stop = Arc::new(AtomicBool::new(false));
    // (comment, acknowledged at) of every 201.
    let acknowledged = Arc::new(Mutex::new(Vec::<(String, std::time::Instant)>::new()));
    let clients: Vec<_> = (0..4)
        .map(|client| {
            let (url, stop, acknowledged) = (
                intake.url("/intake/satisfaction"),
                stop.clone(),
                acknowledged.clone(),
            );
            std::thread::spawn(move || {
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) {
                    let comment = format!("负载 {client}-{i}");
                    let reply = post_json(
                        &url,
                        &json!({ "service": "岗位推荐", "rating": 5, "comment": comment }),
                    );
                    if reply.status == 201 {
                        acknowledged
                            .lock()
                            .expect("lock")
                            .push((comment, std::time::Instant::now()));
                    }
                    i += 1;
                }
            })
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(1500));

    let started = std::time::Instant::now();
    let backup = site.path("backup/under-load.db");
    run_backup(&site, &backup);
    std::thread::sleep(std::time::Duration::from_millis(500));
    stop.store(true, Ordering::Relaxed);
    for client in clients {
        client.join().expect("client");
    }
    assert_eq!(intake.terminate(), Some(0));

    let acknowledged = acknowledged.lock().expect("lock").clone();
    let before: Vec<&String> = acknowledged
        .iter()
        .filter(|(_, at)| *at < started)
        .map(|(c, _)| c)
        .collect();
    assert!(
        before.len() >= 20,
        "load before the backup: {}",
        before.len()
    );
    assert!(
        acknowledged.len() > before.len(),
        "posts went on during the backup"
    );

    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(site.path(&format!("data/lingong.db{suffix}")));
    }
    std::fs::copy(&backup, site.path("data/lingong.db")).expect("restore");
    let intake = site.start_intake(&[]);
    let db = site.db();
    let restored: std::collections::HashSet<String> = db
        .prepare("SELECT json_extract(data, '$.comment') FROM submissions")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    for comment in &before {
        assert!(
            restored.contains(*comment),
            "{comment} was acknowledged before the backup"
        );
    }
    let orphans: i64 = db
        .query_row(
            "SELECT count(*) FROM submissions s WHERE s.spam = 0 AND NOT EXISTS
             (SELECT 1 FROM outbox o WHERE o.submission_id = s.id)",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(orphans, 0, "every stored submission has its notice");
    let reply = post_json(
        &intake.url("/intake/satisfaction"),
        &json!({ "service": "岗位推荐", "rating": 5, "comment": "恢复后" }),
    );
    assert_eq!(reply.status, 201);
}
