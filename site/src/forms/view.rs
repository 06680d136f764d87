//! Template data of a form page: each field with its current value and its problem, so that
//! the generator (empty form) and the intake service (a form sent back with errors) render the
//! same template.

use serde::Serialize;

use super::field::FieldKind;
use super::{FieldErrors, FormSpec, Input, Privacy};

/// Where forms post to. The intake service serves them on the same origin.
pub fn action(form_id: &str) -> String {
    format!("/intake/{form_id}")
}

/// The page a successful HTML post is redirected to.
pub fn thanks_url(form_id: &str) -> String {
    format!("/forms/{form_id}/thanks/")
}

pub fn page_url(form_id: &str) -> String {
    format!("/forms/{form_id}/")
}

#[derive(Debug, Serialize)]
pub struct FormView {
    pub id: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub privacy: Privacy,
    pub submit_label: &'static str,
    pub action: String,
    pub fields: Vec<FieldView>,
    /// How many problems the page shows, for the summary at the top.
    pub error_count: usize,
    /// A problem with the whole submission (the database is unavailable, say), shown on top;
    /// the values are kept so that nothing has to be typed again.
    pub form_error: Option<String>,
    /// Hidden anti-abuse and de-duplication values (filled by the service, or by script).
    pub submission_id: String,
    pub started: String,
}

#[derive(Debug, Serialize)]
pub struct FieldView {
    pub name: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    pub required: bool,
    /// `text`, `textarea`, `tel`, `number`, `date`, `select`, `radio`, `checkbox`, `consent`,
    /// `hidden`: what the template draws.
    pub control: &'static str,
    pub inputmode: Option<&'static str>,
    pub autocomplete: Option<&'static str>,
    pub maxlength: Option<usize>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub value: String,
    pub options: Vec<OptionView>,
    pub checked: bool,
    pub error: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct OptionView {
    pub value: String,
    pub selected: bool,
}

impl FormView {
    /// The form as a person sees it: with what they typed (if anything) and the problems.
    pub fn new(spec: &FormSpec, input: &Input, errors: &FieldErrors) -> Self {
        let fields = spec
            .fields
            .iter()
            .map(|f| {
                let values = input.values(f.name);
                let value = values.first().cloned().unwrap_or_default();
                let (control, inputmode, maxlength, min, max) = match &f.kind {
                    FieldKind::Text { max } => ("text", None, Some(*max), None, None),
                    FieldKind::TextArea { max } => ("textarea", None, Some(*max), None, None),
                    FieldKind::Mobile => ("tel", Some("tel"), Some(20), None, None),
                    FieldKind::CreditCode => ("text", None, Some(18), None, None),
                    FieldKind::Integer { min, max } => {
                        ("number", Some("numeric"), None, Some(*min), Some(*max))
                    }
                    FieldKind::Money { .. } => ("text", Some("decimal"), Some(12), None, None),
                    FieldKind::Date => ("date", None, None, None, None),
                    FieldKind::Select { .. } => ("select", None, None, None, None),
                    FieldKind::Radio { .. } => ("radio", None, None, None, None),
                    FieldKind::Multi { .. } => ("checkbox", None, None, None, None),
                    FieldKind::Consent => ("consent", None, None, None, None),
                    FieldKind::Hidden => ("hidden", None, None, None, None),
                };
                let options = match &f.kind {
                    FieldKind::Select { options }
                    | FieldKind::Radio { options }
                    | FieldKind::Multi { options } => options
                        .iter()
                        .map(|o| OptionView {
                            value: o.clone(),
                            selected: values.iter().any(|v| v == o),
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                FieldView {
                    name: f.name,
                    label: f.label,
                    help: f.help,
                    required: f.required,
                    control,
                    inputmode,
                    autocomplete: f.autocomplete,
                    maxlength,
                    min,
                    max,
                    checked: matches!(f.kind, FieldKind::Consent)
                        && values.iter().any(|v| !v.trim().is_empty()),
                    value,
                    options,
                    error: errors.get(f.name).cloned(),
                }
            })
            .collect();
        FormView {
            id: spec.id,
            title: spec.title,
            intro: spec.intro,
            privacy: spec.privacy.clone(),
            submit_label: spec.submit_label,
            action: action(spec.id),
            fields,
            error_count: errors.len(),
            form_error: None,
            submission_id: input.first("submission_id").unwrap_or_default().to_string(),
            started: input.first("started").unwrap_or_default().to_string(),
        }
    }
}
