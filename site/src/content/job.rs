//! A job posting (`content/jobs/*.md`): front-matter fields and the typed `Job`.
//!
//! The field names are fixed: the intake service and other tools write these files.

use jiff::civil::Date;

use super::common::{self, Header, one_of, text};
use super::fields::{At, FieldSpec, FileProblems, Table, closest_name};
use super::file_info::FileInfo;
use crate::config::Config;
use crate::domain::credit_code::CreditCode;
use crate::domain::phone::Phone;
use crate::toml_date::TomlDate;

pub const TOP: &[FieldSpec] = &[
    common::TITLE,
    common::DATE,
    common::DESCRIPTION,
    common::DRAFT,
];

pub const TAXONOMIES: &[FieldSpec] = &[
    FieldSpec {
        key: "category",
        label: "工种分类",
        example: "category = [\"餐饮\"]",
    },
    FieldSpec {
        key: "township",
        label: "所在镇",
        example: "township = [\"城关镇\"]",
    },
];

pub const EXTRA: &[FieldSpec] = &[
    FieldSpec {
        key: "employer",
        label: "用工单位",
        example: "employer = \"石泉县老街面馆\"",
    },
    FieldSpec {
        key: "pay",
        label: "工资数额",
        example: "pay = 150",
    },
    FieldSpec {
        key: "pay_max",
        label: "最高工资",
        example: "pay_max = 180",
    },
    FieldSpec {
        key: "pay_unit",
        label: "工资单位",
        example: "pay_unit = \"元/天\"",
    },
    FieldSpec {
        key: "headcount",
        label: "招聘人数",
        example: "headcount = 3",
    },
    FieldSpec {
        key: "valid_through",
        label: "招聘截止日期",
        example: "valid_through = 2026-12-31",
    },
    FieldSpec {
        key: "phone",
        label: "联系电话",
        example: "phone = \"13912345678\"",
    },
    FieldSpec {
        key: "address",
        label: "工作地点",
        example: "address = \"石泉县城关镇老街 28 号\"",
    },
    FieldSpec {
        key: "contact",
        label: "联系人",
        example: "contact = \"王女士\"",
    },
    FieldSpec {
        key: "credit_code",
        label: "统一社会信用代码",
        example: "credit_code = \"91610922MA70XXXXXX\"",
    },
    FieldSpec {
        key: "work_hours",
        label: "工作时间",
        example: "work_hours = \"8:00—17:00\"",
    },
    FieldSpec {
        key: "employment_type",
        label: "用工形式",
        example: "employment_type = \"临时\"",
    },
    FieldSpec {
        key: "verified_on",
        label: "核实日期",
        example: "verified_on = 2026-11-18",
    },
];

/// The units pay may be given in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum PayUnit {
    Hour,
    Day,
    Month,
    Piece,
}

impl PayUnit {
    pub const LABELS: [&'static str; 4] = ["元/小时", "元/天", "元/月", "元/件"];

    pub fn parse(label: &str) -> Option<Self> {
        match label {
            "元/小时" => Some(Self::Hour),
            "元/天" => Some(Self::Day),
            "元/月" => Some(Self::Month),
            "元/件" => Some(Self::Piece),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Hour => "元/小时",
            Self::Day => "元/天",
            Self::Month => "元/月",
            Self::Piece => "元/件",
        }
    }
}

/// Pay as posted: an amount or a range, in one unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Pay {
    pub min: f64,
    pub max: Option<f64>,
    pub unit: PayUnit,
}

impl Pay {
    /// `15—18 元/小时`, `150 元/天`: amounts without needless decimals.
    pub fn label(&self) -> String {
        match self.max {
            Some(max) if max > self.min => {
                format!("{}—{} {}", amount(self.min), amount(max), self.unit.label())
            }
            _ => format!("{} {}", amount(self.min), self.unit.label()),
        }
    }
}

/// Formats an amount of yuan: whole numbers without decimals, otherwise at most two places.
pub fn amount(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        let s = format!("{value:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

pub const EMPLOYMENT_TYPES: [&str; 4] = ["临时", "兼职", "全职", "计件"];

#[derive(Debug, Clone)]
pub struct Job {
    pub file: FileInfo,
    pub title: String,
    pub date: Date,
    pub description: Option<String>,
    pub draft: bool,
    /// Name of a category in config.
    pub category: String,
    /// Name of a township in config.
    pub township: String,
    pub employer: String,
    pub pay: Pay,
    pub headcount: u32,
    pub valid_through: Date,
    /// The phone as written, and parsed when it is a valid mainland number (`check` warns
    /// about the others; they are still shown and dialled as written).
    pub phone: String,
    pub phone_parsed: Option<Phone>,
    pub phone_offset: usize,
    pub address: String,
    pub contact: Option<String>,
    pub credit_code: Option<CreditCode>,
    pub work_hours: Option<String>,
    pub employment_type: Option<&'static str>,
    pub verified_on: Option<Date>,
    /// Offset of `valid_through` in the file, for the warnings of `check`.
    pub valid_through_offset: usize,
    pub body_html: String,
    /// The Markdown body, kept for wording checks.
    pub body_text: String,
}

impl Job {
    pub fn is_expired(&self, today: Date) -> bool {
        self.valid_through < today
    }
}

/// Reads a job's front matter. Every problem found goes to `problems`; `None` when any field
/// needed to build the page is unusable.
pub fn read(
    file: FileInfo,
    top: &Table,
    config: &Config,
    problems: &mut FileProblems,
) -> Option<Job> {
    top.warn_unknown(&[("taxonomies", TAXONOMIES), ("extra", EXTRA)], problems);
    let header = Header::read(top, true, problems);

    let taxonomies = top.sub("taxonomies", TAXONOMIES, problems);
    taxonomies.warn_unknown(&[("", TOP), ("extra", EXTRA)], problems);
    let category = term(
        taxonomies.required("category", problems),
        "taxonomies.category",
        config.categories.iter().map(|t| t.name.as_str()),
        problems,
    );
    let township = term(
        taxonomies.required("township", problems),
        "taxonomies.township",
        config.townships.iter().map(|t| t.name.as_str()),
        problems,
    );

    let extra = top.sub("extra", EXTRA, problems);
    extra.warn_unknown(&[("", TOP), ("taxonomies", TAXONOMIES)], problems);
    let employer = text(
        extra.required("employer", problems),
        "extra.employer",
        problems,
    );
    let pay: Option<At<f64>> = extra.required("pay", problems);
    let pay_max: Option<At<f64>> = extra.optional("pay_max", problems);
    let pay_unit = extra
        .required::<String>("pay_unit", problems)
        .and_then(|u| one_of("extra.pay_unit", &u, &PayUnit::LABELS, problems))
        .and_then(PayUnit::parse);
    let headcount: Option<At<i64>> = extra.required("headcount", problems);
    let valid_through: Option<At<TomlDate>> = extra.required("valid_through", problems);
    let phone: Option<At<String>> = extra.required("phone", problems);
    let address = text(
        extra.required("address", problems),
        "extra.address",
        problems,
    );
    let contact = text(
        extra.optional("contact", problems),
        "extra.contact",
        problems,
    );
    let credit_code = extra
        .optional::<String>("credit_code", problems)
        .and_then(|c| match CreditCode::parse(&c.value) {
            Ok(code) => {
                if !code.check_ok() {
                    problems.warning(
                        c.offset,
                        format!("统一社会信用代码 {} 的校验位不符", code.as_str()),
                        "请对照营业执照核实；早期发放的代码可能如此，核实无误可保留",
                    );
                }
                Some(code)
            }
            Err(e) => {
                problems.error(c.offset, e.message.clone(), e.hint.clone());
                None
            }
        });
    let work_hours = text(
        extra.optional("work_hours", problems),
        "extra.work_hours",
        problems,
    );
    let employment_type = extra
        .optional::<String>("employment_type", problems)
        .and_then(|t| one_of("extra.employment_type", &t, &EMPLOYMENT_TYPES, problems));
    let verified_on: Option<At<TomlDate>> = extra.optional("verified_on", problems);

    if let Some(p) = &pay
        && !(p.value > 0.0 && p.value.is_finite())
    {
        problems.error(p.offset, "工资数额必须大于 0", "例如 pay = 150");
    }
    if let (Some(p), Some(m)) = (&pay, &pay_max)
        && m.value < p.value
    {
        problems.error(
            m.offset,
            format!("最高工资 {} 低于工资 {}", amount(m.value), amount(p.value)),
            "pay_max 应不低于 pay；没有范围就删掉 pay_max",
        );
    }
    let headcount = headcount.and_then(|h| match u32::try_from(h.value) {
        Ok(n) if n >= 1 => Some(n),
        _ => {
            problems.error(
                h.offset,
                format!("招聘人数 {} 不对", h.value),
                "请填 1 或更大的整数",
            );
            None
        }
    });
    if let (Some(h), Some(v)) = (&header, &valid_through)
        && let Some(date) = h.date
        && v.value.0 < date
    {
        problems.error(
            v.offset,
            format!("截止日期 {} 早于发布日期 {date}", v.value.0),
            "请检查 valid_through 和 date",
        );
    }
    let phone = phone.and_then(|p| {
        let written = p.value.trim().to_string();
        if written.is_empty() {
            problems.error(
                p.offset,
                "联系电话是空的",
                "请填写手机号或座机号，如 0915-6321188",
            );
            return None;
        }
        Some((written, p.offset))
    });

    let header = header?;
    let (phone, phone_offset) = phone?;
    let valid_through = valid_through?;
    Some(Job {
        title: header.title,
        date: header.date?,
        description: header.description,
        draft: header.draft,
        category: category?,
        township: township?,
        employer: employer?,
        pay: Pay {
            min: pay?.value,
            max: pay_max.map(|m| m.value),
            unit: pay_unit?,
        },
        headcount: headcount?,
        valid_through: valid_through.value.0,
        valid_through_offset: valid_through.offset,
        phone_parsed: Phone::parse(&phone).ok(),
        phone,
        phone_offset,
        address: address?,
        contact,
        credit_code,
        work_hours,
        employment_type,
        verified_on: verified_on.map(|v| v.value.0),
        file,
        body_html: String::new(),
        body_text: String::new(),
    })
}

/// Reads a one-element list naming a configured term (`category = ["餐饮"]`).
fn term<'c>(
    value: Option<At<Vec<String>>>,
    field: &str,
    names: impl Iterator<Item = &'c str> + Clone,
    problems: &mut FileProblems,
) -> Option<String> {
    let value = value?;
    let [name] = value.value.as_slice() else {
        problems.error(
            value.offset,
            format!("{field} 应正好有一项，现在有 {} 项", value.value.len()),
            format!(
                "例如 {} = [\"{}\"]",
                field.trim_start_matches("taxonomies."),
                names.clone().next().unwrap_or_default()
            ),
        );
        return None;
    };
    let name = name.trim();
    if names.clone().any(|n| n == name) {
        return Some(name.to_string());
    }
    let all: Vec<&str> = names.clone().collect();
    let hint = match closest_name(name, names) {
        Some(close) => format!(
            "是不是“{close}”？可选：{}（在 config.toml 中设置）",
            all.join("、")
        ),
        None => format!("可选：{}（在 config.toml 中设置）", all.join("、")),
    };
    problems.error(
        value.offset,
        format!("{field} 的“{name}”不在 config.toml 的列表中"),
        hint,
    );
    None
}
