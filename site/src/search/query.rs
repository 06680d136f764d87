//! Answering a query from the index, by the rules the browser client follows. The site never
//! runs this at request time (the index is static); it is the reference the tests hold the
//! client to, and a way to check queries against a build without a browser.

use std::collections::{BTreeMap, HashMap};

use super::index::Postings;
use super::token::{Group, query_groups};

/// Weight of a token found in a head field (title, employer, category, township) against one
/// found only in the body.
pub const HEAD_WEIGHT: u32 = 3;
pub const BODY_WEIGHT: u32 = 1;

/// A matching document and its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub doc: u32,
    pub score: u32,
}

/// Every token a query needs, for the caller to look up (and, in the client, to fetch).
pub fn tokens_of(groups: &[Group]) -> Vec<String> {
    let mut out: Vec<String> = groups
        .iter()
        .flat_map(|g| g.tokens.iter().chain(&g.pinyin).cloned())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Per document: how many of a list of tokens it has, and their weight.
fn tally(
    tokens: &[String],
    lookup: &dyn Fn(&str) -> Option<Postings>,
) -> HashMap<u32, (usize, u32)> {
    let mut out: HashMap<u32, (usize, u32)> = HashMap::new();
    for token in tokens {
        let Some(p) = lookup(token) else { continue };
        for (ids, weight) in [(&p.head, HEAD_WEIGHT), (&p.body, BODY_WEIGHT)] {
            for &id in ids {
                let e = out.entry(id).or_default();
                e.0 += 1;
                e.1 += weight;
            }
        }
    }
    out
}

/// Documents matching `query`, best first: every term must match (a Chinese term by at least
/// half its bigrams, an ASCII term as a word or as pinyin initials), scored by where the tokens
/// were found; ties go to the lower id, that is the newer job.
pub fn search(query: &str, lookup: &dyn Fn(&str) -> Option<Postings>) -> Vec<Hit> {
    let groups = query_groups(query);
    if groups.is_empty() {
        return Vec::new();
    }
    let mut total: Option<BTreeMap<u32, u32>> = None;
    for group in &groups {
        let mut scores: BTreeMap<u32, u32> = BTreeMap::new();
        for (id, (matched, score)) in tally(&group.tokens, lookup) {
            if matched >= group.need {
                scores.insert(id, score);
            }
        }
        if !group.pinyin.is_empty() {
            for (id, (matched, score)) in tally(&group.pinyin, lookup) {
                if matched == group.pinyin.len() {
                    let best = scores.entry(id).or_default();
                    *best = (*best).max(score);
                }
            }
        }
        total = Some(match total {
            None => scores,
            Some(before) => before
                .into_iter()
                .filter_map(|(id, s)| scores.get(&id).map(|t| (id, s + t)))
                .collect(),
        });
    }
    let mut hits: Vec<Hit> = total
        .unwrap_or_default()
        .into_iter()
        .map(|(doc, score)| Hit { doc, score })
        .collect();
    hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.doc.cmp(&b.doc)));
    hits
}
