//! Notices to staff: queued in the `outbox` table with each submission, sent by a worker.

pub mod transport;
pub mod worker;

pub use transport::Transport;
pub use worker::{Delivery, Outbox};
