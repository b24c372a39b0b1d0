//! The life of a project: declared (草稿) → submitted (待审核) → approved or returned, and
//! cancelled. Every change is a transition here; the server records each one with who, when
//! and why.

use serde::{Deserialize, Serialize};

crate::stored_enum! {
    pub enum ProjectStatus {
        Draft = "draft" => "草稿",
        Submitted = "submitted" => "待审核",
        Returned = "returned" => "已退回",
        Approved = "approved" => "已通过",
        Cancelled = "cancelled" => "已撤销",
    }
}

crate::stored_enum! {
    /// A class of a project: open until the institution (or its bureau) cancels it.
    pub enum ClassStatus {
        Open = "open",
        Cancelled = "cancelled",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ProjectAction {
    /// The declarer sends it to the approving bureau.
    Submit,
    /// The declarer takes it back before the review.
    Withdraw,
    Approve,
    /// Back to the declarer to fix, with a reason.
    Return,
    /// Stopped for good, with a reason.
    Cancel,
}

/// Why a step of a project cannot be taken (text: `error::text`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProjectStepRefused {
    NotFrom(ProjectStatus, ProjectAction),
    /// The step belongs to the other side.
    NotYours(ProjectAction),
    ReasonMissing(ProjectAction),
}

/// Which side of a project acts: the one who declared it or the bureau that approves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Side {
    Declarer,
    Approver,
}

impl ProjectStatus {
    /// The colour of its status tag.
    pub fn tone(self) -> &'static str {
        match self {
            Self::Draft => "grey",
            Self::Submitted => "orange",
            Self::Returned => "red",
            Self::Approved => "green",
            Self::Cancelled => "grey",
        }
    }

    /// Whether the declarer may still change the project's fields and classes.
    pub fn editable(self) -> bool {
        matches!(self, Self::Draft | Self::Returned)
    }

    /// The state after `action`, or why it is not possible from here.
    pub fn apply(self, action: ProjectAction) -> Result<Self, ProjectStepRefused> {
        use ProjectAction as A;
        use ProjectStatus as S;
        match (self, action) {
            (S::Draft | S::Returned, A::Submit) => Ok(S::Submitted),
            (S::Submitted, A::Withdraw) => Ok(S::Draft),
            (S::Submitted, A::Approve) => Ok(S::Approved),
            (S::Submitted, A::Return) => Ok(S::Returned),
            (S::Draft | S::Submitted | S::Returned | S::Approved, A::Cancel) => Ok(S::Cancelled),
            _ => Err(ProjectStepRefused::NotFrom(self, action)),
        }
    }
}

impl ProjectAction {
    pub const ALL: [Self; 5] = [
        Self::Submit,
        Self::Withdraw,
        Self::Approve,
        Self::Return,
        Self::Cancel,
    ];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submit => "submit",
            Self::Withdraw => "withdraw",
            Self::Approve => "approve",
            Self::Return => "return",
            Self::Cancel => "cancel",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Submit => "提交审核",
            Self::Withdraw => "撤回",
            Self::Approve => "审核通过",
            Self::Return => "退回修改",
            Self::Cancel => "撤销项目",
        }
    }

    /// A return or a cancellation must say why.
    pub fn needs_reason(self) -> bool {
        matches!(self, Self::Return | Self::Cancel)
    }

    /// Who may take this action. A cancellation is the approver's once the project is
    /// approved; before that the declarer may drop its own project too (see `may`).
    pub fn side(self) -> Side {
        match self {
            Self::Submit | Self::Withdraw => Side::Declarer,
            Self::Approve | Self::Return | Self::Cancel => Side::Approver,
        }
    }
}

/// Whether `side` may take `action` on a project in `status`.
pub fn may(side: Side, status: ProjectStatus, action: ProjectAction) -> bool {
    let by_side = action.side() == side
        || (action == ProjectAction::Cancel && side == Side::Declarer && status.editable());
    by_side && status.apply(action).is_ok()
}

/// The checked transition: the new status, or the reason it is refused.
pub fn transition(
    side: Side,
    status: ProjectStatus,
    action: ProjectAction,
    reason: &str,
) -> Result<ProjectStatus, ProjectStepRefused> {
    let next = status.apply(action)?;
    if !may(side, status, action) {
        return Err(ProjectStepRefused::NotYours(action));
    }
    if action.needs_reason() && reason.trim().is_empty() {
        return Err(ProjectStepRefused::ReasonMissing(action));
    }
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ProjectAction as A;
    use ProjectStatus as S;

    #[test]
    fn every_status_round_trips_through_its_name() {
        for s in S::ALL {
            assert_eq!(S::parse(s.as_str()), Some(s));
        }
        for a in A::ALL {
            assert_eq!(A::parse(a.as_str()), Some(a));
        }
    }

    #[test]
    fn the_transition_table() {
        let actions = [A::Submit, A::Withdraw, A::Approve, A::Return, A::Cancel];
        // For each status: the state each action leads to, or None when refused.
        let table: [(S, [Option<S>; 5]); 5] = [
            (
                S::Draft,
                [Some(S::Submitted), None, None, None, Some(S::Cancelled)],
            ),
            (
                S::Submitted,
                [
                    None,
                    Some(S::Draft),
                    Some(S::Approved),
                    Some(S::Returned),
                    Some(S::Cancelled),
                ],
            ),
            (
                S::Returned,
                [Some(S::Submitted), None, None, None, Some(S::Cancelled)],
            ),
            (S::Approved, [None, None, None, None, Some(S::Cancelled)]),
            (S::Cancelled, [None, None, None, None, None]),
        ];
        for (from, want) in table {
            for (a, w) in actions.into_iter().zip(want) {
                assert_eq!(from.apply(a).ok(), w, "{from:?} {a:?}");
            }
        }
    }

    #[test]
    fn each_side_takes_only_its_own_steps() {
        assert!(may(Side::Declarer, S::Draft, A::Submit));
        assert!(!may(Side::Approver, S::Draft, A::Submit));
        assert!(may(Side::Approver, S::Submitted, A::Approve));
        assert!(!may(Side::Declarer, S::Submitted, A::Approve));
        assert!(may(Side::Declarer, S::Draft, A::Cancel));
        assert!(!may(Side::Declarer, S::Approved, A::Cancel));
        assert!(may(Side::Approver, S::Approved, A::Cancel));
    }

    #[test]
    fn returns_need_a_reason_and_refusals_say_why() {
        assert_eq!(
            transition(Side::Approver, S::Submitted, A::Return, " "),
            Err(ProjectStepRefused::ReasonMissing(A::Return))
        );
        assert_eq!(
            transition(Side::Approver, S::Submitted, A::Return, "经费不明"),
            Ok(S::Returned)
        );
        let e = transition(Side::Approver, S::Approved, A::Approve, "").unwrap_err();
        assert_eq!(e, ProjectStepRefused::NotFrom(S::Approved, A::Approve));
        assert_eq!(e.to_string(), "项目当前为“已通过”，不能审核通过");
        let e = transition(Side::Declarer, S::Submitted, A::Approve, "").unwrap_err();
        assert_eq!(e, ProjectStepRefused::NotYours(A::Approve));
        assert_eq!(e.to_string(), "无权对该项目审核通过");
    }
}
