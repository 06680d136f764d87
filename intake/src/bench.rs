//! `lingong-intake bench-sqlite`: the raw commit rate of this machine's disk with the
//! service's settings (WAL, `synchronous=FULL`), one row per transaction against batches, so
//! that the load run's figures can be read against what the disk allows.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::store;

/// Rows committed per second when `per_transaction` rows share each commit.
pub fn commit_rate(
    path: &Path,
    per_transaction: usize,
    duration: Duration,
) -> Result<f64, store::StoreError> {
    let _ = std::fs::remove_file(path);
    let mut conn = store::open(path)?;
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, data TEXT NOT NULL)",
    )?;
    let payload =
        "{\"service\":\"招聘活动\",\"rating\":5,\"comment\":\"benchmark row of typical size\"}";
    let started = Instant::now();
    let mut rows = 0usize;
    while started.elapsed() < duration {
        let tx = conn.transaction()?;
        for _ in 0..per_transaction {
            tx.execute("INSERT INTO t (data) VALUES (?1)", [payload])?;
        }
        tx.commit()?;
        rows += per_transaction;
    }
    Ok(rows as f64 / started.elapsed().as_secs_f64())
}
