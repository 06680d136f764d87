//! The report's sheets as CSV, with a UTF-8 byte-order mark so Excel on a Chinese Windows
//! opens the file as UTF-8 instead of GBK. (The ledgers' own export has a helper of the same
//! kind; the two are to be unified.)

use super::Table;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The table as CSV bytes: BOM, header row, then the rows.
pub fn table_csv(table: &Table) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(BOM.to_vec());
    writer.write_record(table.columns.iter().map(|(name, _)| *name))?;
    for row in &table.rows {
        writer.write_record(row.iter().map(|c| c.to_text()))?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

#[cfg(test)]
mod tests {
    use super::*;
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
        let bytes = table_csv(&table).unwrap();
        assert!(bytes.starts_with(BOM));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(
            text,
            "姓名,备注,日期\n张三,\"说：\"\"好\"\", 明天来\",2026-10-09\n"
        );
    }
}
