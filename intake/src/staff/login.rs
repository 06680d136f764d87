//! Signing in and out. Passwords are checked with argon2id on a blocking thread; attempts are
//! throttled per account name and per address, so guessing costs minutes, not milliseconds.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;

use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use jiff::Timestamp;
use serde::Deserialize;

use super::session::{self, StaffUser};
use crate::auth;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::sessions;

/// Login attempts allowed: a few per account name a minute, more per address (an office
/// shares one), whatever the outcome.
pub struct LoginLimiter {
    per_name: DefaultKeyedRateLimiter<String>,
    per_addr: DefaultKeyedRateLimiter<IpAddr>,
}

impl LoginLimiter {
    pub fn new(per_name_per_minute: u32, per_addr_per_minute: u32) -> Self {
        let quota = |n: u32| Quota::per_minute(NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN));
        Self {
            per_name: RateLimiter::keyed(quota(per_name_per_minute)),
            per_addr: RateLimiter::keyed(quota(per_addr_per_minute)),
        }
    }

    fn allow(&self, name: &str, addr: IpAddr) -> bool {
        // Check both, so that one key's exhaustion does not spare the other's count.
        let by_name = self.per_name.check_key(&name.to_string()).is_ok();
        let by_addr = self.per_addr.check_key(&addr).is_ok();
        by_name && by_addr
    }
}

impl Default for LoginLimiter {
    fn default() -> Self {
        Self::new(5, 20)
    }
}

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

pub async fn login_page(
    State(state): State<AppState>,
    Query(query): Query<LoginQuery>,
) -> Result<Response, AppError> {
    render(&state, StatusCode::OK, "", None, &safe_next(query.next))
}

pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let next = safe_next(form.next);
    let name = form.name.trim().to_string();
    let client = state.client_ip(peer, &headers);
    if !state.staff.login_limiter.allow(&name, client) {
        return render(
            &state,
            StatusCode::TOO_MANY_REQUESTS,
            &name,
            Some("尝试次数太多，请 1 分钟后再试"),
            &next,
        );
    }
    let lookup = {
        let name = name.clone();
        state
            .reader
            .run(move |conn| Ok(sessions::account(conn, &name)?))
            .await?
    };
    let password = form.password;
    let account = tokio::task::spawn_blocking(move || {
        // Verify against a dummy hash when the name is unknown, so timing does not tell
        // which names exist.
        let hash = lookup
            .as_ref()
            .map(|a| a.password_hash.as_str())
            .unwrap_or(DUMMY_HASH);
        let ok = auth::verify_password(&password, hash);
        lookup.filter(|_| ok)
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?;

    let now = Timestamp::now();
    let Some(account) = account else {
        let detail = format!("账号 {name}，来自 {client}");
        super::audit::record(&state, None, "login_failed", "", detail).await?;
        return render(
            &state,
            StatusCode::UNAUTHORIZED,
            &name,
            Some("账号或密码不对"),
            &next,
        );
    };
    let token = session::new_token();
    let csrf = session::new_token();
    let hash = session::token_hash(&token);
    let user_id = account.id;
    let idle_since = super::guard::idle_cutoff(now, state.staff.config.session_idle_minutes);
    let from = client.to_string();
    state
        .writer
        .run(move |tx| {
            sessions::delete_idle_sessions(tx, idle_since)?;
            sessions::create_session(tx, &hash, user_id, &csrf, now)?;
            sessions::audit(tx, Some(user_id), "login", "", &format!("来自 {from}"), now)?;
            Ok(())
        })
        .await?;
    let cookie = session::session_cookie(&token, secure(&state, &headers));
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to(&next)).into_response())
}

pub async fn logout(
    State(state): State<AppState>,
    user: StaffUser,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if let Some(token) = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(session::token_from_cookies)
    {
        let hash = session::token_hash(token);
        let now = Timestamp::now();
        state
            .writer
            .run(move |tx| {
                sessions::delete_session(tx, &hash)?;
                sessions::audit(tx, Some(user.id), "logout", "", "", now)?;
                Ok(())
            })
            .await?;
    }
    let cookie = session::clear_cookie(secure(&state, &headers));
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/staff/login")).into_response())
}

/// `Secure` when configured, or when the reverse proxy says the browser used https.
fn secure(state: &AppState, headers: &HeaderMap) -> bool {
    state.staff.config.secure_cookies
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|p| p.eq_ignore_ascii_case("https"))
}

/// Only a path inside the staff area: a login link cannot send anyone elsewhere.
fn safe_next(next: Option<String>) -> String {
    next.filter(|n| n.starts_with("/staff/") && !n.starts_with("/staff//") && !n.contains('\\'))
        .unwrap_or_else(|| "/staff/".into())
}

fn render(
    state: &AppState,
    status: StatusCode,
    name: &str,
    error: Option<&str>,
    next: &str,
) -> Result<Response, AppError> {
    let views = &state.staff.views;
    let mut ctx = views.context(None, "登录", "");
    ctx.insert("name", name);
    ctx.insert("next", next);
    if let Some(error) = error {
        ctx.insert("error", error);
    }
    Ok((status, views.render("login.html", &ctx)?).into_response())
}

/// An argon2id hash of a random password, checked when the account name is unknown.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2r8VmDgbBbXbPRZNdGWF0KrdeErY/7mqTnI5zk5aZ0U";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dummy_hash_is_a_real_argon2id_hash() {
        // If it did not parse, an unknown name would be answered at once and timing would
        // tell which names exist.
        use argon2::password_hash::phc::PasswordHash;
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
        assert!(!auth::verify_password("anything", DUMMY_HASH));
    }

    #[test]
    fn next_stays_in_the_staff_area() {
        assert_eq!(
            safe_next(Some("/staff/queue?x=1".into())),
            "/staff/queue?x=1"
        );
        assert_eq!(safe_next(Some("https://evil.example/".into())), "/staff/");
        assert_eq!(safe_next(Some("/staff//evil.example".into())), "/staff/");
        assert_eq!(safe_next(None), "/staff/");
    }

    #[test]
    fn attempts_are_throttled_per_name() {
        let limiter = LoginLimiter::new(3, 100);
        let addr: IpAddr = "127.0.0.1".parse().unwrap();
        assert!((0..3).all(|_| limiter.allow("wangli", addr)));
        assert!(!limiter.allow("wangli", addr));
        assert!(limiter.allow("zhao", addr));
    }
}
