//! Run-time configuration from the environment.

use std::env;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Demo accounts, the dev mailbox page and the test captcha switch are allowed.
    Demo,
    Production,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub mode: Mode,
    /// Lets automated tests pass the captcha with `TEST_CAPTCHA`; refused in production.
    pub test_captcha: bool,
    /// Served over https: `__Host-` cookie prefix, Secure cookies and HSTS.
    pub https: bool,
    /// Plain http behind a TLS-terminating proxy, by explicit choice (logged at start-up):
    /// production accepts it instead of `https`.
    pub tls_proxy: bool,
    /// The TLS-terminating proxy in front, if any: only its X-Forwarded-For is believed, so the
    /// audit log and the throttles see the real client, and no one else can forge an address.
    pub trusted_proxy: Option<std::net::IpAddr>,
    /// Where users reach the site ("https://shixun.example.gov.cn"): links printed in PDFs and
    /// QR codes use it, never the request's Host header. Required in production.
    pub public_origin: Option<String>,
    pub max_failed_logins: i32,
    pub lock_minutes: i64,
    pub idle_minutes: i64,
    pub absolute_hours: i64,
    /// Failed logins from one address, across accounts, before it is throttled.
    pub throttle_failures: usize,
    pub throttle_minutes: i64,
    /// How long a request's body may take to arrive (a slow client holds a connection and its
    /// buffer while it trickles).
    pub body_seconds: u64,
    /// Where e-mail goes out; None: a demo's dev mailbox, or recorded as not sent.
    pub smtp: Option<super::messaging::SmtpSettings>,
    /// Where SMS goes out; None as for `smtp`.
    pub sms: Option<super::messaging::SmsSettings>,
}

/// The answer the test switch accepts. The captcha alphabet has no `0`, so a real captcha can
/// never equal it.
pub const TEST_CAPTCHA: &str = "0000";

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/shixun.db?mode=rwc";

fn var(name: &str) -> Option<String> {
    env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn num(name: &str, default: i64) -> Result<i64, String> {
    match var(name) {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse()
            .map_err(|e| format!("{name} must be a number, got {v:?}: {e}")),
    }
}

impl Config {
    pub fn from_env() -> Result<Self, String> {
        let mode = match var("SHIXUN_MODE").as_deref() {
            None | Some("production") => Mode::Production,
            Some("demo") => Mode::Demo,
            Some(other) => {
                return Err(format!(
                    "SHIXUN_MODE must be demo or production, got {other:?}"
                ));
            }
        };
        let config = Self {
            database_url: var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.into()),
            mode,
            test_captcha: var("SHIXUN_TEST_CAPTCHA").is_some_and(|v| v == "1"),
            https: var("SHIXUN_HTTPS").is_some_and(|v| v == "1"),
            tls_proxy: var("SHIXUN_TLS_PROXY").is_some_and(|v| v == "1"),
            public_origin: var("SHIXUN_PUBLIC_ORIGIN").map(|o| o.trim_end_matches('/').to_string()),
            trusted_proxy: match var("SHIXUN_TRUSTED_PROXY") {
                None => None,
                Some(v) => Some(v.trim().parse().map_err(|e| {
                    format!("SHIXUN_TRUSTED_PROXY must be an IP address, got {v:?}: {e}")
                })?),
            },
            max_failed_logins: num("SHIXUN_MAX_FAILED_LOGINS", 3)? as i32,
            lock_minutes: num("SHIXUN_LOCK_MINUTES", 120)?,
            idle_minutes: num("SHIXUN_IDLE_MINUTES", 30)?,
            absolute_hours: num("SHIXUN_ABSOLUTE_HOURS", 12)?,
            throttle_failures: num("SHIXUN_THROTTLE_FAILURES", 20)? as usize,
            throttle_minutes: num("SHIXUN_THROTTLE_MINUTES", 15)?,
            body_seconds: num("SHIXUN_BODY_SECONDS", 60)? as u64,
            smtp: super::messaging::SmtpSettings::from_env(var)?,
            sms: super::messaging::SmsSettings::from_env(var)?,
        };
        config.validate()?;
        Ok(config)
    }

    /// Refuses settings that weaken production, and demo mode where real users could reach it.
    pub fn validate(&self) -> Result<(), String> {
        let https_origin = self
            .public_origin
            .as_deref()
            .is_some_and(|o| o.starts_with("https://"));
        match self.mode {
            Mode::Production if self.test_captcha => {
                return Err("SHIXUN_TEST_CAPTCHA=1 is refused in production mode (set SHIXUN_MODE=demo for tests)".into());
            }
            Mode::Production if !self.https && !self.tls_proxy => {
                return Err("production needs https: set SHIXUN_HTTPS=1, or SHIXUN_TLS_PROXY=1 when a TLS-terminating proxy stands in front".into());
            }
            Mode::Production if !https_origin => {
                return Err("production needs SHIXUN_PUBLIC_ORIGIN=https://… (the address printed in certificates and QR codes)".into());
            }
            Mode::Demo if self.https || self.tls_proxy || https_origin => {
                return Err("demo mode (test captcha, public mailbox, demo accounts) is refused over https: it must never face real users".into());
            }
            _ => {}
        }
        if self.max_failed_logins < 1 || self.lock_minutes < 1 || self.idle_minutes < 1 {
            return Err("login limits must be positive".into());
        }
        Ok(())
    }

    /// A demo configuration for tests, on the given database.
    pub fn for_tests(database_url: &str) -> Self {
        Self {
            database_url: database_url.into(),
            mode: Mode::Demo,
            test_captcha: true,
            https: false,
            tls_proxy: false,
            public_origin: None,
            trusted_proxy: None,
            max_failed_logins: 3,
            lock_minutes: 120,
            idle_minutes: 30,
            absolute_hours: 12,
            body_seconds: 60,
            throttle_failures: 20,
            throttle_minutes: 15,
            smtp: None,
            sms: None,
        }
    }

    /// The site's origin for QR codes and printed links: the configured public origin (always
    /// set in production); only a demo falls back to the Host the request came with.
    pub fn origin_for(&self, host: Option<&str>) -> String {
        match &self.public_origin {
            Some(o) => o.clone(),
            None => crate::url::origin(host, self.browsers_use_https()),
        }
    }

    /// The client's address: the socket peer, or — when the peer is the trusted proxy — the
    /// last address the proxy added to X-Forwarded-For.
    pub fn client_ip(
        &self,
        peer: std::net::IpAddr,
        forwarded_for: Option<&str>,
    ) -> std::net::IpAddr {
        if self.trusted_proxy != Some(peer) {
            return peer;
        }
        forwarded_for
            .and_then(|v| v.rsplit(',').next())
            .and_then(|a| a.trim().parse().ok())
            .unwrap_or(peer)
    }

    pub fn is_demo(&self) -> bool {
        self.mode == Mode::Demo
    }

    /// Whether browsers reach the site over https (directly or through the declared proxy):
    /// cookies are then Secure and HSTS is sent.
    pub fn browsers_use_https(&self) -> bool {
        self.https || self.tls_proxy
    }

    pub fn session_cookie_name(&self) -> &'static str {
        if self.browsers_use_https() {
            "__Host-shixun"
        } else {
            "shixun"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn production() -> Config {
        Config {
            mode: Mode::Production,
            test_captcha: false,
            https: true,
            public_origin: Some("https://shixun.example.gov.cn".into()),
            ..Config::for_tests("sqlite::memory:")
        }
    }

    #[test]
    fn production_refuses_the_test_captcha() {
        assert!(Config::for_tests("sqlite::memory:").validate().is_ok());
        assert!(production().validate().is_ok());
        // Printed links never follow the Host a request claims.
        assert_eq!(
            production().origin_for(Some("evil.example")),
            "https://shixun.example.gov.cn"
        );
        let c = Config {
            test_captcha: true,
            ..production()
        };
        assert!(c.validate().unwrap_err().contains("SHIXUN_TEST_CAPTCHA"));
    }

    #[test]
    fn production_needs_https_or_a_declared_proxy_and_a_public_origin() {
        let plain = Config {
            https: false,
            ..production()
        };
        assert!(plain.validate().unwrap_err().contains("SHIXUN_HTTPS"));
        let proxied = Config {
            tls_proxy: true,
            ..plain
        };
        assert!(proxied.validate().is_ok());
        for origin in [None, Some("http://shixun.example.gov.cn".to_string())] {
            let c = Config {
                public_origin: origin,
                ..production()
            };
            assert!(c.validate().unwrap_err().contains("SHIXUN_PUBLIC_ORIGIN"));
        }
    }

    #[test]
    fn only_the_trusted_proxy_names_the_client() {
        let proxy: std::net::IpAddr = "10.0.0.2".parse().unwrap();
        let c = Config {
            trusted_proxy: Some(proxy),
            ..Config::for_tests("sqlite::memory:")
        };
        let client: std::net::IpAddr = "203.0.113.7".parse().unwrap();
        assert_eq!(
            c.client_ip(proxy, Some("198.51.100.1, 203.0.113.7")),
            client
        );
        // Anyone else's header is ignored: the socket peer is the client.
        let other: std::net::IpAddr = "192.0.2.9".parse().unwrap();
        assert_eq!(c.client_ip(other, Some("203.0.113.7")), other);
        assert_eq!(c.client_ip(proxy, Some("not an address")), proxy);
    }

    #[test]
    fn demo_mode_is_refused_over_https() {
        let demo = Config::for_tests("sqlite::memory:");
        for c in [
            Config {
                https: true,
                ..demo.clone()
            },
            Config {
                tls_proxy: true,
                ..demo.clone()
            },
            Config {
                public_origin: Some("https://shixun.example.gov.cn".into()),
                ..demo.clone()
            },
        ] {
            assert!(c.validate().unwrap_err().contains("demo mode"));
        }
    }
}
