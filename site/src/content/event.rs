//! A recruitment event (`content/events/*.md`): a job fair on site or a livestream.

use jiff::ZonedDateTime as Zoned;
use jiff::civil::Date;

use super::common::{self, Header, one_of, text, web_link};
use super::fields::{At, FieldSpec, FileProblems, Table};
use super::file_info::FileInfo;
use crate::toml_date::TomlDateTime;

pub const TOP: &[FieldSpec] = &[
    common::TITLE,
    common::DATE,
    common::DESCRIPTION,
    common::DRAFT,
];

pub const EXTRA: &[FieldSpec] = &[
    FieldSpec {
        key: "kind",
        label: "线下或线上",
        example: "kind = \"线下\"",
    },
    FieldSpec {
        key: "format",
        label: "活动形式",
        example: "format = \"现场招聘会\"",
    },
    FieldSpec {
        key: "start",
        label: "开始时间",
        example: "start = 2026-03-06T09:00:00",
    },
    FieldSpec {
        key: "end",
        label: "结束时间",
        example: "end = 2026-03-06T12:00:00",
    },
    FieldSpec {
        key: "organizer",
        label: "主办单位",
        example: "organizer = \"石泉县零工市场\"",
    },
    FieldSpec {
        key: "location",
        label: "活动地点（线下）",
        example: "location = \"零工市场服务大厅\"",
    },
    FieldSpec {
        key: "stream_url",
        label: "直播链接（线上）",
        example: "stream_url = \"https://…\"",
    },
    FieldSpec {
        key: "employers",
        label: "参加企业",
        example: "employers = [\"石泉县某某公司\"]",
    },
    FieldSpec {
        key: "cancelled",
        label: "已取消",
        example: "cancelled = true",
    },
    FieldSpec {
        key: "summary",
        label: "活动总结",
        example: "summary = \"共 32 家企业参加……\"",
    },
];

/// Offline events count toward the contract's 18, online ones toward its 10.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Offline,
    Online,
}

impl EventKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Offline => "线下",
            Self::Online => "线上",
        }
    }
}

pub const KINDS: [&str; 2] = ["线下", "线上"];
pub const FORMATS: [&str; 4] = ["现场招聘会", "专场招聘会", "直播带岗", "线上专场"];

fn kind_of_format(format: &str) -> EventKind {
    match format {
        "直播带岗" | "线上专场" => EventKind::Online,
        _ => EventKind::Offline,
    }
}

#[derive(Debug, Clone)]
pub struct Event {
    pub file: FileInfo,
    pub title: String,
    pub date: Option<Date>,
    pub description: Option<String>,
    pub draft: bool,
    pub kind: EventKind,
    pub format: Option<&'static str>,
    pub start: Zoned,
    pub end: Zoned,
    pub organizer: String,
    pub location: Option<String>,
    pub stream_url: Option<String>,
    pub employers: Vec<String>,
    pub cancelled: bool,
    pub summary: Option<String>,
    pub body_html: String,
}

pub fn read(file: FileInfo, top: &Table, problems: &mut FileProblems) -> Option<Event> {
    top.warn_unknown(&[("extra", EXTRA)], problems);
    let header = Header::read(top, false, problems);
    let extra = top.sub("extra", EXTRA, problems);
    extra.warn_unknown(&[("", TOP)], problems);

    let kind = extra
        .required::<String>("kind", problems)
        .and_then(|k| one_of("extra.kind", &k, &KINDS, problems))
        .map(|k| {
            if k == "线上" {
                EventKind::Online
            } else {
                EventKind::Offline
            }
        });
    let format_at: Option<At<String>> = extra.optional("format", problems);
    let format = format_at
        .as_ref()
        .and_then(|f| one_of("extra.format", f, &FORMATS, problems));
    let start: Option<At<TomlDateTime>> = extra.required("start", problems);
    let end: Option<At<TomlDateTime>> = extra.required("end", problems);
    let organizer = text(
        extra.required("organizer", problems),
        "extra.organizer",
        problems,
    );
    let location = text(
        extra.optional("location", problems),
        "extra.location",
        problems,
    );
    let stream_url = extra
        .optional::<String>("stream_url", problems)
        .and_then(|u| web_link("extra.stream_url", &u, problems));
    let employers: Option<At<Vec<String>>> = extra.optional("employers", problems);
    let cancelled: Option<At<bool>> = extra.optional("cancelled", problems);
    let summary = text(
        extra.optional("summary", problems),
        "extra.summary",
        problems,
    );

    if let (Some(kind), Some(format), Some(at)) = (kind, format, &format_at)
        && kind_of_format(format) != kind
    {
        problems.error(
            at.offset,
            format!("活动形式“{format}”与 kind = “{}”不一致", kind.label()),
            "现场招聘会、专场招聘会是线下活动；直播带岗、线上专场是线上活动",
        );
    }
    match kind {
        Some(EventKind::Offline) if location.is_none() => problems.error(
            extra_anchor(&start),
            "线下活动缺少活动地点 extra.location",
            "请在 [extra] 下加一行，例如 location = \"零工市场服务大厅\"",
        ),
        Some(EventKind::Online) if stream_url.is_none() => problems.error(
            extra_anchor(&start),
            "线上活动缺少直播链接 extra.stream_url",
            "请在 [extra] 下加一行，例如 stream_url = \"https://…\"",
        ),
        _ => {}
    }
    if let (Some(s), Some(e)) = (&start, &end)
        && e.value.0 <= s.value.0
    {
        problems.error(
            e.offset,
            "结束时间不晚于开始时间",
            "请检查 start 和 end，例如 start = 2026-03-06T09:00:00、end = 2026-03-06T12:00:00",
        );
    }

    let header = header?;
    Some(Event {
        file,
        title: header.title,
        date: header.date,
        description: header.description,
        draft: header.draft,
        kind: kind?,
        format,
        start: start?.value.0,
        end: end?.value.0,
        organizer: organizer?,
        location,
        stream_url,
        employers: employers
            .map(|e| {
                e.value
                    .into_iter()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
        cancelled: cancelled.is_some_and(|c| c.value),
        summary,
        body_html: String::new(),
    })
}

fn extra_anchor(start: &Option<At<TomlDateTime>>) -> usize {
    start.as_ref().map_or(0, |s| s.offset)
}
