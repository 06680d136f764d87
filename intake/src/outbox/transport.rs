//! Where notices go: `.eml` files in a folder (the default), or an SMTP server.

use lettre::message::{Mailbox, Message, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use crate::config::{MailConfig, MailTransport, SmtpSecurity};
use crate::store::queries::OutboxRow;

pub enum Transport {
    Folder(AsyncFileTransport<Tokio1Executor>),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("邮件地址有误：{0}")]
    Address(String),
    #[error("无法生成邮件：{0}")]
    Build(String),
    #[error("发送失败：{0}")]
    Send(String),
    #[error("无法创建邮件目录 {0}：{1}")]
    Folder(String, std::io::Error),
}

impl Transport {
    /// Builds the transport; must run inside the Tokio runtime (lettre's SMTP pool needs it).
    pub fn new(config: &MailConfig) -> Result<Self, SendError> {
        Ok(match &config.transport {
            MailTransport::Folder(dir) => {
                std::fs::create_dir_all(dir)
                    .map_err(|e| SendError::Folder(dir.display().to_string(), e))?;
                Transport::Folder(AsyncFileTransport::new(dir))
            }
            MailTransport::Smtp(smtp) => {
                let builder = match smtp.security {
                    SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&smtp.host),
                    SmtpSecurity::Starttls => {
                        AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&smtp.host)
                    }
                    SmtpSecurity::None => Ok(
                        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host),
                    ),
                }
                .map_err(|e| SendError::Send(e.to_string()))?;
                let mut builder = builder
                    .port(smtp.port)
                    .timeout(Some(std::time::Duration::from_secs(20)));
                if let (Some(user), Some(password)) = (&smtp.username, &smtp.password) {
                    builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
                }
                Transport::Smtp(builder.build())
            }
        })
    }

    pub async fn send(&self, from: &str, row: &OutboxRow) -> Result<(), SendError> {
        let message = compose(from, row)?;
        match self {
            Transport::Folder(t) => t
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| SendError::Send(e.to_string())),
            Transport::Smtp(t) => t
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| SendError::Send(e.to_string())),
        }
    }
}

/// The message of an outbox row. Its Message-ID is fixed by the row, so if a message is ever
/// sent twice (a crash between sending and recording it), mail clients show it once.
fn compose(from: &str, row: &OutboxRow) -> Result<Message, SendError> {
    let from: Mailbox = from
        .parse()
        .map_err(|_| SendError::Address(from.to_string()))?;
    let mut builder = Message::builder()
        .from(from)
        .subject(row.subject.clone())
        .message_id(Some(format!(
            "<outbox-{}-{}@lingong>",
            row.id, row.submission_id
        )))
        .header(ContentType::TEXT_PLAIN);
    for to in &row.recipients {
        let mailbox: Mailbox = to.parse().map_err(|_| SendError::Address(to.clone()))?;
        builder = builder.to(mailbox);
    }
    builder
        .body(row.body.clone())
        .map_err(|e| SendError::Build(e.to_string()))
}
