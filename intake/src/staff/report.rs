//! The monthly report for the purchaser: a printable page, the XLSX workbook and CSV files
//! of the same figures. Every download is written to the audit log.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::{Deserialize, Serialize};

use super::StaffState;
use super::session::StaffUser;
use crate::error::AppError;
use crate::export;
use crate::kpi::{self, Month};
use crate::report::{self, MonthlyReport, ReportError, SHEETS};
use crate::staff::audit;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/report", get(report_page))
        .route("/staff/report.xlsx", get(report_xlsx))
        .route("/staff/report.csv", get(report_csv))
}

#[derive(Deserialize)]
struct ReportQuery {
    month: Option<String>,
    sheet: Option<String>,
}

/// The month asked for, or the current month of the service period.
fn month_of(
    query: &ReportQuery,
    staff: &StaffState,
    today: jiff::civil::Date,
) -> Result<Month, String> {
    match query
        .month
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty())
    {
        Some(text) => Month::parse(text),
        None => Ok(Month::of(
            today.clamp(staff.contract.service_start, staff.contract.service_end),
        )),
    }
}

/// Builds the report, or the page that says why not.
async fn build(
    state: &AppState,
    user: &StaffUser,
    query: &ReportQuery,
) -> Result<MonthlyReport, Response> {
    let today = kpi::today();
    let refuse = |text: &str| {
        state
            .staff
            .views
            .message(Some(user), StatusCode::BAD_REQUEST, "无法生成月报", text)
    };
    let month = month_of(query, &state.staff, today).map_err(|e| refuse(&e))?;
    report::check_month(&state.staff.contract, month, today).map_err(|e| refuse(&e.to_string()))?;
    let staff: Arc<StaffState> = state.staff.clone();
    let built = state
        .reader
        .run(move |conn| {
            Ok(MonthlyReport::build(
                conn,
                &staff.contract,
                &staff.calendar,
                month,
                today,
            ))
        })
        .await
        .map_err(|e| AppError::from(e).into_response())?;
    built.map_err(|e| match e {
        ReportError::Month(text) => refuse(&text),
        other => AppError::Internal(format!("report: {other}")).into_response(),
    })
}

/// One line in the audit log for a download: who, when (the log's time), what.
async fn log_export(
    state: &AppState,
    user: &StaffUser,
    target: String,
    detail: String,
) -> Result<(), Response> {
    audit::record(state, Some(user.id), "export", target, detail)
        .await
        .map_err(|e| e.into_response())
}

#[derive(Serialize)]
struct SheetLink {
    key: &'static str,
    name: &'static str,
}

#[derive(Serialize)]
struct SummaryLine<'a> {
    key: &'a str,
    label: &'a str,
    month: &'a str,
    total: &'a str,
    target: &'a str,
    expected: &'a str,
    words: &'a str,
    standing: kpi::Standing,
    note: &'a str,
}

async fn report_page(
    State(state): State<AppState>,
    user: StaffUser,
    Query(query): Query<ReportQuery>,
) -> Response {
    let report = match build(&state, &user, &query).await {
        Ok(report) => report,
        Err(response) => return response,
    };
    let summary: Vec<SummaryLine> = report
        .cumulative_rows
        .iter()
        .zip(&report.month_rows)
        .map(|(total, month)| SummaryLine {
            key: total.key,
            label: &total.label,
            month: &month.achieved_text,
            total: &total.achieved_text,
            target: &total.target_text,
            expected: &total.expected_text,
            words: &total.words,
            standing: total.standing,
            note: &total.note,
        })
        .collect();
    let views = &state.staff.views;
    let mut ctx = views.context(Some(&user), &report.title(), "report");
    ctx.insert("title", &report.title());
    ctx.insert("month", &report.month.key());
    ctx.insert("month_label", &report.month.label());
    ctx.insert("as_of", &report.as_of.to_string());
    ctx.insert("share", &format!("{:.1}", report.share * 100.0));
    ctx.insert("service_start", &report.service_start.to_string());
    ctx.insert("service_end", &report.service_end.to_string());
    ctx.insert("summary", &summary);
    ctx.insert("months", &report.months);
    ctx.insert("ledgers", &report.ledgers);
    ctx.insert("placements_counted", &report.month_figures.placements);
    let sheets: Vec<SheetLink> = SHEETS
        .iter()
        .map(|(key, name)| SheetLink { key, name })
        .collect();
    ctx.insert("sheets", &sheets);
    match views.render("report.html", &ctx) {
        Ok(html) => html.into_response(),
        Err(e) => e.into_response(),
    }
}

async fn report_xlsx(
    State(state): State<AppState>,
    user: StaffUser,
    Query(query): Query<ReportQuery>,
) -> Response {
    let report = match build(&state, &user, &query).await {
        Ok(report) => report,
        Err(response) => return response,
    };
    let bytes = match report::xlsx::workbook(&report) {
        Ok(bytes) => bytes,
        Err(e) => return AppError::Internal(format!("report xlsx: {e}")).into_response(),
    };
    let file_name = report.file_name("xlsx");
    if let Err(response) = log_export(
        &state,
        &user,
        format!("report:{}", report.month.key()),
        format!("月报 Excel（{file_name}，汇总及 5 本台账）"),
    )
    .await
    {
        return response;
    }
    export::download(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &file_name,
        bytes,
    )
}

async fn report_csv(
    State(state): State<AppState>,
    user: StaffUser,
    Query(query): Query<ReportQuery>,
) -> Response {
    let sheet = query.sheet.clone().unwrap_or_else(|| "summary".into());
    let Some((key, name)) = SHEETS.iter().find(|(key, _)| *key == sheet).copied() else {
        let names: Vec<&str> = SHEETS.iter().map(|(key, _)| *key).collect();
        return state.staff.views.message(
            Some(&user),
            StatusCode::BAD_REQUEST,
            "无法导出",
            &format!("没有“{sheet}”这张表，可选：{}", names.join("、")),
        );
    };
    let report = match build(&state, &user, &query).await {
        Ok(report) => report,
        Err(response) => return response,
    };
    let Some(table) = report.table(key) else {
        return AppError::NotFound.into_response();
    };
    let bytes = report::csv::table_csv(&table);
    let file_name = format!("lingong-report-{}-{key}.csv", report.month.key());
    if let Err(response) = log_export(
        &state,
        &user,
        format!("report:{}", report.month.key()),
        format!("月报 CSV（{file_name}，{name}）"),
    )
    .await
    {
        return response;
    }
    export::csv_response(&file_name, bytes)
}
