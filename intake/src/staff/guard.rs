//! The gate of the staff area, as one middleware in front of every staff route but the login
//! page: a live session or no entry; the auditor's writes refused; every write carries the
//! session's CSRF token and comes from our own origin. Handlers never repeat these checks.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::{Timestamp, ToSpan};

use super::session::{self, StaffUser};
use crate::auth::Role;
use crate::state::AppState;
use crate::store::sessions;

/// Largest staff request body read to find the CSRF field of a plain form; uploads put the
/// token in the query string instead and are not buffered here.
const FORM_LIMIT: usize = 256 * 1024;
/// A session's last-seen time is written at most this often, not on every request.
const TOUCH_EVERY_SECONDS: i64 = 60;

pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let views = &state.staff.views;
    let Some(token) = request
        .headers()
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(session::token_from_cookies)
        .map(str::to_string)
    else {
        return not_signed_in(&request);
    };
    let hash = session::token_hash(&token);
    let lookup = {
        let hash = hash.clone();
        state
            .reader
            .run(move |conn| Ok(sessions::session(conn, &hash)?))
            .await
    };
    let row = match lookup {
        Ok(Some(row)) => row,
        Ok(None) => return not_signed_in(&request),
        Err(e) => return crate::error::AppError::from(e).into_response(),
    };
    let now = Timestamp::now();
    let idle = state.staff.config.session_idle_minutes;
    let last_seen: Timestamp = row.last_seen_at.parse().unwrap_or(Timestamp::UNIX_EPOCH);
    if now.duration_since(last_seen).as_secs() > idle * 60 {
        let _ = state
            .writer
            .run(move |tx| Ok(sessions::delete_session(tx, &hash)?))
            .await;
        return not_signed_in(&request);
    }
    if now.duration_since(last_seen).as_secs() > TOUCH_EVERY_SECONDS {
        let hash = hash.clone();
        let _ = state
            .writer
            .run(move |tx| Ok(sessions::touch_session(tx, &hash, now)?))
            .await;
    }
    let user = StaffUser {
        id: row.user_id,
        name: row.name,
        role: row.role,
        csrf: row.csrf_token,
    };

    let mut request = request;
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        let is_logout = request.uri().path() == "/staff/logout";
        if user.role == Role::Auditor && !is_logout {
            return views.message(
                Some(&user),
                StatusCode::FORBIDDEN,
                "不能修改",
                "审计账号只能查看和导出，不能修改任何记录。",
            );
        }
        if !same_origin(request.headers()) {
            return views.message(
                Some(&user),
                StatusCode::FORBIDDEN,
                "来源不对",
                "这个请求不是从本系统的页面发出的，已拒绝。",
            );
        }
        let (checked, rebuilt) = csrf_ok(request, &user.csrf).await;
        request = match rebuilt {
            Some(r) if checked => r,
            _ => {
                return views.message(
                    Some(&user),
                    StatusCode::FORBIDDEN,
                    "页面已过期",
                    "页面已过期或缺少校验码，请返回、刷新页面后再提交一次。",
                );
            }
        };
    }
    request.extensions_mut().insert(user);
    let mut response = next.run(request).await;
    // Staff pages hold personal data: never cached, never framed.
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, "no-store".parse().expect("header"));
    headers.insert("x-frame-options", "DENY".parse().expect("header"));
    headers.insert("referrer-policy", "same-origin".parse().expect("header"));
    response
}

fn not_signed_in(request: &Request) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD) {
        let path = request
            .uri()
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/staff/");
        let next: String = serde_urlencoded::to_string([("next", path)]).unwrap_or_default();
        Redirect::to(&format!("/staff/login?{next}")).into_response()
    } else {
        (
            StatusCode::UNAUTHORIZED,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "登录已过期，请重新登录后再提交",
        )
            .into_response()
    }
}

/// A browser sends `Origin` with every POST; when present it must be this host. (SameSite=Strict
/// already keeps the cookie off other sites' requests; this is the second lock.)
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    origin
        .split_once("://")
        .is_some_and(|(_, rest)| rest == host)
}

/// Looks for the token in the `X-CSRF-Token` header, the query string (`?csrf=`, for uploads)
/// or the `csrf` field of a urlencoded body. Returns whether it matched, and the request
/// rebuilt with its body (or `None` when the body could not be read).
async fn csrf_ok(request: Request, expected: &str) -> (bool, Option<Request>) {
    let from_header = request
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| session::same_token(t, expected));
    let from_query = request.uri().query().is_some_and(|q| {
        serde_urlencoded::from_str::<Vec<(String, String)>>(q)
            .unwrap_or_default()
            .iter()
            .any(|(k, v)| k == "csrf" && session::same_token(v, expected))
    });
    if from_header || from_query {
        return (true, Some(request));
    }
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return (false, Some(request));
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, FORM_LIMIT).await else {
        return (false, None);
    };
    let found = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
        .unwrap_or_default()
        .iter()
        .any(|(k, v)| k == "csrf" && session::same_token(v, expected));
    (found, Some(Request::from_parts(parts, Body::from(bytes))))
}

/// How long ago counts as idle, for the periodic clean-up of old sessions.
pub fn idle_cutoff(now: Timestamp, idle_minutes: i64) -> Timestamp {
    now.checked_sub(idle_minutes.minutes()).unwrap_or(now)
}
