//! The five public forms, defined once (fields, labels, help, rules) and used both by the
//! generator, which publishes each form page, and by the intake service, which checks a
//! submission with the same rules and re-renders the page with every value kept and each
//! problem next to its field.

pub mod definitions;
pub mod field;
pub mod view;

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

pub use definitions::all;
pub use field::{Checked, Field, FieldKind, Value};

/// Who collects what, why and for how long: every form says so before it asks (PIPL).
#[derive(Debug, Clone, Serialize)]
pub struct Privacy {
    pub collector: &'static str,
    pub purpose: &'static str,
    pub retention: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct FormSpec {
    /// URL segment and storage kind: `register`, `apply`, `employer`, `survey`, `satisfaction`.
    pub id: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub privacy: Privacy,
    pub submit_label: &'static str,
    /// What the thank-you page says happens next.
    pub thanks: &'static str,
    pub fields: Vec<Field>,
}

/// What a submitted form looks like before checking: every value of every name.
#[derive(Debug, Clone, Default)]
pub struct Input(pub BTreeMap<String, Vec<String>>);

impl Input {
    pub fn from_pairs<I, K, V>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (k, v) in pairs {
            map.entry(k.into()).or_default().push(v.into());
        }
        Self(map)
    }

    pub fn values(&self, name: &str) -> &[String] {
        self.0.get(name).map_or(&[], Vec::as_slice)
    }

    pub fn first(&self, name: &str) -> Option<&str> {
        self.values(name).first().map(String::as_str)
    }
}

/// Facts a check needs from outside the form.
pub struct Context<'a> {
    pub today: Date,
    /// Whether a job slug names a job open for applications.
    pub job_is_open: &'a (dyn Fn(&str) -> bool + Sync),
}

/// A submission that passed every rule: the values to store and notes for the reviewer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Accepted {
    pub values: BTreeMap<String, Value>,
    /// Things a person should look at (an age limit, a failing credit-code check character).
    pub flags: Vec<String>,
}

/// Problems by field name, each a sentence in Chinese.
pub type FieldErrors = BTreeMap<String, String>;

impl FormSpec {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Checks every field and the rules that span fields; all problems at once.
    pub fn validate(&self, input: &Input, context: &Context) -> Result<Accepted, FieldErrors> {
        let mut values = BTreeMap::new();
        let mut errors = FieldErrors::new();
        let mut flags = Vec::new();
        for field in &self.fields {
            match field.check(input.values(field.name)) {
                Checked::Ok(Some(v)) => {
                    values.insert(field.name.to_string(), v);
                }
                Checked::Ok(None) => {}
                Checked::Invalid(message) => {
                    errors.insert(field.name.to_string(), message);
                }
                Checked::Flagged(v, note) => {
                    values.insert(field.name.to_string(), v);
                    flags.push(note);
                }
            }
        }
        definitions::cross_field_rules(self.id, &values, context, &mut errors, &mut flags);
        if errors.is_empty() {
            Ok(Accepted { values, flags })
        } else {
            Err(errors)
        }
    }
}
