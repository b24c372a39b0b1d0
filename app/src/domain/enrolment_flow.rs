//! The life of an enrolment (报名): a teacher in a class, by either model of DOMAIN.md §4.
//!
//! Self-selection (Zhejiang): 已报名 → 学校审核通过 → 机构审核通过 (已录取), with refusals,
//! withdrawal until a review, the waiting list, the draw and replacement.
//! Directive (Hebei): 县级已选 → 县级提交到市级 → 市级提交到省级 → 已分配至机构 → 已录取, with
//! returns to the county.

use serde::{Deserialize, Serialize};

crate::stored_enum! {
    pub enum EnrolmentStatus {
        /// The teacher applied; the school reviews next.
        Applied = "applied" => "待学校审核",
        /// The school approved; the institution reviews next.
        SchoolApproved = "school_approved" => "待机构审核",
        /// The class was full; the first freed seat goes to the longest waiting.
        Waitlisted = "waitlisted" => "候补",
        /// A seat is the teacher's.
        Enrolled = "enrolled" => "已录取",
        /// Picked by the county, not yet submitted.
        Nominated = "nominated" => "县级已选",
        /// Submitted by the county, waiting for the city.
        AtCity = "at_city" => "待市级审核",
        /// Passed on by the city, waiting for the province.
        AtProvince = "at_province" => "待省级分配",
        /// Assigned by the province to an institution, waiting for its confirmation.
        Assigned = "assigned" => "待机构确认",
        Refused = "refused" => "未通过",
        Withdrawn = "withdrawn" => "已撤销报名",
        /// Lost the draw, or the class was cancelled.
        Cancelled = "cancelled" => "已取消",
        /// The school put another teacher in this seat.
        Replaced = "replaced" => "已替换",
    }
}

/// Why a step of an enrolment cannot be taken (text: `error::text`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepRefused {
    /// It is someone else's step.
    NotYours(EnrolmentAction),
    /// The enrolment's state does not allow it.
    NotFrom(EnrolmentStatus, EnrolmentAction),
    /// Refusals and returns say why.
    ReasonMissing(EnrolmentAction),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EnrolmentAction {
    SchoolApprove,
    SchoolRefuse,
    InstitutionApprove,
    InstitutionRefuse,
    Withdraw,
    /// A freed seat goes to a waiting teacher.
    Promote,
    /// The draw did not pick this enrolment.
    LoseDraw,
    CancelClass,
    Replace,
    CountySubmit,
    CityPass,
    /// The city sends a participant back to the county, with a reason.
    CityReturn,
    ProvinceAssign,
    InstitutionConfirm,
    /// The county drops a participant it picked.
    CountyRemove,
}

/// Who acts on an enrolment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Actor {
    Teacher,
    School,
    Institution,
    County,
    City,
    Province,
    /// The platform itself (waiting list, draw, cancellations).
    System,
}

impl EnrolmentStatus {
    pub fn tone(self) -> &'static str {
        match self {
            Self::Enrolled => "green",
            Self::Refused | Self::Cancelled => "red",
            Self::Withdrawn | Self::Replaced => "grey",
            Self::Waitlisted => "orange",
            _ => "blue",
        }
    }

    /// Whether the enrolment holds or claims a seat (counts against the class's places).
    /// A directive participant takes a seat only when the province places them in a class;
    /// before that they count against their county's quota.
    pub fn holds_seat(self) -> bool {
        matches!(
            self,
            Self::Applied | Self::SchoolApproved | Self::Enrolled | Self::Assigned
        )
    }

    /// Whether a directive participant in this state counts against the county's quota.
    pub fn counts_for_quota(self) -> bool {
        !self.is_final()
    }

    /// Whether it is over (no action but none applies).
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::Refused | Self::Withdrawn | Self::Cancelled | Self::Replaced
        )
    }

    /// Whether the teacher may still withdraw (退选) from this state.
    pub fn withdrawable(self) -> bool {
        self.apply(EnrolmentAction::Withdraw, Actor::Teacher)
            .is_ok()
    }

    /// Who takes `action` from this state, and the state it leads to; `None` when the action
    /// does not apply here at all.
    fn step(self, action: EnrolmentAction) -> Option<(Actor, Self)> {
        use Actor as W;
        use EnrolmentAction as A;
        use EnrolmentStatus as S;
        Some(match (self, action) {
            (S::Applied, A::SchoolApprove) => (W::School, S::SchoolApproved),
            (S::Applied, A::SchoolRefuse) => (W::School, S::Refused),
            (S::SchoolApproved, A::InstitutionApprove) => (W::Institution, S::Enrolled),
            (S::SchoolApproved, A::InstitutionRefuse) => (W::Institution, S::Refused),
            // Zhejiang: "上级教育局未审核之前，学员可在此进行退选" — a teacher may withdraw
            // until the class's last review (the institution's) has decided.
            (S::Applied | S::SchoolApproved | S::Waitlisted, A::Withdraw) => {
                (W::Teacher, S::Withdrawn)
            }
            (S::Waitlisted, A::Promote) => (W::System, S::Applied),
            (S::Applied | S::SchoolApproved, A::LoseDraw) => (W::System, S::Cancelled),
            (s, A::CancelClass) if !s.is_final() => (W::System, S::Cancelled),
            (S::Enrolled, A::Replace) => (W::School, S::Replaced),
            (S::Nominated, A::CountySubmit) => (W::County, S::AtCity),
            (S::Nominated, A::CountyRemove) => (W::County, S::Withdrawn),
            (S::AtCity, A::CityPass) => (W::City, S::AtProvince),
            (S::AtCity, A::CityReturn) => (W::City, S::Nominated),
            (S::AtProvince, A::ProvinceAssign) => (W::Province, S::Assigned),
            (S::Assigned, A::InstitutionConfirm) => (W::Institution, S::Enrolled),
            _ => return None,
        })
    }

    /// The state after `action` by `by`, or why not: the state does not allow it, or it is
    /// someone else's step.
    pub fn apply(self, action: EnrolmentAction, by: Actor) -> Result<Self, StepRefused> {
        match self.step(action) {
            Some((who, next)) if who == by => Ok(next),
            Some(_) => Err(StepRefused::NotYours(action)),
            None => Err(StepRefused::NotFrom(self, action)),
        }
    }
}

impl EnrolmentAction {
    pub const ALL: [Self; 15] = [
        Self::SchoolApprove,
        Self::SchoolRefuse,
        Self::InstitutionApprove,
        Self::InstitutionRefuse,
        Self::Withdraw,
        Self::Promote,
        Self::LoseDraw,
        Self::CancelClass,
        Self::Replace,
        Self::CountySubmit,
        Self::CityPass,
        Self::CityReturn,
        Self::ProvinceAssign,
        Self::InstitutionConfirm,
        Self::CountyRemove,
    ];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::SchoolApprove => "school_approve",
            Self::SchoolRefuse => "school_refuse",
            Self::InstitutionApprove => "institution_approve",
            Self::InstitutionRefuse => "institution_refuse",
            Self::Withdraw => "withdraw",
            Self::Promote => "promote",
            Self::LoseDraw => "lose_draw",
            Self::CancelClass => "cancel_class",
            Self::Replace => "replace",
            Self::CountySubmit => "county_submit",
            Self::CityPass => "city_pass",
            Self::CityReturn => "city_return",
            Self::ProvinceAssign => "province_assign",
            Self::InstitutionConfirm => "institution_confirm",
            Self::CountyRemove => "county_remove",
        }
    }

    /// How the step reads on a timeline (`2019-02-18 县级提交到市级`).
    pub fn label(self) -> &'static str {
        match self {
            Self::SchoolApprove => "学校审核通过",
            Self::SchoolRefuse => "学校审核未通过",
            Self::InstitutionApprove => "机构审核通过",
            Self::InstitutionRefuse => "机构审核未通过",
            Self::Withdraw => "撤销报名",
            Self::Promote => "候补转为报名",
            Self::LoseDraw => "抽签未中",
            Self::CancelClass => "班级取消",
            Self::Replace => "被替换",
            Self::CountySubmit => "县级提交到市级",
            Self::CityPass => "市级提交到省级",
            Self::CityReturn => "市级退回县级",
            Self::ProvinceAssign => "已分配至机构",
            Self::InstitutionConfirm => "机构确认录取",
            Self::CountyRemove => "县级移除",
        }
    }

    /// Refusals and returns must say why.
    pub fn needs_reason(self) -> bool {
        matches!(
            self,
            Self::SchoolRefuse | Self::InstitutionRefuse | Self::CityReturn
        )
    }
}

/// The directive step that is `by`'s to take: the state it waits in, the step that moves it on
/// and the one that sends it back or drops it, if any.
pub fn directive_step(
    by: Actor,
) -> Option<(EnrolmentStatus, EnrolmentAction, Option<EnrolmentAction>)> {
    use EnrolmentAction as A;
    use EnrolmentStatus as S;
    Some(match by {
        Actor::County => (S::Nominated, A::CountySubmit, Some(A::CountyRemove)),
        Actor::City => (S::AtCity, A::CityPass, Some(A::CityReturn)),
        Actor::Province => (S::AtProvince, A::ProvinceAssign, None),
        Actor::Institution => (S::Assigned, A::InstitutionConfirm, None),
        _ => return None,
    })
}

/// The checked transition, with the reason rule.
pub fn transition(
    from: EnrolmentStatus,
    action: EnrolmentAction,
    by: Actor,
    reason: &str,
) -> Result<EnrolmentStatus, StepRefused> {
    let to = from.apply(action, by)?;
    if action.needs_reason() && reason.trim().is_empty() {
        return Err(StepRefused::ReasonMissing(action));
    }
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Actor as W;
    use EnrolmentAction as A;
    use EnrolmentStatus as S;

    #[test]
    fn names_round_trip() {
        for s in S::ALL {
            assert_eq!(S::parse(s.as_str()), Some(s));
        }
        for a in A::ALL {
            assert_eq!(A::parse(a.as_str()), Some(a));
        }
    }

    #[test]
    fn self_selection_runs_school_then_institution() {
        let s = S::Applied;
        let s = s.apply(A::SchoolApprove, W::School).unwrap();
        assert_eq!(s, S::SchoolApproved);
        assert_eq!(
            s.apply(A::InstitutionApprove, W::Institution),
            Ok(S::Enrolled)
        );
        // Each reviewer acts only at its own step.
        assert!(
            S::Applied
                .apply(A::InstitutionApprove, W::Institution)
                .is_err()
        );
        assert!(S::Applied.apply(A::SchoolApprove, W::Teacher).is_err());
    }

    #[test]
    fn a_teacher_withdraws_until_the_last_review_has_decided() {
        for s in [S::Applied, S::SchoolApproved, S::Waitlisted] {
            assert_eq!(s.apply(A::Withdraw, W::Teacher), Ok(S::Withdrawn), "{s:?}");
            assert!(s.withdrawable());
        }
        // The institution's review is the last: after it (or any refusal) it is too late.
        for s in [
            S::Enrolled,
            S::Refused,
            S::Cancelled,
            S::AtCity,
            S::Assigned,
        ] {
            assert!(s.apply(A::Withdraw, W::Teacher).is_err(), "{s:?}");
            assert!(!s.withdrawable());
        }
        // Nobody withdraws in the teacher's place.
        assert!(S::SchoolApproved.apply(A::Withdraw, W::School).is_err());
    }

    #[test]
    fn the_directive_chain_reads_as_the_hebei_timeline() {
        let steps = [
            (A::CountySubmit, W::County, S::AtCity),
            (A::CityPass, W::City, S::AtProvince),
            (A::ProvinceAssign, W::Province, S::Assigned),
            (A::InstitutionConfirm, W::Institution, S::Enrolled),
        ];
        let mut s = S::Nominated;
        for (a, w, want) in steps {
            s = transition(s, a, w, "").unwrap();
            assert_eq!(s, want);
        }
        assert_eq!(A::CountySubmit.label(), "县级提交到市级");
        let missing = transition(S::AtCity, A::CityReturn, W::City, "").unwrap_err();
        assert_eq!(missing, StepRefused::ReasonMissing(A::CityReturn));
        assert_eq!(missing.to_string(), "市级退回县级须填写原因");
        assert_eq!(
            transition(S::AtCity, A::CityReturn, W::City, "非本县教师"),
            Ok(S::Nominated)
        );
    }

    #[test]
    fn each_directive_side_has_its_step_from_the_state_it_waits_in() {
        for by in [W::County, W::City, W::Province, W::Institution] {
            let (from, on, back) = directive_step(by).unwrap();
            assert!(from.apply(on, by).is_ok(), "{by:?}");
            if let Some(back) = back {
                assert!(from.apply(back, by).is_ok(), "{by:?}");
                // Nobody else may take it.
                assert!(from.apply(back, W::School).is_err());
            }
        }
        assert!(directive_step(W::Teacher).is_none());
    }

    #[test]
    fn seats_are_held_until_the_enrolment_ends() {
        let holding: Vec<S> = S::ALL.into_iter().filter(|s| s.holds_seat()).collect();
        assert!(!holding.contains(&S::Waitlisted));
        // Before the province places a participant, the county's quota is what they use.
        for s in [S::Nominated, S::AtCity, S::AtProvince] {
            assert!(!s.holds_seat() && s.counts_for_quota(), "{s:?}");
        }
        assert!(S::Assigned.holds_seat());
        for s in S::ALL {
            assert!(!(s.holds_seat() && s.is_final()), "{s:?}");
            if s.is_final() {
                assert!(s.apply(A::CancelClass, W::System).is_err());
            } else {
                assert_eq!(s.apply(A::CancelClass, W::System), Ok(S::Cancelled));
            }
        }
    }
}
