//! Tokens of the search index: Chinese character bigrams and unigrams, lowercased ASCII words,
//! and pinyin initials of bigrams (`~bj` for 保洁).
//!
//! Chinese has no spaces, so a dictionary segmenter would be needed to find words; bigrams need
//! none and find any word of two or more characters by the bigrams it contains. The browser
//! client (`static/search.js`) tokenizes queries with exactly these rules and hashes tokens with
//! the same FNV-1a to find their shard, so any change here must be made there too.

use pinyin::ToPinyin;

use crate::domain::halfwidth;

/// Prefix of pinyin-initial tokens, so that `bj` typed as a word and 保洁's initials differ.
pub const PINYIN_PREFIX: char = '~';

/// A run of text between separators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Run {
    /// Chinese characters (the basic CJK block and its first extension, BMP only, so that the
    /// UTF-16 client sees the same characters).
    Han(Vec<char>),
    /// ASCII letters and digits, lowercased.
    Word(String),
}

pub fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// Splits text into runs of Chinese characters and of ASCII letters and digits; everything
/// else (spaces, punctuation, Markdown marks) separates runs. Full-width letters count as ASCII.
pub fn runs(text: &str) -> Vec<Run> {
    let mut out = Vec::new();
    let mut han: Vec<char> = Vec::new();
    let mut word = String::new();
    for raw in text.chars() {
        let c = halfwidth(raw);
        if is_han(c) {
            if !word.is_empty() {
                out.push(Run::Word(std::mem::take(&mut word)));
            }
            han.push(c);
        } else if c.is_ascii_alphanumeric() {
            if !han.is_empty() {
                out.push(Run::Han(std::mem::take(&mut han)));
            }
            word.push(c.to_ascii_lowercase());
        } else {
            if !han.is_empty() {
                out.push(Run::Han(std::mem::take(&mut han)));
            }
            if !word.is_empty() {
                out.push(Run::Word(std::mem::take(&mut word)));
            }
        }
    }
    if !han.is_empty() {
        out.push(Run::Han(han));
    }
    if !word.is_empty() {
        out.push(Run::Word(word));
    }
    out
}

/// Overlapping pairs of a run: 搬运工 → 搬运, 运工.
pub fn bigrams(han: &[char]) -> impl Iterator<Item = String> + '_ {
    han.windows(2).map(|w| w.iter().collect())
}

/// The first letter of a character's pinyin, by the `pinyin` crate's default reading.
pub fn initial(c: char) -> Option<char> {
    c.to_pinyin()
        .and_then(|p| p.first_letter().chars().next())
        .map(|l| l.to_ascii_lowercase())
}

/// The pinyin-initial token of a bigram: 保洁 → `~bj`.
pub fn pinyin_bigram(a: char, b: char) -> Option<String> {
    Some(format!("{PINYIN_PREFIX}{}{}", initial(a)?, initial(b)?))
}

/// Tokens of a document field. `head` fields (title, employer, category, township) also give
/// unigrams (so a one-character query finds them), ASCII words and pinyin initials; body text
/// gives bigrams only, which keeps the index small while every word of two characters or more
/// in the body is still found.
pub fn document_tokens(text: &str, head: bool, out: &mut impl FnMut(String)) {
    for run in runs(text) {
        match run {
            Run::Han(han) => {
                if head {
                    for &c in &han {
                        out(c.to_string());
                    }
                    for w in han.windows(2) {
                        if let Some(t) = pinyin_bigram(w[0], w[1]) {
                            out(t);
                        }
                    }
                }
                for b in bigrams(&han) {
                    out(b);
                }
            }
            Run::Word(word) => {
                if head && word.len() >= 2 {
                    out(word);
                }
            }
        }
    }
}

/// What a query asks for: one group per term (a run of Chinese characters, or of letters and
/// digits); a document must satisfy every group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The term's tokens, in order: its bigrams (or its one character), or the ASCII word.
    pub tokens: Vec<String>,
    /// A Chinese term of three or more characters may match without its last bigram, so that
    /// 搬运工 also finds the 搬运 category's 装卸工 and 保洁员 every 保洁 job (ranked after
    /// the full matches).
    pub relax_last: bool,
    /// For an ASCII term of letters: its pinyin-initial tokens, an alternative to `tokens`.
    pub pinyin: Vec<String>,
}

/// Tokenizes a query like a document, term by term.
pub fn query_groups(query: &str) -> Vec<Group> {
    let mut groups = Vec::new();
    for run in runs(query) {
        match run {
            Run::Han(han) => {
                // Bigrams stay in order, repeats included: a missing one is judged by its
                // neighbours (query.rs).
                let tokens: Vec<String> = if han.len() == 1 {
                    vec![han[0].to_string()]
                } else {
                    bigrams(&han).collect()
                };
                groups.push(Group {
                    relax_last: tokens.len() >= 2,
                    tokens,
                    pinyin: Vec::new(),
                });
            }
            Run::Word(word) => {
                let letters: Vec<char> = word.chars().collect();
                let pinyin = if letters.len() >= 2 && letters.iter().all(char::is_ascii_lowercase) {
                    dedup(
                        letters
                            .windows(2)
                            .map(|w| format!("{PINYIN_PREFIX}{}{}", w[0], w[1]))
                            .collect(),
                    )
                } else {
                    Vec::new()
                };
                if word.len() < 2 && pinyin.is_empty() {
                    continue;
                }
                groups.push(Group {
                    tokens: vec![word],
                    relax_last: false,
                    pinyin,
                });
            }
        }
    }
    groups
}

fn dedup(mut tokens: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    tokens.retain(|t| seen.insert(t.clone()));
    tokens
}

/// FNV-1a (32 bits) of the token's UTF-8 bytes: stable across builds, machines and the client.
pub fn hash(token: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in token.as_bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The shard a token lives in; `shards` is a power of two.
pub fn shard_of(token: &str, shards: u32) -> u32 {
    hash(token) & (shards - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str, head: bool) -> Vec<String> {
        let mut out = Vec::new();
        document_tokens(text, head, &mut |t| out.push(t));
        out
    }

    #[test]
    fn chinese_text_gives_unigrams_bigrams_and_initials() {
        assert_eq!(
            tokens("保洁员", true),
            ["保", "洁", "员", "~bj", "~jy", "保洁", "洁员"]
        );
        assert_eq!(tokens("保洁员", false), ["保洁", "洁员"]);
    }

    #[test]
    fn punctuation_and_ascii_split_runs() {
        assert_eq!(
            runs("城关镇，老街 28 号ＡＢ"),
            [
                Run::Han("城关镇".chars().collect()),
                Run::Han("老街".chars().collect()),
                Run::Word("28".into()),
                Run::Han("号".chars().collect()),
                Run::Word("ab".into()),
            ]
        );
    }

    #[test]
    fn queries_become_groups() {
        let g = query_groups("搬运工 城关");
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].tokens, ["搬运", "运工"]);
        assert!(g[0].relax_last && !g[1].relax_last);
        assert_eq!(g[1].tokens, ["城关"]);
        let bj = &query_groups("BJ")[0];
        assert_eq!(bj.tokens, ["bj"]);
        assert_eq!(bj.pinyin, ["~bj"]);
        assert!(query_groups("，。 a").is_empty());
    }

    #[test]
    fn the_hash_is_fnv1a() {
        // Reference values, also asserted by the JavaScript client's tests.
        assert_eq!(hash(""), 0x811c_9dc5);
        assert_eq!(hash("a"), 0xe40c_292c);
        assert_eq!(shard_of("保洁", 1), 0);
    }
}
