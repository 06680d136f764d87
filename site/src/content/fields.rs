//! Reading typed fields out of front matter, one field at a time, so that one file can report
//! every wrong field at once and each problem points at the line it is on.
//!
//! The front matter is parsed once into a spanned TOML table; each known key is then
//! deserialized with serde into its own type. Missing required keys, wrong types and unknown
//! keys all become [`Diagnostic`]s in Chinese with an example of the right form.

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use crate::diagnostics::{Diagnostic, LineIndex, Severity};

/// What a front-matter key is called, what it holds and how it is written.
#[derive(Debug)]
pub struct FieldSpec {
    pub key: &'static str,
    /// What the field is, in Chinese, as staff call it.
    pub label: &'static str,
    /// One correct line, shown when the field is missing or wrong.
    pub example: &'static str,
}

/// A value read from front matter with the byte offset (in the file) where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct At<T> {
    pub value: T,
    pub offset: usize,
}

/// The problems of one file, with what is needed to place them.
pub struct FileProblems<'a> {
    path: &'a str,
    lines: LineIndex<'a>,
    list: Vec<Diagnostic>,
}

impl<'a> FileProblems<'a> {
    pub fn new(path: &'a str, text: &'a str) -> Self {
        Self {
            path,
            lines: LineIndex::new(text),
            list: Vec::new(),
        }
    }

    pub fn error(&mut self, offset: usize, message: impl Into<String>, hint: impl Into<String>) {
        self.push(Severity::Error, offset, message.into(), hint.into());
    }

    pub fn warning(&mut self, offset: usize, message: impl Into<String>, hint: impl Into<String>) {
        self.push(Severity::Warning, offset, message.into(), hint.into());
    }

    fn push(&mut self, severity: Severity, offset: usize, message: String, hint: String) {
        let (line, col) = self.lines.position(offset);
        self.list.push(Diagnostic {
            severity,
            path: self.path.to_string(),
            line,
            col,
            message,
            hint,
        });
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.list
    }
}

/// One table of front matter (the top level, `[extra]` or `[taxonomies]`) and its known keys.
pub struct Table<'t, 'i> {
    table: Option<&'t DeTable<'i>>,
    /// `""` for the top level, else the table's name, used in messages (`extra.pay`).
    name: &'static str,
    specs: &'static [FieldSpec],
    /// Offset in the file of the front matter, added to every span of the TOML parser.
    base: usize,
    /// Where to point when a key is missing: the table header, or the front matter's start.
    anchor: usize,
}

impl<'t, 'i> Table<'t, 'i> {
    pub fn top(table: &'t Spanned<DeTable<'i>>, specs: &'static [FieldSpec], base: usize) -> Self {
        Self {
            table: Some(table.get_ref()),
            name: "",
            specs,
            base,
            anchor: base,
        }
    }

    /// The sub-table `[name]`; a missing one behaves as empty (its required keys are reported
    /// missing). A key of that name that is not a table is an error.
    pub fn sub(
        &self,
        name: &'static str,
        specs: &'static [FieldSpec],
        problems: &mut FileProblems,
    ) -> Table<'t, 'i> {
        let mut sub = Table {
            table: None,
            name,
            specs,
            base: self.base,
            anchor: self.anchor,
        };
        if let Some((key, value)) = self.entry(name) {
            sub.anchor = self.base + key.span().start;
            match value.get_ref() {
                DeValue::Table(t) => sub.table = Some(t),
                _ => problems.error(
                    self.base + value.span().start,
                    format!("{name} 应为一个表"),
                    format!("请写成单独一行 [{name}]，下面再写它的字段"),
                ),
            }
        }
        sub
    }

    fn entry(
        &self,
        key: &str,
    ) -> Option<(
        &'t Spanned<toml::de::DeString<'i>>,
        &'t Spanned<DeValue<'i>>,
    )> {
        self.table?
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
    }

    fn spec(&self, key: &str) -> &'static FieldSpec {
        self.specs
            .iter()
            .find(|s| s.key == key)
            .unwrap_or_else(|| panic!("field {key} is not declared in its FieldSpec list"))
    }

    fn qualified(&self, key: &str) -> String {
        if self.name.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.name)
        }
    }

    /// Reads an optional field. A present but wrong value is an error and gives `None`.
    pub fn optional<T: DeserializeOwned>(
        &self,
        key: &'static str,
        problems: &mut FileProblems,
    ) -> Option<At<T>> {
        let spec = self.spec(key);
        let (_, value) = self.entry(key)?;
        let offset = self.base + value.span().start;
        match T::deserialize(ValueDeserializer::from(value.clone())) {
            Ok(v) => Some(At { value: v, offset }),
            Err(e) => {
                let found = self.raw_text(value);
                let reason = e.message().trim();
                // Our own deserializers explain themselves in Chinese; serde's generic type
                // errors are English and too technical for staff, so they are replaced.
                let ours = reason.chars().next().is_some_and(|c| !c.is_ascii());
                let message = if ours {
                    format!(
                        "{}（{}）的值 {found} 不对：{reason}",
                        self.qualified(key),
                        spec.label
                    )
                } else {
                    format!(
                        "{}（{}）的值 {found} 类型不对",
                        self.qualified(key),
                        spec.label
                    )
                };
                problems.error(offset, message, format!("应写成 {}", spec.example));
                None
            }
        }
    }

    /// Reads a required field; a missing one is an error that shows how to write it.
    pub fn required<T: DeserializeOwned>(
        &self,
        key: &'static str,
        problems: &mut FileProblems,
    ) -> Option<At<T>> {
        if self.entry(key).is_none() {
            let spec = self.spec(key);
            let place = if self.name.is_empty() {
                "在开头的 +++ 之后".to_string()
            } else {
                format!("在 [{}] 下", self.name)
            };
            problems.error(
                self.anchor,
                format!("缺少必填项 {}（{}）", self.qualified(key), spec.label),
                format!("请{place}加一行，例如 {}", spec.example),
            );
            return None;
        }
        self.optional(key, problems)
    }

    /// Warns about every key this table does not know, naming the closest known key; a key
    /// that belongs to another table (`pay` at the top instead of under `[extra]`) says so.
    pub fn warn_unknown(
        &self,
        other_tables: &[(&'static str, &'static [FieldSpec])],
        problems: &mut FileProblems,
    ) {
        let Some(table) = self.table else { return };
        for (key, _) in table.iter() {
            let key_str: &str = key.get_ref().as_ref();
            if self.specs.iter().any(|s| s.key == key_str)
                || other_tables
                    .iter()
                    .any(|(name, _)| *name == key_str && self.name.is_empty())
            {
                continue;
            }
            let offset = self.base + key.span().start;
            let elsewhere = other_tables
                .iter()
                .find(|(name, specs)| *name != self.name && specs.iter().any(|s| s.key == key_str));
            let hint = if let Some((name, _)) = elsewhere {
                if name.is_empty() {
                    format!("{key_str} 应写在 [{}] 之前（文件开头部分）", self.name)
                } else {
                    format!("{key_str} 应写在 [{name}] 下")
                }
            } else if let Some(closest) = closest_key(key_str, self.specs) {
                format!("是不是 {}？（{}）", closest.key, closest.label)
            } else {
                let known: Vec<&str> = self.specs.iter().map(|s| s.key).collect();
                format!("可用的字段有：{}", known.join("、"))
            };
            problems.warning(
                offset,
                format!("不认识的字段 {}，已忽略", self.qualified(key_str)),
                hint,
            );
        }
    }

    fn raw_text(&self, value: &Spanned<DeValue<'i>>) -> String {
        let text = match value.get_ref() {
            DeValue::String(s) => format!("“{s}”"),
            DeValue::Integer(i) => i.to_string(),
            DeValue::Float(f) => f.as_str().to_string(),
            DeValue::Boolean(b) => b.to_string(),
            DeValue::Datetime(d) => d.to_string(),
            DeValue::Array(_) => "（列表）".to_string(),
            DeValue::Table(_) => "（表）".to_string(),
        };
        let mut chars = text.chars();
        let short: String = chars.by_ref().take(40).collect();
        if chars.next().is_some() {
            format!("{short}…")
        } else {
            short
        }
    }
}

/// The known key nearest to a misspelt one, if it is near enough to be a likely typo.
pub fn closest_key<'s>(key: &str, specs: &'s [FieldSpec]) -> Option<&'s FieldSpec> {
    specs
        .iter()
        .map(|s| (strsim::damerau_levenshtein(key, s.key), s))
        .filter(|(distance, s)| *distance <= 2.max(s.key.len() / 3))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, s)| s)
}

/// The nearest of some names (categories, townships) to a wrong one, for "did you mean".
pub fn closest_name<'n>(name: &str, names: impl IntoIterator<Item = &'n str>) -> Option<&'n str> {
    names
        .into_iter()
        .map(|n| {
            let shared = n.chars().filter(|c| name.contains(*c)).count();
            (shared, strsim::levenshtein(name, n), n)
        })
        .filter(|(shared, _, _)| *shared > 0)
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
        .map(|(_, _, n)| n)
}
