//! One field of a public form: what it is called, what it accepts, and how a submitted value
//! is checked. The same definition drives the published form page and the intake service.

use serde::Serialize;

use crate::domain::credit_code::CreditCode;
use crate::domain::mobile::Mobile;
use crate::toml_date::parse_date;

/// What a field accepts.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FieldKind {
    /// One line of text, at most `max` characters.
    Text { max: usize },
    /// Several lines, at most `max` characters.
    TextArea { max: usize },
    /// A mainland mobile number, stored normalized.
    Mobile,
    /// A 统一社会信用代码; a failing check character is accepted and flagged for review.
    CreditCode,
    /// A whole number in a range (a year, a headcount, a rating).
    Integer { min: i64, max: i64 },
    /// An amount of money, with up to two decimals.
    Money { max: f64 },
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// One of some options, shown as a drop-down.
    Select { options: Vec<String> },
    /// One of some options, shown as radio buttons (few, short options).
    Radio { options: Vec<String> },
    /// Any number of options, shown as check boxes.
    Multi { options: Vec<String> },
    /// A box that must be ticked to agree (consent, declarations), or may be (optional ones).
    Consent,
    /// A value the page carries for the service (the job applied to).
    Hidden,
}

/// One field: its name in the form data, its label and help in Chinese, and its rules.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    pub required: bool,
    pub kind: FieldKind,
    /// For phones: the `autocomplete` and `inputmode` hints that bring up the right keyboard.
    pub autocomplete: Option<&'static str>,
}

/// A checked value, ready to store.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Text(String),
    Integer(i64),
    Money(f64),
    List(Vec<String>),
    Bool(bool),
}

/// The outcome of checking one field.
pub enum Checked {
    Ok(Option<Value>),
    /// A problem to show next to the field, in Chinese.
    Invalid(String),
    /// Accepted, with a note for the staff member who reviews it.
    Flagged(Value, String),
}

impl Field {
    pub fn new(name: &'static str, label: &'static str, kind: FieldKind) -> Self {
        Self {
            name,
            label,
            help: "",
            required: true,
            kind,
            autocomplete: None,
        }
    }

    pub fn optional(mut self) -> Self {
        self.required = false;
        self
    }

    pub fn help(mut self, help: &'static str) -> Self {
        self.help = help;
        self
    }

    pub fn autocomplete(mut self, hint: &'static str) -> Self {
        self.autocomplete = Some(hint);
        self
    }

    /// Checks the values submitted for this field (several for check boxes).
    pub fn check(&self, submitted: &[String]) -> Checked {
        let first = submitted.first().map(|s| s.trim()).unwrap_or_default();
        let empty = match &self.kind {
            FieldKind::Multi { .. } => submitted.iter().all(|s| s.trim().is_empty()),
            _ => first.is_empty(),
        };
        if empty {
            return match (&self.kind, self.required) {
                (FieldKind::Consent, true) => Checked::Invalid(format!("请勾选“{}”", self.label)),
                (FieldKind::Consent, false) => Checked::Ok(Some(Value::Bool(false))),
                (FieldKind::Multi { .. }, true) => {
                    Checked::Invalid(format!("请至少选一项{}", self.label))
                }
                (_, true) => Checked::Invalid(format!("请填写{}", self.label)),
                (_, false) => Checked::Ok(None),
            };
        }
        match &self.kind {
            FieldKind::Text { max } | FieldKind::TextArea { max } => {
                let count = first.chars().count();
                if count > *max {
                    Checked::Invalid(format!("{}最多 {max} 个字，现在 {count} 个", self.label))
                } else if first
                    .chars()
                    .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
                {
                    Checked::Invalid(format!("{}含有无法显示的字符，请重新输入", self.label))
                } else {
                    Checked::Ok(Some(Value::Text(first.replace("\r\n", "\n"))))
                }
            }
            FieldKind::Mobile => match Mobile::parse(first) {
                Ok(m) => Checked::Ok(Some(Value::Text(m.as_str().to_string()))),
                Err(e) => Checked::Invalid(format!("{}，{}", e.message, e.hint)),
            },
            FieldKind::CreditCode => match CreditCode::parse(first) {
                Ok(code) if code.check_ok() => {
                    Checked::Ok(Some(Value::Text(code.as_str().to_string())))
                }
                Ok(code) => Checked::Flagged(
                    Value::Text(code.as_str().to_string()),
                    format!(
                        "统一社会信用代码 {} 校验位不符，请人工核对营业执照",
                        code.as_str()
                    ),
                ),
                Err(e) => Checked::Invalid(format!("{}，{}", e.message, e.hint)),
            },
            FieldKind::Integer { min, max } => match first.parse::<i64>() {
                Ok(n) if (*min..=*max).contains(&n) => Checked::Ok(Some(Value::Integer(n))),
                Ok(_) => Checked::Invalid(format!("{}应在 {min} 到 {max} 之间", self.label)),
                Err(_) => Checked::Invalid(format!("{}请填数字", self.label)),
            },
            FieldKind::Money { max } => match first.parse::<f64>() {
                Ok(n) if n > 0.0 && n <= *max && (n * 100.0).fract() == 0.0 => {
                    Checked::Ok(Some(Value::Money(n)))
                }
                Ok(_) => Checked::Invalid(format!(
                    "{}应大于 0、不超过 {max}，最多两位小数",
                    self.label
                )),
                Err(_) => Checked::Invalid(format!("{}请填数字，如 150", self.label)),
            },
            FieldKind::Date => match parse_date(first) {
                Ok(d) => Checked::Ok(Some(Value::Text(d.to_string()))),
                Err(e) => Checked::Invalid(e),
            },
            FieldKind::Select { options } | FieldKind::Radio { options } => {
                if options.iter().any(|o| o == first) {
                    Checked::Ok(Some(Value::Text(first.to_string())))
                } else {
                    Checked::Invalid(format!("请从列表中选择{}", self.label))
                }
            }
            FieldKind::Multi { options } => {
                let mut chosen: Vec<String> = Vec::new();
                for value in submitted.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
                    if !options.iter().any(|o| o == value) {
                        return Checked::Invalid(format!("请从列表中选择{}", self.label));
                    }
                    if !chosen.iter().any(|c| c == value) {
                        chosen.push(value.to_string());
                    }
                }
                Checked::Ok(Some(Value::List(chosen)))
            }
            FieldKind::Consent => Checked::Ok(Some(Value::Bool(true))),
            FieldKind::Hidden => {
                if first.chars().count() > 200 {
                    Checked::Invalid("数据有误，请返回上一页重新打开表格".into())
                } else {
                    Checked::Ok(Some(Value::Text(first.to_string())))
                }
            }
        }
    }
}
