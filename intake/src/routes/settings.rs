//! Elders' mode (长辈版) without JavaScript: `GET /settings/elder?on=1&back=/path` sets a
//! long-lived `elder=1` cookie (or clears it with `on=0`) and sends the reader back; every HTML
//! page this service sends to a reader with the cookie carries `class="elder"` on `<html>`,
//! which the stylesheet keys on. With JavaScript, base.html's inline script sets the same cookie
//! and class without a round trip, so a site served by any static server has the switch too.

use axum::body::{Body, to_bytes};
use axum::extract::{Query, Request};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_LENGTH, CONTENT_TYPE, COOKIE, LOCATION, SET_COOKIE, VARY,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// The cookie's name; its only value that means anything is `1`.
pub const ELDER_COOKIE: &str = "elder";
/// One year: a preference, not a session.
const MAX_AGE_SECONDS: u32 = 365 * 24 * 3600;
/// Larger HTML is passed through unchanged (no page of the site comes near it).
const MAX_HTML: usize = 4 * 1024 * 1024;

#[derive(Deserialize)]
pub struct ElderQuery {
    on: Option<String>,
    back: Option<String>,
}

pub async fn elder(Query(query): Query<ElderQuery>) -> Response {
    let on = query.on.as_deref() != Some("0");
    let back = query
        .back
        .as_deref()
        .filter(|b| is_local_path(b))
        .unwrap_or("/");
    let cookie = if on {
        format!("{ELDER_COOKIE}=1; Path=/; Max-Age={MAX_AGE_SECONDS}; SameSite=Lax")
    } else {
        format!("{ELDER_COOKIE}=0; Path=/; Max-Age=0; SameSite=Lax")
    };
    let mut response = (StatusCode::SEE_OTHER, [(CACHE_CONTROL, "no-store")]).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        headers.insert(SET_COOKIE, value);
    }
    if let Ok(value) = HeaderValue::from_str(back) {
        headers.insert(LOCATION, value);
    }
    response
}

/// A path on this site: `/…`, never `//host` or `/\host` (which browsers read as another host),
/// and nothing a header cannot carry.
fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && path.len() <= 2000
        && path.bytes().all(|b| (0x21..0x7f).contains(&b))
}

/// Whether the request carries `elder=1`.
pub fn wants_elder(headers: &HeaderMap) -> bool {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|pair| pair.trim() == "elder=1")
}

/// Middleware: HTML pages vary by the cookie, and with it carry `class="elder"`.
pub async fn mark_elder(request: Request, next: Next) -> Response {
    let elder = wants_elder(request.headers());
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    parts
        .headers
        .insert(VARY, HeaderValue::from_static("Cookie"));
    if !elder {
        return Response::from_parts(parts, body);
    }
    let Ok(bytes) = to_bytes(body, MAX_HTML).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "页面太大").into_response();
    };
    let html = String::from_utf8_lossy(&bytes);
    let marked = with_elder_class(&html);
    parts.headers.remove(CONTENT_LENGTH);
    // A page marked for one reader must not answer another's conditional request.
    parts.headers.remove(axum::http::header::ETAG);
    parts.headers.remove(axum::http::header::LAST_MODIFIED);
    Response::from_parts(parts, Body::from(marked))
}

/// `<html lang="…">` → `<html class="elder" lang="…">` (the theme's base.html writes no class).
fn with_elder_class(html: &str) -> String {
    match html.find("<html") {
        Some(at) if !html[at..].starts_with("<html class=") => {
            let mut out = String::with_capacity(html.len() + 16);
            out.push_str(&html[..at + 5]);
            out.push_str(" class=\"elder\"");
            out.push_str(&html[at + 5..]);
            out
        }
        _ => html.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_back() {
        assert!(is_local_path("/jobs/laojie-xiwangong/"));
        assert!(is_local_path("/search/?q=abc"));
        for bad in [
            "https://evil.example/",
            "//evil.example/",
            "/\\evil",
            "jobs/",
            "/a b",
            "",
        ] {
            assert!(!is_local_path(bad), "{bad}");
        }
    }

    #[test]
    fn the_class_goes_on_the_html_element_once() {
        let page = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>";
        let marked = with_elder_class(page);
        assert_eq!(
            marked,
            "<!DOCTYPE html>\n<html class=\"elder\" lang=\"zh-CN\">\n<head>"
        );
        assert_eq!(with_elder_class(&marked), marked);
    }

    #[test]
    fn the_cookie_is_read_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, HeaderValue::from_static("a=b; elder=1"));
        assert!(wants_elder(&headers));
        headers.insert(COOKIE, HeaderValue::from_static("elder=0; xelder=1"));
        assert!(!wants_elder(&headers));
    }
}
