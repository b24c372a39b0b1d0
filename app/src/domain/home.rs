//! The teacher's home (个人空间): what waits for the teacher, and progress as a ring and a bar.

use serde::{Deserialize, Serialize};

/// Something the home page asks the teacher to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TodoKind {
    /// Admitted to a class that has not begun: report on its first day (开班通知 tells where).
    Report,
    /// A finished class to evaluate, with the days left to do it.
    Evaluate { days_left: i64 },
    /// An IT-2.0 class whose micro-ability points are still to pick.
    PickMicro,
}

impl TodoKind {
    pub fn label(self) -> String {
        match self {
            Self::Report => "待报到".into(),
            Self::Evaluate { days_left: 0 } => "待评教 · 今天截止".into(),
            Self::Evaluate { days_left } => format!("待评教 · 还剩 {days_left} 天"),
            Self::PickMicro => "待选微能力点".into(),
        }
    }

    pub fn tone(self) -> &'static str {
        match self {
            Self::Report => "blue",
            Self::Evaluate { days_left } if days_left <= 2 => "red",
            Self::Evaluate { .. } | Self::PickMicro => "orange",
        }
    }
}

/// Whole days from `today` to a last day (0 on the day itself; never negative).
pub fn days_left(today: chrono::NaiveDate, last: chrono::NaiveDate) -> i64 {
    (last - today).num_days().max(0)
}

/// Credits (in tenths) done against those required.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub done: u32,
    pub required: u32,
}

impl From<&crate::domain::credits::Cell> for Progress {
    fn from(c: &crate::domain::credits::Cell) -> Self {
        Self {
            done: c.done,
            required: c.required,
        }
    }
}

impl Progress {
    /// Whole percent, at most 100; nothing required counts as done.
    pub fn percent(self) -> u32 {
        if self.required == 0 {
            return 100;
        }
        (u64::from(self.done) * 100 / u64::from(self.required)).min(100) as u32
    }

    pub fn met(self) -> bool {
        self.done >= self.required
    }

    /// The stroke of a progress ring of circumference `c`: (filled, rest), in whole units
    /// (no float formatting travels to the phone for it).
    pub fn ring(self, c: u32) -> (u32, u32) {
        let filled = c * self.percent() / 100;
        (filled, c - filled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn percent_is_capped_and_nothing_required_is_done() {
        let p = |done, required| Progress { done, required };
        assert_eq!(p(0, 240).percent(), 0);
        assert_eq!(p(120, 240).percent(), 50);
        assert_eq!(
            p(239, 240).percent(),
            99,
            "rounds down: not done until done"
        );
        assert_eq!(p(300, 240).percent(), 100);
        assert_eq!(p(0, 0).percent(), 100);
        assert!(p(240, 240).met() && !p(239, 240).met());
        assert_eq!(p(60, 240).ring(100), (25, 75));
        assert_eq!(p(0, 240).ring(251), (0, 251));
    }

    #[test]
    fn days_left_count_to_the_last_day() {
        assert_eq!(days_left(d("2026-07-01"), d("2026-07-10")), 9);
        assert_eq!(days_left(d("2026-07-10"), d("2026-07-10")), 0);
        assert_eq!(days_left(d("2026-07-11"), d("2026-07-10")), 0);
        assert_eq!(
            TodoKind::Evaluate { days_left: 0 }.label(),
            "待评教 · 今天截止"
        );
        assert_eq!(
            TodoKind::Evaluate { days_left: 5 }.label(),
            "待评教 · 还剩 5 天"
        );
        assert_eq!(TodoKind::Evaluate { days_left: 1 }.tone(), "red");
        assert_eq!(TodoKind::Evaluate { days_left: 5 }.tone(), "orange");
    }
}
