//! The login lockout: `max_failed` wrong passwords in a row lock an account for `minutes`. A
//! right password, an unlock or a password reset by phone code, and an administrator's reset
//! clear the count (`services::lockout::clear`); the count itself is kept by one conditional
//! update (`services::lockout::reserve_attempt`) so parallel attempts cannot pass the limit.

use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lockout {
    /// Wrong passwords that lock the account (at least 1).
    pub max_failed: i32,
    pub minutes: i64,
}

impl Lockout {
    /// When a lock set at `now` ends.
    pub fn lock_until(self, now: DateTime<Utc>) -> DateTime<Utc> {
        now + Duration::minutes(self.minutes)
    }

    /// Tries left after `failed` wrong passwords in a row.
    pub fn remaining(self, failed: i32) -> u32 {
        (self.max_failed - failed).max(0) as u32
    }
}

/// The end of a lock still running at `now`; a lock that has run out is no lock.
pub fn locked(locked_until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    locked_until.filter(|t| *t > now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_wrong_passwords_lock_for_two_hours_and_a_lock_runs_out() {
        let rule = Lockout {
            max_failed: 3,
            minutes: 120,
        };
        assert_eq!(
            (rule.remaining(0), rule.remaining(2), rule.remaining(5)),
            (3, 1, 0)
        );
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let until = rule.lock_until(now);
        assert_eq!(until - now, Duration::hours(2));
        assert_eq!(locked(Some(until), now), Some(until));
        assert_eq!(locked(Some(until), until), None);
        assert_eq!(locked(None, now), None);
    }
}
