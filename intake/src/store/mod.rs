//! Storage: the only module that holds SQL. One SQLite file in WAL mode; a single writer
//! thread commits submissions in batches; readers open their own connections.

pub mod evidence;
pub mod kpi;
pub mod ledgers;
pub mod migrations;
pub mod publish;
pub mod queries;
pub mod queue;
pub mod reader;
pub mod sessions;
pub mod writer;

use std::path::Path;
use std::time::Duration;

use rusqlite::Connection;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("数据库错误：{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("数据库升级失败：{0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("无法创建数据库目录 {path}：{source}")]
    Dir {
        path: String,
        source: std::io::Error,
    },
    #[error("数据库写入线程已停止")]
    WriterGone,
    #[error("提交到数据库失败：{0}")]
    Commit(String),
    /// A change refused for a reason staff should read (a stale edit, a missing record).
    #[error("{0}")]
    Refused(String),
}

/// Opens the database with the settings every connection needs: WAL (readers never block the
/// writer), `synchronous=FULL` (a commit is on disk before it returns, so a 2xx means stored),
/// foreign keys, and a busy timeout for the rare moments two writers meet.
pub fn open(path: &Path) -> Result<Connection, StoreError> {
    if let Some(parent) = path.parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).map_err(|source| StoreError::Dir {
            path: parent.display().to_string(),
            source,
        })?;
    }
    let conn = Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Freed pages are overwritten with zeros: a person's data deleted on request does not
    // linger in the file's free pages (see `erase_wal` for the log).
    conn.pragma_update(None, "secure_delete", "ON")?;
    Ok(conn)
}

/// Copies the write-ahead log into the database and truncates it to zero bytes, so the old
/// versions of pages changed by an erasure (anonymised personal data) leave the disk too.
pub fn erase_wal(conn: &Connection) -> Result<(), StoreError> {
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}

/// Opens the database and brings its schema up to date.
pub fn open_and_migrate(path: &Path) -> Result<Connection, StoreError> {
    let mut conn = open(path)?;
    migrations::apply(&mut conn)?;
    Ok(conn)
}

/// Copies the live database to `destination` with SQLite's online backup, page by page, while
/// the service keeps writing: the copy is a consistent snapshot. The copy is made beside the
/// destination and renamed into place, so a failed backup never leaves a half file there.
pub fn backup(database: &Path, destination: &Path) -> Result<(), StoreError> {
    let source = open(database)?;
    let partial = destination.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    source.backup(rusqlite::MAIN_DB, &partial, None)?;
    std::fs::rename(&partial, destination).map_err(|source| StoreError::Dir {
        path: destination.display().to_string(),
        source,
    })?;
    Ok(())
}
