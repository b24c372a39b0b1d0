//! Leave requests as the browser sees them.

use serde::{Deserialize, Serialize};

/// A class one of the school's teachers is enrolled in and that has not ended: leave can be
/// asked for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaveTarget {
    pub enrolment_id: i64,
    pub teacher_name: String,
    pub class_label: String,
    pub starts_on: String,
    pub ends_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaveRow {
    pub id: i64,
    pub teacher_name: String,
    pub school_name: String,
    pub class_label: String,
    /// "2026-07-02 至 2026-07-03".
    pub days: String,
    pub reason: String,
    pub status: crate::domain::leave::LeaveStatus,
    pub decision_reason: Option<String>,
    pub filed_by: String,
}

/// The school's leave page in one answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolLeaves {
    pub targets: Vec<LeaveTarget>,
    pub requests: Vec<LeaveRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaveDecision {
    pub id: i64,
    pub approve: bool,
    pub reason: String,
}

/// One of the teacher's own leave requests, on the class's card in 继续教育.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyLeave {
    /// "2026-07-02 至 2026-07-03".
    pub days: String,
    pub reason: String,
    pub status: crate::domain::leave::LeaveStatus,
    /// Why it was not approved.
    pub decision_reason: Option<String>,
}
