//! Teacher records as admins see them: the list, the detail page with its history, and the
//! inputs of edit, add and transfer.

use crate::domain::teacher::TeacherFields;
use crate::dto::ids::TeacherId;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TeacherFilter {
    /// Name, full ID number or its last digits, 师训号 or phone.
    pub keyword: String,
    /// A county inside the caller's region; empty for the whole scope.
    pub county_code: String,
    /// 0 for every school in scope.
    pub school_id: i64,
    pub stage: String,
    pub subject: String,
    pub title: String,
    pub status: String,
    /// "", "1" (yes) or "0" (no).
    pub special_post: String,
    pub publicly_funded: String,
    /// "never": only accounts that have never logged in (their initial password unused).
    pub account: String,
    /// "name", "hire_date", "training_number", "updated" (newest first); default by 师训号.
    pub sort: String,
    pub page: u64,
    pub page_size: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeacherRow {
    pub id: TeacherId,
    pub user_id: i64,
    pub name: String,
    pub gender: String,
    /// Masked: region prefix and last 2 characters.
    pub id_number: String,
    pub training_number: String,
    pub school_name: String,
    pub county_name: String,
    pub stage: String,
    pub subject: String,
    pub title: String,
    pub status: crate::domain::teacher::TeacherStatus,
    pub special_post: bool,
    pub publicly_funded: bool,
    /// Masked.
    pub phone: String,
    pub disabled: bool,
    /// The account has never logged in (its initial password not yet used).
    pub never_logged_in: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// Beijing time, "2026-11-25 09:30".
    pub at: String,
    pub actor_name: String,
    /// "create", "edit", "move", "status", "import".
    pub kind: String,
    pub summary: String,
    /// (field label, before, after)
    pub changes: Vec<(String, String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeacherDetail {
    pub id: TeacherId,
    pub user_id: i64,
    /// The record; `fields.id_number` is masked (reveal it with `reveal_id_number`).
    pub fields: TeacherFields,
    pub gender: String,
    /// 出生年月 ("1995-03"); the day stays with the full ID number.
    pub birth_date: String,
    pub training_number: String,
    pub region_name: String,
    pub county_code: String,
    pub school_id: Option<i64>,
    pub school_name: String,
    pub school_area_type: String,
    pub school_category: String,
    pub status: crate::domain::teacher::TeacherStatus,
    pub disabled: bool,
    /// The field keys the viewer may change.
    pub editable: Vec<String>,
    pub history: Vec<HistoryEntry>,
}

/// A new record (增加), created in `school_id` with an account on the initial password.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewTeacherInput {
    pub school_id: i64,
    pub fields: TeacherFields,
}

/// Moves a record: to a school, or with `to_school_id` 0 to its county's free pool.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MoveInput {
    pub teacher_id: TeacherId,
    pub to_school_id: i64,
    pub reason: String,
    /// The full ID number, typed again: needed to take a record the actor does not keep.
    #[serde(default)]
    pub id_number: String,
}

/// What 调入 shows before taking a record found by its full ID number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferCandidate {
    pub teacher_id: TeacherId,
    pub name: String,
    pub id_number: String,
    pub region_name: String,
    pub school_name: String,
    pub status: crate::domain::teacher::TeacherStatus,
}
