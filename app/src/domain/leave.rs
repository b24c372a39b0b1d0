//! Leave requests (请假, DOMAIN.md §5): the school asks for days of a class off for one of its
//! teachers; the dates must fall within the class and a reason is given.

use crate::error::FieldError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub const MAX_REASON_CHARS: usize = 200;

crate::stored_enum! {
    /// Whoever runs the class decides a request once.
    pub enum LeaveStatus {
        Pending = "pending" => "待审批",
        Approved = "approved" => "已批准",
        Refused = "refused" => "未批准",
    }
}

impl LeaveStatus {
    pub fn tone(self) -> &'static str {
        match self {
            Self::Pending => "orange",
            Self::Approved => "green",
            Self::Refused => "red",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LeaveDraft {
    pub enrolment_id: i64,
    pub from: String,
    pub to: String,
    pub reason: String,
}

/// Every problem under its field, given the class's first and last day.
pub fn check(d: &LeaveDraft, starts_on: NaiveDate, ends_on: NaiveDate) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut push = |field: &str, message: String| {
        errs.push(FieldError {
            field: field.into(),
            message,
        })
    };
    let within = |s: &str| s.trim().parse::<NaiveDate>().ok();
    let from = within(&d.from);
    let to = within(&d.to);
    for (field, label, day) in [("from", "开始日期", from), ("to", "结束日期", to)] {
        match day {
            None => push(field, format!("请选择{label}")),
            Some(x) if x < starts_on || x > ends_on => push(
                field,
                format!("{label}须在培训期间（{starts_on} 至 {ends_on}）"),
            ),
            Some(_) => {}
        }
    }
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        push("to", "结束日期不能早于开始日期".into());
    }
    let reason = d.reason.trim().chars().count();
    if reason == 0 {
        push("reason", "请填写请假原因".into());
    } else if reason > MAX_REASON_CHARS {
        push("reason", format!("请假原因不超过 {MAX_REASON_CHARS} 字"));
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn leave_falls_within_the_class_with_a_reason() {
        let (start, end) = (d("2026-07-01"), d("2026-07-05"));
        let ok = LeaveDraft {
            enrolment_id: 1,
            from: "2026-07-02".into(),
            to: "2026-07-03".into(),
            reason: "学校期末考试监考".into(),
        };
        assert!(check(&ok, start, end).is_empty());
        let bad = LeaveDraft {
            from: "2026-06-30".into(),
            to: "2026-07-02".into(),
            reason: " ".into(),
            ..ok.clone()
        };
        let fields: Vec<String> = check(&bad, start, end)
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["from", "reason"]);
        let backwards = LeaveDraft {
            from: "2026-07-03".into(),
            to: "2026-07-02".into(),
            ..ok
        };
        assert_eq!(
            check(&backwards, start, end)[0].message,
            "结束日期不能早于开始日期"
        );
    }
}
