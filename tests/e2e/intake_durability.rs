//! An acknowledged submission is on disk: kill -9 the service in the middle of a burst, and
//! every id it acknowledged is in the database after restart. SIGTERM lets the burst finish.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use lingong_tests::{Intake, TempSite, get, post_json};
use serde_json::json;

use crate::intake_forms::site;

/// Posts from `threads` clients until `stop`, collecting the ids acknowledged with 201.
fn burst(
    intake: &Intake,
    threads: usize,
    stop: Arc<AtomicBool>,
) -> Vec<std::thread::JoinHandle<Vec<String>>> {
    (0..threads)
        .map(|t| {
            let url = intake.url("/intake/satisfaction");
            let stop = stop.clone();
            std::thread::spawn(move || {
                let mut acknowledged = Vec::new();
                let mut n = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let id = format!("00000000-0000-4000-8000-{:04x}{:08x}", t, n);
                    let body = json!({ "submission_id": id, "service": "招聘活动", "rating": 5, "comment": format!("{t}-{n}") });
                    let reply = std::panic::catch_unwind(|| post_json(&url, &body));
                    match reply {
                        Ok(r) if r.status == 201 => acknowledged.push(id),
                        Ok(_) => {}
                        Err(_) => break, // connection refused: the server is gone
                    }
                }
                acknowledged
            })
        })
        .collect()
}

fn stored_ids(site: &TempSite) -> std::collections::HashSet<String> {
    let db = site.db();
    let mut stmt = db.prepare("SELECT id FROM submissions").expect("query");
    stmt.query_map([], |r| r.get(0))
        .expect("rows")
        .map(Result::unwrap)
        .collect()
}

#[test]
fn every_acknowledged_submission_survives_kill_9() {
    let site = site();
    let mut intake = site.start_intake(&[]);
    let stop = Arc::new(AtomicBool::new(false));
    let clients = burst(&intake, 16, stop.clone());
    std::thread::sleep(Duration::from_millis(1500));
    intake.kill_hard();
    stop.store(true, Ordering::Relaxed);
    let acknowledged: Vec<String> = clients
        .into_iter()
        .flat_map(|c| c.join().unwrap_or_default())
        .collect();
    assert!(
        acknowledged.len() > 50,
        "the burst got going: {}",
        acknowledged.len()
    );

    // The service starts again on the same file (SQLite recovers the WAL) ...
    let intake = site.start_intake(&[]);
    assert_eq!(get(&intake.url("/intake/health")).status, 200);
    // ... and nothing it acknowledged is missing.
    let stored = stored_ids(&site);
    let missing: Vec<&String> = acknowledged
        .iter()
        .filter(|id| !stored.contains(*id))
        .collect();
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged ids missing",
        missing.len(),
        acknowledged.len()
    );
}

#[test]
fn sigterm_lets_queued_submissions_commit_before_exit() {
    let site = site();
    let mut intake = site.start_intake(&[]);
    let stop = Arc::new(AtomicBool::new(false));
    let clients = burst(&intake, 8, stop.clone());
    std::thread::sleep(Duration::from_millis(800));
    let code = intake.terminate();
    stop.store(true, Ordering::Relaxed);
    let acknowledged: Vec<String> = clients
        .into_iter()
        .flat_map(|c| c.join().unwrap_or_default())
        .collect();
    assert_eq!(code, Some(0), "clean exit:\n{}", intake.log());
    let stored = stored_ids(&site);
    assert!(acknowledged.iter().all(|id| stored.contains(id)));
    assert!(!intake.log().contains("ERROR"), "{}", intake.log());
}
