//! Pages that carry a form get a signed time token when served, so that a submission can prove
//! a person spent a moment on the page.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{Html, IntoResponse, Response};
use lingong_site::forms::view::FormView;
use lingong_site::forms::{FieldErrors, Input};

use crate::abuse::TokenKey;
use crate::error::AppError;
use crate::state::AppState;

const EMPTY_TOKEN: &str = "<input type=\"hidden\" name=\"started\" value=\"\">";

fn now_seconds() -> i64 {
    jiff::Timestamp::now().as_second()
}

pub async fn form_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    // Applications are made from a job's page (they need the job); everything else has its page.
    let form = state
        .form(&id)
        .filter(|f| f.id != "apply")
        .ok_or(AppError::NotFound)?;
    let input = Input::from_pairs([("started", state.token_key.issue(form.id, now_seconds()))]);
    let view = FormView::new(form, &input, &FieldErrors::new());
    let html = state
        .renderer
        .form_page(&view, form.title, None)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(fresh(Html(html).into_response()))
}

/// A job's static page, with a token put into its application form.
pub async fn job_page(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    if !lingong_site::domain::slug::is_valid_slug(&slug) {
        return Err(AppError::NotFound);
    }
    let path = state.public_dir.join("jobs").join(&slug).join("index.html");
    let Ok(html) = tokio::fs::read_to_string(&path).await else {
        let not_found = tokio::fs::read_to_string(state.public_dir.join("404.html"))
            .await
            .unwrap_or_default();
        return Ok((StatusCode::NOT_FOUND, Html(not_found)).into_response());
    };
    Ok(fresh(
        Html(with_token(&html, &state.token_key, "apply", now_seconds())).into_response(),
    ))
}

fn with_token(html: &str, key: &TokenKey, form: &str, now: i64) -> String {
    html.replace(
        EMPTY_TOKEN,
        &format!(
            "<input type=\"hidden\" name=\"started\" value=\"{}\">",
            key.issue(form, now)
        ),
    )
}

/// Pages with a token must not be cached, or every visitor would share one.
fn fresh(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(CACHE_CONTROL, "no-store".parse().expect("static header"));
    response.headers_mut().insert(
        CONTENT_TYPE,
        "text/html; charset=utf-8".parse().expect("static header"),
    );
    response
}
