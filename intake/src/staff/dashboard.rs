//! The contract dashboard: each minimum against its target and the pace expected by today,
//! with events per month as a chart drawn on the server.

use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use serde::Serialize;

use super::session::StaffUser;
use crate::chart;
use crate::error::AppError;
use crate::kpi::{self, Figures, KpiRow};
use crate::state::AppState;
use crate::store::kpi as store;

pub fn routes() -> Router<AppState> {
    Router::new().route("/staff/dashboard", get(dashboard))
}

#[derive(Serialize)]
struct RowView {
    #[serde(flatten)]
    row: KpiRow,
    bar: String,
}

async fn dashboard(
    State(state): State<AppState>,
    user: StaffUser,
) -> Result<Html<String>, AppError> {
    let today = kpi::today();
    let contract = state.staff.contract.clone();
    let period = kpi::cumulative_period(&contract, today);
    let facts = state
        .reader
        .run(move |conn| Ok(store::facts(conn, period)?))
        .await?;
    let figures = Figures::compute(&facts, period, today, &contract, &state.staff.calendar);
    let share = contract.elapsed_share(today);
    let rows: Vec<RowView> = figures
        .rows(&contract, share)
        .into_iter()
        .map(|row| RowView {
            bar: chart::progress_bar(&row),
            row,
        })
        .collect();
    let months = figures.months(&contract, &facts.events);
    let missing_years: Vec<String> = state
        .staff
        .calendar
        .years_missing(contract.service_start, contract.service_end)
        .iter()
        .map(i16::to_string)
        .collect();

    let views = &state.staff.views;
    let mut ctx = views.context(Some(&user), "合同进度", "dashboard");
    ctx.insert("today", &today.to_string());
    ctx.insert("service_start", &contract.service_start.to_string());
    ctx.insert("service_end", &contract.service_end.to_string());
    ctx.insert("share", &format!("{:.1}", share * 100.0));
    ctx.insert("rows", &rows);
    ctx.insert("months", &months);
    ctx.insert("chart", &chart::events_by_month(&months));
    ctx.insert("figures", &figures);
    ctx.insert("missing_years", &missing_years.join("、"));
    views.render("dashboard.html", &ctx)
}
