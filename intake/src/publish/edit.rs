//! Changing one value in a content file and nothing else: re-verify (`verified_on`), extend
//! (`valid_through`), withdraw (`draft`), an event's summary. The rest of the file stays byte
//! for byte as it was, so hand-written comments and layout survive and a git diff shows one line.

use lingong_site::content::front_matter::split;
use toml::de::{DeTable, DeValue};

/// Why a value could not be set.
#[derive(Debug, PartialEq, Eq)]
pub struct EditError(pub String);

/// Sets `key` in `table` (`None` for the top level, `Some("extra")` for `[extra]`) to the TOML
/// literal `value`. An existing value is replaced where it stands; a missing key is added as
/// the table's last line; a missing table is added at the end of the front matter.
pub fn set_value(
    text: &str,
    table: Option<&str>,
    key: &str,
    value: &str,
) -> Result<String, EditError> {
    let parts = split(text).map_err(|e| EditError(e.message().to_string()))?;
    let base = parts.front_matter_offset;
    let front = parts.front_matter;
    let parsed = DeTable::parse(front)
        .map_err(|e| EditError(format!("字段区不是正确的 TOML：{}", e.message())))?;
    let holder = match table {
        None => Some(parsed.get_ref()),
        Some(name) => match find(parsed.get_ref(), name) {
            Some(DeValue::Table(t)) => Some(t),
            Some(_) => return Err(EditError(format!("{name} 不是一个表"))),
            None => None,
        },
    };
    let line = format!("{key} = {value}\n");
    let mut out = String::with_capacity(text.len() + line.len() + 16);
    match holder {
        Some(t) => {
            if let Some((_, v)) = t.iter().find(|(k, _)| k.get_ref().as_ref() == key) {
                let span = v.span();
                out.push_str(&text[..base + span.start]);
                out.push_str(value);
                out.push_str(&text[base + span.end..]);
                return Ok(out);
            }
            let at = base + end_of_table(front, table);
            out.push_str(&text[..at]);
            out.push_str(&line);
            out.push_str(&text[at..]);
        }
        None => {
            let name = table.unwrap_or_default();
            let at = base + front.len();
            out.push_str(&text[..at]);
            if !front.is_empty() && !front.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&format!("\n[{name}]\n{line}"));
            out.push_str(&text[at..]);
        }
    }
    Ok(out)
}

fn find<'a, 'i>(table: &'a DeTable<'i>, key: &str) -> Option<&'a DeValue<'i>> {
    table
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == key)
        .map(|(_, v)| v.get_ref())
}

/// The byte offset in `front` just after the last non-blank line of a table (the top level
/// ends where the first `[header]` starts), so an added key sits with its table's keys.
fn end_of_table(front: &str, table: Option<&str>) -> usize {
    let mut in_table = table.is_none();
    let mut end = 0;
    let mut offset = 0;
    for line in front.split_inclusive('\n') {
        let trimmed = line.trim();
        let next = offset + line.len();
        if trimmed.starts_with('[') {
            if in_table && table.is_none() {
                break;
            }
            in_table = table.is_some_and(|name| trimmed == format!("[{name}]"));
            if in_table {
                end = next;
            }
        } else if in_table && !trimmed.is_empty() {
            end = next;
        }
        offset = next;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    const JOB: &str = "+++\ntitle = \"洗碗工\" # 标题\ndate = 2026-11-18\n\n[taxonomies]\ncategory = [\"餐饮\"]\n\n[extra]\n# 核实后更新\nverified_on = 2026-11-18\npay = 15\n\n+++\n正文\n";

    #[test]
    fn an_existing_value_is_replaced_in_place() {
        let out = set_value(JOB, Some("extra"), "verified_on", "2026-11-25").unwrap();
        assert_eq!(
            out,
            JOB.replace("verified_on = 2026-11-18", "verified_on = 2026-11-25")
        );
    }

    #[test]
    fn a_missing_key_joins_its_table_and_nothing_else_moves() {
        let out = set_value(JOB, None, "draft", "true").unwrap();
        assert_eq!(
            out,
            JOB.replace("date = 2026-11-18\n", "date = 2026-11-18\ndraft = true\n")
        );
        let out = set_value(JOB, Some("extra"), "summary", "\"共 30 家\"").unwrap();
        assert_eq!(
            out,
            JOB.replace("pay = 15\n", "pay = 15\nsummary = \"共 30 家\"\n")
        );
    }

    #[test]
    fn a_missing_table_is_added_at_the_end_of_the_front_matter() {
        let text = "+++\ntitle = \"a\"\n+++\nbody\n";
        let out = set_value(text, Some("extra"), "summary", "\"s\"").unwrap();
        assert_eq!(
            out,
            "+++\ntitle = \"a\"\n\n[extra]\nsummary = \"s\"\n+++\nbody\n"
        );
    }

    #[test]
    fn a_file_without_front_matter_is_refused() {
        assert!(set_value("no fences", None, "draft", "true").is_err());
    }
}
