//! A ledger's list (filters, pages, masked phones), the index of ledgers, and the CSV export.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use lingong_site::today::today_in_shanghai;
use serde::{Deserialize, Serialize};

use super::defs::Ledger;
use super::form::Kind;
use super::{LedgerView, PAGE, defs, display, evidence_status, form, ledger_view, shape};
use crate::error::AppError;
use crate::export;
use crate::staff::audit;
use crate::staff::session::StaffUser;
use crate::state::AppState;
use crate::store::ledgers::{self as store, Filter};

/// The query of a list or an export. Everything is text so a mistyped value is ignored, not
/// answered with an error page.
#[derive(Debug, Default, Deserialize)]
pub(super) struct ListQuery {
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

pub(super) async fn index(
    State(state): State<AppState>,
    user: StaffUser,
) -> Result<Response, AppError> {
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

#[derive(Serialize)]
struct RowView {
    url: String,
    cells: Vec<String>,
    overdue: bool,
}

pub(super) async fn list(
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

pub(super) async fn export_csv(
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
