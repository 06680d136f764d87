//! lingong-site: the static site generator of the Shiquan county gig-labour market.
//!
//! `build` loads `config.toml` and `content/`, renders the theme into a fresh folder and swaps
//! it in; `check` does everything but write, and adds warnings for staff. The intake service
//! uses this library too (the content model, the domain types, a rebuild after publishing).

pub mod bench;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod domain;
pub mod error;
pub mod forms;
pub mod markdown;
pub mod output;
pub mod outputs;
pub mod render;
pub mod review;
pub mod search;
pub mod serve;
pub mod templates;
pub mod today;
pub mod toml_date;
pub mod urls;
pub mod view;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use jiff::civil::Date;

pub use config::Config;
pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use error::Error;
use outputs::calendar_state::CalendarState;
use render::RenderStats;
use templates::Theme;

/// Where a job sits in the lists: date, category, township, expiry, draft flag.
type JobPlacement = (Date, String, String, Date, bool);

/// What `build` needs to know. The CLI fills it; tests and the intake service build it directly.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The folder holding `config.toml` and `content/`.
    pub root: PathBuf,
    /// Where the site goes; replaced as a whole, atomically.
    pub output: PathBuf,
    /// The date that decides expiry and upcoming events.
    pub today: Date,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub stats: RenderStats,
    pub warnings: Diagnostics,
    pub elapsed: Duration,
}

/// A site loaded and validated, ready to render.
pub struct Site {
    pub config: Config,
    pub library: content::Library,
    pub theme: Theme,
    pub statics: std::collections::BTreeMap<String, Vec<u8>>,
    /// Warnings found while loading (unknown keys and the like).
    pub warnings: Diagnostics,
    /// Job cards kept between preview updates.
    cards: std::sync::Mutex<render::CardCache>,
}

impl Site {
    /// Loads config, content and theme. Fails with every content problem at once.
    pub fn load(root: &Path) -> Result<Self, Error> {
        Self::load_with(root, &[])
    }

    /// As `load`, with some content files' text given (`(path relative to the root, text)`)
    /// instead of read from disk; see `content::library::load_with`.
    pub fn load_with(root: &Path, overlay: &[(String, String)]) -> Result<Self, Error> {
        let config = Config::load(root)?;
        let (library, diagnostics) = content::library::load_with(root, &config, overlay)?;
        // Load the theme even when content failed, so that one run reports both.
        let theme = Theme::load(root);
        if diagnostics.has_errors() {
            let mut all = diagnostics;
            if let Err(Error::Content(more)) = theme {
                all.extend(more.iter().cloned());
            }
            all.sort();
            return Err(Error::Content(all));
        }
        let theme = theme?;
        let statics = templates::static_files(root)?;
        Ok(Site {
            config,
            library,
            theme,
            statics,
            warnings: diagnostics,
            cards: Default::default(),
        })
    }

    /// A renderer of single pages (forms sent back with errors) in this site's theme.
    pub fn page_renderer(&self) -> render::PageRenderer {
        render::PageRenderer::new(&self.config, &self.library, &self.theme, &self.statics)
    }

    /// The published forms, with the choices of this site's config.
    pub fn forms(&self, today: Date) -> Vec<forms::FormSpec> {
        forms::all(&self.config, today.year())
    }

    /// Re-reads the given content files and renders the pages they can change (see
    /// `render::render_changed`); the preview's fast path after an edit. On an error the site
    /// is left as it was.
    pub fn update(
        &mut self,
        root: &Path,
        paths: &[String],
        today: Date,
        sink: &dyn render::Sink,
    ) -> Result<(usize, Diagnostics), Error> {
        // Where each changed job sits in the lists, before and after: if none moved, only the
        // list pages showing them need rendering again.
        let placement = |library: &content::Library| -> Vec<Option<JobPlacement>> {
            paths
                .iter()
                .map(|p| {
                    library.jobs.iter().find(|j| &j.file.path == p).map(|j| {
                        (
                            j.date,
                            j.category.clone(),
                            j.township.clone(),
                            j.valid_through,
                            j.draft,
                        )
                    })
                })
                .collect()
        };
        let before = placement(&self.library);
        let warnings = content::library::reload(root, &self.config, &mut self.library, paths)?;
        if warnings.has_errors() {
            return Err(Error::Content(warnings));
        }
        let after = placement(&self.library);
        let placement_unchanged = before == after && before.iter().all(Option::is_some);
        let changed: std::collections::HashSet<String> = paths.iter().cloned().collect();
        let pages = render::render_changed(
            &self.config,
            &self.library,
            &self.theme,
            &self.statics,
            today,
            render::Edit {
                changed: &changed,
                placement_unchanged,
                cards: &mut self.cards.lock().expect("lock"),
            },
            sink,
        )?;
        Ok((pages, warnings))
    }

    /// Renders the site. `calendar` is the state of the previous build; the returned state
    /// holds this build's events and is for the caller to save once the output is in place.
    pub fn render(
        &self,
        today: Date,
        calendar: &CalendarState,
        sink: &dyn render::Sink,
    ) -> Result<(RenderStats, CalendarState), Error> {
        let events: Vec<&content::Event> =
            self.library.events.iter().filter(|e| !e.draft).collect();
        let calendar = outputs::calendar::update_state(
            &events,
            &self.config,
            calendar,
            jiff::Timestamp::now(),
        );
        let stats = render::render_site(
            &self.config,
            &self.library,
            &self.theme,
            &self.statics,
            today,
            &calendar,
            sink,
        )?;
        Ok((stats, calendar))
    }
}

/// Builds the site into `options.output`, replacing what was there only on success.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Error> {
    build_with(options, &[], || Ok(())).map(|(report, _)| report)
}

/// Builds the site as if the `overlay` files (`(path relative to the root, text)`) were on
/// disk, and runs `before_swap` after everything rendered and before the new output is
/// swapped in. The intake passes an edited content file as the overlay and writes it to
/// `content/` in `before_swap`: an edit that breaks the build is never written, and a written
/// edit is live as soon as this returns. An error from `before_swap` leaves the output as it
/// was. Returns the loaded site too, so the caller can refresh what it keeps of it.
pub fn build_with(
    options: &BuildOptions,
    overlay: &[(String, String)],
    before_swap: impl FnOnce() -> Result<(), Error>,
) -> Result<(BuildReport, Site), Error> {
    let started = Instant::now();
    refuse_dangerous_output(&options.root, &options.output)?;
    let site = Site::load_with(&options.root, overlay)?;
    let previous = CalendarState::load(&options.root)?;
    let staging = output::Staging::new(&options.output)?;
    let (mut stats, calendar) = site.render(options.today, &previous, &staging)?;
    stats.changed = staging.changed_files();
    before_swap()?;
    staging.commit()?;
    // Only now: a build that failed must not have raised any event's SEQUENCE.
    if calendar != previous {
        calendar.save(&options.root)?;
    }
    let report = BuildReport {
        stats,
        warnings: site.warnings.clone(),
        elapsed: started.elapsed(),
    };
    Ok((report, site))
}

/// The page one content file would have, rendered with the real theme from the whole tree with
/// `text` in place of that file (which need not exist yet); drafts are shown as if published.
/// Nothing is written. `None` when the file has no page of its own (a section's `_index.md`).
pub fn preview(root: &Path, rel: &str, text: &str, today: Date) -> Result<Option<String>, Error> {
    let mut site = Site::load_with(root, &[(rel.to_string(), text.to_string())])?;
    let library = &mut site.library;
    for job in library.jobs.iter_mut().filter(|j| j.file.path == rel) {
        job.draft = false;
    }
    for event in library.events.iter_mut().filter(|e| e.file.path == rel) {
        event.draft = false;
    }
    for policy in library.policies.iter_mut().filter(|p| p.file.path == rel) {
        policy.draft = false;
    }
    for page in library.pages.iter_mut().filter(|p| p.file.path == rel) {
        page.draft = false;
    }
    render::render_item(
        &site.config,
        &site.library,
        &site.theme,
        &site.statics,
        today,
        rel,
    )
}

/// Validates and renders everything without writing, and adds the review warnings.
pub fn check(root: &Path, today: Date) -> Result<BuildReport, Error> {
    let started = Instant::now();
    let site = Site::load(root)?;
    let previous = CalendarState::load(root)?;
    let (stats, _) = site.render(today, &previous, &output::Discard)?;
    let read = |rel: &str| std::fs::read_to_string(root.join(rel)).ok();
    let mut warnings = site.warnings;
    warnings.extend(review::review(&read, &site.library, today).iter().cloned());
    warnings.sort();
    Ok(BuildReport {
        stats,
        warnings,
        elapsed: started.elapsed(),
    })
}

/// The output is replaced whole: it must never be the root itself or a folder holding it.
fn refuse_dangerous_output(root: &Path, output: &Path) -> Result<(), Error> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root, out) = (absolute(root), absolute(output));
    if root.starts_with(&out) || out.starts_with(root.join(content::library::CONTENT_DIR)) {
        return Err(Error::Io {
            path: out,
            source: std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "输出目录不能是网站根目录、它的上级目录或 content/ 内的目录（生成时会整个替换输出目录）",
            ),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/small");
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.unwrap();
            let to = tmp.path().join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        tmp
    }

    const NEW_JOB: &str = "+++\ntitle = \"招保洁员\"\ndate = 2026-11-20\n\n[taxonomies]\ncategory = [\"保洁\"]\ntownship = [\"城关镇\"]\n\n[extra]\nemployer = \"某物业\"\npay = 100\npay_unit = \"元/天\"\nheadcount = 1\nvalid_through = 2026-12-20\nphone = \"13800001111\"\naddress = \"城关镇\"\n+++\n打扫楼道\n";

    #[test]
    fn an_overlay_is_built_and_written_only_when_the_build_succeeds() {
        let tmp = fixture();
        let root = tmp.path();
        let options = BuildOptions {
            root: root.to_path_buf(),
            output: root.join("public"),
            today: jiff::civil::date(2026, 11, 25),
        };
        build(&options).unwrap();
        let rel = "content/jobs/baojie.md".to_string();

        let broken = NEW_JOB.replace("保洁", "挖矿");
        let mut called = false;
        let err = build_with(&options, &[(rel.clone(), broken)], || {
            called = true;
            Ok(())
        });
        assert!(matches!(err, Err(Error::Content(_))));
        assert!(!called, "nothing is written for a broken tree");
        assert!(!root.join("public/jobs/baojie").exists());

        let (_, site) = build_with(&options, &[(rel.clone(), NEW_JOB.into())], || {
            std::fs::write(root.join(&rel), NEW_JOB).map_err(|source| Error::Io {
                path: root.join(&rel),
                source,
            })
        })
        .unwrap();
        assert!(site.library.jobs.iter().any(|j| j.file.slug == "baojie"));
        assert!(root.join("public/jobs/baojie/index.html").is_file());
    }

    #[test]
    fn a_preview_renders_one_page_with_the_theme_and_writes_nothing() {
        let tmp = fixture();
        let root = tmp.path();
        let draft = NEW_JOB.replace("date = 2026-11-20\n", "date = 2026-11-20\ndraft = true\n");
        let html = preview(
            root,
            "content/jobs/baojie.md",
            &draft,
            jiff::civil::date(2026, 11, 25),
        )
        .unwrap()
        .expect("a job has a page");
        assert!(html.contains("招保洁员") && html.contains("<html"));
        assert!(!root.join("content/jobs/baojie.md").exists());
        assert!(!root.join("public").exists());
    }
}
