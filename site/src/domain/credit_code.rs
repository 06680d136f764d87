//! 统一社会信用代码 (Unified Social Credit Identifier, GB 32100-2015).

use serde::Deserialize;

use super::{FieldError, describe_char, halfwidth};

/// The 31 code characters; I, O, Z, S, V are left out to avoid confusion
/// with 1, 0, 2, 5, U. A character's value is its index here.
const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// 3^i mod 31 for positions 1..=17.
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

const HINT: &str =
    "统一社会信用代码共 18 位，由数字和大写字母组成（不含 I、O、Z、S、V），请对照营业执照填写";

/// An employer's 18-character credit code, stored uppercased.
///
/// A wrong check character is deliberately *not* a parse error: some early
/// codes were issued with bad check characters and are still printed on
/// valid licences. Callers flag `!check_ok()` for a person to review.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub struct CreditCode(String);

string_newtype_impls!(CreditCode);

impl CreditCode {
    /// Trims, accepts full-width and lowercase input, and checks length and
    /// character set only.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let code: String = input
            .trim()
            .chars()
            .map(|c| halfwidth(c).to_ascii_uppercase())
            .collect();
        if code.is_empty() {
            return Err(FieldError::new("统一社会信用代码不能为空", HINT));
        }
        let len = code.chars().count();
        if len != 18 {
            let detail = if len < 18 {
                format!("只有 {len} 位")
            } else {
                format!("有 {len} 位，多了 {} 位", len - 18)
            };
            return Err(FieldError::new(
                format!("统一社会信用代码位数不对：{code} {detail}"),
                HINT,
            ));
        }
        if let Some((i, bad)) = code
            .chars()
            .enumerate()
            .find(|(_, c)| char_value(*c).is_none())
        {
            return Err(FieldError::new(
                format!(
                    "统一社会信用代码第 {} 位{}不是有效字符",
                    i + 1,
                    describe_char(bad)
                ),
                HINT,
            ));
        }
        Ok(Self(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the 18th character matches the GB 32100 checksum.
    pub fn check_ok(&self) -> bool {
        self.0.ends_with(self.expected_check_char())
    }

    /// The check character the first 17 characters call for; shown to the
    /// reviewer next to the printed one when `check_ok()` is false.
    pub fn expected_check_char(&self) -> char {
        let sum: u32 = self
            .0
            .chars()
            .zip(WEIGHTS)
            .map(|(c, w)| char_value(c).unwrap_or(0) * w)
            .sum();
        // 31 - 0 would be 31, which the standard writes as '0'.
        let check = (31 - sum % 31) % 31;
        ALPHABET.chars().nth(check as usize).unwrap_or('0')
    }

    /// 登记管理机关行政区划码 at positions 3-8, e.g. `610922`.
    pub fn region_code(&self) -> &str {
        // Validated as 18 ASCII characters, so byte slicing is safe.
        &self.0[2..8]
    }
}

fn char_value(c: char) -> Option<u32> {
    ALPHABET.find(c).map(|i| i as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::test_util::{de, ser};

    /// Check characters computed independently (a separate Python script
    /// implementing GB 32100-2015), covering the digit, letter and
    /// "31 -> 0" branches.
    const VALID: [&str; 6] = [
        "91610922MA6YQ8K4XD",
        "52610922MJU123456C",
        "12610900435200015U",
        "91110000600037341L",
        "93610922MA7B2C3D40",
        "Y1610922MA0000000P",
    ];

    #[test]
    fn weights_are_powers_of_three_mod_31() {
        let mut w = 1;
        for expected in WEIGHTS {
            assert_eq!(expected, w);
            w = w * 3 % 31;
        }
    }

    #[test]
    fn known_vectors_pass_the_check() {
        for s in VALID {
            let c = CreditCode::parse(s).expect(s);
            assert!(c.check_ok(), "{s}: expected {}", c.expected_check_char());
            assert_eq!(c.as_str(), s);
        }
    }

    #[test]
    fn bad_check_char_is_accepted_but_flagged() {
        let c = CreditCode::parse("91610922MA6YQ8K4XE").expect("shape is fine");
        assert!(!c.check_ok());
        assert_eq!(c.expected_check_char(), 'D');
        // Every wrong check character is flagged, not just one.
        for wrong in ALPHABET.chars().filter(|&c| c != 'D') {
            let code = format!("91610922MA6YQ8K4X{wrong}");
            assert!(
                !CreditCode::parse(&code).expect("shape").check_ok(),
                "{code}"
            );
        }
    }

    #[test]
    fn normalizes_case_whitespace_and_width() {
        let c = CreditCode::parse("  91610922ma6yq8k4xd\n").expect("valid");
        assert_eq!(c.as_str(), "91610922MA6YQ8K4XD");
        let c = CreditCode::parse("９１６１０９２２ＭＡ６ＹＱ８Ｋ４ＸＤ").expect("valid");
        assert!(c.check_ok());
        assert_eq!(c.region_code(), "610922");
    }

    #[test]
    fn rejects_wrong_length() {
        let e = CreditCode::parse("91610922MA6YQ8K4X").unwrap_err();
        assert!(e.message.contains("只有 17 位"), "{}", e.message);
        let e = CreditCode::parse("91610922MA6YQ8K4XD1").unwrap_err();
        assert!(e.message.contains("19 位"), "{}", e.message);
        assert_eq!(
            CreditCode::parse(" ").unwrap_err().message,
            "统一社会信用代码不能为空"
        );
    }

    #[test]
    fn rejects_excluded_and_foreign_characters() {
        for bad in ['I', 'O', 'Z', 'S', 'V', '-', '中'] {
            let code: String = format!("91610922MA6YQ8K4X{bad}");
            let e = CreditCode::parse(&code).unwrap_err();
            assert!(e.message.contains("第 18 位"), "{code}: {}", e.message);
        }
        let e = CreditCode::parse("91610922MA6 Q8K4XD").unwrap_err();
        assert!(e.message.contains("第 12 位空格"), "{}", e.message);
    }

    #[test]
    fn serde_round_trip() {
        let c = CreditCode::parse(VALID[0]).expect("valid");
        assert_eq!(ser(&c), VALID[0]);
        assert_eq!(de::<CreditCode>("91610922ma6yq8k4xd"), Ok(c));
        // Deserialization keeps the "flag, don't reject" policy.
        assert!(de::<CreditCode>("91610922MA6YQ8K4XE").is_ok());
        assert!(de::<CreditCode>("916109").is_err());
    }
}
