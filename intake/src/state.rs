//! What every request handler shares, built once at start-up.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use jiff::civil::Date;
use lingong_site::forms::FormSpec;
use lingong_site::render::PageRenderer;
use lingong_site::view::JobCard;
use tokio::sync::Notify;

use crate::abuse::{Limiter, TokenKey};
use crate::config::AbuseConfig;
use crate::matching::JobProfile;
use crate::staff::StaffState;
use crate::store::reader::Reader;
use crate::store::writer::WriterHandle;

#[derive(Clone)]
pub struct AppState {
    pub forms: Arc<Vec<FormSpec>>,
    pub jobs: Arc<JobIndex>,
    pub renderer: Arc<PageRenderer>,
    /// The built site, served on the same origin as the forms.
    pub public_dir: PathBuf,
    pub writer: WriterHandle,
    /// Read connections for the staff pages.
    pub reader: Reader,
    /// The site's root folder (config.toml, content/, data/).
    pub root: PathBuf,
    pub staff: Arc<StaffState>,
    pub token_key: TokenKey,
    pub limiter: Arc<Limiter>,
    pub abuse: AbuseConfig,
    pub site_title: String,
    /// Staff addresses notified of each submission.
    pub notify: Vec<String>,
    /// Wakes the outbox worker when a notice is queued.
    pub outbox_wake: Arc<Notify>,
}

impl AppState {
    pub fn form(&self, id: &str) -> Option<&FormSpec> {
        self.forms.iter().find(|f| f.id == id)
    }
}

/// Published jobs by slug, for applications: is it still open, and what to show about it.
#[derive(Default)]
pub struct JobIndex {
    jobs: HashMap<String, (JobCard, Date)>,
    /// What matching needs of each job (category, township, pay, text), sorted by slug.
    profiles: Vec<JobProfile>,
}

impl JobIndex {
    pub fn new(entries: impl IntoIterator<Item = (String, JobCard, Date)>) -> Self {
        Self {
            jobs: entries
                .into_iter()
                .map(|(slug, card, until)| (slug, (card, until)))
                .collect(),
            profiles: Vec::new(),
        }
    }

    /// Adds the jobs' profiles for matching seekers with jobs.
    pub fn with_profiles(mut self, profiles: impl IntoIterator<Item = JobProfile>) -> Self {
        self.profiles = profiles.into_iter().collect();
        self.profiles.sort_by(|a, b| a.slug.cmp(&b.slug));
        self
    }

    pub fn profiles(&self) -> &[JobProfile] {
        &self.profiles
    }

    pub fn profile(&self, slug: &str) -> Option<&JobProfile> {
        self.profiles.iter().find(|p| p.slug == slug)
    }

    pub fn is_open(&self, slug: &str, today: Date) -> bool {
        self.jobs
            .get(slug)
            .is_some_and(|(_, until)| *until >= today)
    }

    /// Some job open today, for the documented example of an application.
    pub fn any_open(&self, today: Date) -> Option<String> {
        let mut open: Vec<&String> = self
            .jobs
            .iter()
            .filter(|(_, (_, until))| *until >= today)
            .map(|(slug, _)| slug)
            .collect();
        open.sort();
        open.first().map(|s| s.to_string())
    }

    pub fn card(&self, slug: &str) -> Option<&JobCard> {
        self.jobs.get(slug).map(|(card, _)| card)
    }
}
