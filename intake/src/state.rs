//! What every request handler shares, built once at start-up.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use jiff::civil::Date;
use lingong_site::Site;
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

    /// The client's address: the peer, or behind a trusted reverse proxy the address it
    /// forwarded (`[intake] trusted_proxies`).
    pub fn client_ip(
        &self,
        peer: std::net::SocketAddr,
        headers: &axum::http::HeaderMap,
    ) -> std::net::IpAddr {
        let forwarded = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
        crate::abuse::client_ip(peer.ip(), forwarded, &self.abuse.trusted_proxies)
    }
}

/// Published jobs by slug: for applications (is it still open, what to show about it) and for
/// matching (what each job asks and pays).
///
/// Replaced whole after staff publish (`replace`), so that a new job can be applied for at
/// once: readers take the current snapshot (an `Arc`) and never wait on a publish.
#[derive(Default)]
pub struct JobIndex {
    current: RwLock<Arc<Published>>,
}

#[derive(Default)]
struct Published {
    jobs: HashMap<String, (JobCard, Date)>,
    /// Sorted by slug; shared with the pages that rank them, never copied.
    profiles: Arc<[JobProfile]>,
}

impl JobIndex {
    /// Every published (not draft) job of the site, as the service starts or after a publish.
    pub fn from_site(site: &Site, today: Date) -> Self {
        let index = Self::default();
        index.refresh(site, today);
        index
    }

    /// Puts the site's published jobs in place of the old ones.
    pub fn refresh(&self, site: &Site, today: Date) {
        let published = || site.library.jobs.iter().filter(|j| !j.draft);
        self.replace(
            published().map(|j| {
                (
                    j.file.slug.clone(),
                    JobCard::new(j, &site.config, today),
                    j.valid_through,
                )
            }),
            published().map(JobProfile::from_job),
        );
    }

    /// Puts a new set of published jobs in place of the old one.
    pub fn replace(
        &self,
        entries: impl IntoIterator<Item = (String, JobCard, Date)>,
        profiles: impl IntoIterator<Item = JobProfile>,
    ) {
        let mut profiles: Vec<JobProfile> = profiles.into_iter().collect();
        profiles.sort_by(|a, b| a.slug.cmp(&b.slug));
        let fresh = Arc::new(Published {
            jobs: entries
                .into_iter()
                .map(|(slug, card, until)| (slug, (card, until)))
                .collect(),
            profiles: profiles.into(),
        });
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = fresh;
    }

    fn snapshot(&self) -> Arc<Published> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The jobs' profiles for matching seekers with jobs, sorted by slug.
    pub fn profiles(&self) -> Arc<[JobProfile]> {
        self.snapshot().profiles.clone()
    }

    pub fn profile(&self, slug: &str) -> Option<JobProfile> {
        self.snapshot()
            .profiles
            .iter()
            .find(|p| p.slug == slug)
            .cloned()
    }

    pub fn is_open(&self, slug: &str, today: Date) -> bool {
        self.snapshot()
            .jobs
            .get(slug)
            .is_some_and(|(_, until)| *until >= today)
    }

    /// Some job open today, for the documented example of an application.
    pub fn any_open(&self, today: Date) -> Option<String> {
        let published = self.snapshot();
        published
            .jobs
            .iter()
            .filter(|(_, (_, until))| *until >= today)
            .map(|(slug, _)| slug)
            .min()
            .cloned()
    }

    pub fn card(&self, slug: &str) -> Option<JobCard> {
        self.snapshot().jobs.get(slug).map(|(card, _)| card.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn card(title: &str) -> JobCard {
        JobCard {
            url: "/jobs/a/".into(),
            title: title.into(),
            employer: "石泉县老街面馆".into(),
            pay_label: "150 元/天".into(),
            category: "餐饮".into(),
            category_url: "/jobs/category/canyin/".into(),
            township: "城关镇".into(),
            township_url: "/jobs/township/chengguanzhen/".into(),
            headcount: 1,
            employment_type: None,
            date_iso: "2026-11-25".into(),
            date_label: "11月25日".into(),
            valid_through_label: "12月25日".into(),
            expired: false,
        }
    }

    #[test]
    fn a_replaced_index_answers_at_once() {
        let today = date(2026, 11, 25);
        let index = JobIndex::default();
        index.replace([("a".to_string(), card("洗碗工"), date(2026, 12, 1))], []);
        assert!(index.is_open("a", today) && !index.is_open("b", today));

        index.replace(
            [
                ("a".to_string(), card("洗碗工"), date(2026, 12, 1)),
                ("b".to_string(), card("搬运工"), date(2026, 11, 24)),
            ],
            [],
        );
        assert_eq!(index.card("b").unwrap().title, "搬运工");
        assert!(!index.is_open("b", today), "expired yesterday");
        assert_eq!(index.any_open(today).as_deref(), Some("a"));

        index.replace([], []);
        assert!(index.card("a").is_none() && index.any_open(today).is_none());
    }
}
