//! lingong-intake: the service that takes residents', employers' and outreach staff's
//! submissions, stores them durably in SQLite, and notifies staff by mail through an outbox.

pub mod abuse;
pub mod auth;
pub mod bench;
pub mod config;
pub mod contract;
pub mod error;
pub mod extract;
pub mod notice;
pub mod outbox;
pub mod publish;
pub mod routes;
pub mod staff;
pub mod startup;
pub mod state;
pub mod store;
pub mod submission;
pub mod workdays;
