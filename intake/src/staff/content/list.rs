//! `/staff/content/`: every job, event and policy with its dates and state, and the buttons
//! that change one value (re-verify, extend, withdraw) without opening the form.

use axum::extract::State;
use axum::response::Html;
use serde::Serialize;

use crate::error::AppError;
use crate::publish::fields::{self, ContentKind};
use crate::publish::files;
use crate::staff::session::StaffUser;
use crate::state::AppState;
use crate::store::publish as store;

#[derive(Serialize)]
struct Item {
    slug: String,
    path: String,
    hash: String,
    title: String,
    date: String,
    valid_through: String,
    verified_on: String,
    start: String,
    /// 草稿 | 已过期 | 在招 | 已取消 | …
    state: &'static str,
    /// The 用工登记 this job was published from.
    source: Option<String>,
}

#[derive(Serialize)]
struct Section {
    kind: ContentKind,
    label: &'static str,
    items: Vec<Item>,
}

pub async fn page(
    State(state): State<AppState>,
    user: StaffUser,
) -> Result<Html<String>, AppError> {
    let sources = state
        .reader
        .run(|conn| Ok(store::job_sources(conn)?))
        .await?;
    let today = lingong_site::today::today_in_shanghai().to_string();
    let mut sections = Vec::new();
    for kind in [
        ContentKind::Jobs,
        ContentKind::Events,
        ContentKind::Policies,
    ] {
        let mut items = Vec::new();
        for (slug, path) in files::list(&state.root, kind) {
            let Ok(bytes) = std::fs::read(state.root.join(&path)) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes);
            let v = fields::read(kind, &text);
            let draft = v.get("draft") == "true";
            let state_label = if draft {
                "草稿（未发布）"
            } else if v.get("cancelled") == "true" {
                "已取消"
            } else if kind == ContentKind::Jobs && v.get("valid_through") < today.as_str() {
                "已过期"
            } else if kind == ContentKind::Jobs {
                "在招"
            } else {
                "已发布"
            };
            items.push(Item {
                source: sources.get(&slug).cloned(),
                hash: files::hash(&bytes),
                title: v.get("title").to_string(),
                date: v.get("date").to_string(),
                valid_through: v.get("valid_through").to_string(),
                verified_on: v.get("verified_on").to_string(),
                start: v.get("start").to_string(),
                state: state_label,
                slug,
                path,
            });
        }
        // Newest first: by date (events by start), then slug.
        items.sort_by(|a, b| (&b.date, &b.start).cmp(&(&a.date, &a.start)));
        sections.push(Section {
            kind,
            label: kind.label(),
            items,
        });
    }
    let views = &state.staff.views;
    let mut ctx = views.context(Some(&user), "网站内容", "content");
    ctx.insert("sections", &sections);
    views.render("content_list.html", &ctx)
}
