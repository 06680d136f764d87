//! Staff accounts: roles and argon2id password hashes. (Sessions and login come with the staff
//! area; this is what `lingong-intake user add` needs.)

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

/// What an account may do; enforced on the server, not by hiding buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Staff,
    /// The purchaser (county HR bureau): reads everything, changes nothing.
    Auditor,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Staff => "staff",
            Role::Auditor => "auditor",
            Role::Admin => "admin",
        }
    }

    /// The role as staff read it.
    pub fn label(self) -> &'static str {
        match self {
            Role::Staff => "工作人员",
            Role::Auditor => "审计（只读）",
            Role::Admin => "管理员",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "staff" => Some(Role::Staff),
            "auditor" => Some(Role::Auditor),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// Shorter passwords are refused: staff accounts see personal data.
pub const MIN_PASSWORD_CHARS: usize = 10;

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("密码至少 {MIN_PASSWORD_CHARS} 个字符")]
    TooShort,
    #[error("账号名只能用 1 到 32 个字母、数字、汉字、点、横线或下划线")]
    BadName,
    #[error("无法生成密码摘要：{0}")]
    Hash(String),
}

pub fn check_name(name: &str) -> Result<(), AuthError> {
    let ok = (1..=32).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if ok { Ok(()) } else { Err(AuthError::BadName) }
}

/// An argon2id PHC string (`$argon2id$v=19$…`) with a random salt.
pub fn hash_password(password: &str) -> Result<String, AuthError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AuthError::TooShort);
    }
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AuthError::Hash(e.to_string()))
}

pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_hashed_with_argon2id_and_verified() {
        let hash = hash_password("石泉零工市场2026").unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password("石泉零工市场2026", &hash));
        assert!(!verify_password("石泉零工市场2027", &hash));
        assert!(!verify_password("x", "not a hash"));
        assert_ne!(hash, hash_password("石泉零工市场2026").unwrap(), "salted");
        assert!(matches!(hash_password("short"), Err(AuthError::TooShort)));
    }

    #[test]
    fn names_and_roles() {
        assert!(check_name("wang.li").is_ok() && check_name("王丽").is_ok());
        assert!(
            check_name("").is_err() && check_name("a b").is_err() && check_name("x;drop").is_err()
        );
        assert_eq!(Role::parse("auditor"), Some(Role::Auditor));
        assert_eq!(Role::parse("root"), None);
    }
}
