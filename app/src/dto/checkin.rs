//! Check-in as the browser sees it: the institution's screen and the teacher's answer.

use serde::{Deserialize, Serialize};

/// One enrolled teacher on the check-in roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterLine {
    pub enrolment_id: i64,
    pub name: String,
    pub school: String,
    /// 已签到 / 请假 / 未签到.
    pub state: String,
    /// "08:31", when checked in.
    pub at: Option<String>,
    /// Ticked by the institution rather than scanned.
    pub by_roster: bool,
}

/// The full-screen check-in page, polled every few seconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckinScreen {
    pub session_id: i64,
    pub title: String,
    pub class_label: String,
    pub open: bool,
    /// The code shown now, and the check-in address the QR code carries.
    pub code: String,
    pub url: String,
    pub qr_svg: String,
    pub seconds_left: i64,
    pub present: u32,
    pub roster: Vec<RosterLine>,
}

/// A check-in session in the class page's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSummary {
    pub id: i64,
    pub title: String,
    pub opened_at: String,
    pub open: bool,
    pub present: u32,
}

/// What the teacher's phone shows after checking in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedIn {
    pub session_id: i64,
    pub class_label: String,
    pub title: String,
    pub at: String,
    /// Already checked in for this session before (a second scan).
    pub again: bool,
}
