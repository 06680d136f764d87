//! Rendering the whole site: a plan of every output page, rendered in parallel with rayon.
//!
//! Views (cards, pagers) are computed once, before rendering; each output page then only
//! serializes the few views it shows. Pages go straight to a sink (the staging folder, or
//! nowhere for `check`) so that a 10,000-job site is never held in memory at once.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};

use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::config::Config;
use crate::content::{Library, SectionKind};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::error::Error;
use crate::forms::view::{FormView, page_url, thanks_url};
use crate::forms::{FieldErrors, FormSpec, Input};
use crate::outputs::calendar_state::CalendarState;
use crate::outputs::{OutputSet, feeds, json_ld, sitemap};
use crate::search::{self, BuiltIndex, SearchView};
use crate::templates::Theme;
use crate::urls;
use crate::view::{
    CalendarView, EventCard, EventView, JobCard, JobView, Link, Pager, PolicyCard, PolicyView,
    PosterView, SiteView, TopicView, calendar,
};

/// Where rendered files go. `check` passes one that only counts.
pub trait Sink: Sync {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Error>;
}

/// Counts of what a render produced.
#[derive(Debug, Default, Clone, Copy)]
pub struct RenderStats {
    pub pages: usize,
    pub files: usize,
    /// Files whose bytes differed from what the output folder's staging copy held.
    pub changed: usize,
    /// Time spent building the search index, and its size in bytes.
    pub search_index: std::time::Duration,
    pub search_bytes: usize,
}

/// Which jobs a list shows.
#[derive(Debug, Clone, Copy)]
enum Scope {
    All,
    Category(usize),
    Township(usize),
}

/// One output page to render.
#[derive(Debug, Clone, Copy)]
enum Task {
    Home,
    JobList(Scope, usize),
    Job(usize),
    JobPoster(usize),
    Events,
    Event(usize),
    EventPoster(usize),
    Search,
    Policies,
    PolicyTopic(usize),
    Policy(usize),
    Page(usize),
    Form(usize),
    Thanks(usize),
    NotFound,
}

/// Everything the templates are given, computed once per build.
struct Views<'a> {
    config: &'a Config,
    library: &'a Library,
    today: Date,
    /// Indices into `library.jobs`, newest first, drafts left out.
    jobs: Vec<usize>,
    cards: Vec<Option<Arc<JobCard>>>,
    /// Current (not expired) jobs, newest first; and per category and township.
    current: Vec<usize>,
    by_category: Vec<Vec<usize>>,
    by_township: Vec<Vec<usize>>,
    events: Vec<usize>,
    event_cards: Vec<Option<EventCard>>,
    policies: Vec<usize>,
    policy_cards: Vec<Option<PolicyCard>>,
    topics: Vec<TopicView>,
    pages: Vec<usize>,
    forms: Vec<FormSpec>,
    search: Option<SearchView>,
}

#[derive(Serialize)]
struct PageData<'a> {
    title: &'a str,
    description: Option<&'a str>,
    body_html: &'a str,
}

impl<'a> Views<'a> {
    fn new(config: &'a Config, library: &'a Library, today: Date) -> Self {
        Self::with_cards(config, library, today, &CardCache::default())
    }

    /// As `new`, reusing the cards of jobs not in `cache.stale`: the preview keeps them
    /// between edits, since building ten thousand cards is most of an update's time.
    fn with_cards(
        config: &'a Config,
        library: &'a Library,
        today: Date,
        cache: &CardCache,
    ) -> Self {
        let mut jobs: Vec<usize> = (0..library.jobs.len())
            .filter(|&i| !library.jobs[i].draft)
            .collect();
        jobs.sort_by(|&a, &b| {
            let (a, b) = (&library.jobs[a], &library.jobs[b]);
            b.date
                .cmp(&a.date)
                .then_with(|| a.file.slug.cmp(&b.file.slug))
        });
        let mut cards: Vec<Option<Arc<JobCard>>> = vec![None; library.jobs.len()];
        let built: Vec<(usize, Arc<JobCard>)> = jobs
            .par_iter()
            .map(|&i| {
                let job = &library.jobs[i];
                let card = cache
                    .cards
                    .get(&job.file.path)
                    .filter(|_| !cache.stale.contains(&job.file.path))
                    .cloned()
                    .unwrap_or_else(|| Arc::new(JobCard::new(job, config, today)));
                (i, card)
            })
            .collect();
        for (i, card) in built {
            cards[i] = Some(card);
        }
        let current: Vec<usize> = jobs
            .iter()
            .copied()
            .filter(|&i| !library.jobs[i].is_expired(today))
            .collect();
        let by_category = config
            .categories
            .iter()
            .map(|t| {
                current
                    .iter()
                    .copied()
                    .filter(|&i| library.jobs[i].category == t.name)
                    .collect()
            })
            .collect();
        let by_township = config
            .townships
            .iter()
            .map(|t| {
                current
                    .iter()
                    .copied()
                    .filter(|&i| library.jobs[i].township == t.name)
                    .collect()
            })
            .collect();

        let mut events: Vec<usize> = (0..library.events.len())
            .filter(|&i| !library.events[i].draft)
            .collect();
        events.sort_by(|&a, &b| {
            let (a, b) = (&library.events[a], &library.events[b]);
            a.start
                .cmp(&b.start)
                .then_with(|| a.file.slug.cmp(&b.file.slug))
        });
        let mut event_cards = vec![None; library.events.len()];
        for &i in &events {
            event_cards[i] = Some(EventCard::new(&library.events[i], today));
        }

        let mut policies: Vec<usize> = (0..library.policies.len())
            .filter(|&i| !library.policies[i].draft)
            .collect();
        policies.sort_by(|&a, &b| {
            let (a, b) = (&library.policies[a], &library.policies[b]);
            b.date
                .cmp(&a.date)
                .then_with(|| a.file.slug.cmp(&b.file.slug))
        });
        let mut policy_cards = vec![None; library.policies.len()];
        let mut topics: BTreeMap<String, TopicView> = BTreeMap::new();
        for &i in &policies {
            let card = PolicyCard::new(&library.policies[i]);
            topics
                .entry(card.topic.clone())
                .or_insert_with(|| TopicView {
                    name: card.topic.clone(),
                    url: card.topic_url.clone(),
                    policies: Vec::new(),
                })
                .policies
                .push(card.clone());
            policy_cards[i] = Some(card);
        }
        let mut pages: Vec<usize> = (0..library.pages.len())
            .filter(|&i| !library.pages[i].draft)
            .collect();
        pages.sort_by(|&a, &b| library.pages[a].file.slug.cmp(&library.pages[b].file.slug));

        let forms = crate::forms::all(config, today.year());
        Views {
            forms,
            config,
            library,
            today,
            jobs,
            cards,
            current,
            by_category,
            by_township,
            events,
            event_cards,
            policies,
            policy_cards,
            topics: topics.into_values().collect(),
            pages,
            search: None,
        }
    }

    /// The documents of the search index: current jobs (newest first, so that among equal
    /// matches the newest ranks first), then policies.
    fn search_docs(&self) -> Vec<search::SearchDoc> {
        let jobs = self
            .current
            .par_iter()
            .map(|&i| search::job_doc(&self.library.jobs[i], self.card(i)));
        let policies = self
            .policies
            .par_iter()
            .map(|&i| search::policy_doc(&self.library.policies[i], self.policy_card(i)));
        jobs.chain(policies).collect()
    }

    /// The absolute URL of a page, for QR codes that phones scan from paper.
    fn absolute(&self, url: &str) -> String {
        format!("{}{url}", self.config.site.base_url)
    }

    /// The cards built, by file path, for the next update to reuse.
    fn card_cache(&self) -> HashMap<String, Arc<JobCard>> {
        self.cards
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                c.clone()
                    .map(|c| (self.library.jobs[i].file.path.clone(), c))
            })
            .collect()
    }

    fn card(&self, i: usize) -> &JobCard {
        self.cards[i]
            .as_ref()
            .expect("cards exist for every published job")
    }

    fn event_card(&self, i: usize) -> &EventCard {
        self.event_cards[i]
            .as_ref()
            .expect("cards exist for every published event")
    }

    fn policy_card(&self, i: usize) -> &PolicyCard {
        self.policy_cards[i]
            .as_ref()
            .expect("cards exist for every published policy")
    }

    /// The poster link of a job page: only current jobs have a poster.
    fn poster_url_of_job(&self, i: usize) -> Option<String> {
        let card = self.card(i);
        (!card.expired).then(|| urls::poster(&card.url))
    }

    fn poster_url_of_event(&self, i: usize) -> Option<String> {
        let card = self.event_card(i);
        (card.upcoming && !card.cancelled).then(|| urls::poster(&card.url))
    }

    fn per_page(&self) -> usize {
        self.config.site.jobs_per_page
    }

    fn scope_jobs(&self, scope: Scope) -> &[usize] {
        match scope {
            Scope::All => &self.current,
            Scope::Category(c) => &self.by_category[c],
            Scope::Township(t) => &self.by_township[t],
        }
    }

    fn scope_base(&self, scope: Scope) -> String {
        match scope {
            Scope::All => urls::jobs(),
            Scope::Category(c) => urls::category(&self.config.categories[c].slug),
            Scope::Township(t) => urls::township(&self.config.townships[t].slug),
        }
    }

    fn scope_feed_title(&self, scope: Scope) -> String {
        match scope {
            Scope::All => feeds::JOBS_TITLE.to_string(),
            Scope::Category(c) => feeds::category_title(&self.config.categories[c].name),
            Scope::Township(t) => feeds::township_title(&self.config.townships[t].name),
        }
    }

    /// The machine-readable outputs' view of the same plan the pages follow.
    fn output_set<'s>(
        &'s self,
        page_urls: Vec<String>,
        calendar: &'s CalendarState,
    ) -> OutputSet<'s> {
        let jobs = |list: &[usize]| list.iter().map(|&i| &self.library.jobs[i]).collect();
        OutputSet {
            config: self.config,
            today: self.today,
            jobs: jobs(&self.current),
            jobs_by_category: self.by_category.iter().map(|l| jobs(l)).collect(),
            jobs_by_township: self.by_township.iter().map(|l| jobs(l)).collect(),
            events: self
                .events
                .iter()
                .map(|&i| &self.library.events[i])
                .collect(),
            policies: self
                .policies
                .iter()
                .map(|&i| &self.library.policies[i])
                .collect(),
            page_urls,
            calendar,
            sitemap_limit: sitemap::MAX_URLS_PER_SITEMAP,
        }
    }

    fn tasks(&self) -> Vec<Task> {
        let mut tasks = vec![
            Task::Home,
            Task::Events,
            Task::Policies,
            Task::NotFound,
            Task::Search,
        ];
        let pages_of = |n: usize| n.div_ceil(self.per_page()).max(1);
        let mut scopes = vec![Scope::All];
        scopes.extend((0..self.config.categories.len()).map(Scope::Category));
        scopes.extend((0..self.config.townships.len()).map(Scope::Township));
        for scope in scopes {
            for page in 1..=pages_of(self.scope_jobs(scope).len()) {
                tasks.push(Task::JobList(scope, page));
            }
        }
        tasks.extend(self.jobs.iter().map(|&i| Task::Job(i)));
        // Posters only for what is still open: an expired job or a past event on a notice
        // board would send people to work that is gone.
        tasks.extend(self.current.iter().map(|&i| Task::JobPoster(i)));
        tasks.extend(self.events.iter().map(|&i| Task::Event(i)));
        tasks.extend(
            self.events
                .iter()
                .filter(|&&i| self.event_card(i).upcoming && !self.event_card(i).cancelled)
                .map(|&i| Task::EventPoster(i)),
        );
        tasks.extend((0..self.topics.len()).map(Task::PolicyTopic));
        tasks.extend(self.policies.iter().map(|&i| Task::Policy(i)));
        tasks.extend(self.pages.iter().map(|&i| Task::Page(i)));
        for (i, form) in self.forms.iter().enumerate() {
            // Applications are made from a job's own page, which carries the job.
            if form.id != "apply" {
                tasks.push(Task::Form(i));
            }
            tasks.push(Task::Thanks(i));
        }
        tasks
    }

    fn section(&self, kind: SectionKind) -> (Option<&str>, &str) {
        self.library.sections.get(&kind).map_or((None, ""), |s| {
            (Some(s.title.as_str()), s.body_html.as_str())
        })
    }

    /// The template, output URL and context of one task.
    fn prepare(&self, task: Task) -> (&'static str, String, Context) {
        let mut ctx = Context::new();
        let (template, url, title, nav) = match task {
            Task::Home => {
                let (_, intro) = self.section(SectionKind::Home);
                let newest: Vec<&JobCard> = self
                    .current
                    .iter()
                    .take(self.config.site.home_jobs)
                    .map(|&i| self.card(i))
                    .collect();
                let upcoming: Vec<&EventCard> = self
                    .events
                    .iter()
                    .map(|&i| self.event_card(i))
                    .filter(|c| c.upcoming)
                    .take(self.config.site.home_events)
                    .collect();
                ctx.insert("intro_html", intro);
                ctx.insert("jobs", &newest);
                ctx.insert("events", &upcoming);
                ctx.insert("job_total", &self.current.len());
                ctx.insert(
                    "feeds",
                    &[
                        Link::new(feeds::JOBS_TITLE, urls::feed(&urls::jobs())),
                        Link::new(feeds::EVENTS_TITLE, urls::feed(&urls::events())),
                    ],
                );
                (
                    "index.html",
                    urls::home(),
                    self.config.site.title.clone(),
                    "home",
                )
            }
            Task::JobList(scope, page) => {
                let all = self.scope_jobs(scope);
                let base = self.scope_base(scope);
                let per = self.per_page();
                let shown: Vec<&JobCard> = all
                    .iter()
                    .skip((page - 1) * per)
                    .take(per)
                    .map(|&i| self.card(i))
                    .collect();
                let (section_title, intro) = self.section(SectionKind::Jobs);
                let heading = match scope {
                    Scope::All => section_title.unwrap_or("找工作").to_string(),
                    Scope::Category(c) => format!("{}岗位", self.config.categories[c].name),
                    Scope::Township(t) => format!("{}的岗位", self.config.townships[t].name),
                };
                let (filter, filter_name) = match scope {
                    Scope::All => ("all", ""),
                    Scope::Category(c) => ("category", self.config.categories[c].name.as_str()),
                    Scope::Township(t) => ("township", self.config.townships[t].name.as_str()),
                };
                ctx.insert("heading", &heading);
                ctx.insert(
                    "intro_html",
                    if page == 1 && matches!(scope, Scope::All) {
                        intro
                    } else {
                        ""
                    },
                );
                ctx.insert("jobs", &shown);
                ctx.insert("pager", &Pager::new(&base, page, per, all.len()));
                ctx.insert("filter", filter);
                ctx.insert("filter_name", filter_name);
                ctx.insert(
                    "feeds",
                    &[Link::new(self.scope_feed_title(scope), urls::feed(&base))],
                );
                let title = if page > 1 {
                    format!("{heading}（第 {page} 页）")
                } else {
                    heading
                };
                (
                    "jobs/list.html",
                    urls::paginated(&base, page),
                    title,
                    "jobs",
                )
            }
            Task::Job(i) => {
                let job = &self.library.jobs[i];
                let card = self.card(i);
                ctx.insert("job", &JobView::new(job, card, self.today));
                if !card.expired
                    && let Some(apply) = self.forms.iter().find(|f| f.id == "apply")
                {
                    let input = Input::from_pairs([("job", job.file.slug.as_str())]);
                    ctx.insert(
                        "apply_form",
                        &FormView::new(apply, &input, &FieldErrors::new()),
                    );
                }
                ctx.insert(
                    "json_ld",
                    &json_ld::to_script(&json_ld::job_posting(job, self.config)),
                );
                ctx.insert("poster_url", &self.poster_url_of_job(i));
                ctx.insert(
                    "description",
                    &job.description.clone().unwrap_or_else(|| {
                        format!("{}，{}，{}", card.employer, card.pay_label, card.township)
                    }),
                );
                (
                    "jobs/page.html",
                    card.url.clone(),
                    job.title.clone(),
                    "jobs",
                )
            }
            Task::JobPoster(i) => {
                let job = &self.library.jobs[i];
                let card = self.card(i);
                ctx.insert(
                    "poster",
                    &PosterView::job(
                        &JobView::new(job, card, self.today),
                        &self.absolute(&card.url),
                    ),
                );
                (
                    "poster.html",
                    urls::poster(&card.url),
                    job.title.clone(),
                    "jobs",
                )
            }
            Task::EventPoster(i) => {
                let event = &self.library.events[i];
                let card = self.event_card(i);
                ctx.insert(
                    "poster",
                    &PosterView::event(&EventView::new(event, card), &self.absolute(&card.url)),
                );
                (
                    "poster.html",
                    urls::poster(&card.url),
                    event.title.clone(),
                    "events",
                )
            }
            Task::Search => {
                ctx.insert("search", &self.search);
                ("search.html", urls::search(), "搜索".into(), "search")
            }
            Task::Events => {
                let (section_title, intro) = self.section(SectionKind::Events);
                let cards: Vec<&EventCard> =
                    self.events.iter().map(|&i| self.event_card(i)).collect();
                let upcoming: Vec<&&EventCard> = cards.iter().filter(|c| c.upcoming).collect();
                let past: Vec<&&EventCard> = cards.iter().rev().filter(|c| !c.upcoming).collect();
                let heading = section_title.unwrap_or("招聘活动").to_string();
                ctx.insert("heading", &heading);
                ctx.insert("intro_html", intro);
                ctx.insert("upcoming", &upcoming);
                ctx.insert("past", &past);
                let dated: Vec<(&crate::content::Event, &EventCard)> = self
                    .events
                    .iter()
                    .map(|&i| (&self.library.events[i], self.event_card(i)))
                    .collect();
                ctx.insert("calendar", &CalendarView::new(&dated, self.today));
                ctx.insert("weekdays", &calendar::WEEKDAYS);
                ctx.insert("calendar_url", &urls::calendar());
                ctx.insert(
                    "feeds",
                    &[Link::new(feeds::EVENTS_TITLE, urls::feed(&urls::events()))],
                );
                ("events/list.html", urls::events(), heading, "events")
            }
            Task::Event(i) => {
                let event = &self.library.events[i];
                let card = self.event_card(i);
                ctx.insert("event", &EventView::new(event, card));
                ctx.insert("poster_url", &self.poster_url_of_event(i));
                ctx.insert(
                    "json_ld",
                    &json_ld::to_script(&json_ld::event(event, self.config)),
                );
                ctx.insert(
                    "description",
                    &event
                        .description
                        .clone()
                        .unwrap_or_else(|| format!("{} {}", card.when, card.place)),
                );
                (
                    "events/page.html",
                    card.url.clone(),
                    event.title.clone(),
                    "events",
                )
            }
            Task::Policies => {
                let (section_title, intro) = self.section(SectionKind::Policies);
                let heading = section_title.unwrap_or("就业政策").to_string();
                ctx.insert("heading", &heading);
                ctx.insert("intro_html", intro);
                ctx.insert("topics", &self.topics);
                ctx.insert(
                    "feeds",
                    &[Link::new(
                        feeds::POLICIES_TITLE,
                        urls::feed(&urls::policies()),
                    )],
                );
                ("policies/list.html", urls::policies(), heading, "policies")
            }
            Task::PolicyTopic(t) => {
                let topic = &self.topics[t];
                ctx.insert("topic", topic);
                ctx.insert("topics", &self.topics);
                (
                    "policies/topic.html",
                    topic.url.clone(),
                    format!("{}政策", topic.name),
                    "policies",
                )
            }
            Task::Policy(i) => {
                let policy = &self.library.policies[i];
                let card = self.policy_card(i);
                ctx.insert("policy", &PolicyView::new(policy, card));
                ctx.insert(
                    "description",
                    policy.description.as_deref().unwrap_or(&policy.title),
                );
                (
                    "policies/page.html",
                    card.url.clone(),
                    policy.title.clone(),
                    "policies",
                )
            }
            Task::Page(i) => {
                let page = &self.library.pages[i];
                ctx.insert(
                    "page",
                    &PageData {
                        title: &page.title,
                        description: page.description.as_deref(),
                        body_html: &page.body_html,
                    },
                );
                ctx.insert(
                    "description",
                    page.description.as_deref().unwrap_or(&page.title),
                );
                let nav = if page.file.slug == "about" {
                    "about"
                } else {
                    ""
                };
                (
                    "page.html",
                    urls::page(&page.file.slug),
                    page.title.clone(),
                    nav,
                )
            }
            Task::Form(i) => {
                let form = &self.forms[i];
                ctx.insert(
                    "form",
                    &FormView::new(form, &Input::default(), &FieldErrors::new()),
                );
                ctx.insert("description", form.intro);
                (
                    "forms/form.html",
                    page_url(form.id),
                    form.title.to_string(),
                    "",
                )
            }
            Task::Thanks(i) => {
                let form = &self.forms[i];
                ctx.insert("form", form);
                (
                    "forms/thanks.html",
                    thanks_url(form.id),
                    format!("{}：提交成功", form.title),
                    "",
                )
            }
            Task::NotFound => (
                "404.html",
                format!("/{}", urls::NOT_FOUND_FILE),
                "页面找不到了".into(),
                "",
            ),
        };
        base_defaults(&mut ctx);
        if !ctx.contains_key("description") {
            ctx.insert("description", &self.config.site.description);
        }
        ctx.insert("page_title", &title);
        ctx.insert("current_url", &url);
        ctx.insert("nav_current", nav);
        (template, url, ctx)
    }
}

/// Renders every page, machine-readable output and static file of the site into `sink`.
/// Template errors are collected (once per template and line, not once per page) and returned
/// together. `calendar` must already hold this build's events (`calendar::update_state`).
pub fn render_site(
    config: &Config,
    library: &Library,
    theme: &Theme,
    statics: &BTreeMap<String, Vec<u8>>,
    today: Date,
    calendar: &CalendarState,
    sink: &dyn Sink,
) -> Result<RenderStats, Error> {
    let phases = Phases::start();
    let mut views = Views::new(config, library, today);
    phases.mark("views");
    let tera = site_tera(config, library, theme, statics);
    // The search index is built on one core while the other pages render on the rest; only
    // the search page itself needs the index (its shard count and version), so it comes last.
    let (search_pages, other_pages): (Vec<Task>, Vec<Task>) = views
        .tasks()
        .into_iter()
        .partition(|t| matches!(t, Task::Search));
    let (indexed, rendered) = rayon::join(
        || {
            let started = std::time::Instant::now();
            let index: BuiltIndex = search::index::build(&views.search_docs());
            (index, started.elapsed())
        },
        || render_tasks(&views, &tera, theme, &other_pages, sink),
    );
    let (index, search_index) = indexed;
    let mut page_urls = rendered?;
    let script_version = statics
        .get(SEARCH_SCRIPT)
        .map_or_else(String::new, |js| short_hash(js));
    views.search = Some(SearchView::new(&index, &script_version));
    page_urls.extend(render_tasks(&views, &tera, theme, &search_pages, sink)?);
    let tasks_len = search_pages.len() + other_pages.len();
    phases.mark("pages and search index");
    let outputs = crate::outputs::write_all(&views.output_set(page_urls, calendar), sink)?;
    phases.mark("feeds, calendars, open data, sitemap");
    for (name, bytes) in statics {
        sink.write(name, bytes)?;
    }
    let search_bytes = index.files.values().map(Vec::len).sum();
    index
        .files
        .par_iter()
        .try_for_each(|(path, bytes)| sink.write(path, bytes))?;
    phases.mark("static and index files");
    Ok(RenderStats {
        pages: tasks_len,
        files: tasks_len + outputs + statics.len() + index.files.len(),
        changed: 0,
        search_index,
        search_bytes,
    })
}

/// Renders some tasks into `sink`; returns the URLs of the pages (404 aside) in task order.
/// Template errors are collected once per template and line, not once per page.
fn render_tasks(
    views: &Views,
    tera: &tera::Tera,
    theme: &Theme,
    tasks: &[Task],
    sink: &dyn Sink,
) -> Result<Vec<String>, Error> {
    let problems: Mutex<Vec<Diagnostic>> = Mutex::new(Vec::new());
    let io_error: Mutex<Option<Error>> = Mutex::new(None);
    let page_urls: Mutex<Vec<(usize, String)>> = Mutex::new(Vec::with_capacity(tasks.len()));
    tasks.par_iter().enumerate().for_each(|(i, &task)| {
        let (template, url, ctx) = views.prepare(task);
        if !matches!(task, Task::NotFound) {
            page_urls.lock().expect("lock").push((i, url.clone()));
        }
        match tera.render(template, &ctx) {
            Ok(html) => {
                if let Err(e) = sink.write(&urls::output_file(&url), html.as_bytes()) {
                    io_error.lock().expect("lock").get_or_insert(e);
                }
            }
            Err(e) => problems
                .lock()
                .expect("lock")
                .push(theme.diagnostic(&e, Some(template))),
        }
    });
    if let Some(e) = io_error.into_inner().expect("lock") {
        return Err(e);
    }
    let problems = problems.into_inner().expect("lock");
    if !problems.is_empty() {
        let mut seen = HashSet::new();
        let mut unique: Diagnostics = problems
            .into_iter()
            .filter(|d| seen.insert((d.path.clone(), d.line, d.col, d.message.clone())))
            .collect();
        unique.sort();
        return Err(Error::Content(unique));
    }
    let mut page_urls = page_urls.into_inner().expect("lock");
    page_urls.sort_unstable_by_key(|(i, _)| *i);
    Ok(page_urls.into_iter().map(|(_, url)| url).collect())
}

/// Phase timings on stderr when `LINGONG_TIMINGS` is set: where a build's time goes.
struct Phases {
    last: Option<std::cell::Cell<std::time::Instant>>,
}

impl Phases {
    fn start() -> Self {
        let on = std::env::var_os("LINGONG_TIMINGS").is_some();
        Self {
            last: on.then(|| std::cell::Cell::new(std::time::Instant::now())),
        }
    }

    fn mark(&self, phase: &str) {
        if let Some(last) = &self.last {
            let now = std::time::Instant::now();
            eprintln!(
                "{phase:<40} {:>6} ms",
                now.duration_since(last.get()).as_millis()
            );
            last.set(now);
        }
    }
}

/// What an edit changed, for `render_changed`.
pub struct Edit<'e> {
    /// Content paths (`content/jobs/x.md`) re-read by this edit.
    pub changed: &'e HashSet<String>,
    /// No changed job moved in any list (same date, category, township, expiry, draft flag).
    pub placement_unchanged: bool,
    pub cards: &'e mut CardCache,
}

/// Job cards kept between preview updates, and the paths whose cards must be built again.
#[derive(Default)]
pub struct CardCache {
    cards: HashMap<String, Arc<JobCard>>,
    stale: HashSet<String>,
}

/// Renders only the pages an edit of some content files can change: every list, the home page
/// and the forms, and the changed items' own pages. What the live preview does between full
/// builds; feeds, calendars, open data and the search index wait for the next full render.
/// Returns how many pages were rendered.
pub fn render_changed(
    config: &Config,
    library: &Library,
    theme: &Theme,
    statics: &BTreeMap<String, Vec<u8>>,
    today: Date,
    edit: Edit,
    sink: &dyn Sink,
) -> Result<usize, Error> {
    let Edit {
        changed,
        placement_unchanged,
        cards: cache,
    } = edit;
    cache.stale = changed.clone();
    let views = Views::with_cards(config, library, today, cache);
    cache.cards = views.card_cache();
    cache.stale.clear();
    let per_page = views.per_page();
    // When no changed job moved (same date, category, township, expiry, draft flag), a list
    // page can only change if it shows one of them; otherwise the order may have shifted.
    let list_page_touched = |scope: Scope, page: usize| {
        !placement_unchanged
            || views
                .scope_jobs(scope)
                .iter()
                .skip((page - 1) * per_page)
                .take(per_page)
                .any(|&i| changed.contains(&library.jobs[i].file.path))
    };
    let tera = site_tera(config, library, theme, statics);
    let touched = |path: &str| changed.contains(path);
    let tasks: Vec<Task> = views
        .tasks()
        .into_iter()
        .filter(|task| match *task {
            Task::Job(i) | Task::JobPoster(i) => touched(&library.jobs[i].file.path),
            Task::Event(i) | Task::EventPoster(i) => touched(&library.events[i].file.path),
            Task::Policy(i) => touched(&library.policies[i].file.path),
            Task::Page(i) => touched(&library.pages[i].file.path),
            // Its index is not rebuilt here.
            Task::Search => false,
            Task::JobList(scope, page) => list_page_touched(scope, page),
            _ => true,
        })
        .collect();
    render_tasks(&views, &tera, theme, &tasks, sink)?;
    Ok(tasks.len())
}

/// Renders the page of the content file at `path` (relative to the root) alone, for a preview.
/// `None` when no published item of the library comes from that file.
pub fn render_item(
    config: &Config,
    library: &Library,
    theme: &Theme,
    statics: &BTreeMap<String, Vec<u8>>,
    today: Date,
    path: &str,
) -> Result<Option<String>, Error> {
    let views = Views::new(config, library, today);
    let Some(task) = views.tasks().into_iter().find(|task| match *task {
        Task::Job(i) => library.jobs[i].file.path == path,
        Task::Event(i) => library.events[i].file.path == path,
        Task::Policy(i) => library.policies[i].file.path == path,
        Task::Page(i) => library.pages[i].file.path == path,
        _ => false,
    }) else {
        return Ok(None);
    };
    let tera = site_tera(config, library, theme, statics);
    let (template, _, ctx) = views.prepare(task);
    tera.render(template, &ctx).map(Some).map_err(|e| {
        Error::Content(std::iter::once(theme.diagnostic(&e, Some(template))).collect())
    })
}

/// The search page's script, among the static files.
const SEARCH_SCRIPT: &str = "search.js";

/// The theme's Tera with the site-wide view (`site`) in its global context.
fn site_tera(
    config: &Config,
    library: &Library,
    theme: &Theme,
    statics: &BTreeMap<String, Vec<u8>>,
) -> tera::Tera {
    let stylesheet_version = statics
        .get("style.css")
        .map_or_else(String::new, |css| short_hash(css));
    let mut pages: Vec<(String, String)> = library
        .pages
        .iter()
        .filter(|p| !p.draft)
        .map(|p| (p.file.slug.clone(), p.title.clone()))
        .collect();
    pages.sort();
    let site = SiteView::new(config, &stylesheet_version, &pages);
    let mut tera = theme.tera.clone();
    tera.global_context().insert("site", &site);
    tera
}

/// Renders single pages outside a build: the intake service uses it to send a form back with
/// the values a person typed and the problems found, in the site's own theme.
pub struct PageRenderer {
    tera: tera::Tera,
    theme: Theme,
}

impl PageRenderer {
    pub fn new(
        config: &Config,
        library: &Library,
        theme: &Theme,
        statics: &BTreeMap<String, Vec<u8>>,
    ) -> Self {
        Self {
            tera: site_tera(config, library, theme, statics),
            theme: theme.clone(),
        }
    }

    /// The page of a form, as published at `/forms/<id>/` (or, for an application, with the
    /// job it is for).
    pub fn form_page(
        &self,
        form: &FormView,
        title: &str,
        job: Option<&JobCard>,
    ) -> Result<String, Error> {
        let mut ctx = Context::new();
        ctx.insert("form", form);
        ctx.insert("job", &job);
        ctx.insert("page_title", title);
        ctx.insert("description", form.intro);
        // An application is made on its job's page, which is where the page's links lead back.
        let url = job.map_or_else(|| page_url(form.id), |j| j.url.clone());
        ctx.insert("current_url", &url);
        ctx.insert("nav_current", "");
        base_defaults(&mut ctx);
        self.tera.render("forms/form.html", &ctx).map_err(|e| {
            Error::Content(
                std::iter::once(self.theme.diagnostic(&e, Some("forms/form.html"))).collect(),
            )
        })
    }
}

/// What base.html expects of every page, for pages that have no feed or structured data.
fn base_defaults(ctx: &mut Context) {
    if !ctx.contains_key("feeds") {
        ctx.insert("feeds", &[] as &[Link]);
    }
    if !ctx.contains_key("json_ld") {
        ctx.insert("json_ld", "");
    }
}

/// Eight hex digits of FNV-1a: enough to tell one stylesheet from the next.
fn short_hash(bytes: &[u8]) -> String {
    let mut hash: u32 = 0x811c_9dc5;
    for &b in bytes {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    format!("{hash:08x}")
}
