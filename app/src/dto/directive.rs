//! The directive chain (指令性项目) as the bureaus and institutions work it: quotas per county,
//! the county's picks and imports, the province's placement in classes, the opening notice.

use crate::dto::teacher_import::CellIssue;
use serde::{Deserialize, Serialize};

/// A directive project the caller takes part in, for the picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectiveChoice {
    pub id: i64,
    pub name: String,
    pub year: i32,
}

/// One county's quota and how far its participants have come.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaRow {
    pub county_code: String,
    /// "石家庄市 长安区".
    pub county_name: String,
    pub quota: u32,
    /// Live participants (picked, submitted, passed on, placed, enrolled).
    pub used: u32,
    /// Still with the county (picked, or returned by the city).
    pub with_county: u32,
    pub enrolled: u32,
}

/// A class the province may place participants in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacementClass {
    pub id: i64,
    pub name: String,
    pub dates: String,
    pub place: String,
    pub seats: i32,
    pub taken: i32,
    /// The institution running it; `None` until the province names one.
    pub institution: Option<(i64, String)>,
    /// When the institution published the opening notice.
    pub notice_published_at: Option<String>,
    pub notice: Option<String>,
}

/// Which project and which participants the directive page asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DirectiveQuery {
    /// `None`: the newest project the caller takes part in.
    pub project_id: Option<i64>,
    /// An `EnrolmentStatus` name, or "all"; "" for what waits for the caller.
    pub status: String,
    pub page: u64,
}

/// The directive page for one project, as the caller's role sees it: one answer, so the page
/// loads in one round trip.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DirectiveView {
    /// Every directive project the caller takes part in, for the picker.
    pub choices: Vec<DirectiveChoice>,
    pub participants: crate::dto::Page<crate::dto::enrolments::EnrolmentRow>,
    pub id: i64,
    pub name: String,
    pub year: i32,
    pub level: String,
    pub hours: i32,
    /// Quotas of the counties in the caller's scope.
    pub quotas: Vec<QuotaRow>,
    /// The bureau that made the project sets the quotas.
    pub sets_quotas: bool,
    pub classes: Vec<PlacementClass>,
    /// Institutions the province may place a class with.
    pub institutions: Vec<(i64, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaInput {
    pub project_id: i64,
    /// (county code, quota).
    pub quotas: Vec<(String, u32)>,
}

/// A teacher of the county the admin may pick.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub teacher_id: i64,
    pub name: String,
    /// Masked.
    pub id_number: String,
    pub school_name: String,
    pub stage: String,
    pub subject: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NominateInput {
    pub project_id: i64,
    pub teacher_ids: Vec<i64>,
}

/// A row of an imported participant list that was not taken, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListRowIssue {
    /// As the spreadsheet numbers it (the header is row 1).
    pub line: u32,
    pub name: String,
    pub issues: Vec<CellIssue>,
}

/// What an imported participant list did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListImport {
    pub rows: u32,
    pub added: u32,
    pub rejected: Vec<ListRowIssue>,
    /// Set when nothing was added as a whole (the valid rows did not fit the quota).
    pub refused: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignInput {
    pub ids: Vec<i64>,
    pub class_id: i64,
    /// The institution to run the class, when it has none yet.
    pub institution_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeInput {
    pub class_id: i64,
    pub notice: String,
}
