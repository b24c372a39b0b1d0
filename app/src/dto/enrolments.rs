//! Classes offered to teachers, enrolments as reviewers and teachers see them.

use crate::domain::enrolment_flow::{EnrolmentAction, EnrolmentStatus};
use crate::domain::project::FillMode;
use crate::dto::projects::EventView;
use serde::{Deserialize, Serialize};

/// The teacher's search over open classes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OfferFilter {
    pub keyword: String,
    pub level: String,
    pub category: String,
    pub page: u64,
    pub page_size: u64,
}

/// A class a teacher may enrol in, with what the teacher already did about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassOffer {
    pub class_id: crate::dto::ids::ClassId,
    pub project_id: i64,
    pub project_name: String,
    pub class_name: String,
    pub level: String,
    pub kind: String,
    pub nature: String,
    pub credit_category: String,
    pub institution_name: String,
    pub hours: i32,
    pub credits: String,
    pub starts_on: String,
    pub ends_on: String,
    pub place: String,
    pub seats: i32,
    pub taken: i32,
    pub has_plan: bool,
    /// The teacher's latest enrolment in this class, if any: (id, status).
    pub mine: Option<(i64, EnrolmentStatus)>,
}

/// What the enrolment page says above the list: the open round and the yearly hours.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentWindow {
    /// "一轮报名进行中（至 2026-12-15）" or "当前不在报名时间内".
    pub round: String,
    pub open: bool,
    pub hours_taken: u32,
    pub hours_limit: u32,
}

/// The teacher's enrolment page: the open classes and the window above them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfferPage {
    pub page: crate::dto::Page<ClassOffer>,
    pub window: EnrolmentWindow,
}

/// The bell: unread count and the latest messages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbox {
    pub unread: u64,
    pub latest: Vec<NotificationView>,
}

/// One enrolment in a review queue or roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentRow {
    pub id: i64,
    pub teacher_id: i64,
    pub teacher_name: String,
    /// Masked.
    pub id_number: String,
    pub school_name: String,
    pub stage: String,
    pub subject: String,
    pub project_name: String,
    pub class_name: String,
    /// The class has begun: too late to replace the teacher.
    pub started: bool,
    pub status: EnrolmentStatus,
    pub round: i16,
    pub applied_at: String,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EnrolmentFilter {
    /// Name or the last digits of the ID number.
    pub keyword: String,
    /// An `EnrolmentStatus` name; "" for what waits for the caller.
    pub status: String,
    pub class_id: Option<i64>,
    pub project_id: Option<i64>,
    pub page: u64,
    pub page_size: u64,
}

/// A project in the teacher's 继续教育 tabs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyTraining {
    pub enrolment_id: crate::dto::ids::EnrolmentId,
    pub project_id: i64,
    pub project_name: String,
    pub class_name: String,
    pub year: i32,
    pub level: String,
    pub kind: String,
    pub fill_mode: FillMode,
    pub institution_name: String,
    pub starts_on: String,
    pub ends_on: String,
    pub hours: i32,
    pub credits: String,
    pub credit_category: String,
    pub status: EnrolmentStatus,
    pub phase: crate::domain::enrolment_rules::TrainingPhase,
    pub timeline: Vec<EventView>,
    /// Whether the institution has a learning platform to jump to.
    pub can_launch: bool,
    pub can_withdraw: bool,
    /// The runner published the opening notice: the teacher can print it.
    pub has_notice: bool,
    /// The grade once scored: (part label, score) for 集中学习 / 网络学习 / 校本研修 as the
    /// scheme has them, then the total and the result.
    pub result: Option<ResultView>,
    /// The completion certificate's number, once passed.
    pub certificate: Option<String>,
    /// The last day to evaluate the class, while it can be and is not yet evaluated.
    pub evaluate_until: Option<String>,
    pub evaluated: bool,
    /// IT-2.0 projects: the micro-ability points picked, and whether they can still change.
    pub micro: Option<MicroPicks>,
    /// The leave the teacher's school asked for, and the decision.
    pub leaves: Vec<crate::dto::leaves::MyLeave>,
    /// 课程安排 of the class, once the teacher has a seat in it.
    pub timetable: Vec<crate::domain::timetable::Lesson>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MicroPicks {
    pub picked: Vec<crate::domain::micro_ability::MicroPoint>,
    pub open: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultView {
    pub parts: Vec<(String, String)>,
    pub total: String,
    /// 合格 / 不合格 / 未评定.
    pub result: String,
    pub passed: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyTrainingTabs {
    pub upcoming: Vec<MyTraining>,
    pub ongoing: Vec<MyTraining>,
    pub finished: Vec<MyTraining>,
    /// The province's evaluation questions, for the 评教 dialog.
    pub evaluation_items: Vec<String>,
    /// The province's micro-ability points, when a card picks them.
    pub micro_points: Vec<crate::domain::micro_ability::MicroPoint>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MyTrainingFilter {
    pub year: String,
    pub keyword: String,
}

/// The applicant as the reviewer sees them in the drawer: record and training history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicantView {
    pub row: EnrolmentRow,
    pub gender: String,
    pub title: String,
    pub phone: String,
    pub history: Vec<EnrolmentRow>,
    pub timeline: Vec<EventView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewInput {
    pub ids: Vec<i64>,
    pub action: EnrolmentAction,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub link: Option<String>,
    pub at: String,
    pub read: bool,
}

/// The published draw of a class: enough for anyone to recompute it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawView {
    pub class_id: i64,
    pub seed: String,
    pub seats: i32,
    pub applicants: Vec<i64>,
    pub winners: Vec<i64>,
    pub drawn_by: String,
    pub drawn_at: String,
}
