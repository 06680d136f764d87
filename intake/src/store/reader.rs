//! Read connections for the staff pages. WAL lets them read while the writer commits; each
//! query runs on a blocking thread so the async workers never wait on the disk.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

use super::StoreError;

/// Connections kept open between requests; more are opened under load and closed after.
const KEEP: usize = 4;

#[derive(Clone)]
pub struct Reader {
    path: PathBuf,
    idle: Arc<Mutex<Vec<Connection>>>,
}

impl Reader {
    pub fn new(path: PathBuf) -> Self {
        Self {
            path,
            idle: Arc::default(),
        }
    }

    /// Runs `query` on a read connection, on a blocking thread.
    pub async fn run<T, F>(&self, query: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let reader = self.clone();
        tokio::task::spawn_blocking(move || {
            let conn = match reader.idle.lock().ok().and_then(|mut idle| idle.pop()) {
                Some(conn) => conn,
                None => {
                    let conn = super::open(&reader.path)?;
                    conn.pragma_update(None, "query_only", "ON")?;
                    conn
                }
            };
            let result = query(&conn);
            if let Ok(mut idle) = reader.idle.lock()
                && idle.len() < KEEP
            {
                idle.push(conn);
            }
            result
        })
        .await
        .map_err(|e| StoreError::Commit(format!("查询线程失败：{e}")))?
    }
}
