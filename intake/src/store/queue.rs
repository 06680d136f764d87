//! The queue's SQL: listing and filtering submissions, their history, status changes,
//! recommendations (a row in the services ledger), anonymising a person and the retention purge.

use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;
use serde_json::Value;

use super::StoreError;
use super::sessions::audit;
use crate::privacy;
use crate::submission::stored_time;

/// The statuses of the queue, in the order of the flow. `垃圾` is also where spam the public
/// forms marked on arrival sits until staff say otherwise.
pub const STATUSES: &[&str] = &["新提交", "已联系", "已推荐", "已就业", "已关闭", "垃圾"];
pub const NEW: &str = "新提交";
pub const CONTACTED: &str = "已联系";
pub const SPAM: &str = "垃圾";
pub const RECOMMENDED: &str = "已推荐";
const CLOSED: &str = "已关闭";
const EMPLOYED: &str = "已就业";

/// In the spam pile: marked by staff, or marked on arrival and not yet looked at.
const SPAM_PILE: &str = "(s.status = '垃圾' OR (s.spam = 1 AND s.status = '新提交'))";

/// What the queue page asks for. Times are stored-time strings (UTC), compared as text.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    pub kind: Option<String>,
    /// A status, `垃圾` for the spam pile, or `None` for everything but the spam pile.
    pub status: Option<String>,
    /// Everything, spam included.
    pub all: bool,
    pub township: Option<String>,
    pub from: Option<String>,
    pub until: Option<String>,
    /// A name (or part of one) or the digits of a phone.
    pub search: Option<String>,
    /// Only unanswered submissions made before this time (the overdue ones).
    pub unanswered_before: Option<String>,
}

/// A row of the queue, as lists and the detail page show it.
#[derive(Debug, Clone, Serialize)]
pub struct QueueRow {
    pub id: String,
    pub kind: String,
    pub data: Value,
    pub status: String,
    pub spam: bool,
    pub spam_reason: Option<String>,
    pub flags: Vec<String>,
    pub created_at: String,
    pub handled_by: Option<String>,
    pub handled_at: Option<String>,
    pub first_response_at: Option<String>,
    pub anonymised_at: Option<String>,
    pub client_addr: Option<String>,
    pub user_agent: Option<String>,
}

impl QueueRow {
    /// In the spam pile (see [`SPAM_PILE`]).
    pub fn is_spam_pile(&self) -> bool {
        self.status == SPAM || (self.spam && self.status == NEW)
    }

    /// A text field of the data, empty when missing.
    pub fn text(&self, key: &str) -> &str {
        self.data
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
    }
}

const COLUMNS: &str =
    "s.id, s.kind, s.data, s.status, s.spam, s.spam_reason, s.flags, s.created_at,
    u.name, s.handled_at, s.first_response_at, s.anonymised_at, s.client_addr, s.user_agent";

fn row(r: &Row) -> rusqlite::Result<QueueRow> {
    let data: String = r.get(2)?;
    let flags: String = r.get(6)?;
    Ok(QueueRow {
        id: r.get(0)?,
        kind: r.get(1)?,
        data: serde_json::from_str(&data).unwrap_or(Value::Null),
        status: r.get(3)?,
        spam: r.get(4)?,
        spam_reason: r.get(5)?,
        flags: serde_json::from_str(&flags).unwrap_or_default(),
        created_at: r.get(7)?,
        handled_by: r.get(8)?,
        handled_at: r.get(9)?,
        first_response_at: r.get(10)?,
        anonymised_at: r.get(11)?,
        client_addr: r.get(12)?,
        user_agent: r.get(13)?,
    })
}

/// The WHERE clause and its parameters for a filter.
fn where_clause(filter: &QueueFilter) -> (String, Vec<String>) {
    let mut terms: Vec<String> = Vec::new();
    let mut values: Vec<String> = Vec::new();
    let bind = |values: &mut Vec<String>, v: String| {
        values.push(v);
        format!("?{}", values.len())
    };
    if let Some(kind) = &filter.kind {
        let p = bind(&mut values, kind.clone());
        terms.push(format!("s.kind = {p}"));
    }
    match filter.status.as_deref() {
        Some(SPAM) => terms.push(SPAM_PILE.into()),
        Some(status) => {
            let p = bind(&mut values, status.to_string());
            terms.push(format!("s.status = {p} AND NOT {SPAM_PILE}"));
        }
        None if !filter.all => terms.push(format!("NOT {SPAM_PILE}")),
        None => {}
    }
    if let Some(township) = &filter.township {
        let p = bind(&mut values, township.clone());
        terms.push(format!("json_extract(s.data, '$.township') = {p}"));
    }
    if let Some(from) = &filter.from {
        let p = bind(&mut values, from.clone());
        terms.push(format!("s.created_at >= {p}"));
    }
    if let Some(until) = &filter.until {
        let p = bind(&mut values, until.clone());
        terms.push(format!("s.created_at < {p}"));
    }
    if let Some(search) = filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let digits: String = search.chars().filter(char::is_ascii_digit).collect();
        let is_phone = digits.len() >= 3
            && search
                .chars()
                .all(|c| c.is_ascii_digit() || c == ' ' || c == '-' || c == '+');
        if is_phone {
            let p = bind(&mut values, format!("%{digits}%"));
            terms.push(format!(
                "(json_extract(s.data, '$.mobile') LIKE {p} OR json_extract(s.data, '$.phone') LIKE {p})"
            ));
        } else {
            let escaped = search
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            let p = bind(&mut values, format!("%{escaped}%"));
            terms.push(format!(
                "(json_extract(s.data, '$.name') LIKE {p} ESCAPE '\\'
                  OR json_extract(s.data, '$.contact') LIKE {p} ESCAPE '\\'
                  OR json_extract(s.data, '$.employer') LIKE {p} ESCAPE '\\')"
            ));
        }
    }
    if let Some(before) = &filter.unanswered_before {
        let p = bind(&mut values, before.clone());
        terms.push(format!(
            "s.first_response_at IS NULL AND s.created_at < {p} AND NOT {SPAM_PILE}"
        ));
    }
    let clause = if terms.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", terms.join(" AND "))
    };
    (clause, values)
}

/// One page of the queue, newest first, and how many match in all.
pub fn list(
    conn: &Connection,
    filter: &QueueFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<QueueRow>, i64), StoreError> {
    let (clause, values) = where_clause(filter);
    let total: i64 = conn.query_row(
        &format!("SELECT count(*) FROM submissions s {clause}"),
        rusqlite::params_from_iter(values.iter()),
        |r| r.get(0),
    )?;
    let mut with_page = values.clone();
    with_page.push(limit.to_string());
    with_page.push(offset.to_string());
    let n = values.len();
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM submissions s LEFT JOIN users u ON u.id = s.handled_by {clause}
         ORDER BY s.created_at DESC, s.id LIMIT CAST(?{} AS INTEGER) OFFSET CAST(?{} AS INTEGER)",
        n + 1,
        n + 2
    ))?;
    let rows = stmt
        .query_map(rusqlite::params_from_iter(with_page.iter()), row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok((rows, total))
}

/// How many submissions are in the spam pile, for the queue's tab.
pub fn spam_count(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        &format!("SELECT count(*) FROM submissions s WHERE {SPAM_PILE}"),
        [],
        |r| r.get(0),
    )?)
}

pub fn get(conn: &Connection, id: &str) -> Result<Option<QueueRow>, StoreError> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM submissions s LEFT JOIN users u ON u.id = s.handled_by
                 WHERE s.id = ?1"
            ),
            [id],
            row,
        )
        .optional()?)
}

#[derive(Debug, Clone, Serialize)]
pub struct HistoryEntry {
    pub status: String,
    pub note: String,
    pub user: String,
    pub at: String,
}

pub fn history(conn: &Connection, id: &str) -> Result<Vec<HistoryEntry>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT h.status, h.note, coalesce(u.name, ''), h.at FROM submission_history h
         LEFT JOIN users u ON u.id = h.user_id WHERE h.submission_id = ?1 ORDER BY h.at, h.id",
    )?;
    let entries = stmt
        .query_map([id], |r| {
            Ok(HistoryEntry {
                status: r.get(0)?,
                note: r.get(1)?,
                user: r.get(2)?,
                at: r.get(3)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(entries)
}

/// Services recorded for a submission (recommendations among them), newest first.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceLine {
    pub kind: String,
    pub channel: String,
    pub job_slug: Option<String>,
    pub note: String,
    pub service_date: String,
    pub staff: String,
}

pub fn services_of(conn: &Connection, id: &str) -> Result<Vec<ServiceLine>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT v.kind, v.channel, v.job_slug, v.note, v.service_date, coalesce(u.name, '')
         FROM services v LEFT JOIN users u ON u.id = v.staff_id
         WHERE v.submission_id = ?1 ORDER BY v.service_date DESC, v.id DESC",
    )?;
    let lines = stmt
        .query_map([id], |r| {
            Ok(ServiceLine {
                kind: r.get(0)?,
                channel: r.get(1)?,
                job_slug: r.get(2)?,
                note: r.get(3)?,
                service_date: r.get(4)?,
                staff: r.get(5)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(lines)
}

/// Seekers matching may rank: registrations and surveys that are not closed, placed, spam or
/// anonymised; newest first, at most `limit`.
pub fn open_seekers(conn: &Connection, limit: i64) -> Result<Vec<QueueRow>, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM submissions s LEFT JOIN users u ON u.id = s.handled_by
         WHERE s.kind IN ('register', 'survey') AND s.anonymised_at IS NULL
           AND s.status NOT IN ('{CLOSED}', '{EMPLOYED}') AND NOT {SPAM_PILE}
         ORDER BY s.created_at DESC LIMIT ?1"
    ))?;
    let rows = stmt
        .query_map([limit], row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

fn current(tx: &Connection, id: &str) -> Result<QueueRow, StoreError> {
    get(tx, id)?.ok_or_else(|| StoreError::Refused("没有这条提交，可能已被删除".into()))
}

/// Moves a submission to `status`: history line, handler, first response (the first move away
/// from 新提交 stops the 2-working-day clock), audit line.
pub fn change_status(
    tx: &Connection,
    id: &str,
    status: &str,
    note: &str,
    user_id: i64,
    now: Timestamp,
) -> Result<(), StoreError> {
    let before = current(tx, id)?;
    if before.status == status && !(before.spam && status == NEW) {
        return Err(StoreError::Refused(format!(
            "状态已经是“{status}”，没有改动"
        )));
    }
    set_status(tx, id, status, note, user_id, now)?;
    // Spam marked on arrival that staff put back to 新提交 is no longer spam.
    if before.spam && status != SPAM {
        tx.execute("UPDATE submissions SET spam = 0 WHERE id = ?1", [id])?;
    }
    audit(
        tx,
        Some(user_id),
        "status",
        id,
        &format!("{} → {status}{}", before.status, note_suffix(note)),
        now,
    )?;
    Ok(())
}

fn note_suffix(note: &str) -> String {
    if note.is_empty() {
        String::new()
    } else {
        format!("：{note}")
    }
}

fn set_status(
    tx: &Connection,
    id: &str,
    status: &str,
    note: &str,
    user_id: i64,
    now: Timestamp,
) -> Result<(), StoreError> {
    let at = stored_time(now);
    tx.execute(
        "UPDATE submissions SET status = ?2, handled_by = ?3, handled_at = ?4,
            first_response_at = CASE WHEN ?2 != '新提交' THEN coalesce(first_response_at, ?4)
                                     ELSE first_response_at END
         WHERE id = ?1",
        params![id, status, user_id, at],
    )?;
    tx.execute(
        "INSERT INTO submission_history (submission_id, status, note, user_id, at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, status, note, user_id, at],
    )?;
    Ok(())
}

/// A job recommended to a seeker.
#[derive(Debug, Clone)]
pub struct Recommendation {
    pub submission_id: String,
    /// The published job's slug, when it is one.
    pub job_slug: Option<String>,
    /// What to write in the ledger's note: the job's title and employer.
    pub job_label: String,
    pub channel: String,
    pub service_date: String,
}

/// Records a 岗位推荐 in the services ledger for the seeker of a submission and moves the
/// submission to 已推荐 when it was earlier in the flow. Returns the service's id.
pub fn recommend(
    tx: &Connection,
    rec: &Recommendation,
    user_id: i64,
    now: Timestamp,
) -> Result<i64, StoreError> {
    let seeker = current(tx, &rec.submission_id)?;
    if seeker.anonymised_at.is_some() {
        return Err(StoreError::Refused(
            "这个人的信息已按要求删除，不能再推荐".into(),
        ));
    }
    if seeker.is_spam_pile() {
        return Err(StoreError::Refused(
            "这条提交在垃圾里；确认是真人后先改状态，再推荐".into(),
        ));
    }
    if !matches!(seeker.kind.as_str(), "register" | "survey" | "apply") {
        return Err(StoreError::Refused(
            "只能给求职登记、走访调查和报名的人推荐岗位".into(),
        ));
    }
    let at = stored_time(now);
    tx.execute(
        "INSERT INTO services (person_name, person_phone, submission_id, kind, channel, job_slug,
            note, service_date, staff_id, created_at)
         VALUES (?1, ?2, ?3, '岗位推荐', ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            seeker.text("name"),
            seeker.text("mobile"),
            seeker.id,
            rec.channel,
            rec.job_slug,
            rec.job_label,
            rec.service_date,
            user_id,
            at
        ],
    )?;
    let service_id = tx.last_insert_rowid();
    if matches!(seeker.status.as_str(), NEW | "已联系") {
        set_status(
            tx,
            &seeker.id,
            RECOMMENDED,
            &format!("推荐岗位：{}", rec.job_label),
            user_id,
            now,
        )?;
    }
    audit(
        tx,
        Some(user_id),
        "create",
        &format!("services/{service_id}"),
        &format!("岗位推荐 {} → {}", seeker.id, rec.job_label),
        now,
    )?;
    Ok(service_id)
}

/// Logs that someone saw a submission's personal data in full.
pub fn log_reveal(
    tx: &Connection,
    id: &str,
    user_id: i64,
    now: Timestamp,
) -> Result<(), StoreError> {
    audit(tx, Some(user_id), "view_personal", id, "显示完整信息", now)?;
    Ok(())
}

/// Removes who a person was from a submission and from the ledger rows and mail linked to it;
/// keeps kind, dates, status, township and category so that every count stays the same.
/// `user_id` is `None` for the retention purge.
pub fn anonymise(
    tx: &Connection,
    id: &str,
    reason: &str,
    user_id: Option<i64>,
    now: Timestamp,
) -> Result<(), StoreError> {
    let before = current(tx, id)?;
    if before.anonymised_at.is_some() {
        return Err(StoreError::Refused("这条提交的个人信息已经删除过了".into()));
    }
    let at = stored_time(now);
    let data = privacy::anonymised_data(&before.data);
    tx.execute(
        "UPDATE submissions SET data = ?2, content_hash = ?3, client_addr = NULL,
            user_agent = NULL, anonymised_at = ?4 WHERE id = ?1",
        params![id, data.to_string(), format!("anonymised:{id}"), at],
    )?;
    for ledger in ["services", "placements"] {
        tx.execute(
            &format!(
                "UPDATE {ledger} SET person_name = ?2, person_phone = '', anonymised_at = ?3
                 WHERE submission_id = ?1 AND anonymised_at IS NULL"
            ),
            params![id, privacy::DELETED, at],
        )?;
    }
    // The notice mailed to staff repeated what was submitted, and its subject names the person
    // ("…：张三", see notice.rs): both go.
    tx.execute(
        "UPDATE outbox SET body = '（个人信息已删除）',
             subject = CASE WHEN instr(subject, '：') > 0
                 THEN substr(subject, 1, instr(subject, '：')) || ?2 ELSE subject END
         WHERE submission_id = ?1",
        params![id, privacy::DELETED],
    )?;
    audit(tx, user_id, "delete_personal", id, reason, now)?;
    Ok(())
}

/// A submission the retention purge would anonymise.
#[derive(Debug, Clone)]
pub struct Expired {
    pub id: String,
    pub kind: String,
    pub status: String,
    pub created_at: String,
}

/// Submissions made before `cutoff` that still hold personal data and led to no service and no
/// placement. Employer needs are postings, kept for the records' longer period, unless spam.
pub fn expired_unused(conn: &Connection, cutoff: &str) -> Result<Vec<Expired>, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT s.id, s.kind, s.status, s.created_at FROM submissions s
         WHERE s.anonymised_at IS NULL AND s.created_at < ?1
           AND (s.kind != 'employer' OR {SPAM_PILE})
           AND NOT EXISTS (SELECT 1 FROM services v WHERE v.submission_id = s.id)
           AND NOT EXISTS (SELECT 1 FROM placements p WHERE p.submission_id = s.id)
         ORDER BY s.created_at"
    ))?;
    let rows = stmt
        .query_map([cutoff], |r| {
            Ok(Expired {
                id: r.get(0)?,
                kind: r.get(1)?,
                status: r.get(2)?,
                created_at: r.get(3)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The retention purge: anonymises every submission [`expired_unused`] finds, in one
/// transaction, unless `dry_run`. Returns what it found.
pub fn purge(
    conn: &mut Connection,
    cutoff: &str,
    dry_run: bool,
    now: Timestamp,
) -> Result<Vec<Expired>, StoreError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let expired = expired_unused(&tx, cutoff)?;
    if dry_run {
        return Ok(expired);
    }
    for item in &expired {
        anonymise(
            &tx,
            &item.id,
            "保存期满，未形成服务记录，自动删除",
            None,
            now,
        )?;
    }
    tx.commit()?;
    Ok(expired)
}
