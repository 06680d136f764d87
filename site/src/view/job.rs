//! Template data for jobs: the card shown in lists and the full job page.

use jiff::civil::Date;
use serde::Serialize;

use super::dates;
use super::site::tel_uri;
use crate::config::Config;
use crate::content::Job;
use crate::today::days_between;
use crate::urls;

/// A job as a line in a list. Built once per job and shared by every list it appears in.
#[derive(Debug, Clone, Serialize)]
pub struct JobCard {
    pub url: String,
    pub title: String,
    pub employer: String,
    pub pay_label: String,
    pub category: String,
    pub category_url: String,
    pub township: String,
    pub township_url: String,
    pub headcount: u32,
    pub employment_type: Option<&'static str>,
    pub date_iso: String,
    pub date_label: String,
    pub valid_through_label: String,
    pub expired: bool,
}

/// Everything on a job's own page.
#[derive(Debug, Serialize)]
pub struct JobView<'a> {
    pub card: &'a JobCard,
    pub description: Option<&'a str>,
    pub address: &'a str,
    pub phone: &'a str,
    pub phone_tel: String,
    pub contact: Option<&'a str>,
    pub credit_code: Option<&'a str>,
    pub work_hours: Option<&'a str>,
    pub valid_through_iso: String,
    pub date_full: String,
    /// `2026年11月18日（7 天前）`, or `None` when staff never checked it.
    pub verified_label: Option<String>,
    pub verified_stale: bool,
    pub body_html: &'a str,
}

impl JobCard {
    pub fn new(job: &Job, config: &Config, today: Date) -> Self {
        let term_slug = |terms: &[crate::config::Term], name: &str| {
            terms
                .iter()
                .find(|t| t.name == name)
                .map(|t| t.slug.clone())
                .unwrap_or_default()
        };
        JobCard {
            url: urls::job(&job.file.slug),
            title: job.title.clone(),
            employer: job.employer.clone(),
            pay_label: job.pay.label(),
            category: job.category.clone(),
            category_url: urls::category(&term_slug(&config.categories, &job.category)),
            township: job.township.clone(),
            township_url: urls::township(&term_slug(&config.townships, &job.township)),
            headcount: job.headcount,
            employment_type: job.employment_type,
            date_iso: dates::iso(job.date),
            date_label: dates::full(job.date),
            valid_through_label: dates::full(job.valid_through),
            expired: job.is_expired(today),
        }
    }
}

/// Re-verification is due after this many days (`check` warns, the page says so).
pub const VERIFY_EVERY_DAYS: i64 = 30;

impl<'a> JobView<'a> {
    pub fn new(job: &'a Job, card: &'a JobCard, today: Date) -> Self {
        let verified_age = job.verified_on.map(|d| days_between(d, today));
        JobView {
            card,
            description: job.description.as_deref(),
            address: &job.address,
            phone: &job.phone,
            phone_tel: tel_uri(&job.phone, job.phone_parsed.as_ref()),
            contact: job.contact.as_deref(),
            credit_code: job.credit_code.as_ref().map(|c| c.as_str()),
            work_hours: job.work_hours.as_deref(),
            valid_through_iso: dates::iso(job.valid_through),
            date_full: dates::full(job.date),
            verified_label: job.verified_on.zip(verified_age).map(|(d, age)| match age {
                0 => format!("{}（今天）", dates::full(d)),
                a if a > 0 => format!("{}（{a} 天前）", dates::full(d)),
                _ => dates::full(d),
            }),
            verified_stale: verified_age.is_none_or(|a| a > VERIFY_EVERY_DAYS),
            body_html: &job.body_html,
        }
    }
}
