//! The fields every kind of content file shares at the top of its front matter.

use jiff::civil::Date;

use super::fields::{At, FieldSpec, FileProblems, Table};
use crate::toml_date::TomlDate;

pub const TITLE: FieldSpec = FieldSpec {
    key: "title",
    label: "标题",
    example: "title = \"城关镇老街面馆招洗碗工\"",
};
pub const DATE: FieldSpec = FieldSpec {
    key: "date",
    label: "发布日期",
    example: "date = 2026-11-18",
};
pub const DESCRIPTION: FieldSpec = FieldSpec {
    key: "description",
    label: "一句话简介",
    example: "description = \"每天 4 小时，包午餐\"",
};
pub const DRAFT: FieldSpec = FieldSpec {
    key: "draft",
    label: "草稿（不发布）",
    example: "draft = true",
};

/// Title, date, description and draft flag.
#[derive(Debug, Clone)]
pub struct Header {
    pub title: String,
    pub date: Option<Date>,
    pub description: Option<String>,
    pub draft: bool,
}

impl Header {
    /// Reads the shared fields; `date_required` for jobs, whose lists are ordered by it.
    pub fn read(top: &Table, date_required: bool, problems: &mut FileProblems) -> Option<Self> {
        let title: Option<At<String>> = top.required("title", problems);
        let date: Option<At<TomlDate>> = if date_required {
            top.required("date", problems)
        } else {
            top.optional("date", problems)
        };
        let description: Option<At<String>> = top.optional("description", problems);
        let draft: Option<At<bool>> = top.optional("draft", problems);
        let title = title?;
        if title.value.trim().is_empty() {
            problems.error(
                title.offset,
                "标题是空的",
                "请写上标题，例如 title = \"招洗碗工\"",
            );
        }
        if date_required && date.is_none() {
            return None;
        }
        Some(Header {
            title: title.value.trim().to_string(),
            date: date.map(|d| d.value.0),
            description: description
                .map(|d| d.value.trim().to_string())
                .filter(|d| !d.is_empty()),
            draft: draft.is_some_and(|d| d.value),
        })
    }
}

/// Checks that a string is one of a fixed list, with a message listing the choices.
pub fn one_of<'v>(
    field: &str,
    value: &At<String>,
    choices: &[&'v str],
    problems: &mut FileProblems,
) -> Option<&'v str> {
    let found = choices.iter().find(|c| **c == value.value.trim()).copied();
    if found.is_none() {
        problems.error(
            value.offset,
            format!("{field} 的值“{}”不在可选范围内", value.value),
            format!("只能填：{}", choices.join("、")),
        );
    }
    found
}

/// Checks that a link is an absolute http(s) URL, the only kind a resident's phone can open.
pub fn web_link(field: &str, value: &At<String>, problems: &mut FileProblems) -> Option<String> {
    let v = value.value.trim();
    let ok = (v.starts_with("https://") || v.starts_with("http://"))
        && v.len() > "https://x".len()
        && !v.chars().any(char::is_whitespace);
    if ok {
        Some(v.to_string())
    } else {
        problems.error(
            value.offset,
            format!("{field} 的网址“{v}”不对"),
            "请填写以 https:// 开头的完整网址",
        );
        None
    }
}

/// Reads a non-empty text field.
pub fn text(value: Option<At<String>>, field: &str, problems: &mut FileProblems) -> Option<String> {
    let value = value?;
    let v = value.value.trim();
    if v.is_empty() {
        problems.error(
            value.offset,
            format!("{field} 是空的"),
            "请填写内容，或删掉这一行",
        );
        return None;
    }
    Some(v.to_string())
}
