//! `lingong-site serve`: a local preview on 127.0.0.1 with live reload.
//!
//! The site is rendered into memory and served from there. A watcher follows `content/`,
//! `templates/`, `static/` and `config.toml`. An edited content file is re-read alone and only
//! the pages it can change are rendered again (its own pages, the lists, the home page); a
//! template, static file or config change, a new section file or a deletion renders
//! everything. Open pages carry a small script that waits for the next version and reloads.
//! A broken edit is printed in the terminal and shown on top of every page, while the last
//! good pages keep being served. Nothing is written to the output folder.

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

use jiff::civil::Date;
use notify::{RecursiveMode, Watcher};
use tiny_http::{Header, Request, Response, Server, StatusCode};

use crate::error::Error;
use crate::outputs::calendar_state::CalendarState;
use crate::render::Sink;
use crate::{Site, urls};

/// Rendered files by output path (`jobs/x/index.html`).
type Pages = HashMap<String, Arc<Vec<u8>>>;

/// Where the reload script asks for the next version.
const RELOAD_PATH: &str = "/__lingong/reload";
/// How long a reload request waits for a change before answering "no change".
const LONG_POLL: Duration = Duration::from_secs(25);

/// What the server shares with the watcher.
struct Preview {
    pages: RwLock<Pages>,
    version: Mutex<u64>,
    bumped: Condvar,
    /// The problems of the last edit, shown on every page until fixed.
    error: RwLock<Option<String>>,
}

impl Preview {
    /// Makes new pages visible (all of them, or some added to the current ones), sets or
    /// clears the error shown on pages, and wakes the open pages.
    fn publish(&self, pages: Option<Update>, error: Option<String>) {
        match pages {
            Some(Update::All(all)) => *self.pages.write().expect("lock") = all,
            Some(Update::Some(some)) => self.pages.write().expect("lock").extend(some),
            None => {}
        }
        *self.error.write().expect("lock") = error;
        let mut version = self.version.lock().expect("lock");
        *version += 1;
        self.bumped.notify_all();
    }

    fn version(&self) -> u64 {
        *self.version.lock().expect("lock")
    }

    /// Waits until the version differs from `seen`, or the long poll ends.
    fn wait_past(&self, seen: u64) -> u64 {
        let version = self.version.lock().expect("lock");
        let (version, _) = self
            .bumped
            .wait_timeout_while(version, LONG_POLL, |v| *v == seen)
            .expect("lock");
        *version
    }
}

enum Update {
    All(Pages),
    Some(Pages),
}

/// Collects rendered files in memory.
#[derive(Default)]
struct MemorySink(Mutex<Pages>);

impl Sink for MemorySink {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Error> {
        self.0
            .lock()
            .expect("lock")
            .insert(path.to_string(), Arc::new(bytes.to_vec()));
        Ok(())
    }
}

impl MemorySink {
    fn into_pages(self) -> Pages {
        self.0.into_inner().expect("lock")
    }
}

fn render_all(site: &Site, root: &Path, today: Date) -> Result<Pages, Error> {
    let calendar = CalendarState::load(root)?;
    let sink = MemorySink::default();
    site.render(today, &calendar, &sink)?;
    Ok(sink.into_pages())
}

/// Builds the site into memory, then serves it on `addr` until the process is stopped,
/// following edits. `on_ready` gets the bound address (port 0 picks a free one).
pub fn serve(
    root: &Path,
    today: Date,
    addr: SocketAddr,
    on_ready: impl FnOnce(SocketAddr),
) -> Result<(), Error> {
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let started = Instant::now();
    let site = Site::load(&root)?;
    let pages = render_all(&site, &root, today)?;
    println!(
        "已生成 {} 个文件，用时 {} 毫秒",
        pages.len(),
        started.elapsed().as_millis()
    );
    let preview = Arc::new(Preview {
        pages: RwLock::new(pages),
        version: Mutex::new(1),
        bumped: Condvar::new(),
        error: RwLock::new(None),
    });

    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        use notify::EventKind;
        // Only writes, creations, removals and renames: reading a file (which the update
        // itself does) raises access events that would otherwise start the next update.
        if let Ok(event) = event
            && matches!(
                event.kind,
                EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
            )
        {
            for path in event.paths {
                let _ = tx.send(path);
            }
        }
    })
    .map_err(|e| io_error(&root, e))?;
    for dir in ["content", "templates", "static"] {
        let path = root.join(dir);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| io_error(&path, e))?;
        }
    }
    // config.toml is watched through its folder: editors replace the file when they save. The
    // same watch sees a templates/ or static/ folder appear, which is then watched too.
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| io_error(&root, e))?;
    {
        let preview = preview.clone();
        let watched_root = root.clone();
        std::thread::Builder::new()
            .name("lingong-watch".into())
            .spawn(move || watch(site, watcher, &watched_root, today, &rx, &preview))
            .map_err(|e| io_error(&root, e))?;
    }

    let server = Server::http(addr).map_err(|e| io_error(&root, std::io::Error::other(e)))?;
    let bound = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| io_error(&root, std::io::Error::other("not an IP listener")))?;
    on_ready(bound);
    for request in server.incoming_requests() {
        let preview = preview.clone();
        // One thread a request: reload requests wait for minutes; this is a local preview.
        std::thread::spawn(move || respond(&preview, request));
    }
    Ok(())
}

fn io_error(path: &Path, e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(e),
    }
}

/// What an edit asks for.
#[derive(Debug, PartialEq, Eq)]
enum Change {
    /// These content files (relative paths) changed and still exist.
    Content(Vec<String>),
    Everything,
    Nothing,
}

/// Decides what a set of changed paths needs.
fn classify(root: &Path, paths: &HashSet<PathBuf>) -> Change {
    let mut content = Vec::new();
    for path in paths {
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        let rel_text = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let hidden = rel_text.split('/').any(|part| part.starts_with('.'));
        if hidden || rel_text.ends_with('~') {
            continue;
        }
        let theme = ["templates", "static"]
            .iter()
            .any(|d| rel_text == *d || rel_text.starts_with(&format!("{d}/")));
        if rel_text == "config.toml" || theme {
            return Change::Everything;
        }
        if rel_text.starts_with("content/") && rel_text.ends_with(".md") {
            if !path.is_file()
                || rel_text.ends_with("/_index.md")
                || rel_text == "content/_index.md"
            {
                return Change::Everything;
            }
            content.push(rel_text);
        }
    }
    if content.is_empty() {
        Change::Nothing
    } else {
        content.sort();
        content.dedup();
        Change::Content(content)
    }
}

/// The watcher loop: gathers a burst of events, then updates the preview.
fn watch(
    mut site: Site,
    mut watcher: notify::RecommendedWatcher,
    root: &Path,
    today: Date,
    rx: &mpsc::Receiver<PathBuf>,
    preview: &Preview,
) {
    let mut watched: HashSet<PathBuf> = ["templates", "static"]
        .iter()
        .map(|d| root.join(d))
        .filter(|p| p.is_dir())
        .collect();
    while let Ok(first) = rx.recv() {
        let started = Instant::now();
        let mut paths = HashSet::from([first]);
        // An editor's save is several events (write, rename, chmod): take them together.
        while let Ok(path) = rx.recv_timeout(Duration::from_millis(5)) {
            paths.insert(path);
            if started.elapsed() > Duration::from_millis(300) {
                break;
            }
        }
        for dir in ["templates", "static"].map(|d| root.join(d)) {
            if dir.is_dir()
                && !watched.contains(&dir)
                && watcher.watch(&dir, RecursiveMode::Recursive).is_ok()
            {
                watched.insert(dir);
            }
        }
        match classify(root, &paths) {
            Change::Nothing => {}
            Change::Content(files) => {
                let sink = MemorySink::default();
                match site.update(root, &files, today, &sink) {
                    Ok((count, warnings)) => {
                        preview.publish(Some(Update::Some(sink.into_pages())), None);
                        for w in warnings.warnings() {
                            say(&w.to_string());
                        }
                        say(&format!(
                            "已更新 {}：重新生成 {count} 个页面，用时 {} 毫秒",
                            files.join("、"),
                            started.elapsed().as_millis()
                        ));
                    }
                    Err(e) => report(preview, &e),
                }
            }
            Change::Everything => match Site::load(root)
                .and_then(|new| render_all(&new, root, today).map(|p| (new, p)))
            {
                Ok((new, pages)) => {
                    site = new;
                    preview.publish(Some(Update::All(pages)), None);
                    say(&format!(
                        "已全部重新生成，用时 {} 毫秒",
                        started.elapsed().as_millis()
                    ));
                }
                Err(e) => report(preview, &e),
            },
        }
    }
}

/// Prints a line; a closed terminal must not stop the preview (println! would panic).
fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout(), "{line}");
}

/// A broken edit: said in the terminal and on the page; the last good pages stay.
fn report(preview: &Preview, error: &Error) {
    let text = match error {
        Error::Content(d) => d.to_string(),
        other => other.to_string(),
    };
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "{text}（预览仍显示上一次成功生成的页面）"
    );
    preview.publish(None, Some(text));
}

fn respond(preview: &Preview, request: Request) {
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("/");
    if path == RELOAD_PATH {
        let seen = url
            .split("v=")
            .nth(1)
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let version = preview.wait_past(seen);
        let response = Response::from_string(version.to_string())
            .with_header(header("Content-Type", "text/plain"))
            .with_header(header("Cache-Control", "no-store"));
        let _ = request.respond(response);
        return;
    }
    let (status, bytes) = {
        let pages = preview.pages.read().expect("lock");
        match resolve(&pages, path) {
            Some(key) => (200, pages.get(&key).cloned().map(|b| (key, b))),
            None => (
                404,
                pages
                    .get(urls::NOT_FOUND_FILE)
                    .cloned()
                    .map(|b| (urls::NOT_FOUND_FILE.to_string(), b)),
            ),
        }
    };
    let Some((key, bytes)) = bytes else {
        let _ = request.respond(Response::from_string("404").with_status_code(StatusCode(404)));
        return;
    };
    let body = if key.ends_with(".html") {
        let error = preview.error.read().expect("lock").clone();
        with_live_reload(&bytes, preview.version(), error.as_deref())
    } else {
        bytes.to_vec()
    };
    let response = Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(content_type(&key))
        .with_header(header("Cache-Control", "no-store"));
    let _ = request.respond(response);
}

/// The output file that answers a URL path, refusing anything that climbs out of the site.
fn resolve(pages: &Pages, path: &str) -> Option<String> {
    let decoded = percent_decode(path);
    let mut parts = Vec::new();
    for component in Path::new(decoded.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::CurDir => {}
            _ => return None,
        }
    }
    let key = parts.join("/");
    let candidates = [
        key.clone(),
        if key.is_empty() {
            "index.html".into()
        } else {
            format!("{key}/index.html")
        },
    ];
    candidates.into_iter().find(|k| pages.contains_key(k))
}

/// Adds the reload script (and the current problems, if any) before `</body>`.
fn with_live_reload(html: &[u8], version: u64, error: Option<&str>) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let mut extra = String::new();
    if let Some(error) = error {
        extra.push_str("<div id=\"lingong-error\" style=\"position:fixed;top:0;left:0;right:0;max-height:60vh;overflow:auto;background:#b00020;color:#fff;padding:1rem;font:16px/1.5 monospace;white-space:pre-wrap;z-index:9999\">");
        extra.push_str("修改有错误，下面显示的是上一次成功生成的页面：\n");
        let mut escaped = Vec::new();
        let _ = tera::escape_html(error, &mut escaped);
        extra.push_str(&String::from_utf8_lossy(&escaped));
        extra.push_str("</div>");
    }
    extra.push_str(&format!(
        "<script>(function(){{var v={version};function poll(){{var x=new XMLHttpRequest();x.open(\"GET\",\"{RELOAD_PATH}?v=\"+v);x.onload=function(){{if(x.status===200&&x.responseText!==String(v)){{location.reload();}}else{{poll();}}}};x.onerror=function(){{setTimeout(poll,1000);}};x.send();}}poll();}})();</script>"
    ));
    match text.rfind("</body>") {
        Some(at) => format!("{}{extra}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{extra}").into_bytes(),
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name, value).expect("static header is valid")
}

fn content_type(path: &str) -> Header {
    let kind = match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
    header("Content-Type", kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_inside_the_site_only() {
        let pages: Pages = [
            ("jobs/a/index.html", "a"),
            ("index.html", "home"),
            ("style.css", "x"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), Arc::new(v.as_bytes().to_vec())))
        .collect();
        assert_eq!(
            resolve(&pages, "/jobs/a/").as_deref(),
            Some("jobs/a/index.html")
        );
        assert_eq!(
            resolve(&pages, "/jobs/a").as_deref(),
            Some("jobs/a/index.html")
        );
        assert_eq!(resolve(&pages, "/").as_deref(), Some("index.html"));
        assert_eq!(resolve(&pages, "/style.css").as_deref(), Some("style.css"));
        assert_eq!(resolve(&pages, "/../etc/passwd"), None);
        assert_eq!(resolve(&pages, "/%2e%2e/index.html"), None);
        assert_eq!(resolve(&pages, "/nope/"), None);
    }

    #[test]
    fn edits_are_classified_by_what_they_touch() {
        let root = tempfile::tempdir().unwrap();
        let job = root.path().join("content/jobs/a.md");
        std::fs::create_dir_all(job.parent().unwrap()).unwrap();
        std::fs::write(&job, "x").unwrap();
        let set = |paths: &[PathBuf]| paths.iter().cloned().collect::<HashSet<_>>();
        assert_eq!(
            classify(root.path(), &set(std::slice::from_ref(&job))),
            Change::Content(vec!["content/jobs/a.md".into()])
        );
        assert_eq!(
            classify(
                root.path(),
                &set(&[root.path().join("content/jobs/gone.md")])
            ),
            Change::Everything
        );
        assert_eq!(
            classify(
                root.path(),
                &set(&[root.path().join("templates/base.html")])
            ),
            Change::Everything
        );
        assert_eq!(
            classify(
                root.path(),
                &set(&[root.path().join("content/jobs/.a.md.swp")])
            ),
            Change::Nothing
        );
        assert_eq!(
            classify(root.path(), &set(&[root.path().join("public/index.html")])),
            Change::Nothing
        );
    }

    #[test]
    fn pages_get_the_reload_script_and_the_current_error() {
        let html = with_live_reload(
            b"<html><body><p>x</p></body></html>",
            7,
            Some("content/jobs/a.md:3:1: <坏>"),
        );
        let html = String::from_utf8(html).unwrap();
        assert!(html.contains("var v=7;") && html.contains(RELOAD_PATH));
        assert!(html.contains("&lt;坏&gt;"), "the error is escaped");
        assert!(html.ends_with("</script></body></html>"));
    }
}
