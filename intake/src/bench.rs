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

/// What `bench-report` measured, in milliseconds (best of `runs`).
#[derive(Debug)]
pub struct ReportTimes {
    pub submissions: usize,
    pub services: usize,
    pub placements: usize,
    /// Reading the facts and computing every figure of the dashboard.
    pub dashboard_ms: f64,
    /// Building a month's report and writing its XLSX workbook.
    pub workbook_ms: f64,
    pub workbook_bytes: usize,
}

/// Seeds `path` with `scale` times a whole contract's records (1,900 services, 600 placements
/// with evidence, 300 follow-ups, 28 events, 100 platform sign-ups, 20,000 submissions spread
/// over the service period) and times the dashboard and the monthly workbook on it.
pub fn report_times(
    path: &Path,
    contract: &crate::contract::Contract,
    calendar: &crate::workdays::WorkCalendar,
    scale: usize,
    runs: usize,
) -> Result<ReportTimes, Box<dyn std::error::Error>> {
    use crate::kpi::{self, Figures, Month};
    use crate::report::{MonthlyReport, xlsx};

    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let mut conn = store::open_and_migrate(path)?;
    conn.pragma_update(None, "synchronous", "OFF")?;
    let days = (contract.service_end - contract.service_start)
        .get_days()
        .max(1) as usize;
    let day = |i: usize| -> String {
        contract
            .service_start
            .checked_add(jiff::Span::new().days((i * 7919 % days) as i64))
            .unwrap_or(contract.service_start)
            .to_string()
    };
    let (submissions, services, placements) = (20_000 * scale, 1_900 * scale, 600 * scale);
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO users (name, role, password_hash, created_at) VALUES ('bench', 'staff', 'x', '2026-01-01T00:00:00Z')",
        [],
    )?;
    for i in 0..submissions {
        let (kind, data) = if i % 10 == 0 {
            (
                "satisfaction",
                format!(r#"{{"service":"岗位推荐","rating":"{}"}}"#, 3 + i % 3),
            )
        } else {
            (
                "register",
                format!(
                    r#"{{"name":"求职者{i}","mobile":"139{:08}","township":"城关镇"}}"#,
                    i
                ),
            )
        };
        let created = format!("{}T02:00:00Z", day(i));
        tx.execute(
            "INSERT INTO submissions (id, kind, data, content_hash, created_at, first_response_at)
             VALUES (?1, ?2, ?3, ?1, ?4, CASE WHEN ?5 THEN ?4 END)",
            rusqlite::params![format!("bench-{i}"), kind, data, created, i % 7 != 0],
        )?;
    }
    for i in 0..services {
        tx.execute(
            "INSERT INTO services (person_name, person_phone, kind, channel, service_date, staff_id, created_at)
             VALUES (?1, '13900000000', '职业指导', '窗口', ?2, 1, '2026-01-01T00:00:00Z')",
            rusqlite::params![format!("求职者{i}"), day(i)],
        )?;
    }
    tx.execute(
        "INSERT INTO evidence_files (sha256, mime, size, uploaded_by, uploaded_at) VALUES ('e', 'application/pdf', 1, 1, '2026-01-01T00:00:00Z')",
        [],
    )?;
    for i in 0..placements {
        tx.execute(
            "INSERT INTO placements (person_name, employer, job_title, start_date, basis, staff_id, created_at)
             VALUES (?1, '石泉县顺达物流', '装卸工', ?2, '劳务协议', 1, '2026-01-01T00:00:00Z')",
            rusqlite::params![format!("求职者{i}"), day(i)],
        )?;
        let id = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO evidence_links (ledger, record_id, sha256) VALUES ('placements', ?1, 'e')",
            [id],
        )?;
        if i % 2 == 0 {
            tx.execute(
                "INSERT INTO followups (placement_id, followup_date, method, outcome, staff_id, created_at)
                 VALUES (?1, ?2, '电话', '在岗', 1, '2026-01-01T00:00:00Z')",
                rusqlite::params![id, day(i + 3)],
            )?;
        }
    }
    for i in 0..28 * scale {
        let (kind, format) = if i % 3 == 0 {
            ("线上", "直播带岗")
        } else {
            ("线下", "现场招聘会")
        };
        tx.execute(
            "INSERT INTO event_reports (title, kind, format, event_date, summary, staff_id, created_at)
             VALUES ('招聘会', ?1, ?2, ?3, '总结', 1, '2026-01-01T00:00:00Z')",
            rusqlite::params![kind, format, day(i * 13)],
        )?;
    }
    for i in 0..100 * scale {
        tx.execute(
            "INSERT INTO platform_signups (employer, verified_on, activated_on, help, staff_id, created_at)
             VALUES (?1, ?2, ?2, '上门指导', 1, '2026-01-01T00:00:00Z')",
            rusqlite::params![format!("单位{i}"), day(i)],
        )?;
    }
    tx.commit()?;

    let as_of = contract.service_end;
    let best = |f: &mut dyn FnMut() -> Result<usize, Box<dyn std::error::Error>>| -> Result<(f64, usize), Box<dyn std::error::Error>> {
        let mut best = f64::MAX;
        let mut out = 0;
        for _ in 0..runs.max(1) {
            let started = Instant::now();
            out = f()?;
            best = best.min(started.elapsed().as_secs_f64() * 1000.0);
        }
        Ok((best, out))
    };
    let (dashboard_ms, _) = best(&mut || {
        let period = kpi::cumulative_period(contract, as_of);
        let facts = store::kpi::facts(&conn, period)?;
        let figures = Figures::compute(&facts, period, as_of, contract, calendar);
        Ok(figures.rows(contract, 1.0).len())
    })?;
    let month = Month::of(contract.service_start);
    let (workbook_ms, workbook_bytes) = best(&mut || {
        let report = MonthlyReport::build(&conn, contract, calendar, month, as_of)?;
        Ok(xlsx::workbook(&report)?.len())
    })?;
    Ok(ReportTimes {
        submissions,
        services,
        placements,
        dashboard_ms,
        workbook_ms,
        workbook_bytes,
    })
}
