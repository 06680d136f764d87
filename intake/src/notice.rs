//! The notice staff get for each submission: every answer under its label, in form order.

use std::collections::BTreeMap;

use lingong_site::forms::{FormSpec, Value};

use crate::submission::Notice;

pub fn compose(
    site_title: &str,
    form: &FormSpec,
    id: &str,
    values: &BTreeMap<String, Value>,
    flags: &[String],
    job_title: Option<&str>,
    recipients: &[String],
) -> Notice {
    let who = ["name", "employer", "surveyor"]
        .iter()
        .find_map(|k| match values.get(*k) {
            Some(Value::Text(t)) => Some(t.as_str()),
            _ => None,
        })
        .unwrap_or("（未留姓名）");
    let mut body = format!(
        "{site_title} 收到一份新的{}（编号 {id}）。\n请在 2 个工作日内处理。\n\n",
        form.title
    );
    if let Some(job) = job_title {
        body.push_str(&format!("岗位：{job}\n"));
    }
    for field in &form.fields {
        let Some(value) = values.get(field.name) else {
            continue;
        };
        let text = match value {
            Value::Text(t) => t.clone(),
            Value::Integer(n) => n.to_string(),
            Value::Money(m) => lingong_site::content::job::amount(*m),
            Value::List(items) => items.join("、"),
            Value::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        };
        body.push_str(&format!("{}：{}\n", field.label, text));
    }
    if !flags.is_empty() {
        body.push_str("\n需要人工复核：\n");
        for flag in flags {
            body.push_str(&format!("- {flag}\n"));
        }
    }
    Notice {
        recipients: recipients.to_vec(),
        subject: format!("[{site_title}] 新的{}：{who}", form.title),
        body,
    }
}
