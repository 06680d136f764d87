//! The theme: Tera templates and static files embedded in the binary.
//!
//! A site overrides any of them by putting a file of the same name in its own `templates/`
//! or `static/` folder. Templates are compiled once per build and shared by every rayon worker.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;

use crate::diagnostics::{Diagnostic, Severity};
use crate::error::{Error, IoContext};

macro_rules! builtin {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../templates/", $name)))),*]
    };
}

/// The default theme's templates, by name.
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = builtin![
    "base.html",
    "index.html",
    "jobs/list.html",
    "jobs/page.html",
    "events/list.html",
    "events/page.html",
    "policies/list.html",
    "policies/topic.html",
    "policies/page.html",
    "page.html",
    "404.html",
    "search.html",
    "poster.html",
    "partials/job_card.html",
    "partials/event_card.html",
    "partials/pager.html",
    "partials/form.html",
    "forms/form.html",
    "forms/thanks.html",
    "partials/month.html",
];

/// The default theme's static files, by path under the output folder.
pub const BUILTIN_STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../static/style.css")),
    ("form.js", include_bytes!("../static/form.js")),
    ("search.js", include_bytes!("../static/search.js")),
    ("forms/sw.js", include_bytes!("../static/sw.js")),
];

pub const TEMPLATES_DIR: &str = "templates";
pub const STATIC_DIR: &str = "static";

/// Where a template came from, for messages that name the file to fix.
#[derive(Debug, Clone)]
pub struct Theme {
    pub tera: Tera,
    /// Template name → the path shown in messages.
    sources: BTreeMap<String, String>,
}

impl Theme {
    /// Loads the embedded templates, replaced by name with the site's own `templates/*.html`.
    /// A template that does not compile is reported at its file and line.
    pub fn load(root: &Path) -> Result<Self, Error> {
        let mut templates: BTreeMap<String, (String, String)> = BUILTIN_TEMPLATES
            .iter()
            .map(|(name, text)| {
                (
                    name.to_string(),
                    (format!("[内置主题]/{name}"), text.to_string()),
                )
            })
            .collect();
        let dir = root.join(TEMPLATES_DIR);
        if dir.is_dir() {
            for (name, path) in files_under(&dir)? {
                if name.ends_with(".html") {
                    let text = std::fs::read_to_string(&path).with_path(&path)?;
                    templates.insert(name.clone(), (format!("{TEMPLATES_DIR}/{name}"), text));
                }
            }
        }
        let sources: BTreeMap<String, String> = templates
            .iter()
            .map(|(n, (shown, _))| (n.clone(), shown.clone()))
            .collect();
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        let theme_sources = sources.clone();
        tera.add_raw_templates(
            templates
                .iter()
                .map(|(n, (_, text))| (n.as_str(), text.as_str())),
        )
        .map_err(|e| {
            let theme = Theme {
                tera: Tera::default(),
                sources: theme_sources,
            };
            Error::Content(std::iter::once(theme.diagnostic(&e, None)).collect())
        })?;
        Ok(Theme { tera, sources })
    }

    /// Turns a Tera error into a diagnostic naming the template file and line.
    pub fn diagnostic(&self, error: &tera::Error, rendering: Option<&str>) -> Diagnostic {
        let (name, line, col, message) = match error.kind() {
            tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
                let span = report.span();
                (
                    report.filename().to_string(),
                    span.start_line.max(1),
                    span.start_col + 1,
                    report.message().to_string(),
                )
            }
            tera::ErrorKind::TemplateNotFound(name) => (
                rendering.unwrap_or(name).to_string(),
                1,
                1,
                format!("找不到模板 {name}"),
            ),
            other => (rendering.unwrap_or("").to_string(), 1, 1, other.to_string()),
        };
        let path = self
            .sources
            .get(&name)
            .cloned()
            .unwrap_or_else(|| format!("{TEMPLATES_DIR}/{name}"));
        Diagnostic {
            severity: Severity::Error,
            path,
            line,
            col,
            message: format!("模板有误：{message}"),
            hint: "请对照 Tera 模板语法检查这一行；删掉网站 templates/ 下的同名文件可恢复内置主题"
                .into(),
        }
    }
}

/// Static files to publish: the embedded ones, replaced or added to by the site's `static/`.
pub fn static_files(root: &Path) -> Result<BTreeMap<String, Vec<u8>>, Error> {
    let mut files: BTreeMap<String, Vec<u8>> = BUILTIN_STATIC
        .iter()
        .map(|(name, bytes)| (name.to_string(), bytes.to_vec()))
        .collect();
    let dir = root.join(STATIC_DIR);
    if dir.is_dir() {
        for (name, path) in files_under(&dir)? {
            let bytes = std::fs::read(&path).with_path(&path)?;
            files.insert(name, bytes);
        }
    }
    Ok(files)
}

/// Files under `dir` with their paths relative to it (`/`-separated), hidden files skipped.
fn files_under(dir: &Path) -> Result<Vec<(String, PathBuf)>, Error> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::Io {
            path: dir.to_path_buf(),
            source: e
                .into_io_error()
                .unwrap_or_else(|| std::io::Error::other("walk failed")),
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if name.split('/').any(|part| part.starts_with('.')) {
            continue;
        }
        out.push((name, entry.path().to_path_buf()));
    }
    Ok(out)
}
