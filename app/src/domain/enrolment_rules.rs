//! The rules of self-selection (DOMAIN.md §4): who may take a class, in which window, within
//! which yearly limit, and what happens when a class is full.

use super::enrolment_flow::EnrolmentStatus;
use super::training_year::Round;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// At most this many selected hours per teacher and year.
pub const MAX_SELECTED_HOURS_PER_YEAR: u32 = 90;

/// A teacher as the rules see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applicant<'a> {
    pub county: &'a str,
    pub stage: &'a str,
    pub subject: &'a str,
    pub post: &'a str,
}

/// Whom a project is for; empty lists mean "any".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audience<'a> {
    pub regions: &'a [String],
    pub stages: &'a [String],
    pub subjects: &'a [String],
    pub posts: &'a [String],
}

crate::stored_enum! {
    /// A condition of a project's audience besides its regions (`project_audience.dimension`).
    pub enum AudienceDimension {
        Stage = "stage",
        Subject = "subject",
        Post = "post",
    }
}

/// A project's stages, subjects and posts (empty: any), as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Targets {
    pub stages: Vec<String>,
    pub subjects: Vec<String>,
    pub posts: Vec<String>,
}

impl Targets {
    pub fn of(&self, d: AudienceDimension) -> &[String] {
        match d {
            AudienceDimension::Stage => &self.stages,
            AudienceDimension::Subject => &self.subjects,
            AudienceDimension::Post => &self.posts,
        }
    }

    pub fn of_mut(&mut self, d: AudienceDimension) -> &mut Vec<String> {
        match d {
            AudienceDimension::Stage => &mut self.stages,
            AudienceDimension::Subject => &mut self.subjects,
            AudienceDimension::Post => &mut self.posts,
        }
    }

    /// The whole audience, with the project's regions.
    pub fn with_regions<'a>(&'a self, regions: &'a [String]) -> Audience<'a> {
        Audience {
            regions,
            stages: &self.stages,
            subjects: &self.subjects,
            posts: &self.posts,
        }
    }
}

/// Which condition of a project's audience a teacher fails (text: `error::text`); each
/// names whom the project is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotInAudience {
    Region,
    Stage(Vec<String>),
    Subject(Vec<String>),
    Post(Vec<String>),
}

/// Whether the project is open to the teacher; the error says which condition fails.
pub fn open_to(a: &Applicant, aud: &Audience) -> Result<(), NotInAudience> {
    let any_or = |list: &[String], v: &str| list.is_empty() || list.iter().any(|x| x == v);
    if !aud
        .regions
        .iter()
        .any(|r| super::region::covers(r, a.county))
    {
        return Err(NotInAudience::Region);
    }
    if !any_or(aud.stages, a.stage) {
        return Err(NotInAudience::Stage(aud.stages.to_vec()));
    }
    if !any_or(aud.subjects, a.subject) {
        return Err(NotInAudience::Subject(aud.subjects.to_vec()));
    }
    if !any_or(aud.posts, a.post) {
        return Err(NotInAudience::Post(aud.posts.to_vec()));
    }
    Ok(())
}

/// Why a teacher may not enrol now (text: `error::text`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EnrolRefused {
    NotOpen,
    AlreadyIn,
    /// Finished classes waiting for the teacher's evaluation.
    Unevaluated(u32),
    OverYearlyHours {
        taken: u32,
        adding: u32,
    },
}

/// Where an accepted application lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Landing {
    /// Claims a seat (round 1 has no cap: a full class is settled later by a draw).
    Seat,
    /// Round 2 is capped: a full class puts the teacher on its waiting list.
    WaitingList,
}

/// What the teacher already has this year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Standing {
    /// Hours of the teacher's live selections this year.
    pub hours_taken: u32,
    /// Finished classes the teacher has not evaluated yet.
    pub unevaluated: u32,
    /// Whether the teacher already holds or waits for a seat in this project.
    pub already_in: bool,
}

/// Whether an enrolment counts toward the teacher's yearly cap of self-selected hours
/// (`MAX_SELECTED_HOURS_PER_YEAR`): one the teacher chose (round 1 or 2; a directive
/// nomination is round 0) that holds or waits for a seat.
pub fn counts_toward_yearly_hours(status: EnrolmentStatus, round: i16) -> bool {
    round > 0 && (status.holds_seat() || status == EnrolmentStatus::Waitlisted)
}

/// The self-selected hours a teacher has taken in a year, from that year's enrolments as
/// (status, round, hours).
pub fn yearly_hours(enrolments: impl IntoIterator<Item = (EnrolmentStatus, i16, i32)>) -> u32 {
    enrolments
        .into_iter()
        .filter(|(status, round, _)| counts_toward_yearly_hours(*status, *round))
        .map(|(_, _, hours)| hours.max(0) as u32)
        .sum()
}

/// Where a teacher's training stands on a day (我的培训's three lists).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TrainingPhase {
    Upcoming,
    Ongoing,
    Finished,
}

impl TrainingPhase {
    /// An enrolment that holds no seat yet is upcoming whatever the dates; a seat is ongoing
    /// from the class's first day to its last, finished after.
    pub fn of(enrolled: bool, class: Option<(NaiveDate, NaiveDate)>, today: NaiveDate) -> Self {
        match class {
            Some((_, ends)) if enrolled && today > ends => Self::Finished,
            Some((starts, _)) if enrolled && today >= starts => Self::Ongoing,
            _ => Self::Upcoming,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Upcoming => "未开始",
            Self::Ongoing => "进行中",
            Self::Finished => "已结束",
        }
    }
}

/// Whether the teacher may enrol now, and where the application lands.
pub fn may_enrol(
    round: Option<Round>,
    standing: Standing,
    project_hours: u32,
    seats_left: i64,
) -> Result<Landing, EnrolRefused> {
    let Some(round) = round else {
        return Err(EnrolRefused::NotOpen);
    };
    if standing.already_in {
        return Err(EnrolRefused::AlreadyIn);
    }
    if standing.unevaluated > 0 {
        return Err(EnrolRefused::Unevaluated(standing.unevaluated));
    }
    let total = standing.hours_taken + project_hours;
    if total > MAX_SELECTED_HOURS_PER_YEAR {
        return Err(EnrolRefused::OverYearlyHours {
            taken: standing.hours_taken,
            adding: project_hours,
        });
    }
    Ok(match round {
        Round::One => Landing::Seat,
        Round::Two if seats_left > 0 => Landing::Seat,
        Round::Two => Landing::WaitingList,
    })
}

/// A bureau may add at most half the planned seats to a class (扩班).
pub fn max_extra_seats(capacity: i32) -> i32 {
    capacity / 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_project_is_open_to_teachers_of_its_regions_stages_and_subjects() {
        let regions = list(&["130100"]);
        let stages = list(&["小学"]);
        let subjects = list(&["数学"]);
        let aud = Audience {
            regions: &regions,
            stages: &stages,
            subjects: &subjects,
            posts: &[],
        };
        let t = |county, stage, subject| Applicant {
            county,
            stage,
            subject,
            post: "专任教师",
        };
        assert_eq!(open_to(&t("130102", "小学", "数学"), &aud), Ok(()));
        assert_eq!(
            open_to(&t("130202", "小学", "数学"), &aud),
            Err(NotInAudience::Region)
        );
        let e = open_to(&t("130102", "初中", "数学"), &aud).unwrap_err();
        assert_eq!(e, NotInAudience::Stage(stages.clone()));
        assert_eq!(e.to_string(), "本项目面向小学教师");
        let e = open_to(&t("130102", "小学", "语文"), &aud).unwrap_err();
        assert_eq!(e, NotInAudience::Subject(subjects.clone()));
        assert_eq!(e.to_string(), "本项目面向数学学科教师");
    }

    #[test]
    fn the_yearly_hours_count_what_the_teacher_chose_and_still_holds_or_awaits() {
        use EnrolmentStatus as S;
        let year = [
            (S::Applied, 1, 24),
            (S::Enrolled, 2, 30),
            (S::Waitlisted, 2, 12),
            (S::Withdrawn, 1, 40),
            (S::Refused, 1, 40),
            (S::Cancelled, 2, 40),
            // A directive nomination does not count toward the teacher's own choices.
            (S::Enrolled, 0, 60),
            (S::Nominated, 0, 60),
        ];
        assert_eq!(yearly_hours(year), 66);
        assert!(!counts_toward_yearly_hours(S::Enrolled, 0));
        assert!(counts_toward_yearly_hours(S::SchoolApproved, 1));
        assert!(!counts_toward_yearly_hours(S::Replaced, 1));
        // Hours in a bad row never subtract.
        assert_eq!(yearly_hours([(S::Applied, 1, -5)]), 0);
    }

    #[test]
    fn a_seat_is_ongoing_from_the_first_day_to_the_last() {
        let d = |day| NaiveDate::from_ymd_opt(2026, 7, day).unwrap();
        let class = Some((d(10), d(12)));
        use TrainingPhase as P;
        assert_eq!(P::of(true, class, d(9)), P::Upcoming);
        assert_eq!(P::of(true, class, d(10)), P::Ongoing);
        assert_eq!(P::of(true, class, d(12)), P::Ongoing);
        assert_eq!(P::of(true, class, d(13)), P::Finished);
        // Not yet a seat (applied, waiting), or no class yet: upcoming.
        assert_eq!(P::of(false, class, d(11)), P::Upcoming);
        assert_eq!(P::of(true, None, d(11)), P::Upcoming);
    }

    #[test]
    fn ninety_hours_a_year_and_evaluations_first() {
        let ok = Standing::default();
        assert_eq!(may_enrol(Some(Round::One), ok, 90, 0), Ok(Landing::Seat));
        let taken = Standing {
            hours_taken: 60,
            ..ok
        };
        let e = may_enrol(Some(Round::One), taken, 36, 10).unwrap_err();
        assert_eq!(
            e,
            EnrolRefused::OverYearlyHours {
                taken: 60,
                adding: 36
            }
        );
        assert_eq!(
            e.to_string(),
            "本年度已选 60 学时，再选 36 学时将超过 90 学时上限"
        );
        assert_eq!(
            may_enrol(Some(Round::One), taken, 30, 10),
            Ok(Landing::Seat)
        );
        let owing = Standing {
            unevaluated: 2,
            ..ok
        };
        assert_eq!(
            may_enrol(Some(Round::One), owing, 10, 10),
            Err(EnrolRefused::Unevaluated(2))
        );
        assert_eq!(may_enrol(None, ok, 10, 10), Err(EnrolRefused::NotOpen));
    }

    #[test]
    fn round_two_is_capped_and_round_one_is_not() {
        let ok = Standing::default();
        assert_eq!(may_enrol(Some(Round::One), ok, 10, -5), Ok(Landing::Seat));
        assert_eq!(may_enrol(Some(Round::Two), ok, 10, 1), Ok(Landing::Seat));
        assert_eq!(
            may_enrol(Some(Round::Two), ok, 10, 0),
            Ok(Landing::WaitingList)
        );
        assert_eq!(max_extra_seats(60), 30);
        assert_eq!(max_extra_seats(45), 22);
    }
}
