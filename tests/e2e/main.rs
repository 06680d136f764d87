//! End-to-end tests: the real `lingong-site` binary on real folders. One test binary, a module
//! per area; test names read as sentences.

mod browser;
mod html_validity;
mod intake_abuse;
mod intake_backup;
mod intake_durability;
mod intake_elder;
mod intake_forms;
mod intake_mail;
mod intake_openapi;
mod intake_users;
mod publish;
mod site_atomic;
mod site_build;
mod site_calendar;
mod site_errors;
mod site_feeds;
mod site_open_data;
mod site_search;
mod site_serve;
mod staff_access;
mod staff_dashboard;
mod staff_evidence;
mod staff_ledgers;
mod staff_privacy;
mod staff_queue;
mod staff_report;
