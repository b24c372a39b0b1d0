//! Where messages leave the server: the SMTP relay and the SMS provider (Tencent Cloud SMS),
//! read from the environment. Either may be missing: then a demo keeps such messages in its
//! dev mailbox, and production records them as failed with the reason, for the province to see
//! in 发送记录.

use std::fmt;

/// A secret from the environment: never printed (the configuration is logged at start-up).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// How the SMTP connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// TLS from the first byte (port 465).
    Tls,
    /// Plain, then STARTTLS before anything is sent (port 587); refused if the relay cannot.
    StartTls,
    /// No TLS: only to a relay on this machine.
    Plain,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub user: Option<String>,
    pub password: Option<Secret>,
    /// The sender, as it appears: "师训平台 <noreply@example.gov.cn>".
    pub from: String,
}

/// Tencent Cloud SMS (API 3.0, `SendSms` of version 2021-01-11).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsSettings {
    /// "https://sms.tencentcloudapi.com"; a test points it at its own server.
    pub endpoint: String,
    pub region: String,
    pub secret_id: String,
    pub secret_key: Secret,
    /// The SMS application (SmsSdkAppId).
    pub app_id: String,
    /// The approved signature (签名), shown in 【】 before every text.
    pub sign_name: String,
    /// The approved templates: for codes, and for every other notice.
    pub code_template: String,
    pub notice_template: String,
}

impl SmtpSettings {
    /// From `SHIXUN_SMTP_*`; None when no host is set.
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Result<Option<Self>, String> {
        let Some(host) = var("SHIXUN_SMTP_HOST") else {
            return Ok(None);
        };
        let security = match var("SHIXUN_SMTP_SECURITY").as_deref() {
            None | Some("tls") => SmtpSecurity::Tls,
            Some("starttls") => SmtpSecurity::StartTls,
            Some("plain") => SmtpSecurity::Plain,
            Some(other) => {
                return Err(format!(
                    "SHIXUN_SMTP_SECURITY must be tls, starttls or plain, got {other:?}"
                ));
            }
        };
        let port = match var("SHIXUN_SMTP_PORT") {
            None => match security {
                SmtpSecurity::Tls => 465,
                SmtpSecurity::StartTls => 587,
                SmtpSecurity::Plain => 25,
            },
            Some(p) => p
                .trim()
                .parse()
                .map_err(|e| format!("SHIXUN_SMTP_PORT must be a port number, got {p:?}: {e}"))?,
        };
        let from = var("SHIXUN_SMTP_FROM")
            .ok_or("SHIXUN_SMTP_FROM is required with SHIXUN_SMTP_HOST (师训平台 <noreply@…>)")?;
        let settings = Self {
            host: host.trim().to_string(),
            port,
            security,
            user: var("SHIXUN_SMTP_USER"),
            password: var("SHIXUN_SMTP_PASSWORD").map(Secret),
            from,
        };
        settings.validate()?;
        Ok(Some(settings))
    }

    pub fn validate(&self) -> Result<(), String> {
        if self.from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(format!(
                "SHIXUN_SMTP_FROM is not an address: {:?}",
                self.from
            ));
        }
        let local = matches!(self.host.as_str(), "localhost" | "127.0.0.1" | "::1");
        if self.security == SmtpSecurity::Plain && !local {
            return Err(
                "SHIXUN_SMTP_SECURITY=plain is allowed only to a relay on this machine: passwords and mail would cross the network in the clear".into(),
            );
        }
        Ok(())
    }
}

impl SmsSettings {
    /// From `SHIXUN_SMS_*`; None when no secret id is set.
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Result<Option<Self>, String> {
        let Some(secret_id) = var("SHIXUN_SMS_SECRET_ID") else {
            return Ok(None);
        };
        let need =
            |name: &str| var(name).ok_or(format!("{name} is required with SHIXUN_SMS_SECRET_ID"));
        let endpoint = var("SHIXUN_SMS_ENDPOINT")
            .unwrap_or_else(|| "https://sms.tencentcloudapi.com".into())
            .trim_end_matches('/')
            .to_string();
        if !endpoint.starts_with("https://") && !endpoint.starts_with("http://127.0.0.1") {
            return Err(format!(
                "SHIXUN_SMS_ENDPOINT must be https:// (or a local test server), got {endpoint:?}"
            ));
        }
        Ok(Some(Self {
            endpoint,
            region: var("SHIXUN_SMS_REGION").unwrap_or_else(|| "ap-guangzhou".into()),
            secret_id,
            secret_key: Secret(need("SHIXUN_SMS_SECRET_KEY")?),
            app_id: need("SHIXUN_SMS_APP_ID")?,
            sign_name: need("SHIXUN_SMS_SIGN_NAME")?,
            code_template: need("SHIXUN_SMS_CODE_TEMPLATE")?,
            notice_template: need("SHIXUN_SMS_NOTICE_TEMPLATE")?,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn smtp_takes_its_port_from_the_security_and_needs_a_sender() {
        assert_eq!(SmtpSettings::from_env(env(&[])), Ok(None));
        let s = SmtpSettings::from_env(env(&[
            ("SHIXUN_SMTP_HOST", "smtp.example.gov.cn"),
            ("SHIXUN_SMTP_SECURITY", "starttls"),
            ("SHIXUN_SMTP_FROM", "师训平台 <noreply@example.gov.cn>"),
            ("SHIXUN_SMTP_PASSWORD", "hunter2"),
        ]))
        .unwrap()
        .unwrap();
        assert_eq!((s.port, s.security), (587, SmtpSecurity::StartTls));
        assert!(
            !format!("{s:?}").contains("hunter2"),
            "secrets are not printed"
        );
        let no_from = SmtpSettings::from_env(env(&[("SHIXUN_SMTP_HOST", "smtp.example.gov.cn")]));
        assert!(no_from.unwrap_err().contains("SHIXUN_SMTP_FROM"));
        let plain_far = SmtpSettings::from_env(env(&[
            ("SHIXUN_SMTP_HOST", "smtp.example.gov.cn"),
            ("SHIXUN_SMTP_SECURITY", "plain"),
            ("SHIXUN_SMTP_FROM", "noreply@example.gov.cn"),
        ]));
        assert!(plain_far.unwrap_err().contains("plain"));
    }

    #[test]
    fn sms_needs_every_part_and_https() {
        let all = [
            ("SHIXUN_SMS_SECRET_ID", "AKIDexample"),
            ("SHIXUN_SMS_SECRET_KEY", "key"),
            ("SHIXUN_SMS_APP_ID", "1400000000"),
            ("SHIXUN_SMS_SIGN_NAME", "师训平台"),
            ("SHIXUN_SMS_CODE_TEMPLATE", "100001"),
            ("SHIXUN_SMS_NOTICE_TEMPLATE", "100002"),
        ];
        let s = SmsSettings::from_env(env(&all)).unwrap().unwrap();
        assert_eq!(s.endpoint, "https://sms.tencentcloudapi.com");
        assert_eq!(s.region, "ap-guangzhou");
        let missing = SmsSettings::from_env(env(&all[..5]));
        assert!(missing.unwrap_err().contains("SHIXUN_SMS_NOTICE_TEMPLATE"));
        let mut http = all.to_vec();
        http.push(("SHIXUN_SMS_ENDPOINT", "http://sms.example.com"));
        assert!(SmsSettings::from_env(env(&http)).is_err());
    }
}
