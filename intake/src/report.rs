//! The monthly report for the purchaser: the month's figures, the cumulative figures against
//! the contract's minimums, and the month's rows of each ledger. One `MonthlyReport` feeds
//! the printable page, the XLSX workbook (`report/xlsx.rs`) and the CSV files (`report/csv.rs`),
//! so all three always agree.

pub mod csv;
pub mod xlsx;

use std::path::Path;

use jiff::civil::Date;
use rusqlite::Connection;

use crate::contract::Contract;
use crate::kpi::{self, Figures, KpiRow, Month, MonthEvents};
use crate::store::kpi::{self as store, LedgerRows};
use crate::workdays::WorkCalendar;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{0}")]
    Month(String),
    #[error("{0}")]
    Store(#[from] rusqlite::Error),
    #[error("无法写入 {path}：{source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error("生成 Excel 文件失败：{0}")]
    Xlsx(String),
}

pub struct MonthlyReport {
    pub month: Month,
    /// The day the figures are seen on: the month's last day, or today for the current month.
    pub as_of: Date,
    /// Share of the service period elapsed on `as_of`.
    pub share: f64,
    pub month_figures: Figures,
    pub cumulative: Figures,
    pub month_rows: Vec<KpiRow>,
    pub cumulative_rows: Vec<KpiRow>,
    pub months: Vec<MonthEvents>,
    pub ledgers: LedgerRows,
    pub service_start: Date,
    pub service_end: Date,
}

/// Checks that a report can be made for `month` on `today`: inside the service period and
/// not in the future.
pub fn check_month(contract: &Contract, month: Month, today: Date) -> Result<(), ReportError> {
    let first = Month::of(contract.service_start);
    let last = Month::of(contract.service_end);
    if month < first || month > last {
        return Err(ReportError::Month(format!(
            "{} 不在服务期内（{} 至 {}）",
            month.label(),
            first.label(),
            last.label()
        )));
    }
    if month > Month::of(today) {
        return Err(ReportError::Month(format!(
            "{} 还没到，无法生成月报",
            month.label()
        )));
    }
    Ok(())
}

impl MonthlyReport {
    pub fn build(
        conn: &Connection,
        contract: &Contract,
        calendar: &WorkCalendar,
        month: Month,
        today: Date,
    ) -> Result<Self, ReportError> {
        check_month(contract, month, today)?;
        let as_of = month.last_day().min(today);
        let share = contract.elapsed_share(as_of);
        let month_period = kpi::month_period(contract, month, as_of);
        let month_facts = store::facts(conn, month_period)?;
        let month_figures = Figures::compute(&month_facts, month_period, as_of, contract, calendar);
        let period = kpi::cumulative_period(contract, as_of);
        let facts = store::facts(conn, period)?;
        let cumulative = Figures::compute(&facts, period, as_of, contract, calendar);
        Ok(Self {
            month,
            as_of,
            share,
            month_rows: month_figures.rows(contract, share),
            cumulative_rows: cumulative.rows(contract, share),
            months: cumulative.months(contract, &facts.events),
            month_figures,
            cumulative,
            ledgers: store::ledger_rows(conn, month_period)?,
            service_start: contract.service_start,
            service_end: contract.service_end,
        })
    }

    pub fn title(&self) -> String {
        format!("石泉县零工市场服务月报（{}）", self.month.label())
    }

    /// The file name of a download, ASCII only: `lingong-report-2026-10.xlsx`.
    pub fn file_name(&self, ext: &str) -> String {
        format!("lingong-report-{}.{ext}", self.month.key())
    }
}

// ---------------------------------------------------------------------------------------------
// The sheets as tables of typed cells, shared by the workbook and the CSV files.

/// A cell: the workbook writes dates as Excel dates and numbers as numbers; CSV writes text.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    /// A share, 0–1, shown as a percentage.
    Percent(f64),
    Date(Date),
    Empty,
}

impl Cell {
    fn text(s: impl Into<String>) -> Self {
        Cell::Text(s.into())
    }

    fn int(n: impl Into<i64>) -> Self {
        Cell::Number(n.into() as f64)
    }

    /// A stored `YYYY-MM-DD` as a date; anything else stays text.
    fn date(stored: &str) -> Self {
        if stored.trim().is_empty() {
            return Cell::Empty;
        }
        stored
            .trim()
            .parse::<Date>()
            .map_or_else(|_| Cell::text(stored), Cell::Date)
    }

    fn yes_no(b: bool) -> Self {
        Cell::text(if b { "是" } else { "否" })
    }

    /// As text, for CSV.
    pub fn to_text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(n) if n.fract() == 0.0 => format!("{n:.0}"),
            Cell::Number(n) => n.to_string(),
            Cell::Percent(p) => format!("{:.1}%", p * 100.0),
            Cell::Date(d) => d.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

/// One sheet: a header row (with column widths, in characters) and rows.
pub struct Table {
    /// The `sheet=` key of the CSV download.
    pub key: &'static str,
    /// The worksheet's name.
    pub name: &'static str,
    pub columns: Vec<(&'static str, f64)>,
    pub rows: Vec<Vec<Cell>>,
}

/// The CSV sheets, by key, in the workbook's order.
pub const SHEETS: &[(&str, &str)] = &[
    ("summary", "汇总"),
    ("services", "就业服务"),
    ("placements", "成功就业"),
    ("followups", "回访"),
    ("events", "招聘活动"),
    ("signups", "平台注册"),
];

fn kpi_value(row: &KpiRow) -> Cell {
    if row.is_rate {
        if row.achieved_text.starts_with('—') {
            Cell::Empty
        } else {
            Cell::Percent(row.achieved)
        }
    } else {
        Cell::Number(row.achieved)
    }
}

impl MonthlyReport {
    /// The minimums: this month, cumulative, target, pace and standing.
    pub fn summary_table(&self) -> Table {
        let rows = self
            .cumulative_rows
            .iter()
            .zip(&self.month_rows)
            .map(|(total, month)| {
                let target = |v: f64| {
                    if total.is_rate {
                        Cell::Percent(v)
                    } else {
                        Cell::Number(v)
                    }
                };
                vec![
                    Cell::text(&total.label),
                    kpi_value(month),
                    kpi_value(total),
                    target(total.target),
                    target(total.expected),
                    Cell::text(&total.words),
                    Cell::text(&total.note),
                ]
            })
            .collect();
        Table {
            key: "summary",
            name: "汇总",
            columns: vec![
                ("指标", 28.0),
                ("本月完成", 12.0),
                ("累计完成", 12.0),
                ("全期目标", 12.0),
                ("按进度应达", 12.0),
                ("进度判断", 22.0),
                ("说明", 60.0),
            ],
            rows,
        }
    }

    /// Events per month of the service period, with the flag of each.
    pub fn months_table(&self) -> Table {
        Table {
            key: "months",
            name: "每月活动",
            columns: vec![
                ("月份", 12.0),
                ("线下（场）", 12.0),
                ("线上（场）", 12.0),
                ("合计（场）", 12.0),
                ("每月至少一场", 14.0),
            ],
            rows: self
                .months
                .iter()
                .map(|m| {
                    vec![
                        Cell::text(&m.key),
                        Cell::int(m.offline),
                        Cell::int(m.online),
                        Cell::int(m.offline + m.online),
                        Cell::text(m.state.words()),
                    ]
                })
                .collect(),
        }
    }

    /// The five ledgers' rows of the month, in the workbook's order.
    pub fn ledger_tables(&self) -> Vec<Table> {
        let l = &self.ledgers;
        vec![
            Table {
                key: "services",
                name: "就业服务",
                columns: vec![
                    ("编号", 8.0),
                    ("服务日期", 12.0),
                    ("姓名", 10.0),
                    ("电话（脱敏）", 14.0),
                    ("服务类型", 12.0),
                    ("服务方式", 10.0),
                    ("推荐岗位", 20.0),
                    ("备注", 30.0),
                    ("经办人", 10.0),
                ],
                rows: l
                    .services
                    .iter()
                    .map(|s| {
                        vec![
                            Cell::int(s.id),
                            Cell::date(&s.date),
                            Cell::text(&s.person_name),
                            Cell::text(&s.phone),
                            Cell::text(&s.kind),
                            Cell::text(&s.channel),
                            Cell::text(&s.job_slug),
                            Cell::text(&s.note),
                            Cell::text(&s.staff),
                        ]
                    })
                    .collect(),
            },
            Table {
                key: "placements",
                name: "成功就业",
                columns: vec![
                    ("编号", 8.0),
                    ("上岗日期", 12.0),
                    ("姓名", 10.0),
                    ("电话（脱敏）", 14.0),
                    ("用人单位", 24.0),
                    ("岗位", 14.0),
                    ("就业依据", 10.0),
                    ("在岗记录", 24.0),
                    ("工资记录", 20.0),
                    ("佐证材料（份）", 14.0),
                    ("回访（次）", 10.0),
                    ("计入成功就业", 12.0),
                    ("经办人", 10.0),
                ],
                rows: l
                    .placements
                    .iter()
                    .map(|p| {
                        vec![
                            Cell::int(p.id),
                            Cell::date(&p.start_date),
                            Cell::text(&p.person_name),
                            Cell::text(&p.phone),
                            Cell::text(&p.employer),
                            Cell::text(&p.job_title),
                            Cell::text(&p.basis),
                            Cell::text(&p.on_job_record),
                            Cell::text(&p.pay_record),
                            Cell::int(p.evidence_files),
                            Cell::int(p.followups),
                            Cell::yes_no(p.counted),
                            Cell::text(&p.staff),
                        ]
                    })
                    .collect(),
            },
            Table {
                key: "followups",
                name: "回访",
                columns: vec![
                    ("编号", 8.0),
                    ("回访日期", 12.0),
                    ("姓名", 10.0),
                    ("用人单位", 24.0),
                    ("回访方式", 10.0),
                    ("回访结果", 12.0),
                    ("反映的问题", 30.0),
                    ("问题已解决", 10.0),
                    ("经办人", 10.0),
                ],
                rows: l
                    .followups
                    .iter()
                    .map(|f| {
                        vec![
                            Cell::int(f.id),
                            Cell::date(&f.date),
                            Cell::text(&f.person_name),
                            Cell::text(&f.employer),
                            Cell::text(&f.method),
                            Cell::text(&f.outcome),
                            Cell::text(&f.problem),
                            Cell::yes_no(f.problem_solved),
                            Cell::text(&f.staff),
                        ]
                    })
                    .collect(),
            },
            Table {
                key: "events",
                name: "招聘活动",
                columns: vec![
                    ("编号", 8.0),
                    ("活动日期", 12.0),
                    ("活动名称", 28.0),
                    ("线上/线下", 10.0),
                    ("形式", 12.0),
                    ("地点", 20.0),
                    ("参会企业（家）", 14.0),
                    ("提供岗位（个）", 14.0),
                    ("参加人数", 10.0),
                    ("登记求职者", 12.0),
                    ("佐证材料（份）", 14.0),
                    ("佐证完成日期", 14.0),
                    ("经办人", 10.0),
                ],
                rows: l
                    .events
                    .iter()
                    .map(|e| {
                        vec![
                            Cell::int(e.id),
                            Cell::date(&e.date),
                            Cell::text(&e.title),
                            Cell::text(&e.kind),
                            Cell::text(&e.format),
                            Cell::text(&e.place),
                            Cell::int(e.employer_count),
                            Cell::int(e.jobs_offered),
                            Cell::int(e.attendees),
                            Cell::int(e.seekers_registered),
                            Cell::int(e.evidence_files),
                            Cell::date(&e.evidence_done),
                            Cell::text(&e.staff),
                        ]
                    })
                    .collect(),
            },
            Table {
                key: "signups",
                name: "平台注册",
                columns: vec![
                    ("编号", 8.0),
                    ("企业", 28.0),
                    ("统一社会信用代码", 22.0),
                    ("注册日期", 12.0),
                    ("实名认证日期", 14.0),
                    ("激活日期", 12.0),
                    ("首次发布岗位", 14.0),
                    ("帮助方式", 12.0),
                    ("本月计入", 10.0),
                    ("经办人", 10.0),
                ],
                rows: l
                    .signups
                    .iter()
                    .map(|s| {
                        vec![
                            Cell::int(s.id),
                            Cell::text(&s.employer),
                            Cell::text(&s.credit_code),
                            Cell::date(&s.registered_on),
                            Cell::date(&s.verified_on),
                            Cell::date(&s.activated_on),
                            Cell::date(&s.first_job_on),
                            Cell::text(&s.help),
                            Cell::yes_no(s.counted),
                            Cell::text(&s.staff),
                        ]
                    })
                    .collect(),
            },
        ]
    }

    /// The table behind a CSV `sheet=` key.
    pub fn table(&self, key: &str) -> Option<Table> {
        if key == "summary" {
            return Some(self.summary_table());
        }
        self.ledger_tables().into_iter().find(|t| t.key == key)
    }
}

/// Writes `bytes` to `path` through a temporary file beside it and a rename, so a reader (or
/// a crash) never sees half a file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    use std::io::Write;
    let err = |source| ReportError::Write {
        path: path.display().to_string(),
        source,
    };
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".partial-{}", std::process::id()));
    let partial = path.with_file_name(name);
    let written = (|| {
        let mut file = std::fs::File::create(&partial)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&partial, path)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(err(e));
    }
    Ok(())
}
