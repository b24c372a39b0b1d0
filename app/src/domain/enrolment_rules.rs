//! The rules of self-selection (DOMAIN.md §4): who may take a class, in which window, within
//! which yearly limit, and what happens when a class is full.

use super::training_year::Round;

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

/// Whether the project is open to the teacher; the error says which condition fails.
pub fn open_to(a: &Applicant, aud: &Audience) -> Result<(), String> {
    let any_or = |list: &[String], v: &str| list.is_empty() || list.iter().any(|x| x == v);
    if !aud
        .regions
        .iter()
        .any(|r| super::region::covers(r, a.county))
    {
        return Err("本项目不面向您所在的区县".into());
    }
    if !any_or(aud.stages, a.stage) {
        return Err(format!("本项目面向{}教师", aud.stages.join("、")));
    }
    if !any_or(aud.subjects, a.subject) {
        return Err(format!("本项目面向{}学科教师", aud.subjects.join("、")));
    }
    if !any_or(aud.posts, a.post) {
        return Err(format!("本项目面向{}", aud.posts.join("、")));
    }
    Ok(())
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

/// Whether the teacher may enrol now, and where the application lands.
pub fn may_enrol(
    round: Option<Round>,
    standing: Standing,
    project_hours: u32,
    seats_left: i64,
) -> Result<Landing, String> {
    let Some(round) = round else {
        return Err("当前不在报名时间内".into());
    };
    if standing.already_in {
        return Err("您已报名本项目".into());
    }
    if standing.unevaluated > 0 {
        return Err(format!(
            "您有 {} 个已结束的培训尚未评教，请先完成评教",
            standing.unevaluated
        ));
    }
    let total = standing.hours_taken + project_hours;
    if total > MAX_SELECTED_HOURS_PER_YEAR {
        return Err(format!(
            "本年度已选 {} 学时，再选 {} 学时将超过 {} 学时上限",
            standing.hours_taken, project_hours, MAX_SELECTED_HOURS_PER_YEAR
        ));
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
            Err("本项目不面向您所在的区县".into())
        );
        assert_eq!(
            open_to(&t("130102", "初中", "数学"), &aud),
            Err("本项目面向小学教师".into())
        );
        assert_eq!(
            open_to(&t("130102", "小学", "语文"), &aud),
            Err("本项目面向数学学科教师".into())
        );
    }

    #[test]
    fn ninety_hours_a_year_and_evaluations_first() {
        let ok = Standing::default();
        assert_eq!(may_enrol(Some(Round::One), ok, 90, 0), Ok(Landing::Seat));
        let taken = Standing {
            hours_taken: 60,
            ..ok
        };
        assert_eq!(
            may_enrol(Some(Round::One), taken, 36, 10),
            Err("本年度已选 60 学时，再选 36 学时将超过 90 学时上限".into())
        );
        assert_eq!(
            may_enrol(Some(Round::One), taken, 30, 10),
            Ok(Landing::Seat)
        );
        let owing = Standing {
            unevaluated: 2,
            ..ok
        };
        assert!(
            may_enrol(Some(Round::One), owing, 10, 10)
                .unwrap_err()
                .contains("2 个")
        );
        assert_eq!(
            may_enrol(None, ok, 10, 10),
            Err("当前不在报名时间内".into())
        );
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
