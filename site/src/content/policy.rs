//! A policy explainer (`content/policies/*.md`): subsidies, insurance, loans, training.

use jiff::civil::Date;

use super::common::{self, Header, text, web_link};
use super::fields::{At, FieldSpec, FileProblems, Table};
use super::file_info::FileInfo;
use crate::toml_date::TomlDate;

pub const TOP: &[FieldSpec] = &[
    common::TITLE,
    common::DATE,
    common::DESCRIPTION,
    common::DRAFT,
];

pub const EXTRA: &[FieldSpec] = &[
    FieldSpec {
        key: "topic",
        label: "政策类别",
        example: "topic = \"社保补贴\"",
    },
    FieldSpec {
        key: "issuer",
        label: "发文单位",
        example: "issuer = \"石泉县人力资源和社会保障局\"",
    },
    FieldSpec {
        key: "doc_number",
        label: "文号",
        example: "doc_number = \"石人社发〔2026〕12号\"",
    },
    FieldSpec {
        key: "effective",
        label: "施行日期",
        example: "effective = 2026-01-01",
    },
    FieldSpec {
        key: "source_url",
        label: "原文链接",
        example: "source_url = \"https://…\"",
    },
];

#[derive(Debug, Clone)]
pub struct Policy {
    pub file: FileInfo,
    pub title: String,
    pub date: Option<Date>,
    pub description: Option<String>,
    pub draft: bool,
    pub topic: String,
    pub issuer: String,
    pub doc_number: Option<String>,
    pub effective: Option<Date>,
    pub source_url: Option<String>,
    pub body_html: String,
    /// The Markdown body, kept for the search index.
    pub body_text: String,
}

pub fn read(file: FileInfo, top: &Table, problems: &mut FileProblems) -> Option<Policy> {
    top.warn_unknown(&[("extra", EXTRA)], problems);
    let header = Header::read(top, false, problems);
    let extra = top.sub("extra", EXTRA, problems);
    extra.warn_unknown(&[("", TOP)], problems);
    let topic = text(extra.required("topic", problems), "extra.topic", problems);
    let issuer = text(extra.required("issuer", problems), "extra.issuer", problems);
    let doc_number = text(
        extra.optional("doc_number", problems),
        "extra.doc_number",
        problems,
    );
    let effective: Option<At<TomlDate>> = extra.optional("effective", problems);
    let source_url = extra
        .optional::<String>("source_url", problems)
        .and_then(|u| web_link("extra.source_url", &u, problems));
    let header = header?;
    Some(Policy {
        file,
        title: header.title,
        date: header.date,
        description: header.description,
        draft: header.draft,
        topic: topic?,
        issuer: issuer?,
        doc_number,
        effective: effective.map(|e| e.value.0),
        source_url,
        body_html: String::new(),
        body_text: String::new(),
    })
}
