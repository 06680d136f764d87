//! lingong-intake: the service that takes residents', employers' and outreach staff's
//! submissions, stores them durably in SQLite, and notifies staff by mail through an outbox.

pub mod abuse;
pub mod auth;
pub mod bench;
pub mod chart;
pub mod config;
pub mod contract;
pub mod error;
pub mod export;
pub mod extract;
pub mod kpi;
pub mod matching;
pub mod notice;
pub mod outbox;
pub mod privacy;
pub mod publish;
pub mod report;
pub mod routes;
pub mod staff;
pub mod startup;
pub mod state;
pub mod store;
pub mod submission;
pub mod workdays;
