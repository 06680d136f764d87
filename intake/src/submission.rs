//! A submission on its way to storage: its id, its checked values, what abuse checks found,
//! and the notice staff will get.

use jiff::{Timestamp, Unit};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// How long a re-post of the same content (no script, so no browser id) counts as the same.
pub const DEDUPE_WINDOW_SECONDS: i64 = 10 * 60;

/// A submission's id: a UUID, from the browser (`submission_id`) or derived from the content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubmissionId(String);

impl SubmissionId {
    /// Accepts a UUID in any of the usual spellings and keeps its canonical form.
    pub fn parse(text: &str) -> Option<Self> {
        uuid::Uuid::parse_str(text.trim())
            .ok()
            .filter(|u| !u.is_nil())
            .map(|u| Self(u.hyphenated().to_string()))
    }

    /// An id for a post without one: the same content in the same ten minutes gets the same id,
    /// so a form sent twice (a double tap, a reload) is stored once.
    pub fn derive(content_hash: &str, at: Timestamp) -> Self {
        let bucket = at.as_second().div_euclid(DEDUPE_WINDOW_SECONDS);
        let digest = Sha256::digest(format!("{content_hash}:{bucket}").as_bytes());
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        Self(uuid::Uuid::new_v8(bytes).hyphenated().to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// SHA-256 of the form and its values: the same content hashes the same.
pub fn content_hash(kind: &str, data: &serde_json::Value) -> String {
    hex::encode(Sha256::digest(format!("{kind}\n{data}").as_bytes()))
}

/// Time as stored: RFC 3339 in UTC to the second, so that text order is time order.
pub fn stored_time(at: Timestamp) -> String {
    at.round(Unit::Second).unwrap_or(at).to_string()
}

/// The mail that tells staff about a submission, queued with it.
#[derive(Debug, Clone)]
pub struct Notice {
    pub recipients: Vec<String>,
    pub subject: String,
    pub body: String,
}

#[derive(Debug, Clone)]
pub struct NewSubmission {
    pub id: SubmissionId,
    pub kind: &'static str,
    pub data: serde_json::Value,
    pub content_hash: String,
    /// Why it looks like spam, if it does. Spam is stored and marked, never dropped.
    pub spam: Option<String>,
    pub flags: Vec<String>,
    pub client_addr: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: Timestamp,
    pub notice: Option<Notice>,
}

/// What storing a submission did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteOutcome {
    Stored,
    /// Already stored (same id, or same content within the window): the first one's id.
    Duplicate(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_ids_are_canonical_uuids_only() {
        let id = SubmissionId::parse("3F2504E0-4F89-11D3-9A0C-0305E82C3301").unwrap();
        assert_eq!(id.as_str(), "3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        assert!(SubmissionId::parse("'; DROP TABLE submissions; --").is_none());
        assert!(SubmissionId::parse("00000000-0000-0000-0000-000000000000").is_none());
    }

    #[test]
    fn derived_ids_repeat_within_the_window_only() {
        let at = Timestamp::from_second(1_790_000_000).unwrap();
        let later = Timestamp::from_second(1_790_000_000 + 20 * 60).unwrap();
        let a = SubmissionId::derive("abc", at);
        assert_eq!(a, SubmissionId::derive("abc", at));
        assert_ne!(a, SubmissionId::derive("abd", at));
        assert_ne!(a, SubmissionId::derive("abc", later));
        assert!(SubmissionId::parse(a.as_str()).is_some());
    }

    #[test]
    fn stored_times_sort_as_text() {
        let a = stored_time(Timestamp::from_second(1_790_000_000).unwrap());
        assert_eq!(a.len(), "2026-09-21T13:46:40Z".len());
    }
}
