//! Staff sessions and the audit log: who is signed in, and who did or saw what.

use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, params};

use crate::auth::Role;
use crate::submission::stored_time;

/// An account as the login form needs it.
pub struct Account {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub password_hash: String,
}

pub fn account(conn: &Connection, name: &str) -> rusqlite::Result<Option<Account>> {
    conn.query_row(
        "SELECT id, name, role, password_hash FROM users WHERE name = ?1 AND disabled = 0",
        [name],
        |r| {
            let role: String = r.get(2)?;
            Ok(Account {
                id: r.get(0)?,
                name: r.get(1)?,
                role: Role::parse(&role).unwrap_or(Role::Auditor),
                password_hash: r.get(3)?,
            })
        },
    )
    .optional()
}

/// A live session: the account behind it and when it was last used.
pub struct SessionRow {
    pub user_id: i64,
    pub name: String,
    pub role: Role,
    pub csrf_token: String,
    pub last_seen_at: String,
}

pub fn session(conn: &Connection, token_hash: &str) -> rusqlite::Result<Option<SessionRow>> {
    conn.query_row(
        "SELECT s.user_id, u.name, u.role, s.csrf_token, s.last_seen_at
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = ?1 AND u.disabled = 0",
        [token_hash],
        |r| {
            let role: String = r.get(2)?;
            Ok(SessionRow {
                user_id: r.get(0)?,
                name: r.get(1)?,
                role: Role::parse(&role).unwrap_or(Role::Auditor),
                csrf_token: r.get(3)?,
                last_seen_at: r.get(4)?,
            })
        },
    )
    .optional()
}

pub fn create_session(
    conn: &Connection,
    token_hash: &str,
    user_id: i64,
    csrf_token: &str,
    now: Timestamp,
) -> rusqlite::Result<()> {
    let now = stored_time(now);
    conn.execute(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at)
         VALUES (?1, ?2, ?3, ?4, ?4)",
        params![token_hash, user_id, csrf_token, now],
    )?;
    Ok(())
}

pub fn touch_session(conn: &Connection, token_hash: &str, now: Timestamp) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1",
        params![token_hash, stored_time(now)],
    )?;
    Ok(())
}

pub fn delete_session(conn: &Connection, token_hash: &str) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])?;
    Ok(())
}

/// Removes sessions idle since before `idle_since`.
pub fn delete_idle_sessions(conn: &Connection, idle_since: Timestamp) -> rusqlite::Result<usize> {
    conn.execute(
        "DELETE FROM sessions WHERE last_seen_at < ?1",
        [stored_time(idle_since)],
    )
}

/// One line of the audit log. `user_id` is `None` for what nobody signed in did (a failed login).
pub fn audit(
    conn: &Connection,
    user_id: Option<i64>,
    action: &str,
    target: &str,
    detail: &str,
    now: Timestamp,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO audit_log (at, user_id, action, target, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![stored_time(now), user_id, action, target, detail],
    )?;
    Ok(())
}

/// An audit line as the staff page shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AuditEntry {
    pub at: String,
    pub user: Option<String>,
    pub action: String,
    pub target: String,
    pub detail: String,
}

/// The newest lines first, optionally only one action.
pub fn audit_entries(
    conn: &Connection,
    action: Option<&str>,
    limit: i64,
) -> rusqlite::Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare(
        "SELECT a.at, u.name, a.action, a.target, a.detail FROM audit_log a
         LEFT JOIN users u ON u.id = a.user_id
         WHERE ?1 IS NULL OR a.action = ?1 ORDER BY a.id DESC LIMIT ?2",
    )?;
    stmt.query_map(params![action, limit], |r| {
        Ok(AuditEntry {
            at: r.get(0)?,
            user: r.get(1)?,
            action: r.get(2)?,
            target: r.get(3)?,
            detail: r.get(4)?,
        })
    })?
    .collect()
}
