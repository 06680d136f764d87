//! The typed fields of each kind of content file, as a form shows them and as front matter
//! writes them. One list per kind drives the form, the parsing of what staff typed, the TOML
//! written to `content/`, and the reading of an existing file back into the form. The keys are
//! the generator's (`lingong_site::content::{job,event,policy}`), fixed by issue 2.

use std::collections::BTreeMap;

use jiff::civil::{Date, DateTime};
use lingong_site::content::front_matter::split;
use lingong_site::content::job::{EMPLOYMENT_TYPES, PayUnit};
use lingong_site::content::{event, library::CONTENT_DIR};
use serde::Serialize;

/// Which table of the front matter a field is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Top,
    Taxonomies,
    Extra,
}

impl Table {
    fn header(self) -> Option<&'static str> {
        match self {
            Table::Top => None,
            Table::Taxonomies => Some("taxonomies"),
            Table::Extra => Some("extra"),
        }
    }
}

/// What a field holds, and so how it is typed in and written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// Several lines of text.
    Area,
    Date,
    /// A local date and time (Asia/Shanghai).
    DateTime,
    Number,
    Integer,
    Bool,
    /// One of a fixed list.
    Choice(&'static [&'static str]),
    /// A job's category or township: one of the names in config.toml, written as a one-item list.
    Category,
    Township,
    /// A list of names, one per line in the form.
    Lines,
}

/// One field of a content kind.
#[derive(Debug)]
pub struct FieldDef {
    pub key: &'static str,
    pub label: &'static str,
    pub table: Table,
    pub kind: Kind,
    pub required: bool,
    pub help: &'static str,
}

const fn field(
    key: &'static str,
    label: &'static str,
    table: Table,
    kind: Kind,
    required: bool,
    help: &'static str,
) -> FieldDef {
    FieldDef {
        key,
        label,
        table,
        kind,
        required,
        help,
    }
}

use Kind::*;
use Table::{Extra, Taxonomies, Top};

const TITLE: FieldDef = field("title", "标题", Top, Text, true, "");
const DESCRIPTION: FieldDef = field(
    "description",
    "一句话简介",
    Top,
    Text,
    false,
    "列表和搜索结果里显示",
);
const DRAFT: FieldDef = field("draft", "草稿（不在网站上显示）", Top, Bool, false, "");

pub const JOB: &[FieldDef] = &[
    TITLE,
    field("date", "发布日期", Top, Date, true, ""),
    DESCRIPTION,
    DRAFT,
    field("category", "工种分类", Taxonomies, Category, true, ""),
    field("township", "所在镇", Taxonomies, Township, true, ""),
    field("employer", "用工单位", Extra, Text, true, ""),
    field("pay", "工资", Extra, Number, true, "只填数字，如 150"),
    field(
        "pay_max",
        "最高工资",
        Extra,
        Number,
        false,
        "工资有范围时填上限",
    ),
    field(
        "pay_unit",
        "工资单位",
        Extra,
        Choice(&PayUnit::LABELS),
        true,
        "",
    ),
    field("headcount", "招聘人数", Extra, Integer, true, ""),
    field(
        "valid_through",
        "招聘截止日期",
        Extra,
        Date,
        true,
        "过了这天岗位自动下架",
    ),
    field(
        "phone",
        "联系电话",
        Extra,
        Text,
        true,
        "手机号或带区号的座机号",
    ),
    field("address", "工作地点", Extra, Text, true, ""),
    field("contact", "联系人", Extra, Text, false, ""),
    field(
        "credit_code",
        "统一社会信用代码",
        Extra,
        Text,
        false,
        "个人雇主可不填",
    ),
    field(
        "work_hours",
        "工作时间",
        Extra,
        Text,
        false,
        "例如 8:00—17:00",
    ),
    field(
        "employment_type",
        "用工形式",
        Extra,
        Choice(&EMPLOYMENT_TYPES),
        false,
        "",
    ),
    field(
        "verified_on",
        "核实日期",
        Extra,
        Date,
        false,
        "电话核实岗位真实、合法、仍在招的日期",
    ),
];

pub const EVENT: &[FieldDef] = &[
    TITLE,
    field("date", "发布日期", Top, Date, false, ""),
    DESCRIPTION,
    DRAFT,
    field("kind", "线下或线上", Extra, Choice(&event::KINDS), true, ""),
    field(
        "format",
        "活动形式",
        Extra,
        Choice(&event::FORMATS),
        false,
        "",
    ),
    field(
        "start",
        "开始时间",
        Extra,
        DateTime,
        true,
        "例如 2026-12-05T09:00",
    ),
    field("end", "结束时间", Extra, DateTime, true, ""),
    field("organizer", "主办单位", Extra, Text, true, ""),
    field("location", "活动地点（线下）", Extra, Text, false, ""),
    field(
        "stream_url",
        "直播链接（线上）",
        Extra,
        Text,
        false,
        "https:// 开头",
    ),
    field("employers", "参加企业", Extra, Lines, false, "每行一家"),
    field("cancelled", "已取消", Extra, Bool, false, ""),
    field("summary", "活动总结", Extra, Area, false, "活动结束后填写"),
];

pub const POLICY: &[FieldDef] = &[
    TITLE,
    field("date", "发布日期", Top, Date, false, ""),
    DESCRIPTION,
    DRAFT,
    field("topic", "政策类别", Extra, Text, true, "例如 社保补贴"),
    field("issuer", "发文单位", Extra, Text, true, ""),
    field("doc_number", "文号", Extra, Text, false, ""),
    field("effective", "施行日期", Extra, Date, false, ""),
    field(
        "source_url",
        "原文链接",
        Extra,
        Text,
        false,
        "https:// 开头",
    ),
];

/// The three kinds staff edit in the browser, each a folder of `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ContentKind {
    Jobs,
    Events,
    Policies,
}

impl ContentKind {
    pub fn parse(segment: &str) -> Option<Self> {
        match segment {
            "jobs" => Some(Self::Jobs),
            "events" => Some(Self::Events),
            "policies" => Some(Self::Policies),
            _ => None,
        }
    }

    pub fn dir(self) -> &'static str {
        match self {
            Self::Jobs => "jobs",
            Self::Events => "events",
            Self::Policies => "policies",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Jobs => "岗位",
            Self::Events => "招聘活动",
            Self::Policies => "政策",
        }
    }

    pub fn fields(self) -> &'static [FieldDef] {
        match self {
            Self::Jobs => JOB,
            Self::Events => EVENT,
            Self::Policies => POLICY,
        }
    }

    /// `content/jobs/<slug>.md`, relative to the site root.
    pub fn path_of(self, slug: &str) -> String {
        format!("{CONTENT_DIR}/{}/{slug}.md", self.dir())
    }
}

/// What a form holds: field values as typed, by key, and the Markdown body.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Values {
    pub fields: BTreeMap<String, String>,
    pub body: String,
}

impl Values {
    pub fn get(&self, key: &str) -> &str {
        self.fields.get(key).map_or("", |v| v.trim())
    }

    pub fn set(&mut self, key: &str, value: impl Into<String>) {
        self.fields.insert(key.to_string(), value.into());
    }

    /// From a posted form: every known key of the kind, and `body`.
    pub fn from_form(kind: ContentKind, form: &BTreeMap<String, String>) -> Self {
        let mut values = Values::default();
        for def in kind.fields() {
            if let Some(v) = form.get(def.key) {
                values.set(def.key, v.replace("\r\n", "\n"));
            }
        }
        values.body = form
            .get("body")
            .map(|b| b.replace("\r\n", "\n"))
            .unwrap_or_default();
        values
    }
}

/// A content file written from a form, with the line each field landed on, so that the
/// generator's problems (`path:line:col`) can be shown next to the field they are about.
#[derive(Debug, Clone)]
pub struct Written {
    pub text: String,
    pub lines: Vec<(usize, &'static str)>,
}

impl Written {
    /// The field written on `line` (1-based), if any.
    pub fn field_at(&self, line: usize) -> Option<&'static str> {
        self.lines.iter().find(|(l, _)| *l == line).map(|(_, k)| *k)
    }
}

/// Problems found in the typed values before anything is handed to the generator: by key.
pub type FieldErrors = BTreeMap<String, String>;

/// Writes the file for a form's values: TOML front matter between `+++` lines, then the body.
/// Values that cannot be written as their type (pay that is not a number, a date that does not
/// exist) are returned as field errors instead.
pub fn write(kind: ContentKind, values: &Values) -> Result<Written, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut text = String::from("+++\n");
    let mut lines = Vec::new();
    let mut current = Table::Top;
    for def in kind.fields() {
        let raw = values.get(def.key);
        let value = match literal(def, raw) {
            Ok(Some(v)) => v,
            Ok(None) if def.required => {
                errors.insert(def.key.into(), format!("请填写{}", def.label));
                continue;
            }
            Ok(None) => continue,
            Err(message) => {
                errors.insert(def.key.into(), message);
                continue;
            }
        };
        if def.table != current {
            current = def.table;
            if let Some(header) = def.table.header() {
                text.push_str(&format!("\n[{header}]\n"));
            }
        }
        lines.push((text.matches('\n').count() + 1, def.key));
        text.push_str(&format!("{} = {value}\n", def.key));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    text.push_str("+++\n");
    let body = values.body.trim_end();
    if !body.is_empty() {
        text.push_str(body);
        text.push('\n');
    }
    Ok(Written { text, lines })
}

/// The TOML literal of one typed value; `None` when left empty.
fn literal(def: &FieldDef, raw: &str) -> Result<Option<String>, String> {
    let raw = raw.trim();
    if def.kind == Bool {
        return Ok(matches!(raw, "true" | "on" | "1" | "是").then(|| "true".to_string()));
    }
    if raw.is_empty() {
        return Ok(None);
    }
    Ok(Some(match def.kind {
        Text | Choice(_) => toml_string(raw),
        Area => toml_string(raw),
        Date => match lingong_site::toml_date::parse_date(raw) {
            Ok(d) => d.to_string(),
            Err(e) => return Err(e),
        },
        DateTime => date_time(raw)?,
        Number => {
            let n: f64 = raw
                .parse()
                .ok()
                .filter(|n: &f64| n.is_finite())
                .ok_or_else(|| format!("{}必须是数字，例如 150", def.label))?;
            lingong_site::content::job::amount(n)
        }
        Integer => raw
            .parse::<i64>()
            .map(|n| n.to_string())
            .map_err(|_| format!("{}必须是整数，例如 3", def.label))?,
        Category | Township => format!("[{}]", toml_string(raw)),
        Lines => {
            let items: Vec<String> = raw
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(toml_string)
                .collect();
            format!("[{}]", items.join(", "))
        }
        Bool => unreachable!("handled above"),
    }))
}

/// `2026-12-05T09:00` (a browser's datetime-local) or with seconds; a space is allowed too.
fn date_time(raw: &str) -> Result<String, String> {
    let normal = raw.replace(' ', "T");
    let with_seconds = if normal.len() == 16 {
        format!("{normal}:00")
    } else {
        normal
    };
    with_seconds
        .parse::<DateTime>()
        .ok()
        .filter(|_| with_seconds.len() == 19)
        .map(|dt| dt.strftime("%Y-%m-%dT%H:%M:%S").to_string())
        .ok_or_else(|| format!("时间“{raw}”格式不对，应为 2026-12-05T09:00"))
}

/// A TOML basic string: quotes, backslashes and control characters escaped, so any text a
/// person types (line breaks included) is written as exactly that text.
pub fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Reads an existing file back into form values. Fields the form does not know are left in
/// the file only if it is never saved through the form (the form writes the known fields).
pub fn read(kind: ContentKind, text: &str) -> Values {
    let mut values = Values::default();
    let Ok(parts) = split(text) else {
        values.body = text.to_string();
        return values;
    };
    values.body = parts.body.trim_start_matches('\n').to_string();
    let Ok(table) = parts.front_matter.parse::<toml::Table>() else {
        return values;
    };
    for def in kind.fields() {
        let holder = match def.table.header() {
            None => Some(&table),
            Some(h) => table.get(h).and_then(toml::Value::as_table),
        };
        let Some(value) = holder.and_then(|t| t.get(def.key)) else {
            continue;
        };
        let shown = match value {
            toml::Value::String(s) => s.clone(),
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Float(f) => lingong_site::content::job::amount(*f),
            toml::Value::Boolean(b) => b.to_string(),
            toml::Value::Datetime(d) => {
                let s = d.to_string();
                if def.kind == DateTime && s.len() >= 16 {
                    s[..16].to_string()
                } else {
                    s
                }
            }
            toml::Value::Array(items) => items
                .iter()
                .filter_map(toml::Value::as_str)
                .collect::<Vec<_>>()
                .join("\n"),
            toml::Value::Table(_) => continue,
        };
        values.set(def.key, shown);
    }
    values
}

/// A job's form values from an employer's 用工登记 (the JSON stored with the submission):
/// the same field names where they match, the duties and requirements as the body, today as
/// the date and the day of verification, and 30 days as the validity unless they gave a date.
pub fn job_from_employer(data: &serde_json::Value, today: Date) -> Values {
    let text = |key: &str| -> String {
        match data.get(key) {
            Some(serde_json::Value::String(s)) => s.trim().to_string(),
            Some(serde_json::Value::Number(n)) => n
                .as_f64()
                .map(lingong_site::content::job::amount)
                .unwrap_or_else(|| n.to_string()),
            _ => String::new(),
        }
    };
    let mut values = Values::default();
    for key in [
        "employer",
        "title",
        "category",
        "township",
        "address",
        "contact",
        "credit_code",
        "work_hours",
        "employment_type",
        "pay",
        "pay_max",
        "pay_unit",
        "headcount",
    ] {
        values.set(key, text(key));
    }
    values.set("phone", text("mobile"));
    values.set("date", today.to_string());
    values.set("verified_on", today.to_string());
    let until = Some(text("valid_through"))
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| lingong_site::today::add_days(today, 30).to_string());
    values.set("valid_through", until);
    let mut body = String::new();
    let duties = text("duties");
    if !duties.is_empty() {
        body.push_str(&format!("## 工作内容\n\n{duties}\n"));
    }
    let requirements = text("requirements");
    if !requirements.is_empty() {
        body.push_str(&format!("\n## 要求\n\n{requirements}\n"));
    }
    let start = text("start_date");
    if !start.is_empty() {
        body.push_str(&format!("\n开工日期：{start}\n"));
    }
    values.body = body;
    values
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn job_values() -> Values {
        let mut v = Values::default();
        for (k, val) in [
            ("title", "城关镇老街面馆招洗碗工"),
            ("date", "2026-11-25"),
            ("category", "餐饮"),
            ("township", "城关镇"),
            ("employer", "石泉县老街面馆"),
            ("pay", "15"),
            ("pay_unit", "元/小时"),
            ("headcount", "2"),
            ("valid_through", "2026-12-25"),
            ("phone", "13991512345"),
            ("address", "老街 28 号"),
            ("contact", "王\"女士\""),
        ] {
            v.set(k, val);
        }
        v.body = "## 工作内容\n\n洗碗\n".into();
        v
    }

    #[test]
    fn a_job_is_written_in_the_generators_format_and_read_back_the_same() {
        let written = write(ContentKind::Jobs, &job_values()).unwrap();
        assert!(
            written
                .text
                .starts_with("+++\ntitle = \"城关镇老街面馆招洗碗工\"\ndate = 2026-11-25\n")
        );
        assert!(
            written
                .text
                .contains("\n[taxonomies]\ncategory = [\"餐饮\"]\n")
        );
        assert!(written.text.contains("\n[extra]\nemployer = "));
        assert!(written.text.contains("contact = \"王\\\"女士\\\"\"\n"));
        assert!(written.text.ends_with("+++\n## 工作内容\n\n洗碗\n"));
        let line = written
            .text
            .lines()
            .position(|l| l.starts_with("pay ="))
            .unwrap()
            + 1;
        assert_eq!(written.field_at(line), Some("pay"));
        assert_eq!(read(ContentKind::Jobs, &written.text), job_values());
    }

    #[test]
    fn values_that_are_not_their_type_are_field_errors() {
        let mut v = job_values();
        v.set("pay", "十五块");
        v.set("valid_through", "2026-02-30");
        v.set("headcount", "");
        let errors = write(ContentKind::Jobs, &v).unwrap_err();
        assert!(errors["pay"].contains("数字"));
        assert!(errors["valid_through"].contains("不存在"));
        assert!(errors["headcount"].contains("请填写"));
    }

    #[test]
    fn event_times_from_the_browser_get_seconds_and_lists_one_per_line() {
        let mut v = Values::default();
        for (k, val) in [
            ("title", "专场招聘会"),
            ("kind", "线下"),
            ("start", "2026-12-05T09:00"),
            ("end", "2026-12-05 12:00:00"),
            ("organizer", "石泉县零工市场"),
            ("location", "服务大厅"),
            ("employers", "甲公司\n\n 乙公司 \n"),
            ("summary", "第一行\n第二行"),
        ] {
            v.set(k, val);
        }
        let text = write(ContentKind::Events, &v).unwrap().text;
        assert!(text.contains("start = 2026-12-05T09:00:00\nend = 2026-12-05T12:00:00\n"));
        assert!(text.contains("employers = [\"甲公司\", \"乙公司\"]\n"));
        assert!(text.contains("summary = \"第一行\\n第二行\"\n"));
        let back = read(ContentKind::Events, &text);
        assert_eq!(back.get("start"), "2026-12-05T09:00");
        assert_eq!(back.get("employers"), "甲公司\n乙公司");
        assert_eq!(back.get("summary"), "第一行\n第二行");
    }

    #[test]
    fn an_employer_need_becomes_a_job_valid_for_30_days() {
        let data = serde_json::json!({
            "employer": "石泉县老街面馆", "title": "招洗碗工", "mobile": "13991512345",
            "pay": 15, "duties": "洗碗", "category": "餐饮"
        });
        let v = job_from_employer(&data, date(2026, 11, 25));
        assert_eq!(v.get("phone"), "13991512345");
        assert_eq!(v.get("pay"), "15");
        assert_eq!(v.get("valid_through"), "2026-12-25");
        assert_eq!(v.get("verified_on"), "2026-11-25");
        assert!(v.body.contains("洗碗"));
    }
}
