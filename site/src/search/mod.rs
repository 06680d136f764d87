//! Chinese search that works without WebAssembly: an index built with the site and served as
//! static files, queried by a small ES5 script (`static/search.js`).
//!
//! - `token`: what a token is (bigrams, unigrams, pinyin initials) and which shard holds it.
//! - `index`: postings sharded by token hash, and the document table in chunks.
//! - `query`: the ranking rules, the reference the client follows.
//!
//! A first query downloads the shards of its tokens (one or two for a short query) and the
//! document-table chunks of the results it shows, never the whole index.

pub mod index;
pub mod query;
pub mod token;

pub use index::{BuiltIndex, DOCS_PER_CHUNK, SearchDoc};

use crate::content::{Job, Policy};
use crate::view::{JobCard, PolicyCard};

/// A current job as a search document.
pub fn job_doc(job: &Job, card: &JobCard) -> SearchDoc {
    let mut body = vec![job.address.clone(), job.body_text.clone()];
    if let Some(d) = &job.description {
        body.push(d.clone());
    }
    if let Some(t) = job.employment_type {
        body.push(t.to_string());
    }
    SearchDoc {
        title: card.title.clone(),
        url: card.url.clone(),
        line: card.pay_label.clone(),
        place: card.township.clone(),
        head: vec![
            job.title.clone(),
            job.employer.clone(),
            job.category.clone(),
            job.township.clone(),
        ],
        body,
    }
}

/// A policy explainer as a search document.
pub fn policy_doc(policy: &Policy, card: &PolicyCard) -> SearchDoc {
    let mut body = vec![policy.issuer.clone(), policy.body_text.clone()];
    if let Some(d) = &policy.description {
        body.push(d.clone());
    }
    SearchDoc {
        title: card.title.clone(),
        url: card.url.clone(),
        line: "政策解读".into(),
        place: card.topic.clone(),
        head: vec![policy.title.clone(), policy.topic.clone()],
        body,
    }
}

/// What the search page tells its script: where the index is and how it is cut.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SearchView {
    pub shards: u32,
    pub docs: usize,
    pub chunk: usize,
    pub version: String,
    /// `/search.js?v=…`, versioned like the stylesheet.
    pub script: String,
}

impl SearchView {
    pub fn new(index: &BuiltIndex, script_version: &str) -> Self {
        SearchView {
            shards: index.shards,
            docs: index.docs,
            chunk: DOCS_PER_CHUNK,
            version: index.version.clone(),
            script: format!("/search.js?v={script_version}"),
        }
    }
}
