//! Domain newtypes for lingong: values that are validated once at the edge
//! (forms, CSV imports, the intake service) and then trusted everywhere else.
//!
//! Every type follows the same contract:
//! - `parse(&str) -> Result<Self, FieldError>` normalizes and validates;
//! - `as_str()` returns the normalized form, which is also what `Display`
//!   prints and what serde writes;
//! - deserializing goes through `parse` (`#[serde(try_from = "String")]`), so
//!   a stored or submitted value can never bypass validation.
//!
//! Error texts are user-facing and therefore in Simplified Chinese.

use thiserror::Error;

/// Implements the string plumbing shared by every newtype in this module.
/// The type must provide `parse(&str) -> Result<Self, FieldError>` and
/// `as_str(&self) -> &str`. Defined before the `mod` lines so the
/// submodules can see it (`macro_rules!` scoping is textual).
macro_rules! string_newtype_impls {
    ($ty:ident) => {
        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = super::FieldError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        // Used by `#[serde(try_from = "String")]`.
        impl ::std::convert::TryFrom<String> for $ty {
            type Error = super::FieldError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::parse(&s)
            }
        }

        impl ::std::convert::AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        // Hand-written instead of `#[serde(into = "String")]` to avoid a clone.
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

// Public so callers can use either `domain::phone::Phone` or the
// re-export `domain::Phone`.
pub mod credit_code;
pub mod landline;
pub mod mobile;
pub mod phone;
pub mod resident_id;
pub mod slug;
pub mod wording;

pub use credit_code::CreditCode;
pub use landline::Landline;
pub use mobile::Mobile;
pub use phone::Phone;
pub use resident_id::ResidentId;
pub use slug::{is_valid_slug, slugify};

/// A validation failure that can be shown to the person who typed the value.
///
/// `message` says what is wrong, `hint` says how to fix it; both are
/// Simplified Chinese. `Display` prints only the message, so the error reads
/// naturally when it bubbles up through `?` or serde.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{message}")]
pub struct FieldError {
    pub message: String,
    pub hint: String,
}

impl FieldError {
    pub fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

/// Maps full-width ASCII variants (U+FF01..U+FF5E) and the ideographic space
/// to their ASCII forms. Chinese IMEs often produce `１３９` or `－`, and
/// rejecting those would be pointless friction.
pub(crate) fn halfwidth(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Quotes a character for an error message; whitespace would be invisible.
pub(crate) fn describe_char(c: char) -> String {
    if c.is_whitespace() {
        "空格".to_string()
    } else {
        format!("「{c}」")
    }
}

#[cfg(test)]
pub(crate) mod test_util {
    use serde::Serialize;
    use serde::de::{DeserializeOwned, IntoDeserializer, value};

    /// Deserializes `s` as if it came from a JSON string or form field.
    pub fn de<T: DeserializeOwned>(s: &str) -> Result<T, String> {
        let d: value::StringDeserializer<value::Error> = s.to_string().into_deserializer();
        T::deserialize(d).map_err(|e| e.to_string())
    }

    /// Serializes through serde's `Serializer` impl for `fmt::Formatter`,
    /// which writes a `serialize_str` call verbatim; no `serde_json` needed.
    pub fn ser<T: Serialize>(v: &T) -> String {
        struct Wrap<'a, T>(&'a T);
        impl<T: Serialize> std::fmt::Display for Wrap<'_, T> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.serialize(f)
            }
        }
        Wrap(v).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_error_displays_message_only() {
        let e = FieldError::new("手机号格式不对", "请填写 11 位手机号");
        assert_eq!(e.to_string(), "手机号格式不对");
        assert_eq!(e.hint, "请填写 11 位手机号");
    }

    #[test]
    fn halfwidth_maps_fullwidth_ascii() {
        let s: String = "１３９－Ａｂ　+".chars().map(halfwidth).collect();
        assert_eq!(s, "139-Ab +");
        assert_eq!(halfwidth('中'), '中');
    }

    #[test]
    fn describe_char_names_spaces() {
        assert_eq!(describe_char(' '), "空格");
        assert_eq!(describe_char('a'), "「a」");
    }
}
