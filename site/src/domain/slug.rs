//! URL slugs from Chinese text via toneless pinyin.
//!
//! Rules, applied left to right:
//! - a Chinese character becomes its toneless pinyin; consecutive Chinese
//!   characters are glued (城关镇 -> `chengguanzhen`), because per-syllable
//!   dashes make URLs long and are not how people type pinyin;
//! - ASCII letters and digits (full-width ones too) are kept, lowercased;
//! - a switch between a Chinese run and a letter/digit run gets one `-`
//!   (`2026年春风行动` -> `2026-nianchunfengxingdong`), so numbers and
//!   abbreviations stay readable;
//! - whitespace and punctuation (ASCII, full-width and CJK) separate runs
//!   with one `-`; repeats collapse and none are left at either end;
//! - characters with neither pinyin nor a separator role (emoji, other
//!   scripts, symbols) are dropped as if absent.
//!
//! Readings come from the `pinyin` crate's default for each character,
//! without word context, so a few heteronyms (e.g. 长, 重) may read the
//! "other" way; slugs only need to be stable and readable, not perfect.

use pinyin::ToPinyin;

use super::halfwidth;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Run {
    Chinese,
    Latin,
}

/// Turns free text (job titles, place names) into a URL slug.
/// The result is empty or satisfies [`is_valid_slug`].
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    let mut last: Option<Run> = None;
    let mut pending_dash = false;

    for raw in text.chars() {
        let c = halfwidth(raw);
        let (run, piece) = if c.is_ascii_alphanumeric() {
            (Run::Latin, c.to_ascii_lowercase().to_string())
        } else if let Some(p) = c.to_pinyin() {
            // `plain()` spells ü as "ü" (绿 -> "lü"); URLs use the usual "v".
            (Run::Chinese, p.plain().replace('ü', "v"))
        } else {
            if is_separator(c) {
                pending_dash = true;
            }
            continue;
        };
        if !out.is_empty() && (pending_dash || last != Some(run)) {
            out.push('-');
        }
        out.push_str(&piece);
        last = Some(run);
        pending_dash = false;
    }
    out
}

/// Whitespace and punctuation, including the CJK and full-width blocks
/// that std has no category test for.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || c.is_ascii_punctuation()
        || c.is_control()
        || matches!(c,
            '\u{00A1}'..='\u{00BF}'   // Latin-1 punctuation: · « » ¿
            | '\u{2000}'..='\u{206F}' // General Punctuation: — … “ ” ‘ ’
            | '\u{2E00}'..='\u{2E7F}' // Supplemental Punctuation
            | '\u{3000}'..='\u{303F}' // CJK punctuation: 、。〈〉《》「」【】
            | '\u{30FB}'              // Katakana middle dot ・
            | '\u{FE10}'..='\u{FE1F}' // vertical forms
            | '\u{FE30}'..='\u{FE6F}' // CJK compatibility and small forms
            | '\u{FF00}'..='\u{FF65}' // full-width punctuation left after halfwidth()
        )
}

/// Whether `s` is a well-formed slug: non-empty, only `[a-z0-9-]`, and no
/// leading, trailing or doubled `-`.
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        let slug = slugify(input);
        assert_eq!(slug, expected, "slugify({input:?})");
        assert!(slug.is_empty() || is_valid_slug(&slug), "{slug:?}");
    }

    #[test]
    fn chinese_runs_are_glued() {
        check("城关镇", "chengguanzhen");
        check("餐饮", "canyin");
        check("临时劳务", "linshilaowu");
        check("池河镇蚕桑基地采桑工", "chihezhencansangjidicaisanggong");
    }

    #[test]
    fn u_umlaut_becomes_v() {
        // Guard the assumption this module works around.
        assert_eq!('绿'.to_pinyin().map(pinyin::Pinyin::plain), Some("lü"));
        assert_eq!('女'.to_pinyin().map(pinyin::Pinyin::plain), Some("nü"));
        check("绿", "lv");
        check("女工", "nvgong");
        check("略", "lve");
    }

    #[test]
    fn chinese_latin_boundaries_get_a_dash() {
        check("2026年春风行动", "2026-nianchunfengxingdong");
        check("招聘10人", "zhaopin-10-ren");
        check("APP推广", "app-tuiguang");
        check("Ｗｉ－Ｆｉ安装", "wi-fi-anzhuang");
    }

    #[test]
    fn separators_collapse_and_trim() {
        check("  Hello 世界!! ", "hello-shijie");
        check("城关镇，餐饮（临时）", "chengguanzhen-canyin-linshi");
        check("餐饮 —— 服务员", "canyin-fuwuyuan");
        check("a__b--c  d", "a-b-c-d");
        check("《石泉》·【招工】", "shiquan-zhaogong");
        check("---", "");
    }

    #[test]
    fn existing_slugs_are_unchanged() {
        check("chengguan-canguan", "chengguan-canguan");
        check("Chengguan-Canguan", "chengguan-canguan");
    }

    #[test]
    fn unknown_characters_are_dropped() {
        check("招工😀急聘", "zhaogongjipin");
        check("😀", "");
        check("café", "caf");
        check("Привет 世界", "shijie");
    }

    #[test]
    fn empty_input() {
        check("", "");
        check("   ", "");
    }

    #[test]
    fn slug_validation() {
        for ok in ["a", "chengguanzhen", "2026-nian", "a-b-c"] {
            assert!(is_valid_slug(ok), "{ok}");
        }
        for bad in ["", "-a", "a-", "a--b", "A", "a_b", "a b", "lü", "城"] {
            assert!(!is_valid_slug(bad), "{bad}");
        }
    }
}
