//! The `[intake]` table of `config.toml`: where the service listens, its database, its mail.
//! Every value has a default that needs nothing installed (SQLite file, mail to a folder), and
//! secrets come from the environment, never from the file.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::contract::Contract;

#[derive(Debug, Clone)]
pub struct IntakeConfig {
    pub listen: SocketAddr,
    /// The SQLite file (relative paths are under the root).
    pub database: PathBuf,
    pub mail: MailConfig,
    pub abuse: AbuseConfig,
    pub staff: StaffConfig,
    pub contract: Contract,
}

/// The staff area: sessions, evidence files, how long personal data is kept.
#[derive(Debug, Clone)]
pub struct StaffConfig {
    /// A session unused for this long is signed out.
    pub session_idle_minutes: i64,
    /// Mark the session cookie `Secure` even without `X-Forwarded-Proto: https` from the proxy.
    pub secure_cookies: bool,
    /// Evidence files (outside the web root), stored under their SHA-256.
    pub evidence_dir: PathBuf,
    pub retention: RetentionConfig,
}

/// How long records are kept after the service period ends (the rules ask for at least 2 years
/// for the service ledger and 3 for postings and service records); personal data of people who
/// never became a service record may go sooner.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RetentionConfig {
    pub ledger_years: u32,
    pub records_years: u32,
    /// Submissions that led to no service (spam included), in months after submission.
    pub unused_submission_months: u32,
}

impl Default for RetentionConfig {
    fn default() -> Self {
        Self {
            ledger_years: 2,
            records_years: 3,
            unused_submission_months: 24,
        }
    }
}

#[derive(Debug, Clone)]
pub struct MailConfig {
    pub transport: MailTransport,
    pub from: String,
    /// Staff addresses that get a notice of every submission.
    pub to: Vec<String>,
    /// Delay before the first retry of a notice that could not be sent; later ones double.
    pub retry_seconds: u64,
}

#[derive(Debug, Clone)]
pub enum MailTransport {
    /// `.eml` files in a folder: the default, and what a test or a laptop wants.
    Folder(PathBuf),
    Smtp(SmtpConfig),
}

#[derive(Debug, Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub username: Option<String>,
    /// From `LINGONG_SMTP_PASSWORD` only.
    pub password: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    /// Plain connection upgraded with STARTTLS (port 587).
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a relay on the same machine or a test server.
    None,
}

#[derive(Debug, Clone)]
pub struct AbuseConfig {
    /// A form sent sooner than this after the page was served is marked as spam.
    pub min_fill_seconds: u64,
    /// Per client address. Generous: carrier-grade NAT puts many phones behind one address,
    /// and a livestream brings a burst of real applicants.
    pub per_minute: u32,
    pub burst: u32,
    /// A request (body included) that takes longer is answered 408, so that a slow or stalled
    /// client cannot hold a worker.
    pub request_timeout_seconds: u64,
    /// Reverse proxies whose `X-Forwarded-For` names the client (see `abuse::client_ip`).
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

#[derive(Deserialize, Default)]
struct File {
    #[serde(default)]
    intake: IntakeFile,
    contract: Option<toml::Value>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct IntakeFile {
    listen: Option<SocketAddr>,
    database: Option<PathBuf>,
    #[serde(default)]
    mail: MailFile,
    min_fill_seconds: Option<u64>,
    rate_per_minute: Option<u32>,
    rate_burst: Option<u32>,
    request_timeout_seconds: Option<u64>,
    #[serde(default)]
    trusted_proxies: Vec<std::net::IpAddr>,
    session_idle_minutes: Option<i64>,
    secure_cookies: Option<bool>,
    evidence_dir: Option<PathBuf>,
    #[serde(default)]
    retention: RetentionConfig,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct MailFile {
    transport: Option<String>,
    dir: Option<PathBuf>,
    from: Option<String>,
    to: Option<Vec<String>>,
    host: Option<String>,
    port: Option<u16>,
    security: Option<SmtpSecurity>,
    username: Option<String>,
    retry_seconds: Option<u64>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("无法读取 {path}：{source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config.toml 有误：{0}")]
    Invalid(String),
}

pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

impl IntakeConfig {
    /// Reads `[intake]` from `root/config.toml`, then applies environment overrides
    /// (`LINGONG_MAIL_TRANSPORT`, `LINGONG_SMTP_HOST`, `_PORT`, `_SECURITY`, `_USER`, `_PASSWORD`).
    pub fn load(root: &Path) -> Result<Self, ConfigError> {
        let path = root.join("config.toml");
        let text =
            std::fs::read_to_string(&path).map_err(|source| ConfigError::Read { path, source })?;
        Self::parse(&text, root, &|key| std::env::var(key).ok())
    }

    pub fn parse(
        text: &str,
        root: &Path,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let file: File =
            toml::from_str(text).map_err(|e| ConfigError::Invalid(e.message().to_string()))?;
        let intake = file.intake;
        if file.contract.is_none() {
            return Err(ConfigError::Invalid(
                "缺少 [contract]（服务期 service_start、service_end 和各项最低指标）".into(),
            ));
        }
        let contract = Contract::parse(text).map_err(ConfigError::Invalid)?;
        let under_root = |p: PathBuf| if p.is_absolute() { p } else { root.join(p) };
        let mail = intake.mail;
        let transport_name = env("LINGONG_MAIL_TRANSPORT")
            .or(mail.transport)
            .unwrap_or_else(|| "folder".into());
        let transport = match transport_name.as_str() {
            "folder" | "file" => {
                MailTransport::Folder(under_root(mail.dir.unwrap_or_else(|| "data/mail".into())))
            }
            "smtp" => {
                let host = env("LINGONG_SMTP_HOST").or(mail.host).ok_or_else(|| {
                    ConfigError::Invalid("mail.transport = \"smtp\" 需要 host".into())
                })?;
                let port = match env("LINGONG_SMTP_PORT") {
                    Some(p) => p.parse().map_err(|_| {
                        ConfigError::Invalid(format!("LINGONG_SMTP_PORT 不是端口号：{p}"))
                    })?,
                    None => mail.port.unwrap_or(587),
                };
                let security = match env("LINGONG_SMTP_SECURITY") {
                    Some(s) => toml::Value::String(s.clone()).try_into().map_err(|_| {
                        ConfigError::Invalid(format!(
                            "LINGONG_SMTP_SECURITY 只能是 starttls、tls 或 none：{s}"
                        ))
                    })?,
                    None => mail.security.unwrap_or(SmtpSecurity::Starttls),
                };
                MailTransport::Smtp(SmtpConfig {
                    host,
                    port,
                    security,
                    username: env("LINGONG_SMTP_USER").or(mail.username),
                    password: env("LINGONG_SMTP_PASSWORD"),
                })
            }
            other => {
                return Err(ConfigError::Invalid(format!(
                    "mail.transport 只能是 folder 或 smtp，不是 {other}"
                )));
            }
        };
        Ok(IntakeConfig {
            listen: intake
                .listen
                .unwrap_or_else(|| DEFAULT_LISTEN.parse().expect("valid default address")),
            database: under_root(intake.database.unwrap_or_else(|| "data/lingong.db".into())),
            mail: MailConfig {
                transport,
                from: mail
                    .from
                    .unwrap_or_else(|| "石泉县零工市场网站 <noreply@localhost>".into()),
                to: mail.to.unwrap_or_else(|| vec!["staff@localhost".into()]),
                retry_seconds: mail.retry_seconds.unwrap_or(10).max(1),
            },
            abuse: AbuseConfig {
                min_fill_seconds: intake.min_fill_seconds.unwrap_or(3),
                per_minute: intake.rate_per_minute.unwrap_or(120).max(1),
                burst: intake.rate_burst.unwrap_or(60).max(1),
                request_timeout_seconds: intake.request_timeout_seconds.unwrap_or(15).max(1),
                trusted_proxies: intake.trusted_proxies,
            },
            staff: StaffConfig {
                session_idle_minutes: intake.session_idle_minutes.unwrap_or(30).max(1),
                secure_cookies: intake.secure_cookies.unwrap_or(false),
                evidence_dir: under_root(
                    intake
                        .evidence_dir
                        .unwrap_or_else(|| "data/evidence".into()),
                ),
                retention: intake.retention,
            },
            contract,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONTRACT: &str = "[contract]\nservice_start = 2026-03-01\nservice_end = 2027-02-28\n";

    #[test]
    fn defaults_need_nothing_installed() {
        let config = IntakeConfig::parse(
            &format!("[site]\ntitle = \"x\"\n{CONTRACT}"),
            Path::new("/srv/site"),
            &|_| None,
        )
        .unwrap();
        assert_eq!(config.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(config.database, Path::new("/srv/site/data/lingong.db"));
        assert!(
            matches!(config.mail.transport, MailTransport::Folder(ref p) if p == Path::new("/srv/site/data/mail"))
        );
    }

    #[test]
    fn smtp_settings_come_from_the_file_and_the_password_from_the_environment() {
        let text = "[intake.mail]\ntransport = \"smtp\"\nhost = \"smtp.example.org\"\nport = 465\nsecurity = \"tls\"\nusername = \"lingong\"\n";
        let env = |k: &str| (k == "LINGONG_SMTP_PASSWORD").then(|| "secret".to_string());
        let config =
            IntakeConfig::parse(&format!("{text}{CONTRACT}"), Path::new("/r"), &env).unwrap();
        let MailTransport::Smtp(smtp) = config.mail.transport else {
            panic!("smtp expected")
        };
        assert_eq!(
            (smtp.host.as_str(), smtp.port, smtp.security),
            ("smtp.example.org", 465, SmtpSecurity::Tls)
        );
        assert_eq!(smtp.password.as_deref(), Some("secret"));
    }

    #[test]
    fn the_environment_can_switch_to_smtp() {
        let env = |k: &str| match k {
            "LINGONG_MAIL_TRANSPORT" => Some("smtp".to_string()),
            "LINGONG_SMTP_HOST" => Some("127.0.0.1".to_string()),
            "LINGONG_SMTP_PORT" => Some("2525".to_string()),
            "LINGONG_SMTP_SECURITY" => Some("none".to_string()),
            _ => None,
        };
        let config = IntakeConfig::parse(CONTRACT, Path::new("/r"), &env).unwrap();
        let MailTransport::Smtp(smtp) = config.mail.transport else {
            panic!("smtp expected")
        };
        assert_eq!((smtp.port, smtp.security), (2525, SmtpSecurity::None));
    }

    #[test]
    fn a_wrong_value_is_explained() {
        assert!(
            IntakeConfig::parse(
                "[intake.mail]\ntransport = \"pigeon\"\n",
                Path::new("/r"),
                &|_| None
            )
            .is_err()
        );
        assert!(
            IntakeConfig::parse("[intake]\nlisten = \"nowhere\"\n", Path::new("/r"), &|_| {
                None
            })
            .is_err()
        );
    }
}
