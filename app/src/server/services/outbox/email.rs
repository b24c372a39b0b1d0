//! E-mail through an SMTP relay (lettre): plain text in UTF-8, subject and sender encoded as
//! the mail standards ask, so Chinese arrives as written.

use crate::server::entities::outbox;
use crate::server::messaging::{SmtpSecurity, SmtpSettings};
use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

pub struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Smtp {
    pub fn new(s: &SmtpSettings) -> Result<Self, String> {
        let builder = match s.security {
            SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&s.host),
            SmtpSecurity::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&s.host),
            SmtpSecurity::Plain => Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(
                &s.host,
            )),
        }
        .map_err(|e| format!("SMTP relay {}: {e}", s.host))?;
        let mut builder = builder
            .port(s.port)
            .timeout(Some(std::time::Duration::from_secs(20)));
        if let (Some(user), Some(password)) = (&s.user, &s.password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.0.clone()));
        }
        let from = s
            .from
            .parse()
            .map_err(|e| format!("SHIXUN_SMTP_FROM {:?}: {e}", s.from))?;
        Ok(Self {
            transport: builder.build(),
            from,
        })
    }

    /// Sends one message; Ok holds the relay's reply.
    pub async fn send(&self, msg: &outbox::Model) -> Result<String, String> {
        let to: Mailbox = msg
            .destination
            .parse()
            .map_err(|e| format!("收件地址有误：{e}"))?;
        let email = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&msg.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(msg.body.clone())
            .map_err(|e| format!("邮件无法生成：{e}"))?;
        let reply = self
            .transport
            .send(email)
            .await
            .map_err(|e| format!("邮件服务器拒绝或无法连接：{e}"))?;
        Ok(format!(
            "{} {}",
            reply.code(),
            reply.message().collect::<Vec<_>>().join(" ")
        ))
    }
}
