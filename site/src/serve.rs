//! `lingong-site serve`: a plain local preview of a built site over HTTP on 127.0.0.1.
//!
//! It serves the output folder as a web server would (folders answer with their
//! `index.html`, unknown paths with `404.html`), nothing more; live reload is a separate step.

use std::fs::File;
use std::io;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};

use tiny_http::{Header, Response, Server, StatusCode};

/// Serves `dir` on `addr` until the process is stopped. `on_ready` gets the bound address
/// (port 0 picks a free one).
pub fn serve(dir: &Path, addr: SocketAddr, on_ready: impl FnOnce(SocketAddr)) -> io::Result<()> {
    let server = Server::http(addr).map_err(io::Error::other)?;
    let bound = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| io::Error::other("not an IP listener"))?;
    on_ready(bound);
    for request in server.incoming_requests() {
        let (status, path) = resolve(dir, request.url());
        let _ = match path.and_then(|p| File::open(&p).ok().map(|f| (p, f))) {
            Some((path, file)) => request.respond(
                Response::from_file(file)
                    .with_status_code(status)
                    .with_header(content_type(&path)),
            ),
            None => request.respond(Response::from_string("404").with_status_code(StatusCode(404))),
        };
    }
    Ok(())
}

/// Maps a request URL to a file under `dir`, refusing anything that climbs out of it.
fn resolve(dir: &Path, url: &str) -> (StatusCode, Option<PathBuf>) {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path);
    let mut file = dir.to_path_buf();
    for component in Path::new(decoded.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => file.push(part),
            Component::CurDir => {}
            _ => return not_found(dir),
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    if file.is_file() {
        (StatusCode(200), Some(file))
    } else {
        not_found(dir)
    }
}

fn not_found(dir: &Path) -> (StatusCode, Option<PathBuf>) {
    let page = dir.join(crate::urls::NOT_FOUND_FILE);
    (StatusCode(404), page.is_file().then_some(page))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn content_type(path: &Path) -> Header {
    let kind = match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
    Header::from_bytes("Content-Type", kind).expect("static header is valid")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_inside_the_folder_only() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("jobs/a")).unwrap();
        std::fs::write(tmp.path().join("jobs/a/index.html"), "a").unwrap();
        std::fs::write(tmp.path().join("404.html"), "nf").unwrap();
        let (status, file) = resolve(tmp.path(), "/jobs/a/?x=1");
        assert_eq!(status.0, 200);
        assert!(file.unwrap().ends_with("jobs/a/index.html"));
        assert_eq!(resolve(tmp.path(), "/../etc/passwd").0.0, 404);
        assert_eq!(resolve(tmp.path(), "/%2e%2e/etc").0.0, 404);
        assert_eq!(resolve(tmp.path(), "/nope/").0.0, 404);
    }
}
