//! The staff area's pages: Tera templates embedded in the binary (`intake/templates/staff/`),
//! compiled once at start-up. Every page gets the signed-in user, its CSRF token and the nav.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;
use tera::{Context, Tera};

use super::session::StaffUser;
use crate::error::AppError;

macro_rules! staff_templates {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../templates/staff/", $name)))),*]
    };
}

/// Every staff template, by name. Add a page's template here and it is compiled at start-up.
const TEMPLATES: &[(&str, &str)] = staff_templates![
    "base.html",
    "login.html",
    "message.html",
    "audit.html",
    "queue.html",
    "submission.html",
    "person_matches.html",
    "dashboard.html",
    "report.html",
    "ledgers.html",
    "ledger_list.html",
    "ledger_new.html",
    "ledger_detail.html",
    "ledger_fields.html",
    "content_list.html",
    "content_form.html",
    "content_rebuild.html",
    "content_message.html",
];

/// The staff stylesheet, served at `/staff/static/staff.css`.
pub const STYLESHEET: &str = include_str!("../../templates/staff/staff.css");

/// The navigation, in order: (key, title, url).
const NAV: &[(&str, &str, &str)] = &[
    ("queue", "待办队列", "/staff/queue"),
    ("ledgers", "台账", "/staff/ledgers/"),
    ("dashboard", "合同进度", "/staff/dashboard"),
    ("report", "月报", "/staff/report"),
    ("content", "网站内容", "/staff/content/"),
    ("audit", "操作日志", "/staff/audit"),
];

#[derive(Serialize)]
struct NavItem {
    key: &'static str,
    title: &'static str,
    url: &'static str,
}

#[derive(Serialize)]
struct UserView<'a> {
    name: &'a str,
    role: &'a str,
    role_label: &'a str,
    can_edit: bool,
}

pub struct StaffViews {
    tera: Tera,
    site_title: String,
}

impl StaffViews {
    pub fn new(site_title: &str) -> Result<Self, tera::Error> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.add_raw_templates(TEMPLATES.iter().copied())?;
        Ok(Self {
            tera,
            site_title: site_title.to_string(),
        })
    }

    /// A context with what every staff page needs. `nav` is the key of the current section.
    pub fn context(&self, user: Option<&StaffUser>, title: &str, nav: &str) -> Context {
        let mut ctx = Context::new();
        ctx.insert("site_title", &self.site_title);
        ctx.insert("page_title", title);
        ctx.insert("nav_current", nav);
        let items: Vec<NavItem> = NAV
            .iter()
            .map(|(key, title, url)| NavItem { key, title, url })
            .collect();
        ctx.insert("nav", &items);
        if let Some(user) = user {
            ctx.insert(
                "user",
                &UserView {
                    name: &user.name,
                    role: user.role.as_str(),
                    role_label: user.role.label(),
                    can_edit: user.can_edit(),
                },
            );
            ctx.insert("csrf", &user.csrf);
        }
        ctx
    }

    pub fn render(&self, template: &str, ctx: &Context) -> Result<Html<String>, AppError> {
        self.tera
            .render(template, ctx)
            .map(Html)
            .map_err(|e| AppError::Internal(format!("staff template {template}: {e:?}")))
    }

    /// A short page with a status, for refusals a person should read in the staff layout.
    pub fn message(
        &self,
        user: Option<&StaffUser>,
        status: StatusCode,
        title: &str,
        text: &str,
    ) -> Response {
        let mut ctx = self.context(user, title, "");
        ctx.insert("text", text);
        match self.render("message.html", &ctx) {
            Ok(html) => (status, html).into_response(),
            Err(e) => e.into_response(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_template_compiles() {
        let views = StaffViews::new("石泉县零工市场").unwrap();
        let ctx = views.context(None, "登录", "");
        let html = views.render("login.html", &ctx).unwrap().0;
        assert!(html.contains("登录") && html.contains("石泉县零工市场"));
    }
}
