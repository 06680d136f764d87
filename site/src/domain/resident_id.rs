//! 居民身份证号码 (GB 11643-1999, 18 digits).

use std::fmt;

use serde::Deserialize;

use super::{FieldError, describe_char, halfwidth};

/// ISO 7064 MOD 11-2 weights for the first 17 digits.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check character indexed by `sum % 11`.
const CHECK_CHARS: &[u8; 11] = b"10X98765432";

/// Births before this are treated as typos rather than people
/// (GB 11643 itself uses an 1880 birth date in its examples).
const MIN_BIRTH_YEAR: i32 = 1850;

const HINT: &str = "请对照身份证逐位填写 18 位号码，最后一位可能是 X";

/// A validated 18-digit resident ID number, stored with an uppercase `X`.
///
/// `Debug` is masked so the number cannot leak into logs or panic messages;
/// `Display`/`as_str` give the full number for storage and official use.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub struct ResidentId(String);

string_newtype_impls!(ResidentId);

impl fmt::Debug for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ResidentId").field(&self.masked()).finish()
    }
}

fn err(message: impl Into<String>) -> FieldError {
    FieldError::new(message, HINT)
}

impl ResidentId {
    /// Checks shape, a real birth date and the check digit. The birth date
    /// is not compared with today here; use [`Self::check_min_age`].
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let id: String = input
            .trim()
            .chars()
            .map(|c| halfwidth(c).to_ascii_uppercase())
            .collect();
        if id.is_empty() {
            return Err(err("身份证号不能为空"));
        }
        let len = id.chars().count();
        if len == 15 && id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::new(
                "这是 15 位的旧身份证号，现已停用",
                "请填写第二代身份证上的 18 位号码",
            ));
        }
        if len != 18 {
            let detail = if len < 18 {
                format!("只有 {len} 位")
            } else {
                format!("有 {len} 位，多了 {} 位", len - 18)
            };
            return Err(err(format!("身份证号位数不对：{detail}")));
        }
        for (i, c) in id.chars().enumerate() {
            let ok = c.is_ascii_digit() || (i == 17 && c == 'X');
            if !ok {
                let where_ = if i == 17 {
                    "最后一位只能是数字或 X".to_string()
                } else {
                    format!("第 {} 位应是数字", i + 1)
                };
                return Err(err(format!(
                    "身份证号格式不对：{where_}，这里是{}",
                    describe_char(c)
                )));
            }
        }

        let (year, month, day) = birth_fields(&id);
        if !is_real_date(year, month, day) || year < MIN_BIRTH_YEAR {
            return Err(err(format!(
                "身份证号里的出生日期不对：{} 不是有效日期",
                &id[6..14]
            )));
        }
        if check_char(&id) != id.as_bytes()[17] {
            // Deliberately not revealing the expected digit: the useful
            // advice is "you mistyped something", not "change the last digit".
            return Err(err("身份证号校验不通过，可能有数字填错了"));
        }
        Ok(Self(id))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn birth_year(&self) -> i32 {
        self.birth_date().0
    }

    /// `(year, month, day)` from positions 7-14.
    pub fn birth_date(&self) -> (i32, u8, u8) {
        birth_fields(&self.0)
    }

    /// `610922********1234`: first 6, eight stars, last 4.
    pub fn masked(&self) -> String {
        format!("{}********{}", &self.0[..6], &self.0[14..])
    }

    /// Completed years (周岁) on the given date; 0 if that date is before
    /// the birth date. Someone born on 29 February becomes a year older on
    /// 1 March in non-leap years.
    pub fn age_on(&self, year: i32, month: u8, day: u8) -> u32 {
        let (by, bm, bd) = self.birth_date();
        let mut age = year - by;
        if (month, day) < (bm, bd) {
            age -= 1;
        }
        u32::try_from(age).unwrap_or(0)
    }

    /// Refuses people younger than `min` years on `today`. The Labour Law
    /// (《劳动法》第十五条) forbids employing anyone under 16, so intake
    /// calls this with `min = 16`.
    pub fn check_min_age(&self, today: (i32, u8, u8), min: u32) -> Result<(), FieldError> {
        let (y, m, d) = today;
        let (by, bm, bd) = self.birth_date();
        if (by, bm, bd) > today {
            return Err(FieldError::new(
                format!("身份证号里的出生日期 {by}年{bm}月{bd}日 晚于今天，号码可能填错了"),
                HINT,
            ));
        }
        let age = self.age_on(y, m, d);
        if age < min {
            return Err(FieldError::new(
                format!(
                    "未满 {min} 周岁，不能登记用工（按出生日期 {by}年{bm}月{bd}日 计算，现年 {age} 周岁）"
                ),
                format!(
                    "满 {min} 周岁后才能登记；《劳动法》禁止用人单位招用未满 16 周岁的未成年人"
                ),
            ));
        }
        Ok(())
    }
}

/// Birth date digits; callers have already checked positions 7-14 are ASCII digits.
fn birth_fields(id: &str) -> (i32, u8, u8) {
    let num = |range: std::ops::Range<usize>| {
        id.as_bytes()[range]
            .iter()
            .fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0'))
    };
    // Four and two decimal digits always fit these types.
    (num(6..10) as i32, num(10..12) as u8, num(12..14) as u8)
}

fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn is_real_date(year: i32, month: u8, day: u8) -> bool {
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days_in_month).contains(&day)
}

/// The check character the first 17 digits call for.
fn check_char(id: &str) -> u8 {
    let sum: u32 = id
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    CHECK_CHARS[(sum % 11) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::test_util::{de, ser};

    // Check digits verified with an independent Python implementation;
    // the first two are the examples printed in GB 11643-1999.
    const GB_EXAMPLE_X: &str = "11010519491231002X";
    const GB_EXAMPLE_1880: &str = "440524188001010014";
    const LOCAL: &str = "610922199001011230";
    const LEAP_DAY_2000: &str = "610922200002291233";
    const BORN_2010: &str = "610922201006150010";

    fn id(s: &str) -> ResidentId {
        ResidentId::parse(s).expect(s)
    }

    /// Replaces the last character with the correct check digit.
    fn with_check(body17: &str) -> String {
        let mut s = format!("{body17}0");
        let c = check_char(&s) as char;
        s.pop();
        s.push(c);
        s
    }

    #[test]
    fn accepts_valid_numbers() {
        for s in [
            GB_EXAMPLE_X,
            GB_EXAMPLE_1880,
            LOCAL,
            LEAP_DAY_2000,
            BORN_2010,
        ] {
            assert_eq!(id(s).as_str(), s);
        }
    }

    #[test]
    fn normalizes_lowercase_x_whitespace_and_width() {
        assert_eq!(id(" 11010519491231002x ").as_str(), GB_EXAMPLE_X);
        assert_eq!(id("６１０９２２１９９００１０１１２３０").as_str(), LOCAL);
    }

    #[test]
    fn rejects_wrong_check_digit() {
        let e = ResidentId::parse("610922199001011231").unwrap_err();
        assert_eq!(e.message, "身份证号校验不通过，可能有数字填错了");
        assert!(ResidentId::parse("110105194912310021").is_err());
    }

    #[test]
    fn rejects_impossible_birth_dates() {
        for body in [
            "61092219900230123", // 30 February
            "61092219000229123", // 1900 is not a leap year
            "61092219901301123", // month 13
            "61092219900100123", // day 0
            "61092219900431123", // 31 April
            "61092218490101123", // before MIN_BIRTH_YEAR
        ] {
            let e = ResidentId::parse(&with_check(body)).unwrap_err();
            assert!(e.message.contains("出生日期"), "{body}: {}", e.message);
        }
        // Leap years: divisible by 4, and 2000 (divisible by 400).
        assert!(ResidentId::parse(&with_check("61092219960229123")).is_ok());
        assert!(ResidentId::parse(LEAP_DAY_2000).is_ok());
    }

    #[test]
    fn rejects_shape_errors() {
        assert_eq!(
            ResidentId::parse("").unwrap_err().message,
            "身份证号不能为空"
        );
        assert!(
            ResidentId::parse("61092219900101123")
                .unwrap_err()
                .message
                .contains("只有 17 位")
        );
        assert!(
            ResidentId::parse("6109221990010112300")
                .unwrap_err()
                .message
                .contains("19 位")
        );
        let e = ResidentId::parse("61092219900101X230").unwrap_err();
        assert!(e.message.contains("第 15 位应是数字"), "{}", e.message);
        let e = ResidentId::parse("61092219900101123Y").unwrap_err();
        assert!(e.message.contains("最后一位"), "{}", e.message);
        let e = ResidentId::parse("610922900101123").unwrap_err();
        assert!(e.message.contains("15 位的旧身份证号"), "{}", e.message);
    }

    #[test]
    fn birth_date_and_masking() {
        let r = id(GB_EXAMPLE_X);
        assert_eq!(r.birth_date(), (1949, 12, 31));
        assert_eq!(r.birth_year(), 1949);
        assert_eq!(id(LOCAL).masked(), "610922********1230");
        assert_eq!(r.masked(), "110105********002X");
    }

    #[test]
    fn debug_is_masked() {
        assert_eq!(
            format!("{:?}", id(LOCAL)),
            "ResidentId(\"610922********1230\")"
        );
    }

    #[test]
    fn age_counts_completed_years() {
        let r = id(LOCAL); // born 1990-01-01
        assert_eq!(r.age_on(2025, 12, 31), 35);
        assert_eq!(r.age_on(2026, 1, 1), 36);
        assert_eq!(r.age_on(1990, 1, 1), 0);
        assert_eq!(r.age_on(1980, 6, 1), 0);
    }

    #[test]
    fn leap_day_birthday_counts_from_march_first() {
        let r = id(LEAP_DAY_2000);
        assert_eq!(r.age_on(2016, 2, 28), 15);
        assert_eq!(r.age_on(2016, 2, 29), 16);
        assert_eq!(r.age_on(2017, 2, 28), 16);
        assert_eq!(r.age_on(2018, 2, 28), 17);
        assert_eq!(r.age_on(2018, 3, 1), 18);
    }

    #[test]
    fn min_age_check() {
        let r = id(BORN_2010); // born 2010-06-15
        assert!(r.check_min_age((2026, 6, 15), 16).is_ok());
        let e = r.check_min_age((2026, 6, 14), 16).unwrap_err();
        assert!(e.message.starts_with("未满 16 周岁"), "{}", e.message);
        assert!(e.message.contains("现年 15 周岁"), "{}", e.message);
        assert!(e.hint.contains("劳动法"));
        assert!(id(LOCAL).check_min_age((2026, 5, 1), 16).is_ok());
        assert!(id(LOCAL).check_min_age((2026, 5, 1), 18).is_ok());
    }

    #[test]
    fn min_age_rejects_birth_after_today() {
        let e = id(BORN_2010).check_min_age((2009, 1, 1), 16).unwrap_err();
        assert!(e.message.contains("晚于今天"), "{}", e.message);
    }

    #[test]
    fn serde_round_trip() {
        let r = id(GB_EXAMPLE_X);
        assert_eq!(ser(&r), GB_EXAMPLE_X);
        assert_eq!(de::<ResidentId>("11010519491231002x"), Ok(r));
        assert!(de::<ResidentId>("110105194912310021").is_err());
    }
}
