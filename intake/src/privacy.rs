//! Personal data under PIPL: masks for lists, and what is left of a submission once its person
//! asked to be deleted (the row stays so that counts stay right; who they were does not).

use serde_json::{Map, Value};

/// What replaces a deleted name.
pub const DELETED: &str = "已删除";

/// A phone for lists: `138****5678`. Keeps the first three and last four digits of a mobile;
/// other numbers keep their last four. Spaces, dashes and `+86` are ignored.
pub fn mask_phone(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let digits = match digits.strip_prefix("86") {
        Some(rest) if rest.len() == 11 && phone.trim_start().starts_with('+') => rest.to_string(),
        _ => digits,
    };
    match digits.len() {
        0 => String::new(),
        11 if digits.starts_with('1') => format!("{}****{}", &digits[..3], &digits[7..]),
        n if n > 4 => format!("{}{}", "*".repeat(n - 4), &digits[n - 4..]),
        n => "*".repeat(n),
    }
}

/// A resident ID for lists: `610922********1234` (the region code and the last four stay).
pub fn mask_resident_id(id: &str) -> String {
    let chars: Vec<char> = id.trim().chars().collect();
    let n = chars.len();
    if n >= 15 {
        let head: String = chars[..6].iter().collect();
        let tail: String = chars[n - 4..].iter().collect();
        format!("{head}{}{tail}", "*".repeat(n - 10))
    } else if n > 4 {
        let tail: String = chars[n - 4..].iter().collect();
        format!("{}{tail}", "*".repeat(n - 4))
    } else {
        "*".repeat(n)
    }
}

/// Field names that hold a phone number in the forms' data.
pub const PHONE_FIELDS: &[&str] = &["mobile", "phone"];
/// Field names that hold a resident ID number.
pub const ID_FIELDS: &[&str] = &["id_number", "resident_id"];

/// A stored value as a list or the unrevealed detail page may show it.
pub fn masked_value(field: &str, text: &str) -> String {
    if PHONE_FIELDS.contains(&field) {
        mask_phone(text)
    } else if ID_FIELDS.contains(&field) {
        mask_resident_id(text)
    } else {
        text.to_string()
    }
}

/// Fields that say nothing about who a person is and are kept on anonymising, so that counts by
/// kind, township, category, status and outcome stay right.
const KEPT: &[&str] = &[
    "township",
    "categories",
    "category",
    "availability",
    "skill_level",
    "community_type",
    "employment_status",
    "intention",
    "headcount",
    "pay",
    "pay_max",
    "pay_unit",
    "employment_type",
    "start_date",
    "valid_through",
    "job",
    "service",
    "rating",
    "consent",
    "consent_on_behalf",
    "share_contact",
    "no_fee",
];

/// Fields that name a person: replaced by `已删除` rather than emptied, so pages still read.
const NAMES: &[&str] = &["name", "contact", "surveyor"];

/// A submission's data with everything that could identify its person removed: names become
/// `已删除`, phones, IDs and free text become empty; categorical fields are kept.
pub fn anonymised_data(data: &Value) -> Value {
    let Some(object) = data.as_object() else {
        return Value::Object(Map::new());
    };
    let cleaned = object
        .iter()
        .map(|(key, value)| {
            let kept = if KEPT.contains(&key.as_str()) {
                value.clone()
            } else if NAMES.contains(&key.as_str()) {
                Value::String(DELETED.into())
            } else {
                Value::String(String::new())
            };
            (key.clone(), kept)
        })
        .collect();
    Value::Object(cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn mobiles_keep_three_and_four_digits() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("138 1234 5678"), "138****5678");
        assert_eq!(mask_phone("+86 138-1234-5678"), "138****5678");
        assert_eq!(mask_phone("0915-6321188"), "*******1188");
        assert_eq!(mask_phone("123"), "***");
        assert_eq!(mask_phone(""), "");
    }

    #[test]
    fn resident_ids_keep_region_and_last_four() {
        assert_eq!(mask_resident_id("61092219800101123X"), "610922********123X");
        assert_eq!(mask_resident_id("610922800101123"), "610922*****1123");
        assert_eq!(mask_resident_id("123456"), "**3456");
        assert_eq!(masked_value("mobile", "13991512345"), "139****2345");
        assert_eq!(
            masked_value("id_number", "610922198001011234"),
            "610922********1234"
        );
        assert_eq!(masked_value("name", "张秀英"), "张秀英");
    }

    #[test]
    fn anonymising_keeps_what_counts_and_drops_who() {
        let data = json!({
            "name": "张秀英", "mobile": "13991512345", "birth_year": 1968,
            "township": "池河镇", "village": "五爱村", "categories": ["餐饮", "保洁"],
            "notes": "住在 3 组，电话 13991512345", "consent": "同意"
        });
        let clean = anonymised_data(&data);
        assert_eq!(clean["name"], DELETED);
        assert_eq!(clean["mobile"], "");
        assert_eq!(clean["birth_year"], "");
        assert_eq!(clean["village"], "");
        assert_eq!(clean["notes"], "");
        assert_eq!(clean["township"], "池河镇");
        assert_eq!(clean["categories"], json!(["餐饮", "保洁"]));
        assert!(!clean.to_string().contains("1399151"));
        assert!(!clean.to_string().contains("张秀英"));
    }
}
