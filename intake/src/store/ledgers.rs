//! The five ledgers' rows: insert, update, list with filters, one row, and the few lookups the
//! forms need. Table and column names come from the ledger definitions compiled into the
//! binary (`staff::ledgers::defs`), never from a request, so formatting them into SQL is safe;
//! every value from a request is a bound parameter.

use std::collections::BTreeMap;

use jiff::Timestamp;
use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, OptionalExtension, params_from_iter};

use crate::submission::stored_time;

/// Which table and columns a query is about.
pub struct Shape<'a> {
    pub table: &'a str,
    /// The stored columns of the form, in form order.
    pub columns: Vec<&'a str>,
    /// Computed columns: (alias, SQL expression over `t`).
    pub computed: Vec<(&'a str, &'a str)>,
    /// The SQL expression of the row's date, for the filter and the order.
    pub date_expr: &'a str,
    /// Columns searched by the text filter.
    pub search: Vec<&'a str>,
}

/// The filters of a list or an export.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub from: Option<String>,
    pub to: Option<String>,
    pub text: String,
}

/// One stored row, every value as text (`""` for NULL).
#[derive(Debug, Clone)]
pub struct Row {
    pub id: i64,
    pub staff: String,
    pub created_at: String,
    pub cells: BTreeMap<String, String>,
}

impl Row {
    pub fn cell(&self, column: &str) -> &str {
        self.cells.get(column).map(String::as_str).unwrap_or("")
    }
}

fn text_of(value: ValueRef<'_>) -> String {
    match value {
        ValueRef::Null => String::new(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => f.to_string(),
        ValueRef::Text(t) | ValueRef::Blob(t) => String::from_utf8_lossy(t).into_owned(),
    }
}

fn select_list(shape: &Shape) -> String {
    let mut parts = vec![
        "t.id".to_string(),
        "COALESCE(u.name, '')".to_string(),
        "t.created_at".to_string(),
    ];
    parts.extend(shape.columns.iter().map(|c| format!("t.{c}")));
    parts.extend(shape.computed.iter().map(|(_, expr)| expr.to_string()));
    parts.join(", ")
}

fn read_row(shape: &Shape, r: &rusqlite::Row) -> rusqlite::Result<Row> {
    let mut cells = BTreeMap::new();
    let names = shape
        .columns
        .iter()
        .copied()
        .chain(shape.computed.iter().map(|(alias, _)| *alias));
    for (i, name) in names.enumerate() {
        cells.insert(name.to_string(), text_of(r.get_ref(3 + i)?));
    }
    Ok(Row {
        id: r.get(0)?,
        staff: r.get(1)?,
        created_at: r.get(2)?,
        cells,
    })
}

/// The WHERE clause of a filter and its parameters.
fn filter_clause(shape: &Shape, filter: &Filter) -> (String, Vec<Value>) {
    let mut clause = format!("{d} >= ?1 AND {d} <= ?2", d = shape.date_expr);
    let mut values = vec![
        Value::Text(filter.from.clone().unwrap_or_default()),
        Value::Text(filter.to.clone().unwrap_or_else(|| "9999-12-31".into())),
    ];
    let text = filter.text.trim();
    if !text.is_empty() && !shape.search.is_empty() {
        let escaped = text
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let likes: Vec<String> = shape
            .search
            .iter()
            .map(|c| format!("t.{c} LIKE ?3 ESCAPE '\\'"))
            .collect();
        clause.push_str(&format!(" AND ({})", likes.join(" OR ")));
        values.push(Value::Text(format!("%{escaped}%")));
    }
    (clause, values)
}

/// A page of rows, newest first, and how many match in all. `limit` < 0 means every row.
pub fn list(
    conn: &Connection,
    shape: &Shape,
    filter: &Filter,
    limit: i64,
    offset: i64,
) -> rusqlite::Result<(Vec<Row>, i64)> {
    let (clause, mut values) = filter_clause(shape, filter);
    let total: i64 = conn.query_row(
        &format!("SELECT count(*) FROM {} t WHERE {clause}", shape.table),
        params_from_iter(values.iter()),
        |r| r.get(0),
    )?;
    let n = values.len();
    values.push(Value::Integer(limit));
    values.push(Value::Integer(offset));
    let sql = format!(
        "SELECT {} FROM {} t LEFT JOIN users u ON u.id = t.staff_id WHERE {clause}
         ORDER BY {} DESC, t.id DESC LIMIT ?{} OFFSET ?{}",
        select_list(shape),
        shape.table,
        shape.date_expr,
        n + 1,
        n + 2
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt
        .query_map(params_from_iter(values.iter()), |r| read_row(shape, r))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((rows, total))
}

pub fn get(conn: &Connection, shape: &Shape, id: i64) -> rusqlite::Result<Option<Row>> {
    let sql = format!(
        "SELECT {} FROM {} t LEFT JOIN users u ON u.id = t.staff_id WHERE t.id = ?1",
        select_list(shape),
        shape.table
    );
    conn.query_row(&sql, [id], |r| read_row(shape, r))
        .optional()
}

/// Inserts a row of `values` (column, value), signed by `staff_id`; returns its id.
pub fn insert(
    conn: &Connection,
    table: &str,
    values: &[(&str, Value)],
    staff_id: i64,
    now: Timestamp,
) -> rusqlite::Result<i64> {
    let mut columns: Vec<&str> = values.iter().map(|(c, _)| *c).collect();
    columns.extend(["staff_id", "created_at"]);
    let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
    let mut params: Vec<Value> = values.iter().map(|(_, v)| v.clone()).collect();
    params.push(Value::Integer(staff_id));
    params.push(Value::Text(stored_time(now)));
    conn.execute(
        &format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            columns.join(", "),
            marks.join(", ")
        ),
        params_from_iter(params.iter()),
    )?;
    Ok(conn.last_insert_rowid())
}

/// Updates a row's `values`; false when there is no such row.
pub fn update(
    conn: &Connection,
    table: &str,
    id: i64,
    values: &[(&str, Value)],
) -> rusqlite::Result<bool> {
    let sets: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, (c, _))| format!("{c} = ?{}", i + 2))
        .collect();
    let mut params = vec![Value::Integer(id)];
    params.extend(values.iter().map(|(_, v)| v.clone()));
    let changed = conn.execute(
        &format!("UPDATE {table} SET {} WHERE id = ?1", sets.join(", ")),
        params_from_iter(params.iter()),
    )?;
    Ok(changed == 1)
}

/// A placement's start date, for the follow-up's "not before the start" rule.
pub fn placement_start(conn: &Connection, id: i64) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT start_date FROM placements WHERE id = ?1",
        [id],
        |r| r.get(0),
    )
    .optional()
}

/// Recent placements for the follow-up form's select: (id, label).
pub fn placement_choices(conn: &Connection, limit: i64) -> rusqlite::Result<Vec<(i64, String)>> {
    let mut stmt = conn.prepare(
        "SELECT id, person_name, employer, start_date FROM placements
         ORDER BY start_date DESC, id DESC LIMIT ?1",
    )?;
    stmt.query_map([limit], |r| {
        let id: i64 = r.get(0)?;
        let name: String = r.get(1)?;
        let employer: String = r.get(2)?;
        let start: String = r.get(3)?;
        Ok((id, format!("#{id} {name} · {employer} · {start} 上岗")))
    })?
    .collect()
}

/// A placement's follow-ups, oldest first: (id, date, method, outcome, problem, solved).
pub fn followups_of(conn: &Connection, placement_id: i64) -> rusqlite::Result<Vec<FollowupLine>> {
    let mut stmt = conn.prepare(
        "SELECT id, followup_date, method, outcome, problem, problem_solved FROM followups
         WHERE placement_id = ?1 ORDER BY followup_date, id",
    )?;
    stmt.query_map([placement_id], |r| {
        Ok(FollowupLine {
            id: r.get(0)?,
            date: r.get(1)?,
            method: r.get(2)?,
            outcome: r.get(3)?,
            problem: r.get(4)?,
            solved: r.get::<_, i64>(5)? != 0,
        })
    })?
    .collect()
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct FollowupLine {
    pub id: i64,
    pub date: String,
    pub method: String,
    pub outcome: String,
    pub problem: String,
    pub solved: bool,
}

/// How many rows a ledger holds, for the index page.
pub fn count(conn: &Connection, table: &str) -> rusqlite::Result<i64> {
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
}

/// An event's evidence is complete with a summary and at least one file; records when it
/// became so (and forgets it if the summary is emptied later).
pub fn refresh_event_evidence(conn: &Connection, id: i64, now: Timestamp) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE event_reports SET evidence_done_at = CASE
             WHEN trim(summary) <> '' AND EXISTS (SELECT 1 FROM evidence_links
                  WHERE ledger = 'event_reports' AND record_id = event_reports.id)
             THEN COALESCE(evidence_done_at, ?2) ELSE NULL END
         WHERE id = ?1",
        rusqlite::params![id, stored_time(now)],
    )?;
    Ok(())
}
