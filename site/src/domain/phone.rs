//! A contact number that may be either a mobile or a landline.

use serde::Deserialize;

use super::{FieldError, Landline, Mobile, halfwidth};

const HINT: &str = "请填写 11 位手机号（如 13912345678），或带区号的座机号（如 0915-6321188）";

/// Employers in the county often list an office landline instead of a
/// mobile, so contact fields accept both.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub enum Phone {
    Mobile(Mobile),
    Landline(Landline),
}

string_newtype_impls!(Phone);

impl Phone {
    /// Tries mobile first, then landline (the two shapes never overlap:
    /// mobiles start with 1 or a country prefix, landlines with 0).
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let mobile_err = match Mobile::parse(input) {
            Ok(m) => return Ok(Self::Mobile(m)),
            Err(e) => e,
        };
        let landline_err = match Landline::parse(input) {
            Ok(l) => return Ok(Self::Landline(l)),
            Err(e) => e,
        };
        // Report the more specific reason when the intent is clear, but
        // always explain both accepted forms in the hint.
        let shown = input.trim();
        let message = match intent(shown) {
            Intent::Empty => "电话号码不能为空".to_string(),
            Intent::Mobile => mobile_err.message,
            Intent::Landline => landline_err.message,
            Intent::Unknown => format!("电话号码格式不对：{shown} 既不是手机号，也不是座机号"),
        };
        Err(FieldError::new(message, HINT))
    }

    /// Normalized display form: `13912345678` or `0915-6321188`.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Mobile(m) => m.as_str(),
            Self::Landline(l) => l.as_str(),
        }
    }

    /// RFC 3966 URI for click-to-call links. Landlines drop the trunk 0
    /// after `+86`; an extension becomes `;ext=`.
    pub fn tel_uri(&self) -> String {
        match self {
            Self::Mobile(m) => format!("tel:+86{}", m.as_str()),
            Self::Landline(l) => {
                let area = l.area_code().strip_prefix('0').unwrap_or(l.area_code());
                let mut uri = format!("tel:+86{area}{}", l.local_number());
                if let Some(ext) = l.extension() {
                    uri.push_str(";ext=");
                    uri.push_str(ext);
                }
                uri
            }
        }
    }
}

enum Intent {
    Empty,
    Mobile,
    Landline,
    Unknown,
}

/// Guesses which kind the person meant from the first digits.
fn intent(input: &str) -> Intent {
    let s: String = input.trim().chars().map(halfwidth).collect();
    if s.is_empty() {
        Intent::Empty
    } else if s.starts_with(['1', '+']) || s.starts_with("86") || s.starts_with("0086") {
        Intent::Mobile
    } else if s.starts_with(['0', '(']) {
        Intent::Landline
    } else {
        Intent::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::test_util::{de, ser};

    fn parse(s: &str) -> Phone {
        Phone::parse(s).expect(s)
    }

    #[test]
    fn picks_the_right_kind() {
        assert!(matches!(parse("13912345678"), Phone::Mobile(_)));
        assert!(matches!(parse("+86 139 1234 5678"), Phone::Mobile(_)));
        assert!(matches!(parse("0086-13912345678"), Phone::Mobile(_)));
        assert!(matches!(parse("0915-6321188"), Phone::Landline(_)));
        assert!(matches!(parse("09156321188"), Phone::Landline(_)));
    }

    #[test]
    fn as_str_is_normalized() {
        assert_eq!(parse("139-1234-5678").as_str(), "13912345678");
        assert_eq!(parse("09156321188").as_str(), "0915-6321188");
        assert_eq!(parse("029 8888 6666").to_string(), "029-88886666");
    }

    #[test]
    fn tel_uris() {
        assert_eq!(parse("13912345678").tel_uri(), "tel:+8613912345678");
        assert_eq!(parse("0915-6321188").tel_uri(), "tel:+869156321188");
        assert_eq!(parse("029-88886666").tel_uri(), "tel:+862988886666");
        assert_eq!(
            parse("0915-6321188转123").tel_uri(),
            "tel:+869156321188;ext=123"
        );
    }

    #[test]
    fn errors_explain_both_forms() {
        for s in ["", "abc", "12345", "1391234567", "0915-632"] {
            let e = Phone::parse(s).unwrap_err();
            assert!(
                e.hint.contains("13912345678") && e.hint.contains("0915-6321188"),
                "{s}"
            );
        }
        assert_eq!(Phone::parse("  ").unwrap_err().message, "电话号码不能为空");
    }

    #[test]
    fn errors_use_the_specific_reason_when_intent_is_clear() {
        let e = Phone::parse("1391234567").unwrap_err();
        assert_eq!(e.message, "手机号格式不对：1391234567 只有 10 位");
        let e = Phone::parse("0915-632").unwrap_err();
        assert!(e.message.starts_with("座机号"), "{}", e.message);
        let e = Phone::parse("5551234").unwrap_err();
        assert!(e.message.contains("既不是手机号"), "{}", e.message);
    }

    #[test]
    fn serde_round_trip() {
        let p = parse("0915 6321188");
        assert_eq!(ser(&p), "0915-6321188");
        assert_eq!(de::<Phone>("0915-6321188"), Ok(p));
        assert_eq!(de::<Phone>("13912345678"), Ok(parse("13912345678")));
        assert!(de::<Phone>("hello").is_err());
    }
}
