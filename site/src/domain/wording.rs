//! Wording the recruitment rules forbid in a job posting, and age limits that need a person's
//! review. `lingong-site check` warns about both; the intake service refuses the first in an
//! employer's labour need and flags the second.

/// Wording that 《就业服务与就业管理规定》 and 《网络招聘服务管理规定》 forbid in a posting,
/// with the reason shown to staff. `check` warns; the intake service refuses such needs.
pub const FORBIDDEN_WORDING: &[(&str, &str)] = &[
    ("限男", "不得限定性别"),
    ("限女", "不得限定性别"),
    ("男性优先", "不得限定性别"),
    ("女性优先", "不得限定性别"),
    ("只招男", "不得限定性别"),
    ("只招女", "不得限定性别"),
    ("限本地", "不得限定户籍或地域"),
    ("本地户口", "不得限定户籍或地域"),
    ("限户籍", "不得限定户籍或地域"),
    ("汉族", "不得限定民族"),
    ("已婚", "不得询问或限定婚姻状况"),
    ("未婚", "不得询问或限定婚姻状况"),
    ("已育", "不得询问或限定生育状况"),
    ("未育", "不得询问或限定生育状况"),
    ("押金", "不得向求职者收取押金"),
    ("保证金", "不得向求职者收取保证金"),
    ("报名费", "不得向求职者收取费用"),
    ("培训费", "不得以招聘名义收取费用"),
    ("服装费", "不得向求职者收取费用"),
    ("体检费自理", "不得以招聘名义收取费用"),
];

/// Every forbidden word used in `text` (not negated), with the reason to show.
pub fn forbidden_wording(text: &str) -> Vec<(&'static str, &'static str)> {
    FORBIDDEN_WORDING
        .iter()
        .filter(|(word, _)| affirmative_use(text, word).is_some())
        .copied()
        .collect()
}

/// Byte offset of an age limit such as `18—55 岁` or `50岁以下`: allowed only with a lawful
/// reason (work at height, say), so a person reviews each one.
pub fn age_limit(text: &str) -> Option<usize> {
    text.match_indices('岁').find_map(|(at, _)| {
        // `55 岁`, `55岁`, `55 周岁`.
        let before = text[..at].trim_end_matches('周').trim_end();
        let digits_before = before
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_digit());
        digits_before.then(|| before.trim_end_matches(|c: char| c.is_ascii_digit()).len())
    })
}

/// The first use of `word` that is not negated: "不收押金" and "严禁收取押金" are the
/// reassurance the rules want, not a breach of them.
fn affirmative_use<'w>(text: &str, word: &'w str) -> Option<&'w str> {
    const NEGATIONS: [&str; 6] = ["不", "无", "免", "禁", "没有", "拒绝"];
    text.match_indices(word).find_map(|(at, _)| {
        let before: String = text[..at]
            .chars()
            .rev()
            .take(6)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        (!NEGATIONS.iter().any(|n| before.contains(n))).then_some(word)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negated_fees_are_not_flagged_but_fees_are() {
        assert_eq!(affirmative_use("本岗位不收取任何押金", "押金"), None);
        assert_eq!(affirmative_use("严禁收押金", "押金"), None);
        assert_eq!(affirmative_use("入职需交押金 200 元", "押金"), Some("押金"));
        assert_eq!(
            affirmative_use("不收押金。另需押金200", "押金"),
            Some("押金")
        );
    }

    #[test]
    fn age_limits_are_found() {
        assert_eq!(age_limit("年龄 18—55 岁，身体健康"), Some("年龄 18—".len()));
        assert!(age_limit("50岁以下").is_some());
        assert!(age_limit("18至55周岁").is_some());
        assert_eq!(age_limit("老少皆宜，岁末结算"), None);
    }
}
