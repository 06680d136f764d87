//! Evidence files' rows: one per distinct file (by SHA-256), linked to the ledger rows they
//! prove. The bytes live on disk in the evidence folder (`staff::evidence`).

use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, params};

use crate::submission::stored_time;

/// A file written to the evidence folder, to be recorded.
pub struct StoredFile {
    pub sha256: String,
    pub mime: &'static str,
    pub size: i64,
    /// The original file name.
    pub label: String,
}

/// Records a stored file and links it to a ledger row; the same file again adds nothing.
pub fn link(
    conn: &Connection,
    ledger: &str,
    record_id: i64,
    file: &StoredFile,
    user_id: i64,
    now: Timestamp,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO evidence_files (sha256, mime, size, uploaded_by, uploaded_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![file.sha256, file.mime, file.size, user_id, stored_time(now)],
    )?;
    conn.execute(
        "INSERT OR IGNORE INTO evidence_links (ledger, record_id, sha256, label)
         VALUES (?1, ?2, ?3, ?4)",
        params![ledger, record_id, file.sha256, file.label],
    )?;
    Ok(())
}

/// Whether a ledger row exists (before linking a file to it).
pub fn record_exists(conn: &Connection, table: &str, id: i64) -> rusqlite::Result<bool> {
    // `table` is one of the ledger tables compiled in, never request input.
    conn.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)"),
        [id],
        |r| r.get(0),
    )
}

/// A file linked to a ledger row, as the detail page lists it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LinkedFile {
    pub sha256: String,
    pub mime: String,
    pub size: i64,
    pub label: String,
    pub uploaded_at: String,
}

pub fn files_of(
    conn: &Connection,
    ledger: &str,
    record_id: i64,
) -> rusqlite::Result<Vec<LinkedFile>> {
    let mut stmt = conn.prepare(
        "SELECT f.sha256, f.mime, f.size, l.label, f.uploaded_at
         FROM evidence_links l JOIN evidence_files f ON f.sha256 = l.sha256
         WHERE l.ledger = ?1 AND l.record_id = ?2 ORDER BY f.uploaded_at, f.sha256",
    )?;
    stmt.query_map(params![ledger, record_id], |r| {
        Ok(LinkedFile {
            sha256: r.get(0)?,
            mime: r.get(1)?,
            size: r.get(2)?,
            label: r.get(3)?,
            uploaded_at: r.get(4)?,
        })
    })?
    .collect()
}

/// A stored file's type, or `None` when no such file was ever uploaded.
pub fn mime_of(conn: &Connection, sha256: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT mime FROM evidence_files WHERE sha256 = ?1",
        [sha256],
        |r| r.get(0),
    )
    .optional()
}
