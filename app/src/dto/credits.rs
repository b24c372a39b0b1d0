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
    /// "pending", "approved" or "rejected".
    pub status: String,
    pub reason: Option<String>,
    pub created_at: String,
}

impl EntryRow {
    pub fn status_label(&self) -> &'static str {
        match self.status.as_str() {
            "approved" => "已认定",
            "rejected" => "未认定",
            _ => "待审核",
        }
    }

    pub fn status_tone(&self) -> &'static str {
        match self.status.as_str() {
            "approved" => "green",
            "rejected" => "red",
            _ => "orange",
        }
    }
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
