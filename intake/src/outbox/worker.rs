//! The outbox worker: sends queued notices one at a time, records every attempt, and backs off
//! after failures. A mail server that is down delays notices; it never loses one.

use std::path::PathBuf;
use std::time::Duration;

use jiff::Timestamp;
use tokio::sync::watch;

use super::transport::Transport;
use crate::store::{self, StoreError, queries};

/// What one step of the worker did.
#[derive(Debug, PartialEq, Eq)]
pub enum Delivery {
    Sent(i64),
    /// Nothing is due.
    Empty,
    Failed(i64),
}

/// After this many failed attempts a notice is marked failed and waits for a person
/// (`lingong-intake outbox retry`); about a day of trying with the backoff below.
pub const MAX_ATTEMPTS: i64 = 20;

/// `base`, twice that, four times … capped at 30 minutes (base 10 s by default).
pub fn backoff(base: Duration, attempts: i64) -> Duration {
    let factor = 1u32 << attempts.clamp(0, 20);
    base.saturating_mul(factor)
        .min(Duration::from_secs(30 * 60))
}

pub struct Outbox {
    pub database: PathBuf,
    pub from: String,
    pub transport: Transport,
    /// The first retry's delay; each later one doubles it.
    pub retry_base: Duration,
}

impl Outbox {
    /// Sends the oldest due notice, if any, and records the result.
    pub async fn deliver_next(&self) -> Result<Delivery, StoreError> {
        let database = self.database.clone();
        let row = tokio::task::spawn_blocking(move || -> Result<_, StoreError> {
            let conn = store::open(&database)?;
            Ok(queries::next_due(&conn, Timestamp::now())?)
        })
        .await
        .map_err(|_| StoreError::WriterGone)??;
        let Some(row) = row else {
            return Ok(Delivery::Empty);
        };
        let result = self.transport.send(&self.from, &row).await;
        let database = self.database.clone();
        let id = row.id;
        let attempts = row.attempts + 1;
        let retry_base = self.retry_base;
        tokio::task::spawn_blocking(move || -> Result<Delivery, StoreError> {
            let conn = store::open(&database)?;
            match result {
                Ok(()) => {
                    queries::mark_sent(&conn, id, Timestamp::now())?;
                    Ok(Delivery::Sent(id))
                }
                Err(e) => {
                    let next = (attempts < MAX_ATTEMPTS).then(|| {
                        Timestamp::now()
                            + jiff::SignedDuration::try_from(backoff(retry_base, attempts - 1))
                                .unwrap_or_default()
                    });
                    tracing::warn!("notice {id} not sent (attempt {attempts}): {e}");
                    queries::mark_failed(&conn, id, &e.to_string(), next)?;
                    Ok(Delivery::Failed(id))
                }
            }
        })
        .await
        .map_err(|_| StoreError::WriterGone)?
    }

    /// Runs until `stop` turns true: delivers while there is work, then polls once a second
    /// (or sooner when `wake` is notified by a new submission).
    pub async fn run(
        self,
        mut stop: watch::Receiver<bool>,
        wake: std::sync::Arc<tokio::sync::Notify>,
    ) {
        loop {
            if *stop.borrow() {
                return;
            }
            let idle = match self.deliver_next().await {
                Ok(Delivery::Sent(_)) => false,
                Ok(Delivery::Failed(_)) | Ok(Delivery::Empty) => true,
                Err(e) => {
                    tracing::error!("outbox: {e}");
                    true
                }
            };
            if idle {
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                    _ = wake.notified() => {}
                    _ = stop.changed() => {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let base = Duration::from_secs(10);
        assert_eq!(backoff(base, 0), Duration::from_secs(10));
        assert_eq!(backoff(base, 1), Duration::from_secs(20));
        assert_eq!(backoff(base, 3), Duration::from_secs(80));
        assert_eq!(backoff(base, 50), Duration::from_secs(1800));
    }
}
