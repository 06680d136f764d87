//! What `check` adds to the build's own validation: things that are not wrong enough to stop
//! publishing but that staff should look at (stale verification, expired jobs still in
//! content, phone numbers that cannot be dialled, wording the recruitment rules forbid).

use jiff::civil::Date;

use crate::content::Library;
use crate::diagnostics::{Diagnostic, Diagnostics, LineIndex, Severity};
use crate::today::days_between;
use crate::view::job::VERIFY_EVERY_DAYS;

/// Wording that 《就业服务与就业管理规定》 and 《网络招聘服务管理规定》 forbid in a posting,
/// with the reason shown to staff. `check` warns; the intake service refuses such needs.
const FORBIDDEN_WORDING: &[(&str, &str)] = &[
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

pub fn review(
    root_texts: &dyn Fn(&str) -> Option<String>,
    library: &Library,
    today: Date,
) -> Diagnostics {
    let mut out = Diagnostics::new();
    for job in library.jobs.iter().filter(|j| !j.draft) {
        let text = root_texts(&job.file.path).unwrap_or_default();
        let lines = LineIndex::new(&text);
        let at = |offset: usize, message: String, hint: &str| {
            let (line, col) = lines.position(offset);
            Diagnostic {
                severity: Severity::Warning,
                path: job.file.path.clone(),
                line,
                col,
                message,
                hint: hint.into(),
            }
        };
        match job.verified_on {
            None => out.push(at(
                0,
                "这个岗位还没有核实日期 verified_on".into(),
                "电话核实岗位真实、合法、仍在招后，在 [extra] 下写 verified_on = 今天的日期",
            )),
            Some(d) if days_between(d, today) > VERIFY_EVERY_DAYS => out.push(at(
                text.find("verified_on").unwrap_or(0),
                format!("岗位已 {} 天没有核实（上次 {d}）", days_between(d, today)),
                "请电话联系用工单位确认仍在招，再更新 verified_on",
            )),
            _ => {}
        }
        if job.is_expired(today) {
            out.push(at(
                job.valid_through_offset,
                format!("岗位已于 {} 过期，已不在列表中显示", job.valid_through),
                "仍在招就延长 valid_through；不招了可删除此文件",
            ));
        }
        if job.phone_parsed.is_none() {
            out.push(at(
                job.phone_offset,
                format!("联系电话“{}”不是有效的手机号或座机号", job.phone),
                "手机号 11 位，如 13912345678；座机带区号，如 0915-6321188",
            ));
        }
        if let Some(at) = age_limit(&text) {
            out.push(at_age(&at, &lines, job));
        }
        let wording = format!(
            "{}\n{}\n{}",
            job.title,
            job.description.as_deref().unwrap_or(""),
            job.body_text
        );
        for (word, reason) in FORBIDDEN_WORDING {
            if let Some(found) = affirmative_use(&wording, word) {
                let offset = text.find(found).unwrap_or(0);
                out.push(at(
                    offset,
                    format!("岗位信息含有“{word}”：{reason}"),
                    "请修改措辞；招聘信息不得含有歧视性内容或收费要求",
                ));
            }
        }
    }
    out.sort();
    out
}

/// Byte offset of an age limit such as `18—55 岁` or `50岁以下`: allowed only with a lawful
/// reason (work at height, say), so a person reviews each one.
fn age_limit(text: &str) -> Option<usize> {
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

fn at_age(offset: &usize, lines: &LineIndex, job: &crate::content::Job) -> Diagnostic {
    let (line, col) = lines.position(*offset);
    Diagnostic {
        severity: Severity::Warning,
        path: job.file.path.clone(),
        line,
        col,
        message: "岗位信息含有年龄要求，需要人工复核".into(),
        hint: "只有工作确有需要（如高空作业）才可限定年龄；否则请删去".into(),
    }
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
