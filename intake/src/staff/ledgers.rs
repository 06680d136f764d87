//! The five ledgers (台账): services, placements, follow-ups, events, platform sign-ups. Each
//! has a list (filters, pages, masked phones), a form, a detail page with an edit form, and a
//! CSV export; every create, update and export is written to the audit log.
//!
//! The ledgers are data (`defs`); the handlers here serve any of them.

pub mod defs;
pub mod due;
pub mod form;
mod list;
mod record;

use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Redirect;
use axum::routing::get;
use lingong_site::today::today_in_shanghai;
use serde::Serialize;

use self::defs::Ledger;
use self::form::Kind;
use self::list::{ListQuery, export_csv, index, list};
use self::record::{NewQuery, create, detail, new_form, update};
use super::session::StaffUser;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::ledgers::{Row, Shape};

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

fn evidence_status(state: &AppState, row: &Row) -> Option<due::EvidenceStatus> {
    due::evidence_status(
        &state.staff.calendar,
        state.staff.contract.minimums.evidence_workdays,
        row.cell("event_date"),
        row.cell("evidence_done_at"),
        today_in_shanghai(),
    )
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
