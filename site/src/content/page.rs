//! A static page (`content/pages/*.md`) or a section's `_index.md`: a title and a body.

use super::common::{self, Header};
use super::fields::{FieldSpec, FileProblems, Table};
use super::file_info::FileInfo;

pub const TOP: &[FieldSpec] = &[
    common::TITLE,
    common::DATE,
    common::DESCRIPTION,
    common::DRAFT,
];

#[derive(Debug, Clone)]
pub struct Page {
    pub file: FileInfo,
    pub title: String,
    pub description: Option<String>,
    pub draft: bool,
    pub body_html: String,
}

pub fn read(file: FileInfo, top: &Table, problems: &mut FileProblems) -> Option<Page> {
    top.warn_unknown(&[], problems);
    let header = Header::read(top, false, problems)?;
    Some(Page {
        file,
        title: header.title,
        description: header.description,
        draft: header.draft,
        body_html: String::new(),
    })
}
