//! Spam control without Google (reCAPTCHA does not load reliably in China): a honeypot field,
//! a minimum time on the page proven by a signed time token, and a per-address rate limit.
//! Spam is stored and marked for staff, never silently dropped.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::path::Path;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The hidden field that people never see and simple bots fill in.
pub const HONEYPOT: &str = "website";
/// The hidden field carrying the signed time the form page was served.
pub const STARTED: &str = "started";

/// Signs and checks form time tokens: `<unix seconds>.<hex HMAC-SHA256>`.
#[derive(Clone)]
pub struct TokenKey(Vec<u8>);

/// A token older than this is treated as absent (a page left open for days still works).
const TOKEN_MAX_AGE_SECONDS: i64 = 3 * 24 * 3600;

impl TokenKey {
    /// Reads the key from `path`, creating a random one on first start. Keeping it in a file
    /// means tokens stay valid across restarts.
    pub fn load_or_create(path: &Path) -> std::io::Result<Self> {
        if let Ok(bytes) = std::fs::read(path)
            && bytes.len() >= 32
        {
            return Ok(Self(bytes));
        }
        let mut key = Vec::with_capacity(64);
        for _ in 0..4 {
            key.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, &key)?;
        Ok(Self(key))
    }

    #[cfg(test)]
    pub fn fixed(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }

    fn mac(&self, form: &str, seconds: i64) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(format!("{form}:{seconds}").as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    pub fn issue(&self, form: &str, now_seconds: i64) -> String {
        format!("{now_seconds}.{}", self.mac(form, now_seconds))
    }

    /// How long ago the page was served, if the token is ours and recent.
    pub fn age(&self, form: &str, token: &str, now_seconds: i64) -> TokenCheck {
        let Some((seconds, mac)) = token.trim().split_once('.') else {
            return TokenCheck::Absent;
        };
        let Ok(seconds) = seconds.parse::<i64>() else {
            return TokenCheck::Forged;
        };
        // Constant-time comparison through the MAC's own verifier.
        let mut verifier =
            Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        verifier.update(format!("{form}:{seconds}").as_bytes());
        let Ok(given) = hex::decode(mac) else {
            return TokenCheck::Forged;
        };
        if verifier.verify_slice(&given).is_err() {
            return TokenCheck::Forged;
        }
        let age = now_seconds - seconds;
        if !(0..=TOKEN_MAX_AGE_SECONDS).contains(&age) {
            TokenCheck::Stale
        } else {
            TokenCheck::Age(age)
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum TokenCheck {
    /// No token: a page served by something else, or an API client.
    Absent,
    Forged,
    Stale,
    Age(i64),
}

/// Why a submission looks like spam, if it does.
pub fn spam_reason(
    honeypot: Option<&str>,
    token: TokenCheck,
    min_fill_seconds: u64,
) -> Option<String> {
    if honeypot.is_some_and(|v| !v.trim().is_empty()) {
        return Some("填写了隐藏字段（机器人特征）".into());
    }
    match token {
        TokenCheck::Forged => Some("时间令牌无效".into()),
        TokenCheck::Age(age) if age < min_fill_seconds as i64 => {
            Some(format!("填写过快（{age} 秒）"))
        }
        _ => None,
    }
}

/// The address a request came from. Behind a reverse proxy every request arrives from the
/// proxy, so where the direct peer is one of `trusted` proxies, the client is the rightmost
/// address in `X-Forwarded-For` that is not itself a trusted proxy (entries further left are
/// whatever the client chose to send, and are ignored). With no trusted proxies, the header is
/// ignored: a client cannot pick its own address to slip past the limit.
pub fn client_ip(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let Some(header) = forwarded_for else {
        return peer;
    };
    let mut client = peer;
    for entry in header.rsplit(',') {
        match entry.trim().parse::<IpAddr>() {
            Ok(ip) if trusted.contains(&ip) => client = ip,
            Ok(ip) => return ip,
            // A malformed entry: stop at the last address we could trust.
            Err(_) => return client,
        }
    }
    client
}

/// Per-address request limits for the form endpoints.
pub struct Limiter(DefaultKeyedRateLimiter<IpAddr>);

impl Limiter {
    pub fn new(per_minute: u32, burst: u32) -> Self {
        let per_minute = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
        let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
        Self(RateLimiter::keyed(
            Quota::per_minute(per_minute).allow_burst(burst),
        ))
    }

    pub fn allow(&self, addr: IpAddr) -> bool {
        self.0.check_key(&addr).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_behind_a_trusted_proxy_is_the_rightmost_untrusted_address() {
        let proxy: IpAddr = "127.0.0.1".parse().unwrap();
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let trusted = [proxy, ip("10.0.0.2")];
        assert_eq!(
            client_ip(proxy, Some("203.0.113.7"), &trusted),
            ip("203.0.113.7")
        );
        // The client's own "1.2.3.4" is left of what the proxies added: ignored.
        assert_eq!(
            client_ip(proxy, Some("1.2.3.4, 203.0.113.7, 10.0.0.2"), &trusted),
            ip("203.0.113.7")
        );
        assert_eq!(client_ip(proxy, None, &trusted), proxy);
        assert_eq!(client_ip(proxy, Some("garbage"), &trusted), proxy);
        // Not from a trusted proxy: the header is the client's word, not taken.
        assert_eq!(
            client_ip(ip("198.51.100.9"), Some("203.0.113.7"), &trusted),
            ip("198.51.100.9")
        );
        assert_eq!(client_ip(proxy, Some("203.0.113.7"), &[]), proxy);
    }

    #[test]
    fn tokens_prove_the_time_the_page_was_served() {
        let key = TokenKey::fixed(b"0123456789abcdef0123456789abcdef");
        let token = key.issue("register", 1000);
        assert_eq!(key.age("register", &token, 1010), TokenCheck::Age(10));
        assert_eq!(
            key.age("employer", &token, 1010),
            TokenCheck::Forged,
            "bound to its form"
        );
        assert_eq!(key.age("register", "1000.abcd", 1010), TokenCheck::Forged);
        assert_eq!(key.age("register", "", 1010), TokenCheck::Absent);
        assert_eq!(
            key.age("register", &token, 1000 + 4 * 24 * 3600),
            TokenCheck::Stale
        );
    }

    #[test]
    fn spam_is_named() {
        assert!(
            spam_reason(Some("http://spam"), TokenCheck::Absent, 3)
                .unwrap()
                .contains("隐藏字段")
        );
        assert!(
            spam_reason(None, TokenCheck::Age(1), 3)
                .unwrap()
                .contains("过快")
        );
        assert_eq!(spam_reason(None, TokenCheck::Age(30), 3), None);
        assert_eq!(spam_reason(Some(""), TokenCheck::Absent, 3), None);
    }

    #[test]
    fn the_limit_lets_a_burst_through_then_stops() {
        let limiter = Limiter::new(60, 5);
        let addr: IpAddr = "10.0.0.1".parse().unwrap();
        assert!((0..5).all(|_| limiter.allow(addr)));
        assert!(!limiter.allow(addr));
        assert!(limiter.allow("10.0.0.2".parse().unwrap()), "per address");
    }
}
