//! Loading `content/`: every file read and parsed in parallel, every problem collected.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;
use toml::de::DeTable;

use super::event::{self, Event};
use super::fields::{FileProblems, Table};
use super::file_info::FileInfo;
use super::front_matter::split;
use super::job::{self, Job};
use super::page::{self, Page};
use super::policy::{self, Policy};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::error::{Error, IoContext};
use crate::markdown;

pub const CONTENT_DIR: &str = "content";

/// Which folder of `content/` a file is in, and so what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SectionKind {
    Home,
    Jobs,
    Events,
    Policies,
    Pages,
}

impl SectionKind {
    fn from_dir(dir: &str) -> Option<Self> {
        match dir {
            "" => Some(Self::Home),
            "jobs" => Some(Self::Jobs),
            "events" => Some(Self::Events),
            "policies" => Some(Self::Policies),
            "pages" => Some(Self::Pages),
            _ => None,
        }
    }
}

/// A section's `_index.md`: the title and introduction of its list page.
#[derive(Debug, Clone)]
pub struct Section {
    pub title: String,
    pub description: Option<String>,
    pub body_html: String,
}

/// Everything in `content/` that loaded without errors.
#[derive(Debug, Default)]
pub struct Library {
    pub sections: HashMap<SectionKind, Section>,
    pub jobs: Vec<Job>,
    pub events: Vec<Event>,
    pub policies: Vec<Policy>,
    pub pages: Vec<Page>,
}

enum Loaded {
    Section(SectionKind, Section),
    Job(Box<Job>),
    Event(Box<Event>),
    Policy(Box<Policy>),
    Page(Page),
}

/// URL segments a slug may not take, per section, because the site's own pages live there.
const RESERVED_JOB_SLUGS: &[&str] = &["page", "category", "township", "search", "feed"];
const RESERVED_POLICY_SLUGS: &[&str] = &["page", "topic"];
const RESERVED_EVENT_SLUGS: &[&str] = &["page", "calendar"];
const RESERVED_PAGE_SLUGS: &[&str] = &[
    "jobs", "events", "policies", "pages", "page", "search", "intake", "static", "staff", "404",
    "feeds", "forms",
];

/// Reads every Markdown file under `root/content`. The library holds what loaded cleanly;
/// the diagnostics hold every problem (and warning) of every file.
pub fn load(root: &Path, config: &Config) -> Result<(Library, Diagnostics), Error> {
    load_with(root, config, &[])
}

/// As `load`, with some files' text given instead of read from disk: `(path relative to the
/// root, text)`. A path not on disk is added. The intake validates an edit this way, on the
/// whole tree with the new text, before anything is written to `content/`.
pub fn load_with(
    root: &Path,
    config: &Config,
    overlay: &[(String, String)],
) -> Result<(Library, Diagnostics), Error> {
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        return Err(Error::Io {
            path: content,
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "找不到内容目录 content/"),
        });
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&content).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::Io {
            path: e.path().map_or_else(|| content.clone(), Path::to_path_buf),
            source: e
                .into_io_error()
                .unwrap_or_else(|| std::io::Error::other("walk failed")),
        })?;
        let path = entry.path();
        if entry.file_type().is_file() && path.extension().is_some_and(|e| e == "md") {
            files.push(path.to_path_buf());
        }
    }
    for (rel, _) in overlay {
        let path = root.join(rel);
        if !files.contains(&path) {
            files.push(path);
        }
    }

    let results: Vec<(Option<Loaded>, Vec<Diagnostic>)> = files
        .par_iter()
        .map(|path| load_file(root, path, config, overlay))
        .collect::<Result<_, _>>()?;

    let mut library = Library::default();
    let mut diagnostics = Diagnostics::new();
    for (loaded, problems) in results {
        diagnostics.extend(problems);
        if let Some(loaded) = loaded {
            library.insert(loaded);
        }
    }
    check_all_slugs(&library, &mut diagnostics);
    diagnostics.sort();
    Ok((library, diagnostics))
}

impl Library {
    fn insert(&mut self, loaded: Loaded) {
        match loaded {
            Loaded::Section(kind, section) => {
                self.sections.insert(kind, section);
            }
            Loaded::Job(j) => self.jobs.push(*j),
            Loaded::Event(e) => self.events.push(*e),
            Loaded::Policy(p) => self.policies.push(*p),
            Loaded::Page(p) => self.pages.push(p),
        }
    }

    /// Forgets the item loaded from `path` (relative to the root), if any.
    fn remove(&mut self, path: &str) {
        self.jobs.retain(|j| j.file.path != path);
        self.events.retain(|e| e.file.path != path);
        self.policies.retain(|p| p.file.path != path);
        self.pages.retain(|p| p.file.path != path);
    }
}

/// Re-reads some content files (paths relative to the root, as in diagnostics) into an already
/// loaded library: what the preview does after an edit, instead of loading every file again.
/// When any of them has an error, the library is left exactly as it was and the problems are
/// returned; otherwise the library is updated and the warnings returned. Section files
/// (`_index.md`) and deletions are not handled here: the caller reloads everything for those.
pub fn reload(
    root: &Path,
    config: &Config,
    library: &mut Library,
    paths: &[String],
) -> Result<Diagnostics, Error> {
    let mut diagnostics = Diagnostics::new();
    let mut loaded = Vec::new();
    for rel in paths {
        let (item, problems) = load_file(root, &root.join(rel), config, &[])?;
        diagnostics.extend(problems);
        loaded.push((rel, item));
    }
    if diagnostics.has_errors() {
        diagnostics.sort();
        return Err(Error::Content(diagnostics));
    }
    for (rel, item) in loaded {
        library.remove(rel);
        if let Some(item) = item {
            library.insert(item);
        }
    }
    check_all_slugs(library, &mut diagnostics);
    diagnostics.sort();
    Ok(diagnostics)
}

fn check_all_slugs(library: &Library, diagnostics: &mut Diagnostics) {
    check_slugs(
        library.jobs.iter().map(|j| &j.file),
        RESERVED_JOB_SLUGS,
        diagnostics,
    );
    check_slugs(
        library.events.iter().map(|e| &e.file),
        RESERVED_EVENT_SLUGS,
        diagnostics,
    );
    check_slugs(
        library.policies.iter().map(|p| &p.file),
        RESERVED_POLICY_SLUGS,
        diagnostics,
    );
    check_slugs(
        library.pages.iter().map(|p| &p.file),
        RESERVED_PAGE_SLUGS,
        diagnostics,
    );
}

fn load_file(
    root: &Path,
    path: &Path,
    config: &Config,
    overlay: &[(String, String)],
) -> Result<(Option<Loaded>, Vec<Diagnostic>), Error> {
    let rel = path
        .strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    let bytes = match overlay.iter().find(|(r, _)| *r == rel) {
        Some((_, text)) => text.clone().into_bytes(),
        None => std::fs::read(path).with_path(path)?,
    };
    let Ok(text) = String::from_utf8(bytes) else {
        let d = Diagnostic {
            severity: Severity::Error,
            path: rel,
            line: 1,
            col: 1,
            message: "文件不是 UTF-8 编码".into(),
            hint: "请用记事本或 WPS 另存为“UTF-8”编码".into(),
        };
        return Ok((None, vec![d]));
    };
    let mut problems = FileProblems::new(&rel, &text);
    let loaded = parse_file(&rel, &text, config, &mut problems);
    let loaded = if problems.has_errors() { None } else { loaded };
    Ok((loaded, problems.into_vec()))
}

fn parse_file(
    rel: &str,
    text: &str,
    config: &Config,
    problems: &mut FileProblems,
) -> Option<Loaded> {
    let in_content = rel.strip_prefix("content/").unwrap_or(rel);
    let (dir, name) = in_content.rsplit_once('/').unwrap_or(("", in_content));
    let Some(kind) = SectionKind::from_dir(dir) else {
        problems.warning(
            0,
            format!("content/{dir}/ 不是已知的栏目，此文件未发布"),
            "岗位放在 content/jobs/，活动 content/events/，政策 content/policies/，页面 content/pages/",
        );
        return None;
    };
    let parts = match split(text) {
        Ok(parts) => parts,
        Err(e) => {
            problems.error(0, e.message(), e.hint());
            return None;
        }
    };
    let table = match DeTable::parse(parts.front_matter) {
        Ok(table) => table,
        Err(e) => {
            let offset = parts.front_matter_offset + e.span().map_or(0, |s| s.start);
            let (message, hint) = explain_toml_error(e.message());
            problems.error(offset, message, hint);
            return None;
        }
    };
    let body = parts.body;

    if name == "_index.md" {
        let top = Table::top(&table, page::TOP, parts.front_matter_offset);
        let page = page::read(
            FileInfo {
                path: rel.into(),
                slug: String::new(),
            },
            &top,
            problems,
        )?;
        return Some(Loaded::Section(
            kind,
            Section {
                title: page.title,
                description: page.description,
                body_html: markdown::render(body),
            },
        ));
    }
    if kind == SectionKind::Home {
        problems.warning(
            0,
            "content/ 下只应有 _index.md 和各栏目文件夹，此文件未发布",
            "把它移到 content/pages/（页面）或对应的栏目文件夹",
        );
        return None;
    }
    let Some(file) = FileInfo::new(rel.to_string()) else {
        problems.error(
            0,
            "文件名无法生成网址",
            "请用汉字、字母或数字给文件命名，如 xiwangong.md",
        );
        return None;
    };
    let offset = parts.front_matter_offset;
    Some(match kind {
        SectionKind::Jobs => {
            let top = Table::top(&table, job::TOP, offset);
            let mut job = job::read(file, &top, config, problems)?;
            job.body_html = markdown::render(body);
            job.body_text = body.to_string();
            Loaded::Job(Box::new(job))
        }
        SectionKind::Events => {
            let top = Table::top(&table, event::TOP, offset);
            let mut event = event::read(file, &top, problems)?;
            event.body_html = markdown::render(body);
            Loaded::Event(Box::new(event))
        }
        SectionKind::Policies => {
            let top = Table::top(&table, policy::TOP, offset);
            let mut policy = policy::read(file, &top, problems)?;
            policy.body_html = markdown::render(body);
            policy.body_text = body.to_string();
            Loaded::Policy(Box::new(policy))
        }
        SectionKind::Pages => {
            let top = Table::top(&table, page::TOP, offset);
            let mut page = page::read(file, &top, problems)?;
            page.body_html = markdown::render(body);
            Loaded::Page(page)
        }
        SectionKind::Home => return None,
    })
}

/// Staff read Chinese: the TOML parser's most common complaints are explained in Chinese,
/// with its own words kept in brackets for whoever helps them.
fn explain_toml_error(raw: &str) -> (String, &'static str) {
    let raw = raw.trim();
    let (what, hint) = if raw.contains("invalid date") || raw.contains("invalid time") {
        (
            "日期或时间不存在",
            "日期写成 2026-11-18，时间写成 2026-11-18T09:00:00，并确认这一天存在",
        )
    } else if raw.contains("duplicate key") {
        ("同一个字段写了两次", "删掉重复的一行")
    } else if raw.contains("invalid string")
        || raw.contains("unquoted")
        || raw.contains("string values must be quoted")
    {
        (
            "文字没有用英文双引号括起来",
            "文字要写成 employer = \"石泉县老街面馆\"（英文双引号）",
        )
    } else {
        (
            "字段区不是正确的 TOML 格式",
            "检查这一行的引号、等号、方括号是否成对，文字要用英文双引号括起来",
        )
    };
    (format!("{what}（{raw}）"), hint)
}

/// Two files with the same slug would overwrite each other's page; a reserved slug would
/// overwrite a list. Both are errors naming every file involved.
fn check_slugs<'a>(
    files: impl Iterator<Item = &'a FileInfo>,
    reserved: &[&str],
    diagnostics: &mut Diagnostics,
) {
    let mut by_slug: HashMap<&str, Vec<&FileInfo>> = HashMap::new();
    for file in files {
        by_slug.entry(file.slug.as_str()).or_default().push(file);
    }
    for (slug, files) in by_slug {
        if reserved.contains(&slug) {
            for f in &files {
                diagnostics.push(slug_problem(
                    f,
                    format!("文件名生成的网址 {slug} 是网站保留的名字"),
                    "请给文件换个名字".into(),
                ));
            }
        }
        if files.len() > 1 {
            let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
            for f in &files {
                diagnostics.push(slug_problem(
                    f,
                    format!("网址 {slug} 与其他文件重复：{}", names.join("、")),
                    "请给其中一个文件换个名字".into(),
                ));
            }
        }
    }
}

fn slug_problem(file: &FileInfo, message: String, hint: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        path: file.path.clone(),
        line: 1,
        col: 1,
        message,
        hint,
    }
}
