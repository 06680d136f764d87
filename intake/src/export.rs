//! CSV exports that open correctly in Excel and WPS on Chinese Windows: UTF-8 with a byte-order
//! mark (without it they guess GBK and show mojibake), CRLF line ends, every cell quoted when it
//! needs to be. Cells that a spreadsheet would run as a formula are defused.

use axum::http::header;
use axum::response::{IntoResponse, Response};

/// The UTF-8 byte-order mark Excel looks for.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A whole CSV file: the BOM, the header line, then one line per row.
pub fn csv_bytes(headers: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut out = BOM.to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .flexible(true)
            .from_writer(&mut out);
        // Writing into a Vec cannot fail; a failed record would only mean a short file.
        let _ = writer.write_record(headers);
        for row in rows {
            let _ = writer.write_record(row.iter().map(|cell| defuse(cell).into_owned()));
        }
        let _ = writer.flush();
    }
    out
}

/// A download response for `csv_bytes`'s output; `file_name` is ASCII (e.g. `services-2026-11-25.csv`).
pub fn csv_response(file_name: &str, bytes: Vec<u8>) -> Response {
    download("text/csv; charset=utf-8", file_name, bytes)
}

/// A file to save rather than show (an export, a report); `file_name` is ASCII. Staff pages
/// are already sent `no-store` by the guard.
pub fn download(content_type: &str, file_name: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// A cell starting with `=`, `+`, `-`, `@` or a tab is run as a formula by spreadsheets (CSV
/// injection); a leading apostrophe makes it plain text. Numbers like `-3` stay numbers.
fn defuse(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_starts_with_the_bom_and_quotes_what_needs_it() {
        let bytes = csv_bytes(
            &["姓名", "备注"],
            vec![
                vec!["张三".to_string(), "说了\"好\"，再联系".to_string()],
                vec!["李四".to_string(), "=HYPERLINK(\"x\")".to_string()],
                vec!["王五".to_string(), "-3".to_string()],
            ]
            .into_iter(),
        );
        assert!(bytes.starts_with(BOM));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(
            text,
            "姓名,备注\r\n张三,\"说了\"\"好\"\"，再联系\"\r\n李四,\"'=HYPERLINK(\"\"x\"\")\"\r\n王五,-3\r\n"
        );
    }
}
