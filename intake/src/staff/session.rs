//! Who is signed in: session tokens, the cookie that carries them, and the `StaffUser` every
//! staff handler receives from the guard.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use sha2::{Digest, Sha256};

use crate::auth::Role;
use crate::error::AppError;

pub const COOKIE: &str = "lingong_staff";

/// The signed-in account, put into the request by the guard.
#[derive(Debug, Clone)]
pub struct StaffUser {
    pub id: i64,
    pub name: String,
    pub role: Role,
    /// The session's CSRF token, for the forms a page renders.
    pub csrf: String,
}

impl StaffUser {
    /// Staff and admins change records; the auditor only reads. The guard already refuses an
    /// auditor's POST; handlers that change data call this too, so a route added later without
    /// the guard still cannot be used to write.
    pub fn require_editor(&self) -> Result<(), AppError> {
        match self.role {
            Role::Staff | Role::Admin => Ok(()),
            Role::Auditor => Err(AppError::Forbidden("审计账号只能查看，不能修改")),
        }
    }

    pub fn can_edit(&self) -> bool {
        self.role != Role::Auditor
    }
}

impl<S: Send + Sync> FromRequestParts<S> for StaffUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<StaffUser>()
            .cloned()
            .ok_or(AppError::Forbidden("请先登录"))
    }
}

/// A fresh random token (256 bits, hex).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    hex::encode(bytes)
}

/// What is stored for a token: its SHA-256, so a copy of the database lets nobody in.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The session token from a `Cookie` header, if any.
pub fn token_from_cookies(header: &str) -> Option<&str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value)
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `Set-Cookie` for a new session: HttpOnly (no script reads it), SameSite=Strict (no other
/// site can make the browser send it), scoped to the staff area; `Secure` behind https.
pub fn session_cookie(token: &str, secure: bool) -> String {
    format!(
        "{COOKIE}={token}; Path=/staff; HttpOnly; SameSite=Strict{}",
        if secure { "; Secure" } else { "" }
    )
}

pub fn clear_cookie(secure: bool) -> String {
    format!(
        "{COOKIE}=; Path=/staff; HttpOnly; SameSite=Strict; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    )
}

/// Constant-time comparison, for CSRF tokens.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_found_among_others_and_checked() {
        let token = new_token();
        assert_eq!(token.len(), 64);
        let header = format!("a=1; {COOKIE}={token}; b=2");
        assert_eq!(token_from_cookies(&header), Some(token.as_str()));
        assert_eq!(token_from_cookies(&format!("{COOKIE}=../x")), None);
        assert_ne!(token_hash(&token), token);
    }

    #[test]
    fn the_cookie_is_http_only_and_strict() {
        let c = session_cookie("ab", false);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Strict") && !c.contains("Secure"));
        assert!(session_cookie("ab", true).ends_with("; Secure"));
        assert!(same_token("abc", "abc") && !same_token("abc", "abd") && !same_token("a", "ab"));
    }
}
