//! `POST /intake/{form}`: check, store, acknowledge. HTML posts get a 303 to the thank-you
//! page, or the same form back (422) with every value kept and each problem by its field;
//! JSON posts get JSON. A 2xx or 303 is sent only after the submission is committed.

use std::net::SocketAddr;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::header::{LOCATION, USER_AGENT};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use jiff::Timestamp;
use lingong_site::forms::view::{FormView, thanks_url};
use lingong_site::forms::{Context, FieldErrors, FormSpec, Input};
use serde_json::json;

use crate::abuse::{HONEYPOT, STARTED, spam_reason};
use crate::error::AppError;
use crate::extract::{Dialect, dialect, parse_body};
use crate::notice;
use crate::state::AppState;
use crate::submission::{NewSubmission, SubmissionId, WriteOutcome, content_hash};

pub async fn submit(
    State(state): State<AppState>,
    Path(form_id): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let dialect = dialect(&headers);
    match handle(&state, &form_id, peer, &headers, body).await {
        Ok(response) => response,
        Err(Failure::Refused(error)) => refusal(error, dialect),
        Err(Failure::Unsaved(error, form, input)) => {
            tracing::error!("submission not stored: {error}");
            match dialect {
                Dialect::Json => refusal(AppError::Internal(error), dialect),
                // The form comes back with everything typed, so trying again is one tap.
                Dialect::Html => {
                    let mut view = FormView::new(&form, &input, &FieldErrors::new());
                    view.form_error = Some(AppError::Internal(String::new()).message().to_string());
                    page(&state, &view, StatusCode::SERVICE_UNAVAILABLE, &input)
                }
            }
        }
    }
}

enum Failure {
    Refused(AppError),
    Unsaved(String, FormSpec, Input),
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Self {
        Failure::Refused(e)
    }
}

async fn handle(
    state: &AppState,
    form_id: &str,
    peer: SocketAddr,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Failure> {
    let form = state.form(form_id).ok_or(AppError::NotFound)?.clone();
    let client = state.client_ip(peer, headers);
    if !state.limiter.allow(client) {
        return Err(AppError::TooMany.into());
    }
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge
        } else {
            AppError::BadRequest("无法读取提交的内容")
        }
    })?;
    let input = parse_body(headers, &body)?;
    let dialect = dialect(headers);
    let today = lingong_site::today::today_in_shanghai();
    let jobs = state.jobs.clone();
    let job_is_open = move |slug: &str| jobs.is_open(slug, today);
    let context = Context {
        today,
        job_is_open: &job_is_open,
    };

    let accepted = match form.validate(&input, &context) {
        Ok(accepted) => accepted,
        Err(errors) => {
            return Ok(match dialect {
                Dialect::Json => (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Json(json!({ "status": "invalid", "errors": errors })),
                )
                    .into_response(),
                Dialect::Html => page(
                    state,
                    &FormView::new(&form, &input, &errors),
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &input,
                ),
            });
        }
    };

    let now = Timestamp::now();
    let token = state
        .token_key
        .age(form.id, input.first(STARTED).unwrap_or(""), now.as_second());
    let spam = spam_reason(input.first(HONEYPOT), token, state.abuse.min_fill_seconds);
    let data = serde_json::to_value(&accepted.values).unwrap_or_default();
    let hash = content_hash(form.id, &data);
    let id = input
        .first("submission_id")
        .and_then(SubmissionId::parse)
        .unwrap_or_else(|| SubmissionId::derive(&hash, now));
    let job_title = match accepted.values.get("job") {
        Some(lingong_site::forms::Value::Text(slug)) => {
            state.jobs.card(slug).map(|c| c.title.clone())
        }
        _ => None,
    };
    // Spam is kept for staff to see but does not mail them.
    let notice = spam.is_none().then(|| {
        notice::compose(
            &state.site_title,
            &form,
            id.as_str(),
            &accepted.values,
            &accepted.flags,
            job_title.as_deref(),
            &state.notify,
        )
    });
    let submission = NewSubmission {
        id: id.clone(),
        kind: form.id,
        data,
        content_hash: hash,
        spam,
        flags: accepted.flags,
        client_addr: Some(client.to_string()),
        user_agent: headers
            .get(USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.chars().take(300).collect()),
        created_at: now,
        notice,
    };
    let outcome = match state.writer.write(submission).await {
        Ok(outcome) => outcome,
        Err(e) => return Err(Failure::Unsaved(e.to_string(), form, input)),
    };
    state.outbox_wake.notify_one();
    Ok(match (dialect, outcome) {
        (Dialect::Json, WriteOutcome::Stored) => (
            StatusCode::CREATED,
            Json(json!({ "status": "stored", "id": id.as_str() })),
        )
            .into_response(),
        (Dialect::Json, WriteOutcome::Duplicate(existing)) => (
            StatusCode::CONFLICT,
            Json(json!({ "status": "duplicate", "id": existing })),
        )
            .into_response(),
        (Dialect::Html, _) => {
            (StatusCode::SEE_OTHER, [(LOCATION, thanks_url(form.id))]).into_response()
        }
    })
}

/// The form page again, with values and problems, at the given status.
fn page(state: &AppState, view: &FormView, status: StatusCode, input: &Input) -> Response {
    let job = input.first("job").and_then(|slug| state.jobs.card(slug));
    let form_title = view.title;
    match state.renderer.form_page(view, form_title, job.as_ref()) {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => AppError::Internal(e.to_string()).into_response(),
    }
}

fn refusal(error: AppError, dialect: Dialect) -> Response {
    match dialect {
        Dialect::Json => {
            if let AppError::Internal(detail) = &error {
                tracing::error!("{detail}");
            }
            (
                error.status(),
                Json(json!({ "status": "error", "message": error.message() })),
            )
                .into_response()
        }
        Dialect::Html => error.into_response(),
    }
}
