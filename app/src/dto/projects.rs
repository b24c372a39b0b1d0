//! Projects, classes, training years and the workflow timeline, as the browser sees them.

pub use crate::domain::project::{ClassDraft, FillMode, ProjectDraft};
use crate::domain::project_flow::{ProjectAction, ProjectStatus};
pub use crate::domain::training_year::YearDraft;
use crate::dto::ids::ProjectId;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProjectFilter {
    /// Part of the name.
    pub keyword: String,
    /// "" for every year.
    pub year: String,
    /// A `ProjectStatus` name, or "" for all.
    pub status: String,
    /// "directive", "selection" or "".
    pub fill_mode: String,
    /// Only what waits for the caller's review (the 待审核 queue).
    pub queue: bool,
    pub page: u64,
    pub page_size: u64,
}

/// One row of a project list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectRow {
    pub id: ProjectId,
    pub name: String,
    pub year: i32,
    pub level: String,
    pub kind: String,
    pub nature: String,
    pub fill_mode: FillMode,
    pub makeup: bool,
    /// The institution, or "待分配" for a directive project not yet assigned.
    pub institution_name: String,
    /// "石家庄市" — the bureau that approves it.
    pub approver_name: String,
    pub hours: i32,
    /// "16.7"
    pub credits: String,
    pub class_count: u64,
    pub seats: i64,
    pub status: ProjectStatus,
    /// "2026-11-25 10:20", empty before the first submission.
    pub submitted_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassView {
    pub id: crate::dto::ids::ClassId,
    pub seq: i32,
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
    pub place: String,
    pub capacity: i32,
    pub extra_capacity: i32,
    /// "300.00"
    pub fee: String,
    pub tutor: String,
    pub status: crate::domain::project_flow::ClassStatus,
    /// Seats held by live enrolments.
    pub taken: i32,
    /// The class's published draw, once run.
    pub draw: Option<crate::dto::enrolments::DrawView>,
}

/// One step of a timeline: `2026-11-25 10:20 · 提交审核 · 河北师范大学（张老师）`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub at: String,
    pub action: String,
    pub actor: String,
    pub to_status: String,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectDetail {
    pub row: ProjectRow,
    /// What the form shows when the declarer edits it.
    pub draft: ProjectDraft,
    pub organiser: String,
    pub target_regions: Vec<(String, String)>,
    pub credit_category: String,
    pub funding: String,
    pub summary: String,
    pub plan_file_name: Option<String>,
    pub classes: Vec<ClassView>,
    pub timeline: Vec<EventView>,
    /// What the caller may do now.
    pub actions: Vec<ProjectAction>,
    pub can_edit: bool,
    /// The approving bureau may expand or cancel classes (once approved).
    pub manages_classes: bool,
    /// The institution running it may draw lots for an oversubscribed class.
    pub runs: bool,
}

/// What the declaration form offers the caller.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectChoices {
    pub years: Vec<i32>,
    pub current_year: Option<i32>,
    /// Regions the caller may target: (code, name), the widest first.
    pub regions: Vec<(String, String)>,
    /// Institutions a bureau may name (empty for an institution, which declares for itself).
    pub institutions: Vec<(i64, String)>,
    pub is_bureau: bool,
    /// The organiser to prefill: the caller's institution or bureau.
    pub organiser: String,
}

/// An uploaded plan document, before the project form is saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadedPlan {
    pub file_id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearView {
    pub year: i32,
    pub round1: String,
    pub round2: String,
    pub current: bool,
    pub draft: YearDraft,
    /// The round open today, if any (shown as 一轮报名进行中 / 未开放).
    pub open_now: Option<crate::domain::training_year::Round>,
}

/// The outcome of a batch action: how many succeeded and why each failure failed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchOutcome {
    pub done: u64,
    pub failed: Vec<(String, String)>,
}
