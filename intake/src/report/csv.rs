//! The report's sheets as CSV, through the same writer as the ledgers' exports
//! (`crate::export`: UTF-8 with a BOM, CRLF, formulas defused).

use super::Table;

/// The table as CSV bytes: BOM, header row, then the rows.
pub fn table_csv(table: &Table) -> Vec<u8> {
    let headers: Vec<&str> = table.columns.iter().map(|(name, _)| *name).collect();
    crate::export::csv_bytes(
        &headers,
        table
            .rows
            .iter()
            .map(|row| row.iter().map(|c| c.to_text()).collect()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::BOM;
    use crate::report::Cell;

    #[test]
    fn csv_starts_with_a_bom_and_quotes_what_needs_it() {
        let table = Table {
            key: "services",
            name: "就业服务",
            columns: vec![("姓名", 10.0), ("备注", 10.0), ("日期", 10.0)],
            rows: vec![vec![
                Cell::Text("张三".into()),
                Cell::Text("说：\"好\", 明天来".into()),
                Cell::Date(jiff::civil::date(2026, 10, 9)),
            ]],
        };
        let bytes = table_csv(&table);
        assert!(bytes.starts_with(BOM));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(
            text,
            "姓名,备注,日期\r\n张三,\"说：\"\"好\"\", 明天来\",2026-10-09\r\n"
        );
    }
}
