//! The credit ledger as teachers and certifiers see it.

use crate::domain::credits::CreditTable;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleChoice {
    pub id: i64,
    /// "十五五（2026–2030）".
    pub label: String,
}

/// One line of the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryRow {
    pub id: i64,
    pub teacher_name: String,
    pub school_name: String,
    pub year: i32,
    pub category: String,
    pub title: String,
    /// "2.5".
    pub credits: String,
    pub hours: i32,
    /// "培训项目" or "个人申报".
    pub source: String,
    /// "长安区第一小学（校级）".
    pub certifier: String,
    pub status: crate::domain::credit_entry::CreditStatus,
    pub reason: Option<String>,
    pub created_at: String,
}

/// 我的学分: the cycles, the chosen one's table, and its ledger lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyCredits {
    pub cycles: Vec<CycleChoice>,
    pub cycle_id: i64,
    pub table: CreditTable,
    pub entries: Vec<EntryRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditDecision {
    pub ids: Vec<i64>,
    pub approve: bool,
    pub reason: String,
}

/// A cycle in the province's list, as its form holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleRow {
    pub id: i64,
    pub draft: crate::domain::cycle_form::CycleDraft,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleInput {
    /// `None` adds a cycle.
    pub id: Option<i64>,
    pub draft: crate::domain::cycle_form::CycleDraft,
}

/// The shortfall list's filter (学分预警).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ShortfallFilter {
    pub cycle_id: Option<i64>,
    /// `ShortKind::key`: "any", "year" or "cycle".
    pub kind: String,
    /// A name, or the last digits of an ID number.
    pub keyword: String,
    /// A region below the admin's own ("" for all of it).
    pub region: String,
    /// A school of the admin's region (学分统计's row opens the list of one school).
    #[serde(default)]
    pub school_id: Option<i64>,
    pub page: u64,
    pub page_size: u64,
}

/// One teacher short of credits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShortfallRow {
    pub teacher_id: i64,
    pub name: String,
    pub id_masked: String,
    pub school_name: String,
    pub county_name: String,
    /// "3.5/16".
    pub year: String,
    pub cycle: String,
    pub tags: Vec<crate::domain::shortfall::Shortfall>,
    /// What is still missing, as the teacher's own 我的学分 says it.
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShortfallPage {
    pub cycles: Vec<CycleChoice>,
    pub cycle_id: i64,
    /// The year "this year" means in the list.
    pub year: i32,
    /// In-post teachers in scope, for "N of M".
    pub teachers: u64,
    pub page: crate::dto::Page<ShortfallRow>,
}

/// `?cycle_id=…` of a download that concerns one cycle (by default the current one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CycleQuery {
    pub cycle_id: Option<i64>,
}
