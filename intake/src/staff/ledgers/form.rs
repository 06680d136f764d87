//! A ledger form's fields: what each accepts, how a typed value is checked and normalised, and
//! how the form is shown again with the values kept and a message next to each wrong field.

use std::collections::BTreeMap;

use jiff::civil::Date;
use lingong_site::domain::{CreditCode, Phone, is_valid_slug};
use rusqlite::types::Value;
use serde::Serialize;

/// What a field holds.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// One line of text.
    Text,
    /// Several lines.
    LongText,
    /// A mobile or landline number, stored normalised.
    Phone,
    /// `YYYY-MM-DD`; optional dates are stored as NULL.
    Date,
    /// One of a fixed list.
    Choice(&'static [&'static str]),
    /// A whole number, 0 or more.
    Count,
    /// A yes/no checkbox, stored as 0/1.
    Flag,
    /// An http(s) address.
    Url,
    /// 统一社会信用代码: a wrong check character is kept and flagged, as on the public forms.
    CreditCode,
    /// The slug of a page on the site.
    Slug,
    /// The id of a placement (follow-ups).
    Placement,
}

#[derive(Debug)]
pub struct Field {
    /// The column it is stored in, and the form field's name.
    pub column: &'static str,
    pub label: &'static str,
    pub kind: Kind,
    pub required: bool,
    pub hint: &'static str,
}

/// The values as typed, kept to show the form again.
pub type Raw = BTreeMap<String, String>;
/// Normalised values, by column.
pub type Values = BTreeMap<&'static str, Value>;
/// A message per wrong field, by column.
pub type Errors = BTreeMap<&'static str, String>;

const MAX_LINE: usize = 200;
const MAX_TEXT: usize = 4000;

/// Takes the posted pairs apart field by field. Unknown names (the CSRF token) are ignored.
pub fn parse(fields: &[Field], posted: &[(String, String)]) -> (Raw, Values, Errors) {
    let mut raw = Raw::new();
    for (name, value) in posted {
        if fields.iter().any(|f| f.column == name) {
            raw.insert(name.clone(), value.clone());
        }
    }
    let mut values = Values::new();
    let mut errors = Errors::new();
    for field in fields {
        let typed = raw.get(field.column).map(String::as_str).unwrap_or("");
        match parse_one(field, typed) {
            Ok(value) => {
                values.insert(field.column, value);
            }
            Err(message) => {
                errors.insert(field.column, message);
            }
        }
    }
    (raw, values, errors)
}

fn parse_one(field: &Field, typed: &str) -> Result<Value, String> {
    let text = typed.trim();
    let limit = match field.kind {
        Kind::LongText => MAX_TEXT,
        _ => MAX_LINE,
    };
    if text.chars().count() > limit {
        return Err(format!("太长了，最多 {limit} 个字"));
    }
    if text.is_empty() {
        if field.required {
            return Err(match field.kind {
                Kind::Choice(_) | Kind::Placement => format!("请选择{}", field.label),
                _ => format!("请填写{}", field.label),
            });
        }
        return Ok(match field.kind {
            Kind::Date => Value::Null,
            Kind::Count | Kind::Flag => Value::Integer(0),
            _ => Value::Text(String::new()),
        });
    }
    match field.kind {
        Kind::Text | Kind::LongText => Ok(Value::Text(text.to_string())),
        Kind::Phone => Phone::parse(text)
            .map(|p| Value::Text(p.as_str().to_string()))
            .map_err(|e| e.message),
        Kind::Date => parse_date(text).map(|d| Value::Text(d.to_string())),
        Kind::Choice(options) => {
            if options.contains(&text) {
                Ok(Value::Text(text.to_string()))
            } else {
                Err(format!("请从列表中选择{}", field.label))
            }
        }
        Kind::Count => match text.parse::<u32>() {
            Ok(n) if n <= 1_000_000 => Ok(Value::Integer(i64::from(n))),
            _ => Err("请填写 0 或正整数".to_string()),
        },
        Kind::Flag => Ok(Value::Integer(1)),
        Kind::Url => {
            let ok = (text.starts_with("https://") || text.starts_with("http://"))
                && text.len() > "https://".len()
                && !text.chars().any(char::is_whitespace);
            if ok {
                Ok(Value::Text(text.to_string()))
            } else {
                Err("请填写以 http:// 或 https:// 开头的完整网址".to_string())
            }
        }
        Kind::CreditCode => CreditCode::parse(text)
            .map(|c| Value::Text(c.as_str().to_string()))
            .map_err(|e| e.message),
        Kind::Slug => {
            if is_valid_slug(text) {
                Ok(Value::Text(text.to_string()))
            } else {
                Err("活动页的短名只能是小写字母、数字和连字符，如 2026-autumn-fair".to_string())
            }
        }
        Kind::Placement => match text.trim_start_matches('#').parse::<i64>() {
            Ok(id) if id > 0 => Ok(Value::Integer(id)),
            _ => Err("请选择一条就业记录".to_string()),
        },
    }
}

pub fn parse_date(text: &str) -> Result<Date, String> {
    let date: Date = text
        .parse()
        .map_err(|_| "日期格式应为 年-月-日，如 2026-10-01".to_string())?;
    if date.year() < 2000 || date.year() > 2100 {
        return Err("日期不在合理范围内，请检查年份".to_string());
    }
    Ok(date)
}

/// A normalised text value ("" when absent or not text).
pub fn text<'a>(values: &'a Values, column: &str) -> &'a str {
    match values.get(column) {
        Some(Value::Text(t)) => t,
        _ => "",
    }
}

/// A normalised date value, when present and valid.
pub fn date(values: &Values, column: &str) -> Option<Date> {
    text(values, column).parse().ok()
}

/// The stored values in form order, then the derived ones (an event's employer count), for
/// the insert or update.
pub fn ordered(fields: &[Field], values: &Values) -> Vec<(&'static str, Value)> {
    let mut out: Vec<(&'static str, Value)> = fields
        .iter()
        .filter_map(|f| values.get(f.column).map(|v| (f.column, v.clone())))
        .collect();
    for (column, value) in values {
        if !fields.iter().any(|f| f.column == *column) {
            out.push((column, value.clone()));
        }
    }
    out
}

/// A stored row's values as the form shows them (a checked box is "1", an unchecked one "").
pub fn raw_from_row(fields: &[Field], row: &crate::store::ledgers::Row) -> Raw {
    fields
        .iter()
        .map(|f| {
            let v = row.cell(f.column);
            let shown = match f.kind {
                Kind::Flag if v == "0" => "",
                _ => v,
            };
            (f.column.to_string(), shown.to_string())
        })
        .collect()
}

/// A field as the template draws it.
#[derive(Serialize)]
pub struct FieldView {
    pub name: &'static str,
    pub label: &'static str,
    /// The HTML control: text, tel, date, number, url, select, textarea, checkbox.
    pub control: &'static str,
    pub value: String,
    pub options: Vec<OptionView>,
    pub required: bool,
    pub hint: &'static str,
    pub error: String,
}

#[derive(Serialize)]
pub struct OptionView {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// The form's fields with their values and messages. `placements` fills the placement select.
pub fn views(
    fields: &[Field],
    raw: &Raw,
    errors: &Errors,
    placements: &[(i64, String)],
) -> Vec<FieldView> {
    fields
        .iter()
        .map(|f| {
            let value = raw.get(f.column).cloned().unwrap_or_default();
            let (control, options) = match f.kind {
                Kind::Text | Kind::Slug | Kind::CreditCode => ("text", vec![]),
                Kind::LongText => ("textarea", vec![]),
                Kind::Phone => ("tel", vec![]),
                Kind::Date => ("date", vec![]),
                Kind::Count => ("number", vec![]),
                Kind::Flag => ("checkbox", vec![]),
                Kind::Url => ("url", vec![]),
                Kind::Choice(list) => (
                    "select",
                    list.iter()
                        .map(|o| OptionView {
                            value: o.to_string(),
                            label: o.to_string(),
                            selected: value.trim() == *o,
                        })
                        .collect(),
                ),
                Kind::Placement => (
                    "select",
                    placements
                        .iter()
                        .map(|(id, label)| OptionView {
                            value: id.to_string(),
                            label: label.clone(),
                            selected: value.trim() == id.to_string(),
                        })
                        .collect(),
                ),
            };
            FieldView {
                name: f.column,
                label: f.label,
                control,
                value,
                options,
                required: f.required,
                hint: f.hint,
                error: errors.get(f.column).cloned().unwrap_or_default(),
            }
        })
        .collect()
}

/// A credit code with a failing check character, as a note to show beside it.
pub fn credit_code_note(code: &str) -> Option<String> {
    let parsed = CreditCode::parse(code).ok()?;
    (!parsed.check_ok()).then(|| {
        format!(
            "校验位不符（按前 17 位应为 {}），请对照营业执照核对",
            parsed.expected_check_char()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: &[Field] = &[
        Field {
            column: "person_name",
            label: "姓名",
            kind: Kind::Text,
            required: true,
            hint: "",
        },
        Field {
            column: "person_phone",
            label: "联系电话",
            kind: Kind::Phone,
            required: false,
            hint: "",
        },
        Field {
            column: "kind",
            label: "服务类型",
            kind: Kind::Choice(&["求职登记", "其他"]),
            required: true,
            hint: "",
        },
        Field {
            column: "service_date",
            label: "服务日期",
            kind: Kind::Date,
            required: false,
            hint: "",
        },
    ];

    fn posted(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn values_are_normalised_and_every_wrong_field_gets_a_message() {
        let (raw, values, errors) = parse(
            FIELDS,
            &posted(&[
                ("person_name", " 张三 "),
                ("person_phone", "138 1234 5678"),
                ("kind", "求职登记"),
                ("csrf", "x"),
            ]),
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(text(&values, "person_name"), "张三");
        assert_eq!(text(&values, "person_phone"), "13812345678");
        assert_eq!(values.get("service_date"), Some(&Value::Null));
        assert!(!raw.contains_key("csrf"));

        let (raw, _, errors) = parse(
            FIELDS,
            &posted(&[
                ("person_phone", "12345"),
                ("kind", "随便"),
                ("service_date", "2026-13-01"),
            ]),
        );
        assert_eq!(errors["person_name"], "请填写姓名");
        assert!(errors["person_phone"].contains("12345"), "{errors:?}");
        assert_eq!(errors["kind"], "请从列表中选择服务类型");
        assert!(errors["service_date"].contains("日期格式"));
        assert_eq!(raw["kind"], "随便", "what was typed is kept");
    }

    #[test]
    fn bad_check_characters_are_flagged() {
        let body = "91610922MA70XXXX1";
        let right = CreditCode::parse(&format!("{body}0"))
            .unwrap()
            .expected_check_char();
        let wrong = if right == '0' { '1' } else { '0' };
        assert_eq!(credit_code_note(&format!("{body}{right}")), None);
        assert!(
            credit_code_note(&format!("{body}{wrong}"))
                .unwrap()
                .contains(right)
        );
    }
}
