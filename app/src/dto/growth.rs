//! The growth records and yearly results as the browser sees them.

use crate::domain::growth::GrowthKind;
use crate::domain::staff_assessment::AssessmentKind;
use crate::dto::directive::ListRowIssue;
use serde::{Deserialize, Serialize};

/// An honour or an achievement as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrowthView {
    pub id: i64,
    pub kind: GrowthKind,
    pub year: i32,
    pub level: String,
    pub title: String,
    pub issuer: String,
    pub category: String,
    pub authors: String,
    pub publisher_level: String,
    pub publisher: String,
    pub reference: String,
    /// The attachment's name, when there is one (downloaded from /api/files/growth/<id>).
    pub file_name: Option<String>,
    /// "2026-12-03 郑老师": who entered it and when.
    pub entered: String,
}

/// A yearly result on the teacher's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentView {
    pub kind: AssessmentKind,
    pub year: i32,
    pub result: String,
    pub note: String,
    /// "2026-12-03 长安区（县级）".
    pub recorded: String,
}

/// 成长档案: the teacher's honours, achievements and yearly results, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyGrowth {
    pub honours: Vec<GrowthView>,
    pub achievements: Vec<GrowthView>,
    pub assessments: Vec<AssessmentView>,
}

/// An attachment stored for a new entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadedAttachment {
    pub file_id: i64,
    pub name: String,
}

/// One teacher's result in the admin's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentRow {
    pub teacher_name: String,
    pub id_masked: String,
    pub school_name: String,
    pub year: i32,
    pub result: String,
    pub note: String,
    pub recorded: String,
}

/// The 考核结果 list's filter (its address): a year (this year when none) and a page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AssessmentFilter {
    pub year: Option<i32>,
    pub page: u64,
}

/// 考核结果 for a county (师德考核) or a school (年度考核): one year's results, paged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessmentList {
    pub kind: AssessmentKind,
    pub year: i32,
    /// In-post teachers of the scope, for "N of M recorded".
    pub teachers: u64,
    pub page: crate::dto::Page<AssessmentRow>,
}

/// What an imported sheet did: rows read, rows saved, and each row not saved with why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentImport {
    pub rows: u32,
    pub saved: u32,
    pub rejected: Vec<ListRowIssue>,
}
