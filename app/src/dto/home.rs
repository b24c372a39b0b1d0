//! The home page (首页) in one answer.

use crate::domain::home::{Progress, TodoKind};
use crate::dto::announcements::AnnouncementRow;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeView {
    /// The latest announcements reaching the caller, pinned first.
    pub announcements: Vec<AnnouncementRow>,
    /// All unread announcements reaching the caller, not only the latest.
    pub unread: u64,
    /// The teacher's hub, for a role that learns.
    pub teacher: Option<TeacherHome>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeacherHome {
    pub todos: Vec<HomeTodo>,
    pub year: i32,
    /// This year's credits against the yearly minimum.
    pub year_credits: Progress,
    /// "2024–2028 周期".
    pub cycle: String,
    pub cycle_credits: Progress,
    /// What is still missing in the cycle, in plain words (还需校本研修 4 学分).
    pub missing: Vec<String>,
    /// A class in progress has a remote-learning platform to enter.
    pub can_launch: bool,
    pub certificates: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeTodo {
    pub kind: TodoKind,
    /// The project and class.
    pub title: String,
    /// When: the class's dates, or the evaluation's last day.
    pub detail: String,
    pub href: String,
}
