//! Building the index: postings per token, sharded by the token's hash, and the document table
//! in fixed-size chunks. Everything is sorted before it is written, so the same content always
//! gives the same bytes (and an unchanged index is not rewritten by the staging folder).

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;
use serde::Serialize;

use super::token::{document_tokens, shard_of};

/// Documents per chunk of the document table. A query fetches the chunks holding the results
/// it shows first; results are ranked newest first among equals, so they share few chunks.
pub const DOCS_PER_CHUNK: usize = 50;

/// Shards are sized so that one holds about this many bytes of postings: a query's download
/// stays small, and a small site does not get a folder of near-empty files.
const TARGET_SHARD_BYTES: usize = 4096;
const MAX_SHARDS: usize = 1024;

/// One searchable page, as the indexer and the result list see it.
#[derive(Debug, Clone)]
pub struct SearchDoc {
    pub title: String,
    pub url: String,
    /// First line under the title: the pay of a job, 政策解读 for a policy.
    pub line: String,
    /// Second line: the township of a job, the topic of a policy.
    pub place: String,
    /// Title, employer, category, township: matches here rank first.
    pub head: Vec<String>,
    /// Address, description, body text.
    pub body: Vec<String>,
}

/// Postings of one token: documents that have it in a head field, and those that have it only
/// in the body. Both ascending.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Postings {
    pub head: Vec<u32>,
    pub body: Vec<u32>,
}

/// The built index, as files to publish under `/search/`.
#[derive(Debug, Clone)]
pub struct BuiltIndex {
    pub shards: u32,
    pub docs: usize,
    /// Path under the output folder → bytes.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Eight hex digits over every file: the client asks for `?v=` this, so a phone never
    /// mixes shards of two builds from its cache.
    pub version: String,
}

pub const SHARD_DIR: &str = "search/t";
pub const DOC_DIR: &str = "search/d";

pub fn shard_path(shard: u32) -> String {
    format!("{SHARD_DIR}/{shard:x}.json")
}

pub fn chunk_path(chunk: usize) -> String {
    format!("{DOC_DIR}/{chunk}.json")
}

/// Tokens of every document, merged into postings keyed by token.
pub fn postings(docs: &[SearchDoc]) -> BTreeMap<String, Postings> {
    let per_doc: Vec<(Vec<String>, Vec<String>)> = docs
        .par_iter()
        .map(|doc| {
            let mut head = HashSet::new();
            for field in &doc.head {
                document_tokens(field, true, &mut |t| {
                    head.insert(t);
                });
            }
            let mut body = HashSet::new();
            for field in &doc.body {
                document_tokens(field, false, &mut |t| {
                    if !head.contains(&t) {
                        body.insert(t);
                    }
                });
            }
            (head.into_iter().collect(), body.into_iter().collect())
        })
        .collect();
    // Hashing first and sorting once is several times faster than a tree insert per token.
    let mut map: HashMap<String, Postings> = HashMap::new();
    for (id, (head, body)) in per_doc.into_iter().enumerate() {
        let id = u32::try_from(id).unwrap_or(u32::MAX);
        for t in head {
            map.entry(t).or_default().head.push(id);
        }
        for t in body {
            map.entry(t).or_default().body.push(id);
        }
    }
    map.into_iter().collect()
}

/// Ascending ids as gaps, with runs folded: each id is written as its distance from the one
/// after the previous id (`[3, 0, 5]` is 3, 4, 10), and a negative number −k after an id adds
/// the k ids that follow it. Scattered ids cost one small number each; a token on every page
/// costs two numbers instead of thousands.
pub fn encode_runs(ids: &[u32]) -> Vec<i64> {
    let mut out = Vec::new();
    let mut next = 0i64; // the id after the previous one
    let mut i = 0;
    while i < ids.len() {
        let start = i64::from(ids[i]);
        let mut end = start;
        while i + 1 < ids.len() && i64::from(ids[i + 1]) == end + 1 {
            end += 1;
            i += 1;
        }
        out.push(start - next);
        // A run of two is cheaper written as two gaps (`5,0`) than as `5,-1`.
        match end - start {
            0 => {}
            1 => out.push(0),
            more => out.push(-more),
        }
        next = end + 1;
        i += 1;
    }
    out
}

pub fn decode_runs(list: &[i64]) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::new();
    let mut next = 0i64;
    for &v in list {
        if v >= 0 {
            let id = next + v;
            out.push(u32::try_from(id).unwrap_or(u32::MAX));
            next = id + 1;
        } else {
            for k in 0..-v {
                out.push(u32::try_from(next + k).unwrap_or(u32::MAX));
            }
            next += -v;
        }
    }
    out
}

/// A shard's JSON: `{"token": [[head ids], [body ids]]}`, ids as `encode_runs` writes them,
/// the body list left out when empty.
#[derive(Serialize)]
#[serde(transparent)]
struct Shard<'a>(BTreeMap<&'a str, Vec<Vec<i64>>>);

/// Builds the whole index of `docs` (ids are their positions).
pub fn build(docs: &[SearchDoc]) -> BuiltIndex {
    let map = postings(docs);
    let encoded: Vec<(&str, Vec<Vec<i64>>)> = map
        .iter()
        .map(|(token, p)| {
            let mut lists = vec![encode_runs(&p.head)];
            if !p.body.is_empty() {
                lists.push(encode_runs(&p.body));
            }
            (token.as_str(), lists)
        })
        .collect();
    // A rough size (digits and commas) is enough to choose how many shards to cut.
    let approx_bytes: usize = encoded
        .iter()
        .map(|(t, lists)| t.len() + 8 + lists.iter().map(|l| l.len() * 3).sum::<usize>())
        .sum();
    let shards = approx_bytes
        .div_ceil(TARGET_SHARD_BYTES)
        .clamp(1, MAX_SHARDS)
        .next_power_of_two() as u32;
    let mut by_shard: Vec<BTreeMap<&str, Vec<Vec<i64>>>> = vec![BTreeMap::new(); shards as usize];
    for (token, lists) in encoded {
        by_shard[shard_of(token, shards) as usize].insert(token, lists);
    }
    let mut files = BTreeMap::new();
    for (i, shard) in by_shard.into_iter().enumerate() {
        let json = serde_json::to_vec(&Shard(shard)).unwrap_or_default();
        files.insert(shard_path(i as u32), json);
    }
    for (i, chunk) in docs.chunks(DOCS_PER_CHUNK).enumerate() {
        let rows: Vec<[&str; 4]> = chunk
            .iter()
            .map(|d| {
                [
                    d.title.as_str(),
                    d.url.as_str(),
                    d.line.as_str(),
                    d.place.as_str(),
                ]
            })
            .collect();
        files.insert(chunk_path(i), serde_json::to_vec(&rows).unwrap_or_default());
    }
    let mut h = Fnv::default();
    for (path, bytes) in &files {
        h.write(path.as_bytes());
        h.write(bytes);
    }
    BuiltIndex {
        shards,
        docs: docs.len(),
        files,
        version: format!("{:08x}", h.0),
    }
}

/// Reads a token's postings back from a built shard (what the client does after its fetch).
pub fn read_postings(shard_json: &[u8], token: &str) -> Option<Postings> {
    let map: BTreeMap<String, Vec<Vec<i64>>> = serde_json::from_slice(shard_json).ok()?;
    let lists = map.get(token)?;
    Some(Postings {
        head: lists.first().map(|r| decode_runs(r)).unwrap_or_default(),
        body: lists.get(1).map(|r| decode_runs(r)).unwrap_or_default(),
    })
}

struct Fnv(u32);

impl Default for Fnv {
    fn default() -> Self {
        Self(0x811c_9dc5)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u32::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0193);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_round_trip() {
        for ids in [
            vec![],
            vec![0],
            vec![0, 1, 2, 3],
            vec![5, 6, 9, 20, 21, 22],
            vec![1, 3, 4, 5, 6, 8, 9],
            (0..1000).collect::<Vec<u32>>(),
        ] {
            assert_eq!(decode_runs(&encode_runs(&ids)), ids);
        }
        assert_eq!(encode_runs(&(0..1000).collect::<Vec<u32>>()), [0, -999]);
        assert_eq!(encode_runs(&[5, 6, 9, 11, 12, 13]), [5, 0, 2, 1, -2]);
    }
}
