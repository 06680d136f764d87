//! Mainland China mobile numbers.

use serde::Deserialize;

use super::{FieldError, describe_char, halfwidth};

const HINT: &str = "请填写 11 位手机号，如 13912345678";

/// An 11-digit mainland mobile number, stored normalized (`13912345678`).
///
/// Only the shape `1[3-9]\d{9}` is checked, not a carrier prefix list:
/// carriers keep adding prefixes and a stale list would reject real people.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub struct Mobile(String);

string_newtype_impls!(Mobile);

impl Mobile {
    /// Accepts spaces, dashes, full-width digits and a `+86` / `86` / `0086`
    /// country prefix, as people paste numbers in all of these forms.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let shown = input.trim();
        if shown.is_empty() {
            return Err(FieldError::new("手机号不能为空", HINT));
        }
        let compact: String = shown
            .chars()
            .map(halfwidth)
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        let digits = strip_country_code(&compact);

        if let Some(bad) = digits.chars().find(|c| !c.is_ascii_digit()) {
            return Err(FieldError::new(
                format!("手机号格式不对：{shown} 含有{}", describe_char(bad)),
                HINT,
            ));
        }
        let len = digits.len();
        if len < 11 {
            return Err(FieldError::new(
                format!("手机号格式不对：{shown} 只有 {len} 位"),
                HINT,
            ));
        }
        if len > 11 {
            return Err(FieldError::new(
                format!("手机号格式不对：{shown} 有 {len} 位，多了 {} 位", len - 11),
                HINT,
            ));
        }
        let b = digits.as_bytes();
        if b[0] != b'1' || !(b'3'..=b'9').contains(&b[1]) {
            return Err(FieldError::new(
                format!("手机号格式不对：{shown} 不是以 13 至 19 开头"),
                HINT,
            ));
        }
        Ok(Self(digits.to_string()))
    }

    /// The normalized 11 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `139****5678`: enough to recognise a number without exposing it.
    pub fn masked(&self) -> String {
        // Always 11 ASCII digits, so byte slicing is safe.
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

/// Removes one country prefix. Mobile numbers never start with 0 or 8, so
/// none of these prefixes can eat a real digit.
fn strip_country_code(s: &str) -> &str {
    ["+86", "0086", "86"]
        .iter()
        .find_map(|p| s.strip_prefix(p))
        .unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::test_util::{de, ser};

    fn ok(s: &str) -> String {
        Mobile::parse(s).expect(s).as_str().to_string()
    }

    #[test]
    fn accepts_plain_and_formatted_numbers() {
        assert_eq!(ok("13912345678"), "13912345678");
        assert_eq!(ok(" 139 1234 5678 "), "13912345678");
        assert_eq!(ok("139-1234-5678"), "13912345678");
        assert_eq!(ok("１３９１２３４５６７８"), "13912345678");
    }

    #[test]
    fn strips_country_prefixes() {
        assert_eq!(ok("+8613912345678"), "13912345678");
        assert_eq!(ok("+86 139 1234 5678"), "13912345678");
        assert_eq!(ok("8613912345678"), "13912345678");
        assert_eq!(ok("008613912345678"), "13912345678");
        assert_eq!(ok("+86-139-1234-5678"), "13912345678");
    }

    #[test]
    fn accepts_every_second_digit_3_to_9() {
        for d in 3..=9 {
            let n = format!("1{d}012345678");
            assert_eq!(ok(&n), n);
        }
    }

    #[test]
    fn rejects_wrong_length_with_count() {
        let e = Mobile::parse("1391234567").unwrap_err();
        assert_eq!(e.message, "手机号格式不对：1391234567 只有 10 位");
        assert_eq!(e.hint, "请填写 11 位手机号，如 13912345678");
        let e = Mobile::parse("139123456789").unwrap_err();
        assert!(e.message.contains("12 位"), "{}", e.message);
    }

    #[test]
    fn rejects_bad_prefixes() {
        for s in [
            "12912345678",
            "10012345678",
            "23912345678",
            "+8523912345678",
        ] {
            assert!(Mobile::parse(s).is_err(), "{s}");
        }
        let e = Mobile::parse("12912345678").unwrap_err();
        assert!(e.message.contains("13 至 19"), "{}", e.message);
    }

    #[test]
    fn rejects_empty_and_non_digits() {
        assert_eq!(Mobile::parse("   ").unwrap_err().message, "手机号不能为空");
        let e = Mobile::parse("139l2345678").unwrap_err();
        assert!(e.message.contains("「l」"), "{}", e.message);
        assert!(Mobile::parse("139.1234.5678").is_err());
        assert!(Mobile::parse("+86").is_err());
    }

    #[test]
    fn masks_middle_digits() {
        let m = Mobile::parse("13912345678").expect("valid");
        assert_eq!(m.masked(), "139****5678");
    }

    #[test]
    fn display_fromstr_and_serde_use_normalized_form() {
        let m: Mobile = "+86 139-1234-5678".parse().expect("valid");
        assert_eq!(m.to_string(), "13912345678");
        assert_eq!(ser(&m), "13912345678");
        assert_eq!(de::<Mobile>("139 1234 5678"), Ok(m));
        let err = de::<Mobile>("1391234567").unwrap_err();
        assert!(err.contains("只有 10 位"), "{err}");
    }
}
