//! The report as an XLSX workbook (rust_xlsxwriter): a summary sheet, then one sheet per
//! ledger. Chinese headers, dates as real Excel dates, numbers as numbers, widths set, the
//! header row frozen so it stays in view while scrolling.

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::{Cell, MonthlyReport, Table};

struct Formats {
    header: Format,
    date: Format,
    percent: Format,
    title: Format,
}

impl Formats {
    fn new() -> Self {
        Self {
            header: Format::new()
                .set_bold()
                .set_background_color("#EEF1F5")
                .set_align(FormatAlign::Center),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            percent: Format::new().set_num_format("0.0%"),
            title: Format::new().set_bold().set_font_size(14),
        }
    }
}

fn write_cell(
    sheet: &mut Worksheet,
    f: &Formats,
    row: u32,
    col: u16,
    cell: &Cell,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(s) => {
            sheet.write_string(row, col, s)?;
        }
        Cell::Number(n) => {
            sheet.write_number(row, col, *n)?;
        }
        Cell::Percent(p) => {
            sheet.write_number_with_format(row, col, *p, &f.percent)?;
        }
        Cell::Date(d) => {
            let date = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            sheet.write_datetime_with_format(row, col, date, &f.date)?;
        }
        Cell::Empty => {}
    }
    Ok(())
}

/// Writes `table` with its header at `top`; returns the row after it.
fn write_table(
    sheet: &mut Worksheet,
    f: &Formats,
    table: &Table,
    top: u32,
) -> Result<u32, XlsxError> {
    for (col, (name, width)) in table.columns.iter().enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(top, col, *name, &f.header)?;
        sheet.set_column_width(col, *width)?;
    }
    let mut row = top + 1;
    for cells in &table.rows {
        for (col, cell) in cells.iter().enumerate() {
            write_cell(sheet, f, row, col as u16, cell)?;
        }
        row += 1;
    }
    Ok(row)
}

/// The summary sheet: title, the minimums table (its header frozen), then events per month.
fn write_summary(
    sheet: &mut Worksheet,
    f: &Formats,
    report: &MonthlyReport,
) -> Result<(), XlsxError> {
    sheet.set_name("汇总")?;
    sheet.write_string_with_format(0, 0, report.title(), &f.title)?;
    sheet.write_string(
        1,
        0,
        format!(
            "统计截至 {}；服务期 {} 至 {}，已过 {:.1}%。本月完成为本月内的数字，其余为服务期开始以来的累计。",
            report.as_of,
            report.service_start,
            report.service_end,
            report.share * 100.0
        ),
    )?;
    let next = write_table(sheet, f, &report.summary_table(), 3)?;
    sheet.set_freeze_panes(4, 1)?;
    write_table(sheet, f, &report.months_table(), next + 1)?;
    Ok(())
}

/// The whole workbook, as bytes.
pub fn workbook(report: &MonthlyReport) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let mut book = Workbook::new();
    write_summary(book.add_worksheet(), &f, report)?;
    for table in report.ledger_tables() {
        let sheet = book.add_worksheet();
        sheet.set_name(table.name)?;
        write_table(sheet, &f, &table, 0)?;
        sheet.set_freeze_panes(1, 0)?;
    }
    book.save_to_buffer()
}
