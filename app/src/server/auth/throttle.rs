//! Throttles one source failing logins across many accounts (per-account locks live in the
//! database; this catches a source walking through widely known ID numbers).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct Throttle {
    limit: usize,
    window: Duration,
    failures: Mutex<HashMap<IpAddr, Vec<Instant>>>,
}

impl Throttle {
    pub fn new(limit: usize, window_minutes: i64) -> Self {
        Self {
            limit,
            window: Duration::from_secs(window_minutes.max(1) as u64 * 60),
            failures: Mutex::new(HashMap::new()),
        }
    }

    pub fn is_throttled(&self, ip: IpAddr) -> bool {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let Some(list) = map.get_mut(&ip) else {
            return false;
        };
        list.retain(|t| now.duration_since(*t) < self.window);
        list.len() >= self.limit
    }

    pub fn record_failure(&self, ip: IpAddr) {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        // Forget sources whose failures have all aged out, so the map cannot grow unbounded.
        if map.len() > 10_000 {
            map.retain(|_, l| l.iter().any(|t| now.duration_since(*t) < self.window));
        }
        map.entry(ip).or_default().push(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_is_throttled_after_the_limit() {
        let t = Throttle::new(3, 15);
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        let other: IpAddr = "10.0.0.2".parse().unwrap();
        for _ in 0..2 {
            t.record_failure(ip);
        }
        assert!(!t.is_throttled(ip));
        t.record_failure(ip);
        assert!(t.is_throttled(ip));
        assert!(!t.is_throttled(other));
    }
}
