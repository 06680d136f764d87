//! The form of a job, event or policy: new (optionally from an employer's 用工登记), edit,
//! preview with the real theme, publish. Problems come back next to their fields; a save of a
//! file someone else changed meanwhile is refused with a diff (409).

use std::collections::BTreeMap;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lingong_site::Diagnostics;
use serde::{Deserialize, Serialize};

use super::target;
use crate::error::AppError;
use crate::publish::diff::{self, DiffLine};
use crate::publish::fields::{self, ContentKind, FieldErrors, Kind, Values, Written};
use crate::publish::{self, Change, Expected, Refusal, files};
use crate::staff::audit;
use crate::staff::session::StaffUser;
use crate::state::AppState;
use crate::store::publish as store;

/// Everything a form page shows besides the fields' definitions.
#[derive(Default)]
struct FormState {
    values: Values,
    slug: Option<String>,
    hash: Option<String>,
    from: Option<String>,
    field_errors: FieldErrors,
    errors: Vec<String>,
    warnings: Vec<String>,
    preview_html: Option<String>,
    diff: Vec<DiffLine>,
    notice: Option<String>,
}

#[derive(Serialize)]
struct FieldView {
    key: &'static str,
    label: &'static str,
    help: &'static str,
    required: bool,
    /// text | textarea | date | datetime-local | number | select | checkbox
    input: &'static str,
    options: Vec<String>,
    value: String,
    error: Option<String>,
}

fn kind_of(segment: &str) -> Result<ContentKind, AppError> {
    ContentKind::parse(segment).ok_or(AppError::NotFound)
}

#[derive(Deserialize)]
pub struct NewQuery {
    from: Option<String>,
}

pub async fn new_page(
    State(state): State<AppState>,
    user: StaffUser,
    Path(kind): Path<String>,
    Query(query): Query<NewQuery>,
) -> Result<Response, AppError> {
    let kind = kind_of(&kind)?;
    let today = lingong_site::today::today_in_shanghai();
    let mut form = FormState::default();
    match query.from.filter(|f| !f.is_empty()) {
        Some(from) if kind == ContentKind::Jobs => {
            let id = from.clone();
            let need = state
                .reader
                .run(move |conn| Ok(store::employer_need(conn, &id)?))
                .await?
                .ok_or(AppError::NotFound)?;
            form.values = fields::job_from_employer(&need.data, today);
            if let Some(slug) = need.published_job {
                form.notice = Some(format!(
                    "这条用工登记已发布为岗位 /jobs/{slug}/ ，再发布会新建一个岗位页面。"
                ));
            }
            form.from = Some(from);
        }
        _ => {
            form.values.set("date", today.to_string());
            if kind == ContentKind::Jobs {
                form.values.set("verified_on", today.to_string());
                form.values.set(
                    "valid_through",
                    lingong_site::today::add_days(today, 30).to_string(),
                );
            }
        }
    }
    render(&state, &user, kind, form, StatusCode::OK)
}

pub async fn create(
    State(state): State<AppState>,
    user: StaffUser,
    Path(kind): Path<String>,
    Form(posted): Form<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    user.require_editor()?;
    let kind = kind_of(&kind)?;
    let form = FormState {
        values: Values::from_form(kind, &posted),
        from: posted.get("from").filter(|f| !f.is_empty()).cloned(),
        ..FormState::default()
    };
    let written = match fields::write(kind, &form.values) {
        Ok(w) => w,
        Err(errors) => return refused_fields(&state, &user, kind, form, errors),
    };
    // The name is chosen under the publishing lock; this one is for messages only.
    let rel = kind.path_of(&files::new_slug(
        &state.root,
        kind,
        &slug_words(kind, &form.values),
    ));
    let change = Change {
        rel: rel.clone(),
        text: written.text.clone(),
        expected: Expected::New {
            kind,
            words: slug_words(kind, &form.values),
        },
    };
    match publish::save(&target(&state), &state.jobs, change).await {
        Ok((_, rel)) => {
            let slug = lingong_site::content::file_info::FileInfo::new(rel.clone())
                .map(|f| f.slug)
                .unwrap_or_default();
            let (user_id, from, slug2, title) = (
                user.id,
                form.from.clone(),
                slug.clone(),
                form.values.get("title").to_string(),
            );
            state
                .writer
                .run(move |tx| {
                    let now = jiff::Timestamp::now();
                    store::record(tx, user_id, "publish", &rel, &title, now)?;
                    if let Some(from) = from {
                        store::link_job(tx, &from, &slug2, user_id, now)?;
                    }
                    Ok(())
                })
                .await?;
            Ok(
                Redirect::to(&format!("/staff/content/{}/{slug}?saved=1", kind.dir()))
                    .into_response(),
            )
        }
        Err(refusal) => refused(&state, &user, kind, form, &rel, &written, refusal),
    }
}

pub async fn preview(
    State(state): State<AppState>,
    user: StaffUser,
    Path(kind): Path<String>,
    Form(posted): Form<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let kind = kind_of(&kind)?;
    let mut form = FormState {
        values: Values::from_form(kind, &posted),
        from: posted.get("from").filter(|f| !f.is_empty()).cloned(),
        slug: posted.get("slug").filter(|s| !s.is_empty()).cloned(),
        hash: posted.get("hash").filter(|h| !h.is_empty()).cloned(),
        ..FormState::default()
    };
    let written = match fields::write(kind, &form.values) {
        Ok(w) => w,
        Err(errors) => return refused_fields(&state, &user, kind, form, errors),
    };
    let rel = match &form.slug {
        Some(slug) => files::find(&state.root, kind, slug).ok_or(AppError::NotFound)?,
        None => kind.path_of(&files::new_slug(
            &state.root,
            kind,
            &slug_words(kind, &form.values),
        )),
    };
    let (root, text, rel2) = (state.root.clone(), written.text.clone(), rel.clone());
    let today = lingong_site::today::today_in_shanghai();
    let rendered =
        tokio::task::spawn_blocking(move || lingong_site::preview(&root, &rel2, &text, today))
            .await
            .map_err(|e| AppError::Internal(format!("preview: {e}")))?;
    match rendered {
        Ok(html) => {
            form.preview_html = html;
            form.notice = Some("这是预览，还没有发布。确认无误后点“发布”。".into());
            render(&state, &user, kind, form, StatusCode::OK)
        }
        Err(lingong_site::Error::Content(d)) => refused(
            &state,
            &user,
            kind,
            form,
            &rel,
            &written,
            Refusal::Invalid(d),
        ),
        Err(other) => refused(
            &state,
            &user,
            kind,
            form,
            &rel,
            &written,
            Refusal::Failed(other.to_string()),
        ),
    }
}

#[derive(Deserialize)]
pub struct EditQuery {
    saved: Option<String>,
}

pub async fn edit_page(
    State(state): State<AppState>,
    user: StaffUser,
    Path((kind, slug)): Path<(String, String)>,
    Query(query): Query<EditQuery>,
) -> Result<Response, AppError> {
    let kind = kind_of(&kind)?;
    let rel = files::find(&state.root, kind, &slug).ok_or(AppError::NotFound)?;
    let bytes = std::fs::read(state.root.join(&rel)).map_err(|_| AppError::NotFound)?;
    let mut form = FormState {
        values: fields::read(kind, &String::from_utf8_lossy(&bytes)),
        hash: Some(files::hash(&bytes)),
        slug: Some(slug.clone()),
        ..FormState::default()
    };
    if query.saved.is_some() {
        let last = publish::last_build().await;
        form.notice = Some(match &last {
            Some(b) if b.ok => format!(
                "已保存到 {rel} 并重新生成网站（{} 个页面，用时 {} 毫秒）。",
                b.pages, b.millis
            ),
            _ => format!("已保存到 {rel}。"),
        });
        form.warnings = last.map(|b| b.warnings).unwrap_or_default();
    }
    render(&state, &user, kind, form, StatusCode::OK)
}

pub async fn update(
    State(state): State<AppState>,
    user: StaffUser,
    Path((kind, slug)): Path<(String, String)>,
    Form(posted): Form<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    user.require_editor()?;
    let kind = kind_of(&kind)?;
    let rel = files::find(&state.root, kind, &slug).ok_or(AppError::NotFound)?;
    let hash = posted.get("hash").cloned().unwrap_or_default();
    let form = FormState {
        values: Values::from_form(kind, &posted),
        slug: Some(slug.clone()),
        hash: Some(hash.clone()),
        ..FormState::default()
    };
    let written = match fields::write(kind, &form.values) {
        Ok(w) => w,
        Err(errors) => return refused_fields(&state, &user, kind, form, errors),
    };
    let change = Change {
        rel: rel.clone(),
        text: written.text.clone(),
        expected: Expected::Hash(hash),
    };
    match publish::save(&target(&state), &state.jobs, change).await {
        Ok(_) => {
            let title = form.values.get("title").to_string();
            audit::record(&state, Some(user.id), "update", rel, title).await?;
            Ok(
                Redirect::to(&format!("/staff/content/{}/{slug}?saved=1", kind.dir()))
                    .into_response(),
            )
        }
        Err(refusal) => refused(&state, &user, kind, form, &rel, &written, refusal),
    }
}

/// The words a new file's slug is made of: employer and title for a job (as the public knows
/// it), month and title for an event, the title for a policy.
fn slug_words(kind: ContentKind, values: &Values) -> String {
    match kind {
        ContentKind::Jobs => format!("{} {}", values.get("employer"), values.get("title")),
        ContentKind::Events => format!(
            "{} {}",
            values.get("start").get(..7).unwrap_or_default(),
            values.get("title")
        ),
        ContentKind::Policies => values.get("title").to_string(),
    }
}

fn refused_fields(
    state: &AppState,
    user: &StaffUser,
    kind: ContentKind,
    mut form: FormState,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    form.field_errors = errors;
    form.errors
        .push("有些项目填得不对，请看标红的地方，改好后再提交。什么都没有保存。".into());
    render(state, user, kind, form, StatusCode::UNPROCESSABLE_ENTITY)
}

/// A refused save: the form again with what was typed, and why.
fn refused(
    state: &AppState,
    user: &StaffUser,
    kind: ContentKind,
    mut form: FormState,
    rel: &str,
    written: &Written,
    refusal: Refusal,
) -> Result<Response, AppError> {
    let status = match refusal {
        Refusal::Stale { current } => {
            form.diff = diff::lines(&current, &written.text);
            form.errors.push(format!(
                "没有保存：您打开这一页之后，别人已经修改了 {rel}。为了不覆盖别人的修改，请先看下面的差别（“-”是文件现在的内容，“+”是您提交的内容），再重新打开这一页，把您的修改重新填一遍。"
            ));
            StatusCode::CONFLICT
        }
        Refusal::Exists => {
            form.errors
                .push(format!("没有保存：{rel} 已经存在，请改一下标题再发布。"));
            StatusCode::CONFLICT
        }
        Refusal::Invalid(diagnostics) => {
            place_problems(&mut form, rel, written, &diagnostics);
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Refusal::Failed(message) => {
            form.errors.push(format!("没有保存：{message}"));
            StatusCode::SERVICE_UNAVAILABLE
        }
    };
    render(state, user, kind, form, status)
}

/// Puts the generator's problems next to the fields they are about (by line in the written
/// file); the rest (the body, other files) go in the list at the top.
fn place_problems(form: &mut FormState, rel: &str, written: &Written, diagnostics: &Diagnostics) {
    form.errors
        .push("没有发布：检查发现下列问题，网站保持原样，content/ 里什么都没有写。".into());
    for d in diagnostics.errors() {
        let text = if d.hint.is_empty() {
            d.message.clone()
        } else {
            format!("{} — {}", d.message, d.hint)
        };
        match (d.path == rel).then(|| written.field_at(d.line)).flatten() {
            Some(key) => {
                form.field_errors.insert(key.to_string(), text);
            }
            None if d.path == rel => form.errors.push(text),
            None => form.errors.push(d.to_string()),
        }
    }
}

fn render(
    state: &AppState,
    user: &StaffUser,
    kind: ContentKind,
    form: FormState,
    status: StatusCode,
) -> Result<Response, AppError> {
    let config = lingong_site::Config::load(&state.root)
        .map_err(|e| AppError::Internal(format!("config.toml: {e}")))?;
    let names = |terms: &[lingong_site::config::Term]| -> Vec<String> {
        terms.iter().map(|t| t.name.clone()).collect()
    };
    let fields: Vec<FieldView> = kind
        .fields()
        .iter()
        .map(|def| {
            let (input, options) = match def.kind {
                Kind::Text => ("text", Vec::new()),
                Kind::Area | Kind::Lines => ("textarea", Vec::new()),
                Kind::Date => ("date", Vec::new()),
                Kind::DateTime => ("datetime-local", Vec::new()),
                // Text, not type=number: what was typed comes back as typed, with the problem.
                Kind::Number | Kind::Integer => ("number", Vec::new()),
                Kind::Bool => ("checkbox", Vec::new()),
                Kind::Choice(list) => ("select", list.iter().map(|s| s.to_string()).collect()),
                Kind::Category => ("select", names(&config.categories)),
                Kind::Township => ("select", names(&config.townships)),
            };
            FieldView {
                key: def.key,
                label: def.label,
                help: def.help,
                required: def.required,
                input,
                options,
                value: form.values.get(def.key).to_string(),
                error: form.field_errors.get(def.key).cloned(),
            }
        })
        .collect();
    let editing = form.slug.is_some();
    let title = match (&form.slug, editing) {
        (Some(_), _) => format!("修改{}", kind.label()),
        (None, _) => format!("新建{}", kind.label()),
    };
    let action = match &form.slug {
        Some(slug) => format!("/staff/content/{}/{slug}", kind.dir()),
        None => format!("/staff/content/{}/new", kind.dir()),
    };
    let public_url = form
        .slug
        .as_ref()
        .map(|slug| format!("/{}/{slug}/", kind.dir()));
    let views = &state.staff.views;
    let mut ctx = views.context(Some(user), &title, "content");
    ctx.insert("kind", &kind);
    ctx.insert("kind_label", kind.label());
    ctx.insert("fields", &fields);
    ctx.insert("body", &form.values.body);
    ctx.insert("slug", &form.slug);
    ctx.insert("hash", &form.hash);
    ctx.insert("from", &form.from);
    ctx.insert("action", &action);
    ctx.insert(
        "preview_action",
        &format!("/staff/content/{}/preview", kind.dir()),
    );
    ctx.insert("public_url", &public_url);
    ctx.insert("errors", &form.errors);
    ctx.insert("warnings", &form.warnings);
    ctx.insert("preview_html", &form.preview_html);
    ctx.insert("diff", &form.diff);
    ctx.insert("notice", &form.notice);
    Ok((status, views.render("content_form.html", &ctx)?).into_response())
}
