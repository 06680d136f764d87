//! The five ledgers (台账): services, placements, follow-ups, events, platform sign-ups. Each
//! has a list (filters, pages, masked phones), a form, a detail page with an edit form, and a
//! CSV export; every create, update and export is written to the audit log.
//!
//! The ledgers are data (`defs`); the handlers here serve any of them.

pub mod defs;
pub mod due;
pub mod form;

use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use jiff::Timestamp;
use lingong_site::today::today_in_shanghai;
use serde::{Deserialize, Serialize};

use self::defs::{Ledger, Lookups};
use self::form::{Errors, Kind, Raw, Values};
use super::session::StaffUser;
use crate::error::AppError;
use crate::export;
use crate::staff::audit;
use crate::state::AppState;
use crate::store::ledgers::{self as store, Filter, Row, Shape};
use crate::store::{evidence as evidence_store, sessions};

/// Rows on one page of a list.
const PAGE: i64 = 50;
/// Placements offered in the follow-up form's select.
const PLACEMENT_CHOICES: i64 = 500;

pub fn routes() -> Router<AppState> {
    let mut router = Router::new().route("/staff/ledgers/", get(index)).route(
        "/staff/ledgers",
        get(|| async { Redirect::permanent("/staff/ledgers/") }),
    );
    // One set of routes per ledger, each handler told which ledger it serves: an unknown
    // name falls through to the staff area's "no such page".
    for ledger in defs::ALL {
        let base = format!("/staff/ledgers/{}", ledger.name);
        router = router
            .route(
                &base,
                get(
                    move |state: State<AppState>, user: StaffUser, query: Query<ListQuery>| {
                        list(ledger, state, user, query)
                    },
                )
                .post(
                    move |state: State<AppState>,
                          user: StaffUser,
                          posted: Form<Vec<(String, String)>>| {
                        create(ledger, state, user, posted)
                    },
                ),
            )
            .route(
                &format!("{base}.csv"),
                get(
                    move |state: State<AppState>, user: StaffUser, query: Query<ListQuery>| {
                        export_csv(ledger, state, user, query)
                    },
                ),
            )
            .route(
                &format!("{base}/new"),
                get(
                    move |state: State<AppState>, user: StaffUser, query: Query<NewQuery>| {
                        new_form(ledger, state, user, query)
                    },
                ),
            )
            .route(
                &format!("{base}/{{id}}"),
                get(
                    move |state: State<AppState>, user: StaffUser, id: Path<String>| {
                        detail(ledger, state, user, id)
                    },
                )
                .post(
                    move |state: State<AppState>,
                          user: StaffUser,
                          id: Path<String>,
                          posted: Form<Vec<(String, String)>>| {
                        update(ledger, state, user, id, posted)
                    },
                ),
            );
    }
    router.merge(super::evidence::routes())
}

/// The query of a list or an export. Everything is text so a mistyped value is ignored, not
/// answered with an error page.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: String,
}

impl ListQuery {
    fn filter(&self) -> Filter {
        let date = |s: &str| form::parse_date(s.trim()).ok().map(|d| d.to_string());
        Filter {
            from: date(&self.from),
            to: date(&self.to),
            text: self.q.trim().chars().take(100).collect(),
        }
    }

    /// The filters as a query string, for page links and the export link.
    fn query_string(&self) -> String {
        let filter = self.filter();
        let pairs: Vec<(&str, String)> = [
            ("from", filter.from.unwrap_or_default()),
            ("to", filter.to.unwrap_or_default()),
            ("q", filter.text),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .collect();
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct NewQuery {
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

pub fn shape(ledger: &'static Ledger) -> Shape<'static> {
    Shape {
        table: ledger.table,
        columns: ledger.columns(),
        computed: ledger.computed_pairs(),
        date_expr: ledger.date_expr,
        search: ledger.search.to_vec(),
    }
}

fn parse_id(id: &str) -> Result<i64, AppError> {
    id.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or(AppError::NotFound)
}

#[derive(Serialize)]
struct LedgerView {
    name: &'static str,
    title: &'static str,
    noun: &'static str,
    intro: &'static str,
    date_label: &'static str,
    evidence: bool,
    count: i64,
}

fn ledger_view(ledger: &Ledger, count: i64) -> LedgerView {
    LedgerView {
        name: ledger.name,
        title: ledger.title,
        noun: ledger.noun,
        intro: ledger.intro,
        date_label: ledger.date_label,
        evidence: ledger.evidence,
        count,
    }
}

async fn index(State(state): State<AppState>, user: StaffUser) -> Result<Response, AppError> {
    let counts = state
        .reader
        .run(|conn| {
            defs::ALL
                .iter()
                .map(|l| Ok(store::count(conn, l.table)?))
                .collect::<Result<Vec<i64>, crate::store::StoreError>>()
        })
        .await?;
    let ledgers: Vec<LedgerView> = defs::ALL
        .iter()
        .zip(counts)
        .map(|(l, n)| ledger_view(l, n))
        .collect();
    let views = &state.staff.views;
    let mut ctx = views.context(Some(&user), "台账", "ledgers");
    ctx.insert("ledgers", &ledgers);
    Ok(views.render("ledgers.html", &ctx)?.into_response())
}

/// A cell as a list or the CSV shows it. `masked` hides the middle of phone numbers.
fn display(ledger: &Ledger, column: &str, row: &Row, masked: bool) -> String {
    let value = row.cell(column);
    match ledger.field(column).map(|f| f.kind) {
        Some(Kind::Phone) if masked && !value.is_empty() => crate::privacy::mask_phone(value),
        Some(Kind::Flag) => if value == "1" { "是" } else { "否" }.to_string(),
        Some(Kind::Placement) => format!("#{value}"),
        Some(Kind::CreditCode) if masked && form::credit_code_note(value).is_some() => {
            format!("{value}（校验位不符）")
        }
        _ => value.to_string(),
    }
}

fn evidence_status(state: &AppState, row: &Row) -> Option<due::EvidenceStatus> {
    due::evidence_status(
        &state.staff.calendar,
        state.staff.contract.minimums.evidence_workdays,
        row.cell("event_date"),
        row.cell("evidence_done_at"),
        today_in_shanghai(),
    )
}

#[derive(Serialize)]
struct RowView {
    url: String,
    cells: Vec<String>,
    overdue: bool,
}

async fn list(
    ledger: &'static Ledger,
    State(state): State<AppState>,
    user: StaffUser,
    Query(query): Query<ListQuery>,
) -> Result<Response, AppError> {
    let filter = query.filter();
    let page = query
        .page
        .parse::<i64>()
        .ok()
        .filter(|p| *p >= 1)
        .unwrap_or(1);
    let (rows, total) = {
        let filter = filter.clone();
        state
            .reader
            .run(move |conn| {
                Ok(store::list(
                    conn,
                    &shape(ledger),
                    &filter,
                    PAGE,
                    (page - 1).saturating_mul(PAGE),
                )?)
            })
            .await?
    };
    let is_events = std::ptr::eq(ledger, &defs::EVENTS);
    let mut headers: Vec<&str> = ledger
        .list_columns
        .iter()
        .map(|c| ledger.label_of(c))
        .collect();
    if is_events {
        headers.extend(["材料截止日", "佐证材料"]);
    }
    let rows: Vec<RowView> = rows
        .iter()
        .map(|row| {
            let mut cells: Vec<String> = ledger
                .list_columns
                .iter()
                .map(|c| display(ledger, c, row, true))
                .collect();
            let mut overdue = false;
            if is_events && let Some(status) = evidence_status(&state, row) {
                cells.push(status.due.clone());
                cells.push(status.label.clone());
                overdue = status.overdue;
            }
            RowView {
                url: format!("/staff/ledgers/{}/{}", ledger.name, row.id),
                cells,
                overdue,
            }
        })
        .collect();
    let pages = ((total + PAGE - 1) / PAGE).max(1);
    let filters = query.query_string();
    let page_url = |n: i64| {
        let sep = if filters.is_empty() { "" } else { "&" };
        format!("/staff/ledgers/{}?{filters}{sep}page={n}", ledger.name)
    };
    let views = &state.staff.views;
    let mut ctx = views.context(Some(&user), ledger.title, "ledgers");
    ctx.insert("ledger", &ledger_view(ledger, total));
    ctx.insert("headers", &headers);
    ctx.insert("rows", &rows);
    ctx.insert("total", &total);
    ctx.insert("unit", ledger.unit);
    ctx.insert("from", &filter.from.unwrap_or_default());
    ctx.insert("to", &filter.to.unwrap_or_default());
    ctx.insert("q", &filter.text);
    ctx.insert("page", &page);
    ctx.insert("pages", &pages);
    ctx.insert("prev_url", &(page > 1).then(|| page_url(page - 1)));
    ctx.insert("next_url", &(page < pages).then(|| page_url(page + 1)));
    let sep = if filters.is_empty() { "" } else { "?" };
    ctx.insert(
        "csv_url",
        &format!("/staff/ledgers/{}.csv{sep}{filters}", ledger.name),
    );
    Ok(views.render("ledger_list.html", &ctx)?.into_response())
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

async fn new_form(
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

async fn create(
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

async fn detail(
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

async fn update(
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

async fn export_csv(
    ledger: &'static Ledger,
    State(state): State<AppState>,
    user: StaffUser,
    Query(query): Query<ListQuery>,
) -> Result<Response, AppError> {
    let filter = query.filter();
    let (rows, _) = {
        let filter = filter.clone();
        state
            .reader
            .run(move |conn| Ok(store::list(conn, &shape(ledger), &filter, -1, 0)?))
            .await?
    };
    let is_events = std::ptr::eq(ledger, &defs::EVENTS);
    let mut headers: Vec<&str> = vec!["编号"];
    headers.extend(ledger.fields.iter().map(|f| f.label));
    headers.extend(ledger.computed.iter().map(|(_, label, _)| *label));
    if is_events {
        headers.extend(["材料截止日", "佐证材料"]);
    }
    headers.extend([
        if std::ptr::eq(ledger, &defs::SERVICES) {
            "服务人员"
        } else {
            "录入人"
        },
        "录入时间",
    ]);
    let lines = rows.iter().map(|row| {
        let mut cells = vec![row.id.to_string()];
        cells.extend(ledger.fields.iter().map(|f| {
            let shown = display(ledger, f.column, row, false);
            match f.kind {
                Kind::CreditCode => match form::credit_code_note(&shown) {
                    Some(note) => format!("{shown}（{note}）"),
                    None => shown,
                },
                _ => shown,
            }
        }));
        cells.extend(
            ledger
                .computed
                .iter()
                .map(|(alias, _, _)| row.cell(alias).to_string()),
        );
        if is_events {
            let status = evidence_status(&state, row);
            cells.push(status.as_ref().map(|s| s.due.clone()).unwrap_or_default());
            cells.push(status.map(|s| s.label).unwrap_or_default());
        }
        cells.push(row.staff.clone());
        cells.push(row.created_at.clone());
        cells
    });
    let bytes = export::csv_bytes(&headers, lines);
    let detail = format!("{} 条；筛选：{}", rows.len(), describe(&filter));
    audit::record(&state, Some(user.id), "export", ledger.name, detail).await?;
    let file_name = format!("{}-{}.csv", ledger.name, today_in_shanghai());
    Ok(export::csv_response(&file_name, bytes))
}

/// A filter in words, for the audit log: what exactly was exported.
fn describe(filter: &Filter) -> String {
    let mut parts = Vec::new();
    if filter.from.is_some() || filter.to.is_some() {
        parts.push(format!(
            "日期 {} 至 {}",
            filter.from.as_deref().unwrap_or("最早"),
            filter.to.as_deref().unwrap_or("最新")
        ));
    }
    if !filter.text.is_empty() {
        parts.push(format!("关键词“{}”", filter.text));
    }
    if parts.is_empty() {
        "全部".to_string()
    } else {
        parts.join("，")
    }
}
