//! What `check` adds to the build's own validation: things that are not wrong enough to stop
//! publishing but that staff should look at (stale verification, expired jobs still in
//! content, phone numbers that cannot be dialled, wording the recruitment rules forbid).

use jiff::civil::Date;

use crate::content::Library;
use crate::diagnostics::{Diagnostic, Diagnostics, LineIndex, Severity};
use crate::domain::wording::{age_limit, forbidden_wording};
use crate::today::days_between;
use crate::view::job::VERIFY_EVERY_DAYS;

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
        for (word, reason) in forbidden_wording(&wording) {
            out.push(at(
                text.find(word).unwrap_or(0),
                format!("岗位信息含有“{word}”：{reason}"),
                "请修改措辞；招聘信息不得含有歧视性内容或收费要求",
            ));
        }
    }
    out.sort();
    out
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
