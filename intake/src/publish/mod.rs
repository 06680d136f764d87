//! Publishing from the staff area: a content file is validated with the whole tree, written to
//! `content/` and the site rebuilt into `<root>/public`, as one step that either happens
//! entirely or not at all.
//!
//! The order matters. The generator loads the tree with the new text in memory and renders the
//! site into its staging folder; only when both succeed is the file written (temporary file,
//! then rename) and the staging folder swapped in. An edit that would break the build never
//! reaches `content/`, and the live site is never half-updated. One lock serialises every save
//! and rebuild of the process; the generator's own file lock keeps out a `lingong-site build`
//! run by hand at the same moment.

pub mod diff;
pub mod edit;
pub mod fields;
pub mod files;

use std::path::{Path, PathBuf};
use std::time::Instant;

use jiff::civil::Date;
use lingong_site::{BuildOptions, Diagnostics, Error, Site};
use serde::Serialize;
use tokio::sync::Mutex;

use crate::state::JobIndex;

/// The one lock around write + validate + rebuild, holding the last rebuild's result for the
/// status page. A process serves one site, so one lock per process is the right scope.
static PUBLISHING: Mutex<Option<BuildSummary>> = Mutex::const_new(None);

/// What a rebuild did or why it failed, as the staff pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct BuildSummary {
    pub ok: bool,
    pub pages: usize,
    pub files: usize,
    pub changed: usize,
    pub millis: u128,
    /// When it finished, RFC 3339 UTC.
    pub at: String,
    /// `path:line:col: problem — fix`, every one.
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
}

impl BuildSummary {
    fn failed(errors: Vec<String>, started: Instant) -> Self {
        Self {
            ok: false,
            pages: 0,
            files: 0,
            changed: 0,
            millis: started.elapsed().as_millis(),
            at: crate::submission::stored_time(jiff::Timestamp::now()),
            errors,
            warnings: Vec::new(),
        }
    }
}

/// Where the site is and where it is published.
#[derive(Debug, Clone)]
pub struct Target {
    pub root: PathBuf,
    pub public_dir: PathBuf,
    pub today: Date,
}

/// What the file on disk is expected to be when the save starts.
#[derive(Debug, Clone)]
pub enum Expected {
    /// A new file in a section, named from `words` (pinyin) when the lock is held, so two
    /// publishes at once never pick the same name.
    New {
        kind: fields::ContentKind,
        words: String,
    },
    /// An edit of the file as it was when the form was opened (its SHA-256).
    Hash(String),
}

/// A content file to write: path relative to the root (ignored for a new file, whose name is
/// chosen under the lock), and its new text.
#[derive(Debug, Clone)]
pub struct Change {
    pub rel: String,
    pub text: String,
    pub expected: Expected,
}

/// Why a save was refused; nothing was written and the live site is as it was.
#[derive(Debug)]
pub enum Refusal {
    /// Someone changed (or removed) the file since the form was opened.
    Stale { current: String },
    /// A new file's name is taken.
    Exists,
    /// The tree with the new text does not build: every problem.
    Invalid(Diagnostics),
    /// Something outside the content (config.toml, the disk) failed.
    Failed(String),
}

/// Validates the tree with `change`, writes it and rebuilds, under the publishing lock. On
/// success the job index is refreshed, so a new job can be applied for at once; the path
/// written is returned with the build's summary.
pub async fn save(
    target: &Target,
    jobs: &JobIndex,
    change: Change,
) -> Result<(BuildSummary, String), Refusal> {
    let mut last = PUBLISHING.lock().await;
    let run = {
        let target = target.clone();
        tokio::task::spawn_blocking(move || save_blocking(&target, &change))
    };
    let outcome = run
        .await
        .map_err(|e| Refusal::Failed(format!("发布中断：{e}")))?;
    match outcome {
        Ok((summary, site, rel)) => {
            jobs.refresh(&site, target.today);
            *last = Some(summary.clone());
            Ok((summary, rel))
        }
        Err(refusal) => Err(refusal),
    }
}

fn save_blocking(
    target: &Target,
    change: &Change,
) -> Result<(BuildSummary, Site, String), Refusal> {
    let started = Instant::now();
    let rel = match &change.expected {
        Expected::New { kind, words } => kind.path_of(&files::new_slug(&target.root, *kind, words)),
        Expected::Hash(_) => change.rel.clone(),
    };
    let path = target.root.join(&rel);
    let mode = match &change.expected {
        Expected::New { .. } => {
            if path.exists() {
                return Err(Refusal::Exists);
            }
            files::Mode::Create
        }
        Expected::Hash(expected) => {
            let current = std::fs::read(&path).unwrap_or_default();
            if files::hash(&current) != *expected {
                return Err(Refusal::Stale {
                    current: String::from_utf8_lossy(&current).into_owned(),
                });
            }
            files::Mode::Replace
        }
    };
    let overlay = [(rel.clone(), change.text.clone())];
    let built = lingong_site::build_with(&options(target), &overlay, || {
        files::write_atomically(&path, &change.text, mode).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })
    });
    match built {
        Ok((report, site)) => {
            let mut summary = summary_of(&report, started);
            summary
                .warnings
                .extend(review_of(&target.root, &site, &rel, target.today));
            Ok((summary, site, rel))
        }
        Err(Error::Content(diagnostics)) => Err(Refusal::Invalid(diagnostics)),
        Err(Error::Io { source, .. })
            if mode == files::Mode::Create
                && source.kind() == std::io::ErrorKind::AlreadyExists =>
        {
            Err(Refusal::Exists)
        }
        Err(other) => Err(Refusal::Failed(other.to_string())),
    }
}

/// Rebuilds the site from `content/` as it is (the "重新生成网站" button). A failed build
/// leaves the live site exactly as it was and reports every problem.
pub async fn rebuild(target: &Target, jobs: &JobIndex) -> BuildSummary {
    let mut last = PUBLISHING.lock().await;
    let run = {
        let target = target.clone();
        tokio::task::spawn_blocking(move || {
            let started = Instant::now();
            match lingong_site::build_with(&options(&target), &[], || Ok(())) {
                Ok((report, site)) => (summary_of(&report, started), Some(site)),
                Err(Error::Content(d)) => (
                    BuildSummary::failed(d.errors().map(ToString::to_string).collect(), started),
                    None,
                ),
                Err(other) => (BuildSummary::failed(vec![other.to_string()], started), None),
            }
        })
    };
    let (summary, site) = match run.await {
        Ok(done) => done,
        Err(e) => (
            BuildSummary::failed(vec![format!("生成中断：{e}")], Instant::now()),
            None,
        ),
    };
    if let Some(site) = site {
        jobs.refresh(&site, target.today);
    }
    *last = Some(summary.clone());
    summary
}

/// The last rebuild's result since the service started, if any. Waits while one is running.
pub async fn last_build() -> Option<BuildSummary> {
    PUBLISHING.lock().await.clone()
}

fn options(target: &Target) -> BuildOptions {
    BuildOptions {
        root: target.root.clone(),
        output: target.public_dir.clone(),
        today: target.today,
    }
}

fn summary_of(report: &lingong_site::BuildReport, started: Instant) -> BuildSummary {
    BuildSummary {
        ok: true,
        pages: report.stats.pages,
        files: report.stats.files,
        changed: report.stats.changed,
        millis: started.elapsed().as_millis(),
        at: crate::submission::stored_time(jiff::Timestamp::now()),
        errors: Vec::new(),
        warnings: report
            .warnings
            .warnings()
            .map(ToString::to_string)
            .collect(),
    }
}

/// What `lingong-site check` would also say about the saved file (stale verification, wording
/// the recruitment rules forbid), so staff see it when they publish.
fn review_of(root: &Path, site: &Site, rel: &str, today: Date) -> Vec<String> {
    let read = |p: &str| std::fs::read_to_string(root.join(p)).ok();
    lingong_site::review::review(&read, &site.library, today)
        .iter()
        .filter(|d| d.path == rel)
        .map(ToString::to_string)
        .collect()
}
