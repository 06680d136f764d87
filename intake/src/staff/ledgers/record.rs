//! One ledger record: the new form and its creation, the detail page and its edit, and the link
//! to a person's submission in the queue.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::defs::{Ledger, Lookups};
use super::form::{Errors, Kind, Raw, Values};
use super::{
    PLACEMENT_CHOICES, defs, display, evidence_status, form, ledger_view, parse_id, shape,
};
use crate::error::AppError;
use crate::staff::audit;
use crate::staff::session::StaffUser;
use crate::state::AppState;
use crate::store::ledgers as store;
use crate::store::{evidence as evidence_store, sessions};

#[derive(Debug, Default, Deserialize)]
pub(super) struct NewQuery {
    #[serde(default)]
    placement: String,
    /// A submission in the queue (a seeker's registration, survey or application): the new
    /// service or placement is filled from it and linked to it, so that deleting the person's
    /// data on request reaches this row too.
    #[serde(default)]
    submission: String,
}

/// The ledgers that record something done for a person, and so may link to their submission.
fn links_person(ledger: &'static Ledger) -> bool {
    std::ptr::eq(ledger, &defs::SERVICES) || std::ptr::eq(ledger, &defs::PLACEMENTS)
}

/// The person a submission is about, if it exists, is a person's and was not anonymised:
/// (name, phone).
async fn person_of(state: &AppState, id: &str) -> Result<Option<(String, String)>, AppError> {
    let id = id.trim().to_string();
    if id.is_empty() {
        return Ok(None);
    }
    let row = state
        .reader
        .run(move |conn| crate::store::queue::get(conn, &id))
        .await?;
    Ok(row
        .filter(|r| r.anonymised_at.is_none() && r.kind != "employer" && r.kind != "satisfaction")
        .map(|r| (r.text("name").to_string(), r.text("mobile").to_string())))
}

async fn placement_choices(
    state: &AppState,
    ledger: &'static Ledger,
) -> Result<Vec<(i64, String)>, AppError> {
    if !std::ptr::eq(ledger, &defs::FOLLOWUPS) {
        return Ok(Vec::new());
    }
    Ok(state
        .reader
        .run(|conn| Ok(store::placement_choices(conn, PLACEMENT_CHOICES)?))
        .await?)
}

/// The hidden field that carries the linked submission through the new-record form.
const SUBMISSION_FIELD: &str = "submission_id";

async fn render_new(
    ledger: &'static Ledger,
    state: &AppState,
    user: &StaffUser,
    raw: &Raw,
    errors: &Errors,
    status: StatusCode,
) -> Result<Response, AppError> {
    let placements = placement_choices(state, ledger).await?;
    let views = &state.staff.views;
    let title = format!("新增{}", ledger.noun);
    let mut ctx = views.context(Some(user), &title, "ledgers");
    ctx.insert("ledger", &ledger_view(ledger, 0));
    ctx.insert(
        "fields",
        &form::views(ledger.fields, raw, errors, &placements),
    );
    ctx.insert("action", &format!("/staff/ledgers/{}", ledger.name));
    ctx.insert("error_count", &errors.len());
    let submission = raw.get(SUBMISSION_FIELD).cloned().unwrap_or_default();
    ctx.insert("submission_id", &submission);
    Ok((status, views.render("ledger_new.html", &ctx)?).into_response())
}

pub(super) async fn new_form(
    ledger: &'static Ledger,
    State(state): State<AppState>,
    user: StaffUser,
    Query(query): Query<NewQuery>,
) -> Result<Response, AppError> {
    let mut raw = Raw::new();
    if !query.placement.is_empty() {
        raw.insert("placement_id".into(), query.placement.clone());
    }
    if links_person(ledger)
        && let Some((name, phone)) = person_of(&state, &query.submission).await?
    {
        raw.insert("person_name".into(), name);
        raw.insert("person_phone".into(), phone);
        raw.insert(SUBMISSION_FIELD.into(), query.submission.trim().to_string());
    }
    render_new(ledger, &state, &user, &raw, &Errors::new(), StatusCode::OK).await
}

/// Parses a posted form and applies the ledger's rules, looking up what they need.
async fn validate(
    ledger: &'static Ledger,
    state: &AppState,
    posted: &[(String, String)],
) -> Result<(Raw, Values, Errors), AppError> {
    let (raw, mut values, mut errors) = form::parse(ledger.fields, posted);
    let mut lookups = Lookups::default();
    if let Some(rusqlite::types::Value::Integer(placement)) = values.get("placement_id") {
        let placement = *placement;
        lookups.placement_start = state
            .reader
            .run(move |conn| Ok(store::placement_start(conn, placement)?))
            .await?;
    }
    (ledger.rules)(&mut values, &mut errors, &lookups);
    Ok((raw, values, errors))
}

pub(super) async fn create(
    ledger: &'static Ledger,
    State(state): State<AppState>,
    user: StaffUser,
    Form(posted): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.require_editor()?;
    let (mut raw, values, errors) = validate(ledger, &state, &posted).await?;
    let submission = posted
        .iter()
        .find(|(k, _)| k == SUBMISSION_FIELD)
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default();
    if !errors.is_empty() {
        if !submission.is_empty() {
            raw.insert(SUBMISSION_FIELD.into(), submission);
        }
        return render_new(
            ledger,
            &state,
            &user,
            &raw,
            &errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let mut row = form::ordered(ledger.fields, &values);
    if links_person(ledger) && person_of(&state, &submission).await?.is_some() {
        row.push(("submission_id", rusqlite::types::Value::Text(submission)));
    }
    let user_id = user.id;
    let id = state
        .writer
        .run(move |tx| {
            let now = Timestamp::now();
            let id = store::insert(tx, ledger.table, &row, user_id, now)?;
            let target = format!("{}/{id}", ledger.name);
            sessions::audit(tx, Some(user_id), "create", &target, ledger.noun, now)?;
            if std::ptr::eq(ledger, &defs::EVENTS) {
                store::refresh_event_evidence(tx, id, now)?;
            }
            Ok(id)
        })
        .await?;
    Ok(Redirect::to(&format!("/staff/ledgers/{}/{id}", ledger.name)).into_response())
}

#[derive(Serialize)]
struct ShownField {
    label: &'static str,
    value: String,
    note: String,
}

async fn render_detail(
    ledger: &'static Ledger,
    state: &AppState,
    user: &StaffUser,
    id: i64,
    edit: Option<(&Raw, &Errors)>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let (row, files, followups) = state
        .reader
        .run(move |conn| {
            let row = store::get(conn, &shape(ledger), id)?;
            let files = if ledger.evidence {
                evidence_store::files_of(conn, ledger.table, id)?
            } else {
                Vec::new()
            };
            let followups = if std::ptr::eq(ledger, &defs::PLACEMENTS) {
                store::followups_of(conn, id)?
            } else {
                Vec::new()
            };
            Ok((row, files, followups))
        })
        .await?;
    let Some(row) = row else {
        return Ok(state.staff.views.message(
            Some(user),
            StatusCode::NOT_FOUND,
            "没有这条记录",
            "台账里没有这条记录，请从列表进入。",
        ));
    };
    let placements = placement_choices(state, ledger).await?;
    let mut shown: Vec<ShownField> = ledger
        .fields
        .iter()
        .map(|f| ShownField {
            label: f.label,
            value: display(ledger, f.column, &row, false),
            note: match f.kind {
                Kind::CreditCode => form::credit_code_note(row.cell(f.column)).unwrap_or_default(),
                _ => String::new(),
            },
        })
        .collect();
    for (alias, label, _) in ledger.computed {
        shown.push(ShownField {
            label,
            value: row.cell(alias).to_string(),
            note: String::new(),
        });
    }
    let status_of_evidence = if std::ptr::eq(ledger, &defs::EVENTS) {
        evidence_status(state, &row)
    } else {
        None
    };
    shown.push(ShownField {
        label: if std::ptr::eq(ledger, &defs::SERVICES) {
            "服务人员"
        } else {
            "录入人"
        },
        value: row.staff.clone(),
        note: String::new(),
    });
    shown.push(ShownField {
        label: "录入时间",
        value: row.created_at.clone(),
        note: String::new(),
    });
    let stored_raw;
    let (raw, errors) = match edit {
        Some((raw, errors)) => (raw, errors.clone()),
        None => {
            stored_raw = form::raw_from_row(ledger.fields, &row);
            (&stored_raw, Errors::new())
        }
    };
    let views = &state.staff.views;
    let title = format!("{} #{id}", ledger.noun);
    let mut ctx = views.context(Some(user), &title, "ledgers");
    ctx.insert("ledger", &ledger_view(ledger, 0));
    ctx.insert("id", &id);
    ctx.insert("shown", &shown);
    ctx.insert(
        "fields",
        &form::views(ledger.fields, raw, &errors, &placements),
    );
    ctx.insert("action", &format!("/staff/ledgers/{}/{id}", ledger.name));
    ctx.insert("error_count", &errors.len());
    ctx.insert("files", &files);
    ctx.insert("followups", &followups);
    ctx.insert("is_placement", &std::ptr::eq(ledger, &defs::PLACEMENTS));
    ctx.insert("evidence_status", &status_of_evidence);
    // After an event: its summary goes to the published event page in one step (issue 6).
    let publish_summary = (std::ptr::eq(ledger, &defs::EVENTS)
        && !row.cell("event_slug").trim().is_empty()
        && !row.cell("summary").trim().is_empty())
    .then(|| {
        format!(
            "/staff/content/events/{}/summary",
            row.cell("event_slug").trim()
        )
    });
    ctx.insert("publish_summary_url", &publish_summary);
    ctx.insert(
        "upload_url",
        &format!(
            "/staff/ledgers/{}/{id}/evidence?csrf={}",
            ledger.name, user.csrf
        ),
    );
    Ok((status, views.render("ledger_detail.html", &ctx)?).into_response())
}

pub(super) async fn detail(
    ledger: &'static Ledger,
    State(state): State<AppState>,
    user: StaffUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_id(&id)?;
    let response = render_detail(ledger, &state, &user, id, None, StatusCode::OK).await?;
    // The detail page shows the full phone number: who saw it is logged, as for submissions.
    let has_phone = ledger.fields.iter().any(|f| matches!(f.kind, Kind::Phone));
    if has_phone && response.status() == StatusCode::OK {
        let target = format!("{}/{id}", ledger.name);
        audit::record(
            &state,
            Some(user.id),
            "view_personal",
            target,
            "详情页（完整电话）",
        )
        .await?;
    }
    Ok(response)
}

pub(super) async fn update(
    ledger: &'static Ledger,
    State(state): State<AppState>,
    user: StaffUser,
    Path(id): Path<String>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.require_editor()?;
    let id = parse_id(&id)?;
    let (raw, values, errors) = validate(ledger, &state, &posted).await?;
    if !errors.is_empty() {
        return render_detail(
            ledger,
            &state,
            &user,
            id,
            Some((&raw, &errors)),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let row = form::ordered(ledger.fields, &values);
    let user_id = user.id;
    state
        .writer
        .run(move |tx| {
            let now = Timestamp::now();
            let Some(before) = store::get(tx, &shape(ledger), id)? else {
                return Err(crate::store::StoreError::Refused(
                    "没有这条记录，无法修改".into(),
                ));
            };
            let changed: Vec<&str> = ledger
                .fields
                .iter()
                .filter(|f| {
                    let new = raw_value(&row, f.column);
                    new != before.cell(f.column)
                })
                .map(|f| f.label)
                .collect();
            store::update(tx, ledger.table, id, &row)?;
            let target = format!("{}/{id}", ledger.name);
            let detail = if changed.is_empty() {
                "未改动".to_string()
            } else {
                format!("改了：{}", changed.join("、"))
            };
            sessions::audit(tx, Some(user_id), "update", &target, &detail, now)?;
            if std::ptr::eq(ledger, &defs::EVENTS) {
                store::refresh_event_evidence(tx, id, now)?;
            }
            Ok(())
        })
        .await?;
    Ok(Redirect::to(&format!("/staff/ledgers/{}/{id}", ledger.name)).into_response())
}

/// A value to be stored, as the text a stored row reads back as.
fn raw_value(row: &[(&str, rusqlite::types::Value)], column: &str) -> String {
    use rusqlite::types::Value;
    match row.iter().find(|(c, _)| *c == column).map(|(_, v)| v) {
        Some(Value::Text(t)) => t.clone(),
        Some(Value::Integer(i)) => i.to_string(),
        Some(Value::Real(f)) => f.to_string(),
        _ => String::new(),
    }
}
