//! SQL of publishing: reading an employer's 用工登记 to prefill a job, linking it to the job
//! page published from it, and the audit lines of every publish and edit.

use std::collections::HashMap;

use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, params};

use super::sessions::audit;
use crate::submission::stored_time;

/// The status a new submission gets when its job is published: publishing answers the
/// employer, so it counts as contact (the queue's statuses are the contract's, no others).
pub const PUBLISHED_STATUS: &str = crate::store::queue::CONTACTED;

/// An employer's submission as the job form needs it.
#[derive(Debug, Clone)]
pub struct EmployerNeed {
    pub id: String,
    pub data: serde_json::Value,
    /// The job already published from it, if any.
    pub published_job: Option<String>,
}

/// The employer submission `id`; `None` if there is none of that kind (or it was anonymised).
pub fn employer_need(conn: &Connection, id: &str) -> rusqlite::Result<Option<EmployerNeed>> {
    conn.query_row(
        "SELECT id, data, published_job FROM submissions
         WHERE id = ?1 AND kind = 'employer' AND anonymised_at IS NULL",
        params![id],
        |r| {
            let data: String = r.get(1)?;
            Ok(EmployerNeed {
                id: r.get(0)?,
                data: serde_json::from_str(&data).unwrap_or(serde_json::Value::Null),
                published_job: r.get(2)?,
            })
        },
    )
    .optional()
}

/// Links a submission to the job published from it. The first response and the handler are
/// recorded if nobody recorded them before (publishing answers the employer's request), and a
/// new submission moves to 已联系 with a line in its history.
pub fn link_job(
    conn: &Connection,
    submission_id: &str,
    slug: &str,
    user_id: i64,
    now: Timestamp,
) -> rusqlite::Result<()> {
    let at = stored_time(now);
    let changed = conn.execute(
        "UPDATE submissions SET published_job = ?2,
             first_response_at = COALESCE(first_response_at, ?3),
             handled_by = COALESCE(handled_by, ?4),
             handled_at = COALESCE(handled_at, ?3),
             status = CASE WHEN status = '新提交' THEN ?5 ELSE status END
         WHERE id = ?1",
        params![submission_id, slug, at, user_id, PUBLISHED_STATUS],
    )?;
    if changed > 0 {
        conn.execute(
            "INSERT INTO submission_history (submission_id, status, note, user_id, at)
             SELECT id, status, ?2, ?3, ?4 FROM submissions WHERE id = ?1",
            params![
                submission_id,
                format!("发布为岗位 /jobs/{slug}/"),
                user_id,
                at
            ],
        )?;
    }
    Ok(())
}

/// Which submission each published job came from, by slug.
pub fn job_sources(conn: &Connection) -> rusqlite::Result<HashMap<String, String>> {
    let mut stmt =
        conn.prepare("SELECT published_job, id FROM submissions WHERE published_job IS NOT NULL")?;
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect()
}

/// An events-ledger record's event slug and summary.
pub fn event_report_summary(
    conn: &Connection,
    id: i64,
) -> rusqlite::Result<Option<(Option<String>, String)>> {
    conn.query_row(
        "SELECT event_slug, summary FROM event_reports WHERE id = ?1",
        params![id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

/// The audit line of a publish (`publish`: a new file) or an edit (`update`).
pub fn record(
    conn: &Connection,
    user_id: i64,
    action: &str,
    file: &str,
    detail: &str,
    now: Timestamp,
) -> rusqlite::Result<()> {
    audit(conn, Some(user_id), action, file, detail, now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publishing_links_the_need_and_answers_it_once() {
        let tmp = tempfile::tempdir().unwrap();
        let conn = crate::store::open_and_migrate(&tmp.path().join("t.db")).unwrap();
        conn.execute(
            "INSERT INTO users (name, role, password_hash, created_at) VALUES ('w', 'staff', 'x', 't')",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO submissions (id, kind, data, content_hash, created_at)
             VALUES ('s1', 'employer', '{\"employer\":\"面馆\"}', 'h', '2026-11-25T01:00:00Z')",
            [],
        )
        .unwrap();
        let need = employer_need(&conn, "s1").unwrap().unwrap();
        assert_eq!(need.data["employer"], "面馆");
        assert!(need.published_job.is_none());
        let now = Timestamp::now();
        link_job(&conn, "s1", "mianguan", 1, now).unwrap();
        let (status, first): (String, String) = conn
            .query_row(
                "SELECT status, first_response_at FROM submissions WHERE id = 's1'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(status, PUBLISHED_STATUS);
        assert_eq!(first, stored_time(now));
        assert_eq!(job_sources(&conn).unwrap()["mianguan"], "s1");
        assert!(employer_need(&conn, "nope").unwrap().is_none());
    }
}
