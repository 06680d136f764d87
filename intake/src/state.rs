//! What every request handler shares, built once at start-up.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use jiff::civil::Date;
use lingong_site::forms::FormSpec;
use lingong_site::render::PageRenderer;
use lingong_site::view::JobCard;
use tokio::sync::Notify;

use crate::abuse::{Limiter, TokenKey};
use crate::config::AbuseConfig;
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
///
/// Replaced whole after staff publish (`replace`), so that a new job can be applied for at
/// once. `card` hands out a plain borrow (other parts of the service rely on that signature);
/// to keep that sound behind a lock, each card is leaked once and shared by every later
/// version of the index that holds an identical card. Only an edited job's card is new: a few
/// hundred bytes per edit, which a service restarted now and then never notices.
#[derive(Default)]
pub struct JobIndex {
    jobs: RwLock<HashMap<String, (&'static JobCard, Date)>>,
}

impl JobIndex {
    pub fn new(entries: impl IntoIterator<Item = (String, JobCard, Date)>) -> Self {
        let index = Self::default();
        index.replace(entries);
        index
    }

    /// Puts a new set of published jobs in place of the old one.
    pub fn replace(&self, entries: impl IntoIterator<Item = (String, JobCard, Date)>) {
        let mut jobs = self.jobs.write().unwrap_or_else(|e| e.into_inner());
        let fresh: HashMap<String, (&'static JobCard, Date)> = entries
            .into_iter()
            .map(|(slug, card, until)| {
                let same = jobs
                    .get(&slug)
                    .map(|(old, _)| *old)
                    .filter(|old| same_card(old, &card));
                let card: &'static JobCard = same.unwrap_or_else(|| Box::leak(Box::new(card)));
                (slug, (card, until))
            })
            .collect();
        *jobs = fresh;
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<String, (&'static JobCard, Date)>> {
        self.jobs.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn is_open(&self, slug: &str, today: Date) -> bool {
        self.read()
            .get(slug)
            .is_some_and(|(_, until)| *until >= today)
    }

    /// Some job open today, for the documented example of an application.
    pub fn any_open(&self, today: Date) -> Option<String> {
        let jobs = self.read();
        let mut open: Vec<&String> = jobs
            .iter()
            .filter(|(_, (_, until))| *until >= today)
            .map(|(slug, _)| slug)
            .collect();
        open.sort();
        open.first().map(|s| s.to_string())
    }

    pub fn card(&self, slug: &str) -> Option<&JobCard> {
        self.read().get(slug).map(|(card, _)| *card)
    }
}

/// Cards are compared by what they show (JobCard has no `PartialEq`).
fn same_card(a: &JobCard, b: &JobCard) -> bool {
    serde_json::to_string(a).ok() == serde_json::to_string(b).ok()
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
    fn a_replaced_index_answers_at_once_and_keeps_unchanged_cards() {
        let today = date(2026, 11, 25);
        let index = JobIndex::new([("a".to_string(), card("洗碗工"), date(2026, 12, 1))]);
        let before: *const JobCard = index.card("a").unwrap();
        assert!(index.is_open("a", today) && !index.is_open("b", today));

        index.replace([
            ("a".to_string(), card("洗碗工"), date(2026, 12, 1)),
            ("b".to_string(), card("搬运工"), date(2026, 11, 24)),
        ]);
        assert!(
            std::ptr::eq(before, index.card("a").unwrap()),
            "same card reused"
        );
        assert_eq!(index.card("b").unwrap().title, "搬运工");
        assert!(!index.is_open("b", today), "expired yesterday");
        assert_eq!(index.any_open(today).as_deref(), Some("a"));

        index.replace([]);
        assert!(index.card("a").is_none() && index.any_open(today).is_none());
    }
}
