//! Mainland China fixed-line numbers.

use serde::Deserialize;

use super::{FieldError, describe_char, halfwidth};

const HINT: &str = "请填写带区号的座机号，如 0915-6321188，分机可写成 0915-6321188转123";

/// A fixed-line number with area code, stored as `0915-6321188` or,
/// with an extension, `0915-6321188转123`.
///
/// Area codes follow the national plan: `010` and `02X` are 3 digits with
/// 8-digit local numbers; every other code (`03XX`..`09XX`) is 4 digits
/// with a 7- or 8-digit local number. That rule is also what lets us split
/// an unseparated `09156321188` unambiguously.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub struct Landline(String);

string_newtype_impls!(Landline);

fn err(message: String) -> FieldError {
    FieldError::new(message, HINT)
}

impl Landline {
    /// Accepts `0915-6321188`, `09156321188`, `0915 6321188`, `(0915)6321188`,
    /// `029-8888-6666`, and an extension as `-123` or `转123`.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let shown = input.trim();
        if shown.is_empty() {
            return Err(err("座机号不能为空".to_string()));
        }
        let text: String = shown.chars().map(halfwidth).collect();
        let (main, ext_zhuan) = match text.split_once('转') {
            Some((m, e)) => (m, Some(e.trim())),
            None => (text.as_str(), None),
        };

        // Dashes, spaces and brackets only separate digit groups.
        let groups: Vec<&str> = main
            .split(|c: char| c == '-' || c == '(' || c == ')' || c.is_whitespace())
            .filter(|g| !g.is_empty())
            .collect();
        let all_chars = groups.iter().flat_map(|g| g.chars());
        if let Some(bad) = all_chars
            .chain(ext_zhuan.unwrap_or("").chars())
            .find(|c| !c.is_ascii_digit())
        {
            return Err(err(format!(
                "座机号格式不对：{shown} 含有{}",
                describe_char(bad)
            )));
        }
        let Some(first) = groups.first() else {
            return Err(err(format!("座机号格式不对：{shown} 缺少号码")));
        };

        let area_len = area_code_len(first).ok_or_else(|| {
            err(format!(
                "座机号格式不对：{shown} 的区号不对，区号应以 0 开头，如 0915、029"
            ))
        })?;
        if first.len() < area_len {
            return Err(err(format!(
                "座机号格式不对：区号 {first} 不完整，以 {} 开头的区号是 {area_len} 位",
                &first[..2]
            )));
        }
        let (area, rest) = first.split_at(area_len);
        // 3-digit areas always have 8-digit local numbers; 4-digit areas 7 or 8.
        let min_local = if area_len == 3 { 8 } else { 7 };

        // The local number may itself be split ("029-8888-6666"), so keep
        // joining groups until it is long enough; whatever follows is the extension.
        let mut local = rest.to_string();
        let mut tail = groups[1..].iter();
        while local.len() < min_local {
            match tail.next() {
                Some(g) => local.push_str(g),
                None => break,
            }
        }
        let ext_dash = tail.next().copied();
        if tail.next().is_some() || (ext_dash.is_some() && ext_zhuan.is_some()) {
            return Err(err(format!("座机号格式不对：{shown} 的数字段太多")));
        }

        let len = local.len();
        if !(min_local..=8).contains(&len) {
            let want = if min_local == 8 {
                "8".to_string()
            } else {
                "7 或 8".to_string()
            };
            return Err(err(format!(
                "座机号格式不对：区号 {area} 后面应是 {want} 位号码，{shown} 里是 {len} 位"
            )));
        }
        if local.starts_with(['0', '1']) {
            // Local numbers never start with 0 or 1; this usually means a
            // doubled area code or a mobile number typed after the area code.
            return Err(err(format!(
                "座机号格式不对：{local} 不像本地号码（不应以 0 或 1 开头）"
            )));
        }

        let mut normalized = format!("{area}-{local}");
        match ext_dash.or(ext_zhuan) {
            Some(ext) if (1..=6).contains(&ext.len()) => {
                normalized.push('转');
                normalized.push_str(ext);
            }
            Some(ext) => {
                return Err(err(format!(
                    "座机号格式不对：分机号「{ext}」应为 1 至 6 位数字"
                )));
            }
            None => {}
        }
        Ok(Self(normalized))
    }

    /// The normalized form, e.g. `0915-6321188` or `0915-6321188转123`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Area code including the leading 0, e.g. `0915`.
    pub fn area_code(&self) -> &str {
        self.0.split_once('-').map_or("", |(area, _)| area)
    }

    /// Local number without area code or extension, e.g. `6321188`.
    pub fn local_number(&self) -> &str {
        let after_area = self.0.split_once('-').map_or("", |(_, rest)| rest);
        after_area
            .split_once('转')
            .map_or(after_area, |(local, _)| local)
    }

    /// Extension digits, if any.
    pub fn extension(&self) -> Option<&str> {
        self.0.split_once('转').map(|(_, ext)| ext)
    }
}

/// Length of the area code (with its 0) that `digits` starts with, or
/// `None` if it does not start like an area code at all.
fn area_code_len(digits: &str) -> Option<usize> {
    match digits.as_bytes() {
        [b'0', b'1' | b'2', ..] => Some(3),
        [b'0', b'3'..=b'9', ..] => Some(4),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::test_util::{de, ser};

    fn ok(s: &str) -> String {
        Landline::parse(s).expect(s).as_str().to_string()
    }

    #[test]
    fn normalizes_common_forms() {
        assert_eq!(ok("0915-6321188"), "0915-6321188");
        assert_eq!(ok("09156321188"), "0915-6321188");
        assert_eq!(ok(" 0915 6321188 "), "0915-6321188");
        assert_eq!(ok("(0915)6321188"), "0915-6321188");
        assert_eq!(ok("（0915）6321188"), "0915-6321188");
        assert_eq!(ok("０９１５－６３２１１８８"), "0915-6321188");
    }

    #[test]
    fn three_digit_area_codes_take_eight_digits() {
        assert_eq!(ok("029-88886666"), "029-88886666");
        assert_eq!(ok("02988886666"), "029-88886666");
        assert_eq!(ok("029-8888-6666"), "029-88886666");
        assert_eq!(ok("010 6512 3456"), "010-65123456");
        assert!(Landline::parse("029-8888666").is_err());
    }

    #[test]
    fn four_digit_area_codes_take_seven_or_eight_digits() {
        assert_eq!(ok("0755-86013388"), "0755-86013388");
        assert_eq!(ok("075586013388"), "0755-86013388");
        assert!(Landline::parse("0915-632118").is_err());
        assert!(Landline::parse("0915-632118899").is_err());
    }

    #[test]
    fn extensions_with_dash_or_zhuan() {
        assert_eq!(ok("0915-6321188-123"), "0915-6321188转123");
        assert_eq!(ok("0915-6321188转123"), "0915-6321188转123");
        assert_eq!(ok("0915-6321188 转 8"), "0915-6321188转8");
        assert_eq!(ok("029-8888-6666-12"), "029-88886666转12");
        assert!(Landline::parse("0915-6321188转").is_err());
        assert!(Landline::parse("0915-6321188转1234567").is_err());
        assert!(Landline::parse("0915-6321188-1-2").is_err());
        assert!(Landline::parse("0915-6321188-1转2").is_err());
    }

    #[test]
    fn accessors_split_the_parts() {
        let l = Landline::parse("0915-6321188转123").expect("valid");
        assert_eq!(l.area_code(), "0915");
        assert_eq!(l.local_number(), "6321188");
        assert_eq!(l.extension(), Some("123"));
        let l = Landline::parse("029-88886666").expect("valid");
        assert_eq!(
            (l.area_code(), l.local_number(), l.extension()),
            ("029", "88886666", None)
        );
    }

    #[test]
    fn rejects_missing_or_wrong_area_code() {
        let e = Landline::parse("6321188").unwrap_err();
        assert!(e.message.contains("区号"), "{}", e.message);
        assert!(e.hint.contains("0915-6321188"));
        assert!(Landline::parse("0015-6321188").is_err());
        let e = Landline::parse("091-56321188").unwrap_err();
        assert!(e.message.contains("区号 091 不完整"), "{}", e.message);
    }

    #[test]
    fn rejects_implausible_local_numbers_and_junk() {
        assert!(Landline::parse("0915-0632118").is_err());
        assert!(Landline::parse("0915-13912345").is_err());
        assert!(Landline::parse("").is_err());
        assert!(Landline::parse("--").is_err());
        let e = Landline::parse("0915-632l188").unwrap_err();
        assert!(e.message.contains("「l」"), "{}", e.message);
    }

    #[test]
    fn display_and_serde_use_normalized_form() {
        let l: Landline = "09156321188".parse().expect("valid");
        assert_eq!(l.to_string(), "0915-6321188");
        assert_eq!(ser(&l), "0915-6321188");
        assert_eq!(de::<Landline>("0915 6321188"), Ok(l));
        assert!(de::<Landline>("12345").is_err());
    }
}
