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
            .map_err(|_| format!("{name} must be a number, got {v:?}")),
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
            max_failed_logins: num("SHIXUN_MAX_FAILED_LOGINS", 3)? as i32,
            lock_minutes: num("SHIXUN_LOCK_MINUTES", 120)?,
            idle_minutes: num("SHIXUN_IDLE_MINUTES", 30)?,
            absolute_hours: num("SHIXUN_ABSOLUTE_HOURS", 12)?,
            throttle_failures: num("SHIXUN_THROTTLE_FAILURES", 20)? as usize,
            throttle_minutes: num("SHIXUN_THROTTLE_MINUTES", 15)?,
            body_seconds: num("SHIXUN_BODY_SECONDS", 60)? as u64,
        };
        config.validate()?;
        Ok(config)
    }

    /// Refuses settings that weaken production.
    pub fn validate(&self) -> Result<(), String> {
        if self.mode == Mode::Production && self.test_captcha {
            return Err("SHIXUN_TEST_CAPTCHA=1 is refused in production mode (set SHIXUN_MODE=demo for tests)".into());
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
            max_failed_logins: 3,
            lock_minutes: 120,
            idle_minutes: 30,
            absolute_hours: 12,
            body_seconds: 60,
            throttle_failures: 20,
            throttle_minutes: 15,
        }
    }

    pub fn is_demo(&self) -> bool {
        self.mode == Mode::Demo
    }

    pub fn session_cookie_name(&self) -> &'static str {
        if self.https {
            "__Host-shixun"
        } else {
            "shixun"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn production_refuses_the_test_captcha() {
        let mut c = Config::for_tests("sqlite::memory:");
        assert!(c.validate().is_ok());
        c.mode = Mode::Production;
        assert!(c.validate().is_err());
        c.test_captcha = false;
        assert!(c.validate().is_ok());
    }
}
