//! The admin's 工作台 (dashboard) and 统计分析 (statistics) as plain rules: which 待办 queues
//! an admin has (from the same permissions as the menu), rates and their change against last
//! year in whole tenths of a percent (no float formatting in the browser), age bands.

use super::access::Permission;
use super::role::Role;
use chrono::{Datelike, NaiveDate};

/// A queue of work waiting for an admin: one 待办 count on the dashboard, linking to the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Queue {
    /// 项目待审核: projects waiting for the approving bureau.
    ProjectsToReview,
    /// 报名待审核: applications waiting at the school or the institution.
    EnrolmentsToReview,
    /// 指令性名单待处理: directive participants waiting for this bureau's step.
    DirectiveToHandle,
    /// 学分待认定: hand-entered credits waiting for the school or the county.
    CreditsToCertify,
    /// 请假待审批: leave requests waiting for the class's runner.
    LeavesToDecide,
    /// 成绩待录入: finished classes with participants not yet graded.
    ScoresToEnter,
}

impl Queue {
    pub const ALL: [Queue; 6] = [
        Queue::ProjectsToReview,
        Queue::EnrolmentsToReview,
        Queue::DirectiveToHandle,
        Queue::CreditsToCertify,
        Queue::LeavesToDecide,
        Queue::ScoresToEnter,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Queue::ProjectsToReview => "项目待审核",
            Queue::EnrolmentsToReview => "报名待审核",
            Queue::DirectiveToHandle => "指令性名单待处理",
            Queue::CreditsToCertify => "学分待认定",
            Queue::LeavesToDecide => "请假待审批",
            Queue::ScoresToEnter => "成绩待录入",
        }
    }

    /// The page the count links to: the queue itself.
    pub fn link(self) -> &'static str {
        match self {
            Queue::ProjectsToReview => "/projects/review",
            Queue::EnrolmentsToReview => "/enrolments",
            Queue::DirectiveToHandle => "/directive",
            Queue::CreditsToCertify => "/credits/review",
            Queue::LeavesToDecide | Queue::ScoresToEnter => "/classes",
        }
    }

    /// What the queue's work needs: a role that cannot hold it has no such queue.
    pub fn needs(self) -> Permission {
        match self {
            Queue::ProjectsToReview => Permission::ReviewProject,
            Queue::EnrolmentsToReview => Permission::ReviewEnrolment,
            Queue::DirectiveToHandle => Permission::Directive,
            Queue::CreditsToCertify => Permission::CertifyCredits,
            Queue::LeavesToDecide | Queue::ScoresToEnter => Permission::GradeClass,
        }
    }

    /// The queues a role has, in the dashboard's order.
    pub fn of(role: Role) -> Vec<Queue> {
        Queue::ALL
            .into_iter()
            .filter(|q| q.needs().held_by(role))
            .collect()
    }
}

/// `per_mille` of counters as the database keeps them (signed; a negative one reads as 0).
pub fn share(part: i64, whole: i64) -> Option<u32> {
    per_mille(part.max(0) as u64, whole.max(0) as u64)
}

/// A share in tenths of a percent (875 = 87.5 %), `None` when there is nothing to divide by.
/// Rounded half up, in integers: the browser formats it without a float formatter.
pub fn per_mille(part: u64, whole: u64) -> Option<u32> {
    if whole == 0 {
        return None;
    }
    let tenths = (part.min(whole) * 2000 + whole) / (2 * whole);
    u32::try_from(tenths).ok()
}

/// "87.5%", or "—" when there is no share.
pub fn percent_text(tenths: Option<u32>) -> String {
    match tenths {
        Some(t) => format!("{}.{}%", t / 10, t % 10),
        None => "—".into(),
    }
}

/// An average rating out of 5 ("4.6": tenths, rounded half up in integers) from the sum and
/// the number of ratings; "—" before any.
pub fn rating_text(sum: i64, count: i64) -> String {
    if count <= 0 {
        return "—".into();
    }
    let tenths = (sum * 20 + count) / (2 * count);
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// A figure's change against last year, in the figure's own unit (a count, or tenths of a
/// percent for a rate).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Up(u64),
    Down(u64),
    Same,
    /// Last year had no figure to compare with.
    New,
}

impl Change {
    pub fn of(this_year: Option<u64>, last_year: Option<u64>) -> Self {
        match (this_year, last_year) {
            (Some(a), Some(b)) if a > b => Change::Up(a - b),
            (Some(a), Some(b)) if a < b => Change::Down(b - a),
            (Some(_), Some(_)) => Change::Same,
            _ => Change::New,
        }
    }

    /// The tag under a figure card: "较上年 +12", "较上年 −1.5%", "与上年持平", "上年无数据".
    pub fn text(self, is_rate: bool) -> String {
        let amount = |n: u64| {
            if is_rate {
                let n = u32::try_from(n).unwrap_or(u32::MAX);
                percent_text(Some(n))
            } else {
                n.to_string()
            }
        };
        match self {
            Change::Up(n) => format!("较上年 +{}", amount(n)),
            Change::Down(n) => format!("较上年 −{}", amount(n)),
            Change::Same => "与上年持平".into(),
            Change::New => "上年无数据".into(),
        }
    }
}

/// The age bands of 教师统计.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AgeBand {
    Under30,
    From30To39,
    From40To49,
    From50,
}

impl AgeBand {
    pub const ALL: [AgeBand; 4] = [
        AgeBand::Under30,
        AgeBand::From30To39,
        AgeBand::From40To49,
        AgeBand::From50,
    ];

    /// The band of someone born on `birth`, on the day `on` (full years of age).
    pub fn of(birth: NaiveDate, on: NaiveDate) -> Self {
        let mut age = on.year() - birth.year();
        if (on.month(), on.day()) < (birth.month(), birth.day()) {
            age -= 1;
        }
        Self::of_age(age)
    }

    /// The band of an age in years (the statistics count age in the year: the year minus the
    /// year of birth).
    pub fn of_age(age: i32) -> Self {
        match age {
            ..=29 => AgeBand::Under30,
            30..=39 => AgeBand::From30To39,
            40..=49 => AgeBand::From40To49,
            _ => AgeBand::From50,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AgeBand::Under30 => "30岁以下",
            AgeBand::From30To39 => "30-39岁",
            AgeBand::From40To49 => "40-49岁",
            AgeBand::From50 => "50岁及以上",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a date")
    }

    #[test]
    fn ratings_average_to_a_tenth() {
        assert_eq!(rating_text(0, 0), "—");
        assert_eq!(rating_text(14, 3), "4.7");
        assert_eq!(rating_text(9, 2), "4.5");
        assert_eq!(rating_text(5, 1), "5.0");
    }

    #[test]
    fn each_role_has_the_queues_its_permissions_give() {
        use Queue::*;
        assert_eq!(
            Queue::of(Role::CountyAdmin),
            [
                ProjectsToReview,
                DirectiveToHandle,
                CreditsToCertify,
                LeavesToDecide,
                ScoresToEnter
            ]
        );
        assert_eq!(
            Queue::of(Role::SchoolAdmin),
            [EnrolmentsToReview, CreditsToCertify]
        );
        assert_eq!(
            Queue::of(Role::Institution),
            [
                EnrolmentsToReview,
                DirectiveToHandle,
                LeavesToDecide,
                ScoresToEnter
            ]
        );
        assert!(Queue::of(Role::Teacher).is_empty());
        assert!(Queue::of(Role::Auditor).is_empty());
        // Every queue links to a page its holders may open.
        for role in Role::ALL {
            for q in Queue::of(role) {
                assert!(
                    super::super::access::page_allowed(role, q.link()),
                    "{role:?} {q:?}"
                );
            }
        }
    }

    #[test]
    fn shares_are_tenths_of_a_percent_rounded_half_up() {
        assert_eq!(per_mille(7, 8), Some(875));
        assert_eq!(per_mille(1, 3), Some(333));
        assert_eq!(per_mille(2, 3), Some(667));
        assert_eq!(per_mille(1, 2000), Some(1)); // 0.05 % rounds up
        assert_eq!(per_mille(0, 5), Some(0));
        assert_eq!(per_mille(5, 5), Some(1000));
        assert_eq!(per_mille(6, 5), Some(1000)); // never above the whole
        assert_eq!(per_mille(3, 0), None);
        assert_eq!(per_mille(600_000, 600_784), Some(999));
        assert_eq!(percent_text(Some(875)), "87.5%");
        assert_eq!(percent_text(Some(1000)), "100.0%");
        assert_eq!(percent_text(Some(5)), "0.5%");
        assert_eq!(percent_text(None), "—");
    }

    #[test]
    fn changes_are_told_against_last_year() {
        assert_eq!(Change::of(Some(120), Some(100)), Change::Up(20));
        assert_eq!(Change::of(Some(80), Some(100)), Change::Down(20));
        assert_eq!(Change::of(Some(5), Some(5)), Change::Same);
        assert_eq!(Change::of(Some(5), None), Change::New);
        assert_eq!(Change::of(None, Some(5)), Change::New);
        assert_eq!(Change::Up(12).text(false), "较上年 +12");
        assert_eq!(Change::Down(15).text(true), "较上年 −1.5%");
        assert_eq!(Change::Same.text(true), "与上年持平");
        assert_eq!(Change::New.text(false), "上年无数据");
    }

    #[test]
    fn ages_are_counted_in_full_years() {
        let on = date(2026, 9, 1);
        assert_eq!(AgeBand::of(date(1996, 9, 2), on), AgeBand::Under30); // 29 until tomorrow
        assert_eq!(AgeBand::of(date(1996, 9, 1), on), AgeBand::From30To39);
        assert_eq!(AgeBand::of(date(1987, 1, 1), on), AgeBand::From30To39);
        assert_eq!(AgeBand::of(date(1986, 9, 1), on), AgeBand::From40To49);
        assert_eq!(AgeBand::of(date(1976, 8, 31), on), AgeBand::From50);
        assert_eq!(
            AgeBand::of(date(1960, 2, 29), date(2026, 2, 28)),
            AgeBand::From50
        );
        let labels: Vec<&str> = AgeBand::ALL.iter().map(|b| b.label()).collect();
        assert_eq!(labels, ["30岁以下", "30-39岁", "40-49岁", "50岁及以上"]);
    }
}
