//! A line of the credit ledger that a teacher enters by hand (school-based research, an
//! achievement): its form's checks, who certifies it, and the states every ledger line moves
//! through (DOMAIN.md §6).

use super::project::{CREDIT_CATEGORIES, format_credits, parse_credits};
use crate::error::FieldError;
use serde::{Deserialize, Serialize};

/// At most this many credits in one hand-entered line: larger amounts are typing slips.
pub const MAX_MANUAL_TENTHS: u32 = 200;

crate::stored_enum! {
    /// A ledger line's review (学分认定). Project lines are written approved; hand-entered ones
    /// wait for their certifier.
    pub enum CreditStatus {
        Pending = "pending" => "待审核",
        Approved = "approved" => "已认定",
        Rejected = "rejected" => "未认定",
    }
}

crate::stored_enum! {
    /// Where a ledger line comes from.
    pub enum CreditSource {
        /// Written by grading: a project the teacher passed.
        Project = "project" => "培训项目",
        /// Entered by the teacher, certified by hand (学分申报).
        Manual = "manual" => "个人申报",
    }
}

impl CreditStatus {
    pub fn tone(self) -> &'static str {
        match self {
            Self::Pending => "orange",
            Self::Approved => "green",
            Self::Rejected => "red",
        }
    }
}

/// A credit the teacher enters by hand (school-based research, an achievement), for approval.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ManualEntryDraft {
    pub year: String,
    pub category: String,
    pub title: String,
    /// "2.5".
    pub credits: String,
    pub hours: String,
}

/// Who approves a hand-entered credit (谁组织、谁负责): the school its own school-based
/// research, the county everything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Certifier {
    School,
    County,
}

/// The category a school certifies; the county certifies every other.
pub const SCHOOL_BASED: &str = "校本研修";

impl Certifier {
    pub fn of(category: &str) -> Self {
        if category == SCHOOL_BASED {
            Self::School
        } else {
            Self::County
        }
    }

    pub fn level(self) -> &'static str {
        match self {
            Self::School => "校级",
            Self::County => "县级",
        }
    }
}

/// Every field's problem; `this_year` bounds the year (the current cycle and the one before).
pub fn validate_manual(d: &ManualEntryDraft, this_year: i32) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut push = |field: &str, message: String| {
        errs.push(FieldError {
            field: field.into(),
            message,
        })
    };
    match d.year.trim().parse::<i32>() {
        Ok(y) if (this_year - 9..=this_year).contains(&y) => {}
        _ => push(
            "year",
            format!("年度须在 {} 至 {this_year} 之间", this_year - 9),
        ),
    }
    if !CREDIT_CATEGORIES.contains(&d.category.as_str()) {
        push("category", "请选择学分类别".into());
    }
    let title = d.title.trim();
    if title.is_empty() {
        push("title", "请填写名称".into());
    } else if title.chars().count() > 100 {
        push("title", "名称不能超过 100 个字".into());
    }
    match parse_credits(&d.credits) {
        Some(t) if t > 0 && t <= MAX_MANUAL_TENTHS => {}
        _ => push(
            "credits",
            format!(
                "学分须大于 0、不超过 {}，最多一位小数",
                format_credits(MAX_MANUAL_TENTHS)
            ),
        ),
    }
    match d.hours.trim().parse::<u32>() {
        Ok(h) if h <= 600 => {}
        _ => push("hours", "学时须为 0 至 600 的整数".into()),
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hand_entered_credit_is_checked_field_by_field_and_certified_by_the_right_level() {
        let ok = ManualEntryDraft {
            year: "2026".into(),
            category: "校本研修".into(),
            title: "校本教研：大单元教学设计".into(),
            credits: "2.5".into(),
            hours: "8".into(),
        };
        assert!(validate_manual(&ok, 2026).is_empty());
        let bad = ManualEntryDraft {
            year: "2027".into(),
            category: "其他".into(),
            title: " ".into(),
            credits: "0".into(),
            hours: "x".into(),
        };
        let fields: Vec<String> = validate_manual(&bad, 2026)
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["year", "category", "title", "credits", "hours"]);
        assert_eq!(Certifier::of("校本研修"), Certifier::School);
        assert_eq!(Certifier::of("自主选修").level(), "县级");
    }
}
