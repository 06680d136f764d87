//! Answering a query from the index, by the rules the browser client follows. The site never
//! runs this at request time (the index is static); it is the reference the tests hold the
//! client to, and a way to check queries against a build without a browser.

use std::collections::{BTreeMap, HashMap};

use super::index::Postings;
use super::token::query_groups;

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

/// Documents having every one of `tokens` that the index holds, with their scores; with
/// `relax_last`, also those lacking only the last token. A token the index does not hold may
/// be left out only between two that it does: 关保 of 城关保洁 (two words typed without a
/// space), whose characters the neighbouring 城关 and 保洁 cover. Any other missing token
/// means no document has the term. Then the term is not relaxed either.
fn group_scores(
    tokens: &[String],
    relax_last: bool,
    lookup: &dyn Fn(&str) -> Option<Postings>,
) -> BTreeMap<u32, u32> {
    let mut scores = BTreeMap::new();
    let looked: Vec<Option<Postings>> = tokens.iter().map(|t| lookup(t)).collect();
    let n = looked.len();
    let bridged =
        |i: usize| i > 0 && i + 1 < n && looked[i - 1].is_some() && looked[i + 1].is_some();
    if (0..n).any(|i| looked[i].is_none() && !bridged(i)) {
        return scores;
    }
    let found: Vec<Postings> = looked.into_iter().flatten().collect();
    if found.is_empty() {
        return scores;
    }
    let relax = relax_last && found.len() == tokens.len();
    let last = found.len() - 1;
    // Per document: tokens matched, score, whether the last one was among them.
    let mut tally: HashMap<u32, (usize, u32, bool)> = HashMap::new();
    for (i, p) in found.iter().enumerate() {
        for (ids, weight) in [(&p.head, HEAD_WEIGHT), (&p.body, BODY_WEIGHT)] {
            for &id in ids {
                let e = tally.entry(id).or_default();
                e.0 += 1;
                e.1 += weight;
                e.2 |= i == last;
            }
        }
    }
    for (id, (matched, score, has_last)) in tally {
        if matched == found.len() || (relax && matched == last && !has_last) {
            scores.insert(id, score);
        }
    }
    scores
}

/// Documents matching `query`, best first. Every term must match: a Chinese term by all its
/// bigrams (see `group_scores` for the two exceptions), an ASCII term as a word or as pinyin
/// initials. Scores add the weights of the fields the tokens were found in; ties go to the
/// lower id, that is the newer job.
pub fn search(query: &str, lookup: &dyn Fn(&str) -> Option<Postings>) -> Vec<Hit> {
    let groups = query_groups(query);
    if groups.is_empty() {
        return Vec::new();
    }
    let mut total: Option<BTreeMap<u32, u32>> = None;
    for group in &groups {
        let mut scores = group_scores(&group.tokens, group.relax_last, lookup);
        if !group.pinyin.is_empty() {
            for (id, score) in group_scores(&group.pinyin, false, lookup) {
                let best = scores.entry(id).or_default();
                *best = (*best).max(score);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index::{SearchDoc, postings};

    fn doc(title: &str, place: &str, body: &str) -> SearchDoc {
        SearchDoc {
            title: title.into(),
            url: String::new(),
            line: String::new(),
            place: place.into(),
            head: vec![title.into(), place.into()],
            body: vec![body.into()],
        }
    }

    fn ids(docs: &[SearchDoc], q: &str) -> Vec<u32> {
        let map = postings(docs);
        search(q, &|t: &str| map.get(t).cloned())
            .iter()
            .map(|h| h.doc)
            .collect()
    }

    #[test]
    fn head_matches_rank_before_body_matches_and_ties_keep_order() {
        let docs = [
            doc("招服务员", "城关镇", "兼做保洁"),
            doc("招保洁员", "池河镇", ""),
            doc("小区保洁", "城关镇", ""),
        ];
        assert_eq!(ids(&docs, "保洁"), [1, 2, 0]);
        assert_eq!(ids(&docs, "城关 保洁"), [2, 0]);
        assert_eq!(ids(&docs, "池河"), [1]);
        assert_eq!(ids(&docs, "bj"), [1, 2]);
        assert!(ids(&docs, "木工").is_empty());
        assert!(
            ids(&docs, "城关木工").is_empty(),
            "城关 alone is not enough"
        );
    }

    #[test]
    fn a_long_term_may_lack_its_last_bigram_but_no_other() {
        let docs = [
            doc("招装卸工", "搬运", ""),
            doc("招搬运工", "城关镇", ""),
            doc("两河镇招小工", "两河镇", ""),
            doc("池河镇招小工", "池河镇", ""),
        ];
        // 搬运工 → 搬运, 运工: the second has both, the first only 搬运 (its category).
        assert_eq!(ids(&docs, "搬运工"), [1, 0]);
        // 池河镇 → 池河, 河镇: 两河镇 has 河镇 only, which is not enough.
        assert_eq!(ids(&docs, "池河镇"), [3]);
        // Words typed together: 河小 is in no document, so 池河 and 小工 must match.
        assert_eq!(ids(&docs, "池河小工"), [3]);
    }
}
