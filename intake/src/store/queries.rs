//! Every SQL statement of the service.

use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::submission::{DEDUPE_WINDOW_SECONDS, NewSubmission, WriteOutcome, stored_time};

/// Stores a submission and its notice, unless it is already stored.
/// Runs inside the writer's transaction (a savepoint of it).
pub fn insert_submission(tx: &Connection, sub: &NewSubmission) -> rusqlite::Result<WriteOutcome> {
    let same_id: Option<String> = tx
        .query_row(
            "SELECT id FROM submissions WHERE id = ?1",
            [sub.id.as_str()],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = same_id {
        return Ok(WriteOutcome::Duplicate(id));
    }
    let since = stored_time(
        Timestamp::from_second(sub.created_at.as_second() - DEDUPE_WINDOW_SECONDS)
            .unwrap_or(sub.created_at),
    );
    let same_content: Option<String> = tx
        .query_row(
            "SELECT id FROM submissions WHERE content_hash = ?1 AND created_at >= ?2 ORDER BY created_at LIMIT 1",
            params![sub.content_hash, since],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = same_content {
        return Ok(WriteOutcome::Duplicate(id));
    }
    let now = stored_time(sub.created_at);
    tx.execute(
        "INSERT INTO submissions (id, kind, data, content_hash, spam, spam_reason, flags, client_addr, user_agent, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            sub.id.as_str(),
            sub.kind,
            sub.data.to_string(),
            sub.content_hash,
            sub.spam.is_some(),
            sub.spam,
            serde_json::to_string(&sub.flags).unwrap_or_else(|_| "[]".into()),
            sub.client_addr,
            sub.user_agent,
            now,
        ],
    )?;
    if let Some(notice) = &sub.notice {
        tx.execute(
            "INSERT INTO outbox (submission_id, recipients, subject, body, next_attempt_at, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            params![
                sub.id.as_str(),
                serde_json::to_string(&notice.recipients).unwrap_or_else(|_| "[]".into()),
                notice.subject,
                notice.body,
                now,
            ],
        )?;
    }
    Ok(WriteOutcome::Stored)
}

/// A stored submission, as staff and tests read it.
#[derive(Debug, Clone, Serialize)]
pub struct StoredSubmission {
    pub id: String,
    pub kind: String,
    pub data: serde_json::Value,
    pub status: String,
    pub spam: bool,
    pub spam_reason: Option<String>,
    pub flags: Vec<String>,
    pub created_at: String,
}

pub fn submission(conn: &Connection, id: &str) -> rusqlite::Result<Option<StoredSubmission>> {
    conn.query_row(
        "SELECT id, kind, data, status, spam, spam_reason, flags, created_at FROM submissions WHERE id = ?1",
        [id],
        |r| {
            let data: String = r.get(2)?;
            let flags: String = r.get(6)?;
            Ok(StoredSubmission {
                id: r.get(0)?,
                kind: r.get(1)?,
                data: serde_json::from_str(&data).unwrap_or(serde_json::Value::Null),
                status: r.get(3)?,
                spam: r.get(4)?,
                spam_reason: r.get(5)?,
                flags: serde_json::from_str(&flags).unwrap_or_default(),
                created_at: r.get(7)?,
            })
        },
    )
    .optional()
}

pub fn count_submissions(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT count(*) FROM submissions", [], |r| r.get(0))
}

/// A queued notice.
#[derive(Debug, Clone, Serialize)]
pub struct OutboxRow {
    pub id: i64,
    pub submission_id: String,
    pub recipients: Vec<String>,
    pub subject: String,
    pub body: String,
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: String,
    pub last_error: Option<String>,
}

const OUTBOX_COLUMNS: &str =
    "id, submission_id, recipients, subject, body, status, attempts, next_attempt_at, last_error";

fn outbox_row(r: &rusqlite::Row) -> rusqlite::Result<OutboxRow> {
    let recipients: String = r.get(2)?;
    Ok(OutboxRow {
        id: r.get(0)?,
        submission_id: r.get(1)?,
        recipients: serde_json::from_str(&recipients).unwrap_or_default(),
        subject: r.get(3)?,
        body: r.get(4)?,
        status: r.get(5)?,
        attempts: r.get(6)?,
        next_attempt_at: r.get(7)?,
        last_error: r.get(8)?,
    })
}

/// The oldest notice that is due to be sent.
pub fn next_due(conn: &Connection, now: Timestamp) -> rusqlite::Result<Option<OutboxRow>> {
    conn.query_row(
        &format!(
            "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?1 ORDER BY id LIMIT 1"
        ),
        [stored_time(now)],
        outbox_row,
    )
    .optional()
}

pub fn mark_sent(conn: &Connection, id: i64, now: Timestamp) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = ?2, last_error = NULL WHERE id = ?1",
        params![id, stored_time(now)],
    )?;
    Ok(())
}

/// Records a failed attempt; `next` is when to try again, or `None` to give up (a person can
/// still retry it with `lingong-intake outbox retry`).
pub fn mark_failed(
    conn: &Connection,
    id: i64,
    error: &str,
    next: Option<Timestamp>,
) -> rusqlite::Result<()> {
    match next {
        Some(at) => conn.execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3 WHERE id = ?1",
            params![id, error, stored_time(at)],
        )?,
        None => conn.execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, status = 'failed' WHERE id = ?1",
            params![id, error],
        )?,
    };
    Ok(())
}

/// Notices not yet sent: pending (with their next try) and failed.
pub fn unsent(conn: &Connection) -> rusqlite::Result<Vec<OutboxRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE status != 'sent' ORDER BY id"
    ))?;
    stmt.query_map([], outbox_row)?.collect()
}

/// Puts failed (or all unsent) notices back in the queue, due now. Returns how many.
pub fn retry(conn: &Connection, id: Option<i64>, now: Timestamp) -> rusqlite::Result<usize> {
    let now = stored_time(now);
    match id {
        Some(id) => conn.execute(
            "UPDATE outbox SET status = 'pending', next_attempt_at = ?2 WHERE id = ?1 AND status != 'sent'",
            params![id, now],
        ),
        None => conn.execute(
            "UPDATE outbox SET status = 'pending', next_attempt_at = ?1 WHERE status != 'sent'",
            params![now],
        ),
    }
}

/// Adds a staff account; `Ok(false)` when the name is taken.
pub fn add_user(
    conn: &Connection,
    name: &str,
    role: &str,
    password_hash: &str,
    now: Timestamp,
) -> rusqlite::Result<bool> {
    let inserted = conn.execute(
        "INSERT INTO users (name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (name) DO NOTHING",
        params![name, role, password_hash, stored_time(now)],
    )?;
    Ok(inserted == 1)
}

/// Accounts as (name, role, disabled), by name.
pub fn users(conn: &Connection) -> rusqlite::Result<Vec<(String, String, bool)>> {
    let mut stmt = conn.prepare("SELECT name, role, disabled FROM users ORDER BY name")?;
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect()
}
