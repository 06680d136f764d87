//! The one writer: a thread that owns the only write connection and commits queued
//! submissions in batches (group commit).
//!
//! With `synchronous=FULL`, every commit waits for the disk; one row per commit manages a few
//! thousand a second here, a batch of many rows costs about the same as one. Handlers send a
//! submission with a reply channel and get their answer only after the batch holding it is
//! committed, so an acknowledged submission is on disk.

use std::thread::JoinHandle;

use rusqlite::Connection;
use tokio::sync::{mpsc, oneshot};

use super::StoreError;
use super::queries;
use crate::submission::{NewSubmission, WriteOutcome};

/// The most submissions committed together; bounds the latency of the last one in a batch.
const MAX_BATCH: usize = 512;
/// Submissions waiting for the writer; past this, handlers wait (back-pressure).
const QUEUE: usize = 4096;

type Reply = oneshot::Sender<Result<WriteOutcome, StoreError>>;

/// A staff change: runs in its own IMMEDIATE transaction on the writer's connection and sends
/// its own reply after the commit.
type Job = Box<dyn FnOnce(&mut Connection) + Send>;

enum Message {
    Write(Box<NewSubmission>, Reply),
    Run(Job),
    /// Sent at shutdown, after the server stopped taking requests: everything queued before it
    /// is committed, then the thread ends.
    Stop,
}

/// Sends submissions to the writer thread. Cheap to clone; one per request handler.
#[derive(Clone)]
pub struct WriterHandle {
    tx: mpsc::Sender<Message>,
}

impl WriterHandle {
    /// Stores a submission; returns once it is committed (or found to be a duplicate).
    pub async fn write(&self, submission: NewSubmission) -> Result<WriteOutcome, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send(Message::Write(Box::new(submission), reply))
            .await
            .map_err(|_| StoreError::WriterGone)?;
        answer.await.map_err(|_| StoreError::WriterGone)?
    }

    /// After an erasure: the log's old page versions are checkpointed and truncated
    /// (`store::erase_wal`) on the write connection, once nothing else is being written.
    pub async fn erase_wal(&self) -> Result<(), StoreError> {
        let (reply, answer) = oneshot::channel();
        let job: Job = Box::new(move |conn: &mut Connection| {
            let _ = reply.send(super::erase_wal(conn));
        });
        self.tx
            .send(Message::Run(job))
            .await
            .map_err(|_| StoreError::WriterGone)?;
        answer.await.map_err(|_| StoreError::WriterGone)?
    }

    /// Runs `change` in a transaction of its own on the one write connection and returns its
    /// value once committed. An error rolls the whole change back. Staff edits go this way, so
    /// they never meet a submission batch with SQLITE_BUSY.
    pub async fn run<T, F>(&self, change: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&rusqlite::Transaction) -> Result<T, StoreError> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let job: Job = Box::new(move |conn: &mut Connection| {
            let result = (|| {
                let tx =
                    conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                let value = change(&tx)?;
                tx.commit()?;
                Ok(value)
            })();
            let _ = reply.send(result);
        });
        self.tx
            .send(Message::Run(job))
            .await
            .map_err(|_| StoreError::WriterGone)?;
        answer.await.map_err(|_| StoreError::WriterGone)?
    }
}

/// The writer thread and a way to stop it cleanly.
pub struct Writer {
    handle: WriterHandle,
    thread: Option<JoinHandle<()>>,
}

impl Writer {
    pub fn start(conn: Connection) -> Self {
        let (tx, rx) = mpsc::channel(QUEUE);
        let thread = std::thread::Builder::new()
            .name("lingong-writer".into())
            .spawn(move || run(conn, rx))
            .expect("spawn the writer thread");
        Self {
            handle: WriterHandle { tx },
            thread: Some(thread),
        }
    }

    pub fn handle(&self) -> WriterHandle {
        self.handle.clone()
    }

    /// Commits everything already queued, then stops the thread.
    pub async fn stop(mut self) {
        let _ = self.handle.tx.send(Message::Stop).await;
        if let Some(thread) = self.thread.take() {
            let _ = tokio::task::spawn_blocking(move || thread.join()).await;
        }
    }
}

fn run(mut conn: Connection, mut rx: mpsc::Receiver<Message>) {
    while let Some(first) = rx.blocking_recv() {
        let mut batch = Vec::new();
        let mut jobs: Vec<Job> = Vec::new();
        let mut stop = false;
        match first {
            Message::Write(sub, reply) => batch.push((sub, reply)),
            Message::Run(job) => jobs.push(job),
            Message::Stop => stop = true,
        }
        while !stop && batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(Message::Write(sub, reply)) => batch.push((sub, reply)),
                Ok(Message::Run(job)) => jobs.push(job),
                Ok(Message::Stop) => stop = true,
                Err(_) => break,
            }
        }
        if !batch.is_empty() {
            commit(&mut conn, batch);
        }
        for job in jobs {
            job(&mut conn);
        }
        if stop {
            // Anything sent after Stop (there should be nothing) still gets an answer.
            rx.close();
            while let Ok(message) = rx.try_recv() {
                match message {
                    Message::Write(sub, reply) => commit(&mut conn, vec![(sub, reply)]),
                    Message::Run(job) => job(&mut conn),
                    Message::Stop => {}
                }
            }
            break;
        }
    }
}

/// One transaction for the whole batch; each submission in a savepoint so that one bad row
/// cannot take the others down. Replies go out only after the commit.
fn commit(conn: &mut Connection, batch: Vec<(Box<NewSubmission>, Reply)>) {
    let result = (|| -> Result<Vec<Result<WriteOutcome, StoreError>>, StoreError> {
        // IMMEDIATE takes the write lock up front: a deferred transaction that read first could
        // not be upgraded once the outbox worker had written in between (SQLITE_BUSY at once).
        let mut tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut outcomes = Vec::with_capacity(batch.len());
        for (sub, _) in &batch {
            let sp = tx.savepoint()?;
            match queries::insert_submission(&sp, sub) {
                Ok(outcome) => {
                    sp.commit()?;
                    outcomes.push(Ok(outcome));
                }
                Err(e) => {
                    drop(sp); // rolls back this submission only
                    outcomes.push(Err(StoreError::from(e)));
                }
            }
        }
        tx.commit()?;
        Ok(outcomes)
    })();
    match result {
        Ok(outcomes) => {
            for ((_, reply), outcome) in batch.into_iter().zip(outcomes) {
                let _ = reply.send(outcome);
            }
        }
        Err(e) => {
            tracing::error!("commit failed: {e}");
            let message = e.to_string();
            for (_, reply) in batch {
                let _ = reply.send(Err(StoreError::Commit(message.clone())));
            }
        }
    }
}
